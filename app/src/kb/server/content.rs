//! An article's content, typed. Articles, drafts and versions keep these
//! fields in columns of the same names, the lists as JSON text; this is
//! the one place that converts between the two.

use serde_json::{Map, Value};
use sqlx::{FromRow, Row, any::AnyRow};

use crate::{
    cases::CaseType,
    infra::{
        db::AnyQuery,
        stored::{decode_column, to_json},
    },
    kb::{Audience, ProductVersions, Restriction},
};

/// Who may read an article and what it is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleMeta {
    pub audience: Audience,
    pub restricted_to: Restriction,
    pub products: Vec<ProductVersions>,
    pub tags: Vec<String>,
    pub case_types: Vec<CaseType>,
}

/// What a writer edits, or a Markdown file gives.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromRow)]
pub struct ArticleContent {
    pub title: String,
    pub summary: String,
    pub category: String,
    #[sqlx(flatten)]
    pub meta: ArticleMeta,
    pub body_markdown: String,
}

/// The tables whose rows hold these columns, as a damaged row's log names them.
const TABLES: &str = "articles, article_drafts or article_versions";

/// The list columns as they are stored.
pub(super) struct MetaText {
    pub products: String,
    pub tags: String,
    pub case_types: String,
}

impl ArticleMeta {
    /// The stored JSON of the lists.
    pub(super) fn to_text(&self) -> MetaText {
        MetaText {
            products: to_json(&self.products),
            tags: to_json(&self.tags),
            case_types: to_json(&self.case_types),
        }
    }
}

impl<'r> FromRow<'r, AnyRow> for ArticleMeta {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let text = |column: &str| row.try_get::<String, _>(column);
        Ok(Self {
            audience: row.try_get("audience")?,
            restricted_to: row.try_get("restricted_to")?,
            products: decode_column(TABLES, "products", &text("products")?),
            tags: decode_column(TABLES, "tags", &text("tags")?),
            case_types: decode_column(TABLES, "case_types", &text("case_types")?),
        })
    }
}

impl ArticleContent {
    /// The columns `ArticleContent` reads and `bind` fills, in this order.
    pub const COLUMNS: &'static str = "title, summary, category, audience, restricted_to, products, tags, case_types, body_markdown";

    /// Binds the nine values of `COLUMNS`, in its order.
    pub fn bind<'q>(&'q self, query: AnyQuery<'q>) -> AnyQuery<'q> {
        let text = self.meta.to_text();
        query
            .bind(&self.title)
            .bind(&self.summary)
            .bind(&self.category)
            .bind(self.meta.audience)
            .bind(self.meta.restricted_to.clone())
            .bind(text.products)
            .bind(text.tags)
            .bind(text.case_types)
            .bind(&self.body_markdown)
    }
}

/// The front matter fields Selfdesk does not read, kept for the export.
pub type ExtraFields = Map<String, Value>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::db::test_database;

    fn content() -> ArticleContent {
        ArticleContent {
            title: "Rotate the certificate".into(),
            summary: "Before it expires.".into(),
            category: "Gateway".into(),
            meta: ArticleMeta {
                audience: Audience::Customers,
                restricted_to: Restriction { plans: vec!["premier".into()], organisations: vec![] },
                products: vec![ProductVersions {
                    name: "Kestrel Gateway".into(),
                    versions: vec!["9".into()],
                }],
                tags: vec!["tls".into()],
                case_types: vec![CaseType::Question, CaseType::ProductError],
            },
            body_markdown: "Open **Settings**.\n".into(),
        }
    }

    #[tokio::test]
    async fn content_is_read_back_as_it_was_bound() {
        let dir = tempfile::tempdir().expect("temp");
        let db = test_database(dir.path()).await;
        let written = content();
        let sql = format!(
            "INSERT INTO article_versions (slug, number, {}, created_at) \
             VALUES ('rotate', 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, 0)",
            ArticleContent::COLUMNS
        );
        written.bind(sqlx::query(&sql)).execute(db.pool()).await.expect("insert");
        let columns: (String, String, String) = sqlx::query_as(
            "SELECT audience, products, case_types FROM article_versions WHERE slug = 'rotate'",
        )
        .fetch_one(db.pool())
        .await
        .expect("columns");
        assert_eq!(
            columns,
            (
                "customers".into(),
                r#"[{"name":"Kestrel Gateway","versions":["9"]}]"#.into(),
                r#"["question","product_error"]"#.into()
            )
        );
        let read: ArticleContent = sqlx::query_as(&format!(
            "SELECT {} FROM article_versions WHERE slug = 'rotate'",
            ArticleContent::COLUMNS
        ))
        .fetch_one(db.pool())
        .await
        .expect("read");
        assert_eq!(read, written);
    }

    #[tokio::test]
    async fn a_damaged_list_reads_as_empty_and_a_damaged_restriction_as_nobody() {
        let dir = tempfile::tempdir().expect("temp");
        let db = test_database(dir.path()).await;
        sqlx::query(
            "INSERT INTO article_versions (slug, number, title, summary, category, audience, restricted_to, \
             products, tags, case_types, body_markdown, created_at) \
             VALUES ('x', 1, 'X', '', '', 'customers', '{plans', '[{', '[\"a\"]', '[\"complaint\"]', '', 0)",
        )
        .execute(db.pool())
        .await
        .expect("insert");
        let read: ArticleContent = sqlx::query_as(&format!(
            "SELECT {} FROM article_versions WHERE slug = 'x'",
            ArticleContent::COLUMNS
        ))
        .fetch_one(db.pool())
        .await
        .expect("a damaged row still reads");
        assert!(read.meta.products.is_empty());
        assert!(read.meta.case_types.is_empty(), "an unknown case type is not passed along");
        assert_eq!(read.meta.tags, ["a"]);
        assert!(!read.meta.restricted_to.is_empty(), "a damaged restriction never widens");
    }
}

//! Article records.

use sha2::{Digest, Sha256};
use sqlx::{FromRow, Row};

use crate::{
    infra::{
        db::{AnyQuery, Db},
        error::ServerError,
        stored::{decode_column, to_json},
    },
    kb::{
        Article, ArticleCard, ArticleStatus, Audience, Restriction, TocEntry,
        server::{
            content::{ArticleContent, ArticleMeta, ExtraFields},
            readers::Reader,
        },
    },
    markdown::ArticleLink,
};

/// Everything stored for an article, as an import or a publish writes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleRecord {
    pub slug: String,
    pub content: ArticleContent,
    pub extra: ExtraFields,
    pub body_html: String,
    pub toc: Vec<TocEntry>,
    pub headings: String,
    pub body_text: String,
    pub source_path: String,
    /// The article's own date; 0 when it gives none (saving then records
    /// when its content last changed).
    pub updated_at: i64,
    pub links: Vec<ArticleLink>,
}

/// The record as its columns store it, lists as JSON text, in the order
/// the record's fields were first stored: the content hash is taken of
/// this form, so that a stored hash stays the hash of unchanged content.
#[derive(serde::Serialize)]
struct HashedForm<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    category: &'a str,
    audience: &'static str,
    /// Left out when empty, as before restrictions existed.
    #[serde(skip_serializing_if = "String::is_empty")]
    restricted_to: String,
    products: String,
    tags: String,
    case_types: String,
    extra: String,
    body_markdown: &'a str,
    body_html: &'a str,
    toc: String,
    headings: &'a str,
    body_text: &'a str,
    source_path: &'a str,
    updated_at: i64,
    links: &'a [ArticleLink],
}

impl ArticleRecord {
    /// A digest of everything stored: equal digests mean nothing changed.
    pub fn content_hash(&self) -> String {
        let content = &self.content;
        let text = content.meta.to_text();
        let form = HashedForm {
            slug: &self.slug,
            title: &content.title,
            summary: &content.summary,
            category: &content.category,
            audience: content.meta.audience.as_str(),
            restricted_to: content.meta.restricted_to.to_column(),
            products: text.products,
            tags: text.tags,
            case_types: text.case_types,
            extra: to_json(&self.extra),
            body_markdown: &content.body_markdown,
            body_html: &self.body_html,
            toc: to_json(&self.toc),
            headings: &self.headings,
            body_text: &self.body_text,
            source_path: &self.source_path,
            updated_at: self.updated_at,
            links: &self.links,
        };
        let bytes = serde_json::to_vec(&form).unwrap_or_default();
        Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Inserted,
    Updated,
    Unchanged,
}

/// Takes the next knowledge-base revision for the changes of this
/// transaction. Call it first: the counter's row stays locked until the
/// transaction ends, which orders revisions as commits.
pub async fn next_revision(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<i64, ServerError> {
    Ok(sqlx::query_scalar(
        "UPDATE kb_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision",
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Inserts or updates the article with this slug, in the caller's
/// transaction, under the transaction's revision.
pub async fn save(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now_ms: i64,
    revision: i64,
    record: &ArticleRecord,
) -> Result<Saved, ServerError> {
    let existing: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, content_hash, updated_at FROM articles WHERE slug = $1")
            .bind(&record.slug)
            .fetch_optional(&mut **tx)
            .await?;
    // An article without a date of its own keeps the one it was given
    // first, so the date an export writes out imports as no change.
    let updated_at = match (record.updated_at, &existing) {
        (0, Some((_, _, stored))) => *stored,
        (0, None) => now_ms,
        (given, _) => given,
    };
    let hash = ArticleRecord { updated_at, ..record.clone() }.content_hash();
    let (id, saved) = match existing {
        Some((_, existing_hash, _)) if existing_hash == hash => return Ok(Saved::Unchanged),
        Some((id, _, _)) => {
            let update = sqlx::query(
                "UPDATE articles SET title = $1, summary = $2, category = $3, audience = $4, restricted_to = $5, \
                 products = $6, tags = $7, case_types = $8, body_markdown = $9, extra = $10, body_html = $11, toc = $12, \
                 headings = $13, body_text = $14, source_path = $15, content_hash = $16, updated_at = $17, \
                 changed_at = $18, revision = $19, status = 'published' WHERE id = $20",
            );
            bind_content(update, record, &hash, updated_at)
                .bind(now_ms)
                .bind(revision)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM article_links WHERE article_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            (id, Saved::Updated)
        }
        None => {
            let insert = sqlx::query(
                "INSERT INTO articles (slug, title, summary, category, audience, restricted_to, products, tags, \
                 case_types, body_markdown, extra, body_html, toc, headings, body_text, source_path, content_hash, \
                 updated_at, created_at, changed_at, revision) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20) \
                 RETURNING id",
            )
            .bind(&record.slug);
            let row = bind_content(insert, record, &hash, updated_at)
                .bind(now_ms)
                .bind(revision)
                .fetch_one(&mut **tx)
                .await?;
            (row.try_get::<i64, _>(0)?, Saved::Inserted)
        }
    };
    super::media_access::record(tx, id, &record.body_html).await?;
    for link in &record.links {
        sqlx::query(
            "INSERT INTO article_links (article_id, target_slug, link_text) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(&link.slug)
        .bind(&link.text)
        .execute(&mut **tx)
        .await?;
    }
    Ok(saved)
}

/// Binds what both the insert and the update store, in the order both list
/// it: the content's columns, extra to source_path, then content_hash and
/// updated_at.
fn bind_content<'q>(
    query: AnyQuery<'q>,
    record: &'q ArticleRecord,
    hash: &'q str,
    updated_at: i64,
) -> AnyQuery<'q> {
    record
        .content
        .bind(query)
        .bind(to_json(&record.extra))
        .bind(&record.body_html)
        .bind(to_json(&record.toc))
        .bind(&record.headings)
        .bind(&record.body_text)
        .bind(&record.source_path)
        .bind(hash)
        .bind(updated_at)
}

#[derive(Clone, Debug, FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    #[sqlx(flatten)]
    pub meta: ArticleMeta,
    pub body_html: String,
    pub toc: String,
    pub updated_at: i64,
}

impl ArticleRow {
    pub fn into_article(self, related: Vec<ArticleCard>) -> Article {
        let ArticleMeta { audience, restricted_to, products, tags, case_types } = self.meta;
        Article {
            audience,
            restricted_to,
            products,
            tags,
            case_types,
            toc: decode_column("articles", "toc", &self.toc),
            slug: self.slug,
            title: self.title,
            summary: self.summary,
            category: self.category,
            updated_at: self.updated_at,
            html: self.body_html,
            related,
        }
    }
}

/// A published article by slug.
pub async fn published(db: &Db, slug: &str) -> Result<Option<ArticleRow>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, summary, category, audience, restricted_to, products, tags, case_types, body_html, toc, \
         updated_at FROM articles WHERE slug = $1 AND status = 'published'",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?)
}

/// slug, title, summary, audience, restriction.
type CardRow = (String, String, String, Audience, Restriction);

/// Up to `limit` articles related to this one that the reader may see: those
/// it links to and those linking to it first, then others of its category.
pub async fn related(
    db: &Db,
    article: &ArticleRow,
    reader: &Reader,
    limit: usize,
) -> Result<Vec<ArticleCard>, ServerError> {
    let rows: Vec<CardRow> = sqlx::query_as(
        "SELECT a.slug, a.title, a.summary, a.audience, a.restricted_to FROM articles a WHERE a.status = 'published' AND a.id <> $1 AND ( \
           a.slug IN (SELECT target_slug FROM article_links WHERE article_id = $1) \
           OR a.id IN (SELECT article_id FROM article_links WHERE target_slug = $2)) \
         ORDER BY a.title LIMIT 50",
    )
    .bind(article.id)
    .bind(&article.slug)
    .fetch_all(db.pool())
    .await?;
    let mut cards: Vec<ArticleCard> = Vec::new();
    let add = |rows: Vec<CardRow>, cards: &mut Vec<ArticleCard>| {
        for (slug, title, summary, audience, restricted_to) in rows {
            let allowed = reader.sees(audience, &restricted_to);
            if allowed && cards.len() < limit && !cards.iter().any(|c| c.slug == slug) {
                cards.push(ArticleCard { slug, title, summary });
            }
        }
    };
    add(rows, &mut cards);
    if cards.len() < limit && !article.category.is_empty() {
        let same_category: Vec<CardRow> = sqlx::query_as(
            "SELECT slug, title, summary, audience, restricted_to FROM articles \
             WHERE status = 'published' AND category = $1 AND id <> $2 ORDER BY updated_at DESC, id LIMIT 20",
        )
        .bind(&article.category)
        .bind(article.id)
        .fetch_all(db.pool())
        .await?;
        add(same_category, &mut cards);
    }
    Ok(cards)
}

/// What the search index needs of an article.
#[derive(Clone, Debug, FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    #[sqlx(flatten)]
    pub meta: ArticleMeta,
    pub status: ArticleStatus,
    pub headings: String,
    pub body_text: String,
    pub updated_at: i64,
    pub revision: i64,
}

/// Up to `limit` articles changed after the change `(revision, id)`, in the
/// order they changed (revision, then id: one revision may span pages).
pub async fn changed_after(
    db: &Db,
    after: (i64, i64),
    limit: i64,
) -> Result<Vec<IndexRow>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, summary, category, audience, restricted_to, status, products, tags, case_types, headings, body_text, \
         updated_at, revision FROM articles WHERE revision > $1 OR (revision = $1 AND id > $2) \
         ORDER BY revision, id LIMIT $3",
    )
    .bind(after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// The latest revision handed out.
pub async fn current_revision(db: &Db) -> Result<i64, ServerError> {
    Ok(sqlx::query_scalar("SELECT revision FROM kb_revision WHERE id = 1")
        .fetch_one(db.pool())
        .await?)
}

/// The article's id, for feedback and click records.
pub async fn id_of(db: &Db, slug: &str) -> Result<Option<i64>, ServerError> {
    Ok(sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db.pool())
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{cases::CaseType, kb::ProductVersions};

    fn hex(bytes: impl AsRef<[u8]>) -> String {
        Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Stored hashes were taken of the record with its lists as text:
    /// the typed record hashes the same, so no article reads as changed.
    #[test]
    fn the_content_hash_is_taken_of_the_stored_text() {
        let mut record = ArticleRecord {
            slug: "queue".into(),
            content: ArticleContent {
                title: "Queue".into(),
                summary: "S".into(),
                category: "Mail".into(),
                meta: ArticleMeta {
                    audience: Audience::Customers,
                    restricted_to: Restriction::default(),
                    products: vec![ProductVersions {
                        name: "Mail".into(),
                        versions: vec!["5".into()],
                    }],
                    tags: vec!["smtp".into()],
                    case_types: vec![CaseType::ProductError],
                },
                body_markdown: "Body".into(),
            },
            extra: [("owner".to_owned(), "mail-team".into())].into_iter().collect(),
            body_html: "<p>Body</p>".into(),
            toc: vec![],
            headings: String::new(),
            body_text: "Body".into(),
            source_path: "queue.md".into(),
            updated_at: 7,
            links: vec![],
        };
        let stored = r#"{"slug":"queue","title":"Queue","summary":"S","category":"Mail","audience":"customers","products":"[{\"name\":\"Mail\",\"versions\":[\"5\"]}]","tags":"[\"smtp\"]","case_types":"[\"product_error\"]","extra":"{\"owner\":\"mail-team\"}","body_markdown":"Body","body_html":"<p>Body</p>","toc":"[]","headings":"","body_text":"Body","source_path":"queue.md","updated_at":7,"links":[]}"#;
        assert_eq!(record.content_hash(), hex(stored));

        record.content.meta.restricted_to.plans = vec!["premier".into()];
        let restricted = stored.replace(
            r#""audience":"customers","#,
            r#""audience":"customers","restricted_to":"{\"plans\":[\"premier\"]}","#,
        );
        assert_eq!(record.content_hash(), hex(restricted));
    }
}

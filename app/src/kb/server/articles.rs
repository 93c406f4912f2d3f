//! Article records.

use sha2::{Digest, Sha256};
use sqlx::{FromRow, Row};

use crate::{
    infra::{
        db::{AnyQuery, Db},
        error::ServerError,
        stored::decode_column,
    },
    kb::{Article, ArticleCard, Audience, Restriction, server::readers::Reader},
    markdown::ArticleLink,
};

/// Everything stored for an article, as an import or a publish writes it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ArticleRecord {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub audience: String,
    /// Empty for none; left out of the content hash when empty, so that
    /// articles stored before restrictions existed hash as they did.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub restricted_to: String,
    pub products: String,
    pub tags: String,
    pub case_types: String,
    pub extra: String,
    pub body_markdown: String,
    pub body_html: String,
    pub toc: String,
    pub headings: String,
    pub body_text: String,
    pub source_path: String,
    /// The article's own date; 0 when it gives none (saving then records
    /// when its content last changed).
    pub updated_at: i64,
    pub links: Vec<ArticleLink>,
}

impl ArticleRecord {
    /// A digest of everything stored: equal digests mean nothing changed.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
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
                 products = $6, tags = $7, case_types = $8, extra = $9, body_markdown = $10, body_html = $11, toc = $12, \
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
                 case_types, extra, body_markdown, body_html, toc, headings, body_text, source_path, content_hash, \
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
/// it: title to source_path, then content_hash and updated_at.
fn bind_content<'q>(
    query: AnyQuery<'q>,
    record: &'q ArticleRecord,
    hash: &'q str,
    updated_at: i64,
) -> AnyQuery<'q> {
    query
        .bind(&record.title)
        .bind(&record.summary)
        .bind(&record.category)
        .bind(&record.audience)
        .bind(&record.restricted_to)
        .bind(&record.products)
        .bind(&record.tags)
        .bind(&record.case_types)
        .bind(&record.extra)
        .bind(&record.body_markdown)
        .bind(&record.body_html)
        .bind(&record.toc)
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
    pub audience: Audience,
    pub restricted_to: String,
    pub products: String,
    pub tags: String,
    pub case_types: String,
    pub body_html: String,
    pub toc: String,
    pub updated_at: i64,
}

impl ArticleRow {
    pub fn restricted_to(&self) -> Restriction {
        Restriction::from_column(&self.restricted_to)
    }

    pub fn into_article(self, related: Vec<ArticleCard>) -> Article {
        Article {
            audience: self.audience,
            restricted_to: self.restricted_to(),
            products: decode_column("articles", "products", &self.products),
            tags: decode_column("articles", "tags", &self.tags),
            case_types: decode_column("articles", "case_types", &self.case_types),
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
type CardRow = (String, String, String, Audience, String);

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
            let allowed = reader.sees(audience, &Restriction::from_column(&restricted_to));
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
    pub audience: Audience,
    pub restricted_to: String,
    pub status: String,
    pub products: String,
    pub tags: String,
    pub case_types: String,
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

//! Immutable versions: one per publish or import, listed with who and
//! when, compared line by line, and restored as a new version.

use similar::{ChangeTag, TextDiff};
use sqlx::FromRow;

use super::{review, writer};
use crate::{
    auth::server::Viewer,
    error::AppError,
    ids::UserId,
    infra::error::ServerError,
    kb::{
        ArticleStatus,
        authoring::{Change, DiffLine, History, VersionDiff, VersionSummary},
        server::{articles::ArticleRecord, content::ArticleContent},
    },
    runtime::AppState,
};

use crate::infra::db::Tx;

/// Records what was just made public as the article's next version.
pub async fn record(
    tx: &mut Tx,
    record: &ArticleRecord,
    published_by: Option<UserId>,
    approved_by: Option<UserId>,
    note: &str,
    now: i64,
) -> Result<i64, ServerError> {
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM article_versions WHERE slug = $1",
    )
    .bind(&record.slug)
    .fetch_one(&mut **tx)
    .await?;
    let sql = format!(
        "INSERT INTO article_versions (slug, number, {}, note, published_by, approved_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        ArticleContent::COLUMNS
    );
    let insert = sqlx::query(&sql).bind(&record.slug).bind(number);
    record
        .content
        .bind(insert)
        .bind(note)
        .bind(published_by)
        .bind(approved_by)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(number)
}

#[derive(FromRow)]
struct SummaryRow {
    number: i64,
    title: String,
    note: String,
    published_by: Option<String>,
    approved_by: Option<String>,
    created_at: i64,
}

pub async fn history(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
) -> Result<History, ServerError> {
    writer(viewer)?;
    let article: Option<(String, ArticleStatus)> =
        sqlx::query_as("SELECT title, status FROM articles WHERE slug = $1")
            .bind(slug)
            .fetch_optional(state.db.pool())
            .await?;
    let (title, status) = article.ok_or_else(|| AppError::not_found("That article"))?;
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT v.number, v.title, v.note, p.name AS published_by, a.name AS approved_by, v.created_at \
         FROM article_versions v LEFT JOIN users p ON p.id = v.published_by \
         LEFT JOIN users a ON a.id = v.approved_by WHERE v.slug = $1 ORDER BY v.number DESC",
    )
    .bind(slug)
    .fetch_all(state.db.pool())
    .await?;
    let versions = rows
        .into_iter()
        .map(|row| VersionSummary {
            number: row.number,
            title: row.title,
            note: row.note,
            published_by: row.published_by,
            approved_by: row.approved_by,
            created_at: row.created_at,
        })
        .collect();
    Ok(History { slug: slug.to_owned(), title, status, versions })
}

async fn version(state: &AppState, slug: &str, number: i64) -> Result<ArticleContent, ServerError> {
    let stored: Option<ArticleContent> = sqlx::query_as(&format!(
        "SELECT {} FROM article_versions WHERE slug = $1 AND number = $2",
        ArticleContent::COLUMNS
    ))
    .bind(slug)
    .bind(number)
    .fetch_optional(state.db.pool())
    .await?;
    Ok(stored.ok_or_else(|| AppError::not_found(format!("Version {number} of that article")))?)
}

/// What changed from version `from` to version `to`.
pub async fn diff(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    from: i64,
    to: i64,
) -> Result<VersionDiff, ServerError> {
    writer(viewer)?;
    let (before, after) = (version(state, slug, from).await?, version(state, slug, to).await?);
    Ok(compare(from, &before, to, &after))
}

/// The fields that differ, then the text line by line.
pub fn compare(from: i64, before: &ArticleContent, to: i64, after: &ArticleContent) -> VersionDiff {
    let (old, new) = (before.to_fields(), after.to_fields());
    let pairs = [
        ("Title", &old.title, &new.title),
        ("Summary", &old.summary, &new.summary),
        ("Category", &old.category, &new.category),
        ("Audience", &old.audience, &new.audience),
        ("Plans", &old.plans, &new.plans),
        ("Organisations", &old.organisations, &new.organisations),
        ("Products", &old.products, &new.products),
        ("Tags", &old.tags, &new.tags),
        ("Case types", &old.case_types, &new.case_types),
    ];
    let fields = pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(name, a, b)| (name.to_owned(), a.clone(), b.clone()))
        .collect();
    let lines = TextDiff::from_lines(&before.body_markdown, &after.body_markdown)
        .iter_all_changes()
        .map(|change| DiffLine {
            change: match change.tag() {
                ChangeTag::Equal => Change::Same,
                ChangeTag::Insert => Change::Added,
                ChangeTag::Delete => Change::Removed,
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect();
    VersionDiff { from, to, fields, lines }
}

/// Publishes version `number`'s content again, as the newest version.
pub async fn restore(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    number: i64,
) -> Result<i64, ServerError> {
    let user = writer(viewer)?.clone();
    let stored = version(state, slug, number).await?;
    let note = format!("Restored from version {number}");
    review::publish(state, slug, &stored, Some(user.id), None, &note).await
}

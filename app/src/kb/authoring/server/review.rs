//! Review and publishing: a writer submits a draft, another writer (or an
//! admin) approves it — for now or for a set time — or sends it back with a
//! comment. Publishing renders the draft into the article, records an
//! immutable version and takes a knowledge-base revision, which the search
//! index follows within a second.

use super::{drafts, versions, writer};
use crate::{
    auth::server::Viewer,
    error::AppError,
    ids::UserId,
    infra::{error::ServerError, stored::decode_column},
    kb::{
        authoring::DraftState,
        server::{
            articles::{self, next_revision},
            content::{ArticleContent, ExtraFields},
        },
    },
    runtime::AppState,
};

/// What the reviewer decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Publish now, or at this instant (Unix ms) when it is later.
    Approve {
        publish_at: Option<i64>,
    },
    SendBack {
        comment: String,
    },
}

pub async fn submit(state: &AppState, viewer: &Viewer, slug: &str) -> Result<(), ServerError> {
    let user = writer(viewer)?.clone();
    let changed = sqlx::query(
        "UPDATE article_drafts SET state = 'in_review', submitted_by = $1, review_comment = '' \
         WHERE slug = $2 AND state = 'draft'",
    )
    .bind(user.id)
    .bind(slug)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if changed == 0 {
        drafts::find(state, slug).await?.ok_or_else(|| AppError::not_found("That draft"))?;
        return Err(AppError::Conflict("The draft is already in review.".into()).into());
    }
    Ok(())
}

/// Approves or sends back; returns the version published, if any.
pub async fn review(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    decision: Decision,
) -> Result<Option<i64>, ServerError> {
    let reviewer = writer(viewer)?.clone();
    let row = drafts::find(state, slug).await?.ok_or_else(|| AppError::not_found("That draft"))?;
    let current = row.state;
    match decision {
        Decision::SendBack { comment } => {
            if current == DraftState::Draft {
                return Err(AppError::Conflict("The draft is not in review.".into()).into());
            }
            let comment = comment.trim();
            if comment.is_empty() {
                return Err(AppError::bad_request("Say what needs changing.").into());
            }
            sqlx::query(
                "UPDATE article_drafts SET state = 'draft', review_comment = $1, publish_at = NULL, \
                 approved_by = NULL WHERE id = $2",
            )
            .bind(comment)
            .bind(row.id)
            .execute(state.db.pool())
            .await?;
            Ok(None)
        }
        Decision::Approve { publish_at } => {
            if current != DraftState::InReview {
                return Err(
                    AppError::Conflict("Only a draft in review can be approved.".into()).into()
                );
            }
            if row.submitted_by == Some(reviewer.id) {
                return Err(AppError::Conflict(
                    "Another writer or an admin reviews what you submitted.".into(),
                )
                .into());
            }
            let now = state.clock.now_ms();
            match publish_at.filter(|at| *at > now) {
                Some(at) => {
                    sqlx::query(
                        "UPDATE article_drafts SET state = 'scheduled', publish_at = $1, approved_by = $2 \
                         WHERE id = $3",
                    )
                    .bind(at)
                    .bind(reviewer.id)
                    .bind(row.id)
                    .execute(state.db.pool())
                    .await?;
                    Ok(None)
                }
                None => {
                    let by = row.submitted_by;
                    let version =
                        publish(state, slug, &row.content, by, Some(reviewer.id), "").await?;
                    Ok(Some(version))
                }
            }
        }
    }
}

/// Publishes the drafts approved for a time that has come (the
/// `publish_articles` job); returns how many.
pub async fn publish_scheduled(state: &AppState) -> Result<usize, ServerError> {
    let now = state.clock.now_ms();
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM article_drafts WHERE state = 'scheduled' AND publish_at <= $1 \
         ORDER BY publish_at LIMIT 100",
    )
    .bind(now)
    .fetch_all(state.db.pool())
    .await?;
    let mut published = 0;
    for slug in due {
        let Some(row) = drafts::find(state, &slug).await? else { continue };
        publish(state, &slug, &row.content, row.submitted_by, row.approved_by, "Scheduled").await?;
        published += 1;
    }
    Ok(published)
}

/// Makes `content` the article's public content in one transaction: the
/// article row, a new version, and the draft removed.
pub async fn publish(
    state: &AppState,
    slug: &str,
    content: &ArticleContent,
    published_by: Option<UserId>,
    approved_by: Option<UserId>,
    note: &str,
) -> Result<i64, ServerError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    let revision = next_revision(&mut tx).await?;
    let kept: Option<(String, String)> =
        sqlx::query_as("SELECT source_path, extra FROM articles WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
    // A new article's file is `SLUG.md`, where an export writes it.
    let (source_path, extra) = match kept {
        Some((path, extra)) => (path, decode_column("articles", "extra", &extra)),
        None => (format!("{slug}.md"), ExtraFields::new()),
    };
    let mut record = content.to_record(slug, source_path, extra);
    record.updated_at = now;
    articles::save(&mut tx, now, revision, &record).await?;
    // Content equal to an archived article's is saved as unchanged: publish it all the same.
    sqlx::query("UPDATE articles SET status = 'published', revision = $1 WHERE slug = $2 AND status <> 'published'")
        .bind(revision)
        .bind(slug)
        .execute(&mut *tx)
        .await?;
    let version = versions::record(&mut tx, &record, published_by, approved_by, note, now).await?;
    sqlx::query("DELETE FROM article_drafts WHERE slug = $1").bind(slug).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(version)
}

/// Takes a published article out of search and reading; restoring a
/// version publishes it again.
pub async fn archive(state: &AppState, viewer: &Viewer, slug: &str) -> Result<(), ServerError> {
    writer(viewer)?;
    let mut tx = state.db.pool().begin().await?;
    let revision = next_revision(&mut tx).await?;
    let changed = sqlx::query(
        "UPDATE articles SET status = 'archived', revision = $1, changed_at = $2 \
         WHERE slug = $3 AND status = 'published'",
    )
    .bind(revision)
    .bind(state.clock.now_ms())
    .bind(slug)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::not_found("A published article at that address").into());
    }
    tx.commit().await?;
    Ok(())
}

//! Publishes the articles approved for a later time once it has come. The
//! article takes a new knowledge-base revision, so the search index
//! follows within a second.

use crate::ssr::{AppState, error::ServerError, kb::articles::next_revision};

pub async fn run(state: &AppState) -> Result<usize, ServerError> {
    let now = state.clock.now_ms();
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM articles WHERE publish_at IS NOT NULL AND publish_at <= $1 \
         AND status IN ('draft', 'in_review') ORDER BY publish_at LIMIT 100",
    )
    .bind(now)
    .fetch_all(state.db.pool())
    .await?;
    let mut published = 0;
    for id in due {
        let mut tx = state.db.pool().begin().await?;
        let revision = next_revision(&mut tx).await?;
        let changed = sqlx::query(
            "UPDATE articles SET status = 'published', publish_at = NULL, revision = $1, changed_at = $2 \
             WHERE id = $3 AND publish_at <= $2 AND status IN ('draft', 'in_review')",
        )
        .bind(revision)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            tx.commit().await?;
            published += 1;
        }
    }
    Ok(published)
}

//! Housekeeping that pages also do on the way, done for the quiet corners:
//! expiry entries for organisations nobody looks at, uploads no case
//! took, and rate-limit events past every window.

use crate::{
    cases::server::uploads,
    entitlements::server::ledger::{self, settle_expiries},
    ids::OrganisationId,
    infra::{error::ServerError, rate_limit},
    runtime::AppState,
};

/// Records the expiry of every lot past its date; returns the number of
/// organisations that had lots to settle.
pub async fn expire_points(state: &AppState) -> Result<usize, ServerError> {
    let now = state.clock.now_ms();
    let organisations: Vec<OrganisationId> = sqlx::query_scalar(
        "SELECT DISTINCT organisation_id FROM (SELECT e.organisation_id FROM ledger_entries e \
         JOIN ledger_allocations a ON a.lot_id = e.id \
         WHERE e.expires_at IS NOT NULL AND e.expires_at <= $1 \
         GROUP BY e.id, e.organisation_id HAVING SUM(a.points) > 0) expired",
    )
    .bind(now)
    .fetch_all(state.db.pool())
    .await?;
    for organisation in &organisations {
        let mut tx = ledger::begin(&state.db, *organisation).await?;
        settle_expiries(&mut tx, *organisation, now).await?;
        tx.commit().await?;
    }
    Ok(organisations.len())
}

/// Removes every upload that waited longer than a day for a case (and the
/// rate-limit events no window counts any more).
pub async fn stale_uploads(state: &AppState) -> Result<usize, ServerError> {
    rate_limit::prune(&state.db, state.clock.now_ms()).await?;
    uploads::discard_stale(state, 1_000).await
}

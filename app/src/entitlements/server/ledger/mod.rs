//! The points ledger. Every change of an organisation's points is a new
//! entry (the tables refuse updates and deletes); grants open lots, and
//! allocations record which lots every entry took points from or gave them
//! to. The balance is the sum of the entries, and each entry stores the
//! balance after it, which may never go below zero.
//!
//! Changes to one organisation's points run one after the other: a ledger
//! transaction starts by bumping the organisation's `ledger_version`, which
//! makes any other such transaction wait for its commit (a row lock on
//! PostgreSQL, the write lock on SQLite). Reading the lots after that is
//! therefore reading what nobody else is spending.

mod corrections;
mod write;

pub use corrections::{MAX_ADJUSTMENT, adjust, refund_case, refund_case_in};
pub use write::{
    NewLot, Spend, charge_case, charge_case_in, ever_charged, grant, grant_in, settle_expiries,
};

use sqlx::{AnyConnection, FromRow};

use crate::{
    entitlements::{CaseCharge, LedgerEntry, LedgerKind, Lot},
    error::AppError,
    ids::OrganisationId,
    infra::{db::Db, error::ServerError},
};

pub use crate::infra::db::Tx;

/// Starts a ledger transaction for one organisation (see the module notes).
pub async fn begin(db: &Db, organisation_id: OrganisationId) -> Result<Tx, ServerError> {
    let mut tx = db.pool().begin().await?;
    lock(&mut tx, organisation_id).await?;
    Ok(tx)
}

/// Queues this transaction behind any other change of the organisation's
/// points; for callers that change more than the ledger in one transaction.
pub async fn lock(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
) -> Result<(), ServerError> {
    let locked =
        sqlx::query("UPDATE organisations SET ledger_version = ledger_version + 1 WHERE id = $1")
            .bind(organisation_id)
            .execute(&mut *conn)
            .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::not_found("The organisation").into());
    }
    Ok(())
}

/// The balance after the latest entry.
pub async fn balance(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
) -> Result<i64, ServerError> {
    let balance: Option<i64> = sqlx::query_scalar(
        "SELECT balance_after FROM ledger_entries WHERE organisation_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(organisation_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(balance.unwrap_or(0))
}

#[derive(FromRow)]
struct LotRow {
    id: i64,
    kind: String,
    reason: String,
    created_at: i64,
    expires_at: i64,
    granted: i64,
    remaining: i64,
}

/// Every lot with points left, expired or not, soonest to expire first.
pub async fn lots_with_points(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
) -> Result<Vec<Lot>, ServerError> {
    let rows: Vec<LotRow> = sqlx::query_as(
        "SELECT e.id, e.kind, e.reason, e.created_at, e.expires_at, \
         CAST(SUM(CASE WHEN a.entry_id = e.id THEN a.points ELSE 0 END) AS BIGINT) AS granted, \
         CAST(SUM(a.points) AS BIGINT) AS remaining \
         FROM ledger_entries e JOIN ledger_allocations a ON a.lot_id = e.id \
         WHERE e.organisation_id = $1 AND e.expires_at IS NOT NULL \
         GROUP BY e.id, e.kind, e.reason, e.created_at, e.expires_at \
         HAVING SUM(a.points) > 0 \
         ORDER BY e.expires_at, e.id",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Lot {
                id: row.id,
                kind: row.kind.parse()?,
                reason: row.reason,
                granted_at: row.created_at,
                expires_at: row.expires_at,
                granted: row.granted,
                remaining: row.remaining,
            })
        })
        .collect::<Result<_, AppError>>()
        .map_err(ServerError::from)
}

#[derive(FromRow)]
struct EntryRow {
    id: i64,
    kind: String,
    points: i64,
    balance_after: i64,
    created_at: i64,
    reason: String,
    case_reference: Option<String>,
    channel: Option<String>,
    expires_at: Option<i64>,
    actor: Option<String>,
}

/// The whole ledger of an organisation, oldest entry first.
pub async fn entries(
    db: &Db,
    organisation_id: OrganisationId,
) -> Result<Vec<LedgerEntry>, ServerError> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT e.id, e.kind, e.points, e.balance_after, e.created_at, e.reason, \
         e.case_reference, e.channel, e.expires_at, u.name AS actor \
         FROM ledger_entries e LEFT JOIN users u ON u.id = e.actor_user_id \
         WHERE e.organisation_id = $1 ORDER BY e.id",
    )
    .bind(organisation_id)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(LedgerEntry {
                id: row.id,
                kind: row.kind.parse()?,
                points: row.points,
                balance_after: row.balance_after,
                created_at: row.created_at,
                reason: row.reason,
                case_reference: row.case_reference,
                channel: row.channel.map(|c| c.parse()).transpose()?,
                expires_at: row.expires_at,
                actor: row.actor,
            })
        })
        .collect::<Result<_, AppError>>()
        .map_err(ServerError::from)
}

/// The cases that were charged, from the ledger's entries.
pub fn case_charges(entries: &[LedgerEntry]) -> Vec<CaseCharge> {
    let refunded = |reference: &str| {
        entries
            .iter()
            .any(|e| e.kind == LedgerKind::Refund && e.case_reference.as_deref() == Some(reference))
    };
    entries
        .iter()
        .filter(|e| e.kind == LedgerKind::Debit)
        .filter_map(|e| {
            let reference = e.case_reference.clone()?;
            Some(CaseCharge {
                entry_id: e.id,
                refunded: refunded(&reference),
                case_reference: reference,
                channel: e.channel,
                points: -e.points,
                charged_at: e.created_at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;

//! Corrections of the ledger: refunds of a case's charge, and manual
//! adjustments. Each runs inside a ledger transaction (see the module notes).

use super::{
    begin, settle_expiries,
    write::{LotRef, NewEntry, NewLot, append, grant, take_from_lots},
};
use sqlx::AnyConnection;

use crate::{
    entitlements::LedgerKind,
    error::AppError,
    ids::{OrganisationId, UserId},
    infra::{db::Db, error::ServerError},
};

/// Gives a case's points back (its cause was a product bug): each point
/// returns to the lot it came from, with that lot's expiry; points whose lot
/// has expired since come back as a new lot valid for `validity_ms`.
pub async fn refund_case(
    db: &Db,
    organisation_id: OrganisationId,
    now_ms: i64,
    case_reference: &str,
    validity_ms: i64,
    actor: Option<UserId>,
) -> Result<i64, ServerError> {
    let mut tx = begin(db, organisation_id).await?;
    let why = "product bug";
    let id =
        refund_case_in(&mut tx, organisation_id, now_ms, (case_reference, why), validity_ms, actor)
            .await?;
    tx.commit().await?;
    Ok(id)
}

/// [`refund_case`] inside the caller's transaction, which has taken the
/// organisation's ledger [`lock`](super::lock) first: resolving a case as a
/// product bug and giving its points back commit together.
pub async fn refund_case_in(
    tx: &mut AnyConnection,
    organisation_id: OrganisationId,
    now_ms: i64,
    (case_reference, why): (&str, &str),
    validity_ms: i64,
    actor: Option<UserId>,
) -> Result<i64, ServerError> {
    settle_expiries(tx, organisation_id, now_ms).await?;
    let debit: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM ledger_entries \
         WHERE organisation_id = $1 AND kind = 'debit' AND case_reference = $2",
    )
    .bind(organisation_id)
    .bind(case_reference)
    .fetch_optional(&mut *tx)
    .await?;
    let debit =
        debit.ok_or_else(|| AppError::not_found(format!("A charge for {case_reference}")))?;
    let refunded: Option<i64> =
        sqlx::query_scalar("SELECT id FROM ledger_entries WHERE refund_of = $1")
            .bind(debit)
            .fetch_optional(&mut *tx)
            .await?;
    if refunded.is_some() {
        return Err(
            AppError::Conflict(format!("{case_reference} has already been refunded.")).into()
        );
    }
    let taken: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT a.lot_id, -a.points, l.expires_at FROM ledger_allocations a \
         JOIN ledger_entries l ON l.id = a.lot_id WHERE a.entry_id = $1 ORDER BY a.lot_id",
    )
    .bind(debit)
    .fetch_all(&mut *tx)
    .await?;
    let mut allocations = Vec::new();
    let mut renewed = 0;
    for (lot_id, points, expires_at) in taken {
        if expires_at > now_ms {
            allocations.push((LotRef::Lot(lot_id), points));
        } else {
            renewed += points;
        }
    }
    allocations.push((LotRef::This, renewed));
    let total: i64 = allocations.iter().map(|(_, points)| points).sum();
    let reason = format!("{case_reference}: {why}, points given back");
    let mut entry = NewEntry::new(LedgerKind::Refund, total, &reason, actor);
    entry.case_reference = Some(case_reference);
    entry.refund_of = Some(debit);
    entry.expires_at = (renewed > 0).then_some(now_ms + validity_ms);
    append(tx, organisation_id, now_ms, entry, &allocations).await
}

/// The largest manual correction, either way: far above any plan, far
/// below where sums of points could overflow.
pub const MAX_ADJUSTMENT: i64 = 1_000_000;

/// A manual correction with its reason: added points open a lot valid for
/// `validity_ms`; removed points come from the lots soonest to expire.
pub async fn adjust(
    db: &Db,
    organisation_id: OrganisationId,
    now_ms: i64,
    points: i64,
    reason: &str,
    validity_ms: i64,
    actor: Option<UserId>,
) -> Result<i64, ServerError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::bad_request("Say why the points are adjusted.").into());
    }
    if points == 0 || points.unsigned_abs() > MAX_ADJUSTMENT.unsigned_abs() {
        return Err(AppError::bad_request(format!(
            "Adjust by a number of points between -{MAX_ADJUSTMENT} and {MAX_ADJUSTMENT}, not zero."
        ))
        .into());
    }
    if points > 0 {
        let lot = NewLot {
            kind: LedgerKind::Adjustment,
            points,
            expires_at: now_ms + validity_ms,
            reason,
            contract_number: None,
            actor,
        };
        return grant(db, organisation_id, now_ms, lot).await;
    }
    let mut tx = begin(db, organisation_id).await?;
    settle_expiries(&mut tx, organisation_id, now_ms).await?;
    let allocations = take_from_lots(&mut tx, organisation_id, now_ms, -points, |balance| {
        AppError::Conflict(format!(
            "Only {balance} points are left: the balance cannot go below zero."
        ))
    })
    .await?;
    let entry = NewEntry::new(LedgerKind::Adjustment, points, reason, actor);
    let id = append(&mut tx, organisation_id, now_ms, entry, &allocations).await?;
    tx.commit().await?;
    Ok(id)
}

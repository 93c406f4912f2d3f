//! Entries into the ledger: grants, case charges, refunds, adjustments and
//! expiries. Each runs inside a ledger transaction (see the module notes).

use sqlx::AnyConnection;

use super::{Tx, balance, begin, lock, lots_with_points};
use crate::{
    entitlements::{Channel, LedgerKind, check::Refusal},
    error::AppError,
    format,
    ids::{OrganisationId, UserId},
    infra::{db::Db, error::ServerError},
};

/// Where an allocation goes: the entry being written (it opens a lot) or an
/// earlier lot.
#[derive(Clone, Copy, Debug)]
pub(super) enum LotRef {
    This,
    Lot(i64),
}

pub(super) struct NewEntry<'a> {
    kind: LedgerKind,
    points: i64,
    pub expires_at: Option<i64>,
    pub case_reference: Option<&'a str>,
    channel: Option<Channel>,
    contract_number: Option<&'a str>,
    reason: &'a str,
    actor: Option<UserId>,
    pub refund_of: Option<i64>,
}

impl<'a> NewEntry<'a> {
    pub(super) fn new(
        kind: LedgerKind,
        points: i64,
        reason: &'a str,
        actor: Option<UserId>,
    ) -> Self {
        Self {
            kind,
            points,
            expires_at: None,
            case_reference: None,
            channel: None,
            contract_number: None,
            reason,
            actor,
            refund_of: None,
        }
    }
}

pub(super) async fn append(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
    now_ms: i64,
    entry: NewEntry<'_>,
    allocations: &[(LotRef, i64)],
) -> Result<i64, ServerError> {
    let balance_after = balance(conn, organisation_id)
        .await?
        .checked_add(entry.points)
        .ok_or_else(|| AppError::Conflict("That many points cannot be recorded.".into()))?;
    if balance_after < 0 {
        // Spending checks the lots first; this guards the invariant itself.
        return Err(AppError::Conflict("The balance cannot go below zero.".into()).into());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_entries (organisation_id, kind, points, balance_after, expires_at, \
         case_reference, channel, contract_number, reason, actor_user_id, refund_of, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(organisation_id)
    .bind(entry.kind.as_str())
    .bind(entry.points)
    .bind(balance_after)
    .bind(entry.expires_at)
    .bind(entry.case_reference)
    .bind(entry.channel.map(Channel::as_str))
    .bind(entry.contract_number)
    .bind(entry.reason)
    .bind(entry.actor)
    .bind(entry.refund_of)
    .bind(now_ms)
    .fetch_one(&mut *conn)
    .await?;
    for &(lot, points) in allocations.iter().filter(|(_, points)| *points != 0) {
        let lot_id = match lot {
            LotRef::This => id,
            LotRef::Lot(lot_id) => lot_id,
        };
        sqlx::query(
            "INSERT INTO ledger_allocations (entry_id, lot_id, points) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(lot_id)
        .bind(points)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Records the expiry of every lot past its date that still has points.
/// Idempotent: an expired lot has nothing left to expire the second time.
pub async fn settle_expiries(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
    now_ms: i64,
) -> Result<(), ServerError> {
    let expired = lots_with_points(conn, organisation_id).await?;
    for lot in expired.into_iter().filter(|lot| lot.expires_at <= now_ms) {
        let reason = format!(
            "{} points granted on {} expired on {}",
            lot.remaining,
            format::date(lot.granted_at),
            format::date(lot.expires_at)
        );
        let entry = NewEntry::new(LedgerKind::Expiry, -lot.remaining, &reason, None);
        append(conn, organisation_id, now_ms, entry, &[(LotRef::Lot(lot.id), -lot.remaining)])
            .await?;
    }
    Ok(())
}

/// Takes points from the lots soonest to expire, which are the oldest
/// when every lot lasts as long; refuses when the live lots hold too few.
pub(super) async fn take_from_lots(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
    now_ms: i64,
    points: i64,
    refusal: impl FnOnce(i64) -> AppError,
) -> Result<Vec<(LotRef, i64)>, ServerError> {
    let lots = lots_with_points(conn, organisation_id).await?;
    let live: Vec<_> = lots.into_iter().filter(|lot| lot.expires_at > now_ms).collect();
    let available: i64 = live.iter().map(|lot| lot.remaining).sum();
    if available < points {
        return Err(refusal(available).into());
    }
    let mut left = points;
    let mut allocations = Vec::new();
    for lot in live {
        if left == 0 {
            break;
        }
        let taken = left.min(lot.remaining);
        allocations.push((LotRef::Lot(lot.id), -taken));
        left -= taken;
    }
    Ok(allocations)
}

/// Points granted together: a plan's included points, a pack, or a
/// positive adjustment.
pub struct NewLot<'a> {
    pub kind: LedgerKind,
    pub points: i64,
    pub expires_at: i64,
    pub reason: &'a str,
    /// The contract whose plan included the points.
    pub contract_number: Option<&'a str>,
    pub actor: Option<UserId>,
}

/// Adds a lot of points. Returns the entry's id.
pub async fn grant(
    db: &Db,
    organisation_id: OrganisationId,
    now_ms: i64,
    lot: NewLot<'_>,
) -> Result<i64, ServerError> {
    let mut tx = begin(db, organisation_id).await?;
    let id = grant_in(&mut tx, organisation_id, now_ms, lot).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a lot inside the caller's transaction (a contract saved with its
/// included points commits both or neither).
pub async fn grant_in(
    tx: &mut Tx,
    organisation_id: OrganisationId,
    now_ms: i64,
    lot: NewLot<'_>,
) -> Result<i64, ServerError> {
    let NewLot { kind, points, expires_at, reason, contract_number, actor } = lot;
    if points <= 0 {
        return Err(AppError::bad_request("Grant a positive number of points.").into());
    }
    if expires_at <= now_ms {
        return Err(AppError::bad_request("Granted points must expire in the future.").into());
    }
    lock(tx, organisation_id).await?;
    settle_expiries(tx, organisation_id, now_ms).await?;
    let mut entry = NewEntry::new(kind, points, reason, actor);
    entry.expires_at = Some(expires_at);
    entry.contract_number = contract_number;
    append(tx, organisation_id, now_ms, entry, &[(LotRef::This, points)]).await
}

/// A case's charge: what it is for and who recorded it.
pub struct Spend<'a> {
    pub case_reference: &'a str,
    pub channel: Channel,
    pub points: i64,
    pub actor: Option<UserId>,
    /// Taken after the engineer's assessment, when the customer said go
    /// ahead, rather than at filing.
    pub after_assessment: bool,
}

/// Charges a case in its own ledger transaction.
pub async fn charge_case(
    db: &Db,
    organisation_id: OrganisationId,
    now_ms: i64,
    spend: Spend<'_>,
) -> Result<i64, ServerError> {
    let mut tx = begin(db, organisation_id).await?;
    let id = charge_case_in(&mut tx, organisation_id, now_ms, spend).await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether the case was ever charged (given back or not): a case is
/// charged once at most.
pub async fn ever_charged(tx: &mut Tx, case_reference: &str) -> Result<bool, ServerError> {
    let charged: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM ledger_entries WHERE kind = 'debit' AND case_reference = $1",
    )
    .bind(case_reference)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(charged.is_some())
}

/// Charges a case inside the caller's transaction (which files the case in
/// the same commit): locks the organisation's ledger, settles expiries and
/// takes the points, or refuses when there are too few.
pub async fn charge_case_in(
    tx: &mut Tx,
    organisation_id: OrganisationId,
    now_ms: i64,
    spend: Spend<'_>,
) -> Result<i64, ServerError> {
    lock(tx, organisation_id).await?;
    if ever_charged(tx, spend.case_reference).await? {
        return Err(AppError::Conflict(format!(
            "{} has already been charged.",
            spend.case_reference
        ))
        .into());
    }
    settle_expiries(tx, organisation_id, now_ms).await?;
    let cost = spend.points;
    let allocations = take_from_lots(tx, organisation_id, now_ms, cost, |balance| {
        AppError::Conflict(Refusal::NotEnoughPoints { cost, balance }.to_string())
    })
    .await?;
    let reason = match spend.after_assessment {
        true => format!("{} charged after the assessment", spend.case_reference),
        false => format!("{} opened ({})", spend.case_reference, spend.channel.label()),
    };
    let mut entry = NewEntry::new(LedgerKind::Debit, -spend.points, &reason, spend.actor);
    entry.case_reference = Some(spend.case_reference);
    entry.channel = Some(spend.channel);
    append(tx, organisation_id, now_ms, entry, &allocations).await
}

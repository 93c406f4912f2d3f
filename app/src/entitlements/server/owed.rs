//! Billable hours and disputed charges on the ledger: account holders see
//! the hours beside the points and dispute a case's charge; staff answer,
//! upholding it (saying why) or giving the points back. Each step notifies
//! the other side.

use sqlx::FromRow;

use super::ledger;
use crate::{
    auth::server::{Action, Viewer, authorize},
    cases::charges::HourlyRate,
    entitlements::owed::{BillableEntry, BillableTime, Dispute, DisputeAnswer, DisputeVerdict},
    error::AppError,
    ids::{OrganisationId, UserId},
    infra::{db::Db, error::ServerError},
    notifications::server::{Notice, write},
    runtime::AppState,
};

#[derive(FromRow)]
struct TimeRow {
    case_reference: String,
    subject: String,
    started_at: i64,
    minutes: i64,
    engineer: String,
    note: String,
    hourly_rate: i64,
    rate_currency: String,
}

/// The billable time of the cases whose entitlement is the organisation's,
/// oldest first, with totals per case and month.
pub async fn billable_time(
    db: &Db,
    organisation_id: OrganisationId,
) -> Result<BillableTime, ServerError> {
    let rows: Vec<TimeRow> = sqlx::query_as(
        "SELECT c.reference AS case_reference, c.subject, t.started_at, t.minutes, u.name AS engineer, \
         t.note, c.hourly_rate, c.rate_currency FROM time_entries t \
         JOIN cases c ON c.id = t.case_id JOIN users u ON u.id = t.user_id \
         WHERE COALESCE(c.billed_organisation_id, c.organisation_id) = $1 AND t.billable = 1 \
         AND t.minutes IS NOT NULL AND c.hourly_rate IS NOT NULL ORDER BY t.started_at, t.id",
    )
    .bind(organisation_id)
    .fetch_all(db.pool())
    .await?;
    let entries = rows
        .into_iter()
        .map(|row| {
            let rate = HourlyRate { amount: row.hourly_rate, currency: row.rate_currency };
            BillableEntry {
                cents: rate.cents_for(row.minutes),
                case_reference: row.case_reference,
                subject: row.subject,
                started_at: row.started_at,
                minutes: row.minutes,
                engineer: row.engineer,
                note: row.note,
                rate,
            }
        })
        .collect();
    Ok(BillableTime::of(entries))
}

#[derive(FromRow)]
struct DisputeRow {
    id: i64,
    entry_id: i64,
    case_reference: Option<String>,
    points: i64,
    reason: String,
    raised_by: String,
    raised_at: i64,
    answer: Option<DisputeAnswer>,
    answer_text: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<i64>,
}

const DISPUTES: &str = "SELECT d.id, d.ledger_entry_id AS entry_id, e.case_reference, -e.points AS points, \
     d.reason, r.name AS raised_by, d.raised_at, d.answer, d.answer_text, a.name AS answered_by, \
     d.answered_at FROM charge_disputes d JOIN ledger_entries e ON e.id = d.ledger_entry_id \
     JOIN users r ON r.id = d.raised_by LEFT JOIN users a ON a.id = d.answered_by";

/// The organisation's disputes, newest first.
pub async fn disputes(
    db: &Db,
    organisation_id: OrganisationId,
) -> Result<Vec<Dispute>, ServerError> {
    let rows: Vec<DisputeRow> =
        sqlx::query_as(&format!("{DISPUTES} WHERE d.organisation_id = $1 ORDER BY d.id DESC"))
            .bind(organisation_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(DisputeRow::shown).collect())
}

impl DisputeRow {
    fn shown(self) -> Dispute {
        Dispute {
            id: self.id,
            entry_id: self.entry_id,
            case_reference: self.case_reference,
            points: self.points,
            reason: self.reason,
            raised_by: self.raised_by,
            raised_at: self.raised_at,
            answer: self.answer,
            answer_text: self.answer_text,
            answered_by: self.answered_by,
            answered_at: self.answered_at,
        }
    }
}

/// An account holder disputes a case's charge on their own ledger: once
/// per charge, and not one already given back.
pub async fn raise(
    state: &AppState,
    viewer: &Viewer,
    entry_id: i64,
    reason: &str,
) -> Result<Dispute, ServerError> {
    let holder = viewer.require_user()?;
    let organisation_id = holder.organisation_id().ok_or(AppError::Forbidden)?;
    authorize(viewer, Action::DisputeCharge { organisation_id })?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2_000 {
        return Err(AppError::bad_request(
            "Say why you dispute the charge, in up to 2000 characters.",
        )
        .into());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    let charge: Option<(String, i64)> = sqlx::query_as(
        "SELECT case_reference, -points FROM ledger_entries \
         WHERE id = $1 AND organisation_id = $2 AND kind = 'debit' AND case_reference IS NOT NULL",
    )
    .bind(entry_id)
    .bind(organisation_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (reference, points) = charge.ok_or_else(|| AppError::not_found("That charge"))?;
    let refunded: Option<i64> =
        sqlx::query_scalar("SELECT id FROM ledger_entries WHERE refund_of = $1")
            .bind(entry_id)
            .fetch_optional(&mut *tx)
            .await?;
    if refunded.is_some() {
        return Err(
            AppError::Conflict(format!("{reference}'s points were already given back.")).into()
        );
    }
    let inserted = sqlx::query(
        "INSERT INTO charge_disputes (ledger_entry_id, organisation_id, reason, raised_by, raised_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ledger_entry_id) DO NOTHING",
    )
    .bind(entry_id)
    .bind(organisation_id)
    .bind(reason)
    .bind(holder.id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(AppError::Conflict(format!("{reference}'s charge is already disputed.")).into());
    }
    let staff: Vec<UserId> = sqlx::query_scalar(
        "SELECT id FROM users WHERE role IN ('admin', 'engineer') AND active = 1 ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let notices: Vec<Notice> = staff
        .into_iter()
        .map(|user_id| Notice {
            user_id,
            case_id: None,
            subject: format!("{} disputes {reference}'s charge", holder.name),
            body: format!("{points} points. {reason}"),
            link: format!("/organisations/{organisation_id}/entitlements#disputes-title"),
        })
        .collect();
    write(&mut tx, &notices, now).await?;
    let dispute: DisputeRow = sqlx::query_as(&format!("{DISPUTES} WHERE d.ledger_entry_id = $1"))
        .bind(entry_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(dispute.shown())
}

/// Staff answer a dispute: `uphold` (saying why) or `refund` (the points
/// go back to the lots they came from, in the same transaction).
pub async fn answer(
    state: &AppState,
    viewer: &Viewer,
    dispute_id: i64,
    verdict: DisputeVerdict,
    text: &str,
) -> Result<Dispute, ServerError> {
    let staff = authorize(viewer, Action::RefundCharges)?;
    let answer = match verdict {
        DisputeVerdict::Uphold => DisputeAnswer::Upheld,
        DisputeVerdict::Refund => DisputeAnswer::Refunded,
    };
    let text = text.trim();
    if answer == DisputeAnswer::Upheld && text.is_empty() {
        return Err(AppError::bad_request("Say why the charge stands.").into());
    }
    let found: Option<(OrganisationId, i64, UserId)> = sqlx::query_as(
        "SELECT organisation_id, ledger_entry_id, raised_by FROM charge_disputes WHERE id = $1",
    )
    .bind(dispute_id)
    .fetch_optional(state.db.pool())
    .await?;
    let (organisation_id, entry_id, raised_by) =
        found.ok_or_else(|| AppError::not_found("That dispute"))?;
    let now = state.clock.now_ms();
    let mut tx = ledger::begin(&state.db, organisation_id).await?;
    let answered = sqlx::query(
        "UPDATE charge_disputes SET answer = $1, answer_text = $2, answered_by = $3, answered_at = $4 \
         WHERE id = $5 AND answer IS NULL",
    )
    .bind(answer.as_str())
    .bind(text)
    .bind(staff.id)
    .bind(now)
    .bind(dispute_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if answered == 0 {
        return Err(AppError::Conflict("This dispute was already answered.".into()).into());
    }
    let reference: String =
        sqlx::query_scalar("SELECT case_reference FROM ledger_entries WHERE id = $1")
            .bind(entry_id)
            .fetch_one(&mut *tx)
            .await?;
    if answer == DisputeAnswer::Refunded {
        let validity = state.catalogue.points.lot_validity_ms();
        let refund = (reference.as_str(), "dispute upheld");
        ledger::refund_case_in(&mut tx, organisation_id, now, refund, validity, Some(staff.id))
            .await?;
    }
    let body = match (answer, text.is_empty()) {
        (DisputeAnswer::Refunded, true) => "The points are given back.".to_owned(),
        (DisputeAnswer::Refunded, false) => format!("The points are given back. {text}"),
        (DisputeAnswer::Upheld, _) => format!("The charge stands: {text}"),
    };
    let notice = Notice {
        user_id: raised_by,
        case_id: None,
        subject: format!("Your dispute of {reference}'s charge: {}", answer.label().to_lowercase()),
        body,
        link: "/entitlements#disputes-title".to_owned(),
    };
    write(&mut tx, &[notice], now).await?;
    let dispute: DisputeRow = sqlx::query_as(&format!("{DISPUTES} WHERE d.id = $1"))
        .bind(dispute_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(dispute.shown())
}

//! Charges decided after the assessment: the engineer says what the case
//! costs and why; a charge (points, or billable hours) waits for the
//! customer's "go ahead" before anything is taken, and a product problem
//! is never charged. Each step is on the timeline.

use sqlx::FromRow;

use super::{
    notify::Recipients,
    queries::{CaseRow, visible_case},
    steps::{Told, record, text, workable_case},
    time,
    work::refund_if_charged,
};
use crate::{
    auth::server::Viewer,
    cases::charges::{
        Billing, CaseBilling, ChargeAnswer, ChargeDecision, ChargeKind, ChargeReplyWord,
        HourlyRate, NewChargeDecision,
    },
    entitlements::{
        Channel,
        server::ledger::{self, Spend},
    },
    error::AppError,
    infra::{db::Tx, error::ServerError},
    runtime::AppState,
};

/// The most points one decision may charge.
const MOST_POINTS: i64 = 10_000;

/// Records how a new case is paid for, in its filing transaction.
pub async fn record_terms(
    tx: &mut Tx,
    case_id: i64,
    billing: Billing,
    rate: Option<&HourlyRate>,
) -> Result<(), ServerError> {
    sqlx::query(
        "UPDATE cases SET billing = $1, hourly_rate = $2, rate_currency = $3 WHERE id = $4",
    )
    .bind(billing.as_str())
    .bind(rate.map(|rate| rate.amount))
    .bind(rate.map(|rate| rate.currency.clone()))
    .bind(case_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The engineer's decision; it may change until the customer answers it.
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    decision: NewChargeDecision,
) -> Result<(), ServerError> {
    let (case, engineer) = workable_case(state, viewer, reference).await?;
    let reason = text(&decision.reason, "why, as the customer will read it", 2_000)?;
    let kind = decision.decision;
    let points = match kind {
        ChargeKind::Points if (1..=MOST_POINTS).contains(&decision.points) => decision.points,
        ChargeKind::Points => {
            return Err(AppError::bad_request(format!("Charge 1 to {MOST_POINTS} points.")).into());
        }
        _ => 0,
    };
    let rate = state.catalogue.paid_work.as_ref().map(|paid| paid.rate());
    if kind == ChargeKind::Billable && rate.is_none() {
        return Err(AppError::bad_request(
            "The support policy sets no hourly rate: charge points, or say the case is covered.",
        )
        .into());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    if kind == ChargeKind::ProductBug {
        // The ledger's lock first, as every ledger change takes it.
        ledger::lock(&mut tx, case.billed_organisation_id).await?;
    }
    let answered: Option<Option<String>> =
        sqlx::query_scalar("SELECT answer FROM charge_decisions WHERE case_id = $1")
            .bind(case.id)
            .fetch_optional(&mut *tx)
            .await?;
    if matches!(answered, Some(Some(_))) {
        return Err(
            AppError::Conflict("The customer has already answered the decision.".into()).into()
        );
    }
    if kind == ChargeKind::Points && ledger::ever_charged(&mut tx, &case.reference).await? {
        return Err(AppError::Conflict(format!(
            "{} was charged when it was filed: decide it covered, or a product problem to give the points back.",
            case.reference
        ))
        .into());
    }
    sqlx::query("DELETE FROM charge_decisions WHERE case_id = $1")
        .bind(case.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO charge_decisions (case_id, decision, points, reason, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case.id)
    .bind(kind.as_str())
    .bind(points)
    .bind(&reason)
    .bind(engineer.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let cost = kind.cost(points, rate.as_ref());
    let said = format!("{} assessed the case: {cost}. {reason}", engineer.name);
    let notice = match kind {
        ChargeKind::Points | ChargeKind::Billable => format!(
            "{said}\n\nNothing is charged until you say go ahead on the case's page; if you decline, support does no charged work on it."
        ),
        ChargeKind::Covered | ChargeKind::ProductBug => format!("{said}\n\nNothing is charged."),
    };
    if kind == ChargeKind::ProductBug {
        let refund = (case.reference.as_str(), "a product problem");
        refund_if_charged(&mut tx, state, case.billed_organisation_id, refund, engineer.id).await?;
    }
    let told = Told { who: Recipients::Contact, what: "What your case costs", notice: &notice };
    record(state, tx, &case, engineer.id, &said, told).await
}

/// The customer's answer: `accept` takes the charge (points from the
/// ledger of whoever's entitlement the case uses, or the hourly rate for
/// the work), `decline` takes nothing.
pub async fn answer(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    answer: ChargeReplyWord,
) -> Result<(), ServerError> {
    let answer = match answer {
        ChargeReplyWord::Accept => ChargeAnswer::Accepted,
        ChargeReplyWord::Decline => ChargeAnswer::Declined,
    };
    let case = visible_case(state, viewer, reference).await?;
    let customer = viewer.require_user()?;
    if !answers_for(viewer, &case) {
        return Err(AppError::Forbidden.into());
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.pool().begin().await?;
    ledger::lock(&mut tx, case.billed_organisation_id).await?;
    let waiting = decision_of(&mut tx, case.id).await?.filter(ChargeDecision::awaits_answer);
    let Some(decision) = waiting else {
        return Err(AppError::Conflict("No charge on this case waits for an answer.".into()).into());
    };
    sqlx::query(
        "UPDATE charge_decisions SET answer = $1, answered_by = $2, answered_at = $3 \
         WHERE case_id = $4 AND answer IS NULL",
    )
    .bind(answer.as_str())
    .bind(customer.id)
    .bind(now)
    .bind(case.id)
    .execute(&mut *tx)
    .await?;
    let said = match (answer, decision.kind) {
        (ChargeAnswer::Declined, _) => format!(
            "{} declined the charge: support does no charged work on the case.",
            customer.name
        ),
        (ChargeAnswer::Accepted, ChargeKind::Points) => {
            take_points(&mut tx, state, &case, decision.points, customer.id).await?;
            format!("{} said go ahead: {} points taken.", customer.name, decision.points)
        }
        (ChargeAnswer::Accepted, _) => {
            let rate =
                state.catalogue.paid_work.as_ref().map(|paid| paid.rate()).ok_or_else(|| {
                    AppError::Conflict("The support policy sets no hourly rate.".into())
                })?;
            sqlx::query("UPDATE cases SET hourly_rate = $1, rate_currency = $2 WHERE id = $3")
                .bind(rate.amount)
                .bind(&rate.currency)
                .bind(case.id)
                .execute(&mut *tx)
                .await?;
            format!(
                "{} said go ahead at {}: the work is billed by the hour.",
                customer.name,
                rate.label()
            )
        }
    };
    let what = if answer == ChargeAnswer::Accepted { "Charge accepted" } else { "Charge declined" };
    let told = Told { who: Recipients::OwnerOrLevel, what, notice: &said };
    record(state, tx, &case, customer.id, &said, told).await
}

/// Takes the points the customer agreed to, under the ledger's lock (taken).
async fn take_points(
    tx: &mut Tx,
    state: &AppState,
    case: &CaseRow,
    points: i64,
    actor: crate::ids::UserId,
) -> Result<(), ServerError> {
    let channel: Channel = sqlx::query_scalar("SELECT channel FROM cases WHERE id = $1")
        .bind(case.id)
        .fetch_one(&mut **tx)
        .await?;
    let spend = Spend {
        case_reference: &case.reference,
        channel,
        points,
        actor: Some(actor),
        after_assessment: true,
    };
    let now = state.clock.now_ms();
    ledger::charge_case_in(tx, case.billed_organisation_id, now, spend).await?;
    sqlx::query("UPDATE cases SET points_cost = $1 WHERE id = $2")
        .bind(points)
        .bind(case.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct DecisionRow {
    decision: ChargeKind,
    points: i64,
    reason: String,
    decided_by: String,
    decided_at: i64,
    answer: Option<ChargeAnswer>,
    answered_by: Option<String>,
    answered_at: Option<i64>,
}

async fn decision_of(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Option<ChargeDecision>, ServerError> {
    let row: Option<DecisionRow> = sqlx::query_as(
        "SELECT d.decision, d.points, d.reason, a.name AS decided_by, d.decided_at, d.answer, \
         b.name AS answered_by, d.answered_at FROM charge_decisions d \
         JOIN users a ON a.id = d.decided_by LEFT JOIN users b ON b.id = d.answered_by \
         WHERE d.case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|row| ChargeDecision {
        kind: row.decision,
        points: row.points,
        reason: row.reason,
        decided_by: row.decided_by,
        decided_at: row.decided_at,
        answer: row.answer,
        answered_by: row.answered_by,
        answered_at: row.answered_at,
    }))
}

/// Whether the viewer answers the case's charges: the people of the
/// organisation whose entitlement pays (a partner's, where the policy says
/// partners pay; not the client's then).
fn answers_for(viewer: &Viewer, case: &CaseRow) -> bool {
    viewer.user().is_some_and(|user| {
        user.role.belongs_to_organisation()
            && user.organisation_id() == Some(case.billed_organisation_id)
    })
}

/// How a case is paid for, as its row stores it: read with the rest of
/// the case page's columns.
pub(super) struct StoredTerms {
    pub billing: Billing,
    pub hourly_rate: Option<i64>,
    pub rate_currency: Option<String>,
}

/// How the case is paid for, as its page shows the viewer: engineers
/// (`staff`) see every time entry, customers the billable ones.
pub(super) async fn billing_of(
    state: &AppState,
    (case, terms): (&CaseRow, StoredTerms),
    viewer: &Viewer,
    staff: bool,
) -> Result<CaseBilling, ServerError> {
    let accepted = terms
        .hourly_rate
        .zip(terms.rate_currency)
        .map(|(amount, currency)| HourlyRate { amount, currency });
    let offered = state.catalogue.paid_work.as_ref().map(|paid| paid.rate());
    let decision = decision_of(&mut *state.db.pool().acquire().await?, case.id).await?;
    let time = time::list(state, case.id, staff).await?;
    let billable_minutes =
        time.iter().filter(|entry| entry.billable).filter_map(|entry| entry.minutes).sum();
    let answerable =
        answers_for(viewer, case) && decision.as_ref().is_some_and(ChargeDecision::awaits_answer);
    Ok(CaseBilling {
        billing: terms.billing,
        rate: accepted.or(offered),
        decision,
        answerable,
        time,
        billable_minutes,
    })
}

/// Whether billable time may be recorded on the case: the customer
/// accepted an hourly rate (a paid ticket, or a billable decision).
pub async fn rate_accepted(tx: &mut Tx, case_id: i64) -> Result<bool, ServerError> {
    let rate: Option<i64> = sqlx::query_scalar("SELECT hourly_rate FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(rate.is_some())
}

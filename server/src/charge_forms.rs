//! The plain forms of charges, time and disputes: the case page's decision,
//! answer and time, and the ledger page's disputes and their answers. Each
//! reads its fields as typed, calls what the JSON API calls, and redirects
//! back saying what was done or why not.

use axum::{
    Form,
    extract::{Path, State},
    response::Response,
};
use serde::Deserialize;

use app::{
    auth::server::Viewer,
    cases::{
        charges::{ChargeReplyWord, NewChargeDecision, NewTime},
        server::{charges, time},
    },
    entitlements::server::owed,
    error::AppError,
    forms::non_blank,
    runtime::AppState,
};

use crate::{
    api::params::{CaseReference, Id},
    form_redirect::back_to,
};

/// A number field as typed: blank is none (`forms::non_blank`), anything
/// else must be a whole number.
fn number(value: &str, what: &str) -> Result<Option<i64>, AppError> {
    non_blank(Some(value))
        .map_err(|_| AppError::bad_request(format!("Write the {what} as a whole number.")))
}

fn to_case(reference: &str, outcome: Result<(&str, String), AppError>) -> Response {
    back_to(&format!("/cases/{reference}"), "charges-title", "charge_error", outcome)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    points: String,
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{reference}/charge` (engineers).
pub async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(CaseReference(reference)): Path<CaseReference>,
    Form(form): Form<DecisionForm>,
) -> Response {
    let decided = async {
        let decision = NewChargeDecision {
            decision: form.decision.parse()?,
            points: number(&form.points, "points")?.unwrap_or_default(),
            reason: form.reason,
        };
        charges::decide(&state, &viewer, &reference, decision).await.map_err(AppError::from)
    };
    let done = "The decision is recorded and the customer told.".to_owned();
    to_case(&reference, decided.await.map(|()| ("charge_done", done)))
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
}

/// `POST /cases/{reference}/charge/answer` (the case's customers).
pub async fn answer(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(CaseReference(reference)): Path<CaseReference>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let answered = async {
        let answer: ChargeReplyWord = form.answer.parse()?;
        charges::answer(&state, &viewer, &reference, answer).await.map_err(AppError::from)?;
        Ok(match answer {
            ChargeReplyWord::Accept => "Thank you: support goes ahead.",
            ChargeReplyWord::Decline => "Declined: nothing is charged.",
        })
    };
    to_case(&reference, answered.await.map(|done| ("charge_done", done.to_owned())))
}

#[derive(Deserialize)]
pub struct TimeForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    minutes: String,
    #[serde(default, deserialize_with = "app::forms::checkbox")]
    billable: bool,
    #[serde(default)]
    note: String,
}

/// `POST /cases/{reference}/time` (engineers).
pub async fn record_time(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(CaseReference(reference)): Path<CaseReference>,
    Form(form): Form<TimeForm>,
) -> Response {
    let recorded = async {
        let time = NewTime {
            action: form.action.parse()?,
            minutes: number(&form.minutes, "minutes")?,
            billable: form.billable,
            note: form.note,
        };
        time::record(&state, &viewer, &reference, time).await.map_err(AppError::from)
    };
    to_case(&reference, recorded.await.map(|()| ("charge_done", "Time recorded.".to_owned())))
}

fn to_ledger(page: &str, outcome: Result<(&str, String), AppError>) -> Response {
    back_to(page, "disputes-title", "dispute_error", outcome)
}

#[derive(Deserialize)]
pub struct DisputeForm {
    #[serde(default)]
    entry_id: String,
    #[serde(default)]
    reason: String,
}

/// `POST /entitlements/disputes` (account holders).
pub async fn dispute(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<DisputeForm>,
) -> Response {
    let raised = async {
        let entry = number(&form.entry_id, "charge")?.unwrap_or_default();
        owed::raise(&state, &viewer, entry, &form.reason).await.map_err(AppError::from)
    };
    let done = "Your dispute is sent; support answers it here.".to_owned();
    to_ledger("/entitlements", raised.await.map(|_| ("dispute_done", done)))
}

#[derive(Deserialize)]
pub struct DisputeAnswerForm {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    text: String,
}

/// `POST /organisations/{id}/disputes/{dispute}/answer` (staff).
pub async fn answer_dispute(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((Id(organisation), Id(dispute))): Path<(Id, Id)>,
    Form(form): Form<DisputeAnswerForm>,
) -> Response {
    let answered = async {
        let verdict = form.answer.parse()?;
        owed::answer(&state, &viewer, dispute, verdict, &form.text).await.map_err(AppError::from)
    };
    let page = format!("/organisations/{organisation}/entitlements");
    let done = "The dispute is answered and the account holder told.".to_owned();
    to_ledger(&page, answered.await.map(|_| ("dispute_done", done)))
}

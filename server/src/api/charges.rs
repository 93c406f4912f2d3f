//! `/api/v1/cases/{reference}/charge` and `/time`: the engineer's decision
//! on what a case costs and the customer's answer, and time engineers
//! record on a case (see the case page's "Charges and time").

use axum::{Json, extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::Viewer,
    cases::{
        charges::{ChargeReply, NewChargeDecision, NewTime},
        server::{charges, time},
    },
    error::AppError,
    runtime::AppState,
};

use super::{cases::CasePath, params::ApiPath};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(decide))
        .routes(routes!(answer))
        .routes(routes!(record_time))
}

/// Engineers of the case's level decide what it costs, with the reason
/// the customer reads: `covered`, `points` (with `points`), `billable` at
/// the policy's hourly rate, or `product_bug` (never charged; points taken
/// at filing are given back). It may change until the customer answers.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/charge",
    tag = "cases",
    params(CasePath),
    request_body = NewChargeDecision,
    responses(
        (status = 201, description = "Decided: the customer is told"),
        (status = 409, description = "Answered already, or charged at filing"),
    )
)]
pub(super) async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<CasePath>,
    Json(body): Json<NewChargeDecision>,
) -> Result<StatusCode, AppError> {
    charges::decide(&state, &viewer, path.reference(), body).await?;
    Ok(StatusCode::CREATED)
}

/// The case's customers answer a charge: `accept` takes it (points from
/// the ledger, or the hourly rate for the work), `decline` takes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/charge/answer",
    tag = "cases",
    params(CasePath),
    request_body = ChargeReply,
    responses(
        (status = 204, description = "Answered"),
        (status = 409, description = "Nothing waits for an answer, or too few points"),
    )
)]
pub(super) async fn answer(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<CasePath>,
    Json(body): Json<ChargeReply>,
) -> Result<StatusCode, AppError> {
    charges::answer(&state, &viewer, path.reference(), body.answer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Engineers start or stop their clock on the case, or enter minutes
/// spent; billable time needs a rate the customer accepted.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/time",
    tag = "cases",
    params(CasePath),
    request_body = NewTime,
    responses(
        (status = 201, description = "Recorded"),
        (status = 409, description = "A clock already runs, none runs, or no rate was accepted"),
    )
)]
pub(super) async fn record_time(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<CasePath>,
    Json(body): Json<NewTime>,
) -> Result<StatusCode, AppError> {
    time::record(&state, &viewer, path.reference(), body).await?;
    Ok(StatusCode::CREATED)
}

//! `/api/v1/cases/{reference}/remote-access`: an engineer asks for remote
//! access to the customer's system, the customer grants or refuses it, the
//! engineer ends a grant saying what was changed (see the case page's
//! "Remote access").

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{auth::server::Viewer, cases::server::remote_access, error::AppError, runtime::AppState};

use super::{
    cases::CasePath,
    params::{ApiPath, CaseReference, Id},
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ask)).routes(routes!(answer)).routes(routes!(end))
}

/// One remote access request of a case.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct RequestPath {
    /// `CASE-` and six or more digits.
    #[param(inline)]
    reference: CaseReference,
    /// The request's id.
    #[param(inline)]
    id: Id,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Ask {
    /// Which system (a host name, an appliance).
    #[schema(min_length = 1, max_length = 200)]
    system: String,
    /// What for: the changes the engineer means to make.
    #[schema(min_length = 1, max_length = 2000)]
    purpose: String,
    /// For how many hours a grant lasts.
    #[schema(minimum = 1, maximum = 72)]
    hours: i64,
}

/// Engineers of the case's level ask the case's customers.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/remote-access",
    tag = "cases",
    params(CasePath),
    request_body = Ask,
    responses((status = 201, description = "Asked: the customer is told"))
)]
pub(super) async fn ask(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<CasePath>,
    Json(body): Json<Ask>,
) -> Result<StatusCode, AppError> {
    let Ask { system, purpose, hours } = body;
    let asked = remote_access::Asked { system, purpose, hours };
    remote_access::ask(&state, &viewer, path.reference(), asked).await?;
    Ok(StatusCode::CREATED)
}

/// `grant` or `refuse`.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(super) enum Answer {
    Grant,
    Refuse,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswerBody {
    answer: Answer,
    /// Granting accepts the policy's waiver, where it has one: send `true`.
    #[serde(default)]
    accept_waiver: bool,
}

/// The case's customers grant or refuse a request, once.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/remote-access/{id}/answer",
    tag = "cases",
    params(RequestPath),
    request_body = AnswerBody,
    responses(
        (status = 204, description = "Answered"),
        (status = 409, description = "Answered already"),
    )
)]
pub(super) async fn answer(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(RequestPath { reference: CaseReference(reference), id: Id(id) }): ApiPath<RequestPath>,
    Json(body): Json<AnswerBody>,
) -> Result<StatusCode, AppError> {
    let grant = matches!(body.answer, Answer::Grant);
    remote_access::answer(&state, &viewer, &reference, id, grant, body.accept_waiver).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct EndBody {
    /// What was changed, for the customer.
    #[schema(min_length = 1, max_length = 20000)]
    changes: String,
}

/// Engineers of the case's level end a grant, saying what was changed.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/remote-access/{id}/end",
    tag = "cases",
    params(RequestPath),
    request_body = EndBody,
    responses((status = 204, description = "Ended"))
)]
pub(super) async fn end(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(RequestPath { reference: CaseReference(reference), id: Id(id) }): ApiPath<RequestPath>,
    Json(body): Json<EndBody>,
) -> Result<StatusCode, AppError> {
    remote_access::end(&state, &viewer, &reference, id, &body.changes).await?;
    Ok(StatusCode::NO_CONTENT)
}

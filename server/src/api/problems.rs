//! `/api/v1/problems`: known problems, as the status page shows them.

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::Viewer,
    error::AppError,
    problems::{
        FollowedFrom, NewProblem, NewProblemUpdate, Problem, StatusBoard, server as problems,
    },
    runtime::AppState,
};

use super::params::{ApiPath, Id};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(one))
        .routes(routes!(post_update))
        .routes(routes!(link_cases))
        .routes(routes!(follow, unfollow))
}

/// One problem.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct ProblemPath {
    /// The problem's id.
    #[param(inline)]
    id: Id,
}

/// The problems the caller may see: current ones, and those fixed or
/// resolved in the last 30 days.
#[utoipa::path(
    get,
    path = "/api/v1/problems",
    tag = "problems",
    responses((status = 200, description = "Current and recent problems", body = StatusBoard))
)]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<StatusBoard>, AppError> {
    Ok(Json(problems::board(&state, &viewer).await?))
}

/// Engineers and admins: a new known problem, with what customers are
/// told first. Its status starts at `investigating`.
#[utoipa::path(
    post,
    path = "/api/v1/problems",
    tag = "problems",
    request_body = NewProblem,
    responses((status = 201, description = "Created", body = Problem))
)]
pub(super) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(body): Json<NewProblem>,
) -> Result<(StatusCode, Json<Problem>), AppError> {
    Ok((StatusCode::CREATED, Json(problems::create(&state, &viewer, &body).await?)))
}

/// One problem with its updates, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/problems/{id}",
    tag = "problems",
    params(ProblemPath),
    responses((status = 200, description = "The problem", body = Problem))
)]
pub(super) async fn one(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(ProblemPath { id: Id(id) }): ApiPath<ProblemPath>,
) -> Result<Json<Problem>, AppError> {
    Ok(Json(problems::problem(&state, &viewer, id).await?))
}

/// Engineers and admins: an update and the status it sets. Every
/// follower who may see the problem is told, by notification and email.
#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/updates",
    tag = "problems",
    params(ProblemPath),
    request_body = NewProblemUpdate,
    responses((status = 201, description = "Posted", body = Problem))
)]
pub(super) async fn post_update(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(ProblemPath { id: Id(id) }): ApiPath<ProblemPath>,
    Json(body): Json<NewProblemUpdate>,
) -> Result<(StatusCode, Json<Problem>), AppError> {
    Ok((StatusCode::CREATED, Json(problems::update(&state, &viewer, id, &body).await?)))
}

/// Follows the problem: its updates reach the caller by notification and
/// email. Following twice is following.
#[utoipa::path(
    put,
    path = "/api/v1/problems/{id}/following",
    tag = "problems",
    params(ProblemPath),
    responses((status = 200, description = "Following", body = Problem))
)]
pub(super) async fn follow(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(ProblemPath { id: Id(id) }): ApiPath<ProblemPath>,
) -> Result<Json<Problem>, AppError> {
    Ok(Json(problems::follow(&state, &viewer, id, Some(FollowedFrom::Status)).await?))
}

/// Stops following the problem.
#[utoipa::path(
    delete,
    path = "/api/v1/problems/{id}/following",
    tag = "problems",
    params(ProblemPath),
    responses((status = 200, description = "No longer following", body = Problem))
)]
pub(super) async fn unfollow(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(ProblemPath { id: Id(id) }): ApiPath<ProblemPath>,
) -> Result<Json<Problem>, AppError> {
    Ok(Json(problems::follow(&state, &viewer, id, None).await?))
}

/// Cases to link to a problem.
#[derive(Deserialize, ToSchema)]
pub(super) struct CasesToLink {
    /// `CASE-` references, 1 to 500.
    references: Vec<String>,
}

/// The cases newly linked (those linked already are left as they were).
#[derive(Serialize, ToSchema)]
pub(super) struct LinkedCases {
    linked: Vec<String>,
}

/// Engineers and admins: links cases to the problem, all or none. Each
/// contact is told; the problem's updates then reach the cases'
/// timelines, and its fix resolves them (as a product bug: points taken
/// go back).
#[utoipa::path(
    post,
    path = "/api/v1/problems/{id}/cases",
    tag = "problems",
    params(ProblemPath),
    request_body = CasesToLink,
    responses((status = 200, description = "Linked", body = LinkedCases))
)]
pub(super) async fn link_cases(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(ProblemPath { id: Id(id) }): ApiPath<ProblemPath>,
    Json(body): Json<CasesToLink>,
) -> Result<Json<LinkedCases>, AppError> {
    let linked = problems::link_cases(&state, &viewer, id, &body.references).await?;
    Ok(Json(LinkedCases { linked }))
}

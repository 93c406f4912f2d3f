//! `/api/v1/cases/{reference}/followers`: colleagues who follow a case.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::Viewer,
    cases::{Follower, NewFollower, server::followers},
    error::AppError,
    ids::UserId,
    runtime::AppState,
};

use super::{
    cases::CasePath,
    params::{ApiPath, CaseReference, Id},
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(add)).routes(routes!(remove))
}

/// One follower of a case.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct FollowerPath {
    /// `CASE-` and six or more digits.
    #[param(inline)]
    reference: CaseReference,
    /// The follower's user id.
    #[param(inline)]
    id: Id,
}

/// Adds a colleague of the case's organisation, by the address of their
/// account: they see and answer the case and get its emails.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{reference}/followers",
    tag = "cases",
    params(CasePath),
    request_body = NewFollower,
    responses(
        (status = 201, description = "Following", body = Follower),
        (status = 409, description = "They follow the case already, or filed it"),
    )
)]
pub(super) async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<CasePath>,
    Json(body): Json<NewFollower>,
) -> Result<(StatusCode, Json<Follower>), AppError> {
    let follower = followers::add(&state, &viewer, path.reference(), &body.email).await?;
    Ok((StatusCode::CREATED, Json(follower)))
}

/// Stops a follower following the case: the follower themselves, the
/// case's contact, account holders and staff may.
#[utoipa::path(
    delete,
    path = "/api/v1/cases/{reference}/followers/{id}",
    tag = "cases",
    params(FollowerPath),
    responses((status = 204, description = "No longer following"))
)]
pub(super) async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(FollowerPath { reference: CaseReference(reference), id: Id(id) }): ApiPath<
        FollowerPath,
    >,
) -> Result<StatusCode, AppError> {
    followers::remove(&state, &viewer, &reference, UserId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

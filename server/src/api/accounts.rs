//! `/api/v1/me`, `/api/v1/organisations/{id}`, `/api/v1/users/{id}`, `/api/v1/admin/users`.

use axum::{
    Json, Router,
    extract::{Path, State},
    routing::get,
};

use app::{
    accounts::{OrganisationOverview, SessionUser, UserSummary, server::queries},
    auth::server::Viewer,
    error::AppError,
    server::AppState,
};

use super::parse_id;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/organisations/{id}", get(organisation))
        .route("/api/v1/users/{id}", get(user))
        .route("/api/v1/admin/users", get(all_users))
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    responses((status = 200, description = "The caller", body = SessionUser), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn me(viewer: Viewer) -> Result<Json<SessionUser>, AppError> {
    Ok(Json(viewer.require_user()?.clone()))
}

#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}",
    tag = "accounts",
    params(("id" = String, Path, description = "The organisation's id")),
    responses((status = 200, description = "The organisation", body = OrganisationOverview), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn organisation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<OrganisationOverview>, AppError> {
    let id = parse_id(&id)?;
    Ok(Json(queries::organisation_overview(&state, &viewer, id).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/users/{id}",
    tag = "accounts",
    params(("id" = String, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = UserSummary), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<UserSummary>, AppError> {
    let id = parse_id(&id)?;
    Ok(Json(queries::user_summary(&state, &viewer, id).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "accounts",
    responses((status = 200, description = "Every user (admins)", body = Vec<UserSummary>), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn all_users(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<UserSummary>>, AppError> {
    Ok(Json(queries::all_users(&state, &viewer).await?))
}

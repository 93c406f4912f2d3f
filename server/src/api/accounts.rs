//! `/api/v1/me`, `/api/v1/organisations/{id}`, `/api/v1/users/{id}`, `/api/v1/admin/users`.

use axum::{
    Json, Router,
    extract::{Path, State},
    routing::get,
};

use app::{
    accounts::{SessionUser, admin_api::UserSummary, organisation_api::OrganisationOverview},
    error::AppError,
    ssr::{AppState, accounts::queries, auth::Viewer},
};

use super::parse_id;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/organisations/{id}", get(organisation))
        .route("/api/v1/users/{id}", get(user))
        .route("/api/v1/admin/users", get(all_users))
}

async fn me(viewer: Viewer) -> Result<Json<SessionUser>, AppError> {
    Ok(Json(viewer.require_user()?.clone()))
}

async fn organisation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<OrganisationOverview>, AppError> {
    let id = parse_id(&id)?;
    Ok(Json(queries::organisation_overview(&state, &viewer, id).await?))
}

async fn user(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<UserSummary>, AppError> {
    let id = parse_id(&id)?;
    Ok(Json(queries::user_summary(&state, &viewer, id).await?))
}

async fn all_users(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<UserSummary>>, AppError> {
    Ok(Json(queries::all_users(&state, &viewer).await?))
}

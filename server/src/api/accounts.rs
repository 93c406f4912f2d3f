//! `/api/v1/me`, `/api/v1/organisations/{id}`, `/api/v1/users/{id}`, `/api/v1/admin/users`.

use axum::{
    Json, Router,
    extract::{Path, RawQuery, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};

use app::{
    accounts::{AccountSearch, OrganisationOverview, SessionUser, UserSummary, server::queries},
    auth::server::Viewer,
    error::AppError,
    server::AppState,
};

use super::{parse_id, query_value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/organisations/{id}", get(organisation))
        .route("/api/v1/users/{id}", get(user))
        .route("/api/v1/admin/users", get(users_page))
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
    params(
        ("words" = Option<String>, Query, description = "Part of a name, an email address or an organisation's name"),
        ("page" = Option<u32>, Query, description = "Which page of 50, from 0"),
    ),
    responses((status = 200, description = "A page of 50 users (admins), staff first; a `Link` header (rel=\"next\") names the next page when there is one", body = Vec<UserSummary>), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn users_page(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let words = query_value(&query, "words").unwrap_or_default();
    let page: u32 = match query_value(&query, "page") {
        None => 0,
        Some(page) => page
            .parse()
            .map_err(|_| AppError::bad_request("page is the number of a page, from 0."))?,
    };
    let search = AccountSearch { words, page };
    let (users, more) = queries::users_page(&state, &viewer, &search).await?;
    let mut response = Json(users).into_response();
    if more {
        let next = format!(
            "</api/v1/admin/users?words={}&page={}>; rel=\"next\"",
            form_urlencoded::byte_serialize(search.words.as_bytes()).collect::<String>(),
            page + 1
        );
        if let Ok(value) = HeaderValue::from_str(&next) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    Ok(response)
}

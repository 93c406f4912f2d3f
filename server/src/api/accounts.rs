//! `/api/v1/me`, `/api/v1/organisations/{id}`, `/api/v1/users/{id}`, `/api/v1/admin/users`.

use axum::{
    Json,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    accounts::{AccountSearch, OrganisationOverview, SessionUser, UserSummary, server::queries},
    auth::server::Viewer,
    error::AppError,
    ids::{OrganisationId, UserId},
    runtime::AppState,
};

use super::params::{ApiPath, ApiQuery, Bounded, Id, optional_text};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(organisation))
        .routes(routes!(user))
        .routes(routes!(users_page))
}

/// A row named by its id.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct IdPath {
    /// The id.
    #[param(inline)]
    id: Id,
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    responses((status = 200, description = "The caller", body = SessionUser))
)]
pub(super) async fn me(viewer: Viewer) -> Result<Json<SessionUser>, AppError> {
    Ok(Json(viewer.require_user()?.clone()))
}

#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}",
    tag = "accounts",
    params(IdPath),
    responses((status = 200, description = "The organisation", body = OrganisationOverview))
)]
pub(super) async fn organisation(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<IdPath>,
) -> Result<Json<OrganisationOverview>, AppError> {
    let id = OrganisationId(path.id.0);
    Ok(Json(queries::organisation_overview(&state, &viewer, id).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/users/{id}",
    tag = "accounts",
    params(IdPath),
    responses((status = 200, description = "The user", body = UserSummary))
)]
pub(super) async fn user(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(path): ApiPath<IdPath>,
) -> Result<Json<UserSummary>, AppError> {
    let id = UserId(path.id.0);
    Ok(Json(queries::user_summary(&state, &viewer, id).await?))
}

/// Five million accounts at most (utoipa reads generic arguments as types,
/// hence the alias).
type Page = Bounded<0, 100_000>;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct UsersQuery {
    /// Part of a name, an email address or an organisation's name.
    #[serde(default, deserialize_with = "optional_text")]
    words: Option<String>,
    /// Which page of 50, from 0.
    #[serde(default)]
    #[param(inline)]
    page: Option<Page>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "accounts",
    params(UsersQuery),
    responses((status = 200, description = "A page of 50 users (admins), staff first; a `Link` header (rel=\"next\") names the next page when there is one", body = Vec<UserSummary>))
)]
pub(super) async fn users_page(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<UsersQuery>,
) -> Result<Response, AppError> {
    let page = query.page.map_or(0, |page| u32::try_from(page.0).unwrap_or(u32::MAX));
    let search = AccountSearch { words: query.words.unwrap_or_default(), page };
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

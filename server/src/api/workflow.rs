//! `/api/v1/notifications`, `/api/v1/enhancements` and `/api/v1/reports/sla`.

use axum::{
    Json, Router,
    extract::{RawQuery, State},
    http::StatusCode,
    routing::{get, post},
};
use serde::Deserialize;
use utoipa::ToSchema;

use app::{
    auth::server::Viewer,
    cases::{enhancements::ProductRequests, server::enhancements},
    error::AppError,
    notifications::{self, Inbox},
    reports::{self, SlaReport},
    server::AppState,
};

use super::query_value;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/notifications", get(inbox))
        .route("/api/v1/notifications/read", post(mark_read))
        .route("/api/v1/enhancements", get(enhancement_requests))
        .route("/api/v1/reports/sla", get(sla_report))
}

#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    tag = "notifications",
    responses((status = 200, description = "The latest notifications", body = Inbox), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn inbox(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Inbox>, AppError> {
    Ok(Json(notifications::server::inbox(&state, &viewer).await?))
}

#[derive(Deserialize, ToSchema)]
pub(super) struct MarkRead {
    /// One notification; all of them when absent.
    id: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/api/v1/notifications/read",
    tag = "notifications",
    request_body= MarkRead,
    responses((status = 204, description = "Marked"), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn mark_read(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(body): Json<MarkRead>,
) -> Result<StatusCode, AppError> {
    notifications::server::mark_read(&state, &viewer, body.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?finished=true` also lists resolved and closed requests.
#[utoipa::path(
    get,
    path = "/api/v1/enhancements",
    tag = "reports",
    params(("finished" = Option<bool>, Query, description = "Also resolved and closed requests")),
    responses((status = 200, description = "Enhancement requests by product", body = Vec<ProductRequests>), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn enhancement_requests(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<ProductRequests>>, AppError> {
    let finished = query_value(&query, "finished").is_some_and(|f| f == "true");
    Ok(Json(enhancements::by_product(&state, &viewer, finished).await?))
}

/// `?days=` 7, 30 (the default), 90 or 365.
#[utoipa::path(
    get,
    path = "/api/v1/reports/sla",
    tag = "reports",
    params(("days" = Option<u32>, Query, description = "7, 30, 90 or 365")),
    responses((status = 200, description = "SLA attainment, backlog and response times", body = SlaReport), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn sla_report(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<SlaReport>, AppError> {
    let days = match query_value(&query, "days") {
        None => 30,
        Some(days) => days
            .parse()
            .map_err(|_| AppError::bad_request("days: a whole number (7, 30, 90 or 365)."))?,
    };
    Ok(Json(reports::server::sla_report(&state, &viewer, days).await?))
}

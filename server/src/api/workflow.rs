//! `/api/v1/notifications`, `/api/v1/enhancements` and `/api/v1/reports/sla`.

use axum::{Json, extract::State, http::StatusCode};
use serde::{Deserialize, Deserializer};
use utoipa::{
    IntoParams, PartialSchema, ToSchema,
    openapi::{
        RefOr,
        schema::{ObjectBuilder, Schema, Type},
    },
};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::Viewer,
    cases::{ProductRequests, server::enhancements},
    error::AppError,
    notifications::{self, Inbox},
    reports::{self, PERIODS, SlaReport},
    runtime::AppState,
};

use super::params::{ApiQuery, Flag};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(mark_read))
        .routes(routes!(enhancement_requests))
        .routes(routes!(sla_report))
}

#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    tag = "notifications",
    responses((status = 200, description = "The latest notifications", body = Inbox))
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
    responses((status = 204, description = "Marked"))
)]
pub(super) async fn mark_read(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(body): Json<MarkRead>,
) -> Result<StatusCode, AppError> {
    notifications::server::mark_read(&state, &viewer, body.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct EnhancementsQuery {
    /// Also resolved and closed requests.
    #[serde(default)]
    #[param(inline)]
    finished: Flag,
}

/// `?finished=true` also lists resolved and closed requests.
#[utoipa::path(
    get,
    path = "/api/v1/enhancements",
    tag = "reports",
    params(EnhancementsQuery),
    responses((status = 200, description = "Enhancement requests by product", body = Vec<ProductRequests>))
)]
pub(super) async fn enhancement_requests(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<EnhancementsQuery>,
) -> Result<Json<Vec<ProductRequests>>, AppError> {
    Ok(Json(enhancements::by_product(&state, &viewer, query.finished.0).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ReportQuery {
    /// The period, in days (30 when absent).
    #[serde(default)]
    #[param(inline)]
    days: Option<ReportDays>,
}

/// One of the report's periods ([`PERIODS`]).
pub(super) struct ReportDays(i64);

impl<'de> Deserialize<'de> for ReportDays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.trim().parse().ok().filter(|days| PERIODS.contains(days)).map(Self).ok_or_else(|| {
            let periods: Vec<String> = PERIODS.iter().map(i64::to_string).collect();
            serde::de::Error::custom(format!(
                "must be one of {}, not {text:?}.",
                periods.join(", ")
            ))
        })
    }
}

impl PartialSchema for ReportDays {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::Integer).enum_values(Some(PERIODS)).into()
    }
}

impl ToSchema for ReportDays {}

/// `?days=` 7, 30 (the default), 90 or 365.
#[utoipa::path(
    get,
    path = "/api/v1/reports/sla",
    tag = "reports",
    params(ReportQuery),
    responses((status = 200, description = "SLA attainment, backlog and response times", body = SlaReport))
)]
pub(super) async fn sla_report(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Json<SlaReport>, AppError> {
    let days = query.days.map_or(30, |days| days.0);
    Ok(Json(reports::server::sla_report(&state, &viewer, days).await?))
}

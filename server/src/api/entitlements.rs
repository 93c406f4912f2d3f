//! `GET /api/v1/entitlements`, `/api/v1/entitlements/check`, `/api/v1/ledger`
//! and `/api/v1/ledger.csv`. Customers and account holders get their own
//! organisation; staff name one with `?organisation=ID`.

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{RawQuery, State},
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};

use app::{
    auth::server::Viewer,
    entitlements::{
        Channel, Entitlements, Ledger,
        check::{CaseCheck, CaseRequest},
        server::{export, service},
    },
    error::AppError,
    ids::OrganisationId,
    server::AppState,
};

use super::parse_id;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/entitlements", get(entitlements))
        .route("/api/v1/entitlements/check", get(check))
        .route("/api/v1/ledger", get(ledger))
        .route("/api/v1/ledger.csv", get(ledger_csv))
}

/// The query string's values by name.
struct Params(HashMap<String, String>);

impl Params {
    fn parse(raw: Option<&str>) -> Self {
        let values = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(key, value)| (key.into_owned(), value.trim().to_owned()))
            .collect();
        Self(values)
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn required(&self, name: &str) -> Result<&str, AppError> {
        self.text(name).ok_or_else(|| AppError::bad_request(format!("Give the {name}.")))
    }

    /// The organisation asked about: `?organisation=ID`, or the viewer's own.
    fn organisation(&self, viewer: &Viewer) -> Result<OrganisationId, AppError> {
        let named = self.text("organisation").map(parse_id).transpose()?;
        service::organisation_of(viewer, named)
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/entitlements",
    tag = "entitlements",
    params(("organisation" = Option<String>, Query, description = "Staff: the organisation's id")),
    responses((status = 200, description = "Contracts, balance and lots", body = Entitlements), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn entitlements(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Entitlements>, AppError> {
    let organisation_id = Params::parse(query.as_deref()).organisation(&viewer)?;
    Ok(Json(service::entitlements(&state, &viewer, organisation_id).await?))
}

/// Whether a case for the product and version may be opened, and its cost.
#[utoipa::path(
    get,
    path = "/api/v1/entitlements/check",
    tag = "entitlements",
    params(("product" = String, Query, description = "The product's key"), ("version" = Option<String>, Query, description = "The release"), ("channel" = Option<String>, Query, description = "web, email or phone"), ("enhancement" = Option<bool>, Query, description = "An enhancement request"), ("organisation" = Option<String>, Query, description = "Staff: the organisation's id")),
    responses((status = 200, description = "Whether a case may be opened, and its cost", body = CaseCheck), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn check(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<CaseCheck>, AppError> {
    let params = Params::parse(query.as_deref());
    let organisation_id = params.organisation(&viewer)?;
    let channel: Channel = params.text("channel").unwrap_or("web").parse()?;
    let enhancement = match params.text("enhancement") {
        None | Some("false" | "0") => false,
        Some("true" | "1") => true,
        Some(other) => {
            return Err(AppError::bad_request(format!(
                "enhancement must be true or false, not {other:?}."
            )));
        }
    };
    let request = CaseRequest {
        product: params.required("product")?.to_owned(),
        version: params.text("version").unwrap_or_default().to_owned(),
        channel_cost: state.catalogue.points.cost(channel),
        enhancement,
    };
    Ok(Json(service::check_case(&state, &viewer, organisation_id, request).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/ledger",
    tag = "entitlements",
    params(("organisation" = Option<String>, Query, description = "Staff: the organisation's id")),
    responses((status = 200, description = "Every ledger entry", body = Ledger), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn ledger(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Json<Ledger>, AppError> {
    let organisation_id = Params::parse(query.as_deref()).organisation(&viewer)?;
    Ok(Json(service::ledger(&state, &viewer, organisation_id).await?))
}

/// The ledger as a CSV download named after the organisation's id.
#[utoipa::path(
    get,
    path = "/api/v1/ledger.csv",
    tag = "entitlements",
    params(("organisation" = Option<String>, Query, description = "Staff: the organisation's id")),
    responses((status = 200, description = "The ledger as CSV", content_type = "text/csv", body = String), (status = "4XX", description = "Refused: the message says why", body = crate::api::openapi::ErrorBody))
)]
pub(super) async fn ledger_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let organisation_id = Params::parse(query.as_deref()).organisation(&viewer)?;
    let ledger = service::ledger(&state, &viewer, organisation_id).await?;
    let body = export::ledger_csv(&ledger.entries)?;
    let disposition = format!("attachment; filename=\"points-ledger-{organisation_id}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

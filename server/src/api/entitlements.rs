//! `GET /api/v1/entitlements`, `/api/v1/entitlements/check`, `/api/v1/ledger`
//! and `/api/v1/ledger.csv`. Customers and account holders get their own
//! organisation; staff name one with `?organisation=ID`.

use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::Viewer,
    entitlements::{
        Channel, Entitlements, Ledger,
        check::{CaseCheck, CaseRequest},
        server::{export, service},
    },
    error::AppError,
    ids::OrganisationId,
    runtime::AppState,
};

use super::params::{ApiQuery, Flag, Id, optional_text};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(entitlements))
        .routes(routes!(check))
        .routes(routes!(ledger))
        .routes(routes!(ledger_csv))
}

/// Whose entitlements: customers and account holders get their own
/// organisation, staff name one.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct OrganisationQuery {
    /// Staff: the organisation's id.
    #[serde(default)]
    #[param(inline)]
    organisation: Option<Id>,
}

impl OrganisationQuery {
    pub(super) fn organisation(&self, viewer: &Viewer) -> Result<OrganisationId, AppError> {
        organisation_named(viewer, self.organisation)
    }
}

/// The organisation asked about: the one named, or the viewer's own.
fn organisation_named(viewer: &Viewer, named: Option<Id>) -> Result<OrganisationId, AppError> {
    service::organisation_of(viewer, named.map(|id| OrganisationId(id.0)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct CheckQuery {
    /// The product's key.
    #[serde(default, deserialize_with = "optional_text")]
    #[param(required = true)]
    product: Option<String>,
    /// The release.
    #[serde(default, deserialize_with = "optional_text")]
    version: Option<String>,
    /// How the case would be opened (web when absent).
    #[serde(default)]
    #[param(inline)]
    channel: Option<Channel>,
    /// An enhancement request.
    #[serde(default)]
    #[param(inline)]
    enhancement: Flag,
    /// Staff: the organisation's id.
    #[serde(default)]
    #[param(inline)]
    organisation: Option<Id>,
}

#[utoipa::path(
    get,
    path = "/api/v1/entitlements",
    tag = "entitlements",
    params(OrganisationQuery),
    responses((status = 200, description = "Contracts, balance and lots", body = Entitlements))
)]
pub(super) async fn entitlements(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<OrganisationQuery>,
) -> Result<Json<Entitlements>, AppError> {
    let organisation_id = query.organisation(&viewer)?;
    Ok(Json(service::entitlements(&state, &viewer, organisation_id).await?))
}

/// Whether a case for the product and version may be opened, and its cost.
#[utoipa::path(
    get,
    path = "/api/v1/entitlements/check",
    tag = "entitlements",
    params(CheckQuery),
    responses((status = 200, description = "Whether a case may be opened, and its cost", body = CaseCheck))
)]
pub(super) async fn check(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<CheckQuery>,
) -> Result<Json<CaseCheck>, AppError> {
    let organisation_id = organisation_named(&viewer, query.organisation)?;
    let product = query.product.ok_or_else(|| AppError::bad_request("Give the product."))?;
    let channel = query.channel.unwrap_or(Channel::Web);
    let request = CaseRequest {
        product,
        version: query.version.unwrap_or_default(),
        channel_cost: state.catalogue.points.cost(channel),
        enhancement: query.enhancement.0,
    };
    Ok(Json(service::check_case(&state, &viewer, organisation_id, request).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/ledger",
    tag = "entitlements",
    params(OrganisationQuery),
    responses((status = 200, description = "Every ledger entry", body = Ledger))
)]
pub(super) async fn ledger(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<OrganisationQuery>,
) -> Result<Json<Ledger>, AppError> {
    let organisation_id = query.organisation(&viewer)?;
    Ok(Json(service::ledger(&state, &viewer, organisation_id).await?))
}

/// The ledger as a CSV download named after the organisation's id.
#[utoipa::path(
    get,
    path = "/api/v1/ledger.csv",
    tag = "entitlements",
    params(OrganisationQuery),
    responses((status = 200, description = "The ledger as CSV", content_type = "text/csv", body = String))
)]
pub(super) async fn ledger_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<OrganisationQuery>,
) -> Result<Response, AppError> {
    let organisation_id = query.organisation(&viewer)?;
    let ledger = service::ledger(&state, &viewer, organisation_id).await?;
    let body = export::ledger_csv(&ledger.entries)?;
    Ok(csv_download(&format!("points-ledger-{organisation_id}.csv"), body))
}

/// A CSV file for the browser to save under `name`.
pub(super) fn csv_download(name: &str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

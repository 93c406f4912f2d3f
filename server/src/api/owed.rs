//! `/api/v1/ledger/disputes` and `/api/v1/billable-time.csv`: account
//! holders dispute a charge on their ledger and staff answer it; the
//! billable hours as CSV for the organisation's invoice.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use app::{
    auth::server::Viewer,
    entitlements::{
        owed::{Dispute, DisputeReply, NewDispute},
        server::{export, owed, service},
    },
    error::AppError,
    runtime::AppState,
};

use super::{
    entitlements::{OrganisationQuery, csv_download},
    params::{ApiPath, ApiQuery, Id},
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dispute))
        .routes(routes!(answer_dispute))
        .routes(routes!(billable_csv))
}

/// Account holders dispute a case's charge on their own ledger, once.
#[utoipa::path(
    post,
    path = "/api/v1/ledger/disputes",
    tag = "entitlements",
    request_body = NewDispute,
    responses(
        (status = 201, description = "Raised: staff are told", body = Dispute),
        (status = 409, description = "Disputed already, or given back"),
    )
)]
pub(super) async fn dispute(
    State(state): State<AppState>,
    viewer: Viewer,
    Json(body): Json<NewDispute>,
) -> Result<(StatusCode, Json<Dispute>), AppError> {
    let dispute = owed::raise(&state, &viewer, body.entry_id, &body.reason).await?;
    Ok((StatusCode::CREATED, Json(dispute)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct DisputePath {
    /// The dispute's id.
    #[param(inline)]
    id: Id,
}

/// Staff answer a dispute: `uphold` (with `text` saying why) or `refund`.
#[utoipa::path(
    post,
    path = "/api/v1/ledger/disputes/{id}/answer",
    tag = "entitlements",
    params(DisputePath),
    request_body = DisputeReply,
    responses(
        (status = 200, description = "Answered: the account holder is told", body = Dispute),
        (status = 409, description = "Answered already"),
    )
)]
pub(super) async fn answer_dispute(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(DisputePath { id: Id(id) }): ApiPath<DisputePath>,
    Json(body): Json<DisputeReply>,
) -> Result<Json<Dispute>, AppError> {
    Ok(Json(owed::answer(&state, &viewer, id, body.answer, &body.text).await?))
}

/// The billable hours, one row per entry, with the rate and the amount
/// owed (Selfdesk records it; payment happens outside the portal).
#[utoipa::path(
    get,
    path = "/api/v1/billable-time.csv",
    tag = "entitlements",
    params(OrganisationQuery),
    responses((status = 200, description = "Billable time as CSV", content_type = "text/csv", body = String))
)]
pub(super) async fn billable_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<OrganisationQuery>,
) -> Result<Response, AppError> {
    let organisation_id = query.organisation(&viewer)?;
    let time = service::billable_time(&state, &viewer, organisation_id).await?;
    let body = export::billable_csv(&time)?;
    Ok(csv_download(&format!("billable-time-{organisation_id}.csv"), body))
}

//! Server functions of the admin's entitlement tools: the plan catalogue,
//! contracts, packs, adjustments, and refunds (engineers too).

// A server function takes one argument per form field, so the plain HTML
// forms post to it without scripts.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::Plan;
use crate::{auth::csrf::CsrfClient, error::AppError};

/// The plan catalogue, for the admin's plans page.
#[server(client = CsrfClient)]
pub async fn load_plans() -> Result<Vec<Plan>, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        entitlements::server::plans,
        server::app_state,
    };

    authorize(&current_viewer(), Action::ManageEntitlements)?;
    Ok(plans::list(&app_state()?.db).await?)
}

/// Creates a plan or changes the one with this key.
#[server(client = CsrfClient)]
pub async fn save_plan(
    key: String,
    name: String,
    kind: String,
    included_points: i64,
    priority: String,
    availability: String,
    response_minutes: i64,
    training_seats: i64,
    health_checks: i64,
    opens_cases: Option<String>,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, server::app_state};

    let plan = Plan {
        key: key.trim().to_owned(),
        name,
        kind: kind.parse()?,
        included_points,
        priority: priority.parse()?,
        availability: availability.parse()?,
        response_minutes,
        training_seats,
        health_checks,
        opens_cases: opens_cases.is_some(),
    };
    Ok(service::save_plan(&app_state()?, &current_viewer(), plan).await?)
}

/// Creates a contract for the organisation or changes the one with this
/// number; with `grant_included_points`, grants the plan's points too.
#[server(client = CsrfClient)]
pub async fn save_contract(
    organisation_id: i64,
    number: String,
    plan_key: String,
    starts_on: String,
    ends_on: String,
    products: Option<Vec<String>>,
    supported_releases: String,
    grant_included_points: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        auth::server::current_viewer,
        entitlements::server::{contracts::ContractInput, service},
        server::app_state,
    };

    let input = ContractInput {
        organisation_id,
        number,
        plan_key,
        starts_on,
        ends_on,
        products: products.unwrap_or_default(),
        supported_releases,
        grant_included_points: grant_included_points.is_some(),
    };
    Ok(service::save_contract(&app_state()?, &current_viewer(), input).await?)
}

/// Records a points pack sold to the organisation.
#[server(client = CsrfClient)]
pub async fn sell_pack(organisation_id: i64, size: i64) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, server::app_state};

    Ok(service::sell_pack(&app_state()?, &current_viewer(), organisation_id, size).await?)
}

/// Adds (positive) or removes (negative) points, with the reason.
#[server(client = CsrfClient)]
pub async fn adjust_points(
    organisation_id: i64,
    points: i64,
    reason: String,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, server::app_state};

    let state = app_state()?;
    Ok(service::adjust_points(&state, &current_viewer(), organisation_id, points, &reason).await?)
}

/// Gives a case's points back: its cause was a product bug.
#[server(client = CsrfClient)]
pub async fn refund_charge(organisation_id: i64, case_reference: String) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, server::app_state};

    let state = app_state()?;
    Ok(service::refund_case(&state, &current_viewer(), organisation_id, &case_reference).await?)
}

//! Server functions of the admin's entitlement tools: the plan catalogue,
//! contracts, packs, adjustments, and refunds (engineers too).

use leptos::prelude::*;

use serde::{Deserialize, Serialize};

use super::{ContractInput, Plan, PointsAdjustment, holidays::CalendarHolidays};
use crate::{auth::csrf::CsrfClient, error::AppError, ids::OrganisationId};

/// The plan catalogue, for the admin's plans page.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_plans() -> Result<Vec<Plan>, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        entitlements::server::plans,
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::ManageEntitlements)?;
    Ok(plans::list(&app_state()?.db).await?)
}

/// The admins' plans page: the plan catalogue, the calendars' holidays and
/// what admins must act on in them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlansPage {
    pub plans: Vec<Plan>,
    /// Holiday lists that end within 90 days.
    pub calendar_warnings: Vec<String>,
    pub holidays: Vec<CalendarHolidays>,
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_plans_page() -> Result<PlansPage, AppError> {
    Ok(PlansPage {
        plans: load_plans().await?,
        calendar_warnings: load_calendar_warnings().await?,
        holidays: super::holidays::load_holidays().await?,
    })
}

/// What admins must act on in the calendars: holiday lists that end
/// within 90 days.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_calendar_warnings() -> Result<Vec<String>, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::ManageEntitlements)?;
    let state = app_state()?;
    Ok(state.catalogue.service_levels.calendars.holidays_running_out(state.clock.now(), 90))
}

/// Creates a plan or changes the one with this key.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn save_plan(plan: Plan) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, runtime::app_state};

    let plan = Plan { key: plan.key.trim().to_owned(), ..plan };
    Ok(service::save_plan(&app_state()?, &current_viewer(), plan).await?)
}

/// Creates a contract for the organisation or changes the one with this
/// number; with `grant_included_points`, grants the plan's points too.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn save_contract(contract: ContractInput) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, runtime::app_state};

    Ok(service::save_contract(&app_state()?, &current_viewer(), contract).await?)
}

/// Records a points pack sold to the organisation.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn sell_pack(organisation_id: OrganisationId, size: i64) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, runtime::app_state};

    Ok(service::sell_pack(&app_state()?, &current_viewer(), organisation_id, size).await?)
}

/// Adds (positive) or removes (negative) points, with the reason.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn adjust_points(adjustment: PointsAdjustment) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, runtime::app_state};

    Ok(service::adjust_points(&app_state()?, &current_viewer(), adjustment).await?)
}

/// Gives a case's points back: its cause was a product bug.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn refund_charge(
    organisation_id: OrganisationId,
    case_reference: String,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, entitlements::server::service, runtime::app_state};

    let state = app_state()?;
    Ok(service::refund_case(&state, &current_viewer(), organisation_id, &case_reference).await?)
}

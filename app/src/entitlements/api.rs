//! Server functions of the entitlements pages: what the organisation is
//! entitled to, its points and its ledger.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Entitlements, Ledger, Plan, Product};
use crate::{auth::csrf::CsrfClient, error::AppError, ids::OrganisationId};

/// Everything the entitlements page shows the viewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EntitlementsPage {
    pub entitlements: Entitlements,
    /// Account holders and staff; customers see the balance only.
    pub ledger: Option<Ledger>,
    /// For admins: what the forms offer.
    pub admin: Option<AdminChoices>,
    /// The organisation's account holder may dispute a charge.
    pub may_dispute: bool,
    /// Staff answer disputes.
    pub answers_disputes: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminChoices {
    pub plans: Vec<Plan>,
    pub products: Vec<Product>,
    pub packs: Vec<i64>,
}

/// The viewer's organisation, or the one named (staff).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_entitlements_page(
    organisation_id: Option<OrganisationId>,
) -> Result<EntitlementsPage, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        entitlements::server::{plans, service},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let state = app_state()?;
    let organisation_id = service::organisation_of(&viewer, organisation_id)?;
    let entitlements = service::entitlements(&state, &viewer, organisation_id).await?;
    let ledger = match authorize(&viewer, Action::ViewLedger { organisation_id }) {
        Ok(_) => Some(service::ledger(&state, &viewer, organisation_id).await?),
        Err(_) => None,
    };
    let admin = match authorize(&viewer, Action::ManageEntitlements) {
        Ok(_) => Some(AdminChoices {
            plans: plans::list(&state.db).await?,
            products: state.catalogue.products.clone(),
            packs: state.catalogue.points.packs.clone(),
        }),
        Err(_) => None,
    };
    let may_dispute = authorize(&viewer, Action::DisputeCharge { organisation_id }).is_ok();
    let answers_disputes = authorize(&viewer, Action::RefundCharges).is_ok();
    Ok(EntitlementsPage { entitlements, ledger, admin, may_dispute, answers_disputes })
}

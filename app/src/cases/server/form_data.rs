//! What the case form offers the viewer: the products their contracts
//! cover (every product for staff, and for a paid ticket where the policy
//! sells one), the case types' rules, the balance and the upload rules.

use super::create::acting_for;
use crate::{
    accounts::{Role, server::partners},
    auth::server::{Action, Viewer, authorize},
    cases::{CaseFormData, ClientChoice, EntitledProduct},
    entitlements::{Channel, ContractStatus, server::service},
    error::AppError,
    ids::OrganisationId,
    infra::error::ServerError,
    runtime::AppState,
};

/// What the case form offers: the products the organisation's active
/// contracts cover (every product for staff), the case types' rules, the
/// balance and the upload rules.
pub async fn form_data(
    state: &AppState,
    viewer: &Viewer,
    client: Option<OrganisationId>,
    // Where the known problems' section is shown (its "follow" comes back there).
    shown_on: crate::problems::FollowedFrom,
) -> Result<CaseFormData, ServerError> {
    let user = viewer.require_user()?;
    let catalogue = &state.catalogue;
    let mut chosen = None;
    let mut paid_ticket_rate = None;
    let (products, balance) = match user.organisation_id() {
        Some(own) => {
            let (organisation_id, partner, billed) = match acting_for(state, own, client).await? {
                None => (own, None, own),
                Some(for_client) => (for_client.client, Some(for_client.access), for_client.billed),
            };
            authorize(viewer, Action::OpenCase { organisation_id, partner })?;
            if partner.is_some() {
                let clients = partners::clients_of(&state.db, own).await?;
                chosen = clients
                    .into_iter()
                    .find(|p| p.client_id == organisation_id)
                    .map(|p| ClientChoice { id: p.client_id, name: p.client });
            }
            let entitlements = service::load(state, billed).await?;
            let mut products: Vec<EntitledProduct> = Vec::new();
            let active = entitlements.contracts.iter().filter(|c| {
                c.status == ContractStatus::Active && c.plan.as_ref().is_some_and(|p| p.opens_cases)
            });
            for covered in active.flat_map(|c| c.products.iter()) {
                match products.iter_mut().find(|p| p.key == covered.key) {
                    Some(product) => {
                        for release in &covered.supported_releases {
                            if !product.supported_releases.contains(release) {
                                product.supported_releases.push(release.clone());
                            }
                        }
                    }
                    None => products.push(EntitledProduct {
                        key: covered.key.clone(),
                        name: covered.name.clone(),
                        supported_releases: covered.supported_releases.clone(),
                    }),
                }
            }
            if let Some(paid) = paid_tickets(state) {
                // A paid ticket may be for any product, in any release.
                for product in &state.catalogue.products {
                    if !products.iter().any(|p| p.key == product.key) {
                        products.push(EntitledProduct {
                            key: product.key.clone(),
                            name: product.name.clone(),
                            supported_releases: product.releases.clone(),
                        });
                    }
                }
                paid_ticket_rate = Some(paid);
            }
            (products, Some(entitlements.balance))
        }
        None if matches!(user.role, Role::Engineer | Role::Admin) => {
            let products = catalogue
                .products
                .iter()
                .map(|p| EntitledProduct {
                    key: p.key.clone(),
                    name: p.name.clone(),
                    supported_releases: p.latest_releases(),
                })
                .collect();
            (products, None)
        }
        None => return Err(AppError::Forbidden.into()),
    };
    let known_problems = if balance.is_some() {
        use crate::problems::{known, server::affecting};
        let keys: Vec<String> = products.iter().map(|p| p.key.clone()).collect();
        let problems = affecting(state, viewer, &keys).await?;
        known::section(&problems, shown_on, &crate::auth::csrf::csrf_token())
    } else {
        String::new()
    };
    Ok(CaseFormData {
        known_problems,
        products,
        severities: catalogue.service_levels.severities().to_vec(),
        case_types: catalogue.case_types.clone(),
        balance,
        web_cost: catalogue.points.cost(Channel::Web),
        max_upload_bytes: state.settings.uploads.max_bytes,
        upload_types: state.settings.uploads.extensions.clone(),
        first_hints: Vec::new(),
        client: chosen,
        paid_ticket_rate,
    })
}

/// The rate of paid tickets, where the policy sells them to customers
/// without a plan that covers the case.
fn paid_tickets(state: &AppState) -> Option<crate::cases::charges::HourlyRate> {
    state.catalogue.paid_work.as_ref().filter(|paid| paid.without_plan).map(|paid| paid.rate())
}

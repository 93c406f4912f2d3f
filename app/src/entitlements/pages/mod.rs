//! Plans and points: what an organisation is entitled to, its balance and
//! lots, and (for account holders and staff) the ledger. Admins also grant
//! points and change contracts here.

mod admin;
mod balance_chart;
mod history;
mod holidays;
mod owed;
pub mod plans;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    entitlements::{
        Contract, ContractStatus, EXPIRY_WARNING_DAYS, Entitlements, Lot,
        api::{EntitlementsPage as PageData, load_entitlements_page},
    },
    format,
    ids::OrganisationId,
    ui::{feedback::Loaded, table::DataTable},
};
use admin::{AdminActions, AdminTools};
use history::LedgerHistory;
use owed::{Billable, DisputeRights, Disputes};

/// `/entitlements` (the viewer's organisation) and
/// `/organisations/:id/entitlements` (staff).
#[component]
pub fn EntitlementsPage() -> impl IntoView {
    let params = use_params_map();
    let actions = AdminActions::new();
    let page = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<OrganisationId>().ok())),
                actions.version(),
            )
        },
        |(organisation_id, _)| load_entitlements_page(organisation_id),
    );
    view! {
        <Title text="Plans and points" />
        <Loaded resource=page show=move |data| view! { <Overview data actions /> } />
    }
}

#[component]
fn Overview(data: PageData, actions: AdminActions) -> impl IntoView {
    let PageData { entitlements, ledger, admin, may_dispute, answers_disputes } = data;
    let organisation_id = entitlements.organisation.id;
    let rights = DisputeRights { raise: may_dispute, answer: answers_disputes };
    let history = ledger.map(|ledger| {
        let (disputes, charges) = (ledger.disputes.clone(), ledger.case_charges.clone());
        view! {
            <Billable time=ledger.billable.clone() organisation_id />
            <LedgerHistory ledger as_of=entitlements.as_of organisation_id />
            <Disputes disputes charges organisation_id rights />
        }
    });
    let tools = admin.map(|choices| {
        view! { <AdminTools organisation_id choices contracts=entitlements.contracts.clone() actions /> }
    });
    view! {
        <h1>"Plans and points"</h1>
        <p class="lead">{entitlements.organisation.name.clone()}</p>
        <Balance entitlements=entitlements.clone() />
        <Contracts contracts=entitlements.contracts.clone() />
        <Lots lots=entitlements.lots.clone() as_of=entitlements.as_of />
        {history}
        {tools}
    }
}

/// The balance at a glance; also shown to customers before they file a case.
#[component]
pub fn Balance(entitlements: Entitlements) -> impl IntoView {
    let next_expiry = entitlements.lots.first().map(|lot| {
        view! {
            <dt>"Next expiry"</dt>
            <dd>{format!("{} points on {}", lot.remaining, format::date(lot.expires_at))}</dd>
        }
    });
    view! {
        <section aria-labelledby="balance-title" class="balance">
            <h2 id="balance-title">"Balance"</h2>
            <dl class="facts">
                <dt>"Points available"</dt>
                <dd class="balance-figure">{entitlements.balance}</dd>
                <dt>{format!("Expiring in the next {EXPIRY_WARNING_DAYS} days")}</dt>
                <dd>{entitlements.expiring_soon}</dd>
                {next_expiry}
                <dt>"As of"</dt>
                <dd>{format::date_time(entitlements.as_of)}</dd>
            </dl>
        </section>
    }
}

fn validity(contract: &Contract) -> String {
    match (&contract.starts_on, &contract.ends_on) {
        (Some(start), Some(end)) => format!("{start} to {end}"),
        _ => "Not set".to_owned(),
    }
}

#[component]
fn Contracts(contracts: Vec<Contract>) -> impl IntoView {
    let empty = contracts.is_empty().then(|| view! { <p>"No contracts yet."</p> });
    let rows = contracts
        .into_iter()
        .map(|contract| {
            let products = contract
                .products
                .iter()
                .map(|p| format!("{} (releases {})", p.name, p.supported_releases.join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
            let plan = contract.plan.as_ref().map(|plan| {
                let extras = [
                    (plan.training_seats > 0)
                        .then(|| format!("{} training seats", plan.training_seats)),
                    (plan.health_checks > 0)
                        .then(|| format!("{} health checks a year", plan.health_checks)),
                ];
                let extras: Vec<String> = extras.into_iter().flatten().collect();
                format!(
                    "{} — {}, response within {}, {} priority{}{}",
                    plan.name,
                    plan.availability.as_str(),
                    plan.response_target(),
                    plan.priority.label().to_lowercase(),
                    if plan.costs_points() {
                        format!(", {} points included", plan.included_points)
                    } else {
                        ", no points needed".to_owned()
                    },
                    if extras.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", extras.join(", "))
                    },
                )
            });
            let status_class = match contract.status {
                ContractStatus::Active => "status status-ok",
                _ => "status status-warn",
            };
            view! {
                <tr>
                    <th scope="row">{contract.number.clone()}</th>
                    <td>{plan.unwrap_or_else(|| "No plan".to_owned())}</td>
                    <td>{validity(&contract)}</td>
                    <td><span class=status_class>{contract.status.label()}</span></td>
                    <td>{products}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="contracts-title">
            <h2 id="contracts-title">"Contracts"</h2>
            {empty}
            <DataTable caption="Support contracts" columns=&["Contract", "Plan", "Valid", "Status", "Products and supported releases"]>
                {rows}
            </DataTable>
        </section>
    }
}

#[component]
fn Lots(lots: Vec<Lot>, as_of: i64) -> impl IntoView {
    let warn_until = as_of + EXPIRY_WARNING_DAYS * 86_400_000;
    let empty = lots.is_empty().then(|| view! { <p>"No points left."</p> });
    let rows = lots
        .into_iter()
        .map(|lot| {
            let soon = (lot.expires_at <= warn_until).then_some(" (soon)");
            view! {
                <tr>
                    <th scope="row">{lot.reason.clone()}</th>
                    <td>{format::date(lot.granted_at)}</td>
                    <td class="number">{lot.granted}</td>
                    <td class="number">{lot.remaining}</td>
                    <td>{format::date(lot.expires_at)}<strong>{soon}</strong></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="lots-title">
            <h2 id="lots-title">"Points by expiry"</h2>
            <p class="hint">"Cases spend the points that expire first."</p>
            {empty}
            <DataTable caption="Lots of points with points left" columns=&["Granted as", "Granted on", "Granted", "Left", "Expires on"]>
                {rows}
            </DataTable>
        </section>
    }
}

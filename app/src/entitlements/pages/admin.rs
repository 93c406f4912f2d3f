//! The admin's tools on an organisation's plans and points: sell a pack,
//! adjust points, refund a case, add or change a contract.

use leptos::prelude::*;

use crate::{
    auth::csrf::CsrfField,
    entitlements::{
        Contract,
        admin_api::{AdjustPoints, RefundCharge, SaveContract, SellPack},
        api::AdminChoices,
    },
    ids::OrganisationId,
    ui::feedback::ActionOutcome,
};

#[derive(Clone, Copy)]
pub struct AdminActions {
    sell_pack: ServerAction<SellPack>,
    adjust: ServerAction<AdjustPoints>,
    refund: ServerAction<RefundCharge>,
    save_contract: ServerAction<SaveContract>,
}

impl AdminActions {
    pub fn new() -> Self {
        Self {
            sell_pack: ServerAction::new(),
            adjust: ServerAction::new(),
            refund: ServerAction::new(),
            save_contract: ServerAction::new(),
        }
    }

    /// Changes whenever one of the actions has completed, to reload the page's data.
    pub fn version(&self) -> usize {
        self.sell_pack.version().get()
            + self.adjust.version().get()
            + self.refund.version().get()
            + self.save_contract.version().get()
    }
}

#[component]
pub fn AdminTools(
    organisation_id: OrganisationId,
    choices: AdminChoices,
    contracts: Vec<Contract>,
    actions: AdminActions,
) -> impl IntoView {
    let packs = choices
        .packs
        .iter()
        .map(|size| view! { <option value=*size>{format!("{size} points")}</option> })
        .collect_view();
    let contract_forms = contracts
        .into_iter()
        .map(|contract| {
            view! { <ContractForm organisation_id choices=choices.clone() contract=Some(contract) action=actions.save_contract /> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="admin-title">
            <h2 id="admin-title">"Administration"</h2>
            <h3 id="pack-title">"Sell a points pack"</h3>
            <ActionForm action=actions.sell_pack attr:aria-labelledby="pack-title" attr:class="tool-form">
                <CsrfField />
                <input type="hidden" name="organisation_id" value=organisation_id.to_string() />
                <ActionOutcome result=actions.sell_pack.value().into() success="The pack was added." />
                <div class="field">
                    <label for="pack-size">"Pack"</label>
                    <select id="pack-size" name="size">{packs}</select>
                </div>
                <button type="submit" class="button">"Add the pack"</button>
            </ActionForm>

            <h3 id="adjust-title">"Grant or remove points"</h3>
            <ActionForm action=actions.adjust attr:aria-labelledby="adjust-title" attr:class="tool-form">
                <CsrfField />
                <input type="hidden" name="adjustment[organisation_id]" value=organisation_id.to_string() />
                <ActionOutcome result=actions.adjust.value().into() success="The change was recorded." />
                <div class="field">
                    <label for="adjust-points">"Points (negative to remove)"</label>
                    <input id="adjust-points" name="adjustment[points]" type="number" step="1" required />
                </div>
                <div class="field">
                    <label for="adjust-reason">"Reason"</label>
                    <input id="adjust-reason" name="adjustment[reason]" required maxlength="200" />
                </div>
                <button type="submit" class="button">"Record the change"</button>
            </ActionForm>

            <h3 id="refund-title">"Refund a case"</h3>
            <ActionForm action=actions.refund attr:aria-labelledby="refund-title" attr:class="tool-form">
                <CsrfField />
                <input type="hidden" name="organisation_id" value=organisation_id.to_string() />
                <ActionOutcome result=actions.refund.value().into() success="The case's points were given back." />
                <div class="field">
                    <label for="refund-case">"Case reference (its cause was a product bug)"</label>
                    <input id="refund-case" name="case_reference" required placeholder="CASE-000123" />
                </div>
                <button type="submit" class="button">"Give the points back"</button>
            </ActionForm>

            <h3>"Contracts"</h3>
            <ActionOutcome result=actions.save_contract.value().into() success="The contract was saved." />
            {contract_forms}
            <ContractForm organisation_id choices contract=None action=actions.save_contract />
        </section>
    }
}

#[component]
fn ContractForm(
    organisation_id: OrganisationId,
    choices: AdminChoices,
    contract: Option<Contract>,
    action: ServerAction<SaveContract>,
) -> impl IntoView {
    let is_new = contract.is_none();
    let id = contract.as_ref().map(|c| c.number.clone()).unwrap_or_else(|| "new".to_owned());
    let field = move |name: &str| format!("contract-{id}-{name}");
    let legend = contract
        .as_ref()
        .map(|c| format!("Contract {}", c.number))
        .unwrap_or_else(|| "New contract".to_owned());
    let plan_key = contract.as_ref().and_then(|c| c.plan.as_ref().map(|p| p.key.clone()));
    let plans = choices
        .plans
        .iter()
        .map(|plan| {
            let selected = plan_key.as_deref() == Some(plan.key.as_str());
            view! { <option value=plan.key.clone() selected=selected>{plan.name.clone()}</option> }
        })
        .collect_view();
    let products = choices
        .products
        .iter()
        .map(|product| {
            let checked = contract
                .as_ref()
                .is_none_or(|c| c.products.iter().any(|covered| covered.key == product.key));
            let product_id = field(&format!("product-{}", product.key));
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=product_id.clone() name="contract[products][]" value=product.key.clone() checked=checked />
                    <label for=product_id>{product.name.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let (starts_on, ends_on, releases, number) = match &contract {
        Some(c) => (
            c.starts_on.clone().unwrap_or_default(),
            c.ends_on.clone().unwrap_or_default(),
            c.release_override.join(", "),
            c.number.clone(),
        ),
        None => Default::default(),
    };
    let number_field = if is_new {
        view! {
            <div class="field">
                <label for=field("number")>"Contract number"</label>
                <input id=field("number") name="contract[number]" required />
            </div>
        }
        .into_any()
    } else {
        view! { <input type="hidden" name="contract[number]" value=number /> }.into_any()
    };
    view! {
        <ActionForm action attr:class="tool-form">
            <fieldset>
                <legend>{legend}</legend>
                <CsrfField />
                <input type="hidden" name="contract[organisation_id]" value=organisation_id.to_string() />
                {number_field}
                <div class="field">
                    <label for=field("plan")>"Plan"</label>
                    <select id=field("plan") name="contract[plan_key]">{plans}</select>
                </div>
                <div class="inline-fields">
                    <div class="field">
                        <label for=field("start")>"First day"</label>
                        <input id=field("start") name="contract[starts_on]" type="date" required value=starts_on />
                    </div>
                    <div class="field">
                        <label for=field("end")>"Last day"</label>
                        <input id=field("end") name="contract[ends_on]" type="date" required value=ends_on />
                    </div>
                </div>
                <fieldset>
                    <legend>"Products covered"</legend>
                    {products}
                </fieldset>
                <div class="field">
                    <label for=field("releases")>"Supported major releases (empty: the latest of each product)"</label>
                    <input id=field("releases") name="contract[supported_releases]" value=releases placeholder="8, 9" />
                </div>
                <div class="checkbox">
                    <input type="checkbox" id=field("grant") name="contract[grant_included_points]" value="on" checked=is_new />
                    <label for=field("grant")>"Grant the plan's included points now"</label>
                </div>
                <button type="submit" class="button">{if is_new { "Add the contract" } else { "Save the contract" }}</button>
            </fieldset>
        </ActionForm>
    }
}

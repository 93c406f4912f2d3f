//! The parts of the case form: severity, product and version, the case
//! type's own fields, and its files.

use std::collections::{BTreeMap, BTreeSet};

use leptos::{ev, prelude::*};

use super::Typed;
use crate::{
    cases::{
        ArtifactKind, CaseField, CaseType, CaseTypeRule, EntitledProduct, Severity, SeverityLevel,
        form_fields::{CaseFormField, file_field},
    },
    entitlements::check::major_release,
    ui::text_area::textarea_text,
};

/// The policy's severities, each with what it means; the least urgent is
/// chosen until the customer says otherwise.
#[component]
pub fn SeverityChoice(severities: Vec<SeverityLevel>, selected: Option<Severity>) -> impl IntoView {
    let selected = selected
        .filter(|s| severities.iter().any(|level| level.severity == *s))
        .or_else(|| severities.last().map(|level| level.severity));
    let choices = severities
        .into_iter()
        .map(|level| {
            let severity = level.severity;
            let id = format!("severity-{}", severity.as_str());
            let described = format!("{id}-definition");
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name=CaseFormField::Severity.name() value=severity.as_str()
                        checked=Some(severity) == selected aria-describedby=described.clone() />
                    <label for=id>{level.name.clone()}</label>
                    <p class="hint" id=described>{level.description()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="severity">
            <legend>"Severity"</legend>
            {choices}
        </fieldset>
    }
}

fn remember(filled: RwSignal<BTreeMap<CaseField, String>>, field: CaseField, value: String) {
    filled.update(|map| {
        if value.trim().is_empty() {
            map.remove(&field);
        } else {
            map.insert(field, value);
        }
    });
}

#[component]
pub fn ProductAndVersion(
    products: Vec<EntitledProduct>,
    typed: Typed,
    filled: RwSignal<BTreeMap<CaseField, String>>,
    /// Whether the chosen type of case needs the version.
    version_required: Signal<bool>,
) -> impl IntoView {
    if products.is_empty() {
        return view! {
            <p class="form-error" role="alert">
                "No contract of your organisation covers a product today. Contact your account manager to renew or extend it; enhancement requests can still be sent."
            </p>
            <input type="hidden" name=CaseField::Product.as_str() value="" />
        }
        .into_any();
    }
    let initial = Some(typed.get(CaseField::Product.as_str()))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| products[0].key.clone());
    remember(filled, CaseField::Product, initial.clone());
    let options = products
        .iter()
        .map(|p| view! { <option value=p.key.clone() selected=p.key == initial>{p.name.clone()}</option> })
        .collect_view();
    let products = StoredValue::new(products);
    let supported = move || {
        let product = filled.with(|f| f.get(&CaseField::Product).cloned().unwrap_or_default());
        products.with_value(|all| {
            all.iter()
                .find(|p| p.key == product)
                .map(|p| p.supported_releases.clone())
                .unwrap_or_default()
        })
    };
    let version_note = move || {
        let releases = supported();
        let version = filled.with(|f| f.get(&CaseField::Version).cloned().unwrap_or_default());
        let major = major_release(&version);
        match major {
            Some(major) if !version.trim().is_empty() && !releases.contains(&major) => format!(
                "Release {major} is not supported under your contract (supported: {}). Upgrade, or ask your account manager about paid support.",
                releases.join(", ")
            ),
            _ => format!("Supported releases: {}.", releases.join(", ")),
        }
    };
    view! {
        <div class="inline-fields">
            <div class="field">
                <label for="case-product">"Product"</label>
                <select id="case-product" name=CaseField::Product.as_str()
                    on:change=move |event: ev::Event| remember(filled, CaseField::Product, event_target_value(&event))>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="case-version">{move || format!("Software version{}", need(version_required.get()))}</label>
                <input id="case-version" name=CaseField::Version.as_str() value=typed.get(CaseField::Version.as_str())
                    aria-describedby="case-version-note" required=version_required
                    on:input=move |event: ev::Event| remember(filled, CaseField::Version, event_target_value(&event)) />
            </div>
        </div>
        // Read with the field, not on every keystroke.
        <p class="hint" id="case-version-note">{version_note}</p>
    }
    .into_any()
}

fn rule_for(rules: StoredValue<Vec<CaseTypeRule>>, case_type: CaseType) -> Option<CaseTypeRule> {
    rules.with_value(|rules| rules.iter().find(|r| r.case_type == case_type).cloned())
}

fn need(required: bool) -> &'static str {
    if required { " (required)" } else { " (optional)" }
}

#[component]
pub fn TypeFields(
    rules: StoredValue<Vec<CaseTypeRule>>,
    case_type: RwSignal<CaseType>,
    typed: Typed,
    filled: RwSignal<BTreeMap<CaseField, String>>,
) -> impl IntoView {
    move || {
        let Some(rule) = rule_for(rules, case_type.get()) else { return ().into_any() };
        let typed = typed.clone();
        rule.fields()
            .filter(|f| !matches!(f, CaseField::Product | CaseField::Version))
            .map(|field| {
                let id = format!("case-field-{}", field.as_str());
                let required = rule.required_fields.contains(&field);
                let value = filled.with_untracked(|f| f.get(&field).cloned()).unwrap_or_else(|| typed.get(field.as_str()));
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("{}{}", field.label(), need(required))}</label>
                        <textarea id=id name=field.as_str() rows="3" required=required
                            on:input=move |event: ev::Event| remember(filled, field, event_target_value(&event))>
                            {textarea_text(value)}
                        </textarea>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }
}

#[component]
pub fn ArtifactInputs(
    rules: StoredValue<Vec<CaseTypeRule>>,
    case_type: RwSignal<CaseType>,
    attached: RwSignal<BTreeSet<ArtifactKind>>,
    upload_types: Vec<String>,
) -> impl IntoView {
    let accept = upload_types.iter().map(|t| format!(".{t}")).collect::<Vec<_>>().join(",");
    move || {
        let Some(rule) = rule_for(rules, case_type.get()) else { return ().into_any() };
        if rule.artifacts().next().is_none() {
            return view! { <p>"This type of case needs no files."</p> }.into_any();
        }
        let inputs = rule
            .artifacts()
            .map(|kind| {
                let id = format!("case-file-{}", kind.as_str());
                let required = rule.required_artifacts.contains(&kind);
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("{}{}", kind.label(), need(required))}</label>
                        <input type="file" id=id name=file_field(kind) multiple accept=accept.clone() required=required
                            on:change=move |event: ev::Event| {
                                // The value names the first file, or is empty when none is chosen.
                                let chosen = !event_target_value(&event).is_empty();
                                attached.update(|set| { if chosen { set.insert(kind); } else { set.remove(&kind); } });
                            } />
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="files">
                <legend>"Files"</legend>
                {inputs}
            </fieldset>
        }
        .into_any()
    }
}

//! `/cases/new`: the case form. Per case type it asks for the type's fields
//! and files and keeps a checklist of what is still missing; severity comes
//! with its definition, products are those the organisation is entitled
//! to, with their supported releases. It is a plain multipart form posted
//! to `POST /cases/new`, so it works without WebAssembly; once the app runs
//! the type switch, the checklist and the version check follow the input,
//! the files go up with a progress bar, and a draft survives a reload.

#[cfg(feature = "hydrate")]
mod browser;
mod fields;
mod hints;
mod sending;

use std::collections::{BTreeMap, BTreeSet};

use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::csrf::CsrfField,
    cases::{
        ArtifactKind, CaseField, CaseFormData, CaseType, Missing, api::load_case_form, checklist,
        form_fields::CaseFormField as Name,
    },
    format,
    problems::known::KnownProblems,
    ui::{
        feedback::Loaded,
        refusal::{ErrorSummary, Refusal},
        text_area::textarea_text,
    },
};
use fields::{ArtifactInputs, ProductAndVersion, SeverityChoice, TypeFields};
use hints::{ArticleHints, described};
use sending::{SendingProgress, keep_draft, send_in_background};

#[component]
pub fn CaseFormPage() -> impl IntoView {
    let query = use_query_map();
    let opened_with = query.with_untracked(|q| described(q.get("subject"), q.get("description")));
    let client = query.with_untracked(|q| q.get("client").and_then(|id| id.parse().ok()));
    let data = Resource::new(|| (), move |_| load_case_form(opened_with.clone(), client));
    view! {
        <Title text="Open a case" />
        <h1>"Open a case"</h1>
        <Loaded resource=data show=move |data| view! { <CaseForm data /> } />
    }
}

/// What was typed, as the query string carries it back after a refusal.
#[derive(Clone)]
pub(super) struct Typed(BTreeMap<String, String>);

impl Typed {
    /// The form's fields the address carries.
    fn from_query() -> Self {
        let query = use_query_map();
        Typed(query.with_untracked(|q| {
            let mut values = BTreeMap::new();
            // `type` opens the form on a type; `error` is a refusal's message.
            let names = ["type", "error"].into_iter().chain(Name::ALL.iter().map(|f| f.name()));
            for name in names.chain(CaseField::ALL.iter().map(|f| f.as_str())) {
                if let Some(value) = q.get(name) {
                    values.insert(name.to_owned(), value);
                }
            }
            values
        }))
    }

    pub fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }
}

#[component]
fn CaseForm(data: CaseFormData) -> impl IntoView {
    let typed = Typed::from_query();
    let initial_type = [typed.get(Name::CaseType.name()), typed.get("type")]
        .iter()
        .find_map(|t| t.parse::<CaseType>().ok())
        .unwrap_or(CaseType::Question);
    let case_type = RwSignal::new(initial_type);
    // The subject and description as typed: the suggestions follow them.
    let (subject, set_subject) = signal(typed.get(Name::Subject.name()));
    let (description, set_description) = signal(typed.get(Name::Description.name()));
    let filled = RwSignal::new(
        CaseField::ALL
            .iter()
            .map(|f| (*f, typed.get(f.as_str())))
            .filter(|(_, v)| !v.is_empty())
            .collect::<BTreeMap<_, _>>(),
    );
    let attached = RwSignal::new(BTreeSet::<ArtifactKind>::new());
    let rules = StoredValue::new(data.case_types.clone());
    let missing = move || {
        let kinds: Vec<ArtifactKind> = attached.get().into_iter().collect();
        rules.with_value(|rules| {
            rules
                .iter()
                .find(|r| r.case_type == case_type.get())
                .map(|rule| checklist(rule, &filled.get(), &kinds))
                .unwrap_or_default()
        })
    };
    let version_required = move || {
        rules.with_value(|rules| {
            rules.iter().any(|r| {
                r.case_type == case_type.get() && r.required_fields.contains(&CaseField::Version)
            })
        })
    };
    let error = typed.get("error");
    let cost_note = cost_note(&data);
    let staff = data.balance.is_none();
    let (progress, set_progress) = signal(None::<f64>);
    let (send_error, set_send_error) = signal(None::<String>);
    let (restored, set_restored) = signal(false);
    let on_submit = send_in_background(set_progress, set_send_error);
    // The server's refusal: after a plain submission it comes back in the
    // address, after one sent in the background from the request.
    let refusal =
        Refusal::new(Signal::derive(move || send_error.get().unwrap_or_else(|| error.clone())));
    let refusable = Signal::derive(move || refusable_fields(rules, case_type.get()));
    // A draft comes back after a reload, unless the page was opened with
    // text of its own (from "get help" or a refused submission).
    let opened_with_text = !typed.get(Name::Subject.name()).is_empty();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if !opened_with_text {
            restore_draft(case_type, filled, (set_subject, set_description), set_restored);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (opened_with_text, set_restored);
    });
    let type_options = CaseType::ALL
        .iter()
        .map(
            |t| view! { <option value=t.as_str() selected=*t == initial_type>{t.label()}</option> },
        )
        .collect_view();
    view! {
        <ErrorSummary refusal fields=refusable />
        <p class="lead">{cost_note}</p>
        <KnownProblems html=data.known_problems.clone() />
        <p class="hint">{format!(
            "Files: up to {} each; accepted types: {}.",
            format::size(data.max_upload_bytes),
            data.upload_types.join(", ")
        )}</p>
        <Show when=move || restored.get()>
            <p class="form-success" role="status">"What you typed before is back."</p>
        </Show>
        <form method="post" action="/cases/new" enctype="multipart/form-data" class="tool-form case-form"
            on:submit=on_submit on:input=keep_draft>
            // First: the handler reads the token before anything else.
            <CsrfField />
            <input type="hidden" name=Name::Session.name() value=typed.get(Name::Session.name()) />
            {data.client.clone().map(|client| view! { <input type="hidden" name=Name::Client.name() value=client.id.0 /> })}
            <div class="field">
                <label for="case-type">"Type of case"</label>
                <select id="case-type" name=Name::CaseType.name()
                    on:change=move |event: ev::Event| {
                        if let Ok(t) = event_target_value(&event).parse() { case_type.set(t) }
                    }>
                    {type_options}
                </select>
                <noscript>
                    <p class="hint">"Changing the type changes the fields: "<a href="/cases/new?type=product_error">"product error"</a>", "<a href="/cases/new?type=performance">"performance issue"</a>", "<a href="/cases/new?type=unexpected_behaviour">"unexpected behaviour"</a>", "<a href="/cases/new?type=enhancement">"enhancement request"</a>", "<a href="/cases/new?type=question">"question"</a>"."</p>
                </noscript>
            </div>
            {staff.then(|| view! { <StaffFields /> })}
            <div class="field">
                <label for="case-subject">"Subject"</label>
                <input id="case-subject" name=Name::Subject.name() required maxlength="200" value=typed.get(Name::Subject.name())
                    on:input=move |event: ev::Event| set_subject.set(event_target_value(&event)) />
            </div>
            <div class="field">
                <label for="case-description">"Description"</label>
                <textarea id="case-description" name=Name::Description.name() rows="6" required
                    on:input=move |event: ev::Event| set_description.set(event_target_value(&event))>
                    {textarea_text(typed.get(Name::Description.name()))}
                </textarea>
            </div>
            <ArticleHints subject description first_hints=data.first_hints.clone() />
            <SeverityChoice severities=data.severities.clone() selected=typed.get(Name::Severity.name()).parse().ok() />
            <ProductAndVersion products=data.products.clone() typed=typed.clone() filled version_required=Signal::derive(version_required) />
            {data.paid_ticket_rate.clone().map(|rate| view! {
                <div class="checkbox">
                    <input type="checkbox" id="accept-hourly-rate" name=Name::AcceptHourlyRate.name() value="yes"
                        aria-describedby="accept-hourly-rate-hint" />
                    <label for="accept-hourly-rate">{format!("Where our plans do not cover this case, open it as a paid ticket at {}", rate.label())}</label>
                </div>
                <p class="hint" id="accept-hourly-rate-hint">"Support records the time it spends; you see the hours on the case and on your ledger. Payment is arranged with support outside the portal."</p>
            })}
            <TypeFields rules case_type typed=typed.clone() filled />
            <ArtifactInputs rules case_type attached upload_types=data.upload_types.clone() />
            <Checklist missing=Signal::derive(missing) />
            <SendingProgress progress />
            <button type="submit" class="button" disabled=move || progress.get().is_some()>"Open the case"</button>
        </form>
    }
}

/// The fields of the chosen type of case a refusal may name, by label
/// (without "(required)") and input id, in the form's order.
fn refusable_fields(
    rules: StoredValue<Vec<crate::cases::CaseTypeRule>>,
    case_type: CaseType,
) -> Vec<(String, String)> {
    let mut fields = vec![
        ("Subject".to_owned(), "case-subject".to_owned()),
        ("Description".to_owned(), "case-description".to_owned()),
        (CaseField::Product.label().to_owned(), "case-product".to_owned()),
        (CaseField::Version.label().to_owned(), "case-version".to_owned()),
    ];
    rules.with_value(|rules| {
        if let Some(rule) = rules.iter().find(|r| r.case_type == case_type) {
            fields.extend(
                rule.fields()
                    .filter(|f| !matches!(f, CaseField::Product | CaseField::Version))
                    .map(|f| (f.label().to_owned(), format!("case-field-{}", f.as_str()))),
            );
            fields.extend(
                rule.artifacts()
                    .map(|k| (k.label().to_owned(), format!("case-file-{}", k.as_str()))),
            );
        }
    });
    fields
}

/// What the balance means for this case, or (staff) whom it is for.
fn cost_note(data: &CaseFormData) -> String {
    let whose = match &data.client {
        Some(client) => format!("The case is for {}: the entitlement it uses", client.name),
        None => "Your organisation".to_owned(),
    };
    match data.balance {
        Some(balance) => format!(
            "{whose} has {balance} points. A case by web costs {} points on a points plan; enhancement requests cost nothing.",
            data.web_cost
        ),
        None => "You enter this case for a customer: choose the channel and name the customer."
            .to_owned(),
    }
}

/// A change of the checklist is announced once it has stood this long, so
/// that passing through the case types with the arrow keys says nothing.
const CHECKLIST_SETTLES: std::time::Duration = std::time::Duration::from_millis(1200);

/// What the chosen type of case still needs; a change is announced once
/// it settles.
#[component]
fn Checklist(missing: Signal<Vec<Missing>>) -> impl IntoView {
    let (said, say) = signal(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |before: Option<String>| {
        let missing = missing.get();
        let now = if missing.is_empty() {
            "Everything this type of case needs is there.".to_owned()
        } else {
            let labels: Vec<&str> = missing.iter().map(|m| m.label()).collect();
            format!("Still needed: {}.", labels.join(", "))
        };
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if before.is_some_and(|before| before != now) {
            let text = now.clone();
            pending
                .set_value(set_timeout_with_handle(move || say.set(text), CHECKLIST_SETTLES).ok());
        }
        now
    });
    view! {
        <section aria-labelledby="checklist-title" class="checklist">
            <h2 id="checklist-title">"Still needed"</h2>
            <p role="status" class="visually-hidden">{said}</p>
            <div>
                {move || {
                    let missing = missing.get();
                    if missing.is_empty() {
                        view! { <p>"Everything this type of case needs is there."</p> }.into_any()
                    } else {
                        let items = missing.into_iter().map(|m| view! { <li>{m.label()}</li> }).collect_view();
                        view! { <ul>{items}</ul> }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// Phone and email cases that engineers enter for a customer.
#[component]
fn StaffFields() -> impl IntoView {
    view! {
        <div class="inline-fields">
            <div class="field">
                <label for="case-channel">"Channel"</label>
                <select id="case-channel" name=Name::Channel.name()>
                    <option value="phone">"Phone"</option>
                    <option value="email">"Email"</option>
                </select>
            </div>
            <div class="field">
                <label for="case-contact">"Customer's email"</label>
                <input id="case-contact" name=Name::ContactEmail.name() type="email" required />
            </div>
        </div>
    }
}

/// Puts a saved draft back: the signals first (so the type's fields render
/// with their values), then the inputs rendered once.
#[cfg(feature = "hydrate")]
fn restore_draft(
    case_type: RwSignal<CaseType>,
    filled: RwSignal<BTreeMap<CaseField, String>>,
    (set_subject, set_description): (WriteSignal<String>, WriteSignal<String>),
    set_restored: WriteSignal<bool>,
) {
    let draft = browser::load_draft();
    if draft.iter().all(|(_, value)| value.is_empty()) {
        return;
    }
    let mut saved_type = None;
    for (name, value) in &draft {
        if let Ok(field) = name.parse::<CaseField>() {
            filled.update(|map| {
                map.insert(field, value.clone());
            });
        }
        let id = match (Name::from_name(name), name.parse::<CaseField>()) {
            (Some(Name::CaseType), _) => {
                saved_type = value.parse::<CaseType>().ok();
                "case-type".to_owned()
            }
            (Some(Name::Severity), _) => format!("severity-{value}"),
            (Some(Name::Subject), _) => {
                set_subject.set(value.clone());
                "case-subject".to_owned()
            }
            (Some(Name::Description), _) => {
                set_description.set(value.clone());
                "case-description".to_owned()
            }
            (Some(Name::Channel), _) => "case-channel".to_owned(),
            (Some(Name::ContactEmail), _) => "case-contact".to_owned(),
            (_, Ok(CaseField::Product)) => "case-product".to_owned(),
            (_, Ok(CaseField::Version)) => "case-version".to_owned(),
            // The session is not kept; the type's other fields render from `filled`.
            _ => continue,
        };
        browser::restore_value(&id, value);
    }
    case_type.set(saved_type.unwrap_or(case_type.get_untracked()));
    set_restored.set(true);
}

//! The editor's inputs: every front-matter field and the Markdown text, each
//! bound to a signal, named as the save server function reads them
//! (`fields[title]`...), so the form also saves without WebAssembly.

use leptos::{ev, prelude::*};

use crate::{
    cases::CaseType,
    kb::authoring::{DraftFields, audiences},
    ui::text_area::textarea_text,
};

/// One signal per field.
#[derive(Clone, Copy)]
pub struct FieldSignals {
    pub title: RwSignal<String>,
    pub summary: RwSignal<String>,
    pub category: RwSignal<String>,
    pub audience: RwSignal<String>,
    pub plans: RwSignal<String>,
    pub organisations: RwSignal<String>,
    pub products: RwSignal<String>,
    pub tags: RwSignal<String>,
    pub case_types: RwSignal<String>,
    pub body_markdown: RwSignal<String>,
}

impl FieldSignals {
    pub fn new(fields: &DraftFields) -> Self {
        let signal = |value: &String| RwSignal::new(value.clone());
        Self {
            title: signal(&fields.title),
            summary: signal(&fields.summary),
            category: signal(&fields.category),
            audience: signal(&fields.audience),
            plans: signal(&fields.plans),
            organisations: signal(&fields.organisations),
            products: signal(&fields.products),
            tags: signal(&fields.tags),
            case_types: signal(&fields.case_types),
            body_markdown: signal(&fields.body_markdown),
        }
    }

    fn all(&self) -> [RwSignal<String>; 10] {
        [
            self.title,
            self.summary,
            self.category,
            self.audience,
            self.plans,
            self.organisations,
            self.products,
            self.tags,
            self.case_types,
            self.body_markdown,
        ]
    }

    /// Subscribes the running effect to every field.
    pub fn track(&self) {
        for field in self.all() {
            field.track();
        }
    }

    pub fn get_untracked(&self) -> DraftFields {
        let mut fields = DraftFields::default();
        for (field, value) in self.all().into_iter().zip(values_mut(&mut fields)) {
            *value = field.get_untracked();
        }
        fields
    }

    pub fn set(&self, fields: &DraftFields) {
        let mut fields = fields.clone();
        for (field, value) in self.all().into_iter().zip(values_mut(&mut fields)) {
            field.set(std::mem::take(value));
        }
    }
}

/// The fields' values in the order of [`FieldSignals::all`].
fn values_mut(fields: &mut DraftFields) -> [&mut String; 10] {
    let DraftFields {
        title,
        summary,
        category,
        audience,
        plans,
        organisations,
        products,
        tags,
        case_types,
        body_markdown,
    } = fields;
    [
        title,
        summary,
        category,
        audience,
        plans,
        organisations,
        products,
        tags,
        case_types,
        body_markdown,
    ]
}

/// A one-line input bound to its signal.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <input
                id=id
                name=format!("fields[{}]", id.trim_start_matches("field-"))
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |event: ev::Event| value.set(event_target_value(&event))
                required=required
                aria-describedby=described
            />
        </div>
    }
}

/// A text area bound to its signal.
#[component]
fn TextArea(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    rows: u32,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <textarea
                id=id
                name=format!("fields[{}]", id.trim_start_matches("field-"))
                rows=rows
                prop:value=move || value.get()
                on:input=move |event: ev::Event| value.set(event_target_value(&event))
                aria-describedby=described
            >
                {textarea_text(value.get_untracked())}
            </textarea>
        </div>
    }
}

#[component]
pub fn FieldInputs(fields: FieldSignals) -> impl IntoView {
    let audience = fields.audience;
    let options = audiences()
        .into_iter()
        .map(|(value, label)| {
            let value = value.as_str();
            view! {
                <option value=value selected=move || audience.get() == value>
                    {label}
                </option>
            }
        })
        .collect_view();
    let case_type_keys: Vec<&str> = CaseType::ALL.iter().map(|t| t.as_str()).collect();
    let case_types_hint = format!("Comma separated, from: {}.", case_type_keys.join(", "));
    view! {
        <TextField id="field-title" label="Title" value=fields.title required=true />
        <TextArea
            id="field-summary"
            label="Summary"
            value=fields.summary
            rows=2
            hint="Shown in search results; empty: the first paragraph."
        />
        <TextField id="field-category" label="Category" value=fields.category />
        <div class="field">
            <label for="field-audience">"Who may read it"</label>
            <select
                id="field-audience"
                name="fields[audience]"
                on:change=move |event: ev::Event| audience.set(event_target_value(&event))
            >
                {options}
            </select>
        </div>
        <TextField
            id="field-plans"
            label="Only for plans"
            value=fields.plans
            hint="Signed-in customers only: plan keys, comma separated (e.g. gold, platinum). Empty: every customer."
        />
        <TextField
            id="field-organisations"
            label="Only for organisations"
            value=fields.organisations
            hint="Signed-in customers only: organisation names, comma separated."
        />
        <TextArea
            id="field-products"
            label="Products"
            value=fields.products
            rows=2
            hint="One a line, with versions after a colon: Kestrel Gateway: 9, 8"
        />
        <TextField id="field-tags" label="Tags" value=fields.tags hint="Comma separated." />
        <TextField id="field-case_types" label="Case types" value=fields.case_types hint=case_types_hint />
        <TextArea
            id="field-body_markdown"
            label="Text (Markdown)"
            value=fields.body_markdown
            rows=24
            hint="Links: /articles/ADDRESS for another article, #Heading within this one; pictures and files: upload them below."
        />
    }
}

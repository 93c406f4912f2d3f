//! Engineers, on a case's page: take the case, answer, ask, note, assign,
//! raise its level, resolve; on a solved case, start an article from it.

use leptos::prelude::*;

use super::knowledge::KnowledgeFromCase;
use crate::{
    auth::csrf::CsrfField,
    cases::{CaseStatus, Cause, Resolution, api::WorkCase},
    ui::feedback::FormError,
};

fn hidden_fields(reference: String, action: &'static str) -> impl IntoView {
    view! {
        <CsrfField />
        <input type="hidden" name="reference" value=reference />
        <input type="hidden" name="action" value=action />
    }
}

/// Engineers: take the case, answer, ask, note, resolve.
#[component]
pub fn EngineerTools(
    reference: String,
    current: CaseStatus,
    work: ServerAction<WorkCase>,
) -> impl IntoView {
    if current.is_finished() {
        return view! { <KnowledgeFromCase reference /> }.into_any();
    }
    let take_fields = hidden_fields(reference.clone(), "take");
    let assign_fields = hidden_fields(reference.clone(), "assign");
    let raise_fields = hidden_fields(reference.clone(), "raise_level");
    let resolve_fields = hidden_fields(reference.clone(), "resolve");
    let resolutions = Resolution::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str()>{r.label()}</option> })
        .collect_view();
    let causes = Cause::ALL
        .iter()
        .map(|c| view! { <option value=c.as_str()>{c.label()}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="work-title">
            <h2 id="work-title">"Work the case"</h2>
            <FormError result=work.value().into() />
            <ActionForm action=work attr:class="tool-form">
                {take_fields}
                <button type="submit" class="button">"Take the case"</button>
            </ActionForm>
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="answer-title">
                <h3 id="answer-title">"Answer"</h3>
                <CsrfField />
                <input type="hidden" name="reference" value=reference />
                <div class="field">
                    <label for="work-kind">"Kind"</label>
                    <select id="work-kind" name="action">
                        <option value="reply">"Reply to the customer"</option>
                        <option value="ask">"Ask the customer for information (stops the clock)"</option>
                        <option value="note">"Internal note"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="work-body">"Text"</label>
                    <textarea id="work-body" name="body" rows="4" required></textarea>
                </div>
                <button type="submit" class="button">"Send the answer"</button>
            </ActionForm>
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="assign-title">
                <h3 id="assign-title">"Assign"</h3>
                {assign_fields}
                <div class="field">
                    <label for="work-assignee">"Engineer's email"</label>
                    <input id="work-assignee" name="body" type="email" required />
                </div>
                <button type="submit" class="button">"Assign the case"</button>
            </ActionForm>
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="raise-title">
                <h3 id="raise-title">"Raise the level"</h3>
                {raise_fields}
                <div class="field">
                    <label for="work-raise">"Why (L1 to L2 reproduces; L2 to L3 is engineering, the L2 owner stays)"</label>
                    <textarea id="work-raise" name="body" rows="2" required></textarea>
                </div>
                <button type="submit" class="button">"Raise the level"</button>
            </ActionForm>
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="resolve-title">
                <h3 id="resolve-title">"Resolve"</h3>
                {resolve_fields}
                <div class="inline-fields">
                    <div class="field">
                        <label for="work-resolution">"Resolution"</label>
                        <select id="work-resolution" name="resolution">{resolutions}</select>
                    </div>
                    <div class="field">
                        <label for="work-cause">"Cause (a product bug gives the points back)"</label>
                        <select id="work-cause" name="cause">{causes}</select>
                    </div>
                </div>
                <div class="field">
                    <label for="work-summary">"Summary for the customer"</label>
                    <textarea id="work-summary" name="body" rows="3" required></textarea>
                </div>
                <button type="submit" class="button">"Resolve the case"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

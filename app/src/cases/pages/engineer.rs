//! Engineers, on a case's page: take the case, answer, ask, note, assign,
//! raise its level, re-assess its severity, resolve; on a solved case,
//! start an article from it.

use leptos::prelude::*;

use super::knowledge::KnowledgeFromCase;
use crate::{
    auth::csrf::CsrfField,
    cases::{
        CaseStatus, CaseType, Cause, HoldReason, Resolution, SeverityLevel, WorkAction,
        api::WorkCase,
    },
    ui::feedback::FormError,
};

/// The fields every work form sends: the token, the case, the action.
fn work_fields(reference: String, action: WorkAction) -> impl IntoView {
    view! {
        <CsrfField />
        <input type="hidden" name="reference" value=reference />
        <input type="hidden" name="work[action]" value=action.as_str() />
    }
}

fn options<T: Copy + 'static>(
    all: &'static [T],
    word: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> impl IntoView {
    all.iter().map(|&item| view! { <option value=word(item)>{label(item)}</option> }).collect_view()
}

/// Engineers: take the case, answer, ask, note, assign, raise, resolve.
#[component]
pub fn EngineerTools(
    reference: String,
    current: CaseStatus,
    severities: Vec<SeverityLevel>,
    /// The case's type and version as they stand, to re-assess from.
    kind: (CaseType, String),
    work: ServerAction<WorkCase>,
) -> impl IntoView {
    if current.is_finished() {
        return view! { <KnowledgeFromCase reference /> }.into_any();
    }
    let take_fields = work_fields(reference.clone(), WorkAction::Take);
    let assign_fields = work_fields(reference.clone(), WorkAction::Assign);
    let raise_fields = work_fields(reference.clone(), WorkAction::RaiseLevel);
    let answer_reference = reference.clone();
    view! {
        <section aria-labelledby="work-title">
            <h2 id="work-title">"Work the case"</h2>
            <FormError result=work.value().into() />
            <ActionForm action=work attr:class="tool-form">
                {take_fields}
                <button type="submit" class="button">{WorkAction::Take.label()}</button>
            </ActionForm>
            <AnswerForm reference=answer_reference work />
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="assign-title">
                <h3 id="assign-title">"Assign"</h3>
                {assign_fields}
                <div class="field">
                    <label for="work-assignee">"Engineer's email"</label>
                    <input id="work-assignee" name="work[body]" type="email" required />
                </div>
                <button type="submit" class="button">"Assign the case"</button>
            </ActionForm>
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="raise-title">
                <h3 id="raise-title">"Raise the level"</h3>
                {raise_fields}
                <div class="field">
                    <label for="work-raise">"Why (L1 to L2 reproduces; L2 to L3 is engineering, the L2 owner stays)"</label>
                    <textarea id="work-raise" name="work[body]" rows="2" required></textarea>
                </div>
                <button type="submit" class="button">"Raise the level"</button>
            </ActionForm>
            <ReassessForm reference=reference.clone() severities work />
            <ReclassifyForm reference=reference.clone() kind work />
            <HoldForm reference=reference.clone() held=current == CaseStatus::OnHold work />
            <ResolveForm reference work />
        </section>
    }
    .into_any()
}

/// A reply, a question to the customer, or an internal note.
#[component]
fn AnswerForm(reference: String, work: ServerAction<WorkCase>) -> impl IntoView {
    let kinds = [WorkAction::Reply, WorkAction::Workaround, WorkAction::Ask, WorkAction::Note];
    let kinds = kinds.map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> });
    view! {
        <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="answer-title">
            <h3 id="answer-title">"Answer"</h3>
            <CsrfField />
            <input type="hidden" name="reference" value=reference />
            <div class="field">
                <label for="work-kind">"Kind"</label>
                <select id="work-kind" name="work[action]">{kinds.collect_view()}</select>
            </div>
            <div class="field">
                <label for="work-body">"Text"</label>
                <textarea id="work-body" name="work[body]" rows="4" required></textarea>
            </div>
            <button type="submit" class="button">"Send the answer"</button>
        </ActionForm>
    }
}

/// The severity the case deserves, and why: the customer reads the reason.
#[component]
fn ReassessForm(
    reference: String,
    severities: Vec<SeverityLevel>,
    work: ServerAction<WorkCase>,
) -> impl IntoView {
    let choices = severities
        .into_iter()
        .map(|level| view! { <option value=level.severity.as_str()>{level.name}</option> })
        .collect_view();
    view! {
        <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="reassess-title">
            <h3 id="reassess-title">{WorkAction::Reassess.label()}</h3>
            {work_fields(reference, WorkAction::Reassess)}
            <div class="field">
                <label for="work-severity">"New severity"</label>
                <select id="work-severity" name="work[severity]">
                    {choices}
                </select>
            </div>
            <div class="field">
                <label for="work-reassess">"Why (the customer reads this)"</label>
                <textarea id="work-reassess" name="work[body]" rows="2" required></textarea>
            </div>
            <button type="submit" class="button">"Change the severity"</button>
        </ActionForm>
    }
}

/// The type and version the case deserves, and why; the customer reads
/// the reason, and the charge follows the type.
#[component]
fn ReclassifyForm(
    reference: String,
    kind: (CaseType, String),
    work: ServerAction<WorkCase>,
) -> impl IntoView {
    let (current, version) = kind;
    let types = CaseType::ALL
        .iter()
        .map(|t| view! { <option value=t.as_str() selected=*t == current>{t.label()}</option> })
        .collect_view();
    view! {
        <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="reclassify-title">
            <h3 id="reclassify-title">{WorkAction::Reclassify.label()}</h3>
            {work_fields(reference, WorkAction::Reclassify)}
            <div class="inline-fields">
                <div class="field">
                    <label for="work-case-type">"Case type"</label>
                    <select id="work-case-type" name="work[case_type]">{types}</select>
                </div>
                <div class="field">
                    <label for="work-version">"Software version"</label>
                    <input id="work-version" name="work[fields][version]" value=version />
                </div>
            </div>
            <div class="field">
                <label for="work-reclassify">"Why (the customer reads this)"</label>
                <textarea id="work-reclassify" name="work[body]" rows="2" required></textarea>
            </div>
            <button type="submit" class="button">"Change the type and details"</button>
        </ActionForm>
    }
}

/// Holds the case, with why (the customer reads it), or takes a held one
/// up again.
#[component]
fn HoldForm(reference: String, held: bool, work: ServerAction<WorkCase>) -> impl IntoView {
    if held {
        return view! {
            <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="resume-title">
                <h3 id="resume-title">{WorkAction::Resume.label()}</h3>
                {work_fields(reference, WorkAction::Resume)}
                <div class="field">
                    <label for="work-resume">"Why (the customer reads this)"</label>
                    <textarea id="work-resume" name="work[body]" rows="2" required></textarea>
                </div>
                <button type="submit" class="button">"Take the case up again"</button>
            </ActionForm>
        }
        .into_any();
    }
    view! {
        <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="hold-title">
            <h3 id="hold-title">{WorkAction::Hold.label()}</h3>
            {work_fields(reference, WorkAction::Hold)}
            <div class="field">
                <label for="work-hold">"Reason"</label>
                <select id="work-hold" name="work[hold]">
                    {options(HoldReason::ALL, HoldReason::as_str, HoldReason::label)}
                </select>
            </div>
            <div class="field">
                <label for="work-hold-why">"What was found or agreed (the customer reads this)"</label>
                <textarea id="work-hold-why" name="work[body]" rows="2" required></textarea>
            </div>
            <button type="submit" class="button">"Hold the case"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn ResolveForm(reference: String, work: ServerAction<WorkCase>) -> impl IntoView {
    view! {
        <ActionForm action=work attr:class="tool-form" attr:aria-labelledby="resolve-title">
            <h3 id="resolve-title">"Resolve"</h3>
            {work_fields(reference, WorkAction::Resolve)}
            <div class="inline-fields">
                <div class="field">
                    <label for="work-resolution">"Resolution"</label>
                    <select id="work-resolution" name="work[resolution]">
                        {options(Resolution::ALL, Resolution::as_str, Resolution::label)}
                    </select>
                </div>
                <div class="field">
                    <label for="work-cause">"Cause (a product bug gives the points back)"</label>
                    <select id="work-cause" name="work[cause]">{options(Cause::ALL, Cause::as_str, Cause::label)}</select>
                </div>
            </div>
            <div class="inline-fields">
                <div class="field">
                    <label for="work-target-release">"Release with the fix (optional)"</label>
                    <input id="work-target-release" name="work[target_release]" maxlength="100" />
                </div>
                <div class="field">
                    <label for="work-engineering-ref">"Engineering reference (optional)"</label>
                    <input id="work-engineering-ref" name="work[engineering_ref]" maxlength="100" />
                </div>
            </div>
            <div class="field">
                <label for="work-summary">"Summary for the customer"</label>
                <textarea id="work-summary" name="work[body]" rows="3" required></textarea>
            </div>
            <button type="submit" class="button">"Resolve the case"</button>
        </ActionForm>
    }
}

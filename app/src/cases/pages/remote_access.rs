//! The case page's remote access: each request with where it stands; the
//! customer grants (accepting the policy's waiver) or refuses; engineers
//! (full bundle) ask and end a grant saying what was changed.

use leptos::prelude::*;

#[cfg(feature = "full")]
use crate::cases::remote_access::{AskRemoteAccess, EndRemoteAccess, MOST_HOURS};
use crate::{
    auth::csrf::CsrfField,
    cases::{
        CaseDetail,
        remote_access::{AnswerRemoteAccess, RemoteAccess, RemoteAccessState},
    },
    format,
    ui::feedback::FormError,
};

/// The page's remote access actions: the case reloads after each.
#[derive(Clone, Copy)]
pub struct RemoteActions {
    answer: ServerAction<AnswerRemoteAccess>,
    #[cfg(feature = "full")]
    ask: ServerAction<AskRemoteAccess>,
    #[cfg(feature = "full")]
    end: ServerAction<EndRemoteAccess>,
}

impl RemoteActions {
    pub fn new() -> Self {
        Self {
            answer: ServerAction::new(),
            #[cfg(feature = "full")]
            ask: ServerAction::new(),
            #[cfg(feature = "full")]
            end: ServerAction::new(),
        }
    }

    /// How many answers, requests and endings were made on this page.
    pub fn done(self) -> usize {
        let done = self.answer.version().get();
        #[cfg(feature = "full")]
        let done = done + self.ask.version().get() + self.end.version().get();
        done
    }
}

#[component]
pub fn RemoteAccessSection(case: CaseDetail, remote: RemoteActions) -> impl IntoView {
    let reference = case.summary.reference.clone();
    let engineer = case.workable;
    if case.remote_access.is_empty() && !engineer {
        return None;
    }
    let waiver = case.remote_access_waiver.clone();
    let requests = case
        .remote_access
        .into_iter()
        .map(|request| {
            let answer = (!engineer && request.state == RemoteAccessState::Asked).then(|| {
                view! { <Answer reference=reference.clone() id=request.id waiver=waiver.clone() remote /> }
            });
            let end = (engineer && matches!(request.state, RemoteAccessState::Granted | RemoteAccessState::Expired))
                .then(|| end_form(reference.clone(), request.id, remote));
            view! { <li><Request request /> {answer} {end}</li> }
        })
        .collect_view();
    let ask = engineer.then(|| ask_form(reference.clone(), remote));
    Some(view! {
        <section aria-labelledby="remote-title">
            <h2 id="remote-title">"Remote access"</h2>
            <p class="hint">"Support reaches your system only with your permission, for the hours you grant."</p>
            <FormError result=remote.answer.value().into() />
            <ul class="remote-access">{requests}</ul>
            {ask}
        </section>
    })
}

#[component]
fn Request(request: RemoteAccess) -> impl IntoView {
    let answered = request.answered_by.clone().zip(request.answered_at).map(|(who, at)| {
        view! { <dt>"Answered"</dt><dd>{format!("{who}, {}", format::date_time(at))}</dd> }
    });
    let expires =
        request.expires_at.map(|at| view! { <dt>"Until"</dt><dd>{format::date_time(at)}</dd> });
    let waiver =
        request.waiver.clone().map(|text| view! { <dt>"Waiver accepted"</dt><dd>{text}</dd> });
    let changes = request
        .changes
        .clone()
        .map(|text| view! { <dt>"What was changed"</dt><dd class="pre">{text}</dd> });
    view! {
        <h3>{format!("{}: {}", request.system, request.state.label())}</h3>
        <dl class="facts">
            <dt>"What for"</dt><dd class="pre">{request.purpose.clone()}</dd>
            <dt>"Asked"</dt>
            <dd>{format!("{}, {}, for {} hours", request.asked_by, format::date_time(request.asked_at), request.hours)}</dd>
            {answered}
            {expires}
            {waiver}
            {changes}
        </dl>
    }
}

#[component]
fn Answer(
    reference: String,
    id: i64,
    waiver: Option<String>,
    remote: RemoteActions,
) -> impl IntoView {
    let field = format!("waiver-{id}");
    let accept = waiver.map(|text| {
        view! {
            <p class="pre" id=format!("{field}-text")>{text}</p>
            <div class="checkbox">
                <input type="checkbox" id=field.clone() name="accept_waiver" value="yes" required
                    aria-describedby=format!("{field}-text") />
                <label for=field.clone()>"I accept the modification waiver"</label>
            </div>
        }
    });
    let refuse_reference = reference.clone();
    view! {
        <ActionForm action=remote.answer attr:class="tool-form">
            <CsrfField />
            <input type="hidden" name="reference" value=reference />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="answer" value="grant" />
            {accept}
            <button type="submit" class="button">"Grant access"</button>
        </ActionForm>
        <ActionForm action=remote.answer attr:class="tool-form">
            <CsrfField />
            <input type="hidden" name="reference" value=refuse_reference />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="answer" value="refuse" />
            <button type="submit" class="button">"Refuse access"</button>
        </ActionForm>
    }
}

#[cfg(feature = "full")]
fn end_form(reference: String, id: i64, remote: RemoteActions) -> impl IntoView {
    let field = format!("changes-{id}");
    view! {
        <ActionForm action=remote.end attr:class="tool-form">
            <CsrfField />
            <FormError result=remote.end.value().into() />
            <input type="hidden" name="reference" value=reference />
            <input type="hidden" name="id" value=id />
            <div class="field">
                <label for=field.clone()>"What was changed (the customer reads it)"</label>
                <textarea id=field name="changes" rows="3" required></textarea>
            </div>
            <button type="submit" class="button">"End the access"</button>
        </ActionForm>
    }
}

#[cfg(not(feature = "full"))]
fn end_form(reference: String, id: i64, remote: RemoteActions) -> impl IntoView {
    let _ = (reference, id, remote);
}

#[cfg(feature = "full")]
fn ask_form(reference: String, remote: RemoteActions) -> impl IntoView {
    view! {
        <ActionForm action=remote.ask attr:class="tool-form" attr:aria-labelledby="ask-remote-title">
            <h3 id="ask-remote-title">"Ask for remote access"</h3>
            <CsrfField />
            <FormError result=remote.ask.value().into() />
            <input type="hidden" name="reference" value=reference />
            <div class="field">
                <label for="remote-system">"Which system"</label>
                <input id="remote-system" name="system" required maxlength="200" />
            </div>
            <div class="field">
                <label for="remote-purpose">"What for: the changes you mean to make"</label>
                <textarea id="remote-purpose" name="purpose" rows="3" required></textarea>
            </div>
            <div class="field">
                <label for="remote-hours">"For how many hours"</label>
                <input id="remote-hours" name="hours" type="number" min="1" max=MOST_HOURS value="4" required />
            </div>
            <button type="submit" class="button">"Ask the customer"</button>
        </ActionForm>
    }
}

#[cfg(not(feature = "full"))]
fn ask_form(reference: String, remote: RemoteActions) -> impl IntoView {
    // The engineer's tools above already offer the full page.
    let _ = (reference, remote);
}

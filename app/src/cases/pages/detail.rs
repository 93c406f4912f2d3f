//! `/cases/:reference`: where a case stands, its details and files, its
//! timeline, and the customer's replies, followers, escalation, closing
//! and reopening.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "full")]
use super::engineer::EngineerTools;
use super::{
    charges::ChargesSection,
    followers::Followers,
    remote_access::{RemoteAccessSection, RemoteActions},
};

#[cfg(feature = "full")]
use crate::cases::api::WorkCase;
use crate::{
    auth::csrf::CsrfField,
    cases::{
        CaseDetail, CaseStatus, EventKind, StatusAction,
        api::{ChangeCaseStatus, load_case},
    },
    entitlements::duration_words,
    format,
    ui::{
        feedback::{FormError, Loaded},
        table::DataTable,
    },
};

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let status = ServerAction::<ChangeCaseStatus>::new();
    let work = new_work();
    let remote = RemoteActions::new();
    let case = Resource::new(
        move || {
            let reference = params.with(|p| p.get("reference").unwrap_or_default());
            (reference, status.version().get(), work_done(work) + remote.done())
        },
        |(reference, _, _)| load_case(reference),
    );
    view! {
        <Loaded resource=case show=move |case| view! { <Case case status work remote /> } />
    }
}

/// Engineers' work on the case: an action in the full bundle, nothing in
/// the customers' (see `pages::full_bundle`), which then carries none of
/// the engineers' requests.
#[cfg(feature = "full")]
type Work = ServerAction<WorkCase>;
#[cfg(not(feature = "full"))]
type Work = NoWork;

/// What the customers' bundle has for an engineer's action.
#[cfg(not(feature = "full"))]
#[derive(Clone, Copy)]
struct NoWork;

#[cfg(feature = "full")]
fn new_work() -> Work {
    ServerAction::<WorkCase>::new()
}

#[cfg(not(feature = "full"))]
fn new_work() -> Work {
    NoWork
}

/// How many pieces of work were done: the case reloads after each.
#[cfg(feature = "full")]
fn work_done(work: Work) -> usize {
    work.version().get()
}

#[cfg(not(feature = "full"))]
fn work_done(_: Work) -> usize {
    0
}

#[component]
fn Case(
    case: CaseDetail,
    status: ServerAction<ChangeCaseStatus>,
    work: Work,
    remote: RemoteActions,
) -> impl IntoView {
    let summary = case.summary.clone();
    let reference = summary.reference.clone();
    let title = format!("{}: {}", summary.reference, summary.subject);
    let fields = case
        .fields
        .iter()
        .map(
            |(field, value)| view! { <dt>{field.label()}</dt><dd class="pre">{value.clone()}</dd> },
        )
        .collect_view();
    let created = use_query_map().with_untracked(|q| q.get("created").is_some()).then(|| {
        let target = case
            .response_minutes
            .map(|minutes| format!(" First response target under your plan: {}.", duration_words(minutes)))
            .unwrap_or_default();
        let due = match (case.response_due, case.resolution_due) {
            (Some(response), Some(resolution)) => format!(
                " A first answer is due by {}, a resolution or workaround by {}.",
                format::date_time(response),
                format::date_time(resolution)
            ),
            _ => String::new(),
        };
        view! {
            // Focused and announced once the page is shown (`ui::announcer`).
            <section class="confirmation" aria-labelledby="created-title" data-confirmation="" tabindex="-1">
                <h2 id="created-title">{format!("Case {} is open", summary.reference)}</h2>
                <p role="status">
                    {format!("{} points spent.{target}{due} We will answer here and by email.", case.points_cost)}
                </p>
            </section>
        }
    });
    let plan = case.plan_name.clone().map(|plan| {
        let priority = case.priority.map(|p| format!(", {} priority", p.label().to_lowercase()));
        view! { <dt>"Plan"</dt><dd>{plan}{priority}</dd> }
    });
    let severity =
        case.severities.iter().find(|level| level.severity == summary.severity).map_or_else(
            || summary.severity_name.clone(),
            |level| format!("{}: {}", level.name, level.description()),
        );
    let outcome = case.outcome.clone().map(|outcome| {
        let tracked = [
            outcome.target_release.map(|release| format!("release {release}")),
            outcome.engineering_ref.map(|reference| format!("engineering {reference}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
        let tracked = (!tracked.is_empty()).then(|| format!(" ({tracked})"));
        let cause = outcome.cause.map(|cause| format!(", cause: {}", cause.label().to_lowercase()));
        view! { <dt>"Resolution"</dt><dd>{outcome.resolution.label()}{tracked}{cause}</dd> }
    });
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        {created}
        <dl class="facts">
            <dt>"Status"</dt><dd><strong>{summary.status.label()}</strong></dd>
            {outcome}
            <dt>"Severity"</dt><dd>{severity}</dd>
            <dt>"Level"</dt><dd>{summary.level.as_str()}</dd>
            <dt>"Owner"</dt><dd>{case.owner.clone().unwrap_or_else(|| "Not assigned yet".to_owned())}</dd>
            {case.response_due.map(|due| view! { <dt>"First response due"</dt><dd>{format::date_time(due)}</dd> })}
            {case.resolution_due.map(|due| view! { <dt>"Resolution due"</dt><dd>{format::date_time(due)}</dd> })}
            <dt>"Type"</dt><dd>{summary.case_type.label()}</dd>
            <dt>"Product"</dt><dd>{format!("{} {}", summary.product, case.version)}</dd>
            <dt>"Opened"</dt><dd>{format::date_time(summary.created_at)}" by "{case.channel.label().to_lowercase()}</dd>
            <dt>"Contact"</dt><dd>{match &case.partner {
                Some(partner) => format!("{}, {partner}, for {}", summary.contact, case.organisation),
                None => format!("{}, {}", summary.contact, case.organisation),
            }}</dd>
            {plan}
            <dt>"Points spent"</dt><dd>{case.points_cost}</dd>
        </dl>
        <section aria-labelledby="description-title">
            <h2 id="description-title">"Description"</h2>
            <p class="pre">{case.description.clone()}</p>
            <dl class="facts">{fields}</dl>
        </section>
        <Files case=case.clone() />
        <Timeline case=case.clone() />
        <RemoteAccessSection case=case.clone() remote />
        <ChargesSection reference=reference.clone() billing=case.billing.clone() engineer=case.workable />
        {case.workable.then(|| view! {
            <EngineerTools reference=reference.clone() current=summary.status severities=case.severities.clone()
                kind=(summary.case_type, case.version.clone()) work />
        })}
        <Reply reference=reference.clone() />
        <Followers reference=reference.clone() followers=case.followers.clone() />
        <StatusActions reference current=summary.status status />
    }
}

#[component]
fn Files(case: CaseDetail) -> impl IntoView {
    let reference = case.summary.reference.clone();
    let empty = case.artifacts.is_empty().then(|| view! { <p>"No files yet."</p> });
    let rows = case
        .artifacts
        .into_iter()
        .map(|file| {
            let href = format!("/api/v1/cases/{reference}/files/{}", file.id);
            view! {
                <tr>
                    <th scope="row"><a href=href rel="external" download="">{file.file_name.clone()}</a></th>
                    <td>{file.kind.map(|k| k.label()).unwrap_or("Attachment")}</td>
                    <td class="number">{format::size(u64::try_from(file.size).unwrap_or_default())}</td>
                    <td><code class="digest">{file.sha256.clone()}</code></td>
                    <td>{file.uploaded_by.clone()}", "{format::date_time(file.uploaded_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="files-title">
            <h2 id="files-title">"Files"</h2>
            {empty}
            <DataTable caption="Files of the case" columns=&["File", "What", "Size", "SHA-256", "Uploaded"]>
                {rows}
            </DataTable>
        </section>
    }
}

#[component]
fn Timeline(case: CaseDetail) -> impl IntoView {
    let items = case
        .events
        .into_iter()
        .map(|event| {
            let what = match (event.kind, event.status) {
                (EventKind::Opened | EventKind::Message | EventKind::Escalated, _) | (_, None) => {
                    event.kind.label().to_owned()
                }
                (_, Some(status)) => format!("Status: {}", status.label()),
            };
            view! {
                <li>
                    <p class="event-head">
                        <strong>{what}</strong>" · "{event.author.clone().unwrap_or_else(|| "Selfdesk".to_owned())}
                        " · "<time>{format::date_time(event.created_at)}</time>
                    </p>
                    <p class="pre">{event.body.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Timeline"</h2>
            <ol class="timeline">{items}</ol>
        </section>
    }
}

/// The fields every engineer form carries.
/// Engineers' tools are in the staff bundle only (see `pages::full_bundle`).
#[cfg(not(feature = "full"))]
#[component]
fn EngineerTools(
    reference: String,
    current: CaseStatus,
    severities: Vec<crate::cases::SeverityLevel>,
    kind: (crate::cases::CaseType, String),
    work: Work,
) -> impl IntoView {
    let _ = (reference, current, severities, kind, work);
    view! { <crate::pages::full_bundle::LoadAfresh /> }
}

/// A plain multipart form, so files go with the message without scripts.
#[component]
fn Reply(reference: String) -> impl IntoView {
    let query = use_query_map();
    let replied = query.with_untracked(|q| q.get("replied").is_some());
    let error = query.with_untracked(|q| q.get("error")).filter(|e| !e.is_empty());
    let action = format!("/cases/{reference}/messages");
    view! {
        <section aria-labelledby="reply-title">
            <h2 id="reply-title">"Write to support"</h2>
            {error.map(|error| view! { <p class="form-error" role="alert">{error}</p> })}
            {replied.then(|| view! { <p class="form-success" role="status">"Your message was added."</p> })}
            <form method="post" action=action enctype="multipart/form-data" class="tool-form">
                // First: the handler reads the token before anything else.
                <CsrfField />
                <div class="field">
                    <label for="reply-body">"Message"</label>
                    <textarea id="reply-body" name="body" rows="5"></textarea>
                </div>
                <div class="field">
                    <label for="reply-files">"Files (optional)"</label>
                    <input type="file" id="reply-files" name="file" multiple />
                </div>
                <button type="submit" class="button">"Send"</button>
            </form>
        </section>
    }
}

#[component]
fn StatusActions(
    reference: String,
    current: CaseStatus,
    status: ServerAction<ChangeCaseStatus>,
) -> impl IntoView {
    let finished = current.is_finished();
    let escalate_reference = reference.clone();
    let escalate = (!finished && current != CaseStatus::Escalated).then(move || {
        view! {
            <ActionForm action=status attr:class="tool-form" attr:aria-labelledby="escalate-title">
                <h3 id="escalate-title">"Escalate"</h3>
                <CsrfField />
                <input type="hidden" name="reference" value=escalate_reference />
                <input type="hidden" name="change[action]" value=StatusAction::Escalate.as_str() />
                <div class="field">
                    <label for="escalate-reason">"Why does the case need escalating?"</label>
                    <textarea id="escalate-reason" name="change[reason]" rows="3" required></textarea>
                </div>
                <button type="submit" class="button">"Escalate the case"</button>
            </ActionForm>
        }
    });
    let (action, label) = if finished {
        (StatusAction::Reopen, "Reopen the case")
    } else {
        (StatusAction::Close, "Close the case")
    };
    view! {
        <section aria-labelledby="manage-title">
            <h2 id="manage-title">"Manage the case"</h2>
            <FormError result=status.value().into() />
            {escalate}
            <ActionForm action=status attr:class="tool-form">
                <CsrfField />
                <input type="hidden" name="reference" value=reference />
                <input type="hidden" name="change[action]" value=action.as_str() />
                <button type="submit" class="button">{label}</button>
            </ActionForm>
        </section>
    }
}

//! `/admin/mail`: the messages the support mailbox received and what
//! became of each. Those held for review (the sender is not proven) and
//! those set aside (processing kept failing) come first, with their text,
//! to accept or discard.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    auth::csrf::CsrfField,
    cases::mailbox_api::{
        AcceptHeldEmail, DiscardHeldEmail, ReceivedEmail, SHOWN, load_received_emails,
    },
    format,
    ui::{
        feedback::{ActionOutcome, FormError, Loaded},
        table::DataTable,
    },
};

#[component]
pub fn MailboxPage() -> impl IntoView {
    let accept = ServerAction::<AcceptHeldEmail>::new();
    let discard = ServerAction::<DiscardHeldEmail>::new();
    let received = Resource::new(
        move || (accept.version().get(), discard.version().get()),
        |_| load_received_emails(),
    );
    let show = move |rows: Vec<ReceivedEmail>| {
        let (waiting, settled): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(ReceivedEmail::is_waiting);
        view! {
            <Waiting rows=waiting accept discard />
            <ReceivedTable rows=settled />
        }
    };
    view! {
        <Title text="Support mail" />
        <h1>"Support mail"</h1>
        <FormError result=accept.value().into() />
        {move || {
            accept.value().get().and_then(Result::ok).map(|said| {
                view! { <p class="form-success" role="status">{said}</p> }
            })
        }}
        <ActionOutcome result=discard.value().into() success="The message was discarded." />
        <Loaded resource=received show />
    }
}

/// Held and set-aside messages, each with its text and the two choices.
#[component]
fn Waiting(
    rows: Vec<ReceivedEmail>,
    accept: ServerAction<AcceptHeldEmail>,
    discard: ServerAction<DiscardHeldEmail>,
) -> impl IntoView {
    let count = rows.len();
    let items = rows
        .into_iter()
        .map(|row| {
            let heading = format!("{} from {}", subject_or_none(&row.subject), row.sender);
            let accept_label =
                if row.outcome == "held" { "Accept as the sender's" } else { "Try again" };
            view! {
                <li class="held-message">
                    <h3>{heading}</h3>
                    <p class="meta">
                        {format::date_time(row.received_at)} " · " {row.reason.clone()}
                    </p>
                    <pre class="message-text">{row.preview.clone()}</pre>
                    <div class="actions">
                        <ActionForm action=accept attr:class="tool-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=row.id />
                            <button type="submit" class="button">{accept_label}</button>
                        </ActionForm>
                        <ActionForm action=discard attr:class="tool-form">
                            <CsrfField />
                            <input type="hidden" name="id" value=row.id />
                            <button type="submit" class="button secondary">"Discard"</button>
                        </ActionForm>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="waiting-title">
            <h2 id="waiting-title">{format!("Waiting for review ({count})")}</h2>
            <p>
                "Held: the sender is not proven (no reply token, no pass from the trusted mail server), so nothing was added or charged. Accept a message only when you know the sender wrote it. Set aside: processing failed again and again; try again once the cause is fixed."
            </p>
            {if count == 0 {
                view! { <p>"Nothing is waiting."</p> }.into_any()
            } else {
                view! { <ul class="held-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}

fn subject_or_none(subject: &str) -> String {
    if subject.is_empty() { "(no subject)".to_owned() } else { format!("“{subject}”") }
}

#[component]
fn ReceivedTable(rows: Vec<ReceivedEmail>) -> impl IntoView {
    let heading = view! {
        <h2>"Received"</h2>
        <p>{format!("The latest {SHOWN} messages settled, newest first.")}</p>
    };
    if rows.is_empty() {
        return view! { {heading} <p>"No mail received yet."</p> }.into_any();
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let case = row.reference.map(|reference| {
                view! { <a href=format!("/cases/{reference}")>{reference.clone()}</a> }
            });
            view! {
                <tr>
                    <td>{format::date_time(row.received_at)}</td>
                    <td>{row.sender}</td>
                    <td>{row.subject}</td>
                    <td>{row.outcome}</td>
                    <td>{row.reason}</td>
                    <td>{row.proof}</td>
                    <td>{row.origin}</td>
                    <td>{case}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {heading}
        <DataTable caption="Received mail" columns=&["Received", "From", "Subject", "Outcome", "Reason", "Proven by", "Via", "Case"]>
            {rows}
        </DataTable>
    }
    .into_any()
}

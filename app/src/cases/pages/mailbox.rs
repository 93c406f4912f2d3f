//! `/admin/mail`: the messages the support mailbox received and what
//! became of each, the refused, ignored and rejected ones with the reason.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    cases::mailbox_api::{ReceivedEmail, SHOWN, load_received_emails},
    format,
    ui::{feedback::ErrorNotice, table::DataTable},
};

#[component]
pub fn MailboxPage() -> impl IntoView {
    let received = Resource::new(|| (), |()| load_received_emails());
    view! {
        <Title text="Support mail" />
        <h1>"Support mail"</h1>
        <p>{format!("The latest {SHOWN} messages the support mailbox received, newest first.")}</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match received.await {
                    Ok(rows) => view! { <ReceivedTable rows /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ReceivedTable(rows: Vec<ReceivedEmail>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"No mail received yet."</p> }.into_any();
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
                    <td>{row.origin}</td>
                    <td>{case}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption="Received mail" columns=&["Received", "From", "Subject", "Outcome", "Reason", "Via", "Case"]>
            {rows}
        </DataTable>
    }
    .into_any()
}

//! The ledger: the balance over time, every entry, and the cases that
//! spent points.

use leptos::prelude::*;

use super::balance_chart::BalanceChart;
use crate::{
    entitlements::{CaseCharge, Ledger, LedgerEntry},
    format,
    ids::OrganisationId,
    ui::table::DataTable,
};

#[component]
pub fn LedgerHistory(ledger: Ledger, as_of: i64, organisation_id: OrganisationId) -> impl IntoView {
    let points: Vec<(i64, i64)> =
        ledger.entries.iter().map(|e| (e.created_at, e.balance_after)).collect();
    let csv = format!("/api/v1/ledger.csv?organisation={organisation_id}");
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">"Ledger"</h2>
            <p>
                "Every change of the balance: the chart from the oldest, the table from the newest. "
                <a href=csv download="" rel="external">"Download the ledger as CSV"</a>
            </p>
            <BalanceChart points as_of />
            <EntryTable entries=ledger.entries />
        </section>
        <CaseCharges charges=ledger.case_charges />
    }
}

fn signed(points: i64) -> String {
    if points > 0 { format!("+{points}") } else { points.to_string() }
}

#[component]
fn EntryTable(entries: Vec<LedgerEntry>) -> impl IntoView {
    let empty = entries.is_empty().then(|| view! { <p>"Nothing recorded yet."</p> });
    let rows = entries
        .into_iter()
        .rev()
        .map(|entry| {
            let expires = entry.expires_at.map(|at| format!(" (expires {})", format::date(at)));
            view! {
                <tr>
                    <td>{format::date_time(entry.created_at)}</td>
                    <th scope="row">{entry.kind.label()}</th>
                    <td>{entry.reason.clone()}{expires}</td>
                    <td class="number">{signed(entry.points)}</td>
                    <td class="number">{entry.balance_after}</td>
                    <td>{entry.actor.clone().unwrap_or_else(|| "Selfdesk".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {empty}
        <DataTable caption="Ledger entries, newest first" columns=&["Date", "Entry", "Details", "Points", "Balance", "Recorded by"]>
            {rows}
        </DataTable>
    }
}

#[component]
fn CaseCharges(charges: Vec<CaseCharge>) -> impl IntoView {
    let empty = charges.is_empty().then(|| view! { <p>"No case has spent points yet."</p> });
    let rows = charges
        .into_iter()
        .rev()
        .map(|charge| {
            view! {
                <tr>
                    <th scope="row">{charge.case_reference.clone()}</th>
                    <td>{format::date_time(charge.charged_at)}</td>
                    <td>{charge.channel.map(|c| c.label()).unwrap_or("")}</td>
                    <td class="number">{charge.points}</td>
                    <td>{if charge.refunded { "Given back" } else { "Charged" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="cases-title">
            <h2 id="cases-title">"Cases that spent points"</h2>
            {empty}
            <DataTable caption="Cases charged to the balance" columns=&["Case", "Opened", "Channel", "Points", "Status"]>
                {rows}
            </DataTable>
        </section>
    }
}

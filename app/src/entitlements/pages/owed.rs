//! The ledger page's billable hours (beside the points) and disputes: the
//! account holder disputes a case's charge, staff uphold it or give the
//! points back. Plain forms: they work before the WebAssembly loads.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    auth::csrf::CsrfField,
    cases::charges::{hours, money},
    entitlements::{
        CaseCharge,
        owed::{BillableTime, BillableTotal, Dispute},
    },
    format,
    ids::OrganisationId,
    ui::table::DataTable,
};

#[component]
pub fn Billable(time: BillableTime, organisation_id: OrganisationId) -> impl IntoView {
    let csv = format!("/api/v1/billable-time.csv?organisation={organisation_id}");
    let body = if time.entries.is_empty() {
        view! { <p>"No billable time recorded."</p> }.into_any()
    } else {
        view! {
            <p><a href=csv download="" rel="external">"Download the billable time as CSV"</a></p>
            <Totals caption="Billable time by month (UTC)" first="Month" totals=time.months />
            <Totals caption="Billable time by case" first="Case" totals=time.cases />
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="billable-title">
            <h2 id="billable-title">"Billable time"</h2>
            <p class="hint">"Hours support spent on paid tickets and on work you agreed to pay for by the hour. Selfdesk records what is owed; payment is arranged with support outside the portal."</p>
            {body}
        </section>
    }
}

#[component]
fn Totals(caption: &'static str, first: &'static str, totals: Vec<BillableTotal>) -> impl IntoView {
    let columns = vec![first.to_owned(), "Time".to_owned(), "Owed".to_owned()];
    let rows = totals
        .into_iter()
        .map(|total| {
            view! {
                <tr>
                    <th scope="row">{total.label.clone()}</th>
                    <td>{hours(total.minutes)}</td>
                    <td class="number">{money(total.cents, &total.currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! { <DataTable caption columns>{rows}</DataTable> }
}

/// What the viewer may do with disputes here.
#[derive(Clone, Copy)]
pub struct DisputeRights {
    /// The organisation's account holder: raise one.
    pub raise: bool,
    /// Staff: answer them.
    pub answer: bool,
}

#[component]
pub fn Disputes(
    disputes: Vec<Dispute>,
    charges: Vec<CaseCharge>,
    organisation_id: OrganisationId,
    rights: DisputeRights,
) -> impl IntoView {
    let said = |key: &str| use_query_map().with_untracked(|q| q.get(key));
    let error = said("dispute_error").map(|e| view! { <p class="form-error" role="alert">{e}</p> });
    let done =
        said("dispute_done").map(|d| view! { <p class="form-success" role="status">{d}</p> });
    let list = if disputes.is_empty() {
        view! { <p>"No charge has been disputed."</p> }.into_any()
    } else {
        let items = disputes
            .iter()
            .cloned()
            .map(|dispute| view! { <DisputeItem dispute organisation_id answer=rights.answer /> })
            .collect_view();
        view! { <ul class="remote-access">{items}</ul> }.into_any()
    };
    let open: Vec<CaseCharge> = charges
        .into_iter()
        .filter(|charge| {
            !charge.refunded && !disputes.iter().any(|d| d.entry_id == charge.entry_id)
        })
        .collect();
    let raise = (rights.raise && !open.is_empty()).then(|| view! { <RaiseForm charges=open /> });
    view! {
        <section aria-labelledby="disputes-title">
            <h2 id="disputes-title">"Disputed charges"</h2>
            {error}
            {done}
            {list}
            {raise}
        </section>
    }
}

#[component]
fn DisputeItem(dispute: Dispute, organisation_id: OrganisationId, answer: bool) -> impl IntoView {
    let case = dispute.case_reference.clone().unwrap_or_default();
    let state = dispute.answer.map_or("Waiting for support's answer", |a| a.label());
    let answered = dispute.answered_by.clone().map(|by| {
        let at = dispute.answered_at.map(format::date_time).unwrap_or_default();
        let text = dispute.answer_text.clone().unwrap_or_default();
        view! { <dt>"Answer"</dt><dd class="pre">{format!("{by}, {at}: {text}")}</dd> }
    });
    let form = (answer && dispute.answer.is_none()).then(|| {
        let field = format!("dispute-{}", dispute.id);
        let action = format!("/organisations/{organisation_id}/disputes/{}/answer", dispute.id);
        view! {
            <form method="post" action=action class="tool-form">
                <CsrfField />
                <div class="field">
                    <label for=field.clone()>"Answer (the account holder reads it; say why when upholding)"</label>
                    <textarea id=field name="text" rows="2"></textarea>
                </div>
                <button type="submit" name="answer" value="refund" class="button">"Give the points back"</button>
                " "
                <button type="submit" name="answer" value="uphold" class="button">"Uphold the charge"</button>
            </form>
        }
    });
    view! {
        <li>
            <h3>{format!("{case}, {} points: {state}", dispute.points)}</h3>
            <dl class="facts">
                <dt>"Why"</dt><dd class="pre">{dispute.reason.clone()}</dd>
                <dt>"Raised"</dt><dd>{format!("{}, {}", dispute.raised_by, format::date_time(dispute.raised_at))}</dd>
                {answered}
            </dl>
            {form}
        </li>
    }
}

#[component]
fn RaiseForm(charges: Vec<CaseCharge>) -> impl IntoView {
    let options = charges
        .into_iter()
        .rev()
        .map(|charge| {
            let label = format!(
                "{}, {} points, {}",
                charge.case_reference,
                charge.points,
                format::date(charge.charged_at)
            );
            view! { <option value=charge.entry_id>{label}</option> }
        })
        .collect_view();
    view! {
        <form method="post" action="/entitlements/disputes" class="tool-form" aria-labelledby="raise-title">
            <h3 id="raise-title">"Dispute a charge"</h3>
            <CsrfField />
            <div class="field">
                <label for="dispute-entry">"Charge"</label>
                <select id="dispute-entry" name="entry_id">{options}</select>
            </div>
            <div class="field">
                <label for="dispute-reason">"Why you dispute it"</label>
                <textarea id="dispute-reason" name="reason" rows="3" required maxlength="2000"></textarea>
            </div>
            <button type="submit" class="button">"Send the dispute"</button>
        </form>
    }
}

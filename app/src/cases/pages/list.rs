//! `/cases`: a customer's own cases, an account holder's organisation's,
//! every case for staff; filtered by status (a plain GET form).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    cases::{CaseStatus, CaseSummary, api::list_cases},
    format,
    ui::{feedback::Loaded, table::DataTable},
};

#[component]
pub fn CaseListPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let cases = Resource::new(status, |status| list_cases(Some(status)));
    view! {
        <Title text="Cases" />
        <h1>"Cases"</h1>
        <p><a href="/help" class="button">"Get help with a new problem"</a></p>
        <form method="get" action="/cases" class="inline-fields">
            <div class="field">
                <label for="case-status">"Status"</label>
                <select id="case-status" name="status">
                    <option value="" selected=move || status().is_empty()>"Any"</option>
                    {CaseStatus::ALL
                        .iter()
                        .map(|s| {
                            let word = s.as_str();
                            view! { <option value=word selected=move || status() == word>{s.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <button type="submit" class="button">"Show"</button>
            </div>
        </form>
        <Loaded resource=cases show=move |cases| view! { <CaseTable cases /> } />
    }
}

#[component]
fn CaseTable(cases: Vec<CaseSummary>) -> impl IntoView {
    if cases.is_empty() {
        return view! { <p>"No cases here."</p> }.into_any();
    }
    let rows = cases
        .into_iter()
        .map(|case| {
            let href = format!("/cases/{}", case.reference);
            view! {
                <tr>
                    <th scope="row"><a href=href>{case.reference.clone()}</a></th>
                    <td>{case.subject.clone()}</td>
                    <td>{case.case_type.label()}</td>
                    <td>{case.severity_name.clone()}</td>
                    <td>{case.status.label()}</td>
                    <td>{case.product.clone()}</td>
                    <td>{case.contact.clone()}</td>
                    <td>{format::date_time(case.updated_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption="Cases, newest first" columns=&["Case", "Subject", "Type", "Severity", "Status", "Product", "Contact", "Last change"]>
            {rows}
        </DataTable>
    }
    .into_any()
}

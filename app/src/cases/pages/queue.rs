//! `/queue`: the engineers' queue. Every unfinished case with its due
//! times, filtered by severity, plan priority, level, status, owner and
//! organisation, and sorted by what is due first. A plain GET form, so it works without
//! scripts and every view of the queue has its own address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    accounts::Level,
    cases::{CaseStatus, OwnerFilter, Queue, QueueFilters, QueueSort, api::load_queue},
    entitlements::Priority,
    format,
    ui::{feedback::Loaded, table::DataTable},
};

#[component]
pub fn QueuePage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name)).filter(|v| !v.is_empty());
    let rows = Resource::new(
        move || QueueFilters::from_query(param),
        |filters| async move { load_queue(filters?).await },
    );
    let selected = move |name: &'static str, value: &'static str| {
        move || param(name).as_deref() == Some(value)
    };
    let options = |name: &'static str, choices: Vec<(&'static str, &'static str)>| {
        choices
            .into_iter()
            .map(|(value, label)| view! { <option value=value selected=selected(name, value)>{label}</option> })
            .collect_view()
    };
    view! {
        <Title text="Queue" />
        <h1>"Queue"</h1>
        <form method="get" action="/queue" class="inline-fields queue-filters">
            <div class="field">
                <label for="queue-severity">"Severity"</label>
                <select id="queue-severity" name="severity">
                    <option value="">"Any"</option>
                    // The policy's severities come with the queue.
                    <Transition>
                        {move || {
                            let severities = rows
                                .with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(|q| q.severities.clone()))
                                .unwrap_or_default();
                            severities
                                .into_iter()
                                .map(|level| {
                                    let chosen = param("severity").as_deref() == Some(level.severity.as_str());
                                    view! { <option value=level.severity.as_str() selected=chosen>{level.name}</option> }
                                })
                                .collect_view()
                        }}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="queue-level">"Level"</label>
                <select id="queue-level" name="level">
                    <option value="">"Any"</option>
                    {options("level", Level::ALL.iter().map(|l| (l.as_str(), l.as_str())).collect())}
                </select>
            </div>
            <div class="field">
                <label for="queue-status">"Status"</label>
                <select id="queue-status" name="status">
                    <option value="">"Any open"</option>
                    {options(
                        "status",
                        CaseStatus::ALL
                            .iter()
                            .filter(|s| !s.is_finished())
                            .map(|s| (s.as_str(), s.label()))
                            .collect(),
                    )}
                </select>
            </div>
            <div class="field">
                <label for="queue-owner">"Owner"</label>
                <select id="queue-owner" name="owner">
                    <option value="">"Anyone"</option>
                    {options("owner", OwnerFilter::ALL.iter().map(|o| (o.as_str(), o.label())).collect())}
                </select>
            </div>
            <div class="field">
                <label for="queue-priority">"Plan priority"</label>
                <select id="queue-priority" name="priority">
                    <option value="">"Any"</option>
                    {options("priority", Priority::ALL.iter().rev().map(|p| (p.as_str(), p.label())).collect())}
                </select>
            </div>
            <div class="field">
                <label for="queue-organisation">"Organisation"</label>
                <input id="queue-organisation" name="organisation" value=move || param("organisation").unwrap_or_default() />
            </div>
            <div class="field">
                <label for="queue-sort">"Sort by"</label>
                <select id="queue-sort" name="sort">
                    {options("sort", QueueSort::ALL.iter().map(|s| (s.as_str(), s.label())).collect())}
                </select>
            </div>
            <div class="field">
                <button type="submit" class="button">"Show"</button>
            </div>
        </form>
        <Loaded resource=rows show=move |queue| view! { <QueueTable queue /> } />
    }
}

fn due(at: Option<i64>) -> String {
    at.map(format::date_time).unwrap_or_else(|| "–".to_owned())
}

#[component]
fn QueueTable(queue: Queue) -> impl IntoView {
    if queue.rows.is_empty() {
        return view! { <p>"No case matches."</p> }.into_any();
    }
    let shown = queue.rows.len();
    let partial = (queue.total > shown).then(|| {
        view! {
            <p role="status">
                {format!("The first {shown} of {} matching cases; narrow them with the filters.", queue.total)}
            </p>
        }
    });
    let rows = queue
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/cases/{}", row.reference)>{row.reference.clone()}</a></th>
                    <td>{row.subject.clone()}</td>
                    <td>{row.severity_name.clone()}</td>
                    <td>{row.priority.map_or("–", |p| p.label())}</td>
                    <td>{row.level.as_str()}</td>
                    <td>{row.status.label()}</td>
                    <td>{row.organisation.clone()}</td>
                    <td>{row.owner.clone().unwrap_or_else(|| "Nobody yet".to_owned())}</td>
                    <td>{due(row.response_due)}</td>
                    <td>{due(row.resolution_due)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {partial}
        <DataTable caption="Open cases" columns=&["Case", "Subject", "Severity", "Priority", "Level", "Status", "Organisation", "Owner", "First response due", "Resolution due"]>
            {rows}
        </DataTable>
    }
    .into_any()
}

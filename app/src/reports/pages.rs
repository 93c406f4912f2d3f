//! `/reports`: support management's reports over a chosen period: SLA
//! attainment by plan and severity, the backlog by age, and first-response
//! times. Charts for a glance, tables with every figure.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::bar_chart::{Bar, BarChart};
use crate::{
    cases::severity_name,
    format,
    reports::{PERIODS, SlaReport, duration, load_sla_report, percent},
    ui::{feedback::Loaded, table::DataTable},
};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let days = move || query.with(|q| q.get("days")).and_then(|d| d.parse::<i64>().ok());
    let report = Resource::new(days, load_sla_report);
    let options = move || {
        let chosen = days().unwrap_or(30);
        PERIODS
            .iter()
            .map(|period| {
                view! { <option value=*period selected=chosen == *period>{format!("Last {period} days")}</option> }
            })
            .collect_view()
    };
    view! {
        <Title text="Support reports" />
        <h1>"Support reports"</h1>
        <form method="get" action="/reports" class="inline-fields">
            <div class="field">
                <label for="report-days">"Period"</label>
                <select id="report-days" name="days">{options}</select>
            </div>
            <button type="submit">"Show"</button>
        </form>
        <Loaded resource=report show=move |report| view! { <Report report /> } />
    }
}

fn shown(value: Option<i64>, unit: &str) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v}{unit}"))
}

#[component]
fn Report(report: SlaReport) -> impl IntoView {
    let since = format!("Cases opened since {}.", format::date(report.since));
    let attainment_bars = report
        .attainment
        .iter()
        .filter_map(|row| {
            let value = row.response_percent()?;
            Some(Bar {
                label: format!("{}, {}", row.plan, severity_name(&report.severities, row.severity)),
                value,
                text: format!("{value} %"),
            })
        })
        .collect();
    let attainment_rows = report
        .attainment
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.plan.clone()}</th>
                    <td>{severity_name(&report.severities, row.severity)}</td>
                    <td class="number">{row.cases}</td>
                    <td class="number">{format!("{} / {}", row.response_met, row.response_met + row.response_missed)}</td>
                    <td class="number">{shown(row.response_percent(), " %")}</td>
                    <td class="number">{format!("{} / {}", row.resolution_met, row.resolution_met + row.resolution_missed)}</td>
                    <td class="number">{shown(row.resolution_percent(), " %")}</td>
                </tr>
            }
        })
        .collect_view();
    let backlog_columns: Vec<String> = std::iter::once("Age".to_owned())
        .chain(report.severities.iter().map(|level| level.name.clone()))
        .chain(std::iter::once("Total".to_owned()))
        .collect();
    let backlog_total: i64 = report.backlog.iter().map(|b| b.total()).sum();
    let backlog_bars = report
        .backlog
        .iter()
        .map(|bucket| Bar {
            label: bucket.age.clone(),
            value: bucket.total(),
            text: bucket.total().to_string(),
        })
        .collect();
    let backlog_max = report.backlog.iter().map(|b| b.total()).max().unwrap_or(0);
    let backlog_rows = report
        .backlog
        .iter()
        .map(|bucket| {
            let counts = bucket
                .by_severity
                .iter()
                .map(|count| view! { <td class="number">{*count}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{bucket.age.clone()}</th>
                    {counts}
                    <td class="number">{bucket.total()}</td>
                </tr>
            }
        })
        .collect_view();
    let response_rows = report
        .first_response
        .iter()
        .map(|times| {
            view! {
                <tr>
                    <th scope="row">{severity_name(&report.severities, times.severity)}</th>
                    <td class="number">{times.answered}</td>
                    <td class="number">{shown(percent(times.within_target, times.answered), " %")}</td>
                    <td class="number">{times.median_minutes.map_or_else(|| "–".to_owned(), duration)}</td>
                    <td class="number">{times.p90_minutes.map_or_else(|| "–".to_owned(), duration)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="attainment-title">
            <h2 id="attainment-title">"SLA attainment"</h2>
            <p>{since} " Targets not due yet count in neither column."</p>
            <BarChart id="attainment-chart" title="First responses on time, by plan and severity (percent)".to_owned() bars=attainment_bars max=100 />
            <DataTable caption="SLA attainment by plan and severity" columns=&["Plan", "Severity", "Cases", "Responses on time", "Response %", "Resolutions on time", "Resolution %"]>
                {attainment_rows}
            </DataTable>
        </section>
        <section aria-labelledby="backlog-title">
            <h2 id="backlog-title">"Backlog by age"</h2>
            <p>{format!("{backlog_total} unfinished cases (enhancement requests aside).")}</p>
            <BarChart id="backlog-chart" title="Unfinished cases by age".to_owned() bars=backlog_bars max=backlog_max />
            <DataTable caption="Unfinished cases by age and severity" columns=backlog_columns>
                {backlog_rows}
            </DataTable>
        </section>
        <section aria-labelledby="response-title">
            <h2 id="response-title">"First-response times"</h2>
            <DataTable caption="First-response times by severity" columns=&["Severity", "Answered", "Within target", "Median", "90th percentile"]>
                {response_rows}
            </DataTable>
        </section>
    }
}

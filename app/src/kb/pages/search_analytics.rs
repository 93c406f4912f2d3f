//! What readers look for and do not find: for writers and admins.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    kb::{AnalyticsReport, QueryCount, analytics_api::search_analytics, article_url},
    ui::{feedback::Loaded, table::DataTable},
};

const PERIODS: [i64; 3] = [7, 30, 90];

#[component]
pub fn SearchAnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let days = Memo::new(move |_| {
        query.with(|q| q.get("days").and_then(|d| d.parse::<i64>().ok()).unwrap_or(7))
    });
    let report = Resource::new(move || days.get(), |days| search_analytics(Some(days)));
    let periods = move || {
        PERIODS
            .iter()
            .map(|period| {
                let current = days.get() == *period;
                view! {
                    <li><a href=format!("/admin/search-analytics?days={period}") aria-current=current.then_some("page")>{format!("Last {period} days")}</a></li>
                }
            })
            .collect_view()
    };
    view! {
        <Title text="Search analytics" />
        <h1>"Search analytics"</h1>
        <nav aria-label="Period"><ul class="inline-list">{periods}</ul></nav>
        <Loaded resource=report show=move |report| view! { <Report report /> } />
    }
}

fn query_rows(rows: Vec<QueryCount>, with_hits: bool) -> impl IntoView {
    rows.into_iter()
        .map(|row| {
            let search = format!("/search?q={}", crate::ui::feedback::urlencode(&row.query));
            let hits = with_hits.then(|| view! { <td>{row.hits}</td> });
            view! {
                <tr>
                    <th scope="row"><a href=search>{row.query.clone()}</a></th>
                    <td>{row.searches}</td>
                    {hits}
                </tr>
            }
        })
        .collect_view()
}

#[component]
fn Report(report: AnalyticsReport) -> impl IntoView {
    let empty =
        |rows: &[QueryCount]| rows.is_empty().then(|| view! { <p>"None in this period."</p> });
    let unhelpful = report
        .unhelpful
        .iter()
        .map(|article| {
            let comments = article.comments.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view();
            view! {
                <tr>
                    <th scope="row"><a href=article_url(&article.slug)>{article.title.clone()}</a></th>
                    <td>{article.no}</td>
                    <td>{article.yes}</td>
                    <td><ul class="comments">{comments}</ul></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p role="status">{format!("{} searches in this period.", report.searches)}</p>
        <section aria-labelledby="top-title">
            <h2 id="top-title">"Top queries"</h2>
            {empty(&report.top_queries)}
            <DataTable caption="Top queries" columns=&["Query", "Searches", "Results"]>{query_rows(report.top_queries, true)}</DataTable>
        </section>
        <section aria-labelledby="none-title">
            <h2 id="none-title">"Queries with no results"</h2>
            {empty(&report.no_results)}
            <DataTable caption="Queries with no results" columns=&["Query", "Searches"]>{query_rows(report.no_results, false)}</DataTable>
        </section>
        <section aria-labelledby="noclick-title">
            <h2 id="noclick-title">"Queries whose results nobody opened"</h2>
            {empty(&report.no_click)}
            <DataTable caption="Queries without a click" columns=&["Query", "Searches", "Results"]>{query_rows(report.no_click, true)}</DataTable>
        </section>
        <section aria-labelledby="unhelpful-title">
            <h2 id="unhelpful-title">"Articles readers found unhelpful"</h2>
            <DataTable caption="Articles with the most “no” answers" columns=&["Article", "No", "Yes", "Latest comments"]>{unhelpful}</DataTable>
        </section>
    }
}

//! `/admin/deflection`: per week, the "get help" sessions started, those an
//! article ended (deflected) and those that became cases; and which articles
//! did the deflecting. For writers and admins.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    cases::{DeflectionReport, help_api::load_deflection_report},
    ui::{feedback::Loaded, table::DataTable},
};

#[component]
pub fn DeflectionReportPage() -> impl IntoView {
    let report = Resource::new(|| (), |_| load_deflection_report(Some(8)));
    view! {
        <Title text="Deflection" />
        <h1>"Deflection"</h1>
        <p class="lead">"Customers who asked for help, and how many an article helped before they filed a case. The last eight weeks."</p>
        <Loaded resource=report show=move |report| view! { <Report report /> } />
    }
}

fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.0} %", part as f64 * 100.0 / whole as f64)
    }
}

#[component]
fn Report(report: DeflectionReport) -> impl IntoView {
    let weeks = report
        .weeks
        .into_iter()
        .map(|week| {
            view! {
                <tr>
                    <th scope="row">{week.week.clone()}</th>
                    <td class="number">{week.started}</td>
                    <td class="number">{week.deflected}</td>
                    <td class="number">{week.cases}</td>
                    <td class="number">{percent(week.deflected, week.started)}</td>
                </tr>
            }
        })
        .collect_view();
    let articles = report
        .articles
        .into_iter()
        .map(|article| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/articles/{}", article.slug)>{article.title.clone()}</a></th>
                    <td class="number">{article.sessions}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="weeks-title">
            <h2 id="weeks-title">"By week"</h2>
            <DataTable caption="Help sessions by week, newest first" columns=&["Week of", "Started", "Deflected", "Cases filed", "Deflection rate"]>
                {weeks}
            </DataTable>
        </section>
        <section aria-labelledby="articles-title">
            <h2 id="articles-title">"Articles that solved problems"</h2>
            <DataTable caption="Articles by sessions they ended" columns=&["Article", "Sessions"]>
                {articles}
            </DataTable>
        </section>
    }
}

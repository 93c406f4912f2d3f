//! `/support-policy`: the support policy in the viewer's own terms.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{PlanTerms, SupportPolicy, load_support_policy};
use crate::ui::feedback::Loaded;

#[component]
pub fn SupportPolicyPage() -> impl IntoView {
    let policy = Resource::new(|| (), |_| load_support_policy());
    view! {
        <Title text="Support policy" />
        <h1>"Support policy"</h1>
        <Loaded resource=policy show=move |policy| view! { <Policy policy /> } />
    }
}

fn list(items: Vec<String>) -> impl IntoView {
    view! { <ul>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul> }
}

#[component]
fn Policy(policy: SupportPolicy) -> impl IntoView {
    let channels = policy
        .channels
        .into_iter()
        .map(|channel| view! { <dt>{channel.name}</dt><dd>{channel.how}</dd> })
        .collect_view();
    let severities = policy
        .severities
        .into_iter()
        .map(|terms| {
            let dash = || "Your plan's response time".to_owned();
            let paged =
                terms.pages_on_call.then_some(" Opening one online alerts the engineers on call.");
            view! {
                <tr>
                    <th scope="row">{terms.level.name.clone()}</th>
                    <td>{terms.level.description()}{paged}</td>
                    <td>{terms.response.unwrap_or_else(dash)}</td>
                    <td>{terms.resolution.unwrap_or_else(|| "–".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    let zone = policy.time_zone;
    let plans = policy
        .plans
        .into_iter()
        .map(|plan| view! { <Plan plan zone=zone.clone() /> })
        .collect_view();
    view! {
        <section aria-labelledby="channels-title">
            <h2 id="channels-title">"How to reach support"</h2>
            <dl class="facts">{channels}</dl>
        </section>
        <section aria-labelledby="severities-title">
            <h2 id="severities-title">"Severities and targets"</h2>
            <table class="data-table">
                <caption class="visually-hidden">"Severities with their response and resolution targets"</caption>
                <thead><tr>
                    <th scope="col">"Severity"</th><th scope="col">"Meaning"</th>
                    <th scope="col">"First response"</th><th scope="col">"Resolution"</th>
                </tr></thead>
                <tbody>{severities}</tbody>
            </table>
        </section>
        {plans}
    }
}

#[component]
fn Plan(plan: PlanTerms, zone: String) -> impl IntoView {
    let id = format!("plan-{}", plan.name.to_lowercase().replace(' ', "-"));
    let labelled_by = id.clone();
    let week = (!plan.week.is_empty()).then(|| {
        view! { <h3>{format!("This week, in your time zone ({zone})")}</h3>{list(plan.week)} }
    });
    let holidays = (!plan.holidays.is_empty())
        .then(|| view! { <h3>"Holidays (the clocks stand still)"</h3>{list(plan.holidays)} });
    let includes =
        (!plan.includes.is_empty()).then(|| view! { <h3>"Included"</h3>{list(plan.includes)} });
    let excludes =
        (!plan.excludes.is_empty()).then(|| view! { <h3>"Not included"</h3>{list(plan.excludes)} });
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=id>{plan.name}</h2>
            <dl class="facts">
                <dt>"Hours"</dt><dd>{plan.hours}</dd>
                <dt>"First response"</dt><dd>{format!("within {}", plan.response)}</dd>
                <dt>"Priority"</dt><dd>{plan.priority}</dd>
                <dt>"Included points"</dt><dd>{plan.included_points}</dd>
                <dt>"Training seats"</dt><dd>{plan.training_seats}</dd>
                <dt>"System assessments a year"</dt><dd>{plan.health_checks}</dd>
            </dl>
            {week}
            {holidays}
            {includes}
            {excludes}
        </section>
    }
}

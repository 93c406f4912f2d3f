//! The plan catalogue: admins change plans and add new ones. Contracts on a
//! plan follow its changes; cases keep the plan they were opened under.

use leptos::prelude::*;
use leptos_meta::Title;

use super::holidays::HolidayLists;
use crate::{
    auth::csrf::CsrfField,
    entitlements::{
        Availability, Plan, PlanKind, Priority,
        admin_api::{PlansPage, SavePlan, load_plans_page},
        holidays::SaveHolidays,
    },
    ui::{
        feedback::{ActionOutcome, Loaded},
        table::DataTable,
    },
};

#[component]
pub fn AdminPlansPage() -> impl IntoView {
    let save = ServerAction::<SavePlan>::new();
    let save_holidays = ServerAction::<SaveHolidays>::new();
    // One request for the page: the plans, the calendars' holidays and
    // what admins must act on in them.
    let page = Resource::new(
        move || (save.version().get(), save_holidays.version().get()),
        |_| load_plans_page(),
    );
    view! {
        <Title text="Support plans" />
        <Loaded resource=page show=move |page: PlansPage| {
            let warnings = page.calendar_warnings.into_iter().map(|warning| {
                view! { <p class="form-error" role="alert">{warning}</p> }
            }).collect_view();
            view! {
                {warnings}
                <Catalogue plans=page.plans save />
                <HolidayLists lists=page.holidays save=save_holidays />
            }
        } />
    }
}

#[component]
fn Catalogue(plans: Vec<Plan>, save: ServerAction<SavePlan>) -> impl IntoView {
    let rows = plans
        .iter()
        .map(|plan| {
            view! {
                <tr>
                    <th scope="row">{plan.name.clone()}</th>
                    <td>{plan.kind.label()}</td>
                    <td class="number">{plan.included_points}</td>
                    <td>{plan.availability.as_str()}</td>
                    <td>{plan.response_target()}</td>
                    <td>{plan.priority.label()}</td>
                    <td>{if plan.opens_cases { "Yes" } else { "No (forum only)" }}</td>
                </tr>
            }
        })
        .collect_view();
    let forms =
        plans.into_iter().map(|plan| view! { <PlanForm plan=Some(plan) save /> }).collect_view();
    view! {
        <h1>"Support plans"</h1>
        <p class="hint">"Changes apply to every contract on the plan. Cases keep the plan they were opened under."</p>
        <DataTable caption="The plan catalogue" columns=&["Plan", "Kind", "Included points", "Availability", "Response target", "Priority", "Cases"]>
            {rows}
        </DataTable>
        <ActionOutcome result=save.value().into() success="The plan was saved." />
        <h2>"Change a plan"</h2>
        {forms}
        <h2>"New plan"</h2>
        <PlanForm plan=None save />
    }
}

fn options<T: Copy + PartialEq + Send + Sync + 'static>(
    all: &'static [T],
    selected: T,
    word: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> impl IntoView {
    all.iter()
        .map(|&value| view! { <option value=word(value) selected=value == selected>{label(value)}</option> })
        .collect_view()
}

#[component]
fn PlanForm(plan: Option<Plan>, save: ServerAction<SavePlan>) -> impl IntoView {
    let is_new = plan.is_none();
    let prefix = plan.as_ref().map(|p| p.key.clone()).unwrap_or_else(|| "new-plan".to_owned());
    let id = {
        let prefix = prefix.clone();
        move |name: &str| format!("plan-{prefix}-{name}")
    };
    let plan = plan.unwrap_or(Plan {
        key: String::new(),
        name: String::new(),
        kind: PlanKind::Points,
        included_points: 0,
        priority: Priority::Normal,
        availability: Availability::EightByFive,
        response_minutes: 240,
        training_seats: 0,
        health_checks: 0,
        opens_cases: true,
    });
    let legend = if is_new { "New plan".to_owned() } else { format!("Plan {}", plan.name) };
    let key_field = if is_new {
        view! {
            <div class="field">
                <label for=id("key")>"Key (lower-case letters, digits, hyphens)"</label>
                <input id=id("key") name="plan[key]" required pattern="[a-z0-9-]+" />
            </div>
        }
        .into_any()
    } else {
        view! { <input type="hidden" name="plan[key]" value=plan.key.clone() /> }.into_any()
    };
    let number = move |name: &'static str, label: &'static str, value: i64, min: i64| {
        let field_id = format!("plan-{prefix}-{name}");
        view! {
            <div class="field">
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=format!("plan[{name}]") type="number" min=min step="1" required value=value />
            </div>
        }
    };
    view! {
        <ActionForm action=save attr:class="tool-form">
            <fieldset>
                <legend>{legend}</legend>
                <CsrfField />
                {key_field}
                <div class="field">
                    <label for=id("name")>"Name"</label>
                    <input id=id("name") name="plan[name]" required value=plan.name.clone() />
                </div>
                <div class="inline-fields">
                    <div class="field">
                        <label for=id("kind")>"Kind"</label>
                        <select id=id("kind") name="plan[kind]">{options(PlanKind::ALL, plan.kind, PlanKind::as_str, PlanKind::label)}</select>
                    </div>
                    <div class="field">
                        <label for=id("priority")>"Priority"</label>
                        <select id=id("priority") name="plan[priority]">{options(Priority::ALL, plan.priority, Priority::as_str, Priority::label)}</select>
                    </div>
                    <div class="field">
                        <label for=id("availability")>"Availability"</label>
                        <select id=id("availability") name="plan[availability]">{options(Availability::ALL, plan.availability, Availability::as_str, Availability::label)}</select>
                    </div>
                </div>
                <div class="inline-fields">
                    {number("included_points", "Included points", plan.included_points, 0)}
                    {number("response_minutes", "Response target (minutes)", plan.response_minutes, 1)}
                    {number("training_seats", "Training seats", plan.training_seats, 0)}
                    {number("health_checks", "Health checks a year", plan.health_checks, 0)}
                </div>
                // Two choices rather than a checkbox: an unticked box sends
                // nothing, and a plan read without the field opens cases.
                <fieldset class="choices">
                    <legend>"Cases"</legend>
                    <div class="checkbox">
                        <input type="radio" id=id("cases") name="plan[opens_cases]" value="true" checked=plan.opens_cases />
                        <label for=id("cases")>"Customers on this plan open cases"</label>
                    </div>
                    <div class="checkbox">
                        <input type="radio" id=id("forum") name="plan[opens_cases]" value="false" checked=!plan.opens_cases />
                        <label for=id("forum")>"Forum only: no cases"</label>
                    </div>
                </fieldset>
                <button type="submit" class="button">{if is_new { "Add the plan" } else { "Save the plan" }}</button>
            </fieldset>
        </ActionForm>
    }
}

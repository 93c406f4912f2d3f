//! The calendars' holidays kept by admins in the portal: "Xecuritas'
//! observed holidays for 2010 include: ..." is a list per year, so the next
//! year's days are added where admins work, and the clocks follow at once.

use std::sync::Arc;

use app::{
    entitlements::holidays::{LoadHolidays, SaveHolidays},
    infra::mail::Mailer,
    runtime::{AppState, jobs::run_due},
};
use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::Value;

use super::{app_under, file};
use crate::{browser::Browser, cases::ms, helpers::TestApp};

/// The days of the 8x5 calendar as the admin's page loads them.
async fn days_of_8x5(admin: &mut Browser<'_>) -> Vec<String> {
    let lists: Value = admin.call::<LoadHolidays>(&[]).await.json();
    let list = lists.as_array().and_then(|lists| lists.iter().find(|l| l["calendar"] == "8x5"));
    let days = list.expect("the 8x5 calendar")["days"].as_array().expect("days").clone();
    days.iter().map(|day| day.as_str().expect("a date").to_owned()).collect()
}

async fn case_due(app: &TestApp, reference: &str) -> (Value, Value) {
    let mut customer = Browser::signed_in(app, "customer@borealis.example").await;
    let case = customer.get(&format!("/api/v1/cases/{reference}")).await.json();
    (case["response_due"].clone(), case["resolution_due"].clone())
}

// Xecuritas severity 3: response "Within 1 day", resolution "Within 1
// week", on 8-19 Eastern without the observed holidays.
#[tokio::test]
async fn a_holiday_an_admin_adds_moves_the_open_cases_due_times() {
    let app = app_under("xecuritas").await;
    // Wednesday 2026-11-25 10:00 Eastern; Thursday and Friday are holidays.
    app.clock.advance(SignedDuration::from_hours(2 * 24 + 6));
    let case = file(&app, "customer@borealis.example", "3", "email-security", "7").await;
    let reference = case["filed"]["reference"].as_str().expect("a reference").to_owned();
    assert_eq!(case["response_due"], ms("2026-11-30T15:00:00Z"), "Monday 10:00 Eastern");
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let mut days = days_of_8x5(&mut admin).await;
    assert!(days.contains(&"2026-11-26".to_owned()), "seeded from the file: {days:?}");

    // The office closes on Monday the 30th too.
    days.push("2026-11-30".to_owned());
    let saved =
        admin.call::<SaveHolidays>(&[("calendar", "8x5"), ("days", &days.join("\n"))]).await;

    assert!(saved.status.is_success(), "{} {}", saved.status, saved.body);
    assert!(days_of_8x5(&mut admin).await.contains(&"2026-11-30".to_owned()));
    let (response, resolution) = case_due(&app, &reference).await;
    assert_eq!(response, ms("2026-12-01T15:00:00Z"), "Tuesday 10:00 Eastern");
    // Five working days: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7.
    assert_eq!(resolution, ms("2026-12-07T15:00:00Z"));
}

#[tokio::test]
async fn a_list_with_a_wrong_line_is_refused_whole_and_only_admins_change_it() {
    let app = app_under("xecuritas").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let before = days_of_8x5(&mut admin).await;

    let wrong = admin
        .call::<SaveHolidays>(&[("calendar", "8x5"), ("days", "2027-12-24\n2027-02-30\n")])
        .await;
    let no_such_hours =
        admin.call::<SaveHolidays>(&[("calendar", "12x5"), ("days", "2027-12-24")]).await;
    let mut engineer = Browser::signed_in(&app, "l3@selfdesk.example").await;
    let by_engineer = engineer.call::<SaveHolidays>(&[("calendar", "8x5"), ("days", "")]).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let by_customer = customer.call::<SaveHolidays>(&[("calendar", "8x5"), ("days", "")]).await;
    let read_by_customer = customer.call::<LoadHolidays>(&[]).await;

    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong.app_error().to_string(),
        "Line 2: \"2027-02-30\" is not a date like 2027-12-24. Write one date a line."
    );
    assert_eq!(no_such_hours.status, StatusCode::BAD_REQUEST);
    assert!(no_such_hours.body.contains("no 12x5 business hours"), "{}", no_such_hours.body);
    assert_eq!(by_engineer.status, StatusCode::FORBIDDEN);
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(read_by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(days_of_8x5(&mut admin).await, before, "nothing changed");
}

// Saved on one server: a second server on the same database starts with
// the admins' list (not the file's again), and follows a later change at
// its next jobs pass.
#[tokio::test]
async fn another_server_starts_with_the_admins_list_and_follows_its_changes() {
    let app = app_under("xecuritas").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let emptied = admin.call::<SaveHolidays>(&[("calendar", "8x5"), ("days", "")]).await;
    assert!(emptied.status.is_success(), "{}", emptied.body);
    let other = AppState::open(
        (*app.state.settings).clone(),
        app.state.db.clone(),
        app.state.leptos_options.clone(),
        Arc::new(app.clock.clone()),
        Mailer::memory().0,
    )
    .await
    .expect("a second server");
    let calendars = |state: &AppState| {
        let calendars = &state.catalogue.service_levels.calendars;
        calendars.holidays(app::entitlements::Availability::EightByFive)
    };
    assert!(calendars(&other).is_empty(), "the emptied list, not the file's");

    let saved = admin.call::<SaveHolidays>(&[("calendar", "8x5"), ("days", "2027-12-24")]).await;
    assert!(saved.status.is_success(), "{}", saved.body);
    assert!(calendars(&other).is_empty(), "not yet read");
    run_due(&other, "server-b").await.expect("a jobs pass");

    let days: Vec<String> = calendars(&other).iter().map(ToString::to_string).collect();
    assert_eq!(days, ["2027-12-24"]);
}

// Xecuritas has one set of hours ("from 8 AM to 7 PM US Eastern Time"): a
// plan an admin makes runs on them or around the clock, never on hours the
// policy does not have.
#[tokio::test]
async fn a_plan_on_hours_the_policy_lacks_is_refused() {
    let app = app_under("xecuritas").await;
    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let plan = |availability: &'static str| {
        [
            ("key", "extended"),
            ("name", "Extended"),
            ("kind", "priority"),
            ("included_points", "0"),
            ("priority", "high"),
            ("availability", availability),
            ("response_minutes", "60"),
            ("training_seats", "0"),
            ("health_checks", "0"),
            ("opens_cases", "true"),
        ]
    };
    use app::entitlements::admin_api::SavePlan;

    let refused = admin.submit::<SavePlan>("plan", &plan("12x5")).await;
    let business = admin.submit::<SavePlan>("plan", &plan("8x5")).await;
    let around_the_clock = admin.submit::<SavePlan>("plan", &plan("24x7")).await;

    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.app_error().to_string(),
        "This support policy has no 12x5 hours: choose 8x5 or 24x7."
    );
    assert!(business.status.is_success(), "{}", business.body);
    assert!(around_the_clock.status.is_success(), "{}", around_the_clock.body);
    let plans = admin.call::<app::entitlements::admin_api::LoadPlans>(&[]).await.json();
    let extended = plans.as_array().and_then(|p| p.iter().find(|p| p["key"] == "extended"));
    assert_eq!(extended.expect("saved")["availability"], "24x7");
}

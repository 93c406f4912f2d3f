//! `policies/xecuritas.toml`: one plan, severities with response and
//! resolution targets, 8-19 Eastern with severity 1 around the clock.

use jiff::SignedDuration;
use leptos::server_fn::ServerFn;

use super::{app_under, file};
use crate::cases::ms;

// "Support for Severity-1 level issues is available 24 hours a day, 7 days a
// week via on-call technical staff"; response "Within 1 hour (via phone)
// after logging the issue", resolution "Within 1 day".
#[tokio::test]
async fn severity_1_is_answered_within_the_hour_on_a_sunday() {
    let app = app_under("xecuritas").await;
    // Sunday 2026-11-29 13:22 Eastern.
    app.clock.advance(SignedDuration::from_hours(6 * 24 + 9) + SignedDuration::from_mins(22));

    let case = file(&app, "customer@acme.example", "1", "email-security", "7").await;

    assert_eq!(case["plan_name"], "Standard Support", "{case}");
    assert_eq!(case["response_due"], ms("2026-11-29T19:22:00Z"));
    assert_eq!(case["resolution_due"], ms("2026-11-30T18:22:00Z"));
    assert_eq!(case["filed"]["points_spent"], 0, "Xecuritas charges no points");
}

// "Technical support is available from 8 AM to 7 PM US Eastern Time, Monday
// through Friday." Severity 3: response "Within 1 day after logging the
// issue", resolution "Within 1 week"; the observed holidays include
// Thanksgiving and the day after ("Thursday, Nov. 25, Friday, Nov. 26" in
// 2010).
#[tokio::test]
async fn severity_3_counts_days_of_business_hours_and_skips_thanksgiving() {
    let app = app_under("xecuritas").await;
    // Wednesday 2026-11-25 10:00 Eastern.
    app.clock.advance(SignedDuration::from_hours(2 * 24 + 6));

    let case = file(&app, "customer@borealis.example", "3", "email-security", "7").await;

    // The next working day is Monday the 30th: 10:00 Eastern.
    assert_eq!(case["response_due"], ms("2026-11-30T15:00:00Z"));
    // Five working days: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4.
    assert_eq!(case["resolution_due"], ms("2026-12-04T15:00:00Z"));
}

// "Technical support is available from 8 AM to 7 PM US Eastern Time, Monday
// through Friday"; the observed holidays; "Severity-1 level cases opened
// online will automatically alert the on-call technical staff via pager."
// Shown to a customer in Oslo in their own time.
#[tokio::test]
async fn the_support_policy_page_shows_the_hours_in_oslo_time_and_the_coming_holidays() {
    let app = app_under("xecuritas").await;
    let mut customer = crate::browser::Browser::signed_in(&app, "customer@borealis.example").await;

    let page = customer.get("/support-policy").await;

    for words in [
        "Monday to Friday, 08:00-19:00 (America/New_York)",
        "This week, in your time zone (Europe/Oslo)",
        "Mon 23 Nov: 14:00-01:00",
        "Thu 26 Nov: holiday",
        "Fri 25 Dec 2026",
        "Mon 6 Sep 2027",
        "Opening one online alerts the engineers on call.",
        "1.888.624.5928",
    ] {
        assert!(page.body.contains(words), "{words:?} rendered before any script");
    }
    assert!(!page.body.contains("Fri 31 Dec 2027"), "the next twelve months only");
}

// "Xecuritas' observed holidays for 2010 include: ..." The list is per
// year: admins are told ninety days before a calendar's list runs out.
#[tokio::test]
async fn admins_are_told_before_the_holiday_list_runs_out() {
    let app = app_under("xecuritas").await;
    let mut admin = crate::browser::Browser::signed_in(&app, "admin@selfdesk.example").await;
    let warnings = |body: String| serde_json::from_str::<Vec<String>>(&body).expect("a list");

    let now = admin.call::<app::entitlements::admin_api::LoadCalendarWarnings>(&[]).await;
    // 2027-10-15: the list ends on 2027-12-31.
    app.clock.advance(SignedDuration::from_hours(24 * 326));
    let mut admin = crate::browser::Browser::signed_in(&app, "admin@selfdesk.example").await;
    let later = admin.call::<app::entitlements::admin_api::LoadCalendarWarnings>(&[]).await;
    let page = admin.get("/admin/plans").await;
    let mut customer = crate::browser::Browser::signed_in(&app, "customer@acme.example").await;
    let refused = customer.call::<app::entitlements::admin_api::LoadCalendarWarnings>(&[]).await;

    assert!(warnings(now.body).is_empty());
    let told = "The 8x5 calendar's holidays end on 2027-12-31: add the next year's on the support plans page before then.";
    assert!(warnings(later.body).contains(&told.to_owned()));
    assert!(page.body.contains("holidays end on 2027-12-31"), "rendered before any script");
    assert!(page.body.contains("Holidays of the 8x5 calendar"), "the list's form");
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);

    // The next year's days, added on the page: the warning goes.
    let next_year = "2027-12-24\n2027-12-31\n2028-01-17\n2028-11-23";
    let save = app::entitlements::holidays::SaveHolidays::PATH;
    let saved = admin.call_path(save, &[("calendar", "8x5"), ("days", next_year)]).await;
    assert!(saved.status.is_success(), "{}", saved.body);
    let after = admin.call::<app::entitlements::admin_api::LoadCalendarWarnings>(&[]).await;
    assert!(warnings(after.body).is_empty());
}

//! `policies/scalix.toml`: points plans, hours in the customer's own time
//! zone, a response time per plan and none for resolution.

use jiff::SignedDuration;

use super::{app_under, file};
use crate::cases::ms;

// Scalix Basic: "available Monday through Friday (excluding holidays), from
// 9:00am - 5:00pm in your local time zone. when you initiate a support
// incident, our support team will respond within four business hours."
// "A single e-mail incident costs 10 points".
#[tokio::test]
async fn basic_support_answers_within_four_business_hours_of_the_customers_own_day() {
    let app = app_under("scalix").await;
    // Monday 2026-11-23 06:00 UTC: 07:00 in Oslo (Borealis), 01:00 in New
    // York (Acme); Borealis is on Basic, Acme on Platinum.
    app.clock.advance(SignedDuration::from_hours(-3));

    let basic = file(&app, "customer@borealis.example", "1", "scalix", "12").await;
    let platinum = file(&app, "customer@acme.example", "1", "scalix", "12").await;

    assert_eq!(basic["plan_name"], "Basic Technical Support", "{basic}");
    // Oslo opens at 9:00 (08:00 UTC); four business hours later is 13:00.
    assert_eq!(basic["response_due"], ms("2026-11-23T12:00:00Z"));
    assert!(basic["resolution_due"].is_null(), "Scalix promises no resolution time");
    assert_eq!(basic["filed"]["points_spent"], 10);
    // "Platinum Premium Support": 24 x 7, response "1 hours".
    assert_eq!(platinum["response_due"], ms("2026-11-23T07:00:00Z"));
}

// "Scalix supports products that are within two major releases from the
// current release": 12 is current, 11 the other supported one, 10 is not.
#[tokio::test]
async fn only_the_two_latest_major_releases_open_cases() {
    let app = app_under("scalix").await;
    let mut customer = crate::browser::Browser::signed_in(&app, "customer@borealis.example").await;

    let check =
        |version: &str| format!("/api/v1/entitlements/check?product=scalix&version={version}");
    let supported = customer.get(&check("11.4")).await.json();
    let unsupported = customer.get(&check("10.2")).await.json();

    assert_eq!(supported["entitled"], true, "{supported}");
    assert_eq!(unsupported["entitled"], false, "{unsupported}");
    assert!(unsupported["message"].as_str().unwrap_or_default().contains("not supported"));
}

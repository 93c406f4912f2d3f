//! Held cases: another vendor's product is the cause, or an arrangement
//! with the customer. Their clocks stand still, no target is missed, and
//! they do not close by themselves; who held them and why is recorded.

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::{Value, json};

use app::runtime::jobs::{Job, run_due};

use super::{gateway_question, ms, post_json};
use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestApp, spawn_app},
};

async fn work(app: &TestApp, action: Value) {
    let mut engineer = Browser::signed_in(app, "l1@selfdesk.example").await;
    let done = post_json(&mut engineer, "/api/v1/cases/CASE-000001/work", &action).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

async fn case(app: &TestApp) -> Value {
    let mut customer = Browser::signed_in(app, "customer@acme.example").await;
    customer.get("/api/v1/cases/CASE-000001").await.json()
}

// Xecuritas: "Should another vendor's product be identified as the cause of
// the incident, the standard Xecuritas customer resolution procedures will
// not apply." "The customer should bring those issues to the attention of
// the relevant vendor."
#[tokio::test]
async fn a_third_partys_cause_stops_the_clocks_and_no_target_is_missed_while_held() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    // Acme's Gold plan: 24x7, the first response due within 2 hours (11:00).
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    app.clock.advance(SignedDuration::from_mins(30));
    let why = "The mail relay in front of the gateway drops the connections.";
    work(&app, json!({"action": "hold", "hold": "third_party", "body": why})).await;

    let held = case(&app).await;
    app.clock.advance(SignedDuration::from_hours(6));
    let pass = run_due(&app.state, "test-server").await.expect("the jobs");
    work(&app, json!({"action": "resume", "body": "The relay's vendor fixed it; one more check."}))
        .await;
    let resumed = case(&app).await;

    assert_eq!(held["summary"]["status"], "on_hold", "{held}");
    assert!(held["response_due"].is_null() && held["resolution_due"].is_null());
    let recorded = format!(
        "On hold (Lee Level-One): Another vendor's product is the cause: the standard \
         resolution procedures and their targets do not apply, and the issue is best brought \
         to that vendor's attention. {why}"
    );
    assert!(held["events"].to_string().contains(&recorded), "{}", held["events"]);
    assert_eq!(pass.did(Job::SlaAlerts), Some(0), "nothing is missed while held");
    let subjects: Vec<String> = app.emails().into_iter().map(|e| e.subject).collect();
    assert!(subjects.contains(&"CASE-000001: On hold".to_owned()), "{subjects:?}");
    assert!(!subjects.iter().any(|s| s.contains("missed")), "{subjects:?}");
    // 90 minutes were left when it was held at 09:30; taken up at 15:30.
    assert_eq!(resumed["summary"]["status"], "open");
    assert_eq!(resumed["response_due"], ms("2026-11-23T17:00:00Z"));
}

// Xecuritas: "Xecuritas will close an incident if the customer has not
// provided a response to requests for information within 10 days, unless
// other arrangements have been made."
#[tokio::test]
async fn a_case_held_by_arrangement_does_not_close_for_want_of_an_answer() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    work(&app, json!({"action": "ask", "body": "Send the log after the next outage."})).await;
    let agreed = "The next maintenance window is in three weeks; we wait for it.";
    work(&app, json!({"action": "hold", "hold": "arrangement", "body": agreed})).await;

    app.clock.advance(SignedDuration::from_hours(24 * 15));
    let pass = run_due(&app.state, "test-server").await.expect("the jobs");
    let held = case(&app).await;

    assert_eq!(pass.did(Job::AutoClose), Some(0));
    assert_eq!(held["summary"]["status"], "on_hold", "{held}");
    let recorded = format!("On hold (Lee Level-One): By arrangement with you: {agreed}");
    assert!(held["events"].to_string().contains(&recorded), "{}", held["events"]);
}

//! Engineers re-assess a case and work it along the levels: the policies'
//! sentences each test checks are quoted above it.

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::{Value, json};

use super::{gateway_question, ms, post_json};
use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestApp, spawn_app},
};

const WORK: &str = "/api/v1/cases/CASE-000001/work";

async fn inbox(app: &TestApp, email: &str) -> Vec<String> {
    let mut browser = Browser::signed_in(app, email).await;
    let inbox = browser.get("/api/v1/notifications").await.json();
    inbox["notifications"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| n["subject"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn case(app: &TestApp, email: &str) -> Value {
    let mut browser = Browser::signed_in(app, email).await;
    browser.get("/api/v1/cases/CASE-000001").await.json()
}

// Aveksa: L1 will "Assign the issue the appropriate severity based on
// Aveksa's problem severity definitions"; Xecuritas:
// severity 1 response "Within 1 hour", resolution "Within 1 day", on call
// around the clock.
#[tokio::test]
async fn an_engineer_reassesses_the_severity_and_the_clocks_and_the_customer_follow() {
    let app = spawn_app().await;
    seed(&app).await;
    // Monday 2026-11-23 10:00 Eastern; Borealis is on business hours.
    app.clock.advance(SignedDuration::from_hours(6));
    let mut customer = Browser::signed_in(&app, "customer@borealis.example").await;
    let mut question = gateway_question();
    question["severity"] = json!("3");
    question["fields"] = json!({"product": "agent", "version": "3"});
    let filed = post_json(&mut customer, "/api/v1/cases", &question).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let before = case(&app, "customer@borealis.example").await;
    let mut l2 = Browser::signed_in(&app, "l2@selfdesk.example").await;

    let by_customer = post_json(
        &mut customer,
        WORK,
        &json!({"action": "reassess", "severity": "1", "body": "Urgent!"}),
    )
    .await;
    let no_severity = post_json(&mut l2, WORK, &json!({"action": "reassess", "body": "x"})).await;
    let raised = post_json(
        &mut l2,
        WORK,
        &json!({"action": "reassess", "severity": "1", "body": "Every site is down."}),
    )
    .await;
    let again = post_json(
        &mut l2,
        WORK,
        &json!({"action": "reassess", "severity": "1", "body": "Still down."}),
    )
    .await;
    let after = case(&app, "customer@borealis.example").await;

    // A week of business days, Thanksgiving and the day after not among them.
    assert_eq!(before["resolution_due"], ms("2026-12-02T15:00:00Z"));
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    assert_eq!(no_severity.status, StatusCode::BAD_REQUEST);
    assert!(no_severity.body.contains("Choose the severity."), "{}", no_severity.body);
    assert_eq!(raised.status, StatusCode::OK, "{}", raised.body);
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("already severity 1"), "{}", again.body);
    assert_eq!(after["summary"]["severity"], "1");
    // The clocks follow the new severity from the opening, around the clock.
    assert_eq!(after["response_due"], ms("2026-11-23T16:00:00Z"));
    assert_eq!(after["resolution_due"], ms("2026-11-24T15:00:00Z"));
    let timeline = after["events"].to_string();
    assert!(
        timeline.contains("Severity 3 to 1 (Lou Level-Two): Every site is down."),
        "{timeline}"
    );
    assert!(
        inbox(&app, "customer@borealis.example")
            .await
            .contains(&"CASE-000001: Severity changed to 1".to_owned())
    );
    assert_eq!(
        inbox(&app, "l1@selfdesk.example").await,
        ["CASE-000001: severity 1 after re-assessment"],
        "a case that becomes severity 1 pages like one opened so"
    );
}

// Aveksa: "The case will begin at Level 1 where initial data is gathered
// ..., after which the case will be moved to the Level 2 queue where a
// customer support engineering to assume ownership of the case until it is
// resolved. Level 3 support is called in as an escalation mechanism if the
// case is not resolved at Level 2." L2 will "Notify the customer when their
// escalated case has been assigned to a level 2 support engineer".
#[tokio::test]
async fn each_level_works_its_own_cases_and_hears_when_one_reaches_it() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let mut l1 = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut l2 = Browser::signed_in(&app, "l2@selfdesk.example").await;
    let mut l3 = Browser::signed_in(&app, "l3@selfdesk.example").await;

    post_json(&mut l1, WORK, &json!({"action": "take"})).await;
    post_json(&mut l1, WORK, &json!({"action": "raise_level", "body": "Reproduce it"})).await;
    let l1_takes_l2_case = post_json(&mut l1, WORK, &json!({"action": "take"})).await;
    let l1_to_l1 =
        post_json(&mut l1, WORK, &json!({"action": "assign", "body": "l1@selfdesk.example"})).await;
    let l1_notes = post_json(&mut l1, WORK, &json!({"action": "note", "body": "Saw it"})).await;
    let l2_takes = post_json(&mut l2, WORK, &json!({"action": "take"})).await;
    let l1_raises = post_json(&mut l1, WORK, &json!({"action": "raise_level", "body": "x"})).await;
    let to_l3 =
        post_json(&mut l2, WORK, &json!({"action": "raise_level", "body": "Needs a code fix"}))
            .await;
    let owner_replies =
        post_json(&mut l2, WORK, &json!({"action": "reply", "body": "Engineering has it."})).await;
    let l3_notes =
        post_json(&mut l3, WORK, &json!({"action": "note", "body": "Fix in review"})).await;

    assert_eq!(l1_takes_l2_case.status, StatusCode::CONFLICT);
    assert!(l1_takes_l2_case.body.contains("The case is at L2"), "{}", l1_takes_l2_case.body);
    assert_eq!(l1_to_l1.status, StatusCode::BAD_REQUEST);
    assert!(l1_to_l1.body.contains("Lee Level-One is L1: the case is at L2."));
    assert_eq!(l1_notes.status, StatusCode::OK, "every engineer may note");
    assert_eq!(l2_takes.status, StatusCode::OK);
    assert_eq!(l1_raises.status, StatusCode::CONFLICT);
    assert_eq!(to_l3.status, StatusCode::OK);
    assert_eq!(owner_replies.status, StatusCode::OK, "the L2 owner works it on at L3");
    assert_eq!(l3_notes.status, StatusCode::OK);
    assert!(
        inbox(&app, "l2@selfdesk.example")
            .await
            .contains(&"CASE-000001: Needs an L2 engineer".to_owned())
    );
    assert!(
        inbox(&app, "l3@selfdesk.example")
            .await
            .contains(&"CASE-000001: Needs an L3 engineer".to_owned())
    );
    let told = inbox(&app, "customer@acme.example").await;
    assert!(told.contains(&"CASE-000001: An L2 engineer took the case".to_owned()), "{told:?}");
}

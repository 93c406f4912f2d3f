//! Notifications: who is told about what, in the app and by email, and
//! that each user reads and marks only their own.

use axum::http::StatusCode;
use serde_json::json;

use app::runtime::jobs::run_due;

use super::{gateway_question, post_json};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn customers_and_engineers_hear_of_each_others_changes_but_not_of_their_own() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "take"})).await;
    post_json(&mut engineer, work, &json!({"action": "note", "body": "Internal: bug 4711"})).await;
    post_json(&mut engineer, work, &json!({"action": "reply", "body": "Rotate the certificate."}))
        .await;
    let message = json!({"body": "Done, still failing."});
    post_json(&mut customer, "/api/v1/cases/CASE-000001/messages", &message).await;

    let customer_inbox = customer.get("/api/v1/notifications").await.json();
    let engineer_inbox = engineer.get("/api/v1/notifications").await.json();
    let subjects = |inbox: &serde_json::Value| -> Vec<String> {
        inbox["notifications"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|n| n["subject"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(subjects(&customer_inbox), ["CASE-000001: Support answered"]);
    assert_eq!(customer_inbox["unread"], 1);
    assert!(customer_inbox.to_string().contains("Rotate the certificate."));
    assert!(!customer_inbox.to_string().contains("bug 4711"), "notes are never sent out");
    assert_eq!(subjects(&engineer_inbox), ["CASE-000001: The customer wrote"]);
    assert_eq!(engineer_inbox["notifications"][0]["link"], "/cases/CASE-000001");

    // The mail job sends what the app recorded, once.
    assert!(app.emails().is_empty(), "emails go out from the job, after the change commits");
    run_due(&app.state, "test").await.expect("jobs");
    run_due(&app.state, "test").await.expect("jobs");
    let emails = app.emails();
    let sent: Vec<(&str, &str)> =
        emails.iter().map(|e| (e.to.as_str(), e.subject.as_str())).collect();
    assert_eq!(
        sent,
        [
            ("customer@acme.example", "CASE-000001: Support answered"),
            ("l1@selfdesk.example", "CASE-000001: The customer wrote"),
        ]
    );
    assert!(emails[0].body.contains("Rotate the certificate."));
    assert!(emails[0].body.contains("http://selfdesk.test/cases/CASE-000001"));
}

#[tokio::test]
async fn escalation_reaches_management_and_raising_the_level_reaches_the_next_level() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "take"})).await;
    let escalate = json!({"action": "escalate", "reason": "Production is down"});
    post_json(&mut customer, "/api/v1/cases/CASE-000001/status", &escalate).await;
    let raise = json!({"action": "raise_level", "body": "Needs a packet capture review"});
    post_json(&mut engineer, work, &raise).await;

    let mut admin = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let mut l2 = Browser::signed_in(&app, "l2@selfdesk.example").await;
    let admin_inbox = admin.get("/api/v1/notifications").await.json().to_string();
    let l2_inbox = l2.get("/api/v1/notifications").await.json().to_string();
    let l1_inbox = engineer.get("/api/v1/notifications").await.json().to_string();
    let customer_inbox = customer.get("/api/v1/notifications").await.json().to_string();
    assert!(admin_inbox.contains("CASE-000001: Escalated by Carl Acme"));
    assert!(l1_inbox.contains("CASE-000001: Escalated by Carl Acme"), "the owner too");
    assert!(l2_inbox.contains("CASE-000001: Needs an L2 engineer"));
    assert!(customer_inbox.contains("CASE-000001: Raised to L2"));
}

#[tokio::test]
async fn users_mark_their_own_notifications_read_and_nobody_elses() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "reply", "body": "First answer"})).await;
    post_json(&mut engineer, work, &json!({"action": "reply", "body": "Second answer"})).await;
    let inbox = customer.get("/api/v1/notifications").await.json();
    let first = inbox["notifications"][1]["id"].as_i64().expect("an id");

    let by_other =
        post_json(&mut engineer, "/api/v1/notifications/read", &json!({"id": first})).await;
    let own = post_json(&mut customer, "/api/v1/notifications/read", &json!({"id": first})).await;
    let after_one = customer.get("/api/v1/notifications").await.json();
    let all = post_json(&mut customer, "/api/v1/notifications/read", &json!({})).await;
    let after_all = customer.get("/api/v1/notifications").await.json();
    let anonymous = app.get("/api/v1/notifications").await;

    assert_eq!(inbox["unread"], 2);
    assert_eq!(by_other.status, StatusCode::NOT_FOUND);
    assert_eq!(own.status, StatusCode::NO_CONTENT);
    assert_eq!(after_one["unread"], 1);
    assert_eq!(after_one["notifications"][1]["read"], true);
    assert_eq!(all.status, StatusCode::NO_CONTENT);
    assert_eq!(after_all["unread"], 0);
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let page = customer.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Second answer"), "the page renders without scripts");
}

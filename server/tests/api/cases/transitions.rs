//! Every status transition, allowed and refused: each action of the
//! customer and of the engineer, tried on a case in each status.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{gateway_question, post_json};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

const STATUSES: [&str; 7] =
    ["new", "open", "waiting_on_customer", "on_hold", "escalated", "resolved", "closed"];

/// Who does what: (label, acting engineer?, path under the case, body).
fn actions() -> Vec<(&'static str, bool, &'static str, Value)> {
    let resolve = json!({"action": "resolve", "resolution": "answered", "cause": "configuration", "body": "Answered"});
    vec![
        ("customer writes", false, "messages", json!({"body": "More detail"})),
        ("customer escalates", false, "status", json!({"action": "escalate", "reason": "Urgent"})),
        ("customer closes", false, "status", json!({"action": "close"})),
        ("customer reopens", false, "status", json!({"action": "reopen"})),
        ("engineer takes", true, "work", json!({"action": "take"})),
        ("engineer replies", true, "work", json!({"action": "reply", "body": "Try this"})),
        ("engineer asks", true, "work", json!({"action": "ask", "body": "Which build?"})),
        ("engineer notes", true, "work", json!({"action": "note", "body": "Internal"})),
        (
            "engineer holds",
            true,
            "work",
            json!({"action": "hold", "hold": "arrangement", "body": "Agreed"}),
        ),
        (
            "engineer takes up again",
            true,
            "work",
            json!({"action": "resume", "body": "Back on it"}),
        ),
        ("engineer resolves", true, "work", resolve),
    ]
}

/// The status each action leaves a case of each status in (the order of
/// `STATUSES`); `None` where it is refused with 409 Conflict.
fn expected(action: &str) -> [Option<&'static str>; 7] {
    let (o, w, h, e, r, c) = (
        Some("open"),
        Some("waiting_on_customer"),
        Some("on_hold"),
        Some("escalated"),
        Some("resolved"),
        Some("closed"),
    );
    match action {
        "customer writes" => [Some("new"), o, o, h, e, r, None],
        "customer escalates" => [e, e, e, e, None, None, None],
        "customer closes" => [c, c, c, c, c, c, None],
        "customer reopens" => [None, None, None, None, None, o, o],
        "engineer takes" => [o, o, w, h, e, None, None],
        "engineer replies" => [o, o, w, h, e, None, None],
        "engineer asks" => [w, w, w, w, w, None, None],
        "engineer notes" => [Some("new"), o, w, h, e, None, None],
        "engineer holds" => [h, h, h, None, h, None, None],
        "engineer takes up again" => [None, None, None, o, None, None, None],
        "engineer resolves" => [r, r, r, r, r, None, None],
        other => panic!("no expectation for {other}"),
    }
}

#[tokio::test]
async fn every_action_on_a_case_in_every_status_is_allowed_or_refused_as_the_workflow_says() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut failures = Vec::new();
    let mut number = 0;
    for (label, by_engineer, path, body) in actions() {
        for (index, start) in STATUSES.iter().enumerate() {
            number += 1;
            let case = format!("/api/v1/cases/CASE-{number:06}");
            let filed = post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
            assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
            let setup = match *start {
                "new" => None,
                "open" => Some((true, "work", json!({"action": "take"}))),
                "waiting_on_customer" => {
                    Some((true, "work", json!({"action": "ask", "body": "?"})))
                }
                "on_hold" => Some((
                    true,
                    "work",
                    json!({"action": "hold", "hold": "third_party", "body": "Their DNS"}),
                )),
                "escalated" => {
                    Some((false, "status", json!({"action": "escalate", "reason": "Now"})))
                }
                "resolved" => Some((
                    true,
                    "work",
                    json!({"action": "resolve", "resolution": "fixed", "cause": "unknown", "body": "Done"}),
                )),
                _ => Some((false, "status", json!({"action": "close"}))),
            };
            if let Some((as_engineer, setup_path, setup_body)) = setup {
                let who = if as_engineer { &mut engineer } else { &mut customer };
                let done = post_json(who, &format!("{case}/{setup_path}"), &setup_body).await;
                assert!(done.status.is_success(), "setting up {start}: {}", done.body);
            }
            let who = if by_engineer { &mut engineer } else { &mut customer };
            let response = post_json(who, &format!("{case}/{path}"), &body).await;
            let status = customer.get(&case).await.json()["summary"]["status"].clone();
            let outcome = response
                .status
                .is_success()
                .then(|| status.as_str().unwrap_or_default().to_owned());
            let wanted = expected(label)[index];
            let refused_right = wanted.is_none() && response.status == StatusCode::CONFLICT;
            if outcome.as_deref() != wanted && !refused_right {
                failures.push(format!(
                    "{label} on {start}: got {} ({status}), expected {wanted:?}",
                    response.status
                ));
            }
            if wanted.is_none() && status != *start {
                failures.push(format!("{label} on {start} was refused but changed the status"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

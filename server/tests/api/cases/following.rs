use axum::http::StatusCode;
use serde_json::json;

use super::{file_with_files, post_json, product_error};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

async fn filed_case(app: &crate::helpers::TestApp) {
    let mut customer = Browser::signed_in(app, "customer@acme.example").await;
    let files =
        [("system_report", "report.zip", b"r".as_slice()), ("logs", "g.log", b"l".as_slice())];
    let filed = file_with_files(&mut customer, &product_error(), &files).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
}

#[tokio::test]
async fn each_role_sees_the_cases_it_should() {
    let app = spawn_app().await;
    seed(&app).await;
    filed_case(&app).await;
    let path = "/api/v1/cases/CASE-000001";

    let status = async |email: &str| Browser::signed_in(&app, email).await.get(path).await.status;

    assert_eq!(status("customer@acme.example").await, StatusCode::OK);
    assert_eq!(status("holder@acme.example").await, StatusCode::OK);
    assert_eq!(status("l2@selfdesk.example").await, StatusCode::OK);
    assert_eq!(status("customer@borealis.example").await, StatusCode::NOT_FOUND);
    assert_eq!(status("holder@borealis.example").await, StatusCode::NOT_FOUND);
    assert_eq!(status("writer@selfdesk.example").await, StatusCode::FORBIDDEN);
    let mut holder_b = Browser::signed_in(&app, "holder@borealis.example").await;
    assert!(holder_b.get("/api/v1/cases").await.json().as_array().is_some_and(Vec::is_empty));
    let download = holder_b.get("/api/v1/cases/CASE-000001/files/1").await;
    assert_eq!(download.status, StatusCode::NOT_FOUND);
    let anonymous = Browser::open(&app).await.get(path).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_customer_writes_escalates_closes_and_reopens() {
    let app = spawn_app().await;
    seed(&app).await;
    filed_case(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let base = "/api/v1/cases/CASE-000001";
    let action = |action: &str, reason: &str| json!({"action": action, "reason": reason});

    let message = post_json(
        &mut customer,
        &format!("{base}/messages"),
        &json!({"body": "It happened again at 10:00."}),
    )
    .await;
    let empty = post_json(&mut customer, &format!("{base}/messages"), &json!({"body": "  "})).await;
    let no_reason =
        post_json(&mut customer, &format!("{base}/status"), &action("escalate", "")).await;
    let escalated = post_json(
        &mut customer,
        &format!("{base}/status"),
        &action("escalate", "Production is down"),
    )
    .await;
    let closed = post_json(&mut customer, &format!("{base}/status"), &action("close", "")).await;
    let on_closed =
        post_json(&mut customer, &format!("{base}/messages"), &json!({"body": "hello?"})).await;
    let reopened = post_json(&mut customer, &format!("{base}/status"), &action("reopen", "")).await;

    assert_eq!(message.status, StatusCode::CREATED);
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(escalated.json()["status"], "escalated");
    assert_eq!(closed.json()["status"], "closed");
    assert_eq!(on_closed.status, StatusCode::CONFLICT);
    assert_eq!(reopened.json()["status"], "open");
    let case = customer.get(base).await.json();
    let kinds: Vec<&str> = case["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["opened", "message", "escalated", "status", "status"]);
    assert_eq!(case["summary"]["status"], "open");
}

#[tokio::test]
async fn suggestions_are_the_top_five_visible_articles() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let suggestions =
        customer.get("/api/v1/suggest?q=tunnel%20drops%20every%20hour%20vpn").await.json();

    let list = suggestions.as_array().expect("a list");
    assert!(!list.is_empty() && list.len() <= 5, "{suggestions}");
    assert!(list.iter().all(|s| s["url"].as_str().is_some_and(|u| u.starts_with("/articles/"))));
}

#[tokio::test]
async fn the_case_pages_render_without_scripts() {
    let app = spawn_app().await;
    seed(&app).await;
    filed_case(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let list = customer.get("/cases").await;
    let page = customer.get("/cases/CASE-000001").await;
    let foreign =
        Browser::signed_in(&app, "customer@borealis.example").await.get("/cases/CASE-000001").await;

    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("href=\"/cases/CASE-000001\""));
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "CASE-000001: Tunnel drops every hour",
        "Not assigned yet",
        "report.zip",
        "Timeline",
        "Escalate the case",
        "Close the case",
    ] {
        assert!(page.body.contains(text), "the case page shows {text:?}");
    }
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_reply_from_the_page_carries_its_files() {
    let app = spawn_app().await;
    seed(&app).await;
    filed_case(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let csrf = customer.csrf().unwrap_or_default();
    let path = format!("/cases/CASE-000001/messages?csrf={csrf}");

    let (content_type, body) = super::multipart(&[
        ("body", None, b"Here is the capture."),
        ("file", Some("capture.pcap"), b"pcap bytes"),
    ]);
    let sent = super::post(&mut customer, &path, &content_type, body).await;
    let (content_type, body) =
        super::multipart(&[("body", None, b""), ("file", Some("tool.exe"), b"x")]);
    let refused = super::post(&mut customer, &path, &content_type, body).await;

    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert!(sent.header("location").is_some_and(|l| l.starts_with("/cases/CASE-000001?replied=1")));
    assert!(
        refused.header("location").is_some_and(|l| l.contains("error=")),
        "back with the reason"
    );
    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    let names: Vec<&str> = case["artifacts"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["file_name"].as_str())
        .collect();
    assert_eq!(names, ["report.zip", "g.log", "capture.pcap"]);
    let last = &case["events"][case["events"].as_array().map_or(0, Vec::len) - 1];
    assert_eq!(last["body"], "Here is the capture.\n\nAttached capture.pcap");
}

use axum::http::StatusCode;
use serde_json::json;

use super::{
    file_with_files, gateway_question, multipart, post, post_json, product_error, stored_files,
};
use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{spawn_app, spawn_app_with},
};

const REPORT: &[u8] = b"system report: KG-500, firmware 9.1.2";
const LOGS: &[u8] = b"2026-11-23 tunnel down\n";

async fn balance(browser: &mut Browser<'_>) -> i64 {
    browser.get("/api/v1/entitlements").await.json()["balance"].as_i64().expect("balance")
}

#[tokio::test]
async fn a_product_error_with_its_files_is_filed_charged_and_readable() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let before = balance(&mut customer).await;

    let response = file_with_files(
        &mut customer,
        &product_error(),
        &[("system_report", "report.zip", REPORT), ("logs", "../../etc/gateway.log", LOGS)],
    )
    .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    let created = response.json();
    assert_eq!(created["reference"], "CASE-000001");
    assert_eq!(created["points_spent"], 10);
    assert_eq!(created["balance_after"], before - 10);
    assert_eq!(created["plan_name"], "Gold");
    assert_eq!(balance(&mut customer).await, before - 10);

    let case = customer.get("/api/v1/cases/CASE-000001").await.json();
    assert_eq!(case["summary"]["status"], "new");
    assert_eq!(case["fields"]["symptoms"], "Tunnel down for 60 s every hour");
    assert_eq!(case["events"][0]["kind"], "opened");
    // Gold is 24x7: the plan's 2 hours beat severity 2's 6; resolution in 2 days.
    let due = |text: &str| text.parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    assert_eq!(case["response_due"], due("2026-11-23T11:00:00Z"));
    assert_eq!(case["resolution_due"], due("2026-11-25T09:00:00Z"));
    let files = case["artifacts"].as_array().expect("artifacts");
    assert_eq!(files.len(), 2);
    assert_eq!(files[1]["file_name"], "gateway.log", "the path is dropped");
    let id = files[1]["id"].as_i64().expect("id");
    let download = customer.get(&format!("/api/v1/cases/CASE-000001/files/{id}")).await;
    assert_eq!(download.body.as_bytes(), LOGS);
    assert!(download.header("content-disposition").is_some_and(|d| d.starts_with("attachment")));
    assert_eq!(download.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn files_uploaded_first_are_attached_by_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut tokens = Vec::new();
    for (name, bytes) in [("report.zip", REPORT), ("gateway.log", LOGS)] {
        let (content_type, body) = multipart(&[("file", Some(name), bytes)]);
        let uploaded = post(&mut customer, "/api/v1/uploads", &content_type, body).await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        tokens.push(uploaded.json()["token"].as_str().expect("token").to_owned());
    }
    let mut case = product_error();
    case["artifacts"] = json!([
        {"upload": tokens[0], "kind": "system_report"},
        {"upload": tokens[1], "kind": "logs"}
    ]);

    let filed = post_json(&mut customer, "/api/v1/cases", &case).await;
    let again = post_json(&mut customer, "/api/v1/cases", &case).await;

    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "an upload belongs to one case");
}

#[tokio::test]
async fn every_refusal_says_why_and_leaves_no_case_no_charge_and_no_file() {
    let app = spawn_app_with(|settings| settings.uploads.max_bytes = 64).await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let before = balance(&mut customer).await;
    let mut old_version = product_error();
    old_version["fields"]["version"] = json!("7.4");
    let mut uncovered = product_error();
    uncovered["fields"]["product"] = json!("agent");
    uncovered["fields"]["version"] = json!("3");
    let big = vec![b'x'; 65];
    let files = [("system_report", "report.zip", REPORT), ("logs", "gateway.log", LOGS)];

    let cases = [
        (
            "missing artifact",
            file_with_files(&mut customer, &product_error(), &files[..1]).await,
            StatusCode::BAD_REQUEST,
            "Still missing: Product logs",
        ),
        (
            "oversize file",
            file_with_files(
                &mut customer,
                &product_error(),
                &[files[0], ("logs", "big.log", &big)],
            )
            .await,
            StatusCode::PAYLOAD_TOO_LARGE,
            "at most 64 bytes",
        ),
        (
            "forbidden type",
            file_with_files(
                &mut customer,
                &product_error(),
                &[files[0], ("logs", "tool.exe", LOGS)],
            )
            .await,
            StatusCode::BAD_REQUEST,
            "tool.exe is not a file type",
        ),
        (
            "unsupported version",
            file_with_files(&mut customer, &old_version, &files).await,
            StatusCode::FORBIDDEN,
            "7.4 is not supported",
        ),
        (
            "not entitled",
            file_with_files(&mut customer, &uncovered, &files).await,
            StatusCode::FORBIDDEN,
            "Kestrel Agent is not covered",
        ),
    ];

    for (what, response, status, message) in cases {
        assert_eq!(response.status, status, "{what}: {}", response.body);
        assert!(response.body.contains(message), "{what}: {}", response.body);
    }
    assert_eq!(balance(&mut customer).await, before);
    assert!(customer.get("/api/v1/cases").await.json().as_array().is_some_and(Vec::is_empty));
    assert_eq!(stored_files(&app), 0);
}

#[tokio::test]
async fn without_points_left_the_case_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@borealis.example").await;
    let question = json!({
        "case_type": "question",
        "severity": "3",
        "subject": "How do I rotate the agent's certificate?",
        "description": "Our certificate expires next month.",
        "fields": {"product": "agent", "version": "3.4"}
    });
    for _ in 0..5 {
        let filed = post_json(&mut customer, "/api/v1/cases", &question).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    }

    let refused = post_json(&mut customer, "/api/v1/cases", &question).await;
    let mut idea = question.clone();
    idea["case_type"] = json!("enhancement");
    let enhancement = post_json(&mut customer, "/api/v1/cases", &idea).await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("costs 10 points and your organisation has 0"),
        "{}",
        refused.body
    );
    assert_eq!(enhancement.status, StatusCode::CREATED, "enhancement requests cost nothing");
    assert_eq!(enhancement.json()["points_spent"], 0);
}

#[tokio::test]
async fn an_engineer_enters_a_phone_case_for_a_customer_at_the_phone_price() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let mut case = gateway_question();
    case["channel"] = json!("phone");
    case["contact_email"] = json!("customer@acme.example");

    let filed = post_json(&mut engineer, "/api/v1/cases", &case).await;
    case["channel"] = json!("web");
    let web = post_json(&mut engineer, "/api/v1/cases", &case).await;

    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    assert_eq!(filed.json()["points_spent"], 30);
    assert_eq!(web.status, StatusCode::BAD_REQUEST);
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mine = customer.get("/api/v1/cases").await.json();
    assert_eq!(mine[0]["reference"], "CASE-000001");
}

#[tokio::test]
async fn uploads_no_case_took_are_removed_after_a_day() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let upload = async |browser: &mut Browser<'_>, name: &str| {
        let (content_type, body) = multipart(&[("file", Some(name), b"bytes")]);
        let uploaded = post(browser, "/api/v1/uploads", &content_type, body).await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        uploaded.json()["token"].as_str().expect("token").to_owned()
    };

    let forgotten = upload(&mut customer, "old.log").await;
    app.clock.advance(jiff::SignedDuration::from_hours(25));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    upload(&mut customer, "new.log").await;
    let mut case = gateway_question();
    case["artifacts"] = json!([{"upload": forgotten, "kind": "screenshots"}]);
    let late = post_json(&mut customer, "/api/v1/cases", &case).await;

    assert_eq!(stored_files(&app), 1, "only the new upload is kept");
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert!(late.body.contains("upload it again"), "{}", late.body);
}

//! Support management's reports and product management's enhancement list
//! over HTTP: the figures follow the cases, and the pages render them
//! without scripts.

use axum::http::StatusCode;
use jiff::SignedDuration;
use serde_json::json;

use super::{gateway_question, post_json};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn the_sla_report_counts_targets_met_and_missed_and_the_backlog_by_age() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    for _ in 0..2 {
        post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    }
    // Gold, severity 2: the first response is due in two hours.
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let reply = json!({"action": "reply", "body": "Here is how."});
    post_json(&mut engineer, "/api/v1/cases/CASE-000001/work", &reply).await;
    app.clock.advance(SignedDuration::from_hours(3));

    let mut manager = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let report = manager.get("/api/v1/reports/sla?days=7").await.json();
    let bad_period = manager.get("/api/v1/reports/sla?days=12").await;
    let page = manager.get("/reports?days=7").await;

    let gold = &report["attainment"][0];
    assert_eq!(gold["plan"], "Gold");
    assert_eq!(gold["severity"], "2");
    assert_eq!(gold["cases"], 2);
    assert_eq!(
        (gold["response_met"].as_i64(), gold["response_missed"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(gold["resolution_met"], 0, "resolution is not due for two days");
    assert_eq!(gold["resolution_missed"], 0);
    assert_eq!(report["backlog"][0]["age"], "Under a day");
    assert_eq!(report["backlog"][0]["by_severity"], json!([0, 2, 0]));
    assert_eq!(report["first_response"][1]["answered"], 1);
    assert_eq!(report["first_response"][1]["median_minutes"], 0);
    assert_eq!(bad_period.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("SLA attainment by plan and severity"));
    assert!(page.body.contains("1 / 2"), "responses on time, in the table");
    assert!(page.body.contains("<svg"), "with a chart");
}

#[tokio::test]
async fn enhancement_requests_skip_the_queue_and_are_listed_by_product() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut request = gateway_question();
    request["case_type"] = json!("enhancement");
    request["subject"] = json!("Export tunnels as YAML");
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut other = Browser::signed_in(&app, "customer@borealis.example").await;
    let filed = post_json(&mut customer, "/api/v1/cases", &request).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let filed = post_json(&mut other, "/api/v1/cases", &request).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);

    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let queue = engineer.get("/queue").await;
    let list = engineer.get("/api/v1/enhancements").await.json();
    let page = engineer.get("/enhancements").await;

    assert!(!queue.body.contains("Export tunnels as YAML"), "not in the queue");
    assert_eq!(list[0]["product"], "Kestrel Gateway");
    assert_eq!(list[0]["organisations"], 2);
    assert_eq!(list[0]["requests"].as_array().map(Vec::len), Some(2));
    assert!(page.body.contains("Kestrel Gateway: 2 requests from 2 organisations"));
}

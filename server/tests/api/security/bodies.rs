use axum::http::StatusCode;
use serde_json::json;

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{post_json, product_error},
    helpers::spawn_app,
};

async fn case_count(app: &crate::helpers::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn an_anonymous_case_body_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut visitor = Browser::open(&app).await;
    let mut huge = product_error();
    huge["description"] = json!("x".repeat(3 * 1024 * 1024));

    let response = post_json(&mut visitor, "/api/v1/cases", &huge).await;

    assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{}", response.body);
    assert_eq!(case_count(&app).await, 0);
}

#[tokio::test]
async fn a_case_body_over_one_megabyte_gets_413_and_writes_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut huge = product_error();
    huge["description"] = json!("x".repeat(1024 * 1024 + 1));

    let response = post_json(&mut customer, "/api/v1/cases", &huge).await;

    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", response.body);
    assert!(response.json()["error"].as_str().unwrap_or_default().contains("1 MB"));
    assert_eq!(case_count(&app).await, 0);
    // Under the cap the same case is filed.
    let filed = post_json(&mut customer, "/api/v1/cases", &crate::cases::gateway_question()).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
}

//! Another organisation's ids on every route that takes one: 404 (its
//! existence is not revealed) and nothing written.

use axum::http::StatusCode;
use serde_json::json;

use app::accounts::tokens_api::{CreateToken, ListTokens, RevokeToken};

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{file_with_files, post_json, product_error},
    helpers::{TestApp, spawn_app},
};

async fn events_of_first_case(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM case_events")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn another_organisations_case_and_files_are_unreachable_for_reading_and_writing() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer_a = Browser::signed_in(&app, "customer@acme.example").await;
    let files = [("system_report", "report.zip", &b"report"[..]), ("logs", "gw.log", b"log lines")];
    let filed = file_with_files(&mut customer_a, &product_error(), &files).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let case = customer_a.get("/api/v1/cases/CASE-000001").await.json();
    let file_id = case["artifacts"][0]["id"].as_i64().expect("a file");
    let events = events_of_first_case(&app).await;

    for email in ["customer@borealis.example", "holder@borealis.example"] {
        let mut other = Browser::signed_in(&app, email).await;
        let reads = [
            other.get("/api/v1/cases/CASE-000001").await,
            other.get(&format!("/api/v1/cases/CASE-000001/files/{file_id}")).await,
            other.get("/cases/CASE-000001").await,
        ];
        for read in reads {
            assert_eq!(read.status, StatusCode::NOT_FOUND, "{email}: {}", read.body);
            assert!(!read.body.contains("Tunnel drops every hour"), "{email} sees the subject");
        }
        let writes = [
            post_json(&mut other, "/api/v1/cases/CASE-000001/messages", &json!({"body": "hi"}))
                .await,
            post_json(
                &mut other,
                "/api/v1/cases/CASE-000001/status",
                &json!({"action": "close", "reason": "x"}),
            )
            .await,
            post_json(&mut other, "/api/v1/cases/CASE-000001/work", &json!({"action": "take"}))
                .await,
        ];
        for write in writes {
            assert!(
                matches!(write.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                "{email}: {} {}",
                write.status,
                write.body
            );
        }
    }
    assert_eq!(events_of_first_case(&app).await, events, "nothing was written");
}

#[tokio::test]
async fn another_users_token_cannot_be_revoked_or_seen() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut owner = Browser::signed_in(&app, "customer@acme.example").await;
    owner.call::<CreateToken>(&[("name", "nightly")]).await;
    let token_id = owner.call::<ListTokens>(&[]).await.json()[0]["id"].to_string();

    let mut other = Browser::signed_in(&app, "holder@acme.example").await;
    let revoked = other.call::<RevokeToken>(&[("token_id", &token_id)]).await;
    let listed = other.call::<ListTokens>(&[]).await;

    assert_eq!(revoked.status, StatusCode::NOT_FOUND);
    assert_eq!(listed.json().as_array().map(Vec::len), Some(0));
    assert_eq!(owner.call::<ListTokens>(&[]).await.json()[0]["revoked_at"], json!(null));
}

#[tokio::test]
async fn other_organisations_ledgers_entitlements_and_people_are_hidden() {
    let app = spawn_app().await;
    seed(&app).await;
    let borealis = crate::accounts::organisation_id(&app, "holder@borealis.example").await;
    let borealis_customer = crate::accounts::user_id(&app, "customer@borealis.example").await;
    let mut holder_a = Browser::signed_in(&app, "holder@acme.example").await;

    for path in [
        format!("/api/v1/organisations/{borealis}"),
        format!("/api/v1/users/{borealis_customer}"),
        format!("/api/v1/entitlements?organisation={borealis}"),
        format!("/api/v1/ledger?organisation={borealis}"),
        format!("/api/v1/ledger.csv?organisation={borealis}"),
    ] {
        let answer = holder_a.get(&path).await;
        assert!(
            matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::OK),
            "{path}: {}",
            answer.status
        );
        assert!(!answer.body.contains("Borealis"), "{path}: {}", answer.body);
    }
}

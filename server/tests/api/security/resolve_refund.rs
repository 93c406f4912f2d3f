use axum::http::StatusCode;
use serde_json::json;

use app::infra::db::Backend;

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{gateway_question, post_json},
    helpers::{TestApp, spawn_app},
};

/// Makes every refund entry fail to insert, as a full disk or a lost
/// connection would at that moment.
async fn break_refunds(app: &TestApp) {
    let statements: &[&str] = match app.state.db.backend() {
        Backend::Sqlite => &["CREATE TRIGGER refunds_fail BEFORE INSERT ON ledger_entries \
             WHEN NEW.kind = 'refund' BEGIN SELECT RAISE(ABORT, 'refunds are broken'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION refunds_fail() RETURNS trigger AS $$ BEGIN \
             IF NEW.kind = 'refund' THEN RAISE EXCEPTION 'refunds are broken'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refunds_fail BEFORE INSERT ON ledger_entries \
             FOR EACH ROW EXECUTE FUNCTION refunds_fail()",
        ],
    };
    for statement in statements {
        sqlx::query(statement).execute(app.state.db.pool()).await.expect("install the trigger");
    }
}

#[tokio::test]
async fn a_product_bug_is_not_resolved_without_its_refund() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let filed = post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    let work = "/api/v1/cases/CASE-000001/work";
    post_json(&mut engineer, work, &json!({"action": "take"})).await;
    break_refunds(&app).await;

    let resolve = json!({"action": "resolve", "resolution": "fixed", "cause": "product_bug", "body": "Fixed in 9.0.3"});
    let failed = post_json(&mut engineer, work, &resolve).await;

    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", failed.body);
    let case = engineer.get("/api/v1/cases/CASE-000001").await.json();
    assert_eq!(case["summary"]["status"], "open", "the resolution was rolled back with the refund");
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM case_events WHERE kind = 'status' AND body = 'Fixed in 9.0.3'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .expect("count");
    assert_eq!(events, 0);
}

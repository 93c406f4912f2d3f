use axum::{body::Body, http::Method, http::StatusCode};

use app::kb::api::SendFeedback;

use crate::{
    browser::Browser,
    helpers::{TestApp, spawn_app},
};

async fn search_from(app: &TestApp, address: &str) -> StatusCode {
    let path = "/api/v1/search?q=vpn%20tunnel%20drops";
    app.request(Method::GET, path, &[("x-forwarded-for", address)], Body::empty()).await.status
}

async fn searches_recorded(app: &TestApp) -> i64 {
    app.state.analytics.flush().await;
    sqlx::query_scalar("SELECT COUNT(*) FROM search_events")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn one_anonymous_client_records_sixty_searches_a_minute_and_is_still_answered() {
    let app = spawn_app().await;
    crate::kb::import_bundled(&app).await;

    for _ in 0..75 {
        assert_eq!(search_from(&app, "203.0.113.77").await, StatusCode::OK);
    }
    assert_eq!(searches_recorded(&app).await, 60);
    assert_eq!(app.state.analytics.counts().limited, 15);

    assert_eq!(search_from(&app, "198.51.100.5").await, StatusCode::OK);
    assert_eq!(searches_recorded(&app).await, 61, "another reader is recorded");
}

#[tokio::test]
async fn feedback_is_limited_per_client() {
    let app = spawn_app().await;
    crate::kb::import_bundled(&app).await;
    let mut reader = Browser::open(&app).await;
    let answer = [("slug", "vpn-up-no-traffic"), ("helpful", "yes")];

    for _ in 0..30 {
        assert_eq!(reader.submit::<SendFeedback>("feedback", &answer).await.status, StatusCode::OK);
    }
    let refused = reader.submit::<SendFeedback>("feedback", &answer).await;

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM article_feedback")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 30);
}

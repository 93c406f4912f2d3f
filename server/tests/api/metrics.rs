use axum::http::StatusCode;

use axum::{body::Body, http::Method};

use crate::helpers::{TestApp, TestResponse, spawn_app, spawn_app_with};

const TOKEN: &str = "metrics-secret-for-tests";

/// An app whose `/metrics` answers the scraper with [`TOKEN`].
async fn scraped_app() -> TestApp {
    spawn_app_with(|settings| settings.metrics_token = Some(TOKEN.into())).await
}

async fn scrape(app: &TestApp, token: &str) -> TestResponse {
    let bearer = format!("Bearer {token}");
    app.request(Method::GET, "/metrics", &[("authorization", &bearer)], Body::empty()).await
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = scraped_app().await;
    app.get("/healthz").await;
    app.get("/healthz").await;
    app.get("/no/such/page").await;

    let response = scrape(&app, TOKEN).await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.header("content-type").is_some_and(|v| v.starts_with("text/plain")));
    let text = &response.body;
    assert!(
        text.contains(
            r#"selfdesk_http_requests_total{method="GET",route="/healthz",status="200"} 2"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"selfdesk_http_requests_total{method="GET",route="unmatched",status="404"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"selfdesk_http_request_duration_seconds_count{method="GET",route="/healthz"} 2"#
        ),
        "{text}"
    );
}

#[tokio::test]
async fn page_routes_are_labelled_by_their_pattern() {
    let app = scraped_app().await;
    app.get("/").await;

    let text = scrape(&app, TOKEN).await.body;

    assert!(
        text.contains(r#"selfdesk_http_requests_total{method="GET",route="/",status="200"} 1"#),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_tell_what_became_of_the_analytics_rows() {
    let app = scraped_app().await;
    app.get("/api/v1/search?q=vpn").await;
    app.get("/api/v1/search?q=mail+queue").await;
    app.state.analytics.flush().await;

    let text = scrape(&app, TOKEN).await.body;

    assert!(text.contains(r#"selfdesk_analytics_rows_total{outcome="written"} 2"#), "{text}");
    assert!(text.contains(r#"selfdesk_analytics_rows_total{outcome="dropped"} 0"#), "{text}");
}

#[tokio::test]
async fn metrics_are_not_public() {
    let unset = spawn_app().await;
    assert_eq!(unset.get("/metrics").await.status, StatusCode::NOT_FOUND);

    let app = scraped_app().await;
    assert_eq!(app.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(&app, "guess").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(&app, TOKEN).await.status, StatusCode::OK);
}

use axum::http::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    app.get("/healthz").await;
    app.get("/healthz").await;
    app.get("/no/such/page").await;

    let response = app.get("/metrics").await;

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
    let app = spawn_app().await;
    app.get("/").await;

    let text = app.get("/metrics").await.body;

    assert!(
        text.contains(r#"selfdesk_http_requests_total{method="GET",route="/",status="200"} 1"#),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_tell_what_became_of_the_analytics_rows() {
    let app = spawn_app().await;
    app.get("/api/v1/search?q=vpn").await;
    app.get("/api/v1/search?q=mail+queue").await;
    app.state.analytics.flush().await;

    let text = app.get("/metrics").await.body;

    assert!(text.contains(r#"selfdesk_analytics_rows_total{outcome="written"} 2"#), "{text}");
    assert!(text.contains(r#"selfdesk_analytics_rows_total{outcome="dropped"} 0"#), "{text}");
}

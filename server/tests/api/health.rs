use axum::{
    body::Body,
    http::{Method, StatusCode},
};

use crate::{browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn health_is_ok_when_database_and_index_answer() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.json(),
        serde_json::json!({"status": "ok", "database": "ok", "search": "ok"})
    );
}

#[tokio::test]
async fn health_is_unavailable_when_the_index_is_gone() {
    let app = spawn_app().await;
    std::fs::remove_dir_all(app.data_dir.path().join("index")).expect("remove the index");

    let response = app.get("/healthz").await;

    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.json()["search"], "unavailable");
    assert_eq!(response.json()["database"], "ok");
}

#[tokio::test]
async fn health_is_unavailable_when_the_database_is_closed() {
    let app = spawn_app().await;
    app.state.db.close().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.json()["database"], "unavailable");
}

#[tokio::test]
async fn health_refuses_other_methods() {
    let app = spawn_app().await;
    let mut browser = Browser::open(&app).await;
    let token = browser.csrf().expect("token");

    let response =
        browser.request(Method::POST, "/healthz", &[("x-csrf-token", &token)], Body::empty()).await;

    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED, "{}", response.body);
}

use axum::{
    body::Body,
    http::{Method, StatusCode},
};

use app::infra::clock::Clock;

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

/// A server over an index that is behind the database (a restart after
/// `selfdesk import`, a new node): not ready until searches see every
/// article, then ready; alive all along.
#[tokio::test]
async fn ready_only_once_the_index_has_every_article() {
    let app = spawn_app().await;
    let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../articles");
    let options = app::kb::server::import::ImportOptions::default();
    let media = &app.state.media;
    let now = app.clock.now_ms();
    app::kb::server::import::import_tree(&app.state.db, now, &articles, media, &options, &|_| {})
        .await
        .expect("import the articles");
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE status = 'published'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");

    let behind = app.get("/readyz").await;
    let alive = app.get("/healthz").await;
    let follower = app::kb::search::sync::follow(
        app.state.search.clone(),
        app.state.db.clone(),
        std::time::Duration::from_millis(20),
    );
    let mut ready = None;
    for _ in 0..500 {
        let answer = app.get("/readyz").await;
        if answer.status == StatusCode::OK {
            ready = Some((answer.json(), app.state.search.num_docs()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    follower.abort();

    assert_eq!(behind.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(behind.json()["search"], "catching up", "{}", behind.body);
    assert_eq!(alive.status, StatusCode::OK, "alive while not ready");
    let (body, indexed) = ready.expect("ready within five seconds");
    assert_eq!(body, serde_json::json!({"status": "ready", "database": "ok", "search": "ready"}));
    assert_eq!(indexed, u64::try_from(total).expect("a count"), "every article is searchable");
}

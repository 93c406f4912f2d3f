use axum::http::StatusCode;

use app::cases::help_api::BeginHelpSession;

use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestApp, spawn_app},
};

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn opening_the_help_page_writes_nothing_until_the_browser_begins() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let page = customer.get("/help?subject=mail%20stuck").await;
    assert_eq!(page.status, StatusCode::OK);
    app.state.analytics.flush().await;
    assert_eq!(count(&app, "help_sessions").await, 0);

    let token = page
        .body
        .split(r#"name="session" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page names its session")
        .to_owned();
    let mut stranger = Browser::signed_in(&app, "customer@borealis.example").await;
    let not_theirs = stranger.call::<BeginHelpSession>(&[("session", &token)]).await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    let begun = customer.call::<BeginHelpSession>(&[("session", &token)]).await;
    assert_eq!(begun.status, StatusCode::OK, "{}", begun.body);
    app.state.analytics.flush().await;
    assert_eq!(count(&app, "help_sessions").await, 1);
}

#[tokio::test]
async fn opening_an_article_in_the_editor_writes_nothing_until_saved() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut writer = Browser::signed_in(&app, "writer@selfdesk.example").await;

    let page = writer.get("/write/collect-system-report").await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Collect"), "the editor shows the published text");
    assert_eq!(count(&app, "article_drafts").await, 0);
}

use axum::{body::Body, http::Method, http::StatusCode};
use leptos::server_fn::ServerFn as _;

use app::accounts::session_api::{SignIn, SignOut};

use crate::{
    accounts::seed,
    browser::{Browser, PASSWORD},
    cases::multipart,
    helpers::{TestResponse, spawn_app, spawn_app_with},
};

/// A plain multipart form (no header), as a browser without WebAssembly sends it.
async fn plain_form(
    browser: &mut Browser<'_>,
    path: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> TestResponse {
    let (content_type, body) = multipart(parts);
    browser.request(Method::POST, path, &[("content-type", &content_type)], Body::from(body)).await
}

fn question(csrf: &str) -> Vec<(&str, Option<&str>, &[u8])> {
    vec![
        ("csrf", None, csrf.as_bytes()),
        ("case_type", None, b"question"),
        ("subject", None, b"How do I rotate certificates?"),
        ("description", None, b"Where is the setting?"),
        ("severity", None, b"3"),
        ("product", None, b"gateway"),
        ("version", None, b"9"),
    ]
}

async fn cases(app: &crate::helpers::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn a_token_in_the_query_string_is_not_accepted() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    let token = browser.csrf().expect("token");

    let path = format!("{}?csrf={token}", SignIn::PATH);
    let fields = [("email", "holder@acme.example"), ("password", PASSWORD)];
    let response = browser.post_form(&path, &fields, &[("accept", "application/json")]).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN, "{}", response.body);
}

#[tokio::test]
async fn a_plain_case_form_opens_with_its_token_or_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let token = customer.csrf().expect("token");

    let without = plain_form(&mut customer, "/cases/new", &question(&token)[1..]).await;
    let forged = plain_form(&mut customer, "/cases/new", &question(&"A".repeat(43))).await;
    let mut late = question(&token);
    late.rotate_left(1);
    let not_first = plain_form(&mut customer, "/cases/new", &late).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN, "{}", without.body);
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert_eq!(not_first.status, StatusCode::FORBIDDEN, "{}", not_first.body);
    assert_eq!(cases(&app).await, 0);

    let filed = plain_form(&mut customer, "/cases/new", &question(&token)).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let landing = filed.header("location").unwrap_or_default();
    assert!(landing.starts_with("/cases/CASE-"), "{landing}");
    assert_eq!(cases(&app).await, 1);
}

#[tokio::test]
async fn other_multipart_endpoints_want_the_header() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let token = customer.csrf().expect("token");

    let upload = plain_form(
        &mut customer,
        "/api/v1/uploads",
        &[("csrf", None, token.as_bytes()), ("file", Some("a.log"), b"log")],
    )
    .await;

    assert_eq!(upload.status, StatusCode::FORBIDDEN, "{}", upload.body);
}

#[tokio::test]
async fn signing_in_replaces_the_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    let before = browser.csrf().expect("token");

    assert!(browser.sign_in("customer@acme.example", PASSWORD).await.status.is_success());

    let after = browser.csrf().expect("token");
    assert_ne!(before, after);
    let stale = browser
        .post_form(SignOut::PATH, &[], &[("x-csrf-token", &before), ("accept", "application/json")])
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN, "{}", stale.body);
}

#[tokio::test]
async fn under_https_the_cookie_is_host_only_and_secure() {
    let app =
        spawn_app_with(|settings| settings.public_url = "https://support.example".into()).await;

    let page = app.get("/").await;

    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("csrf"))
        .expect("a CSRF cookie")
        .to_owned();
    assert!(cookie.starts_with("__Host-selfdesk_csrf="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Domain"), "{cookie}");
}

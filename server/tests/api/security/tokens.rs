use axum::{body::Body, http::Method, http::StatusCode};
use leptos::server_fn::ServerFn;

use app::accounts::{
    session_api::{ChangePassword, RequestPasswordReset, ResetPassword},
    tokens_api::{CreateToken, ListTokens},
};

use crate::{
    accounts::seed,
    browser::{Browser, PASSWORD},
    helpers::{TestApp, TestResponse, spawn_app},
};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn token_for(browser: &mut Browser<'_>) -> String {
    let created = browser.call::<CreateToken>(&[("name", "scripts")]).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    created.json()["secret"].as_str().expect("secret").to_owned()
}

async fn with_bearer(app: &TestApp, secret: &str, method: Method, path: &str) -> TestResponse {
    let bearer = format!("Bearer {secret}");
    let headers = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
    ];
    let body = if method == Method::POST { Body::from("name=another") } else { Body::empty() };
    app.request(method, path, &headers, body).await
}

#[tokio::test]
async fn a_password_reset_revokes_every_api_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut laptop = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = token_for(&mut laptop).await;
    assert_eq!(with_bearer(&app, &secret, Method::GET, "/api/v1/me").await.status, StatusCode::OK);

    let mut browser = Browser::open(&app).await;
    browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    let token = crate::accounts::reset_token_from_last_email(&app).await;
    let reset =
        browser.call::<ResetPassword>(&[("token", &token), ("password", NEW_PASSWORD)]).await;
    assert!(reset.status.is_success() || reset.status.is_redirection(), "{}", reset.body);

    let after = with_bearer(&app, &secret, Method::GET, "/api/v1/me").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_password_change_revokes_every_api_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = token_for(&mut browser).await;

    let changed = browser
        .call::<ChangePassword>(&[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)])
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

    let after = with_bearer(&app, &secret, Method::GET, "/api/v1/me").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    // The browser that changed it stays signed in with its new session.
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_token_cannot_list_or_mint_tokens() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = token_for(&mut browser).await;

    let minted = with_bearer(&app, &secret, Method::POST, <CreateToken as ServerFn>::PATH).await;
    let listed = with_bearer(&app, &secret, Method::POST, <ListTokens as ServerFn>::PATH).await;

    assert_eq!(minted.status, StatusCode::FORBIDDEN, "{}", minted.body);
    assert_eq!(listed.status, StatusCode::FORBIDDEN, "{}", listed.body);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 1, "no token was minted through a token");
}

use axum::http::StatusCode;

use app::{
    accounts::{session_api::SignIn, tokens_api::CreateToken},
    notifications::api::UnreadNotifications,
};
use leptos::server_fn::ServerFn as _;

use super::seed;
use crate::browser::{Browser, PASSWORD};
use crate::helpers::spawn_app;

fn sign_in_fields() -> [(&'static str, &'static str); 2] {
    [("email", "holder@acme.example"), ("password", PASSWORD)]
}

#[tokio::test]
async fn a_state_changing_request_without_the_token_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;

    let response =
        browser.post_form(SignIn::PATH, &sign_in_fields(), &[("accept", "application/json")]).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("came from another site"), "{}", response.body);
    assert!(!browser.cookies.contains_key("selfdesk_session"));
}

#[tokio::test]
async fn a_token_that_does_not_match_the_cookie_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    let forged = "A".repeat(43);

    let response =
        browser.post_form(SignIn::PATH, &sign_in_fields(), &[("x-csrf-token", &forged)]).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_from_a_browser_without_the_cookie_is_refused_even_with_a_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    let token = browser.csrf().expect("token");
    browser.cookies.remove("selfdesk_csrf");

    let response =
        browser.post_form(SignIn::PATH, &sign_in_fields(), &[("x-csrf-token", &token)]).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_plain_form_passes_with_the_hidden_field() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    let token = browser.csrf().expect("token");
    let mut fields = sign_in_fields().to_vec();
    fields.push(("csrf", &token));
    fields.push(("next", "/account"));

    // As a browser without WebAssembly submits it: HTML accepted, a redirect back.
    let response = browser
        .post_form(
            SignIn::PATH,
            &fields,
            &[("accept", "text/html"), ("referer", "http://selfdesk.test/sign-in")],
        )
        .await;

    assert_eq!(response.status, StatusCode::FOUND, "{}", response.body);
    assert_eq!(response.header("location"), Some("/account"));
    assert!(browser.cookies.contains_key("selfdesk_session"));
}

#[tokio::test]
async fn the_sign_in_page_carries_the_token_for_forms_and_scripts() {
    let app = spawn_app().await;
    let mut browser = Browser::open(&app).await;
    let token = browser.csrf().expect("token");

    let page = browser.get("/sign-in").await;

    assert!(
        page.body.contains(&format!(r#"<meta name="csrf-token" content="{token}">"#)),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!(r#"name="csrf" value="{token}""#)));
}

#[tokio::test]
async fn api_token_requests_need_no_csrf_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;
    let created = browser.call::<CreateToken>(&[("name", "script")]).await;
    let secret = created.json()["secret"].as_str().expect("secret").to_owned();

    // A script: no cookies at all, only the bearer token.
    let response = app
        .request(
            axum::http::Method::POST,
            UnreadNotifications::PATH,
            &[
                ("authorization", &format!("Bearer {secret}")),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            axum::body::Body::empty(),
        )
        .await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
}

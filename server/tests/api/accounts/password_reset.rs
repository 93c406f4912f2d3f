use axum::http::StatusCode;
use jiff::SignedDuration;

use app::accounts::session_api::{RequestPasswordReset, ResetPassword};

use super::seed;
use crate::{
    browser::{Browser, PASSWORD},
    helpers::spawn_app,
};

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;

    let requested =
        browser.call::<RequestPasswordReset>(&[("email", "Customer@Acme.example")]).await;
    assert_eq!(requested.status, StatusCode::OK);
    let token = super::reset_token_from_last_email(&app).await;
    let emails = app.emails();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].to, "customer@acme.example");

    let reset =
        browser.call::<ResetPassword>(&[("token", &token), ("password", NEW_PASSWORD)]).await;
    assert!(
        reset.status.is_success() || reset.status.is_redirection(),
        "{} {}",
        reset.status,
        reset.body
    );
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::OK, "signed in by the reset");

    let mut other = Browser::open(&app).await;
    assert_eq!(
        other.sign_in("customer@acme.example", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(other.sign_in("customer@acme.example", NEW_PASSWORD).await.status.is_success());

    let reused = other
        .call::<ResetPassword>(&[("token", &token), ("password", "yet another passphrase")])
        .await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert!(reused.body.contains("expired or was already used"), "{}", reused.body);
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    let token = super::reset_token_from_last_email(&app).await;

    app.clock.advance(SignedDuration::from_mins(61));
    let reset =
        browser.call::<ResetPassword>(&[("token", &token), ("password", NEW_PASSWORD)]).await;

    assert_eq!(reset.status, StatusCode::BAD_REQUEST);
    assert!(browser.sign_in("customer@acme.example", PASSWORD).await.status.is_success());
}

#[tokio::test]
async fn asking_for_an_unknown_address_looks_the_same_and_sends_nothing() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;

    let known = browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    let unknown = browser.call::<RequestPasswordReset>(&[("email", "stranger@acme.example")]).await;

    assert_eq!(known.status, unknown.status);
    assert_eq!(known.body, unknown.body);
    super::reset_token_from_last_email(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(app.emails().len(), 1);
}

#[tokio::test]
async fn a_reset_signs_out_every_other_session() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut old_laptop = Browser::signed_in(&app, "customer@acme.example").await;
    let mut browser = Browser::open(&app).await;
    browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    let token = super::reset_token_from_last_email(&app).await;

    browser.call::<ResetPassword>(&[("token", &token), ("password", NEW_PASSWORD)]).await;

    assert_eq!(old_laptop.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_too_short_password_is_refused_and_the_link_still_works() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;
    browser.call::<RequestPasswordReset>(&[("email", "customer@acme.example")]).await;
    let token = super::reset_token_from_last_email(&app).await;

    let short = browser.call::<ResetPassword>(&[("token", &token), ("password", "short")]).await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.body.contains("at least 10 characters"), "{}", short.body);

    let good =
        browser.call::<ResetPassword>(&[("token", &token), ("password", NEW_PASSWORD)]).await;
    assert!(good.status.is_success() || good.status.is_redirection());
}

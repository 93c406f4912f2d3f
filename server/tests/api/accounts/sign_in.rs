use axum::http::StatusCode;
use jiff::SignedDuration;

use app::{
    accounts::session_api::{SignIn, SignOut},
    infra::clock::Clock,
};

use super::seed;
use crate::{
    browser::{Browser, PASSWORD},
    helpers::spawn_app,
};

#[tokio::test]
async fn signing_in_sets_a_secure_session_cookie_and_the_user_is_known() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;

    let response = browser.sign_in("holder@acme.example", PASSWORD).await;

    assert!(response.status.is_success(), "{} {}", response.status, response.body);
    let set_cookie = response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("selfdesk_session="))
        .expect("a session cookie");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    let me = browser.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "holder@acme.example");
    assert_eq!(me.json()["role"], "account_holder");
    assert_eq!(me.json()["organisation"]["name"], "Acme Logistics");
}

#[tokio::test]
async fn the_session_secret_is_not_stored_in_the_database() {
    let app = spawn_app().await;
    seed(&app).await;
    let browser = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = browser.cookies.get("selfdesk_session").expect("session cookie").clone();

    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(app.state.db.pool())
        .await
        .expect("sessions");

    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], secret);
    assert_eq!(stored[0], app::infra::secrets::digest(&secret));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_refusal() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;

    let wrong_password = browser.sign_in("holder@acme.example", "not the password").await;
    let unknown_email = browser.sign_in("nobody@acme.example", PASSWORD).await;

    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_email.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.body, unknown_email.body);
    assert_eq!(wrong_password.app_error(), app::error::AppError::WrongCredentials);
    assert!(!browser.cookies.contains_key("selfdesk_session"));
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_lock_their_source_not_the_owner() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut attacker = Browser::open(&app).await;
    for _ in 0..5 {
        assert_eq!(
            attacker.sign_in("customer@acme.example", "guess guess guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }

    // The guessing address is locked out of this account, right password or not...
    let locked = attacker.sign_in("customer@acme.example", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // ...but not of another account, and the owner, elsewhere, signs in.
    assert!(attacker.sign_in("holder@acme.example", PASSWORD).await.status.is_success());
    let mut owner = Browser::open(&app).await;
    owner.address = "198.51.100.23".into();
    assert!(owner.sign_in("customer@acme.example", PASSWORD).await.status.is_success());

    app.clock.advance(SignedDuration::from_mins(16));
    assert!(attacker.sign_in("customer@acme.example", PASSWORD).await.status.is_success());
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_stopped() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut attacker = Browser::open(&app).await;
    for n in 0..20 {
        let email = format!("person{n}@acme.example");
        assert_eq!(
            attacker.sign_in(&email, "guess guess guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }

    assert_eq!(
        attacker.sign_in("holder@acme.example", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    let mut someone_else = Browser::open(&app).await;
    someone_else.address = "198.51.100.7".into();
    assert!(someone_else.sign_in("holder@acme.example", PASSWORD).await.status.is_success());
}

#[tokio::test]
async fn a_tampered_session_cookie_is_nobody() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "admin@selfdesk.example").await;
    let secret = browser.cookies.get("selfdesk_session").expect("cookie").clone();
    let mut tampered = secret.clone().into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    browser.cookies.insert("selfdesk_session".into(), String::from_utf8(tampered).expect("ascii"));

    let me = browser.get("/api/v1/me").await;
    let admin_page = browser.get("/api/v1/admin/users").await;

    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(admin_page.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_expires_after_two_weeks_without_use() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;

    app.clock.advance(SignedDuration::from_hours(24 * 13));
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::OK, "still valid, and renewed");
    app.clock.advance(SignedDuration::from_hours(24 * 13));
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::OK, "renewal extended it");
    app.clock.advance(SignedDuration::from_hours(24 * 15));
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_in_constant_use_still_ends_at_its_absolute_limit() {
    let app = crate::helpers::spawn_app_with(|settings| {
        settings.sessions = app::runtime::SessionRules {
            idle: std::time::Duration::from_secs(2 * 3600),
            absolute: std::time::Duration::from_secs(24 * 3600),
        };
    })
    .await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;

    // Used every 90 minutes: the idle limit (two hours) never comes...
    for _ in 0..15 {
        app.clock.advance(SignedDuration::from_mins(90));
        assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::OK);
    }
    // ...but a day after sign-in the session ends all the same.
    app.clock.advance(SignedDuration::from_mins(90));
    assert_eq!(browser.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);

    let mut idle = Browser::signed_in(&app, "customer@acme.example").await;
    app.clock.advance(SignedDuration::from_mins(121));
    assert_eq!(idle.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "two idle hours");
}

#[tokio::test]
async fn under_https_the_session_cookie_takes_the_host_prefix() {
    let app = crate::helpers::spawn_app_with(|settings| {
        settings.public_url = "https://support.example".into();
    })
    .await;
    seed(&app).await;
    let mut browser = Browser::open(&app).await;

    let response = browser.sign_in("customer@acme.example", PASSWORD).await;

    let cookies: Vec<&str> =
        response.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("__Host-selfdesk_session="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(session.contains("Secure") && session.contains("Path=/"), "{session}");
    assert!(!session.contains("Domain="), "{session}");
    assert!(!cookies.iter().any(|c| c.starts_with("selfdesk_session=")), "{cookies:?}");
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = browser.cookies.get("selfdesk_session").expect("cookie").clone();

    let response = browser.call::<SignOut>(&[]).await;

    assert!(
        response.status.is_success() || response.status.is_redirection(),
        "{}",
        response.status
    );
    assert!(!browser.cookies.contains_key("selfdesk_session"), "the cookie is removed");
    browser.cookies.insert("selfdesk_session".into(), secret);
    assert_eq!(
        browser.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED,
        "the old cookie is dead"
    );
}

#[tokio::test]
async fn a_deactivated_user_cannot_sign_in() {
    let app = spawn_app().await;
    seed(&app).await;
    let id = super::user_id(&app, "customer@acme.example").await;
    app::accounts::server::users::set_active(&app.state.db, app.clock.now_ms(), id, false)
        .await
        .expect("deactivate");
    let mut browser = Browser::open(&app).await;

    let response =
        browser.call::<SignIn>(&[("email", "customer@acme.example"), ("password", PASSWORD)]).await;

    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
}

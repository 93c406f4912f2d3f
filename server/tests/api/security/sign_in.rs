use axum::{body::Body, http::Method, http::StatusCode};
use futures::future::join_all;
use leptos::server_fn::ServerFn;

use app::accounts::session_api::SignIn;

use crate::{
    accounts::seed,
    browser::{Browser, PASSWORD},
    helpers::spawn_app,
};

#[tokio::test]
async fn guesses_sent_in_parallel_all_count_against_the_limit() {
    let app = spawn_app().await;
    seed(&app).await;
    let browser = Browser::open(&app).await;
    let csrf = browser.csrf().expect("csrf");
    let cookie = format!("selfdesk_csrf={csrf}");
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("email", "customer@acme.example"), ("password", "guess guess guess")])
        .finish();

    let headers = [
        ("cookie", cookie.as_str()),
        ("x-csrf-token", csrf.as_str()),
        ("x-forwarded-for", "203.0.113.66"),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
    ];
    let guesses = (0..16).map(|_| {
        app.request(Method::POST, <SignIn as ServerFn>::PATH, &headers, Body::from(body.clone()))
    });
    let answers = join_all(guesses).await;

    let checked = answers.iter().filter(|a| a.status == StatusCode::UNAUTHORIZED).count();
    let refused = answers.iter().filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(checked + refused, 16, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    assert!(checked <= 5, "{checked} passwords were checked past the limit of 5");
}

#[tokio::test]
async fn only_the_address_the_proxy_appended_counts() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut attacker = Browser::open(&app).await;
    // Each guess claims another address on the left; the proxy's entry on
    // the right is the same.
    for n in 0..5 {
        attacker.address = format!("10.0.0.{n}, 203.0.113.99");
        attacker.sign_in("customer@acme.example", "guess guess guess").await;
    }

    attacker.address = "10.9.9.9, 203.0.113.99".into();
    let refused = attacker.sign_in("customer@acme.example", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
}

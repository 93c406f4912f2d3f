//! The case form without WebAssembly: a multipart POST to `/cases/new`
//! that lands on the new case, or back on the form with the message.

use axum::http::StatusCode;

use super::{multipart, post};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

fn form(
    extra: &[(&'static str, Option<&'static str>, &'static [u8])],
) -> Vec<(&'static str, Option<&'static str>, &'static [u8])> {
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("case_type", None, b"unexpected_behaviour"),
        ("subject", None, b"Quarantine releases nothing"),
        ("description", None, b"Released messages never arrive."),
        ("severity", None, b"3"),
        ("product", None, b"mail"),
        ("version", None, b"6.2"),
        ("hardware_os", None, b"Debian 12"),
        ("symptoms", None, b"Release button does nothing"),
        ("steps_to_reproduce", None, b"Release any message"),
        ("workaround", None, b""),
        // An empty file input still sends its part.
        ("file_screenshots", Some(""), b""),
    ];
    parts.extend_from_slice(extra);
    parts
}

#[tokio::test]
async fn the_form_files_the_case_and_lands_on_it_with_the_confirmation() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let page = customer.get("/cases/new?type=unexpected_behaviour&subject=Quarantine").await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Open a case",
        "Severity 1",
        "Kestrel Mail",
        "Product logs (required)",
        "Still needed",
        "value=\"Quarantine\"",
    ] {
        assert!(page.body.contains(text), "the form shows {text:?}");
    }

    let (content_type, body) =
        multipart(&form(&[("file_logs", Some("mail.log"), b"quarantine release failed")]));
    let csrf = customer.csrf().unwrap_or_default();
    let response =
        post(&mut customer, &format!("/cases/new?csrf={csrf}"), &content_type, body).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.header("location"), Some("/cases/CASE-000001?created=1"));
    let landing = customer.get("/cases/CASE-000001?created=1").await;
    assert!(landing.body.contains("Case CASE-000001 is open"));
    assert!(landing.body.contains("10 points spent"));
    assert!(landing.body.contains("First response target under your plan: 2 hours"));
    assert!(
        landing.body.contains("A first answer is due by 2026-11-23 11:00 UTC"),
        "severity 3 on Gold: the plan's 2 hours"
    );
    assert!(landing.body.contains("mail.log"));
}

#[tokio::test]
async fn a_refused_form_comes_back_with_the_message_and_what_was_typed() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let csrf = customer.csrf().unwrap_or_default();

    let (content_type, body) = multipart(&form(&[]));
    let response =
        post(&mut customer, &format!("/cases/new?csrf={csrf}"), &content_type, body).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let location = response.header("location").expect("a location").to_owned();
    assert!(location.starts_with("/cases/new?"), "{location}");
    let back = customer.get(&location).await;
    assert!(back.body.contains("Still missing: Product logs."), "the message is shown");
    assert!(back.body.contains("Quarantine releases nothing"), "the subject is kept");
    assert!(customer.get("/api/v1/cases").await.json().as_array().is_some_and(Vec::is_empty));
}

#[tokio::test]
async fn the_form_without_its_csrf_token_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let (content_type, body) = multipart(&form(&[("file_logs", Some("mail.log"), b"x")]));
    let response = post(&mut customer, "/cases/new", &content_type, body).await;

    // `post` sends the header; without header and field the check fails.
    assert_eq!(response.status, StatusCode::SEE_OTHER, "with the header the form is accepted");
    let mut stranger = Browser::signed_in(&app, "customer@acme.example").await;
    let (content_type, body) = multipart(&form(&[("file_logs", Some("mail.log"), b"x")]));
    let forged = stranger
        .request(
            axum::http::Method::POST,
            "/cases/new",
            &[("content-type", &content_type)],
            axum::body::Body::from(body),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

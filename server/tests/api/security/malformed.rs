//! Oversized and malformed requests: each gets its 4xx with a message,
//! never a 5xx, and nothing is written.

use axum::{body::Body, http::Method, http::StatusCode};

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{post, post_json},
    helpers::{TestApp, spawn_app},
};

async fn cases(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn broken_case_bodies_are_refused_with_a_message() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("application/json", deep.into_bytes()),
        ("application/json", b"{\"subject\": \"\xff\xfe\"}".to_vec()),
        ("application/json", b"{\"case_type\": 12, \"severity\": null}".to_vec()),
        ("application/json", b"".to_vec()),
        ("application/json", b"{\"subject\": \"x\"".to_vec()),
        ("multipart/form-data; boundary=nope", b"not multipart at all".to_vec()),
        ("multipart/form-data", b"--x\r\n".to_vec()),
        ("text/plain", b"subject=x".to_vec()),
    ];

    for (content_type, body) in bodies {
        let answer = post(&mut customer, "/api/v1/cases", content_type, body).await;
        assert!(
            answer.status.is_client_error(),
            "{content_type}: {} {}",
            answer.status,
            answer.body
        );
        assert!(answer.json()["error"].is_string(), "{content_type}: {}", answer.body);
    }
    assert_eq!(cases(&app).await, 0);
}

#[tokio::test]
async fn unknown_fields_and_wrong_values_name_what_is_wrong() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut case = crate::cases::gateway_question();
    case["severity"] = serde_json::json!("9");

    let answer = post_json(&mut customer, "/api/v1/cases", &case).await;

    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(cases(&app).await, 0);
}

#[tokio::test]
async fn huge_and_out_of_range_queries_get_their_4xx() {
    let app = spawn_app().await;
    crate::kb::import_bundled(&app).await;
    // Past the 500 characters a query may have, within what a URI may be.
    let long = "vpn%20".repeat(2_000);
    let expected = [
        (format!("/api/v1/search?q={long}"), StatusCode::BAD_REQUEST),
        ("/api/v1/search?q=vpn&offset=99999999".to_owned(), StatusCode::BAD_REQUEST),
        ("/api/v1/search?q=vpn&limit=100000".to_owned(), StatusCode::BAD_REQUEST),
        ("/api/v1/search?q=vpn&offset=-1".to_owned(), StatusCode::BAD_REQUEST),
        ("/api/v1/articles/..%2F..%2Fetc%2Fpasswd".to_owned(), StatusCode::NOT_FOUND),
        (
            "/api/v1/cases/CASE-000001/files/99999999999999999999999".to_owned(),
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/users/abc".to_owned(), StatusCode::BAD_REQUEST),
    ];
    for (path, status) in expected {
        let answer = app.request(Method::GET, &path, &[], Body::empty()).await;
        assert_eq!(answer.status, status, "{}: {}", &path[..path.len().min(60)], answer.body);
        assert!(answer.json()["error"].is_string(), "{}", answer.body);
    }
    // Text that is not UTF-8 is read as replacement characters, and found nowhere.
    let odd = app.get("/api/v1/search?q=%FF%FE").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert_eq!(odd.json()["total"], 0);
}

#[tokio::test]
async fn text_with_a_nul_character_is_refused_everywhere() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut case = crate::cases::gateway_question();
    case["subject"] = serde_json::json!("Tunnel\u{0}drops");

    let json = post_json(&mut customer, "/api/v1/cases", &case).await;
    let form = customer
        .call::<app::accounts::session_api::RequestPasswordReset>(&[(
            "email",
            "\u{0}@acme.example",
        )])
        .await;
    let query = customer.get("/api/v1/search?q=vpn%00").await;

    for answer in [&json, &form, &query] {
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
        assert!(answer.body.contains("NUL"), "{}", answer.body);
    }
    assert_eq!(cases(&app).await, 0);
}

use axum::http::StatusCode;

use crate::{
    accounts::seed,
    browser::Browser,
    cases::{file_with_files, multipart, post, product_error, stored_files},
    helpers::{TestApp, spawn_app, spawn_app_with},
};

async fn uploads(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn a_case_with_more_files_than_allowed_is_refused_whole() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let names: Vec<String> = (0..21).map(|n| format!("part{n}.log")).collect();
    let files: Vec<(&str, &str, &[u8])> =
        names.iter().map(|name| ("logs", name.as_str(), b"line".as_slice())).collect();

    let refused = file_with_files(&mut customer, &product_error(), &files).await;

    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", refused.body);
    assert!(refused.body.contains("at most 20 files"), "{}", refused.body);
    assert_eq!(uploads(&app).await, 0);
    assert_eq!(stored_files(&app), 0);
}

#[tokio::test]
async fn past_the_daily_allowance_uploads_get_429_and_leave_nothing() {
    let app = spawn_app_with(|settings| settings.uploads.daily_bytes_per_user = 1_000).await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let upload = async |browser: &mut Browser<'_>, bytes: usize| {
        let content = vec![b'x'; bytes];
        let (content_type, body) = multipart(&[("file", Some("trace.log"), &content)]);
        post(browser, "/api/v1/uploads", &content_type, body).await
    };

    assert_eq!(upload(&mut customer, 600).await.status, StatusCode::CREATED);
    let over = upload(&mut customer, 600).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    assert!(over.body.contains("in the last 24 hours"), "{}", over.body);
    assert_eq!(uploads(&app).await, 1);
    assert_eq!(stored_files(&app), 1);

    app.clock.advance(jiff::SignedDuration::from_hours(25));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    assert_eq!(upload(&mut customer, 600).await.status, StatusCode::CREATED, "a new day");
}

#[tokio::test]
async fn uploads_sent_side_by_side_never_pass_the_daily_allowance_together() {
    let app = spawn_app_with(|settings| settings.uploads.daily_bytes_per_user = 1_000).await;
    seed(&app).await;
    let customer = Browser::signed_in(&app, "customer@acme.example").await;
    let mut tabs = Vec::new();
    for _ in 0..8 {
        let mut tab = Browser::open(&app).await;
        tab.cookies = customer.cookies.clone();
        tabs.push(tab);
    }

    let sent = futures::future::join_all(tabs.iter_mut().map(async |tab| {
        let (content_type, body) = multipart(&[("file", Some("trace.log"), &[b'x'; 300])]);
        post(tab, "/api/v1/uploads", &content_type, body).await.status
    }))
    .await;

    let accepted = sent.iter().filter(|s| **s == StatusCode::CREATED).count();
    assert_eq!(accepted, 3, "3 × 300 bytes fit in 1,000, a fourth does not: {sent:?}");
    assert!(sent.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::TOO_MANY_REQUESTS));
    let kept: i64 = sqlx::query_scalar("SELECT CAST(SUM(size) AS BIGINT) FROM uploads")
        .fetch_one(app.state.db.pool())
        .await
        .expect("sum");
    assert_eq!(kept, 900);
    assert_eq!(stored_files(&app), 3, "the refused ones left nothing in the store");
}

#[tokio::test]
async fn a_case_form_with_endless_fields_is_refused() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let names: Vec<String> = (0..41).map(|n| format!("extra{n}")).collect();
    let parts: Vec<(&str, Option<&str>, &[u8])> =
        names.iter().map(|name| (name.as_str(), None, b"x".as_slice())).collect();
    let (content_type, body) = multipart(&parts);

    let refused = post(&mut customer, "/cases/new", &content_type, body).await;

    assert_eq!(refused.status, StatusCode::SEE_OTHER, "the plain form goes back with the reason");
    let location = refused.header("location").expect("location");
    assert!(location.contains("more+than+40+fields"), "{location}");
}

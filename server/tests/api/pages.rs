use axum::http::StatusCode;

use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

#[tokio::test]
async fn the_home_page_is_useful_html_before_any_webassembly() {
    let app = spawn_app().await;

    let response = app.get("/").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.header("content-type").is_some_and(|v| v.starts_with("text/html")));
    let html = &response.body;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("<title>Selfdesk</title>"));
    assert!(html.contains(
        r##"<a href="#main" target="_self" class="skip-link">Skip to main content</a>"##
    ));
    assert!(html.contains(r#"<nav id="site-nav" aria-label="Main""#), "{html}");
    assert!(html.contains("How can we help?"));
    // The hydration script loads the bundle this server serves under /pkg.
    assert!(html.contains(r#"href="/pkg/selfdesk.wasm""#));
    assert!(html.contains(r#"href="/pkg/selfdesk.css""#));
}

#[tokio::test]
async fn an_unknown_page_is_a_404_with_the_site_frame() {
    let app = spawn_app().await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.body.contains("Page not found"));
    assert!(response.body.contains(r#"aria-label="Main""#));
    assert!(response.body.contains("<title>Page not found · Selfdesk</title>"));
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/no-such-endpoint").await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.header("content-type").is_some_and(|v| v.starts_with("application/json")));
    assert_eq!(response.json()["error"], "This API endpoint was not found.");
}

#[tokio::test]
async fn a_path_trying_to_escape_the_site_folder_is_not_served() {
    let app = spawn_app().await;
    std::fs::write(app.data_dir.path().join("secret.txt"), "top secret").expect("write");

    for path in ["/../secret.txt", "/pkg/../../secret.txt", "/pkg/%2e%2e/%2e%2e/secret.txt"] {
        let response = app.get(path).await;
        assert!(response.status.is_client_error(), "{path}: {}", response.status);
        assert!(!response.body.contains("top secret"), "{path}");
    }
}

#[tokio::test]
async fn text_put_back_into_a_text_area_cannot_end_it() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let page = customer
        .get("/cases/new?description=%3C%2Ftextarea%3E%3Cb%20id%3Dinjected%3Ebold%3C%2Fb%3E")
        .await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<b id=injected>"), "{}", page.body);
    assert!(page.body.contains("&lt;/textarea&gt;&lt;b id=injected&gt;bold"));
}

/// The customers' pages load the customers' bundle; staff, and anyone on
/// a management page, load the full one.
#[tokio::test]
async fn each_page_names_the_bundle_its_viewer_needs() {
    let app = spawn_app().await;
    seed(&app).await;
    let customers = r#"href="/pkg/selfdesk.wasm""#;
    let full = r#"href="/pkg/selfdesk-full.wasm""#;

    assert!(app.get("/").await.body.contains(customers));
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    assert!(customer.get("/cases").await.body.contains(customers));
    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    assert!(holder.get("/help").await.body.contains(customers));
    assert!(holder.get("/entitlements").await.body.contains(full));
    assert!(holder.get("/organisation").await.body.contains(full));
    assert!(customer.get("/account").await.body.contains(full), "read now and then");
    assert!(app.get("/support-policy").await.body.contains(full), "read now and then");
    let mut engineer = Browser::signed_in(&app, "l1@selfdesk.example").await;
    assert!(engineer.get("/cases").await.body.contains(full));
    assert!(app.get("/queue").await.body.contains(full), "even to a visitor sent to sign in");
}

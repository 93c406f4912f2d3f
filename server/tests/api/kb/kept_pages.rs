//! Pages for visitors who are not signed in are rendered once and kept;
//! each visitor still gets their own CSRF token, and a change of the
//! articles is shown once the index has followed it.

use std::io::Read;

use axum::{
    body::Body,
    http::{Method, StatusCode},
};
use flate2::read::GzDecoder;

use super::import_bundled;
use crate::{accounts::seed, browser::Browser, helpers::spawn_app};

const PAGE: &str = "/articles/vpn-tunnel-drops-every-hour";

fn meta_token(html: &str) -> &str {
    html.split(r#"<meta name="csrf-token" content=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries its CSRF token")
}

#[tokio::test]
async fn each_visitor_gets_the_kept_page_with_their_own_token() {
    let app = spawn_app().await;
    import_bundled(&app).await;

    let first = Browser::open(&app).await.get(PAGE).await;
    let second = Browser::open(&app).await.get(PAGE).await;

    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(second.status, StatusCode::OK);
    let (one, two) = (meta_token(&first.body), meta_token(&second.body));
    assert_ne!(one, two, "tokens are never shared between visitors");
    for (page, token) in [(&first, one), (&second, two)] {
        assert!(
            page.body.contains(&format!(r#"name="csrf" value="{token}""#)),
            "the feedback form carries the visitor's token"
        );
    }
    // Apart from the token and the script's nonce, the same page.
    let same = |page: &crate::helpers::TestResponse, token: &str| {
        let policy = page.header("content-security-policy").expect("a policy");
        let nonce =
            policy.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce");
        page.body.replace(token, "TOKEN").replace(nonce, "NONCE")
    };
    assert_eq!(same(&first, one), same(&second, two));

    // A visitor with no cookie yet gets one matching the token in the page.
    let fresh = app.get(PAGE).await;
    let cookie = fresh.header("set-cookie").expect("a new CSRF cookie");
    assert!(cookie.contains(&format!("selfdesk_csrf={}", meta_token(&fresh.body))), "{cookie}");
}

#[tokio::test]
async fn a_changed_article_is_shown_once_the_index_follows() {
    let app = spawn_app().await;
    import_bundled(&app).await;
    assert!(app.get(PAGE).await.body.contains("Site-to-site VPN tunnel drops every hour"));

    sqlx::query(
        "UPDATE articles SET title = 'Tunnel drops hourly', revision = \
         (SELECT revision + 1 FROM kb_revision) WHERE slug = 'vpn-tunnel-drops-every-hour'",
    )
    .execute(app.state.db.pool())
    .await
    .expect("change the article");
    sqlx::query("UPDATE kb_revision SET revision = revision + 1")
        .execute(app.state.db.pool())
        .await
        .expect("take a revision");
    app.state.search.sync(&app.state.db).await.expect("follow");

    assert!(app.get(PAGE).await.body.contains("Tunnel drops hourly"));
}

#[tokio::test]
async fn signed_in_readers_and_arrivals_from_a_search_get_their_own_rendering() {
    let app = spawn_app().await;
    seed(&app).await;
    import_bundled(&app).await;
    app.get(PAGE).await;

    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let page = customer.get(PAGE).await;
    assert!(page.body.contains("Sign out"), "the header is the customer's: {}", page.body);
    assert_eq!(meta_token(&page.body), customer.csrf().expect("token"));

    let arrival = app.get(&format!("{PAGE}?s=1&p=2")).await;
    assert_eq!(arrival.status, StatusCode::OK);
}

fn gunzip(bytes: &[u8]) -> String {
    let mut html = String::new();
    GzDecoder::new(bytes).read_to_string(&mut html).expect("a gzip stream of UTF-8");
    html
}

#[tokio::test]
async fn pages_are_gzipped_for_browsers_that_accept_it() {
    let app = spawn_app().await;
    seed(&app).await;
    import_bundled(&app).await;
    let gzip = [("accept-encoding", "gzip, deflate, br")];

    let mut visitor = Browser::open(&app).await;
    // Rendered, then kept: both copies compressed, each with the visitor's token.
    for copy in ["rendered", "kept"] {
        let page = visitor.request(Method::GET, PAGE, &gzip, Body::empty()).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.header("content-encoding"), Some("gzip"), "the {copy} copy");
        assert_eq!(page.header("vary"), Some("accept-encoding"));
        let html = gunzip(&page.bytes);
        assert!(html.contains("Site-to-site VPN tunnel drops every hour"), "{copy}: {html}");
        assert_eq!(meta_token(&html), visitor.csrf().expect("token"));
        assert!(page.bytes.len() * 2 < html.len(), "{} of {} bytes", page.bytes.len(), html.len());
    }
    let plain = visitor.get(PAGE).await;
    assert_eq!(plain.header("content-encoding"), None, "not asked for");
    assert!(plain.body.contains("Site-to-site VPN tunnel drops every hour"));

    // A signed-in page is rendered for its reader and compressed as it is sent.
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let page = customer.request(Method::GET, "/cases", &gzip, Body::empty()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("content-encoding"), Some("gzip"));
    assert!(gunzip(&page.bytes).contains("Sign out"));
}

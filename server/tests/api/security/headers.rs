use axum::http::StatusCode;

use crate::{
    accounts::seed,
    browser::Browser,
    helpers::{TestResponse, spawn_app, spawn_app_with},
};

fn nonce(page: &TestResponse) -> String {
    let policy = page.header("content-security-policy").expect("a policy");
    let rest = &policy[policy.find("'nonce-").expect("a nonce") + 7..];
    rest[..rest.find('\'').expect("end")].to_owned()
}

#[tokio::test]
async fn pages_carry_a_policy_whose_nonce_their_script_has() {
    let app = spawn_app().await;
    crate::kb::import_bundled(&app).await;

    let first = app.get("/articles/vpn-tunnel-drops-every-hour").await;
    let again = app.get("/articles/vpn-tunnel-drops-every-hour").await;
    let home = app.get("/").await;

    for page in [&first, &again, &home] {
        assert_eq!(page.status, StatusCode::OK);
        let nonce = nonce(page);
        assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the script has {nonce}");
        let policy = page.header("content-security-policy").expect("policy");
        assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("frame-ancestors 'none'"));
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(page.header("x-frame-options"), Some("DENY"));
        assert_eq!(page.header("referrer-policy"), Some("same-origin"));
        assert_eq!(page.header("strict-transport-security"), None, "plain http here");
    }
    assert_ne!(nonce(&first), nonce(&again), "a kept page gets a new nonce each time");
}

#[tokio::test]
async fn json_allows_nothing_and_signed_in_answers_are_not_stored() {
    let app = spawn_app().await;
    seed(&app).await;
    crate::kb::import_bundled(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;

    let me = customer.get("/api/v1/me").await;
    let page = customer.get("/cases").await;
    let anonymous = app.get("/articles/vpn-tunnel-drops-every-hour").await;

    let json_policy = me.header("content-security-policy").expect("policy");
    assert!(json_policy.starts_with("default-src 'none'"), "{json_policy}");
    assert_eq!(me.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_ne!(anonymous.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn under_https_browsers_are_told_to_stay_on_https() {
    let app =
        spawn_app_with(|settings| settings.public_url = "https://support.example".into()).await;

    let page = app.get("/").await;

    let hsts = page.header("strict-transport-security").expect("HSTS");
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

use axum::http::StatusCode;

use app::accounts::tokens_api::{CreateToken, ListTokens, RevokeToken};

use super::{seed, user_id};
use crate::{browser::Browser, helpers::spawn_app};

async fn bearer_me(app: &crate::helpers::TestApp, secret: &str) -> crate::helpers::TestResponse {
    app.request(
        axum::http::Method::GET,
        "/api/v1/me",
        &[("authorization", &format!("Bearer {secret}"))],
        axum::body::Body::empty(),
    )
    .await
}

#[tokio::test]
async fn a_token_is_shown_once_works_as_a_bearer_and_stops_when_revoked() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;

    let created = browser.call::<CreateToken>(&[("name", "nightly export")]).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let secret = created.json()["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("sdk_"));

    let me = bearer_me(&app, &secret).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "customer@acme.example");

    let listed = browser.call::<ListTokens>(&[]).await;
    assert!(!listed.body.contains(&secret), "the list never shows the secret");
    let token_id = listed.json()[0]["id"].as_i64().expect("id").to_string();
    assert_eq!(listed.json()[0]["name"], "nightly export");
    assert!(listed.json()[0]["last_used_at"].is_i64(), "use is recorded");

    let revoked = browser.call::<RevokeToken>(&[("token_id", &token_id)]).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    let after = bearer_me(&app, &secret).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.body.contains("not valid or has been revoked"));
}

#[tokio::test]
async fn only_a_digest_of_the_token_is_stored() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut browser = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = browser.call::<CreateToken>(&[("name", "ci")]).await.json()["secret"]
        .as_str()
        .expect("secret")
        .to_owned();

    let (hash, prefix): (String, String) =
        sqlx::query_as("SELECT token_hash, prefix FROM api_tokens")
            .fetch_one(app.state.db.pool())
            .await
            .expect("row");

    assert_eq!(hash, app::infra::secrets::digest(&secret));
    assert!(secret.starts_with(&prefix) && prefix.len() < 12);
}

#[tokio::test]
async fn nobody_can_revoke_another_users_token() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut owner = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = owner.call::<CreateToken>(&[("name", "mine")]).await.json()["secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let owner_id = user_id(&app, "customer@acme.example").await;
    let token_id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE user_id = $1")
        .bind(owner_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("token");

    let mut other = Browser::signed_in(&app, "customer@borealis.example").await;
    let attempt = other.call::<RevokeToken>(&[("token_id", &token_id.to_string())]).await;

    assert_eq!(attempt.status, StatusCode::NOT_FOUND);
    assert_eq!(bearer_me(&app, &secret).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_made_up_or_malformed_bearer_token_is_refused() {
    let app = spawn_app().await;

    for header in ["Bearer sdk_made-up-token", "Bearer ", "Basic dXNlcjpwYXNz"] {
        let response = app
            .request(
                axum::http::Method::GET,
                "/api/v1/me",
                &[("authorization", header)],
                axum::body::Body::empty(),
            )
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{header}");
    }
}

#[tokio::test]
async fn a_removed_users_tokens_stop_working() {
    let app = spawn_app().await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    let secret = customer.call::<CreateToken>(&[("name", "x")]).await.json()["secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let id = user_id(&app, "customer@acme.example").await;

    let mut holder = Browser::signed_in(&app, "holder@acme.example").await;
    let removed = holder
        .call::<app::accounts::organisation_api::RemoveMember>(&[("user_id", &id.to_string())])
        .await;

    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(bearer_me(&app, &secret).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(customer.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

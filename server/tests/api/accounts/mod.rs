//! Accounts: sign-in, sessions, CSRF, password resets, API tokens,
//! organisation members, and who may see what.

mod admin;
mod api_tokens;
mod csrf;
mod matrix;
mod members;
mod password_reset;
mod sign_in;

use app::{
    accounts::server::users,
    ids::{OrganisationId, UserId},
    infra::clock::Clock,
    runtime::demo,
};

use crate::{browser::PASSWORD, helpers::TestApp};

/// The demo organisations and accounts, all with [`PASSWORD`].
pub async fn seed(app: &TestApp) {
    demo::seed(&app.state.db, &app.state.catalogue, app.clock.now_ms(), PASSWORD)
        .await
        .expect("seed the demo accounts");
}

pub async fn user_id(app: &TestApp, email: &str) -> UserId {
    users::find_by_email(&app.state.db, email).await.expect("query").expect("user exists").id
}

pub async fn organisation_id(app: &TestApp, email: &str) -> OrganisationId {
    users::find_by_email(&app.state.db, email)
        .await
        .expect("query")
        .and_then(|user| user.organisation_id)
        .expect("user has an organisation")
}

/// The token of the password-reset link in the last email, once it has been
/// sent (sending happens after the request has been answered).
pub async fn reset_token_from_last_email(app: &TestApp) -> String {
    for _ in 0..200 {
        if let Some(email) = app.emails().pop() {
            let link = email
                .body
                .lines()
                .find(|line| line.contains("/reset-password?token="))
                .expect("a reset link")
                .to_owned();
            let token = link.split("token=").nth(1).expect("token");
            return token.split('&').next().expect("token").to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("no email was sent within 2 s");
}

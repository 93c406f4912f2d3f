//! Accounts: sign-in, sessions, CSRF, password resets, API tokens,
//! organisation members, and who may see what.

mod api_tokens;
mod csrf;
mod matrix;
mod members;
mod password_reset;
mod sign_in;

use app::ssr::{accounts::users, clock::Clock, demo};

use crate::{browser::PASSWORD, helpers::TestApp};

/// The demo organisations and accounts, all with [`PASSWORD`].
pub async fn seed(app: &TestApp) {
    demo::seed(&app.state.db, &app.state.catalogue, app.clock.now_ms(), PASSWORD)
        .await
        .expect("seed the demo accounts");
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    users::find_by_email(&app.state.db, email).await.expect("query").expect("user exists").id
}

pub async fn organisation_id(app: &TestApp, email: &str) -> i64 {
    users::find_by_email(&app.state.db, email)
        .await
        .expect("query")
        .and_then(|user| user.organisation_id)
        .expect("user has an organisation")
}

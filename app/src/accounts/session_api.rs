//! Signing in and out, and passwords.

use leptos::prelude::*;

use super::SessionUser;
use crate::{auth::csrf::CsrfClient, error::AppError};

#[cfg(feature = "ssr")]
mod server {
    use axum::http::{HeaderValue, header};
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    use crate::{
        accounts::server::sessions,
        auth::server::csrf,
        ids::UserId,
        infra::{ServerError, secrets},
        runtime::AppState,
    };

    /// Where to go after signing in: only a path of this site, so a crafted
    /// link cannot send the user elsewhere. Browsers drop tabs and line
    /// breaks from addresses and read `\` as `/`, so `/\t/evil.example`
    /// would become `//evil.example`: anything with such characters, or that
    /// is not a plain path, is refused.
    pub fn local_path(next: Option<String>, fallback: &str) -> String {
        let acceptable = |path: &str| {
            path.starts_with('/')
                && !path.starts_with("//")
                && !path.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
                && path.parse::<http::uri::PathAndQuery>().is_ok()
        };
        match next {
            Some(path) if acceptable(&path) => path,
            _ => fallback.to_owned(),
        }
    }

    pub fn set_cookie(value: &str) -> Result<(), ServerError> {
        let value = HeaderValue::from_str(value)
            .map_err(|e| ServerError::io("building a cookie", std::io::Error::other(e)))?;
        if let Some(response) = use_context::<ResponseOptions>() {
            response.append_header(header::SET_COOKIE, value);
        }
        Ok(())
    }

    /// Starts a session for the user and sets its cookie on the response,
    /// with a new CSRF token: one planted in the browser before sign-in
    /// is worth nothing after it.
    pub async fn start_session(state: &AppState, user_id: UserId) -> Result<(), ServerError> {
        let secure = state.settings.secure_cookies();
        let rules = &state.settings.sessions;
        let secret = sessions::create(&state.db, rules, state.clock.now_ms(), user_id).await?;
        set_cookie(&sessions::cookie(&secret, secure, rules))?;
        set_cookie(&csrf::cookie(&secrets::random_secret()?, secure))
    }

    pub fn session_secret(state: &AppState) -> Option<String> {
        let name = sessions::cookie_name(state.settings.secure_cookies());
        use_context::<http::request::Parts>()
            .and_then(|parts| crate::auth::server::viewer::cookie_value(&parts.headers, name))
    }
}

/// The signed-in user, if any.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(crate::auth::server::current_viewer().user().cloned())
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<SessionUser, AppError> {
    use crate::{
        accounts::server::sign_in, auth::server::middleware::ClientAddress, runtime::app_state,
    };

    let state = app_state()?;
    let address = ClientAddress::current();
    let user = sign_in::verify(&state.db, state.clock.now_ms(), &email, password, &address).await?;
    server::start_session(&state, user.id).await?;
    tracing::info!(user_id = %user.id, "signed in");
    leptos_axum::redirect(&server::local_path(next, "/"));
    Ok(user)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::{accounts::server::sessions, runtime::app_state};

    let state = app_state()?;
    if let Some(secret) = server::session_secret(&state) {
        sessions::delete(&state.db, &secret).await?;
    }
    server::set_cookie(&sessions::removal_cookie(state.settings.secure_cookies()))?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Sends a reset link if the address has an account. The answer is the same
/// either way, so this cannot be used to find out who has an account.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::{
        accounts::server::{one_time_tokens, users},
        auth::server::middleware::ClientAddress,
        infra::{
            mail::Email,
            rate_limit::{HOUR_MS, Limit},
        },
        runtime::app_state,
    };

    /// A mailbox gets at most three reset emails an hour...
    const RESET_EMAILS_PER_ADDRESS: Limit =
        Limit { bucket: "password_reset_email", max: 3, window_ms: HOUR_MS };
    /// ...and one network address may ask for ten.
    const RESET_REQUESTS_PER_CLIENT: Limit =
        Limit { bucket: "password_reset_client", max: 10, window_ms: HOUR_MS };

    let state = app_state()?;
    let email = super::normalise_email(&email)?;
    let now_ms = state.clock.now_ms();
    // Counted whether or not the account exists, so the limits tell nothing.
    RESET_EMAILS_PER_ADDRESS.hit(&state.db, now_ms, &email).await?;
    RESET_REQUESTS_PER_CLIENT.hit(&state.db, now_ms, &ClientAddress::current()).await?;
    if let Some(user) = users::find_by_email(&state.db, &email).await?
        && user.is_active()
    {
        let purpose = one_time_tokens::Purpose::PasswordReset;
        let token = one_time_tokens::issue(&state.db, now_ms, user.id, purpose).await?;
        let link = state.settings.link(&format!("/reset-password?token={token}"));
        let body = format!(
            "Hello {},\n\nsomeone asked to reset the password of your Selfdesk account.\n\
             To choose a new password, open this link within an hour:\n\n{link}\n\n\
             If it was not you, ignore this message: your password stays as it is.\n",
            user.name
        );
        let subject = "Reset your Selfdesk password".into();
        let message =
            Email { to: user.email.clone(), subject, body, thread: None, automatic: false };
        state.mailer.send_later(message);
    }
    Ok(())
}

/// Sets a new password from a reset or invitation link and signs the user in.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::{
        accounts::server::{one_time_tokens, one_time_tokens::Purpose, users},
        auth::server::password::hash_password,
        runtime::app_state,
    };

    super::validate_password(&password)?;
    let state = app_state()?;
    let now_ms = state.clock.now_ms();
    let purposes = [Purpose::PasswordReset, Purpose::Invitation];
    let user_id = one_time_tokens::redeem(&state.db, now_ms, token.trim(), &purposes)
        .await?
        .ok_or_else(|| {
            AppError::bad_request("This link has expired or was already used. Ask for a new one.")
        })?;
    let hash = hash_password(password).await?;
    // Whoever knew the old password loses every session and API token.
    users::replace_password(&state.db, now_ms, user_id, &hash).await?;
    server::start_session(&state, user_id).await?;
    leptos_axum::redirect("/account");
    Ok(())
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::{sign_in, users},
        auth::server::{
            Action, authorize, current_viewer, middleware::ClientAddress, password::hash_password,
        },
        runtime::app_state,
    };

    super::validate_password(&new_password)?;
    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageOwnAccount)?;
    let state = app_state()?;
    let now_ms = state.clock.now_ms();
    sign_in::verify(&state.db, now_ms, &user.email, current_password, &ClientAddress::current())
        .await
        .map_err(|error| match AppError::from(error) {
            AppError::WrongCredentials => {
                AppError::bad_request("The current password is not right.")
            }
            other => other,
        })?;
    let hash = hash_password(new_password).await?;
    users::replace_password(&state.db, now_ms, user.id, &hash).await?;
    server::start_session(&state, user.id).await?;
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::server::local_path;

    #[test]
    fn only_paths_of_this_site_are_followed_after_sign_in() {
        let next = |path: &str| local_path(Some(path.to_owned()), "/");
        assert_eq!(next("/cases/CASE-000001?tab=files"), "/cases/CASE-000001?tab=files");
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "/ /evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(next(hostile), "/", "{hostile:?}");
        }
        assert_eq!(local_path(None, "/account"), "/account");
    }
}

//! The viewer: the anonymous visitor or the signed-in user behind a request.

use axum::http::{HeaderMap, header};

use crate::{
    accounts::{
        SessionUser,
        server::{api_tokens, sessions, users},
    },
    error::AppError,
    infra::error::ServerError,
    runtime::state::AppState,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    /// A browser with a session cookie.
    Session,
    /// A script with `Authorization: Bearer`.
    ApiToken,
    /// An email from the user's address, read from the support mailbox.
    Mailbox,
}

#[derive(Clone, Debug, Default)]
pub enum Viewer {
    #[default]
    Anonymous,
    User {
        user: SessionUser,
        via: AuthMethod,
    },
}

impl Viewer {
    pub fn user(&self) -> Option<&SessionUser> {
        match self {
            Self::Anonymous => None,
            Self::User { user, .. } => Some(user),
        }
    }

    pub fn require_user(&self) -> Result<&SessionUser, AppError> {
        self.user().ok_or(AppError::Unauthorized)
    }
}

/// The viewer of the request being handled (a page or a server function).
/// Without the authentication middleware it is anonymous, never more.
pub fn current_viewer() -> Viewer {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

/// The value of the named cookie in a request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// Works out the viewer from a bearer token or the session cookie. A bearer
/// token that does not check out is an error (scripts should hear about it);
/// a stale session cookie just leaves the visitor anonymous.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Viewer, ServerError> {
    let now_ms = state.clock.now_ms();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(AppError::InvalidApiToken)?;
        let user_id = api_tokens::user_for(&state.db, now_ms, token)
            .await?
            .ok_or(AppError::InvalidApiToken)?;
        let user = users::active_session_user(&state.db, user_id)
            .await?
            .ok_or(AppError::InvalidApiToken)?;
        return Ok(Viewer::User { user, via: AuthMethod::ApiToken });
    }
    let session_cookie = sessions::cookie_name(state.settings.secure_cookies());
    if let Some(secret) = cookie_value(headers, session_cookie)
        && let Some(user_id) =
            sessions::user_for(&state.db, &state.settings.sessions, now_ms, &secret).await?
        && let Some(user) = users::active_session_user(&state.db, user_id).await?
    {
        return Ok(Viewer::User { user, via: AuthMethod::Session });
    }
    Ok(Viewer::Anonymous)
}

/// JSON API handlers take the viewer as an argument; without the
/// authentication middleware it is anonymous.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Viewer>().cloned().unwrap_or_default())
    }
}

//! Cross-site request forgery protection (double-submit token).
//!
//! Every browser gets a random token in the `selfdesk_csrf` cookie. Pages
//! render it into a `<meta>` tag and into every form; the app's server
//! function client sends it back in the `X-CSRF-Token` header, plain forms
//! in the `csrf` field. A state-changing request without the matching token
//! is refused: another site can make a browser send the cookie, but cannot
//! read it to put it in the request. Requests authenticated by an API token
//! carry no ambient credentials and need no CSRF token.

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    error::AppError,
    ssr::{secrets, state::AppState},
};

use super::viewer::cookie_value;

pub const CSRF_COOKIE: &str = "selfdesk_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf";
/// Largest form body searched for the `csrf` field (larger forms send the header).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// This browser's token, for rendering into pages and forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrfToken(pub String);

/// The token the current request carries (or was just given).
pub fn current_token() -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn well_formed(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let existing = cookie_value(request.headers(), CSRF_COOKIE).filter(|t| well_formed(t));
    let (token, issued) = match existing {
        Some(token) => (token, false),
        None => match secrets::random_secret() {
            Ok(token) => (token, true),
            Err(error) => return AppError::from(error).into_response(),
        },
    };

    let mut request = request;
    let needs_check =
        !is_safe(request.method()) && !request.headers().contains_key(header::AUTHORIZATION);
    if needs_check {
        let (submitted, rebuilt) = submitted_token(request).await;
        request = rebuilt;
        let valid = !issued && submitted.is_some_and(|s| secrets::same_secret(&s, &token));
        if !valid {
            return AppError::CsrfRejected.into_response();
        }
    }

    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if issued {
        let cookie = cookie::Cookie::build((CSRF_COOKIE, token))
            .path("/")
            .secure(state.settings.secure_cookies())
            .same_site(cookie::SameSite::Lax)
            .max_age(cookie::time::Duration::days(365))
            .build()
            .to_string();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The token from the header, or from the `csrf` field of a form body (the
/// body is read and put back), or from the query string (multipart uploads
/// from plain forms).
async fn submitted_token(request: Request) -> (Option<String>, Request) {
    if let Some(value) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return (Some(value.to_owned()), request);
    }
    if let Some(token) = request.uri().query().and_then(|q| form_field(q.as_bytes())) {
        return (Some(token), request);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (None, request);
    }
    let (parts, body) = request.into_parts();
    match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => {
            let token = form_field(&bytes);
            (token, Request::from_parts(parts, Body::from(bytes)))
        }
        Err(_) => (None, Request::from_parts(parts, Body::empty())),
    }
}

fn form_field(encoded: &[u8]) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(key, _)| key == CSRF_FIELD)
        .map(|(_, value)| value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_among_form_fields() {
        assert_eq!(form_field(b"email=a%40b.c&csrf=abc&x=1"), Some("abc".into()));
        assert_eq!(form_field(b"email=a%40b.c"), None);
    }

    #[test]
    fn only_tokens_of_the_issued_shape_are_accepted_from_cookies() {
        assert!(well_formed(&secrets::random_secret().expect("random")));
        assert!(!well_formed("short"));
        assert!(!well_formed(&"a;".repeat(22)[..43]));
    }
}

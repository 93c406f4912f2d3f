//! Cross-site request forgery protection (double-submit token).
//!
//! Every browser gets a random token in the `selfdesk_csrf` cookie
//! (`__Host-selfdesk_csrf` under https, so no subdomain can set it). Pages
//! render it into a `<meta>` tag and into every form; the app's server
//! function client sends it back in the `X-CSRF-Token` header, plain forms
//! in the `csrf` field: the first field of a multipart form (whose handler
//! checks it, see [`CsrfFormCheck`]), any field of a urlencoded one. Never in
//! a query string, which ends up in logs. A state-changing request without
//! the matching token is refused: another site can make a browser send the
//! cookie, but cannot read it to put it in the request. A new token is
//! issued at sign-in. Requests authenticated by an API token carry no
//! ambient credentials and need no CSRF token.

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, infra::secrets, runtime::state::AppState};

use super::viewer::cookie_value;

pub const CSRF_COOKIE: &str = "selfdesk_csrf";
/// The cookie's name under https: the prefix makes browsers refuse it unless
/// it is Secure, for the whole site, and set by this host.
pub const CSRF_COOKIE_SECURE: &str = "__Host-selfdesk_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf";
/// Largest form body searched for the `csrf` field (larger forms send the header).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// This browser's token, for rendering into pages and forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrfToken(pub String);

/// A multipart form posted without the header: its handler must find the
/// token in the form's first field (see [`check_form_field`]).
#[derive(Clone, Debug)]
pub struct CsrfFormCheck(String);

/// Paths whose handlers take plain multipart forms (files without
/// WebAssembly) and check the token in their first field.
fn checks_form_field(path: &str) -> bool {
    path == "/cases/new"
        || path == "/api/v1/media"
        || path.strip_prefix("/cases/").is_some_and(|rest| {
            rest.strip_suffix("/messages").is_some_and(|reference| !reference.contains('/'))
        })
}

/// For a handler of a multipart form: when the request was let through
/// for the form to prove itself, `first_field` must be the `csrf` field
/// with this browser's token.
pub fn check_form_field(
    check: Option<&CsrfFormCheck>,
    first_field: Option<(&str, &str)>,
) -> Result<(), AppError> {
    let Some(CsrfFormCheck(expected)) = check else {
        return Ok(());
    };
    match first_field {
        Some((CSRF_FIELD, submitted)) if secrets::same_secret(submitted, expected) => Ok(()),
        _ => Err(AppError::CsrfRejected),
    }
}

/// The cookie's name for this site.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { CSRF_COOKIE_SECURE } else { CSRF_COOKIE }
}

/// A `Set-Cookie` value giving the browser `token`.
pub fn cookie(token: &str, secure: bool) -> String {
    cookie::Cookie::build((cookie_name(secure), token.to_owned()))
        .path("/")
        .secure(secure)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .build()
        .to_string()
}

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
    let secure = state.settings.secure_cookies();
    let existing = cookie_value(request.headers(), cookie_name(secure)).filter(|t| well_formed(t));
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
        if !issued && is_plain_multipart_form(&request) && checks_form_field(request.uri().path()) {
            request.extensions_mut().insert(CsrfFormCheck(token.clone()));
        } else {
            let (submitted, rebuilt) = submitted_token(request).await;
            request = rebuilt;
            let valid = !issued && submitted.is_some_and(|s| secrets::same_secret(&s, &token));
            if !valid {
                return AppError::CsrfRejected.into_response();
            }
        }
    }

    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if issued && let Ok(value) = HeaderValue::from_str(&cookie(&token, secure)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn content_type(request: &Request) -> &str {
    request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

fn is_plain_multipart_form(request: &Request) -> bool {
    !request.headers().contains_key(CSRF_HEADER)
        && content_type(request).starts_with("multipart/form-data")
}

/// The token from the header, or from the `csrf` field of a urlencoded
/// form body (the body is read and put back).
async fn submitted_token(request: Request) -> (Option<String>, Request) {
    if let Some(value) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return (Some(value.to_owned()), request);
    }
    if !content_type(&request).starts_with("application/x-www-form-urlencoded") {
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
    fn only_the_plain_multipart_forms_check_their_own_field() {
        for path in ["/cases/new", "/cases/CASE-000001/messages", "/api/v1/media"] {
            assert!(checks_form_field(path), "{path}");
        }
        for path in ["/api/v1/uploads", "/api/v1/cases", "/cases/a/b/messages", "/api/sign_in"] {
            assert!(!checks_form_field(path), "{path}");
        }
    }

    #[test]
    fn a_deferred_form_must_open_with_the_token() {
        let check = CsrfFormCheck("t".repeat(43));
        let token = "t".repeat(43);
        assert!(check_form_field(Some(&check), Some(("csrf", &token))).is_ok());
        assert!(check_form_field(Some(&check), Some(("subject", &token))).is_err());
        assert!(check_form_field(Some(&check), Some(("csrf", "forged"))).is_err());
        assert!(check_form_field(Some(&check), None).is_err());
        assert!(check_form_field(None, None).is_ok(), "checked by the header already");
    }

    #[test]
    fn only_tokens_of_the_issued_shape_are_accepted_from_cookies() {
        assert!(well_formed(&secrets::random_secret().expect("random")));
        assert!(!well_formed("short"));
        assert!(!well_formed(&"a;".repeat(22)[..43]));
    }
}

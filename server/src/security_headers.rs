//! Headers every response carries: no MIME sniffing, no framing, no
//! referrer sent to other sites, HSTS under https, and `no-store` on what a
//! signed-in user is sent, so that a shared computer's cache keeps none of
//! it. Pages bring their own Content-Security-Policy (with the nonce of
//! their inline script, see `app::infra::headers`); anything else gets one
//! that allows nothing.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};

use app::{
    accounts::server::sessions::{SESSION_COOKIE, SESSION_COOKIE_SECURE},
    auth::server::viewer::cookie_value,
};

#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Selfdesk is reached over https (its public URL says so).
    pub https: bool,
}

/// For JSON, files and anything else that is not a page.
const NOTHING_ALLOWED: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

pub async fn set(State(policy): State<Policy>, request: Request, next: Next) -> Response {
    let personal = carries_credentials(request.headers());
    let public_asset = is_public_asset(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOTHING_ALLOWED));
    }
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if personal && !public_asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A session cookie or an API token: what is sent back may be personal.
fn carries_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || cookie_value(headers, SESSION_COOKIE).is_some()
        || cookie_value(headers, SESSION_COOKIE_SECURE).is_some()
}

/// The same for everyone: the compiled app, its styles and article media.
fn is_public_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/media/") || path == "/favicon.svg"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_files_and_article_media_are_public() {
        assert!(is_public_asset("/pkg/selfdesk.wasm"));
        assert!(is_public_asset("/media/ab12.png"));
        assert!(!is_public_asset("/api/v1/cases/CASE-000001/files/3"));
        assert!(!is_public_asset("/cases/CASE-000001"));
    }
}

//! Text may not carry NUL characters: PostgreSQL refuses them in text
//! columns, and no person types one. A form, server-function call, JSON
//! body or query string with one is refused here with a message, once the
//! caller is known and before any handler reads it (files, which may hold
//! any bytes, are not text).

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use memchr::memmem;

use app::{auth::server::Viewer, error::AppError};

/// Text bodies larger than this are refused: no form or JSON body of
/// Selfdesk comes near it (case JSON stops at 1 MB).
const MAX_TEXT_BODY: usize = 4 * 1024 * 1024;
const NUL_REFUSED: &str = "Text may not contain NUL characters (\\0).";

pub async fn refuse_nul(request: Request, next: Next) -> Response {
    if request.uri().query().is_some_and(|query| has_encoded_nul(query.as_bytes())) {
        return AppError::bad_request(NUL_REFUSED).into_response();
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let is_json = content_type.starts_with("application/json");
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    // Nobody signed in sends JSON that is read: it is refused unread (401).
    let anonymous = matches!(request.extensions().get::<Viewer>(), Some(Viewer::Anonymous) | None);
    if !(is_form || is_json && !anonymous) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_TEXT_BODY).await else {
        return AppError::PayloadTooLarge("The request is too large.".into()).into_response();
    };
    let nul = bytes.contains(&0)
        || if is_json {
            memmem::find(&bytes, b"\\u0000").is_some()
        } else {
            has_encoded_nul(&bytes)
        };
    if nul {
        return AppError::bad_request(NUL_REFUSED).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// `%00` in a urlencoded text.
fn has_encoded_nul(encoded: &[u8]) -> bool {
    memmem::find(encoded, b"%00").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_encoded_nul_counts() {
        assert!(has_encoded_nul(b"email=%00%40example.com"));
        assert!(!has_encoded_nul(b"q=100%25&n=%0A"));
    }
}

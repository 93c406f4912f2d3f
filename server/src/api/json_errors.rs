//! Every error of the JSON API is `{"error": "..."}`, including the ones
//! axum's extractors answer by themselves in plain text (a body that is
//! not JSON, a broken multipart boundary, a method the route does not
//! take): their text becomes the message, their status stays.

use axum::{
    Json,
    body::to_bytes,
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Extractors' messages are a line; anything larger is cut.
const MAX_MESSAGE_BYTES: usize = 4 * 1024;

pub async fn as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match to_bytes(body, MAX_MESSAGE_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("The request was refused").to_owned()
    } else {
        text
    };
    let mut answer = (status, Json(serde_json::json!({ "error": message }))).into_response();
    // Keep what tells the client how to go on (Allow, Retry-After, ...).
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

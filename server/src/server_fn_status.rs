//! Server functions answer every error with 500. This layer reads the error
//! they carry and answers with its own status instead (400 for bad input,
//! 401, 403, 404, 409, 429...), so clients, logs and metrics can tell a
//! refused request from a fault.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};
use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};

use app::error::AppError;

/// Errors are small; anything larger is left as it is.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub async fn set_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    parts.status = AppError::de(bytes.clone()).status_code();
    Response::from_parts(parts, Body::from(bytes))
}

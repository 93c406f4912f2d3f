//! Reading request bodies with a size limit: JSON, and multipart fields
//! (case files go to the file store, streamed, through `uploads::receive`).

use axum::{
    body::to_bytes,
    extract::{
        Request,
        multipart::{Field, MultipartError},
    },
};
use serde::de::DeserializeOwned;

use app::auth::server::csrf::{self, CsrfFormCheck};

use app::error::AppError;

/// A field, read in chunks; past `limit` bytes the request is refused
/// with `too_long` as the message.
pub async fn read_bytes(
    mut field: Field<'_>,
    limit: usize,
    too_long: &str,
) -> Result<Vec<u8>, AppError> {
    let mut value = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(read_error)? {
        value.extend_from_slice(&chunk);
        if value.len() > limit {
            return Err(AppError::PayloadTooLarge(too_long.to_owned()));
        }
    }
    Ok(value)
}

/// Reads the CSRF token from the form's first field when the request
/// came without the header (a plain form, see `csrf::CsrfFormCheck`).
pub async fn check_csrf_field(
    multipart: &mut axum::extract::Multipart,
    check: Option<&CsrfFormCheck>,
) -> Result<(), AppError> {
    if check.is_none() {
        return Ok(());
    }
    let first = match multipart.next_field().await.map_err(read_error)? {
        Some(field) => {
            let name = field.name().unwrap_or_default().to_owned();
            let value = read_text(field, 256, "The form's token is too long.").await?;
            Some((name, value))
        }
        None => None,
    };
    csrf::check_form_field(check, first.as_ref().map(|(n, v)| (n.as_str(), v.as_str())))
}

/// A text field, as [`read_bytes`] reads it; NUL characters are refused
/// (see `text_input`).
pub async fn read_text(field: Field<'_>, limit: usize, too_long: &str) -> Result<String, AppError> {
    let value = read_bytes(field, limit, too_long).await?;
    if value.contains(&0) {
        return Err(AppError::bad_request("Text may not contain NUL characters (\\0)."));
    }
    Ok(String::from_utf8_lossy(&value).into_owned())
}

/// A body that is not well-formed multipart.
pub fn read_error(error: MultipartError) -> AppError {
    AppError::bad_request(format!("The form could not be read: {}", error.body_text()))
}

/// A JSON body of at most `limit` bytes: past it the request is refused
/// with 413 and `too_long` as the message, before the rest is read.
pub async fn read_json<T: DeserializeOwned>(
    request: Request,
    limit: usize,
    too_long: &str,
) -> Result<T, AppError> {
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(AppError::PayloadTooLarge(too_long.to_owned()));
    }
    let bytes = to_bytes(request.into_body(), limit).await.map_err(|error| {
        if is_length_limit(&error) {
            AppError::PayloadTooLarge(too_long.to_owned())
        } else {
            AppError::bad_request(format!("The request body could not be read: {error}"))
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| AppError::bad_request(format!("The request could not be read: {e}")))
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}

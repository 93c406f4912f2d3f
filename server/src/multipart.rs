//! Reading multipart bodies: fields with a size limit (case files go to
//! the file store, streamed, through `uploads::receive`).

use axum::extract::multipart::{Field, MultipartError};

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

/// A text field, as [`read_bytes`] reads it.
pub async fn read_text(field: Field<'_>, limit: usize, too_long: &str) -> Result<String, AppError> {
    let value = read_bytes(field, limit, too_long).await?;
    Ok(String::from_utf8_lossy(&value).into_owned())
}

/// A body that is not well-formed multipart.
pub fn read_error(error: MultipartError) -> AppError {
    AppError::bad_request(format!("The form could not be read: {}", error.body_text()))
}

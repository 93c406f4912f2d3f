//! Plain forms (they work before and without the WebAssembly) answer with
//! a redirect back to the page they were on, saying what was done or why
//! not in the query, for the page to show beside the form.

use axum::response::{IntoResponse, Redirect, Response};

use app::error::AppError;

/// Back to `page#anchor` with `key=value` saying what was done, or with
/// `error_key=message` for a refusal the reader can act on; a page the
/// viewer may not use answers as the API does (401, 403, 404).
pub fn back_to(
    page: &str,
    anchor: &str,
    error_key: &str,
    outcome: Result<(&str, String), AppError>,
) -> Response {
    let (key, value) = match outcome {
        Ok(done) => done,
        Err(
            error @ (AppError::BadRequest(_) | AppError::Conflict(_) | AppError::NotEntitled(_)),
        ) => (error_key, error.to_string()),
        Err(error) => return error.into_response(),
    };
    let query = form_urlencoded::Serializer::new(String::new()).append_pair(key, &value).finish();
    Redirect::to(&format!("{page}?{query}#{anchor}")).into_response()
}

//! The JSON API under `/api/v1`. Handlers take the [`Viewer`] the
//! authentication middleware attached, and authorise through the same
//! service functions as the pages.
//!
//! [`Viewer`]: app::auth::server::Viewer

mod accounts;
mod cases;
mod entitlements;
mod json_errors;
mod kb;
mod openapi;
mod workflow;

use axum::Router;

use app::{error::AppError, server::AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(accounts::routes())
        .merge(cases::routes())
        .merge(entitlements::routes())
        .merge(kb::routes())
        .merge(workflow::routes())
        .merge(openapi::routes())
        .layer(axum::middleware::from_fn(json_errors::as_json))
}

/// Reads an id from a path segment or query, with a message when it is not one.
pub fn parse_id<Id: std::str::FromStr>(raw: &str) -> Result<Id, AppError> {
    raw.parse()
        .map_err(|_| AppError::bad_request(format!("{raw:?} is not an id: ids are whole numbers.")))
}

/// The value of `name` in the query string, if given and not empty.
pub fn query_value(query: &Option<String>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty())
}

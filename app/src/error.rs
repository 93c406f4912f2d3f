//! The error every server function and page sees: serializable, so it crosses
//! the network intact, and free of internal detail, so nothing private leaks.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

use leptos::server_fn;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum AppError {
    /// The request itself is wrong; the message says what to change.
    #[error("{0}")]
    BadRequest(String),
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Sign-in failed; which of email or password was wrong is not said.
    #[error("That email and password do not match an account.")]
    WrongCredentials,
    #[error("The API token is not valid or has been revoked.")]
    InvalidApiToken,
    /// A state-changing request without this browser's CSRF token.
    #[error("This form has expired or came from another site. Reload the page and try again.")]
    CsrfRejected,
    #[error("You do not have access to this.")]
    Forbidden,
    /// The named thing does not exist (or is not visible to the caller).
    #[error("{0} was not found.")]
    NotFound(String),
    /// The request conflicts with the current state; the message says how.
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Please wait a moment and try again.")]
    TooManyRequests,
    /// The organisation's entitlement does not cover what was asked; the
    /// message says why and what to do.
    #[error("{0}")]
    NotEntitled(String),
    /// An allowance (uploads a day, ...) is used up; the message says which
    /// and when it renews.
    #[error("{0}")]
    QuotaExceeded(String),
    /// The server is at capacity for this kind of work; try again shortly.
    #[error("The server is busy. Please try again in a moment.")]
    Busy,
    /// An upload over the size limit; the message names the limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Something failed on the server. The cause is in the server log only.
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("The request could not be completed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::WrongCredentials | Self::InvalidApiToken => {
                StatusCode::UNAUTHORIZED
            }
            Self::Forbidden | Self::CsrfRejected | Self::NotEntitled(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests | Self::QuotaExceeded(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Transport(_) => StatusCode::BAD_GATEWAY,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => {
                Self::BadRequest(format!("The request could not be read: {message}"))
            }
            ServerFnErrorErr::Request(message) | ServerFnErrorErr::Response(message) => {
                Self::Transport(message)
            }
            ServerFnErrorErr::UnsupportedRequestMethod(method) => {
                Self::BadRequest(format!("Method {method} is not supported here."))
            }
            ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::Serialization(_)
            | ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::MiddlewareError(_) => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
mod http_response {
    use super::AppError;
    use axum::{
        Json,
        response::{IntoResponse, Response},
    };

    /// JSON API handlers answer errors as `{"error": "..."}` with the matching status.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let body = serde_json::json!({ "error": self.to_string() });
            (self.status_code(), Json(body)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_arguments_are_the_callers_fault() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing q".into()));
        assert_eq!(error.status_code(), StatusCode::BAD_REQUEST);
        assert!(error.to_string().contains("missing q"));
    }

    #[test]
    fn server_side_failures_reveal_nothing() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "connection to 10.0.0.5 refused".into(),
        ));
        assert_eq!(error, AppError::Internal);
        assert!(!error.to_string().contains("10.0.0.5"));
    }

    #[test]
    fn errors_survive_the_wire_format() {
        let error = AppError::Conflict("That email is already registered.".into());
        let decoded = AppError::de(error.ser());
        assert_eq!(decoded, error);
    }
}

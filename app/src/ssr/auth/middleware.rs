//! Attaches the [`Viewer`] and the client's network address to every request.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, ssr::state::AppState};

use super::viewer::authenticate as authenticate_headers;

/// The address sign-in attempts are counted against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    /// The address of the request being handled ("unknown" outside a request).
    pub fn current() -> String {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
            .unwrap_or_else(|| "unknown".to_owned())
    }
}

pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = client_address(&state, &request);
    request.extensions_mut().insert(ClientAddress(address));
    match authenticate_headers(&state, request.headers()).await {
        Ok(viewer) => {
            request.extensions_mut().insert(viewer);
            next.run(request).await
        }
        Err(error) => AppError::from(error).into_response(),
    }
}

/// The peer's address, or the first `X-Forwarded-For` entry when Selfdesk
/// runs behind a proxy it was told to trust.
fn client_address(state: &AppState, request: &Request) -> String {
    if state.settings.trust_forwarded_for
        && let Some(forwarded) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return forwarded.trim().to_owned();
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

//! Attaches the [`Viewer`] and the client's network address to every request.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::AppError, runtime::state::AppState};

use super::viewer::authenticate as authenticate_headers;

/// The address sign-in attempts are counted against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

tokio::task_local! {
    /// The client of the request this task is handling, for services
    /// called from JSON handlers (pages and server functions have it in
    /// their context).
    static CLIENT: String;
}

impl ClientAddress {
    /// The address of the request being handled ("unknown" outside a request).
    pub fn current() -> String {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
            .or_else(|| CLIENT.try_with(Clone::clone).ok())
            .unwrap_or_else(|| "unknown".to_owned())
    }
}

pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = client_address(&state, &request);
    request.extensions_mut().insert(ClientAddress(address.clone()));
    match authenticate_headers(&state, request.headers()).await {
        Ok(viewer) => {
            request.extensions_mut().insert(viewer);
            CLIENT.scope(address, next.run(request)).await
        }
        Err(error) => AppError::from(error).into_response(),
    }
}

/// The peer's address or, behind a proxy Selfdesk was told to trust, the
/// right-most `X-Forwarded-For` entry: the one that proxy appended. Entries
/// to its left come from the client and prove nothing.
fn client_address(state: &AppState, request: &Request) -> String {
    if state.settings.trust_forwarded_for
        && let Some(forwarded) = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|entry| !entry.is_empty())
    {
        return forwarded.to_owned();
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

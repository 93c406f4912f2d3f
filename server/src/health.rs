//! `GET /healthz` (liveness): 200 when the database and the search index
//! answer, 503 otherwise. `GET /readyz` (readiness): 200 only once the
//! index has caught up with the database, so a balancer sends no search
//! to a server that would answer it with part of the articles.

use axum::{Json, extract::State, http::StatusCode};
use serde::Serialize;

use app::{infra::error::error_chain, runtime::AppState};

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    search: &'static str,
}

fn verdict<T>(component: &str, result: Result<T, app::infra::ServerError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(error) => {
            tracing::warn!(component, error = %error_chain(&error), "health check failed");
            "unavailable"
        }
    }
}

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = verdict("database", state.db.ping().await);
    let search = verdict("search", state.search.check());
    let healthy = database == "ok" && search == "ok";
    let status = if healthy { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let health = Health { status: if healthy { "ok" } else { "unavailable" }, database, search };
    (status, Json(health))
}

#[derive(Serialize)]
pub struct Readiness {
    status: &'static str,
    database: &'static str,
    /// `ready`, `catching up` (before the first sync, or after one failed)
    /// or `unavailable`.
    search: &'static str,
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = verdict("database", state.db.ping().await);
    let search = match verdict("search", state.search.check()) {
        "ok" if state.search.is_caught_up() => "ready",
        "ok" => "catching up",
        other => other,
    };
    let ready = database == "ok" && search == "ready";
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let readiness =
        Readiness { status: if ready { "ready" } else { "not ready" }, database, search };
    (status, Json(readiness))
}

//! `GET /healthz`: 200 when the database and the search index answer, 503 otherwise.

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

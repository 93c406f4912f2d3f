//! The case page's followers forms, as plain forms that work before (and
//! without) the WebAssembly: each answers with a redirect back to the
//! case, saying what was done or why not.

use axum::{
    Form,
    extract::{Path, State},
    response::Response,
};
use serde::Deserialize;

use app::{
    auth::server::Viewer, cases::server::followers, error::AppError, ids::UserId, runtime::AppState,
};

use crate::api::params::{CaseReference, Id};

#[derive(Deserialize)]
pub struct AddFollower {
    #[serde(default)]
    email: String,
}

/// `POST /cases/{reference}/followers`.
pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(CaseReference(reference)): Path<CaseReference>,
    Form(form): Form<AddFollower>,
) -> Response {
    let added = followers::add(&state, &viewer, &reference, &form.email).await;
    back(&reference, added.map(|follower| ("followed", follower.name)).map_err(AppError::from))
}

/// `POST /cases/{reference}/followers/{id}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((CaseReference(reference), Id(id))): Path<(CaseReference, Id)>,
) -> Response {
    let removed = followers::remove(&state, &viewer, &reference, UserId(id)).await;
    back(&reference, removed.map(|()| ("unfollowed", String::new())).map_err(AppError::from))
}

/// Back to the case's followers, with what was done or why not.
fn back(reference: &str, outcome: Result<(&str, String), AppError>) -> Response {
    let page = format!("/cases/{reference}");
    crate::form_redirect::back_to(&page, "followers-title", "follower_error", outcome)
}

//! "Follow this problem instead", as a plain form from the case form and
//! "Get help": it works before and without the WebAssembly, and answers
//! with a redirect back to the page the reader was on.

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use app::{
    auth::server::Viewer,
    error::AppError,
    problems::{FollowedFrom, known::KNOWN_PROBLEMS_ID, server as problems},
    runtime::AppState,
};

use crate::api::params::Id;

#[derive(Deserialize)]
pub struct FollowForm {
    from: FollowedFrom,
}

/// `POST /status/{id}/follow`.
pub async fn follow(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(Id(id)): Path<Id>,
    Form(form): Form<FollowForm>,
) -> Response {
    match problems::follow(&state, &viewer, id, Some(form.from)).await {
        Ok(_) => {
            let page = match form.from {
                FollowedFrom::CaseForm => "/cases/new",
                FollowedFrom::Help => "/help",
                FollowedFrom::Status => "/status",
            };
            Redirect::to(&format!("{page}#{KNOWN_PROBLEMS_ID}")).into_response()
        }
        Err(error) => AppError::from(error).into_response(),
    }
}

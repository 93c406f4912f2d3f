//! Publishes the drafts approved for a later time once it has come.

use crate::{
    kb::authoring::server::review,
    server::{AppState, error::ServerError},
};

pub async fn run(state: &AppState) -> Result<usize, ServerError> {
    review::publish_scheduled(state).await
}

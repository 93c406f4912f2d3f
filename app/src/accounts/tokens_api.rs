//! Personal API tokens, managed by their owner.

use super::{ApiTokenInfo, NewToken};
use leptos::prelude::*;

use crate::{auth::csrf::CsrfClient, error::AppError};

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn list_tokens() -> Result<Vec<ApiTokenInfo>, AppError> {
    use crate::{
        accounts::server::api_tokens,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageApiTokens)?;
    Ok(api_tokens::list(&app_state()?.db, user.id).await?)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn create_token(name: String) -> Result<NewToken, AppError> {
    use crate::{
        accounts::server::api_tokens,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageApiTokens)?;
    let state = app_state()?;
    let (_, secret) = api_tokens::create(&state.db, state.clock.now_ms(), user.id, &name).await?;
    Ok(NewToken { name: name.trim().to_owned(), secret })
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn revoke_token(token_id: i64) -> Result<(), AppError> {
    use crate::{
        accounts::server::api_tokens,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageApiTokens)?;
    let state = app_state()?;
    api_tokens::revoke(&state.db, state.clock.now_ms(), user.id, token_id).await?;
    Ok(())
}

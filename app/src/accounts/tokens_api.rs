//! Personal API tokens, managed by their owner.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{auth::csrf::CsrfClient, error::AppError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A token just created: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewToken {
    pub name: String,
    pub secret: String,
}

#[server(client = CsrfClient)]
pub async fn list_tokens() -> Result<Vec<ApiTokenInfo>, AppError> {
    use crate::{
        accounts::server::api_tokens,
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageApiTokens)?;
    Ok(api_tokens::list(&app_state()?.db, user.id).await?)
}

#[server(client = CsrfClient)]
pub async fn create_token(name: String) -> Result<NewToken, AppError> {
    use crate::{
        accounts::server::api_tokens,
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageApiTokens)?;
    let state = app_state()?;
    let (_, secret) = api_tokens::create(&state.db, state.clock.now_ms(), user.id, &name).await?;
    Ok(NewToken { name: name.trim().to_owned(), secret })
}

#[server(client = CsrfClient)]
pub async fn revoke_token(token_id: i64) -> Result<(), AppError> {
    use crate::{
        accounts::server::api_tokens,
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    let viewer = current_viewer();
    let user = authorize(&viewer, Action::ManageApiTokens)?;
    let state = app_state()?;
    api_tokens::revoke(&state.db, state.clock.now_ms(), user.id, token_id).await?;
    Ok(())
}

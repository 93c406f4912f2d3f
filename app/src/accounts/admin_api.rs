//! Administration of every account and organisation (admins only).

use leptos::prelude::*;

use super::AccountsOverview;
#[cfg(feature = "ssr")]
use super::{Level, Role};
use crate::{auth::csrf::CsrfClient, error::AppError};

/// Reads an optional form value: blank means none.
#[cfg(feature = "ssr")]
fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

#[cfg(feature = "ssr")]
fn parse_level(level: Option<String>) -> Result<Option<Level>, AppError> {
    optional(level).map(|l| l.parse()).transpose()
}

#[cfg(feature = "ssr")]
fn parse_organisation(organisation_id: Option<String>) -> Result<Option<i64>, AppError> {
    optional(organisation_id)
        .map(|id| {
            id.parse().map_err(|_| AppError::bad_request("Choose an organisation from the list."))
        })
        .transpose()
}

#[server(client = CsrfClient)]
pub async fn load_accounts() -> Result<AccountsOverview, AppError> {
    use crate::{
        accounts::server::{organisations, queries},
        auth::server::current_viewer,
        server::app_state,
    };

    let state = app_state()?;
    let users = queries::all_users(&state, &current_viewer()).await?;
    let organisations = organisations::list(&state.db).await?;
    Ok(AccountsOverview { users, organisations })
}

/// Creates an account and emails the person a link to choose a password.
#[server(client = CsrfClient)]
pub async fn create_user(
    email: String,
    name: String,
    role: String,
    level: Option<String>,
    organisation_id: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::{invitations, users},
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    let viewer = current_viewer();
    let admin = authorize(&viewer, Action::AdministerAccounts)?;
    let state = app_state()?;
    let new_user = users::NewUser {
        email: super::normalise_email(&email)?,
        name,
        role: role.parse()?,
        level: parse_level(level)?,
        organisation_id: parse_organisation(organisation_id)?,
        password_hash: None,
    };
    let user_id = users::create(&state.db, state.clock.now_ms(), new_user).await?;
    invitations::send(&state, user_id, &admin.name).await?;
    Ok(())
}

#[server(client = CsrfClient)]
pub async fn update_user(
    user_id: i64,
    role: String,
    level: Option<String>,
    organisation_id: Option<String>,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::users,
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    let viewer = current_viewer();
    let admin = authorize(&viewer, Action::AdministerAccounts)?;
    let state = app_state()?;
    if users::find_by_id(&state.db, user_id).await?.is_none() {
        return Err(AppError::not_found("That user"));
    }
    let active = optional(active).is_some();
    if admin.id == user_id && !active {
        return Err(AppError::bad_request("You cannot deactivate your own account."));
    }
    let now_ms = state.clock.now_ms();
    let role: Role = role.parse()?;
    users::update_role(
        &state.db,
        now_ms,
        user_id,
        role,
        parse_level(level)?,
        parse_organisation(organisation_id)?,
    )
    .await?;
    users::set_active(&state.db, now_ms, user_id, active).await?;
    Ok(())
}

#[server(client = CsrfClient)]
pub async fn save_organisation(
    organisation_id: Option<String>,
    name: String,
    time_zone: String,
    contracts: String,
) -> Result<(), AppError> {
    use crate::{
        accounts::server::organisations,
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    authorize(&current_viewer(), Action::AdministerAccounts)?;
    let state = app_state()?;
    let now_ms = state.clock.now_ms();
    let contracts = organisations::parse_contracts(&contracts);
    match parse_organisation(organisation_id)? {
        Some(id) => {
            organisations::update(&state.db, now_ms, id, &name, &time_zone, &contracts).await?
        }
        None => {
            organisations::create(&state.db, now_ms, &name, &time_zone, &contracts).await?;
        }
    }
    Ok(())
}

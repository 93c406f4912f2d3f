//! Administration of every account and organisation (admins only).

use leptos::prelude::*;

use super::{AccountChange, AccountSearch, AccountsOverview, NewAccount, OrganisationInput};
use crate::{auth::csrf::CsrfClient, error::AppError};

/// One page of the users and organisations matching the admin's words.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_accounts(
    #[server(default)] search: AccountSearch,
) -> Result<AccountsOverview, AppError> {
    use crate::{
        accounts::server::{organisations, queries},
        auth::server::current_viewer,
        runtime::app_state,
    };

    let state = app_state()?;
    let (users, more_users) = queries::users_page(&state, &current_viewer(), &search).await?;
    let (organisations, more_organisations) = organisations::page(&state.db, &search).await?;
    Ok(AccountsOverview { users, organisations, more_users, more_organisations })
}

/// Creates an account and emails the person a link to choose a password.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn create_user(account: NewAccount) -> Result<(), AppError> {
    use crate::{
        accounts::server::{invitations, organisations, users},
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let admin = authorize(&viewer, Action::AdministerAccounts)?;
    let state = app_state()?;
    let organisation_id =
        organisations::id_by_name(&state.db, account.organisation.as_deref()).await?;
    let new_user = users::NewUser {
        email: super::normalise_email(&account.email)?,
        name: account.name,
        role: account.role,
        level: account.level,
        organisation_id,
        password_hash: None,
    };
    let user_id = users::create(&state.db, state.clock.now_ms(), new_user).await?;
    invitations::send(&state, user_id, &admin.name).await?;
    Ok(())
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn update_user(change: AccountChange) -> Result<(), AppError> {
    use crate::{
        accounts::server::{organisations, users},
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let admin = authorize(&viewer, Action::AdministerAccounts)?;
    let state = app_state()?;
    let organisation_id =
        organisations::id_by_name(&state.db, change.organisation.as_deref()).await?;
    if users::find_by_id(&state.db, change.user_id).await?.is_none() {
        return Err(AppError::not_found("That user"));
    }
    if admin.id == change.user_id && !change.active {
        return Err(AppError::bad_request("You cannot deactivate your own account."));
    }
    if change.on_call && change.role != super::Role::Engineer {
        return Err(AppError::bad_request("Only an engineer can be on call."));
    }
    let now_ms = state.clock.now_ms();
    users::update_role(
        &state.db,
        now_ms,
        change.user_id,
        change.role,
        change.level,
        organisation_id,
    )
    .await?;
    users::set_active(&state.db, now_ms, change.user_id, change.active).await?;
    users::set_on_call(&state.db, now_ms, change.user_id, change.on_call).await?;
    Ok(())
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn save_organisation(organisation: OrganisationInput) -> Result<(), AppError> {
    use crate::{
        accounts::server::organisations,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::AdministerAccounts)?;
    let state = app_state()?;
    let now_ms = state.clock.now_ms();
    let OrganisationInput { organisation_id, name, time_zone, contracts } = organisation;
    let contracts = organisations::parse_contracts(&contracts);
    match organisation_id {
        Some(id) => {
            organisations::update(&state.db, now_ms, id, &name, &time_zone, &contracts).await?
        }
        None => {
            organisations::create(&state.db, now_ms, &name, &time_zone, &contracts).await?;
        }
    }
    Ok(())
}

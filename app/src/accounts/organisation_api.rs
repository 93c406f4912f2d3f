//! An organisation as its own members see it; account holders invite and
//! remove members.

use leptos::prelude::*;

use super::{Invitation, OrganisationOverview, UserId};
use crate::{auth::csrf::CsrfClient, error::AppError};

/// The signed-in customer's or account holder's own organisation.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn my_organisation() -> Result<OrganisationOverview, AppError> {
    use crate::{accounts::server::queries, auth::server::current_viewer, runtime::app_state};

    let viewer = current_viewer();
    let organisation_id = viewer
        .require_user()?
        .organisation_id()
        .ok_or_else(|| AppError::not_found("Your organisation"))?;
    Ok(queries::organisation_overview(&app_state()?, &viewer, organisation_id).await?)
}

/// Invites a person into the account holder's organisation: creates their
/// account (or reactivates a removed one) and emails a link to set a password.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn invite_member(invitation: Invitation) -> Result<(), AppError> {
    use crate::{
        accounts::server::{invitations, users},
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let inviter = viewer.require_user()?;
    let organisation_id = inviter
        .organisation_id()
        .ok_or_else(|| AppError::bad_request("Only members of an organisation invite into it."))?;
    let inviter = authorize(&viewer, Action::ManageMembers { organisation_id })?;
    let Invitation { email, name, role } = invitation;
    if !role.belongs_to_organisation() {
        return Err(AppError::bad_request("Invite people as customers or account holders."));
    }
    let state = app_state()?;
    let email = super::normalise_email(&email)?;
    let existing = users::find_by_email(&state.db, &email).await?;
    let user_id = match existing {
        Some(user) if user.organisation_id == Some(organisation_id) && !user.is_active() => {
            users::set_active(&state.db, state.clock.now_ms(), user.id, true).await?;
            user.id
        }
        Some(user) if user.organisation_id == Some(organisation_id) => {
            return Err(AppError::Conflict(format!("{email} is already a member.")));
        }
        Some(_) => {
            let organisation = inviter.organisation.as_ref().map(|o| o.name.as_str());
            invitations::tell_existing_account(
                &state,
                &email,
                &inviter.name,
                organisation.unwrap_or("an organisation"),
            );
            return Ok(());
        }
        None => {
            let new_user = users::NewUser {
                email: email.clone(),
                name,
                role,
                level: None,
                organisation_id: Some(organisation_id),
                password_hash: None,
            };
            users::create(&state.db, state.clock.now_ms(), new_user).await?
        }
    };
    invitations::send(&state, user_id, &inviter.name).await?;
    Ok(())
}

/// Removes a member from the organisation: the account is deactivated and
/// signed out everywhere; its cases and history stay.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn remove_member(user_id: UserId) -> Result<(), AppError> {
    use crate::{
        accounts::server::users,
        auth::server::{Action, authorize, current_viewer},
        runtime::app_state,
    };

    let viewer = current_viewer();
    let state = app_state()?;
    let target =
        users::find_by_id(&state.db, user_id).await?.ok_or_else(|| AppError::not_found("That"))?;
    let Some(organisation_id) = target.organisation_id else {
        return Err(AppError::not_found("That"));
    };
    let holder = authorize(&viewer, Action::ManageMembers { organisation_id })?;
    if holder.id == target.id {
        return Err(AppError::bad_request(
            "You cannot remove yourself; ask another account holder.",
        ));
    }
    users::set_active(&state.db, state.clock.now_ms(), target.id, false).await?;
    Ok(())
}

/// Lets every member of the account holder's organisation see every one of
/// its cases (`true`), or each only the cases they file or follow.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn share_all_cases(share: bool) -> Result<(), AppError> {
    use crate::{
        accounts::server::{organisations, queries::managed_organisation},
        auth::server::current_viewer,
        runtime::app_state,
    };

    let organisation_id = managed_organisation(&current_viewer())?;
    let state = app_state()?;
    organisations::share_all_cases(&state.db, organisation_id, share).await?;
    Ok(())
}

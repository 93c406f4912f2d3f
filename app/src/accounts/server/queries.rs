//! Reads shared by the pages' server functions and the JSON API. Each one
//! authorises first, then reads only what was authorised.

use crate::{
    accounts::{AccountSearch, OrganisationOverview, UserSummary, server::users::member},
    auth::server::{Action, Viewer, authorize},
    error::AppError,
    ids::{OrganisationId, UserId},
    infra::error::ServerError,
    runtime::state::AppState,
};

use super::{organisations, users};

/// The organisation the signed-in account holder (or admin member)
/// manages: their own, once they may manage it.
pub fn managed_organisation(viewer: &Viewer) -> Result<OrganisationId, AppError> {
    let organisation_id = viewer
        .require_user()?
        .organisation_id()
        .ok_or_else(|| AppError::not_found("Your organisation"))?;
    authorize(viewer, Action::ManageMembers { organisation_id })?;
    Ok(organisation_id)
}

pub async fn organisation_overview(
    state: &AppState,
    viewer: &Viewer,
    organisation_id: OrganisationId,
) -> Result<OrganisationOverview, ServerError> {
    authorize(viewer, Action::ViewOrganisation { organisation_id })?;
    let organisation = organisations::get(&state.db, organisation_id)
        .await?
        .ok_or_else(|| AppError::not_found("That"))?;
    let members = match authorize(viewer, Action::ManageMembers { organisation_id }) {
        Ok(_) => {
            let rows = users::list_members(&state.db, organisation_id).await?;
            Some(rows.iter().map(member).collect::<Result<Vec<_>, _>>()?)
        }
        Err(_) => None,
    };
    let members_see_all_cases =
        organisations::members_see_all_cases(&state.db, organisation_id).await?;
    let partners = super::partners::partners_of(&state.db, organisation_id).await?;
    let clients = super::partners::clients_of(&state.db, organisation_id).await?;
    Ok(OrganisationOverview { organisation, members, members_see_all_cases, partners, clients })
}

fn summary(row: users::UserRow) -> Result<UserSummary, AppError> {
    Ok(UserSummary {
        id: row.id,
        role: row.role,
        level: row.level,
        active: row.is_active(),
        on_call: row.on_call != 0,
        pending: row.password_hash.is_none(),
        name: row.name,
        email: row.email,
        organisation: row.organisation_name,
    })
}

pub async fn user_summary(
    state: &AppState,
    viewer: &Viewer,
    user_id: UserId,
) -> Result<UserSummary, ServerError> {
    // Signed in at all, before saying whether the user exists.
    viewer.require_user()?;
    let row =
        users::find_by_id(&state.db, user_id).await?.ok_or_else(|| AppError::not_found("That"))?;
    authorize(viewer, Action::ViewUser { organisation_id: row.organisation_id })?;
    Ok(summary(row)?)
}

/// A page of the users matching the search (see `users::find`), and
/// whether more follow.
pub async fn users_page(
    state: &AppState,
    viewer: &Viewer,
    search: &AccountSearch,
) -> Result<(Vec<UserSummary>, bool), ServerError> {
    authorize(viewer, Action::AdministerAccounts)?;
    let (limit, offset) = super::window(search);
    let rows = users::find(&state.db, &search.words, limit, offset).await?;
    let (rows, more) = super::one_page(rows);
    Ok((rows.into_iter().map(summary).collect::<Result<Vec<_>, _>>()?, more))
}

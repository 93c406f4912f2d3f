//! Invitation emails: a link to choose a password, valid for a week.

use crate::{
    accounts::server::{one_time_tokens, users},
    ids::UserId,
    infra::{error::ServerError, mail::Email},
    runtime::state::AppState,
};

pub async fn send(
    state: &AppState,
    user_id: UserId,
    inviter_name: &str,
) -> Result<(), ServerError> {
    let Some(user) = users::find_by_id(&state.db, user_id).await? else {
        return Ok(());
    };
    let purpose = one_time_tokens::Purpose::Invitation;
    let token = one_time_tokens::issue(&state.db, state.clock.now_ms(), user.id, purpose).await?;
    let link = state.settings.link(&format!("/reset-password?token={token}&invited=1"));
    let organisation =
        user.organisation_name.as_deref().map(|name| format!(" for {name}")).unwrap_or_default();
    let body = format!(
        "Hello {},\n\n{inviter_name} invited you to Selfdesk, the support portal{organisation}.\n\
         To choose your password and sign in, open this link within seven days:\n\n{link}\n",
        user.name
    );
    state.mailer.send_later(Email {
        to: user.email,
        subject: "You are invited to Selfdesk".into(),
        body,
        thread: None,
        automatic: false,
    });
    Ok(())
}

/// Someone invited an address that already has an account elsewhere. The
/// inviter hears the same as for any invitation (so invitations cannot be
/// used to find out who has an account); the address's owner is told, with
/// no link, and nothing about the account changes.
pub fn tell_existing_account(
    state: &AppState,
    email: &str,
    inviter_name: &str,
    organisation: &str,
) {
    let body = format!(
        "Hello,\n\n{inviter_name} of {organisation} tried to invite this address to Selfdesk, \
         the support portal. It already has an account, so nothing was changed.\n\
         If you have moved to {organisation}, ask its account holder to contact support \
         to move your account.\n"
    );
    state.mailer.send_later(Email {
        to: email.to_owned(),
        subject: "About your invitation to Selfdesk".into(),
        body,
        thread: None,
        automatic: false,
    });
}

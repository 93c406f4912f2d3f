//! The "this solved my problem" link of the answer to a case opened by
//! email: one click, without signing in, closes the case. The link's token
//! is the authority: kept hashed, for one case and its contact, used once,
//! valid for two weeks.

use super::super::actions;
use crate::{
    accounts::server::users,
    auth::server::{AuthMethod, Viewer},
    cases::{CaseStatus, StatusAction, StatusChange},
    error::AppError,
    ids::UserId,
    infra::{db::Tx, error::ServerError, secrets},
    runtime::AppState,
};

const VALID_MS: i64 = 14 * 24 * 60 * 60 * 1000;

/// A new link's address (a path of the site) for the case and its
/// contact, recorded in the transaction that opens the case.
pub async fn issue_in(
    tx: &mut Tx,
    state: &AppState,
    reference: &str,
    contact: UserId,
) -> Result<String, ServerError> {
    let token = secrets::random_secret()?;
    sqlx::query(
        "INSERT INTO case_links (token_hash, case_id, user_id, expires_at) \
         SELECT $1, id, $2, $3 FROM cases WHERE reference = $4",
    )
    .bind(secrets::digest(&token))
    .bind(contact)
    .bind(state.clock.now_ms() + VALID_MS)
    .bind(reference)
    .execute(&mut **tx)
    .await?;
    Ok(format!("/solved?case={reference}&token={token}"))
}

/// Closes the case the link is for, as its contact.
pub async fn close(
    state: &AppState,
    reference: &str,
    token: &str,
) -> Result<CaseStatus, ServerError> {
    let now = state.clock.now_ms();
    // One statement: two clicks cannot both use it, nor a link another case.
    let user: Option<UserId> = sqlx::query_scalar(
        "UPDATE case_links SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
         AND case_id = (SELECT id FROM cases WHERE reference = $3) RETURNING user_id",
    )
    .bind(now)
    .bind(secrets::digest(token.trim()))
    .bind(reference.trim())
    .fetch_optional(state.db.pool())
    .await?;
    let expired = || {
        AppError::bad_request(
            "This link has expired or was already used. Sign in to close the case.",
        )
    };
    let user = match user {
        Some(id) => users::active_session_user(&state.db, id).await?.ok_or_else(expired)?,
        None => return Err(expired().into()),
    };
    let viewer = Viewer::User { user, via: AuthMethod::Mailbox };
    let change = StatusChange {
        action: StatusAction::Close,
        reason: "Solved by an article suggested in the email answer".into(),
    };
    actions::change_status(state, &viewer, reference.trim(), change).await
}

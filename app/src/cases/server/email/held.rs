//! Messages kept whole until someone vouches for them: held ones (the
//! sender is not proven) and set-aside ones (processing kept failing). An
//! engineer accepts or discards them at `/admin/mail`; a held message that
//! would open a case may instead be confirmed by the mailbox's owner
//! through a one-time link mailed to the address.

use super::{
    InboundEmail, MAX_MESSAGE_BYTES, Outcome, Proof, answers,
    receive::{process, reclaim},
};
use crate::{
    accounts::SessionUser,
    auth::server::{Action, Viewer, authorize},
    error::AppError,
    infra::{
        error::ServerError,
        mail::Email,
        rate_limit::{HOUR_MS, Limit},
        secrets,
    },
    runtime::AppState,
};

/// Unproven messages kept from one address in an hour, and from all
/// together: past them a message is recorded but not kept, so forged mail
/// can neither fill the store nor bury the review list.
const HELD_PER_SENDER: Limit = Limit { bucket: "email_held", max: 20, window_ms: HOUR_MS };
const HELD_OVERALL: Limit = Limit { bucket: "email_held_all", max: 500, window_ms: HOUR_MS };

/// How long a confirmation link works.
const CONFIRM_FOR_MS: i64 = 3 * 24 * HOUR_MS;

/// Characters of the new text shown to the reviewer.
const PREVIEW_CHARS: usize = 2_000;

/// Holds a message whose sender is not proven; offers the sender the
/// confirmation link when the message would open a case.
pub(super) async fn hold(
    state: &AppState,
    email: &InboundEmail,
    raw: &[u8],
    user: &SessionUser,
    opens_case: bool,
    why: &str,
) -> Result<Outcome, ServerError> {
    let now = state.clock.now_ms();
    let sender = email.sender.as_deref().unwrap_or_default();
    if !HELD_PER_SENDER.allows(&state.db, now, sender).await?
        || !HELD_OVERALL.allows(&state.db, now, "all").await?
    {
        let reason = format!("not proven ({why}), and too many unproven messages to keep");
        return Ok(Outcome::Ignored { reason });
    }
    let id = keep(state, email, raw).await?;
    if opens_case && user.role.belongs_to_organisation() {
        offer_confirmation(state, id, user).await?;
    }
    Ok(Outcome::Held { reason: format!("not proven: {why}") })
}

/// Keeps the message whole in the file store, with the start of its text;
/// answers its row's id.
pub(super) async fn keep(
    state: &AppState,
    email: &InboundEmail,
    raw: &[u8],
) -> Result<i64, ServerError> {
    let stored = state.files.put(super::super::uploads::whole(raw), raw.len() as u64 + 1).await?;
    let preview: String = email.text.chars().take(PREVIEW_CHARS).collect();
    let kept = async {
        let earlier: Option<Option<String>> =
            sqlx::query_scalar("SELECT kept_key FROM inbound_emails WHERE message_id = $1")
                .bind(&email.message_id)
                .fetch_optional(state.db.pool())
                .await?;
        let id: i64 = sqlx::query_scalar(
            "UPDATE inbound_emails SET kept_key = $1, preview = $2 WHERE message_id = $3 RETURNING id",
        )
        .bind(&stored.key)
        .bind(&preview)
        .bind(&email.message_id)
        .fetch_one(state.db.pool())
        .await?;
        Ok::<_, ServerError>((id, earlier.flatten()))
    };
    match kept.await {
        Ok((id, earlier)) => {
            // A message kept before (set aside, then held) keeps one copy.
            if let Some(earlier) = earlier.filter(|key| *key != stored.key) {
                state.files.delete(&earlier).await?;
            }
            Ok(id)
        }
        Err(error) => {
            state.files.delete(&stored.key).await?;
            Err(error)
        }
    }
}

/// Mails the sender a one-time link that confirms the message.
async fn offer_confirmation(
    state: &AppState,
    inbound_id: i64,
    user: &SessionUser,
) -> Result<(), ServerError> {
    let token = secrets::random_secret()?;
    sqlx::query(
        "INSERT INTO email_confirmations (token_hash, inbound_email_id, user_id, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(secrets::digest(&token))
    .bind(inbound_id)
    .bind(user.id)
    .bind(state.clock.now_ms() + CONFIRM_FOR_MS)
    .execute(state.db.pool())
    .await?;
    let link = state.settings.link(&format!("/mail/confirm?token={token}"));
    let body = format!(
        "Hello,\n\nsupport received a message from this address that would open a new case. \
         Mail can claim to come from any address, so nothing is done with it until you \
         confirm that you sent it:\n{link}\n\nThe link shows the message first and works once, \
         for three days. If you did not send it, ignore this email: the message will not \
         be used.\n\nThis is an automatic answer.\n"
    );
    let answer = Email {
        to: user.email.clone(),
        subject: "Confirm your message to support".into(),
        body,
        thread: None,
        automatic: true,
    };
    answers::send(state, answer).await?;
    Ok(())
}

/// An engineer (or admin) accepts a held message as the sender's, or
/// tries a set-aside one again.
pub async fn accept(state: &AppState, viewer: &Viewer, id: i64) -> Result<Outcome, ServerError> {
    let reviewer = authorize(viewer, Action::ReviewMailbox)?.id;
    let (outcome, key) = waiting(state, id).await?;
    let granted = (outcome == "held").then_some(Proof::Reviewed(reviewer));
    run_again(state, id, &key, granted).await
}

/// An engineer (or admin) discards a held or set-aside message.
pub async fn discard(state: &AppState, viewer: &Viewer, id: i64) -> Result<(), ServerError> {
    let reviewer = authorize(viewer, Action::ReviewMailbox)?.id;
    let (_, key) = waiting(state, id).await?;
    let discarded = sqlx::query(
        "UPDATE inbound_emails SET outcome = 'discarded', reviewed_by = $1, kept_key = NULL \
         WHERE id = $2 AND outcome IN ('held', 'failed')",
    )
    .bind(reviewer)
    .bind(id)
    .execute(state.db.pool())
    .await?;
    if discarded.rows_affected() == 0 {
        return Err(AppError::not_found("That held message").into());
    }
    state.files.delete(&key).await?;
    Ok(())
}

/// The sender's confirmation link: the held message it is for, to show
/// before confirming (subject and text).
pub async fn confirmation(state: &AppState, token: &str) -> Result<(String, String), ServerError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT e.subject, e.preview FROM email_confirmations c \
         JOIN inbound_emails e ON e.id = c.inbound_email_id \
         WHERE c.token_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 AND e.outcome = 'held'",
    )
    .bind(secrets::digest(token.trim()))
    .bind(state.clock.now_ms())
    .fetch_optional(state.db.pool())
    .await?;
    row.ok_or_else(|| expired().into())
}

/// Confirms the held message the link is for: it is received as proven.
pub async fn confirm(state: &AppState, token: &str) -> Result<Outcome, ServerError> {
    let now = state.clock.now_ms();
    // One statement: two clicks cannot both use it.
    let id: Option<i64> = sqlx::query_scalar(
        "UPDATE email_confirmations SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING inbound_email_id",
    )
    .bind(now)
    .bind(secrets::digest(token.trim()))
    .fetch_optional(state.db.pool())
    .await?;
    let id = id.ok_or_else(expired)?;
    let (outcome, key) = waiting(state, id).await.map_err(|_| expired())?;
    if outcome != "held" {
        return Err(expired().into());
    }
    run_again(state, id, &key, Some(Proof::Confirmed)).await
}

fn expired() -> AppError {
    AppError::bad_request("This link has expired or was already used.")
}

/// A held or set-aside message's state and where it is kept.
async fn waiting(state: &AppState, id: i64) -> Result<(String, String), ServerError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT outcome, kept_key FROM inbound_emails WHERE id = $1 AND outcome IN ('held', 'failed')",
    )
    .bind(id)
    .fetch_optional(state.db.pool())
    .await?;
    match row {
        Some((outcome, Some(key))) => Ok((outcome, key)),
        _ => Err(AppError::not_found("That held message").into()),
    }
}

/// Processes a kept message again. Once it is settled its kept copy goes
/// (a case keeps its own); should it fail yet again, it stays set aside.
async fn run_again(
    state: &AppState,
    id: i64,
    key: &str,
    granted: Option<Proof>,
) -> Result<Outcome, ServerError> {
    if !reclaim(state, id).await? {
        return Err(AppError::Conflict("Someone else has just settled that message.".into()).into());
    }
    let raw = state.files.read_all(key, MAX_MESSAGE_BYTES + 1).await?;
    let email = InboundEmail::parse(&raw).map_err(|e| AppError::bad_request(e.0))?;
    let outcome = process(state, &email, &raw, granted).await;
    if matches!(outcome, Ok(Outcome::Retry { .. }) | Err(_)) {
        sqlx::query("UPDATE inbound_emails SET outcome = 'failed' WHERE id = $1")
            .bind(id)
            .execute(state.db.pool())
            .await?;
        return Err(AppError::Conflict(
            "Processing the message failed again (the server's log says why); it stays set aside."
                .into(),
        )
        .into());
    }
    let outcome = outcome?;
    let still_kept = matches!(outcome, Outcome::Held { .. } | Outcome::SetAside { .. });
    if !still_kept {
        sqlx::query("UPDATE inbound_emails SET kept_key = NULL WHERE id = $1")
            .bind(id)
            .execute(state.db.pool())
            .await?;
        state.files.delete(key).await?;
    }
    Ok(outcome)
}

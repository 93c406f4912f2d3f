//! Receiving a message: recorded once by its Message-ID, then decided
//! (see `decide`). A message whose processing fails is recorded as such
//! and offered again; after a few tries it is set aside, kept whole for an
//! engineer, so that no message can stall the ones behind it.

use super::{InboundEmail, Unreadable, decide::decide, held};
use crate::{
    ids::UserId,
    infra::{
        db::Tx,
        error::{ServerError, error_chain},
        secrets,
    },
    runtime::AppState,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Added to the case's timeline.
    Appended { reference: String },
    /// Opened a case on the email channel (a known customer, no case named).
    Opened { reference: String },
    /// Not added; the sender was told why (when they have an account).
    Refused { reason: String },
    /// The sender is not proven: kept whole for review (or the sender's
    /// confirmation), nothing added, nothing charged.
    Held { reason: String },
    /// Automatic mail (an auto-reply, a bounce, a list), or past the
    /// sender's limits: recorded, never answered.
    Ignored { reason: String },
    /// A message that cannot be read, and never will be.
    Rejected { reason: String },
    /// Processing failed this time: recorded, to be offered again.
    Retry { attempts: i64 },
    /// Processing failed too often: kept whole, for an engineer to try again.
    SetAside { reason: String },
    /// Received before (fetched again, or by another server): left alone.
    Duplicate,
    /// Being received right now by another server (or process): to be
    /// offered again later, in case that one fails.
    InProgress,
}

impl Outcome {
    pub(super) fn word(&self) -> &'static str {
        match self {
            Self::Appended { .. } => "appended",
            Self::Opened { .. } => "opened",
            Self::Refused { .. } => "refused",
            Self::Held { .. } => "held",
            Self::Ignored { .. } => "ignored",
            Self::SetAside { .. } => "failed",
            Self::Retry { .. } => "retry",
            Self::Rejected { .. } | Self::Duplicate | Self::InProgress => "rejected",
        }
    }

    pub(super) fn reason(&self) -> &str {
        match self {
            Self::Refused { reason }
            | Self::Held { reason }
            | Self::Ignored { reason }
            | Self::Rejected { reason }
            | Self::SetAside { reason } => reason,
            _ => "",
        }
    }
}

/// Tries before a failing message is set aside.
pub const MAX_ATTEMPTS: i64 = 5;

/// Receives one message (RFC 5322 bytes) a mail server piped in. An error
/// means nothing was recorded: the message may be offered again.
pub async fn receive(state: &AppState, raw: &[u8]) -> Result<Outcome, ServerError> {
    receive_from(state, raw, "pipe").await
}

/// Receives one message; `origin` says where it came from (the mailbox
/// folder and the IMAP UID), for admins.
pub async fn receive_from(
    state: &AppState,
    raw: &[u8],
    origin: &str,
) -> Result<Outcome, ServerError> {
    let now = state.clock.now_ms();
    let email = match InboundEmail::parse(raw) {
        Ok(email) => email,
        Err(Unreadable(reason)) => {
            let id = format!("unreadable-{}", secrets::digest_bytes(raw));
            if let Some(seen) = claim(state, &id, ("", "", origin), now).await? {
                return Ok(seen);
            }
            let outcome = Outcome::Rejected { reason };
            settle(state, &id, &outcome).await?;
            return Ok(outcome);
        }
    };
    let sender = email.sender.clone().unwrap_or_default();
    let about = (sender.as_str(), email.subject.as_str(), origin);
    if let Some(seen) = claim(state, &email.message_id, about, now).await? {
        return Ok(seen);
    }
    process(state, &email, raw, None).await
}

/// Decides what becomes of a claimed message and records it; a failure is
/// recorded too (see [`record_failure`]). `granted` is a proof of the
/// sender given from outside the message (a review, a confirmation).
pub(super) async fn process(
    state: &AppState,
    email: &InboundEmail,
    raw: &[u8],
    granted: Option<super::Proof>,
) -> Result<Outcome, ServerError> {
    match decide(state, email, raw, granted).await {
        Ok(outcome) => {
            // A case appended to or opened settled in its own transaction.
            if !matches!(outcome, Outcome::Appended { .. } | Outcome::Opened { .. }) {
                settle(state, &email.message_id, &outcome).await?;
            }
            tracing::info!(outcome = outcome.word(), reason = outcome.reason(), "email received");
            Ok(outcome)
        }
        Err(error) => record_failure(state, email, raw, &error).await.map_err(|_| error),
    }
}

/// Counts a failed try. Past [`MAX_ATTEMPTS`] the message is set aside,
/// kept whole for an engineer; before, it is offered again. An error here
/// (the database is down) leaves the message to be offered again as is.
async fn record_failure(
    state: &AppState,
    email: &InboundEmail,
    raw: &[u8],
    error: &ServerError,
) -> Result<Outcome, ServerError> {
    tracing::error!(
        message_id = %email.message_id,
        error = %error_chain(error),
        "receiving an email failed; it will be tried again"
    );
    let attempts: i64 = sqlx::query_scalar(
        "UPDATE inbound_emails SET attempts = attempts + 1, outcome = 'retry', \
         reason = 'processing failed; it will be tried again' WHERE message_id = $1 RETURNING attempts",
    )
    .bind(&email.message_id)
    .fetch_one(state.db.pool())
    .await?;
    if attempts < MAX_ATTEMPTS {
        return Ok(Outcome::Retry { attempts });
    }
    let reason = format!(
        "processing failed {attempts} times (the server's log says why); set aside for an engineer"
    );
    let outcome = Outcome::SetAside { reason };
    held::keep(state, email, raw).await?;
    settle(state, &email.message_id, &outcome).await?;
    Ok(outcome)
}

/// A claim left unsettled this long belongs to a server that stopped while
/// receiving the message: another takes it over.
const STALE_CLAIM_MS: i64 = 10 * 60 * 1000;

/// Records the message as being received. `None`: this call receives it;
/// otherwise what became of it (`Duplicate`), or that it is being received
/// elsewhere (`InProgress`). A message whose last try failed is taken again.
async fn claim(
    state: &AppState,
    message_id: &str,
    (sender, subject, origin): (&str, &str, &str),
    now: i64,
) -> Result<Option<Outcome>, ServerError> {
    let inserted = sqlx::query(
        "INSERT INTO inbound_emails (message_id, sender, subject, origin, received_at, outcome) \
         VALUES ($1, $2, $3, $4, $5, 'received') ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message_id)
    .bind(sender)
    .bind(subject.chars().take(300).collect::<String>())
    .bind(origin)
    .bind(now)
    .execute(state.db.pool())
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(None);
    }
    let taken_over = sqlx::query(
        "UPDATE inbound_emails SET received_at = $1, outcome = 'received' WHERE message_id = $2 \
         AND (outcome = 'retry' OR (outcome = 'received' AND received_at < $3))",
    )
    .bind(now)
    .bind(message_id)
    .bind(now - STALE_CLAIM_MS)
    .execute(state.db.pool())
    .await?;
    if taken_over.rows_affected() == 1 {
        return Ok(None);
    }
    let outcome: String =
        sqlx::query_scalar("SELECT outcome FROM inbound_emails WHERE message_id = $1")
            .bind(message_id)
            .fetch_one(state.db.pool())
            .await?;
    Ok(Some(if outcome == "received" { Outcome::InProgress } else { Outcome::Duplicate }))
}

/// Claims a held or set-aside message again, for its review: `false` when
/// another review (or the sender's confirmation) got there first.
pub(super) async fn reclaim(state: &AppState, id: i64) -> Result<bool, ServerError> {
    let claimed = sqlx::query(
        "UPDATE inbound_emails SET outcome = 'received' WHERE id = $1 AND outcome IN ('held', 'failed')",
    )
    .bind(id)
    .execute(state.db.pool())
    .await?;
    Ok(claimed.rows_affected() == 1)
}

async fn settle(state: &AppState, message_id: &str, outcome: &Outcome) -> Result<(), ServerError> {
    sqlx::query("UPDATE inbound_emails SET outcome = $1, reason = $2 WHERE message_id = $3")
        .bind(outcome.word())
        .bind(outcome.reason())
        .bind(message_id)
        .execute(state.db.pool())
        .await?;
    Ok(())
}

/// Records, in the transaction that added the message to its case (or
/// opened the case), what became of it and how its sender was proven: a
/// failure after this point can never add or charge it twice.
pub(super) async fn settle_in(
    tx: &mut Tx,
    message_id: &str,
    outcome: &Outcome,
    proof: &super::Proof,
) -> Result<(), ServerError> {
    let reference = match outcome {
        Outcome::Appended { reference } | Outcome::Opened { reference } => Some(reference.as_str()),
        _ => None,
    };
    let reviewer: Option<UserId> = match proof {
        super::Proof::Reviewed(by) => Some(*by),
        _ => None,
    };
    sqlx::query(
        "UPDATE inbound_emails SET outcome = $1, reason = '', proof = $2, reviewed_by = $3, \
         case_id = (SELECT id FROM cases WHERE reference = $4) WHERE message_id = $5",
    )
    .bind(outcome.word())
    .bind(proof.as_str())
    .bind(reviewer)
    .bind(reference)
    .bind(message_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

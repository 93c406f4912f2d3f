//! What became of the mail the support mailbox received, for engineers and
//! admins: every message with its outcome and reason, and the held and
//! set-aside ones to accept or discard. And the sender's own confirmation
//! of a held message, by the link mailed to them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{auth::csrf::CsrfClient, error::AppError};

/// One received message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ReceivedEmail {
    pub id: i64,
    pub received_at: i64,
    pub sender: String,
    pub subject: String,
    /// appended, opened, refused, held, ignored, rejected, failed (set
    /// aside), discarded; received or retry while it is being processed.
    pub outcome: String,
    pub reason: String,
    /// How the sender was proven (dmarc, dkim, spf, reply-token,
    /// confirmed, reviewed), if they were.
    pub proof: String,
    /// The start of its new text (held and set-aside messages).
    pub preview: String,
    /// `pipe`, or the mailbox folder and the message's IMAP UID.
    pub origin: String,
    /// The case it joined or opened.
    pub reference: Option<String>,
}

impl ReceivedEmail {
    /// Held or set aside: waiting for an engineer.
    pub fn is_waiting(&self) -> bool {
        matches!(self.outcome.as_str(), "held" | "failed")
    }
}

/// How many of the latest messages the page lists.
pub const SHOWN: i64 = 200;

/// The messages waiting for review (all of them), then the latest others,
/// newest first (engineers and admins).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_received_emails() -> Result<Vec<ReceivedEmail>, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        infra::error::ServerError,
        runtime::app_state,
    };

    authorize(&current_viewer(), Action::ReviewMailbox)?;
    let state = app_state()?;
    let columns = "e.id, e.received_at, e.sender, e.subject, e.outcome, e.reason, e.proof, \
                   e.preview, e.origin, c.reference FROM inbound_emails e \
                   LEFT JOIN cases c ON c.id = e.case_id";
    let mut rows: Vec<ReceivedEmail> = sqlx::query_as(&format!(
        "SELECT {columns} WHERE e.outcome IN ('held', 'failed') ORDER BY e.received_at DESC, e.id DESC"
    ))
    .fetch_all(state.db.pool())
    .await
    .map_err(ServerError::from)?;
    let latest: Vec<ReceivedEmail> = sqlx::query_as(&format!(
        "SELECT {columns} WHERE e.outcome NOT IN ('held', 'failed') \
         ORDER BY e.received_at DESC, e.id DESC LIMIT $1"
    ))
    .bind(SHOWN)
    .fetch_all(state.db.pool())
    .await
    .map_err(ServerError::from)?;
    rows.extend(latest);
    Ok(rows)
}

/// Accepts a held message as its sender's (or tries a set-aside one
/// again); answers what became of it.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn accept_held_email(id: i64) -> Result<String, AppError> {
    use crate::{auth::server::current_viewer, cases::server::email::held, runtime::app_state};

    let outcome = held::accept(&app_state()?, &current_viewer(), id).await?;
    Ok(crate::cases::server::email::describe(&outcome))
}

/// Discards a held or set-aside message.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn discard_held_email(id: i64) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, cases::server::email::held, runtime::app_state};

    Ok(held::discard(&app_state()?, &current_viewer(), id).await?)
}

/// A held message as its sender sees it before confirming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldMessage {
    pub subject: String,
    pub text: String,
}

/// The held message a confirmation link is for (it changes nothing).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_held_message(token: String) -> Result<HeldMessage, AppError> {
    use crate::{cases::server::email::held, runtime::app_state};

    let (subject, text) = held::confirmation(&app_state()?, &token).await?;
    Ok(HeldMessage { subject, text })
}

/// The sender confirms the held message: it is received as theirs.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn confirm_held_message(token: String) -> Result<String, AppError> {
    use crate::{cases::server::email::held, runtime::app_state};

    let outcome = held::confirm(&app_state()?, &token).await?;
    Ok(crate::cases::server::email::describe(&outcome))
}

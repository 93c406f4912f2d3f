//! What became of the mail the support mailbox received, for admins: every
//! message refused, ignored or rejected is here with the reason.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{auth::csrf::CsrfClient, error::AppError};

/// One received message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ReceivedEmail {
    pub received_at: i64,
    pub sender: String,
    pub subject: String,
    /// appended, opened, refused, ignored, rejected (or received: still
    /// being processed, or stopped while it was).
    pub outcome: String,
    pub reason: String,
    /// `pipe`, or the mailbox folder and the message's IMAP UID.
    pub origin: String,
    /// The case it joined or opened.
    pub reference: Option<String>,
}

/// How many of the latest messages the page lists.
pub const SHOWN: i64 = 200;

/// The latest received messages, newest first (admins only).
#[server(client = CsrfClient)]
pub async fn load_received_emails() -> Result<Vec<ReceivedEmail>, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        server::app_state,
    };

    authorize(&current_viewer(), Action::ReviewMailbox)?;
    let state = app_state()?;
    let rows = sqlx::query_as(
        "SELECT e.received_at, e.sender, e.subject, e.outcome, e.reason, e.origin, c.reference \
         FROM inbound_emails e LEFT JOIN cases c ON c.id = e.case_id \
         ORDER BY e.received_at DESC, e.id DESC LIMIT $1",
    )
    .bind(SHOWN)
    .fetch_all(state.db.pool())
    .await
    .map_err(crate::server::error::ServerError::from)?;
    Ok(rows)
}

//! What becomes of a message: recorded once by its Message-ID, then added
//! to the case it answers, refused with a polite answer, or (automatic
//! mail) recorded and never answered.

use super::{InboundEmail, Unreadable, case_reference, open::open_case};
use crate::{
    accounts::server::users,
    auth::server::{AuthMethod, Viewer},
    cases::{
        ArtifactKind,
        server::{actions, uploads},
    },
    error::AppError,
    server::{
        AppState,
        error::ServerError,
        mail::Email,
        rate_limit::{HOUR_MS, Limit},
        secrets,
    },
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Added to the case's timeline.
    Appended { reference: String },
    /// Opened a case on the email channel (a known customer, no case named).
    Opened { reference: String },
    /// Not added; the sender was told why.
    Refused { reason: String },
    /// Automatic mail (an auto-reply, a bounce, a list): never answered.
    Ignored { reason: String },
    /// A message that cannot be read.
    Rejected { reason: String },
    /// Received before (fetched again, or by another server): left alone.
    Duplicate,
    /// Being received right now by another server (or process): to be
    /// offered again later, in case that one fails.
    InProgress,
}

impl Outcome {
    fn word(&self) -> &'static str {
        match self {
            Self::Appended { .. } => "appended",
            Self::Opened { .. } => "opened",
            Self::Refused { .. } => "refused",
            Self::Ignored { .. } => "ignored",
            Self::Rejected { .. } | Self::Duplicate | Self::InProgress => "rejected",
        }
    }

    fn reason(&self) -> &str {
        match self {
            Self::Refused { reason } | Self::Ignored { reason } | Self::Rejected { reason } => {
                reason
            }
            Self::Appended { .. } | Self::Opened { .. } | Self::Duplicate | Self::InProgress => "",
        }
    }
}

/// Messages taken from one sender in an hour; past it they are recorded
/// and left alone (a loop, or someone flooding the mailbox).
const MESSAGES_PER_SENDER: Limit = Limit { bucket: "email_intake", max: 30, window_ms: HOUR_MS };

/// A sender is answered at most this often: should a robot slip past the
/// checks for automatic mail, the two stop answering each other here.
const REFUSALS_PER_SENDER: Limit = Limit { bucket: "email_refusal", max: 5, window_ms: HOUR_MS };

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
    match decide(state, &email, raw).await {
        Ok(outcome) => {
            settle(state, &email.message_id, &outcome).await?;
            tracing::info!(outcome = outcome.word(), reason = outcome.reason(), "email received");
            Ok(outcome)
        }
        Err(error) => {
            // Unclaimed again, so that the next attempt processes it.
            sqlx::query("DELETE FROM inbound_emails WHERE message_id = $1")
                .bind(&email.message_id)
                .execute(state.db.pool())
                .await?;
            Err(error)
        }
    }
}

async fn decide(
    state: &AppState,
    email: &InboundEmail,
    raw: &[u8],
) -> Result<Outcome, ServerError> {
    if let Some(reason) = &email.automatic {
        return Ok(Outcome::Ignored { reason: reason.clone() });
    }
    let Some(sender) = email.sender.as_deref() else {
        return Ok(Outcome::Rejected { reason: "the message names no sender".into() });
    };
    match MESSAGES_PER_SENDER.hit(&state.db, state.clock.now_ms(), sender).await {
        Ok(()) => {}
        Err(ServerError::App(AppError::TooManyRequests)) => {
            let reason = format!(
                "more than {} messages from the sender in an hour",
                MESSAGES_PER_SENDER.max
            );
            return Ok(Outcome::Ignored { reason });
        }
        Err(error) => return Err(error),
    }
    let account = match users::find_by_email(&state.db, sender).await? {
        Some(user) if user.is_active() => users::active_session_user(&state.db, user.id).await?,
        _ => None,
    };
    let Some(user) = account else {
        return refuse(state, email, sender, "the address has no account with us").await;
    };
    if email.text.is_empty() {
        return refuse(state, email, sender, "it has no text above the quoted messages").await;
    }
    let viewer = Viewer::User { user, via: AuthMethod::Mailbox };
    let Some(reference) = case_reference(email, state.settings.mail_domain()) else {
        return match open_case(state, &viewer, email).await? {
            Ok(created) => {
                let text = "The email that opened the case, as received, with its files";
                add_with_files(state, &viewer, &created.reference, text, email, raw).await?;
                Ok(Outcome::Opened { reference: created.reference })
            }
            Err(why) => refuse(state, email, sender, &why).await,
        };
    };
    match add_with_files(state, &viewer, &reference, &email.text, email, raw).await {
        Ok(()) => Ok(Outcome::Appended { reference }),
        // A case the sender may not follow reads as one that does not exist.
        Err(ServerError::App(AppError::NotFound(_))) => {
            let why = format!("you do not follow {reference}");
            refuse(state, email, sender, &why).await
        }
        Err(ServerError::App(refusal)) => refuse(state, email, sender, &refusal.to_string()).await,
        Err(error) => Err(error),
    }
}

/// Adds `text` to the case with the message kept whole (`raw`, a download
/// for who wants the quoted history) and its files. A file the upload
/// checks refuse (its type, its size, the sender's daily allowance) is
/// named in the text instead; if the message cannot be added, its files
/// are removed again.
async fn add_with_files(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    text: &str,
    email: &InboundEmail,
    raw: &[u8],
) -> Result<(), ServerError> {
    let uploader = viewer.require_user()?.id;
    let original = uploads::keep_original(state, uploader, raw).await?;
    let mut files = vec![(original.token, None)];
    let mut refused = Vec::new();
    for attachment in &email.attachments {
        let body = uploads::whole(&attachment.bytes);
        match uploads::receive(state, uploader, &attachment.name, body).await {
            Ok(uploaded) => files.push((uploaded.token, None)),
            Err(ServerError::App(why)) => refused.push(format!("{} ({why})", attachment.name)),
            Err(error) => {
                discard(state, &files).await?;
                return Err(error);
            }
        }
    }
    let text = match refused.is_empty() {
        true => text.to_owned(),
        false => format!("{text}\n\nNot attached: {}", refused.join("; ")),
    };
    let added = actions::add_message(state, viewer, reference, &text, &files).await;
    if added.is_err() {
        discard(state, &files).await?;
    }
    added
}

async fn discard(
    state: &AppState,
    files: &[(String, Option<ArtifactKind>)],
) -> Result<(), ServerError> {
    let tokens: Vec<String> = files.iter().map(|(token, _)| token.clone()).collect();
    uploads::discard(state, &tokens).await
}

/// Answers the sender why the message was not added, and how to go on.
async fn refuse(
    state: &AppState,
    email: &InboundEmail,
    sender: &str,
    why: &str,
) -> Result<Outcome, ServerError> {
    let outcome = Outcome::Refused { reason: why.to_owned() };
    match REFUSALS_PER_SENDER.hit(&state.db, state.clock.now_ms(), sender).await {
        Ok(()) => {}
        Err(ServerError::App(AppError::TooManyRequests)) => return Ok(outcome),
        Err(error) => return Err(error),
    }
    let body = format!(
        "Hello,\n\nyour message \"{}\" was not added to a support case: {why}.\n\n\
         To open a case or to follow one, please use the support portal:\n{}\n\n\
         This is an automatic answer.\n",
        email.subject,
        state.settings.link("/cases")
    );
    let answer = Email {
        to: sender.to_owned(),
        subject: format!("Not added to a case: {}", email.subject),
        body,
        thread: None,
        automatic: true,
    };
    // Awaited, so that a one-shot `selfdesk mail receive` sends it before
    // it exits; a mail server that fails is for the log, not the sender.
    if let Err(error) = state.mailer.send(answer).await {
        tracing::error!(error = %error, "the answer to a refused email was not sent");
    }
    Ok(outcome)
}

/// A claim left unsettled this long belongs to a server that stopped while
/// receiving the message: another takes it over.
const STALE_CLAIM_MS: i64 = 10 * 60 * 1000;

/// Records the message as being received. `None`: this call receives it;
/// otherwise what became of it (`Duplicate`), or that it is being received
/// elsewhere (`InProgress`).
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
        "UPDATE inbound_emails SET received_at = $1 \
         WHERE message_id = $2 AND outcome = 'received' AND received_at < $3",
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

async fn settle(state: &AppState, message_id: &str, outcome: &Outcome) -> Result<(), ServerError> {
    let reference = match outcome {
        Outcome::Appended { reference } | Outcome::Opened { reference } => Some(reference.as_str()),
        _ => None,
    };
    sqlx::query(
        "UPDATE inbound_emails SET outcome = $1, reason = $2, \
         case_id = (SELECT id FROM cases WHERE reference = $3) WHERE message_id = $4",
    )
    .bind(outcome.word())
    .bind(outcome.reason())
    .bind(reference)
    .bind(message_id)
    .execute(state.db.pool())
    .await?;
    Ok(())
}

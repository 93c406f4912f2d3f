//! Automatic answers to mail: why a message was not added, and the link
//! that lets a mailbox's owner confirm a message. They go only to
//! addresses with an account, never repeat what the sender wrote (not
//! even the subject: an answer must not carry a stranger's text under our
//! name), and are limited per address and overall.

use super::Outcome;
use crate::{
    infra::{
        error::ServerError,
        mail::Email,
        rate_limit::{HOUR_MS, Limit},
    },
    runtime::AppState,
};

/// One address is answered at most this often: should a robot slip past
/// the checks for automatic mail, the two stop answering each other here.
const ANSWERS_PER_ADDRESS: Limit = Limit { bucket: "email_refusal", max: 5, window_ms: HOUR_MS };

/// All automatic answers together, whoever they go to.
const ANSWERS_OVERALL: Limit = Limit { bucket: "email_answers", max: 200, window_ms: HOUR_MS };

/// Records the refusal and tells the sender (an account holder) why, and
/// how to go on.
pub(super) async fn refuse(
    state: &AppState,
    sender: &str,
    why: &str,
) -> Result<Outcome, ServerError> {
    let body = format!(
        "Hello,\n\nyour recent message to support was not added to a support case: {why}.\n\n\
         To open a case or to follow one, please use the support portal:\n{}\n\n\
         This is an automatic answer.\n",
        state.settings.link("/cases")
    );
    let answer = Email {
        to: sender.to_owned(),
        subject: "Your message to support was not added to a case".into(),
        body,
        thread: None,
        automatic: true,
    };
    send(state, answer).await?;
    Ok(Outcome::Refused { reason: why.to_owned() })
}

/// Sends an automatic answer, within the limits; `false` when a limit
/// held it back.
pub(super) async fn send(state: &AppState, answer: Email) -> Result<bool, ServerError> {
    let now = state.clock.now_ms();
    if !ANSWERS_PER_ADDRESS.allows(&state.db, now, &answer.to).await?
        || !ANSWERS_OVERALL.allows(&state.db, now, "all").await?
    {
        return Ok(false);
    }
    // Awaited, so that a one-shot `selfdesk mail receive` sends it before
    // it exits; a mail server that fails is for the log, not the sender.
    if let Err(error) = state.mailer.send(answer).await {
        tracing::error!(error = %error, "an automatic answer to an email was not sent");
    }
    Ok(true)
}

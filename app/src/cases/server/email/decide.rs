//! What becomes of a message. Only a proven sender adds to a case, opens
//! one, attaches files, spends points or makes the colleagues it copies
//! followers; anything else from a known address is held, kept whole, for
//! an engineer (or the sender's own confirmation). Adding the message, opening and charging the case and
//! recording the message as received happen in one transaction.

use super::{
    InboundEmail, Outcome, Proof, answers::refuse, authentication, case_reference, files, held,
    open, receive::settle_in,
};
use crate::{
    accounts::{SessionUser, server::users},
    auth::server::{AuthMethod, Viewer},
    cases::server::{actions, followers},
    error::AppError,
    infra::{
        error::ServerError,
        rate_limit::{HOUR_MS, Limit},
    },
    runtime::AppState,
};

/// Messages taken from one proven sender in an hour; past it they are
/// recorded and left alone (a loop, or someone flooding the mailbox).
/// Unproven messages count apart (see `held`), so a forger cannot use up a
/// customer's own allowance.
const MESSAGES_PER_SENDER: Limit = Limit { bucket: "email_intake", max: 30, window_ms: HOUR_MS };

pub(super) async fn decide(
    state: &AppState,
    email: &InboundEmail,
    raw: &[u8],
    granted: Option<Proof>,
) -> Result<Outcome, ServerError> {
    if let Some(reason) = &email.automatic {
        return Ok(Outcome::Ignored { reason: reason.clone() });
    }
    let Some(sender) = email.sender.as_deref() else {
        return Ok(Outcome::Rejected { reason: "the message names no sender".into() });
    };
    if email.several_senders {
        return Ok(Outcome::Rejected { reason: "its From: names more than one sender".into() });
    }
    let Some(user) = account(state, sender).await? else {
        // Never answered: the address may be forged, and an answer would
        // carry our name to whoever it is.
        return Ok(Outcome::Refused { reason: "the address has no account with us".into() });
    };
    let reference = case_reference(email, state.settings.mail_domain());
    let proof = match granted {
        Some(proof) => proof,
        None => match prove(state, email, reference.as_deref(), sender) {
            Ok(proof) => proof,
            Err(why) => {
                return held::hold(state, email, raw, &user, reference.is_none(), &why).await;
            }
        },
    };
    if !MESSAGES_PER_SENDER.allows(&state.db, state.clock.now_ms(), sender).await? {
        let reason =
            format!("more than {} messages from the sender in an hour", MESSAGES_PER_SENDER.max);
        return Ok(Outcome::Ignored { reason });
    }
    if email.text.is_empty() && email.attachments.is_empty() {
        return refuse(state, sender, "it has no text above the quoted messages").await;
    }
    let viewer = Viewer::User { user, via: AuthMethod::Mailbox };
    match reference {
        Some(reference) => append(state, &viewer, &reference, email, raw, proof).await,
        None => open::open(state, &viewer, email, raw, proof).await,
    }
}

/// The active account of the address, if it has one.
async fn account(state: &AppState, address: &str) -> Result<Option<SessionUser>, ServerError> {
    match users::find_by_email(&state.db, address).await? {
        Some(user) if user.is_active() => users::active_session_user(&state.db, user.id).await,
        _ => Ok(None),
    }
}

/// How the sender is proven: the reply token of its case, or the verdict
/// of the trusted receiving server. `Err` says why not, for the reviewer.
fn prove(
    state: &AppState,
    email: &InboundEmail,
    reference: Option<&str>,
    sender: &str,
) -> Result<Proof, String> {
    let domain = state.settings.mail_domain();
    if let Some(reference) = reference
        && state.reply_key.proves(email, reference, domain)
    {
        return Ok(Proof::ReplyToken);
    }
    let no_token = match reference {
        Some(reference) => format!("no reply token of the sender for {reference}"),
        None => "a new message (no reply token)".to_owned(),
    };
    let Some(trusted) = state.settings.mail_trusted_authserv_id.as_deref() else {
        return Err(format!("{no_token}, and no mail server is trusted to vouch for senders"));
    };
    let from_domain = sender.rsplit('@').next().unwrap_or_default();
    authentication::verdict(&email.authentication_results, trusted, from_domain)
        .map(Proof::Server)
        .map_err(|why| format!("{no_token}, and {why}"))
}

/// Adds the message, with its files, to the case it answers; refused
/// (and told) when the sender may not write to that case.
async fn append(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    email: &InboundEmail,
    raw: &[u8],
    proof: Proof,
) -> Result<Outcome, ServerError> {
    let sender = email.sender.as_deref().unwrap_or_default();
    let files = files::store(state, viewer.require_user()?.id, email, raw).await?;
    let outcome = Outcome::Appended { reference: reference.to_owned() };
    let added = async {
        let mut tx = state.db.pool().begin().await?;
        let text = files.text(&email.text);
        actions::add_message_in(state, &mut tx, viewer, reference, &text, &files.tokens).await?;
        let now = state.clock.now_ms();
        followers::add_copied(&mut tx, viewer, reference, &email.recipients, now).await?;
        settle_in(&mut tx, &email.message_id, &outcome, &proof).await?;
        tx.commit().await?;
        Ok::<(), ServerError>(())
    };
    match added.await {
        Ok(()) => {
            state.jobs.wake();
            Ok(outcome)
        }
        Err(error) => {
            files.discard(state).await?;
            match error {
                // A case the sender may not follow reads as one that does not exist.
                ServerError::App(AppError::NotFound(_)) => {
                    refuse(state, sender, &format!("you do not follow {reference}")).await
                }
                ServerError::App(refusal) => refuse(state, sender, &refusal.to_string()).await,
                error => Err(error),
            }
        }
    }
}

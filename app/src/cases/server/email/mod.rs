//! Cases by email: a message read from the support mailbox (or piped in by
//! the mail server) joins the case it answers, or opens one for a known
//! customer, once its sender is proven. Each message is recorded once,
//! with what became of it.

mod answers;
pub mod authentication;
mod decide;
mod files;
pub mod held;
pub mod mailbox;
pub mod message;
mod open;
mod quote_shapes;
mod quotes;
mod receive;
#[cfg(test)]
mod reply_set;
pub mod reply_token;
pub mod solved;

pub use message::{Attachment, InboundEmail, MAX_MESSAGE_BYTES, Unreadable, without_attachments};
pub use receive::{MAX_ATTEMPTS, Outcome, receive, receive_from};

use crate::{ids::UserId, infra::mail::Thread, runtime::AppState};

/// How a message's sender was proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// The trusted receiving server's verdict.
    Server(authentication::ServerVerdict),
    /// The reply token of the sender for the case (see `reply_token`).
    ReplyToken,
    /// The sender's one-time confirmation link.
    Confirmed,
    /// An engineer accepted the held message.
    Reviewed(UserId),
}

impl Proof {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Server(verdict) => verdict.as_str(),
            Self::ReplyToken => "reply-token",
            Self::Confirmed => "confirmed",
            Self::Reviewed(_) => "reviewed",
        }
    }
}

/// What became of a message, in a sentence for the person who asked.
pub fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Appended { reference } => format!("Added to {reference}."),
        Outcome::Opened { reference } => format!("Opened {reference}."),
        Outcome::Refused { reason } => format!("Refused: {reason}."),
        Outcome::Held { reason } => format!("Held for review: {reason}."),
        Outcome::Ignored { reason } => format!("Ignored: {reason}."),
        Outcome::Rejected { reason } => format!("Rejected: {reason}."),
        Outcome::SetAside { reason } => format!("Set aside: {reason}."),
        Outcome::Retry { .. } => "Not received this time: it will be tried again.".into(),
        Outcome::Duplicate => "Received before: left alone.".into(),
        Outcome::InProgress => "Being received elsewhere right now.".into(),
    }
}

/// The thread of message `number` about `reference` to `recipient`: its
/// `Message-ID` and reply address carry the recipient's reply token.
pub fn thread_for(state: &AppState, reference: &str, number: i64, recipient: &str) -> Thread {
    let token = state.reply_key.token(reference, recipient);
    Thread::for_case(reference, number, state.settings.mail_domain(), &token)
        .replying_to(state.settings.reply_to.as_deref(), reference)
}

/// The case a message answers: one named by the ids it replies to (the
/// ids of the mail Selfdesk sent, `<CASE-000042.7@domain>`), by the case's
/// reply address it was sent to (`support+CASE-000042@`), or in its subject.
pub fn case_reference(email: &InboundEmail, domain: &str) -> Option<String> {
    let from_thread = email.thread.iter().find_map(|id| {
        let local = id.strip_suffix(domain)?.strip_suffix('@')?;
        reference_at_start(local)
    });
    let from_address = || {
        email.recipients.iter().find_map(|address| {
            let (local, _) = address.split_once('@')?;
            let (_, tag) = local.split_once('+')?;
            reference_at_start(&tag.to_uppercase())
        })
    };
    from_thread.or_else(from_address).or_else(|| {
        let subject = email.subject.as_str();
        subject.match_indices("CASE-").find_map(|(at, _)| reference_at_start(&subject[at..]))
    })
}

/// `CASE-` and six or more digits at the start of `text`.
fn reference_at_start(text: &str) -> Option<String> {
    let digits: String =
        text.strip_prefix("CASE-")?.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() >= 6).then(|| format!("CASE-{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infra::mail::Thread;

    fn email(subject: &str, thread: &[&str]) -> InboundEmail {
        InboundEmail {
            message_id: "m@x".into(),
            sender: Some("a@acme.example".into()),
            sender_name: None,
            several_senders: false,
            subject: subject.into(),
            text: "Hi".into(),
            thread: thread.iter().map(|id| (*id).to_owned()).collect(),
            recipients: vec!["support@support.example".into()],
            automatic: None,
            attachments: Vec::new(),
            authentication_results: Vec::new(),
        }
    }

    #[test]
    fn a_reply_to_selfdesks_mail_names_its_case() {
        let sent = Thread::for_case("CASE-000042", 7, "support.example", "0123abcd");
        let id = sent.message_id.trim_matches(['<', '>']);

        let reply = email("Re: your message", &[id]);

        assert_eq!(case_reference(&reply, "support.example").as_deref(), Some("CASE-000042"));
    }

    #[test]
    fn the_cases_reply_address_names_it() {
        let mut to_case = email("Hello", &[]);
        to_case.recipients = vec!["support+case-000042@support.example".into()];

        assert_eq!(case_reference(&to_case, "support.example").as_deref(), Some("CASE-000042"));
    }

    #[test]
    fn the_subject_names_a_case_when_the_thread_does_not() {
        let by_subject = email("Re: CASE-000042: Support answered", &["x@elsewhere.example"]);
        let foreign_thread = email("Hello", &["CASE-000042.7@elsewhere.example"]);
        let too_short = email("About CASE-42", &[]);

        assert_eq!(case_reference(&by_subject, "support.example").as_deref(), Some("CASE-000042"));
        assert_eq!(case_reference(&foreign_thread, "support.example"), None);
        assert_eq!(case_reference(&too_short, "support.example"), None);
    }
}

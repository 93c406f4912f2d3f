//! An email as Selfdesk reads it: who sent it, what it answers, its new
//! text, and whether a machine wrote it.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

use super::quotes;

/// Messages larger than this are refused unread (attachments belong on
/// the portal, where uploads have their own limits).
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundEmail {
    /// The `Message-ID` without its angle brackets; a digest of the
    /// message when it has none, so that it is still recognised again.
    pub message_id: String,
    /// The sender's address, lower case; `None` for a null sender.
    pub sender: Option<String>,
    pub subject: String,
    /// The text the sender wrote: quoted history and signature removed.
    pub text: String,
    /// `In-Reply-To` and `References`, without angle brackets.
    pub thread: Vec<String>,
    /// The addresses it was sent to (`To`, `Cc`, `Delivered-To`), lower case.
    pub recipients: Vec<String>,
    /// Why the message is automatic (an auto-reply, a bounce, a list), if it is.
    pub automatic: Option<String>,
    /// Its files, to become the case's through the checks of uploads.
    pub attachments: Vec<Attachment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A message that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

impl InboundEmail {
    pub fn parse(raw: &[u8]) -> Result<Self, Unreadable> {
        if raw.len() > MAX_MESSAGE_BYTES {
            return Err(Unreadable(format!(
                "the message is larger than {} MB",
                MAX_MESSAGE_BYTES / (1024 * 1024)
            )));
        }
        let message = MessageParser::default()
            .parse(raw)
            .filter(|m| !m.headers().is_empty())
            .ok_or_else(|| Unreadable("the message has no headers".into()))?;
        let message_id = match message.message_id() {
            Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => format!("no-id-{}", crate::server::secrets::digest_bytes(raw)),
        };
        let sender = message
            .from()
            .and_then(|from| from.first())
            .and_then(|address| address.address())
            .map(|address| address.trim().to_lowercase())
            .filter(|address| address.contains('@'));
        let mut recipients: Vec<String> = message
            .to()
            .into_iter()
            .chain(message.cc())
            .flat_map(|list| list.iter())
            .filter_map(|address| address.address())
            .map(str::to_lowercase)
            .collect();
        recipients.extend(message.header_raw("Delivered-To").map(|to| to.trim().to_lowercase()));
        let mut thread = ids(message.in_reply_to());
        thread.extend(ids(message.references()));
        let body = message.body_text(0).map(|text| text.into_owned()).unwrap_or_default();
        let null_sender = message.header_raw("Return-Path").is_some_and(|path| path.trim() == "<>");
        let header = |name: &str| message.header_raw(name).map(|value| value.trim().to_lowercase());
        Ok(Self {
            message_id,
            sender: sender.filter(|_| !null_sender),
            subject: message.subject().unwrap_or_default().trim().to_owned(),
            text: quotes::new_text(&body),
            thread,
            recipients,
            automatic: automatic(&header, null_sender),
            attachments: message
                .attachments()
                .map(|part| Attachment {
                    name: part.attachment_name().unwrap_or("attachment").to_owned(),
                    bytes: part.contents().to_vec(),
                })
                .collect(),
        })
    }
}

/// The message ids a threading header names.
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.trim().to_owned()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// Whether a machine sent the message (RFC 3834, bounces, mailing lists):
/// such mail is recorded, never answered, so two robots cannot loop.
fn automatic(header: &dyn Fn(&str) -> Option<String>, null_sender: bool) -> Option<String> {
    if null_sender {
        return Some("a bounce (null sender)".into());
    }
    if let Some(kind) = header("Auto-Submitted").filter(|kind| kind != "no") {
        return Some(format!("Auto-Submitted: {kind}"));
    }
    if let Some(precedence) = header("Precedence")
        .filter(|p| matches!(p.as_str(), "bulk" | "junk" | "list" | "auto_reply"))
    {
        return Some(format!("Precedence: {precedence}"));
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id"] {
        if header(name).is_some() {
            return Some(format!("{name} header"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\r\n\r\n{body}").replace("\r\n", "\n").replace('\n', "\r\n").into_bytes()
    }

    #[test]
    fn a_reply_gives_its_sender_thread_and_new_text() {
        let raw = message(
            "From: Casey Customer <Casey@Acme.Example>\nTo: support@selfdesk.example\n\
             Subject: Re: [CASE-000042] VPN is up but no traffic\nMessage-ID: <abc@mail.acme.example>\n\
             In-Reply-To: <CASE-000042.7@selfdesk.example>\n\
             References: <CASE-000042@selfdesk.example> <CASE-000042.7@selfdesk.example>",
            "It works now, thanks.\n\nOn Mon, Support wrote:\n> Try MTU 1400.\n",
        );

        let email = InboundEmail::parse(&raw).expect("readable");

        assert_eq!(email.message_id, "abc@mail.acme.example");
        assert_eq!(email.sender.as_deref(), Some("casey@acme.example"));
        assert_eq!(email.subject, "Re: [CASE-000042] VPN is up but no traffic");
        assert_eq!(email.text, "It works now, thanks.");
        assert!(email.thread.contains(&"CASE-000042.7@selfdesk.example".to_owned()));
        assert!(email.thread.contains(&"CASE-000042@selfdesk.example".to_owned()));
        assert_eq!(email.automatic, None);
    }

    #[test]
    fn auto_replies_bounces_and_lists_are_automatic() {
        let cases = [
            ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
            ("Precedence: bulk", "Precedence: bulk"),
            ("X-Autoreply: yes", "X-Autoreply header"),
            ("List-Id: <news.acme.example>", "List-Id header"),
            ("Return-Path: <>", "a bounce (null sender)"),
        ];
        for (header, why) in cases {
            let raw = message(
                &format!("From: a@acme.example\nSubject: Out of office\n{header}"),
                "Away.",
            );
            let email = InboundEmail::parse(&raw).expect("readable");
            assert_eq!(email.automatic.as_deref(), Some(why), "{header}");
        }
        let person = message("From: a@acme.example\nSubject: Hi\nAuto-Submitted: no", "Hello");
        assert_eq!(InboundEmail::parse(&person).expect("readable").automatic, None);
    }

    #[test]
    fn a_message_without_an_id_is_known_by_its_digest_and_garbage_is_unreadable() {
        let raw = message("From: a@acme.example\nSubject: Hi", "Hello");

        let first = InboundEmail::parse(&raw).expect("readable");
        let again = InboundEmail::parse(&raw).expect("readable");

        assert!(first.message_id.starts_with("no-id-"));
        assert_eq!(first.message_id, again.message_id);
        assert!(InboundEmail::parse(b"").is_err());
        assert!(InboundEmail::parse(&vec![b'x'; MAX_MESSAGE_BYTES + 1]).is_err());
    }
}

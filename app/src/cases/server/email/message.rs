//! An email as Selfdesk reads it: who sent it, what it answers, its new
//! text, and whether a machine wrote it.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

use super::quotes;
use crate::infra::secrets::digest_bytes;

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
    /// The sender's name as `From:` gives it, if it does.
    pub sender_name: Option<String>,
    /// Whether `From:` names more than one address (or comes more than
    /// once): such a message cannot be proven to come from one sender.
    pub several_senders: bool,
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
    /// The `Authentication-Results` headers, topmost (newest) first,
    /// unfolded: what the receiving mail servers found of SPF, DKIM and
    /// DMARC (see `authentication`).
    pub authentication_results: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Where its encoded body lies in the raw message, so that the
    /// message can be kept without it (it is the case's file, or refused).
    pub raw_span: (usize, usize),
}

/// Message-IDs longer than this are known by their digest: an id is only
/// ever compared, and an unbounded one would break the unique index.
const MAX_MESSAGE_ID: usize = 200;

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
        let message_id = match message.message_id().map(|id| one_line(id.trim())) {
            Some(id) if id.len() > MAX_MESSAGE_ID => {
                format!("long-id-{}", digest_bytes(id.as_bytes()))
            }
            Some(id) if !id.is_empty() => id,
            _ => format!("no-id-{}", digest_bytes(raw)),
        };
        let from: Vec<&mail_parser::Addr<'_>> =
            message.from().map(|from| from.iter().collect()).unwrap_or_default();
        let from_headers = message.header_values(mail_parser::HeaderName::From).count();
        let first = from.first();
        let sender = first
            .and_then(|address| address.address())
            .map(|address| one_line(address.trim()).to_lowercase())
            .filter(|address| address.contains('@'));
        let sender_name = first
            .and_then(|address| address.name())
            .map(|name| one_line(name.trim()))
            .filter(|name| !name.is_empty());
        let mut recipients: Vec<String> = message
            .to()
            .into_iter()
            .chain(message.cc())
            .flat_map(|list| list.iter())
            .filter_map(|address| address.address())
            .map(|address| one_line(address).to_lowercase())
            .collect();
        recipients.extend(
            message.header_raw("Delivered-To").map(|to| one_line(to.trim()).to_lowercase()),
        );
        let mut thread = ids(message.in_reply_to());
        thread.extend(ids(message.references()));
        let body = message.body_text(0).map(|text| text.into_owned()).unwrap_or_default();
        let null_sender = message.header_raw("Return-Path").is_some_and(|path| path.trim() == "<>");
        let header = |name: &str| message.header_raw(name).map(|value| value.trim().to_lowercase());
        let authentication_results = message
            .headers_raw()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Authentication-Results"))
            .map(|(_, value)| one_line(&value.replace(['\r', '\n'], " ")))
            .collect();
        Ok(Self {
            message_id,
            sender: sender.filter(|_| !null_sender),
            text: quotes::new_text(&text(&body), sender_name.as_deref()),
            sender_name,
            several_senders: from.len() > 1 || from_headers > 1,
            subject: one_line(message.subject().unwrap_or_default().trim()),
            thread,
            recipients,
            automatic: automatic(&header, null_sender),
            attachments: message
                .attachments()
                .map(|part| Attachment {
                    name: one_line(part.attachment_name().unwrap_or("attachment")),
                    bytes: part.contents().to_vec(),
                    raw_span: (part.raw_body_offset() as usize, part.raw_end_offset() as usize),
                })
                .collect(),
            authentication_results,
        })
    }
}

/// The message ids a threading header names (long ones left out: no id
/// Selfdesk sends is long).
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let all: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(ids) => ids.iter().map(AsRef::as_ref).collect(),
        _ => Vec::new(),
    };
    all.into_iter()
        .map(|id| one_line(id.trim()))
        .filter(|id| !id.is_empty() && id.len() <= MAX_MESSAGE_ID)
        .collect()
}

/// A header's text with every control character removed (NUL among
/// them, which PostgreSQL refuses to store).
fn one_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// A body's text with control characters removed but for line breaks
/// and tabs.
fn text(body: &str) -> String {
    body.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect()
}

/// The message as it is kept with its case: whole, but for the bodies of
/// its attachments (each is the case's file, or named as not attached).
pub fn without_attachments(raw: &[u8], attachments: &[Attachment]) -> Vec<u8> {
    let mut spans: Vec<(usize, usize)> = attachments
        .iter()
        .map(|a| a.raw_span)
        .filter(|(start, end)| start < end && *end <= raw.len())
        .collect();
    spans.sort_unstable();
    let mut kept = Vec::with_capacity(raw.len());
    let mut at = 0;
    for (start, end) in spans {
        if start < at {
            continue;
        }
        kept.extend_from_slice(&raw[at..start]);
        kept.extend_from_slice(b"\r\n");
        at = end;
    }
    kept.extend_from_slice(&raw[at..]);
    kept
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

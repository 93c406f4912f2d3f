//! Outgoing email: through SMTP when configured, otherwise noted in the log
//! (so a single-machine install works without a mail server), or kept in
//! memory for tests.

use std::sync::{Arc, Mutex};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Mailbox,
        header::{HeaderName, HeaderValue},
    },
};

use super::error::ServerError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Where the message sits in a conversation (a case's), for the
    /// recipient's mail client to thread it and for replies to find it.
    pub thread: Option<Thread>,
    /// An automatic answer to mail (RFC 3834 `Auto-Submitted:
    /// auto-replied`), which well-behaved systems do not answer in turn.
    pub automatic: bool,
}

/// A message's place in a conversation: its own `Message-ID`, and the
/// conversation's root that `In-Reply-To` and `References` name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    pub message_id: String,
    pub root: String,
}

impl Thread {
    /// Message `number` about case `reference`: `<CASE-000042.7@domain>`,
    /// in the thread `<CASE-000042@domain>`.
    pub fn for_case(reference: &str, number: i64, domain: &str) -> Self {
        Self {
            message_id: format!("<{reference}.{number}@{domain}>"),
            root: format!("<{reference}@{domain}>"),
        }
    }
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Box<Mailbox>,
    },
    /// No mail server: each message is noted in the log. Its body (which
    /// may carry a password-reset link) only when `bodies` is set, for
    /// development.
    Log {
        bodies: bool,
    },
    /// Messages are kept for a test to read.
    Memory(Arc<Mutex<Vec<Email>>>),
}

impl Mailer {
    /// `smtp://user:pass@host:587` (STARTTLS) or `smtps://...` (TLS), as lettre reads it.
    pub fn smtp(url: &str, from: &str) -> Result<Self, ServerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| ServerError::Config(format!("the SMTP URL is not usable: {e}")))?
            .build();
        let from = from.parse().map_err(|e| {
            ServerError::Config(format!("the sender address {from:?} is not valid: {e}"))
        })?;
        Ok(Self::Smtp { transport: Box::new(transport), from: Box::new(from) })
    }

    pub fn memory() -> (Self, Arc<Mutex<Vec<Email>>>) {
        let outbox = Arc::new(Mutex::new(Vec::new()));
        (Self::Memory(outbox.clone()), outbox)
    }

    /// Sends after the request has been answered: how long a mail server
    /// takes must not tell a caller anything (whether an account exists,
    /// say). A failure is for the operator, in the log.
    pub fn send_later(&self, email: Email) {
        let mailer = self.clone();
        tokio::spawn(async move {
            let subject = email.subject.clone();
            if let Err(error) = mailer.send(email).await {
                tracing::error!(
                    error = %super::error::error_chain(&error),
                    subject,
                    "email not sent"
                );
            }
        });
    }

    pub async fn send(&self, email: Email) -> Result<(), ServerError> {
        match self {
            Self::Smtp { transport, from } => {
                let to: Mailbox = email
                    .to
                    .parse()
                    .map_err(|e| ServerError::Mail(format!("bad recipient: {e}")))?;
                let mut builder =
                    Message::builder().from(Mailbox::clone(from)).to(to).subject(email.subject);
                if email.automatic {
                    builder = builder.raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("Auto-Submitted"),
                        "auto-replied".to_owned(),
                    ));
                }
                if let Some(thread) = email.thread {
                    builder = builder
                        .message_id(Some(thread.message_id))
                        .in_reply_to(thread.root.clone())
                        .references(thread.root);
                }
                let message =
                    builder.body(email.body).map_err(|e| ServerError::Mail(e.to_string()))?;
                transport.send(message).await.map_err(|e| ServerError::Mail(e.to_string()))?;
            }
            Self::Log { bodies: true } => {
                tracing::info!(
                    to = %email.to,
                    subject = %email.subject,
                    "email (no SMTP server configured):\n{}",
                    email.body
                );
            }
            Self::Log { bodies: false } => {
                tracing::info!(
                    to = %email.to,
                    subject = %email.subject,
                    "email not sent: no SMTP server configured (its text is not logged)"
                );
            }
            Self::Memory(outbox) => {
                outbox.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(email)
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Everything the log subscriber writes, for the test to read.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log buffer").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    async fn logged(mailer: Mailer) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let email = Email {
            to: "customer@acme.example".into(),
            subject: "Reset your Selfdesk password".into(),
            body: "Open https://support.example/reset-password?token=SECRET123".into(),
            thread: None,
            automatic: false,
        };
        mailer.send(email).await.expect("logged");
        String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("utf-8")
    }

    #[tokio::test(flavor = "current_thread")]
    async fn without_smtp_the_log_names_the_mail_but_keeps_its_secret() {
        let log = logged(Mailer::Log { bodies: false }).await;
        assert!(log.contains("customer@acme.example"), "{log}");
        assert!(log.contains("Reset your Selfdesk password"), "{log}");
        assert!(!log.contains("SECRET123"), "{log}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_development_flag_logs_the_whole_mail() {
        assert!(logged(Mailer::Log { bodies: true }).await.contains("SECRET123"));
    }
}

//! Outgoing email: through SMTP when configured, otherwise written to the log
//! (so a single-machine install works without a mail server), or kept in
//! memory for tests.

use std::sync::{Arc, Mutex};

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::Mailbox};

use super::error::ServerError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Box<Mailbox>,
    },
    /// No mail server: each message is logged, link and all.
    Log,
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

    pub async fn send(&self, email: Email) -> Result<(), ServerError> {
        match self {
            Self::Smtp { transport, from } => {
                let to: Mailbox = email
                    .to
                    .parse()
                    .map_err(|e| ServerError::Mail(format!("bad recipient: {e}")))?;
                let message = Message::builder()
                    .from(Mailbox::clone(from))
                    .to(to)
                    .subject(email.subject)
                    .body(email.body)
                    .map_err(|e| ServerError::Mail(e.to_string()))?;
                transport.send(message).await.map_err(|e| ServerError::Mail(e.to_string()))?;
            }
            Self::Log => {
                tracing::info!(
                    to = %email.to,
                    subject = %email.subject,
                    "email (no SMTP server configured):\n{}",
                    email.body
                );
            }
            Self::Memory(outbox) => {
                outbox.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(email)
            }
        }
        Ok(())
    }
}

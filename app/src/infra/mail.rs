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
    /// The case's own reply address (`support+CASE-000042.TOKEN@example.com`),
    /// where the operator's mail server delivers plus-addressed mail.
    pub reply_to: Option<String>,
    /// The recipient's reply token for the case (see
    /// `cases::server::email::reply_token`).
    token: String,
}

impl Thread {
    /// Message `number` about case `reference`, with the recipient's reply
    /// token: `<CASE-000042.7.TOKEN@domain>`, in the thread
    /// `<CASE-000042@domain>`.
    pub fn for_case(reference: &str, number: i64, domain: &str, token: &str) -> Self {
        Self {
            message_id: format!("<{reference}.{number}.{token}@{domain}>"),
            root: format!("<{reference}@{domain}>"),
            reply_to: None,
            token: token.to_owned(),
        }
    }

    /// With the case's reply address made from `address`
    /// (`support@example.com`), when one is configured.
    pub fn replying_to(self, address: Option<&str>, reference: &str) -> Self {
        let reply_to = address
            .and_then(|address| address.split_once('@'))
            .map(|(local, domain)| format!("{local}+{reference}.{}@{domain}", self.token));
        Self { reply_to, ..self }
    }
}

/// Whether the URL's host is this machine (where a password sent in clear
/// never crosses a network).
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        // URLs of schemes the url crate does not know keep an address as text.
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
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
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://...`
    /// (TLS), or plain `smtp://host:25`, as lettre reads it.
    pub fn smtp(url: &str, from: &str) -> Result<Self, ServerError> {
        let parsed = url::Url::parse(url)
            .map_err(|e| ServerError::Config(format!("the SMTP URL is not usable: {e}")))?;
        let encrypted = parsed.scheme() == "smtps"
            || parsed.query_pairs().any(|(name, value)| name == "tls" && value == "required");
        if parsed.password().is_some() && !encrypted && !is_loopback(&parsed) {
            return Err(ServerError::Config(
                "the SMTP URL would send its password unencrypted: use smtps:// or \
                 smtp://...?tls=required for a server that is not on this machine"
                    .into(),
            ));
        }
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
                    if let Some(reply_to) = &thread.reply_to {
                        let reply_to = reply_to
                            .parse()
                            .map_err(|e| ServerError::Mail(format!("bad reply address: {e}")))?;
                        builder = builder.reply_to(reply_to);
                    }
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

    #[test]
    fn a_password_is_never_sent_in_clear_to_another_machine() {
        let from = "Support <support@selfdesk.test>";
        let refused = Mailer::smtp("smtp://user:secret@mail.example.com:587", from);
        let opportunistic =
            Mailer::smtp("smtp://user:secret@mail.example.com:587?tls=opportunistic", from);

        assert!(matches!(refused, Err(ServerError::Config(why)) if why.contains("unencrypted")));
        assert!(opportunistic.is_err());
        for url in [
            "smtp://user:secret@mail.example.com:587?tls=required",
            "smtps://user:secret@mail.example.com",
            "smtp://user:secret@127.0.0.1:25",
            "smtp://relay.example.com:25",
        ] {
            assert!(Mailer::smtp(url, from).is_ok(), "{url}");
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_development_flag_logs_the_whole_mail() {
        assert!(logged(Mailer::Log { bodies: true }).await.contains("SECRET123"));
    }

    /// A local SMTP server that takes one message and hands over its text.
    async fn smtp_sink() -> (u16, tokio::task::JoinHandle<String>) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.expect("accept");
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let mut data = String::new();
            let mut in_data = false;
            write.write_all(b"220 sink ready\r\n").await.expect("greet");
            while let Ok(Some(line)) = lines.next_line().await {
                let answer: &[u8] = if in_data {
                    if line == "." {
                        in_data = false;
                        b"250 queued\r\n"
                    } else {
                        data.push_str(&line);
                        data.push('\n');
                        continue;
                    }
                } else if line.starts_with("DATA") {
                    in_data = true;
                    b"354 go on\r\n"
                } else if line.starts_with("QUIT") {
                    write.write_all(b"221 bye\r\n").await.expect("answer");
                    break;
                } else {
                    b"250 ok\r\n"
                };
                write.write_all(answer).await.expect("answer");
            }
            data
        });
        (port, server)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn smtp_mail_names_its_thread_and_says_when_it_answers_automatically() {
        let (port, sink) = smtp_sink().await;
        let mailer =
            Mailer::smtp(&format!("smtp://127.0.0.1:{port}"), "Support <support@selfdesk.test>")
                .expect("mailer");
        let email = Email {
            to: "customer@acme.example".into(),
            subject: "CASE-000042: Support answered".into(),
            body: "Rotate the certificate.".into(),
            thread: Some(
                Thread::for_case("CASE-000042", 7, "selfdesk.test", "0123abcd")
                    .replying_to(Some("support@selfdesk.test"), "CASE-000042"),
            ),
            automatic: true,
        };

        mailer.send(email).await.expect("sent");
        let data = sink.await.expect("the message");

        for header in [
            "Message-ID: <CASE-000042.7.0123abcd@selfdesk.test>",
            "In-Reply-To: <CASE-000042@selfdesk.test>",
            "References: <CASE-000042@selfdesk.test>",
            "Auto-Submitted: auto-replied",
            "Reply-To: support+CASE-000042.0123abcd@selfdesk.test",
            "Subject: CASE-000042: Support answered",
        ] {
            assert!(data.contains(header), "{header} is missing:\n{data}");
        }
    }
}

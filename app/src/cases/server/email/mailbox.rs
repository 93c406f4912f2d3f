//! The support mailbox over IMAP. Each pass of the background jobs reads
//! the folder's unseen messages, receives each, then moves it to the
//! processed folder (or flags it seen). The jobs' lease makes one server
//! of several read it; a message read twice all the same (a server that
//! stopped between receiving and marking it) is recognised by its
//! Message-ID and only marked.

use std::{sync::Arc, time::Duration};

use async_imap::{Client, extensions::idle::IdleResponse};
use futures::StreamExt;
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
};

use super::{Outcome, receive_from};
use crate::{infra::error::ServerError, runtime::AppState};

/// Where the mailbox is and how to sign in.
#[derive(Clone)]
pub struct MailboxSettings {
    /// IMAP over TLS (`imaps://`); plain `imap://` is for a server on the
    /// same machine.
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    /// The folder read, `INBOX` by default.
    pub folder: String,
    /// Where read messages go; unset, they stay and are flagged seen.
    pub processed_folder: Option<String>,
}

/// Without the password.
impl std::fmt::Debug for MailboxSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailboxSettings")
            .field("tls", &self.tls)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("folder", &self.folder)
            .field("processed_folder", &self.processed_folder)
            .finish_non_exhaustive()
    }
}

impl MailboxSettings {
    /// `imaps://USER:PASSWORD@HOST[:PORT][/FOLDER]`, the user and password
    /// percent-encoded (`support%40example.com`).
    pub fn from_url(text: &str, processed_folder: Option<String>) -> Result<Self, String> {
        let url = url::Url::parse(text).map_err(|e| format!("the IMAP URL is not usable: {e}"))?;
        let tls = match url.scheme() {
            "imaps" => true,
            "imap" => false,
            other => {
                return Err(format!(
                    "the IMAP URL starts with {other}://: use imaps:// (or imap://)"
                ));
            }
        };
        if !tls && !crate::infra::mail::is_loopback(&url) {
            return Err("imap:// sends the password unencrypted: use imaps:// for a server \
                        that is not on this machine"
                .into());
        }
        let decode = |text: &str| {
            form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
                .next()
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        };
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or("the IMAP URL names no host")?;
        let user = decode(url.username());
        let password = url.password().map(decode).unwrap_or_default();
        if user.is_empty() || password.is_empty() {
            return Err("the IMAP URL needs the mailbox's user and password".into());
        }
        let folder = decode(url.path().trim_start_matches('/'));
        Ok(Self {
            tls,
            host: host.to_owned(),
            port: url.port().unwrap_or(if tls { 993 } else { 143 }),
            user,
            password,
            folder: if folder.is_empty() { "INBOX".into() } else { folder },
            processed_folder: processed_folder.filter(|f| !f.trim().is_empty()),
        })
    }
}

/// How long connecting and each exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// An IDLE is renewed within the 29 minutes servers allow (RFC 2177).
const IDLE_RENEWAL: Duration = Duration::from_secs(25 * 60);

/// A connection to the IMAP server, over TLS or not.
trait Connection: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> Connection for T {}

type Session = async_imap::Session<Box<dyn Connection>>;

/// Connects, signs in and selects the folder.
async fn open(mailbox: &MailboxSettings) -> Result<Session, ServerError> {
    let address = (mailbox.host.as_str(), mailbox.port);
    let tcp = tokio::time::timeout(TIMEOUT, TcpStream::connect(address))
        .await
        .map_err(|_| failed("connecting timed out"))?
        .map_err(|e| failed(&format!("connecting: {e}")))?;
    let stream: Box<dyn Connection> = if mailbox.tls {
        let mut roots = tokio_rustls::rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = tokio_rustls::rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = tokio_rustls::rustls::pki_types::ServerName::try_from(mailbox.host.clone())
            .map_err(|e| failed(&format!("the host name: {e}")))?;
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        let tls = tokio::time::timeout(TIMEOUT, connector.connect(name, tcp))
            .await
            .map_err(|_| failed("TLS timed out"))?
            .map_err(|e| failed(&format!("TLS: {e}")))?;
        Box::new(tls)
    } else {
        Box::new(tcp)
    };
    let mut client = Client::new(stream);
    // The server's greeting comes before any command.
    client
        .read_response()
        .await
        .ok_or_else(|| failed("the server closed the connection"))?
        .map_err(|e| failed(&e.to_string()))?;
    let mut session = client
        .login(&mailbox.user, &mailbox.password)
        .await
        .map_err(|(e, _)| failed(&format!("signing in: {e}")))?;
    session.select(&mailbox.folder).await.map_err(imap)?;
    Ok(session)
}

/// Reads the mailbox once, when one is configured; answers how many
/// messages were received.
pub async fn read(state: &AppState) -> Result<usize, ServerError> {
    let Some(mailbox) = state.settings.mailbox.clone() else {
        return Ok(0);
    };
    let mut session = open(&mailbox).await?;
    let mut unseen: Vec<u32> =
        session.uid_search("UNSEEN").await.map_err(imap)?.into_iter().collect();
    unseen.sort_unstable();
    let mut received = 0;
    for uid in unseen {
        let mut raw = None;
        {
            let mut fetches =
                session.uid_fetch(uid.to_string(), "BODY.PEEK[]").await.map_err(imap)?;
            while let Some(fetch) = fetches.next().await {
                if let Some(body) = fetch.map_err(imap)?.body() {
                    raw = Some(body.to_vec());
                }
            }
        }
        let Some(raw) = raw else { continue };
        // A message that failed (recorded, tried again up to a limit, then
        // set aside) or that another server is receiving right now stays
        // unmarked for the next pass; the messages after it are read. An
        // error (the database cannot be reached) stops the pass.
        let origin = format!("{} UID {uid}", mailbox.folder);
        match receive_from(state, &raw, &origin).await? {
            Outcome::InProgress | Outcome::Retry { .. } => continue,
            _ => {}
        }
        match &mailbox.processed_folder {
            Some(folder) => session.uid_mv(uid.to_string(), folder).await.map_err(imap)?,
            None => {
                let stored =
                    session.uid_store(uid.to_string(), "+FLAGS (\\Seen)").await.map_err(imap)?;
                let _: Vec<_> = stored.collect().await;
            }
        }
        received += 1;
    }
    session.logout().await.map_err(imap)?;
    Ok(received)
}

/// Watches the mailbox with IDLE where the server offers it, and wakes the
/// jobs as soon as mail arrives: they read it under their lease. Without
/// IDLE (or while the server cannot be reached) the jobs' own passes poll.
pub fn watch(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Some(mailbox) = state.settings.mailbox.clone() else { return };
        let mut pause = Duration::from_secs(5);
        loop {
            match idle(&state, &mailbox).await {
                Ok(()) => {
                    tracing::info!(
                        "the support mailbox's server does not offer IDLE: it is polled"
                    );
                    return;
                }
                Err(error) => {
                    tracing::warn!(error = %error, "watching the support mailbox; trying again");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(300));
                }
            }
        }
    })
}

/// Idles until the connection fails; `Ok` when the server has no IDLE.
async fn idle(state: &AppState, mailbox: &MailboxSettings) -> Result<(), ServerError> {
    let mut session = open(mailbox).await?;
    if !session.capabilities().await.map_err(imap)?.has_str("IDLE") {
        session.logout().await.map_err(imap)?;
        return Ok(());
    }
    loop {
        let mut handle = session.idle();
        handle.init().await.map_err(imap)?;
        let (wait, _stop) = handle.wait_with_timeout(IDLE_RENEWAL);
        if let IdleResponse::NewData(_) = wait.await.map_err(imap)? {
            state.jobs.wake();
        }
        session = handle.done().await.map_err(imap)?;
    }
}

fn imap(error: async_imap::error::Error) -> ServerError {
    failed(&error.to_string())
}

fn failed(what: &str) -> ServerError {
    ServerError::Mail(format!("the support mailbox: {what}"))
}

#[cfg(test)]
mod tests {
    use super::MailboxSettings;

    #[test]
    fn the_url_names_server_account_and_folder() {
        let gmail = MailboxSettings::from_url(
            "imaps://support%40acme.example:app%20pass@imap.gmail.com/Support",
            Some("Processed".into()),
        )
        .expect("usable");
        let local = MailboxSettings::from_url("imap://support:secret@127.0.0.1:1143", None)
            .expect("usable");

        assert!(gmail.tls);
        assert_eq!((gmail.host.as_str(), gmail.port), ("imap.gmail.com", 993));
        assert_eq!(gmail.user, "support@acme.example");
        assert_eq!(gmail.password, "app pass");
        assert_eq!(gmail.folder, "Support");
        assert_eq!(gmail.processed_folder.as_deref(), Some("Processed"));
        assert!(!local.tls);
        assert_eq!((local.port, local.folder.as_str()), (1143, "INBOX"));
        assert!(!format!("{gmail:?}").contains("app pass"), "the password stays out of logs");
    }

    #[test]
    fn an_unusable_url_is_refused_with_a_reason() {
        for (url, why) in [
            ("pop3://a:b@host", "imaps://"),
            ("imaps://host/INBOX", "user and password"),
            ("not a url", "not usable"),
            ("imap://support:secret@imap.example.com/INBOX", "unencrypted"),
        ] {
            let error = MailboxSettings::from_url(url, None).expect_err(url);
            assert!(error.contains(why), "{url}: {error}");
        }
    }
}

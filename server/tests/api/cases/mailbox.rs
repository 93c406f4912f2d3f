//! The support mailbox against a real IMAP server: Debian's dovecot,
//! started on a loopback port with a throwaway mailbox for each test.

use std::{
    net::{TcpListener, TcpStream},
    os::unix::fs::MetadataExt,
    path::Path,
    process::{Child, Command},
    time::{Duration, Instant},
};

use app::{
    cases::server::email::mailbox::{self, MailboxSettings},
    runtime::jobs::run_due,
};

use super::{gateway_question, post_json};
use crate::{accounts::seed, browser::Browser, helpers::spawn_app_with};

const DOVECOT: &str = "/usr/sbin/dovecot";
const USER: &str = "support";
const PASSWORD: &str = "imap-test-secret";

/// A dovecot serving one mailbox from a temporary folder; stopped on drop.
struct Dovecot {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Dovecot {
    fn start() -> Self {
        assert!(
            Path::new(DOVECOT).exists(),
            "these tests need dovecot (Debian's dovecot-imapd); the test command installs it"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let port =
            TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("addr").port();
        // As root, dovecot runs its processes as nobody, who must reach the
        // mail; as anyone else, as that user (and without chroot).
        let as_root = std::fs::metadata(root).expect("dir").uid() == 0;
        let id = |flag: &str| {
            let output = Command::new("id").arg(flag).output().expect("id");
            String::from_utf8_lossy(&output.stdout).trim().to_owned()
        };
        let (user, group) = if as_root {
            ("nobody".to_owned(), "nogroup".to_owned())
        } else {
            (id("-un"), id("-gn"))
        };
        std::fs::create_dir_all(root.join("mail")).expect("mail dir");
        if as_root {
            std::fs::set_permissions(root, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .expect("permissions");
            std::os::unix::fs::chown(root.join("mail"), Some(65534), Some(65534)).expect("chown");
        }
        let root_text = root.display();
        let config = format!(
            "base_dir = {root_text}/run\nstate_dir = {root_text}/state\nlog_path = {root_text}/dovecot.log\n\
             protocols = imap\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\n\
             mail_location = maildir:{root_text}/mail/%u\n\
             default_login_user = {user}\ndefault_internal_user = {user}\ndefault_internal_group = {group}\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n}}\n\
             service anvil {{\n  chroot =\n}}\n\
             passdb {{\n  driver = static\n  args = password={PASSWORD}\n}}\n\
             userdb {{\n  driver = static\n  args = uid={user} gid={group} home={root_text}/mail/%u\n}}\n"
        );
        std::fs::write(root.join("dovecot.conf"), config).expect("config");
        let child = Command::new(DOVECOT)
            .arg("-F")
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .spawn()
            .expect("start dovecot");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "dovecot did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port, _dir: dir }
    }

    fn settings(&self) -> MailboxSettings {
        MailboxSettings {
            tls: false,
            host: "127.0.0.1".into(),
            port: self.port,
            user: USER.into(),
            password: PASSWORD.into(),
            folder: "INBOX".into(),
            processed_folder: Some("Processed".into()),
        }
    }

    /// A signed-in session, as a mail client would have.
    async fn session(&self) -> async_imap::Session<tokio::net::TcpStream> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.expect("connect");
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.expect("greeting").expect("greeting");
        client.login(USER, PASSWORD).await.map_err(|(e, _)| e).expect("login")
    }

    /// Delivers messages to the inbox (and makes the processed folder).
    async fn deliver(&self, messages: &[Vec<u8>]) {
        let mut session = self.session().await;
        let _ = session.create("Processed").await;
        for message in messages {
            session.append("INBOX", None, None, message).await.expect("append");
        }
        session.logout().await.expect("logout");
    }

    /// How many messages a folder holds.
    async fn count(&self, folder: &str) -> usize {
        let mut session = self.session().await;
        session.select(folder).await.expect("select");
        let uids = session.uid_search("ALL").await.expect("search");
        session.logout().await.expect("logout");
        uids.len()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A message as it lands in the mailbox, stamped by the trusted receiving
/// server: its sender's domain passed DMARC.
fn email(from: &str, id: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    let stamp = super::email::vouched(from);
    format!("{stamp}\nFrom: {from}\nSubject: {subject}\nMessage-ID: <{id}>\n{headers}\n\n{body}\n")
        .replace('\n', "\r\n")
        .into_bytes()
}

/// An app reading the dovecot's mailbox, trusting the tests' receiving server.
async fn reading_app(dovecot: &Dovecot) -> crate::helpers::TestApp {
    spawn_app_with(|settings| {
        settings.mailbox = Some(dovecot.settings());
        settings.mail_trusted_authserv_id = Some(super::email::TRUSTED_SERVER.into());
    })
    .await
}

#[tokio::test]
async fn the_jobs_read_the_mailbox_add_replies_to_their_cases_and_move_what_they_read() {
    let dovecot = Dovecot::start();
    let app = reading_app(&dovecot).await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let reply = email(
        "customer@acme.example",
        "r1@acme.example",
        "Re: CASE-000001",
        "",
        "From the mailbox.",
    );
    let away = email(
        "customer@acme.example",
        "away@acme.example",
        "Out of office",
        "Auto-Submitted: auto-replied",
        "Away.",
    );
    dovecot.deliver(&[reply.clone(), away]).await;

    let pass = run_due(&app.state, "test").await.expect("jobs");
    dovecot.deliver(&[reply]).await;
    let again = mailbox::read(&app.state).await.expect("read");

    let read = pass.ran.iter().find(|(job, _)| job.name() == "read_mailbox").map(|(_, n)| *n);
    assert_eq!(read, Some(2), "{:?}", pass.ran);
    assert_eq!(again, 1, "the copy is read (and recognised)");
    let events = customer.get("/api/v1/cases/CASE-000001").await.json()["events"].to_string();
    assert_eq!(events.matches("From the mailbox.").count(), 1, "{events}");
    assert!(!events.contains("Away."));
    assert_eq!(dovecot.count("INBOX").await, 0);
    assert_eq!(dovecot.count("Processed").await, 3);
    let outcomes: Vec<(String, String)> =
        sqlx::query_as("SELECT outcome, origin FROM inbound_emails ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .expect("recorded");
    let uid = |n: u32| format!("INBOX UID {n}");
    assert_eq!(outcomes, [("appended".into(), uid(1)), ("ignored".into(), uid(2))]);
}

#[tokio::test]
async fn two_servers_reading_one_mailbox_at_once_add_each_message_once() {
    let dovecot = Dovecot::start();
    let app = reading_app(&dovecot).await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    let replies: Vec<Vec<u8>> = (1..=5)
        .map(|n| {
            let id = format!("r{n}@acme.example");
            email("customer@acme.example", &id, "Re: CASE-000001", "", &format!("Reply {n}."))
        })
        .collect();
    dovecot.deliver(&replies).await;

    let (first, second) = tokio::join!(mailbox::read(&app.state), mailbox::read(&app.state));

    // One of them may find a message gone (moved by the other) and stop its
    // pass early, or fail midway and leave its claim on a message (a busy
    // database under load); what it did not finish, the next pass does once
    // such a claim is stale (ten minutes).
    let _ = (first, second);
    app.clock.advance(jiff::SignedDuration::from_mins(11));
    mailbox::read(&app.state).await.expect("a last pass");
    let events = customer.get("/api/v1/cases/CASE-000001").await.json()["events"].to_string();
    for n in 1..=5 {
        assert_eq!(events.matches(&format!("Reply {n}.")).count(), 1, "{events}");
    }
    assert_eq!(dovecot.count("INBOX").await, 0);
}

#[tokio::test]
async fn new_mail_wakes_the_jobs_at_once_where_the_server_offers_idle() {
    let dovecot = Dovecot::start();
    let app = spawn_app_with(|settings| settings.mailbox = Some(dovecot.settings())).await;
    let watcher = mailbox::watch(app.state.clone());
    // Let the watcher sign in and start idling before the mail arrives.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = tokio::time::timeout(Duration::from_millis(50), app.state.jobs.woken()).await;

    let mail = email("customer@acme.example", "idle@acme.example", "Hello", "", "New mail.");
    dovecot.deliver(&[mail]).await;
    let woken = tokio::time::timeout(Duration::from_secs(10), app.state.jobs.woken()).await;

    watcher.abort();
    assert!(woken.is_ok(), "the jobs were not woken by new mail");
}

#[tokio::test]
async fn a_crafted_message_stalls_nothing_behind_it() {
    let dovecot = Dovecot::start();
    let app = reading_app(&dovecot).await;
    seed(&app).await;
    let mut customer = Browser::signed_in(&app, "customer@acme.example").await;
    post_json(&mut customer, "/api/v1/cases", &gateway_question()).await;
    // A subject that decodes to a NUL (which PostgreSQL refuses to store),
    // and a Message-ID of 4 KB (past what its unique index takes).
    let nul_subject = email(
        "customer@acme.example",
        "nul@acme.example",
        "=?UTF-8?B?AA==?= Re: CASE-000001",
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
        "Text with a NUL=00 inside.",
    );
    let long_id = email(
        "customer@acme.example",
        &format!("{}@acme.example", "x".repeat(4096)),
        "Re: CASE-000001",
        "",
        "A long id.",
    );
    let genuine =
        email("customer@acme.example", "genuine@acme.example", "Re: CASE-000001", "", "Genuine.");
    dovecot.deliver(&[nul_subject, long_id, genuine]).await;

    let read = mailbox::read(&app.state).await.expect("the pass reads every message");

    assert_eq!(read, 3);
    let events = customer.get("/api/v1/cases/CASE-000001").await.json()["events"].to_string();
    assert!(events.contains("Genuine."), "{events}");
    assert!(
        events.contains("Text with a NUL inside."),
        "the NUL is gone, the text stays: {events}"
    );
    assert!(events.contains("A long id."), "{events}");
    assert_eq!(dovecot.count("INBOX").await, 0);
    let ids: Vec<String> = sqlx::query_scalar("SELECT message_id FROM inbound_emails")
        .fetch_all(app.state.db.pool())
        .await
        .expect("recorded");
    assert!(ids.iter().all(|id| id.len() <= 200 && !id.contains('\0')), "{ids:?}");
}

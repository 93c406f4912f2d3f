//! The `selfdesk` binary as an operator runs it.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::Duration,
};

fn selfdesk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_selfdesk"));
    // Nothing from the developer's environment may leak into these runs.
    for var in
        ["SELFDESK_ADDR", "SELFDESK_DATA_DIR", "DATABASE_URL", "SELFDESK_SITE_DIR", "SELFDESK_LOG"]
    {
        command.env_remove(var);
    }
    command
}

#[test]
fn help_documents_every_option_and_its_environment_variable() {
    let output = selfdesk().args(["serve", "--help"]).output().expect("run");
    let help = String::from_utf8_lossy(&output.stdout);

    assert!(output.status.success());
    for expected in [
        "--addr",
        "SELFDESK_ADDR",
        "--data-dir",
        "SELFDESK_DATA_DIR",
        "--database-url",
        "DATABASE_URL",
        "--site-dir",
        "SELFDESK_SITE_DIR",
        "--log-format",
        "SELFDESK_LOG_FORMAT",
    ] {
        assert!(help.contains(expected), "help lacks {expected}:\n{help}");
    }
}

#[test]
fn migrate_creates_the_database_in_the_data_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("nested/data");

    let output = selfdesk().arg("--data-dir").arg(&data_dir).arg("migrate").output().expect("run");

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Database is up to date"));
    assert!(data_dir.join("selfdesk.db").exists());
}

#[test]
fn mail_receive_takes_a_message_from_standard_input_once() {
    use std::io::Write;

    let dir = tempfile::tempdir().expect("temp dir");
    let message = "From: nobody@else.example\r\nSubject: Hello\r\nMessage-ID: <one@else.example>\r\n\r\nHi\r\n";
    let pipe = || {
        let mut child = selfdesk()
            .arg("--data-dir")
            .arg(dir.path())
            .args(["mail", "receive"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run");
        child.stdin.take().expect("stdin").write_all(message.as_bytes()).expect("write");
        child.wait_with_output().expect("output")
    };

    let first = pipe();
    let again = pipe();

    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("Refused: the address has no account with us"), "{said}");
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("Received before"));
}

/// Pipes `message` to `selfdesk mail receive` with `env` set.
fn pipe_mail(
    data_dir: &std::path::Path,
    env: &[(&str, &str)],
    message: &[u8],
) -> std::process::Output {
    use std::io::Write;

    let mut command = selfdesk();
    command.arg("--data-dir").arg(data_dir).args(["mail", "receive"]);
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    child.stdin.take().expect("stdin").write_all(message).expect("write");
    child.wait_with_output().expect("output")
}

#[test]
fn mail_receive_answers_the_mail_server_with_sendmails_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good =
        b"From: someone@else.example\r\nSubject: Hi\r\nMessage-ID: <x@else.example>\r\n\r\nHi\r\n";
    let database_down = [("DATABASE_URL", "postgres://admin:hunter2@127.0.0.1:1/selfdesk")];

    let recorded = pipe_mail(dir.path(), &[], good);
    let unreadable = pipe_mail(dir.path(), &[], b"");
    let several = pipe_mail(
        dir.path(),
        &[],
        b"From: a@x.example, b@x.example\r\nSubject: Hi\r\nMessage-ID: <two@x.example>\r\n\r\nHi\r\n",
    );
    let later = pipe_mail(dir.path(), &database_down, good);

    assert_eq!(recorded.status.code(), Some(0));
    assert_eq!(unreadable.status.code(), Some(65), "EX_DATAERR: bounced, never retried");
    assert_eq!(several.status.code(), Some(65));
    assert!(String::from_utf8_lossy(&several.stdout).contains("more than one sender"));
    assert_eq!(later.status.code(), Some(75), "EX_TEMPFAIL: kept and offered again");
    // What the mail server may quote in a bounce holds no internal error...
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&later.stdout),
        String::from_utf8_lossy(&later.stderr)
    );
    assert!(!said.contains("hunter2") && !said.contains("connect"), "{said}");
    // ...which the log file has.
    let log = std::fs::read_to_string(dir.path().join("logs/mail-receive.log")).expect("a log");
    assert!(log.contains("PostgreSQL"), "{log}");
    assert!(!log.contains("hunter2"), "{log}");
}

#[test]
fn a_bad_database_url_fails_with_a_message_and_no_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = selfdesk()
        .arg("--data-dir")
        .arg(dir.path())
        .env("DATABASE_URL", "postgres://admin:hunter2@127.0.0.1:1/selfdesk")
        .arg("migrate")
        .output()
        .expect("run");

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("connecting to the \"PostgreSQL\" database"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("hunter2"));
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = selfdesk()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--site-dir"])
        .arg(dir.path().join("site"))
        .env("SELFDESK_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start selfdesk");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split("listening on http://")
                .nth(1)
                .map(|rest| rest.split_whitespace().next().unwrap_or_default().to_owned())
        })
        .expect("the server says where it listens");

    let health =
        std::net::TcpStream::connect_timeout(&addr.parse().expect("addr"), Duration::from_secs(5));
    assert!(health.is_ok(), "server accepts connections at {addr}");

    let killed =
        Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();

    assert!(status.success(), "exit status {status}");
    assert!(rest.iter().any(|line| line.contains("Selfdesk stopped cleanly")), "{rest:?}");
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    selfdesk()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("SELFDESK_USER_PASSWORD")
        .env_remove("SELFDESK_DEMO_PASSWORD")
        .stdin(Stdio::null())
        .output()
        .expect("run selfdesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn user_add_creates_the_organisation_and_user_token_prints_a_working_token() {
    use app::{
        accounts::server::api_tokens,
        infra::{clock::Clock, db::Db},
    };
    let dir = tempfile::tempdir().expect("temp dir");

    let added = run_in(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "Ops@Example.com",
            "--role",
            "account-holder",
            "--org",
            "Zeta Corp",
            "--password",
            "a long passphrase",
        ],
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert!(text(&added.stdout).contains("Created the organisation Zeta Corp."));
    assert!(text(&added.stdout).contains("ops@example.com"));

    let token = run_in(dir.path(), &["user", "token", "--email", "ops@example.com"]);
    assert!(token.status.success(), "{}", text(&token.stderr));
    let secret = text(&token.stdout).trim().to_owned();
    assert!(secret.starts_with("sdk_"), "{secret}");

    let db = Db::connect(&app::infra::db::sqlite_url(dir.path()), 1).await.expect("db");
    let now = app::infra::clock::SystemClock.now_ms();
    assert!(api_tokens::user_for(&db, now, &secret).await.expect("lookup").is_some());
}

#[test]
fn user_add_refuses_what_does_not_fit_the_role_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");

    let no_org = run_in(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "a@example.com",
            "--role",
            "customer",
            "--password",
            "a long passphrase",
        ],
    );
    let staff_with_org = run_in(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "b@example.com",
            "--role",
            "writer",
            "--org",
            "X",
            "--password",
            "a long passphrase",
        ],
    );
    let engineer_without_level = run_in(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "c@example.com",
            "--role",
            "engineer",
            "--password",
            "a long passphrase",
        ],
    );
    let no_password =
        run_in(dir.path(), &["user", "add", "--email", "d@example.com", "--role", "admin"]);
    let short_password = run_in(
        dir.path(),
        &["user", "add", "--email", "e@example.com", "--role", "admin", "--password", "short"],
    );

    assert!(text(&no_org.stderr).contains("needs --org"), "{}", text(&no_org.stderr));
    assert!(
        text(&staff_with_org.stderr).contains("--org is for customers"),
        "{}",
        text(&staff_with_org.stderr)
    );
    assert!(
        text(&engineer_without_level.stderr).contains("needs a level"),
        "{}",
        text(&engineer_without_level.stderr)
    );
    assert!(text(&no_password.stderr).contains("--password"), "{}", text(&no_password.stderr));
    assert!(
        text(&short_password.stderr).contains("at least 10"),
        "{}",
        text(&short_password.stderr)
    );
    for output in [no_org, staff_with_org, engineer_without_level, no_password, short_password] {
        assert!(!output.status.success());
    }
}

#[test]
fn a_second_account_for_the_same_email_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "user",
        "add",
        "--email",
        "a@example.com",
        "--role",
        "admin",
        "--password",
        "a long passphrase",
    ];

    assert!(run_in(dir.path(), &args).status.success());
    let again = run_in(dir.path(), &args);

    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("already an account for a@example.com"),
        "{}",
        text(&again.stderr)
    );
}

#[tokio::test]
async fn demo_seed_prints_the_accounts_and_resets_their_password_when_run_again() {
    let dir = tempfile::tempdir().expect("temp dir");

    let first = run_in(dir.path(), &["demo-seed", "--password", "first demo password"]);
    let second = run_in(dir.path(), &["demo-seed"]);

    assert!(first.status.success(), "{}", text(&first.stderr));
    let first_out = text(&first.stdout);
    assert!(first_out.contains("password for all: first demo password"));
    for email in [
        "holder@acme.example",
        "customer@borealis.example",
        "l2@selfdesk.example",
        "admin@selfdesk.example",
    ] {
        assert!(first_out.contains(email), "{email} missing from:\n{first_out}");
    }
    assert!(second.status.success(), "{}", text(&second.stderr));
    let second_out = text(&second.stdout);
    let password = second_out
        .split("password for all: ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("a password");
    assert!(password.starts_with("demo-") && password.len() > 10, "{password}");

    use app::{accounts::server::sign_in, infra::db::Db};
    let db = Db::connect(&app::infra::db::sqlite_url(dir.path()), 1).await.expect("db");
    let now = 1_800_000_000_000;
    let new =
        sign_in::verify(&db, now, "admin@selfdesk.example", password.to_owned(), "test").await;
    let old =
        sign_in::verify(&db, now, "admin@selfdesk.example", "first demo password".into(), "test")
            .await;
    assert!(new.is_ok(), "the printed password works");
    assert!(old.is_err(), "the earlier one no longer does");
}

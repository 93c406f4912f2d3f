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

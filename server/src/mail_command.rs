//! `selfdesk mail receive`: one message from standard input, as a mail
//! server's pipe delivers it. The exit code tells the mail server what to
//! do, as sendmail's `sysexits.h` codes do: 0 the message was recorded
//! (whatever became of it), 65 it never will be (the mail server bounces
//! it), 75 not this time (it keeps the message and offers it again). What
//! is printed may reach the sender in a bounce: it never holds an
//! internal error, which goes to the log file instead.

use std::{io::Read, process::ExitCode};

use app::cases::server::email::{MAX_MESSAGE_BYTES, Outcome, describe, receive};

use crate::{cli::GlobalOptions, commands::offline_state};

const EX_OK: u8 = 0;
const EX_DATAERR: u8 = 65;
const EX_TEMPFAIL: u8 = 75;

/// Where `mail receive` logs, under the data directory.
pub const LOG_FILE: &str = "logs/mail-receive.log";

pub async fn receive_one(global: &GlobalOptions) -> ExitCode {
    let mut raw = Vec::new();
    if let Err(error) = std::io::stdin().take(MAX_MESSAGE_BYTES as u64 + 1).read_to_end(&mut raw) {
        tracing::error!(%error, "reading the message from standard input");
        return try_again_later();
    }
    let state = match offline_state(global).await {
        Ok(state) => state,
        Err(error) => {
            tracing::error!("opening Selfdesk to receive mail: {error:#}");
            return try_again_later();
        }
    };
    let outcome = receive(&state, &raw).await;
    state.db.close().await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(
                error = %app::infra::error::error_chain(&error),
                "receiving a message failed; nothing was stored"
            );
            return try_again_later();
        }
    };
    let code = match &outcome {
        Outcome::Retry { .. } | Outcome::InProgress => return try_again_later(),
        Outcome::Rejected { .. } => EX_DATAERR,
        _ => EX_OK,
    };
    println!("{}", describe(&outcome));
    ExitCode::from(code)
}

fn try_again_later() -> ExitCode {
    println!("Not received this time: please offer the message again later.");
    ExitCode::from(EX_TEMPFAIL)
}

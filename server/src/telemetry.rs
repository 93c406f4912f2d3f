//! Logging through `tracing`: plain text for people, JSON for collectors,
//! to standard output or (for `mail receive`) to a file.

use std::{io::IsTerminal, path::Path, sync::Mutex};

use tracing_subscriber::{EnvFilter, fmt, fmt::writer::BoxMakeWriter};

use crate::cli::LogFormat;

pub fn init(format: LogFormat, filter: &str, file: Option<&Path>) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(filter)
        .map_err(|e| anyhow::anyhow!("invalid log filter {filter:?}: {e}"))?;
    let (writer, terminal) = match file.map(open_log) {
        Some(Ok(file)) => (BoxMakeWriter::new(Mutex::new(file)), false),
        // A log file that cannot be opened leaves the log where it always goes.
        Some(Err(_)) | None => {
            (BoxMakeWriter::new(std::io::stdout), std::io::stdout().is_terminal())
        }
    };
    // Colours only for a person at a terminal, never in files or pipes.
    let builder =
        fmt().with_env_filter(filter).with_target(false).with_ansi(terminal).with_writer(writer);
    let result = match format {
        LogFormat::Plain => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("could not set up logging: {e}"))
}

fn open_log(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new().create(true).append(true).open(path)
}

//! Logging through `tracing`: plain text for people, JSON for collectors.

use std::io::IsTerminal;

use tracing_subscriber::{EnvFilter, fmt};

use crate::cli::LogFormat;

pub fn init(format: LogFormat, filter: &str) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(filter)
        .map_err(|e| anyhow::anyhow!("invalid log filter {filter:?}: {e}"))?;
    // Colours only for a person at a terminal, never in files or pipes.
    let builder =
        fmt().with_env_filter(filter).with_target(false).with_ansi(std::io::stdout().is_terminal());
    let result = match format {
        LogFormat::Plain => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("could not set up logging: {e}"))
}

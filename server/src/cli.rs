//! The command line. Every option can also come from the environment (see
//! `.env.example`), so several instances can run side by side.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "selfdesk",
    version,
    about = "Selfdesk, the self-service support portal"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOptions,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalOptions {
    /// Folder for the SQLite database, the search index and uploads (created if missing).
    #[arg(
        long,
        env = "SELFDESK_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`.
    /// Defaults to a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,

    /// Most database connections this process opens.
    #[arg(
        long,
        env = "SELFDESK_DB_MAX_CONNECTIONS",
        default_value_t = 8,
        global = true
    )]
    pub db_max_connections: u32,

    /// Log format: plain text for people, JSON for log collectors.
    #[arg(long, env = "SELFDESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Plain, global = true)]
    pub log_format: LogFormat,

    /// Log filter, in `tracing` syntax (`info`, `selfdesk=debug,sqlx=warn`, ...).
    #[arg(long, env = "SELFDESK_LOG", default_value = "info", global = true)]
    pub log: String,
}

impl GlobalOptions {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| app::ssr::db::sqlite_url(&self.data_dir))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Plain,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeOptions),
    /// Bring the database schema up to date, then exit.
    Migrate,
}

#[derive(Debug, Args)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "SELFDESK_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The built site (WebAssembly, JavaScript, CSS, assets), as `cargo leptos build` writes it.
    #[arg(long, env = "SELFDESK_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults_keep_everything_under_the_data_directory() {
        let cli =
            Cli::try_parse_from(["selfdesk", "--data-dir", "/srv/sd", "serve"]).expect("parse");
        assert_eq!(
            cli.global.database_url(),
            "sqlite:///srv/sd/selfdesk.db?mode=rwc"
        );
        let Command::Serve(serve) = cli.command else {
            panic!("expected serve");
        };
        assert_eq!(serve.addr, "127.0.0.1:3000".parse().expect("addr"));
    }

    #[test]
    fn a_malformed_address_is_refused_with_a_message() {
        let error = Cli::try_parse_from(["selfdesk", "serve", "--addr", "localhost"])
            .expect_err("must fail");
        assert!(error.to_string().contains("--addr"));
    }
}

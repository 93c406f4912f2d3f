//! The command line. Every option can also come from the environment (see
//! `.env.example`), so several instances can run side by side.

use std::{net::SocketAddr, path::PathBuf};

use app::runtime::{UploadRules, WorkflowRules};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Where `scripts/run.sh` writes the site.
pub const DEFAULT_SITE_DIR: &str = "target/site";
/// Seconds between a server's looks for background work.
pub const DEFAULT_JOBS_EVERY: u64 = 30;

#[derive(Debug, Parser)]
#[command(name = "selfdesk", version, about = "Selfdesk, the self-service support portal")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOptions,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalOptions {
    /// Folder for the SQLite database, the search index and uploads (created if missing).
    #[arg(long, env = "SELFDESK_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`.
    /// Defaults to a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,

    /// Most database connections this process opens.
    #[arg(long, env = "SELFDESK_DB_MAX_CONNECTIONS", default_value_t = 8, global = true)]
    pub db_max_connections: u32,

    /// Log format: plain text for people, JSON for log collectors.
    #[arg(long, env = "SELFDESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Plain, global = true)]
    pub log_format: LogFormat,

    /// Log filter, in `tracing` syntax (`info`, `selfdesk=debug,sqlx=warn`, ...).
    #[arg(long, env = "SELFDESK_LOG", default_value = "info", global = true)]
    pub log: String,

    /// The address users reach Selfdesk at, for links in emails. With
    /// https:// the cookies are marked Secure.
    #[arg(
        long,
        env = "SELFDESK_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000",
        global = true
    )]
    pub public_url: String,

    /// SMTP server for outgoing mail:
    /// `smtp://user:pass@mail.example.com:587?tls=required` (STARTTLS),
    /// `smtps://...` (TLS), or plain `smtp://host:25` for a relay on the same
    /// machine. Unset: emails are written to the log.
    #[arg(long, env = "SELFDESK_SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,

    /// Serve `/metrics` on the public address to scrapers that send
    /// `Authorization: Bearer <this token>`. Unset: not served there.
    #[arg(long, env = "SELFDESK_METRICS_TOKEN", hide_env_values = true, global = true)]
    pub metrics_token: Option<String>,

    /// Without SMTP, write whole emails to the log, links and all (for
    /// development only: anyone who reads the log could use a password-reset
    /// link). Otherwise only the recipient and subject are logged.
    #[arg(long, env = "SELFDESK_LOG_MAIL_BODIES", global = true)]
    pub log_mail_bodies: bool,

    /// The support address, e.g. `support@example.com`: a case's mail then
    /// answers to `support+CASE-000042@example.com`, for a mail server that
    /// delivers plus-addressed mail to the same mailbox. Unset: replies go
    /// to the sender address.
    #[arg(long, env = "SELFDESK_MAIL_REPLY_TO", global = true)]
    pub mail_reply_to: Option<String>,

    /// The support mailbox the background jobs read, e.g.
    /// `imaps://support%40example.com:APP-PASSWORD@imap.example.com/INBOX`
    /// (user and password percent-encoded). Unset: no mailbox is read.
    #[arg(long, env = "SELFDESK_IMAP_URL", hide_env_values = true, global = true)]
    pub imap_url: Option<String>,

    /// Where case files and article media are kept when several servers
    /// share them: `s3://BUCKET/PREFIX` on any S3-compatible store, with
    /// `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY` from the environment. Unset: the data directory.
    #[arg(long, env = "SELFDESK_STORAGE_URL", global = true)]
    pub storage_url: Option<String>,

    /// How long a background job's lease lasts, in seconds: a job a server
    /// was running when it died is taken up by another after this long.
    /// Running jobs renew theirs every third of it.
    #[arg(long, env = "SELFDESK_JOB_LEASE_SECONDS", default_value_t = app::runtime::jobs::DEFAULT_LEASE.as_secs(), value_parser = clap::value_parser!(u64).range(3..=3600), global = true)]
    pub job_lease_seconds: u64,

    /// The support mailbox's own receiving mail server, by the id it
    /// stamps on `Authentication-Results` (e.g. `mx.example.com`): its
    /// DMARC pass (or an aligned SPF or DKIM pass) proves a sender. Unset:
    /// senders are proven only by the reply tokens of Selfdesk's mail, by
    /// confirming, or by an engineer's review.
    #[arg(long, env = "SELFDESK_MAIL_TRUSTED_AUTHSERV_ID", global = true)]
    pub mail_trusted_authserv_id: Option<String>,

    /// A browser session unused for this many hours ends.
    #[arg(long, env = "SELFDESK_SESSION_IDLE_HOURS", default_value_t = app::runtime::state::DEFAULT_SESSION_IDLE_HOURS, value_parser = clap::value_parser!(u64).range(1..=8760), global = true)]
    pub session_idle_hours: u64,

    /// A browser session ends this many days after sign-in, however much
    /// it is used.
    #[arg(long, env = "SELFDESK_SESSION_MAX_DAYS", default_value_t = app::runtime::state::DEFAULT_SESSION_MAX_DAYS, value_parser = clap::value_parser!(u64).range(1..=365), global = true)]
    pub session_max_days: u64,

    /// Where read messages are moved in the mailbox (the folder must
    /// exist). Unset: they stay where they are, flagged as seen.
    #[arg(long, env = "SELFDESK_IMAP_PROCESSED_FOLDER", global = true)]
    pub imap_processed_folder: Option<String>,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "SELFDESK_MAIL_FROM",
        default_value = "Selfdesk <selfdesk@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// A synonyms file for search (one group of words a line, comma
    /// separated) replacing the built-in list.
    #[arg(long, env = "SELFDESK_SYNONYMS", global = true)]
    pub synonyms: Option<PathBuf>,

    /// A catalogue file (TOML) of products, support plans and points rules
    /// replacing the built-in one. New plans in it are added on start-up;
    /// plans already in the database keep the admins' changes.
    #[arg(long, env = "SELFDESK_CATALOGUE", global = true)]
    pub catalogue: Option<PathBuf>,

    /// The largest case file accepted, in megabytes.
    #[arg(long, env = "SELFDESK_UPLOAD_MAX_MB", default_value_t = UploadRules::DEFAULT_MAX_MB, global = true)]
    pub upload_max_mb: u64,

    /// The most files one request (a case, a reply) may carry.
    #[arg(long, env = "SELFDESK_UPLOAD_MAX_FILES", default_value_t = UploadRules::DEFAULT_MAX_FILES, value_parser = clap::value_parser!(u64).range(1..=1000), global = true)]
    pub upload_max_files: u64,

    /// The most megabytes of files one user may upload in 24 hours.
    #[arg(long, env = "SELFDESK_UPLOAD_DAILY_MB", default_value_t = UploadRules::DEFAULT_DAILY_MB, global = true)]
    pub upload_daily_mb: u64,

    /// The file name extensions accepted for case files, comma separated.
    #[arg(long, env = "SELFDESK_UPLOAD_TYPES", default_value = app::runtime::state::DEFAULT_UPLOAD_TYPES, global = true)]
    pub upload_types: String,

    /// Close a case that has waited this many days for the customer's answer.
    #[arg(long, env = "SELFDESK_AUTO_CLOSE_DAYS", default_value_t = WorkflowRules::DEFAULT_AUTO_CLOSE_DAYS, value_parser = clap::value_parser!(i64).range(1..=365), global = true)]
    pub auto_close_days: i64,

    /// Close a resolved case nobody reopened within this many days (0: never).
    #[arg(long, env = "SELFDESK_CLOSE_RESOLVED_DAYS", default_value_t = WorkflowRules::DEFAULT_CLOSE_RESOLVED_DAYS, value_parser = clap::value_parser!(i64).range(0..=365), global = true)]
    pub close_resolved_days: i64,

    /// Warn engineers when this percentage of an SLA target's working time has passed.
    #[arg(long, env = "SELFDESK_SLA_WARNING_PERCENT", default_value_t = WorkflowRules::DEFAULT_WARNING_PERCENT, value_parser = clap::value_parser!(i64).range(1..=99), global = true)]
    pub sla_warning_percent: i64,

    /// Count sign-in attempts against the right-most address in
    /// X-Forwarded-For (the one the proxy appended). Only behind one reverse
    /// proxy that appends it, such as nginx's `$proxy_add_x_forwarded_for`.
    #[arg(long, env = "SELFDESK_TRUST_FORWARDED_FOR", global = true)]
    pub trust_forwarded_for: bool,
}

impl GlobalOptions {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| app::infra::db::sqlite_url(&self.data_dir))
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
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Create the demo organisations and accounts (or reset their passwords).
    DemoSeed(DemoSeedOptions),
    /// Import a folder of Markdown articles (again: only what changed).
    Import(ImportOptions),
    /// Write every published article to a folder as Markdown with front
    /// matter (importing that folder again changes nothing).
    Export(ExportOptions),
    /// Rebuild the search index from the database.
    Reindex,
    /// Run the background jobs that are due once, then exit (for servers
    /// started with --no-jobs, or a scheduler of your own).
    RunJobs,
    /// Support mail.
    #[command(subcommand)]
    Mail(MailCommand),
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Receive one email (RFC 5322) from standard input, as a mail server's
    /// pipe delivers it. Exit codes as sendmail's: 0 recorded (whatever
    /// became of it), 65 a message that can never be accepted (unreadable,
    /// too large, several senders), 75 try again later (nothing stored).
    /// Its log goes to `DATA_DIR/logs/mail-receive.log`, not to the output
    /// a mail server may quote in a bounce.
    Receive,
}

#[derive(Debug, Args)]
pub struct ImportOptions {
    /// The folder; every `.md` file below it is read.
    pub dir: PathBuf,
    /// Maps a third-party `audience` value to public, customers or
    /// internal, e.g. `--audience-map itpro=public` (repeat for more;
    /// values match whatever their case). Unmapped unknown values make
    /// their articles staff-only.
    #[arg(long = "audience-map", value_name = "VALUE=AUDIENCE")]
    pub audience_map: Vec<String>,
    /// A file of `VALUE=AUDIENCE` lines (`#` starts a comment), read
    /// before the `--audience-map` pairs.
    #[arg(long, value_name = "FILE")]
    pub audience_map_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportOptions {
    /// The folder to write; created when missing.
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. The organisation is created when it does not exist.
    Add(UserAddOptions),
    /// Print a new API token for a user (for scripts).
    Token(UserTokenOptions),
}

#[derive(Debug, Args)]
pub struct UserAddOptions {
    #[arg(long)]
    pub email: String,
    /// customer, account_holder, writer, engineer or admin.
    #[arg(long)]
    pub role: String,
    /// Full name (defaults to the part of the email before the @).
    #[arg(long)]
    pub name: Option<String>,
    /// L1, L2 or L3; engineers only.
    #[arg(long)]
    pub level: Option<String>,
    /// The customer organisation (customers and account holders).
    #[arg(long)]
    pub org: Option<String>,
    /// Time zone of a new organisation.
    #[arg(long, default_value = "UTC")]
    pub org_time_zone: String,
    /// The password; asked for when omitted.
    #[arg(long, env = "SELFDESK_USER_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserTokenOptions {
    #[arg(long)]
    pub email: String,
    /// A name for the token, shown in the user's token list.
    #[arg(long, default_value = "command line")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct DemoSeedOptions {
    /// Password for every demo account (random when omitted; printed either way).
    #[arg(long, env = "SELFDESK_DEMO_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "SELFDESK_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The built site (WebAssembly, JavaScript, CSS, assets), as `scripts/run.sh` writes it.
    #[arg(long, env = "SELFDESK_SITE_DIR", default_value = DEFAULT_SITE_DIR)]
    pub site_dir: PathBuf,

    /// How often this server looks for background work, in seconds.
    #[arg(long, env = "SELFDESK_JOBS_EVERY", default_value_t = DEFAULT_JOBS_EVERY, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub jobs_every: u64,

    /// Run no background jobs in this server (another server or `selfdesk run-jobs` does).
    #[arg(long, env = "SELFDESK_NO_JOBS")]
    pub no_jobs: bool,

    /// Serve `/metrics` (Prometheus) on this address too, without a token:
    /// bind it to loopback or a private network only.
    #[arg(long, env = "SELFDESK_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
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
        assert_eq!(cli.global.database_url(), "sqlite:///srv/sd/selfdesk.db?mode=rwc");
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

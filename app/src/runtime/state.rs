//! What every request can reach: the database, the search index, the
//! settings, the clock, the mailer and the catalogue.

use std::{path::PathBuf, sync::Arc};

use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};

use super::jobs::Wakeup;
use crate::{
    cases::server::email::reply_token::ReplyKey,
    entitlements::server::{Catalogue, holidays},
    infra::{
        clock::SharedClock,
        db::Db,
        error::ServerError,
        mail::Mailer,
        storage::{FileStore, Shelf},
    },
    kb::{
        search::{SearchIndex, Synonyms},
        server::recorder::{self, Recorder},
    },
};

/// Runtime settings the services need, read once at start-up.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Holds the SQLite database (by default), the search index and uploads.
    pub data_dir: PathBuf,
    /// Where users reach Selfdesk, for links in emails (no trailing slash).
    pub public_url: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// A synonyms file replacing the built-in list.
    pub synonyms: Option<PathBuf>,
    /// A catalogue of products, plans and points rules replacing the built-in one.
    pub catalogue: Option<PathBuf>,
    /// What a case's files may be.
    pub uploads: UploadRules,
    /// When the background jobs warn and close.
    pub workflow: WorkflowRules,
    /// `/metrics` on the public address answers only with this bearer
    /// token; unset, it is not served there (see `--metrics-addr`).
    pub metrics_token: Option<String>,
    /// The support address whose plus-addressed form (`support+CASE-000042@`)
    /// a case's mail gives as its reply address; unset, none is given.
    pub reply_to: Option<String>,
    /// The support mailbox the jobs read; unset, none is read.
    pub mailbox: Option<crate::cases::server::email::mailbox::MailboxSettings>,
    /// `s3://bucket/prefix` for case files and article media; unset, they
    /// are kept in the data directory.
    pub storage_url: Option<String>,
    /// How long a background job's lease lasts without renewal: how long a
    /// job waits for a server that died running it.
    pub job_lease: std::time::Duration,
    /// The support mailbox's own receiving server, by the id it stamps on
    /// `Authentication-Results`: its DMARC (or aligned SPF or DKIM) pass
    /// proves a sender. Unset: only reply tokens, confirmations and
    /// reviews do.
    pub mail_trusted_authserv_id: Option<String>,
    /// How long sessions last.
    pub sessions: SessionRules,
}

/// A session ends after this long without use, and after `absolute`
/// whatever its use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionRules {
    pub idle: std::time::Duration,
    pub absolute: std::time::Duration,
}

impl SessionRules {
    pub fn from_limits(idle_hours: u64, max_days: u64) -> Self {
        const HOUR: u64 = 3600;
        Self {
            idle: std::time::Duration::from_secs(idle_hours.saturating_mul(HOUR)),
            absolute: std::time::Duration::from_secs(max_days.saturating_mul(24 * HOUR)),
        }
    }
}

impl Default for SessionRules {
    fn default() -> Self {
        Self::from_limits(DEFAULT_SESSION_IDLE_HOURS, DEFAULT_SESSION_MAX_DAYS)
    }
}

/// A session unused this long ends (14 days).
pub const DEFAULT_SESSION_IDLE_HOURS: u64 = 14 * 24;
/// A session ends this long after sign-in, however much it is used.
pub const DEFAULT_SESSION_MAX_DAYS: u64 = 30;

/// The support workflow's own numbers.
#[derive(Clone, Copy, Debug)]
pub struct WorkflowRules {
    /// A case waiting on the customer this many days is closed.
    pub auto_close_after_days: i64,
    /// A resolved case nobody reopened this many days is closed (0: never).
    pub close_resolved_after_days: i64,
    /// Engineers are warned when this share of a target's working time has passed.
    pub warning_percent: i64,
}

impl WorkflowRules {
    pub const DEFAULT_AUTO_CLOSE_DAYS: i64 = 10;
    pub const DEFAULT_CLOSE_RESOLVED_DAYS: i64 = 14;
    pub const DEFAULT_WARNING_PERCENT: i64 = 75;
}

impl Default for WorkflowRules {
    fn default() -> Self {
        Self {
            auto_close_after_days: Self::DEFAULT_AUTO_CLOSE_DAYS,
            close_resolved_after_days: Self::DEFAULT_CLOSE_RESOLVED_DAYS,
            warning_percent: Self::DEFAULT_WARNING_PERCENT,
        }
    }
}

/// The size limit and the file types accepted for case files.
#[derive(Clone, Debug)]
pub struct UploadRules {
    pub max_bytes: u64,
    /// Lower-case file name extensions, without the dot.
    pub extensions: Vec<String>,
    /// Files one request may carry.
    pub max_files_per_request: usize,
    /// Bytes one user may upload in 24 hours.
    pub daily_bytes_per_user: u64,
}

impl UploadRules {
    pub const DEFAULT_MAX_MB: u64 = 100;
    pub const DEFAULT_MAX_FILES: u64 = 20;
    pub const DEFAULT_DAILY_MB: u64 = 2048;

    /// The rules for these limits, sizes in megabytes and `types` a comma
    /// separated list of extensions (a leading dot and case are ignored).
    pub fn from_limits(max_mb: u64, max_files: u64, daily_mb: u64, types: &str) -> Self {
        const MB: u64 = 1024 * 1024;
        Self {
            max_bytes: max_mb.saturating_mul(MB),
            extensions: types
                .split(',')
                .map(|extension| extension.trim().trim_start_matches('.').to_ascii_lowercase())
                .filter(|extension| !extension.is_empty())
                .collect(),
            max_files_per_request: usize::try_from(max_files).unwrap_or(usize::MAX),
            daily_bytes_per_user: daily_mb.saturating_mul(MB),
        }
    }
}

impl Default for UploadRules {
    fn default() -> Self {
        Self::from_limits(
            Self::DEFAULT_MAX_MB,
            Self::DEFAULT_MAX_FILES,
            Self::DEFAULT_DAILY_MB,
            DEFAULT_UPLOAD_TYPES,
        )
    }
}

/// Logs, reports, archives, captures and pictures: what support asks for.
pub const DEFAULT_UPLOAD_TYPES: &str = "txt,log,json,xml,csv,yaml,yml,conf,cfg,ini,html,har,pcap,pcapng,dmp,zip,gz,tgz,tar,7z,pdf,png,jpg,jpeg,gif,webp";

impl Settings {
    /// The settings of a server at `public_url` keeping its data in
    /// `data_dir`, every other setting at its default.
    pub fn new(data_dir: PathBuf, public_url: &str) -> Self {
        Self {
            data_dir,
            public_url: public_url.trim_end_matches('/').to_owned(),
            trust_forwarded_for: false,
            synonyms: None,
            catalogue: None,
            uploads: UploadRules::default(),
            workflow: WorkflowRules::default(),
            metrics_token: None,
            reply_to: None,
            mailbox: None,
            storage_url: None,
            job_lease: super::jobs::DEFAULT_LEASE,
            mail_trusted_authserv_id: None,
            sessions: SessionRules::default(),
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// Cookies are marked `Secure` when users reach Selfdesk over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// An absolute link to a path of this site.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    /// The site's host name, for the message ids of the mail it sends.
    pub fn mail_domain(&self) -> &str {
        let host =
            self.public_url.split_once("://").map_or(self.public_url.as_str(), |(_, rest)| rest);
        let host = host.split(['/', '?', '#']).next().unwrap_or_default();
        host.rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map_or(host, |(name, _)| name)
    }
}

/// Cheap to clone: every field is a handle to shared state.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub search: SearchIndex,
    pub settings: Arc<Settings>,
    pub leptos_options: LeptosOptions,
    pub clock: SharedClock,
    pub mailer: Mailer,
    /// Products, seed plans and the points rules.
    pub catalogue: Arc<Catalogue>,
    /// Case files.
    pub files: FileStore,
    /// Pictures and files of articles.
    pub media: FileStore,
    /// Wakes the background jobs (notification emails go out at once).
    pub jobs: Wakeup,
    /// Writes search and click rows off the request path.
    pub analytics: Recorder,
    /// The key of the reply tokens in a case's mail.
    pub reply_key: ReplyKey,
}

impl AppState {
    /// Opens everything a running server needs: creates the data directory,
    /// migrates the database and opens the search index.
    pub async fn open(
        settings: Settings,
        db: Db,
        leptos_options: LeptosOptions,
        clock: SharedClock,
        mailer: Mailer,
    ) -> Result<Self, ServerError> {
        std::fs::create_dir_all(&settings.data_dir)
            .map_err(|e| ServerError::io(format!("creating {}", settings.data_dir.display()), e))?;
        db.migrate().await?;
        let synonyms = match &settings.synonyms {
            Some(path) => Synonyms::parse(
                &std::fs::read_to_string(path)
                    .map_err(|e| ServerError::io(format!("reading {}", path.display()), e))?,
            ),
            None => Synonyms::builtin(),
        };
        let search = SearchIndex::open_with(&settings.index_dir(), synonyms)?;
        let catalogue = Catalogue::load(settings.catalogue.as_deref())?;
        catalogue.seed_plans(&db, clock.now_ms()).await?;
        let calendars = &catalogue.service_levels.calendars;
        holidays::seed(&db, calendars, clock.now_ms()).await?;
        holidays::refresh(&db, calendars).await?;
        let storage_url = settings.storage_url.as_deref();
        let files = FileStore::connect(storage_url, &settings.data_dir, Shelf::Files)?;
        let media = FileStore::connect(storage_url, &settings.data_dir, Shelf::Media)?;
        let analytics = Recorder::start(db.clone(), recorder::DEFAULT_CAPACITY);
        let reply_key = ReplyKey::load_or_create(&db).await?;
        crate::kb::server::media_access::record_missing(&db).await?;
        Ok(Self {
            db,
            search,
            settings: Arc::new(settings),
            leptos_options,
            clock,
            mailer,
            catalogue: Arc::new(catalogue),
            files,
            media,
            jobs: Wakeup::default(),
            analytics,
            reply_key,
        })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a page rendered on the server.
pub fn app_state() -> Result<AppState, ServerError> {
    use_context::<AppState>().ok_or(ServerError::MissingState)
}

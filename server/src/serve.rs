//! Start-up and shutdown of the server process.

use std::path::Path;

use anyhow::Context;
use leptos::config::{Env, LeptosOptions};
use tokio::net::TcpListener;

use std::sync::Arc;

use app::{
    cases::server::email::mailbox::MailboxSettings,
    infra::{clock::SystemClock, db::Db, mail::Mailer},
    runtime::{AppState, SessionRules, Settings, UploadRules, WorkflowRules},
};

use crate::cli::{GlobalOptions, ServeOptions};

/// How often the search index looks for article changes: well within the
/// second in which a change must be searchable.
const INDEX_FOLLOW_INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// The bundle name cargo-leptos gives the WebAssembly, JavaScript and CSS files.
pub const OUTPUT_NAME: &str = "selfdesk";

pub fn leptos_options(options: &ServeOptions) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(options.site_dir.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(options.addr)
        .env(if cfg!(debug_assertions) { Env::DEV } else { Env::PROD })
        .build()
}

/// Connects to the database and migrates it; shared by `serve` and `migrate`.
pub async fn open_database(global: &GlobalOptions) -> anyhow::Result<Db> {
    // The default SQLite file lives in the data directory, so it must exist first.
    std::fs::create_dir_all(&global.data_dir)
        .with_context(|| format!("creating the data directory {}", global.data_dir.display()))?;
    let url = global.database_url();
    let db = Db::connect(&url, global.db_max_connections)
        .await
        .with_context(|| format!("connecting to the {:?} database", db_kind(&url)))?;
    Ok(db)
}

fn db_kind(url: &str) -> &'static str {
    // The URL may hold a password: name only the engine in messages.
    if url.starts_with("sqlite:") { "SQLite" } else { "PostgreSQL" }
}

pub fn settings(global: &GlobalOptions) -> anyhow::Result<Settings> {
    let mailbox = global
        .imap_url
        .as_deref()
        .map(|url| MailboxSettings::from_url(url, global.imap_processed_folder.clone()))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    Ok(Settings {
        data_dir: global.data_dir.clone(),
        public_url: global.public_url.trim_end_matches('/').to_owned(),
        trust_forwarded_for: global.trust_forwarded_for,
        synonyms: global.synonyms.clone(),
        catalogue: global.catalogue.clone(),
        uploads: UploadRules::from_limits(
            global.upload_max_mb,
            global.upload_max_files,
            global.upload_daily_mb,
            &global.upload_types,
        ),
        workflow: WorkflowRules {
            auto_close_after_days: global.auto_close_days,
            close_resolved_after_days: global.close_resolved_days,
            warning_percent: global.sla_warning_percent,
        },
        metrics_token: global.metrics_token.clone().filter(|token| !token.is_empty()),
        reply_to: global.mail_reply_to.clone().filter(|address| address.contains('@')),
        mailbox,
        // A blank URL means the data directory (`FileStore::connect`).
        storage_url: global.storage_url.clone(),
        job_lease: std::time::Duration::from_secs(global.job_lease_seconds),
        mail_trusted_authserv_id: global
            .mail_trusted_authserv_id
            .clone()
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty()),
        sessions: SessionRules::from_limits(global.session_idle_hours, global.session_max_days),
    })
}

pub fn mailer(global: &GlobalOptions) -> anyhow::Result<Mailer> {
    match &global.smtp_url {
        Some(url) => Ok(Mailer::smtp(url, &global.mail_from).context("setting up SMTP")?),
        None => Ok(Mailer::Log { bodies: global.log_mail_bodies }),
    }
}

/// Everything a running server (or a one-off job run) needs.
pub async fn open_state(
    global: &GlobalOptions,
    options: &ServeOptions,
) -> anyhow::Result<AppState> {
    let db = open_database(global).await?;
    AppState::open(
        settings(global)?,
        db,
        leptos_options(options),
        Arc::new(SystemClock),
        mailer(global)?,
    )
    .await
    .context("opening the application state")
}

pub async fn run(global: &GlobalOptions, options: &ServeOptions) -> anyhow::Result<()> {
    warn_if_site_is_missing(&options.site_dir);
    let state = open_state(global, options).await?;
    if !options.no_jobs {
        app::runtime::jobs::spawn(
            state.clone(),
            std::time::Duration::from_secs(options.jobs_every),
        );
        app::cases::server::email::mailbox::watch(state.clone());
    }

    // The index follows the database: filled at start when new, and kept
    // up to date with changes made by any server or by `selfdesk import`.
    let index_follower = app::kb::search::sync::follow(
        state.search.clone(),
        state.db.clone(),
        INDEX_FOLLOW_INTERVAL,
    );

    let shutdown = shutdown_signal()?;
    let listener = TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("listening on {}", options.addr))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    tracing::info!(data_dir = %global.data_dir.display(), "Selfdesk is listening on http://{addr}");
    // Also on the admins' plans page; said here so that it reaches the logs.
    let levels = &state.catalogue.service_levels;
    for warning in levels.calendars.holidays_running_out(state.clock.now(), 90) {
        tracing::warn!("{warning}");
    }

    let routers = crate::router::routers(state.clone());
    if let Some(metrics_addr) = options.metrics_addr {
        let listener = TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("listening for metrics on {metrics_addr}"))?;
        tracing::info!("metrics at http://{metrics_addr}/metrics");
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, routers.metrics).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
    }
    let app = routers.app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await.context("serving HTTP")?;

    // In-flight requests have finished: write the analytics rows they
    // handed over, stop following the database, then let it settle.
    state.analytics.shut_down().await;
    index_follower.abort();
    state.db.close().await;
    tracing::info!("Selfdesk stopped cleanly");
    Ok(())
}

fn warn_if_site_is_missing(site_dir: &Path) {
    let wasm = site_dir.join("pkg").join(format!("{OUTPUT_NAME}.wasm"));
    if !wasm.exists() {
        tracing::warn!(
            site_dir = %site_dir.display(),
            "no WebAssembly bundle in the site folder: pages will render but not be interactive \
             (build it with `scripts/run.sh`)"
        );
    }
}

/// Listens for Ctrl-C and SIGTERM from now on, and returns a future that
/// resolves on the first of them; the server then stops accepting
/// connections and lets in-flight requests finish. The listeners are set up
/// before the server announces itself, so an early signal is never missed.
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate()).context("listening for SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("listening for Ctrl-C")?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        tracing::info!("shutdown requested; finishing in-flight requests");
    })
}

//! Start-up and shutdown of the server process.

use std::path::Path;

use anyhow::Context;
use leptos::config::{Env, LeptosOptions};
use tokio::net::TcpListener;

use app::ssr::{AppState, Settings, db::Db};

use crate::cli::{GlobalOptions, ServeOptions};

/// The bundle name cargo-leptos gives the WebAssembly, JavaScript and CSS files.
pub const OUTPUT_NAME: &str = "selfdesk";

pub fn leptos_options(options: &ServeOptions) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(options.site_dir.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(options.addr)
        .env(if cfg!(debug_assertions) {
            Env::DEV
        } else {
            Env::PROD
        })
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
    if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

pub async fn run(global: &GlobalOptions, options: &ServeOptions) -> anyhow::Result<()> {
    warn_if_site_is_missing(&options.site_dir);
    let db = open_database(global).await?;
    let settings = Settings {
        data_dir: global.data_dir.clone(),
    };
    let state = AppState::open(settings, db, leptos_options(options))
        .await
        .context("opening the application state")?;

    let listener = TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("listening on {}", options.addr))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    tracing::info!(data_dir = %global.data_dir.display(), "Selfdesk is listening on http://{addr}");

    axum::serve(listener, crate::router(state.clone()))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving HTTP")?;

    // In-flight requests have finished; now let the database settle.
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
             (build it with `cargo leptos build --release`)"
        );
    }
}

/// Resolves on Ctrl-C or SIGTERM, after which the server stops accepting
/// connections and lets in-flight requests finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}

//! `selfdesk import`, `selfdesk export` and `selfdesk reindex`.

use std::io::IsTerminal;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use app::{
    infra::{
        clock::{Clock, SystemClock},
        storage::{FileStore, Shelf},
    },
    kb::{
        search::SearchIndex,
        server::import::{self, Progress},
    },
};

use crate::{
    cli::{ExportOptions, GlobalOptions, ImportOptions},
    commands::migrated_database,
    serve::settings,
};

pub async fn import(global: &GlobalOptions, options: &ImportOptions) -> anyhow::Result<()> {
    let reading = import::ImportOptions { audience_map: audience_map(options)? };
    let db = migrated_database(global).await?;
    let settings = settings(global)?;
    let media =
        FileStore::connect(settings.storage_url.as_deref(), &settings.data_dir, Shelf::Media)?;
    // A bar for a person at a terminal; nothing for scripts and logs.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    });
    let on_progress = |progress: Progress| {
        if let Some(bar) = &bar {
            match progress {
                Progress::Found(total) => {
                    bar.set_length(total as u64);
                    bar.set_message("rendering");
                }
                Progress::Rendered(done) => bar.set_position(done as u64),
                Progress::Saved(done, total) => {
                    bar.set_message("saving");
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            }
        }
    };
    let started = std::time::Instant::now();
    let report = import::import_tree(
        &db,
        SystemClock.now_ms(),
        &options.dir,
        &media,
        &reading,
        &on_progress,
    )
    .await
    .with_context(|| format!("importing {}", options.dir.display()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for rejected in &report.rejected {
        eprintln!("rejected {rejected}");
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    println!(
        "Imported {} new, updated {}, unchanged {}, rejected {} ({} fragments inlined) in {:.1} s.",
        report.imported,
        report.updated,
        report.unchanged,
        report.rejected.len(),
        report.fragments,
        started.elapsed().as_secs_f64()
    );
    println!("Articles by audience: {}.", report.audiences);
    bring_index_up_to_date(global, &db).await?;
    db.close().await;
    Ok(())
}

/// Applies the import to this data folder's search index, so that a server
/// started next is ready at once rather than after catching up. A running
/// server holds the index's writer: it applies the changes itself within a
/// second.
async fn bring_index_up_to_date(
    global: &GlobalOptions,
    db: &app::infra::db::Db,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let index = SearchIndex::open_or_create(&settings(global)?.index_dir())?;
    match index.sync(db).await {
        Ok(count) => println!(
            "The search index is up to date ({count} changes applied in {:.1} s).",
            started.elapsed().as_secs_f64()
        ),
        Err(error) => println!(
            "The search index here was left to a running server, which applies the changes within a second ({}).",
            app::infra::error::error_chain(&error)
        ),
    }
    Ok(())
}

/// The mapping file's pairs, then those given on the command line.
fn audience_map(options: &ImportOptions) -> anyhow::Result<import::AudienceMap> {
    let mut map = import::AudienceMap::default();
    if let Some(path) = &options.audience_map_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the audience map {}", path.display()))?;
        map = import::AudienceMap::parse_file(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    let given = import::AudienceMap::parse(options.audience_map.iter().map(String::as_str))
        .map_err(|e| anyhow::anyhow!("--audience-map {e}"))?;
    map.extend(given);
    Ok(map)
}

pub async fn export(global: &GlobalOptions, options: &ExportOptions) -> anyhow::Result<()> {
    let db = migrated_database(global).await?;
    let count = app::kb::server::export::export_tree(&db, &options.dir)
        .await
        .with_context(|| format!("exporting to {}", options.dir.display()))?;
    println!("Exported {count} published articles to {}.", options.dir.display());
    db.close().await;
    Ok(())
}

pub async fn reindex(global: &GlobalOptions) -> anyhow::Result<()> {
    let db = migrated_database(global).await?;
    let started = std::time::Instant::now();
    let index = SearchIndex::open_or_create(&settings(global)?.index_dir())?;
    let count = index.rebuild(&db).await.context(
        "rebuilding the search index (a running server holds it: stop it first, or let it catch up by itself)",
    )?;
    println!("Indexed {count} articles in {:.1} s.", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}

//! `selfdesk import`, `selfdesk export` and `selfdesk reindex`.

use std::io::IsTerminal;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use app::ssr::{
    clock::{Clock, SystemClock},
    kb::import::{self, Progress},
    search::SearchIndex,
};

use crate::{
    cli::{GlobalOptions, ImportOptions},
    commands::migrated_database,
    serve::settings,
};

pub async fn import(global: &GlobalOptions, options: &ImportOptions) -> anyhow::Result<()> {
    let db = migrated_database(global).await?;
    let media_dir = settings(global).media_dir();
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
    let report =
        import::import_tree(&db, SystemClock.now_ms(), &options.dir, &media_dir, &on_progress)
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
    println!("A running server shows the changes in search within a second.");
    db.close().await;
    Ok(())
}

pub async fn export(global: &GlobalOptions, options: &ImportOptions) -> anyhow::Result<()> {
    let db = migrated_database(global).await?;
    let count = app::ssr::kb::export::export_tree(&db, &options.dir)
        .await
        .with_context(|| format!("exporting to {}", options.dir.display()))?;
    println!("Exported {count} published articles to {}.", options.dir.display());
    db.close().await;
    Ok(())
}

pub async fn reindex(global: &GlobalOptions) -> anyhow::Result<()> {
    let db = migrated_database(global).await?;
    let started = std::time::Instant::now();
    let index = SearchIndex::open_or_create(&settings(global).index_dir())?;
    let count = index.rebuild(&db).await.context(
        "rebuilding the search index (a running server holds it: stop it first, or let it catch up by itself)",
    )?;
    println!("Indexed {count} articles in {:.1} s.", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}

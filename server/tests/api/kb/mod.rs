//! The knowledge base over HTTP: search, articles, feedback, analytics, and
//! who may read what.

mod analytics;
mod articles;
mod authoring;
mod kept_pages;
mod search;
mod visibility;

use std::path::Path;

use app::{infra::clock::Clock, kb::server::import};

use crate::helpers::TestApp;

/// Imports the articles Selfdesk ships and brings the index up to date.
pub async fn import_bundled(app: &TestApp) -> import::ImportReport {
    import_dir(app, &Path::new(env!("CARGO_MANIFEST_DIR")).join("../articles")).await
}

/// Imports a tree of Markdown files and brings the index up to date.
pub async fn import_dir(app: &TestApp, root: &Path) -> import::ImportReport {
    let report = import::import_tree(
        &app.state.db,
        app.clock.now_ms(),
        root,
        &app.state.media,
        &import::ImportOptions::default(),
        &|_| {},
    )
    .await
    .expect("import the articles");
    app.state.search.sync(&app.state.db).await.expect("index");
    report
}

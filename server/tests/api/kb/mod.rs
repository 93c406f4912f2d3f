//! The knowledge base over HTTP: search, articles, feedback, analytics, and
//! who may read what.

mod articles;
mod authoring;
mod search;

use std::path::Path;

use app::ssr::{clock::Clock, kb::import};

use crate::helpers::TestApp;

/// Imports the articles Selfdesk ships and brings the index up to date.
pub async fn import_bundled(app: &TestApp) -> import::ImportReport {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../articles");
    let report = import::import_tree(
        &app.state.db,
        app.clock.now_ms(),
        &root,
        &app.state.settings.media_dir(),
        &|_| {},
    )
    .await
    .expect("import the bundled articles");
    app.state.search.sync(&app.state.db).await.expect("index");
    report
}

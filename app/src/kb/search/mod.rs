//! The full-text search index (tantivy), kept in the data directory.
//!
//! The index is derived data: the database holds the articles, and the index
//! follows the database's changes (see `sync`). An index that is missing,
//! unreadable or of an older schema is replaced by an empty one, which then
//! fills from the database. Each schema version lives in its own folder, so
//! a new build never reads an index it does not understand.

mod cache;
mod codes;
mod expand;
mod facets;
mod query;
mod rank;
mod run;
mod schema;
mod snippets;
pub mod sync;
pub mod synonyms;

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

pub use query::{MAX_QUERY_CHARS, Parsed, parse};
pub use run::{Facets, Hit, Outcome, Request};
use schema::Fields;
pub use synonyms::Synonyms;

use crate::infra::error::ServerError;

/// Bumped whenever the schema or the analyzers change; the folder name carries it.
const SCHEMA_VERSION: u32 = 5;
/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// One index, one reader, and (once something is written) one writer for
/// the process; each search takes a fresh searcher from the reader.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    synonyms: Synonyms,
    writer: Mutex<Option<IndexWriter>>,
    /// Outcomes of recent searches on the current index.
    results: cache::ResultCache,
    /// One sync at a time.
    syncing: tokio::sync::Mutex<()>,
    /// Whether the last sync applied everything the database had: false
    /// from opening until the first sync succeeds, and after one fails.
    caught_up: std::sync::atomic::AtomicBool,
}

impl SearchIndex {
    /// Opens the index under `parent`, creating it when missing and starting
    /// afresh when the one found cannot be read.
    pub fn open_or_create(parent: &Path) -> Result<Self, ServerError> {
        Self::open_with(parent, Synonyms::builtin())
    }

    pub fn open_with(parent: &Path, synonyms: Synonyms) -> Result<Self, ServerError> {
        let dir = parent.join(format!("v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| ServerError::io(format!("creating {}", dir.display()), e))?;
        remove_older_versions(parent);
        let (schema, fields) = schema::schema();
        let index = match Index::open_in_dir(&dir) {
            Ok(index) if index.schema() == schema => index,
            Ok(_) => {
                tracing::warn!(dir = %dir.display(), "search index has another schema; starting a new one");
                recreate(&dir, schema)?
            }
            Err(error) => {
                if dir.join("meta.json").exists() {
                    tracing::warn!(dir = %dir.display(), %error, "search index unreadable; starting a new one");
                }
                recreate(&dir, schema)?
            }
        };
        schema::register_analyzers(&index);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                dir,
                synonyms,
                writer: Mutex::new(None),
                results: cache::ResultCache::new(),
                syncing: tokio::sync::Mutex::new(()),
                caught_up: std::sync::atomic::AtomicBool::new(false),
            }),
        })
    }

    /// Changes whenever searches see a new state of the index.
    pub fn generation(&self) -> u64 {
        self.inner.reader.searcher().generation().generation_id()
    }

    /// How many documents searches currently see.
    pub fn num_docs(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Whether searches see every article the database had at the last
    /// sync: what readiness waits for.
    pub fn is_caught_up(&self) -> bool {
        self.inner.caught_up.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Answers when the index files are still there and readable; used by the health check.
    pub fn check(&self) -> Result<u64, ServerError> {
        if !self.inner.dir.join("meta.json").exists() {
            return Err(ServerError::io(
                format!("reading {}", self.inner.dir.display()),
                std::io::Error::new(std::io::ErrorKind::NotFound, "meta.json is missing"),
            ));
        }
        Ok(self.num_docs())
    }
}

fn recreate(dir: &Path, schema: tantivy::schema::Schema) -> Result<Index, ServerError> {
    if dir.join("meta.json").exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| ServerError::io(format!("removing {}", dir.display()), e))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| ServerError::io(format!("creating {}", dir.display()), e))?;
    }
    Ok(Index::create_in_dir(dir, schema)?)
}

/// Indexes of earlier schema versions are never read again.
fn remove_older_versions(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let older = name
            .strip_prefix('v')
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|v| v < SCHEMA_VERSION);
        if older && std::fs::remove_dir_all(entry.path()).is_ok() {
            tracing::info!(dir = %entry.path().display(), "removed a search index of an older version");
        }
    }
}

#[cfg(test)]
mod tests;

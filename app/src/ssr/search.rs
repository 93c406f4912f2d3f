//! The full-text search index (tantivy), kept in the data directory.
//!
//! The index is derived data: the database holds the articles, and the index
//! can always be rebuilt from it. So an index that is missing, unreadable or
//! of an older schema is replaced by a new empty one rather than failing the
//! start-up. Each schema version lives in its own folder, so a new build never
//! reads an index it does not understand.

use std::path::{Path, PathBuf};

use tantivy::{
    Index, IndexReader, ReloadPolicy,
    schema::{STORED, STRING, Schema, TEXT},
};

use super::error::ServerError;

/// Bumped whenever the schema changes; the folder name carries it.
const SCHEMA_VERSION: u32 = 1;

fn schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field("slug", STRING | STORED);
    builder.add_text_field("title", TEXT | STORED);
    builder.add_text_field("body", TEXT);
    builder.build()
}

/// One index and one reader for the whole process; each search takes a
/// fresh searcher from the reader.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    dir: PathBuf,
}

impl SearchIndex {
    /// Opens the index under `parent`, creating it when missing and starting
    /// afresh when the one found cannot be read.
    pub fn open_or_create(parent: &Path) -> Result<Self, ServerError> {
        let dir = parent.join(format!("v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| ServerError::io(format!("creating {}", dir.display()), e))?;
        let index = match Index::open_in_dir(&dir) {
            Ok(index) if index.schema() == schema() => index,
            Ok(_) => {
                tracing::warn!(dir = %dir.display(), "search index has another schema; starting a new one");
                Self::recreate(&dir)?
            }
            Err(error) => {
                if dir.join("meta.json").exists() {
                    tracing::warn!(dir = %dir.display(), %error, "search index unreadable; starting a new one");
                }
                Self::recreate(&dir)?
            }
        };
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(Self { index, reader, dir })
    }

    fn recreate(dir: &Path) -> Result<Index, ServerError> {
        if dir.join("meta.json").exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| ServerError::io(format!("removing {}", dir.display()), e))?;
            std::fs::create_dir_all(dir)
                .map_err(|e| ServerError::io(format!("creating {}", dir.display()), e))?;
        }
        Ok(Index::create_in_dir(dir, schema())?)
    }

    /// How many documents searches currently see; also proves the index is readable.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Answers when the index files are still there and readable; used by the health check.
    pub fn check(&self) -> Result<u64, ServerError> {
        if !self.dir.join("meta.json").exists() {
            return Err(ServerError::io(
                format!("reading {}", self.dir.display()),
                std::io::Error::new(std::io::ErrorKind::NotFound, "meta.json is missing"),
            ));
        }
        Ok(self.num_docs())
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn reader(&self) -> &IndexReader {
        &self.reader
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_index_is_created_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = SearchIndex::open_or_create(dir.path()).expect("open");
        assert_eq!(index.check().expect("readable"), 0);
    }

    #[test]
    fn an_unreadable_index_is_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let versioned = dir.path().join(format!("v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&versioned).expect("mkdir");
        std::fs::write(versioned.join("meta.json"), "not json").expect("write");
        let index = SearchIndex::open_or_create(dir.path()).expect("open");
        assert_eq!(index.check().expect("readable"), 0);
    }

    #[test]
    fn a_deleted_index_fails_the_check() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = SearchIndex::open_or_create(dir.path()).expect("open");
        std::fs::remove_dir_all(dir.path().join(format!("v{SCHEMA_VERSION}"))).expect("rm");
        assert!(index.check().is_err());
    }
}

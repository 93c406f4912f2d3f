//! The index follows the database. Every change of an article takes the next
//! knowledge-base revision, and revisions are handed out in commit order;
//! the index records in its own commit the last change it has applied, and
//! each sync applies what came after. So an index never misses a change,
//! whichever server (or `selfdesk import`) made it, and an empty or rebuilt
//! index simply applies everything.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::{
    SearchIndex, WRITER_MEMORY,
    schema::{self, Part},
};
use crate::{
    infra::{db::Db, error::ServerError},
    kb::{
        ArticleStatus,
        server::{
            articles::{self, IndexRow},
            readers,
        },
    },
};

/// Articles read from the database per step.
const PAGE: i64 = 500;
/// A catch-up that applied this many changes (an import, a first start)
/// merges the index into one segment before it says it is caught up: each
/// term of a query is looked up, and each scorer set up, once per segment,
/// which for a long question over a dozen segments cost more than ranking.
const BULK: usize = 200;

/// The last change the index has applied: (revision, article id).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Watermark {
    revision: i64,
    id: i64,
}

impl SearchIndex {
    /// Applies every article change the index has not seen; returns how many.
    /// The index is caught up after a sync that succeeds, and not after one
    /// that fails.
    pub async fn sync(&self, db: &Db) -> Result<usize, ServerError> {
        let _one_at_a_time = self.inner.syncing.lock().await;
        let synced = match self.apply_changes(db).await {
            Ok(applied) if applied >= BULK => self.merge_all_off_thread().await.map(|()| applied),
            other => other,
        };
        self.inner.caught_up.store(synced.is_ok(), std::sync::atomic::Ordering::Release);
        synced
    }

    async fn merge_all_off_thread(&self) -> Result<(), ServerError> {
        let index = self.clone();
        tokio::task::spawn_blocking(move || index.merge_all())
            .await
            .map_err(|e| ServerError::io("merging the index", std::io::Error::other(e)))?
    }

    async fn apply_changes(&self, db: &Db) -> Result<usize, ServerError> {
        let mut after = self.watermark()?;
        let mut applied = 0;
        loop {
            let rows = articles::changed_after(db, (after.revision, after.id), PAGE).await?;
            let Some(last) = rows.last() else { break };
            let next = Watermark { revision: last.revision, id: last.id };
            let full_page = rows.len() as i64 == PAGE;
            applied += rows.len();
            let index = self.clone();
            tokio::task::spawn_blocking(move || index.apply(&rows, next))
                .await
                .map_err(|e| ServerError::io("indexing articles", std::io::Error::other(e)))??;
            after = next;
            if !full_page {
                break;
            }
        }
        Ok(applied)
    }

    /// Empties the index and fills it again from the database.
    pub async fn rebuild(&self, db: &Db) -> Result<usize, ServerError> {
        {
            let _one_at_a_time = self.inner.syncing.lock().await;
            self.inner.caught_up.store(false, std::sync::atomic::Ordering::Release);
            let index = self.clone();
            tokio::task::spawn_blocking(move || {
                index.with_writer(|writer| {
                    writer.delete_all_documents()?;
                    Ok(())
                })?;
                index.commit(Watermark::default())
            })
            .await
            .map_err(|e| ServerError::io("emptying the index", std::io::Error::other(e)))??;
        }
        let count = self.sync(db).await?;
        if count < BULK {
            let _one_at_a_time = self.inner.syncing.lock().await;
            self.merge_all_off_thread().await?;
        }
        Ok(count)
    }

    /// Merges every segment into one: a rebuilt or bulk-loaded index is
    /// searched at its fastest, rather than after background merges catch up.
    fn merge_all(&self) -> Result<(), ServerError> {
        // Background merges first end, so that no segment is in two merges.
        let writer = self.inner.writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(writer) = writer {
            writer.wait_merging_threads()?;
        }
        let segments = self.inner.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            self.with_writer(|writer| writer.merge(&segments).wait().map(|_| ()))?;
            self.inner.reader.reload()?;
        }
        Ok(())
    }

    fn watermark(&self) -> Result<Watermark, ServerError> {
        let metas = self.inner.index.load_metas()?;
        Ok(metas
            .payload
            .and_then(|payload| serde_json::from_str(&payload).ok())
            .unwrap_or_default())
    }

    fn with_writer<T>(
        &self,
        work: impl FnOnce(&mut IndexWriter) -> tantivy::Result<T>,
    ) -> Result<T, ServerError> {
        let mut slot = self.inner.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.is_none() {
            *slot = Some(self.inner.index.writer(WRITER_MEMORY)?);
        }
        let writer = slot.as_mut().ok_or(ServerError::MissingState)?;
        Ok(work(writer)?)
    }

    fn commit(&self, watermark: Watermark) -> Result<(), ServerError> {
        let payload = serde_json::to_string(&watermark).unwrap_or_default();
        self.with_writer(|writer| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()
        })?;
        self.inner.reader.reload()?;
        Ok(())
    }

    fn apply(&self, rows: &[IndexRow], watermark: Watermark) -> Result<(), ServerError> {
        let fields = self.inner.fields;
        self.with_writer(|writer| {
            for row in rows {
                writer.delete_term(Term::from_field_u64(fields.id, row.id as u64));
                if row.status == ArticleStatus::Published {
                    writer.add_document(self.document(row))?;
                }
            }
            Ok(())
        })?;
        self.commit(watermark)
    }

    fn document(&self, row: &IndexRow) -> TantivyDocument {
        let fields = self.inner.fields;
        let mut document = TantivyDocument::default();
        document.add_u64(fields.id, row.id as u64);
        document.add_text(fields.slug, &row.slug);
        document.add_text(fields.title, &row.title);
        document.add_text(fields.summary, &row.summary);
        document.add_text(fields.body, snippet_source(&row.body_text));
        for (part, times) in schema::FIELD_WEIGHTS {
            let text = match part {
                Part::Title => &row.title,
                Part::Headings => &row.headings,
                Part::Summary => &row.summary,
                Part::Body => &row.body_text,
            };
            for _ in 0..times {
                document.add_text(fields.text, text);
            }
            document.add_text(fields.words, text);
            document.add_text(fields.codes, text);
        }
        let meta = &row.meta;
        for reader in readers::document_terms(meta.audience, &meta.restricted_to) {
            document.add_text(fields.readers, &reader);
        }
        document.add_i64(fields.updated, row.updated_at);
        for product in &meta.products {
            document.add_text(fields.product, &product.name);
        }
        if !row.category.is_empty() {
            document.add_text(fields.category, &row.category);
        }
        for tag in meta.tags.iter().filter(|t| !t.is_empty()) {
            document.add_text(fields.tag, tag);
        }
        for case_type in &meta.case_types {
            document.add_text(fields.case_type, case_type.as_str());
        }
        document
    }
}

/// Keeps the index following the database, every `interval`, until the
/// process ends. Failures are logged and retried on the next tick.
pub fn follow(index: SearchIndex, db: Db, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match index.sync(&db).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "search index updated"),
                Err(error) => {
                    tracing::warn!(error = %crate::infra::error::error_chain(&error), "search index update failed; will retry");
                }
            }
        }
    })
}

/// Snippets are cut from the start of the body: reading and analysing a
/// long article whole for a ten-line results page would cost more than
/// the search itself.
const SNIPPET_SOURCE_BYTES: usize = 4_000;

fn snippet_source(body: &str) -> &str {
    if body.len() <= SNIPPET_SOURCE_BYTES {
        return body;
    }
    let mut end = SNIPPET_SOURCE_BYTES;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

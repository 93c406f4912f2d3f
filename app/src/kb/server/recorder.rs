//! The rows readers' searches and page views cause (search events, the
//! results they open, arrivals at the get-help page), written off the
//! request path. A request hands its
//! row to a bounded channel and goes on; one task writes what arrived in
//! batches, each batch in one transaction. When the channel is full (the
//! database has fallen behind a traffic spike) the row is dropped and
//! counted rather than make a reader wait. A graceful shutdown writes
//! everything handed over before it.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use tokio::{
    sync::{mpsc, oneshot},
    task::JoinHandle,
    time::Instant,
};

use crate::{
    ids::{OrganisationId, UserId},
    infra::{
        db::Db,
        error::{ServerError, error_chain},
        rate_limit::LocalLimit,
    },
    kb::server::analytics::{Source, normalise},
};

/// Rows waiting at most; beyond, new ones are dropped and counted.
pub const DEFAULT_CAPACITY: usize = 10_000;
/// Rows written in one transaction at most.
const MAX_BATCH: usize = 1_000;
/// How long the writer waits for more rows before it writes a batch.
const LINGER: Duration = Duration::from_millis(200);
/// Attempts at writing one batch before its rows are counted as failed.
const ATTEMPTS: u32 = 3;
const RETRY_AFTER: Duration = Duration::from_millis(500);

/// A search as recorded: what was asked, how many articles matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRow {
    pub id: i64,
    pub query: String,
    pub filters: String,
    pub hits: i64,
    pub source: Source,
    pub user_id: Option<UserId>,
    pub at_ms: i64,
}

/// The result at `position` of search `search_id` was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClickRow {
    pub search_id: i64,
    pub article_id: i64,
    pub position: i64,
    pub at_ms: i64,
}

/// A customer arrived at the get-help page: help session `token` began.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArrivalRow {
    pub token: String,
    pub user_id: UserId,
    pub organisation_id: Option<OrganisationId>,
    pub at_ms: i64,
}

#[derive(Debug)]
enum Row {
    Search(SearchRow),
    Click(ClickRow),
    Arrival(ArrivalRow),
}

#[derive(Debug)]
enum Message {
    Row(Row),
    /// Answered once everything sent before it is written.
    Flush(oneshot::Sender<()>),
    /// Like `Flush`, then the writer ends.
    Stop(oneshot::Sender<()>),
}

/// What became of the rows handed over, for `/metrics` and the tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecorderCounts {
    pub written: u64,
    /// Dropped because the channel was full or the writer had stopped.
    pub dropped: u64,
    /// Lost because the database refused the batch every time.
    pub failed: u64,
    /// Not written: an anonymous client had used up its allowance.
    pub limited: u64,
}

/// Cheap to clone; every clone feeds the same writer.
#[derive(Clone, Debug)]
pub struct Recorder {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    sender: mpsc::Sender<Message>,
    counts: Counters,
    writer: Mutex<Option<JoinHandle<()>>>,
    /// Rows an anonymous client may cause a minute, on this server.
    anonymous: LocalLimit,
}

/// Searches and clicks recorded per anonymous client (network address) a
/// minute: a reader's browsing fits; a script's flood is answered but not
/// written.
const ANONYMOUS_ROWS_PER_MINUTE: u32 = 60;

#[derive(Debug, Default)]
struct Counters {
    written: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    limited: AtomicU64,
}

impl Recorder {
    /// Starts the writer task on the current runtime.
    pub fn start(db: Db, capacity: usize) -> Self {
        let (recorder, receiver) = Self::unstarted(capacity);
        let inner = recorder.inner.clone();
        let handle = tokio::spawn(write_batches(db, receiver, inner.clone()));
        *inner.writer.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
        recorder
    }

    /// A recorder whose writer has not started: what is handed over stays
    /// in the channel (for the tests of a full channel).
    fn unstarted(capacity: usize) -> (Self, mpsc::Receiver<Message>) {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        let anonymous = LocalLimit::new(ANONYMOUS_ROWS_PER_MINUTE, Duration::from_secs(60));
        let inner = Arc::new(Inner {
            sender,
            counts: Counters::default(),
            writer: Mutex::new(None),
            anonymous,
        });
        (Self { inner }, receiver)
    }

    /// Records a search and returns its id, which links to its results
    /// carry so that opening one is counted. The id is chosen here (random,
    /// below 2^53 so that JavaScript reads it exactly), not by the database,
    /// so nothing waits for the row to be written.
    pub fn search(&self, mut row: SearchRow) -> i64 {
        row.id = new_search_id();
        let id = row.id;
        self.send(Row::Search(row));
        id
    }

    /// Whether a row caused by anonymous `client` is to be written; past its
    /// allowance it is not (and counted as limited).
    pub fn admits_anonymous(&self, client: &str) -> bool {
        let admitted = self.inner.anonymous.allow(client);
        if !admitted {
            self.inner.counts.limited.fetch_add(1, Ordering::Relaxed);
        }
        admitted
    }

    pub fn click(&self, row: ClickRow) {
        self.send(Row::Click(row));
    }

    pub fn arrival(&self, row: ArrivalRow) {
        self.send(Row::Arrival(row));
    }

    fn send(&self, row: Row) {
        if self.inner.sender.try_send(Message::Row(row)).is_err() {
            let dropped = self.inner.counts.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            // One line per thousand, so a spike does not flood the log too.
            if dropped % 1_000 == 1 {
                tracing::warn!(dropped, "analytics rows dropped: the database is behind");
            }
        }
    }

    /// Waits until every row handed over before this call is written.
    pub async fn flush(&self) {
        let (done, written) = oneshot::channel();
        if self.inner.sender.send(Message::Flush(done)).await.is_ok() {
            let _ = written.await;
        }
    }

    /// Writes what is waiting and stops the writer; rows handed over
    /// afterwards are dropped and counted.
    pub async fn shut_down(&self) {
        let (done, written) = oneshot::channel();
        if self.inner.sender.send(Message::Stop(done)).await.is_ok() {
            let _ = written.await;
        }
        let handle = self.inner.writer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(handle) = handle {
            let _ = handle.await;
        }
    }

    pub fn counts(&self) -> RecorderCounts {
        let counts = &self.inner.counts;
        RecorderCounts {
            written: counts.written.load(Ordering::Relaxed),
            dropped: counts.dropped.load(Ordering::Relaxed),
            failed: counts.failed.load(Ordering::Relaxed),
            limited: counts.limited.load(Ordering::Relaxed),
        }
    }
}

fn new_search_id() -> i64 {
    let mut bytes = [0u8; 8];
    // Without randomness, time still makes a usable id.
    if getrandom::fill(&mut bytes).is_err() {
        bytes = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
            .to_le_bytes()[..8]
            .try_into()
            .unwrap_or_default();
    }
    let id = (u64::from_le_bytes(bytes) & ((1 << 53) - 1)) as i64;
    id.max(1)
}

/// The writer: gathers rows for up to [`LINGER`] (or [`MAX_BATCH`] rows),
/// writes them in one transaction, and answers flushes once their rows are in.
async fn write_batches(db: Db, mut receiver: mpsc::Receiver<Message>, inner: Arc<Inner>) {
    let mut stopping = false;
    while !stopping {
        let Some(first) = receiver.recv().await else { break };
        let mut batch = Batch::default();
        stopping = batch.take(first);
        let deadline = Instant::now() + LINGER;
        while !stopping && !batch.waiting() && batch.rows.len() < MAX_BATCH {
            match tokio::time::timeout_at(deadline, receiver.recv()).await {
                Ok(Some(message)) => stopping = batch.take(message),
                Ok(None) | Err(_) => break,
            }
        }
        // A flush or stop writes everything already queued behind it too.
        if batch.waiting() {
            while let Ok(message) = receiver.try_recv() {
                stopping |= batch.take(message);
            }
        }
        write_with_retries(&db, &batch.rows, &inner.counts).await;
        for done in batch.answer {
            let _ = done.send(());
        }
    }
    receiver.close();
    // Whatever raced the stop is counted as dropped, not silently lost.
    while let Ok(message) = receiver.try_recv() {
        match message {
            Message::Row(_) => {
                inner.counts.dropped.fetch_add(1, Ordering::Relaxed);
            }
            Message::Flush(done) | Message::Stop(done) => {
                let _ = done.send(());
            }
        }
    }
}

#[derive(Default)]
struct Batch {
    rows: Vec<Row>,
    answer: Vec<oneshot::Sender<()>>,
}

impl Batch {
    /// Adds a message; true when it asks the writer to stop.
    fn take(&mut self, message: Message) -> bool {
        match message {
            Message::Row(row) => self.rows.push(row),
            Message::Flush(done) => self.answer.push(done),
            Message::Stop(done) => {
                self.answer.push(done);
                return true;
            }
        }
        false
    }

    fn waiting(&self) -> bool {
        !self.answer.is_empty()
    }
}

async fn write_with_retries(db: &Db, rows: &[Row], counts: &Counters) {
    if rows.is_empty() {
        return;
    }
    for attempt in 1..=ATTEMPTS {
        match write(db, rows).await {
            Ok(()) => {
                counts.written.fetch_add(rows.len() as u64, Ordering::Relaxed);
                return;
            }
            Err(error) if attempt < ATTEMPTS => {
                tracing::warn!(error = %error_chain(&error), rows = rows.len(), attempt, "writing analytics rows failed; retrying");
                tokio::time::sleep(RETRY_AFTER).await;
            }
            Err(error) => {
                tracing::error!(error = %error_chain(&error), rows = rows.len(), "analytics rows lost: the database refused them");
                counts.failed.fetch_add(rows.len() as u64, Ordering::Relaxed);
            }
        }
    }
}

/// Search rows per INSERT statement. SQLite's driver looks up every bound
/// value by name, which costs in proportion to their number: a few dozen
/// rows a statement write fastest.
const SEARCHES_PER_STATEMENT: usize = 32;

/// One transaction for the batch: searches first, many to a statement, then
/// clicks and arrivals. A click whose search is unknown (an old or made-up
/// link) is left out; an id or token already taken keeps its first row (a
/// session the customer ended before its arrival was written, too).
async fn write(db: &Db, rows: &[Row]) -> Result<(), ServerError> {
    let searches: Vec<&SearchRow> = rows
        .iter()
        .filter_map(|row| match row {
            Row::Search(search) => Some(search),
            Row::Click(_) | Row::Arrival(_) => None,
        })
        .collect();
    let mut tx = db.pool().begin().await?;
    for chunk in searches.chunks(SEARCHES_PER_STATEMENT) {
        // sqlx's query builder writes `?` placeholders for the Any driver,
        // which PostgreSQL does not read: the numbered ones are written here.
        let sql = format!(
            "INSERT INTO search_events (id, query, normalised, filters, hits, source, user_id, created_at) \
             VALUES {} ON CONFLICT (id) DO NOTHING",
            numbered_placeholders(chunk.len(), 8)
        );
        let mut insert = sqlx::query(&sql);
        for search in chunk {
            insert = insert
                .bind(search.id)
                .bind(search.query.trim())
                .bind(normalise(&search.query))
                .bind(search.filters.as_str())
                .bind(search.hits)
                .bind(search.source.as_str())
                .bind(search.user_id)
                .bind(search.at_ms);
        }
        insert.execute(&mut *tx).await?;
    }
    for row in rows {
        match row {
            Row::Search(_) => {}
            Row::Click(click) => {
                sqlx::query(
                    "INSERT INTO search_clicks (search_id, article_id, position, created_at) \
                     SELECT id, $2, $3, $4 FROM search_events WHERE id = $1 \
                     AND EXISTS (SELECT 1 FROM articles WHERE id = $2)",
                )
                .bind(click.search_id)
                .bind(click.article_id)
                .bind(click.position)
                .bind(click.at_ms)
                .execute(&mut *tx)
                .await?;
            }
            Row::Arrival(arrival) => {
                sqlx::query(
                    "INSERT INTO help_sessions (token, user_id, organisation_id, started_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (token) DO NOTHING",
                )
                .bind(arrival.token.as_str())
                .bind(arrival.user_id)
                .bind(arrival.organisation_id)
                .bind(arrival.at_ms)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// `($1, $2), ($3, $4)` for two rows of two values.
fn numbered_placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let values: Vec<String> =
                (1..=columns).map(|column| format!("${}", row * columns + column)).collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search_row(query: &str) -> SearchRow {
        SearchRow {
            id: 0,
            query: query.to_owned(),
            filters: String::new(),
            hits: 3,
            source: Source::Api,
            user_id: None,
            at_ms: 1,
        }
    }

    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(numbered_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }

    #[test]
    fn search_ids_are_positive_and_exact_in_javascript() {
        let ids: Vec<i64> = (0..1_000).map(|_| new_search_id()).collect();
        assert!(ids.iter().all(|&id| id > 0 && id < (1 << 53)));
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }

    #[tokio::test]
    async fn a_full_channel_drops_and_counts_without_waiting() {
        let (recorder, receiver) = Recorder::unstarted(2);
        // Nothing drains the channel: a send that waited would never return.
        let handing_over = async {
            for n in 0..5 {
                recorder.search(search_row(&format!("query {n}")));
            }
        };
        tokio::time::timeout(Duration::from_secs(5), handing_over)
            .await
            .expect("handing rows over never waits");
        assert_eq!(recorder.counts().dropped, 3);
        assert_eq!(receiver.len(), 2);
    }
}

//! Limits on how often one caller may do something: [`Limit`], counted in
//! the database so that every server shares them (the event is recorded
//! before it is counted: requests sent in parallel all see each other); and
//! [`LocalLimit`], counted in this server's memory, for what is too
//! frequent to cost a database write (anonymous readers' analytics rows).

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{
    error::AppError,
    infra::{db::Db, error::ServerError},
};

/// Events older than this are deleted; no window may be longer.
const KEEP_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// What is counted, e.g. `password_reset_email`.
    pub bucket: &'static str,
    /// Events allowed in the window.
    pub max: i64,
    pub window_ms: i64,
}

pub const MINUTE_MS: i64 = 60 * 1000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;

impl Limit {
    /// Counts one event for `key`; past the limit the caller gets 429.
    pub async fn hit(&self, db: &Db, now_ms: i64, key: &str) -> Result<(), ServerError> {
        sqlx::query("INSERT INTO rate_limit_events (bucket, key, created_at) VALUES ($1, $2, $3)")
            .bind(self.bucket)
            .bind(key)
            .bind(now_ms)
            .execute(db.pool())
            .await?;
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM rate_limit_events WHERE bucket = $1 AND key = $2 AND created_at > $3",
        )
        .bind(self.bucket)
        .bind(key)
        .bind(now_ms - self.window_ms)
        .fetch_one(db.pool())
        .await?;
        if count > self.max {
            tracing::warn!(bucket = self.bucket, "refused: rate limit reached");
            return Err(AppError::TooManyRequests.into());
        }
        Ok(())
    }
}

impl Limit {
    /// As [`Limit::hit`], answering whether the event was within the limit
    /// (for callers that go on either way, doing less past it).
    pub async fn allows(&self, db: &Db, now_ms: i64, key: &str) -> Result<bool, ServerError> {
        match self.hit(db, now_ms, key).await {
            Ok(()) => Ok(true),
            Err(ServerError::App(AppError::TooManyRequests)) => Ok(false),
            Err(error) => Err(error),
        }
    }
}

/// Deletes events no window looks at any more (run by the hourly jobs).
pub async fn prune(db: &Db, now_ms: i64) -> Result<u64, ServerError> {
    let result = sqlx::query("DELETE FROM rate_limit_events WHERE created_at < $1")
        .bind(now_ms - KEEP_MS)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}

/// Events per key in fixed windows, in this server's memory. Past `max`
/// in a window, [`allow`](Self::allow) says no until the next one.
#[derive(Debug)]
pub struct LocalLimit {
    max: u32,
    window: Duration,
    current: Mutex<Window>,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    counts: HashMap<String, u32>,
}

/// Keys tracked in one window at most: a flood of new keys is refused
/// rather than grow the map.
const MAX_KEYS: usize = 100_000;

impl LocalLimit {
    pub fn new(max: u32, window: Duration) -> Self {
        let current = Mutex::new(Window { started: Instant::now(), counts: HashMap::new() });
        Self { max, window, current }
    }

    pub fn allow(&self, key: &str) -> bool {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if current.started.elapsed() >= self.window {
            current.started = Instant::now();
            current.counts.clear();
        }
        if !current.counts.contains_key(key) && current.counts.len() >= MAX_KEYS {
            return false;
        }
        let count = current.counts.entry(key.to_owned()).or_insert(0);
        if *count >= self.max {
            return false;
        }
        *count += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_limit_counts_per_key_and_renews_each_window() {
        let limit = LocalLimit::new(2, Duration::from_millis(50));
        assert!(limit.allow("a") && limit.allow("a"));
        assert!(!limit.allow("a"), "the third in the window");
        assert!(limit.allow("b"), "another key has its own count");
        std::thread::sleep(Duration::from_millis(60));
        assert!(limit.allow("a"), "a new window");
    }
}

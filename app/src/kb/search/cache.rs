//! Recent searches' outcomes. When something breaks, many customers search
//! for the same few things at once: each distinct search (words, filters,
//! the reader's access, the page) is worked out once per state of the
//! index and answered from memory until the index changes.

use std::{
    num::NonZeroUsize,
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use lru::LruCache;

use super::run::{Outcome, Request};

// The request is its own key: it holds everything the outcome depends on
// besides the index, and a field added to it is part of the key at once.

/// Distinct searches kept; a results page is a few kilobytes.
const ENTRIES: usize = 2_048;

pub struct ResultCache {
    inner: Mutex<Entries>,
    /// Off only while the search itself is measured.
    enabled: AtomicBool,
}

struct Entries {
    /// The index generation the entries were worked out on.
    generation: u64,
    outcomes: LruCache<Request, Outcome>,
}

impl ResultCache {
    pub fn new() -> Self {
        let capacity = NonZeroUsize::new(ENTRIES).unwrap_or(NonZeroUsize::MIN);
        Self {
            inner: Mutex::new(Entries { generation: 0, outcomes: LruCache::new(capacity) }),
            enabled: AtomicBool::new(true),
        }
    }

    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.store(enabled, Ordering::Relaxed);
        if !enabled {
            self.inner.lock().unwrap_or_else(|p| p.into_inner()).outcomes.clear();
        }
    }

    /// The outcome of this search on index generation `generation`, if known.
    pub fn get(&self, generation: u64, request: &Request) -> Option<Outcome> {
        if !self.enabled.load(Ordering::Relaxed) {
            return None;
        }
        let mut entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if entries.generation != generation {
            return None;
        }
        entries.outcomes.get(request).cloned()
    }

    /// Keeps an outcome; a newer generation forgets every older outcome.
    pub fn put(&self, generation: u64, request: &Request, outcome: &Outcome) {
        if !self.enabled.load(Ordering::Relaxed) {
            return;
        }
        let mut entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if generation < entries.generation {
            return;
        }
        if generation > entries.generation {
            entries.outcomes.clear();
            entries.generation = generation;
        }
        entries.outcomes.put(request.clone(), outcome.clone());
    }
}

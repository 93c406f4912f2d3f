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

/// Distinct searches kept; a results page is a few kilobytes.
const ENTRIES: usize = 2_048;

/// Everything a search's outcome depends on, besides the index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    text: String,
    product: Option<String>,
    category: Option<String>,
    tag: Option<String>,
    case_type: Option<String>,
    readers: Vec<String>,
    offset: usize,
    limit: usize,
    snippets: bool,
    facets: bool,
}

impl Key {
    fn of(request: &Request<'_>) -> Self {
        Self {
            text: request.text.to_owned(),
            product: request.product.map(str::to_owned),
            category: request.category.map(str::to_owned),
            tag: request.tag.map(str::to_owned),
            case_type: request.case_type.map(str::to_owned),
            readers: request.readers.to_vec(),
            offset: request.offset,
            limit: request.limit,
            snippets: request.snippets,
            facets: request.facets,
        }
    }
}

pub struct ResultCache {
    inner: Mutex<Entries>,
    /// Off only while the search itself is measured.
    enabled: AtomicBool,
}

struct Entries {
    /// The index generation the entries were worked out on.
    generation: u64,
    outcomes: LruCache<Key, Outcome>,
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
    pub fn get(&self, generation: u64, request: &Request<'_>) -> Option<Outcome> {
        if !self.enabled.load(Ordering::Relaxed) {
            return None;
        }
        let mut entries = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if entries.generation != generation {
            return None;
        }
        entries.outcomes.get(&Key::of(request)).cloned()
    }

    /// Keeps an outcome; a newer generation forgets every older outcome.
    pub fn put(&self, generation: u64, request: &Request<'_>, outcome: &Outcome) {
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
        entries.outcomes.put(Key::of(request), outcome.clone());
    }
}

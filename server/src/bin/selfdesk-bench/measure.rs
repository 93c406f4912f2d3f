//! Latency percentiles and result quality (MRR@10, hit@10) per kind of query.

use std::{collections::BTreeMap, time::Instant};

use crate::queries::{Kind, Query};

#[derive(Clone, Debug, Default)]
pub struct Latency {
    /// Milliseconds, every timed run of every query.
    samples: Vec<f64>,
}

impl Latency {
    pub fn add(&mut self, ms: f64) {
        self.samples.push(ms);
    }

    pub fn percentile(&self, p: f64) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let mut sorted = self.samples.clone();
        sorted.sort_by(f64::total_cmp);
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    pub fn mean(&self) -> f64 {
        if self.samples.is_empty() {
            0.0
        } else {
            self.samples.iter().sum::<f64>() / self.samples.len() as f64
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Quality {
    pub queries: usize,
    reciprocal_ranks: f64,
    hits: usize,
    /// Found in the top five: what the suggestions show.
    top_five: usize,
}

impl Quality {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        if let Some(rank) = rank.filter(|r| *r <= 10) {
            self.reciprocal_ranks += 1.0 / rank as f64;
            self.hits += 1;
            self.top_five += usize::from(rank <= 5);
        }
    }

    pub fn mrr(&self) -> f64 {
        if self.queries == 0 { 0.0 } else { self.reciprocal_ranks / self.queries as f64 }
    }

    pub fn hit_rate(&self) -> f64 {
        if self.queries == 0 { 0.0 } else { self.hits as f64 / self.queries as f64 }
    }

    pub fn top_five_rate(&self) -> f64 {
        if self.queries == 0 { 0.0 } else { self.top_five as f64 / self.queries as f64 }
    }
}

#[derive(Debug, Default)]
pub struct Measured {
    pub latency: Latency,
    pub latency_by_kind: BTreeMap<Kind, Latency>,
    pub quality: BTreeMap<Kind, Quality>,
    /// The target's rank (1-based) for each query, in order; `None` beyond the top ten.
    pub ranks: Vec<Option<usize>>,
    /// The slowest timed run of each query, in order (milliseconds).
    pub slowest: Vec<f64>,
}

/// Runs every query once to warm up (and to score its ranking), then `runs`
/// timed passes of a first page of ten. `search(text, limit)` returns the
/// slugs of the best `limit`, best first.
pub fn run(
    queries: &[Query],
    runs: usize,
    mut search: impl FnMut(&str, usize) -> Vec<String>,
) -> Measured {
    let mut measured = Measured::default();
    for query in queries {
        let ranked = search(&query.text, 10 + query.sources.len());
        let rank = ranked
            .iter()
            .filter(|slug| !query.sources.contains(slug))
            .position(|slug| *slug == query.target)
            .map(|i| i + 1);
        measured.quality.entry(query.kind).or_default().add(rank);
        measured.ranks.push(rank);
    }
    measured.slowest = vec![0.0; queries.len()];
    for _ in 0..runs {
        for (i, query) in queries.iter().enumerate() {
            let started = Instant::now();
            std::hint::black_box(search(&query.text, 10));
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            measured.latency.add(ms);
            measured.latency_by_kind.entry(query.kind).or_default().add(ms);
            measured.slowest[i] = measured.slowest[i].max(ms);
        }
    }
    measured
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_reciprocal_ranks() {
        let mut latency = Latency::default();
        for ms in 1..=100 {
            latency.add(f64::from(ms));
        }
        assert_eq!((latency.percentile(50.0), latency.percentile(99.0)), (50.0, 99.0));
        let mut quality = Quality::default();
        quality.add(Some(1));
        quality.add(Some(4));
        quality.add(Some(11));
        quality.add(None);
        assert!((quality.mrr() - 1.25 / 4.0).abs() < 1e-9);
        assert!((quality.hit_rate() - 0.5).abs() < 1e-9);
    }
}

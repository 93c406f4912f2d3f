//! The report: one section per corpus, Markdown, written to a file and printed.

use std::{fmt::Write as _, path::Path};

use anyhow::Context;

use crate::{
    measure::{Latency, Measured},
    queries::{Kind, Query},
};

pub struct Section {
    pub name: String,
    pub articles: usize,
    pub source_bytes: u64,
    pub import_seconds: f64,
    pub index_seconds: f64,
    pub index_bytes: u64,
    pub fts_seconds: f64,
    pub fts_bytes: u64,
    pub queries: Vec<Query>,
    pub runs: usize,
    pub selfdesk: Measured,
    /// The suggestions a signed-in customer gets (five, what customers may read).
    pub suggestions: Measured,
    /// The same searches as the results page makes them, with facet counts.
    pub selfdesk_with_facets: Latency,
    pub fts: Measured,
    pub selfdesk_http: Latency,
    pub fts_http: Latency,
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn latency_row(out: &mut String, engine: &str, where_: &str, latency: &Latency) {
    let _ = writeln!(
        out,
        "| {engine} | {where_} | {:.2} | {:.2} | {:.2} |",
        latency.percentile(50.0),
        latency.percentile(99.0),
        latency.mean()
    );
}

impl Section {
    fn write(&self, out: &mut String) {
        let _ = writeln!(out, "## {}\n", self.name);
        let _ = writeln!(
            out,
            "{} articles, {} of Markdown. {} queries, each timed {} times after a warm-up.\n",
            self.articles,
            mb(self.source_bytes),
            self.queries.len(),
            self.runs
        );
        let _ = writeln!(out, "| | Selfdesk (tantivy) | SQLite FTS5 |\n|---|---|---|");
        let _ = writeln!(
            out,
            "| import (parse, render, store) | {:.1} s | (uses Selfdesk's import) |",
            self.import_seconds
        );
        let _ = writeln!(
            out,
            "| index build | {:.1} s | {:.1} s |",
            self.index_seconds, self.fts_seconds
        );
        let _ =
            writeln!(out, "| index size | {} | {} |\n", mb(self.index_bytes), mb(self.fts_bytes));

        let _ = writeln!(out, "Latency of one search (top 10 with snippets), milliseconds:\n");
        let _ = writeln!(out, "| engine | measured | p50 | p99 | mean |\n|---|---|---|---|---|");
        latency_row(out, "Selfdesk", "in process", &self.selfdesk.latency);
        latency_row(out, "SQLite FTS5", "in process", &self.fts.latency);
        latency_row(out, "Selfdesk, with facet counts", "in process", &self.selfdesk_with_facets);
        if !self.selfdesk_http.is_empty() {
            latency_row(out, "Selfdesk", "over HTTP", &self.selfdesk_http);
            latency_row(out, "SQLite FTS5", "over HTTP", &self.fts_http);
        }

        let _ = writeln!(out, "\nIn process, by kind of query (p50 / p99, milliseconds):\n");
        let _ = writeln!(out, "| kind of query | Selfdesk | SQLite FTS5 |\n|---|---|---|");
        for kind in Kind::ALL {
            let (Some(ours), Some(theirs)) =
                (self.selfdesk.latency_by_kind.get(&kind), self.fts.latency_by_kind.get(&kind))
            else {
                continue;
            };
            let _ = writeln!(
                out,
                "| {} | {:.2} / {:.2} | {:.2} / {:.2} |",
                kind.label(),
                ours.percentile(50.0),
                ours.percentile(99.0),
                theirs.percentile(50.0),
                theirs.percentile(99.0)
            );
        }

        let _ = writeln!(
            out,
            "\nResult quality: MRR@10 (mean reciprocal rank of the known article), hit@10 (found in the top ten) \
             and hit@5 (in the top five); suggestions: the five a signed-in customer is suggested \
             (`/api/v1/suggest`, what customers may read):\n"
        );
        let _ = writeln!(
            out,
            "| kind of query | queries | Selfdesk MRR@10 | FTS5 MRR@10 | Selfdesk hit@10 | FTS5 hit@10 | Selfdesk hit@5 | FTS5 hit@5 | suggestions hit@5 |\n|---|---|---|---|---|---|---|---|---|"
        );
        for kind in Kind::ALL {
            let (Some(ours), Some(theirs)) =
                (self.selfdesk.quality.get(&kind), self.fts.quality.get(&kind))
            else {
                continue;
            };
            let suggested = self.suggestions.quality.get(&kind).copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | {:.3} | {:.3} | {:.0}% | {:.0}% | {:.0}% | {:.0}% | {:.0}% |",
                kind.label(),
                ours.queries,
                ours.mrr(),
                theirs.mrr(),
                ours.hit_rate() * 100.0,
                theirs.hit_rate() * 100.0,
                ours.top_five_rate() * 100.0,
                theirs.top_five_rate() * 100.0,
                suggested.top_five_rate() * 100.0
            );
        }
        let _ = writeln!(out, "\nExamples of the queries:\n");
        for kind in Kind::ALL {
            let examples: Vec<String> = self
                .queries
                .iter()
                .filter(|q| q.kind == kind)
                .take(2)
                .map(|q| format!("`{}` → {}", q.text.replace('`', "'"), q.target))
                .collect();
            if !examples.is_empty() {
                let _ = writeln!(out, "- {}: {}", kind.label(), examples.join("; "));
            }
        }
        let _ = writeln!(out);
    }

    /// The targets set for the real corpus, each met or not.
    pub fn verdicts(&self) -> Vec<(String, bool)> {
        let ours = &self.selfdesk.latency;
        let theirs = &self.fts.latency;
        let mut verdicts = vec![
            (
                format!("in-process p99 under 5 ms ({:.2} ms)", ours.percentile(99.0)),
                ours.percentile(99.0) < 5.0,
            ),
            (
                format!(
                    "faster than FTS5 at p50 ({:.2} vs {:.2} ms)",
                    ours.percentile(50.0),
                    theirs.percentile(50.0)
                ),
                ours.percentile(50.0) < theirs.percentile(50.0),
            ),
            (
                format!(
                    "faster than FTS5 at p99 ({:.2} vs {:.2} ms)",
                    ours.percentile(99.0),
                    theirs.percentile(99.0)
                ),
                ours.percentile(99.0) < theirs.percentile(99.0),
            ),
        ];
        for kind in Kind::ALL {
            if let (Some(a), Some(b)) =
                (self.selfdesk.quality.get(&kind), self.fts.quality.get(&kind))
            {
                verdicts.push((
                    format!(
                        "MRR@10 above FTS5 on {} ({:.3} vs {:.3})",
                        kind.label(),
                        a.mrr(),
                        b.mrr()
                    ),
                    a.mrr() > b.mrr(),
                ));
            }
        }
        verdicts
    }
}

pub fn write(path: &Path, sections: &[Section], machine: &str) -> anyhow::Result<String> {
    let mut out = String::new();
    let _ = writeln!(out, "# Selfdesk search benchmark\n\n{machine}\n");
    if let Some(real) = sections.iter().find(|s| s.name.starts_with("Real")) {
        let _ = writeln!(out, "Targets on the real corpus:\n");
        for (text, met) in real.verdicts() {
            let _ = writeln!(out, "- [{}] {text}", if met { "x" } else { " " });
        }
        let _ = writeln!(out);
    }
    for section in sections {
        section.write(&mut out);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, &out).with_context(|| format!("writing {}", path.display()))?;
    Ok(out)
}

/// Every query with the rank each engine gave its target (0: not in the
/// top ten) and its slowest timed run.
pub fn write_ranks(
    path: &Path,
    queries: &[Query],
    ours: &Measured,
    theirs: &Measured,
) -> anyhow::Result<()> {
    let mut out = String::from("kind\tquery\ttarget\tselfdesk\tfts5\tselfdesk ms\tfts5 ms\n");
    for (i, query) in queries.iter().enumerate() {
        let rank = |m: &Measured| m.ranks.get(i).copied().flatten().unwrap_or(0);
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{:.2}\t{:.2}",
            kind_key(query.kind),
            query.text.replace(['\t', '\n'], " "),
            query.target,
            rank(ours),
            rank(theirs),
            ours.slowest.get(i).copied().unwrap_or_default(),
            theirs.slowest.get(i).copied().unwrap_or_default()
        );
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Symptom => "symptom",
        Kind::TitleLike => "title",
        Kind::ErrorMessage => "message",
        Kind::ErrorCode => "code",
        Kind::Keywords => "keywords",
        Kind::Prefix => "prefix",
        Kind::Misspelt => "misspelt",
    }
}

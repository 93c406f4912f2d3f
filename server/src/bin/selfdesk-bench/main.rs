//! `selfdesk-bench`: Selfdesk's search and SQLite FTS5, side by side, on the
//! real corpus and a generated one of 50,000 articles: build time and size,
//! latency in process and over HTTP, and result quality per kind of query.
//! See the README for how to run it.

mod corpus;
mod fts;
mod http;
mod measure;
mod queries;
mod report;

use std::{path::PathBuf, sync::Arc, time::Instant};

use anyhow::Context;
use clap::Parser;

use app::{
    infra::{
        clock::{Clock, SystemClock},
        db::{Db, sqlite_url},
        mail::Mailer,
    },
    kb::{
        search::Request,
        server::{import, readers::Reader},
    },
    runtime::{AppState, Settings},
};

use measure::Latency;
use queries::Query;
use report::Section;

#[derive(Debug, Parser)]
#[command(name = "selfdesk-bench", about = "Selfdesk's search against SQLite FTS5")]
struct Options {
    /// The real corpus: its .tar.gz, or a folder of Markdown.
    #[arg(long, default_value = "../shared/corpus/supportarticles-docs.tar.gz")]
    corpus: PathBuf,
    /// Articles in the generated corpus (0 skips it).
    #[arg(long, default_value_t = 50_000)]
    generated: usize,
    /// Queries of each kind per corpus.
    #[arg(long, default_value_t = 60)]
    per_kind: usize,
    /// Timed passes over the queries, after one warm-up pass.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Working folder: corpora, databases, indexes.
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
    /// Where the report goes.
    #[arg(long, default_value = "target/bench/report.md")]
    report: PathBuf,
    /// Skips the HTTP measurements (quicker, when tuning ranking).
    #[arg(long)]
    no_http: bool,
    /// Measures the generated corpus only (the real one still supplies its vocabulary).
    #[arg(long)]
    skip_real: bool,
}

fn folder_bytes(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                folder_bytes(&path)
            } else {
                entry.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

async fn open_state(data: &std::path::Path) -> anyhow::Result<AppState> {
    let _ = std::fs::remove_dir_all(data);
    std::fs::create_dir_all(data)?;
    let db = Db::connect(&sqlite_url(data), 8).await?;
    let settings = Settings::new(data.to_path_buf(), "http://bench");
    let options = leptos::config::LeptosOptions::builder()
        .output_name("selfdesk")
        .site_root(server::cli::DEFAULT_SITE_DIR)
        .build();
    Ok(AppState::open(settings, db, options, Arc::new(SystemClock), Mailer::Log { bodies: false })
        .await?)
}

async fn measure_corpus(
    name: &str,
    dir: &std::path::Path,
    options: &Options,
    queries_for: QuerySource,
) -> anyhow::Result<Section> {
    println!("== {name}");
    let data = options.work.join(format!(
        "data-{}",
        name.split_whitespace().next().unwrap_or("corpus").to_lowercase()
    ));
    let state = open_state(&data).await?;
    let started = Instant::now();
    let imported = import::import_tree(
        &state.db,
        SystemClock.now_ms(),
        dir,
        &state.media,
        // As an operator would: the corpus's own audiences are for everyone.
        &import::ImportOptions {
            audience_map: import::AudienceMap::parse(["itpro=public", "application user=public"])
                .map_err(anyhow::Error::msg)?,
        },
        &|_| {},
    )
    .await?;
    let import_seconds = started.elapsed().as_secs_f64();
    println!(
        "imported {} articles in {import_seconds:.1} s ({} rejected)",
        imported.imported,
        imported.rejected.len()
    );
    for rejected in imported.rejected.iter().take(5) {
        println!("  rejected {}: {}", rejected.path.display(), rejected.message);
    }
    let started = Instant::now();
    let indexed = state.search.rebuild(&state.db).await?;
    let index_seconds = started.elapsed().as_secs_f64();
    let index_bytes = folder_bytes(&state.settings.index_dir());
    println!("indexed {indexed} in {index_seconds:.1} s, {index_bytes} bytes");
    let built = fts::Fts::build(&data.join("fts5.db"), &state.db).await?;
    println!("FTS5 built in {:.1} s, {} bytes", built.seconds, built.bytes);
    let fts = Arc::new(built.fts);

    let mut queries: Vec<Query> = match queries_for {
        QuerySource::Real => queries::for_real(&state.db, options.per_kind).await?,
        QuerySource::Generated(plants) => queries::for_generated(&plants, options.per_kind),
    };
    queries::attach_sources(&state.db, &mut queries).await?;
    println!("{} queries", queries.len());

    let index = state.search.clone();
    // Every search worked out anew, in process and over HTTP: the recent
    // outcomes kept in memory would otherwise answer the repeated runs.
    index.keep_recent_results(false);
    // As the JSON API searches, and as the results page does (also
    // counting facets over every match).
    let staff = Reader::Staff.index_terms();
    let selfdesk_search = |facets: bool| {
        let (index, staff) = (&index, &staff);
        move |text: &str, limit: usize| -> Vec<String> {
            let request = Request {
                text: text.to_owned(),
                readers: staff.clone(),
                limit,
                snippets: true,
                facets,
                ..Request::default()
            };
            index
                .search(&request)
                .map(|o| o.hits.into_iter().map(|h| h.slug).collect())
                .unwrap_or_default()
        }
    };
    let selfdesk = measure::run(&queries, options.runs, selfdesk_search(false));
    let with_facets = measure::run(&queries, options.runs, selfdesk_search(true));
    // The suggestions: the same ranking, as a signed-in customer reads.
    let customer = Reader::Customer { organisation: None, plans: Vec::new() }.index_terms();
    let suggestions = measure::run(&queries, 0, |text, limit| {
        let request = Request {
            text: text.to_owned(),
            readers: customer.clone(),
            limit,
            ..Request::default()
        };
        index
            .search(&request)
            .map(|o| o.hits.into_iter().map(|h| h.slug).collect())
            .unwrap_or_default()
    });
    let fts_measured = measure::run(&queries, options.runs, |text, limit| {
        fts.search(text, limit).unwrap_or_default().into_iter().map(|(slug, _)| slug).collect()
    });

    let (selfdesk_http, fts_http) = if options.no_http {
        (Latency::default(), Latency::default())
    } else {
        let addr = http::start(state.clone(), fts.clone()).await?;
        over_http(addr, &queries, options.runs).await?
    };
    let ranks_file = data.with_extension("ranks.tsv");
    report::write_ranks(&ranks_file, &queries, &selfdesk, &fts_measured)?;
    println!("measured; each query's ranks in {}", ranks_file.display());
    Ok(Section {
        name: name.to_owned(),
        articles: indexed,
        source_bytes: folder_bytes(dir),
        import_seconds,
        index_seconds,
        index_bytes,
        fts_seconds: built.seconds,
        fts_bytes: built.bytes,
        queries,
        runs: options.runs,
        selfdesk,
        selfdesk_with_facets: with_facets.latency,
        suggestions,
        fts: fts_measured,
        selfdesk_http,
        fts_http,
    })
}

async fn over_http(
    addr: std::net::SocketAddr,
    queries: &[Query],
    runs: usize,
) -> anyhow::Result<(Latency, Latency)> {
    let mut client = http::Client::connect(addr).await?;
    let mut ours = Latency::default();
    let mut theirs = Latency::default();
    for run in 0..=runs {
        for query in queries {
            let q = http::encode(&query.text);
            let started = Instant::now();
            client
                .get(&format!("/api/v1/search?q={q}&limit=10"))
                .await
                .with_context(|| format!("searching {:?}", query.text))?;
            let ours_ms = started.elapsed().as_secs_f64() * 1000.0;
            let started = Instant::now();
            client.get(&format!("/bench/fts?q={q}")).await?;
            let theirs_ms = started.elapsed().as_secs_f64() * 1000.0;
            // The first pass warms up.
            if run > 0 {
                ours.add(ours_ms);
                theirs.add(theirs_ms);
            }
        }
    }
    Ok((ours, theirs))
}

enum QuerySource {
    Real,
    Generated(Vec<corpus::Planted>),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    tracing_subscriber::fmt().with_env_filter("warn").init();
    std::fs::create_dir_all(&options.work).context("creating the working folder")?;
    let real = corpus::real(&options.corpus, &options.work)?;
    let mut sections = Vec::new();
    if !options.skip_real {
        let name = "Real corpus (supportarticles-docs)";
        sections.push(measure_corpus(name, &real, &options, QuerySource::Real).await?);
    }
    if options.generated > 0 {
        let vocabulary = corpus::vocabulary(&real, 20_000)?;
        let (dir, plants) = corpus::generate(&options.work, &vocabulary, options.generated)?;
        let name = format!("Generated corpus ({} articles)", options.generated);
        sections.push(measure_corpus(&name, &dir, &options, QuerySource::Generated(plants)).await?);
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let machine =
        format!("Measured with a release build on {cores} cores; latencies in milliseconds.");
    let text = report::write(&options.report, &sections, &machine)?;
    println!("\n{text}");
    println!("Report written to {}", options.report.display());
    Ok(())
}

//! `selfdesk import DIR`: a tree of Markdown files into the knowledge base.
//!
//! Idempotent: an article whose stored content would not change is left
//! alone. A file that cannot be read or understood is reported with its
//! line and skipped; the rest still loads, and nothing already imported is
//! removed. Fragments that other files include are inlined, not imported.

mod audiences;
pub mod front_matter;
mod metadata;
mod resolve;
mod slugs;
mod source;

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use crate::{
    infra::{db::Db, error::ServerError, storage::FileStore},
    kb::{
        authoring::server::versions,
        server::{
            articles::{self, ArticleRecord, Saved},
            content::{ArticleContent, ArticleMeta},
        },
    },
    markdown,
};

pub use audiences::{AudienceCounts, AudienceMap};
use front_matter::Document;
pub use metadata::date_ms;
use source::{SourceFile, Unreadable};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<Rejected>,
    /// Files other files include: inlined where they are included.
    pub fragments: usize,
    /// Imported, but with something to look at.
    pub warnings: Vec<String>,
    /// Articles of this import per audience (new, updated and unchanged).
    pub audiences: AudienceCounts,
}

/// How the files are read.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Foreign `audience` values and the audiences they stand for.
    pub audience_map: AudienceMap,
}

/// A file skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl From<Unreadable> for Rejected {
    fn from(u: Unreadable) -> Self {
        Self { path: u.relative, line: u.line, message: u.message }
    }
}

/// How far an import has come, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Files found and being read and rendered.
    Found(usize),
    /// Articles rendered so far.
    Rendered(usize),
    /// Articles saved so far, of how many.
    Saved(usize, usize),
}

/// Saves this many articles per transaction.
const BATCH: usize = 200;

pub async fn import_tree(
    db: &Db,
    now_ms: i64,
    root: &Path,
    media: &FileStore,
    options: &ImportOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ImportReport, ServerError> {
    if !root.is_dir() {
        return Err(ServerError::io(
            format!("reading {}", root.display()),
            std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
        ));
    }
    let mut report = ImportReport::default();
    let pictures = Mutex::default();
    let records = prepare(root, &pictures, options, &mut report, progress);
    // Pictures first: no saved article ever points at a missing one.
    store_pictures(media, pictures.into_inner().unwrap_or_else(|p| p.into_inner())).await?;
    for record in &records {
        report.audiences.add(record.content.meta.audience);
    }
    let total = records.len();
    for (batch_number, batch) in records.chunks(BATCH).enumerate() {
        let mut tx = db.pool().begin().await?;
        let revision = articles::next_revision(&mut tx).await?;
        for record in batch {
            let saved = articles::save(&mut tx, now_ms, revision, record).await?;
            match saved {
                Saved::Inserted => report.imported += 1,
                Saved::Updated => report.updated += 1,
                Saved::Unchanged => report.unchanged += 1,
            }
            if saved != Saved::Unchanged {
                versions::record(&mut tx, record, None, None, "Imported", now_ms).await?;
            }
        }
        tx.commit().await?;
        progress(Progress::Saved(((batch_number + 1) * BATCH).min(total), total));
    }
    Ok(report)
}

/// Stores the tree's pictures in the media store, each read when its turn comes.
async fn store_pictures(
    media: &FileStore,
    pictures: BTreeMap<String, PathBuf>,
) -> Result<(), ServerError> {
    for (name, file) in pictures {
        let bytes = tokio::fs::read(&file)
            .await
            .map_err(|e| ServerError::io(format!("reading {}", file.display()), e))?;
        media.put_named(&name, bytes.into()).await?;
    }
    Ok(())
}

/// Reads, parses and renders the tree into records (blocking work, spread
/// over the machine's cores).
fn prepare(
    root: &Path,
    pictures: &Mutex<BTreeMap<String, PathBuf>>,
    options: &ImportOptions,
    report: &mut ImportReport,
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<ArticleRecord> {
    let paths = source::markdown_files(root);
    progress(Progress::Found(paths.len()));
    let mut files = Vec::new();
    for path in &paths {
        match source::read(root, path) {
            Ok(file) => files.push(file),
            Err(unreadable) => report.rejected.push(unreadable.into()),
        }
    }
    let fragments = source::included_files(&files);
    report.fragments = files.iter().filter(|f| fragments.contains(&f.relative)).count();
    let texts: HashMap<PathBuf, String> =
        files.iter().map(|f| (f.relative.clone(), f.text.clone())).collect();
    let articles: Vec<&SourceFile> =
        files.iter().filter(|f| !fragments.contains(&f.relative)).collect();

    let mut parsed = Vec::new();
    for file in articles {
        match front_matter::parse(&file.text) {
            Ok(document) => parsed.push((file, document)),
            Err(e) => report.rejected.push(Rejected {
                path: file.relative.clone(),
                line: Some(e.line),
                message: e.message,
            }),
        }
    }
    let slugs = slugs::assign(&mut parsed, report);
    let tree = Tree { root, pictures, slugs: &slugs, texts: &texts };
    let results = build_in_parallel(&tree, options, &parsed, progress);
    let records = collect(results, report);
    report.rejected.sort_by(|a, b| a.path.cmp(&b.path));
    records
}

/// An article built into its record, with the audiences it named that
/// Selfdesk does not know; or why it was rejected.
type Built = Result<(ArticleRecord, Vec<String>), Rejected>;

/// Builds the records on every core: rendering is most of an import.
fn build_in_parallel(
    tree: &Tree<'_>,
    options: &ImportOptions,
    parsed: &[(&SourceFile, Document<'_>)],
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<Built> {
    let rendered = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = parsed.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = parsed
            .chunks(chunk)
            .map(|part| {
                let rendered = &rendered;
                scope.spawn(move || {
                    part.iter()
                        .map(|(file, document)| {
                            let result = build_record(tree, options, file, document);
                            let done = rendered.fetch_add(1, Ordering::Relaxed) + 1;
                            if done.is_multiple_of(50) {
                                progress(Progress::Rendered(done));
                            }
                            result
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().unwrap_or_default()).collect()
    })
}

/// The records, the rejections into the report, and one warning that counts
/// the audiences Selfdesk does not know.
fn collect(results: Vec<Built>, report: &mut ImportReport) -> Vec<ArticleRecord> {
    let mut records = Vec::new();
    let mut unknown_audiences: HashMap<String, usize> = HashMap::new();
    for result in results {
        match result {
            Ok((record, warnings)) => {
                for audience in warnings {
                    *unknown_audiences.entry(audience).or_default() += 1;
                }
                records.push(record);
            }
            Err(rejected) => report.rejected.push(rejected),
        }
    }
    if !unknown_audiences.is_empty() {
        let mut counts: Vec<(String, usize)> = unknown_audiences.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let listed: Vec<String> =
            counts.iter().map(|(value, n)| format!("{value:?}: {n}")).collect();
        report.warnings.push(format!(
            "{total} files name an audience Selfdesk does not know ({}); they were imported for staff only. \
             Use public, customers or internal, or map the values with --audience-map VALUE=AUDIENCE.",
            listed.join(", ")
        ));
    }
    records
}

/// The tree being imported, as every file's record needs it.
struct Tree<'a> {
    root: &'a Path,
    pictures: &'a Mutex<BTreeMap<String, PathBuf>>,
    slugs: &'a HashMap<PathBuf, String>,
    texts: &'a HashMap<PathBuf, String>,
}

fn build_record(
    tree: &Tree<'_>,
    options: &ImportOptions,
    file: &SourceFile,
    document: &Document<'_>,
) -> Result<(ArticleRecord, Vec<String>), Rejected> {
    let Tree { root, pictures, slugs, texts } = *tree;
    let reject = |line: usize, message: String| Rejected {
        path: file.relative.clone(),
        line: Some(line),
        message,
    };
    let front = &document.front;
    let case_types = metadata::case_types(front)
        .map_err(|m| reject(front_matter::field_line_in_file(&file.text, "case_types"), m))?;
    let body =
        source::expand(document.body, &file.relative, &|path: &Path| texts.get(path).cloned(), 0);
    let resolver = resolve::TreeResolver {
        root,
        pictures,
        current: &file.relative,
        slugs,
        copied: Mutex::default(),
    };
    let rendered = markdown::render(&body, &resolver);
    let (audience, unknown_audience) = metadata::audience(front, &options.audience_map);
    let restricted_to = metadata::restriction(front, audience)
        .map_err(|m| reject(front_matter::field_line_in_file(&file.text, "audience"), m))?;
    // No date given: the save stamps the time the content last changed.
    let updated_at = front.updated.as_deref().and_then(date_ms).unwrap_or(0);
    let content = ArticleContent {
        title: metadata::title(front, &rendered, &file.relative),
        summary: metadata::summary(front, &rendered),
        category: front.category.clone().unwrap_or_default(),
        meta: ArticleMeta {
            audience,
            restricted_to,
            products: front.products.clone(),
            tags: front.tags.clone(),
            case_types,
        },
        // With the fragments it includes inlined and its pictures at their
        // media addresses: the article is edited, exported and imported
        // again as one text that no longer needs the tree's other files.
        body_markdown: resolver.with_media_addresses(&body),
    };
    let record = ArticleRecord {
        slug: slugs[&file.relative].clone(),
        content,
        extra: front.extra.clone(),
        body_html: rendered.html,
        toc: rendered.toc,
        headings: rendered.headings,
        body_text: rendered.text,
        source_path: file.relative.to_string_lossy().replace('\\', "/"),
        updated_at,
        links: rendered.links,
    };
    Ok((record, unknown_audience.into_iter().collect()))
}

#[cfg(test)]
mod tests;

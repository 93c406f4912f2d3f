//! Running a search: the query, the filters the reader's access and choices
//! impose, one pass for the page of hits, the total and the facet counts,
//! then snippets for the page.

use serde::{Deserialize, Serialize};
use tantivy::{
    DocAddress, Order, Searcher, TantivyDocument, Term,
    collector::{Count, TopDocs},
    query::{AllQuery, BooleanQuery, Occur, Query, TermQuery},
    schema::{IndexRecordOption, Value},
    snippet::SnippetGenerator,
};

use super::{
    SearchIndex,
    facets::{Counts, TermCounts, Wanted},
    query, rank,
    schema::{self, Fields},
    snippets,
};
use crate::server::error::ServerError;

/// A search as the services ask for it.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    pub text: &'a str,
    pub product: Option<&'a str>,
    pub category: Option<&'a str>,
    pub tag: Option<&'a str>,
    pub case_type: Option<&'a str>,
    /// The reader's terms (`kb::readers`): only articles carrying one of
    /// them are ever returned.
    pub readers: &'a [String],
    pub offset: usize,
    pub limit: usize,
    /// Highlighted extracts of the body (the suggestions list does without).
    pub snippets: bool,
    /// Facet counts over every match (only the results page shows them).
    pub facets: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// HTML: the extract escaped, the matched words in `<mark>`.
    pub snippet: String,
    pub score: f32,
    pub category: String,
    pub products: Vec<String>,
}

pub use crate::kb::Facets;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

const TOP_TAGS: usize = 15;
/// Every product and category is listed, up to these many.
const MAX_PRODUCTS: usize = 100;
const MAX_CATEGORIES: usize = 100;
const SNIPPET_CHARS: usize = 220;
/// The stretch of the body the snippet is chosen from.
const SNIPPET_WINDOW_BYTES: usize = SNIPPET_CHARS + 60;

impl SearchIndex {
    /// Runs a search, or answers it from the recent outcomes when the index
    /// has not changed since; CPU-bound (call it off the async threads).
    pub fn search(&self, request: &Request<'_>) -> Result<Outcome, ServerError> {
        let searcher = self.inner.reader.searcher();
        let generation = searcher.generation().generation_id();
        if let Some(outcome) = self.inner.results.get(generation, request) {
            return Ok(outcome);
        }
        let outcome = self.run(&searcher, request)?;
        self.inner.results.put(generation, request, &outcome);
        Ok(outcome)
    }

    /// The outcome of a search run before on the index as it is now, if
    /// any: cheap enough for the async threads.
    pub fn recent(&self, request: &Request<'_>) -> Option<Outcome> {
        let generation = self.inner.reader.searcher().generation().generation_id();
        self.inner.results.get(generation, request)
    }

    /// Keeps recent outcomes (the default) or works every search out anew,
    /// as the benchmark does to measure the search itself.
    pub fn keep_recent_results(&self, keep: bool) {
        self.inner.results.set_enabled(keep);
    }

    fn run(&self, searcher: &Searcher, request: &Request<'_>) -> Result<Outcome, ServerError> {
        let fields = self.inner.fields;
        let parsed = query::parse(request.text);
        let browsing = parsed.words.is_empty() && parsed.phrases.is_empty();
        let builder = query::Builder { fields, searcher, synonyms: &self.inner.synonyms };
        let (content, proximity): (Box<dyn Query>, Vec<Box<dyn Query>>) =
            match builder.build(&parsed) {
                Some(built) => (built.matching, built.proximity),
                None if browsing => (Box::new(AllQuery), Vec::new()),
                None => return Ok(Outcome::default()),
            };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, content.box_clone())];
        let readers: Vec<(Occur, Box<dyn Query>)> = request
            .readers
            .iter()
            .map(|reader| (Occur::Should, term(Term::from_field_text(fields.readers, reader))))
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(readers))));
        for (field, value) in [
            (fields.product, request.product),
            (fields.category, request.category),
            (fields.tag, request.tag),
            (fields.case_type, request.case_type),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                clauses.push((Occur::Must, term(Term::from_field_text(field, value))));
            }
        }
        let query = BooleanQuery::new(clauses);

        let wanted = [
            Wanted { field: schema::PRODUCT, limit: MAX_PRODUCTS },
            Wanted { field: schema::CATEGORY, limit: MAX_CATEGORIES },
            Wanted { field: schema::TAG, limit: TOP_TAGS },
        ];
        let facet_counts =
            TermCounts { wanted: if request.facets { wanted.to_vec() } else { Vec::new() } };
        let limit = request.limit.max(1);
        let (addresses, total, counts): (Vec<(f32, DocAddress)>, usize, Counts) = if browsing {
            let top = TopDocs::with_limit(limit).and_offset(request.offset);
            let newest = top.order_by_fast_field::<i64>("updated", Order::Desc);
            let (docs, total, counts) = searcher.search(&query, &(newest, Count, facet_counts))?;
            (docs.into_iter().map(|(_, address)| (0.0, address)).collect(), total, counts)
        } else {
            let candidates = TopDocs::with_limit((request.offset + limit).max(rank::CANDIDATES));
            let (docs, total, counts) =
                searcher.search(&query, &(candidates.order_by_score(), Count, facet_counts))?;
            let ranked = rank::rerank(searcher, &proximity, docs)?;
            (ranked.into_iter().skip(request.offset).take(limit).collect(), total, counts)
        };

        let snippets = match (request.snippets, browsing) {
            (true, false) => {
                let words = highlighted_words(&*content, fields);
                let mut generator = SnippetGenerator::create(
                    searcher,
                    &highlight_query(&words, fields),
                    fields.body,
                )?;
                generator.set_max_num_chars(SNIPPET_CHARS);
                Some((generator, words))
            }
            _ => None,
        };
        let hits = addresses
            .into_iter()
            .map(|(score, address)| self.hit(searcher, address, score, snippets.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut counts = counts.into_iter();
        let facets = Facets {
            products: counts.next().unwrap_or_default(),
            categories: counts.next().unwrap_or_default(),
            tags: counts.next().unwrap_or_default(),
        };
        Ok(Outcome { total, hits, facets })
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        snippets: Option<&(SnippetGenerator, Vec<String>)>,
    ) -> Result<Hit, ServerError> {
        let fields = self.inner.fields;
        let document: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            document
                .get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let mut hit = Hit {
            id: document.get_first(fields.id).and_then(|v| v.as_u64()).unwrap_or_default() as i64,
            slug: text(fields.slug),
            title: text(fields.title),
            summary: text(fields.summary),
            snippet: String::new(),
            score,
            category: String::new(),
            products: Vec::new(),
        };
        hit.products = document
            .get_all(fields.product)
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        hit.category = text(fields.category);
        if let Some((generator, words)) = snippets {
            let body = text(fields.body);
            let mut snippet =
                generator.snippet(snippets::window(&body, words, SNIPPET_WINDOW_BYTES));
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            hit.snippet = snippet.to_html();
        }
        if hit.snippet.is_empty() {
            hit.snippet = crate::markdown::escape_html(&hit.summary);
        }
        Ok(hit)
    }
}

/// The (analysed) words the content query searches: what the snippets
/// highlight.
fn highlighted_words(content: &dyn Query, fields: Fields) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    content.query_terms(&mut |term, _| {
        if term.field() != fields.text {
            return;
        }
        if let Some(word) = term.value().as_str().filter(|w| !words.iter().any(|known| known == w))
        {
            words.push(word.to_owned());
        }
    });
    words
}

/// The words as terms of the body, for the snippet generator.
fn highlight_query(words: &[String], fields: Fields) -> BooleanQuery {
    BooleanQuery::new(
        words
            .iter()
            .map(|word| (Occur::Should, term(Term::from_field_text(fields.body, word))))
            .collect(),
    )
}

fn term(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

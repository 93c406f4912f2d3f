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
    schema::Fields,
    snippets,
};
use crate::infra::error::ServerError;

/// A search as the services ask for it: everything its outcome depends on
/// besides the index, so it is also the key of the recent outcomes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Request {
    pub text: String,
    pub filters: Filters,
    pub case_type: Option<String>,
    /// The reader's terms (`kb::readers`): only articles carrying one of
    /// them are ever returned.
    pub readers: Vec<String>,
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
use crate::kb::{Facet, Filters};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// The values of a facet the results page lists: every product and
/// category (up to a hundred), the most frequent tags.
fn values_shown(facet: Facet) -> usize {
    match facet {
        Facet::Product | Facet::Category => 100,
        Facet::Tag => 15,
    }
}
const SNIPPET_CHARS: usize = 220;
/// The stretch of the body the snippet is chosen from.
const SNIPPET_WINDOW_BYTES: usize = SNIPPET_CHARS + 60;

impl SearchIndex {
    /// Runs a search, or answers it from the recent outcomes when the index
    /// has not changed since; CPU-bound (call it off the async threads).
    pub fn search(&self, request: &Request) -> Result<Outcome, ServerError> {
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
    pub fn recent(&self, request: &Request) -> Option<Outcome> {
        let generation = self.inner.reader.searcher().generation().generation_id();
        self.inner.results.get(generation, request)
    }

    /// Keeps recent outcomes (the default) or works every search out anew,
    /// as the benchmark does to measure the search itself.
    pub fn keep_recent_results(&self, keep: bool) {
        self.inner.results.set_enabled(keep);
    }

    fn run(&self, searcher: &Searcher, request: &Request) -> Result<Outcome, ServerError> {
        let fields = self.inner.fields;
        let parsed = query::parse(&request.text);
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
        for (facet, value) in request.filters.chosen() {
            clauses.push((Occur::Must, term(Term::from_field_text(fields.facet(facet), value))));
        }
        if let Some(case_type) = request.case_type.as_deref().filter(|v| !v.is_empty()) {
            clauses.push((Occur::Must, term(Term::from_field_text(fields.case_type, case_type))));
        }
        let query = BooleanQuery::new(clauses);

        let counted: &[Facet] = if request.facets { Facet::ALL } else { &[] };
        let wanted = counted
            .iter()
            .map(|facet| Wanted { field: facet.as_str(), limit: values_shown(*facet) })
            .collect();
        let facet_counts = TermCounts { wanted };
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
        // The collector answers in the order it was asked.
        let mut facets = Facets::default();
        for (facet, values) in counted.iter().zip(counts) {
            facets.set(*facet, values);
        }
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

//! The knowledge base's search and analytics types, as the server functions,
//! the JSON API and the pages exchange them.

use serde::{Deserialize, Serialize};

use super::{Facets, Filters};
use crate::words::word_enum;

/// A search as the results page and the API ask for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub filters: Filters,
    pub offset: usize,
    pub limit: usize,
    /// Whether to count the facets of every match (it costs a pass over them all).
    pub facets: bool,
}

impl Default for SearchParams {
    fn default() -> Self {
        Self { q: String::new(), filters: Filters::default(), offset: 0, limit: 10, facets: false }
    }
}

/// A search as the results page's address carries it: the words, the
/// filters, and the page of ten.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub filters: Filters,
    /// From 1.
    #[serde(default)]
    pub page: usize,
}

/// Where a reader came from when opening an article: a search result (the
/// search and the hit's position), or a suggestion picked for typed text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    #[serde(default)]
    pub search_id: Option<i64>,
    #[serde(default)]
    pub suggested_for: Option<String>,
    #[serde(default)]
    pub position: Option<i64>,
}

/// A reader's answer to "Was this helpful?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub slug: String,
    pub helpful: Helpful,
    #[serde(default)]
    pub comment: String,
}

word_enum!(
    /// Whether an article helped.
    Helpful, "answer" {
        Yes = "yes", "Yes";
        No = "no", "No";
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// HTML: escaped text with the matched words in `<mark>`.
    pub snippet: String,
    pub url: String,
    pub score: f32,
    pub category: String,
    pub products: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<SearchHit>,
    /// Counted when asked for.
    pub facets: Option<Facets>,
    /// Links to results carry it, so opening one is counted.
    pub search_id: Option<i64>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueryCount {
    pub query: String,
    pub searches: i64,
    /// Results of its latest search.
    pub hits: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnhelpfulArticle {
    pub slug: String,
    pub title: String,
    pub no: i64,
    pub yes: i64,
    /// The latest comments left with a "no".
    pub comments: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnalyticsReport {
    pub searches: i64,
    pub top_queries: Vec<QueryCount>,
    pub no_results: Vec<QueryCount>,
    pub no_click: Vec<QueryCount>,
    pub unhelpful: Vec<UnhelpfulArticle>,
}

//! Knowledge-base operations shared by the pages' server functions and the
//! JSON API. Each one decides what the viewer may see before it reads.

use std::time::Instant;

use crate::{
    auth::server::{Viewer, middleware::ClientAddress},
    error::AppError,
    infra::{
        error::ServerError,
        rate_limit::{HOUR_MS, Limit},
    },
    kb::{
        Arrival, Article, ArticleCard, Feedback, Helpful, SearchHit, SearchParams, SearchResults,
        Suggestion, article_url,
        search::{self, Request},
        server::{
            analytics::{self, Source},
            articles,
            readers::Reader,
            recorder::{ClickRow, SearchRow},
        },
    },
    runtime::state::AppState,
};

/// Results per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 100;
pub const MAX_OFFSET: usize = 10_000;
const RELATED: usize = 5;

impl SearchParams {
    /// Checks the parameters, with a message for each mistake.
    pub fn validate(&self) -> Result<(), AppError> {
        if self.q.chars().count() > search::MAX_QUERY_CHARS {
            return Err(AppError::bad_request(format!(
                "q is too long: at most {} characters.",
                search::MAX_QUERY_CHARS
            )));
        }
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return Err(AppError::bad_request(format!("limit must be from 1 to {MAX_LIMIT}.")));
        }
        if self.offset > MAX_OFFSET {
            return Err(AppError::bad_request(format!("offset must be at most {MAX_OFFSET}.")));
        }
        Ok(())
    }

    fn filters(&self) -> String {
        self.filters
            .chosen()
            .map(|(facet, value)| format!("{}={value}", facet.as_str()))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn request(params: &SearchParams, readers: Vec<String>, snippets: bool) -> Request {
    Request {
        text: params.q.clone(),
        filters: params.filters.clone(),
        case_type: None,
        readers,
        offset: params.offset,
        limit: params.limit,
        snippets,
        facets: params.facets,
    }
}

/// Answers from the recent outcomes, or runs the search off the async
/// threads (it is CPU work).
async fn run(
    state: &AppState,
    viewer: &Viewer,
    params: &SearchParams,
    snippets: bool,
) -> Result<search::Outcome, ServerError> {
    let index = state.search.clone();
    let readers = Reader::of(&state.db, viewer, state.clock.now_ms()).await?.index_terms();
    let request = request(params, readers, snippets);
    if let Some(outcome) = index.recent(&request) {
        return Ok(outcome);
    }
    tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .map_err(|e| ServerError::io("searching", std::io::Error::other(e)))?
}

/// Whether this reader's searches and clicks are written: always for
/// signed-in users, within a per-client allowance for anonymous ones.
fn records(state: &AppState, viewer: &Viewer) -> bool {
    viewer.user().is_some() || state.analytics.admits_anonymous(&ClientAddress::current())
}

pub async fn search(
    state: &AppState,
    viewer: &Viewer,
    params: &SearchParams,
    source: Source,
) -> Result<SearchResults, ServerError> {
    params.validate()?;
    let started = Instant::now();
    let outcome = run(state, viewer, params, true).await?;
    let took_ms = started.elapsed().as_secs_f64() * 1000.0;
    let search_id = (!params.q.trim().is_empty() && records(state, viewer)).then(|| {
        state.analytics.search(SearchRow {
            id: 0,
            query: params.q.clone(),
            filters: params.filters(),
            hits: outcome.total as i64,
            source,
            user_id: viewer.user().map(|user| user.id),
            at_ms: state.clock.now_ms(),
        })
    });
    let hits = outcome
        .hits
        .into_iter()
        .map(|hit| SearchHit {
            url: article_url(&hit.slug),
            slug: hit.slug,
            title: hit.title,
            summary: hit.summary,
            snippet: hit.snippet,
            score: hit.score,
            category: hit.category,
            products: hit.products,
        })
        .collect();
    Ok(SearchResults {
        total: outcome.total,
        took_ms,
        hits,
        facets: params.facets.then_some(outcome.facets),
        search_id,
        offset: params.offset,
        limit: params.limit,
    })
}

/// The first few titles for what is being typed; not recorded.
pub async fn suggest(
    state: &AppState,
    viewer: &Viewer,
    q: &str,
    limit: usize,
) -> Result<Vec<Suggestion>, ServerError> {
    if q.trim().is_empty() {
        return Ok(Vec::new());
    }
    let params = SearchParams {
        q: q.chars().take(search::MAX_QUERY_CHARS).collect(),
        limit,
        ..SearchParams::default()
    };
    let outcome = run(state, viewer, &params, false).await?;
    Ok(outcome
        .hits
        .into_iter()
        .map(|hit| Suggestion {
            url: article_url(&hit.slug),
            slug: hit.slug,
            title: hit.title,
            summary: hit.summary,
        })
        .collect())
}

pub async fn article(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    arrival: &Arrival,
) -> Result<Article, ServerError> {
    let row = articles::published(&state.db, slug)
        .await?
        .ok_or_else(|| AppError::not_found("That article"))?;
    let now_ms = state.clock.now_ms();
    let reader = Reader::of(&state.db, viewer, now_ms).await?;
    reader.may_read(row.meta.audience, &row.meta.restricted_to)?;
    let position = arrival.position.unwrap_or(0).clamp(0, 10_000);
    let came_from_search = arrival.search_id.is_some() || arrival.suggested_for.is_some();
    let unrecorded = Arrival::default();
    let arrival = if came_from_search && records(state, viewer) { arrival } else { &unrecorded };
    let search_id = match (arrival.search_id, arrival.suggested_for.as_deref()) {
        (Some(search_id), _) => Some(search_id),
        (None, Some(query)) if !query.trim().is_empty() => {
            Some(state.analytics.search(SearchRow {
                id: 0,
                query: query.chars().take(search::MAX_QUERY_CHARS).collect(),
                filters: String::new(),
                hits: 1,
                source: Source::Suggestion,
                user_id: viewer.user().map(|user| user.id),
                at_ms: now_ms,
            }))
        }
        _ => None,
    };
    if let Some(search_id) = search_id {
        state.analytics.click(ClickRow { search_id, article_id: row.id, position, at_ms: now_ms });
    }
    let related: Vec<ArticleCard> = articles::related(&state.db, &row, &reader, RELATED).await?;
    Ok(row.into_article(related))
}

/// Answers to "was this helpful?" one network address may give an hour.
const FEEDBACK_PER_CLIENT: Limit = Limit { bucket: "feedback", max: 30, window_ms: HOUR_MS };

/// Records a reader's "was this helpful?" answer.
pub async fn feedback(
    state: &AppState,
    viewer: &Viewer,
    feedback: &Feedback,
) -> Result<(), ServerError> {
    let row = articles::published(&state.db, &feedback.slug)
        .await?
        .ok_or_else(|| AppError::not_found("That article"))?;
    Reader::of(&state.db, viewer, state.clock.now_ms())
        .await?
        .may_read(row.meta.audience, &row.meta.restricted_to)?;
    let comment = feedback.comment.trim();
    let length = comment.chars().count();
    if length > 2000 {
        let message = format!("Comment: at most 2,000 characters (this one has {length}).");
        return Err(AppError::bad_request(message).into());
    }
    FEEDBACK_PER_CLIENT.hit(&state.db, state.clock.now_ms(), &ClientAddress::current()).await?;
    let user_id = viewer.user().map(|user| user.id);
    let helpful = feedback.helpful == Helpful::Yes;
    analytics::record_feedback(&state.db, state.clock.now_ms(), row.id, helpful, comment, user_id)
        .await
}

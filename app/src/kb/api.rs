//! Search, suggestions, articles and feedback, for the pages.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::SearchParams;
use super::{Article, SearchResults, Suggestion};
use crate::{auth::csrf::CsrfClient, error::AppError};

#[cfg(feature = "ssr")]
fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

#[server(client = CsrfClient)]
pub async fn search_articles(
    q: String,
    product: Option<String>,
    category: Option<String>,
    tag: Option<String>,
    page: Option<usize>,
) -> Result<SearchResults, AppError> {
    use crate::{
        auth::server::current_viewer,
        kb::server::{analytics::Source, service},
        server::app_state,
    };

    let limit = service::DEFAULT_LIMIT;
    let page = page.unwrap_or(1).max(1);
    let params = SearchParams {
        q,
        product: optional(product),
        category: optional(category),
        tag: optional(tag),
        offset: (page - 1).saturating_mul(limit).min(service::MAX_OFFSET),
        limit,
        facets: true,
    };
    Ok(service::search(&app_state()?, &current_viewer(), &params, Source::Page).await?)
}

/// Texts shorter than this ask for no suggestions.
const MIN_SUGGEST_CHARS: usize = 3;

/// The suggestions for a problem's text as the forms show them: nothing
/// for a text too short to mean anything, without a call.
pub async fn suggestions_for(text: String) -> Result<Vec<Suggestion>, AppError> {
    if text.trim().chars().count() < MIN_SUGGEST_CHARS {
        return Ok(Vec::new());
    }
    suggest_articles(text).await
}

/// The first five articles for what is being typed.
#[server(client = CsrfClient)]
pub async fn suggest_articles(q: String) -> Result<Vec<Suggestion>, AppError> {
    use crate::{auth::server::current_viewer, kb::server::service, server::app_state};

    Ok(service::suggest(&app_state()?, &current_viewer(), &q, 5).await?)
}

/// An article; `s` and `p` say which search result was opened, `q` which
/// typed text a suggestion was picked for.
#[server(client = CsrfClient)]
pub async fn get_article(
    slug: String,
    s: Option<i64>,
    p: Option<i64>,
    q: Option<String>,
) -> Result<Article, AppError> {
    use crate::{auth::server::current_viewer, kb::server::service, server::app_state};

    let arrival = service::Arrival { search_id: s, suggested_for: q, position: p };
    Ok(service::article(&app_state()?, &current_viewer(), &slug, &arrival).await?)
}

#[server(client = CsrfClient)]
pub async fn send_feedback(
    slug: String,
    helpful: String,
    comment: Option<String>,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, kb::server::service, server::app_state};

    let helpful = match helpful.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::bad_request("Answer yes or no.")),
    };
    let comment = comment.unwrap_or_default();
    Ok(service::feedback(&app_state()?, &current_viewer(), &slug, helpful, &comment).await?)
}

//! Search, suggestions, articles and feedback, for the pages.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::SearchParams;
use super::{Arrival, Article, Feedback, SearchRequest, SearchResults, Suggestion};
use crate::{auth::csrf::CsrfClient, error::AppError};

/// A page of ten results, with the facets of every match.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn search_articles(search: SearchRequest) -> Result<SearchResults, AppError> {
    use crate::{
        auth::server::current_viewer,
        kb::server::{analytics::Source, service},
        runtime::app_state,
    };

    let limit = service::DEFAULT_LIMIT;
    let page = search.page.max(1);
    let params = SearchParams {
        q: search.q,
        filters: search.filters,
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
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn suggest_articles(q: String) -> Result<Vec<Suggestion>, AppError> {
    use crate::{auth::server::current_viewer, kb::server::service, runtime::app_state};

    Ok(service::suggest(&app_state()?, &current_viewer(), &q, 5).await?)
}

/// An article, and where the reader came from (recorded for analytics).
/// `in_place`: shown inside another page, its headings and ids fitted in
/// (`markdown::nested`).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn get_article(
    slug: String,
    #[server(default)] arrival: Arrival,
    #[server(default)] in_place: bool,
) -> Result<Article, AppError> {
    use crate::{auth::server::current_viewer, kb::server::service, runtime::app_state};

    let mut article = service::article(&app_state()?, &current_viewer(), &slug, &arrival).await?;
    if in_place {
        article.html = crate::markdown::nested(&article.html, &article.slug);
    }
    Ok(article)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn send_feedback(feedback: Feedback) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, kb::server::service, runtime::app_state};

    Ok(service::feedback(&app_state()?, &current_viewer(), &feedback).await?)
}

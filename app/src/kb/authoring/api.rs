//! Server functions of the writers' pages: drafts, saves, review, history.

use leptos::prelude::*;

use super::{Draft, DraftCard, DraftFields, History, Review, VersionDiff};
use crate::{auth::csrf::CsrfClient, error::AppError};

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn list_drafts() -> Result<Vec<DraftCard>, AppError> {
    use crate::{auth::server::current_viewer, kb::authoring::server::drafts, runtime::app_state};
    Ok(drafts::list(&app_state()?, &current_viewer()).await?)
}

/// The draft of an article, started from the published one when needed.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn open_draft(slug: String) -> Result<Draft, AppError> {
    use crate::{auth::server::current_viewer, kb::authoring::server::drafts, runtime::app_state};
    Ok(drafts::open(&app_state()?, &current_viewer(), &slug).await?)
}

/// A new article: its address and title; opens the editor.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn new_draft(slug: String, title: String) -> Result<Draft, AppError> {
    use crate::{auth::server::current_viewer, kb::authoring::server::drafts, runtime::app_state};
    let draft = drafts::create(&app_state()?, &current_viewer(), &slug, &title).await?;
    leptos_axum::redirect(&format!("/write/{}", draft.slug));
    Ok(draft)
}

/// Saves the editor's fields over save number `base_edit`; answers the
/// new number, or 409 when someone saved since.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn save_draft(
    slug: String,
    base_edit: i64,
    fields: DraftFields,
) -> Result<i64, AppError> {
    use crate::{auth::server::current_viewer, kb::authoring::server::drafts, runtime::app_state};
    Ok(drafts::save(&app_state()?, &current_viewer(), &slug, base_edit, &fields).await?)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn submit_draft(slug: String) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, kb::authoring::server::review, runtime::app_state};
    Ok(review::submit(&app_state()?, &current_viewer(), &slug).await?)
}

/// Approves the draft (publishing it now or at the review's time) or sends
/// it back with the comment.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn review_draft(review: Review) -> Result<Option<i64>, AppError> {
    use crate::{
        auth::server::current_viewer,
        kb::authoring::{
            ReviewDecision,
            server::review::{self, Decision},
        },
        runtime::app_state,
    };
    let Review { slug, decision, comment, publish_at } = review;
    let decision = match decision {
        ReviewDecision::Approve => Decision::Approve { publish_at: parse_time(&publish_at)? },
        ReviewDecision::SendBack => Decision::SendBack { comment },
    };
    Ok(review::review(&app_state()?, &current_viewer(), &slug, decision).await?)
}

/// A moment as the form's `datetime-local` input gives it, read as UTC.
#[cfg(feature = "ssr")]
fn parse_time(value: &str) -> Result<Option<i64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let civil: jiff::civil::DateTime = value.parse().map_err(|_| {
        AppError::bad_request("Give the publishing time like 2026-12-01T09:00 (UTC).")
    })?;
    let zoned = civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| AppError::bad_request("That publishing time does not exist."))?;
    Ok(Some(zoned.timestamp().as_millisecond()))
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn article_history(slug: String) -> Result<History, AppError> {
    use crate::{
        auth::server::current_viewer, kb::authoring::server::versions, runtime::app_state,
    };
    Ok(versions::history(&app_state()?, &current_viewer(), &slug).await?)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn compare_versions(slug: String, from: i64, to: i64) -> Result<VersionDiff, AppError> {
    use crate::{
        auth::server::current_viewer, kb::authoring::server::versions, runtime::app_state,
    };
    Ok(versions::diff(&app_state()?, &current_viewer(), &slug, from, to).await?)
}

/// Publishes an earlier version's content again as the newest version.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn restore_version(slug: String, number: i64) -> Result<i64, AppError> {
    use crate::{
        auth::server::current_viewer, kb::authoring::server::versions, runtime::app_state,
    };
    Ok(versions::restore(&app_state()?, &current_viewer(), &slug, number).await?)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn archive_article(slug: String) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, kb::authoring::server::review, runtime::app_state};
    Ok(review::archive(&app_state()?, &current_viewer(), &slug).await?)
}

/// Engineers: a draft article from a resolved case, for a writer to finish.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn draft_from_case(reference: String) -> Result<String, AppError> {
    use crate::{
        auth::server::current_viewer, kb::authoring::server::from_case, runtime::app_state,
    };
    Ok(from_case::draft_from_case(&app_state()?, &current_viewer(), &reference).await?)
}

/// The editor's preview: the Markdown rendered exactly as a publish
/// renders it (highlighted and sanitised), on the server, so that the
/// Markdown renderer stays out of the browser's bundle.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn preview_draft(body_markdown: String) -> Result<String, AppError> {
    use crate::{
        auth::server::{Action, authorize, current_viewer},
        kb::authoring::server::{drafts::render_body, fields::MAX_BODY_CHARS},
    };
    authorize(&current_viewer(), Action::WriteArticles)?;
    if body_markdown.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::bad_request(format!(
            "The text is too long to preview: at most {MAX_BODY_CHARS} characters."
        )));
    }
    Ok(render_body(&body_markdown).await?)
}

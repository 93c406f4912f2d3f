//! "Get help" sessions: a customer describes the problem and reads the
//! suggested articles; the session ends deflected (an article solved it) or
//! with a case. The weekly report counts both.

use leptos::prelude::*;

use super::DeflectionReport;
use crate::{auth::csrf::CsrfClient, error::AppError};

/// The session this visit to "get help" belongs to: the one named, while it
/// is still open, or a new one; and the HTML of the known problems that
/// may be what the customer came about ("Is it this?", `problems::known`).
/// Writes nothing.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn help_session(existing: Option<String>) -> Result<(String, String), AppError> {
    use crate::{
        auth::server::current_viewer, cases::server::deflection, problems::server::before_filing,
        runtime::app_state,
    };

    let (state, viewer) = (app_state()?, current_viewer());
    let token = deflection::start(&state, &viewer, existing.as_deref()).await?;
    Ok((token, before_filing(&state, &viewer).await?))
}

/// Counts the session as started; the page calls it once it has loaded.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn begin_help_session(session: String) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, cases::server::deflection, runtime::app_state};

    Ok(deflection::begin(&app_state()?, &current_viewer(), &session)?)
}

/// "This solved my problem": ends the session as deflected by the article.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn mark_solved(session: String, slug: String, query: String) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, cases::server::deflection, runtime::app_state};

    let state = app_state()?;
    Ok(deflection::solved(&state, &current_viewer(), &session, &slug, &query).await?)
}

/// The last `weeks` weeks (default 8), for writers and admins.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_deflection_report(weeks: Option<i64>) -> Result<DeflectionReport, AppError> {
    use crate::{auth::server::current_viewer, cases::server::deflection, runtime::app_state};

    let weeks = weeks.unwrap_or(8).clamp(1, 104);
    Ok(deflection::report(&app_state()?, &current_viewer(), weeks).await?)
}

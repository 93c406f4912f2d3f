//! Server functions of the case pages: lists, one case, and what the
//! customer does on it.

use leptos::prelude::*;

use super::{CaseDetail, CaseFormData, CaseStatus, CaseSummary, QueueRow};
#[cfg(feature = "ssr")]
use super::{QueueFilters, QueueSort};
use crate::{auth::csrf::CsrfClient, error::AppError};

/// The cases the viewer follows, newest first; `status` narrows the list.
#[server(client = CsrfClient)]
pub async fn list_cases(status: Option<String>) -> Result<Vec<CaseSummary>, AppError> {
    use crate::{auth::server::current_viewer, cases::server::queries, server::app_state};

    let status = status.filter(|s| !s.is_empty());
    Ok(queries::list(&app_state()?, &current_viewer(), status.as_deref()).await?)
}

#[server(client = CsrfClient)]
pub async fn load_case(reference: String) -> Result<CaseDetail, AppError> {
    use crate::{auth::server::current_viewer, cases::server::queries, server::app_state};

    Ok(queries::detail(&app_state()?, &current_viewer(), &reference).await?)
}

/// `action`: escalate, close or reopen.
#[server(client = CsrfClient)]
pub async fn change_case_status(
    reference: String,
    action: String,
    reason: String,
) -> Result<CaseStatus, AppError> {
    use crate::{
        auth::server::current_viewer,
        cases::server::actions::{self, StatusRequest},
        server::app_state,
    };

    let request: StatusRequest = action.parse()?;
    let state = app_state()?;
    Ok(actions::change_status(&state, &current_viewer(), &reference, request, &reason).await?)
}

/// Engineers: `take`, `reply`, `note`, `ask` (waiting on the customer) or
/// `resolve` (with `resolution` and `cause`).
#[server(client = CsrfClient)]
pub async fn work_case(
    reference: String,
    action: String,
    body: Option<String>,
    resolution: Option<String>,
    cause: Option<String>,
) -> Result<CaseStatus, AppError> {
    use crate::{
        auth::server::current_viewer,
        cases::server::work::{Work, work},
        server::app_state,
    };

    let work_item = Work::from_action(
        &action,
        body.unwrap_or_default(),
        resolution.unwrap_or_default(),
        cause.unwrap_or_default(),
    )?;
    Ok(work(&app_state()?, &current_viewer(), &reference, work_item).await?)
}

/// The case form's data; `described` is the text it opens with (subject
/// and description), for the articles that may answer it. They come with
/// the form rather than from a resource of their own: one resource for the
/// page keeps hydration in step with the server's page.
#[server(client = CsrfClient)]
pub async fn load_case_form(described: String) -> Result<CaseFormData, AppError> {
    use crate::{
        auth::server::current_viewer, cases::server::create, kb::api::suggestions_for,
        server::app_state,
    };

    let mut data = create::form_data(&app_state()?, &current_viewer()).await?;
    data.first_hints = suggestions_for(described).await?;
    Ok(data)
}

/// The engineers' queue; every filter is optional (empty means any).
#[server(client = CsrfClient)]
pub async fn load_queue(
    severity: Option<String>,
    level: Option<String>,
    status: Option<String>,
    owner: Option<String>,
    organisation: Option<String>,
    sort: Option<String>,
) -> Result<Vec<QueueRow>, AppError> {
    use crate::{auth::server::current_viewer, cases::server::queue, server::app_state};

    let given = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    let sort = match given(sort) {
        None => QueueSort::default(),
        Some(word) => QueueSort::ALL
            .iter()
            .find(|(_, name, _)| *name == word)
            .map(|(sort, _, _)| *sort)
            .ok_or_else(|| {
                AppError::bad_request("Sort by response_due, resolution_due, severity or opened.")
            })?,
    };
    let filters = QueueFilters {
        severity: given(severity).map(|s| s.parse()).transpose()?,
        level: given(level).map(|l| l.parse()).transpose()?,
        status: given(status).map(|s| s.parse()).transpose()?,
        owner: given(owner),
        organisation: given(organisation),
        sort,
    };
    Ok(queue::queue(&app_state()?, &current_viewer(), &filters).await?)
}

//! Server functions of the case pages: lists, one case, and what the
//! customer does on it.

use leptos::prelude::*;

use super::{CaseDetail, CaseStatus, CaseSummary};
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

/// A product the organisation may open cases for, with its supported releases.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EntitledProduct {
    pub key: String,
    pub name: String,
    pub supported_releases: Vec<String>,
}

/// What the case form offers the viewer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseFormData {
    pub products: Vec<EntitledProduct>,
    pub case_types: Vec<super::CaseTypeRule>,
    /// `None` for staff, who enter cases for customers.
    pub balance: Option<i64>,
    pub web_cost: i64,
    pub max_upload_bytes: u64,
    pub upload_types: Vec<String>,
    /// The articles that may answer the text the form opens with.
    #[serde(default)]
    pub first_hints: Vec<crate::kb::api::Suggestion>,
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

/// How the queue is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    #[default]
    ResponseDue,
    ResolutionDue,
    Severity,
    Opened,
}

impl QueueSort {
    pub const ALL: [(QueueSort, &'static str, &'static str); 4] = [
        (QueueSort::ResponseDue, "response_due", "First response due"),
        (QueueSort::ResolutionDue, "resolution_due", "Resolution due"),
        (QueueSort::Severity, "severity", "Severity"),
        (QueueSort::Opened, "opened", "Oldest first"),
    ];
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueFilters {
    pub severity: Option<super::Severity>,
    pub level: Option<crate::accounts::Level>,
    pub status: Option<CaseStatus>,
    /// `me`, `nobody`, or anyone.
    pub owner: Option<String>,
    pub organisation: Option<String>,
    pub sort: QueueSort,
}

/// A case in the engineers' queue.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueRow {
    pub reference: String,
    pub subject: String,
    pub severity: super::Severity,
    pub status: CaseStatus,
    pub level: crate::accounts::Level,
    pub organisation: String,
    pub owner: Option<String>,
    /// `None` once answered, or while waiting on the customer.
    pub response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub created_at: i64,
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

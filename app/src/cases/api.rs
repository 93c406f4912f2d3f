//! Server functions of the case pages: lists, one case, and what the
//! customer does on it.

use leptos::prelude::*;

use super::{
    CaseDetail, CaseFormData, CaseStatus, CaseSummary, CaseWork, Queue, QueueFilters, StatusChange,
};
use crate::{auth::csrf::CsrfClient, error::AppError};

/// The cases the viewer follows, newest first; `status` narrows the list.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn list_cases(status: Option<String>) -> Result<Vec<CaseSummary>, AppError> {
    use crate::{auth::server::current_viewer, cases::server::queries, runtime::app_state};

    let status = status.filter(|s| !s.is_empty()).map(|s| s.parse::<CaseStatus>()).transpose()?;
    Ok(queries::list(&app_state()?, &current_viewer(), status).await?)
}

#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_case(reference: String) -> Result<CaseDetail, AppError> {
    use crate::{auth::server::current_viewer, cases::server::queries, runtime::app_state};

    Ok(queries::detail(&app_state()?, &current_viewer(), &reference).await?)
}

/// Escalates, closes or reopens the case.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn change_case_status(
    reference: String,
    change: StatusChange,
) -> Result<CaseStatus, AppError> {
    use crate::{auth::server::current_viewer, cases::server::actions, runtime::app_state};

    Ok(actions::change_status(&app_state()?, &current_viewer(), &reference, change).await?)
}

/// Engineers' work on the case (see [`CaseWork`]).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn work_case(reference: String, work: CaseWork) -> Result<CaseStatus, AppError> {
    use crate::{
        auth::server::current_viewer,
        cases::server::work::{self, Work},
        runtime::app_state,
    };

    let work_item = Work::from_input(work)?;
    Ok(work::work(&app_state()?, &current_viewer(), &reference, work_item).await?)
}

/// The case form's data; `described` is the text it opens with (subject
/// and description), for the articles that may answer it. They come with
/// the form rather than from a resource of their own: one resource for the
/// page keeps hydration in step with the server's page.
///
/// `client`: a partner files for this client organisation.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_case_form(
    described: String,
    client: Option<crate::ids::OrganisationId>,
) -> Result<CaseFormData, AppError> {
    use crate::{
        auth::server::current_viewer, cases::server::form_data, kb::api::suggestions_for,
        runtime::app_state,
    };

    let mut data = form_data::form_data(
        &app_state()?,
        &current_viewer(),
        client,
        crate::problems::FollowedFrom::CaseForm,
    )
    .await?;
    data.first_hints = suggestions_for(described).await?;
    Ok(data)
}

/// The engineers' queue, filtered and sorted; without filters, all of it.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_queue(#[server(default)] filters: QueueFilters) -> Result<Queue, AppError> {
    use crate::{auth::server::current_viewer, cases::server::queue, runtime::app_state};

    Ok(queue::queue(&app_state()?, &current_viewer(), &filters).await?)
}

/// Closes a case from the "this solved my problem" link of an email
/// answer; the link's token stands in for signing in.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn close_solved_case(reference: String, token: String) -> Result<CaseStatus, AppError> {
    use crate::{cases::server::email::solved, runtime::app_state};

    Ok(solved::close(&app_state()?, &reference, &token).await?)
}

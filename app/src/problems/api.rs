//! Server functions of the status page.

use leptos::prelude::*;

use super::{ProblemStatus, StatusBoard};
use crate::{auth::csrf::CsrfClient, error::AppError, kb::Audience};

/// The problems the viewer may see.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_status_board() -> Result<StatusBoard, AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    Ok(super::server::board(&app_state()?, &current_viewer()).await?)
}

/// Engineers and admins: a new known problem and what customers are told
/// first. `products`: the catalogue's keys, separated by commas or spaces.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn create_problem(
    title: String,
    products: String,
    versions: String,
    audience: Audience,
    workaround_slug: String,
    update: String,
) -> Result<(), AppError> {
    use super::NewProblem;
    use crate::{auth::server::current_viewer, runtime::app_state};

    let new = NewProblem {
        title,
        products: products.split([',', ' ']).filter(|p| !p.is_empty()).map(str::to_owned).collect(),
        versions,
        audience,
        restricted_to: Default::default(),
        workaround_slug: Some(workaround_slug.trim().to_owned()).filter(|s| !s.is_empty()),
        update,
    };
    super::server::create(&app_state()?, &current_viewer(), &new).await?;
    Ok(())
}

/// Engineers and admins: an update, and the status it sets.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn post_problem_update(
    id: i64,
    status: ProblemStatus,
    body: String,
    fixed_in: Option<String>,
) -> Result<(), AppError> {
    use super::NewProblemUpdate;
    use crate::{auth::server::current_viewer, runtime::app_state};

    let update = NewProblemUpdate { status, body, fixed_in, workaround_slug: None };
    super::server::update(&app_state()?, &current_viewer(), id, &update).await?;
    Ok(())
}

/// Follows a problem (`follow`: true), or stops.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn follow_problem(id: i64, follow: bool) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    let from = follow.then_some(super::FollowedFrom::Status);
    super::server::follow(&app_state()?, &current_viewer(), id, from).await?;
    Ok(())
}

/// Engineers and admins: links the cases named (references separated by
/// commas, spaces or lines) to the problem; answers how many were new.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn link_problem_cases(id: i64, references: String) -> Result<usize, AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    let references: Vec<String> = references
        .split([',', ' ', '\n', '\r', '\t'])
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(super::server::link_cases(&app_state()?, &current_viewer(), id, &references).await?.len())
}

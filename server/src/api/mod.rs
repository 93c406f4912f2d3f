//! The JSON API under `/api/v1`. Handlers take the [`Viewer`] the
//! authentication middleware attached, and authorise through the same
//! service functions as the pages.
//!
//! [`Viewer`]: app::auth::server::Viewer

// utoipa's generated code names the parameter and body types by their full
// paths, which the lint would flag at every handler.
#[allow(unused_qualifications)]
mod accounts;
#[allow(unused_qualifications)]
mod cases;
#[allow(unused_qualifications)]
mod charges;
#[allow(unused_qualifications)]
mod entitlements;
#[allow(unused_qualifications)]
mod followers;
mod json_errors;
#[allow(unused_qualifications)]
mod kb;
mod openapi;
#[allow(unused_qualifications)]
mod owed;
pub(crate) mod params;
#[allow(unused_qualifications)]
mod problems;
mod refine;
#[allow(unused_qualifications)]
mod remote_access;
#[allow(unused_qualifications)]
mod workflow;

use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use app::{entitlements::server::catalogue::Catalogue, runtime::AppState};

/// Each feature's routes register their handlers with `routes!`, which
/// takes the path, the method and the OpenAPI description from the
/// handler's `#[utoipa::path]`: one place for each endpoint. The served
/// document adds what the catalogue in use decides (`refine`).
pub fn routes(catalogue: &Catalogue) -> Router<AppState> {
    let (router, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(accounts::routes())
        .merge(cases::routes())
        .merge(followers::routes())
        .merge(remote_access::routes())
        .merge(charges::routes())
        .merge(entitlements::routes())
        .merge(owed::routes())
        .merge(kb::routes())
        .merge(problems::routes())
        .merge(workflow::routes())
        .split_for_parts();
    router
        .merge(openapi::routes(&refine::refine(&openapi::with_refusals(document), catalogue)))
        .layer(axum::middleware::from_fn(json_errors::as_json))
}

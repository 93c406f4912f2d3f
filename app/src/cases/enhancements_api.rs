//! Enhancement requests: they have no SLA and skip the engineers' queue;
//! product management reads them here, by product, with how many
//! organisations asked for something in each.

use leptos::prelude::*;

use super::ProductRequests;
use crate::{auth::csrf::CsrfClient, error::AppError};

/// Open enhancement requests by product; `finished` also lists the
/// resolved and closed ones.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_enhancements(finished: Option<String>) -> Result<Vec<ProductRequests>, AppError> {
    use crate::{auth::server::current_viewer, cases::server::enhancements, runtime::app_state};

    let finished = finished.is_some_and(|f| matches!(f.as_str(), "true" | "on" | "1"));
    Ok(enhancements::by_product(&app_state()?, &current_viewer(), finished).await?)
}

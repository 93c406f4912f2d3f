//! Enhancement requests: they have no SLA and skip the engineers' queue;
//! product management reads them here, by product, with how many
//! organisations asked for something in each.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::CaseStatus;
use crate::{auth::csrf::CsrfClient, error::AppError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EnhancementRequest {
    pub reference: String,
    pub subject: String,
    pub product: String,
    pub version: String,
    pub organisation: String,
    pub requested_by: String,
    pub status: CaseStatus,
    pub created_at: i64,
}

/// The requests of one product, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProductRequests {
    pub product: String,
    pub organisations: i64,
    pub requests: Vec<EnhancementRequest>,
}

/// Open enhancement requests by product; `finished` also lists the
/// resolved and closed ones.
#[server(client = CsrfClient)]
pub async fn load_enhancements(finished: Option<String>) -> Result<Vec<ProductRequests>, AppError> {
    use crate::{auth::server::current_viewer, cases::server::enhancements, runtime::app_state};

    let finished = finished.is_some_and(|f| matches!(f.as_str(), "true" | "on" | "1"));
    Ok(enhancements::by_product(&app_state()?, &current_viewer(), finished).await?)
}

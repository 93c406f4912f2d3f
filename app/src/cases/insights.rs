//! What product management and support learn from cases: enhancement
//! requests by product, and how often "get help" ended without a case.
//! Shared by the pages, the server functions and the JSON API.

use serde::{Deserialize, Serialize};

use super::CaseStatus;

/// An enhancement request: no SLA, outside the engineers' queue.
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

/// One week of the deflection report (weeks start on Monday, UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeflectionWeek {
    /// `YYYY-MM-DD` of the Monday.
    pub week: String,
    pub started: i64,
    pub deflected: i64,
    pub cases: i64,
}

/// An article that ended sessions, and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeflectingArticle {
    pub slug: String,
    pub title: String,
    pub sessions: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeflectionReport {
    pub weeks: Vec<DeflectionWeek>,
    pub articles: Vec<DeflectingArticle>,
}

//! A case as pages and the API show it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ArtifactKind, CaseField, CaseStatus, CaseType, EventKind, Severity};
use crate::{
    accounts::Level,
    entitlements::{Channel, Priority},
};

/// What someone files: the form's fields and the uploads that go with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewCase {
    pub case_type: CaseType,
    pub severity: Severity,
    pub subject: String,
    pub description: String,
    /// The case type's fields (product and version among them).
    #[serde(default)]
    pub fields: BTreeMap<CaseField, String>,
    /// Files uploaded beforehand, by their upload token, with what they are.
    #[serde(default)]
    pub artifacts: Vec<ArtifactRef>,
    /// Web for customers; engineers enter phone and email cases.
    #[serde(default = "web")]
    pub channel: Channel,
    /// The customer a phone or email case is for (engineers only).
    #[serde(default)]
    pub contact_email: Option<String>,
    /// The "get help" session the case comes from, if any.
    #[serde(default)]
    pub help_session: Option<String>,
}

fn web() -> Channel {
    Channel::Web
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArtifactRef {
    pub upload: String,
    pub kind: ArtifactKind,
}

/// The answer to a filed case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseCreated {
    pub reference: String,
    pub points_spent: i64,
    pub balance_after: i64,
    pub plan_name: Option<String>,
    pub priority: Option<Priority>,
    /// The plan's first-response target, in minutes.
    pub response_minutes: Option<i64>,
}

/// A row of a case list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub reference: String,
    pub subject: String,
    pub case_type: CaseType,
    pub severity: Severity,
    pub status: CaseStatus,
    pub level: Level,
    pub product: String,
    pub contact: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A file attached to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Artifact {
    pub id: i64,
    pub kind: Option<ArtifactKind>,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

/// Something that happened to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub kind: EventKind,
    pub author: Option<String>,
    pub body: String,
    pub status: Option<CaseStatus>,
    pub created_at: i64,
}

/// A case with its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub description: String,
    pub version: String,
    pub fields: BTreeMap<CaseField, String>,
    pub channel: Channel,
    pub owner: Option<String>,
    pub organisation: String,
    pub contract_number: Option<String>,
    pub plan_name: Option<String>,
    pub priority: Option<Priority>,
    /// The plan's first-response target when the case was opened.
    pub response_minutes: Option<i64>,
    /// When the first response and the resolution are due (Unix ms), on
    /// the plan's calendar; `None` while the case waits on the customer,
    /// and for enhancement requests and finished cases.
    pub response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    /// Whether the viewer works cases (engineers and admins).
    pub workable: bool,
    pub points_cost: i64,
    pub events: Vec<CaseEvent>,
    pub artifacts: Vec<Artifact>,
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
    pub first_hints: Vec<crate::kb::Suggestion>,
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
    pub severity: Option<Severity>,
    pub level: Option<Level>,
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
    pub severity: Severity,
    pub status: CaseStatus,
    pub level: Level,
    pub organisation: String,
    pub owner: Option<String>,
    /// `None` once answered, or while waiting on the customer.
    pub response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub created_at: i64,
}

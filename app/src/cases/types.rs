//! A case as pages and the API show it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    ArtifactKind, CaseField, CaseStatus, CaseType, Cause, EventKind, Resolution, Severity,
};
use crate::{
    accounts::Level,
    entitlements::{Channel, Priority},
    error::AppError,
    forms::non_blank,
    words::word_enum,
};

/// What someone files: the form's fields and the uploads that go with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
// The document's example is a case the demo's customers may file, so a
// client (and the contract test) has one valid body to start from.
#[cfg_attr(feature = "ssr", schema(example = json!({
    "case_type": "question",
    "severity": "3",
    "subject": "How do I rotate the gateway's certificate?",
    "description": "The certificate expires next month.",
    "fields": {"product": "gateway", "version": "9"}
})))]
pub struct NewCase {
    pub case_type: CaseType,
    pub severity: Severity,
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 200))]
    pub subject: String,
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 20000))]
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
    /// A partner filing for a client: the client organisation's id.
    #[serde(default)]
    pub client: Option<crate::ids::OrganisationId>,
    /// Opens a paid ticket at the policy's hourly rate, where the
    /// organisation's plans do not cover the case (Kolmisoft).
    #[serde(default)]
    pub accept_hourly_rate: bool,
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
    /// What the support policy calls the severity ("Blocker", "Severity 1").
    pub severity_name: String,
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
    /// The partner whose people filed the case for the organisation.
    pub partner: Option<String>,
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
    /// How it was resolved, once it was.
    pub outcome: Option<Outcome>,
    /// The policy's severities, most urgent first: what the case's means,
    /// and what an engineer may re-assess it to.
    pub severities: Vec<super::SeverityLevel>,
    /// Requests for remote access to the customer's system, oldest first.
    pub remote_access: Vec<super::remote_access::RemoteAccess>,
    /// The waiver a customer accepts to grant remote access, if the policy
    /// asks for one.
    pub remote_access_waiver: Option<String>,
    /// Colleagues who follow the case besides its contact, by name.
    pub followers: Vec<Follower>,
    /// How the case is paid for: the charge decided, the time recorded.
    pub billing: super::charges::CaseBilling,
}

/// A colleague to follow a case, by the address of their account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(example = json!({"email": "holder@acme.example"})))]
pub struct NewFollower {
    #[cfg_attr(feature = "ssr", schema(min_length = 3, max_length = 254))]
    pub email: String,
}

/// A colleague who follows a case: they see and answer it and get its
/// emails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Follower {
    pub id: crate::ids::UserId,
    pub name: String,
    pub email: String,
    /// Whether the viewer may remove them: they themselves, the case's
    /// contact, account holders and staff may.
    pub removable: bool,
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
    /// The policy's severities, most urgent first.
    pub severities: Vec<super::SeverityLevel>,
    pub case_types: Vec<super::CaseTypeRule>,
    /// `None` for staff, who enter cases for customers.
    pub balance: Option<i64>,
    pub web_cost: i64,
    pub max_upload_bytes: u64,
    pub upload_types: Vec<String>,
    /// The articles that may answer the text the form opens with.
    #[serde(default)]
    pub first_hints: Vec<crate::kb::Suggestion>,
    /// The client a partner's form files for (`?client=`).
    #[serde(default)]
    pub client: Option<ClientChoice>,
    /// The hourly rate of a paid ticket, where the policy lets customers
    /// without a plan that covers the case open one.
    #[serde(default)]
    pub paid_ticket_rate: Option<super::charges::HourlyRate>,
    /// Current known problems that affect the products offered ("Is it
    /// this?"), as the section's HTML (`problems::known`); none for staff.
    #[serde(default)]
    pub known_problems: String,
}

/// A client organisation a partner may file cases for.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClientChoice {
    pub id: crate::ids::OrganisationId,
    pub name: String,
}

word_enum!(
    /// What a customer (or account holder) does to a case's status.
    StatusAction, "action" {
        Escalate = "escalate", "Escalate";
        Close = "close", "Close";
        Reopen = "reopen", "Reopen";
    }
);

/// A change of a case's status; escalating needs the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub action: StatusAction,
    #[serde(default)]
    pub reason: String,
}

word_enum!(
    /// What an engineer does on a case.
    WorkAction, "action" {
        Take = "take", "Take the case";
        Reply = "reply", "Reply to the customer";
        Workaround = "workaround", "Deliver a workaround or plan (meets the resolution target)";
        Ask = "ask", "Ask the customer for information (stops the clock)";
        Note = "note", "Internal note";
        Assign = "assign", "Assign";
        RaiseLevel = "raise_level", "Raise the level";
        Reassess = "reassess", "Re-assess the severity";
        Reclassify = "reclassify", "Re-assess the type and details";
        Hold = "hold", "Hold (the clocks stand still)";
        Resume = "resume", "Take up again";
        Resolve = "resolve", "Resolve";
    }
);

/// An engineer's work on a case. `body` is the reply, question or note,
/// the assignee's email, the reason to raise the level or to re-assess the
/// severity, or the resolution's summary; resolving also needs the
/// resolution and the cause (and may name engineering's reference and the
/// release that will carry the fix), re-assessing the new severity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseWork {
    pub action: WorkAction,
    #[serde(default)]
    pub body: String,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub cause: Option<Cause>,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub severity: Option<Severity>,
    /// Resolving: engineering's reference for the defect ("ENG-4411").
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub engineering_ref: Option<String>,
    /// Resolving: the release expected to carry the fix ("9.3").
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub target_release: Option<String>,
    /// Re-assessing the type and details: the new type, and the fields to
    /// change (a blank one is removed; product and version among them).
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub case_type: Option<CaseType>,
    #[serde(default)]
    pub fields: BTreeMap<CaseField, String>,
    /// Holding: why (`body` says more).
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub hold: Option<super::HoldReason>,
}

/// How a finished case was resolved, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub resolution: Resolution,
    pub cause: Option<Cause>,
    pub engineering_ref: Option<String>,
    pub target_release: Option<String>,
}

word_enum!(
    /// How the queue is ordered.
    #[derive(Default)]
    QueueSort, "sort order" {
        #[default]
        ResponseDue = "response_due", "First response due";
        ResolutionDue = "resolution_due", "Resolution due";
        Severity = "severity", "Severity";
        Priority = "priority", "Plan priority";
        Opened = "opened", "Oldest first";
    }
);

word_enum!(
    /// Whose cases the queue shows.
    OwnerFilter, "owner" {
        Me = "me", "Me";
        Nobody = "nobody", "Nobody yet";
    }
);

/// The queue's filters, as its address carries them: every one optional,
/// a blank one meaning any.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueFilters {
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub severity: Option<Severity>,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub level: Option<Level>,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub status: Option<CaseStatus>,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub owner: Option<OwnerFilter>,
    /// The priority of the plan the case was opened under.
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub priority: Option<Priority>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub sort: QueueSort,
}

impl QueueFilters {
    /// Reads the filters from the queue's address (`param` gives a query
    /// value by name); a word the filter does not know is refused.
    pub fn from_query(param: impl Fn(&str) -> Option<String>) -> Result<Self, AppError> {
        Ok(Self {
            severity: non_blank(param("severity").as_deref())?,
            level: non_blank(param("level").as_deref())?,
            status: non_blank(param("status").as_deref())?,
            owner: non_blank(param("owner").as_deref())?,
            priority: non_blank(param("priority").as_deref())?,
            organisation: param("organisation").filter(|o| !o.trim().is_empty()),
            sort: non_blank(param("sort").as_deref())?.unwrap_or_default(),
        })
    }
}

/// The most cases the queue shows at once: the filters narrow it further.
pub const QUEUE_SHOWN: usize = 500;

/// The engineers' queue: its first `QUEUE_SHOWN` cases in the order asked
/// for, and how many match in all.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Queue {
    pub rows: Vec<QueueRow>,
    pub total: usize,
    /// The policy's severities, for the severity filter.
    pub severities: Vec<super::SeverityLevel>,
}

/// A case in the engineers' queue.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueRow {
    pub reference: String,
    pub subject: String,
    pub severity: Severity,
    pub severity_name: String,
    /// The plan's priority, kept from filing (`None`: opened without a plan).
    pub priority: Option<Priority>,
    pub status: CaseStatus,
    pub level: Level,
    pub organisation: String,
    pub owner: Option<String>,
    /// `None` once answered, or while waiting on the customer.
    pub response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub created_at: i64,
}

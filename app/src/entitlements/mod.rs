//! Entitlements: support plans, contracts and the points ledger. The types
//! here travel between server and browser; the entitlement rules a case is
//! checked against are in [`check`], the server functions beside the pages
//! they serve.

pub mod admin_api;
pub mod api;
pub mod check;
pub mod holidays;
mod kinds;
pub mod owed;
#[cfg(feature = "full")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use kinds::{Availability, Channel, LedgerKind, PlanKind, Priority};

use serde::{Deserialize, Serialize};

use crate::ids::OrganisationId;

/// A support plan from the catalogue: what a contract on it entitles to.
/// The catalogue file may leave out the fields with defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub key: String,
    pub name: String,
    pub kind: PlanKind,
    /// Granted when a contract on the plan starts (points plans).
    #[serde(default)]
    pub included_points: i64,
    pub priority: Priority,
    pub availability: Availability,
    /// The first-response target.
    pub response_minutes: i64,
    #[serde(default)]
    pub training_seats: i64,
    /// Health checks a year.
    #[serde(default)]
    pub health_checks: i64,
    /// `false` for plans without cases (community forum only).
    #[serde(default = "yes", deserialize_with = "crate::forms::checkbox")]
    pub opens_cases: bool,
}

fn yes() -> bool {
    true
}

impl Plan {
    pub fn costs_points(&self) -> bool {
        self.kind == PlanKind::Points
    }

    /// "2 hours", "30 minutes", "1 day".
    pub fn response_target(&self) -> String {
        duration_words(self.response_minutes)
    }
}

/// Minutes in words, in the largest whole unit.
pub fn duration_words(minutes: i64) -> String {
    let (count, unit) = if minutes % (24 * 60) == 0 {
        (minutes / (24 * 60), "day")
    } else if minutes % 60 == 0 {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    if count == 1 { format!("1 {unit}") } else { format!("{count} {unit}s") }
}

/// A contract as an admin enters it. The dates stay text here so that a
/// malformed one is refused with a message that shows the format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractInput {
    pub organisation_id: OrganisationId,
    pub number: String,
    pub plan_key: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Product keys from the catalogue.
    #[serde(default)]
    pub products: Vec<String>,
    /// Major releases, comma separated; blank: the product's default window.
    #[serde(default)]
    pub supported_releases: String,
    /// Grant the plan's included points now (a new contract or a renewal).
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub grant_included_points: bool,
}

/// Points added (positive) or removed (negative) by hand, with the reason
/// the ledger shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsAdjustment {
    pub organisation_id: OrganisationId,
    pub points: i64,
    pub reason: String,
}

/// A product a contract can cover, with its major releases (oldest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub key: String,
    pub name: String,
    pub releases: Vec<String>,
    /// How many of the latest releases are supported unless a contract says otherwise.
    #[serde(default = "two")]
    pub supported_releases: usize,
}

fn two() -> usize {
    2
}

impl Product {
    /// The latest releases, newest last: those supported by default.
    pub fn latest_releases(&self) -> Vec<String> {
        let skip = self.releases.len().saturating_sub(self.supported_releases);
        self.releases[skip..].to_vec()
    }
}

/// Where a contract stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Active,
    NotStarted,
    Ended,
    /// A contract number recorded before it was given a plan.
    NoPlan,
}

impl ContractStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::NotStarted => "Not started",
            Self::Ended => "Ended",
            Self::NoPlan => "No plan",
        }
    }
}

/// A product a contract covers and its supported major releases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CoveredProduct {
    pub key: String,
    pub name: String,
    pub supported_releases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Contract {
    pub number: String,
    pub plan: Option<Plan>,
    /// First and last day covered, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub products: Vec<CoveredProduct>,
    /// Major releases chosen for this contract; empty: each product's latest.
    pub release_override: Vec<String>,
    pub status: ContractStatus,
}

/// Points granted together, spent and expiring together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lot {
    pub id: i64,
    pub kind: LedgerKind,
    pub reason: String,
    pub granted_at: i64,
    pub expires_at: i64,
    pub granted: i64,
    pub remaining: i64,
}

/// One change of an organisation's points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    pub id: i64,
    pub kind: LedgerKind,
    /// Signed: what the entry added to the balance.
    pub points: i64,
    pub balance_after: i64,
    pub created_at: i64,
    pub reason: String,
    pub case_reference: Option<String>,
    pub channel: Option<Channel>,
    /// When the points this entry granted expire.
    pub expires_at: Option<i64>,
    /// Who recorded it; `None` for what Selfdesk did itself (expiry).
    pub actor: Option<String>,
}

/// A case that was charged, and whether the charge was given back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseCharge {
    /// The ledger entry that took the points.
    pub entry_id: i64,
    pub case_reference: String,
    pub channel: Option<Channel>,
    pub points: i64,
    pub charged_at: i64,
    pub refunded: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrganisationName {
    pub id: OrganisationId,
    pub name: String,
}

/// What an organisation is entitled to, and the points it has left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Entitlements {
    pub organisation: OrganisationName,
    pub contracts: Vec<Contract>,
    pub balance: i64,
    /// Lots with points left, soonest to expire first.
    pub lots: Vec<Lot>,
    /// Points of `lots` that expire within [`EXPIRY_WARNING_DAYS`].
    pub expiring_soon: i64,
    /// The instant the figures were taken.
    pub as_of: i64,
}

/// How far ahead the account holder is warned of expiring points.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// The ledger, oldest entry first, and the cases that spent points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Ledger {
    pub entries: Vec<LedgerEntry>,
    pub case_charges: Vec<CaseCharge>,
    /// Disputes of charges, newest first.
    pub disputes: Vec<owed::Dispute>,
    /// Billable hours, beside the points.
    pub billable: owed::BillableTime,
}

//! The support policy as customers read it: how to reach support, its
//! hours in their own time zone with the coming holidays, the severities
//! with their targets, and what their plan includes and excludes. Built
//! from the catalogue in use, so it says what the portal enforces.

#[cfg(feature = "full")]
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;

use serde::{Deserialize, Serialize};

use crate::{auth::csrf::CsrfClient, cases::SeverityLevel, error::AppError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupportPolicy {
    pub channels: Vec<Channel>,
    /// The time zone the hours are shown in: the organisation's, else UTC.
    pub time_zone: String,
    pub plans: Vec<PlanTerms>,
    pub severities: Vec<SeverityTerms>,
}

/// A way to reach support, as the catalogue describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", serde(deny_unknown_fields))]
pub struct Channel {
    pub name: String,
    pub how: String,
}

/// A plan's promises: hours, response, entitlements, inclusions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanTerms {
    pub name: String,
    pub priority: String,
    /// "Around the clock", or "Business hours (08:00-19:00 America/New_York)".
    pub hours: String,
    /// The next seven days' working hours in the viewer's zone, one line a
    /// day ("Mon 7 Dec: 14:00-01:00", "Thu 24 Dec: holiday"); empty around
    /// the clock.
    pub week: Vec<String>,
    /// The holidays of the next twelve months.
    pub holidays: Vec<String>,
    pub response: String,
    pub included_points: i64,
    pub training_seats: i64,
    pub health_checks: i64,
    pub includes: Vec<String>,
    pub excludes: Vec<String>,
}

/// A severity with its targets in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SeverityTerms {
    pub level: SeverityLevel,
    /// "1 hour", "1 day"; `None`: the plan's response time alone.
    pub response: Option<String>,
    pub resolution: Option<String>,
    /// Opening one online alerts the engineers on call.
    pub pages_on_call: bool,
}

/// The viewer's plans (the catalogue's published ones for visitors and
/// staff). Open to anyone: a policy is public.
#[leptos::server(client = CsrfClient)]
pub async fn load_support_policy() -> Result<SupportPolicy, AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    Ok(server::support_policy(&app_state()?, &current_viewer()).await?)
}

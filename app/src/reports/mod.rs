//! Support management's reports: SLA attainment by plan and severity, the
//! backlog by age, and first-response times.

#[cfg(feature = "full")]
mod bar_chart;
#[cfg(feature = "full")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cases::{Severity, SeverityLevel};

/// The periods the reports page offers, in days.
pub const PERIODS: [i64; 4] = [7, 30, 90, 365];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SlaReport {
    pub days: i64,
    /// Cases opened from here on are counted (Unix ms).
    pub since: i64,
    pub attainment: Vec<Attainment>,
    pub backlog: Vec<BacklogBucket>,
    pub first_response: Vec<ResponseTimes>,
    /// The policy's severities, most urgent first: the backlog's columns.
    pub severities: Vec<SeverityLevel>,
}

/// Targets met and missed for the cases of one plan and severity. Cases
/// whose target has not come yet count in neither.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Attainment {
    pub plan: String,
    pub severity: Severity,
    pub cases: i64,
    pub response_met: i64,
    pub response_missed: i64,
    pub resolution_met: i64,
    pub resolution_missed: i64,
}

impl Attainment {
    pub fn response_percent(&self) -> Option<i64> {
        percent(self.response_met, self.response_met + self.response_missed)
    }

    pub fn resolution_percent(&self) -> Option<i64> {
        percent(self.resolution_met, self.resolution_met + self.resolution_missed)
    }
}

/// Unfinished cases of one age, by severity (one count per severity of the
/// policy, most urgent first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BacklogBucket {
    pub age: String,
    pub by_severity: Vec<i64>,
}

impl BacklogBucket {
    pub fn total(&self) -> i64 {
        self.by_severity.iter().sum()
    }
}

/// How long first responses took (wall-clock minutes from opening).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResponseTimes {
    pub severity: Severity,
    pub answered: i64,
    pub within_target: i64,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
}

/// `part` of `whole` in whole percent, rounded down; none of nothing.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| part * 100 / whole)
}

/// Minutes as people read a duration: `45 min`, `3 h 20 min`, `2 d 4 h`.
pub fn duration(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) if mins == 0 => format!("{hours} h"),
        (0, _) => format!("{hours} h {mins} min"),
        _ if hours == 0 => format!("{days} d"),
        _ => format!("{days} d {hours} h"),
    }
}

#[server(client = crate::auth::csrf::CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_sla_report(days: Option<i64>) -> Result<SlaReport, crate::error::AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    Ok(server::sla_report(&app_state()?, &current_viewer(), days.unwrap_or(30)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_down_and_nothing_has_none() {
        assert_eq!(percent(2, 3), Some(66));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(5, 5), Some(100));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(200), "3 h 20 min");
        assert_eq!(duration(3120), "2 d 4 h");
        assert_eq!(duration(2880), "2 d");
    }
}

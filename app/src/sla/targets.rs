//! What a case was promised: the response and resolution targets of its
//! severity and plan, on the calendar of the plan's availability, and the
//! due times they give.

use std::collections::{BTreeMap, BTreeSet};

use jiff::{Timestamp, civil::Time, tz::TimeZone};
use serde::Deserialize;

use super::{Calendar, Pause};
use crate::{
    cases::Severity, entitlements::Availability, error::AppError, infra::error::ServerError,
};

/// The calendar a case's clocks run on, from the availability stored with
/// it; a case opened without a plan runs on business hours.
pub fn stored_availability(word: Option<&str>) -> Result<Availability, AppError> {
    word.map_or(Ok(Availability::EightByFive), str::parse)
}

/// A business calendar as the catalogue file writes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    pub time_zone: String,
    /// Monday to Friday, `HH:MM-HH:MM`.
    pub hours: String,
    #[serde(default)]
    pub holidays: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityTarget {
    pub severity: Severity,
    pub response_minutes: i64,
    pub resolution_minutes: i64,
}

impl CalendarConfig {
    pub fn build(&self) -> Result<Calendar, ServerError> {
        let invalid = |what: String| ServerError::Config(what);
        let zone = TimeZone::get(&self.time_zone)
            .map_err(|_| invalid(format!("calendar time zone {:?} is unknown", self.time_zone)))?;
        let (open, close) = self
            .hours
            .split_once('-')
            .and_then(|(open, close)| {
                Some((open.trim().parse::<Time>().ok()?, close.trim().parse::<Time>().ok()?))
            })
            .filter(|(open, close)| close > open)
            .ok_or_else(|| {
                invalid(format!("calendar hours {:?}: write them like 08:00-19:00", self.hours))
            })?;
        let mut holidays = BTreeSet::new();
        for day in &self.holidays {
            holidays.insert(
                day.parse().map_err(|_| {
                    invalid(format!("holiday {day:?} is not a date like 2026-12-25"))
                })?,
            );
        }
        let weekdays = [Some((open, close)); 5];
        let week = [weekdays[0], weekdays[1], weekdays[2], weekdays[3], weekdays[4], None, None];
        Ok(Calendar::business(zone, week, holidays))
    }
}

/// The calendars by availability, and the severity targets.
#[derive(Clone, Debug)]
pub struct ServiceLevels {
    calendars: BTreeMap<Availability, Calendar>,
    targets: Vec<SeverityTarget>,
}

/// When a case's first response and its resolution are due (Unix ms);
/// `None` while the clock stands (waiting on the customer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueTimes {
    pub response: Option<i64>,
    pub resolution: Option<i64>,
}

impl ServiceLevels {
    pub fn new(
        calendars: &BTreeMap<String, CalendarConfig>,
        targets: Vec<SeverityTarget>,
    ) -> Result<Self, ServerError> {
        let mut built = BTreeMap::new();
        for (name, config) in calendars {
            let availability: Availability = name.parse().map_err(|_| {
                ServerError::Config(format!("calendar {name:?}: name it 8x5 or 12x5"))
            })?;
            built.insert(availability, config.build()?);
        }
        for availability in [Availability::EightByFive, Availability::TwelveByFive] {
            if !built.contains_key(&availability) {
                return Err(ServerError::Config(format!(
                    "calendars.\"{}\" is missing",
                    availability.as_str()
                )));
            }
        }
        for severity in Severity::ALL {
            if targets.iter().filter(|t| t.severity == *severity).count() != 1 {
                return Err(ServerError::Config(format!(
                    "severity_targets needs exactly one entry for severity {}",
                    severity.as_str()
                )));
            }
        }
        Ok(Self { calendars: built, targets })
    }

    pub fn calendar(&self, availability: Availability) -> Calendar {
        self.calendars.get(&availability).cloned().unwrap_or_else(Calendar::around_the_clock)
    }

    /// The due times of a case opened at `opened`; `plan_response` is the
    /// plan's own response target, the stricter of the two applies.
    pub fn due(
        &self,
        severity: Severity,
        availability: Availability,
        plan_response: Option<i64>,
        opened: i64,
        pauses: &[Pause],
    ) -> DueTimes {
        self.due_at_percent(severity, availability, plan_response, opened, pauses, 100)
    }

    /// When `percent` of each target's working time has passed: the due
    /// times at 100, the moments to warn at less.
    pub fn due_at_percent(
        &self,
        severity: Severity,
        availability: Availability,
        plan_response: Option<i64>,
        opened: i64,
        pauses: &[Pause],
        percent: i64,
    ) -> DueTimes {
        let Some(target) = self.targets.iter().find(|t| t.severity == severity) else {
            return DueTimes { response: None, resolution: None };
        };
        let response =
            plan_response.map_or(target.response_minutes, |p| p.min(target.response_minutes));
        let calendar = self.calendar(availability);
        let start = Timestamp::from_millisecond(opened).unwrap_or(Timestamp::UNIX_EPOCH);
        let at = |minutes: i64| {
            let minutes = (minutes * percent.clamp(1, 100) + 99) / 100;
            calendar.add(start, minutes, pauses).map(|t| t.as_millisecond())
        };
        DueTimes { response: at(response), resolution: at(target.resolution_minutes) }
    }
}

//! What a case was promised: the response and resolution targets of its
//! severity and plan, on the calendar of the plan's availability, and the
//! due times they give.

use std::collections::BTreeMap;

use jiff::{Timestamp, tz::TimeZone};

use super::{Calendar, Pause, calendars::Calendars, severities::severity_levels};
pub use super::{
    calendars::{CalendarConfig, ORGANISATION_ZONE},
    severities::{Promise, SeverityTarget, Span},
};
use crate::{
    cases::{Severity, SeverityLevel},
    entitlements::Availability,
    error::AppError,
    infra::{error::ServerError, key_path::KeyPath},
};

/// The calendar a case's clocks run on, from the availability stored with
/// it; a case opened without a plan runs on business hours.
pub fn stored_availability(word: Option<&str>) -> Result<Availability, AppError> {
    word.map_or(Ok(Availability::EightByFive), str::parse)
}

/// The calendars by availability, the policy's severities and their
/// targets.
#[derive(Clone, Debug)]
pub struct ServiceLevels {
    pub calendars: Calendars,
    pub(super) levels: Vec<SeverityLevel>,
    promises: Vec<Promise>,
}

/// An organisation's stored time zone; the zones are checked when they are
/// saved, so a name no longer known falls back to UTC.
pub fn organisation_zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// What a case's clocks need to know of it.
#[derive(Clone, Debug)]
pub struct CaseClock {
    pub severity: Severity,
    /// The calendar of the plan it was opened under.
    pub availability: Availability,
    /// The plan's own response target in working minutes, if it has one.
    pub plan_response: Option<i64>,
    /// When it was opened (Unix ms).
    pub opened: i64,
    /// The organisation's time zone, for calendars in the customer's own.
    pub organisation_zone: TimeZone,
}

/// When a case's first response and its resolution are due (Unix ms);
/// `None` while the clock stands (waiting on the customer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueTimes {
    pub response: Option<i64>,
    pub resolution: Option<i64>,
}

impl DueTimes {
    /// What support still owes: no response once it has answered
    /// (`responded_at`), no resolution once it has delivered a workaround
    /// or plan (`workaround_at`).
    pub fn owed(self, responded_at: Option<i64>, workaround_at: Option<i64>) -> Self {
        Self {
            response: self.response.filter(|_| responded_at.is_none()),
            resolution: self.resolution.filter(|_| workaround_at.is_none()),
        }
    }
}

impl ServiceLevels {
    pub fn new(
        calendars: &BTreeMap<String, CalendarConfig>,
        targets: Vec<SeverityTarget>,
    ) -> Result<Self, ServerError> {
        let calendars = Calendars::new(calendars)?;
        let levels = severity_levels(&targets)?;
        let promises = (targets.iter().enumerate())
            .map(|(index, target)| target.promise(&KeyPath::entry("severity_targets", index)))
            .collect::<Result<_, _>>()?;
        Ok(Self { calendars, levels, promises })
    }

    /// What the catalogue promises for a severity.
    pub fn promise(&self, severity: Severity) -> Option<Promise> {
        self.promises.iter().find(|p| p.severity == severity).copied()
    }

    /// The calendar of an availability (see [`Calendars::get`]).
    pub fn calendar(&self, availability: Availability, organisation_zone: &TimeZone) -> Calendar {
        self.calendars.get(availability, organisation_zone)
    }

    /// The due times of a case; the stricter of the severity's response
    /// target and the plan's own applies.
    pub fn due(&self, case: &CaseClock, pauses: &[Pause]) -> DueTimes {
        self.due_at_percent(case, pauses, 100)
    }

    /// When `percent` of each target's working time has passed: the due
    /// times at 100, the moments to warn at less.
    pub fn due_at_percent(&self, case: &CaseClock, pauses: &[Pause], percent: i64) -> DueTimes {
        let Some(promise) = self.promise(case.severity) else {
            return DueTimes { response: None, resolution: None };
        };
        // A severity handled around the clock runs on it whatever the plan's hours.
        let calendar = match promise.around_the_clock {
            true => Calendar::around_the_clock(),
            false => self.calendar(case.availability, &case.organisation_zone),
        };
        let plan_response = case.plan_response;
        let start = Timestamp::from_millisecond(case.opened).unwrap_or(Timestamp::UNIX_EPOCH);
        // A span as the working minutes it allows from the start: days and
        // weeks are counted on the calendar first, then run like minutes, so
        // that pauses and warnings treat every target alike.
        let working_minutes = |span: Span| match span {
            Span::WorkingMinutes(minutes) => Some(minutes),
            Span::Days(days) => {
                calendar.add_days(start, days).map(|due| calendar.minutes_between(start, due, &[]))
            }
            Span::Weeks(weeks) => calendar
                .add_days(start, weeks * calendar.days_a_week())
                .map(|due| calendar.minutes_between(start, due, &[])),
        };
        let at = |minutes: Option<i64>| {
            let minutes = (minutes? * percent.clamp(1, 100) + 99) / 100;
            calendar.add(start, minutes, pauses).map(|t| t.as_millisecond())
        };
        // The stricter of the severity's response target and the plan's.
        let severity_response = promise.response.and_then(working_minutes);
        let response = match (severity_response, plan_response) {
            (Some(severity), Some(plan)) => Some(severity.min(plan)),
            (severity, plan) => severity.or(plan),
        };
        let resolution = promise.resolution.and_then(working_minutes);
        DueTimes { response: at(response), resolution: at(resolution) }
    }
}

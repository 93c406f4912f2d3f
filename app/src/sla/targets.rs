//! What a case was promised: the response and resolution targets of its
//! severity and plan, on the calendar of the plan's availability, and the
//! due times they give.

use std::collections::{BTreeMap, BTreeSet};

use jiff::{Timestamp, civil::Time, tz::TimeZone};
use serde::Deserialize;

pub use super::severities::{Promise, SeverityTarget, Span};
use super::{Calendar, Pause, severities::severity_levels};
use crate::{
    cases::{Severity, SeverityLevel},
    entitlements::Availability,
    error::AppError,
    infra::error::ServerError,
};

/// The calendar a case's clocks run on, from the availability stored with
/// it; a case opened without a plan runs on business hours.
pub fn stored_availability(word: Option<&str>) -> Result<Availability, AppError> {
    word.map_or(Ok(Availability::EightByFive), str::parse)
}

/// The time zone word of a calendar whose hours are the customer's own
/// ("9:00am - 5:00pm in your local time zone", Scalix): the zone of the
/// organisation the case is for.
pub const ORGANISATION_ZONE: &str = "organisation";

/// A business calendar as the catalogue file writes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// An IANA zone (`America/New_York`), or [`ORGANISATION_ZONE`].
    pub time_zone: String,
    /// Monday to Friday, `HH:MM-HH:MM`.
    pub hours: String,
    #[serde(default)]
    pub holidays: Vec<String>,
}

impl CalendarConfig {
    /// The calendar, and whether it runs in the organisation's own zone
    /// (built in UTC until a case's organisation names its zone).
    pub fn build(&self) -> Result<(Calendar, bool), ServerError> {
        let invalid = |what: String| ServerError::Config(what);
        let local = self.time_zone == ORGANISATION_ZONE;
        let zone = match local {
            true => TimeZone::UTC,
            false => TimeZone::get(&self.time_zone).map_err(|_| {
                invalid(format!(
                    "calendar time zone {:?} is unknown: name an IANA zone such as \
                     America/New_York, or {ORGANISATION_ZONE:?} for the customer's own",
                    self.time_zone
                ))
            })?,
        };
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
        Ok((Calendar::business(zone, week, holidays), local))
    }
}

/// The calendars by availability (each with whether it runs in the
/// organisation's own zone), the policy's severities and their targets.
#[derive(Clone, Debug)]
pub struct ServiceLevels {
    calendars: BTreeMap<Availability, (Calendar, bool)>,
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
        let levels = severity_levels(&targets)?;
        let promises = targets.iter().map(SeverityTarget::promise).collect::<Result<_, _>>()?;
        Ok(Self { calendars: built, levels, promises })
    }

    /// Business calendars whose holiday list ends within `days` of `now`
    /// (or has ended): past its last day the clocks would run through the
    /// next year's holidays. Calendars that list none are left alone.
    pub fn holidays_running_out(&self, now: Timestamp, days: i64) -> Vec<String> {
        self.calendars
            .iter()
            .filter_map(|(availability, (calendar, _))| {
                let last = calendar.last_holiday()?;
                let today = now.to_zoned(calendar.zone().clone()).date();
                let until = today.checked_add(jiff::Span::new().days(days)).ok()?;
                (last < until).then(|| {
                    format!(
                        "The {} calendar's holidays end on {last}: add the next year's to the catalogue before then.",
                        availability.as_str()
                    )
                })
            })
            .collect()
    }

    /// What the catalogue promises for a severity.
    pub fn promise(&self, severity: Severity) -> Option<Promise> {
        self.promises.iter().find(|p| p.severity == severity).copied()
    }

    /// The calendar of an availability, in `organisation_zone` where the
    /// catalogue says the hours are the customer's own.
    pub fn calendar(&self, availability: Availability, organisation_zone: &TimeZone) -> Calendar {
        match self.calendars.get(&availability) {
            Some((calendar, true)) => calendar.in_zone(organisation_zone.clone()),
            Some((calendar, false)) => calendar.clone(),
            None => Calendar::around_the_clock(),
        }
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

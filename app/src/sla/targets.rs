//! What a case was promised: the response and resolution targets of its
//! severity and plan, on the calendar of the plan's availability, and the
//! due times they give.

use std::collections::{BTreeMap, BTreeSet};

use jiff::{Timestamp, civil::Time, tz::TimeZone};
use serde::Deserialize;

use super::{Calendar, Pause};
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

/// A severity's promise as the catalogue file writes it: each target in
/// working minutes, or in days or weeks of the calendar the clock runs on
/// ("within 1 day" of Monday 10:00 on business hours is Tuesday 10:00).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityTarget {
    pub severity: Severity,
    /// What the policy calls it ("Blocker"); "Severity 1" when it names
    /// them by number.
    #[serde(default)]
    pub name: Option<String>,
    /// What the policy says it means, shown where customers choose it.
    pub definition: String,
    #[serde(default)]
    pub response_minutes: Option<i64>,
    #[serde(default)]
    pub response_days: Option<i64>,
    #[serde(default)]
    pub resolution_minutes: Option<i64>,
    #[serde(default)]
    pub resolution_days: Option<i64>,
    #[serde(default)]
    pub resolution_weeks: Option<i64>,
    /// The clocks run around the clock whatever the plan's hours.
    #[serde(default)]
    pub around_the_clock: bool,
    /// Opening such a case online alerts the engineers on call at once.
    #[serde(default)]
    pub page_on_call: bool,
}

/// A span of time a target allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    WorkingMinutes(i64),
    Days(i64),
    Weeks(i64),
}

/// A severity's targets, checked. A policy may promise no response for a
/// severity beyond its plans' own (Scalix: "respond within four business
/// hours" per plan), or no resolution time at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Promise {
    pub severity: Severity,
    pub response: Option<Span>,
    pub resolution: Option<Span>,
    pub around_the_clock: bool,
    pub page_on_call: bool,
}

impl SeverityTarget {
    fn level(&self) -> SeverityLevel {
        SeverityLevel {
            severity: self.severity,
            name: self.name.clone().unwrap_or_else(|| self.severity.label().to_owned()),
            definition: self.definition.trim().to_owned(),
            around_the_clock: self.around_the_clock,
        }
    }

    fn promise(&self) -> Result<Promise, ServerError> {
        let severity = self.severity.as_str();
        Ok(Promise {
            severity: self.severity,
            response: one_span(
                severity,
                "response",
                [
                    self.response_minutes.map(Span::WorkingMinutes),
                    self.response_days.map(Span::Days),
                ],
            )?,
            resolution: one_span(
                severity,
                "resolution",
                [
                    self.resolution_minutes.map(Span::WorkingMinutes),
                    self.resolution_days.map(Span::Days),
                    self.resolution_weeks.map(Span::Weeks),
                ],
            )?,
            around_the_clock: self.around_the_clock,
            page_on_call: self.page_on_call,
        })
    }
}

/// The span given among a target's spellings (none: no target), more than
/// zero.
fn one_span<const N: usize>(
    severity: &str,
    what: &str,
    given: [Option<Span>; N],
) -> Result<Option<Span>, ServerError> {
    match given.iter().flatten().collect::<Vec<_>>()[..] {
        [Span::WorkingMinutes(n) | Span::Days(n) | Span::Weeks(n)] if *n <= 0 => {
            Err(ServerError::Config(format!(
                "severity {severity}: the {what} target must be more than zero"
            )))
        }
        [] => Ok(None),
        [span] => Ok(Some(*span)),
        _ => Err(ServerError::Config(format!(
            "severity {severity}: give at most one {what} target ({what}_minutes, {what}_days, ...)"
        ))),
    }
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
    levels: Vec<SeverityLevel>,
    promises: Vec<Promise>,
}

/// The severities the targets list, which must be 1, 2, ... with none
/// missing or twice: a policy has from one to five.
fn severity_levels(targets: &[SeverityTarget]) -> Result<Vec<SeverityLevel>, ServerError> {
    let mut levels: Vec<SeverityLevel> = targets.iter().map(SeverityTarget::level).collect();
    levels.sort_by_key(|level| level.severity);
    if levels.is_empty() {
        return Err(ServerError::Config("severity_targets must list severity 1 at least".into()));
    }
    for (expected, level) in Severity::ALL.iter().zip(&levels) {
        if level.severity != *expected {
            return Err(ServerError::Config(format!(
                "severity_targets needs exactly one entry for each severity from 1 up \
                 (severity {} is missing or listed twice)",
                expected.as_str()
            )));
        }
        if level.definition.is_empty() || level.name.trim().is_empty() {
            return Err(ServerError::Config(format!(
                "severity {}: give its name and definition as the policy writes them",
                level.severity.as_str()
            )));
        }
    }
    Ok(levels)
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

    /// The policy's severities, most urgent first.
    pub fn severities(&self) -> &[SeverityLevel] {
        &self.levels
    }

    /// Whether the policy has this severity.
    pub fn knows(&self, severity: Severity) -> bool {
        self.level(severity).is_some()
    }

    /// The least urgent severity: what a case opened by email starts as
    /// until an engineer re-assesses it.
    pub fn least_urgent(&self) -> Severity {
        self.levels.last().map_or(Severity::Three, |level| level.severity)
    }

    /// "severity 1", and the policy's name for it where it has one:
    /// "severity 1 (Blocker)".
    pub fn spoken(&self, severity: Severity) -> String {
        format!("severity {}", self.numbered(severity))
    }

    /// "1", and the policy's name for it where it has one: "1 (Blocker)".
    pub fn numbered(&self, severity: Severity) -> String {
        match self.level(severity) {
            Some(level) if level.name != severity.label() => {
                format!("{} ({})", severity.as_str(), level.name)
            }
            _ => severity.as_str().to_owned(),
        }
    }

    /// The policy's words for a severity it has.
    pub fn level(&self, severity: Severity) -> Option<&SeverityLevel> {
        self.levels.iter().find(|level| level.severity == severity)
    }

    /// Refuses a severity the policy does not have, naming the ones it does.
    pub fn check(&self, severity: Severity) -> Result<(), AppError> {
        match self.knows(severity) {
            true => Ok(()),
            false => Err(AppError::bad_request(format!(
                "This support policy has no severity {}: choose {}.",
                severity.as_str(),
                self.levels
                    .iter()
                    .map(|level| format!("{} ({})", level.severity.as_str(), level.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn target(severity: Severity) -> SeverityTarget {
        SeverityTarget {
            severity,
            name: None,
            definition: "A problem.".into(),
            response_minutes: Some(60),
            response_days: None,
            resolution_minutes: None,
            resolution_days: Some(1),
            resolution_weeks: None,
            around_the_clock: false,
            page_on_call: false,
        }
    }

    #[test]
    fn a_target_is_given_at_most_once_and_more_than_zero() {
        let valid = target(Severity::One).promise().expect("valid");
        assert_eq!(valid.resolution, Some(Span::Days(1)));
        let twice = SeverityTarget { resolution_weeks: Some(1), ..target(Severity::One) };
        let error = twice.promise().expect_err("two resolution targets").to_string();
        assert!(error.contains("severity 1: give at most one resolution target"), "{error}");
        let none = SeverityTarget { response_minutes: None, ..target(Severity::Two) };
        assert_eq!(none.promise().expect("the plan's response alone").response, None);
        let zero = SeverityTarget { response_minutes: Some(0), ..target(Severity::Three) };
        let error = zero.promise().expect_err("zero").to_string();
        assert!(error.contains("must be more than zero"), "{error}");
    }

    #[test]
    fn severities_run_from_one_with_none_missing() {
        let levels = |severities: &[Severity]| {
            severity_levels(&severities.iter().map(|s| target(*s)).collect::<Vec<_>>())
        };
        let four = levels(&[Severity::Four, Severity::One, Severity::Three, Severity::Two])
            .expect("four in any order");
        let names: Vec<&str> = four.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Severity 1", "Severity 2", "Severity 3", "Severity 4"]);
        let gap = levels(&[Severity::One, Severity::Three]).expect_err("2 missing").to_string();
        assert!(gap.contains("severity 2 is missing"), "{gap}");
        let twice = levels(&[Severity::One, Severity::One]).expect_err("twice").to_string();
        assert!(twice.contains("severity 2 is missing or listed twice"), "{twice}");
        assert!(levels(&[]).is_err());
    }
}

//! A policy's severities: their names and definitions as the catalogue
//! writes them, their targets (in working minutes, or days or weeks of the
//! clock's calendar), and the words the portal says them in.

use serde::Deserialize;

use super::ServiceLevels;
use crate::{
    cases::{Severity, SeverityLevel},
    error::AppError,
    infra::{error::ServerError, key_path::KeyPath},
};

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

    /// The targets, checked; `at` is where the file writes this entry.
    pub(super) fn promise(&self, at: &KeyPath) -> Result<Promise, ServerError> {
        Ok(Promise {
            severity: self.severity,
            response: one_span(
                at,
                "response",
                [
                    ("response_minutes", self.response_minutes.map(Span::WorkingMinutes)),
                    ("response_days", self.response_days.map(Span::Days)),
                ],
            )?,
            resolution: one_span(
                at,
                "resolution",
                [
                    ("resolution_minutes", self.resolution_minutes.map(Span::WorkingMinutes)),
                    ("resolution_days", self.resolution_days.map(Span::Days)),
                    ("resolution_weeks", self.resolution_weeks.map(Span::Weeks)),
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
    at: &KeyPath,
    what: &str,
    given: [(&str, Option<Span>); N],
) -> Result<Option<Span>, ServerError> {
    let spans: Vec<(&str, Span)> =
        given.iter().filter_map(|(key, span)| span.map(|span| (*key, span))).collect();
    match spans[..] {
        [(key, Span::WorkingMinutes(n) | Span::Days(n) | Span::Weeks(n))] if n <= 0 => {
            Err(ServerError::setting(
                at.clone().then(key),
                format!("the {what} target must be more than zero"),
            ))
        }
        [] => Ok(None),
        [(_, span)] => Ok(Some(span)),
        _ => Err(ServerError::setting(
            at.clone().then(spans[1].0),
            format!("give at most one {what} target ({what}_minutes, {what}_days, ...)"),
        )),
    }
}

/// The severities the targets list, which must be 1, 2, ... with none
/// missing or twice: a policy has from one to five.
pub(super) fn severity_levels(
    targets: &[SeverityTarget],
) -> Result<Vec<SeverityLevel>, ServerError> {
    let entry = |index: usize| KeyPath::entry("severity_targets", index);
    let mut levels: Vec<(usize, SeverityLevel)> =
        targets.iter().map(SeverityTarget::level).enumerate().collect();
    levels.sort_by_key(|(_, level)| level.severity);
    if levels.is_empty() {
        return Err(ServerError::setting(
            KeyPath::key("severity_targets"),
            "list severity 1 at least",
        ));
    }
    for (expected, (index, level)) in Severity::ALL.iter().zip(&levels) {
        if level.severity != *expected {
            return Err(ServerError::setting(
                entry(*index).then("severity"),
                format!(
                    "severity_targets needs exactly one entry for each severity from 1 up \
                     (severity {} is missing or listed twice)",
                    expected.as_str()
                ),
            ));
        }
        if level.definition.is_empty() || level.name.trim().is_empty() {
            return Err(ServerError::setting(
                entry(*index),
                format!(
                    "severity {}: give its name and definition as the policy writes them",
                    level.severity.as_str()
                ),
            ));
        }
    }
    Ok(levels.into_iter().map(|(_, level)| level).collect())
}

impl ServiceLevels {
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
        let at = KeyPath::entry("severity_targets", 0);
        let valid = target(Severity::One).promise(&at).expect("valid");
        assert_eq!(valid.resolution, Some(Span::Days(1)));
        let twice = SeverityTarget { resolution_weeks: Some(1), ..target(Severity::One) };
        let error = twice.promise(&at).expect_err("two resolution targets").to_string();
        assert!(
            error.contains(
                "severity_targets[0].resolution_weeks: give at most one resolution target"
            ),
            "{error}"
        );
        let none = SeverityTarget { response_minutes: None, ..target(Severity::Two) };
        assert_eq!(none.promise(&at).expect("the plan's response alone").response, None);
        let zero = SeverityTarget { response_minutes: Some(0), ..target(Severity::Three) };
        let error = zero.promise(&at).expect_err("zero").to_string();
        assert!(error.contains("response_minutes: the response target must be more"), "{error}");
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

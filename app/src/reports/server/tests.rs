use super::*;
use crate::{
    accounts::Level,
    cases::CaseStatus,
    entitlements::{Availability, server::Catalogue},
    sla::targets::CaseClock,
};

const HOUR: i64 = 60 * 60 * 1000;
/// Monday 2026-11-23 09:00 UTC.
const MONDAY: i64 = 1_795_424_400_000;

fn levels() -> ServiceLevels {
    Catalogue::load(None).expect("the built-in catalogue").service_levels
}

/// A severity-1 case on a 24x7 plan: response due in 1 hour, resolution in 1 day.
fn case(opened: i64, answered: Option<i64>, finished: Option<i64>) -> ClockedCase {
    ClockedCase {
        id: 1,
        reference: "CASE-000001".into(),
        subject: "Down".into(),
        status: if finished.is_some() { CaseStatus::Resolved } else { CaseStatus::Open },
        level: Level::L1,
        organisation: "Acme".into(),
        owner: None,
        owner_user_id: None,
        plan_name: Some("Platinum".into()),
        priority: Some(crate::entitlements::Priority::Highest),
        clock: CaseClock {
            severity: Severity::One,
            availability: Availability::AroundTheClock,
            plan_response: Some(60),
            opened,
            organisation_zone: jiff::tz::TimeZone::UTC,
        },
        first_response_at: answered,
        workaround_at: None,
        finished_at: finished,
        pauses: Vec::new(),
    }
}

#[test]
fn attainment_counts_met_missed_and_leaves_what_is_not_due_yet() {
    let now = MONDAY + 30 * HOUR;
    let cases = [
        // Answered in 30 minutes and resolved in 5 hours: both met.
        case(MONDAY, Some(MONDAY + HOUR / 2), Some(MONDAY + 5 * HOUR)),
        // Answered after 2 hours, still open after 30: both missed.
        case(MONDAY, Some(MONDAY + 2 * HOUR), None),
        // Opened 30 minutes ago, unanswered: neither counted yet.
        case(now - HOUR / 2, None, None),
    ];

    let rows = attainment(&cases, &levels(), now);

    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!((row.plan.as_str(), row.severity, row.cases), ("Platinum", Severity::One, 3));
    assert_eq!((row.response_met, row.response_missed), (1, 1));
    assert_eq!((row.resolution_met, row.resolution_missed), (1, 1));
    assert_eq!(row.response_percent(), Some(50));
}

#[test]
fn backlog_sorts_cases_into_age_buckets_by_severity() {
    let now = MONDAY + 40 * 24 * HOUR;
    let mut minor = case(now - 2 * 24 * HOUR, None, None);
    minor.clock.severity = Severity::Three;
    let cases = [case(now - HOUR, None, None), minor, case(now - 35 * 24 * HOUR, None, None)];

    let buckets = backlog(&cases, &levels(), now);

    let counts: Vec<(&str, &[i64])> =
        buckets.iter().map(|b| (b.age.as_str(), b.by_severity.as_slice())).collect();
    assert_eq!(
        counts,
        [
            ("Under a day", &[1, 0, 0][..]),
            ("1 to 3 days", &[0, 0, 1]),
            ("3 to 7 days", &[0, 0, 0]),
            ("7 to 30 days", &[0, 0, 0]),
            ("Over 30 days", &[1, 0, 0]),
        ]
    );
}

#[test]
fn first_response_times_give_median_and_90th_percentile() {
    let answered_after = [10, 20, 30, 40, 50, 60, 70, 80, 90, 120];
    let cases: Vec<ClockedCase> = answered_after
        .iter()
        .map(|minutes| case(MONDAY, Some(MONDAY + minutes * 60_000), None))
        .collect();

    let times = first_response(&cases, &levels());

    let critical = &times[0];
    assert_eq!(critical.severity, Severity::One);
    assert_eq!(critical.answered, 10);
    assert_eq!(critical.within_target, 6, "answers within the hour");
    assert_eq!(critical.median_minutes, Some(50));
    assert_eq!(critical.p90_minutes, Some(90));
    assert_eq!(times[1].answered, 0);
    assert_eq!(times[1].median_minutes, None);
}

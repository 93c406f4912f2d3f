use std::collections::BTreeSet;

use jiff::{
    Timestamp,
    civil::{Date, Time},
    tz::TimeZone,
};
use proptest::prelude::*;

use super::*;

fn at(text: &str) -> Timestamp {
    text.parse().expect("an instant")
}

fn hours(open: i8, close: i8) -> Option<(Time, Time)> {
    Some((Time::constant(open, 0, 0, 0), Time::constant(close, 0, 0, 0)))
}

/// 8:00-19:00 US Eastern, Monday to Friday, with the given holidays.
fn eastern(holidays: &[&str]) -> Calendar {
    let zone = TimeZone::get("America/New_York").expect("zone");
    let weekdays =
        [hours(8, 19), hours(8, 19), hours(8, 19), hours(8, 19), hours(8, 19), None, None];
    let holidays: BTreeSet<Date> = holidays.iter().map(|d| d.parse().expect("a date")).collect();
    Calendar::business(zone, weekdays, holidays)
}

#[test]
fn a_case_opened_on_a_friday_evening_is_due_on_monday() {
    // Friday 2026-11-20 18:30 EST is 23:30 UTC; 30 minutes left on Friday.
    let due = eastern(&[]).add(at("2026-11-20T23:30:00Z"), 60, &[]);
    // Monday 8:30 EST.
    assert_eq!(due, Some(at("2026-11-23T13:30:00Z")));
}

#[test]
fn holidays_are_skipped() {
    // Thanksgiving, Thursday 2026-11-26: opened Wednesday 18:00 EST, 2 hours.
    let due = eastern(&["2026-11-26"]).add(at("2026-11-25T23:00:00Z"), 120, &[]);
    // One hour on Wednesday, the other on Friday 8:00-9:00 EST.
    assert_eq!(due, Some(at("2026-11-27T14:00:00Z")));
}

#[test]
fn a_daylight_saving_change_is_counted_in_real_time() {
    // A calendar open all Sunday: 2026-03-08 in New York has 23 hours.
    let zone = TimeZone::get("America/New_York").expect("zone");
    let sundays = [None, None, None, None, None, None, hours(0, 23)];
    let calendar = Calendar::business(zone, sundays, BTreeSet::new());
    let start = at("2026-03-08T05:00:00Z"); // midnight EST
    assert_eq!(calendar.minutes_between(start, at("2026-03-09T04:00:00Z"), &[]), 22 * 60);
}

#[test]
fn the_clock_stops_while_the_case_waits_on_the_customer() {
    let calendar = Calendar::around_the_clock();
    let opened = at("2026-11-23T09:00:00Z");
    let pause = Pause { start: at("2026-11-23T09:30:00Z"), end: Some(at("2026-11-23T11:30:00Z")) };
    assert_eq!(calendar.add(opened, 60, &[pause]), Some(at("2026-11-23T12:00:00Z")));
    let open_pause = Pause { start: at("2026-11-23T09:30:00Z"), end: None };
    assert_eq!(calendar.add(opened, 60, &[open_pause]), None, "no due time while waiting");
}

#[test]
fn a_calendar_without_working_hours_has_no_due_time() {
    let closed = Calendar::business(TimeZone::UTC, [None; 7], BTreeSet::new());
    assert_eq!(closed.add(at("2026-11-23T09:00:00Z"), 1, &[]), None);
}

fn arbitrary_calendar() -> impl Strategy<Value = Calendar> {
    let day =
        prop_oneof![Just(None), (0i8..12, 12i8..24).prop_map(|(open, close)| hours(open, close))];
    let zones =
        prop::sample::select(vec!["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney"]);
    let holidays = prop::collection::btree_set(0i32..400, 0..20);
    (prop::array::uniform7(day), zones, holidays).prop_map(|(week, zone, holidays)| {
        let base: Date = "2026-01-01".parse().expect("a date");
        let holidays =
            holidays.into_iter().filter_map(|d| base.checked_add(d.days()).ok()).collect();
        Calendar::business(TimeZone::get(zone).expect("zone"), week, holidays)
    })
}

fn arbitrary_instant() -> impl Strategy<Value = Timestamp> {
    // 2026 and 2027, by the minute.
    (0i64..2 * 365 * 24 * 60)
        .prop_map(|minute| at("2026-01-01T00:00:00Z") + SignedDuration::from_mins(minute))
}

fn arbitrary_pauses() -> impl Strategy<Value = Vec<Pause>> {
    prop::collection::vec((arbitrary_instant(), 1i64..5 * 24 * 60), 0..4).prop_map(|pauses| {
        pauses
            .into_iter()
            .map(|(start, minutes)| Pause {
                start,
                end: Some(start + SignedDuration::from_mins(minutes)),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_due_time_is_exactly_the_target_of_working_time_away(
        calendar in arbitrary_calendar(),
        start in arbitrary_instant(),
        minutes in 0i64..5_000,
        pauses in arbitrary_pauses(),
    ) {
        if let Some(due) = calendar.add(start, minutes, &pauses) {
            prop_assert!(due >= start);
            prop_assert_eq!(calendar.minutes_between(start, due, &pauses), minutes);
        }
    }

    #[test]
    fn pauses_only_ever_delay(
        calendar in arbitrary_calendar(),
        start in arbitrary_instant(),
        minutes in 1i64..5_000,
        pauses in arbitrary_pauses(),
    ) {
        let plain = calendar.add(start, minutes, &[]);
        let paused = calendar.add(start, minutes, &pauses);
        if let (Some(plain), Some(paused)) = (plain, paused) {
            prop_assert!(paused >= plain);
        }
    }

    #[test]
    fn more_time_is_never_due_earlier(
        calendar in arbitrary_calendar(),
        start in arbitrary_instant(),
        minutes in 0i64..5_000,
        more in 0i64..500,
    ) {
        if let (Some(sooner), Some(later)) = (calendar.add(start, minutes, &[]), calendar.add(start, minutes + more, &[])) {
            prop_assert!(later >= sooner);
        }
    }

    #[test]
    fn around_the_clock_is_plain_elapsed_time(start in arbitrary_instant(), minutes in 0i64..100_000) {
        let due = Calendar::around_the_clock().add(start, minutes, &[]);
        prop_assert_eq!(due, Some(start + SignedDuration::from_mins(minutes)));
    }
}

#[test]
fn the_built_in_targets_give_a_gold_case_its_due_times() {
    let levels =
        crate::entitlements::server::Catalogue::built_in().expect("catalogue").service_levels;
    let opened = at("2026-11-20T23:30:00Z").as_millisecond(); // Friday 18:30 EST
    let clock = |severity, availability, plan_response| crate::sla::targets::CaseClock {
        severity,
        availability,
        plan_response,
        opened,
        organisation_zone: TimeZone::UTC,
    };
    let gold = levels.due(
        &clock(
            crate::cases::Severity::Two,
            crate::entitlements::Availability::AroundTheClock,
            Some(120),
        ),
        &[],
    );
    // 24x7: the plan's 2 hours beat severity 2's 6 hours; resolution 2 days.
    assert_eq!(gold.response, Some(at("2026-11-21T01:30:00Z").as_millisecond()));
    assert_eq!(gold.resolution, Some(at("2026-11-22T23:30:00Z").as_millisecond()));
    let basic = levels.due(
        &clock(
            crate::cases::Severity::Three,
            crate::entitlements::Availability::EightByFive,
            Some(240),
        ),
        &[],
    );
    // 8x5 Eastern: 30 minutes left on Friday, then Monday from 8:00.
    assert_eq!(basic.response, Some(at("2026-11-23T16:30:00Z").as_millisecond()));
}

#[test]
fn a_day_is_the_same_time_on_the_next_working_day() {
    let calendar = eastern(&["2026-11-26"]);
    // Monday 10:00 EST, one day: Tuesday 10:00, not 24 working hours later.
    assert_eq!(calendar.add_days(at("2026-11-23T15:00:00Z"), 1), Some(at("2026-11-24T15:00:00Z")));
    // Wednesday 10:00, one day: Friday, Thanksgiving being no working day.
    assert_eq!(calendar.add_days(at("2026-11-25T15:00:00Z"), 1), Some(at("2026-11-27T15:00:00Z")));
    // Saturday afternoon: the clock starts on Monday at 8:00.
    assert_eq!(calendar.add_days(at("2026-11-21T18:00:00Z"), 1), Some(at("2026-11-24T13:00:00Z")));
    assert_eq!(calendar.days_a_week(), 5);
    assert_eq!(Calendar::around_the_clock().days_a_week(), 7);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_day_target_is_whole_working_days_of_time(
        start in arbitrary_instant(),
        days in 1i64..15,
        holidays in prop::collection::btree_set(0i32..400, 0..20),
    ) {
        let base: Date = "2026-01-01".parse().expect("a date");
        let holidays: Vec<String> = holidays
            .into_iter()
            .filter_map(|d| base.checked_add(d.days()).ok())
            .map(|d| d.to_string())
            .collect();
        let holidays: Vec<&str> = holidays.iter().map(String::as_str).collect();
        let calendar = eastern(&holidays);
        let due = calendar.add_days(start, days).expect("a due time");
        // Never shorter than that many business days: exactly as many
        // 11-hour days of working time.
        prop_assert_eq!(calendar.minutes_between(start, due, &[]), days * 11 * 60);
    }

    #[test]
    fn day_targets_are_monotone_in_the_filing_time(
        calendar in arbitrary_calendar(),
        start in arbitrary_instant(),
        later_by in 0i64..10_000,
        days in 0i64..10,
    ) {
        let later = start + SignedDuration::from_mins(later_by);
        if let (Some(first), Some(second)) = (calendar.add_days(start, days), calendar.add_days(later, days)) {
            prop_assert!(second >= first);
        }
    }

    #[test]
    fn severity_1_is_never_later_than_its_target_in_elapsed_time(
        start in arbitrary_instant(),
        availability in prop::sample::select(crate::entitlements::Availability::ALL.to_vec()),
        plan_response in prop::option::of(30i64..600),
    ) {
        let levels = crate::entitlements::server::Catalogue::built_in().expect("catalogue").service_levels;
        let opened = start.as_millisecond();
        let zone = TimeZone::get("Asia/Tokyo").expect("a zone");
        let case = crate::sla::targets::CaseClock {
            severity: crate::cases::Severity::One,
            availability,
            plan_response,
            opened,
            organisation_zone: zone,
        };
        let due = levels.due(&case, &[]);
        let hour = 60 * 60 * 1000;
        prop_assert!(due.response.expect("a response target") <= opened + hour);
        prop_assert_eq!(due.resolution, Some(opened + 24 * hour));
    }
}

// Scalix Basic: "from 9:00am - 5:00pm in your local time zone": one
// catalogue, two customers, each on their own clock.
#[test]
fn a_calendar_in_the_organisations_zone_runs_on_each_customers_own_hours() {
    use crate::sla::targets::{CalendarConfig, CaseClock, ORGANISATION_ZONE, SeverityTarget};
    let local = CalendarConfig {
        time_zone: ORGANISATION_ZONE.to_owned(),
        hours: "09:00-17:00".to_owned(),
        holidays: Vec::new(),
    };
    let calendars = [("8x5".to_owned(), local)].into_iter().collect();
    let target = |severity| SeverityTarget {
        severity,
        name: None,
        definition: "A problem.".to_owned(),
        response_minutes: Some(240),
        response_days: None,
        resolution_minutes: None,
        resolution_days: Some(2),
        resolution_weeks: None,
        around_the_clock: false,
        page_on_call: false,
    };
    let targets = crate::cases::Severity::ALL[..3].iter().map(|s| target(*s)).collect();
    let levels = crate::sla::ServiceLevels::new(&calendars, targets).expect("valid levels");
    // Monday 2026-11-23 15:00 UTC: 16:00 in Berlin, 07:00 in Los Angeles.
    let case = |zone: &str| CaseClock {
        severity: crate::cases::Severity::Three,
        availability: crate::entitlements::Availability::EightByFive,
        plan_response: None,
        opened: at("2026-11-23T15:00:00Z").as_millisecond(),
        organisation_zone: TimeZone::get(zone).expect("a zone"),
    };

    let berlin = levels.due(&case("Europe/Berlin"), &[]);
    let los_angeles = levels.due(&case("America/Los_Angeles"), &[]);

    // Berlin: one hour left on Monday, three on Tuesday from 9:00 (08:00 UTC).
    assert_eq!(berlin.response, Some(at("2026-11-24T11:00:00Z").as_millisecond()));
    // Los Angeles: opens at 9:00 (17:00 UTC), four hours later is 13:00.
    assert_eq!(los_angeles.response, Some(at("2026-11-23T21:00:00Z").as_millisecond()));
    // Two days from 16:00 Berlin: Wednesday 16:00 there.
    assert_eq!(berlin.resolution, Some(at("2026-11-25T15:00:00Z").as_millisecond()));
}

#[test]
fn a_calendar_names_a_known_zone_or_the_organisations() {
    let config = crate::sla::targets::CalendarConfig {
        time_zone: "Mars/Olympus_Mons".to_owned(),
        hours: "09:00-17:00".to_owned(),
        holidays: Vec::new(),
    };
    let at = crate::infra::key_path::KeyPath::key("calendars").then("8x5");
    let error = config.build(&at).expect_err("an unknown zone").to_string();
    assert!(
        error.contains("calendars.\"8x5\".time_zone: \"Mars/Olympus_Mons\" is not a time zone"),
        "{error}"
    );
    assert!(error.contains("\"organisation\""), "{error}");
}

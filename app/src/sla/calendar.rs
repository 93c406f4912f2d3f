//! Business time: working hours per weekday in a time zone, with dated
//! holidays, or around the clock. SLA clocks only run inside it, and stop
//! while a case waits on the customer. Pure: instants in, instants out.

use std::collections::BTreeSet;

use jiff::{
    SignedDuration, Timestamp, ToSpan,
    civil::{Date, Time, Weekday},
    tz::TimeZone,
};

/// How far ahead a due time is looked for: a calendar with no working
/// hours at all has no due time.
const HORIZON_DAYS: i32 = 3 * 366;

#[derive(Clone, Debug)]
pub struct Calendar {
    zone: TimeZone,
    /// Opening and closing time per weekday, Monday first; `None`: closed.
    hours: [Option<(Time, Time)>; 7],
    holidays: BTreeSet<Date>,
    around_the_clock: bool,
}

/// A stretch of time the clock did not run (waiting on the customer);
/// `end` is `None` while it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub start: Timestamp,
    pub end: Option<Timestamp>,
}

impl Calendar {
    /// Every minute counts (24x7 plans, severity 1 where the plan allows).
    pub fn around_the_clock() -> Self {
        Self {
            zone: TimeZone::UTC,
            hours: [None; 7],
            holidays: BTreeSet::new(),
            around_the_clock: true,
        }
    }

    /// `hours[0]` is Monday. A day whose closing time is not after its
    /// opening time is closed.
    pub fn business(
        zone: TimeZone,
        hours: [Option<(Time, Time)>; 7],
        holidays: BTreeSet<Date>,
    ) -> Self {
        let hours = hours.map(|day| day.filter(|(open, close)| close > open));
        Self { zone, hours, holidays, around_the_clock: false }
    }

    /// The same hours and holidays, kept in another zone's local time.
    pub fn in_zone(&self, zone: TimeZone) -> Self {
        Self { zone, ..self.clone() }
    }

    /// Every minute counts.
    pub fn is_around_the_clock(&self) -> bool {
        self.around_the_clock
    }

    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// Monday's opening and closing time (the support policy page's words).
    pub fn weekday_hours(&self) -> Option<(Time, Time)> {
        self.hours[0]
    }

    /// The same hours with another holiday list.
    pub fn with_holidays(&self, holidays: BTreeSet<Date>) -> Self {
        Self { holidays, ..self.clone() }
    }

    pub fn holidays(&self) -> &BTreeSet<Date> {
        &self.holidays
    }

    /// The last holiday listed, if any.
    pub fn last_holiday(&self) -> Option<Date> {
        self.holidays.last().copied()
    }

    /// The holidays from `from` (a local date) on.
    pub fn holidays_from(&self, from: Date) -> impl Iterator<Item = Date> + '_ {
        self.holidays.range(from..).copied()
    }

    /// The working stretches of one local date, as instants (empty on a
    /// holiday or a closed day). Daylight-saving changes are in the
    /// instants: a window over a change is an hour shorter or longer.
    pub fn windows_on(&self, date: Date) -> Option<(Timestamp, Timestamp)> {
        if self.holidays.contains(&date) {
            return None;
        }
        let (open, close) = self.hours[weekday_index(date.weekday())]?;
        let start = date.to_datetime(open).to_zoned(self.zone.clone()).ok()?.timestamp();
        let end = date.to_datetime(close).to_zoned(self.zone.clone()).ok()?.timestamp();
        (end > start).then_some((start, end))
    }

    /// The working stretches from `from` on, in order, minus the pauses.
    fn stretches_from<'a>(
        &'a self,
        from: Timestamp,
        pauses: &'a [Pause],
    ) -> impl Iterator<Item = (Timestamp, Timestamp)> + 'a {
        let first_day = from.to_zoned(self.zone.clone()).date();
        let days =
            (0..HORIZON_DAYS).filter_map(move |offset| first_day.checked_add(offset.days()).ok());
        let windows: Box<dyn Iterator<Item = (Timestamp, Timestamp)>> = if self.around_the_clock {
            Box::new(std::iter::once((from, Timestamp::MAX)))
        } else {
            Box::new(days.filter_map(move |date| self.windows_on(date)))
        };
        windows
            .filter_map(move |(start, end)| (end > from).then_some((start.max(from), end)))
            .flat_map(move |window| subtract_pauses(window, pauses))
    }

    /// The instant at which `minutes` of working time have passed since
    /// `start`, the pauses not counting. `None` when the calendar has no
    /// working time within years.
    pub fn add(&self, start: Timestamp, minutes: i64, pauses: &[Pause]) -> Option<Timestamp> {
        let mut left = SignedDuration::from_mins(minutes.max(0));
        if left.is_zero() {
            return Some(start);
        }
        for (from, to) in self.stretches_from(start, pauses) {
            let length = to.duration_since(from);
            if left <= length {
                return from.checked_add(left).ok();
            }
            left -= length;
        }
        None
    }

    /// The instant `days` working days after `start`: the same time of day
    /// on the `days`-th working day after the one the clock starts on (kept
    /// inside that day's hours). A case opened outside the hours starts at
    /// the next opening. Around the clock a day is 24 hours. `None` when the
    /// calendar has no working day within years.
    pub fn add_days(&self, start: Timestamp, days: i64) -> Option<Timestamp> {
        if self.around_the_clock {
            return start.checked_add(SignedDuration::from_hours(24 * days.max(0))).ok();
        }
        let first_day = start.to_zoned(self.zone.clone()).date();
        let mut working_days = (0..HORIZON_DAYS)
            .filter_map(|offset| first_day.checked_add(offset.days()).ok())
            .filter_map(|date| self.windows_on(date).map(|window| (date, window)));
        // The day and the moment the clock starts on.
        let (_, (open, _)) = working_days.by_ref().find(|(_, (_, close))| *close > start)?;
        let begins = open.max(start);
        let time_of_day = begins.to_zoned(self.zone.clone()).time();
        let (date, (open, close)) = match days.max(0) {
            0 => return Some(begins),
            n => working_days.nth(usize::try_from(n - 1).ok()?)?,
        };
        let same_time = date.to_datetime(time_of_day).to_zoned(self.zone.clone()).ok()?.timestamp();
        Some(same_time.clamp(open, close))
    }

    /// Working days in a week: five for business hours on weekdays, seven
    /// around the clock.
    pub fn days_a_week(&self) -> i64 {
        if self.around_the_clock { 7 } else { self.hours.iter().flatten().count() as i64 }
    }

    /// Working minutes between two instants, the pauses not counting.
    pub fn minutes_between(&self, from: Timestamp, to: Timestamp, pauses: &[Pause]) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = SignedDuration::ZERO;
        for (start, end) in self.stretches_from(from, pauses) {
            if start >= to {
                break;
            }
            total += end.min(to).duration_since(start);
        }
        total.as_mins()
    }
}

fn weekday_index(day: Weekday) -> usize {
    usize::try_from(day.to_monday_zero_offset()).unwrap_or_default()
}

/// What is left of a window once the pauses are cut out of it.
fn subtract_pauses(
    window: (Timestamp, Timestamp),
    pauses: &[Pause],
) -> Vec<(Timestamp, Timestamp)> {
    let mut pieces = vec![window];
    for pause in pauses {
        let pause_end = pause.end.unwrap_or(Timestamp::MAX);
        pieces = pieces
            .into_iter()
            .flat_map(|(start, end)| {
                if pause_end <= start || pause.start >= end {
                    return vec![(start, end)];
                }
                [(start, pause.start), (pause_end, end)]
                    .into_iter()
                    .filter(|(s, e)| e > s)
                    .collect()
            })
            .collect();
    }
    pieces
}

#[cfg(test)]
mod tests;

//! The catalogue's business calendars, one for each availability its plans
//! sell (8x5, 12x5), as the file writes them and as the portal keeps them:
//! admins change the holidays while the servers run.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{Arc, PoisonError, RwLock},
};

use jiff::{
    Timestamp,
    civil::{Date, Time},
    tz::TimeZone,
};
use serde::Deserialize;

use super::Calendar;
use crate::{
    entitlements::Availability,
    infra::{error::ServerError, key_path::KeyPath},
};

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
    /// The days the clocks stand still; admins keep the list in the portal
    /// once the catalogue has seeded it.
    #[serde(default)]
    pub holidays: Vec<String>,
}

impl CalendarConfig {
    /// The calendar, and whether it runs in the organisation's own zone
    /// (built in UTC until a case's organisation names its zone); `at` is
    /// where the file writes it.
    pub fn build(&self, at: &KeyPath) -> Result<(Calendar, bool), ServerError> {
        let local = self.time_zone == ORGANISATION_ZONE;
        let zone = match local {
            true => TimeZone::UTC,
            false => TimeZone::get(&self.time_zone).map_err(|_| {
                ServerError::setting(
                    at.clone().then("time_zone"),
                    format!(
                        "{:?} is not a time zone: name an IANA zone such as America/New_York, \
                         or {ORGANISATION_ZONE:?} for the customer's own",
                        self.time_zone
                    ),
                )
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
                ServerError::setting(
                    at.clone().then("hours"),
                    format!("{:?}: write the hours like 08:00-19:00", self.hours),
                )
            })?;
        let holidays = parse_holidays(self.holidays.iter().map(String::as_str))
            .map_err(|message| ServerError::setting(at.clone().then("holidays"), message))?;
        let weekdays = [Some((open, close)); 5];
        let week = [weekdays[0], weekdays[1], weekdays[2], weekdays[3], weekdays[4], None, None];
        Ok((Calendar::business(zone, week, holidays), local))
    }
}

/// Holiday dates as people write them (`2026-12-25`), each checked; the
/// error names the first that is not a date.
pub fn parse_holidays<'a>(
    days: impl IntoIterator<Item = &'a str>,
) -> Result<BTreeSet<Date>, String> {
    days.into_iter()
        .map(|day| {
            day.trim().parse::<Date>().map_err(|_| format!("{day:?} is not a date like 2026-12-25"))
        })
        .collect()
}

/// The business calendars by availability, each with whether it runs in
/// the organisation's own zone. Shared by every clone, so that holidays an
/// admin saves reach every request at once.
#[derive(Clone, Debug, Default)]
pub struct Calendars(Arc<RwLock<BTreeMap<Availability, (Calendar, bool)>>>);

impl Calendars {
    pub fn new(configs: &BTreeMap<String, CalendarConfig>) -> Result<Self, ServerError> {
        let mut built = BTreeMap::new();
        for (name, config) in configs {
            let at = KeyPath::key("calendars").then(name);
            let availability = match name.parse() {
                Ok(Availability::AroundTheClock) => {
                    return Err(ServerError::setting(
                        at,
                        "24x7 runs around the clock: leave it out",
                    ));
                }
                Ok(availability) => availability,
                Err(_) => return Err(ServerError::setting(at, "name a calendar 8x5 or 12x5")),
            };
            built.insert(availability, config.build(&at)?);
        }
        Ok(Self(Arc::new(RwLock::new(built))))
    }

    fn read<T>(&self, read: impl FnOnce(&BTreeMap<Availability, (Calendar, bool)>) -> T) -> T {
        read(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Whether the catalogue gives hours for an availability (around the
    /// clock needs none).
    pub fn has_hours(&self, availability: Availability) -> bool {
        availability == Availability::AroundTheClock
            || self.read(|map| map.contains_key(&availability))
    }

    /// The availabilities with business hours, the shortest first.
    pub fn names(&self) -> Vec<Availability> {
        self.read(|map| map.keys().copied().collect())
    }

    /// The calendar of an availability, in `organisation_zone` where the
    /// hours are the customer's own. An availability the catalogue gives
    /// no hours for (a case opened without a plan) runs on its shortest.
    pub fn get(&self, availability: Availability, organisation_zone: &TimeZone) -> Calendar {
        if availability == Availability::AroundTheClock {
            return Calendar::around_the_clock();
        }
        self.read(|map| match map.get(&availability).or_else(|| map.values().next()) {
            Some((calendar, true)) => calendar.in_zone(organisation_zone.clone()),
            Some((calendar, false)) => calendar.clone(),
            None => Calendar::around_the_clock(),
        })
    }

    /// A calendar's hours in words: "Monday to Friday 08:00-19:00
    /// America/New_York", or "... in each customer's own time zone".
    pub fn hours_words(&self, availability: Availability) -> Option<String> {
        self.read(|map| {
            let (calendar, local) = map.get(&availability)?;
            let (open, close) = calendar.weekday_hours()?;
            let hours =
                format!("Monday to Friday {}-{}", open.strftime("%H:%M"), close.strftime("%H:%M"));
            Some(match local {
                true => format!("{hours} in each customer's own time zone"),
                false => format!("{hours} {}", calendar.zone().iana_name().unwrap_or("UTC")),
            })
        })
    }

    /// The holidays of an availability's calendar.
    pub fn holidays(&self, availability: Availability) -> BTreeSet<Date> {
        self.read(|map| map.get(&availability).map(|(c, _)| c.holidays().clone()))
            .unwrap_or_default()
    }

    /// Replaces a calendar's holidays (what admins saved).
    pub fn set_holidays(&self, availability: Availability, holidays: BTreeSet<Date>) {
        let mut map = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if let Some((calendar, _)) = map.get_mut(&availability) {
            *calendar = calendar.with_holidays(holidays);
        }
    }

    /// Calendars whose holiday list ends within `days` of `now` (or has
    /// ended): past its last day the clocks would run through the next
    /// year's holidays. Calendars that list none are left alone.
    pub fn holidays_running_out(&self, now: Timestamp, days: i64) -> Vec<String> {
        self.read(|map| {
            map.iter()
                .filter_map(|(availability, (calendar, _))| {
                    let last = calendar.last_holiday()?;
                    let today = now.to_zoned(calendar.zone().clone()).date();
                    let until = today.checked_add(jiff::Span::new().days(days)).ok()?;
                    (last < until).then(|| {
                        format!(
                            "The {} calendar's holidays end on {last}: add the next year's on the support plans page before then.",
                            availability.as_str()
                        )
                    })
                })
                .collect()
        })
    }
}

//! Builds the support policy page from the catalogue, the viewer's plans
//! and the calendars their clocks run on.

use jiff::{Timestamp, ToSpan, civil::Date, tz::TimeZone};

use super::{PlanTerms, SeverityTerms, SupportPolicy};
use crate::{
    auth::server::Viewer,
    entitlements::{ContractStatus, Plan, duration_words, server::service},
    infra::error::ServerError,
    runtime::AppState,
    sla::{
        Calendar,
        targets::{Span, organisation_zone},
    },
};

pub async fn support_policy(
    state: &AppState,
    viewer: &Viewer,
) -> Result<SupportPolicy, ServerError> {
    let organisation = viewer.user().and_then(|user| user.organisation_id());
    let (plans, zone) = match organisation {
        Some(id) => {
            let entitlements = service::load(state, id).await?;
            let plans: Vec<Plan> = entitlements
                .contracts
                .into_iter()
                .filter(|c| c.status == ContractStatus::Active)
                .filter_map(|c| c.plan)
                .collect();
            let zone = crate::accounts::server::organisations::get(&state.db, id)
                .await?
                .map(|org| org.time_zone)
                .unwrap_or_else(|| "UTC".to_owned());
            (plans, zone)
        }
        // The published plans: admins' own (a plan made for one customer)
        // are shown to that customer's organisation only.
        None => (state.catalogue.plans.clone(), "UTC".to_owned()),
    };
    let viewer_zone = organisation_zone(&zone);
    let now = state.clock.now();
    let catalogue = &state.catalogue;
    let levels = &catalogue.service_levels;
    let plans = plans
        .iter()
        .map(|plan| {
            let calendar = levels.calendar(plan.availability, &viewer_zone);
            let terms = catalogue.plan_terms.iter().find(|terms| terms.plan == plan.key);
            PlanTerms {
                name: plan.name.clone(),
                priority: plan.priority.label().to_owned(),
                hours: hours(&calendar),
                week: week(&calendar, now, &viewer_zone),
                holidays: holidays(&calendar, now),
                response: duration_words(plan.response_minutes),
                included_points: plan.included_points,
                training_seats: plan.training_seats,
                health_checks: plan.health_checks,
                includes: terms.map(|t| t.includes.clone()).unwrap_or_default(),
                excludes: terms.map(|t| t.excludes.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let severities = levels
        .severities()
        .iter()
        .map(|level| {
            let promise = levels.promise(level.severity);
            SeverityTerms {
                level: level.clone(),
                response: promise.and_then(|p| p.response).map(span_words),
                resolution: promise.and_then(|p| p.resolution).map(span_words),
                pages_on_call: promise.is_some_and(|p| p.page_on_call),
            }
        })
        .collect();
    Ok(SupportPolicy { channels: catalogue.channels.clone(), time_zone: zone, plans, severities })
}

/// "Monday to Friday, 08:00-19:00 (America/New_York)".
fn hours(calendar: &Calendar) -> String {
    match (calendar.is_around_the_clock(), calendar.weekday_hours()) {
        (false, Some((open, close))) => format!(
            "Monday to Friday, {}-{} ({})",
            open.strftime("%H:%M"),
            close.strftime("%H:%M"),
            calendar.zone().iana_name().unwrap_or("UTC")
        ),
        _ => "Around the clock, every day of the year".to_owned(),
    }
}

/// The next seven days of the calendar, their hours in the viewer's zone.
fn week(calendar: &Calendar, now: Timestamp, zone: &TimeZone) -> Vec<String> {
    if calendar.is_around_the_clock() {
        return Vec::new();
    }
    let today = now.to_zoned(calendar.zone().clone()).date();
    (0..7)
        .filter_map(|offset| today.checked_add(offset.days()).ok())
        .map(|date| {
            let label = date.strftime("%a %-d %b");
            let local = |at: Timestamp| at.to_zoned(zone.clone()).strftime("%H:%M").to_string();
            match calendar.windows_on(date) {
                Some((open, close)) => format!("{label}: {}-{}", local(open), local(close)),
                None if calendar.holidays_from(date).next() == Some(date) => {
                    format!("{label}: holiday")
                }
                None => format!("{label}: closed"),
            }
        })
        .collect()
}

/// The holidays of the next twelve months.
fn holidays(calendar: &Calendar, now: Timestamp) -> Vec<String> {
    let today: Date = now.to_zoned(calendar.zone().clone()).date();
    let Ok(year_on) = today.checked_add(1.year()) else {
        return Vec::new();
    };
    calendar
        .holidays_from(today)
        .take_while(|day| *day < year_on)
        .map(|day| day.strftime("%a %-d %b %Y").to_string())
        .collect()
}

/// A target in words: "1 hour", "2 days", "1 week".
fn span_words(span: Span) -> String {
    match span {
        Span::WorkingMinutes(minutes) => duration_words(minutes),
        Span::Days(1) => "1 day".to_owned(),
        Span::Days(days) => format!("{days} days"),
        Span::Weeks(1) => "1 week".to_owned(),
        Span::Weeks(weeks) => format!("{weeks} weeks"),
    }
}

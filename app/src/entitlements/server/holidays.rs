//! The calendars' holidays in the database: copied once from the catalogue
//! file, then kept by admins; every server reads them into its calendars at
//! start and at each jobs pass.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::{
    auth::server::{Action, Viewer, authorize},
    entitlements::{Availability, holidays::CalendarHolidays},
    error::AppError,
    infra::{db::Db, error::ServerError},
    runtime::AppState,
    sla::calendars::Calendars,
};

/// Copies the catalogue's holidays of each calendar the database has no
/// list for yet. A list already there is the admins': a file that lists
/// other days is said in the log, not applied.
pub async fn seed(db: &Db, calendars: &Calendars, now_ms: i64) -> Result<(), ServerError> {
    let kept = stored(db).await?;
    for calendar in calendars.names() {
        let from_file = calendars.holidays(calendar);
        if let Some(days) = kept.get(&calendar) {
            if *days != from_file {
                tracing::info!(
                    calendar = calendar.as_str(),
                    "the calendar's holidays are kept on the support plans page; the catalogue file's list is not applied"
                );
            }
            continue;
        }
        // Another server starting at once may seed it first: its list stands.
        let mut tx = db.pool().begin().await?;
        let created = sqlx::query(
            "INSERT INTO holiday_lists (calendar, updated_at) VALUES ($1, $2) \
             ON CONFLICT (calendar) DO NOTHING",
        )
        .bind(calendar.as_str())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if created == 1 {
            insert_days(&mut tx, calendar, &from_file).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Reads the stored lists into the calendars (what another server saved).
pub async fn refresh(db: &Db, calendars: &Calendars) -> Result<(), ServerError> {
    for (calendar, days) in stored(db).await? {
        calendars.set_holidays(calendar, days);
    }
    Ok(())
}

/// Every stored list, an emptied one included.
async fn stored(db: &Db) -> Result<BTreeMap<Availability, BTreeSet<Date>>, ServerError> {
    let lists: Vec<String> =
        sqlx::query_scalar("SELECT calendar FROM holiday_lists").fetch_all(db.pool()).await?;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT calendar, day FROM holidays").fetch_all(db.pool()).await?;
    let mut stored = BTreeMap::new();
    for calendar in lists {
        stored.insert(calendar.parse::<Availability>()?, BTreeSet::new());
    }
    for (calendar, day) in rows {
        let day = day
            .parse()
            .map_err(|_| ServerError::Config(format!("stored holiday {day:?} is not a date")))?;
        stored.entry(calendar.parse::<Availability>()?).or_default().insert(day);
    }
    Ok(stored)
}

/// The business calendars with their holidays, for admins.
pub fn list(state: &AppState, viewer: &Viewer) -> Result<Vec<CalendarHolidays>, AppError> {
    authorize(viewer, Action::ManageEntitlements)?;
    let calendars = &state.catalogue.service_levels.calendars;
    Ok(calendars
        .names()
        .into_iter()
        .map(|calendar| CalendarHolidays {
            calendar,
            hours: calendars.hours_words(calendar).unwrap_or_default(),
            days: calendars.holidays(calendar).iter().map(ToString::to_string).collect(),
        })
        .collect())
}

/// Replaces a calendar's holidays, in the database and in this server's
/// calendars; due times follow at once.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    calendar: Availability,
    days: Vec<Date>,
) -> Result<(), ServerError> {
    let admin = authorize(viewer, Action::ManageEntitlements)?;
    let calendars = &state.catalogue.service_levels.calendars;
    if !calendars.names().contains(&calendar) {
        return Err(AppError::bad_request(format!(
            "This support policy has no {} business hours to keep holidays for.",
            calendar.as_str()
        ))
        .into());
    }
    let days: BTreeSet<Date> = days.into_iter().collect();
    let mut tx = state.db.pool().begin().await?;
    sqlx::query(
        "INSERT INTO holiday_lists (calendar, updated_at, updated_by) VALUES ($1, $2, $3) \
         ON CONFLICT (calendar) DO UPDATE SET updated_at = excluded.updated_at, \
         updated_by = excluded.updated_by",
    )
    .bind(calendar.as_str())
    .bind(state.clock.now_ms())
    .bind(admin.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM holidays WHERE calendar = $1")
        .bind(calendar.as_str())
        .execute(&mut *tx)
        .await?;
    insert_days(&mut tx, calendar, &days).await?;
    tx.commit().await?;
    calendars.set_holidays(calendar, days);
    Ok(())
}

async fn insert_days(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    calendar: Availability,
    days: &BTreeSet<Date>,
) -> Result<(), ServerError> {
    for day in days {
        sqlx::query("INSERT INTO holidays (calendar, day) VALUES ($1, $2)")
            .bind(calendar.as_str())
            .bind(day.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

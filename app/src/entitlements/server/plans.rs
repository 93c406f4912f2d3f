//! The plan catalogue in the database: seeded from the catalogue file,
//! changed on the admin pages.

use sqlx::FromRow;

use crate::{
    entitlements::Plan,
    error::AppError,
    infra::{
        db::{AnyQuery, Db},
        error::ServerError,
    },
};

#[derive(FromRow)]
pub(super) struct PlanRow {
    key: String,
    name: String,
    kind: String,
    included_points: i64,
    priority: String,
    availability: String,
    response_minutes: i64,
    training_seats: i64,
    health_checks: i64,
    opens_cases: i64,
}

pub(super) const PLAN_COLUMNS: &str = "key, name, kind, included_points, priority, availability, \
     response_minutes, training_seats, health_checks, opens_cases";

/// Binds [`bind_plan`]'s ten values, then the position and the time.
const INSERT_PLAN: &str = "INSERT INTO plans (key, name, kind, included_points, priority, \
     availability, response_minutes, training_seats, health_checks, opens_cases, position, \
     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

impl TryFrom<PlanRow> for Plan {
    type Error = AppError;

    fn try_from(row: PlanRow) -> Result<Self, AppError> {
        Ok(Plan {
            key: row.key,
            name: row.name,
            kind: row.kind.parse()?,
            included_points: row.included_points,
            priority: row.priority.parse()?,
            availability: row.availability.parse()?,
            response_minutes: row.response_minutes,
            training_seats: row.training_seats,
            health_checks: row.health_checks,
            opens_cases: row.opens_cases != 0,
        })
    }
}

/// Checks what the database's constraints would refuse, with words for people.
pub fn validate(plan: &Plan) -> Result<(), AppError> {
    let key_ok = !plan.key.is_empty()
        && plan.key.len() <= 60
        && plan.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !key_ok {
        return Err(AppError::bad_request(
            "A plan key is up to 60 lower-case letters, digits and hyphens, like gold-2027.",
        ));
    }
    if plan.name.trim().is_empty() {
        return Err(AppError::bad_request("Enter the plan's name."));
    }
    if plan.response_minutes <= 0 {
        return Err(AppError::bad_request("The response target must be at least one minute."));
    }
    let counts = [plan.included_points, plan.training_seats, plan.health_checks];
    if counts.iter().any(|&n| n < 0) {
        return Err(AppError::bad_request(
            "Included points, training seats and health checks cannot be negative.",
        ));
    }
    Ok(())
}

pub async fn list(db: &Db) -> Result<Vec<Plan>, ServerError> {
    let rows: Vec<PlanRow> =
        sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plans ORDER BY position, key"))
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(Plan::try_from).collect::<Result<_, _>>()?)
}

pub async fn get(db: &Db, key: &str) -> Result<Option<Plan>, ServerError> {
    let row: Option<PlanRow> =
        sqlx::query_as(&format!("SELECT {PLAN_COLUMNS} FROM plans WHERE key = $1"))
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(Plan::try_from).transpose()?)
}

pub(super) async fn insert_if_missing(
    db: &Db,
    now_ms: i64,
    plan: &Plan,
    position: i64,
) -> Result<(), ServerError> {
    bind_plan(sqlx::query(&format!("{INSERT_PLAN} ON CONFLICT (key) DO NOTHING")), plan)
        .bind(position)
        .bind(now_ms)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Creates the plan, or changes the one with its key. Contracts on it
/// follow the change; cases already opened keep the plan they had.
pub async fn save(db: &Db, now_ms: i64, plan: &Plan) -> Result<(), ServerError> {
    validate(plan)?;
    let position: i64 =
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(position), 0) + 1 AS BIGINT) FROM plans")
            .fetch_one(db.pool())
            .await?;
    bind_plan(
        sqlx::query(&format!(
            "{INSERT_PLAN} ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
         included_points = excluded.included_points, priority = excluded.priority, \
         availability = excluded.availability, response_minutes = excluded.response_minutes, \
         training_seats = excluded.training_seats, health_checks = excluded.health_checks, \
         opens_cases = excluded.opens_cases, updated_at = excluded.updated_at"
        )),
        plan,
    )
    .bind(position)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    Ok(())
}

fn bind_plan<'q>(query: AnyQuery<'q>, plan: &Plan) -> AnyQuery<'q> {
    query
        .bind(plan.key.clone())
        .bind(plan.name.trim().to_owned())
        .bind(plan.kind.as_str())
        .bind(plan.included_points)
        .bind(plan.priority.as_str())
        .bind(plan.availability.as_str())
        .bind(plan.response_minutes)
        .bind(plan.training_seats)
        .bind(plan.health_checks)
        .bind(i64::from(plan.opens_cases))
}

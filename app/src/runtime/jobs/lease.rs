//! Job leases: a row per job that one server at a time may hold. Taking it
//! is a single conditional UPDATE, atomic on SQLite and PostgreSQL alike,
//! so two servers asking at once cannot both succeed.

use crate::infra::{db::Db, error::ServerError};

/// Takes the lease of `job` for `lease_ms` if nobody holds it and the job
/// last finished at least `every_ms` ago. Returns whether it was taken.
pub async fn take(
    db: &Db,
    job: &str,
    holder: &str,
    now: i64,
    lease_ms: i64,
    every_ms: i64,
) -> Result<bool, ServerError> {
    sqlx::query("INSERT INTO job_leases (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(job)
        .execute(db.pool())
        .await?;
    let taken = sqlx::query(
        "UPDATE job_leases SET holder = $1, lease_until = $2 \
         WHERE name = $3 AND lease_until <= $4 \
         AND (last_finished_at IS NULL OR last_finished_at <= $5)",
    )
    .bind(holder)
    .bind(now + lease_ms)
    .bind(job)
    .bind(now)
    .bind(now - every_ms)
    .execute(db.pool())
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Gives the lease back and records when the job finished.
pub async fn release(db: &Db, job: &str, holder: &str, now: i64) -> Result<(), ServerError> {
    sqlx::query(
        "UPDATE job_leases SET lease_until = 0, last_finished_at = $1 \
         WHERE name = $2 AND holder = $3",
    )
    .bind(now)
    .bind(job)
    .bind(holder)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Extends a lease `holder` still holds to `until`; returns whether it did
/// (false: the lease ran out and another server may have taken the job).
pub async fn renew(db: &Db, job: &str, holder: &str, until: i64) -> Result<bool, ServerError> {
    let renewed =
        sqlx::query("UPDATE job_leases SET lease_until = $1 WHERE name = $2 AND holder = $3")
            .bind(until)
            .bind(job)
            .bind(holder)
            .execute(db.pool())
            .await?;
    Ok(renewed.rows_affected() == 1)
}

//! The problems' rows: read, written and turned into what readers get.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::FromRow;

use crate::{
    ids::UserId,
    infra::{
        db::{Db, Tx},
        error::ServerError,
    },
    kb::{Audience, Restriction},
    problems::{FollowedFrom, NewProblem, Problem, ProblemReport, ProblemStatus, ProblemUpdate},
};

const COLUMNS: &str = "id, title, products, versions, status, fixed_in, workaround_slug, \
                       audience, restricted_to, created_at, updated_at";

#[derive(FromRow)]
pub(super) struct ProblemRow {
    pub id: i64,
    pub title: String,
    products: String,
    versions: String,
    pub status: ProblemStatus,
    pub fixed_in: String,
    workaround_slug: Option<String>,
    pub audience: Audience,
    pub restricted_to: Restriction,
    created_at: i64,
    updated_at: i64,
}

impl ProblemRow {
    pub fn into_problem(
        self,
        updates: Vec<ProblemUpdate>,
        following: bool,
        report: Option<ProblemReport>,
    ) -> Problem {
        Problem {
            id: self.id,
            title: self.title,
            products: self
                .products
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            versions: self.versions,
            status: self.status,
            fixed_in: self.fixed_in,
            workaround_slug: self.workaround_slug,
            audience: self.audience,
            created_at: self.created_at,
            updated_at: self.updated_at,
            updates,
            following,
            report,
        }
    }
}

/// Every current problem, and those that ended since `ended_since`,
/// the latest changed first.
pub(super) async fn listed(db: &Db, ended_since: i64) -> Result<Vec<ProblemRow>, ServerError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM problems WHERE ended_at IS NULL OR ended_at >= $1 \
         ORDER BY updated_at DESC, id DESC LIMIT 200"
    ))
    .bind(ended_since)
    .fetch_all(db.pool())
    .await?)
}

pub(super) async fn one(db: &Db, id: i64) -> Result<Option<ProblemRow>, ServerError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM problems WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?)
}

#[derive(FromRow)]
struct UpdateRow {
    id: i64,
    problem_id: i64,
    status: ProblemStatus,
    body_html: String,
    created_at: i64,
}

/// The updates of these problems, newest first, by problem.
pub(super) async fn updates_of(
    db: &Db,
    ids: &[i64],
) -> Result<BTreeMap<i64, Vec<ProblemUpdate>>, ServerError> {
    let mut by_problem: BTreeMap<i64, Vec<ProblemUpdate>> = BTreeMap::new();
    for id in ids {
        let rows: Vec<UpdateRow> = sqlx::query_as(
            "SELECT id, problem_id, status, body_html, created_at FROM problem_updates \
             WHERE problem_id = $1 ORDER BY id DESC",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        for row in rows {
            by_problem.entry(row.problem_id).or_default().push(ProblemUpdate {
                id: row.id,
                status: row.status,
                html: row.body_html,
                created_at: row.created_at,
            });
        }
    }
    Ok(by_problem)
}

/// Which of the problems the user follows.
pub(super) async fn followed_by(db: &Db, user: UserId) -> Result<BTreeSet<i64>, ServerError> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT problem_id FROM problem_followers WHERE user_id = $1")
            .bind(user)
            .fetch_all(db.pool())
            .await?;
    Ok(ids.into_iter().collect())
}

pub(super) async fn insert(
    tx: &mut Tx,
    new: &NewProblem,
    author: UserId,
    now: i64,
) -> Result<i64, ServerError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO problems (title, products, versions, status, workaround_slug, audience, \
         restricted_to, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(new.title.trim())
    .bind(new.products.join(","))
    .bind(new.versions.trim())
    .bind(ProblemStatus::Investigating)
    .bind(new.workaround_slug.as_deref())
    .bind(new.audience)
    .bind(new.restricted_to.to_column())
    .bind(author)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// What an update changes on its problem.
pub(super) struct Change<'a> {
    pub status: ProblemStatus,
    pub markdown: &'a str,
    pub html: &'a str,
    pub fixed_in: Option<&'a str>,
    pub workaround_slug: Option<&'a str>,
}

pub(super) async fn add_update(
    tx: &mut Tx,
    problem_id: i64,
    change: &Change<'_>,
    author: UserId,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO problem_updates (problem_id, status, body, body_html, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(problem_id)
    .bind(change.status)
    .bind(change.markdown)
    .bind(change.html)
    .bind(author)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // A problem ends when it is fixed or resolved, and is current again
    // if it comes back.
    let ended_at = (!change.status.is_current()).then_some(now);
    sqlx::query(
        "UPDATE problems SET status = $1, updated_at = $2, \
         ended_at = CASE WHEN $3 IS NULL THEN NULL ELSE COALESCE(ended_at, $3) END, \
         fixed_in = COALESCE($4, fixed_in), workaround_slug = COALESCE($5, workaround_slug) \
         WHERE id = $6",
    )
    .bind(change.status)
    .bind(now)
    .bind(ended_at)
    .bind(change.fixed_in)
    .bind(change.workaround_slug)
    .bind(problem_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The problem's followers.
pub(super) async fn followers(db: &Db, problem_id: i64) -> Result<Vec<UserId>, ServerError> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM problem_followers WHERE problem_id = $1 ORDER BY user_id",
    )
    .bind(problem_id)
    .fetch_all(db.pool())
    .await?)
}

pub(super) async fn set_following(
    db: &Db,
    (problem_id, user): (i64, UserId),
    follow: Option<FollowedFrom>,
    now: i64,
) -> Result<(), ServerError> {
    let query = match follow {
        Some(from) => sqlx::query(
            "INSERT INTO problem_followers (problem_id, user_id, followed_at, source) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (problem_id, user_id) DO NOTHING",
        )
        .bind(problem_id)
        .bind(user)
        .bind(now)
        .bind(from),
        None => sqlx::query("DELETE FROM problem_followers WHERE problem_id = $1 AND user_id = $2")
            .bind(problem_id)
            .bind(user),
    };
    query.execute(db.pool()).await?;
    Ok(())
}

/// What became of the problem (see [`ProblemReport`]).
pub(super) async fn report(db: &Db, problem_id: i64) -> Result<ProblemReport, ServerError> {
    let (cases_linked, first_case_at): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM cases WHERE problem_id = $1")
            .bind(problem_id)
            .fetch_one(db.pool())
            .await?;
    let (followers, by_case_form, by_help): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), \
         CAST(COALESCE(SUM(CASE WHEN source = 'case_form' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN source = 'help' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM problem_followers WHERE problem_id = $1",
    )
    .bind(problem_id)
    .fetch_one(db.pool())
    .await?;
    let (created_at, fixed_at): (i64, Option<i64>) = sqlx::query_as(
        "SELECT p.created_at, (SELECT MIN(u.created_at) FROM problem_updates u \
         WHERE u.problem_id = p.id AND u.status IN ('fixed', 'resolved')) FROM problems p WHERE p.id = $1",
    )
    .bind(problem_id)
    .fetch_one(db.pool())
    .await?;
    Ok(ProblemReport {
        cases_linked,
        followers,
        deflected_by_case_form: by_case_form,
        deflected_by_help: by_help,
        first_case_at,
        first_case_to_problem_ms: first_case_at.map(|first| created_at - first),
        first_case_to_fixed_ms: first_case_at.zip(fixed_at).map(|(first, fixed)| fixed - first),
    })
}

//! User records.

use sqlx::FromRow;

use crate::{
    accounts::{Level, Member, OrganisationRef, Role, SessionUser},
    error::AppError,
    ids::{OrganisationId, UserId},
    infra::{
        db::{Db, conflict_if_duplicate},
        error::ServerError,
    },
};

#[derive(Clone, Debug, FromRow)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub phone: String,
    pub password_hash: Option<String>,
    pub role: Role,
    pub level: Option<Level>,
    pub organisation_id: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub active: i64,
    pub on_call: i64,
    pub created_at: i64,
}

const SELECT_USER: &str = "SELECT u.id, u.email, u.name, u.phone, u.password_hash, u.role, u.level, \
     u.organisation_id, o.name AS organisation_name, u.active, u.on_call, u.created_at \
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

impl UserRow {
    pub fn is_active(&self) -> bool {
        self.active != 0
    }

    pub fn to_session_user(&self) -> Result<SessionUser, ServerError> {
        let (role, level) = (self.role, self.level);
        let organisation = match (self.organisation_id, &self.organisation_name) {
            (Some(id), Some(name)) => Some(OrganisationRef { id, name: name.clone() }),
            _ => None,
        };
        Ok(SessionUser {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role,
            level,
            organisation,
        })
    }
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, ServerError> {
    let sql = format!("{SELECT_USER} WHERE u.email = $1");
    Ok(sqlx::query_as(&sql).bind(email).fetch_optional(db.pool()).await?)
}

pub async fn find_by_id(db: &Db, id: UserId) -> Result<Option<UserRow>, ServerError> {
    let sql = format!("{SELECT_USER} WHERE u.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(db.pool()).await?)
}

/// The signed-in user behind a session or token: only active accounts count.
pub async fn active_session_user(db: &Db, id: UserId) -> Result<Option<SessionUser>, ServerError> {
    match find_by_id(db, id).await? {
        Some(row) if row.is_active() => Ok(Some(row.to_session_user()?)),
        _ => Ok(None),
    }
}

pub async fn list_members(
    db: &Db,
    organisation_id: OrganisationId,
) -> Result<Vec<UserRow>, ServerError> {
    let sql = format!("{SELECT_USER} WHERE u.organisation_id = $1 ORDER BY u.name, u.id");
    Ok(sqlx::query_as(&sql).bind(organisation_id).fetch_all(db.pool()).await?)
}

/// Users whose name, email or organisation contains `words` (any case),
/// staff first, `limit` of them from `offset`.
pub async fn find(
    db: &Db,
    words: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserRow>, ServerError> {
    let pattern = crate::infra::db::contains_pattern(words);
    let sql = format!(
        "{SELECT_USER} WHERE LOWER(u.name) LIKE $1 ESCAPE '\\' OR u.email LIKE $1 ESCAPE '\\' \
         OR o.name_key LIKE $1 ESCAPE '\\' ORDER BY u.role, u.name, u.id LIMIT $2 OFFSET $3"
    );
    Ok(sqlx::query_as(&sql).bind(pattern).bind(limit).bind(offset).fetch_all(db.pool()).await?)
}

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub level: Option<Level>,
    pub organisation_id: Option<OrganisationId>,
    pub password_hash: Option<String>,
}

impl NewUser {
    pub fn validate(&self) -> Result<(), AppError> {
        if self.name.trim().is_empty() {
            return Err(AppError::bad_request("Enter the person's name."));
        }
        validate_role(self.role, self.level, self.organisation_id)
    }
}

/// The role rules the database also enforces, checked first so the caller
/// gets a sentence instead of a constraint name.
pub fn validate_role(
    role: Role,
    level: Option<Level>,
    organisation_id: Option<OrganisationId>,
) -> Result<(), AppError> {
    match (role.belongs_to_organisation(), organisation_id) {
        (true, None) => {
            return Err(AppError::bad_request(format!(
                "A {} belongs to an organisation: choose one.",
                role.label().to_lowercase()
            )));
        }
        (false, Some(_)) => {
            return Err(AppError::bad_request(
                "Staff (writers, engineers, admins) do not belong to a customer organisation.",
            ));
        }
        _ => {}
    }
    match (role, level) {
        (Role::Engineer, None) => {
            Err(AppError::bad_request("A support engineer needs a level: L1, L2 or L3."))
        }
        (role, Some(_)) if role != Role::Engineer => {
            Err(AppError::bad_request("Only support engineers have a level."))
        }
        _ => Ok(()),
    }
}

pub async fn create(db: &Db, now_ms: i64, user: NewUser) -> Result<UserId, ServerError> {
    user.validate()?;
    let result = sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, role, level, organisation_id, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
    )
    .bind(&user.email)
    .bind(user.name.trim())
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.level.map(Level::as_str))
    .bind(user.organisation_id)
    .bind(now_ms)
    .fetch_one(db.pool())
    .await;
    conflict_if_duplicate(result, || format!("There is already an account for {}.", user.email))
}

pub async fn set_password_hash(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    hash: &str,
) -> Result<(), ServerError> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn update_role(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    role: Role,
    level: Option<Level>,
    organisation_id: Option<OrganisationId>,
) -> Result<(), ServerError> {
    validate_role(role, level, organisation_id)?;
    sqlx::query("UPDATE users SET role = $1, level = $2, organisation_id = $3, updated_at = $4 WHERE id = $5")
        .bind(role.as_str())
        .bind(level.map(Level::as_str))
        .bind(organisation_id)
        .bind(now_ms)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Puts an engineer on call or takes them off (anyone else: refused).
pub async fn set_on_call(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    on_call: bool,
) -> Result<(), ServerError> {
    let changed = sqlx::query(
        "UPDATE users SET on_call = $1, updated_at = $2 WHERE id = $3 AND (role = 'engineer' OR $1 = 0)",
    )
    .bind(i64::from(on_call))
    .bind(now_ms)
    .bind(user_id)
    .execute(db.pool())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::bad_request("Only an engineer can be on call.").into());
    }
    Ok(())
}

/// Deactivates (or reactivates) an account. A deactivated user's sessions
/// and API tokens stop working at once; the record stays, since cases and
/// ledgers refer to it.
pub async fn set_active(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    active: bool,
) -> Result<(), ServerError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if !active {
        sign_out_everywhere(&mut tx, now_ms, user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets a new password after a reset or a change: whoever knew the old one
/// loses every session and API token in the same commit.
pub async fn replace_password(
    db: &Db,
    now_ms: i64,
    user_id: UserId,
    hash: &str,
) -> Result<(), ServerError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sign_out_everywhere(&mut tx, now_ms, user_id).await?;
    tx.commit().await?;
    Ok(())
}

async fn sign_out_everywhere(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now_ms: i64,
    user_id: UserId,
) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A member as the organisation page shows them.
pub(crate) fn member(row: &UserRow) -> Result<Member, AppError> {
    Ok(Member {
        id: row.id,
        name: row.name.clone(),
        email: row.email.clone(),
        role: row.role,
        active: row.is_active(),
        pending: row.password_hash.is_none(),
    })
}

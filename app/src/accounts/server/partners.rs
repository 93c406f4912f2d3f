//! The partnerships table: which organisation serves which, and what the
//! client lets the partner's people do. Callers authorise first.

use sqlx::FromRow;

use crate::{
    accounts::partners_api::{PartnerAccess, Partnership},
    error::AppError,
    ids::OrganisationId,
    infra::{db::Db, error::ServerError},
};

#[derive(FromRow)]
struct PartnershipRow {
    partner_id: OrganisationId,
    partner: String,
    client_id: OrganisationId,
    client: String,
    access: PartnerAccess,
}

impl PartnershipRow {
    fn partnership(self) -> Partnership {
        Partnership {
            access: self.access,
            partner_id: self.partner_id,
            partner: self.partner,
            client_id: self.client_id,
            client: self.client,
        }
    }
}

const PARTNERSHIPS: &str = "SELECT s.partner_id, p.name AS partner, s.client_id, c.name AS client, \
     s.access FROM partnerships s JOIN organisations p ON p.id = s.partner_id \
     JOIN organisations c ON c.id = s.client_id";

async fn listed(
    db: &Db,
    filter: &str,
    id: OrganisationId,
) -> Result<Vec<Partnership>, ServerError> {
    let rows: Vec<PartnershipRow> =
        sqlx::query_as(&format!("{PARTNERSHIPS} WHERE {filter} ORDER BY p.name, c.name"))
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(PartnershipRow::partnership).collect())
}

/// Every partnership, by partner and client.
pub async fn all(db: &Db) -> Result<Vec<Partnership>, ServerError> {
    listed(db, "$1 = $1", OrganisationId(0)).await
}

/// The partners serving `client`.
pub async fn partners_of(db: &Db, client: OrganisationId) -> Result<Vec<Partnership>, ServerError> {
    listed(db, "s.client_id = $1", client).await
}

/// The clients `partner` serves, whatever they allow.
pub async fn clients_of(db: &Db, partner: OrganisationId) -> Result<Vec<Partnership>, ServerError> {
    listed(db, "s.partner_id = $1", partner).await
}

/// What `client` lets `partner`'s people do; `None` when it is not their
/// client.
pub async fn access(
    conn: &mut sqlx::AnyConnection,
    partner: OrganisationId,
    client: OrganisationId,
) -> Result<Option<PartnerAccess>, ServerError> {
    Ok(sqlx::query_scalar(
        "SELECT access FROM partnerships WHERE partner_id = $1 AND client_id = $2",
    )
    .bind(partner)
    .bind(client)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Makes `partner` serve `client`, or changes what it may do.
pub async fn set(
    db: &Db,
    partner: OrganisationId,
    client: OrganisationId,
    access: PartnerAccess,
    now: i64,
) -> Result<(), ServerError> {
    if partner == client {
        return Err(AppError::bad_request("An organisation is not its own partner.").into());
    }
    sqlx::query(
        "INSERT INTO partnerships (partner_id, client_id, access, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (partner_id, client_id) DO UPDATE SET access = excluded.access",
    )
    .bind(partner)
    .bind(client)
    .bind(access.as_str())
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The client's own choice of what its partner may do.
pub async fn allow(
    db: &Db,
    partner: OrganisationId,
    client: OrganisationId,
    access: PartnerAccess,
) -> Result<(), ServerError> {
    let changed =
        sqlx::query("UPDATE partnerships SET access = $1 WHERE partner_id = $2 AND client_id = $3")
            .bind(access.as_str())
            .bind(partner)
            .bind(client)
            .execute(db.pool())
            .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::not_found("That partner").into());
    }
    Ok(())
}

pub async fn end(
    db: &Db,
    partner: OrganisationId,
    client: OrganisationId,
) -> Result<(), ServerError> {
    let ended = sqlx::query("DELETE FROM partnerships WHERE partner_id = $1 AND client_id = $2")
        .bind(partner)
        .bind(client)
        .execute(db.pool())
        .await?;
    if ended.rows_affected() == 0 {
        return Err(AppError::not_found("That partnership").into());
    }
    Ok(())
}

//! Customer organisations and their service-contract numbers.

use std::collections::HashMap;

use sqlx::FromRow;

pub use crate::accounts::Organisation;
use crate::{
    accounts::AccountSearch,
    error::AppError,
    ids::OrganisationId,
    infra::{
        db::{Db, conflict_if_duplicate},
        error::ServerError,
    },
};

#[derive(FromRow)]
struct OrganisationRow {
    id: OrganisationId,
    name: String,
    time_zone: String,
}

/// Checks an IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`).
pub fn validate_time_zone(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    jiff::tz::TimeZone::get(name).map(|_| name.to_owned()).map_err(|_| {
        AppError::bad_request(format!(
            "{name:?} is not a known time zone: use a name like Europe/Berlin."
        ))
    })
}

/// Contract numbers as typed: one per line or separated by commas.
pub fn parse_contracts(text: &str) -> Vec<String> {
    let mut contracts: Vec<String> = text
        .split([',', '\n', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    contracts.sort();
    contracts.dedup();
    contracts
}

pub async fn create(
    db: &Db,
    now_ms: i64,
    name: &str,
    time_zone: &str,
    contracts: &[String],
) -> Result<OrganisationId, ServerError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::bad_request("Enter the organisation's name.").into());
    }
    let time_zone = validate_time_zone(time_zone)?;
    let mut tx = db.pool().begin().await?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO organisations (name, name_key, time_zone, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(name.to_lowercase())
    .bind(&time_zone)
    .bind(now_ms)
    .fetch_one(&mut *tx)
    .await;
    let id: OrganisationId = conflict_if_duplicate(inserted, || {
        format!("There is already an organisation called {name}.")
    })?;
    insert_contracts(&mut tx, now_ms, id, contracts).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_contracts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now_ms: i64,
    organisation_id: OrganisationId,
    contracts: &[String],
) -> Result<(), ServerError> {
    for contract in contracts {
        let result = sqlx::query(
            "INSERT INTO contracts (organisation_id, contract_number, created_at) VALUES ($1, $2, $3)",
        )
        .bind(organisation_id)
        .bind(contract)
        .bind(now_ms)
        .execute(&mut **tx)
        .await;
        conflict_if_duplicate(result, || {
            format!("Contract {contract} already belongs to an organisation.")
        })?;
    }
    Ok(())
}

/// Changes name, time zone and contract numbers. Contract numbers are only
/// added: a contract with history stays with its organisation.
pub async fn update(
    db: &Db,
    now_ms: i64,
    id: OrganisationId,
    name: &str,
    time_zone: &str,
    new_contracts: &[String],
) -> Result<(), ServerError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::bad_request("Enter the organisation's name.").into());
    }
    let time_zone = validate_time_zone(time_zone)?;
    let existing = get(db, id).await?.ok_or_else(|| AppError::not_found("The organisation"))?;
    let mut tx = db.pool().begin().await?;
    let updated = sqlx::query(
        "UPDATE organisations SET name = $1, name_key = $2, time_zone = $3 WHERE id = $4",
    )
    .bind(name)
    .bind(name.to_lowercase())
    .bind(&time_zone)
    .bind(id)
    .execute(&mut *tx)
    .await;
    conflict_if_duplicate(updated, || format!("There is already an organisation called {name}."))?;
    let added: Vec<String> =
        new_contracts.iter().filter(|c| !existing.contracts.contains(c)).cloned().collect();
    insert_contracts(&mut tx, now_ms, id, &added).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, id: OrganisationId) -> Result<Option<Organisation>, ServerError> {
    let row: Option<OrganisationRow> =
        sqlx::query_as("SELECT id, name, time_zone FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    match row {
        Some(row) => Ok(Some(with_contracts(db, row).await?)),
        None => Ok(None),
    }
}

pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<Organisation>, ServerError> {
    let row: Option<OrganisationRow> =
        sqlx::query_as("SELECT id, name, time_zone FROM organisations WHERE name_key = $1")
            .bind(name.trim().to_lowercase())
            .fetch_optional(db.pool())
            .await?;
    match row {
        Some(row) => Ok(Some(with_contracts(db, row).await?)),
        None => Ok(None),
    }
}

/// The id of the organisation a form names; none for a blank name, and a
/// refusal that says so for a name no organisation has.
pub async fn id_by_name(
    db: &Db,
    name: Option<&str>,
) -> Result<Option<OrganisationId>, ServerError> {
    let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
        return Ok(None);
    };
    let id: Option<OrganisationId> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE name_key = $1")
            .bind(name.to_lowercase())
            .fetch_optional(db.pool())
            .await?;
    match id {
        Some(id) => Ok(Some(id)),
        None => Err(AppError::bad_request(format!("No organisation is named \"{name}\".")).into()),
    }
}

/// Organisations whose name contains `words` (any case), by name, `limit`
/// of them from `offset`.
/// A page of the organisations whose name contains the search's words (any
/// case), by name, with their contracts; and whether more follow.
pub async fn page(
    db: &Db,
    search: &AccountSearch,
) -> Result<(Vec<Organisation>, bool), ServerError> {
    let (limit, offset) = super::window(search);
    let rows: Vec<OrganisationRow> = sqlx::query_as(
        "SELECT id, name, time_zone FROM organisations WHERE name_key LIKE $1 ESCAPE '\\' \
         ORDER BY name_key LIMIT $2 OFFSET $3",
    )
    .bind(crate::infra::db::contains_pattern(&search.words))
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let (rows, more) = super::one_page(rows);
    // The page's contracts in one query, not one per organisation.
    let ids: Vec<OrganisationId> = rows.iter().map(|row| row.id).collect();
    let mut contracts: HashMap<OrganisationId, Vec<String>> = HashMap::new();
    if !ids.is_empty() {
        let marks: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT organisation_id, contract_number FROM contracts \
             WHERE organisation_id IN ({}) ORDER BY contract_number",
            marks.join(", ")
        );
        let mut query = sqlx::query_as::<_, (OrganisationId, String)>(&sql);
        for id in &ids {
            query = query.bind(*id);
        }
        for (organisation, number) in query.fetch_all(db.pool()).await? {
            contracts.entry(organisation).or_default().push(number);
        }
    }
    let organisations = rows
        .into_iter()
        .map(|row| Organisation {
            contracts: contracts.remove(&row.id).unwrap_or_default(),
            id: row.id,
            name: row.name,
            time_zone: row.time_zone,
        })
        .collect();
    Ok((organisations, more))
}

/// Whether every member sees every case of the organisation.
pub async fn members_see_all_cases(db: &Db, id: OrganisationId) -> Result<bool, ServerError> {
    let shared: Option<i64> =
        sqlx::query_scalar("SELECT members_see_all_cases FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(shared == Some(1))
}

/// Lets every member see every case of the organisation (`true`), or only
/// those they file or follow.
pub async fn share_all_cases(db: &Db, id: OrganisationId, share: bool) -> Result<(), ServerError> {
    sqlx::query("UPDATE organisations SET members_see_all_cases = $1 WHERE id = $2")
        .bind(i64::from(share))
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

async fn with_contracts(db: &Db, row: OrganisationRow) -> Result<Organisation, ServerError> {
    let contracts = sqlx::query_scalar(
        "SELECT contract_number FROM contracts WHERE organisation_id = $1 ORDER BY contract_number",
    )
    .bind(row.id)
    .fetch_all(db.pool())
    .await?;
    Ok(Organisation { id: row.id, name: row.name, time_zone: row.time_zone, contracts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(validate_time_zone(" Europe/Berlin "), Ok("Europe/Berlin".into()));
        assert!(validate_time_zone("UTC").is_ok());
        assert!(validate_time_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn contracts_are_split_trimmed_and_deduplicated() {
        assert_eq!(parse_contracts("SC-2, SC-1\nSC-2;; "), vec!["SC-1", "SC-2"]);
        assert!(parse_contracts("  ").is_empty());
    }
}

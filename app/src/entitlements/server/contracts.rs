//! Contracts with their plan, term, covered products and supported releases.

use std::collections::BTreeMap;

use jiff::civil::Date;
use sqlx::FromRow;

use super::{
    catalogue::Catalogue,
    ledger::{self, NewLot},
    plans,
};
use crate::{
    entitlements::{
        Contract, ContractInput, ContractStatus, CoveredProduct, LedgerKind, Plan, check,
    },
    error::AppError,
    ids::{OrganisationId, UserId},
    infra::{
        db::{Db, Tx},
        error::ServerError,
    },
};

#[derive(FromRow)]
struct ContractRow {
    id: i64,
    contract_number: String,
    plan_key: Option<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
    supported_releases: Option<String>,
}

/// Today's date where the organisation is, `YYYY-MM-DD`.
pub fn today_in(time_zone: &str, now_ms: i64) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_millisecond(now_ms) {
        Ok(now) => now.to_zoned(tz).date().to_string(),
        Err(_) => String::new(),
    }
}

fn status(
    plan: Option<&Plan>,
    starts_on: Option<&str>,
    ends_on: Option<&str>,
    today: &str,
) -> ContractStatus {
    match (plan, starts_on, ends_on) {
        (None, _, _) => ContractStatus::NoPlan,
        (_, Some(start), _) if today < start => ContractStatus::NotStarted,
        (_, _, Some(end)) if today > end => ContractStatus::Ended,
        _ => ContractStatus::Active,
    }
}

/// The organisation's contracts as they stand on `today`.
pub async fn for_organisation(
    db: &Db,
    catalogue: &Catalogue,
    organisation_id: OrganisationId,
    today: &str,
) -> Result<Vec<Contract>, ServerError> {
    let rows: Vec<ContractRow> = sqlx::query_as(
        "SELECT id, contract_number, plan_key, starts_on, ends_on, supported_releases \
         FROM contracts WHERE organisation_id = $1 ORDER BY contract_number",
    )
    .bind(organisation_id)
    .fetch_all(db.pool())
    .await?;
    let covered: Vec<(i64, String)> = sqlx::query_as(
        "SELECT p.contract_id, p.product_key FROM contract_products p \
         JOIN contracts c ON c.id = p.contract_id WHERE c.organisation_id = $1 \
         ORDER BY p.product_key",
    )
    .bind(organisation_id)
    .fetch_all(db.pool())
    .await?;
    let plans: BTreeMap<String, Plan> =
        plans::list(db).await?.into_iter().map(|plan| (plan.key.clone(), plan)).collect();
    let contracts = rows
        .into_iter()
        .map(|row| {
            let plan = row.plan_key.as_ref().and_then(|key| plans.get(key)).cloned();
            let release_override =
                parse_releases(row.supported_releases.as_deref().unwrap_or("")).unwrap_or_default();
            let mut contract = Contract {
                number: row.contract_number,
                status: status(
                    plan.as_ref(),
                    row.starts_on.as_deref(),
                    row.ends_on.as_deref(),
                    today,
                ),
                plan,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                products: Vec::new(),
                release_override,
            };
            contract.products = covered
                .iter()
                .filter(|(contract_id, _)| *contract_id == row.id)
                .filter_map(|(_, key)| catalogue.product(key))
                .map(|product| CoveredProduct {
                    key: product.key.clone(),
                    name: product.name.clone(),
                    supported_releases: check::supported_releases(&contract, product),
                })
                .collect();
            contract
        })
        .collect();
    Ok(contracts)
}

/// Major releases as typed: `8, 9` or `8 9`.
pub fn parse_releases(text: &str) -> Result<Vec<String>, AppError> {
    let mut releases = Vec::new();
    for word in text.split([',', ' ', ';']).map(str::trim).filter(|w| !w.is_empty()) {
        match check::major_release(word) {
            Some(major) if major == word.trim_start_matches(['v', 'V']) => releases.push(major),
            _ => {
                return Err(AppError::bad_request(format!(
                    "{word:?} is not a major release: list whole numbers like 8, 9."
                )));
            }
        }
    }
    releases.dedup();
    Ok(releases)
}

fn parse_date(text: &str, what: &str) -> Result<Date, AppError> {
    text.trim()
        .parse::<Date>()
        .map_err(|_| AppError::bad_request(format!("Enter the {what} as a date like 2027-01-31.")))
}

/// A contract as entered, checked against the catalogue: what `save` writes.
struct CheckedContract {
    organisation_id: OrganisationId,
    number: String,
    plan: Plan,
    starts_on: Date,
    ends_on: Date,
    /// Sorted, without repeats.
    products: Vec<String>,
    /// Comma separated; `None`: the products' default window.
    releases: Option<String>,
    grant_included_points: bool,
}

impl CheckedContract {
    /// Every problem with the input, named for the admin.
    async fn check(
        db: &Db,
        catalogue: &Catalogue,
        input: ContractInput,
    ) -> Result<Self, ServerError> {
        let number = input.number.trim();
        if number.is_empty() {
            return Err(AppError::bad_request("Enter the contract number.").into());
        }
        let plan = plans::get(db, &input.plan_key)
            .await?
            .ok_or_else(|| AppError::bad_request("Choose a plan from the catalogue."))?;
        let starts_on = parse_date(&input.starts_on, "start date")?;
        let ends_on = parse_date(&input.ends_on, "end date")?;
        if ends_on < starts_on {
            return Err(AppError::bad_request("The contract cannot end before it starts.").into());
        }
        if input.products.is_empty() {
            return Err(
                AppError::bad_request("Choose at least one product the contract covers.").into()
            );
        }
        if let Some(unknown) = input.products.iter().find(|key| catalogue.product(key).is_none()) {
            return Err(AppError::bad_request(format!(
                "{unknown:?} is not a product in the catalogue."
            ))
            .into());
        }
        let releases = parse_releases(&input.supported_releases)?;
        let mut products = input.products;
        products.sort();
        products.dedup();
        Ok(Self {
            organisation_id: input.organisation_id,
            number: number.to_owned(),
            plan,
            starts_on,
            ends_on,
            products,
            releases: (!releases.is_empty()).then(|| releases.join(",")),
            grant_included_points: input.grant_included_points,
        })
    }
}

/// Creates the contract or changes the one with its number, and grants the
/// plan's included points when asked, in one transaction.
pub async fn save(
    db: &Db,
    catalogue: &Catalogue,
    now_ms: i64,
    input: ContractInput,
    actor: UserId,
) -> Result<(), ServerError> {
    let contract = CheckedContract::check(db, catalogue, input).await?;
    let number = contract.number.as_str();
    let mut tx = db.pool().begin().await?;
    let contract_id = upsert(&mut tx, &contract, now_ms).await?;
    for product in &contract.products {
        sqlx::query("INSERT INTO contract_products (contract_id, product_key) VALUES ($1, $2)")
            .bind(contract_id)
            .bind(product)
            .execute(&mut *tx)
            .await?;
    }
    let plan = &contract.plan;
    if contract.grant_included_points && plan.included_points > 0 {
        let reason = format!("Included with {} ({number})", plan.name);
        let lot = NewLot {
            kind: LedgerKind::Grant,
            points: plan.included_points,
            expires_at: now_ms + catalogue.points.lot_validity_ms(),
            reason: &reason,
            contract_number: Some(number),
            actor: Some(actor),
        };
        ledger::grant_in(&mut tx, contract.organisation_id, now_ms, lot).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes the contract's row (a new one, or the one with its number, whose
/// products are cleared for `save` to write again); answers its id.
async fn upsert(tx: &mut Tx, contract: &CheckedContract, now_ms: i64) -> Result<i64, ServerError> {
    let number = contract.number.as_str();
    let existing: Option<(i64, OrganisationId)> =
        sqlx::query_as("SELECT id, organisation_id FROM contracts WHERE contract_number = $1")
            .bind(number)
            .fetch_optional(&mut **tx)
            .await?;
    match existing {
        Some((_, owner)) if owner != contract.organisation_id => Err(AppError::Conflict(format!(
            "Contract {number} belongs to another organisation."
        ))
        .into()),
        Some((id, _)) => {
            sqlx::query(
                "UPDATE contracts SET plan_key = $1, starts_on = $2, ends_on = $3, supported_releases = $4 WHERE id = $5",
            )
            .bind(&contract.plan.key)
            .bind(contract.starts_on.to_string())
            .bind(contract.ends_on.to_string())
            .bind(&contract.releases)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            sqlx::query("DELETE FROM contract_products WHERE contract_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(id)
        }
        None => Ok(sqlx::query_scalar(
            "INSERT INTO contracts (organisation_id, contract_number, created_at, plan_key, starts_on, ends_on, supported_releases) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(contract.organisation_id)
        .bind(number)
        .bind(now_ms)
        .bind(&contract.plan.key)
        .bind(contract.starts_on.to_string())
        .bind(contract.ends_on.to_string())
        .bind(&contract.releases)
        .fetch_one(&mut **tx)
        .await?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_is_active_from_its_first_to_its_last_day() {
        let plan = Catalogue::built_in().expect("catalogue").plans.remove(0);
        let on = |today| status(Some(&plan), Some("2026-01-01"), Some("2026-12-31"), today);
        assert_eq!(on("2025-12-31"), ContractStatus::NotStarted);
        assert_eq!(on("2026-01-01"), ContractStatus::Active);
        assert_eq!(on("2026-12-31"), ContractStatus::Active);
        assert_eq!(on("2027-01-01"), ContractStatus::Ended);
        assert_eq!(status(None, None, None, "2026-06-01"), ContractStatus::NoPlan);
    }

    #[test]
    fn today_is_the_organisations_date() {
        // 2026-11-23 03:00 UTC is still the 22nd in New York.
        let ms = 1_795_402_800_000;
        assert_eq!(today_in("UTC", ms), "2026-11-23");
        assert_eq!(today_in("America/New_York", ms), "2026-11-22");
    }

    #[test]
    fn releases_are_whole_numbers() {
        assert_eq!(parse_releases("8, 9"), Ok(vec!["8".into(), "9".into()]));
        assert_eq!(parse_releases(""), Ok(vec![]));
        assert!(parse_releases("8.1").is_err());
    }
}

//! The demo data: two customer organisations with an account holder and a
//! customer each, a contract and points each, and the staff (a writer, an
//! L1 and an L2 engineer, an admin). Running it again resets the demo
//! accounts' passwords and leaves contracts and points as they are.

use crate::{
    accounts::{
        Level, Role,
        server::{organisations, users},
    },
    auth::server::password::hash_password,
    entitlements::{
        ContractInput,
        server::{
            Catalogue, contracts,
            ledger::{self, NewLot},
        },
    },
    ids::OrganisationId,
    ids::UserId,
    infra::{db::Db, error::ServerError, secrets},
};

pub struct DemoAccount {
    pub email: &'static str,
    pub description: String,
}

struct DemoOrganisation {
    name: &'static str,
    time_zone: &'static str,
    contract: &'static str,
    plan: &'static str,
    products: &'static [&'static str],
    /// In a catalogue without `plan`: its richest plan, else its first.
    richest_plan: bool,
}

const ORGANISATIONS: [DemoOrganisation; 2] = [
    DemoOrganisation {
        name: "Acme Logistics",
        time_zone: "America/New_York",
        contract: "SC-ACME-1001",
        plan: "gold",
        products: &["gateway", "mail"],
        richest_plan: true,
    },
    DemoOrganisation {
        name: "Borealis Health",
        time_zone: "Europe/Oslo",
        contract: "SC-BORE-2001",
        plan: "basic-per-incident",
        products: &["agent", "gateway"],
        richest_plan: false,
    },
];

struct DemoUser {
    email: &'static str,
    name: &'static str,
    role: Role,
    level: Option<Level>,
    /// Index into [`ORGANISATIONS`].
    organisation: Option<usize>,
}

const fn user(
    email: &'static str,
    name: &'static str,
    role: Role,
    level: Option<Level>,
    organisation: Option<usize>,
) -> DemoUser {
    DemoUser { email, name, role, level, organisation }
}

const USERS: [DemoUser; 9] = [
    user("holder@acme.example", "Alma Acme", Role::AccountHolder, None, Some(0)),
    user("customer@acme.example", "Carl Acme", Role::Customer, None, Some(0)),
    user("holder@borealis.example", "Bea Borealis", Role::AccountHolder, None, Some(1)),
    user("customer@borealis.example", "Bo Borealis", Role::Customer, None, Some(1)),
    user("writer@selfdesk.example", "Wren Writer", Role::Writer, None, None),
    user("l1@selfdesk.example", "Lee Level-One", Role::Engineer, Some(Level::L1), None),
    user("l2@selfdesk.example", "Lou Level-Two", Role::Engineer, Some(Level::L2), None),
    user("l3@selfdesk.example", "Lin Level-Three", Role::Engineer, Some(Level::L3), None),
    user("admin@selfdesk.example", "Ada Admin", Role::Admin, None, None),
];

/// A password for the demo accounts when none is given.
pub fn random_password() -> Result<String, ServerError> {
    Ok(format!("demo-{}", &secrets::random_secret()?[..12]))
}

pub async fn seed(
    db: &Db,
    catalogue: &Catalogue,
    now_ms: i64,
    password: &str,
) -> Result<Vec<DemoAccount>, ServerError> {
    let mut organisation_ids = Vec::new();
    for org in &ORGANISATIONS {
        let id = match organisations::find_by_name(db, org.name).await? {
            Some(existing) => existing.id,
            None => {
                organisations::create(
                    db,
                    now_ms,
                    org.name,
                    org.time_zone,
                    &[org.contract.to_owned()],
                )
                .await?
            }
        };
        organisation_ids.push(id);
    }
    let hash = hash_password(password.to_owned()).await?;
    let mut accounts = Vec::new();
    for DemoUser { email, name, role, level, organisation: org } in USERS {
        let organisation_id = org.map(|index| organisation_ids[index]);
        match users::find_by_email(db, email).await? {
            Some(existing) => {
                users::set_password_hash(db, now_ms, existing.id, &hash).await?;
                users::set_active(db, now_ms, existing.id, true).await?;
            }
            None => {
                let new_user = users::NewUser {
                    email: email.to_owned(),
                    name: name.to_owned(),
                    role,
                    level,
                    organisation_id,
                    password_hash: Some(hash.clone()),
                };
                users::create(db, now_ms, new_user).await?;
            }
        }
        let role_text = match level {
            Some(level) => format!("{} {}", role.label(), level.as_str()),
            None => role.label().to_owned(),
        };
        let description = match org {
            Some(index) => format!("{role_text}, {}", ORGANISATIONS[index].name),
            None => role_text,
        };
        accounts.push(DemoAccount { email, description });
    }
    let admin = users::find_by_email(db, "admin@selfdesk.example")
        .await?
        .map(|admin| admin.id)
        .ok_or_else(|| ServerError::Config("the demo admin is missing".into()))?;
    for (org, organisation_id) in ORGANISATIONS.iter().zip(organisation_ids) {
        seed_entitlements(db, catalogue, now_ms, org, organisation_id, admin).await?;
    }
    Ok(accounts)
}

/// A year's contract on the organisation's plan, its included points and a
/// pack, the first time only (a contract with a plan is left alone).
async fn seed_entitlements(
    db: &Db,
    catalogue: &Catalogue,
    now_ms: i64,
    org: &DemoOrganisation,
    organisation_id: OrganisationId,
    admin: UserId,
) -> Result<(), ServerError> {
    let today = contracts::today_in(org.time_zone, now_ms);
    let existing = contracts::for_organisation(db, catalogue, organisation_id, &today).await?;
    if existing.iter().any(|c| c.number == org.contract && c.plan.is_some()) {
        return Ok(());
    }
    let start = jiff::Timestamp::from_millisecond(now_ms - 30 * DAY_MS)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
        .map_err(|e| ServerError::Config(e.to_string()))?;
    let end = start
        .checked_add(jiff::Span::new().years(1))
        .and_then(|next_year| next_year.yesterday())
        .map_err(|e| ServerError::Config(e.to_string()))?;
    // A pack bought ten months ago (its points expire within 90 days), then
    // the contract with the plan's included points.
    let bought = now_ms - 300 * DAY_MS;
    let lot = NewLot {
        kind: crate::entitlements::LedgerKind::Pack,
        points: 50,
        expires_at: bought + catalogue.points.lot_validity_ms(),
        reason: "Pack of 50 points",
        contract_number: None,
        actor: Some(admin),
    };
    ledger::grant(db, organisation_id, bought, lot).await?;
    let (plan_key, products) = fitting_contract(catalogue, org)?;
    let input = ContractInput {
        organisation_id,
        number: org.contract.to_owned(),
        plan_key,
        starts_on: start.to_string(),
        ends_on: end.to_string(),
        products,
        supported_releases: String::new(),
        grant_included_points: true,
    };
    contracts::save(db, catalogue, now_ms, input, admin).await?;
    Ok(())
}

/// The organisation's plan and products in the catalogue in use: its own
/// where the catalogue has them (the built-in one), else the catalogue's
/// richest plan that opens cases for Acme and its first for Borealis, on
/// the catalogue's first two products, so that every policy file starts
/// with a demo that fits it.
fn fitting_contract(
    catalogue: &Catalogue,
    org: &DemoOrganisation,
) -> Result<(String, Vec<String>), ServerError> {
    let has_plan = catalogue.plans.iter().any(|p| p.key == org.plan);
    let has_products = org.products.iter().all(|key| catalogue.product(key).is_some());
    if has_plan && has_products {
        let products = org.products.iter().map(|p| (*p).to_owned()).collect();
        return Ok((org.plan.to_owned(), products));
    }
    let opening: Vec<&str> =
        catalogue.plans.iter().filter(|p| p.opens_cases).map(|p| p.key.as_str()).collect();
    let plan = if org.richest_plan { opening.last() } else { opening.first() };
    let plan = plan.ok_or_else(|| {
        ServerError::Config("the catalogue has no plan that opens cases for the demo".into())
    })?;
    let products = catalogue.products.iter().take(2).map(|p| p.key.clone()).collect();
    Ok(((*plan).to_owned(), products))
}

const DAY_MS: i64 = 86_400_000;

//! The demo data: two customer organisations with an account holder and a
//! customer each, and the staff (a writer, an L1 and an L2 engineer, an
//! admin). Running it again resets the demo accounts' passwords.

use crate::{
    accounts::{Level, Role},
    ssr::{
        accounts::{organisations, users},
        auth::password::hash_password,
        db::Db,
        error::ServerError,
        secrets,
    },
};

pub struct DemoAccount {
    pub email: &'static str,
    pub description: String,
}

struct DemoOrganisation {
    name: &'static str,
    time_zone: &'static str,
    contract: &'static str,
}

const ORGANISATIONS: [DemoOrganisation; 2] = [
    DemoOrganisation {
        name: "Acme Logistics",
        time_zone: "America/New_York",
        contract: "SC-ACME-1001",
    },
    DemoOrganisation {
        name: "Borealis Health",
        time_zone: "Europe/Oslo",
        contract: "SC-BORE-2001",
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

const USERS: [DemoUser; 8] = [
    user("holder@acme.example", "Alma Acme", Role::AccountHolder, None, Some(0)),
    user("customer@acme.example", "Carl Acme", Role::Customer, None, Some(0)),
    user("holder@borealis.example", "Bea Borealis", Role::AccountHolder, None, Some(1)),
    user("customer@borealis.example", "Bo Borealis", Role::Customer, None, Some(1)),
    user("writer@selfdesk.example", "Wren Writer", Role::Writer, None, None),
    user("l1@selfdesk.example", "Lee Level-One", Role::Engineer, Some(Level::L1), None),
    user("l2@selfdesk.example", "Lou Level-Two", Role::Engineer, Some(Level::L2), None),
    user("admin@selfdesk.example", "Ada Admin", Role::Admin, None, None),
];

/// A password for the demo accounts when none is given.
pub fn random_password() -> Result<String, ServerError> {
    Ok(format!("demo-{}", &secrets::random_secret()?[..12]))
}

pub async fn seed(db: &Db, now_ms: i64, password: &str) -> Result<Vec<DemoAccount>, ServerError> {
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
    Ok(accounts)
}

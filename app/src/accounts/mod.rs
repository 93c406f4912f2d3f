//! Accounts: organisations, users and their roles, sign-in, API tokens.
//! The types here travel between server and browser; the server functions
//! sit in the submodules beside the feature they serve.

pub mod admin_api;
pub mod organisation_api;
pub mod pages;
pub mod partners_api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod session_api;
pub mod tokens_api;
mod types;

pub use types::{
    ACCOUNTS_PAGE, AccountChange, AccountSearch, AccountsOverview, ApiTokenInfo, Invitation,
    Member, NewAccount, NewToken, Organisation, OrganisationInput, OrganisationOverview,
    UserSummary,
};

use serde::{Deserialize, Serialize};

pub use crate::ids::{OrganisationId, UserId};
use crate::{error::AppError, words::word_enum};

/// What a user may do. Customers and account holders belong to an
/// organisation; writers, engineers and admins are staff and belong to none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    AccountHolder,
    Writer,
    Engineer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Customer, Role::AccountHolder, Role::Writer, Role::Engineer, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::AccountHolder => "account_holder",
            Self::Writer => "writer",
            Self::Engineer => "engineer",
            Self::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Customer => "Customer",
            Self::AccountHolder => "Account holder",
            Self::Writer => "Writer",
            Self::Engineer => "Support engineer",
            Self::Admin => "Administrator",
        }
    }

    /// Customers and account holders belong to an organisation; staff do not.
    pub fn belongs_to_organisation(self) -> bool {
        matches!(self, Self::Customer | Self::AccountHolder)
    }

    pub fn is_staff(self) -> bool {
        !self.belongs_to_organisation()
    }
}

impl std::str::FromStr for Role {
    type Err = AppError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let normalised = value.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::ALL.into_iter().find(|role| role.as_str() == normalised).ok_or_else(|| {
            AppError::bad_request(format!(
                "Unknown role {value:?}: use customer, account_holder, writer, engineer or admin."
            ))
        })
    }
}

crate::words::read_as_word!(Role);

#[cfg(feature = "ssr")]
crate::words::stored_word!(Role);

word_enum!(
    /// A support engineer's level: L1 gathers and triages, L2 reproduces and
    /// owns, L3 is engineering.
    Level, "level" {
        L1 = "L1", "L1";
        L2 = "L2", "L2";
        L3 = "L3", "L3";
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    pub id: OrganisationId,
    pub name: String,
}

/// The signed-in user, as pages and the JSON API see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub level: Option<Level>,
    pub organisation: Option<OrganisationRef>,
}

impl SessionUser {
    pub fn organisation_id(&self) -> Option<OrganisationId> {
        self.organisation.as_ref().map(|org| org.id)
    }
}

/// Passwords: long enough to resist guessing, short enough to hash quickly.
pub const MIN_PASSWORD_LENGTH: usize = 10;
pub const MAX_PASSWORD_LENGTH: usize = 256;

pub fn validate_password(password: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LENGTH {
        return Err(AppError::bad_request(format!(
            "The password must have at least {MIN_PASSWORD_LENGTH} characters."
        )));
    }
    if length > MAX_PASSWORD_LENGTH {
        return Err(AppError::bad_request(format!(
            "The password must have at most {MAX_PASSWORD_LENGTH} characters."
        )));
    }
    Ok(())
}

/// Lower-cases and checks an email address; returns it normalised.
pub fn normalise_email(email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(email)
    } else {
        Err(AppError::bad_request("Enter an email address like name@example.com."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_as_written_in_the_cli() {
        assert_eq!("account-holder".parse::<Role>(), Ok(Role::AccountHolder));
        assert_eq!("Admin".parse::<Role>(), Ok(Role::Admin));
        assert!("root".parse::<Role>().is_err());
        assert_eq!("l2".parse::<Level>(), Ok(Level::L2));
    }

    #[test]
    fn only_customers_and_account_holders_belong_to_organisations() {
        let members: Vec<Role> =
            Role::ALL.into_iter().filter(|r| r.belongs_to_organisation()).collect();
        assert_eq!(members, vec![Role::Customer, Role::AccountHolder]);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalise_email("  Ana@Example.COM "), Ok("ana@example.com".into()));
        for bad in ["", "ana", "ana@", "@example.com", "ana@example", "a b@example.com", "ana@.com"]
        {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        assert!(validate_password("short").is_err());
        assert!(validate_password("long enough pass").is_ok());
        assert!(validate_password(&"x".repeat(300)).is_err());
    }
}

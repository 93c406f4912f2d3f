//! Organisations, members, users and API tokens as the server functions,
//! the JSON API and the pages exchange them.

use serde::{Deserialize, Serialize};

use super::{Level, Role};
use crate::ids::{OrganisationId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub time_zone: String,
    pub contracts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    /// Invited, but has not chosen a password yet.
    pub pending: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrganisationOverview {
    pub organisation: Organisation,
    /// Only for those who may manage the members.
    pub members: Option<Vec<Member>>,
    /// Every member sees every case of the organisation, not only those
    /// they file or follow.
    pub members_see_all_cases: bool,
    /// The partners serving the organisation, and the clients it serves.
    pub partners: Vec<super::partners_api::Partnership>,
    pub clients: Vec<super::partners_api::Partnership>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub level: Option<Level>,
    pub organisation: Option<String>,
    pub active: bool,
    pub pending: bool,
    /// An engineer on call.
    pub on_call: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountsOverview {
    pub users: Vec<UserSummary>,
    pub organisations: Vec<Organisation>,
    /// Whether more users, or organisations, match than this page shows.
    pub more_users: bool,
    pub more_organisations: bool,
}

/// How many users, and organisations, the admins' list shows at a time.
pub const ACCOUNTS_PAGE: u32 = 50;

/// Which accounts the admins' list shows: with 100,000 organisations a
/// page of everything would not fit in a browser, or in the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSearch {
    /// Part of a name, an email address or an organisation's name; empty: all.
    #[serde(default)]
    pub words: String,
    /// Which page of `ACCOUNTS_PAGE`, from 0.
    #[serde(default)]
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A token just created: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewToken {
    pub name: String,
    pub secret: String,
}

/// A new account, as the admin's form enters it; the person chooses a
/// password from the emailed link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Engineers' level; blank for everyone else.
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub level: Option<Level>,
    /// Customers' and account holders' organisation, by name; blank for staff.
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub organisation: Option<String>,
}

/// An admin's change to an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChange {
    pub user_id: UserId,
    pub role: Role,
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub level: Option<Level>,
    /// The organisation, by name; blank for staff.
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub organisation: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub active: bool,
    /// Engineers: told at once of a case that pages.
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub on_call: bool,
}

/// An organisation as the admin's form enters it: without an id, a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInput {
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub organisation_id: Option<OrganisationId>,
    pub name: String,
    pub time_zone: String,
    /// Contract numbers, comma separated.
    #[serde(default)]
    pub contracts: String,
}

/// An account holder's invitation of a person into their organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub email: String,
    pub name: String,
    pub role: Role,
}

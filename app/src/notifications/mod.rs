//! In-app notifications: what changed on a user's cases, and the SLA
//! warnings engineers and support management receive. The same notices are
//! emailed (see `notifications::server`).

use serde::{Deserialize, Serialize};

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub subject: String,
    pub body: String,
    /// A path inside Selfdesk, such as the case's page.
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Inbox {
    /// Newest first.
    pub notifications: Vec<Notification>,
    pub unread: i64,
}

//! The accounts pages: signing in, the user's own account, an
//! organisation's members, and the admins' view of every account.

#[cfg(feature = "full")]
pub mod account;
#[cfg(feature = "full")]
pub mod admin;
#[cfg(feature = "full")]
pub mod organisation;
#[cfg(feature = "full")]
pub mod partners;
pub mod sign_in;
pub mod signed_in;

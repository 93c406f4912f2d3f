//! Entitlements on the server: the catalogue file, plans and contracts in
//! the database, the points ledger, and the services pages and API call.

pub mod catalogue;
mod catalogue_rules;
pub mod contracts;
pub mod export;
pub mod holidays;
pub mod ledger;
pub mod owed;
pub mod plans;
pub mod service;

pub use catalogue::Catalogue;

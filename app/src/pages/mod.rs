//! One module per page (route view).

pub mod account;
pub mod admin_accounts;
pub mod admin_plans;
pub mod article;
pub mod case_form;
pub mod cases;
pub mod deflection_report;
pub mod enhancements;
pub mod entitlements;
pub mod get_help;
pub mod home;
pub mod not_found;
pub mod notifications;
pub mod organisation;
pub mod queue;
pub mod reports;
pub mod search;
pub mod search_analytics;
pub mod sign_in;
pub mod write;

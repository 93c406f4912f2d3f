//! Selfdesk's Leptos application.
//!
//! The same crate is compiled twice: with `ssr` into the `selfdesk` server
//! (rendering pages and running server functions) and with `hydrate` into the
//! WebAssembly bundle that makes the rendered pages interactive.
//!
//! One folder per feature (`accounts`, `cases`, `entitlements`, `kb`,
//! `notifications`, `policy`, `reports`), each with the types both sides share, its
//! server functions, its `pages` and, compiled for the server alone, its
//! `server` module (queries and services). Shared parts sit beside them:
//! `ui` (components), `auth` (the viewer and the one policy), `markdown`
//! (rendering), `error`, and `infra` (database, clock, mail, storage), which
//! know no feature; `runtime` (the application state, the jobs runner, the
//! demo data) composes the features.

pub mod accounts;
pub mod auth;
pub mod cases;
pub mod entitlements;
pub mod error;
pub mod format;
pub mod forms;
pub mod ids;
/// Server-only infrastructure that knows no feature.
#[cfg(feature = "ssr")]
pub mod infra;
pub mod kb;
pub mod markdown;
pub mod notifications;
pub mod pages;
pub mod policy;
pub mod problems;
pub mod reports;
mod routes;
/// The running application above the features: state, jobs, demo data.
#[cfg(feature = "ssr")]
pub mod runtime;
#[cfg(feature = "ssr")]
pub mod sla;
pub mod ui;
mod words;

pub use routes::{App, shell};

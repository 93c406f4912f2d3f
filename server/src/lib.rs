//! The `selfdesk` server: HTTP (pages, assets, JSON API, health, metrics)
//! and the command line that runs it.

pub mod cli;
mod health;
mod metrics;
pub mod router;
pub mod serve;
pub mod telemetry;

pub use router::router;

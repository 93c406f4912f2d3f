//! The `selfdesk` server: HTTP (pages, assets, JSON API, health, metrics)
//! and the command line that runs it.

mod api;
mod case_form;
mod charge_forms;
pub mod cli;
pub mod commands;
#[cfg(test)]
mod config_docs;
mod follower_form;
pub mod form;
mod form_redirect;
pub mod fuzzing;
mod health;
mod kb_commands;
pub mod mail_command;
mod media;
mod metrics;
pub mod multipart;
mod page_cache;
mod problem_form;
pub mod router;
mod security_headers;
pub mod serve;
mod server_fn_status;
mod status_feed;
pub mod telemetry;
mod text_input;

pub use router::router;

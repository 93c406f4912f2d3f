//! Server-only code: the state shared by every request and the services
//! behind the server functions and the JSON API. Never compiled to WebAssembly.

pub mod accounts;
pub mod auth;
pub mod authoring;
pub mod cases;
pub mod clock;
pub mod db;
pub mod demo;
pub mod entitlements;
pub mod error;
pub mod headers;
pub mod jobs;
pub mod kb;
pub mod mail;
pub mod notifications;
pub mod rate_limit;
pub mod reports;
pub mod search;
pub mod secrets;
pub mod sla;
pub mod state;
pub mod storage;

pub use error::ServerError;
pub use state::{AppState, Settings, UploadRules, WorkflowRules, app_state};

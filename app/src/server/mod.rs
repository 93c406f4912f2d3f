//! Server-only code: the state shared by every request and the services
//! behind the server functions and the JSON API. Never compiled to WebAssembly.

pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod headers;
pub mod jobs;
pub mod mail;
pub mod rate_limit;
pub mod secrets;
pub mod state;
pub mod storage;
pub mod stored;

pub use error::ServerError;
pub use state::{AppState, SessionRules, Settings, UploadRules, WorkflowRules, app_state};

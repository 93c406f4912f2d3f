//! Server-only code: the state shared by every request and the services
//! behind the server functions and the JSON API. Never compiled to WebAssembly.

pub mod db;
pub mod error;
pub mod search;
pub mod state;

pub use error::ServerError;
pub use state::{AppState, Settings, app_state};

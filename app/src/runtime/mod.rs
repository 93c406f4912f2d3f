//! The running application, above the features: the state every request
//! shares (`AppState`, built from the features' stores and services), the
//! background jobs that call into the features, and the demo data. Never
//! compiled to WebAssembly.

pub mod demo;
pub mod jobs;
pub mod state;

pub use state::{AppState, SessionRules, Settings, UploadRules, WorkflowRules, app_state};

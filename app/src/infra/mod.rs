//! Server-only infrastructure that knows no feature: the database, the
//! clock, errors, mail, file storage, rate limits, secrets and stored JSON
//! columns. Never compiled to WebAssembly; features build on it, and it
//! imports none of them.

pub mod clock;
pub mod db;
pub mod error;
pub mod headers;
pub mod key_path;
pub mod mail;
pub mod rate_limit;
pub mod secrets;
pub mod storage;
pub mod stored;

pub use error::ServerError;

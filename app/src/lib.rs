//! Selfdesk's Leptos application.
//!
//! The same crate is compiled twice: with `ssr` into the `selfdesk` server
//! (rendering pages and running server functions) and with `hydrate` into the
//! WebAssembly bundle that makes the rendered pages interactive. Everything
//! that only the server may run lives under [`ssr`].

pub mod accounts;
pub mod authoring;
pub mod cases;
pub mod components;
pub mod csrf;
pub mod entitlements;
pub mod error;
pub mod format;
pub mod kb;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod notifications;
pub mod pages;
pub mod reports;
mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;
mod words;

pub use routes::{App, shell};

//! Who is asking, and what they may do.
//!
//! Every request passes through [`middleware::authenticate`], which attaches
//! a [`Viewer`]; every server function and API handler then asks
//! [`policy::authorize`] before it touches data. State-changing requests
//! from browsers must also pass [`csrf::protect`].

pub mod csrf;
pub mod middleware;
pub mod password;
pub mod policy;
pub mod viewer;

pub use policy::{Action, authorize};
pub use viewer::{AuthMethod, Viewer, current_viewer};

//! Who is asking and what they may do: the browser half of CSRF
//! protection here, the viewer, the one authorization policy, sessions'
//! middleware and password hashing in [`server`].

pub mod answers;
pub mod csrf;
#[cfg(feature = "ssr")]
pub mod server;

//! Known problems on the server: the rules (`service`) and their rows
//! (`store`).

mod service;
mod store;

pub use service::{affecting, before_filing, board, create, follow, link_cases, problem, update};

//! Cases on the server: uploads, filing, reading and following a case.

pub mod actions;
pub mod create;
pub mod deflection;
mod events;
pub mod queries;
pub mod queue;
pub mod uploads;
pub mod work;

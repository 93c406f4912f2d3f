//! Cases on the server: uploads, filing, reading and following a case.

pub mod actions;
pub mod create;
pub mod deflection;
pub mod enhancements;
pub(crate) mod events;
pub mod notify;
pub mod queries;
pub mod queue;
pub mod unfinished;
pub mod uploads;
pub mod work;

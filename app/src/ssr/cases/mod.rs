//! Cases on the server: uploads, filing, reading and following a case.

pub mod create;
pub mod uploads;

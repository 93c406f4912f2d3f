//! Cases on the server: uploads, filing, reading and following a case,
//! engineers' work, and the jobs that watch the SLA clocks and close
//! cases left unanswered.

pub mod actions;
pub mod auto_close;
pub mod charges;
pub mod create;
pub mod deflection;
pub mod email;
pub mod enhancements;
pub(crate) mod events;
pub mod followers;
pub mod form_data;
pub mod notify;
pub mod problem_cases;
pub mod queries;
pub mod queue;
pub mod remote_access;
pub mod sla_alerts;
mod steps;
mod stopped_clock;
pub mod time;
pub mod unfinished;
pub mod uploads;
pub mod work;

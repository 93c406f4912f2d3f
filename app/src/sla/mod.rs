//! Service levels: the business calendars SLA clocks run on, and the
//! targets per severity and plan that give a case its due times.

pub mod calendar;
pub mod calendars;
mod severities;
pub mod targets;

pub use calendar::{Calendar, Pause};
pub use targets::{DueTimes, ServiceLevels};

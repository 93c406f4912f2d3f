//! Service levels: the business calendars SLA clocks run on.

pub mod calendar;

pub use calendar::{Calendar, Pause};

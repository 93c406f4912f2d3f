//! The case pages: the list of cases the viewer follows, and one case with
//! its timeline.

pub mod case_form;
mod charges;
#[cfg(feature = "full")]
pub mod deflection_report;
mod detail;
#[cfg(feature = "full")]
mod engineer;
#[cfg(feature = "full")]
pub mod enhancements;
mod followers;
pub mod get_help;
#[cfg(feature = "full")]
mod knowledge;
mod list;
#[cfg(feature = "full")]
pub mod mail_confirm;
#[cfg(feature = "full")]
pub mod mailbox;
#[cfg(feature = "full")]
pub mod queue;
mod remote_access;
#[cfg(feature = "full")]
pub mod solved;

pub use detail::CasePage;
pub use list::CaseListPage;

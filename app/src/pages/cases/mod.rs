//! The case pages: the list of cases the viewer follows, and one case with
//! its timeline.

mod detail;
#[cfg(feature = "full")]
mod engineer;
#[cfg(feature = "full")]
mod knowledge;
mod list;

pub use detail::CasePage;
pub use list::CaseListPage;

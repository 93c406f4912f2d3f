//! Components shared by several pages.

pub mod auth;
pub mod balance_chart;
pub mod bar_chart;
pub mod feedback;
#[cfg(feature = "hydrate")]
pub mod form_post;
pub mod layout;
pub mod search_box;
pub mod table;
pub mod text_area;

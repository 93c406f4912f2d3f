//! Components shared by several features' pages; a component of one
//! feature lives with that feature.

pub mod announcer;
pub mod feedback;
#[cfg(feature = "hydrate")]
pub mod form_post;
pub mod layout;
pub mod refusal;
pub mod table;
pub mod text_area;

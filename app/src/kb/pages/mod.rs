//! The knowledge base's pages for readers: search, an article, and (for
//! support management) what readers searched for.

pub mod article;
pub mod search;
#[cfg(feature = "full")]
pub mod search_analytics;
pub mod search_box;

//! Markdown to safe HTML, done once when an article is imported or published.
//!
//! One function owns the pulldown-cmark options, walks the events (`walk`:
//! heading anchors and the table of contents, highlighted code, links
//! between articles and images resolved by the caller), then sanitises.
//! The result also carries the plain text the search index needs. The
//! editor's preview asks the server for the same rendering. Only the table
//! of contents' entry is shared with the browser (the article page shows
//! it); the rest is the server's.

#[cfg(feature = "ssr")]
mod highlight;
#[cfg(feature = "ssr")]
mod nest;
#[cfg(feature = "ssr")]
mod render;
#[cfg(feature = "ssr")]
mod sanitize;
#[cfg(feature = "ssr")]
pub mod slug;
#[cfg(feature = "ssr")]
mod walk;

#[cfg(feature = "ssr")]
pub use nest::nested;
#[cfg(feature = "ssr")]
pub use render::*;

/// One entry of an article's table of contents (its `##` and `###` headings).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[cfg(all(test, feature = "ssr"))]
mod tests;

//! The knowledge base on the server: articles in the database, the import
//! of Markdown trees, readers' feedback and search analytics.

pub mod analytics;
pub mod articles;
pub mod content;
pub mod export;
pub mod import;
pub mod media;
pub mod media_access;
pub mod readers;
pub mod recorder;
pub mod service;

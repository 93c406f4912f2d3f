//! Writing articles in Selfdesk: drafts with saves that never overwrite a
//! colleague's, review by another writer, publishing (now or at a set
//! time) into immutable versions, history with differences, restoring,
//! archiving, and drafts from solved cases.

pub mod drafts;
pub mod fields;
pub mod from_case;
pub mod review;
pub mod versions;

use crate::auth::server::{Action, Viewer, authorize};
use crate::{accounts::SessionUser, error::AppError};

/// Writers and admins.
fn writer(viewer: &Viewer) -> Result<&SessionUser, AppError> {
    authorize(viewer, Action::WriteArticles)
}

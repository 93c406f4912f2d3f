//! Server functions of the notifications page and the header's count.

use leptos::prelude::*;

use super::Inbox;
use crate::{auth::csrf::CsrfClient, error::AppError};

/// The viewer's latest notifications and how many are unread.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    Ok(super::server::inbox(&app_state()?, &current_viewer()).await?)
}

/// How many notifications the viewer has not read (0 when signed out).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn unread_notifications() -> Result<i64, AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    let viewer = current_viewer();
    if viewer.user().is_none() {
        return Ok(0);
    }
    Ok(super::server::unread(&app_state()?, &viewer).await?)
}

/// Marks one notification read, or all of them when `id` is empty.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn mark_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, runtime::app_state};

    Ok(super::server::mark_read(&app_state()?, &current_viewer(), id).await?)
}

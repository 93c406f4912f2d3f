//! Remote access to a customer's system, only with their permission
//! (Scalix: "with your permission, we access your system remotely";
//! Xecuritas: "the customer will be required to sign a modification waiver
//! form"). An engineer asks on the case what for, which system and for how
//! long; the customer grants it (accepting the policy's waiver where it has
//! one) or refuses it; the engineer ends it saying what was changed. Every
//! step is on the timeline.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{auth::csrf::CsrfClient, error::AppError, words::word_enum};

/// The longest a grant may last.
pub const MOST_HOURS: i64 = 72;

word_enum!(
    /// Where a request for remote access stands.
    RemoteAccessState, "remote access state" {
        Asked = "asked", "Waiting for the customer's answer";
        Granted = "granted", "Granted";
        Refused = "refused", "Refused";
        Expired = "expired", "Expired";
        Ended = "ended", "Ended";
    }
);

/// A request for remote access, as the case page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RemoteAccess {
    pub id: i64,
    /// Which system ("mail01.acme.example").
    pub system: String,
    /// What for: the changes the engineer means to make.
    pub purpose: String,
    /// How long a grant lasts.
    pub hours: i64,
    pub state: RemoteAccessState,
    pub asked_by: String,
    pub asked_at: i64,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
    /// When a grant runs out (Unix ms).
    pub expires_at: Option<i64>,
    /// The waiver's text as the customer accepted it.
    pub waiver: Option<String>,
    /// What the engineer changed, said when ending it.
    pub changes: Option<String>,
}

/// Asks the case's customer for remote access (engineers).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn ask_remote_access(
    reference: String,
    system: String,
    purpose: String,
    hours: i64,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, cases::server::remote_access, runtime::app_state};

    let asked = remote_access::Asked { system, purpose, hours };
    Ok(remote_access::ask(&app_state()?, &current_viewer(), &reference, asked).await?)
}

/// Grants (`answer` "grant") or refuses ("refuse") a request (the case's
/// customers). Granting accepts the policy's waiver where it has one:
/// `accept_waiver` must be sent.
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn answer_remote_access(
    reference: String,
    id: i64,
    answer: String,
    #[server(default)] accept_waiver: Option<String>,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, cases::server::remote_access, runtime::app_state};

    let grant = match answer.as_str() {
        "grant" => true,
        "refuse" => false,
        _ => return Err(AppError::bad_request("Answer grant or refuse.")),
    };
    let state = app_state()?;
    let accepted = accept_waiver.is_some();
    Ok(remote_access::answer(&state, &current_viewer(), &reference, id, grant, accepted).await?)
}

/// Ends a grant, saying what was changed (engineers).
#[server(client = CsrfClient, output = crate::auth::answers::TextJson)]
pub async fn end_remote_access(
    reference: String,
    id: i64,
    changes: String,
) -> Result<(), AppError> {
    use crate::{auth::server::current_viewer, cases::server::remote_access, runtime::app_state};

    let state = app_state()?;
    Ok(remote_access::end(&state, &current_viewer(), &reference, id, &changes).await?)
}

//! Who hears about a change to a case: the customer it is for (with the
//! colleagues who follow it), the engineer
//! who owns it (or every engineer of its level while nobody does), every
//! engineer of its level, or support management (admins).

use crate::{
    cases::Severity,
    ids::UserId,
    infra::error::ServerError,
    notifications::server::{Notice, Tx},
    runtime::AppState,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipients {
    /// The case's contact and its followers.
    Contact,
    OwnerOrLevel,
    /// The engineers of the case's level, owner or not (a case raised to
    /// L3 is engineering's to know about while its L2 owner keeps it).
    Level,
    /// The engineers on call (set by admins), for a case that pages; the
    /// owner or the level's engineers when nobody is on call.
    OnCall,
    Management,
}

/// The case a notice is about.
#[derive(Clone, Copy, Debug)]
pub struct About<'a> {
    pub case_id: i64,
    pub reference: &'a str,
    pub subject: &'a str,
    /// Who made the change: never told about their own doing.
    pub by: Option<UserId>,
}

/// Tells `who` about the case in the caller's transaction: `what` ends the
/// notice's subject ("CASE-000042: Support answered"), `text` follows the
/// case's own subject in the body.
pub async fn tell(
    tx: &mut Tx,
    about: About<'_>,
    who: Recipients,
    what: &str,
    text: &str,
    now: i64,
) -> Result<(), ServerError> {
    let users = recipients(tx, about.case_id, who).await?;
    let subject = format!("{}: {what}", about.reference);
    let body = if text.is_empty() {
        about.subject.to_owned()
    } else {
        format!("{}\n\n{text}", about.subject)
    };
    let notices: Vec<Notice> = users
        .into_iter()
        .filter(|user| Some(*user) != about.by)
        .map(|user_id| Notice {
            user_id,
            case_id: Some(about.case_id),
            subject: subject.clone(),
            body: body.clone(),
            link: format!("/cases/{}", about.reference),
        })
        .collect();
    crate::notifications::server::write(tx, &notices, now).await
}

/// Where the catalogue pages for `severity`, alerts the engineers who
/// would take the case at once, by notification and email, whatever the
/// hours (Xecuritas: "Severity-1 level cases opened online will
/// automatically alert the on-call technical staff via pager"). `how` ends
/// the notice's subject ("severity 1 opened online"), `why` starts its
/// text.
pub async fn page_on_call(
    state: &AppState,
    tx: &mut Tx,
    about: About<'_>,
    severity: Severity,
    (how, why): (&str, &str),
    now: i64,
) -> Result<(), ServerError> {
    let levels = &state.catalogue.service_levels;
    let Some(promise) = levels.promise(severity) else {
        return Ok(());
    };
    if !promise.page_on_call {
        return Ok(());
    }
    let what = format!("{} {how}", levels.spoken(severity));
    let clocks = if promise.around_the_clock { "; its clocks run around the clock" } else { "" };
    let definition = levels.level(severity).map_or("", |level| level.definition.as_str());
    let text = format!("{definition} {why}{clocks}.");
    tell(tx, about, Recipients::OnCall, &what, &text, now).await
}

const OWNER: &str = "SELECT u.id FROM cases c JOIN users u ON u.id = c.owner_user_id \
     WHERE c.id = $1 AND u.active = 1";

const LEVEL_ENGINEERS: &str = "SELECT u.id FROM cases c \
     JOIN users u ON u.role = 'engineer' AND u.level = c.level WHERE c.id = $1 AND u.active = 1 \
     ORDER BY u.id";

async fn recipients(
    tx: &mut Tx,
    case_id: i64,
    who: Recipients,
) -> Result<Vec<UserId>, ServerError> {
    let contact;
    let sql = match who {
        // The contact and followers hear while they act for the case's
        // organisation (see `followers::acts_for`).
        Recipients::Contact => {
            contact = format!(
                "SELECT u.id FROM cases c JOIN users u ON u.id = c.contact_user_id OR u.id IN \
                 (SELECT f.user_id FROM case_followers f WHERE f.case_id = c.id) \
                 WHERE c.id = $1 AND u.active = 1 AND {} ORDER BY 1",
                super::followers::acts_for("c.organisation_id")
            );
            contact.as_str()
        }
        Recipients::OwnerOrLevel => OWNER,
        Recipients::Level => LEVEL_ENGINEERS,
        Recipients::OnCall => {
            "SELECT id FROM users WHERE role = 'engineer' AND on_call = 1 AND active = 1 \
             AND $1 = $1 ORDER BY id"
        }
        Recipients::Management => {
            "SELECT id FROM users WHERE role = 'admin' AND active = 1 AND $1 = $1 ORDER BY id"
        }
    };
    let mut users: Vec<UserId> = sqlx::query_scalar(sql).bind(case_id).fetch_all(&mut **tx).await?;
    if who == Recipients::OnCall && users.is_empty() {
        users = sqlx::query_scalar(OWNER).bind(case_id).fetch_all(&mut **tx).await?;
    }
    if matches!(who, Recipients::OwnerOrLevel | Recipients::OnCall) && users.is_empty() {
        users = sqlx::query_scalar(LEVEL_ENGINEERS).bind(case_id).fetch_all(&mut **tx).await?;
    }
    Ok(users)
}

/// The first lines of a message, for a notice.
pub fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 600;
    let text = text.trim();
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX_CHARS).collect();
    format!("{}…", cut.trim_end())
}

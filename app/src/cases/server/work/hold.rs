//! Holding a case: another vendor's product is the cause (Xecuritas:
//! "Should another vendor's product be identified as the cause of the
//! incident, the standard Xecuritas customer resolution procedures will not
//! apply"), or an arrangement was made with the customer (its auto-close
//! after 10 days applies "unless other arrangements have been made").
//! Held, a case's clocks stand still, no target is missed and it does not
//! close by itself; who held it and why are on the timeline.

use super::{Doing, required_text};
use crate::{
    cases::{
        CaseStatus, EventKind, HoldReason,
        server::{
            events::insert_event,
            notify::{Recipients, tell},
        },
    },
    infra::{db::Tx, error::ServerError},
};

impl Doing<'_> {
    pub(super) async fn hold(
        &self,
        tx: &mut Tx,
        reason: HoldReason,
        why: &str,
    ) -> Result<(), ServerError> {
        let why = required_text(why)?;
        let said = format!("{} {why}", reason.explained());
        let note = format!("On hold ({}): {said}", self.engineer.name);
        let (case_id, now) = (self.about.case_id, self.now);
        insert_event(tx, case_id, EventKind::Status, self.engineer.id, &note, Some(self.next), now)
            .await?;
        let text = format!(
            "{said}\n\nThe case's targets stand still, and it stays open, until support takes it up again."
        );
        tell(tx, self.about, Recipients::Contact, "On hold", &text, now).await
    }

    pub(super) async fn resume(&self, tx: &mut Tx, why: &str) -> Result<(), ServerError> {
        let why = required_text(why)?;
        let note = format!("Taken up again ({}): {why}", self.engineer.name);
        let (case_id, now) = (self.about.case_id, self.now);
        let status = Some(CaseStatus::Open);
        insert_event(tx, case_id, EventKind::Status, self.engineer.id, &note, status, now).await?;
        let text = format!("{why}\n\nThe case's targets run again from now.");
        tell(tx, self.about, Recipients::Contact, "Taken up again", &text, now).await
    }
}

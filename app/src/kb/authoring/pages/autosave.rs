//! The editor's autosave: a change waits for a pause in typing, then
//! saves; a save asked for while one is on its way waits for that one's
//! answer; a save over a colleague's newer one is refused and their copy
//! fetched, to compare.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::fields::FieldSignals;
use crate::{
    error::AppError,
    kb::authoring::{
        Draft, DraftFields,
        api::{SaveDraft, open_draft},
    },
};

const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);

/// Where the draft stands against the server's copy.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum SaveState {
    Saved,
    Changed,
    Saving,
    Failed(String),
    /// Someone saved since: their copy, to compare with ours.
    Conflict {
        message: String,
        theirs: Box<Draft>,
    },
}

/// What the editor drives the autosave with.
pub(super) struct Autosave {
    /// Saves now (the Save button, keeping one's own text on a conflict).
    pub save_now: Callback<()>,
    /// Set, the next change of the fields is not one of ours (taking theirs).
    pub skip_change: StoredValue<bool>,
}

/// Saves the draft `slug` as its fields change; `base` is the edit the
/// text on screen started from, `state` tells the page where it stands.
pub(super) fn autosave(
    slug: String,
    fields: FieldSignals,
    base: RwSignal<i64>,
    state: RwSignal<SaveState>,
) -> Autosave {
    let save = ServerAction::<SaveDraft>::new();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let last_sent = StoredValue::new(None::<DraftFields>);
    let save_slug = slug.clone();
    let save_now = Callback::new(move |()| {
        if matches!(state.get_untracked(), SaveState::Conflict { .. })
            || save.pending().get_untracked()
        {
            return;
        }
        let sent = fields.get_untracked();
        last_sent.set_value(Some(sent.clone()));
        state.set(SaveState::Saving);
        save.dispatch(SaveDraft {
            slug: save_slug.clone(),
            base_edit: base.get_untracked(),
            fields: sent,
        });
    });
    let schedule = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        pending.set_value(set_timeout_with_handle(move || save_now.run(()), AUTOSAVE_AFTER).ok());
    };
    let skip_change = StoredValue::new(true);
    Effect::new(move |_| {
        fields.track();
        // The first run only subscribes; taking "theirs" is no change of ours.
        if skip_change.get_value() {
            skip_change.set_value(false);
            return;
        }
        if !matches!(state.get_untracked(), SaveState::Conflict { .. } | SaveState::Saving) {
            state.set(SaveState::Changed);
        }
        schedule();
    });
    let conflict_slug = slug.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(number)) => {
            base.set(number);
            // Typed while the save was on its way: that is saved next.
            if last_sent.get_value().is_some_and(|sent| sent != fields.get_untracked()) {
                state.set(SaveState::Changed);
                schedule();
            } else {
                state.set(SaveState::Saved);
            }
        }
        Some(Err(AppError::Conflict(message))) => {
            let slug = conflict_slug.clone();
            spawn_local(async move {
                match open_draft(slug).await {
                    Ok(theirs) => {
                        state.set(SaveState::Conflict { message, theirs: Box::new(theirs) })
                    }
                    Err(error) => state.set(SaveState::Failed(error.to_string())),
                }
            });
        }
        Some(Err(error)) => state.set(SaveState::Failed(error.to_string())),
        None => {}
    });
    Autosave { save_now, skip_change }
}

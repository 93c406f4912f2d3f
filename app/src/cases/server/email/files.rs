//! A message's files: the message itself (its headers and text, kept as
//! `original-message.eml`) and its attachments, through the checks of
//! uploads (type, size, the sender's daily allowance) and at most as many
//! as one request may carry. They wait as uploads until the transaction
//! that adds the message takes them; if it does not, they are removed.

use super::{InboundEmail, without_attachments};
use crate::{
    cases::{ArtifactKind, server::uploads},
    ids::UserId,
    infra::error::ServerError,
    runtime::AppState,
};

pub(super) struct MessageFiles {
    /// The uploads the message brings, the kept message first.
    pub tokens: Vec<(String, Option<ArtifactKind>)>,
    /// Files left out, each with why.
    refused: Vec<String>,
}

/// Stores the message's files for `uploader`.
pub(super) async fn store(
    state: &AppState,
    uploader: UserId,
    email: &InboundEmail,
    raw: &[u8],
) -> Result<MessageFiles, ServerError> {
    let kept = without_attachments(raw, &email.attachments);
    let original = uploads::keep_original(state, uploader, &kept).await?;
    let mut files = MessageFiles { tokens: vec![(original.token, None)], refused: Vec::new() };
    let most = state.settings.uploads.max_files_per_request;
    for attachment in email.attachments.iter().take(most) {
        let body = uploads::whole(&attachment.bytes);
        match uploads::receive(state, uploader, &attachment.name, body).await {
            Ok(uploaded) => files.tokens.push((uploaded.token, None)),
            Err(ServerError::App(why)) => {
                files.refused.push(format!("{} ({why})", attachment.name))
            }
            Err(error) => {
                files.discard(state).await?;
                return Err(error);
            }
        }
    }
    let over = email.attachments.len().saturating_sub(most);
    if over > 0 {
        files.refused.push(format!("{over} more files (at most {most} a message)"));
    }
    Ok(files)
}

impl MessageFiles {
    /// The message's text, naming the files left out.
    pub fn text(&self, text: &str) -> String {
        if self.refused.is_empty() {
            return text.to_owned();
        }
        let names = self.refused.join("; ");
        if text.is_empty() {
            format!("Not attached: {names}")
        } else {
            format!("{text}\n\nNot attached: {names}")
        }
    }

    /// Removes the uploads again (the message was not added).
    pub async fn discard(&self, state: &AppState) -> Result<(), ServerError> {
        let tokens: Vec<String> = self.tokens.iter().map(|(token, _)| token.clone()).collect();
        uploads::discard(state, &tokens).await
    }
}

//! Reply tokens: every message Selfdesk sends about a case carries one,
//! made for that case and that recipient, in its `Message-ID`
//! (`<CASE-000042.7.TOKEN@host>`) and its reply address
//! (`support+CASE-000042.TOKEN@...`). A reply quotes them back (mail
//! clients name the ids they answer, and write to the reply address), so a
//! reply that carries the token of its sender and its case proves the
//! sender received our mail: only the recipient can know it.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::InboundEmail;
use crate::infra::{db::Db, error::ServerError, secrets};

/// Hex characters of a token: 80 bits, enough against guessing (each
/// guess is a message, and messages are counted per sender).
const TOKEN_CHARS: usize = 20;

/// The key the tokens are made with, shared by every server through the
/// database. Never logged.
#[derive(Clone)]
pub struct ReplyKey(std::sync::Arc<[u8]>);

impl std::fmt::Debug for ReplyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReplyKey(..)")
    }
}

impl ReplyKey {
    /// The key in the database, made by the first server that needs it.
    pub async fn load_or_create(db: &Db) -> Result<Self, ServerError> {
        sqlx::query(
            "INSERT INTO server_keys (name, secret) VALUES ('reply_tokens', $1) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(secrets::random_secret()?)
        .execute(db.pool())
        .await?;
        let secret: String =
            sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = 'reply_tokens'")
                .fetch_one(db.pool())
                .await?;
        Ok(Self(secret.into_bytes().into()))
    }

    /// The token of `reference` for mail to `address`: lower-case hex, as
    /// mail servers may lower-case the address it travels in.
    pub fn token(&self, reference: &str, address: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any size");
        mac.update(reference.to_ascii_uppercase().as_bytes());
        mac.update(b"\0");
        mac.update(address.trim().to_lowercase().as_bytes());
        let digest = mac.finalize().into_bytes();
        digest.iter().map(|b| format!("{b:02x}")).collect::<String>()[..TOKEN_CHARS].to_owned()
    }

    /// Whether `token` is the one of `reference` for `address`.
    pub fn verifies(&self, reference: &str, address: &str, token: &str) -> bool {
        let expected = self.token(reference, address);
        let token = token.to_ascii_lowercase();
        expected.len() == token.len() && bool::from(expected.as_bytes().ct_eq(token.as_bytes()))
    }

    /// Whether the message carries the token of its sender for `reference`,
    /// in the ids it answers or the reply address it was sent to.
    pub fn proves(&self, email: &InboundEmail, reference: &str, domain: &str) -> bool {
        let Some(sender) = email.sender.as_deref() else { return false };
        let in_thread = email.thread.iter().filter_map(|id| {
            let local = id.strip_suffix(domain)?.strip_suffix('@')?;
            // CASE-000042.7.TOKEN
            let mut parts = local.split('.');
            let case = parts.next()?;
            let _number = parts.next()?;
            let token = parts.next()?;
            (parts.next().is_none() && case.eq_ignore_ascii_case(reference)).then_some(token)
        });
        let in_address = email.recipients.iter().filter_map(|address| {
            let (local, _) = address.split_once('@')?;
            let (_, tag) = local.split_once('+')?;
            // CASE-000042.TOKEN
            let (case, token) = tag.split_once('.')?;
            case.eq_ignore_ascii_case(reference).then_some(token)
        });
        in_thread.chain(in_address).any(|token| self.verifies(reference, sender, token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ReplyKey {
        ReplyKey(b"test key".to_vec().into())
    }

    #[test]
    fn a_token_is_for_one_case_and_one_recipient() {
        let key = key();
        let token = key.token("CASE-000042", "Casey@Acme.Example");

        assert_eq!(token.len(), TOKEN_CHARS);
        assert!(key.verifies("CASE-000042", "casey@acme.example", &token.to_uppercase()));
        assert!(!key.verifies("CASE-000043", "casey@acme.example", &token));
        assert!(!key.verifies("CASE-000042", "mallory@acme.example", &token));
        assert!(!key.verifies("CASE-000042", "casey@acme.example", &token[..10]));
        assert!(!format!("{key:?}").contains("test key"));
    }
}

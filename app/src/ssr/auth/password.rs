//! Password hashing with argon2id (the crate's defaults follow OWASP's
//! recommendation). Hashing is slow on purpose, so it runs off the async
//! threads.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};

use crate::ssr::error::ServerError;

pub async fn hash_password(password: String) -> Result<String, ServerError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| {
                ServerError::io("hashing a password", std::io::Error::other(e.to_string()))
            })
    })
    .await
    .map_err(|e| ServerError::io("hashing a password", std::io::Error::other(e)))?
}

/// True when `password` matches `stored`. With no stored hash (unknown user,
/// or no password set yet) a dummy hash is still verified, so the answer
/// takes as long and does not reveal which accounts exist.
pub async fn verify_password(
    password: String,
    stored: Option<String>,
) -> Result<bool, ServerError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        known && matches
    })
    .await
    .map_err(|e| ServerError::io("verifying a password", std::io::Error::other(e)))
}

/// argon2id hash of a random string nobody knows, with the default cost.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2VsZmRlc2tkdW1teQ$Ue1ZrMqmtAolLTwOTfp0yvR7hGdQRm6R2GOQ6rDUaMk";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await.expect("verify"));
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify_password("anything at all".into(), None).await.expect("verify"));
    }

    #[test]
    fn the_dummy_hash_is_well_formed() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}

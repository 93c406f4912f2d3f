//! Password hashing with argon2id (the crate's defaults follow OWASP's
//! recommendation). Hashing is slow on purpose, so it runs off the async
//! threads, and a few at a time: each takes ~19 MiB, and hundreds of
//! sign-ins at once must not take the server's memory.

use std::time::Duration;

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::{error::AppError, infra::error::ServerError};

/// How many hashes run at once, and how long a request waits for its turn
/// before it is told to come back later (503).
pub struct HashingLimit {
    slots: Semaphore,
    wait: Duration,
}

impl HashingLimit {
    pub const fn new(slots: usize, wait: Duration) -> Self {
        Self { slots: Semaphore::const_new(slots), wait }
    }

    pub async fn slot(&self) -> Result<SemaphorePermit<'_>, ServerError> {
        match tokio::time::timeout(self.wait, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                tracing::warn!("password check refused: every hashing slot is busy");
                Err(AppError::Busy.into())
            }
        }
    }
}

/// Eight hashes (~150 MiB) at most, process-wide.
static HASHING: HashingLimit = HashingLimit::new(8, Duration::from_secs(3));

pub async fn hash_password(password: String) -> Result<String, ServerError> {
    let _slot = HASHING.slot().await?;
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
    let _slot = HASHING.slot().await?;
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

    #[tokio::test]
    async fn past_the_slots_a_caller_is_told_to_come_back_later() {
        let limit = HashingLimit::new(2, Duration::from_millis(20));
        let _first = limit.slot().await.expect("a free slot");
        let _second = limit.slot().await.expect("a free slot");
        let error = limit.slot().await.expect_err("no slot left");
        assert_eq!(AppError::from(error), AppError::Busy);
        drop(_first);
        assert!(limit.slot().await.is_ok(), "a slot given back is used again");
    }

    #[test]
    fn the_dummy_hash_is_well_formed() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}

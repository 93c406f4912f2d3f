//! Where uploaded files live: behind object_store, so a local directory
//! (the default) and S3-compatible stores serve alike. Files are streamed
//! in and out, never held whole in memory, and stored under random keys:
//! the name a file came with never reaches a path.

use std::{path::Path, sync::Arc};

use bytes::Bytes;
use futures::{Stream, StreamExt, stream::BoxStream};
use object_store::{ObjectStore, WriteMultipart, local::LocalFileSystem, path::Path as StorePath};
use sha2::{Digest, Sha256};

use super::{error::ServerError, secrets};
use crate::error::AppError;

#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
}

/// A file as stored: its key, size and SHA-256 (hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    pub size: u64,
    pub sha256: String,
}

impl FileStore {
    /// A directory on this machine, created when missing.
    pub fn local(dir: &Path) -> Result<Self, ServerError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ServerError::io(format!("creating {}", dir.display()), e))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(storage_error)?;
        Ok(Self { store: Arc::new(store) })
    }

    /// Streams `chunks` into a new object, hashing as it goes. Past `limit`
    /// bytes, or when the stream fails, the partial object is removed and
    /// nothing is left behind.
    pub async fn put<S, E>(&self, mut chunks: S, limit: u64) -> Result<StoredFile, ServerError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let key = random_key()?;
        let upload = self
            .store
            .put_multipart(&StorePath::from(key.as_str()))
            .await
            .map_err(storage_error)?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = chunks.next().await {
            let failure = match chunk {
                Ok(bytes) => {
                    size += bytes.len() as u64;
                    if size > limit {
                        Some(ServerError::from(AppError::PayloadTooLarge(format!(
                            "A file may be at most {}.",
                            crate::format::size(limit)
                        ))))
                    } else {
                        hasher.update(&bytes);
                        writer.write(&bytes);
                        None
                    }
                }
                Err(e) => Some(ServerError::from(AppError::bad_request(format!(
                    "The upload was interrupted: {e}"
                )))),
            };
            if let Some(error) = failure {
                writer.abort().await.map_err(storage_error)?;
                return Err(error);
            }
        }
        writer.finish().await.map_err(storage_error)?;
        let sha256 = hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect();
        Ok(StoredFile { key, size, sha256 })
    }

    /// The object's bytes as a stream.
    pub async fn open(
        &self,
        key: &str,
    ) -> Result<BoxStream<'static, Result<Bytes, std::io::Error>>, ServerError> {
        let object = self.store.get(&StorePath::from(key)).await.map_err(storage_error)?;
        Ok(object.into_stream().map(|chunk| chunk.map_err(std::io::Error::other)).boxed())
    }

    /// Removes the object; one already gone is no error.
    pub async fn delete(&self, key: &str) -> Result<(), ServerError> {
        match self.store.delete(&StorePath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(storage_error(e)),
        }
    }
}

/// 32 random bytes as lower-case hex: safe as a file name on every store.
fn random_key() -> Result<String, ServerError> {
    Ok(secrets::digest(&secrets::random_secret()?))
}

fn storage_error(error: object_store::Error) -> ServerError {
    ServerError::io("using the file store", std::io::Error::other(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(
        parts: &[&'static [u8]],
    ) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
        futures::stream::iter(
            parts.iter().map(|part| Ok(Bytes::from_static(part))).collect::<Vec<_>>(),
        )
    }

    #[tokio::test]
    async fn a_file_is_stored_under_a_random_key_with_its_digest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = FileStore::local(dir.path()).expect("store");
        let stored = store.put(chunks(&[b"hello ", b"world"]), 100).await.expect("stored");
        assert_eq!(stored.size, 11);
        assert_eq!(
            stored.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(stored.key.len(), 64);
        let mut read = Vec::new();
        let mut stream = store.open(&stored.key).await.expect("open");
        while let Some(chunk) = stream.next().await {
            read.extend_from_slice(&chunk.expect("chunk"));
        }
        assert_eq!(read, b"hello world");
        store.delete(&stored.key).await.expect("delete");
        store.delete(&stored.key).await.expect("deleting twice is fine");
    }

    #[tokio::test]
    async fn an_oversize_file_is_refused_and_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = FileStore::local(dir.path()).expect("store");
        let error =
            store.put(chunks(&[b"0123456789", b"0123456789"]), 15).await.expect_err("refused");
        assert!(matches!(AppError::from(error), AppError::PayloadTooLarge(_)));
        let left: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

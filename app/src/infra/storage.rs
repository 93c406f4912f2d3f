//! Where uploaded files live: behind object_store, so a local directory
//! (the default) and an S3-compatible bucket (several servers) serve alike.
//! Files are streamed in and out, never held whole in memory; case files
//! are stored under random keys and article media under the digest of
//! their bytes: the name a file came with never reaches a path.

use std::{path::Path, sync::Arc};

use bytes::Bytes;
use futures::{Stream, StreamExt, stream::BoxStream};
use object_store::{
    ObjectStore, PutPayload, WriteMultipart, aws::AmazonS3Builder, local::LocalFileSystem,
    path::Path as StorePath, prefix::PrefixStore,
};
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

/// The two kinds of stored files, each under its own folder or prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shelf {
    /// Case files, under random keys.
    Files,
    /// Pictures and files of articles, under the digest of their bytes.
    Media,
}

impl Shelf {
    pub fn name(self) -> &'static str {
        match self {
            Shelf::Files => "files",
            Shelf::Media => "media",
        }
    }
}

impl FileStore {
    /// The store `storage_url` names (`s3://bucket/prefix`, with endpoint,
    /// region and credentials from the usual `AWS_*` variables), or, when
    /// unset, the shelf's folder in the data directory.
    pub fn connect(
        storage_url: Option<&str>,
        data_dir: &Path,
        shelf: Shelf,
    ) -> Result<Self, ServerError> {
        match storage_url.map(str::trim).filter(|url| !url.is_empty()) {
            None => Self::local(&data_dir.join(shelf.name())),
            Some(url) => Self::s3(url, shelf),
        }
    }

    /// A directory on this machine, created when missing.
    pub fn local(dir: &Path) -> Result<Self, ServerError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ServerError::io(format!("creating {}", dir.display()), e))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(storage_error)?;
        Ok(Self { store: Arc::new(store) })
    }

    fn s3(url: &str, shelf: Shelf) -> Result<Self, ServerError> {
        let rest = url.strip_prefix("s3://").ok_or_else(|| {
            ServerError::Config(format!(
                "SELFDESK_STORAGE_URL must read s3://BUCKET/PREFIX, not {url}"
            ))
        })?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(ServerError::Config("SELFDESK_STORAGE_URL names no bucket".into()));
        }
        let bucket_store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| ServerError::Config(format!("the S3 store {bucket}: {e}")))?;
        let prefix = prefix.trim_matches('/');
        let shelf_prefix = if prefix.is_empty() {
            shelf.name().to_owned()
        } else {
            format!("{prefix}/{}", shelf.name())
        };
        Ok(Self { store: Arc::new(PrefixStore::new(bucket_store, shelf_prefix.as_str())) })
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

    /// Stores `bytes` under `name` unless an object of that name is there
    /// already: for names that are the digest of their content.
    pub async fn put_named(&self, name: &str, bytes: Bytes) -> Result<(), ServerError> {
        let path = StorePath::from(name);
        match self.store.head(&path).await {
            Ok(_) => return Ok(()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(storage_error(e)),
        }
        // One request: an object appears whole or not at all.
        self.store.put(&path, PutPayload::from_bytes(bytes)).await.map_err(storage_error)?;
        Ok(())
    }

    /// The object's bytes as a stream; a missing one is "not found".
    pub async fn open(
        &self,
        key: &str,
    ) -> Result<BoxStream<'static, Result<Bytes, std::io::Error>>, ServerError> {
        let object = match self.store.get(&StorePath::from(key)).await {
            Ok(object) => object,
            Err(object_store::Error::NotFound { .. }) => {
                return Err(AppError::not_found("That file").into());
            }
            Err(e) => return Err(storage_error(e)),
        };
        Ok(object.into_stream().map(|chunk| chunk.map_err(std::io::Error::other)).boxed())
    }

    /// The object's bytes, whole (for what is small enough to hold: a
    /// kept email, at most `limit` bytes).
    pub async fn read_all(&self, key: &str, limit: usize) -> Result<Vec<u8>, ServerError> {
        let mut stream = self.open(key).await?;
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| ServerError::io("reading from the file store", e))?;
            if bytes.len() + chunk.len() > limit {
                return Err(
                    AppError::PayloadTooLarge("The stored file is too large.".into()).into()
                );
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
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
    async fn a_named_file_is_stored_once_and_a_missing_one_is_not_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = FileStore::local(dir.path()).expect("store");
        store.put_named("a.txt", Bytes::from_static(b"first")).await.expect("stored");
        store.put_named("a.txt", Bytes::from_static(b"second")).await.expect("kept");
        assert_eq!(std::fs::read(dir.path().join("a.txt")).expect("read"), b"first");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
        let missing = store.open("b.txt").await.err().expect("missing");
        assert!(matches!(AppError::from(missing), AppError::NotFound(_)));
    }

    #[test]
    fn the_storage_url_must_name_an_s3_bucket() {
        let dir = tempfile::tempdir().expect("temp dir");
        for wrong in ["ftp://bucket/x", "s3:///prefix", "bucket"] {
            let refused = FileStore::connect(Some(wrong), dir.path(), Shelf::Files).err();
            assert!(matches!(refused, Some(ServerError::Config(_))), "{wrong}");
        }
        FileStore::connect(Some("  "), dir.path(), Shelf::Media)
            .expect("blank: the data directory");
        assert!(dir.path().join("media").is_dir());
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

//! Files uploaded for a case: checked against the allowed types, streamed
//! into the file store, and recorded as waiting until a case or a message
//! takes them.

use bytes::Bytes;
use futures::Stream;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, FromRow};

use crate::{
    error::AppError,
    ids::UserId,
    infra::{error::ServerError, secrets, storage::StoredFile},
    runtime::{AppState, UploadRules},
};

/// What the uploader gets back, to name the file when filing the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Uploaded {
    pub token: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
}

#[derive(Clone, Debug, FromRow)]
pub struct UploadRow {
    pub id: i64,
    pub token: String,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: UserId,
    pub case_id: Option<i64>,
}

/// The name to show for a file: its last path segment, without control
/// characters, at most 120 characters. Only ever shown, never a path.
pub fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    let name: String = trimmed.chars().take(120).collect();
    if name.is_empty() { "file".to_owned() } else { name }
}

/// The file's type by its extension, if the rules allow it.
pub fn allowed_extension(rules: &UploadRules, file_name: &str) -> Result<String, AppError> {
    let extension = file_name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    match extension {
        Some(ext) if rules.extensions.contains(&ext) => Ok(ext),
        _ => Err(AppError::bad_request(format!(
            "{file_name} is not a file type support accepts. Accepted: {}.",
            rules.extensions.join(", ")
        ))),
    }
}

/// The content type files are served with: pictures and text as
/// themselves, everything else as bytes to download.
pub fn content_type(extension: &str) -> &'static str {
    match extension {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" | "csv" | "conf" | "cfg" | "ini" | "yaml" | "yml" => {
            "text/plain; charset=utf-8"
        }
        "json" | "har" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Streams one file into the store and records it for the uploader,
/// within the uploader's daily allowance.
pub async fn receive<S, E>(
    state: &AppState,
    uploader: UserId,
    raw_name: &str,
    body: S,
) -> Result<Uploaded, ServerError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let rules = &state.settings.uploads;
    let file_name = display_name(raw_name);
    let extension = allowed_extension(rules, &file_name)?;
    let remaining = remaining_today(state, uploader).await?;
    if remaining == 0 {
        return Err(used_up(rules).into());
    }
    let stored = match state.files.put(body, rules.max_bytes.min(remaining)).await {
        Err(ServerError::App(AppError::PayloadTooLarge(_))) if remaining < rules.max_bytes => {
            return Err(used_up(rules).into());
        }
        stored => stored?,
    };
    record(state, uploader, file_name, &extension, stored, Allowance::Enforced).await
}

fn used_up(rules: &UploadRules) -> AppError {
    AppError::QuotaExceeded(format!(
        "You have uploaded {} in the last 24 hours, the most allowed. Try again later, \
         or send support a link to the file.",
        crate::format::size(rules.daily_bytes_per_user)
    ))
}

/// The name a received email's original is kept under.
pub const ORIGINAL_EMAIL: &str = "original-message.eml";

/// Keeps a received email (its headers and text; its attachments are the
/// case's files) as a file for its case: what the case shows of it leaves
/// out the quoted history. It counts against the sender's allowance, but
/// is kept even past it: it is the record of what was written.
pub async fn keep_original(
    state: &AppState,
    sender: UserId,
    raw: &[u8],
) -> Result<Uploaded, ServerError> {
    let stored = state.files.put(whole(raw), raw.len() as u64 + 1).await?;
    record(state, sender, ORIGINAL_EMAIL.to_owned(), "eml", stored, Allowance::Counted).await
}

/// Bytes already in memory (an email's files) as the stream uploads take.
pub fn whole(
    bytes: &[u8],
) -> impl Stream<Item = Result<Bytes, std::convert::Infallible>> + Unpin + use<> {
    futures::stream::iter([Ok(Bytes::copy_from_slice(bytes))])
}

/// Whether a file must fit in what is left of the uploader's allowance.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Allowance {
    Enforced,
    Counted,
}

/// Writes the upload's row for a stored file; without its row nobody
/// could reach the file, so a refusal or failure removes it. The
/// allowance is checked again under a lock on the uploader's row, so
/// uploads sent side by side cannot all pass it.
async fn record(
    state: &AppState,
    uploader: UserId,
    file_name: String,
    extension: &str,
    stored: StoredFile,
    allowance: Allowance,
) -> Result<Uploaded, ServerError> {
    let token = secrets::random_secret()?;
    let size = i64::try_from(stored.size).unwrap_or(i64::MAX);
    let now = state.clock.now_ms();
    let recorded = async {
        let mut tx = state.db.pool().begin().await?;
        sqlx::query("UPDATE users SET name = name WHERE id = $1")
            .bind(uploader)
            .execute(&mut *tx)
            .await?;
        let used = uploaded_since(&mut tx, uploader, now - DAY_MS).await?;
        let limit = state.settings.uploads.daily_bytes_per_user;
        if allowance == Allowance::Enforced && used.saturating_add(stored.size) > limit {
            return Err(used_up(&state.settings.uploads).into());
        }
        sqlx::query(
            "INSERT INTO uploads (token, storage_key, file_name, content_type, size, sha256, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&token)
        .bind(&stored.key)
        .bind(&file_name)
        .bind(content_type(extension))
        .bind(size)
        .bind(&stored.sha256)
        .bind(uploader)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<(), ServerError>(())
    };
    if let Err(error) = recorded.await {
        state.files.delete(&stored.key).await?;
        return Err(error);
    }
    discard_stale(state, 20).await?;
    Ok(Uploaded { token, file_name, size, sha256: stored.sha256 })
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What is left of the user's allowance now (checked again, under a lock,
/// once the file is stored).
async fn remaining_today(state: &AppState, uploader: UserId) -> Result<u64, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let used = uploaded_since(&mut conn, uploader, state.clock.now_ms() - DAY_MS).await?;
    Ok(state.settings.uploads.daily_bytes_per_user.saturating_sub(used))
}

/// Bytes the user uploaded since `since` and that are still kept.
async fn uploaded_since(
    conn: &mut AnyConnection,
    uploader: UserId,
    since: i64,
) -> Result<u64, ServerError> {
    let bytes: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM uploads \
         WHERE uploaded_by = $1 AND created_at > $2",
    )
    .bind(uploader)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(u64::try_from(bytes).unwrap_or(0))
}

/// Refuses the file past the request's allowance (`count` files so far,
/// this one included).
pub fn check_file_count(rules: &UploadRules, count: usize) -> Result<(), AppError> {
    if count > rules.max_files_per_request {
        return Err(AppError::PayloadTooLarge(format!(
            "Send at most {} files at once.",
            rules.max_files_per_request
        )));
    }
    Ok(())
}

/// The uploader's waiting uploads with these tokens, all of them or an error.
pub async fn pending(
    conn: &mut AnyConnection,
    uploader: UserId,
    tokens: &[&str],
) -> Result<Vec<UploadRow>, ServerError> {
    let mut rows = Vec::with_capacity(tokens.len());
    for token in tokens {
        let row: Option<UploadRow> = sqlx::query_as(
            "SELECT id, token, storage_key, file_name, content_type, size, uploaded_by, case_id \
             FROM uploads WHERE token = $1",
        )
        .bind(*token)
        .fetch_optional(&mut *conn)
        .await?;
        match row {
            Some(row) if row.uploaded_by == uploader && row.case_id.is_none() => rows.push(row),
            _ => {
                return Err(AppError::bad_request(
                    "One of the files is no longer waiting to be attached: upload it again.",
                )
                .into());
            }
        }
    }
    Ok(rows)
}

/// Removes uploads that a refused request brought along: rows still
/// waiting, and their files.
pub async fn discard(state: &AppState, tokens: &[String]) -> Result<(), ServerError> {
    for token in tokens {
        let key: Option<String> = sqlx::query_scalar(
            "DELETE FROM uploads WHERE token = $1 AND case_id IS NULL RETURNING storage_key",
        )
        .bind(token)
        .fetch_optional(state.db.pool())
        .await?;
        if let Some(key) = key {
            state.files.delete(&key).await?;
        }
    }
    Ok(())
}

/// How long an upload waits for a case or a message before it is removed.
pub const PENDING_FOR_MS: i64 = 24 * 60 * 60 * 1000;

/// Removes up to `limit` uploads that no case or message took within a day;
/// returns how many. Uploading does a few on the way, the sweep job the rest.
pub async fn discard_stale(state: &AppState, limit: i64) -> Result<usize, ServerError> {
    let cutoff = state.clock.now_ms() - PENDING_FOR_MS;
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT token FROM uploads WHERE case_id IS NULL AND created_at < $1 ORDER BY id LIMIT $2",
    )
    .bind(cutoff)
    .bind(limit)
    .fetch_all(state.db.pool())
    .await?;
    discard(state, &stale).await?;
    Ok(stale.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_paths_and_control_characters() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\logs\\gateway.log"), "gateway.log");
        assert_eq!(display_name("..\u{0}hidden.txt"), "hidden.txt");
        assert_eq!(display_name("/"), "file");
    }

    #[test]
    fn only_allowed_extensions_pass() {
        let rules = UploadRules::default();
        assert_eq!(allowed_extension(&rules, "report.ZIP"), Ok("zip".into()));
        let refused = allowed_extension(&rules, "setup.exe").expect_err("refused");
        assert!(refused.to_string().contains("setup.exe is not a file type"));
        assert!(allowed_extension(&rules, "no-extension").is_err());
    }
}

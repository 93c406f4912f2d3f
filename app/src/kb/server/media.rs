//! The media folder: pictures and files of articles, stored under the
//! digest of their bytes (`/media/{sha256}.{ext}`), so a name never changes
//! meaning and may be cached for good. The importer copies pictures of a
//! tree here; writers upload pictures and files from the editor.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::AppError;

pub const MAX_MEDIA_BYTES: usize = 5 * 1024 * 1024;
pub const TOO_LARGE: &str = "A picture or file for an article may be up to 5 MB.";

/// What may be stored and served, by extension: its content type, and
/// whether it shows as a picture. No SVG or HTML: they can carry script.
pub fn media_type(extension: &str) -> Option<(&'static str, bool)> {
    match extension {
        "png" => Some(("image/png", true)),
        "jpg" | "jpeg" => Some(("image/jpeg", true)),
        "gif" => Some(("image/gif", true)),
        "webp" => Some(("image/webp", true)),
        "pdf" => Some(("application/pdf", false)),
        "txt" | "log" => Some(("text/plain; charset=utf-8", false)),
        "zip" => Some(("application/zip", false)),
        _ => None,
    }
}

/// The content type of a stored name; `None` for any name not of the
/// digest-and-extension shape, so nothing else in the folder is served.
pub fn content_type(name: &str) -> Option<&'static str> {
    let (digest, extension) = name.split_once('.')?;
    let is_digest = digest.len() == 64
        && digest.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    if !is_digest {
        return None;
    }
    media_type(extension).map(|(content_type, _)| content_type)
}

/// Whether the bytes are what the extension says: a renamed file is refused.
fn looks_like(extension: &str, bytes: &[u8]) -> bool {
    match extension {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "pdf" => bytes.starts_with(b"%PDF-"),
        "zip" => bytes.starts_with(b"PK\x03\x04"),
        "txt" | "log" => std::str::from_utf8(bytes).is_ok(),
        _ => false,
    }
}

/// An uploaded file's extension, checked against its bytes.
pub fn check_upload(file_name: &str, bytes: &[u8]) -> Result<String, AppError> {
    let extension = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if media_type(&extension).is_none() {
        return Err(AppError::bad_request(
            "Upload a picture (PNG, JPEG, GIF, WebP) or a PDF, text, log or ZIP file.",
        ));
    }
    if bytes.is_empty() || bytes.len() > MAX_MEDIA_BYTES {
        return Err(AppError::PayloadTooLarge(TOO_LARGE.into()));
    }
    if !looks_like(&extension, bytes) {
        return Err(AppError::bad_request(format!(
            "{file_name} is not the .{extension} file its name says."
        )));
    }
    Ok(extension)
}

/// The name the bytes are stored under: their digest and extension.
pub fn stored_name(bytes: &[u8], extension: &str) -> String {
    let digest: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    format!("{digest}.{extension}")
}

/// The address a stored name is served at.
pub fn url(name: &str) -> String {
    format!("/media/{name}")
}

/// The Markdown that shows the stored file: a picture, or a link to it.
pub fn markdown_for(file_name: &str, url: &str, extension: &str) -> String {
    let label: String = file_name.chars().filter(|c| !matches!(c, '[' | ']' | '\n')).collect();
    match media_type(extension) {
        Some((_, true)) => format!("![{label}]({url})"),
        _ => format!("[{label}]({url})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_digest_names_of_known_types_are_served() {
        let digest = "a".repeat(64);
        assert_eq!(content_type(&format!("{digest}.png")), Some("image/png"));
        assert_eq!(content_type(&format!("{digest}.pdf")), Some("application/pdf"));
        assert_eq!(content_type(&format!("{digest}.svg")), None);
        assert_eq!(content_type("../../selfdesk.db"), None);
        assert_eq!(content_type(&format!("{}.png", "A".repeat(64))), None);
        assert_eq!(content_type("short.png"), None);
    }

    #[test]
    fn uploads_are_what_their_names_say() {
        assert_eq!(check_upload("Shot.PNG", b"\x89PNG\r\n\x1a\nrest").as_deref(), Ok("png"));
        assert!(check_upload("shot.png", b"<script>").is_err());
        assert!(check_upload("page.svg", b"<svg/>").is_err());
        assert!(check_upload("page.html", b"<p>").is_err());
        assert!(check_upload("notes.txt", &[0xFF, 0xFE]).is_err());
        assert!(check_upload("empty.txt", b"").is_err());
        assert_eq!(markdown_for("a [b].png", "/media/x.png", "png"), "![a b.png](/media/x.png)");
        assert_eq!(markdown_for("guide.pdf", "/media/x.pdf", "pdf"), "[guide.pdf](/media/x.pdf)");
    }

    #[test]
    fn the_name_is_the_digest_of_the_bytes() {
        assert_eq!(stored_name(b"bytes", "txt"), stored_name(b"bytes", "txt"));
        assert_ne!(stored_name(b"bytes", "txt"), stored_name(b"other", "txt"));
        let name = stored_name(b"bytes", "png");
        assert_eq!(content_type(&name), Some("image/png"), "served by its own shape: {name}");
        assert_eq!(url(&name), format!("/media/{name}"));
    }
}

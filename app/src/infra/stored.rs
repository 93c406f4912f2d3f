//! Lists and maps kept as JSON text in a column (products, tags, case
//! fields, ...). Selfdesk writes them itself, so text that does not decode
//! means a damaged row: it is logged as an error with the table and column,
//! and the value reads as empty so that the page or the index still works.

use serde::de::DeserializeOwned;

/// Decodes the JSON `text` stored in `table.column`; on failure logs the
/// error (never the text, which may hold a customer's words) and returns
/// the empty value.
pub fn decode_column<T: DeserializeOwned + Default>(table: &str, column: &str, text: &str) -> T {
    if text.is_empty() {
        return T::default();
    }
    serde_json::from_str(text).unwrap_or_else(|error| {
        tracing::error!(table, column, %error, "a stored JSON column does not decode; read as empty");
        T::default()
    })
}

/// The JSON text a column keeps; serialising these plain types (lists,
/// maps, strings) cannot fail.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::{
        io::Write,
        sync::{Arc, Mutex},
    };

    use super::*;

    /// Collects what is logged while `run` runs.
    fn logged(run: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().expect("the log buffer").extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber =
            tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        tracing::subscriber::with_default(subscriber, run);
        String::from_utf8(buffer.0.lock().expect("the log buffer").clone()).expect("UTF-8 log")
    }

    #[test]
    fn stored_lists_decode() {
        let tags: Vec<String> = decode_column("articles", "tags", r#"["vpn","dns"]"#);
        assert_eq!(tags, ["vpn", "dns"]);
        let empty: Vec<String> = decode_column("articles", "tags", "");
        assert!(empty.is_empty());
    }

    #[test]
    fn damaged_text_is_logged_with_its_column_and_reads_as_empty() {
        let mut tags = vec!["unchanged".to_owned()];
        let log = logged(|| tags = decode_column("articles", "tags", r#"["vpn", secret"#));
        assert!(tags.is_empty());
        assert!(log.contains("ERROR"), "{log}");
        assert!(log.contains("articles") && log.contains("tags"), "{log}");
        assert!(!log.contains("secret"), "the stored text stays out of the log: {log}");
    }
}

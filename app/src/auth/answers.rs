//! How server functions' answers travel: JSON, read from text in the
//! browser as the pages' resources read what the server rendered into the
//! page. serde_json builds one reader of a type per kind of input (bytes,
//! text); with both, every answer type the WebAssembly reads would be
//! compiled twice.

use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType, codec::Post};
use serde::{Serialize, de::DeserializeOwned};

/// `application/json`, decoded from text.
pub struct TextJsonEncoding;

impl ContentType for TextJsonEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for TextJsonEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
}

/// The answers of every server function: `#[server(output = TextJson)]`.
pub type TextJson = Post<TextJsonEncoding>;

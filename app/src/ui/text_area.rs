//! Text placed inside a `<textarea>`. On the server, tachys writes a
//! textarea's children without escaping them, so a `</textarea>` in a
//! user's text would end the element and the rest would be markup. The
//! server escapes it here; in the browser children become text nodes and
//! stay as they are.

pub fn textarea_text(text: impl Into<String>) -> String {
    let text = text.into();
    #[cfg(feature = "ssr")]
    let text = crate::markdown::escape_html(&text);
    text
}

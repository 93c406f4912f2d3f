//! The bodies of the fuzz targets (`fuzz/fuzz_targets`): each parser that
//! reads outside input, driven with one input and checked for what must
//! hold whatever the input. Plain functions, so that the test suite replays
//! the targets' saved inputs (and mutations of them) without the
//! instrumented build cargo-fuzz needs; `scripts/fuzz.sh` runs them under
//! libFuzzer for longer, coverage-guided sessions.

use axum::{
    body::Body,
    extract::{FromRequest, Multipart, Request},
    http::header::CONTENT_TYPE,
};

use crate::form::{FormLimits, read_text_parts};

/// A fuzz target: one input, in any bytes.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name, as `fuzz/` names their folders.
pub const TARGETS: [(&str, Target); 4] = [
    ("case_form", case_form),
    ("front_matter", |data| with_text(data, front_matter)),
    ("markdown", |data| with_text(data, markdown)),
    ("search_query", |data| with_text(data, search_query)),
];

/// As libFuzzer's `&str` targets: input that is not UTF-8 is skipped.
fn with_text(data: &[u8], target: fn(&str)) {
    if let Ok(text) = std::str::from_utf8(data) {
        target(text);
    }
}

/// The case form as browsers post it: a multipart body, read by the form
/// reader the case form uses (its text parts, with the form's limits), and
/// the case JSON of the API.
pub fn case_form(data: &[u8]) {
    let _ = serde_json::from_slice::<app::cases::NewCase>(data);
    let Ok(request) = Request::builder()
        .header(CONTENT_TYPE, "multipart/form-data; boundary=selfdesk-fuzz")
        .body(Body::from(data.to_vec()))
    else {
        return;
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else { return };
    runtime.block_on(async {
        if let Ok(multipart) = Multipart::from_request(request, &()).await {
            let _fields = read_text_parts(multipart, FormLimits::CASE_FORM).await;
        }
    });
}

/// Article files as an import reads them: front matter (YAML or TOML) and
/// the fields derived from it.
pub fn front_matter(source: &str) {
    if let Ok(document) = app::kb::server::import::front_matter::parse(source) {
        for value in [&document.front.updated].into_iter().flatten() {
            app::kb::server::import::date_ms(value);
        }
        assert!(document.body.len() <= source.len());
    }
}

/// What readers type into search: parsing is total, whatever was typed
/// gives some query, never a panic.
pub fn search_query(query: &str) {
    let parsed = app::kb::search::parse(query);
    let _ = format!("{parsed:?}");
}

/// Article Markdown as writers and imports provide it: rendered and
/// sanitised; no script, event handler or `javascript:` link may come out.
pub fn markdown(markdown: &str) {
    let rendered = app::markdown::render(markdown, &app::markdown::SiteLinks);
    for tag in tags(&rendered.html) {
        let tag = tag.to_ascii_lowercase();
        assert!(!tag.starts_with("<script"), "a script survived sanitising: {tag}");
        for attribute in [" href=\"javascript:", " src=\"javascript:", " on"] {
            // ` on` is an event handler only as an attribute name.
            let found = tag
                .match_indices(attribute)
                .any(|(at, _)| attribute != " on" || !inside_quotes(&tag[..at]));
            assert!(!found, "`{attribute}` survived sanitising: {tag}");
        }
    }
}

/// The tags of serialised HTML. Text nodes have `<` escaped, so every `<`
/// opens a tag; a `>` inside a quoted attribute value does not close it.
/// Quoted values are kept, so prose that mentions `javascript:` does not count.
fn tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (at, character) in html.char_indices() {
        match (start, character) {
            (None, '<') => start = Some(at),
            (Some(_), '"') => quoted = !quoted,
            (Some(from), '>') if !quoted => {
                tags.push(&html[from..=at]);
                start = None;
            }
            _ => {}
        }
    }
    tags
}

fn inside_quotes(before: &str) -> bool {
    before.matches('"').count() % 2 == 1
}

//! Article Markdown as writers and imports provide it: rendered and
//! sanitised; no script, event handler or `javascript:` link may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|markdown: &str| {
    let rendered = app::markdown::render(markdown, &app::markdown::SiteLinks);
    for tag in tags(&rendered.html) {
        let tag = tag.to_ascii_lowercase();
        assert!(!tag.starts_with("<script"), "a script survived sanitising: {tag}");
        for attribute in [" href=\"javascript:", " src=\"javascript:", " on"] {
            // ` on` is an event handler only as an attribute name.
            let found = tag.match_indices(attribute).any(|(at, _)| {
                attribute != " on" || !inside_quotes(&tag[..at])
            });
            assert!(!found, "`{attribute}` survived sanitising: {tag}");
        }
    }
});

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

//! Article Markdown as writers and imports provide it: rendered and
//! sanitised; no script may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|markdown: &str| {
    let rendered = app::markdown::render(markdown, &app::markdown::SiteLinks);
    let html = rendered.html.to_ascii_lowercase();
    assert!(!html.contains("<script"), "a script survived sanitising: {html}");
    // Prose may mention `javascript:`; a link or source may not use it.
    for attribute in ["href=\"javascript:", "src=\"javascript:"] {
        assert!(!html.contains(attribute), "a script link survived sanitising: {html}");
    }
});

//! The last step of rendering: whatever an article contains, the HTML that
//! leaves here has no script, no event handler, no `javascript:` URL, no
//! inline style but table alignment, and no id or class outside the ones the
//! renderer itself gives.

use std::{borrow::Cow, sync::LazyLock};

use ammonia::Builder;

use super::slug::Anchors;

/// Class names the renderer and the highlighter give.
const CLASS_PREFIXES: [&str; 8] = [
    "hl-",
    "language-",
    "markdown-alert",
    "heading-anchor",
    "footnote-",
    "task-list",
    "missing-image",
    "visually-hidden",
];
const CLASSES: [&str; 1] = ["code"];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .add_tags(["input", "section"])
        .add_tag_attributes("input", ["checked", "disabled"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .add_tag_attributes("a", ["aria-label"])
        .add_tag_attributes("pre", ["aria-label"])
        .add_tag_attribute_values("pre", "tabindex", ["0"])
        .add_tag_attribute_values("pre", "role", ["region"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    for tag in ["h1", "h2", "h3", "h4", "h5", "h6", "div", "li", "section", "sup"] {
        builder.add_tag_attributes(tag, ["id"]);
    }
    for tag in [
        "a",
        "blockquote",
        "code",
        "div",
        "input",
        "li",
        "p",
        "pre",
        "section",
        "span",
        "sup",
        "ul",
        "ol",
    ] {
        builder.add_tag_attributes(tag, ["class"]);
    }
    builder.attribute_filter(|_element, attribute, value| match attribute {
        "id" => value.starts_with(Anchors::PREFIX).then_some(Cow::Borrowed(value)),
        "class" => {
            let kept: Vec<&str> = value
                .split_whitespace()
                .filter(|class| {
                    CLASSES.contains(class) || CLASS_PREFIXES.iter().any(|p| class.starts_with(p))
                })
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        _ => Some(Cow::Borrowed(value)),
    });
    builder
});

pub fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let dirty = r#"<p onclick="steal()">hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)><iframe src="https://evil"></iframe><svg onload=alert(1)></svg>"#;
        let clean = sanitize(dirty);
        for banned in
            ["onclick", "<script", "alert(1)", "javascript:", "onerror", "<iframe", "onload"]
        {
            assert!(!clean.contains(banned), "{banned} survived: {clean}");
        }
        assert!(clean.contains("<p>hi</p>"), "{clean}");
    }

    #[test]
    fn the_renderers_ids_classes_and_checkboxes_stay() {
        let html = r#"<h2 id="s-cause">Cause</h2><pre class="code"><code class="language-rust"><span class="hl-keyword">fn</span></code></pre><ul><li><input type="checkbox" disabled="" checked=""> done</li></ul>"#;
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn foreign_ids_classes_and_styles_are_dropped() {
        let clean = sanitize(
            r#"<div id="main" class="site-header evil">x</div><td style="text-align: center; position: fixed">y</td><input type="text">"#,
        );
        assert!(!clean.contains("id=\"main\""), "{clean}");
        assert!(!clean.contains("site-header"), "{clean}");
        assert!(!clean.contains("position"), "{clean}");
        assert!(!clean.contains("type=\"text\""), "{clean}");
    }

    #[test]
    fn external_links_do_not_leak_the_opener() {
        let clean = sanitize(r#"<a href="https://example.com">x</a>"#);
        assert!(clean.contains(r#"rel="noopener noreferrer""#), "{clean}");
    }
}

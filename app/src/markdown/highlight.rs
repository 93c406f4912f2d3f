//! Syntax highlighting of code blocks, as CSS classes (`hl-keyword`,
//! `hl-string`...) styled by the site's stylesheet, so the HTML carries no
//! inline styles.

use std::sync::LazyLock;

use syntect::{
    html::{ClassStyle, ClassedHTMLGenerator},
    parsing::SyntaxSet,
    util::LinesWithEndings,
};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Longer blocks are shown plain: highlighting them costs more than it helps.
const MAX_HIGHLIGHTED_BYTES: usize = 32 * 1024;

/// Other names authors use for the languages syntect knows.
fn syntax_token(language: &str) -> &str {
    match language {
        "powershell" | "ps1" | "pwsh" | "console" | "shell" | "sh" | "cmd" | "bat" => "bash",
        "yml" => "yaml",
        "jsonc" => "json",
        "csharp" | "c#" => "cs",
        "ts" | "typescript" => "js",
        other => other,
    }
}

/// A code block as HTML: highlighted when the language is known.
pub fn code_block(language: &str, code: &str) -> String {
    let language: String = language
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '_'))
        .collect::<String>()
        .to_ascii_lowercase();
    let class =
        if language.is_empty() { String::new() } else { format!(" class=\"language-{language}\"") };
    let body = highlighted(&language, code).unwrap_or_else(|| escape(code));
    // A wide block scrolls sideways: keyboard users reach it with Tab, and
    // screen readers name what they landed on.
    let name = if language.is_empty() { "Code".to_owned() } else { format!("Code ({language})") };
    format!(
        "<pre class=\"code\" tabindex=\"0\" role=\"region\" aria-label=\"{name}\"><code{class}>{body}</code></pre>\n"
    )
}

fn highlighted(language: &str, code: &str) -> Option<String> {
    if language.is_empty() || code.len() > MAX_HIGHLIGHTED_BYTES {
        return None;
    }
    let syntax = SYNTAXES.find_syntax_by_token(syntax_token(language))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_are_highlighted_with_classes() {
        let html = code_block("rust", "fn main() { let x = \"hi\"; }\n");
        assert!(
            html.starts_with(
                "<pre class=\"code\" tabindex=\"0\" role=\"region\" aria-label=\"Code (rust)\"><code class=\"language-rust\">"
            ),
            "{html}"
        );
        assert!(html.contains("hl-keyword") || html.contains("hl-storage"), "{html}");
        assert!(html.contains("hl-string"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_languages_and_plain_blocks_are_escaped_text() {
        assert_eq!(
            code_block("", "<b>&</b>"),
            "<pre class=\"code\" tabindex=\"0\" role=\"region\" aria-label=\"Code\"><code>&lt;b&gt;&amp;&lt;/b&gt;</code></pre>\n"
        );
        assert!(code_block("nosuchlang", "a < b").contains("a &lt; b"));
    }

    #[test]
    fn a_hostile_language_name_cannot_break_out() {
        let html = code_block("x\"><script>alert(1)</script>", "code");
        assert!(html.contains("class=\"language-x\""), "{html}");
        assert!(!html.contains("<script"));
    }
}

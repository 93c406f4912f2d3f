//! The Content-Security-Policy of every page: scripts only from this site
//! and the page's own inline script (by its nonce, new for every response),
//! WebAssembly allowed to compile, nothing framed, no plugins, forms posted
//! here only. Inline `style` attributes are allowed (the sanitised
//! Markdown keeps table alignment, nothing else); `<style>` elements are not.

use axum::http::{HeaderValue, header};
use leptos::prelude::use_context;

pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Puts the policy with this render's nonce on the page's response.
pub fn set_content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_this_pages_script_and_nothing_inline_else() {
        let policy = content_security_policy("abc123");
        let directive = |name: &str| {
            policy.split(';').map(str::trim).find(|d| d.split(' ').next() == Some(name))
        };
        assert_eq!(
            directive("script-src"),
            Some("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'")
        );
        assert_eq!(directive("frame-ancestors"), Some("frame-ancestors 'none'"));
        assert_eq!(directive("object-src"), Some("object-src 'none'"));
        let unsafe_inline: Vec<_> =
            policy.split(';').map(str::trim).filter(|d| d.contains("'unsafe-inline'")).collect();
        assert_eq!(unsafe_inline, ["style-src-attr 'unsafe-inline'"]);
    }
}

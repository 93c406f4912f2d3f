//! Where a result's snippet is cut from. tantivy's snippet generator
//! analyses every word of the text it is given, stemming included: for ten
//! results a page that cost more than the search itself. It is given a
//! window instead: the stretch of the body where most of the query's
//! (stemmed) words start a word, found by a plain substring scan.

use memchr::memmem;

/// The part of `text` of about `width` bytes holding the most distinct
/// `stems` at the start of a word (the earliest such part on a tie), with a
/// little context before it. The whole text when no stem is found as
/// written (stems that are no prefix of their words, such as `happi`):
/// the generator then finds what it can, as it did before.
pub fn window<'t>(text: &'t str, stems: &[String], width: usize) -> &'t str {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (which, stem) in stems.iter().enumerate() {
        let stem = stem.to_ascii_lowercase();
        if stem.is_empty() {
            continue;
        }
        for at in memmem::find_iter(lower.as_bytes(), stem.as_bytes()) {
            let starts_word = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            if starts_word {
                found.push((at, which));
            }
        }
    }
    if found.is_empty() {
        return text;
    }
    found.sort_unstable();
    let start = densest_start(&found, stems.len(), width);
    let from = word_start(text, floor_boundary(text, start.saturating_sub(CONTEXT_BEFORE)), start);
    let to = word_end(text, floor_boundary(text, (from + width + CONTEXT_BEFORE).min(text.len())));
    &text[from..to]
}

/// `at`, or the start of the next word when `at` falls inside one (never
/// past `limit`, the first word found): an extract starts on a whole word.
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    let inside = text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
    if !inside {
        return at;
    }
    match text[at..limit].find(|c: char| !c.is_alphanumeric()) {
        Some(gap) => at + gap,
        None => limit,
    }
}

/// `at`, or the end of the last whole word before it when `at` falls
/// inside one.
fn word_end(text: &str, at: usize) -> usize {
    let inside = text[at..].chars().next().is_some_and(char::is_alphanumeric)
        && text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
    if !inside {
        return at;
    }
    text[..at].rfind(|c: char| !c.is_alphanumeric()).unwrap_or(at)
}

/// Bytes of text kept before the first word found, so that the extract
/// does not start on the match.
const CONTEXT_BEFORE: usize = 40;

/// The offset where a window of `width` bytes covers the most distinct
/// stems; `found` is sorted by offset.
fn densest_start(found: &[(usize, usize)], stems: usize, width: usize) -> usize {
    let mut in_window = vec![0usize; stems];
    let mut distinct = 0;
    let (mut best, mut best_start) = (0, found[0].0);
    let mut first = 0;
    for &(at, which) in found {
        if in_window[which] == 0 {
            distinct += 1;
        }
        in_window[which] += 1;
        while found[first].0 + width < at {
            let (_, leaving) = found[first];
            in_window[leaving] -= 1;
            if in_window[leaving] == 0 {
                distinct -= 1;
            }
            first += 1;
        }
        if distinct > best {
            best = distinct;
            best_start = found[first].0;
        }
    }
    best_start
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_window_holds_the_densest_cluster_of_the_query_words() {
        let filler = "Unrelated words fill this part of the article. ".repeat(20);
        let text = format!(
            "The tunnel is mentioned once here. {filler}When the VPN tunnel drops, \
             reconnect the tunnel and check the lifetime. {filler}"
        );
        let window = window(&text, &stems(&["vpn", "tunnel", "drop"]), 200);
        assert!(window.contains("When the VPN tunnel drops"), "{window}");
        assert!(window.len() <= 200 + CONTEXT_BEFORE);
    }

    #[test]
    fn stems_count_only_at_the_start_of_a_word() {
        let text =
            format!("{}Reconnect it. {}Connect the agent.", "x ".repeat(200), "y ".repeat(200));
        let window = window(&text, &stems(&["connect"]), 40);
        assert!(window.contains("Connect the agent"), "{window}");
    }

    #[test]
    fn without_any_stem_as_written_the_whole_text_is_used() {
        let text = "She was happy with the answer.";
        assert_eq!(window(text, &stems(&["happi"]), 10), text);
        assert_eq!(window(text, &[], 10), text);
    }

    #[test]
    fn windows_start_and_end_on_whole_words() {
        let text = format!(
            "{}The gateway drops the tunnel every hour.{}",
            "abcdefgh ".repeat(30),
            " ijklmnop".repeat(30)
        );
        for width in [37, 60, 61, 75] {
            let window = window(&text, &stems(&["tunnel"]), width);
            assert!(window.contains("tunnel"), "{window}");
            for word in window.split_whitespace() {
                assert!(text.split_whitespace().any(|w| w == word), "{word:?} in {window:?}");
            }
        }
    }

    #[test]
    fn windows_never_split_a_character() {
        let text = format!("{}é tunnel {}", "é".repeat(100), "ü".repeat(100));
        let window = window(&text, &stems(&["tunnel"]), 31);
        assert!(window.contains("tunnel"));
    }
}

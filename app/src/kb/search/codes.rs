//! Error codes and identifiers as people type them: `0x80070005`,
//! `550 5.7.1`, `DTS_E_OLEDBERROR`, `Event ID 4625`. The usual word tokenizer
//! splits `5.7.1` into three numbers; this one keeps such tokens whole, so
//! a pasted code finds the article that quotes it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Characters a code may contain.
fn in_code(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '/' | '\\' | '#')
}

fn is_code(word: &str) -> bool {
    let has_digit = word.bytes().any(|b| b.is_ascii_digit());
    let has_underscore = word.contains('_');
    let shouting =
        word.len() >= 4 && word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    has_digit || has_underscore || shouting
}

/// The words of `text` as code tokens, lower-cased, with their positions
/// among all words (so two codes side by side stay side by side). With
/// `keep_all`, words that do not look like codes are kept too (for queries:
/// someone may type `econnrefused` in lower case).
pub fn code_tokens(text: &str, keep_all: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut position = 0;
    let mut start = None;
    let flush = |from: usize, to: usize, position: &mut usize, tokens: &mut Vec<Token>| {
        let raw = &text[from..to];
        let trimmed = raw.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if trimmed.is_empty() || trimmed.len() > 60 {
            return;
        }
        if keep_all || is_code(trimmed) {
            let offset = from + raw.find(trimmed).unwrap_or(0);
            tokens.push(Token {
                offset_from: offset,
                offset_to: offset + trimmed.len(),
                position: *position,
                text: trimmed.to_ascii_lowercase(),
                position_length: 1,
            });
        }
        *position += 1;
    };
    for (index, c) in text.char_indices() {
        match (in_code(c), start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                flush(from, index, &mut position, &mut tokens);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        flush(from, text.len(), &mut position, &mut tokens);
    }
    tokens
}

/// Indexing side: only code-like words.
#[derive(Clone, Default)]
pub struct CodeTokenizer;

pub struct CodeTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for CodeTokenizer {
    type TokenStream<'a> = CodeTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CodeTokenStream { tokens: code_tokens(text, false), next: 0 }
    }
}

impl TokenStream for CodeTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, keep_all: bool) -> Vec<(String, usize)> {
        code_tokens(text, keep_all).into_iter().map(|t| (t.text, t.position)).collect()
    }

    #[test]
    fn codes_are_kept_whole_and_words_dropped() {
        assert_eq!(
            texts(
                "Error 0x80070005: access denied (550 5.7.1) DTS_E_OLEDBERROR, see ECONNREFUSED.",
                false
            ),
            vec![
                ("0x80070005".into(), 1),
                ("550".into(), 4),
                ("5.7.1".into(), 5),
                ("dts_e_oledberror".into(), 6),
                ("econnrefused".into(), 8),
            ]
        );
        assert_eq!(texts("Event ID 4625 was logged", false), vec![("4625".into(), 2)]);
    }

    #[test]
    fn queries_keep_every_word() {
        assert_eq!(texts("econnrefused on port", true).len(), 3);
    }

    #[test]
    fn a_stream_yields_each_token_once() {
        let mut tokenizer = CodeTokenizer;
        let mut stream = tokenizer.token_stream("codes 404 and 5.7.1");
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push(stream.token().text.clone());
        }
        assert_eq!(seen, vec!["404", "5.7.1"]);
    }
}

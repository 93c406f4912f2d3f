//! From what a person typed to a tantivy query. Nothing here can fail: a
//! stray quote or a symbol is just another character, so every query
//! searches its words.

use tantivy::{
    Searcher, Term,
    query::{
        BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
        TermQuery,
    },
    schema::{Field, IndexRecordOption},
    tokenizer::TextAnalyzer,
};

use super::{
    codes::code_tokens,
    schema::{self, Fields},
    synonyms::Synonyms,
};

/// The longest query read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Words beyond this many add little and cost time.
const MAX_WORDS: usize = 32;

/// What a person typed, understood.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    pub excluded: Vec<String>,
    /// The last word may be cut short (the person is still typing it).
    pub last_word_is_prefix: bool,
}

pub fn parse(query: &str) -> Parsed {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let mut parsed = Parsed::default();
    let mut rest = query.as_str();
    while let Some(start) = rest.find('"') {
        let (before, after) = rest.split_at(start);
        match after[1..].find('"') {
            Some(end) => {
                push_words(&mut parsed, before);
                let phrase = after[1..=end].trim();
                if !phrase.is_empty() {
                    parsed.phrases.push(phrase.to_owned());
                }
                rest = &after[end + 2..];
            }
            // An unclosed quote is just a character.
            None => break,
        }
    }
    push_words(&mut parsed, &rest.replace('"', " "));
    parsed.words.truncate(MAX_WORDS);
    let ends_in_word = query.chars().last().is_some_and(|c| !c.is_whitespace() && c != '"');
    parsed.last_word_is_prefix =
        ends_in_word && !parsed.words.is_empty() && !query.trim_end().ends_with('"') && {
            let last = query.split_whitespace().last().unwrap_or_default();
            !last.starts_with('-')
        };
    parsed
}

fn push_words(parsed: &mut Parsed, text: &str) {
    for word in text.split_whitespace() {
        match word.strip_prefix('-') {
            Some(excluded) if excluded.chars().any(char::is_alphanumeric) => {
                parsed.excluded.push(excluded.to_owned())
            }
            _ => parsed.words.push(word.to_owned()),
        }
    }
}

/// Field weights: a match in the title counts most.
const TITLE: f32 = 3.0;
const HEADINGS: f32 = 2.0;
const SUMMARY: f32 = 1.5;
const BODY: f32 = 1.0;
const CODES: f32 = 2.5;
const SYNONYM: f32 = 0.7;
const TYPO: f32 = 0.5;
const PREFIX: f32 = 0.4;

pub struct Builder<'a> {
    pub fields: Fields,
    pub searcher: &'a Searcher,
    pub synonyms: &'a Synonyms,
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(term(field, text), IndexRecordOption::WithFreqs))
}

impl Builder<'_> {
    fn text_fields(&self) -> [(Field, f32); 4] {
        [
            (self.fields.title, TITLE),
            (self.fields.headings, HEADINGS),
            (self.fields.summary, SUMMARY),
            (self.fields.body, BODY),
        ]
    }

    /// One stemmed term in every text field, the best field counting most.
    fn in_any_field(&self, token: &str, weight: f32) -> Box<dyn Query> {
        let per_field = self
            .text_fields()
            .into_iter()
            .map(|(field, boost)| boosted(term_query(field, token), boost * weight))
            .collect();
        Box::new(DisjunctionMaxQuery::with_tie_breaker(per_field, 0.2))
    }

    /// Consecutive terms (with their positions) in any text field.
    fn phrase_in_any_field(
        &self,
        tokens: &[(usize, String)],
        slop: u32,
        weight: f32,
    ) -> Box<dyn Query> {
        let per_field = self
            .text_fields()
            .into_iter()
            .map(|(field, boost)| {
                let terms =
                    tokens.iter().map(|(position, text)| (*position, term(field, text))).collect();
                boosted(
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)),
                    boost * weight,
                )
            })
            .collect();
        Box::new(DisjunctionMaxQuery::with_tie_breaker(per_field, 0.2))
    }

    /// The words of `text` through the English analyzer: a term, a phrase, or nothing.
    fn analysed(
        &self,
        english: &mut TextAnalyzer,
        text: &str,
        weight: f32,
    ) -> Option<Box<dyn Query>> {
        let tokens = schema::analyze(english, text);
        match tokens.len() {
            0 => None,
            1 => Some(self.in_any_field(&tokens[0].1, weight)),
            _ => Some(self.phrase_in_any_field(&tokens, 0, weight)),
        }
    }

    /// Everything one typed word may mean: itself, its synonyms, a typo of
    /// a word the index knows, or the start of a longer word.
    fn word(&self, english: &mut TextAnalyzer, word: &str, prefix: bool) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        alternatives.extend(self.analysed(english, word, 1.0));
        for synonym in self.synonyms.of(word.trim_matches(|c: char| !c.is_alphanumeric())) {
            alternatives.extend(self.analysed(english, synonym, SYNONYM));
        }
        let raw = schema::analyze(&mut schema::words(), word);
        if let [(_, raw)] = raw.as_slice() {
            let length = raw.chars().count();
            let known = self.searcher.doc_freq(&term(self.fields.words, raw)).unwrap_or(0) > 0;
            if !known && length >= 5 && !raw.chars().any(|c| c.is_ascii_digit()) {
                let distance = if length >= 8 { 2 } else { 1 };
                let fuzzy = FuzzyTermQuery::new(term(self.fields.words, raw), distance, true);
                alternatives.push(boosted(Box::new(fuzzy), TYPO));
            }
            if prefix && length >= 3 {
                let start = FuzzyTermQuery::new_prefix(term(self.fields.words, raw), 0, false);
                alternatives.push(boosted(Box::new(start), PREFIX));
            }
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(alternatives, 0.1))),
        }
    }

    /// The query for what was typed; `None` when nothing in it can be searched.
    pub fn build(&self, parsed: &Parsed) -> Option<Box<dyn Query>> {
        let mut english = schema::english();
        // A query of stop words only ("how to") searches them after all.
        if parsed.words.iter().all(|w| schema::analyze(&mut english, w).is_empty()) {
            english = schema::english_with_stop_words();
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = parsed.words.len().saturating_sub(1);
        for (index, word) in parsed.words.iter().enumerate() {
            let prefix = parsed.last_word_is_prefix && index == last;
            if let Some(query) = self.word(&mut english, word, prefix) {
                clauses.push((Occur::Should, query));
            }
        }
        // Words near each other, in order, rank higher.
        let free_text = parsed.words.join(" ");
        let tokens = schema::analyze(&mut english, &free_text);
        if tokens.len() >= 2 {
            clauses.push((Occur::Should, self.phrase_in_any_field(&tokens, 3, 1.0)));
        }
        clauses.extend(self.codes(&free_text).into_iter().map(|query| (Occur::Should, query)));
        for phrase in &parsed.phrases {
            let tokens = schema::analyze(&mut english, phrase);
            let query = match tokens.len() {
                0 => continue,
                1 => self.in_any_field(&tokens[0].1, 1.0),
                _ => self.phrase_in_any_field(&tokens, 0, 2.0),
            };
            clauses.push((Occur::Must, query));
            clauses.extend(self.codes(phrase).into_iter().map(|query| (Occur::Should, query)));
        }
        if clauses.is_empty() {
            return None;
        }
        for word in &parsed.excluded {
            for (_, token) in schema::analyze(&mut schema::english(), word) {
                for (field, _) in self.text_fields() {
                    clauses.push((Occur::MustNot, term_query(field, &token)));
                }
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Codes typed as they appear: each one, and codes side by side as a phrase.
    fn codes(&self, text: &str) -> Vec<Box<dyn Query>> {
        let tokens = code_tokens(text, true);
        let mut queries: Vec<Box<dyn Query>> = tokens
            .iter()
            .map(|token| boosted(term_query(self.fields.codes, &token.text), CODES))
            .collect();
        let looks_like_code = |text: &str| text.bytes().any(|b| b.is_ascii_digit() || b == b'_');
        for pair in tokens.windows(2) {
            if pair[1].position == pair[0].position + 1
                && looks_like_code(&pair[0].text)
                && looks_like_code(&pair[1].text)
            {
                let terms = vec![
                    term(self.fields.codes, &pair[0].text),
                    term(self.fields.codes, &pair[1].text),
                ];
                queries.push(boosted(Box::new(PhraseQuery::new(terms)), CODES));
            }
        }
        queries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_exclusions_and_the_word_being_typed() {
        let parsed = parse(r#"mail "queue stuck" -gmail serv"#);
        assert_eq!(parsed.words, vec!["mail", "serv"]);
        assert_eq!(parsed.phrases, vec!["queue stuck"]);
        assert_eq!(parsed.excluded, vec!["gmail"]);
        assert!(parsed.last_word_is_prefix);
        assert!(!parse("mail server ").last_word_is_prefix);
        assert!(!parse(r#"mail "queue stuck""#).last_word_is_prefix);
    }

    #[test]
    fn unbalanced_quotes_and_symbols_are_just_text() {
        let parsed = parse(r#"error "550 5.7.1 (AND) OR: title:foo -"#);
        assert_eq!(parsed.words, vec!["error", "550", "5.7.1", "(AND)", "OR:", "title:foo", "-"]);
        assert!(parsed.phrases.is_empty());
        assert!(parsed.excluded.is_empty());
    }

    #[test]
    fn very_long_queries_are_cut() {
        let parsed = parse(&"word ".repeat(1000));
        assert_eq!(parsed.words.len(), MAX_WORDS);
    }
}

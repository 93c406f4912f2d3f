//! From what a person typed to a tantivy query. Nothing here can fail: a
//! stray quote or a symbol is just another character, so every query
//! searches its words.

use tantivy::{
    Searcher, Term,
    query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, TermQuery},
    schema::{Field, IndexRecordOption},
    tokenizer::TextAnalyzer,
};

use super::{
    codes::code_tokens,
    expand,
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

const CODES: f32 = 2.5;
/// Codes shorter than this (in letters and digits) are searched as words only.
const MIN_CODE_CHARS: usize = 3;
/// Query words side by side that stand within one word of each other.
const NEIGHBOURS: f32 = 1.0;
const NEIGHBOUR_SLOP: u32 = 1;
/// All the query's words together, a few words apart at most.
const ALL_TOGETHER: f32 = 1.0;
const ALL_TOGETHER_SLOP: u32 = 3;
const TITLE_BONUS: f32 = 0.5;
/// Very common words are not dropped, only weighed down to this at least.
const COMMON_WORD_FLOOR: f32 = 0.05;
const SYNONYM: f32 = 0.7;
const CORRECTION: f32 = 0.8;
const COMPLETION: f32 = 0.8;
/// The most frequent completions of a word being typed that are searched.
const COMPLETIONS: usize = 8;
/// The most frequent near spellings of an unknown word that are searched.
const CORRECTIONS: usize = 3;
/// Unknown words shorter than this are not corrected (too many near words).
const MIN_CORRECTED_CHARS: usize = 5;
/// Words from this long may be two edits off.
const TWO_EDITS_FROM_CHARS: usize = 8;

/// A query in two parts: what decides which articles match, with most of
/// their score, and the bonuses for query words standing side by side.
/// The bonuses are phrase matches, costly to check in every matching
/// article, and only ever reorder the best: they are added to the best
/// articles by the first part alone (see `rank`).
pub struct Built {
    pub matching: Box<dyn Query>,
    pub proximity: Vec<Box<dyn Query>>,
}

pub struct Builder<'a> {
    pub fields: Fields,
    pub searcher: &'a Searcher,
    pub synonyms: &'a Synonyms,
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 { query } else { Box::new(BoostQuery::new(query, boost)) }
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(term(field, text), IndexRecordOption::WithFreqs))
}

/// One meaning of a typed word: an analysed term or phrase, and its weight.
struct Alternative {
    tokens: Vec<(usize, String)>,
    weight: f32,
}

impl Builder<'_> {
    /// Consecutive terms (with their positions) in the article's text.
    fn phrase(&self, tokens: &[(usize, String)], slop: u32, weight: f32) -> Box<dyn Query> {
        let terms = tokens
            .iter()
            .map(|(position, text)| (*position, term(self.fields.text, text)))
            .collect();
        boosted(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)), weight)
    }

    /// Scales tantivy's idf, ln(1 + (N - n + 0.5) / (n + 0.5)), to the
    /// classic one, ln((N - n + 0.5) / (n + 0.5)): the same for rare words,
    /// near nothing for words in half the articles or more, so that the
    /// common words of a sentence do not outweigh its telling ones.
    fn commonness(&self, token: &str) -> f32 {
        let articles = self.searcher.num_docs() as f32;
        let with_word = self.searcher.doc_freq(&term(self.fields.text, token)).unwrap_or(0) as f32;
        let odds = (articles - with_word + 0.5) / (with_word + 0.5);
        (odds.ln() / odds.ln_1p()).clamp(COMMON_WORD_FLOOR, 1.0)
    }

    fn alternative_query(&self, alternative: &Alternative) -> Box<dyn Query> {
        match alternative.tokens.as_slice() {
            [(_, token)] => boosted(
                term_query(self.fields.text, token),
                alternative.weight * self.commonness(token),
            ),
            tokens => self.phrase(tokens, 0, alternative.weight),
        }
    }

    /// Everything one typed word may mean: itself, its synonyms, the words
    /// it is near to when the index does not know it, or the words it
    /// starts when it is still being typed.
    fn word(&self, english: &mut TextAnalyzer, word: &str, prefix: bool) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<Alternative> = Vec::new();
        let mut add = |text: &str, weight: f32, english: &mut TextAnalyzer| {
            let tokens = schema::analyze(english, text);
            if tokens.is_empty() {
                return;
            }
            match alternatives.iter_mut().find(|a| a.tokens == tokens) {
                Some(same) => same.weight = same.weight.max(weight),
                None => alternatives.push(Alternative { tokens, weight }),
            }
        };
        add(word, 1.0, english);
        for synonym in self.synonyms.of(word.trim_matches(|c: char| !c.is_alphanumeric())) {
            add(synonym, SYNONYM, english);
        }
        let raw = schema::analyze(&mut schema::words(), word);
        if let [(_, raw)] = raw.as_slice() {
            let length = raw.chars().count();
            let known = self.searcher.doc_freq(&term(self.fields.words, raw)).unwrap_or(0) > 0;
            if !known && length >= MIN_CORRECTED_CHARS && !raw.chars().any(|c| c.is_ascii_digit()) {
                let words = self.fields.words;
                let mut near = expand::corrections(self.searcher, words, raw, 1, CORRECTIONS);
                if near.is_empty() && length >= TWO_EDITS_FROM_CHARS {
                    near = expand::corrections(self.searcher, words, raw, 2, CORRECTIONS);
                }
                for correction in near {
                    add(&correction.word, CORRECTION, english);
                }
            }
            if prefix && length >= 3 {
                let completions =
                    expand::completions(self.searcher, self.fields.words, raw, COMPLETIONS);
                let most = completions.first().map_or(1, |c| c.articles.max(1)) as f32;
                for completion in completions {
                    // The likelier completions (used in more articles) weigh more.
                    let weight = COMPLETION * (completion.articles as f32 / most).sqrt();
                    add(&completion.word, weight, english);
                }
            }
        }
        let mut queries: Vec<Box<dyn Query>> =
            alternatives.iter().map(|a| self.alternative_query(a)).collect();
        match queries.len() {
            0 => None,
            1 => queries.pop(),
            _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(queries, 0.1))),
        }
    }

    /// The query for what was typed; `None` when nothing in it can be searched.
    pub fn build(&self, parsed: &Parsed) -> Option<Built> {
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
        let free_text = parsed.words.join(" ");
        let tokens = schema::analyze(&mut english, &free_text);
        // Words typed side by side that stand side by side in the article
        // (a word apart at most) rank it higher.
        let mut proximity: Vec<Box<dyn Query>> =
            tokens.windows(2).map(|pair| self.phrase(pair, NEIGHBOUR_SLOP, NEIGHBOURS)).collect();
        if tokens.len() >= 2 {
            proximity.push(self.phrase(&tokens, ALL_TOGETHER_SLOP, ALL_TOGETHER));
        }
        // The title says what an article is about: its words earn a bonus.
        if !tokens.is_empty() {
            let in_title = tokens
                .iter()
                .map(|(_, token)| (Occur::Should, term_query(self.fields.title, token)))
                .collect();
            clauses
                .push((Occur::Should, boosted(Box::new(BooleanQuery::new(in_title)), TITLE_BONUS)));
        }
        clauses.extend(self.codes(&free_text).into_iter().map(|query| (Occur::Should, query)));
        for phrase in &parsed.phrases {
            let tokens = schema::analyze(&mut english, phrase);
            let query = match tokens.len() {
                0 => continue,
                1 => term_query(self.fields.text, &tokens[0].1),
                _ => self.phrase(&tokens, 0, 2.0),
            };
            clauses.push((Occur::Must, query));
            clauses.extend(self.codes(phrase).into_iter().map(|query| (Occur::Should, query)));
        }
        if clauses.is_empty() {
            return None;
        }
        for word in &parsed.excluded {
            for (_, token) in schema::analyze(&mut schema::english(), word) {
                clauses.push((Occur::MustNot, term_query(self.fields.text, &token)));
            }
        }
        Some(Built { matching: Box::new(BooleanQuery::new(clauses)), proximity })
    }

    /// Codes typed as they appear: each one, and codes side by side as a phrase.
    fn codes(&self, text: &str) -> Vec<Box<dyn Query>> {
        let tokens = code_tokens(text, true);
        // A word of letters alone is searched well enough as a word, and so
        // is a short number (`1-3`); in the codes field, where few words
        // are, they would weigh far too much.
        let mut queries: Vec<Box<dyn Query>> = tokens
            .iter()
            .filter(|token| {
                let letters_only = token.text.bytes().all(|b| b.is_ascii_alphabetic());
                let alphanumerics = token.text.bytes().filter(u8::is_ascii_alphanumeric).count();
                !letters_only && alphanumerics >= MIN_CODE_CHARS
            })
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

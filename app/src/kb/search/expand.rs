//! The words of the index a typed word may stand for: the completions of a
//! word still being typed, and the spellings near a misspelt one. Each
//! expansion is then searched as a real term, so it is ranked like one
//! (tantivy's own prefix and fuzzy queries give every match the same score).

use std::collections::HashMap;

use tantivy::{Searcher, Term, query::FuzzyTermQuery, schema::Field};

/// Prefixes match at most this many dictionary entries per segment; a
/// short prefix of a big vocabulary stops there.
const MAX_SCANNED: usize = 4_000;

/// A word of the index and the number of articles it appears in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    pub word: String,
    pub articles: u64,
}

/// Adds up per-segment counts and keeps the `limit` most frequent words.
fn most_frequent(counts: HashMap<Vec<u8>, u64>, limit: usize) -> Vec<Expansion> {
    let mut words: Vec<Expansion> = counts
        .into_iter()
        .filter_map(|(key, articles)| {
            String::from_utf8(key).ok().map(|word| Expansion { word, articles })
        })
        .collect();
    words.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.word.cmp(&b.word)));
    words.truncate(limit);
    words
}

/// Words of `field` starting with `prefix`, the most frequent first.
pub fn completions(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
) -> Vec<Expansion> {
    let mut upper = prefix.as_bytes().to_vec();
    upper.push(u8::MAX);
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let Ok(mut stream) = inverted.terms().range().ge(prefix).lt(&upper).into_stream() else {
            continue;
        };
        let mut scanned = 0;
        while scanned < MAX_SCANNED && stream.advance() {
            scanned += 1;
            *counts.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    most_frequent(counts, limit)
}

/// Words of `field` within `distance` edits of `word` (a swap of two
/// neighbours counts as one), the most frequent first.
pub fn corrections(
    searcher: &Searcher,
    field: Field,
    word: &str,
    distance: u8,
    limit: usize,
) -> Vec<Expansion> {
    let query = FuzzyTermQuery::new(Term::from_field_text(field, word), distance, true);
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let (Ok(inverted), Ok(automaton)) = (segment.inverted_index(field), query.automaton())
        else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else { continue };
        while stream.advance() {
            *counts.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    counts.remove(word.as_bytes());
    most_frequent(counts, limit)
}

#[cfg(test)]
mod tests {
    use tantivy::{
        Index, IndexWriter, TantivyDocument,
        schema::{Schema, TEXT},
    };

    use super::*;

    fn searcher_over(texts: &[&str]) -> (Searcher, Field) {
        let mut builder = Schema::builder();
        let field = builder.add_text_field("words", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        for text in texts {
            let mut document = TantivyDocument::default();
            document.add_text(field, text);
            writer.add_document(document).expect("add");
        }
        writer.commit().expect("commit");
        (index.reader().expect("reader").searcher(), field)
    }

    fn words(expansions: &[Expansion]) -> Vec<&str> {
        expansions.iter().map(|e| e.word.as_str()).collect()
    }

    #[test]
    fn completions_are_the_words_that_start_so_most_frequent_first() {
        let (searcher, field) = searcher_over(&[
            "certificate expired",
            "certificate renewal",
            "certify the installer",
            "cert store",
            "central console",
        ]);
        let found = completions(&searcher, field, "cert", 10);
        assert_eq!(words(&found), vec!["certificate", "cert", "certify"]);
        assert_eq!(found[0].articles, 2);
        assert_eq!(words(&completions(&searcher, field, "cert", 1)), vec!["certificate"]);
        assert!(completions(&searcher, field, "xyz", 10).is_empty());
    }

    #[test]
    fn corrections_are_near_spellings_not_the_word_itself() {
        let (searcher, field) = searcher_over(&[
            "certificate expired",
            "certificate renewed",
            "certificates renewed",
            "a certified installer",
        ]);
        let found = corrections(&searcher, field, "certifcate", 1, 10);
        assert_eq!(words(&found), vec!["certificate"]);
        let found = corrections(&searcher, field, "certifcate", 2, 10);
        assert_eq!(words(&found), vec!["certificate", "certificates"]);
        let near_a_known_word = corrections(&searcher, field, "certificate", 1, 10);
        assert_eq!(words(&near_a_known_word), vec!["certificates"]);
    }
}

//! The index's fields and the analyzers that fill them.

use tantivy::{
    Index,
    schema::{
        FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
        TextFieldIndexing, TextOptions,
    },
    tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
        StopWordFilter, TextAnalyzer,
    },
};

use super::codes::CodeTokenizer;

/// Stemmed English without stop words: title, headings, summary, body.
pub const ENGLISH: &str = "selfdesk_en";
/// Lower-cased words as written: the field typos and prefixes are matched against.
pub const WORDS: &str = "selfdesk_words";
/// Error codes and identifiers kept whole.
pub const CODES: &str = "selfdesk_codes";

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub slug: Field,
    pub title: Field,
    pub headings: Field,
    pub summary: Field,
    pub body: Field,
    pub words: Field,
    pub codes: Field,
    pub facets: Field,
    pub audience: Field,
    pub case_type: Field,
    pub updated: Field,
}

fn text(analyzer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record),
    );
    if stored { options.set_stored() } else { options }
}

pub fn schema() -> (Schema, Fields) {
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | STORED | FAST),
        slug: builder.add_text_field("slug", STRING | STORED),
        title: builder.add_text_field("title", text(ENGLISH, positions, true)),
        headings: builder.add_text_field("headings", text(ENGLISH, positions, false)),
        summary: builder.add_text_field("summary", text(ENGLISH, positions, true)),
        body: builder.add_text_field("body", text(ENGLISH, positions, true)),
        // No positions: only single words (typos, prefixes) are looked up here.
        words: builder.add_text_field("words", text(WORDS, IndexRecordOption::WithFreqs, false)),
        codes: builder.add_text_field("codes", text(CODES, positions, false)),
        facets: builder.add_facet_field("facets", FacetOptions::default().set_stored()),
        audience: builder.add_text_field("audience", STRING),
        case_type: builder.add_text_field("case_type", STRING),
        updated: builder.add_i64_field("updated", STORED | FAST),
    };
    (builder.build(), fields)
}

pub fn english() -> TextAnalyzer {
    let stop_words = StopWordFilter::new(Language::English)
        .unwrap_or_else(|| StopWordFilter::remove(Vec::new()));
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_words)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The English analyzer keeping stop words, for queries made only of them.
pub fn english_with_stop_words() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub fn words() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(ENGLISH, english());
    tokenizers.register(WORDS, words());
    tokenizers.register(CODES, TextAnalyzer::builder(CodeTokenizer).build());
}

/// The terms `text` becomes through `analyzer`, with their positions.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push((token.position, token.text.clone()));
    }
    tokens
}

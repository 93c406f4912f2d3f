//! The index's fields and the analyzers that fill them.

use tantivy::{
    Index,
    schema::{
        FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
        TextOptions,
    },
    tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
        StopWordFilter, TextAnalyzer,
    },
};

use super::codes::CodeTokenizer;
use crate::kb::Facet;

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
    /// Also searched on its own: a word of the title earns a bonus.
    pub title: Field,
    pub summary: Field,
    /// The start of the body, stored for snippets; indexed only so that
    /// highlighting knows its analyzer.
    pub body: Field,
    /// Everything searchable, weighted by repetition (see [`FIELD_WEIGHTS`]):
    /// the one field queries score against.
    pub text: Field,
    pub words: Field,
    pub codes: Field,
    /// Facets: fast string fields, filtered on as terms and counted by `facets`.
    pub product: Field,
    pub category: Field,
    pub tag: Field,
    /// Who may read it: the terms of `kb::readers::document_terms`.
    pub readers: Field,
    pub case_type: Field,
    pub updated: Field,
}

/// How many times each part of an article goes into the `text` field. A
/// word in the title then counts six times within one length-normalised
/// score (as BM25F does), instead of each part being scored on its own,
/// where a short title would outweigh everything else.
pub const FIELD_WEIGHTS: [(Part, usize); 4] =
    [(Part::Title, 6), (Part::Headings, 3), (Part::Summary, 2), (Part::Body, 1)];

impl Fields {
    /// The field a facet is filtered on and counted in.
    pub fn facet(&self, facet: Facet) -> Field {
        match facet {
            Facet::Product => self.product,
            Facet::Category => self.category,
            Facet::Tag => self.tag,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Title,
    Headings,
    Summary,
    Body,
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
        summary: builder.add_text_field("summary", STORED),
        body: builder.add_text_field("body", text(ENGLISH, IndexRecordOption::Basic, true)),
        text: builder.add_text_field("text", text(ENGLISH, positions, false)),
        // No positions: only single words (typos, prefixes) are looked up here.
        words: builder.add_text_field("words", text(WORDS, IndexRecordOption::WithFreqs, false)),
        codes: builder.add_text_field("codes", text(CODES, positions, false)),
        // Named by their facet: fast fields are read by name.
        product: builder.add_text_field(Facet::Product.as_str(), STRING | FAST | STORED),
        category: builder.add_text_field(Facet::Category.as_str(), STRING | FAST | STORED),
        tag: builder.add_text_field(Facet::Tag.as_str(), STRING | FAST),
        readers: builder.add_text_field("readers", STRING),
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

//! Facet counts (products, categories, tags) for every article a search
//! matches. Each value is a term of a fast string field: a segment counts
//! by term number in a plain array, and only the values worth showing are
//! looked up by name. (tantivy's facet collector reads its whole facet
//! dictionary on every search, which a corpus with tens of thousands of
//! distinct tags turns into half a second.)

use std::collections::HashMap;

use tantivy::{
    DocId, Score, SegmentOrdinal, SegmentReader,
    collector::{Collector, SegmentCollector},
    columnar::StrColumn,
};

/// The values of one fast field a page shows, and how many of them.
#[derive(Clone, Copy, Debug)]
pub struct Wanted {
    pub field: &'static str,
    pub limit: usize,
}

/// A segment keeps exact counts for every value when it holds no more
/// than this many distinct ones, and otherwise its most frequent
/// `limit × OVERSAMPLE` (then counts of rare values may fall short).
const EXACT_UP_TO: usize = 2_000;
const OVERSAMPLE: usize = 5;

pub struct TermCounts {
    pub wanted: Vec<Wanted>,
}

/// Per field, its values and their counts, most frequent first.
pub type Counts = Vec<Vec<(String, u64)>>;

pub struct SegmentTermCounts {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
    wanted: Vec<Wanted>,
}

impl Collector for TermCounts {
    type Fruit = Counts;
    type Child = SegmentTermCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTermCounts> {
        let mut columns = Vec::new();
        let mut counts = Vec::new();
        for wanted in &self.wanted {
            let column = reader.fast_fields().str(wanted.field)?;
            counts.push(vec![0; column.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(column);
        }
        Ok(SegmentTermCounts { columns, counts, wanted: self.wanted.clone() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.wanted.len()];
        for segment in segments {
            for (field, values) in segment.into_iter().enumerate() {
                for (value, count) in values {
                    *merged[field].entry(value).or_default() += count;
                }
            }
        }
        Ok(merged
            .into_iter()
            .zip(&self.wanted)
            .map(|(values, wanted)| most_frequent(values.into_iter().collect(), wanted.limit))
            .collect())
    }
}

impl SegmentCollector for SegmentTermCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter().zip(&mut self.counts) {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut fruit = Vec::new();
        for ((column, counts), wanted) in self.columns.iter().zip(self.counts).zip(&self.wanted) {
            let Some(column) = column else {
                fruit.push(Vec::new());
                continue;
            };
            let mut present: Vec<(u64, u64)> = counts
                .iter()
                .enumerate()
                .filter(|(_, count)| **count > 0)
                .map(|(ord, count)| (ord as u64, u64::from(*count)))
                .collect();
            if present.len() > EXACT_UP_TO {
                present.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                present.truncate(wanted.limit * OVERSAMPLE);
            }
            let mut name = String::new();
            let mut values = Vec::with_capacity(present.len());
            for (ord, count) in present {
                if matches!(column.ord_to_str(ord, &mut name), Ok(true)) {
                    values.push((name.clone(), count));
                }
            }
            fruit.push(values);
        }
        fruit
    }
}

/// The `limit` most frequent values, ties by name.
fn most_frequent(mut values: Vec<(String, u64)>, limit: usize) -> Vec<(String, u64)> {
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values.truncate(limit);
    values
}

#[cfg(test)]
mod tests {
    use tantivy::{
        Index, IndexWriter, TantivyDocument,
        query::AllQuery,
        schema::{FAST, STRING, Schema},
    };

    use super::*;

    #[test]
    fn counts_every_value_of_the_matching_articles_across_segments() {
        let mut builder = Schema::builder();
        let tag = builder.add_text_field("tag", STRING | FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
        // Two commits: two segments, whose counts must add up.
        for batch in [&[&["smtp", "queue"][..], &["smtp"]][..], &[&["smtp", "tls"], &[]]] {
            for tags in batch {
                let mut document = TantivyDocument::default();
                for value in *tags {
                    document.add_text(tag, value);
                }
                writer.add_document(document).expect("add");
            }
            writer.commit().expect("commit");
        }
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let collector = TermCounts { wanted: vec![Wanted { field: "tag", limit: 2 }] };
        let counts = searcher.search(&AllQuery, &collector).expect("search");
        assert_eq!(counts, vec![vec![("smtp".to_owned(), 3), ("queue".to_owned(), 1)]]);
    }
}

//! The second step of ranking: the proximity bonuses (query words side by
//! side in the article) added to the best articles of the first step. A
//! phrase is checked against the positions of its words, which for a long
//! question of common words meant most of the articles; checked on a few
//! hundred candidates, each score is exactly what one pass over every
//! article would have given them.

use std::collections::BTreeMap;

use tantivy::{
    DocAddress, DocId, DocSet, Searcher, SeekDangerResult,
    query::{EnableScoring, Query, Scorer},
};

use crate::infra::error::ServerError;

/// Candidates the bonuses are added to, beyond the page asked for.
pub const CANDIDATES: usize = 1_000;

/// Adds each proximity query's score to the candidates it matches and
/// sorts them best first (ties: in index order, as the first step does).
pub fn rerank(
    searcher: &Searcher,
    proximity: &[Box<dyn Query>],
    mut candidates: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>, ServerError> {
    if proximity.is_empty() || candidates.is_empty() {
        return Ok(candidates);
    }
    let mut by_segment: BTreeMap<u32, Vec<(DocId, usize)>> = BTreeMap::new();
    for (position, (_, address)) in candidates.iter().enumerate() {
        by_segment.entry(address.segment_ord).or_default().push((address.doc_id, position));
    }
    for query in proximity {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        for (segment, docs) in by_segment.iter_mut() {
            docs.sort_unstable();
            let reader = searcher.segment_reader(*segment);
            // `seek_danger` checks the phrase at each candidate only, where
            // `seek` would go on to the next article that has it. A miss
            // says below which article there is no other match: candidates
            // before it are passed over, as its contract asks.
            let mut scorer: Option<Box<dyn Scorer>> = None;
            let mut no_match_below: DocId = 0;
            for &(doc, position) in docs.iter() {
                if doc < no_match_below {
                    continue;
                }
                let found = match scorer.as_mut() {
                    Some(scorer) => scorer.seek_danger(doc),
                    None => {
                        let (found, first) = weight.scorer_danger(reader, doc, 1.0)?;
                        scorer = Some(first);
                        found
                    }
                };
                match (found, scorer.as_mut()) {
                    (SeekDangerResult::Found, Some(scorer)) => {
                        candidates[position].0 += scorer.score();
                        no_match_below = doc + 1;
                    }
                    (SeekDangerResult::SeekLowerBound(bound), _) => no_match_below = bound,
                    (SeekDangerResult::Found, None) => {}
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(candidates)
}

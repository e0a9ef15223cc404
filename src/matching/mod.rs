//! Matching: from a question to a [`Response`](crate::Response).
//!
//! 1. the question goes through the same [`Analyzer`](crate::Analyzer) as the corpus;
//! 2. `lookup` resolves each word: exact → synonym → reading → compound parts → fuzzy
//!    (with kana runs re-segmented against the corpus's readings);
//! 3. postings give the phrasings that share a resolved word; the best of them are scored
//!    in `scoring` (coverage both ways, idf weights, string similarity);
//! 4. entries are ranked by their best phrasing and the [`Thresholds`] decide between
//!    answer, ambiguous and no match.

mod fuzzy;
mod kana;
mod lookup;
mod scoring;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use fuzzy::typo_budget;

use crate::analysis::Analyzer;
use crate::index::Index;
use crate::response::{Decision, Match, Response};

/// Longest question analysed, in characters (after normalization). Longer input is cut
/// there, which bounds the work one question can cause.
pub const MAX_QUERY_CHARS: usize = 256;

/// How many of the best-scoring phrasings (by posting overlap) are scored in full.
const RESCORED_DOCS: usize = 64;

/// Candidates below this confidence are never returned.
const MIN_CANDIDATE_CONFIDENCE: f32 = 0.05;

/// Where the decision between answer, ambiguous and no match falls.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Least confidence for [`Decision::Answer`].
    pub answer: f32,
    /// Least lead of the best entry over the second for [`Decision::Answer`]; a closer
    /// race is [`Decision::Ambiguous`].
    pub margin: f32,
    /// Least confidence for [`Decision::Ambiguous`]; below it the decision is
    /// [`Decision::NoMatch`].
    pub suggest: f32,
}

impl Default for Thresholds {
    /// Tuned on the sample corpus's labelled queries (see `tests/quality.rs`).
    fn default() -> Self {
        Thresholds {
            answer: 0.55,
            margin: 0.08,
            suggest: 0.35,
        }
    }
}

/// Per-question options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AskOptions<'a> {
    /// Most candidates to return.
    pub limit: usize,
    /// Only consider entries of this category.
    pub category: Option<&'a str>,
}

impl Default for AskOptions<'_> {
    fn default() -> Self {
        AskOptions {
            limit: 5,
            category: None,
        }
    }
}

/// Answers `query` from `index`.
pub(crate) fn ask<'e>(
    analyzer: &Analyzer,
    index: &'e Index,
    max_idf: f32,
    thresholds: &Thresholds,
    query: &str,
    options: &AskOptions<'_>,
) -> Response<'e> {
    let analysis = analyzer.analyze(query, MAX_QUERY_CHARS);
    let words = lookup::resolve(analyzer, index, &analysis);
    let mut response = Response {
        query: analysis.normalized,
        decision: Decision::NoMatch,
        candidates: Vec::new(),
    };
    if options.limit == 0 || !words.iter().any(|word| !word.candidates.is_empty()) {
        return response;
    }
    let weights = scoring::word_weights(index, &words, max_idf);

    // Phrasings sharing a resolved word, ranked by the weight they share.
    let mut overlap: HashMap<u32, f32> = HashMap::new();
    for (word, weight) in words.iter().zip(&weights) {
        for candidate in &word.candidates {
            for &doc in index.postings(candidate.term) {
                *overlap.entry(doc).or_default() += weight * candidate.quality;
            }
        }
    }
    let mut docs: Vec<(u32, f32)> = overlap
        .into_iter()
        .filter(|&(doc, _)| in_category(index, doc, options.category))
        .collect();
    docs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    docs.truncate(RESCORED_DOCS);

    // Each entry is as good as its best phrasing.
    let mut best: HashMap<u32, scoring::DocScore> = HashMap::new();
    for (doc, _) in docs {
        let (confidence, _) =
            scoring::score_doc(index, &response.query, &words, &weights, doc, false);
        let entry = index.data.docs[doc as usize].entry;
        let slot = best
            .entry(entry)
            .or_insert(scoring::DocScore { doc, confidence });
        if confidence > slot.confidence {
            *slot = scoring::DocScore { doc, confidence };
        }
    }
    let mut ranked: Vec<(u32, scoring::DocScore)> = best
        .into_iter()
        .filter(|(_, score)| score.confidence >= MIN_CANDIDATE_CONFIDENCE)
        .collect();
    ranked.sort_by(|a, b| {
        b.1.confidence
            .total_cmp(&a.1.confidence)
            .then(a.0.cmp(&b.0))
    });
    ranked.truncate(options.limit);

    response.decision = decide(thresholds, &ranked);
    response.candidates = ranked
        .into_iter()
        .map(|(entry, score)| {
            let (_, explanation) =
                scoring::score_doc(index, &response.query, &words, &weights, score.doc, true);
            let stored = &index.data.entries[entry as usize];
            let doc = &index.data.docs[score.doc as usize];
            Match {
                id: &stored.id,
                confidence: score.confidence,
                phrasing: &doc.text,
                answer: &stored.answer,
                category: stored.category.as_deref(),
                explanation: explanation.unwrap_or_default(),
            }
        })
        .collect();
    response
}

fn in_category(index: &Index, doc: u32, category: Option<&str>) -> bool {
    let Some(category) = category else {
        return true;
    };
    let entry = index.data.docs[doc as usize].entry as usize;
    index.data.entries[entry].category.as_deref() == Some(category)
}

fn decide(thresholds: &Thresholds, ranked: &[(u32, scoring::DocScore)]) -> Decision {
    let top = ranked.first().map_or(0.0, |(_, score)| score.confidence);
    let second = ranked.get(1).map_or(0.0, |(_, score)| score.confidence);
    if top >= thresholds.answer && top - second >= thresholds.margin {
        Decision::Answer
    } else if top >= thresholds.suggest {
        Decision::Ambiguous
    } else {
        Decision::NoMatch
    }
}

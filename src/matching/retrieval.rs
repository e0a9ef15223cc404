//! Candidate generation: the phrasings that share resolved words with the question,
//! ranked by the weight they share, before full scoring.
//!
//! Scores accumulate in a dense per-thread array (reset through the list of touched
//! phrasings, so a question costs what it touches, not what the corpus holds). Posting lists
//! are walked shortest first; a very common word (捨てる in a garbage FAQ) only raises
//! phrasings that rarer words already found, unless it is all the question has.

use std::cell::RefCell;

use super::descending;
use super::lookup::QueryWord;
use super::scoring::ANSWER_QUALITY;
use crate::index::Index;

/// Posting lists longer than this are "common" once rarer words have found phrasings.
const COMMON_POSTINGS: usize = 512;

#[derive(Default)]
struct Accumulator {
    scores: Vec<f32>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Accumulator> = RefCell::new(Accumulator::default());
}

/// The `limit` phrasings sharing the most weight with the question, best first, limited
/// to entries for which `keep` holds.
pub(crate) fn top_docs(
    index: &Index,
    words: &[QueryWord],
    weights: &[f32],
    limit: usize,
    keep: impl Fn(u32) -> bool,
) -> Vec<u32> {
    SCRATCH.with_borrow_mut(|scratch| {
        let docs = index.data.docs.len();
        if scratch.scores.len() < docs {
            scratch.scores.resize(docs, 0.0);
        }
        // A word found in an entry's answer only counts as much as scoring will count it.
        // (Vectors sized up front: collecting a filtered iterator would grow them step by
        // step.)
        let candidates: usize = words.iter().map(|word| word.candidates.len()).sum();
        let mut lists: Vec<(&[u32], f32)> = Vec::with_capacity(2 * candidates);
        lists.extend(
            words
                .iter()
                .zip(weights)
                .flat_map(|(word, weight)| {
                    word.candidates.iter().flat_map(move |candidate| {
                        let (phrasing, answer) = index.postings(candidate.term);
                        let gain = weight * candidate.quality;
                        [(phrasing, gain), (answer, gain * ANSWER_QUALITY)]
                    })
                })
                .filter(|(postings, _)| !postings.is_empty()),
        );
        lists.sort_by_key(|(postings, _)| postings.len());

        let Accumulator { scores, touched } = scratch;
        for (postings, gain) in lists {
            if touched.is_empty() || postings.len() <= COMMON_POSTINGS {
                for &doc in postings {
                    let score = &mut scores[doc as usize];
                    if *score == 0.0 {
                        touched.push(doc);
                    }
                    *score += gain;
                }
            } else if touched.len() * 16 < postings.len() {
                for &doc in touched.iter() {
                    if postings.binary_search(&doc).is_ok() {
                        scores[doc as usize] += gain;
                    }
                }
            } else {
                for &doc in postings {
                    let score = &mut scores[doc as usize];
                    if *score > 0.0 {
                        *score += gain;
                    }
                }
            }
        }

        // Equal scores are ordered by entry id, never by position in the corpus file, so
        // that reordering a corpus does not change which phrasings are scored: the key is
        // the score (largest first), then the document's rank.
        let ranks = &index.data.doc_ranks;
        let mut ranked: Vec<u64> = Vec::with_capacity(touched.len());
        ranked.extend(touched.iter().filter(|&&doc| keep(doc)).map(|&doc| {
            u64::from(descending(scores[doc as usize])) << 32 | u64::from(ranks[doc as usize])
        }));
        for &doc in touched.iter() {
            scores[doc as usize] = 0.0;
        }
        touched.clear();

        if ranked.len() > limit {
            ranked.select_nth_unstable(limit);
            ranked.truncate(limit);
        }
        ranked.sort_unstable();
        (ranked.into_iter())
            .map(|key| index.docs_by_rank[(key & u64::from(u32::MAX)) as usize])
            .collect()
    })
}

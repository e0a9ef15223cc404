//! Scoring: how well a phrasing answers the question, as a confidence in [0, 1].
//!
//! For a question's words `q` (weight `w(q)`: the idf of the term it matched, or a small
//! fixed weight for a word the corpus never uses) and a phrasing `d`:
//!
//! - **query coverage** = Σ w(q)·quality(q, d) / Σ w(q): how much of the question the
//!   phrasing explains. A word the corpus never uses ("教えて", "駅") costs little; a word
//!   the corpus uses *elsewhere* costs its full weight, which is evidence for that other entry;
//! - **phrasing coverage** = Σ idf(t)·credit(t) / Σ idf(t) over the phrasing's words `t`:
//!   how much of the phrasing the question asks about (a part of a compound earns part of
//!   the compound's credit);
//! - **similarity**: normalized Levenshtein similarity of the two normalized texts (strsim),
//!   which re-ranks close calls.
//!
//! confidence = (1 − β)·coverageᵅ·phrasingᵞ + β·similarity, with the exponents and β below.
//! An entry's confidence is that of its best phrasing.

use super::lookup::{PART, QueryWord};
use crate::index::{Doc, Index, Role};
use crate::response::{Explanation, TermMatch};

/// Weight of a question noun the corpus never uses, as a share of the largest idf. An
/// unknown noun is usually the topic (パスポート, 離婚届): a question about it is likely
/// one the corpus does not cover, so it weighs nearly as much as a rare known word.
pub(crate) const UNKNOWN_NOUN_SHARE: f32 = 0.45;
/// Weight of an unknown verb or adjective, or of kana no reading explains: mostly the
/// question's frame (困る, 知りたい), so it costs little.
pub(crate) const UNKNOWN_OTHER_SHARE: f32 = 0.15;
const QUERY_EXPONENT: f32 = 0.6;
const PHRASING_EXPONENT: f32 = 0.4;
const SIMILARITY_SHARE: f32 = 0.15;
/// Documents with at most this many terms are scored without allocating.
const STACK_TERMS: usize = 48;

/// A keyword leads to its entry a little less surely than a word of the phrasing.
const KEYWORD_QUALITY: f32 = 0.9;

/// A scored document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocScore {
    pub doc: u32,
    pub confidence: f32,
}

/// Word weights for a resolved question.
pub(crate) fn word_weights(index: &Index, words: &[QueryWord], max_idf: f32) -> Vec<f32> {
    words
        .iter()
        .map(|word| {
            word.candidates
                .iter()
                .map(|candidate| index.data.terms[candidate.term as usize].idf)
                .fold(None, |best: Option<f32>, idf| {
                    Some(best.map_or(idf, |b| b.max(idf)))
                })
                .unwrap_or_else(|| {
                    let share = if word.is_segmented() && !word.is_predicate() {
                        UNKNOWN_NOUN_SHARE
                    } else {
                        UNKNOWN_OTHER_SHARE
                    };
                    share * max_idf
                })
        })
        .collect()
}

/// The quality with which `word` matches `doc`, and the position in `doc.terms` it
/// matched.
fn best_match(word: &QueryWord, doc: &Doc) -> Option<(f32, usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    for (candidate_index, candidate) in word.candidates.iter().enumerate() {
        for (position, doc_term) in doc.terms.iter().enumerate() {
            if doc_term.term != candidate.term {
                continue;
            }
            let quality = candidate.quality
                * match doc_term.role {
                    Role::Word => 1.0,
                    Role::Part(_) => PART,
                    Role::Keyword => KEYWORD_QUALITY,
                };
            if best.is_none_or(|(b, _, _)| quality > b) {
                best = Some((quality, position, candidate_index));
            }
        }
    }
    best
}

/// Scores one document; with `explain`, also says which words matched and how.
pub(crate) fn score_doc(
    index: &Index,
    normalized_query: &str,
    words: &[QueryWord],
    weights: &[f32],
    doc_id: u32,
    explain: bool,
) -> (f32, Option<Explanation>) {
    let doc = &index.data.docs[doc_id as usize];
    let total_weight: f32 = weights.iter().sum();
    let mut matched_weight = 0.0;
    // credit, part weight and part credit per document term; on the stack for usual sizes.
    let terms = doc.terms.len();
    let mut on_stack = [0.0f32; 3 * STACK_TERMS];
    let mut on_heap = Vec::new();
    let buffer: &mut [f32] = if terms <= STACK_TERMS {
        &mut on_stack[..3 * terms]
    } else {
        on_heap.resize(3 * terms, 0.0);
        &mut on_heap
    };
    let (credit, parts) = buffer.split_at_mut(terms);
    let mut explanation = explain.then(Explanation::default);
    for (word, weight) in words.iter().zip(weights) {
        match best_match(word, doc) {
            Some((quality, position, candidate)) => {
                matched_weight += weight * quality;
                credit[position] = credit[position].max(quality);
                if let Some(explanation) = explanation.as_mut() {
                    let candidate = word.candidates[candidate];
                    explanation.matched.push(TermMatch {
                        query: word.surface.clone(),
                        term: index.data.terms[candidate.term as usize].text.clone(),
                        kind: candidate.kind,
                    });
                }
            }
            None => {
                if let Some(explanation) = explanation.as_mut() {
                    explanation.unmatched.push(word.surface.clone());
                }
            }
        }
    }
    let query_coverage = if total_weight > 0.0 {
        (matched_weight / total_weight).min(1.0)
    } else {
        0.0
    };
    let phrasing_coverage = phrasing_coverage(index, doc, credit, parts);
    let core = query_coverage.powf(QUERY_EXPONENT) * phrasing_coverage.powf(PHRASING_EXPONENT);
    let mut confidence = ((1.0 - SIMILARITY_SHARE) * core).clamp(0.0, 1.0);
    if let Some(explanation) = explanation.as_mut() {
        explanation.query_coverage = query_coverage;
        explanation.phrasing_coverage = phrasing_coverage;
        explanation.similarity = similarity(normalized_query, index, doc_id);
        if query_coverage > 0.0 {
            confidence += SIMILARITY_SHARE * explanation.similarity;
        }
    }
    (confidence.clamp(0.0, 1.0), explanation)
}

fn similarity(normalized_query: &str, index: &Index, doc: u32) -> f32 {
    let query: Vec<char> = normalized_query.chars().collect();
    char_similarity(&query, index, doc)
}

/// Normalized Levenshtein similarity over characters (strsim's generic form, so that the
/// question is decoded once rather than once per comparison).
#[allow(clippy::ptr_arg)] // generic_levenshtein needs `&T` with `&T: IntoIterator`, as `&Vec` is.
fn char_similarity(query: &Vec<char>, index: &Index, doc: u32) -> f32 {
    // The phrasing as written: corpus text is nearly always normalized already, and this
    // only re-ranks close calls, so it is not worth normalizing (or storing) again.
    let phrasing: Vec<char> = index.doc_text(doc).chars().collect();
    let longest = query.len().max(phrasing.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::generic_levenshtein(query, &phrasing) as f32 / longest as f32
}

/// What string similarity adds to a phrasing's confidence.
#[allow(clippy::ptr_arg)] // see `char_similarity`
pub(crate) fn similarity_bonus(index: &Index, query: &Vec<char>, doc: u32) -> f32 {
    SIMILARITY_SHARE * char_similarity(query, index, doc)
}

/// Share of the phrasing's weight that the question's words matched; a compound's parts
/// earn it part of its credit.
fn phrasing_coverage(index: &Index, doc: &Doc, credit: &[f32], parts: &mut [f32]) -> f32 {
    let idf = |position: usize| index.data.terms[doc.terms[position].term as usize].idf;
    let (part_weight, part_earned) = parts.split_at_mut(doc.terms.len());
    let mut words = 0;
    for (position, term) in doc.terms.iter().enumerate() {
        match term.role {
            // Words come first in a document's term list.
            Role::Word => words = position + 1,
            Role::Part(whole) => {
                let whole = whole as usize;
                if whole < part_weight.len() {
                    part_weight[whole] += idf(position);
                    part_earned[whole] += idf(position) * credit[position];
                }
            }
            Role::Keyword => {}
        }
    }
    let mut earned = 0.0;
    let mut total = 0.0;
    for position in 0..words {
        let from_parts = if part_weight[position] > 0.0 {
            PART * part_earned[position] / part_weight[position]
        } else {
            0.0
        };
        earned += idf(position) * credit[position].max(from_parts);
        total += idf(position);
    }
    if total > 0.0 {
        (earned / total).min(1.0)
    } else {
        0.0
    }
}

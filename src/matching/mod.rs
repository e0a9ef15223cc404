//! Matching: from a question to a [`Response`].
//!
//! 1. the question goes through the same [`Analyzer`] as the corpus;
//! 2. `lookup` resolves each word: exact → synonym → reading → compound parts → fuzzy
//!    (with kana runs re-segmented against the corpus's readings);
//! 3. postings give the phrasings that share a resolved word; the best of them are scored
//!    in `scoring` (coverage both ways, idf weights, string similarity);
//! 4. entries are ranked by their best phrasing and the [`Thresholds`] decide between
//!    answer, ambiguous and no match.

mod fuzzy;
mod kana;
mod lookup;
mod retrieval;
mod scoring;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use fuzzy::typo_budget;

use crate::analysis::{Analyzer, QuestionText, question_text};
use crate::index::Index;
use crate::response::{Decision, Match, QuestionReading, ReadWord, Response, TermMatch};

/// Longest question analysed, in characters (after normalization). Longer input is cut
/// there, which bounds the work one question can cause.
pub const MAX_QUERY_CHARS: usize = 256;

/// How many of the best-scoring phrasings (by posting overlap) are scored in full.
const RESCORED_DOCS: usize = 32;

/// How many of those are re-ranked by string similarity.
const SIMILARITY_RERANKED: usize = 3;

/// Candidates below this confidence are never returned.
const MIN_CANDIDATE_CONFIDENCE: f32 = 0.05;

/// Where the decision between answer, ambiguous and no match falls, and which candidates
/// make a "もしかして" menu.
///
/// Chosen when an engine is built and stored in its index file, so that tuned thresholds
/// survive saving and opening; [`EngineOptions::thresholds`](crate::EngineOptions::thresholds)
/// overrides them for one engine.
///
/// ```
/// use toiawase::Thresholds;
/// let strict = Thresholds::default().with_answer(0.6).with_margin(0.12);
/// assert_eq!(strict.answer, 0.6);
/// assert_eq!(strict.suggest, Thresholds::default().suggest);
/// ```
///
/// Read from a configuration file (JSON, TOML…), a field left out takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Thresholds {
    /// Least confidence for [`Decision::Answer`].
    pub answer: f32,
    /// Least lead of the best entry over the second for [`Decision::Answer`]; a closer
    /// race is [`Decision::Ambiguous`].
    pub margin: f32,
    /// Least confidence for [`Decision::Ambiguous`]; below it the decision is
    /// [`Decision::NoMatch`].
    pub suggest: f32,
    /// How far below the best a candidate may be and still belong in the menu
    /// ([`Response::menu`]); the menu also leaves out candidates below `suggest`.
    pub menu: f32,
}

impl Default for Thresholds {
    /// Tuned on the tuning parts of the labelled sets (README, "What it matches").
    fn default() -> Self {
        Thresholds {
            answer: 0.45,
            margin: 0.08,
            suggest: 0.3,
            menu: 0.2,
        }
    }
}

impl Thresholds {
    /// With another least confidence for an answer.
    pub fn with_answer(mut self, answer: f32) -> Self {
        self.answer = answer;
        self
    }

    /// With another least lead of the best entry over the second.
    pub fn with_margin(mut self, margin: f32) -> Self {
        self.margin = margin;
        self
    }

    /// With another least confidence for a suggestion.
    pub fn with_suggest(mut self, suggest: f32) -> Self {
        self.suggest = suggest;
        self
    }

    /// With another menu width.
    pub fn with_menu(mut self, menu: f32) -> Self {
        self.menu = menu;
        self
    }
}

/// Per-question options: how many candidates, which category, whether to explain, and
/// which conversation the question belongs to (for the query log).
///
/// ```
/// use toiawase::AskOptions;
/// let options = AskOptions::default().limit(3).category("施設").explain(true);
/// assert_eq!((options.limit, options.category, options.explain), (3, Some("施設"), true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct AskOptions<'a> {
    /// Most candidates to return (5 by default). The decision does not depend on it.
    pub limit: usize,
    /// Only consider entries of this category.
    pub category: Option<&'a str>,
    /// Give each candidate its [`Explanation`](crate::Explanation) (off by default: it
    /// costs time, and a bot rarely needs it).
    pub explain: bool,
    /// An opaque id of the user or conversation, passed to the query log (never
    /// interpreted; a bot may hash it first).
    pub session: Option<&'a str>,
}

impl Default for AskOptions<'_> {
    fn default() -> Self {
        AskOptions {
            limit: 5,
            category: None,
            explain: false,
            session: None,
        }
    }
}

impl<'a> AskOptions<'a> {
    /// Return at most this many candidates.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Only consider entries of this category.
    pub fn category(mut self, category: &'a str) -> Self {
        self.category = Some(category);
        self
    }

    /// Explain each candidate, or not.
    pub fn explain(mut self, explain: bool) -> Self {
        self.explain = explain;
        self
    }

    /// Tag the question with a user or conversation id for the query log.
    pub fn session(mut self, session: &'a str) -> Self {
        self.session = Some(session);
        self
    }
}

/// The question as the engine reads it (see [`Analyzer::analyze_question`]).
pub(crate) fn normalized_question(question: &str) -> String {
    crate::analysis::question_text(question).text
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
    let QuestionText {
        text: normalized,
        romaji,
    } = question_text(query);
    if let Some(kind) = analyzer.small_talk_normalized(&normalized) {
        return Response {
            query: normalized,
            decision: Decision::NoMatch,
            small_talk: Some(kind),
            candidates: Vec::new(),
            menu_size: 0,
        };
    }
    let mut analysis = analyzer.analyze_text(normalized, romaji);
    let words = lookup::resolve(analyzer, index, &mut analysis);
    let mut response = Response {
        query: analysis.normalized,
        decision: Decision::NoMatch,
        small_talk: None,
        candidates: Vec::new(),
        menu_size: 0,
    };
    if options.limit == 0 || !words.iter().any(|word| !word.candidates.is_empty()) {
        return response;
    }
    let question = scoring::ScoredQuestion::new(index, &words, max_idf);

    let docs = retrieval::top_docs(index, &words, &question.weights, RESCORED_DOCS, |doc| {
        in_category(index, doc, options.category)
    });

    // Each entry is as good as its best phrasing. String similarity only re-ranks close
    // calls, so it is computed for the phrasings whose coverage score is among the best.
    // Each with its rank key, computed once rather than at every comparison.
    let mut scored: Vec<(u128, scoring::DocScore)> = docs
        .into_iter()
        .map(|doc| {
            let score = scoring::score_doc(index, &response.query, &question, doc, false).0;
            (rank_key(index, &score), score)
        })
        .collect();
    // Which are the best matters here, not their order: selected, not sorted.
    if scored.len() > SIMILARITY_RERANKED {
        scored.select_nth_unstable_by_key(SIMILARITY_RERANKED - 1, |&(key, _)| key);
    }
    let query_chars = scoring::QueryChars::new(&response.query);
    for (key, score) in scored.iter_mut().take(SIMILARITY_RERANKED) {
        score.confidence += scoring::similarity_bonus(index, &query_chars, score);
        *key = rank_key(index, score);
    }
    // In rank order, an entry's first phrasing is its best.
    scored.sort_unstable_by_key(|&(key, _)| key);
    let mut ranked: Vec<(u32, scoring::DocScore)> = Vec::with_capacity(scored.len());
    for (_, score) in scored {
        let entry = index.data.docs[score.doc as usize].entry;
        if !ranked.iter().any(|&(seen, _)| seen == entry) {
            ranked.push((entry, score));
        }
    }
    ranked.retain(|(_, score)| score.confidence >= MIN_CANDIDATE_CONFIDENCE);
    // Decided before cutting to `limit`: the runner-up counts even when not shown.
    response.decision = decide(thresholds, &ranked);
    ranked.truncate(options.limit);
    let best = ranked.first().map_or(0.0, |(_, score)| score.confidence);
    let floor = thresholds.suggest.max(best - thresholds.menu);
    response.menu_size = ranked
        .iter()
        .take_while(|(_, score)| score.confidence >= floor)
        .count();

    response.candidates = ranked
        .into_iter()
        .map(|(entry, score)| {
            let explanation = options
                .explain
                .then(|| scoring::score_doc(index, &response.query, &question, score.doc, true).1)
                .flatten();
            let stored = &index.data.entries[entry as usize];
            Match {
                id: Cow::Borrowed(&stored.id),
                confidence: score.confidence,
                phrasing: Cow::Borrowed(index.doc_text(score.doc)),
                answer: Cow::Borrowed(&stored.answer),
                category: stored.category.as_deref().map(Cow::Borrowed),
                title: stored.title.as_deref().map(Cow::Borrowed),
                metadata: Cow::Borrowed(&index.metadata[entry as usize]),
                explanation,
            }
        })
        .collect();
    response
}

/// The order of candidates, as a key to sort by: by confidence; of equal confidence, the
/// phrasing the question covers more of (the asked thing itself, not a thing that contains
/// it), then the entry id and the phrasing — never the position in the corpus file, so that
/// reordering a corpus changes nothing. (Entry ids are unique, so the document's rank in
/// the order of (entry id, phrasing) is that last tie-break.) The three keys are packed
/// into one number, most significant first.
fn rank_key(index: &Index, score: &scoring::DocScore) -> u128 {
    u128::from(descending(score.confidence)) << 64
        | u128::from(descending(score.specificity)) << 32
        | u128::from(index.data.doc_ranks[score.doc as usize])
}

/// A key that orders numbers as [`f32::total_cmp`] does, largest first.
pub(crate) fn descending(x: f32) -> u32 {
    let bits = x.to_bits();
    // Negative numbers (sign bit set) order backwards by their bits, below all the others.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    !ascending
}

/// The words of a question as the matcher reads them.
pub(crate) fn read_question(analyzer: &Analyzer, index: &Index, question: &str) -> QuestionReading {
    let mut analysis = analyzer.analyze_question(question);
    let words = lookup::resolve(analyzer, index, &mut analysis);
    QuestionReading {
        words: words
            .into_iter()
            .map(|word| ReadWord {
                matches: word
                    .candidates
                    .iter()
                    .map(|candidate| TermMatch {
                        query: word.surface.clone(),
                        term: index.data.terms[candidate.term as usize].text.clone(),
                        kind: candidate.kind,
                    })
                    .collect(),
                surface: word.surface,
                span: word.span,
            })
            .collect(),
        normalized: analysis.normalized,
    }
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

#[cfg(test)]
mod tests {
    use super::descending;

    #[test]
    fn descending_keys_order_as_total_cmp_reversed() {
        let numbers = [
            f32::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            f32::MIN_POSITIVE,
            0.05,
            0.45,
            1.0,
            f32::INFINITY,
            f32::NAN,
        ];
        for a in numbers {
            for b in numbers {
                assert_eq!(
                    descending(a).cmp(&descending(b)),
                    b.total_cmp(&a),
                    "{a} {b}"
                );
            }
        }
    }
}

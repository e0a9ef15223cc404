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
//! - **similarity**: normalized Levenshtein similarity of the two normalized texts (as strsim
//!   computes it),
//!   which re-ranks close calls.
//!
//! confidence = ((1 − β)·coverageᵅ·phrasingᵞ + β·similarity·coverage)·factor, with the
//! exponents and β below; the factor is below 1 for an alias and for a phrasing whose
//! matched words only modify the noun that names it. An entry's confidence is that of its
//! best phrasing.

use super::lookup::{PART, QueryWord, WordClass};
use crate::index::{Doc, Index, Role};
use crate::response::{Explanation, TermMatch};

/// Weight of a question noun the corpus never uses, as a share of the largest idf. An
/// unknown noun is usually the topic (パスポート, 離婚届): a question about it is likely
/// one the corpus does not cover, so it weighs nearly as much as a rare known word.
pub(crate) const UNKNOWN_NOUN_SHARE: f32 = 0.8;
/// Weight of an unknown verb or adjective, or of kana no reading explains: mostly the
/// question's frame (困る, 知りたい), so it costs little.
pub(crate) const UNKNOWN_OTHER_SHARE: f32 = 0.18;
/// Weight of a question word the corpus has no term for: it says what kind of answer is
/// wanted, not what about, so it costs almost nothing.
pub(crate) const UNKNOWN_QUESTION_WORD_SHARE: f32 = 0.05;
/// A question word the corpus does use is weaker evidence than a topic word.
pub(crate) const QUESTION_WORD_WEIGHT: f32 = 0.6;
const QUERY_EXPONENT: f32 = 0.8;
const PHRASING_EXPONENT: f32 = 0.25;
const SIMILARITY_SHARE: f32 = 0.2;
/// Words of a phrasing past this many earn no credit from their compounds' parts.
const STACK_TERMS: usize = 48;
/// Documents with at most this many terms are scored without allocating.
const STACK_DOC_TERMS: usize = 32;
/// Questions with at most this many words are scored without allocating.
const STACK_WORDS: usize = 16;

/// A keyword leads to its entry a little less surely than a word of the phrasing.
const KEYWORD_QUALITY: f32 = 0.9;
/// A keyword the question names fills this share of what the phrasing leaves uncovered:
/// the entry whose author declared the asked word its topic wins over one that only
/// mentions it, and a question naming only a keyword covers the phrasing this much.
const KEYWORD_FILL: f32 = 0.5;
/// A question word found only in an entry's answer (お金 → 無料) counts this much towards
/// the question's coverage; it never counts towards the phrasing's, so the entry whose
/// question says it still wins.
pub(crate) const ANSWER_QUALITY: f32 = 0.7;
/// How much the part of a phrasing the question does not mention costs: a question for
/// 自転車 fits 自転車 better than 三輪自転車.
const REMAINDER_COST: f32 = 0.4;
/// A phrasing that is an alias (a bracketed or listed part of an item's name) counts this
/// much of a question phrasing: the item whose own name is the asked word wins.
pub(crate) const ALIAS_FACTOR: f32 = 0.95;
/// A phrasing whose matched words only modify the noun that names it (自転車 in
/// 自転車用空気入れ, 布団 in 布団乾燥機) is about another thing than the question: it
/// counts this much, so it can be offered but seldom answers.
const MODIFIER_ONLY_FACTOR: f32 = 0.7;

/// A scored document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocScore {
    pub doc: u32,
    pub confidence: f32,
    /// Share of the phrasing's letters the question mentions: breaks ties in favour of the
    /// phrasing that is the asked thing rather than contains it.
    pub specificity: f32,
    /// What the phrasing's confidence is multiplied by (an alias, a match on modifiers
    /// only), also when string similarity is added.
    pub factor: f32,
    /// Share of the question the phrasing explains.
    pub query_coverage: f32,
}

/// A resolved question as scoring needs it: its words, their weights, and the table that
/// leads a phrasing's terms to the words they answer.
pub(crate) struct ScoredQuestion<'w> {
    pub words: &'w [QueryWord],
    pub weights: Vec<f32>,
    table: CandidateTable,
}

impl<'w> ScoredQuestion<'w> {
    pub(crate) fn new(index: &Index, words: &'w [QueryWord], max_idf: f32) -> Self {
        ScoredQuestion {
            words,
            weights: word_weights(index, words, max_idf),
            table: CandidateTable::new(words),
        }
    }
}

/// Word weights for a resolved question.
fn word_weights(index: &Index, words: &[QueryWord], max_idf: f32) -> Vec<f32> {
    words
        .iter()
        .map(|word| {
            let known = word
                .candidates
                .iter()
                .map(|candidate| index.data.terms[candidate.term as usize].idf)
                .fold(None, |best: Option<f32>, idf| {
                    Some(best.map_or(idf, |b| b.max(idf)))
                });
            match (known, word.class) {
                (Some(idf), WordClass::QuestionWord) => QUESTION_WORD_WEIGHT * idf,
                (Some(idf), _) => idf,
                (None, WordClass::Noun) => UNKNOWN_NOUN_SHARE * max_idf,
                (None, WordClass::Predicate | WordClass::Stretch) => UNKNOWN_OTHER_SHARE * max_idf,
                (None, WordClass::QuestionWord) => UNKNOWN_QUESTION_WORD_SHARE * max_idf,
            }
        })
        .collect()
}

/// The question's candidate terms sorted by term id, each with the word and the candidate
/// it is: a document's terms find the words they answer by binary search, instead of each
/// word scanning every term of every document.
struct CandidateTable {
    /// (term, word index, candidate index), sorted.
    entries: Vec<(u32, usize, usize)>,
    /// Bit `t % 64` of word `t / 64` set for every candidate term `t` (up to the largest):
    /// most document terms are no candidate, and this rejects them without a search.
    bits: Vec<u64>,
}

impl CandidateTable {
    fn new(words: &[QueryWord]) -> Self {
        let mut entries: Vec<(u32, usize, usize)> = words
            .iter()
            .enumerate()
            .flat_map(|(word, query_word)| {
                (query_word.candidates.iter().enumerate())
                    .map(move |(candidate, c)| (c.term, word, candidate))
            })
            .collect();
        entries.sort_unstable();
        let words = entries
            .last()
            .map_or(0, |&(term, _, _)| term as usize / 64 + 1);
        let mut bits = vec![0u64; words];
        for &(term, _, _) in &entries {
            bits[term as usize / 64] |= 1 << (term % 64);
        }
        CandidateTable { entries, bits }
    }

    /// The (term, word, candidate) entries of `term`.
    fn of(&self, term: u32) -> &[(u32, usize, usize)] {
        let is_candidate =
            (self.bits.get(term as usize / 64)).is_some_and(|bits| bits & 1 << (term % 64) != 0);
        if !is_candidate {
            return &[];
        }
        let start = self.entries.partition_point(|entry| entry.0 < term);
        let end = start + self.entries[start..].partition_point(|entry| entry.0 == term);
        &self.entries[start..end]
    }
}

/// How well a word matches a document: quality, position in `doc.terms`, candidate index.
type WordMatch = Option<(f32, usize, usize)>;

/// For each word, the best quality with which it matches `doc`, the position in
/// `doc.terms` it matched and which of its candidates matched (of equal qualities, the
/// first candidate, then the first position); and the same among the terms that are not
/// the answer's, which are the ones a match credits to the phrasing. Returns how many of
/// `doc.terms` come up to the last that is not the answer's: the rest only matter here.
fn best_matches(
    words: &[QueryWord],
    table: &CandidateTable,
    doc: &Doc,
    best: &mut [WordMatch],
    best_outside_answer: &mut [WordMatch],
) -> usize {
    fn keep_better(slot: &mut WordMatch, quality: f32, position: usize, candidate: usize) {
        let better = slot.is_none_or(|(b, b_position, b_candidate)| {
            quality > b || (quality == b && (candidate, position) < (b_candidate, b_position))
        });
        if better {
            *slot = Some((quality, position, candidate));
        }
    }
    let mut outside_answer_end = 0;
    for (position, doc_term) in doc.terms.iter().enumerate() {
        if !matches!(doc_term.role, Role::Answer) {
            outside_answer_end = position + 1;
        }
        for &(_, word, candidate) in table.of(doc_term.term) {
            let quality = words[word].candidates[candidate].quality
                * match doc_term.role {
                    Role::Word | Role::Span(..) => 1.0,
                    Role::Part(_) => PART,
                    Role::Keyword => KEYWORD_QUALITY,
                    Role::Answer => ANSWER_QUALITY,
                };
            keep_better(&mut best[word], quality, position, candidate);
            if !matches!(doc_term.role, Role::Answer) {
                keep_better(&mut best_outside_answer[word], quality, position, candidate);
            }
        }
    }
    outside_answer_end
}

/// Scores one document; with `explain`, also says which words matched and how.
pub(crate) fn score_doc(
    index: &Index,
    normalized_query: &str,
    question: &ScoredQuestion,
    doc_id: u32,
    explain: bool,
) -> (DocScore, Option<Explanation>) {
    let ScoredQuestion {
        words,
        weights,
        table,
    } = question;
    let doc = &index.data.docs[doc_id as usize];
    let total_weight: f32 = weights.iter().sum();
    let mut matched_weight = 0.0;
    // Credit per document term; on the stack for usual sizes.
    let terms = doc.terms.len();
    let mut on_stack = [0.0f32; 2 * STACK_DOC_TERMS];
    let mut on_heap = Vec::new();
    let buffer: &mut [f32] = if terms <= STACK_DOC_TERMS {
        &mut on_stack[..2 * terms]
    } else {
        on_heap.resize(2 * terms, 0.0);
        &mut on_heap
    };
    let (credit, effective) = buffer.split_at_mut(terms);
    let mut explanation = explain.then(Explanation::default);
    let mut best_on_stack = [None; 2 * STACK_WORDS];
    let mut best_on_heap = Vec::new();
    let best: &mut [WordMatch] = if words.len() <= STACK_WORDS {
        &mut best_on_stack[..2 * words.len()]
    } else {
        best_on_heap.resize(2 * words.len(), None);
        &mut best_on_heap
    };
    let (best, best_outside_answer) = best.split_at_mut(words.len());
    let outside_answer_end = best_matches(words, table, doc, best, best_outside_answer);
    // A word credits the phrasing with its best match there, even where the answer
    // matches it better (熱 in the answer, 発熱 in the phrasing).
    for &(quality, position, _) in best_outside_answer.iter().flatten() {
        credit[position] = credit[position].max(quality);
    }
    for ((word, weight), found) in words.iter().zip(weights).zip(best.iter()) {
        match *found {
            Some((quality, _, candidate)) => {
                matched_weight += weight * quality;
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
    let coverage = phrasing_coverage(index, doc, outside_answer_end, credit, effective);
    let specificity = coverage.specificity;
    let phrasing = coverage.share * (1.0 - REMAINDER_COST * (1.0 - specificity));
    let core = query_coverage.powf(QUERY_EXPONENT) * phrasing.powf(PHRASING_EXPONENT);
    let mut factor = if doc.alias { ALIAS_FACTOR } else { 1.0 };
    if coverage.modifiers_only {
        factor *= MODIFIER_ONLY_FACTOR;
    }
    let mut confidence = ((1.0 - SIMILARITY_SHARE) * core * factor).clamp(0.0, 1.0);
    if let Some(explanation) = explanation.as_mut() {
        explanation.query_coverage = query_coverage;
        explanation.phrasing_coverage = phrasing;
        explanation.similarity = similarity(normalized_query, index, doc_id);
        confidence += SIMILARITY_SHARE * explanation.similarity * factor * query_coverage;
    }
    let score = DocScore {
        doc: doc_id,
        confidence: confidence.clamp(0.0, 1.0),
        specificity,
        factor,
        query_coverage,
    };
    (score, explanation)
}

fn similarity(normalized_query: &str, index: &Index, doc: u32) -> f32 {
    char_similarity(&QueryChars::new(normalized_query), index, doc)
}

/// A question's characters, ready to be compared with phrasings.
pub(crate) struct QueryChars {
    chars: Vec<char>,
    /// Each distinct character of the question with the bits of the positions where the
    /// question has it, for [`bit_parallel_distance`], by hash (linear probing; an empty
    /// slot has no bits). Unused when the question is longer than a word of bits.
    positions: [(char, u64); POSITION_SLOTS],
}

/// Slots of [`QueryChars::positions`]: twice the most distinct characters it holds.
const POSITION_SLOTS: usize = 2 * u64::BITS as usize;

impl QueryChars {
    pub(crate) fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut positions = [('\0', 0); POSITION_SLOTS];
        if chars.len() <= u64::BITS as usize {
            for (i, &c) in chars.iter().enumerate() {
                let mut slot = position_slot(c);
                while positions[slot].1 != 0 && positions[slot].0 != c {
                    slot = (slot + 1) % POSITION_SLOTS;
                }
                positions[slot] = (c, positions[slot].1 | 1 << i);
            }
        }
        QueryChars { chars, positions }
    }

    /// Whether [`bit_parallel_distance`] applies: the question has 1 to 64 characters.
    fn fits_a_word(&self) -> bool {
        (1..=u64::BITS as usize).contains(&self.chars.len())
    }

    /// The bits of the positions where the question has `c`.
    fn positions_of(&self, c: char) -> u64 {
        let mut slot = position_slot(c);
        loop {
            match self.positions[slot] {
                (_, 0) => return 0,
                (known, bits) if known == c => return bits,
                _ => slot = (slot + 1) % POSITION_SLOTS,
            }
        }
    }
}

/// Where a character's positions go in [`QueryChars::positions`] (Fibonacci hashing).
fn position_slot(c: char) -> usize {
    (u32::from(c).wrapping_mul(0x9E37_79B9) >> (u32::BITS - POSITION_SLOTS.trailing_zeros()))
        as usize
}

thread_local! {
    /// The phrasing's characters and a row of distances, reused between comparisons.
    static SIMILARITY_SCRATCH: std::cell::RefCell<(Vec<char>, Vec<u32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// Normalized Levenshtein similarity over characters (as strsim's
/// `normalized_levenshtein` computes it).
fn char_similarity(query: &QueryChars, index: &Index, doc: u32) -> f32 {
    // The phrasing as written: corpus text is nearly always normalized already, and this
    // only re-ranks close calls, so it is not worth normalizing (or storing) again.
    SIMILARITY_SCRATCH.with_borrow_mut(|(phrasing, row)| {
        phrasing.clear();
        phrasing.extend(index.doc_text(doc).chars());
        let longest = query.chars.len().max(phrasing.len());
        if longest == 0 {
            return 1.0;
        }
        let distance = if query.fits_a_word() {
            bit_parallel_distance(query, phrasing)
        } else {
            levenshtein(&query.chars, phrasing, row)
        };
        1.0 - distance as f32 / longest as f32
    })
}

/// Levenshtein distance between the question (of 1 to 64 characters) and `text`, by
/// Myers's bit-parallel algorithm as Hyyrö states it for whole strings: one column of the
/// distance table is kept as two words of bits, the positions where going down it adds one
/// and where it takes one away, and each character of `text` moves to the next column in a
/// few word operations. The distance is tracked along the column's last cell.
fn bit_parallel_distance(query: &QueryChars, text: &[char]) -> usize {
    let last = 1u64 << (query.chars.len() - 1);
    let mut vertical_plus = u64::MAX;
    let mut vertical_minus = 0u64;
    let mut distance = query.chars.len();
    for c in text {
        let equal = query.positions_of(*c);
        let x_vertical = equal | vertical_minus;
        let x_horizontal =
            ((equal & vertical_plus).wrapping_add(vertical_plus) ^ vertical_plus) | equal;
        let horizontal_plus = vertical_minus | !(x_horizontal | vertical_plus);
        let horizontal_minus = vertical_plus & x_horizontal;
        if horizontal_plus & last != 0 {
            distance += 1;
        } else if horizontal_minus & last != 0 {
            distance -= 1;
        }
        // The first row grows by one with every character of `text`.
        let horizontal_plus = (horizontal_plus << 1) | 1;
        let horizontal_minus = horizontal_minus << 1;
        vertical_plus = horizontal_minus | !(x_vertical | horizontal_plus);
        vertical_minus = horizontal_plus & x_vertical;
    }
    distance
}

/// Levenshtein distance over characters (insertions, deletions, substitutions), with
/// `row` as scratch space.
fn levenshtein(a: &[char], b: &[char], row: &mut Vec<u32>) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    row.clear();
    row.extend(1..=b.len() as u32);
    let mut result = 0;
    for (i, a_char) in a.iter().enumerate() {
        let mut diagonal = i as u32;
        result = i as u32 + 1;
        for (cell, b_char) in row.iter_mut().zip(b) {
            let substitution = diagonal + u32::from(a_char != b_char);
            diagonal = *cell;
            result = (result + 1).min(substitution).min(diagonal + 1);
            *cell = result;
        }
    }
    result as usize
}

/// What string similarity adds to a scored phrasing's confidence.
pub(crate) fn similarity_bonus(index: &Index, query: &QueryChars, score: &DocScore) -> f32 {
    SIMILARITY_SHARE
        * char_similarity(query, index, score.doc)
        * score.factor
        * score.query_coverage
}

/// How much of a phrasing the question's words cover.
struct PhrasingCoverage {
    /// Share of the phrasing's weight (see [`phrasing_coverage`]).
    share: f32,
    /// Share of the phrasing's letters.
    specificity: f32,
    /// Whether the only words matched modify the noun that names the phrasing.
    modifiers_only: bool,
}

/// Share of the phrasing's weight that the question's words matched (a compound's parts
/// earn it part of its credit, a span its words' credit), and share of the phrasing's
/// letters they cover. Only the first `outside_answer_end` terms count (the answer's terms
/// never do). `effective` is scratch space of the terms' length.
fn phrasing_coverage(
    index: &Index,
    doc: &Doc,
    outside_answer_end: usize,
    credit: &[f32],
    effective: &mut [f32],
) -> PhrasingCoverage {
    let idf = |position: usize| index.data.terms[doc.terms[position].term as usize].idf;
    // Words come first in a document's term list.
    let words = doc
        .terms
        .iter()
        .take_while(|term| matches!(term.role, Role::Word))
        .count();
    effective[..words].copy_from_slice(&credit[..words]);
    let mut part_weight = [0.0f32; STACK_TERMS];
    let mut part_earned = [0.0f32; STACK_TERMS];
    // Whether a word was matched by a part that names it (not only by its modifiers).
    let mut head_part_matched = [false; STACK_TERMS];
    let mut span_chars = 0.0f32;
    // A keyword names the entry's topic: a question naming it fills part of what the
    // phrasing leaves uncovered.
    let mut keyword = 0.0f32;
    let phrasing_terms = &doc.terms[..outside_answer_end];
    for (position, term) in phrasing_terms.iter().enumerate().skip(words) {
        match term.role {
            Role::Keyword => keyword = keyword.max(credit[position]),
            Role::Part(whole) => {
                let whole = whole as usize;
                if whole < words.min(STACK_TERMS) {
                    part_weight[whole] += idf(position);
                    part_earned[whole] += idf(position) * credit[position];
                    head_part_matched[whole] |=
                        credit[position] > 0.0 && !doc.is_modifier(position);
                }
            }
            Role::Span(first, last) if credit[position] > 0.0 => {
                let span = first as usize..=(last as usize).min(words.saturating_sub(1));
                for word_credit in effective.get_mut(span).into_iter().flatten() {
                    *word_credit = word_credit.max(credit[position]);
                }
                span_chars = span_chars.max(term.chars as f32 * credit[position]);
            }
            _ => {}
        }
    }
    let mut earned = 0.0;
    let mut total = 0.0;
    let mut covered_chars = 0.0;
    let mut matched_heads = false;
    let mut matched_modifiers = false;
    for position in 0..words {
        // Matched as a word or within a span, not only by its parts.
        let whole_matched = effective[position] > 0.0;
        if position < STACK_TERMS && part_weight[position] > 0.0 {
            let from_parts = PART * part_earned[position] / part_weight[position];
            effective[position] = effective[position].max(from_parts);
        }
        earned += idf(position) * effective[position];
        total += idf(position);
        covered_chars += doc.terms[position].chars as f32 * effective[position];
        if effective[position] > 0.0 {
            let names = whole_matched || head_part_matched.get(position) != Some(&false);
            if doc.is_modifier(position) || !names {
                matched_modifiers = true;
            } else {
                matched_heads = true;
            }
        }
    }
    let coverage = if total > 0.0 {
        (earned / total).min(1.0)
    } else {
        0.0
    };
    let specificity = if doc.chars > 0 {
        (covered_chars.max(span_chars) / doc.chars as f32).min(1.0)
    } else {
        0.0
    };
    let fill = KEYWORD_FILL * keyword;
    PhrasingCoverage {
        share: coverage + (1.0 - coverage) * fill,
        specificity: specificity + (1.0 - specificity) * fill,
        modifiers_only: matched_modifiers && !matched_heads && keyword == 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_agrees_with_strsim() {
        let alphabet: Vec<char> = "ごみ粗大出し方ゴミ".chars().collect();
        let mut random = crate::test_random::Random::new(0x9e37_79b9_7f4a_7c15);
        let mut row = Vec::new();
        for _ in 0..2000 {
            let mut word = || -> Vec<char> { random.word(&alphabet, 0, 11).chars().collect() };
            let (a, b) = (word(), word());
            assert_eq!(
                levenshtein(&a, &b, &mut row),
                strsim::generic_levenshtein(&a, &b),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn bit_parallel_distance_agrees_with_strsim() {
        let alphabet: Vec<char> = "ごみ粗大出し方ゴミ".chars().collect();
        let mut random = crate::test_random::Random::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            // Up to the longest question that fits a word of bits, and beyond.
            let query = random.word(&alphabet, 0, 70);
            let text = random.word(&alphabet, 0, 40);
            let query = QueryChars::new(&query);
            let text: Vec<char> = text.chars().collect();
            let expected = strsim::generic_levenshtein(&query.chars, &text);
            if !query.fits_a_word() {
                assert!(query.chars.is_empty() || query.chars.len() > 64);
            } else {
                assert_eq!(
                    bit_parallel_distance(&query, &text),
                    expected,
                    "{query:?} {text:?}",
                    query = query.chars
                );
            }
        }
    }
}

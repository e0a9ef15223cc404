//! What residents asked, summarised for FAQ authors: the needs the FAQ could not answer
//! (grouped so that different phrasings of one need count together), the entries asked
//! most and never, and the questions that came out ambiguous.
//!
//! Grouping: each unanswered question is reduced to its nouns (analysed like any question:
//! base forms, synonyms, readings; verbs only when it has no noun). Readings one edit apart
//! are treated as one word (typos: パスポト, ぱすぽーと, パスポート), and a hiragana stretch
//! is also kept whole (りこんとどけ meets 離婚届 by its reading). Two questions belong to
//! one need when the words they share carry at least half the weight of the shorter one.
//! A word weighs less the more questions use it, and much less when the FAQ already uses
//! it: what the FAQ lacks (パスポート) tells needs apart, what it has (申請, 料金) does not.
//! Groups are ranked by how often residents asked.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::analysis::{Analyzer, to_katakana};
use crate::query_log::LogRecord;
use crate::{Decision, Engine};

/// Share of the shorter question's word weight two questions must share to be one need.
const SAME_NEED_OVERLAP: f32 = 0.5;
/// Weight of a word the FAQ already uses, relative to one it does not: what the FAQ lacks
/// is what tells unanswered needs apart (パスポート, not 申請).
const KNOWN_WORD_WEIGHT: f32 = 0.3;
/// Weight of a word of at most two kana (mostly one kanji), relative to a longer one.
const SHORT_WORD_WEIGHT: f32 = 0.5;
/// Examples kept per group.
const EXAMPLES: usize = 3;

/// One need the FAQ did not answer, and how residents phrased it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedGroup {
    /// The words most of its questions use.
    pub label: Vec<String>,
    /// How many questions (with repeats).
    pub count: usize,
    /// The most frequent phrasings (at most three).
    pub examples: Vec<String>,
    /// Positions of the group's questions in the list given to [`group_needs`].
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// Questions on which the same entries competed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmbiguityGroup {
    /// The competing entry ids.
    pub candidates: Vec<String>,
    /// How many questions.
    pub count: usize,
    /// The most frequent phrasings (at most three).
    pub examples: Vec<String>,
}

/// The summary of a query log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogReport {
    /// Questions in the log.
    pub questions: usize,
    /// Of them answered (decision *answer*).
    pub answered: usize,
    /// Ambiguous.
    pub ambiguous: usize,
    /// Without a confident match (decision *no match*).
    pub unanswered: usize,
    /// Unanswered needs, most asked first.
    pub unanswered_needs: Vec<NeedGroup>,
    /// Entries by how often they were the answer, most first.
    pub most_asked: Vec<(String, usize)>,
    /// Entries never given as an answer (empty when the entry list was not supplied).
    pub never_asked: Vec<String>,
    /// Ambiguous questions grouped by the entries that competed, most first.
    pub ambiguities: Vec<AmbiguityGroup>,
}

/// Summarises `records` with the engine the questions were asked of (its analyzer, its
/// vocabulary and its entries); `top` bounds each ranked list.
pub fn summarize(records: &[LogRecord], engine: &Engine, top: usize) -> LogReport {
    summarize_with(
        records,
        engine.analyzer(),
        |word| engine.knows_term(word),
        &engine.entry_ids(),
        top,
    )
}

/// [`summarize`] from parts: `is_known` tells whether the FAQ uses a word (words it does
/// not use are what tells needs apart), `entry_ids` lists the entries (for *never asked*).
pub fn summarize_with(
    records: &[LogRecord],
    analyzer: &Analyzer,
    is_known: impl Fn(&str) -> bool,
    entry_ids: &[&str],
    top: usize,
) -> LogReport {
    let by_decision = |decision| records.iter().filter(move |r| r.decision == decision);
    let unanswered: Vec<&str> = by_decision(Decision::NoMatch)
        .map(|record| record.question.as_str())
        .collect();

    let mut answers: HashMap<&str, usize> = HashMap::new();
    for record in by_decision(Decision::Answer) {
        if let Some(top) = &record.top {
            *answers.entry(top.as_str()).or_default() += 1;
        }
    }
    let mut most_asked: Vec<(String, usize)> = answers
        .iter()
        .map(|(id, count)| (id.to_string(), *count))
        .collect();
    most_asked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    most_asked.truncate(top);
    let never_asked = entry_ids
        .iter()
        .filter(|id| !answers.contains_key(**id))
        .map(|id| id.to_string())
        .collect();

    let mut competing: BTreeMap<Vec<String>, Vec<&str>> = BTreeMap::new();
    for record in by_decision(Decision::Ambiguous) {
        let mut ids: Vec<String> = record
            .candidates
            .iter()
            .take(2)
            .map(|candidate| candidate.id.clone())
            .collect();
        ids.sort();
        competing.entry(ids).or_default().push(&record.question);
    }
    let mut ambiguities: Vec<AmbiguityGroup> = competing
        .into_iter()
        .map(|(candidates, questions)| AmbiguityGroup {
            candidates,
            count: questions.len(),
            examples: examples(&questions),
        })
        .collect();
    ambiguities.sort_by_key(|group| std::cmp::Reverse(group.count));
    ambiguities.truncate(top);

    let mut unanswered_needs = group_needs(&unanswered, analyzer, is_known);
    unanswered_needs.truncate(top);
    LogReport {
        questions: records.len(),
        answered: answers.values().sum(),
        ambiguous: by_decision(Decision::Ambiguous).count(),
        unanswered: unanswered.len(),
        unanswered_needs,
        most_asked,
        never_asked,
        ambiguities,
    }
}

/// The key words of a question: its nouns (or, without nouns, all its content words),
/// each as its analysed text and its katakana reading.
fn key_words(question: &str, analyzer: &Analyzer) -> Vec<(String, String)> {
    let normalized = crate::matching::normalized_question(question);
    let terms = analyzer.analyze_normalized(normalized.clone()).terms;
    let nouns: Vec<_> = terms.iter().filter(|term| !term.predicate).collect();
    let chosen = if nouns.is_empty() {
        terms.iter().collect()
    } else {
        nouns
    };
    let mut words: Vec<(String, String)> = chosen
        .into_iter()
        // A lone kana is segmentation debris; a lone kanji (駅, 犬) is a word.
        .filter(|term| term.surface.chars().count() > 1 || !is_kana_text(&term.surface))
        .map(|term| (term.text.clone(), to_katakana(&term.reading)))
        .collect();
    // Kana the segmenter cuts badly (りこんとどけ → りこ|ん|とどけ) still has a reading
    // that a kanji phrasing shares (離婚届 = リコントドケ): keep each kana stretch whole.
    // Only stretches holding a noun: the rest is the question's frame (どこでできますか).
    let in_stretch = |c: char| crate::analysis::is_hiragana(c) || c == 'ー';
    for stretch in normalized.split(|c: char| !in_stretch(c)) {
        // At the end, と and か are left alone: they end many words (ぱすぽーと).
        let stretch = stretch
            .trim_start_matches('ー')
            .trim_start_matches(PARTICLES)
            .trim_end_matches(TRAILING_PARTICLES);
        if words.iter().any(|(text, _)| text == stretch) {
            continue;
        }
        let holds_noun = || {
            let terms = analyzer.analyze(stretch, crate::MAX_QUERY_CHARS).terms;
            terms.iter().any(|term| !term.predicate)
        };
        if stretch.chars().count() >= KANA_STRETCH_CHARS && holds_noun() {
            words.push((stretch.to_string(), to_katakana(stretch)));
        }
    }
    words.sort();
    words.dedup();
    words
}

/// Particles trimmed from the ends of a kana stretch (のおすすめ → おすすめ).
const PARTICLES: &[char] = &[
    'は', 'が', 'を', 'に', 'で', 'と', 'も', 'へ', 'の', 'や', 'か',
];

const TRAILING_PARTICLES: &[char] = &['は', 'が', 'を', 'に', 'で', 'も', 'へ', 'の', 'や'];

fn is_kana_text(text: &str) -> bool {
    text.chars().all(crate::analysis::is_kana)
}

/// Shortest hiragana stretch kept whole as a key word.
const KANA_STRETCH_CHARS: usize = 4;

/// Groups questions that express the same need (see the module documentation).
/// `is_known` tells whether the FAQ uses a word.
pub fn group_needs(
    questions: &[&str],
    analyzer: &Analyzer,
    is_known: impl Fn(&str) -> bool,
) -> Vec<NeedGroup> {
    let words: Vec<Vec<(String, String)>> =
        questions.iter().map(|q| key_words(q, analyzer)).collect();
    // Whether a key (a reading) belongs to a word the FAQ uses.
    let mut known_keys: std::collections::HashSet<String> = Default::default();

    // One key per word: readings one edit apart (from four characters) share a key.
    let mut canonical: HashMap<String, String> = HashMap::new();
    let mut readings: Vec<&String> = words.iter().flatten().map(|(_, r)| r).collect();
    readings.sort();
    readings.dedup();
    let mut chosen: Vec<&String> = Vec::new();
    for reading in readings {
        let near = chosen.iter().find(|c| {
            reading.chars().count() >= 4 && strsim::levenshtein(c.as_str(), reading) <= 1
        });
        let key = near.map_or_else(|| reading.clone(), |c| c.to_string());
        if near.is_none() {
            chosen.push(reading);
        }
        canonical.insert(reading.clone(), key);
    }
    let keys: Vec<Vec<String>> = words
        .iter()
        .map(|ws| {
            let mut keys: Vec<String> = ws
                .iter()
                .filter_map(|(text, reading)| {
                    let key = canonical.get(reading)?.clone();
                    if is_known(text) {
                        known_keys.insert(key.clone());
                    }
                    Some(key)
                })
                .filter(|key| !key.is_empty())
                .collect();
            keys.sort();
            keys.dedup();
            keys
        })
        .collect();

    // Word weight: rarer across the questions, heavier.
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for question_keys in &keys {
        for key in question_keys {
            *frequency.entry(key).or_default() += 1;
        }
    }
    let total = questions.len() as f32;
    let weight = |key: &str| {
        let df = frequency.get(key).copied().unwrap_or(1) as f32;
        let mut weight = (1.0 + total / df).ln();
        if known_keys.contains(key) {
            weight *= KNOWN_WORD_WEIGHT;
        }
        if key.chars().count() <= 2 {
            // A one-kanji word (畑, 駅: two kana read) names a need less surely.
            weight *= SHORT_WORD_WEIGHT;
        }
        weight
    };

    // Union questions sharing enough weight; candidates come from shared keys.
    let mut parent: Vec<usize> = (0..questions.len()).collect();
    let mut with_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (question, question_keys) in keys.iter().enumerate() {
        for key in question_keys {
            with_key.entry(key).or_default().push(question);
        }
    }
    for (a, a_keys) in keys.iter().enumerate() {
        let a_weight: f32 = a_keys.iter().map(|k| weight(k)).sum();
        let mut others: Vec<usize> = a_keys
            .iter()
            .flat_map(|key| with_key.get(key.as_str()).into_iter().flatten().copied())
            .filter(|&b| b > a)
            .collect();
        others.sort_unstable();
        others.dedup();
        for b in others {
            let b_keys = &keys[b];
            let b_weight: f32 = b_keys.iter().map(|k| weight(k)).sum();
            let shared: f32 = a_keys
                .iter()
                .filter(|k| b_keys.binary_search(k).is_ok())
                .map(|k| weight(k))
                .sum();
            if shared >= SAME_NEED_OVERLAP * a_weight.min(b_weight) {
                union(&mut parent, a, b);
            }
        }
    }

    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for question in 0..questions.len() {
        let root = find(&mut parent, question);
        groups.entry(root).or_default().push(question);
    }
    let mut needs: Vec<NeedGroup> = groups
        .into_values()
        .map(|members| {
            let mut label_counts: HashMap<&str, usize> = HashMap::new();
            for &member in &members {
                for (text, _) in &words[member] {
                    *label_counts.entry(text).or_default() += 1;
                }
            }
            let mut label: Vec<(&str, usize)> = label_counts.into_iter().collect();
            // Most used first; among equals, what the FAQ lacks, then the longer word.
            label.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| is_known(a.0).cmp(&is_known(b.0)))
                    .then_with(|| b.0.chars().count().cmp(&a.0.chars().count()))
                    .then_with(|| a.0.cmp(b.0))
            });
            let phrasings: Vec<&str> = members.iter().map(|&m| questions[m]).collect();
            let mut label: Vec<String> = label
                .into_iter()
                .take(2)
                .map(|(w, _)| w.to_string())
                .collect();
            if label.is_empty() {
                // Nothing to name it by (a greeting, a question of frame words only).
                label.push("(no content words)".to_string());
            }
            NeedGroup {
                label,
                count: members.len(),
                examples: examples(&phrasings),
                members,
            }
        })
        .collect();
    needs.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    needs
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

/// The most frequent distinct phrasings, most frequent first.
fn examples(questions: &[&str]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for question in questions {
        *counts.entry(question.trim()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    ranked
        .into_iter()
        .take(EXAMPLES)
        .map(|(q, _)| q.to_string())
        .collect()
}

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
//!
//! Size: a log is read one record at a time into a [`LogTally`], which keeps each distinct
//! question once with its count (cut at [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS)
//! characters), so memory grows with the number of distinct questions, not with the
//! length of the log. Grouping analyses each distinct question once and compares only
//! questions that share a word heavy enough to matter (a prefix filter: a question can
//! only reach half the weight of another through one of that one's heaviest words); 200,000
//! unanswered questions group in seconds (`benches/report.rs`).

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
    /// The most frequent phrasings (at most three, each at most [`EXAMPLE_CHARS`]
    /// characters).
    pub examples: Vec<String>,
    /// Positions of the group's questions in the list given to [`group_needs`] (or
    /// [`group_need_counts`]).
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
    /// Which entries residents picked from the menu for these questions, most picked
    /// first ([`Engine::record_choice`](crate::Engine::record_choice)).
    pub chosen: Vec<(String, usize)>,
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
    /// Greetings, thanks and other small talk (not counted as questions).
    pub small_talk: usize,
    /// Unanswered needs, most asked first.
    pub unanswered_needs: Vec<NeedGroup>,
    /// Entries by how often they were the answer, most first.
    pub most_asked: Vec<(String, usize)>,
    /// Entries never given as an answer (empty when the entry list was not supplied).
    pub never_asked: Vec<String>,
    /// Ambiguous questions grouped by the entries that competed, most first.
    pub ambiguities: Vec<AmbiguityGroup>,
}

/// Longest example shown for a group, in characters (longer ones end with `…`).
pub const EXAMPLE_CHARS: usize = 80;

/// Summarises `records` with the engine the questions were asked of (its analyzer, its
/// vocabulary and its entries); `top` bounds each ranked list.
pub fn summarize(records: &[LogRecord], engine: &Engine, top: usize) -> LogReport {
    LogTally::from_records(records).summarize(engine, top)
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
    LogTally::from_records(records).summarize_with(analyzer, is_known, entry_ids, top)
}

/// The counts a report is made of, gathered one record at a time: each distinct question
/// (cut at [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) characters) is kept once with how
/// often it was asked, so memory is bounded by the number of distinct questions and
/// entries, however long the log.
///
/// ```
/// use toiawase::query_log::LogReader;
/// use toiawase::report::LogTally;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let engine = toiawase::Engine::build(&toiawase::Corpus::new(vec![toiawase::Entry::new("a", ["住民票"], "x")])?)?;
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("questions.jsonl");
/// # std::fs::write(&path, "")?;
/// let mut reader = LogReader::open(&path)?;
/// let mut tally = LogTally::new();
/// for record in reader.by_ref() {
///     tally.add(&record?);
/// }
/// let report = tally.summarize(&engine, 20);
/// println!("{} questions; {}", report.questions, reader.malformed());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct LogTally {
    questions: usize,
    ambiguous: usize,
    unanswered: usize,
    /// How often each entry was the answer.
    answers: HashMap<String, usize>,
    /// Distinct unanswered questions and their counts.
    unanswered_questions: HashMap<String, usize>,
    /// Per pair of competing entries, the distinct ambiguous questions and their counts.
    competing: HashMap<Vec<String>, HashMap<String, usize>>,
    /// Per question, the entries residents picked from its menu, and how often.
    choices: HashMap<String, HashMap<String, usize>>,
    /// Greetings, thanks and other small talk (neither questions nor needs).
    small_talk: usize,
}

impl LogTally {
    /// An empty tally.
    pub fn new() -> LogTally {
        LogTally::default()
    }

    /// The tally of `records`.
    pub fn from_records(records: &[LogRecord]) -> LogTally {
        let mut tally = LogTally::new();
        for record in records {
            tally.add(record);
        }
        tally
    }

    /// Counts one record.
    pub fn add(&mut self, record: &LogRecord) {
        let question = || cut_question(&record.question);
        if let Some(chosen) = &record.chosen {
            *self
                .choices
                .entry(question())
                .or_default()
                .entry(chosen.clone())
                .or_default() += 1;
            return;
        }
        if record.small_talk.is_some() {
            self.small_talk += 1;
            return;
        }
        self.questions += 1;
        match record.decision {
            Decision::Answer => {
                if let Some(top) = &record.top {
                    *self.answers.entry(top.clone()).or_default() += 1;
                }
            }
            Decision::Ambiguous => {
                self.ambiguous += 1;
                let mut ids: Vec<String> = record
                    .candidates
                    .iter()
                    .take(2)
                    .map(|candidate| candidate.id.clone())
                    .collect();
                ids.sort();
                *self
                    .competing
                    .entry(ids)
                    .or_default()
                    .entry(question())
                    .or_default() += 1;
            }
            Decision::NoMatch => {
                self.unanswered += 1;
                *self.unanswered_questions.entry(question()).or_default() += 1;
            }
        }
    }

    /// The report, with the engine the questions were asked of.
    pub fn summarize(&self, engine: &Engine, top: usize) -> LogReport {
        self.summarize_with(
            engine.analyzer(),
            |word| engine.knows_term(word),
            &engine.entry_ids(),
            top,
        )
    }

    /// The report from parts (see [`summarize_with`]).
    pub fn summarize_with(
        &self,
        analyzer: &Analyzer,
        is_known: impl Fn(&str) -> bool,
        entry_ids: &[&str],
        top: usize,
    ) -> LogReport {
        let mut most_asked: Vec<(String, usize)> = self
            .answers
            .iter()
            .map(|(id, count)| (id.clone(), *count))
            .collect();
        most_asked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        most_asked.truncate(top);
        let never_asked = entry_ids
            .iter()
            .filter(|id| !self.answers.contains_key(**id))
            .map(|id| id.to_string())
            .collect();

        let mut ambiguities: Vec<AmbiguityGroup> = self
            .competing
            .iter()
            .map(|(candidates, questions)| {
                let counted: Vec<(&str, usize)> =
                    questions.iter().map(|(q, &c)| (q.as_str(), c)).collect();
                let mut chosen: HashMap<&str, usize> = HashMap::new();
                for question in questions.keys() {
                    for (id, count) in self.choices.get(question).into_iter().flatten() {
                        *chosen.entry(id.as_str()).or_default() += count;
                    }
                }
                let mut chosen: Vec<(String, usize)> = chosen
                    .into_iter()
                    .map(|(id, count)| (id.to_string(), count))
                    .collect();
                chosen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                AmbiguityGroup {
                    candidates: candidates.clone(),
                    count: questions.values().sum(),
                    examples: examples(&counted),
                    chosen,
                }
            })
            .collect();
        ambiguities.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.candidates.cmp(&b.candidates))
        });
        ambiguities.truncate(top);

        let unanswered: Vec<(&str, usize)> = self
            .unanswered_questions
            .iter()
            .map(|(question, &count)| (question.as_str(), count))
            .collect();
        let mut unanswered_needs = group_need_counts(&unanswered, analyzer, is_known);
        unanswered_needs.truncate(top);
        LogReport {
            questions: self.questions,
            answered: self.answers.values().sum(),
            ambiguous: self.ambiguous,
            unanswered: self.unanswered,
            small_talk: self.small_talk,
            unanswered_needs,
            most_asked,
            never_asked,
            ambiguities,
        }
    }
}

/// A logged question as tallied: trimmed, at most `MAX_QUERY_CHARS` characters (logs
/// written before questions were cut may hold whole pastes).
fn cut_question(question: &str) -> String {
    let question = question.trim();
    match question.char_indices().nth(crate::MAX_QUERY_CHARS) {
        Some((end, _)) => question[..end].to_string(),
        None => question.to_string(),
    }
}

/// The key words of a question: its nouns (or, without nouns, all its content words),
/// each as its analysed text and its katakana reading.
fn key_words(question: &str, analyzer: &Analyzer) -> Vec<(String, String)> {
    let normalized = crate::matching::normalized_question(question);
    let terms = analyzer.analyze_normalized(normalized.clone()).terms;
    // Question words (いつ, どこ) say what kind of answer is wanted, not what about.
    let terms: Vec<_> = terms
        .into_iter()
        .filter(|term| !term.question_word)
        .collect();
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
/// `is_known` tells whether the FAQ uses a word. A question listed several times counts
/// that many times; [`NeedGroup::members`] gives positions in `questions`.
pub fn group_needs(
    questions: &[&str],
    analyzer: &Analyzer,
    is_known: impl Fn(&str) -> bool,
) -> Vec<NeedGroup> {
    let mut distinct: Vec<(&str, usize)> = Vec::new();
    let mut position_of: HashMap<&str, usize> = HashMap::new();
    let mut positions: Vec<Vec<usize>> = Vec::new();
    for (position, question) in questions.iter().enumerate() {
        let index = *position_of.entry(question).or_insert_with(|| {
            distinct.push((question, 0));
            positions.push(Vec::new());
            distinct.len() - 1
        });
        distinct[index].1 += 1;
        positions[index].push(position);
    }
    let mut groups = group_need_counts(&distinct, analyzer, is_known);
    for group in &mut groups {
        let mut members: Vec<usize> = group
            .members
            .iter()
            .flat_map(|&index| positions[index].iter().copied())
            .collect();
        members.sort_unstable();
        group.members = members;
    }
    groups
}

/// [`group_needs`] for distinct questions with their counts (how often each was asked);
/// [`NeedGroup::members`] gives positions in `questions`.
pub fn group_need_counts(
    questions: &[(&str, usize)],
    analyzer: &Analyzer,
    is_known: impl Fn(&str) -> bool,
) -> Vec<NeedGroup> {
    let words: Vec<Vec<(String, String)>> = questions
        .iter()
        .map(|(question, _)| key_words(question, analyzer))
        .collect();
    let keys = KeyTable::new(&words, &is_known);

    // Word weight: rarer across the questions (counted with repeats), heavier.
    let mut frequency = vec![0usize; keys.names.len()];
    for (question_keys, &(_, count)) in keys.of_question.iter().zip(questions) {
        for &key in question_keys {
            frequency[key] += count;
        }
    }
    let total: usize = questions.iter().map(|&(_, count)| count).sum();
    let weights: Vec<f32> = (0..keys.names.len())
        .map(|key| {
            let df = frequency[key].max(1) as f32;
            let mut weight = (1.0 + total as f32 / df).ln();
            if keys.known[key] {
                weight *= KNOWN_WORD_WEIGHT;
            }
            if keys.names[key].chars().count() <= 2 {
                // A one-kanji word (畑, 駅: two kana read) names a need less surely.
                weight *= SHORT_WORD_WEIGHT;
            }
            weight
        })
        .collect();

    let mut parent = union_same_needs(&keys.of_question, &weights);

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
                    *label_counts.entry(text).or_default() += questions[member].1;
                }
            }
            let mut label: Vec<(&str, usize, bool)> = label_counts
                .into_iter()
                .map(|(word, count)| (word, count, is_known(word)))
                .collect();
            // Most used first; among equals, what the FAQ lacks, then the longer word.
            label.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.2.cmp(&b.2))
                    .then_with(|| b.0.chars().count().cmp(&a.0.chars().count()))
                    .then_with(|| a.0.cmp(b.0))
            });
            let phrasings: Vec<(&str, usize)> = members.iter().map(|&m| questions[m]).collect();
            let mut label: Vec<String> = label
                .into_iter()
                .take(2)
                .map(|(word, _, _)| word.to_string())
                .collect();
            if label.is_empty() {
                // Nothing to name it by (a greeting, a question of frame words only).
                label.push("(no content words)".to_string());
            }
            NeedGroup {
                label,
                count: phrasings.iter().map(|&(_, count)| count).sum(),
                examples: examples(&phrasings),
                members,
            }
        })
        .collect();
    needs.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    needs
}

/// The key words of the questions as numbered keys: readings one edit apart (from four
/// characters) share a key.
struct KeyTable {
    /// Each key's reading.
    names: Vec<String>,
    /// Whether the key belongs to a word the FAQ uses.
    known: Vec<bool>,
    /// Each question's keys, sorted, without repeats.
    of_question: Vec<Vec<usize>>,
}

impl KeyTable {
    fn new(words: &[Vec<(String, String)>], is_known: impl Fn(&str) -> bool) -> KeyTable {
        let mut readings: Vec<&str> = words
            .iter()
            .flatten()
            .map(|(_, reading)| reading.as_str())
            .collect();
        readings.sort_unstable();
        readings.dedup();
        // Each reading's key: the first key (in sorted order) within one edit, found through
        // the one-deletion variants both share, or a new key.
        let mut names: Vec<String> = Vec::new();
        let mut near = NearIndex::with_capacity(readings.len() * 6);
        let mut key_of: HashMap<&str, usize> = HashMap::with_capacity(readings.len());
        let mut variants = Vec::new();
        for reading in readings {
            let chars: Vec<char> = reading.chars().collect();
            deletion_variants(&chars, &mut variants);
            let existing = if chars.len() >= 4 {
                variants
                    .iter()
                    .flat_map(|&variant| near.keys(variant))
                    .filter(|&key| strsim::levenshtein(&names[key], reading) <= 1)
                    .min()
            } else {
                None
            };
            let key = existing.unwrap_or_else(|| {
                names.push(reading.to_string());
                let key = names.len() - 1;
                for &variant in &variants {
                    near.insert(variant, key);
                }
                key
            });
            key_of.insert(reading, key);
        }
        let mut known = vec![false; names.len()];
        let of_question = words
            .iter()
            .map(|question_words| {
                let mut keys: Vec<usize> = question_words
                    .iter()
                    .filter_map(|(text, reading)| {
                        let key = *key_of.get(reading.as_str())?;
                        if !known[key] && is_known(text) {
                            known[key] = true;
                        }
                        (!names[key].is_empty()).then_some(key)
                    })
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect();
        KeyTable {
            names,
            known,
            of_question,
        }
    }
}

/// Keys by the hashes of their one-deletion variants: a hash map from a variant to the
/// first key holding it, and the other keys holding it chained behind (most variants
/// belong to one key, so this stays small and allocates little).
struct NearIndex {
    first: HashMap<u64, u32, std::hash::BuildHasherDefault<PrehashedU64>>,
    /// Per entry: the key and the next entry of the same variant (`u32::MAX` for none).
    entries: Vec<(u32, u32)>,
}

impl NearIndex {
    fn with_capacity(capacity: usize) -> NearIndex {
        NearIndex {
            first: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            entries: Vec::new(),
        }
    }

    fn insert(&mut self, variant: u64, key: usize) {
        let entry = self.entries.len() as u32;
        match self.first.entry(variant) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert(entry);
                self.entries.push((key as u32, u32::MAX));
            }
            std::collections::hash_map::Entry::Occupied(mut occupied) => {
                // Keys come in increasing order; any order does for finding the least.
                let next = std::mem::replace(occupied.get_mut(), entry);
                self.entries.push((key as u32, next));
            }
        }
    }

    fn keys(&self, variant: u64) -> impl Iterator<Item = usize> + '_ {
        let mut entry = self.first.get(&variant).copied().unwrap_or(u32::MAX);
        std::iter::from_fn(move || {
            let (key, next) = *self.entries.get(entry as usize)?;
            entry = next;
            Some(key as usize)
        })
    }
}

/// A hasher for keys that are already well-mixed hashes.
#[derive(Default)]
struct PrehashedU64(u64);

impl std::hash::Hasher for PrehashedU64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// Hashes of a reading and of each reading one character shorter (two readings within one
/// edit share at least one), written to `out`: polynomial hashes, so that all of them take
/// time linear in the reading's length, then mixed.
fn deletion_variants(chars: &[char], out: &mut Vec<u64>) {
    const BASE: u64 = 0x100_0000_01b3;
    let mix = |mut h: u64, length: usize| {
        // splitmix64's finalizer, with the length folded in.
        h ^= (length as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    };
    let n = chars.len();
    // prefix[i]: hash of chars[..i]; suffix[i]: hash of chars[i..]; power[i] = BASE^i.
    let mut prefix = vec![0u64; n + 1];
    let mut power = vec![1u64; n + 1];
    for (i, &c) in chars.iter().enumerate() {
        prefix[i + 1] = prefix[i].wrapping_mul(BASE).wrapping_add(u64::from(c) + 1);
        power[i + 1] = power[i].wrapping_mul(BASE);
    }
    let mut suffix = vec![0u64; n + 1];
    for i in (0..n).rev() {
        suffix[i] = (u64::from(chars[i]) + 1)
            .wrapping_mul(power[n - 1 - i])
            .wrapping_add(suffix[i + 1]);
    }
    out.clear();
    out.push(mix(prefix[n], n));
    for skip in 0..n {
        // chars[..skip] followed by chars[skip + 1..].
        let hash = prefix[skip]
            .wrapping_mul(power[n - 1 - skip])
            .wrapping_add(suffix[skip + 1]);
        out.push(mix(hash, n - 1));
    }
    out.sort_unstable();
    out.dedup();
}

/// Union-find parents after joining every two questions whose shared keys carry at least
/// [`SAME_NEED_OVERLAP`] of the lighter one's weight.
///
/// Questions with the same keys are joined at once; then each distinct key set `a` looks
/// for heavier (or equal) sets `b` it may join. `b` must share half of `a`'s weight, so it
/// must hold one of `a`'s heaviest keys — those that leave less than half of the weight
/// when taken away (the prefix of a prefix filter). Only sets listed under those keys are
/// compared, and not at all when already joined.
fn union_same_needs(keys: &[Vec<usize>], weights: &[f32]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    let mut by_set: HashMap<&[usize], Vec<usize>> = HashMap::new();
    for (question, question_keys) in keys.iter().enumerate() {
        if !question_keys.is_empty() {
            by_set.entry(question_keys).or_default().push(question);
        }
    }
    let mut sets: Vec<(&[usize], usize)> = by_set
        .into_values()
        .map(|questions| {
            for &other in &questions[1..] {
                union(&mut parent, questions[0], other);
            }
            (keys[questions[0]].as_slice(), questions[0])
        })
        .collect();
    // A fixed order, whatever the hash map's.
    sets.sort_unstable_by_key(|&(_, question)| question);
    let set_weight: Vec<f32> = sets
        .iter()
        .map(|(set, _)| set.iter().map(|&key| weights[key]).sum())
        .collect();
    let mut with_key: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, (set, _)) in sets.iter().enumerate() {
        for &key in *set {
            with_key.entry(key).or_default().push(index);
        }
    }
    let mut seen = vec![usize::MAX; sets.len()];
    for (a, &(a_keys, a_question)) in sets.iter().enumerate() {
        let a_weight = set_weight[a];
        let needed = SAME_NEED_OVERLAP * a_weight;
        let mut heaviest: Vec<usize> = a_keys.to_vec();
        heaviest.sort_by(|&x, &y| weights[y].total_cmp(&weights[x]).then(x.cmp(&y)));
        let mut rest = a_weight;
        // Stop only once what is left is clearly short of the half (a margin for rounding).
        let prefix = heaviest
            .iter()
            .take_while(|&&key| {
                let take = rest >= needed * 0.999;
                rest -= weights[key];
                take
            })
            .copied()
            .collect::<Vec<_>>();
        for key in prefix {
            for &b in with_key.get(&key).into_iter().flatten() {
                if seen[b] == a || b == a {
                    continue;
                }
                seen[b] = a;
                let b_weight = set_weight[b];
                let lighter_or_first = a_weight < b_weight || (a_weight == b_weight && a < b);
                if !lighter_or_first {
                    continue;
                }
                let (a_root, b_root) =
                    (find(&mut parent, a_question), find(&mut parent, sets[b].1));
                if a_root == b_root {
                    continue;
                }
                let b_keys = sets[b].0;
                let shared: f32 = a_keys
                    .iter()
                    .filter(|k| b_keys.binary_search(k).is_ok())
                    .map(|&k| weights[k])
                    .sum();
                if shared >= SAME_NEED_OVERLAP * a_weight.min(b_weight) {
                    union(&mut parent, a_root, b_root);
                }
            }
        }
    }
    parent
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

/// The most frequent distinct phrasings, most frequent first (then in text order), each
/// at most [`EXAMPLE_CHARS`] characters.
fn examples(questions: &[(&str, usize)]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &(question, count) in questions {
        *counts.entry(question.trim()).or_default() += count;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    ranked
        .into_iter()
        .take(EXAMPLES)
        .map(
            |(question, _)| match question.char_indices().nth(EXAMPLE_CHARS) {
                Some((end, _)) => format!("{}…", &question[..end]),
                None => question.to_string(),
            },
        )
        .collect()
}

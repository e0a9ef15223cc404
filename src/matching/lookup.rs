//! From an analysed question to query words resolved against the index.
//!
//! Each word is looked up, cheapest first: exact term (or synonym) → reading → compound
//! parts → fuzzy. Before that, two repairs undo IPADIC's over-segmentation: adjacent words
//! whose concatenation is a known term or reading are merged (`住民|表` reads as 住民票),
//! and kana runs are re-segmented against the corpus's readings (see [`super::kana`]).

use super::fuzzy::{self, Anchor};
use super::kana::{self, KanaRun};
use crate::analysis::{Analysis, Analyzer, Term, is_kana, to_katakana};
use crate::index::Index;
use crate::response::MatchKind;

/// How much each kind of match is worth, relative to an exact match.
pub(crate) const EXACT: f32 = 1.0;
pub(crate) const SYNONYM: f32 = 0.95;
pub(crate) const READING: f32 = 0.9;
/// A reading match for a word written in kanji is a homophone more often than a variant.
pub(crate) const KANJI_READING: f32 = 0.75;
pub(crate) const PART: f32 = 0.8;
pub(crate) const FUZZY_ONE: f32 = 0.8;
pub(crate) const FUZZY_TWO: f32 = 0.6;

/// Longest unexplained kana stretch (in characters) looked up fuzzily.
const MAX_STRETCH_FUZZY_CHARS: usize = 7;

/// Longest kana run (in characters) that is also tried as one misspelt word.
const WHOLE_RUN_FUZZY_CHARS: usize = 8;

/// Most index terms one fuzzy lookup may return.
const FUZZY_LIMIT: usize = 4;

/// An index term a query word may stand for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    pub term: u32,
    pub kind: MatchKind,
    pub quality: f32,
}

/// One word of the question with the index terms it may stand for.
#[derive(Debug, Clone)]
pub(crate) struct QueryWord {
    /// As written in the normalized question.
    pub surface: String,
    pub span: std::ops::Range<usize>,
    pub candidates: Vec<Candidate>,
    /// The analysed term, when the word came from segmentation.
    term: Option<Term>,
}

impl QueryWord {
    fn from_term(term: Term) -> Self {
        QueryWord {
            surface: term.surface.clone(),
            span: term.span.clone(),
            candidates: Vec::new(),
            term: Some(term),
        }
    }

    /// Whether the word is a verb or adjective (its weight is lower).
    pub fn is_predicate(&self) -> bool {
        self.term.as_ref().is_some_and(|term| term.predicate)
    }

    /// Whether the word came from the segmenter (not from a kana stretch no reading explains).
    pub fn is_segmented(&self) -> bool {
        self.term.is_some()
    }

    fn is_resolved(&self) -> bool {
        !self.candidates.is_empty()
    }

    /// Resolved exactly to a term that is a word of its own somewhere in the corpus.
    fn is_solid(&self, index: &Index) -> bool {
        self.candidates.iter().any(|candidate| {
            matches!(candidate.kind, MatchKind::Exact | MatchKind::Synonym)
                && index.data.terms[candidate.term as usize].whole
        })
    }

    fn add(&mut self, term: u32, kind: MatchKind, quality: f32) {
        match self.candidates.iter_mut().find(|c| c.term == term) {
            Some(existing) if existing.quality >= quality => {}
            Some(existing) => {
                existing.kind = kind;
                existing.quality = quality;
            }
            None => self.candidates.push(Candidate {
                term,
                kind,
                quality,
            }),
        }
    }
}

/// Resolves every content word of `analysis` against `index`.
pub(crate) fn resolve(analyzer: &Analyzer, index: &Index, analysis: &Analysis) -> Vec<QueryWord> {
    let mut words: Vec<QueryWord> = analysis
        .terms
        .iter()
        .cloned()
        .map(QueryWord::from_term)
        .collect();
    for word in &mut words {
        resolve_directly(index, word);
    }
    merge_split_words(index, &analysis.normalized, &mut words);
    for run in kana::kana_runs(&analysis.normalized) {
        resegment_kana_run(index, &analysis.normalized, &run, &mut words);
    }
    words.sort_by_key(|word| word.span.start);

    let mut resolved = Vec::with_capacity(words.len());
    for mut word in words {
        if word.is_resolved() {
            resolved.push(word);
            continue;
        }
        let parts = resolve_parts(analyzer, index, &word);
        if parts.iter().any(QueryWord::is_resolved) {
            resolved.extend(parts.into_iter().filter(QueryWord::is_resolved));
            continue;
        }
        // A long unexplained kana stretch is a phrase (どうすればいいですか), not one
        // misspelt word: not worth a fuzzy lookup.
        if word.is_segmented() || word.surface.chars().count() <= MAX_STRETCH_FUZZY_CHARS {
            resolve_fuzzily(index, &mut word);
        }
        resolved.push(word);
    }
    dedup(&mut resolved);
    resolved
}

/// Exact term, synonym and reading lookups.
fn resolve_directly(index: &Index, word: &mut QueryWord) {
    let Some(term) = word.term.clone() else {
        return;
    };
    if let Some(id) = index.term_id(&term.text) {
        let (kind, quality) = if term.synonym {
            (MatchKind::Synonym, SYNONYM)
        } else {
            (MatchKind::Exact, EXACT)
        };
        word.add(id, kind, quality);
    }
    if term.surface != term.text
        && let Some(id) = index.term_id(&term.surface)
    {
        word.add(id, MatchKind::Exact, EXACT);
    }
    let written_in_kana = term.surface.chars().all(is_kana);
    let quality = if written_in_kana {
        READING
    } else {
        KANJI_READING
    };
    let mut readings = vec![term.reading.as_str(), term.surface_reading.as_str()];
    let folded = to_katakana(&term.surface);
    if written_in_kana {
        readings.push(&folded);
    }
    for reading in readings {
        for &id in index.terms_with_reading(reading) {
            word.add(id, MatchKind::Reading, quality);
        }
    }
}

/// Merges runs of two or three adjacent words when together they form a known term or
/// reading and at least one of them is not already a solid match on its own.
fn merge_split_words(index: &Index, text: &str, words: &mut Vec<QueryWord>) {
    let mut i = 0;
    while i < words.len() {
        let mut merged = false;
        for width in [3, 2] {
            let Some(group) = words.get(i..i + width) else {
                continue;
            };
            // Words may be separated only by what the analyzer dropped from inside a word
            // (a prefix such as 大 in 祖大ごみ), never by kana, spaces or punctuation.
            let joined = group.windows(2).all(|pair| {
                text.get(pair[0].span.end..pair[1].span.start)
                    .is_some_and(|gap| gap.chars().all(|c| c.is_alphabetic() && !is_kana(c)))
            });
            if !joined || group.iter().all(|word| word.is_solid(index)) {
                continue;
            }
            let span = group[0].span.start..group[width - 1].span.end;
            let Some(surface) = text.get(span.clone()) else {
                continue;
            };
            // Typed in kana, the stretch is its own reading; in kanji, the words' readings
            // joined (住民 + 表 → ジュウミンヒョウ).
            let reading: String = if surface.chars().all(is_kana) {
                to_katakana(surface)
            } else {
                group
                    .iter()
                    .map(|word| {
                        word.term
                            .as_ref()
                            .map_or("", |t| t.surface_reading.as_str())
                    })
                    .collect()
            };
            let mut candidate = QueryWord {
                surface: surface.to_string(),
                span: span.clone(),
                candidates: Vec::new(),
                term: None,
            };
            if let Some(id) = index.term_id(surface) {
                candidate.add(id, MatchKind::Exact, EXACT);
            }
            for &id in index.terms_with_reading(&reading) {
                candidate.add(id, MatchKind::Reading, KANJI_READING);
            }
            // A typo inside a word makes IPADIC split it into single characters
            // (扇風器 → 扇|風|器): look the whole stretch up fuzzily (anchored: a guess).
            let fragmented = group.iter().any(|word| !word.is_resolved())
                || (group.iter().any(|word| word.surface.chars().count() == 1)
                    && !group.iter().any(|word| word.is_solid(index)));
            if !candidate.is_resolved() && fragmented {
                // By text only, unless typed in kana: see `resolve_fuzzily`.
                let kana_reading = if surface.chars().all(is_kana) {
                    reading.as_str()
                } else {
                    ""
                };
                add_fuzzy(
                    index,
                    &mut candidate,
                    surface,
                    kana_reading,
                    Anchor::FirstChar,
                );
                if !candidate.is_resolved() {
                    // A slip in the first character (祖大ごみ, 往民税): the full scan.
                    add_fuzzy(index, &mut candidate, surface, kana_reading, Anchor::None);
                }
                candidate
                    .candidates
                    .retain(|c| index.data.terms[c.term as usize].whole);
            }
            if candidate.is_resolved() {
                words.splice(i..i + width, [candidate]);
                merged = true;
                break;
            }
        }
        if !merged {
            i += 1;
        }
    }
}

/// Replaces the words inside a kana run by the run's segmentation into known readings when
/// that explains more of it, and turns what stays unexplained into one word for the fuzzy
/// lookup.
fn resegment_kana_run(index: &Index, text: &str, run: &KanaRun, words: &mut Vec<QueryWord>) {
    let inside = |word: &QueryWord| word.span.start >= run.start && word.span.end <= run.end;
    let katakana: Vec<char> = run
        .chars
        .iter()
        .map(|&(_, c)| to_katakana_char(c))
        .collect();
    // Two kana that read as a single kanji (とう → 灯, あな → 穴) are too often part of
    // another word (ありがとう, あなた) to count.
    let accept = |group: u64, chars: usize| {
        chars > 2
            || index
                .reading_group(group)
                .iter()
                .any(|&term| index.data.terms[term as usize].text.chars().count() > 1)
    };
    let (hits, reading_score) = kana::segment_readings(index.readings.as_fst(), &katakana, accept);
    let segmenter_score: usize = words
        .iter()
        .filter(|word| inside(word) && word.is_resolved())
        .map(|word| {
            let chars = word.surface.chars().count();
            chars * chars
        })
        .sum();

    // A short run may be one word with a typo (まっとれる for まっとれす): try it whole.
    let (trim_start, trim_end) = trim_particles(&katakana, 0, katakana.len(), run.hiragana);
    let mut whole_run = QueryWord {
        surface: text
            .get(run.byte_at(trim_start)..run.byte_at(trim_end))
            .unwrap_or_default()
            .to_string(),
        span: run.byte_at(trim_start)..run.byte_at(trim_end),
        candidates: Vec::new(),
        term: None,
    };
    let whole_chars = trim_end - trim_start;
    // Not when the run ends a word that starts outside it (燃|えないごみ).
    let straddled = words
        .iter()
        .any(|word| word.span.start < run.end && run.start < word.span.end && !inside(word));
    // A fuzzy match scores at most FUZZY_ONE·n²: skip the lookup when the run is already
    // explained at least that well.
    let best_possible = (FUZZY_ONE * (whole_chars * whole_chars) as f32) as usize;
    let explained = reading_score.max(segmenter_score) >= best_possible;
    if !straddled && !explained && (5..=WHOLE_RUN_FUZZY_CHARS).contains(&whole_chars) {
        let reading: String = katakana[trim_start..trim_end].iter().collect();
        add_fuzzy(index, &mut whole_run, "", &reading, Anchor::FirstChar);
    }
    let whole_run_score = whole_run
        .candidates
        .iter()
        .map(|c| (c.quality * (whole_chars * whole_chars) as f32) as usize)
        .max()
        .unwrap_or(0);
    if whole_run_score > reading_score.max(segmenter_score) {
        words.retain(|word| !inside(word));
        words.push(whole_run);
        return;
    }

    let mut covered = vec![false; katakana.len()];
    if reading_score > segmenter_score {
        words.retain(|word| !inside(word));
        for hit in hits {
            let span = run.byte_at(hit.start)..run.byte_at(hit.end);
            let mut word = QueryWord {
                surface: text.get(span.clone()).unwrap_or_default().to_string(),
                span,
                candidates: Vec::new(),
                term: None,
            };
            for &id in index.reading_group(hit.group) {
                word.add(id, MatchKind::Reading, READING);
            }
            covered[hit.start..hit.end].fill(true);
            words.push(word);
        }
    } else {
        for word in words
            .iter()
            .filter(|word| inside(word) && word.is_resolved())
        {
            for (i, &(offset, _)) in run.chars.iter().enumerate() {
                if word.span.contains(&offset) {
                    covered[i] = true;
                }
            }
        }
    }

    // Unexplained stretches that held an unresolved word become one word each.
    let mut start = 0;
    while start < katakana.len() {
        if covered[start] {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < katakana.len() && !covered[end] {
            end += 1;
        }
        let span = run.byte_at(start)..run.byte_at(end);
        // Only hiragana: the segmenter keeps katakana words whole, so an unknown katakana
        // word is better left as it is (an unknown noun) than turned into a stretch.
        let holds_unresolved = run.hiragana
            && words.iter().any(|word| {
                !word.is_resolved() && word.span.start < span.end && span.start < word.span.end
            });
        if holds_unresolved {
            let (s, e) = trim_particles(&katakana, start, end, run.hiragana);
            words.retain(|word| {
                word.is_resolved() || !(word.span.start < span.end && span.start < word.span.end)
            });
            let trimmed = run.byte_at(s)..run.byte_at(e);
            words.push(QueryWord {
                surface: text.get(trimmed.clone()).unwrap_or_default().to_string(),
                span: trimmed,
                candidates: Vec::new(),
                term: None,
            });
        }
        start = end;
    }
}

/// Drops one particle-like kana from each end of `katakana[start..end]` (folded from a
/// hiragana run: katakana runs have no particles), keeping at least two characters.
fn trim_particles(katakana: &[char], start: usize, end: usize, hiragana: bool) -> (usize, usize) {
    let (mut start, mut end) = (start, end);
    if !hiragana {
        return (start, end);
    }
    if end - start > 2 && kana::is_particle(katakana[start]) {
        start += 1;
    }
    if end - start > 2 && kana::is_particle(katakana[end - 1]) {
        end -= 1;
    }
    (start, end)
}

fn to_katakana_char(c: char) -> char {
    to_katakana(c.encode_utf8(&mut [0u8; 4]))
        .chars()
        .next()
        .unwrap_or(c)
}

/// The parts of an unresolved compound word that the index knows.
fn resolve_parts(analyzer: &Analyzer, index: &Index, word: &QueryWord) -> Vec<QueryWord> {
    let Some(term) = &word.term else {
        return Vec::new();
    };
    crate::index::compound_parts(analyzer, term)
        .into_iter()
        .map(|part| {
            let mut part_word = QueryWord::from_term(part);
            resolve_directly(index, &mut part_word);
            for candidate in &mut part_word.candidates {
                candidate.kind = MatchKind::CompoundPart;
                candidate.quality *= PART;
            }
            part_word
        })
        .collect()
}

/// Fuzzy lookups of the word's text in the term fst and of its reading in the reading fst;
/// the nearest ones win.
fn resolve_fuzzily(index: &Index, word: &mut QueryWord) {
    let text = word
        .term
        .as_ref()
        .map_or(word.surface.clone(), |t| t.text.clone());
    // Readings are compared fuzzily only for words typed in kana: a word written in kanji
    // that IPADIC knows is no typo of a word that merely sounds alike (公園 is not 更新).
    let reading = if word.surface.chars().all(is_kana) {
        to_katakana(&word.surface)
    } else {
        String::new()
    };
    // Stretches of kana no reading explains are guesses: anchored (see `Anchor`).
    let anchor = if word.is_segmented() {
        Anchor::None
    } else {
        Anchor::FirstChar
    };
    add_fuzzy(index, word, &text, &reading, anchor);
}

/// Adds the index terms nearest to `text` (when it is not kana) or to `reading`.
fn add_fuzzy(index: &Index, word: &mut QueryWord, text: &str, reading: &str, anchor: Anchor) {
    let mut found: Vec<(u32, u8)> = Vec::new();
    if !text.chars().all(is_kana) {
        for (_, id, distance) in fuzzy::nearest(&index.terms, text, FUZZY_LIMIT, anchor) {
            found.push((id as u32, distance));
        }
    }
    if !reading.is_empty() && reading.chars().all(is_kana) {
        for (_, group, distance) in fuzzy::nearest(&index.readings, reading, FUZZY_LIMIT, anchor) {
            for &id in index.reading_group(group) {
                found.push((id, distance));
            }
        }
    }
    let Some(nearest) = found.iter().map(|&(_, distance)| distance).min() else {
        return;
    };
    for (id, distance) in found {
        if distance == nearest {
            let quality = if distance == 1 { FUZZY_ONE } else { FUZZY_TWO };
            word.add(id, MatchKind::Fuzzy { distance }, quality);
        }
    }
}

/// Drops words that repeat an earlier word's surface.
fn dedup(words: &mut Vec<QueryWord>) {
    let mut seen = std::collections::HashSet::new();
    words.retain(|word| seen.insert(word.surface.clone()));
}

//! Kana re-read against the corpus's own readings.
//!
//! IPADIC segments kana badly (`じてんしゃ` → `じてん|しゃ`), so kana that it cannot be
//! trusted with is read again, this time against the readings the index knows
//! (`ジテンシャ` = the reading of 自転車), and the reading that explains the kana best wins
//! (see [`crate::analysis`]'s lattice). Two kinds of stretch are re-read:
//! - a kana-only chunk of the question (between spaces or punctuation): readings may start
//!   and end anywhere in it;
//! - in mixed-script text, a run of whole hiragana tokens (`ぺっとぼとる` before 捨てたい):
//!   readings may only start and end where IPADIC's tokens do, so a word is never cut
//!   from its inflection (打て|ます) nor a noun from its prefix (お金).
//!
//! Short readings are weak: two kana count only as a whole word IPADIC also found (なべ),
//! never inside other words (the こん of こんにちは is not ラジコン); no reading may stand for
//! what IPADIC read as particles and auxiliaries only (したい is not 死体), nor cut into a
//! word IPADIC knows (see [`crate::analysis`]'s `may_read_as_word`).

use std::ops::Range;

use super::fuzzy::Anchor;
use super::lookup::{FUZZY_ONE, QueryWord, READING, WordClass, add_fuzzy};
use crate::analysis::{
    Analysis, Analyzer, CharTrie, Edge, TokenSpan, best_path, is_hiragana, kana_chunks,
    may_read_as_word, to_katakana,
};
use crate::index::{FOLDED_MARK, Index};
use crate::response::MatchKind;

/// What a word the lookups found only as a misspelling scores in the re-reading, as a
/// share of an exact reading of the same letters: しきゅうび is 支給日, not a slip for 支給.
const FUZZY_WORD_SHARE: f32 = 0.9;
/// Shortest kana run (in characters) also tried as one misspelt word.
const WHOLE_RUN_FUZZY_MIN: usize = 5;
/// Longest kana run (in characters) also tried as one misspelt word.
const WHOLE_RUN_FUZZY_MAX: usize = 8;

/// Kana to re-read: its characters (folded to katakana) with their byte offsets, and where
/// a reading may start or end.
pub(crate) struct Stretch {
    /// Byte offset of each character, then of the stretch's end.
    offsets: Vec<usize>,
    katakana: Vec<char>,
    /// `cuts[i]`: whether a reading may start or end before character `i`.
    cuts: Vec<bool>,
    hiragana: bool,
    /// A kana-only chunk (readings may start and end anywhere).
    free: bool,
}

impl Stretch {
    fn span(&self) -> Range<usize> {
        self.offsets[0]..self.offsets[self.katakana.len()]
    }

    fn bytes(&self, chars: Range<usize>) -> Range<usize> {
        self.offsets[chars.start]..self.offsets[chars.end]
    }

    fn position(&self, byte: usize) -> Option<usize> {
        self.offsets.binary_search(&byte).ok()
    }

    fn new(text: &str, span: Range<usize>, cuts_at: Option<&[usize]>) -> Option<Stretch> {
        let piece = text.get(span.clone())?;
        let offsets: Vec<usize> = piece
            .char_indices()
            .map(|(offset, _)| span.start + offset)
            .chain(std::iter::once(span.end))
            .collect();
        let katakana: Vec<char> = to_katakana(piece).chars().collect();
        let cuts = match cuts_at {
            None => vec![true; offsets.len()],
            Some(boundaries) => offsets.iter().map(|o| boundaries.contains(o)).collect(),
        };
        Some(Stretch {
            hiragana: piece.chars().any(is_hiragana),
            offsets,
            katakana,
            cuts,
            free: cuts_at.is_none(),
        })
    }
}

/// The stretches of a question to re-read (see the module documentation).
pub(crate) fn stretches(analysis: &Analysis) -> Vec<Stretch> {
    let text = &analysis.normalized;
    let chunks = kana_chunks(text);
    let mut out: Vec<Stretch> = chunks
        .iter()
        .filter_map(|chunk| Stretch::new(text, chunk.clone(), None))
        .collect();
    // Runs of whole hiragana tokens in mixed-script text.
    let in_chunk = |span: &Range<usize>| {
        chunks
            .iter()
            .any(|chunk| chunk.start <= span.start && span.end <= chunk.end)
    };
    let hiragana_token = |span: &Range<usize>| {
        text.get(span.clone())
            .is_some_and(|s| s.chars().all(|c| is_hiragana(c) || c == 'ー'))
    };
    let tokens = &analysis.tokens;
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len()
            && hiragana_token(&tokens[j].span)
            && !in_chunk(&tokens[j].span)
            && (j == i || tokens[j - 1].span.end == tokens[j].span.start)
        {
            j += 1;
        }
        if j > i + 1 {
            let span = tokens[i].span.start..tokens[j - 1].span.end;
            let boundaries: Vec<usize> = tokens[i..j]
                .iter()
                .map(|t| t.span.start)
                .chain(std::iter::once(span.end))
                .collect();
            out.extend(Stretch::new(text, span, Some(&boundaries)));
        }
        i = j.max(i + 1);
    }
    out
}

/// What a piece of a stretch is read as.
enum Piece {
    /// A word already found (by the analyzer or an earlier lookup), kept as it is.
    Word(usize),
    /// A token the analyzer read as no word (a particle, the frame).
    Function,
    /// A reading of the index: reading group `group`.
    Reading(u64),
}

/// Re-reads `stretch` against the index's readings and replaces the words inside it by
/// the best reading, when that reading uses the corpus's words.
pub(crate) fn reread(
    _analyzer: &Analyzer,
    index: &Index,
    analysis: &Analysis,
    stretch: &Stretch,
    words: &mut Vec<QueryWord>,
) {
    let n = stretch.katakana.len();
    let span = stretch.span();
    let mut edges: Vec<Edge<Piece>> = Vec::new();

    // What the analyzer and the earlier lookups found: preferred on equal scores.
    for (index_of_word, word) in words.iter().enumerate() {
        let (Some(start), Some(end)) = (
            stretch.position(word.span.start),
            stretch.position(word.span.end),
        ) else {
            continue;
        };
        let len = (end - start) as f32;
        let fuzzy_only = word
            .candidates
            .iter()
            .all(|candidate| matches!(candidate.kind, MatchKind::Fuzzy { .. }));
        let score = match (word.is_resolved(), end - start) {
            // An exact reading of the same letters explains them better than a misspelling.
            (true, _) if fuzzy_only => FUZZY_WORD_SHARE * len * len,
            (true, _) => len * len,
            (false, 1) => 0.25,
            (false, _) => len * len / 2.0,
        };
        edges.push(Edge {
            start,
            end,
            score,
            what: Piece::Word(index_of_word),
        });
    }
    let inside: Vec<TokenSpan> = analysis
        .tokens
        .iter()
        .filter_map(|token| {
            Some(TokenSpan {
                start: stretch.position(token.span.start)?,
                end: stretch.position(token.span.end)?,
                class: token.class,
                known: token.known,
            })
        })
        .collect();
    for token in &inside {
        if !token.class.is_content() {
            edges.push(Edge {
                start: token.start,
                end: token.end,
                score: (token.end - token.start) as f32,
                what: Piece::Function,
            });
        }
    }
    let mut any_reading = false;
    for hit in reading_hits(index, stretch, analysis.romaji) {
        if !acceptable(index, stretch, &inside, &hit) {
            continue;
        }
        any_reading = true;
        let len = (hit.end - hit.start) as f32;
        edges.push(Edge {
            start: hit.start,
            end: hit.end,
            score: len * len,
            what: Piece::Reading(hit.group),
        });
    }

    let path = best_path(n, &edges);
    let explained: f32 = path.iter().map(|edge| edge.score).sum();
    let uses_reading = path
        .iter()
        .any(|edge| matches!(edge.what, Piece::Reading(_)));

    // A whole kana chunk may be one word with a typo (まっとれる for まっとれす).
    if stretch.free
        && let Some(whole) = whole_run_typo(index, stretch, words, explained)
    {
        words.retain(|word| !(word.span.start >= span.start && word.span.end <= span.end));
        words.push(whole);
        return;
    }
    if !any_reading || !uses_reading {
        return;
    }

    let mut replacement: Vec<QueryWord> = Vec::new();
    let mut covered = vec![false; n];
    for edge in &path {
        covered[edge.start..edge.end].fill(true);
        match edge.what {
            Piece::Word(i) => replacement.push(words[i].clone()),
            Piece::Function => {}
            Piece::Reading(group) => {
                let bytes = stretch.bytes(edge.start..edge.end);
                let surface = analysis.normalized.get(bytes.clone()).unwrap_or_default();
                let mut word = QueryWord::new(surface, bytes, WordClass::Noun);
                for &id in index.reading_group(group) {
                    word.add(id, MatchKind::Reading, READING);
                }
                replacement.push(word);
            }
        }
    }
    // Unexplained hiragana that held a word no reading explains becomes one word each,
    // for the fuzzy lookup (katakana words are left as the segmenter found them).
    let mut start = 0;
    while start < n {
        if covered[start] {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < n && !covered[end] {
            end += 1;
        }
        let bytes = stretch.bytes(start..end);
        let held_word = words
            .iter()
            .any(|word| !word.is_resolved() && word.overlaps(&bytes));
        if stretch.hiragana && held_word && end - start >= 2 {
            let surface = analysis.normalized.get(bytes.clone()).unwrap_or_default();
            replacement.push(QueryWord::new(surface, bytes, WordClass::Stretch));
        }
        start = end;
    }
    words.retain(|word| !(word.span.start >= span.start && word.span.end <= span.end));
    words.extend(replacement);
}

/// Whether a reading found in the stretch may count (see [`may_read_as_word`]), and is
/// not the reading of a single kanji when it has two kana (とう → 灯, あな → 穴: too often
/// part of other words).
fn acceptable(index: &Index, stretch: &Stretch, tokens: &[TokenSpan], hit: &ReadingHit) -> bool {
    if !may_read_as_word(tokens, hit.start, hit.end, stretch.katakana.len()) {
        return false;
    }
    hit.end - hit.start >= 3
        || index
            .reading_group(hit.group)
            .iter()
            .any(|&term| index.data.terms[term as usize].text.chars().count() > 1)
}

/// The stretch as one misspelt word, when that explains it better than its reading.
fn whole_run_typo(
    index: &Index,
    stretch: &Stretch,
    words: &[QueryWord],
    explained: f32,
) -> Option<QueryWord> {
    let n = stretch.katakana.len();
    // Drop one particle-like kana from the end (すいはんぎを → すいはんぎ).
    let end = if stretch.hiragana && n > 2 && is_particle(stretch.katakana[n - 1]) {
        n - 1
    } else {
        n
    };
    let chars = end as f32;
    let best_possible = FUZZY_ONE * chars * chars;
    // Not when the chunk is already explained at least that well, nor when it is the
    // ending of a word that starts outside it.
    let span = stretch.span();
    let straddled = words.iter().any(|word| {
        word.overlaps(&span) && (word.span.start < span.start || word.span.end > span.end)
    });
    if straddled
        || explained >= best_possible
        || !(WHOLE_RUN_FUZZY_MIN..=WHOLE_RUN_FUZZY_MAX).contains(&end)
    {
        return None;
    }
    let reading: String = stretch.katakana[..end].iter().collect();
    let bytes = stretch.bytes(0..end);
    let mut word = QueryWord::new(&reading, bytes, WordClass::Noun);
    add_fuzzy(index, &mut word, "", false, &reading, Anchor::FirstChar);
    let score = word
        .candidates
        .iter()
        .map(|c| c.quality * chars * chars)
        .fold(0.0f32, f32::max);
    (score > explained).then_some(word)
}

/// A reading found in a stretch: characters `start..end`, and the reading group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ReadingHit {
    start: usize,
    end: usize,
    group: u64,
}

/// Every reading of the index that the stretch holds, starting and ending where the
/// stretch allows, of at least two characters.
/// With `romaji`, also the readings as romaji spells them (see [`FOLDED_MARK`]).
fn reading_hits(index: &Index, stretch: &Stretch, romaji: bool) -> Vec<ReadingHit> {
    let readings = &index.reading_trie;
    let chars = &stretch.katakana;
    let mut hits = Vec::new();
    let folded = romaji
        .then(|| readings.child(CharTrie::ROOT, FOLDED_MARK))
        .flatten();
    let starts = std::iter::once(CharTrie::ROOT).chain(folded);
    for first_node in starts {
        for start in 0..chars.len() {
            if !stretch.cuts[start] {
                continue;
            }
            let mut node = first_node;
            for (offset, &c) in chars[start..].iter().enumerate() {
                let Some(next) = readings.child(node, c) else {
                    break;
                };
                node = next;
                let end = start + offset + 1;
                if end - start >= 2
                    && stretch.cuts[end]
                    && let Some(group) = readings.value(node)
                {
                    hits.push(ReadingHit {
                        start,
                        end,
                        group: u64::from(group),
                    });
                }
            }
        }
    }
    hits
}

/// Kana that are usually particles.
fn is_particle(c: char) -> bool {
    matches!(
        c,
        'ハ' | 'ガ' | 'ヲ' | 'ニ' | 'デ' | 'ト' | 'モ' | 'ヘ' | 'ノ' | 'ヤ' | 'カ' | 'ネ' | 'ヨ'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_in_mixed_text_cuts_only_at_token_boundaries() {
        let text = "ぺっとぼとる捨てたい";
        let stretch = Stretch::new(text, 0..18, Some(&[0, 6, 9, 12, 18])).unwrap();
        assert_eq!(stretch.cuts, [true, false, true, true, true, false, true]);
        assert!(!stretch.free);
    }
}

//! Kana-only stretches of a question, segmented against the corpus's own readings.
//!
//! IPADIC segments hiragana-only text badly (`じてんしゃ` → `じてん|しゃ`), so for each run
//! of kana in a question the matcher also segments the katakana-folded run greedily into
//! readings the index knows (`ジテンシャ` = the reading of 自転車), and keeps whichever of
//! the two segmentations explains more of the run.

use fst::raw::{Fst, Output};

/// A maximal run of kana characters in a text: its byte range and its characters with
/// their byte offsets.
pub(crate) struct KanaRun {
    /// Whether the run is hiragana (else katakana).
    pub hiragana: bool,
    pub start: usize,
    pub end: usize,
    pub chars: Vec<(usize, char)>,
}

impl KanaRun {
    /// Byte offset of character `i` (or of the run's end for `i == len`).
    pub fn byte_at(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.end, |&(offset, _)| offset)
    }
}

/// Runs of at least two kana characters of one script (hiragana or katakana; the long-vowel
/// mark joins either). Katakana words usually reach the segmenter whole, hiragana ones do
/// not, so mixing them in one run would only blur good segments.
pub(crate) fn kana_runs(text: &str) -> Vec<KanaRun> {
    use crate::analysis::{is_hiragana, is_katakana};
    let mut runs = Vec::new();
    let mut current: Vec<(usize, char)> = Vec::new();
    let mut hiragana_run = false;
    let flush = |current: &mut Vec<(usize, char)>, end: usize, runs: &mut Vec<KanaRun>| {
        if current.len() >= 2 {
            runs.push(KanaRun {
                hiragana: is_hiragana(current[0].1),
                start: current[0].0,
                end,
                chars: std::mem::take(current),
            });
        } else {
            current.clear();
        }
    };
    for (offset, c) in text.char_indices() {
        let continues = match c {
            'ー' => !current.is_empty(),
            c if is_hiragana(c) => hiragana_run || current.is_empty(),
            c if is_katakana(c) => !hiragana_run || current.is_empty(),
            _ => false,
        };
        if !continues {
            flush(&mut current, offset, &mut runs);
        }
        if crate::analysis::is_kana(c) && !(c == 'ー' && current.is_empty()) {
            if current.is_empty() {
                hiragana_run = is_hiragana(c);
            }
            current.push((offset, c));
        }
    }
    flush(&mut current, text.len(), &mut runs);
    runs
}

/// A reading found in a run: characters `start..end` of the run, and the reading group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadingHit {
    pub start: usize,
    pub end: usize,
    pub group: u64,
}

/// Shortest reading worth matching inside a run: one kana matches particles.
const MIN_READING_CHARS: usize = 2;

/// Segments `katakana` into known readings, maximising the sum of squared match lengths
/// (so one long reading beats several short ones). Characters no reading covers are
/// skipped; `accept(group, chars)` can refuse a hit. Returns the chosen hits in order and
/// their score.
pub(crate) fn segment_readings<D: AsRef<[u8]>>(
    readings: &Fst<D>,
    katakana: &[char],
    accept: impl Fn(u64, usize) -> bool,
) -> (Vec<ReadingHit>, usize) {
    let n = katakana.len();
    // hits_from[i]: readings starting at character i.
    let mut hits_from: Vec<Vec<ReadingHit>> = vec![Vec::new(); n];
    let mut buffer = [0u8; 4];
    for (start, hits) in hits_from.iter_mut().enumerate() {
        let mut node = readings.root();
        let mut output = Output::zero();
        'walk: for (offset, c) in katakana[start..].iter().enumerate() {
            for &byte in c.encode_utf8(&mut buffer).as_bytes() {
                let Some(i) = node.find_input(byte) else {
                    break 'walk;
                };
                let transition = node.transition(i);
                output = output.cat(transition.out);
                node = readings.node(transition.addr);
            }
            let end = start + offset + 1;
            if node.is_final() && end - start >= MIN_READING_CHARS {
                let group = output.cat(node.final_output()).value();
                if accept(group, end - start) {
                    hits.push(ReadingHit { start, end, group });
                }
            }
        }
    }
    // best[i]: best score of a segmentation of the first i characters.
    let mut best = vec![0usize; n + 1];
    let mut choice: Vec<Option<ReadingHit>> = vec![None; n + 1];
    for i in 0..n {
        if best[i] > best[i + 1] {
            best[i + 1] = best[i];
            choice[i + 1] = None;
        }
        for hit in &hits_from[i] {
            let len = hit.end - hit.start;
            let score = best[i] + len * len;
            if score > best[hit.end] {
                best[hit.end] = score;
                choice[hit.end] = Some(*hit);
            }
        }
    }
    let mut hits = Vec::new();
    let mut i = n;
    while i > 0 {
        match choice[i] {
            Some(hit) => {
                hits.push(hit);
                i = hit.start;
            }
            None => i -= 1,
        }
    }
    hits.reverse();
    (hits, best[n])
}

/// Kana that are usually particles, stripped from the ends of an unexplained stretch
/// before it is looked up fuzzily (`スイハンギヲ` → `スイハンギ`).
pub(crate) fn is_particle(c: char) -> bool {
    matches!(
        c,
        'ハ' | 'ガ' | 'ヲ' | 'ニ' | 'デ' | 'ト' | 'モ' | 'ヘ' | 'ノ' | 'ヤ' | 'カ' | 'ネ' | 'ヨ'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fst(keys: &[&str]) -> Fst<Vec<u8>> {
        let mut keys: Vec<&str> = keys.to_vec();
        keys.sort();
        Fst::from_iter_map(keys.into_iter().enumerate().map(|(i, k)| (k, i as u64))).unwrap()
    }

    #[test]
    fn runs_are_split_at_non_kana() {
        let runs = kana_runs("じてんしゃを捨てたい");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].chars.len(), 6);
        assert_eq!(runs[1].chars.len(), 3);
        let runs = kana_runs("マイナンバーカードをなくした");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].chars.len(), 9);
    }

    #[test]
    fn long_readings_win_over_short_ones() {
        let readings = fst(&["ソダイ", "ゴミ", "ソダイゴミ", "ダス"]);
        let chars: Vec<char> = "ソダイゴミノダシカタ".chars().collect();
        let (hits, score) = segment_readings(&readings, &chars, |_, _| true);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].end), (0, 5));
        assert_eq!(score, 25);
    }

    #[test]
    fn unknown_kana_yields_no_hits() {
        let readings = fst(&["ゴミ"]);
        let chars: Vec<char> = "アイウエオ".chars().collect();
        assert_eq!(
            segment_readings(&readings, &chars, |_, _| true),
            (Vec::new(), 0)
        );
    }
}

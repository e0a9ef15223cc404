//! Kana that IPADIC cannot be trusted with, and the small lattice that re-reads it.
//!
//! IPADIC segments kana-only text badly (`じてんしゃ` → `じてん|しゃ`, `にもつ` → `に|もつ`).
//! Residents type kana on phones, so a kana-only *chunk* of a question (a piece between
//! spaces or punctuation) is re-read: the analyzer offers the words it knows by reading
//! (stop words, question words, synonym and user-dictionary words), the matcher also the
//! corpus's own readings, and [`best_path`] picks the reading that explains the chunk best.
//! In mixed-script text IPADIC's boundaries are kept (`打てますか` is 打て|ます|か).

use std::ops::Range;

use super::normalize::{is_kana, is_letter};

/// Byte ranges of the kana-only chunks of `text`: maximal pieces of letters between
/// spaces, punctuation and symbols that hold only hiragana, katakana and `ー`, with at
/// least two characters.
pub(crate) fn kana_chunks(text: &str) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut start: Option<usize> = None;
    let mut all_kana = true;
    let mut chars = 0;
    let mut close = |start: usize, end: usize, all_kana: bool, chars: usize| {
        if all_kana && chars >= 2 {
            chunks.push(start..end);
        }
    };
    for (offset, c) in text.char_indices() {
        let letter = is_letter(c) || c == 'ー';
        match (letter, start) {
            (true, None) => {
                start = Some(offset);
                all_kana = is_kana(c);
                chars = 1;
            }
            (true, Some(_)) => {
                all_kana &= is_kana(c);
                chars += 1;
            }
            (false, Some(begin)) => {
                close(begin, offset, all_kana, chars);
                start = None;
            }
            (false, None) => {}
        }
    }
    if let Some(begin) = start {
        close(begin, text.len(), all_kana, chars);
    }
    chunks
}

/// One way to read characters `start..end` of a stretch, worth `score`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Edge<T> {
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub what: T,
}

/// The edges of the best-scoring reading of `n` characters, in order. Characters no
/// chosen edge covers are skipped (worth nothing). Of equal scores, the edge listed first
/// wins, so callers list their preferred edges first.
pub(crate) fn best_path<T>(n: usize, edges: &[Edge<T>]) -> Vec<&Edge<T>> {
    // best[i]: best score of a reading of the first i characters, and how it ends.
    let mut best: Vec<(f32, Option<usize>)> = vec![(0.0, None); n + 1];
    // The edges that fit, by start (each start's in their order: the sort is stable).
    let mut by_start: Vec<usize> = Vec::with_capacity(edges.len());
    by_start.extend((0..edges.len()).filter(|&index| {
        let edge = &edges[index];
        edge.start < edge.end && edge.end <= n
    }));
    by_start.sort_by_key(|&index| edges[index].start);
    let mut starting = by_start.as_slice();
    for i in 0..n {
        if best[i].0 > best[i + 1].0 {
            best[i + 1] = (best[i].0, None);
        }
        let here = starting
            .iter()
            .take_while(|&&index| edges[index].start == i)
            .count();
        let (here, later) = starting.split_at(here);
        starting = later;
        for &index in here {
            let edge = &edges[index];
            let score = best[i].0 + edge.score;
            if score > best[edge.end].0 + f32::EPSILON {
                best[edge.end] = (score, Some(index));
            }
        }
    }
    let mut path = Vec::new();
    let mut i = n;
    while i > 0 {
        match best[i].1 {
            Some(index) => {
                path.push(&edges[index]);
                i = edges[index].start;
            }
            None => i -= 1,
        }
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_kana_only_pieces_between_spaces_and_punctuation() {
        let text = "じてんしゃ すてたい、自転車を捨てたい ゴミ？ あ";
        let chunks: Vec<&str> = kana_chunks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(chunks, ["じてんしゃ", "すてたい", "ゴミ"]);
    }

    #[test]
    fn the_best_path_prefers_long_words_and_skips_what_nothing_explains() {
        let edge = |start, end, score: f32, what| Edge {
            start,
            end,
            score,
            what,
        };
        let edges = [
            edge(0, 3, 4.5, "じてん"),
            edge(3, 5, 2.0, "しゃ"),
            edge(0, 5, 25.0, "自転車"),
            edge(6, 8, 2.0, "たい"),
        ];
        let path: Vec<&str> = best_path(8, &edges).iter().map(|e| e.what).collect();
        assert_eq!(path, ["自転車", "たい"]);
        // Equal scores: the edge listed first wins.
        let edges = [edge(0, 2, 4.0, "a"), edge(0, 2, 4.0, "b")];
        assert_eq!(best_path(2, &edges)[0].what, "a");
    }
}

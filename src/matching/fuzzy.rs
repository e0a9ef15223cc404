//! Typo tolerance: Levenshtein automata run over the term and reading fsts.
//!
//! The rule, in one place: how many edits a word may have depends on its length in
//! characters — Japanese words are short, so one edit is allowed from three characters of
//! kanji text (炊飯機 → 炊飯器) and from four characters of kana (すいはんぎ → スイハンキ, since
//! kana spell out what kanji compress), two edits from seven and nine characters.
//! Transpositions count as one edit. Fuzzy lookups run only for words that exact, reading
//! and synonym lookups did not resolve.

use std::sync::OnceLock;

use fst::{Automaton, IntoStreamer, Streamer};
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};

use crate::analysis::is_kana;

/// Most edits allowed for a word of `chars` characters.
///
/// ```
/// use toiawase::typo_budget;
/// assert_eq!(typo_budget("炊飯機"), 1);
/// assert_eq!(typo_budget("ごみ"), 0);
/// assert_eq!(typo_budget("スイハンギ"), 1);
/// assert_eq!(typo_budget("マイナンバーカド"), 1);
/// assert_eq!(typo_budget("コクミンケンコウホケン"), 2);
/// ```
pub fn typo_budget(word: &str) -> u8 {
    let chars = word.chars().count();
    let kana = word.chars().all(is_kana);
    match (kana, chars) {
        (false, 0..=2) | (true, 0..=3) => 0,
        (false, 3..=6) | (true, 4..=8) => 1,
        _ => 2,
    }
}

/// Levenshtein automaton builders are costly to create (their tables are precomputed),
/// so one per distance is made once per process.
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    match distance {
        1 => ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true)),
        _ => TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true)),
    }
}

/// Adapts a Levenshtein DFA to fst's automaton interface. With an anchor, keys must also
/// start with the anchor's bytes (the word's first character), which prunes the walk to
/// one subtree of the fst.
struct Lev<'a> {
    dfa: &'a DFA,
    anchor: &'a [u8],
}

/// DFA state, and how many bytes of the key have been read (up to the anchor's length).
type LevState = (u32, usize);

impl Automaton for Lev<'_> {
    type State = LevState;

    fn start(&self) -> LevState {
        (self.dfa.initial_state(), 0)
    }

    fn is_match(&self, state: &LevState) -> bool {
        state.1 >= self.anchor.len() && matches!(self.dfa.distance(state.0), Distance::Exact(_))
    }

    fn can_match(&self, state: &LevState) -> bool {
        state.0 != SINK_STATE
    }

    fn accept(&self, state: &LevState, byte: u8) -> LevState {
        match self.anchor.get(state.1) {
            Some(&expected) if expected != byte => (SINK_STATE, state.1),
            _ => (
                self.dfa.transition(state.0, byte),
                (state.1 + 1).min(self.anchor.len()),
            ),
        }
    }
}

/// Where the edits may fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Anywhere.
    None,
    /// Not in the first character. Used for speculative lookups (a whole kana run, a
    /// merged stretch): a slip in the first character is rarer, and keeping it fixed makes
    /// the lookup scan one subtree of the dictionary instead of all of it.
    FirstChar,
}

/// Keys of `map` within the typo budget of `word` (excluding `word` itself), with their
/// values and distances, nearest first; at most `limit` of them.
pub(crate) fn nearest<D: AsRef<[u8]>>(
    map: &fst::Map<D>,
    word: &str,
    limit: usize,
    anchor: Anchor,
) -> Vec<(String, u64, u8)> {
    let budget = typo_budget(word);
    if budget == 0 {
        return Vec::new();
    }
    let dfa = builder(budget).build_dfa(word);
    let anchor = match anchor {
        Anchor::None => &[][..],
        Anchor::FirstChar => word
            .char_indices()
            .nth(1)
            .map_or(word.as_bytes(), |(second, _)| &word.as_bytes()[..second]),
    };
    let mut found = Vec::new();
    let mut stream = map
        .search_with_state(Lev { dfa: &dfa, anchor })
        .into_stream();
    while let Some((key, value, (state, _))) = stream.next() {
        let Distance::Exact(distance) = dfa.distance(state) else {
            continue;
        };
        // Readings spelt as romaji spells them are not words to correct towards.
        if distance == 0 || key.first() == Some(&(crate::index::FOLDED_MARK as u8)) {
            continue;
        }
        found.push((String::from_utf8_lossy(key).into_owned(), value, distance));
    }
    found.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(keys: &[&str]) -> fst::Map<Vec<u8>> {
        let mut keys: Vec<&str> = keys.to_vec();
        keys.sort();
        fst::Map::from_iter(keys.into_iter().enumerate().map(|(i, k)| (k, i as u64))).unwrap()
    }

    #[test]
    fn kanji_slip_is_one_edit() {
        let terms = map(&["炊飯器", "除湿機", "住民票"]);
        let found = nearest(&terms, "炊飯機", 5, Anchor::None);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0.as_str(), found[0].2), ("炊飯器", 1));
    }

    #[test]
    fn short_words_get_no_typos() {
        let terms = map(&["ごみ", "ごま"]);
        assert!(nearest(&terms, "ごめ", 5, Anchor::None).is_empty());
    }

    #[test]
    fn kana_readings_tolerate_one_edit_and_transpositions() {
        let readings = map(&["スイハンキ", "マットレス"]);
        assert_eq!(
            nearest(&readings, "スイハンギ", 5, Anchor::None)[0].0,
            "スイハンキ"
        );
        assert_eq!(
            nearest(&readings, "マットスレ", 5, Anchor::None)[0].0,
            "マットレス"
        );
    }

    #[test]
    fn anchored_lookups_keep_the_first_character() {
        let readings = map(&["スイハンキ", "ツイハンキ"]);
        let found = nearest(&readings, "スイハンギ", 5, Anchor::FirstChar);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "スイハンキ");
        assert_eq!(
            nearest(&readings, "ズイハンキ", 5, Anchor::FirstChar),
            Vec::new()
        );
    }
}

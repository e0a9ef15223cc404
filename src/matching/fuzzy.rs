//! Typo tolerance: lookups of the words within one or two edits in the index's deletion
//! neighbourhoods (see [`crate::index::Neighbourhoods`]), each candidate checked by its
//! edit distance.
//!
//! The rule, in one place: how many edits a word may have depends on its length in
//! characters — Japanese words are short, so one edit is allowed from three characters of
//! kanji text (炊飯機 → 炊飯器) and from four characters of kana (すいはんぎ → スイハンキ, since
//! kana spell out what kanji compress), two edits from seven and nine characters.
//! Transpositions count as one edit. A slip of voicing, small kana or long vowel (テレピ,
//! ソフア) counts as one edit at any length ([`loose_matches`]). Fuzzy lookups run only for
//! words that exact, reading and synonym lookups did not resolve.

use crate::analysis::{is_kana, loose_kana};
use crate::index::{Dictionary, FOLDED_MARK, Index, Neighbourhoods, deletion_hashes, text_hash};

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

/// Keys of the index's `dictionary` within the typo budget of `word` (excluding `word`
/// itself), as ids (term ids or reading groups) with their distances, nearest first, then
/// in key order; at most `limit` of them.
pub(crate) fn nearest(
    index: &Index,
    dictionary: Dictionary,
    word: &str,
    limit: usize,
    anchor: Anchor,
) -> Vec<(u64, u8)> {
    let budget = typo_budget(word);
    if budget == 0 || word.chars().count() > index.longest_key(dictionary) + usize::from(budget) {
        return Vec::new();
    }
    nearest_within(index, dictionary, word, budget, limit, anchor)
}

/// Keys of the index's `dictionary` within `budget` edits of `word`, as [`nearest`] gives them.
fn nearest_within(
    index: &Index,
    dictionary: Dictionary,
    word: &str,
    budget: u8,
    limit: usize,
    anchor: Anchor,
) -> Vec<(u64, u8)> {
    let key_of = |id: u64| match dictionary {
        Dictionary::Terms => index.data.terms.get(id as usize).map(|t| t.text.as_str()),
        Dictionary::Readings | Dictionary::LooseReadings => {
            index.data.readings.get(id as usize).map(String::as_str)
        }
    };
    let table = &index.data.neighbourhoods;
    by_deletions(table, dictionary, key_of, word, budget, limit, anchor)
}

/// Terms one slip away from a two-kanji word that IPADIC could only cut into single kanji
/// (布|段 for 布団, 時|問 for 時間): too short for [`typo_budget`], so only its second
/// character may differ, and the caller counts the match as a bold guess.
pub(crate) fn nearest_to_split_pair(index: &Index, word: &str, limit: usize) -> Vec<(u64, u8)> {
    if word.chars().count() != 2 {
        return Vec::new();
    }
    nearest_within(index, Dictionary::Terms, word, 1, limit, Anchor::FirstChar)
}

/// Reading groups whose loose form (see [`loose_kana`]) is that of `reading`, other than
/// `reading` itself: one slip of voicing, small kana or long vowel away (テレピ → テレビ).
pub(crate) fn loose_matches(index: &Index, reading: &str) -> Vec<u64> {
    let loose = loose_kana(reading);
    if loose.chars().count() < 2 {
        return Vec::new();
    }
    let mut groups = Vec::new();
    index
        .data
        .neighbourhoods
        .keys_with(text_hash(&loose), Dictionary::LooseReadings, |group| {
            groups.push(group)
        });
    groups.sort_unstable();
    groups.dedup();
    groups.retain(|&group| {
        index.data.readings.get(group as usize).is_some_and(|key| {
            key != reading && !key.starts_with(FOLDED_MARK) && loose_kana(key) == loose
        })
    });
    groups
}

/// The keys within `budget` edits of `word` (see [`crate::index::Neighbourhoods`]),
/// nearest first, then in key order (= id order); at most `limit` of them. `key_of` gives
/// the key of an id.
fn by_deletions<'k>(
    table: &Neighbourhoods,
    dictionary: Dictionary,
    key_of: impl Fn(u64) -> Option<&'k str>,
    word: &str,
    budget: u8,
    limit: usize,
    anchor: Anchor,
) -> Vec<(u64, u8)> {
    let budget = usize::from(budget);
    let mut ids: Vec<u64> = Vec::new();
    // Keys that are, or have a deletion that is, the word or one of its deletions.
    table.keys_with(text_hash(word), dictionary, |id| ids.push(id));
    deletion_hashes(word, budget, |hash| {
        table.keys_with(hash, dictionary, |id| ids.push(id))
    });
    ids.sort_unstable();
    ids.dedup();
    let first = word.chars().next();
    let word: Vec<char> = word.chars().collect();
    let mut key_chars: Vec<char> = Vec::new();
    let mut found: Vec<(u8, u64)> = Vec::new();
    for id in ids {
        let Some(key) = key_of(id) else {
            continue;
        };
        // Readings spelt as romaji spells them are not words to correct towards.
        if key.starts_with(FOLDED_MARK)
            || (anchor == Anchor::FirstChar && key.chars().next() != first)
        {
            continue;
        }
        key_chars.clear();
        key_chars.extend(key.chars());
        if let Some(distance) = edit_distance(&word, &key_chars, budget)
            && distance > 0
        {
            found.push((distance as u8, id));
        }
    }
    found.sort_unstable();
    found.truncate(limit);
    found
        .into_iter()
        .map(|(distance, id)| (id, distance))
        .collect()
}

/// The edit distance of `a` and `b` (substitutions, insertions, deletions, transpositions
/// of adjacent characters: the optimal string alignment distance, as the Levenshtein
/// automata count), when it is at most `max`.
fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; 3 * width];
    let (mut before, mut previous, mut current) = (0, width, 2 * width);
    for (j, cell) in rows[previous..previous + width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[current] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[previous + j] + 1)
                .min(rows[current + j - 1] + 1)
                .min(rows[previous + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before + j - 2] + 1);
            }
            rows[current + j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        (before, previous, current) = (previous, current, before);
    }
    let distance = rows[previous + b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    use fst::{Automaton, IntoStreamer, Streamer};
    use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};

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

    /// Keys of `map` within the typo budget of `word` (excluding `word` itself), with their
    /// values and distances, nearest first; at most `limit` of them: what [`nearest`] returns,
    /// found with a Levenshtein automaton (kept to check the deletion neighbourhoods against).
    fn by_automaton<D: AsRef<[u8]>>(
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
            if distance == 0 || key.first() == Some(&(FOLDED_MARK as u8)) {
                continue;
            }
            found.push((String::from_utf8_lossy(key).into_owned(), value, distance));
        }
        found.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
        found.truncate(limit);
        found
    }

    fn map(keys: &[&str]) -> fst::Map<Vec<u8>> {
        let mut keys: Vec<&str> = keys.to_vec();
        keys.sort();
        fst::Map::from_iter(keys.into_iter().enumerate().map(|(i, k)| (k, i as u64))).unwrap()
    }

    #[test]
    fn kanji_slip_is_one_edit() {
        let terms = map(&["炊飯器", "除湿機", "住民票"]);
        let found = by_automaton(&terms, "炊飯機", 5, Anchor::None);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0.as_str(), found[0].2), ("炊飯器", 1));
    }

    #[test]
    fn short_words_get_no_typos() {
        let terms = map(&["ごみ", "ごま"]);
        assert!(by_automaton(&terms, "ごめ", 5, Anchor::None).is_empty());
    }

    #[test]
    fn kana_readings_tolerate_one_edit_and_transpositions() {
        let readings = map(&["スイハンキ", "マットレス"]);
        assert_eq!(
            by_automaton(&readings, "スイハンギ", 5, Anchor::None)[0].0,
            "スイハンキ"
        );
        assert_eq!(
            by_automaton(&readings, "マットスレ", 5, Anchor::None)[0].0,
            "マットレス"
        );
    }

    #[test]
    fn anchored_lookups_keep_the_first_character() {
        let readings = map(&["スイハンキ", "ツイハンキ"]);
        let found = by_automaton(&readings, "スイハンギ", 5, Anchor::FirstChar);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "スイハンキ");
        assert_eq!(
            by_automaton(&readings, "ズイハンキ", 5, Anchor::FirstChar),
            Vec::new()
        );
    }

    /// The deletion neighbourhoods find what the automaton finds, for one and two edits.
    #[test]
    fn deletion_lookups_agree_with_the_automaton() {
        let alphabet: Vec<char> = "アイウエオカキ炊飯器機".chars().collect();
        let mut random = crate::test_random::Random::new(0x2545_f491_4f6c_dd1d);
        let mut keys: Vec<String> = (0..4000).map(|_| random.word(&alphabet, 1, 11)).collect();
        keys.push("~アイウ".to_string());
        keys.sort();
        keys.dedup();
        let map = fst::Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k, i as u64))).unwrap();
        let table = Neighbourhoods::build(keys.iter().map(String::as_str), std::iter::empty());
        let key_of = |id: u64| keys.get(id as usize).map(String::as_str);
        let mut checked = [0; 3];
        for _ in 0..3000 {
            let word = random.word(&alphabet, 3, 10);
            let budget = typo_budget(&word);
            checked[usize::from(budget)] += 1;
            for anchor in [Anchor::None, Anchor::FirstChar] {
                for limit in [4, 1000] {
                    let expected: Vec<(u64, u8)> = by_automaton(&map, &word, limit, anchor)
                        .into_iter()
                        .map(|(_, id, distance)| (id, distance))
                        .collect();
                    let found = if budget == 0 {
                        Vec::new()
                    } else {
                        by_deletions(
                            &table,
                            Dictionary::Terms,
                            key_of,
                            &word,
                            budget,
                            limit,
                            anchor,
                        )
                    };
                    assert_eq!(found, expected, "{word} {anchor:?}");
                }
            }
        }
        assert!(checked[1] > 100 && checked[2] > 100, "{checked:?}");
    }
}

//! Deletion neighbourhoods of the term and reading dictionaries, for typo lookups without
//! a Levenshtein automaton per word.
//!
//! Two strings are at most *d* edits apart (substitutions, insertions, deletions,
//! transpositions of adjacent characters) only if deleting at most *d* characters from each
//! gives the same string (the "deletion neighbourhood" of SymSpell). So the index keeps,
//! for every key a typo lookup may return, the hashes of the key and of its one- and
//! two-character deletions; a lookup hashes the word and its own deletions, looks them up,
//! and checks each key it finds against the word, so a hash collision only costs that
//! check.
//!
//! Only keys of the lengths a typo lookup can reach are kept (see
//! [`typo_budget`](crate::typo_budget)): for one edit, term texts of 2 to 7 characters
//! (words of 3 to 6 characters that are not all kana) and readings of 3 to 9 (kana words
//! of 4 to 8); for two edits, term texts from 5 characters and readings from 7. Never the
//! readings spelt as romaji spells them ([`FOLDED_MARK`](super::FOLDED_MARK)).
//!
//! The table also keeps the hash of every reading's loose form (see
//! [`loose_kana`](crate::analysis::loose_kana)): a word typed with a slip of voicing, small
//! kana or long vowel (テレピ, ソフア) finds its reading even when it is too short for an
//! edit.

use serde::{Deserialize, Serialize};

use super::FOLDED_MARK;
use crate::analysis::loose_kana;

/// Lengths (in characters) of the term texts kept with their one-character deletions.
const ONE_EDIT_TERM_CHARS: std::ops::RangeInclusive<usize> = 2..=7;
/// Lengths (in characters) of the readings kept with their one-character deletions.
const ONE_EDIT_READING_CHARS: std::ops::RangeInclusive<usize> = 3..=9;
/// Shortest term text kept with its one- and two-character deletions.
const TWO_EDIT_TERM_CHARS: usize = 5;
/// Shortest reading kept with its one- and two-character deletions.
const TWO_EDIT_READING_CHARS: usize = 7;
/// Marks a reading group among the keys (a term id otherwise).
const READING_BIT: u32 = 1 << 31;
/// Marks a reading group found by its loose form (with [`READING_BIT`]).
const LOOSE_BIT: u32 = 1 << 30;
/// Shortest loose form kept.
const LOOSE_CHARS: usize = 2;

/// Which dictionary a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dictionary {
    /// Term texts: a key's id is its term id.
    Terms,
    /// Readings: a key's id is its reading group.
    Readings,
    /// Readings by their loose form: a key's id is its reading group.
    LooseReadings,
}

impl Dictionary {
    /// Which dictionary a stored key belongs to.
    fn of(key: u32) -> Dictionary {
        match (key & READING_BIT != 0, key & LOOSE_BIT != 0) {
            (false, _) => Dictionary::Terms,
            (true, false) => Dictionary::Readings,
            (true, true) => Dictionary::LooseReadings,
        }
    }
}

/// The hashes of the kept keys and of their deletions, each with a key that has it.
///
/// Stored as one block of little-endian bytes (the number of pairs, then the hashes, then
/// the keys), which opening reads in one pass instead of decoding each number.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Neighbourhoods {
    /// Ascending (a hash shared by several keys is repeated).
    hashes: Vec<u32>,
    /// `keys[i]` has a deletion hashed `hashes[i]`: a term id, or a reading group with
    /// [`READING_BIT`] set; ascending among equal hashes.
    keys: Vec<u32>,
}

impl Neighbourhoods {
    /// The neighbourhoods of `terms` and `readings` (each in id order).
    pub(crate) fn build<'k>(
        terms: impl IntoIterator<Item = &'k str>,
        readings: impl IntoIterator<Item = &'k str>,
    ) -> Neighbourhoods {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let terms = terms
            .into_iter()
            .map(|key| (key, ONE_EDIT_TERM_CHARS, TWO_EDIT_TERM_CHARS, 0));
        let readings = readings.into_iter().map(|key| {
            (
                key,
                ONE_EDIT_READING_CHARS,
                TWO_EDIT_READING_CHARS,
                READING_BIT,
            )
        });
        let mut ids = [0u32, 0u32];
        for (key, one_edit, two_edits, bit) in terms.chain(readings) {
            let id = &mut ids[usize::from(bit != 0)];
            let key_ref = *id | bit;
            *id += 1;
            if key.starts_with(FOLDED_MARK) {
                continue;
            }
            if bit == READING_BIT {
                let loose = loose_kana(key);
                if loose.chars().count() >= LOOSE_CHARS {
                    pairs.push((text_hash(&loose), key_ref | LOOSE_BIT));
                }
            }
            let chars = key.chars().count();
            let deletions = if chars >= two_edits {
                2
            } else if one_edit.contains(&chars) {
                1
            } else {
                continue;
            };
            pairs.push((text_hash(key), key_ref));
            deletion_hashes(key, deletions, |hash| pairs.push((hash, key_ref)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let (hashes, keys) = pairs.into_iter().unzip();
        Neighbourhoods { hashes, keys }
    }

    /// Calls `found` with the id of every kept key of `dictionary` that is, or has a
    /// deletion, whose hash is `hash` (and possibly a few more, on a hash collision).
    pub(crate) fn keys_with(&self, hash: u32, dictionary: Dictionary, mut found: impl FnMut(u64)) {
        let start = self.hashes.partition_point(|&h| h < hash);
        let equal = self.hashes[start..]
            .iter()
            .take_while(|&&h| h == hash)
            .count();
        // Checked at open: as many keys as hashes.
        for &key in &self.keys[start..start + equal] {
            if Dictionary::of(key) == dictionary {
                found(u64::from(key & !(READING_BIT | LOOSE_BIT)));
            }
        }
    }

    /// Checks what the matcher relies on: as many keys as hashes, ascending hashes, and
    /// keys naming existing terms and reading groups.
    pub(crate) fn check(&self, terms: usize, groups: usize) -> Result<(), String> {
        if self.hashes.len() != self.keys.len() {
            return Err("neighbourhoods: as many keys as hashes expected".to_string());
        }
        if self.hashes.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err("neighbourhoods: hashes are not ascending".to_string());
        }
        let bad = self.keys.iter().find(|&&key| match Dictionary::of(key) {
            Dictionary::Terms => key as usize >= terms,
            Dictionary::Readings | Dictionary::LooseReadings => {
                (key & !(READING_BIT | LOOSE_BIT)) as usize >= groups
            }
        });
        match bad {
            Some(key) => Err(format!("neighbourhoods: key {key:#x} names nothing")),
            None => Ok(()),
        }
    }
}

impl Serialize for Neighbourhoods {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(4 + 8 * self.hashes.len());
        bytes.extend_from_slice(&(self.hashes.len() as u32).to_le_bytes());
        for value in self.hashes.iter().chain(&self.keys) {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> Deserialize<'de> for Neighbourhoods {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Neighbourhoods;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the neighbourhood table's bytes")
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Neighbourhoods, E> {
                let words = |bytes: &[u8]| -> Vec<u32> {
                    bytes
                        .chunks_exact(4)
                        .map(|word| u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
                        .collect()
                };
                let (count, rest) = bytes
                    .split_first_chunk::<4>()
                    .ok_or_else(|| E::custom("neighbourhoods: no length"))?;
                let count = u32::from_le_bytes(*count) as usize;
                if Some(rest.len()) != count.checked_mul(8) {
                    return Err(E::custom("neighbourhoods: length does not match the table"));
                }
                let (hashes, keys) = rest.split_at(4 * count);
                Ok(Neighbourhoods {
                    hashes: words(hashes),
                    keys: words(keys),
                })
            }
        }
        deserializer.deserialize_bytes(Bytes)
    }
}

/// Calls `each` with the hash of every string made by deleting one character of `text`,
/// and with `deletions` = 2, also two.
pub(crate) fn deletion_hashes(text: &str, deletions: usize, mut each: impl FnMut(u32)) {
    let bytes = text.as_bytes();
    // The hash runs through the bytes in order, so the state after what comes before a
    // deleted character is carried on rather than hashed again for every deletion.
    let mut before = FNV_OFFSET;
    for (at, c) in text.char_indices() {
        let after = at + c.len_utf8();
        each(fnv_finish(fnv_feed(before, &bytes[after..])));
        if deletions >= 2 {
            // The state after the text up to the second deleted character, less the first.
            let mut between = before;
            for (second, d) in text[after..].char_indices() {
                let second = after + second;
                let end = second + d.len_utf8();
                each(fnv_finish(fnv_feed(between, &bytes[end..])));
                between = fnv_feed(between, &bytes[second..end]);
            }
        }
        before = fnv_feed(before, &bytes[at..after]);
    }
}

/// The state 64-bit FNV-1a starts from.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV-1a state after `bytes`, from `state`.
fn fnv_feed(mut state: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        state ^= u64::from(byte);
        state = state.wrapping_mul(0x0100_0000_01b3);
    }
    state
}

/// The 32-bit hash of an FNV-1a state.
fn fnv_finish(state: u64) -> u32 {
    (state ^ (state >> 32)) as u32
}

/// The hash of `text`.
pub(crate) fn text_hash(text: &str) -> u32 {
    hash_parts(&[text.as_bytes()])
}

/// The hash of the concatenated `parts`: 64-bit FNV-1a folded to 32 bits, stable across
/// platforms and Rust versions (the hashes are stored in index files). Collisions only
/// cost a comparison: every key found is checked against the word.
pub(crate) fn hash_parts(parts: &[&[u8]]) -> u32 {
    fnv_finish(
        parts
            .iter()
            .fold(FNV_OFFSET, |state, part| fnv_feed(state, part)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The carried-on hashes are those of the strings with the characters deleted.
    #[test]
    fn deletion_hashes_hash_the_deleted_strings() {
        for text in [
            "",
            "ご",
            "炊飯機",
            "スイハンギ",
            "a粗大ごみ券b",
            "コクミンケンコウホケン",
        ] {
            let chars: Vec<char> = text.chars().collect();
            let without = |skip: &[usize]| -> String {
                (chars.iter().enumerate())
                    .filter(|(i, _)| !skip.contains(i))
                    .map(|(_, c)| c)
                    .collect()
            };
            let mut expected = Vec::new();
            for first in 0..chars.len() {
                expected.push(text_hash(&without(&[first])));
                for second in first + 1..chars.len() {
                    expected.push(text_hash(&without(&[first, second])));
                }
            }
            let mut found = Vec::new();
            deletion_hashes(text, 2, |hash| found.push(hash));
            assert_eq!(found, expected, "{text}");
            let mut found_one = Vec::new();
            deletion_hashes(text, 1, |hash| found_one.push(hash));
            let expected_one: Vec<u32> = (0..chars.len())
                .map(|first| text_hash(&without(&[first])))
                .collect();
            assert_eq!(found_one, expected_one, "{text}");
        }
    }

    #[test]
    fn a_key_is_found_by_the_deletions_it_shares_with_a_word() {
        let table = Neighbourhoods::build(["炊飯器", "住民票"], ["スイハンキ"]);
        let mut found = Vec::new();
        // 炊飯機 and 炊飯器 share the deletion 炊飯.
        deletion_hashes("炊飯機", 1, |hash| {
            table.keys_with(hash, Dictionary::Terms, |id| found.push(id))
        });
        assert_eq!(found, [0]);
        found.clear();
        table.keys_with(text_hash("スイハン"), Dictionary::Readings, |id| {
            found.push(id)
        });
        table.keys_with(text_hash("スイハン"), Dictionary::Terms, |id| {
            found.push(id + 100)
        });
        assert_eq!(found, [0]);
        assert!(table.check(2, 1).is_ok());
        assert!(table.check(2, 0).is_err());
    }

    #[test]
    fn a_damaged_table_is_refused_not_trusted() {
        let table = Neighbourhoods::build(["炊飯器", "住民票"], ["スイハンキ"]);
        let bytes = postcard::to_stdvec(&table).expect("a table serializes");
        let back: Neighbourhoods = postcard::from_bytes(&bytes).expect("its bytes read back");
        assert_eq!(back, table);

        // The pair count must match the bytes that follow it.
        let mut short = table.clone();
        short.keys.pop();
        let bytes = postcard::to_stdvec(&short).expect("a table serializes");
        assert!(postcard::from_bytes::<Neighbourhoods>(&bytes).is_err());

        // Lookups bisect the hashes: out of order, the table is refused.
        let mut unordered = table.clone();
        unordered.hashes.reverse();
        let error = unordered
            .check(2, 1)
            .expect_err("unordered hashes are refused");
        assert!(error.contains("not ascending"), "{error}");

        // A key past the last term or reading group names nothing.
        let mut dangling = table;
        dangling.keys[0] = 7;
        assert!(dangling.check(2, 1).is_err());
    }
}

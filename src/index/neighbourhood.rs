//! Deletion neighbourhoods of the term and reading dictionaries, for typo lookups without
//! a Levenshtein automaton per word.
//!
//! Two strings are at most *d* edits apart (substitutions, insertions, deletions,
//! transpositions of adjacent characters) only if deleting at most *d* characters from each
//! gives the same string (the "deletion neighbourhood" of SymSpell). So the index keeps,
//! for every key a typo lookup may return, the hashes of its one- and two-character
//! deletions; a lookup hashes the word and its own deletions, looks them up (and the
//! deletions themselves in the dictionary), and checks each key it finds against the word,
//! so a hash collision only costs that check.
//!
//! Only keys of the lengths a typo lookup can reach are kept (see
//! [`typo_budget`](crate::typo_budget)): for one edit, term texts of 2 to 7 characters
//! (words of 3 to 6 characters that are not all kana) and readings of 3 to 9 (kana words
//! of 4 to 8); for two edits, term texts from 5 characters and readings from 7. Never the
//! readings spelt as romaji spells them ([`FOLDED_MARK`](super::FOLDED_MARK)).

use serde::{Deserialize, Serialize};

use super::FOLDED_MARK;

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

/// Which dictionary a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dictionary {
    /// Term texts: a key's id is its term id.
    Terms,
    /// Readings: a key's id is its reading group.
    Readings,
}

/// The hashes of the one-character deletions of the kept keys, each with the keys that
/// have it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Neighbourhoods {
    /// Sorted, without repeats.
    hashes: Vec<u64>,
    /// Keys having deletion `hashes[i]`: `keys[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    /// Term ids, and reading groups with [`READING_BIT`] set; ascending within a hash.
    keys: Vec<u32>,
}

impl Neighbourhoods {
    /// The neighbourhoods of `terms` and `readings` (each in id order).
    pub(crate) fn build<'k>(
        terms: impl IntoIterator<Item = &'k str>,
        readings: impl IntoIterator<Item = &'k str>,
    ) -> Neighbourhoods {
        let mut pairs: Vec<(u64, u32)> = Vec::new();
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
            let chars = key.chars().count();
            let deletions = if chars >= two_edits {
                2
            } else if one_edit.contains(&chars) {
                1
            } else {
                continue;
            };
            deletion_hashes(key, deletions, |hash| pairs.push((hash, key_ref)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut table = Neighbourhoods::default();
        for (hash, key) in pairs {
            if table.hashes.last() != Some(&hash) {
                table.offsets.push(table.keys.len() as u32);
                table.hashes.push(hash);
            }
            table.keys.push(key);
        }
        table.offsets.push(table.keys.len() as u32);
        table
    }

    /// Calls `found` with the id of every kept key of `dictionary` having a one-character
    /// deletion whose hash is `hash` (and possibly a few more, on a hash collision).
    pub(crate) fn keys_with(&self, hash: u64, dictionary: Dictionary, mut found: impl FnMut(u64)) {
        let Ok(i) = self.hashes.binary_search(&hash) else {
            return;
        };
        // Checked at open: offsets ascend within `keys`.
        let (start, end) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        for &key in &self.keys[start..end] {
            let reading = key & READING_BIT != 0;
            if reading == (dictionary == Dictionary::Readings) {
                found(u64::from(key & !READING_BIT));
            }
        }
    }

    /// Checks what the matcher relies on: ascending hashes, offsets spanning the keys, and
    /// keys naming existing terms and reading groups.
    pub(crate) fn check(&self, terms: usize, groups: usize) -> Result<(), String> {
        if self.hashes.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err("neighbourhoods: hashes are not ascending".to_string());
        }
        let ascending = self.offsets.windows(2).all(|pair| pair[0] <= pair[1]);
        if self.offsets.len() != self.hashes.len() + 1
            || self.offsets.first() != Some(&0)
            || self.offsets.last().map(|&last| last as usize) != Some(self.keys.len())
            || !ascending
        {
            return Err("neighbourhoods: offsets do not span the keys".to_string());
        }
        let bad = self.keys.iter().find(|&&key| {
            if key & READING_BIT != 0 {
                (key & !READING_BIT) as usize >= groups
            } else {
                key as usize >= terms
            }
        });
        match bad {
            Some(key) => Err(format!("neighbourhoods: key {key:#x} names nothing")),
            None => Ok(()),
        }
    }
}

/// Calls `each` with the hash of every string made by deleting one character of `text`,
/// and with `deletions` = 2, also two.
pub(crate) fn deletion_hashes(text: &str, deletions: usize, mut each: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        let after = at + c.len_utf8();
        each(hash_parts(&[&bytes[..at], &bytes[after..]]));
        if deletions >= 2 {
            for (second, d) in text[after..].char_indices() {
                let second = after + second;
                let end = second + d.len_utf8();
                each(hash_parts(&[
                    &bytes[..at],
                    &bytes[after..second],
                    &bytes[end..],
                ]));
            }
        }
    }
}

/// The hash of `text`.
pub(crate) fn text_hash(text: &str) -> u64 {
    hash_parts(&[text.as_bytes()])
}

/// The hash of the concatenated `parts`: FNV-1a, stable across platforms and Rust
/// versions (the hashes are stored in index files).
fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in parts.iter().copied().flatten() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

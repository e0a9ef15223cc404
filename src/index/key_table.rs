//! Exact lookups of a key among the index's sorted keys (term texts, readings), by hash.
//!
//! The fsts find what they hold by walking a node per byte, which for Japanese text (three
//! bytes a character, wide nodes) costs far more than hashing the key once. The table keeps
//! only positions (4 bytes a slot, at most half full): the keys themselves stay in the
//! index's lists, and a found slot is checked against its key.

use super::text_hash;

/// Marks a slot that holds no key.
const EMPTY: u32 = u32::MAX;

/// An open-addressing hash table from a key to its position in a list of keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable {
    /// Key positions, at the slot of their hash or after it (linear probing); a power of
    /// two long.
    slots: Vec<u32>,
}

impl KeyTable {
    /// The table of `keys`, each standing for its position in the list.
    pub(crate) fn new<'k>(keys: impl ExactSizeIterator<Item = &'k str>) -> KeyTable {
        let len = (2 * keys.len()).next_power_of_two().max(2);
        let mut slots = vec![EMPTY; len];
        let mask = len - 1;
        for (position, key) in keys.enumerate() {
            let mut slot = text_hash(key) as usize & mask;
            while slots[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            slots[slot] = position as u32;
        }
        KeyTable { slots }
    }

    /// The position of the key whose hash is `hash` and for whose position `is_key` holds.
    pub(crate) fn find(&self, hash: u32, is_key: impl Fn(usize) -> bool) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = hash as usize & mask;
        loop {
            match self.slots[slot] {
                EMPTY => return None,
                position if is_key(position as usize) => return Some(position as usize),
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let keys = ["ごみ", "粗大ごみ", "ソダイゴミ", "~ソダイゴミ", "a", ""];
        let table = KeyTable::new(keys.iter().copied());
        let find = |key: &str| table.find(text_hash(key), |position| keys[position] == key);
        for (position, key) in keys.iter().enumerate() {
            assert_eq!(find(key), Some(position), "{key}");
        }
        for missing in ["ごみ箱", "b", "粗大"] {
            assert_eq!(find(missing), None, "{missing}");
        }
        let empty = KeyTable::default();
        assert_eq!(empty.find(text_hash("ごみ"), |_| true), None);
    }
}

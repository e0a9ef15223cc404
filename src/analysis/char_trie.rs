//! A trie of keys by character, for walking readings one kana at a time.
//!
//! An fst walks a node per byte, and a kana is three bytes whose last ones lead to wide
//! nodes: re-reading kana (every start, every end) costs far more there than one hashed
//! step per character. The trie keeps its edges in one open-addressing table.

/// Marks a slot that holds no edge (the root is no node's child).
const EMPTY: u32 = 0;

/// Marks a node where no key ends.
const NO_VALUE: u32 = u32::MAX;

/// Keys by character, each with a value (below `u32::MAX`).
#[derive(Debug, Clone, Default)]
pub(crate) struct CharTrie {
    /// (parent, character, child) edges, at the slot of the hash of (parent, character) or
    /// after it (linear probing); a power of two long, at most half full.
    slots: Vec<(u32, char, u32)>,
    /// The value of the key that ends at each node, or [`NO_VALUE`].
    values: Vec<u32>,
}

impl CharTrie {
    /// The node of the empty key.
    pub(crate) const ROOT: u32 = 0;

    /// The trie of `keys`, each with its value. Of a key given twice, the last value counts.
    pub(crate) fn new<'k>(keys: impl IntoIterator<Item = (&'k str, u32)>) -> CharTrie {
        let mut edges: std::collections::HashMap<(u32, char), u32> =
            std::collections::HashMap::new();
        let mut values = vec![NO_VALUE];
        for (key, value) in keys {
            let mut node = Self::ROOT;
            for c in key.chars() {
                let next = values.len() as u32;
                node = *edges.entry((node, c)).or_insert(next);
                if node == next {
                    values.push(NO_VALUE);
                }
            }
            values[node as usize] = value;
        }
        let len = (2 * edges.len()).next_power_of_two().max(2);
        let mut slots = vec![(Self::ROOT, '\0', EMPTY); len];
        for ((parent, c), child) in edges {
            let mut slot = slot_of(parent, c, len);
            while slots[slot].2 != EMPTY {
                slot = (slot + 1) & (len - 1);
            }
            slots[slot] = (parent, c, child);
        }
        CharTrie { slots, values }
    }

    /// The node reached from `node` by `c`, if any key goes on that way.
    pub(crate) fn child(&self, node: u32, c: char) -> Option<u32> {
        let len = self.slots.len();
        if len == 0 {
            return None;
        }
        let mut slot = slot_of(node, c, len);
        loop {
            match self.slots[slot] {
                (_, _, EMPTY) => return None,
                (parent, edge, child) if parent == node && edge == c => return Some(child),
                _ => slot = (slot + 1) & (len - 1),
            }
        }
    }

    /// The value of the key that ends at `node`, if one does.
    pub(crate) fn value(&self, node: u32) -> Option<u32> {
        self.values
            .get(node as usize)
            .copied()
            .filter(|&value| value != NO_VALUE)
    }
}

/// Where the edge from `parent` by `c` goes in a table of `len` slots (a power of two).
fn slot_of(parent: u32, c: char, len: usize) -> usize {
    let key = u64::from(parent) << 32 | u64::from(c);
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (len - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(trie: &CharTrie, key: &str) -> Option<Option<u32>> {
        let mut node = CharTrie::ROOT;
        for c in key.chars() {
            node = trie.child(node, c)?;
        }
        Some(trie.value(node))
    }

    #[test]
    fn finds_keys_and_their_prefixes_only() {
        let keys = ["ゴミ", "ゴミバコ", "ソダイゴミ", "~ソダイゴミ", "a"];
        let trie = CharTrie::new(keys.iter().copied().zip(0..));
        for (value, key) in keys.iter().enumerate() {
            assert_eq!(find(&trie, key), Some(Some(value as u32)), "{key}");
        }
        assert_eq!(find(&trie, "ゴミバ"), Some(None));
        assert_eq!(find(&trie, ""), Some(None));
        assert_eq!(find(&trie, "ゴミ箱"), None);
        assert_eq!(find(&trie, "b"), None);
        assert_eq!(find(&CharTrie::default(), "ゴミ"), None);
        assert_eq!(CharTrie::default().value(CharTrie::ROOT), None);
    }
}

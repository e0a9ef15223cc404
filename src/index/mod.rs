//! The compiled index: an fst term dictionary, an fst reading dictionary, postings and the
//! statistics the matcher scores with.
//!
//! - `builder` turns a [`Corpus`](crate::Corpus) into an index with an
//!   [`Analyzer`](crate::Analyzer);
//! - `file` saves an index as one checksummed file and opens it again, using the fst bytes
//!   in place.
//!
//! Terms are keyed by their analysed text (base form, synonym canonical form). Documents
//! are the phrasings of every entry, each carrying the entry's keywords.

mod builder;
mod file;
mod key_table;
mod neighbourhood;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, CharTrie, Resources};
use crate::matching::Thresholds;

pub(crate) use builder::{build, split_compound};
pub use file::{FORMAT_VERSION, IndexError, is_index_file};
pub(crate) use file::{decode, encode, write_atomically};
use key_table::KeyTable;
use neighbourhood::hash_parts;
pub(crate) use neighbourhood::{Dictionary, Neighbourhoods, deletion_hashes, text_hash};

/// Readings as romaji spells them (without long vowels: `juminhyo` reads ジュミンヒョ) are
/// kept in the reading fst behind this mark, apart from true readings: only a question
/// typed in romaji looks them up, so that kana input never meets a reading that is not
/// the word's (けたい is not ケータイ).
pub(crate) const FOLDED_MARK: char = '~';

/// Bytes shared by the fst maps and kept alive with them: a range of one buffer, so that
/// an index read from a file uses the fst bytes where they lie.
#[derive(Clone)]
pub(crate) struct SharedBytes {
    buffer: Arc<Vec<u8>>,
    range: Range<usize>,
}

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.buffer[self.range.clone()]
    }
}

/// The role of a term in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Role {
    /// A word of the phrasing.
    Word,
    /// A part of the compound word at this position of the document's term list.
    Part(u32),
    /// Several adjacent words of the phrasing read as one (the positions of the first and
    /// last of them): a short phrasing as a whole (`茶碗陶器製`), or a katakana word IPADIC
    /// cut in two (`セロハン|テープ`). A match on it counts as a match on each of them.
    Span(u32, u32),
    /// One of the entry's keywords: it leads to the phrasing but the phrasing does not need
    /// the question to mention it.
    Keyword,
    /// A word of the entry's answer: weak evidence (a resident asks お金かかる？, the
    /// answer says 無料), which the phrasing does not need the question to mention.
    Answer,
}

/// A term occurrence in a document.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocTerm {
    /// Term id (rank in the term fst).
    pub term: u32,
    pub role: Role,
    /// For a word, its length in characters (how much of the phrasing it is).
    pub chars: u32,
}

/// One phrasing of an entry, with the entry's keywords and answer words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Doc {
    /// Index of the entry in [`IndexData::entries`].
    pub entry: u32,
    /// Which of the entry's phrasings this is: its questions, then its aliases (the text
    /// lives there, once).
    pub question: u32,
    /// Whether the phrasing is one of the entry's aliases, which weigh a little less.
    pub alias: bool,
    /// Letters of the phrasing that belong to words (not particles nor the question's
    /// frame): what a question must mention for the phrasing to be fully asked about.
    pub chars: u32,
    /// Words first, then compound parts, spans, keywords and answer words.
    pub terms: Vec<DocTerm>,
    /// Sum of the weights of the words.
    pub weight: f32,
    /// Bit `i` set: term `i`, a word or a compound's part, only modifies the noun that
    /// names the phrasing (自転車 and 用 in 自転車用空気入れ, 布団 in 布団乾燥機, テレビ in
    /// テレビアンテナ), so a question naming it alone asks about something else. Terms
    /// past the 64th count as heads.
    pub modifiers: u64,
}

impl Doc {
    /// Whether the term at `position` only modifies the noun that names the phrasing.
    pub fn is_modifier(&self, position: usize) -> bool {
        position < 64 && self.modifiers & (1 << position) != 0
    }
}

/// Corpus-wide statistics of one term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TermStats {
    pub text: String,
    /// Number of entries using the term (as a whole word or a part).
    pub entries: u32,
    /// Whether some document uses the term as a word of its own (not only as a part).
    pub whole: bool,
    /// Inverse entry frequency (BM25 form).
    pub idf: f32,
}

/// An entry as stored in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredEntry {
    pub id: String,
    pub answer: String,
    pub category: Option<String>,
    pub title: Option<String>,
    pub questions: Vec<String>,
    pub aliases: Vec<String>,
    pub keywords: Vec<String>,
    /// The entry's metadata as JSON text (postcard cannot carry untyped values).
    pub metadata_json: String,
}

/// Everything of the index except the two fsts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IndexData {
    /// The analyzer fingerprint of the system dictionary the index was built with.
    pub fingerprint: u64,
    /// The decision thresholds chosen when it was built.
    pub thresholds: Thresholds,
    /// The user dictionary, synonyms and stop words it was built with.
    pub resources: Resources,
    pub entries: Vec<StoredEntry>,
    pub docs: Vec<Doc>,
    /// Rank of each document in the order of (entry id, phrasing): how ties between
    /// equally good phrasings are broken, independently of the corpus file's order.
    pub doc_ranks: Vec<u32>,
    pub terms: Vec<TermStats>,
    /// Postings of term `t`: `postings[posting_offsets[t]..posting_offsets[t + 1]]`: first
    /// the documents whose phrasing or keywords use it, up to `answer_postings[t]`, then
    /// those whose entry's answer alone does; each part in ascending document order.
    pub posting_offsets: Vec<u32>,
    pub answer_postings: Vec<u32>,
    pub postings: Vec<u32>,
    /// The distinct readings, sorted: reading group `g` is `readings[g]`. Kept beside the
    /// reading fst so that opening a file can check the fst against it (see `file`).
    pub readings: Vec<String>,
    /// Term ids sharing a reading: the reading fst maps a reading to `g`, its terms are
    /// `reading_terms[reading_offsets[g]..reading_offsets[g + 1]]`.
    pub reading_offsets: Vec<u32>,
    pub reading_terms: Vec<u32>,
    /// One-edit neighbourhoods of the terms and readings, for typo lookups.
    pub neighbourhoods: Neighbourhoods,
}

/// A compiled, immutable index.
pub(crate) struct Index {
    pub terms: fst::Map<SharedBytes>,
    pub readings: fst::Map<SharedBytes>,
    pub data: IndexData,
    longest_term: usize,
    longest_reading: usize,
    /// The document of each rank (the inverse of `data.doc_ranks`).
    pub docs_by_rank: Vec<u32>,
    /// Term ids by text, for exact lookups (cheaper than walking `terms`).
    term_ids: KeyTable,
    /// Reading groups by reading, for exact lookups (cheaper than walking `readings`).
    reading_groups: KeyTable,
    /// The readings by character, each with its group, for walking kana one character at
    /// a time (cheaper than walking `readings` byte by byte).
    pub reading_trie: CharTrie,
    /// Each entry's metadata, parsed once (responses borrow it).
    pub metadata: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Entry position by id.
    pub ids: HashMap<String, u32>,
    /// The terms of this index related to a term, by the term's text: the analyzer's
    /// related terms that the corpus uses, found once ([`Index::link_related`]) rather than
    /// searched in the term fst for every question.
    related: HashMap<String, Vec<u32>>,
}

/// Builds the fst mapping each key to its position. Keys must be sorted and unique; the
/// same keys always give the same bytes (the index file relies on it).
pub(crate) fn fst_bytes<'k>(keys: impl IntoIterator<Item = &'k str>) -> Result<Vec<u8>, String> {
    let mut builder = fst::MapBuilder::memory();
    for (position, key) in keys.into_iter().enumerate() {
        builder
            .insert(key, position as u64)
            .map_err(|err| format!("key {key:?}: {err}"))?;
    }
    builder.into_inner().map_err(|err| err.to_string())
}

/// An fst map over a whole shared buffer.
pub(crate) fn shared_map(bytes: Vec<u8>) -> Result<fst::Map<SharedBytes>, fst::Error> {
    let len = bytes.len();
    fst::Map::new(SharedBytes {
        buffer: Arc::new(bytes),
        range: 0..len,
    })
}

impl Index {
    /// Length in characters of the longest key of a dictionary (romaji-spelt readings
    /// included): a word longer by more than its typo budget can match none.
    pub fn longest_key(&self, dictionary: Dictionary) -> usize {
        match dictionary {
            Dictionary::Terms => self.longest_term,
            Dictionary::Readings | Dictionary::LooseReadings => self.longest_reading,
        }
    }

    /// Assembles an index from its parts, deriving the lookups it keeps in memory. Fails
    /// when an entry's stored metadata is not a JSON object.
    pub fn new(
        terms: fst::Map<SharedBytes>,
        readings: fst::Map<SharedBytes>,
        data: IndexData,
    ) -> Result<Index, String> {
        let metadata = data
            .entries
            .iter()
            .map(|entry| {
                serde_json::from_str(&entry.metadata_json).map_err(|err| {
                    format!("entry {:?}: metadata is not a JSON object: {err}", entry.id)
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let ids = data
            .entries
            .iter()
            .enumerate()
            .map(|(position, entry)| (entry.id.clone(), position as u32))
            .collect();
        let longest = |keys: &mut dyn Iterator<Item = &str>| {
            keys.map(|key| key.chars().count()).max().unwrap_or(0)
        };
        let mut docs_by_rank = vec![0; data.doc_ranks.len()];
        for (doc, &rank) in data.doc_ranks.iter().enumerate() {
            if let Some(slot) = docs_by_rank.get_mut(rank as usize) {
                *slot = doc as u32;
            }
        }
        Ok(Index {
            docs_by_rank,
            longest_term: longest(&mut data.terms.iter().map(|term| term.text.as_str())),
            longest_reading: longest(&mut data.readings.iter().map(String::as_str)),
            term_ids: KeyTable::new(data.terms.iter().map(|term| term.text.as_str())),
            reading_groups: KeyTable::new(data.readings.iter().map(String::as_str)),
            reading_trie: CharTrie::new(data.readings.iter().map(String::as_str).zip(0..)),
            terms,
            readings,
            data,
            metadata,
            ids,
            related: HashMap::new(),
        })
    }

    /// Finds the related terms of `analyzer` (see [`Index::related_terms`]) among the terms
    /// of this index.
    pub fn link_related(&mut self, analyzer: &Analyzer) {
        let mut related = HashMap::new();
        for (text, others) in analyzer.related_groups() {
            let ids: Vec<u32> = others
                .iter()
                .filter_map(|other| self.term_id(other))
                .collect();
            if !ids.is_empty() {
                related.insert(text.to_string(), ids);
            }
        }
        self.related = related;
    }

    /// The terms related to the term `text` (broader, narrower, or what a question word
    /// asks for) that this index holds, once [`Index::link_related`] has found them.
    pub fn related_terms(&self, text: &str) -> &[u32] {
        self.related.get(text).map_or(&[], Vec::as_slice)
    }

    /// The phrasing a document holds, as written in the corpus.
    pub fn doc_text(&self, doc: u32) -> &str {
        let doc = &self.data.docs[doc as usize];
        let entry = &self.data.entries[doc.entry as usize];
        let question = doc.question as usize;
        entry
            .questions
            .get(question)
            .or_else(|| {
                entry
                    .aliases
                    .get(question.checked_sub(entry.questions.len())?)
            })
            .map_or("", String::as_str)
    }

    /// Documents whose phrasing or keywords use term `term`, and documents whose answer
    /// alone does; each ascending.
    pub fn postings(&self, term: u32) -> (&[u32], &[u32]) {
        let term = term as usize;
        let start = self.data.posting_offsets[term] as usize;
        let split = self.data.answer_postings[term] as usize;
        let end = self.data.posting_offsets[term + 1] as usize;
        (
            &self.data.postings[start..split],
            &self.data.postings[split..end],
        )
    }

    /// Terms having reading group `group`.
    pub fn reading_group(&self, group: u64) -> &[u32] {
        let group = group as usize;
        let start = self.data.reading_offsets[group] as usize;
        let end = self.data.reading_offsets[group + 1] as usize;
        &self.data.reading_terms[start..end]
    }

    /// The term id of an exact term text.
    pub fn term_id(&self, text: &str) -> Option<u32> {
        let is_text = |id: usize| self.data.terms[id].text == text;
        self.term_ids
            .find(text_hash(text), is_text)
            .map(|id| id as u32)
    }

    /// Terms with exactly this katakana reading.
    pub fn terms_with_reading(&self, reading: &str) -> &[u32] {
        let is_reading = |group: usize| self.data.readings[group] == reading;
        match self.reading_groups.find(text_hash(reading), is_reading) {
            Some(group) => self.reading_group(group as u64),
            None => &[],
        }
    }

    /// Terms whose reading, spelt as romaji spells it ([`fold_long_vowels`]), is this one.
    ///
    /// [`fold_long_vowels`]: crate::analysis::fold_long_vowels
    pub fn terms_with_folded_reading(&self, folded: &str) -> &[u32] {
        let mut mark = [0; 4];
        let mark = FOLDED_MARK.encode_utf8(&mut mark).as_bytes();
        let hash = hash_parts(&[mark, folded.as_bytes()]);
        let is_key =
            |group: usize| self.data.readings[group].strip_prefix(FOLDED_MARK) == Some(folded);
        match self.reading_groups.find(hash, is_key) {
            Some(group) => self.reading_group(group as u64),
            None => &[],
        }
    }
}

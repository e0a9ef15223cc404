//! Analysis: the pipeline that turns corpus phrasings and queries alike into terms.
//!
//! - [`normalize`](normalize()) — NFKC, case and width folding, long-vowel and wave-dash
//!   variants, invisible characters, kanji that look like katakana;
//! - [`Analyzer`] — lindera/IPADIC segmentation with the project's user dictionary,
//!   content-word filtering, base forms (potential forms read as their verb), readings,
//!   question words, synonyms and stop words; kana-only pieces re-read with the words it
//!   knows by reading; [`Analyzer::small_talk`];
//! - [`Resources`] — the user dictionary, synonym groups, related terms, stop words and
//!   small talk (`dictionaries/`);
//! - [`romaji_to_katakana`] — questions typed in romaji (`gomi no dashikata`) read as kana.
//!
//! Stability: [`Analyzer`], [`Analysis`], [`Term`], [`Token`], [`Resources`] and
//! [`SmallTalk`] are part of the API. The text helpers ([`normalize`](normalize()),
//! [`to_katakana`], [`to_hiragana`], [`fold_long_vowels`], the `is_*` predicates,
//! [`romaji_to_katakana`]) are exposed for inspection and tests; their exact folding rules
//! follow the matcher and may change in a minor version.

mod analyzer;
mod char_trie;
mod lattice;
mod normalize;
mod resources;
mod romaji;
mod small_talk;

pub use analyzer::{
    Analysis, Analyzer, AnalyzerError, KnownWord, SystemDictionary, Term, Token, TokenClass,
};
pub(crate) use analyzer::{QuestionText, TokenSpan, may_read_as_word, question_text};
pub(crate) use char_trie::CharTrie;
pub(crate) use lattice::{Edge, best_path, kana_chunks};
pub(crate) use normalize::loose_kana;
pub use normalize::{
    fold_long_vowels, is_hiragana, is_kana, is_katakana, normalize, to_hiragana, to_katakana,
};
pub use resources::{ResourceError, Resources};
pub use romaji::{is_romaji, romaji_to_katakana};
pub use small_talk::SmallTalk;

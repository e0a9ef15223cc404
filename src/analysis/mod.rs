//! Analysis: the pipeline that turns corpus phrasings and queries alike into terms.
//!
//! - [`normalize`](normalize()) — NFKC, case and width folding, long-vowel and wave-dash variants;
//! - [`Analyzer`] — lindera/IPADIC segmentation with the project's user dictionary,
//!   content-word filtering, base forms, readings, synonyms and stop words;
//! - [`Resources`] — the user dictionary, synonym groups and stop words (`dictionaries/`);
//! - [`romaji_to_katakana`] — questions typed in romaji (`gomi no dashikata`) read as kana.

mod analyzer;
mod lattice;
mod normalize;
mod resources;
mod romaji;
mod small_talk;

pub use analyzer::{
    Analysis, Analyzer, AnalyzerError, KnownWord, SystemDictionary, Term, Token, TokenClass,
};
pub(crate) use analyzer::{QuestionText, TokenSpan, may_read_as_word, question_text};
pub(crate) use lattice::{Edge, best_path, kana_chunks};
pub use normalize::{
    fold_long_vowels, is_hiragana, is_kana, is_katakana, normalize, to_hiragana, to_katakana,
};
pub use resources::{ResourceError, Resources};
pub use romaji::{is_romaji, romaji_to_katakana};
pub use small_talk::SmallTalk;

//! Analysis: the pipeline that turns corpus phrasings and queries alike into terms.
//!
//! - [`normalize`](normalize()) — NFKC, case and width folding, long-vowel and wave-dash variants;
//! - [`Analyzer`] — lindera/IPADIC segmentation with the project's user dictionary,
//!   content-word filtering, base forms, readings, synonyms and stop words;
//! - [`Resources`] — the user dictionary, synonym groups and stop words (`dictionaries/`).

mod analyzer;
mod normalize;
mod resources;

pub use analyzer::{Analysis, Analyzer, AnalyzerError, SystemDictionary, Term};
pub use normalize::{is_hiragana, is_kana, is_katakana, normalize, to_katakana};
pub use resources::{ResourceError, Resources};

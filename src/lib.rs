//! toiawase
#![deny(missing_docs)]

pub mod analysis;
pub mod corpus;
mod engine;
pub mod evaluation;
pub mod index;
pub mod matching;
mod response;

pub use analysis::{Analyzer, Resources, SystemDictionary};
pub use corpus::{Corpus, CorpusError, Entry, Format, LoadOptions};
pub use engine::{Engine, EngineError, EngineOptions, IndexStats};
pub use index::IndexError;
pub use matching::{AskOptions, MAX_QUERY_CHARS, Thresholds};
pub use response::{Decision, Explanation, Match, MatchKind, Response, TermMatch};

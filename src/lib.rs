//! toiawase
#![deny(missing_docs)]

pub mod analysis;
pub mod corpus;

pub use analysis::{Analyzer, Resources, SystemDictionary};
pub use corpus::{Corpus, CorpusError, Entry};

//! # toiawase — answer Japanese questions from an FAQ
//!
//! `toiawase` (問い合わせ, "inquiry") compiles an FAQ corpus into a compact fst-backed
//! index and maps a resident's free-form question — typed on a phone, in hiragana, with
//! typos, in plain or polite form — to the right FAQ entry, or honestly says it does not
//! know. It runs in-process in microseconds: no server, no network.
//!
//! ```
//! use toiawase::{Corpus, Decision, Engine, Entry};
//!
//! let corpus = Corpus::new(vec![
//!     Entry::new("sodai", ["粗大ごみの出し方", "大きな家具を捨てたい"], "粗大ごみは申込制です。"),
//!     Entry::new("juminhyo", ["住民票の写しがほしい"], "市民課の窓口で発行します。"),
//! ])?; // or Corpus::from_path("faq.toml")?
//! let engine = Engine::build(&corpus)?; // or Engine::open("faq.idx")?
//! let response = engine.ask("そだいごみ どうやって出す？");
//! match response.decision {
//!     Decision::Answer => println!("{}", response.candidates[0].answer),
//!     Decision::Ambiguous => println!("もしかして: {:?}", response.candidates),
//!     Decision::NoMatch => println!("申し訳ありません。担当窓口にお問い合わせください。"),
//! }
//! # assert_eq!(response.answer().unwrap().id, "sodai");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How it works
//!
//! The modules follow the data flow:
//!
//! - [`corpus`] — the FAQ: [`Corpus`] and [`Entry`], read from TOML, JSON, CSV or a 5374
//!   garbage-app `target.csv`, validated with errors naming file, line or id, and field;
//! - [`analysis`] — one pipeline for corpus and query alike: Unicode normalization, lindera
//!   segmentation with IPADIC and the project's user dictionary, content words in base form
//!   with their katakana readings, synonym groups, related terms, stop words, small talk;
//!   kana-only text is re-read with the words the analyzer knows by reading;
//! - the index (`src/index/`, internal) — an fst term dictionary, an fst reading dictionary,
//!   postings and idf statistics, saved as one checksummed file ([`FORMAT_VERSION`]) and
//!   opened with the fst bytes in place;
//! - matching (`src/matching/`, internal) — each question word is looked up exact →
//!   synonym → reading → related → compound parts → fuzzy (edit distance scaled to word
//!   length, [`typo_budget`]); kana is re-read against the corpus's readings; phrasings are
//!   scored by how much of the question they explain (their answers count a little too)
//!   and how much of them the question asks about; ties are broken by specificity and id,
//!   never by position in the corpus file;
//! - the [`Response`]: a [`Decision`] (answer / ambiguous / no match), small talk
//!   recognised as such, and ranked [`Match`]es, each with an [`Explanation`] of which word
//!   matched which term and how. [`Engine::read_question`] shows how a question is read.
//!
//! [`Engine`] ties them together. It is `Send + Sync`; asking takes `&self`.
//!
//! ## Features
//!
//! - `embed-ipadic` (default): compile IPADIC into the binary. Without it, pass
//!   [`SystemDictionary::Path`] with a lindera IPADIC folder.
//!
//! The `toiawase` command-line tool (REPL, compile, query, eval, report) is the separate
//! package `toiawase-cli` (`src/bin/toiawase` in the repository), so that depending on the
//! library never compiles its crates.
#![deny(missing_docs)]

pub mod analysis;
pub mod corpus;
mod engine;
pub mod evaluation;
mod index;
mod matching;
pub mod query_log;
pub mod report;
mod response;
#[cfg(test)]
mod test_random;

pub use analysis::{Analyzer, Resources, SmallTalk, SystemDictionary};
pub use corpus::{Corpus, CorpusError, Entry, Format, LoadOptions};
pub use engine::{Engine, EngineError, EngineOptions, IndexStats};
pub use index::{FORMAT_VERSION, IndexError, is_index_file};
pub use matching::{AskOptions, MAX_QUERY_CHARS, Thresholds, typo_budget};
pub use response::{
    Decision, Explanation, Match, MatchKind, QuestionReading, ReadWord, Response, TermMatch,
};

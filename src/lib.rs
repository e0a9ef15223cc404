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
//!   with their katakana readings, synonym groups, stop words;
//! - [`index`] — an fst term dictionary, an fst reading dictionary, postings and idf
//!   statistics, saved as one checksummed file and opened with the fst bytes in place;
//! - [`matching`] — each question word is looked up exact → synonym → reading → compound
//!   parts → fuzzy (edit distance scaled to word length); kana-only stretches are
//!   re-segmented against the corpus's readings; phrasings are scored by how much of the
//!   question they explain and how much of them the question asks about;
//! - the [`Response`]: a [`Decision`] (answer / ambiguous / no match) and ranked
//!   [`Match`]es, each with an [`Explanation`] of which word matched which term and how.
//!
//! [`Engine`] ties them together. It is `Send + Sync`; asking takes `&self`.
//!
//! ## Features
//!
//! - `embed-ipadic` (default): compile IPADIC into the binary. Without it, pass
//!   [`SystemDictionary::Path`] with a lindera IPADIC folder.
//! - `cli` (default): the `toiawase` command-line tool.
#![deny(missing_docs)]

pub mod analysis;
pub mod corpus;
mod engine;
pub mod evaluation;
pub mod index;
pub mod matching;
pub mod query_log;
pub mod report;
mod response;

pub use analysis::{Analyzer, Resources, SmallTalk, SystemDictionary};
pub use corpus::{Corpus, CorpusError, Entry, Format, LoadOptions};
pub use engine::{Engine, EngineError, EngineOptions, IndexStats};
pub use index::IndexError;
pub use matching::{AskOptions, MAX_QUERY_CHARS, Thresholds};
pub use response::{
    Decision, Explanation, Match, MatchKind, QuestionReading, ReadWord, Response, TermMatch,
};

//! The [`Engine`]: an analyzer and an index, built from a corpus or opened from a file.

use std::path::Path;
use std::sync::Arc;

use crate::analysis::{Analyzer, AnalyzerError, Resources, SystemDictionary};
use crate::corpus::{Corpus, Entry};
use crate::index::{self, Index, IndexError};
use crate::matching::{self, AskOptions, Thresholds};
use crate::query_log::{Choice, QueryLog};
use crate::response::{Match, Response};

/// How to build or open an engine: one options type for both.
///
/// ```no_run
/// use toiawase::{Corpus, Engine, EngineOptions, Resources, Thresholds};
///
/// let options = EngineOptions::default()
///     .resources(Resources::default().with_synonyms("可燃ごみ,燃えるごみ,燃やすごみ\n"))
///     .thresholds(Thresholds::default().with_answer(0.5));
/// let engine = Engine::build_with(&Corpus::from_path("faq.toml")?, &options)?;
/// engine.save("faq.idx")?; // the thresholds travel in the file
/// let reopened = Engine::open("faq.idx")?;
/// assert_eq!(reopened.thresholds().answer, 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EngineOptions {
    /// Which IPADIC to segment with (embedded by default). Opening an index needs the one it
    /// was built with.
    pub system_dictionary: SystemDictionary,
    /// User dictionary, synonyms, related terms, stop words and small talk (the embedded
    /// `dictionaries/` by default). Used when building; an index file carries the
    /// resources it was built with.
    pub resources: Resources,
    /// Decision thresholds. When building: these, or the defaults. When opening: these, or
    /// the ones stored in the index when it was built.
    pub thresholds: Option<Thresholds>,
}

impl EngineOptions {
    /// Segment with this IPADIC.
    pub fn system_dictionary(mut self, system_dictionary: SystemDictionary) -> Self {
        self.system_dictionary = system_dictionary;
        self
    }

    /// Build with these resources.
    pub fn resources(mut self, resources: Resources) -> Self {
        self.resources = resources;
        self
    }

    /// Decide with these thresholds.
    pub fn thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = Some(thresholds);
        self
    }
}

/// Why an engine could not be built or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The analyzer (dictionary or resources) could not be set up.
    #[error(transparent)]
    Analyzer(#[from] AnalyzerError),
    /// The index file could not be read, or is invalid.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The resources stored inside an index file (user dictionary, synonyms, stop words)
    /// are malformed: the file is damaged, or was not written by [`Engine::save`].
    #[error("{}: the resources stored in this index are invalid: {source}", path.display())]
    IndexResources {
        /// The index file.
        path: std::path::PathBuf,
        /// What is wrong with them.
        source: crate::analysis::ResourceError,
    },
}

/// Counts describing an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexStats {
    /// FAQ entries.
    pub entries: usize,
    /// Searchable texts: phrasings plus one keyword list per entry that has keywords.
    pub phrasings: usize,
    /// Distinct terms (words and compound parts).
    pub terms: usize,
    /// Distinct katakana readings.
    pub readings: usize,
}

/// A compiled FAQ, ready to answer questions.
///
/// Build it once, share it (`Engine` is `Send + Sync`; asking takes `&self` and holds no
/// locks), and replace it as a whole when the corpus changes (e.g. behind an
/// `Arc` swapped under a `RwLock`).
///
/// ```
/// use toiawase::{Corpus, Decision, Engine, Entry};
///
/// let corpus = Corpus::new(vec![
///     Entry::new("sodai", ["粗大ごみの出し方", "大きな家具を捨てたい"], "粗大ごみは申込制です。"),
///     Entry::new("juminhyo", ["住民票の写しがほしい"], "市民課の窓口で発行します。"),
/// ])?;
/// let engine = Engine::build(&corpus)?;
///
/// let response = engine.ask("そだいごみ どうやって出す？");
/// assert_eq!(response.decision, Decision::Answer);
/// assert_eq!(response.answer().unwrap().id, "sodai");
///
/// assert_eq!(engine.ask("駅までの道を教えて").decision, Decision::NoMatch);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Engine {
    analyzer: Analyzer,
    index: Index,
    thresholds: Thresholds,
    max_idf: f32,
    log: Option<Arc<dyn QueryLog>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("stats", &self.stats())
            .field("thresholds", &self.thresholds)
            .finish()
    }
}

impl Engine {
    /// Compiles a corpus with the default options (embedded IPADIC and resources).
    pub fn build(corpus: &Corpus) -> Result<Engine, EngineError> {
        Self::build_with(corpus, &EngineOptions::default())
    }

    /// Compiles a corpus with the given options.
    pub fn build_with(corpus: &Corpus, options: &EngineOptions) -> Result<Engine, EngineError> {
        Self::build_with_progress(corpus, options, |_, _| {})
    }

    /// Compiles a corpus, calling `progress(done, total)` as entries are analysed (for a
    /// progress bar on large corpora).
    ///
    /// Entries are analysed on up to 8 of the machine's cores (scoped threads that end
    /// before this returns); the index is the same as one thread would build, byte for byte.
    pub fn build_with_progress(
        corpus: &Corpus,
        options: &EngineOptions,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Engine, EngineError> {
        let analyzer = Analyzer::new(&options.system_dictionary, options.resources.clone())?;
        let thresholds = options.thresholds.unwrap_or_default();
        let index = index::build(corpus, &analyzer, thresholds, &mut progress);
        Ok(Self::assemble(analyzer, index, thresholds))
    }

    /// Opens an index file written by [`Engine::save`], with the embedded IPADIC and the
    /// thresholds stored in it.
    pub fn open(path: impl AsRef<Path>) -> Result<Engine, EngineError> {
        Self::open_with(path, &EngineOptions::default())
    }

    /// Opens an index file with options: the system dictionary must be the one the index
    /// was built with ([`IndexError::DictionaryMismatch`] otherwise); thresholds given
    /// override the stored ones; resources are those stored in the index.
    pub fn open_with(
        path: impl AsRef<Path>,
        options: &EngineOptions,
    ) -> Result<Engine, EngineError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| IndexError::Io {
            path: path.to_path_buf(),
            action: "cannot read index",
            source,
        })?;
        Self::from_bytes_at(bytes, options, path)
    }

    /// Opens index bytes (as produced by [`Engine::to_bytes`]), as [`Engine::open_with`].
    pub fn from_bytes(bytes: Vec<u8>, options: &EngineOptions) -> Result<Engine, EngineError> {
        Self::from_bytes_at(bytes, options, Path::new("<memory>"))
    }

    fn from_bytes_at(
        bytes: Vec<u8>,
        options: &EngineOptions,
        origin: &Path,
    ) -> Result<Engine, EngineError> {
        let index = index::decode(bytes, origin)?;
        let system_dictionary = &options.system_dictionary;
        let analyzer = Analyzer::new(system_dictionary, index.data.resources.clone()).map_err(
            |err| match err {
                AnalyzerError::Resource(source) => EngineError::IndexResources {
                    path: origin.to_path_buf(),
                    source,
                },
                other => other.into(),
            },
        )?;
        if analyzer.fingerprint() != index.data.fingerprint {
            return Err(IndexError::DictionaryMismatch {
                path: origin.to_path_buf(),
                index: index.data.fingerprint,
                engine: analyzer.fingerprint(),
            }
            .into());
        }
        let thresholds = options.thresholds.unwrap_or(index.data.thresholds);
        Ok(Self::assemble(analyzer, index, thresholds))
    }

    fn assemble(analyzer: Analyzer, mut index: Index, thresholds: Thresholds) -> Engine {
        // What `save` writes: the thresholds this engine decides with.
        index.data.thresholds = thresholds;
        index.link_related(&analyzer);
        let max_idf = index
            .data
            .terms
            .iter()
            .map(|term| term.idf)
            .fold(0.0f32, f32::max);
        Engine {
            analyzer,
            index,
            thresholds,
            max_idf,
            log: None,
        }
    }

    /// Writes the index to `path` atomically (a temporary file renamed into place): on
    /// failure, an existing file at `path` is left as it was. The same corpus and options
    /// always produce the same bytes.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), IndexError> {
        index::write_atomically(path.as_ref(), &self.to_bytes())
    }

    /// The index file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        index::encode(&self.index)
    }

    /// Answers a question with the default options (five candidates, all categories, no
    /// explanations).
    pub fn ask(&self, question: &str) -> Response<'_> {
        self.ask_with(question, &AskOptions::default())
    }

    /// Answers a question with options: number of candidates, category filter,
    /// explanations, and the user or conversation the query log should file it under.
    ///
    /// ```
    /// # use toiawase::{Corpus, Engine, Entry, AskOptions};
    /// # let corpus = Corpus::new(vec![
    /// #     Entry::new("a", ["図書館の開館時間"], "9時から").with_category("施設"),
    /// #     Entry::new("b", ["市役所の開庁時間"], "8時半から").with_category("窓口"),
    /// # ]).unwrap();
    /// # let engine = Engine::build(&corpus).unwrap();
    /// let options = AskOptions::default().limit(3).category("施設").explain(true);
    /// let response = engine.ask_with("何時から開いていますか", &options);
    /// assert!(response.candidates.iter().all(|m| m.category.as_deref() == Some("施設")));
    /// assert!(response.candidates.iter().all(|m| m.explanation.is_some()));
    /// ```
    pub fn ask_with(&self, question: &str, options: &AskOptions<'_>) -> Response<'_> {
        let response = matching::ask(
            &self.analyzer,
            &self.index,
            self.max_idf,
            &self.thresholds,
            question,
            options,
        );
        if let Some(log) = &self.log {
            log.record(question, &response, options.session);
        }
        response
    }

    /// Records which candidate a resident picked from a "もしかして" menu offered for
    /// `question` (the best signal for telling apart entries that compete): passed to the
    /// query log, if any. `chosen` is the entry id; `session` as in [`AskOptions::session`].
    pub fn record_choice(&self, question: &str, chosen: &str, session: Option<&str>) {
        if let Some(log) = &self.log {
            log.record_choice(&Choice {
                question,
                chosen,
                session,
            });
        }
    }

    /// How the engine reads a question: the words it looks up and the index terms each may
    /// stand for. Asking does the same; this only shows it.
    ///
    /// ```
    /// # use toiawase::{Corpus, Engine, Entry, MatchKind};
    /// # let engine = Engine::build(&Corpus::new(vec![
    /// #     Entry::new("bike", ["自転車の捨て方"], "粗大ごみです。"),
    /// # ])?)?;
    /// let reading = engine.read_question("じてんしゃ すてたい");
    /// let first = &reading.words[0];
    /// assert_eq!(first.surface, "じてんしゃ");
    /// assert_eq!((first.matches[0].term.as_str(), first.matches[0].kind), ("自転車", MatchKind::Reading));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_question(&self, question: &str) -> crate::QuestionReading {
        matching::read_question(&self.analyzer, &self.index, question)
    }

    /// This engine, recording every question asked from now on in `log` (see
    /// [`crate::query_log`]). Off by default; asking without a log costs nothing extra.
    pub fn with_query_log(mut self, log: Arc<dyn QueryLog>) -> Engine {
        self.log = Some(log);
        self
    }

    /// This engine, deciding with other thresholds (they are also what [`Engine::save`]
    /// stores).
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Engine {
        self.thresholds = thresholds;
        self.index.data.thresholds = thresholds;
        self
    }

    /// Whether the FAQ uses this word (as analysed: base form, synonym canonical form).
    pub fn knows_term(&self, word: &str) -> bool {
        self.index.term_id(word).is_some()
    }

    /// The entry ids, in corpus order.
    pub fn entry_ids(&self) -> Vec<&str> {
        self.index
            .data
            .entries
            .iter()
            .map(|entry| entry.id.as_str())
            .collect()
    }

    /// The `k` best candidates for a question, whatever the decision.
    pub fn search(&self, question: &str, k: usize) -> Vec<Match<'_>> {
        self.ask_with(question, &AskOptions::default().limit(k))
            .candidates
    }

    /// The decision thresholds in use.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// The analyzer (for inspecting how a text is analysed).
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Counts of entries, phrasings, terms and readings.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            entries: self.index.data.entries.len(),
            phrasings: self.index.data.docs.len(),
            terms: self.index.data.terms.len(),
            readings: self.index.readings.len(),
        }
    }

    /// The entry with this id, as it was in the corpus.
    pub fn entry(&self, id: &str) -> Option<Entry> {
        let position = *self.index.ids.get(id)? as usize;
        let stored = &self.index.data.entries[position];
        let mut entry = Entry::new(&stored.id, stored.questions.clone(), &stored.answer);
        entry.category = stored.category.clone();
        entry.title = stored.title.clone();
        entry.aliases = stored.aliases.clone();
        entry.keywords = stored.keywords.clone();
        entry.metadata = self.index.metadata[position].clone().into_iter().collect();
        Some(entry)
    }

    /// The distinct categories of the entries, sorted.
    pub fn categories(&self) -> Vec<&str> {
        let mut categories: Vec<&str> = self
            .index
            .data
            .entries
            .iter()
            .filter_map(|entry| entry.category.as_deref())
            .collect();
        categories.sort_unstable();
        categories.dedup();
        categories
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }
}

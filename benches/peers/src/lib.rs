//! Peer systems for toiawase's comparison benchmarks.
//!
//! Three small "engines" over the same [`toiawase::Corpus`], each answering
//! `top(question, k)` with entry ids, best first, so that accuracy@1 and latency can be
//! measured the same way for all of them and for toiawase ([`Toiawase`]):
//!
//! - [`TantivyBm25`]: a tantivy index in RAM, one document per phrasing, analysed with the
//!   same lindera/IPADIC segmenter as toiawase ([`LinderaTokenizer`]); a question is a
//!   `BooleanQuery` of SHOULD `TermQuery`s, scored with BM25;
//! - [`TantivyFuzzy`]: the same index, each question word a `FuzzyTermQuery` (Levenshtein
//!   distance 1, a transposition counts as one edit);
//! - [`NaiveScan`]: `strsim::normalized_levenshtein` between the question and every stored
//!   phrasing — what many small FAQ bots do.
//!
//! Everything is built once; nothing is rebuilt per question.

use std::borrow::Cow;
use std::sync::Arc;

use lindera::dictionary::load_dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};
use toiawase::evaluation::LabelledQuery;
use toiawase::{Corpus, Engine};
use unicode_normalization::UnicodeNormalization;

/// Errors of the peers' set-up (dictionary loading, tantivy indexing).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// A question-answering system under comparison.
pub trait Peer {
    /// Short name used in tables and benchmark ids (`tantivy_bm25`, …).
    fn name(&self) -> &'static str;

    /// The ids of the `k` best entries for `question`, best first (fewer when the system
    /// finds fewer).
    fn top(&self, question: &str, k: usize) -> Vec<String>;
}

/// NFKC normalization and lowercase, the only text normalization the peers apply.
///
/// toiawase's own `normalize` also folds wave dashes and the dashes people type for the
/// long-vowel mark; the peers do not.
pub fn normalize(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// Name under which [`LinderaTokenizer`] is registered in the tantivy index.
pub const TOKENIZER_NAME: &str = "lindera_ipadic";

/// A tantivy [`Tokenizer`] over a lindera [`Segmenter`] (`Mode::Normal`, embedded IPADIC,
/// no user dictionary).
///
/// What it does, for corpus and question alike:
/// 1. NFKC-normalizes and lowercases the text ([`normalize`]) — before segmenting, so that
///    half-width katakana and full-width ASCII are segmented as their usual forms;
/// 2. segments it with lindera and IPADIC;
/// 3. drops particles (助詞), auxiliary verbs (助動詞) and symbols (記号, which includes
///    whitespace), by the part of speech in `details[0]`;
/// 4. emits the surface of every other token as it stands in the normalized text.
///
/// What toiawase does and this does not (so the peers get plain, standard tokens):
/// - no base forms: `捨てたい` gives `捨て`, which does not match `捨てる`;
/// - no readings: `じてんしゃ` does not match `自転車`, nor `ゴミ` `ごみ`;
/// - no synonyms (`燃やすごみ` / `可燃ごみ`), no compound parts (`粗大ごみ処理券` is one
///   token and does not match `処理券`);
/// - no user dictionary of public-service words, no stop words, and no finer
///   content-word filter (non-independent nouns, counters, numbers are kept);
/// - token offsets refer to the normalized text, not the original (the benchmarks never
///   highlight, so this does not matter here).
#[derive(Clone)]
pub struct LinderaTokenizer {
    segmenter: Arc<Segmenter>,
}

impl LinderaTokenizer {
    /// Loads the embedded IPADIC.
    pub fn new() -> Result<Self, Error> {
        let dictionary = load_dictionary("embedded://ipadic")?;
        Ok(LinderaTokenizer {
            segmenter: Arc::new(Segmenter::new(Mode::Normal, dictionary, None)),
        })
    }

    /// The tokens of `text`, as indexed (see the type's documentation).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let normalized = normalize(text);
        let Ok(mut segments) = self.segmenter.segment(Cow::Borrowed(normalized.as_str())) else {
            return Vec::new();
        };
        let mut tokens = Vec::with_capacity(segments.len());
        for segment in segments.iter_mut() {
            if segment.surface.trim().is_empty() {
                continue;
            }
            if matches!(segment.get_detail(0), Some("助詞" | "助動詞" | "記号")) {
                continue;
            }
            tokens.push(Token {
                offset_from: segment.byte_start,
                offset_to: segment.byte_end,
                position: tokens.len(),
                text: segment.surface.to_string(),
                position_length: 1,
            });
        }
        tokens
    }

    /// The distinct token texts of `text`, in order of first occurrence (a question's
    /// query terms).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut terms: Vec<String> = Vec::new();
        for token in self.tokens(text) {
            if !terms.contains(&token.text) {
                terms.push(token.text);
            }
        }
        terms
    }
}

/// The token stream of [`LinderaTokenizer`]: the text is analysed up front.
pub struct LinderaTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for LinderaTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for LinderaTokenizer {
    type TokenStream<'a> = LinderaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LinderaTokenStream {
        LinderaTokenStream {
            tokens: self.tokens(text),
            next: 0,
        }
    }
}

/// A tantivy index of a corpus in RAM, shared by [`TantivyBm25`] and [`TantivyFuzzy`].
///
/// One document per phrasing: `id` (STRING | STORED, the entry id) and `text` (indexed
/// with [`LinderaTokenizer`], frequencies and positions, not stored). Like toiawase, which
/// lets each phrasing carry its entry's keywords, each document also holds the entry's
/// keywords as further values of `text`. Documents are added in corpus order, in one
/// segment (one indexing thread), and the searcher is opened once after the commit.
pub struct TantivyIndex {
    tokenizer: LinderaTokenizer,
    id: Field,
    text: Field,
    searcher: Searcher,
    // Keeps the index and its reader alive with the searcher.
    _index: Index,
    _reader: IndexReader,
}

impl TantivyIndex {
    /// The `k` best entries for a question: one SHOULD clause per question token, made by
    /// `clause`.
    fn top_of_any(
        &self,
        question: &str,
        k: usize,
        clause: impl Fn(Term) -> Box<dyn Query>,
    ) -> Vec<String> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = self
            .tokenizer
            .terms(question)
            .iter()
            .map(|token| (Occur::Should, clause(self.term(token))))
            .collect();
        if clauses.is_empty() {
            return Vec::new();
        }
        self.top(&BooleanQuery::new(clauses), k)
    }

    /// Indexes every phrasing of `corpus`.
    pub fn build(corpus: &Corpus) -> Result<Self, Error> {
        let tokenizer = LinderaTokenizer::new()?;
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING | STORED);
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(schema.build());
        index
            .tokenizers()
            .register(TOKENIZER_NAME, tokenizer.clone());

        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 200_000_000)?;
        for entry in corpus.entries() {
            for phrasing in &entry.questions {
                let mut document = TantivyDocument::default();
                document.add_text(id, &entry.id);
                document.add_text(text, phrasing);
                for keyword in &entry.keywords {
                    document.add_text(text, keyword);
                }
                writer.add_document(document)?;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;

        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        reader.reload()?;
        let searcher = reader.searcher();
        Ok(TantivyIndex {
            tokenizer,
            id,
            text,
            searcher,
            _index: index,
            _reader: reader,
        })
    }

    /// Number of indexed documents (phrasings).
    pub fn documents(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Number of segments (1 unless the indexing memory budget was exceeded).
    pub fn segments(&self) -> usize {
        self.searcher.segment_readers().len()
    }

    /// Runs `query` and returns up to `k` distinct entry ids, best first. Several
    /// phrasings of one entry may match, so a few more documents than `k` are collected.
    fn top(&self, query: &dyn Query, k: usize) -> Vec<String> {
        if k == 0 {
            return Vec::new();
        }
        let collector = TopDocs::with_limit(k * 4).order_by_score();
        let Ok(hits) = self.searcher.search(query, &collector) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = Vec::with_capacity(k);
        for (_score, address) in hits {
            let Ok(document) = self.searcher.doc::<TantivyDocument>(address) else {
                continue;
            };
            let Some(id) = document.get_first(self.id).and_then(|value| value.as_str()) else {
                continue;
            };
            if !ids.iter().any(|seen| seen == id) {
                ids.push(id.to_string());
                if ids.len() == k {
                    break;
                }
            }
        }
        ids
    }

    fn term(&self, text: &str) -> Term {
        Term::from_field_text(self.text, text)
    }
}

/// BM25 over [`TantivyIndex`]: each question token a SHOULD `TermQuery`.
pub struct TantivyBm25 {
    index: Arc<TantivyIndex>,
}

impl TantivyBm25 {
    /// Builds its own index of `corpus`.
    pub fn build(corpus: &Corpus) -> Result<Self, Error> {
        Ok(Self::with_index(Arc::new(TantivyIndex::build(corpus)?)))
    }

    /// Searches an existing index.
    pub fn with_index(index: Arc<TantivyIndex>) -> Self {
        TantivyBm25 { index }
    }

    /// The ids of the `k` best entries for `question`, best first.
    pub fn top(&self, question: &str, k: usize) -> Vec<String> {
        self.index.top_of_any(question, k, |term| {
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        })
    }
}

impl Peer for TantivyBm25 {
    fn name(&self) -> &'static str {
        "tantivy_bm25"
    }

    fn top(&self, question: &str, k: usize) -> Vec<String> {
        TantivyBm25::top(self, question, k)
    }
}

/// Fuzzy matching over [`TantivyIndex`]: each question token a SHOULD `FuzzyTermQuery`
/// with distance 1, a transposition counting as one edit.
///
/// tantivy scores a fuzzy term query with a constant (1.0 per matching clause, no BM25),
/// so documents rank by how many question tokens they match within one edit, and ties
/// fall to the earlier document.
pub struct TantivyFuzzy {
    index: Arc<TantivyIndex>,
}

impl TantivyFuzzy {
    /// Builds its own index of `corpus`.
    pub fn build(corpus: &Corpus) -> Result<Self, Error> {
        Ok(Self::with_index(Arc::new(TantivyIndex::build(corpus)?)))
    }

    /// Searches an existing index.
    pub fn with_index(index: Arc<TantivyIndex>) -> Self {
        TantivyFuzzy { index }
    }

    /// The ids of the `k` best entries for `question`, best first.
    pub fn top(&self, question: &str, k: usize) -> Vec<String> {
        self.index.top_of_any(question, k, |term| {
            Box::new(FuzzyTermQuery::new(term, 1, true))
        })
    }
}

impl Peer for TantivyFuzzy {
    fn name(&self) -> &'static str {
        "tantivy_fuzzy"
    }

    fn top(&self, question: &str, k: usize) -> Vec<String> {
        TantivyFuzzy::top(self, question, k)
    }
}

/// Normalized Levenshtein similarity between the question and every phrasing, the best
/// phrasing per entry, ties to the earlier entry.
///
/// Both sides are normalized with [`normalize`] (phrasings once, at build time). Only the
/// phrasings are compared, not the keywords.
pub struct NaiveScan {
    ids: Vec<String>,
    /// (entry index, normalized phrasing)
    phrasings: Vec<(usize, String)>,
}

impl NaiveScan {
    /// Normalizes and stores every phrasing of `corpus`.
    pub fn build(corpus: &Corpus) -> Self {
        let mut ids = Vec::with_capacity(corpus.len());
        let mut phrasings = Vec::new();
        for (index, entry) in corpus.entries().iter().enumerate() {
            ids.push(entry.id.clone());
            for phrasing in &entry.questions {
                phrasings.push((index, normalize(phrasing)));
            }
        }
        NaiveScan { ids, phrasings }
    }

    /// The ids of the `k` best entries for `question`, best first.
    pub fn top(&self, question: &str, k: usize) -> Vec<String> {
        if k == 0 || self.ids.is_empty() {
            return Vec::new();
        }
        let question = normalize(question);
        let mut best = vec![f64::NEG_INFINITY; self.ids.len()];
        for (entry, phrasing) in &self.phrasings {
            let similarity = strsim::normalized_levenshtein(&question, phrasing);
            if similarity > best[*entry] {
                best[*entry] = similarity;
            }
        }
        let mut ranked: Vec<(usize, f64)> = best.into_iter().enumerate().collect();
        let by_score = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let k = k.min(ranked.len());
        if k < ranked.len() {
            ranked.select_nth_unstable_by(k - 1, by_score);
            ranked.truncate(k);
        }
        ranked.sort_unstable_by(by_score);
        ranked
            .into_iter()
            .map(|(entry, _)| self.ids[entry].clone())
            .collect()
    }
}

impl Peer for NaiveScan {
    fn name(&self) -> &'static str {
        "naive_scan"
    }

    fn top(&self, question: &str, k: usize) -> Vec<String> {
        NaiveScan::top(self, question, k)
    }
}

/// toiawase behind the same interface: [`Engine::search`] (its candidates, whatever the
/// decision).
pub struct Toiawase {
    /// The engine.
    pub engine: Engine,
}

impl Toiawase {
    /// Builds the engine with the default options (embedded IPADIC and resources).
    pub fn build(corpus: &Corpus) -> Result<Self, Error> {
        Ok(Toiawase {
            engine: Engine::build(corpus)?,
        })
    }

    /// The ids of the `k` best entries for `question`, best first.
    pub fn top(&self, question: &str, k: usize) -> Vec<String> {
        self.engine
            .search(question, k)
            .iter()
            .map(|candidate| candidate.id.to_string())
            .collect()
    }
}

impl Peer for Toiawase {
    fn name(&self) -> &'static str {
        "toiawase"
    }

    fn top(&self, question: &str, k: usize) -> Vec<String> {
        Toiawase::top(self, question, k)
    }
}

/// Share of the covered queries (non-empty `expected`) whose top id is one of the
/// expected ids; `NaN` when no query is covered.
pub fn accuracy_at_1(top: impl Fn(&str) -> Option<String>, queries: &[LabelledQuery]) -> f64 {
    let mut covered = 0usize;
    let mut correct = 0usize;
    for query in queries.iter().filter(|query| query.is_covered()) {
        covered += 1;
        if top(&query.query).is_some_and(|id| query.expected.contains(&id)) {
            correct += 1;
        }
    }
    if covered == 0 {
        f64::NAN
    } else {
        correct as f64 / covered as f64
    }
}

/// [`accuracy_at_1`] of toiawase's best candidate (`engine.ask(q).best()`).
pub fn toiawase_accuracy_at_1(engine: &Engine, queries: &[LabelledQuery]) -> f64 {
    accuracy_at_1(
        |question| engine.ask(question).best().map(|m| m.id.to_string()),
        queries,
    )
}

/// [`accuracy_at_1`] of a peer's first id.
pub fn peer_accuracy_at_1(peer: &dyn Peer, queries: &[LabelledQuery]) -> f64 {
    accuracy_at_1(|question| peer.top(question, 1).into_iter().next(), queries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use toiawase::Entry;

    fn corpus() -> Corpus {
        Corpus::new(vec![
            Entry::new(
                "sodai",
                ["粗大ごみの出し方", "大きな家具を捨てたい"],
                "粗大ごみは申込制です。",
            ),
            Entry::new(
                "juminhyo",
                ["住民票の写しがほしい"],
                "市民課の窓口で発行します。",
            ),
        ])
        .unwrap()
    }

    #[test]
    fn tokenizer_keeps_content_words() {
        let tokenizer = LinderaTokenizer::new().unwrap();
        // を (particle), たい, です (auxiliaries), が (particle) go; の is a noun
        // (名詞,非自立) and stays.
        assert_eq!(
            tokenizer.terms("ＰＣを捨てたいのですが"),
            ["pc", "捨て", "の"]
        );
    }

    #[test]
    fn peers_find_the_entry() {
        let corpus = corpus();
        let index = Arc::new(TantivyIndex::build(&corpus).unwrap());
        assert_eq!(index.documents(), 3);
        let peers: Vec<Box<dyn Peer>> = vec![
            Box::new(TantivyBm25::with_index(index.clone())),
            Box::new(TantivyFuzzy::with_index(index)),
            Box::new(NaiveScan::build(&corpus)),
            Box::new(Toiawase::build(&corpus).unwrap()),
        ];
        for peer in &peers {
            assert_eq!(
                peer.top("住民票がほしい", 2)[0],
                "juminhyo",
                "{}",
                peer.name()
            );
            assert_eq!(
                peer.top("粗大ごみの出し方", 2)[0],
                "sodai",
                "{}",
                peer.name()
            );
        }
    }
}

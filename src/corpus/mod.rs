//! The FAQ corpus: entries, their phrasings and answers, and the loaders that read them.
//!
//! A corpus is read from a file whose format is chosen by its extension (and, for CSV, by
//! its header line):
//!
//! | format | shape |
//! | --- | --- |
//! | TOML (`.toml`) | `[[faq]]` tables with `id`, `questions = [...]`, `answer`, optional `category`, `title`, `aliases`, `keywords`, `metadata` |
//! | JSON (`.json`) | `{"faq": [ {…same fields…} ]}` |
//! | CSV (`.csv`) | header `id,question,answer[,category][,keywords]`; rows sharing an `id` add phrasings; `keywords` are `;`-separated |
//! | 5374 `target.csv` | header `label,name,notice,furigana` or `type,name,notice,furigana`: one entry per item |
//!
//! Every validation error names the file, the line or entry id, and the field involved.

mod csv_format;
mod csv_quotes;
mod error;
mod structured;
mod target5374;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use error::CorpusError;

/// One FAQ entry: a question in one or more phrasings and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Unique identifier of the entry within its corpus.
    pub id: String,
    /// The phrasings of the question this entry answers (at least one).
    pub questions: Vec<String>,
    /// The answer text.
    pub answer: String,
    /// Optional category, usable as a filter when asking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Optional short title for menus and buttons (a LINE quick-reply label holds 20
    /// characters); see [`Match::label`](crate::Match::label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Other names of what the entry is about (a 5374 item's `主名（別名）` parts). Matched
    /// like questions, but a match on an alias weighs a little less than one on a question,
    /// so that the entry whose own name is the asked word wins (`スプレー缶` over
    /// `カセットボンベ（スプレー缶）`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Extra search terms that should lead to this entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Free-form data carried along untouched (e.g. a URL or the office in charge), nested
    /// at most [`MAX_METADATA_DEPTH`] levels. From TOML, dates and times are kept as their
    /// TOML text; `nan` and `inf` are rejected (JSON, which carries metadata, has neither).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

impl Entry {
    /// Creates an entry with one or more phrasings and an answer, without category,
    /// keywords or metadata.
    ///
    /// ```
    /// let entry = toiawase::Entry::new("tax", ["住民税の納付方法"], "口座振替かコンビニで納付できます。");
    /// assert_eq!(entry.questions.len(), 1);
    /// ```
    pub fn new<I, S>(id: impl Into<String>, questions: I, answer: impl Into<String>) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Entry {
            id: id.into(),
            questions: questions.into_iter().map(Into::into).collect(),
            answer: answer.into(),
            category: None,
            title: None,
            aliases: Vec::new(),
            keywords: Vec::new(),
            metadata: BTreeMap::new(),
        }
    }

    /// Sets the category (builder style).
    pub fn with_category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// Sets the short title for menus (builder style).
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
}

/// How deeply an entry's metadata may nest: objects and arrays inside `metadata`, at most
/// this many levels (`metadata = { a = { b = 1 } }` is two). Deeper metadata is rejected
/// with [`CorpusError::Metadata`] rather than carried in a form an index could not give
/// back.
pub const MAX_METADATA_DEPTH: usize = 32;

/// A metadata value seen as a tree, for [`check_metadata_depth`].
pub(crate) trait MetadataNode<'a>: Sized {
    /// The values directly inside this one.
    fn children(&self) -> Box<dyn Iterator<Item = Self> + 'a>;
}

impl<'a> MetadataNode<'a> for &'a serde_json::Value {
    fn children(&self) -> Box<dyn Iterator<Item = Self> + 'a> {
        match self {
            serde_json::Value::Array(items) => Box::new(items.iter()),
            serde_json::Value::Object(map) => Box::new(map.values()),
            _ => Box::new(std::iter::empty()),
        }
    }
}

/// Checks that a metadata value nests at most [`MAX_METADATA_DEPTH`] levels, without
/// recursion (a value built in code may be arbitrarily deep).
pub(crate) fn check_metadata_depth<'a>(value: impl MetadataNode<'a>) -> Result<(), String> {
    let mut stack = vec![(value, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        for child in node.children() {
            if depth + 1 > MAX_METADATA_DEPTH {
                return Err(format!(
                    "nested deeper than {MAX_METADATA_DEPTH} levels (see MAX_METADATA_DEPTH)"
                ));
            }
            stack.push((child, depth + 1));
        }
    }
    Ok(())
}

/// The file formats a corpus can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[[faq]]` tables.
    Toml,
    /// `{"faq": [...]}`.
    Json,
    /// `id,question,answer[,category][,keywords]` rows.
    Csv,
    /// The 5374 garbage-sorting app's `target.csv`.
    Target5374,
}

impl Format {
    /// Chooses the format from a file's extension and, for CSV, its header line.
    /// Returns `None` for an extension the loaders do not know.
    pub fn detect(path: &Path, contents: &[u8]) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "csv" | "tsv" | "txt" if target5374::has_header(contents) => Some(Format::Target5374),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Options for reading a corpus.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Skip malformed CSV rows (wrong column count, empty required field, conflicting
    /// answer) and report them in [`Corpus::skipped`] instead of failing.
    pub lenient: bool,
}

/// A row that a lenient load skipped, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRow {
    /// 1-based line number in the file.
    pub line: usize,
    /// The error the row would have caused in strict mode.
    pub reason: String,
}

/// A validated FAQ corpus: unique ids, every entry with at least one non-empty phrasing
/// and a non-empty answer.
///
/// ```
/// use toiawase::{Corpus, Entry};
///
/// let corpus = Corpus::new(vec![
///     Entry::new("sodai", ["粗大ごみの出し方"], "申込制です。"),
///     Entry::new("juminhyo", ["住民票がほしい"], "市民課で発行します。"),
/// ])?;
/// assert_eq!(corpus.len(), 2);
/// assert!(corpus.get("sodai").is_some());
/// # Ok::<(), toiawase::CorpusError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    entries: Vec<Entry>,
    source: Option<PathBuf>,
    skipped: Vec<SkippedRow>,
}

impl Corpus {
    /// Validates entries built in code. Whitespace around ids, phrasings and answers is
    /// trimmed; empty keywords are dropped.
    pub fn new(entries: Vec<Entry>) -> Result<Corpus, CorpusError> {
        let origin = PathBuf::from("<memory>");
        let located = entries
            .into_iter()
            .enumerate()
            .map(|(index, entry)| (entry, EntrySite::Index(index + 1)))
            .collect();
        Self::validated(located, &origin)
    }

    /// Reads a corpus file, choosing the format from its extension and header.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Corpus, CorpusError> {
        Self::from_path_with(path, &LoadOptions::default())
    }

    /// Reads a corpus file with options (e.g. lenient CSV).
    pub fn from_path_with(
        path: impl AsRef<Path>,
        options: &LoadOptions,
    ) -> Result<Corpus, CorpusError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| CorpusError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let format = Format::detect(path, &bytes).ok_or_else(|| CorpusError::UnknownFormat {
            path: path.to_path_buf(),
        })?;
        Self::from_bytes(&bytes, format, path, options)
    }

    /// Parses corpus bytes in a given format. `origin` names the source in errors.
    pub fn from_bytes(
        bytes: &[u8],
        format: Format,
        origin: &Path,
        options: &LoadOptions,
    ) -> Result<Corpus, CorpusError> {
        let text = decode_utf8(bytes, origin)?;
        let mut skipped = Vec::new();
        let located = match format {
            Format::Toml => structured::parse_toml(text, origin)?,
            Format::Json => structured::parse_json(text, origin)?,
            Format::Csv => csv_format::parse(text, origin, options, &mut skipped)?,
            Format::Target5374 => target5374::parse(text, origin, options, &mut skipped)?,
        };
        let mut corpus = Self::validated(located, origin)?;
        corpus.source = Some(origin.to_path_buf());
        corpus.skipped = skipped;
        Ok(corpus)
    }

    fn validated(located: Vec<(Entry, EntrySite)>, origin: &Path) -> Result<Corpus, CorpusError> {
        if located.is_empty() {
            return Err(CorpusError::NoEntries {
                path: origin.to_path_buf(),
            });
        }
        let mut seen: HashMap<String, EntrySite> = HashMap::new();
        let mut entries = Vec::with_capacity(located.len());
        for (mut entry, site) in located {
            let name = |entry: &Entry| site.describe(&entry.id);
            entry.id = entry.id.trim().to_string();
            if entry.id.is_empty() {
                return Err(CorpusError::EmptyField {
                    path: origin.to_path_buf(),
                    entry: name(&entry),
                    field: "id",
                });
            }
            entry.questions = entry
                .questions
                .iter()
                .map(|question| question.trim().to_string())
                .collect();
            if entry.questions.is_empty() || entry.questions.iter().any(String::is_empty) {
                return Err(CorpusError::EmptyField {
                    path: origin.to_path_buf(),
                    entry: name(&entry),
                    field: "questions",
                });
            }
            entry.answer = entry.answer.trim().to_string();
            if entry.answer.is_empty() {
                return Err(CorpusError::EmptyField {
                    path: origin.to_path_buf(),
                    entry: name(&entry),
                    field: "answer",
                });
            }
            entry.keywords = entry
                .keywords
                .iter()
                .map(|keyword| keyword.trim().to_string())
                .filter(|keyword| !keyword.is_empty())
                .collect();
            entry.aliases = entry
                .aliases
                .iter()
                .map(|alias| alias.trim().to_string())
                .filter(|alias| !alias.is_empty())
                .collect();
            entry.category = entry
                .category
                .map(|category| category.trim().to_string())
                .filter(|category| !category.is_empty());
            entry.title = entry
                .title
                .map(|title| title.trim().to_string())
                .filter(|title| !title.is_empty());
            for (key, value) in &entry.metadata {
                check_metadata_depth(value).map_err(|reason| CorpusError::Metadata {
                    path: origin.to_path_buf(),
                    entry: name(&entry),
                    key: key.clone(),
                    reason,
                })?;
            }
            if let Some(first) = seen.get(&entry.id) {
                return Err(CorpusError::DuplicateId {
                    path: origin.to_path_buf(),
                    id: entry.id.clone(),
                    first: first.to_string(),
                    second: site.to_string(),
                });
            }
            seen.insert(entry.id.clone(), site);
            entries.push(entry);
        }
        Ok(Corpus {
            entries,
            source: None,
            skipped: Vec::new(),
        })
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the corpus has no entries (never true for a corpus that was loaded).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    /// The file this corpus was read from, if any.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// Rows skipped by a lenient load (always empty for a strict load).
    pub fn skipped(&self) -> &[SkippedRow] {
        &self.skipped
    }
}

/// Where an entry came from, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntrySite {
    /// 1-based line in the file.
    Line(usize),
    /// 1-based position in the list of entries.
    Index(usize),
}

impl EntrySite {
    fn describe(&self, id: &str) -> String {
        let id = id.trim();
        if id.is_empty() {
            self.to_string()
        } else {
            format!("{id:?} ({self})")
        }
    }
}

impl std::fmt::Display for EntrySite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntrySite::Line(line) => write!(f, "line {line}"),
            EntrySite::Index(index) => write!(f, "entry #{index}"),
        }
    }
}

/// Checks UTF-8 (reporting the byte offset and line of the first bad byte) and strips a BOM.
fn decode_utf8<'a>(bytes: &'a [u8], origin: &Path) -> Result<&'a str, CorpusError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(err) => {
            let offset = err.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(CorpusError::InvalidUtf8 {
                path: origin.to_path_buf(),
                byte_offset: offset,
                line,
            })
        }
    }
}

/// Line numbers of byte offsets, found by binary search over the line starts (so that
/// naming the line of every entry of a large file stays linear).
pub(crate) struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|&(_, byte)| byte == b'\n')
                .map(|(offset, _)| offset)
                .collect(),
        }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, byte_offset: usize) -> usize {
        1 + self
            .newlines
            .partition_point(|&newline| newline < byte_offset)
    }
}

/// 1-based line number of a byte offset in `text` (for a one-off lookup).
pub(crate) fn line_of(text: &str, byte_offset: usize) -> usize {
    LineIndex::new(text).line(byte_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> Result<Corpus, CorpusError> {
        let path = Path::new(name);
        let format = Format::detect(path, text.as_bytes()).expect("known extension");
        Corpus::from_bytes(text.as_bytes(), format, path, &LoadOptions::default())
    }

    #[test]
    fn duplicate_ids_are_rejected_with_both_places() {
        let err = load(
            "faq.toml",
            "[[faq]]\nid = \"a\"\nquestions = [\"q\"]\nanswer = \"x\"\n\n[[faq]]\nid = \"a\"\nquestions = [\"r\"]\nanswer = \"y\"\n",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("faq.toml"), "{message}");
        assert!(message.contains("\"a\""), "{message}");
        assert!(
            message.contains("line 1") && message.contains("line 6"),
            "{message}"
        );
    }

    #[test]
    fn invalid_utf8_reports_byte_offset_and_line() {
        let bytes = b"id,question,answer\na,ok,fine\nb,\xff\xfe,bad\n";
        let err = Corpus::from_bytes(
            bytes,
            Format::Csv,
            Path::new("x.csv"),
            &LoadOptions::default(),
        )
        .unwrap_err();
        match err {
            CorpusError::InvalidUtf8 {
                byte_offset, line, ..
            } => {
                assert_eq!(byte_offset, 31);
                assert_eq!(line, 3);
            }
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn bom_is_ignored() {
        let corpus = load("faq.csv", "\u{feff}id,question,answer\na,粗大ごみ,申込制\n").unwrap();
        assert_eq!(corpus.entries()[0].id, "a");
    }

    #[test]
    fn empty_answer_names_entry_and_field() {
        let err = load(
            "faq.json",
            r#"{"faq": [{"id": "a", "questions": ["q"], "answer": "  "}]}"#,
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("faq.json") && message.contains("answer") && message.contains("\"a\""),
            "{message}"
        );
    }

    #[test]
    fn unknown_extension_is_an_error() {
        let err = Corpus::from_path("/nonexistent/faq.xlsx").unwrap_err();
        assert!(err.to_string().contains("faq.xlsx"));
    }

    #[test]
    fn empty_corpus_is_rejected() {
        let err = load("faq.json", r#"{"faq": []}"#).unwrap_err();
        assert!(matches!(err, CorpusError::NoEntries { .. }));
    }
}

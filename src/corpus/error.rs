use std::path::PathBuf;

/// Why a corpus could not be read. Every variant names the file; most name the line or
/// entry and the field.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// The file could not be read.
    #[error("{}: cannot read corpus: {source}", path.display())]
    Io {
        /// The corpus file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The extension is not one of `.toml`, `.json`, `.csv`.
    #[error("{}: unknown corpus format (expected a .toml, .json or .csv file)", path.display())]
    UnknownFormat {
        /// The corpus file.
        path: PathBuf,
    },
    /// The file is not valid UTF-8.
    #[error("{}: invalid UTF-8 at byte offset {byte_offset} (line {line})", path.display())]
    InvalidUtf8 {
        /// The corpus file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        byte_offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// The TOML or JSON syntax is wrong, or a field has the wrong type.
    #[error("{}: line {line}: {message}", path.display())]
    Syntax {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// What the parser reported.
        message: String,
        /// The parser's own error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },
    /// A required field is absent.
    #[error("{}: {entry}: missing field `{field}`", path.display())]
    MissingField {
        /// The corpus file.
        path: PathBuf,
        /// The entry (id and line, or position).
        entry: String,
        /// The missing field.
        field: &'static str,
    },
    /// A required field is empty or only whitespace.
    #[error("{}: {entry}: field `{field}` is empty", path.display())]
    EmptyField {
        /// The corpus file.
        path: PathBuf,
        /// The entry (id and line, or position).
        entry: String,
        /// The empty field.
        field: &'static str,
    },
    /// Two entries share an id.
    #[error("{}: duplicate id {id:?} at {second} (first defined at {first})", path.display())]
    DuplicateId {
        /// The corpus file.
        path: PathBuf,
        /// The repeated id.
        id: String,
        /// Where the id was first defined.
        first: String,
        /// Where it was defined again.
        second: String,
    },
    /// A CSV header is not one the loaders know.
    #[error("{}: line 1: unexpected CSV header {found:?} (expected `id,question,answer[,category][,keywords]` or a 5374 `label,name,notice,furigana` header)", path.display())]
    UnknownHeader {
        /// The corpus file.
        path: PathBuf,
        /// The header as found.
        found: String,
    },
    /// A CSV row has the wrong number of columns.
    #[error("{}: line {line}: expected {expected} columns, found {found}", path.display())]
    ColumnCount {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line of the row.
        line: usize,
        /// Columns in the header.
        expected: usize,
        /// Columns in the row.
        found: usize,
    },
    /// A CSV quote is still open at the end of the file: the CSV reader would take every
    /// line after it as part of one field.
    #[error("{}: line {line}: the quote opened on this line is never closed (it would take in the rest of the file); close it, or write a quote inside a quoted field as \"\"", path.display())]
    UnclosedQuote {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line of the opening quote.
        line: usize,
    },
    /// A CSV quote left open runs across a line that reads as a row of its own: the CSV
    /// reader would take that row (and any between) as part of one field.
    #[error("{}: line {line}: the quote opened on this line is not closed before line {row_line}, which reads as a row of its own; close it, or write a quote inside a quoted field as \"\"", path.display())]
    QuoteSwallowsRow {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line of the opening quote.
        line: usize,
        /// 1-based line that reads as a row but would be taken into the field.
        row_line: usize,
    },
    /// Text follows the closing quote of a CSV field (`"ごみ"の日`): the CSV reader
    /// would drop the quotes.
    #[error("{}: line {line}: text after the closing quote of a quoted field; to keep quotes in a field, quote all of it and double the quotes inside (\"\"\"ごみ\"\"の日\")", path.display())]
    TextAfterQuote {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line of the field's opening quote.
        line: usize,
    },
    /// Rows sharing an id give different answers.
    #[error("{}: line {line}: id {id:?} already has a different answer (rows sharing an id add phrasings; leave `answer` empty or repeat it)", path.display())]
    ConflictingAnswer {
        /// The corpus file.
        path: PathBuf,
        /// 1-based line of the conflicting row.
        line: usize,
        /// The entry id.
        id: String,
    },
    /// A metadata value cannot be carried exactly (nested too deeply, or a number JSON
    /// cannot hold).
    #[error("{}: {entry}: metadata `{key}`: {reason}", path.display())]
    Metadata {
        /// The corpus file.
        path: PathBuf,
        /// The entry (id and line, or position).
        entry: String,
        /// The top-level metadata key holding the value.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The corpus has no entries at all.
    #[error("{}: the corpus has no entries", path.display())]
    NoEntries {
        /// The corpus file.
        path: PathBuf,
    },
}

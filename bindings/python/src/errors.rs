//! Rust errors as Python exceptions: one class per concern under `toiawase.Error`, each
//! carrying what the Rust error names (file, line, entry id, field) as attributes.
//!
//! The classes are defined in Python (`toiawase/_errors.py`) so that they have ordinary
//! constructors, docstrings and pickling; this module fills them in.

use std::path::Path;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use toiawase::analysis::{AnalyzerError, ResourceError};
use toiawase::{CorpusError, EngineError, IndexError};

/// Why a call into the engine failed, before it becomes a Python exception.
pub enum Failure {
    /// Reading or validating a corpus.
    Corpus(CorpusError),
    /// Building or opening an engine.
    Engine(EngineError),
    /// Saving or opening an index file.
    Index(IndexError),
    /// Opening the JSON Lines query log.
    QueryLog {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// An entry given to `Engine.from_entries` that no Rust error describes (an unknown
    /// field, a value of the wrong type).
    Entry {
        kind: &'static str,
        entry: String,
        id: Option<String>,
        field: Option<String>,
        message: String,
    },
}

impl From<CorpusError> for Failure {
    fn from(err: CorpusError) -> Self {
        Failure::Corpus(err)
    }
}

impl From<EngineError> for Failure {
    fn from(err: EngineError) -> Self {
        Failure::Engine(err)
    }
}

impl From<IndexError> for Failure {
    fn from(err: IndexError) -> Self {
        Failure::Index(err)
    }
}

impl From<Failure> for PyErr {
    fn from(failure: Failure) -> PyErr {
        Python::attach(|py| raise(py, failure).unwrap_or_else(|err| err))
    }
}

/// What becomes of a failure: a class of `toiawase._errors`, the message, the attributes
/// and, for I/O errors, the `OSError` it was caused by.
struct Exception {
    class: &'static str,
    message: String,
    kind: &'static str,
    attributes: Vec<(&'static str, Attribute)>,
    cause: Option<std::io::Error>,
}

enum Attribute {
    Text(String),
    Number(u64),
}

impl Exception {
    fn new(class: &'static str, message: impl ToString, kind: &'static str) -> Exception {
        Exception {
            class,
            message: message.to_string(),
            kind,
            attributes: Vec::new(),
            cause: None,
        }
    }

    /// The file involved; in-memory sources (`<memory>`) have none.
    fn path(self, path: &Path) -> Exception {
        if path == Path::new("<memory>") {
            return self;
        }
        self.text("path", path.display().to_string())
    }

    fn text(mut self, name: &'static str, value: impl Into<String>) -> Exception {
        self.attributes.push((name, Attribute::Text(value.into())));
        self
    }

    fn maybe_text(self, name: &'static str, value: Option<String>) -> Exception {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    fn number(mut self, name: &'static str, value: usize) -> Exception {
        self.attributes
            .push((name, Attribute::Number(value as u64)));
        self
    }

    fn maybe_number(self, name: &'static str, value: Option<usize>) -> Exception {
        match value {
            Some(value) => self.number(name, value),
            None => self,
        }
    }

    /// An entry as the Rust errors name it (`"sodai" (line 12)`, `line 12`, `entry #3`):
    /// the text, and the id and line it holds.
    fn entry(self, entry: &str) -> Exception {
        let (id, line) = parse_entry(entry);
        self.text("entry", entry)
            .maybe_text("id", id)
            .maybe_number("line", line)
    }

    fn caused_by(mut self, source: std::io::Error) -> Exception {
        self.cause = Some(source);
        self
    }
}

fn raise(py: Python<'_>, failure: Failure) -> PyResult<PyErr> {
    let exception = describe(failure);
    let class = py.import("toiawase._errors")?.getattr(exception.class)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", exception.kind)?;
    for (name, value) in exception.attributes {
        match value {
            Attribute::Text(text) => kwargs.set_item(name, text)?,
            Attribute::Number(number) => kwargs.set_item(name, number)?,
        }
    }
    let instance = class.call((exception.message,), Some(&kwargs))?;
    let err = PyErr::from_value(instance);
    if let Some(source) = exception.cause {
        err.set_cause(py, Some(PyErr::from(source)));
    }
    Ok(err)
}

fn describe(failure: Failure) -> Exception {
    match failure {
        Failure::Corpus(err) => corpus(err),
        Failure::Engine(err) => engine(err),
        Failure::Index(err) => index(err),
        Failure::QueryLog { path, source } => Exception::new(
            "QueryLogError",
            format!("{}: cannot open the query log: {source}", path.display()),
            "io",
        )
        .path(&path)
        .caused_by(source),
        Failure::Entry {
            kind,
            entry,
            id,
            field,
            message,
        } => Exception::new("CorpusError", message, kind)
            .text("entry", entry)
            .maybe_text("id", id)
            .maybe_text("field", field),
    }
}

fn corpus(err: CorpusError) -> Exception {
    let message = err.to_string();
    let new = |kind| Exception::new("CorpusError", &message, kind);
    match err {
        CorpusError::Io { path, source } => new("io").path(&path).caused_by(source),
        CorpusError::UnknownFormat { path } => new("unknown_format").path(&path),
        CorpusError::InvalidUtf8 {
            path,
            byte_offset,
            line,
        } => new("invalid_utf8")
            .path(&path)
            .number("line", line)
            .number("byte_offset", byte_offset),
        CorpusError::Syntax { path, line, .. } => new("syntax").path(&path).number("line", line),
        CorpusError::MissingField { path, entry, field } => new("missing_field")
            .path(&path)
            .entry(&entry)
            .text("field", field),
        CorpusError::EmptyField { path, entry, field } => new("empty_field")
            .path(&path)
            .entry(&entry)
            .text("field", field),
        CorpusError::DuplicateId {
            path, id, second, ..
        } => new("duplicate_id")
            .path(&path)
            .text("id", id)
            .text("entry", second.clone())
            .maybe_number("line", parse_line(&second))
            .text("field", "id"),
        CorpusError::UnknownHeader { path, .. } => {
            new("unknown_header").path(&path).number("line", 1)
        }
        CorpusError::ColumnCount { path, line, .. } => {
            new("column_count").path(&path).number("line", line)
        }
        CorpusError::UnclosedQuote { path, line } => {
            new("unclosed_quote").path(&path).number("line", line)
        }
        CorpusError::QuoteSwallowsRow { path, line, .. } => {
            new("quote_swallows_row").path(&path).number("line", line)
        }
        CorpusError::TextAfterQuote { path, line } => {
            new("text_after_quote").path(&path).number("line", line)
        }
        CorpusError::ConflictingAnswer { path, line, id } => new("conflicting_answer")
            .path(&path)
            .number("line", line)
            .text("id", id)
            .text("field", "answer"),
        CorpusError::Metadata {
            path, entry, key, ..
        } => new("metadata")
            .path(&path)
            .entry(&entry)
            .text("field", format!("metadata.{key}")),
        CorpusError::NoEntries { path } => new("no_entries").path(&path),
        _ => new("corpus"),
    }
}

fn index(err: IndexError) -> Exception {
    let message = err.to_string();
    let new = |kind| Exception::new("IndexFileError", &message, kind);
    match err {
        IndexError::Io { path, source, .. } => new("io").path(&path).caused_by(source),
        IndexError::BadMagic { path } => new("bad_magic").path(&path),
        IndexError::UnsupportedVersion { path, .. } => new("unsupported_version").path(&path),
        IndexError::Truncated { path, .. } => new("truncated").path(&path),
        IndexError::Checksum { path, .. } => new("checksum").path(&path),
        IndexError::Malformed { path, .. } => new("malformed").path(&path),
        IndexError::DictionaryMismatch { path, .. } => new("dictionary_mismatch").path(&path),
        _ => new("index"),
    }
}

fn engine(err: EngineError) -> Exception {
    match err {
        EngineError::Index(err) => index(err),
        EngineError::Analyzer(AnalyzerError::Resource(err)) => resource(err),
        EngineError::Analyzer(err @ AnalyzerError::Dictionary { .. }) => {
            let message = err.to_string();
            let AnalyzerError::Dictionary { dictionary, .. } = err else {
                unreachable!("matched above")
            };
            Exception::new("DictionaryError", message, "dictionary").text("dictionary", dictionary)
        }
        EngineError::IndexResources { path, source } => {
            let message = format!(
                "{}: the resources stored in this index are invalid: {source}",
                path.display()
            );
            let inner = resource(source);
            let mut exception = Exception::new("ResourceError", message, inner.kind).path(&path);
            exception.attributes.extend(
                inner
                    .attributes
                    .into_iter()
                    .filter(|(name, _)| *name != "path"),
            );
            exception
        }
        other => Exception::new("Error", other.to_string(), "engine"),
    }
}

fn resource(err: ResourceError) -> Exception {
    let message = err.to_string();
    match err {
        ResourceError::Io { path, source } => Exception::new("ResourceError", message, "io")
            .path(&path)
            .caused_by(source),
        ResourceError::Line { file, line, .. } => Exception::new("ResourceError", message, "line")
            .text("file", file)
            .number("line", line),
        _ => Exception::new("ResourceError", message, "resource"),
    }
}

/// The id and line in an entry as the Rust errors name it: `"sodai" (line 12)`,
/// `"sodai" (entry #3)`, `line 12` or `entry #3`.
fn parse_entry(entry: &str) -> (Option<String>, Option<usize>) {
    if let Some((quoted, site)) = entry
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
    {
        // Rust's `{:?}` of a string; JSON reads the same escapes for all but control
        // characters, for which the quotes are simply taken off.
        let id = serde_json::from_str::<String>(quoted).ok().or_else(|| {
            quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .map(str::to_string)
        });
        return (id, parse_line(site));
    }
    (None, parse_line(entry))
}

fn parse_line(site: &str) -> Option<usize> {
    site.strip_prefix("line ")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_named_by_the_rust_errors_give_their_id_and_line() {
        assert_eq!(
            parse_entry("\"sodai\" (line 12)"),
            (Some("sodai".into()), Some(12))
        );
        assert_eq!(
            parse_entry("\"a (b)\" (entry #3)"),
            (Some("a (b)".into()), None)
        );
        assert_eq!(parse_entry("line 7"), (None, Some(7)));
        assert_eq!(parse_entry("entry #2"), (None, None));
    }
}

//! Rust errors as JavaScript `Error`s.
//!
//! The message is the Rust error's message (it names the file, the line or entry, and the
//! field); the same facts are properties of the error object, so that a bot can branch on
//! them without parsing text: `code` always, and `path`, `line`, `entry`, `field`, `id`,
//! `key`… where the Rust error has them. An I/O failure keeps the operating system's error
//! as `cause` (with `code` such as `ENOENT` and `errno`).

use std::path::{Path, PathBuf};

use napi::JsValue;
use napi::bindgen_prelude::{JsObjectValue, Object, Unknown};
use napi::{Env, JsError, JsRangeError, JsTypeError};
use toiawase::analysis::{AnalyzerError, ResourceError};
use toiawase::{CorpusError, EngineError, IndexError};

/// Why a call failed, before it becomes a JavaScript error.
#[derive(Debug)]
pub enum Failure {
    /// The corpus could not be read or is invalid.
    Corpus(CorpusError),
    /// The engine could not be built or opened.
    Engine(EngineError),
    /// The index could not be written.
    Index(IndexError),
    /// The query log could not be opened.
    Log {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The resources folder could not be read.
    Resources(ResourceError),
    /// An entry given to `Engine.fromEntries` is malformed (before the corpus checks).
    Entry {
        code: &'static str,
        /// 1-based position in the array.
        position: usize,
        /// `"id" (entry #3)` or `entry #3`.
        entry: String,
        field: Option<String>,
        message: String,
    },
    /// An argument of the wrong type (a `TypeError`).
    Type(String),
    /// An option the call does not know (a `TypeError`).
    UnknownOption(String),
    /// A number out of its range (a `RangeError`).
    Range(String),
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

/// A property value of an error object.
enum Prop {
    Str(String),
    Num(f64),
}

/// What the JavaScript error is made of.
struct Shape {
    kind: Kind,
    code: &'static str,
    message: String,
    props: Vec<(&'static str, Prop)>,
    io: Option<IoCause>,
}

/// The operating system's error under an I/O failure.
struct IoCause {
    code: Option<&'static str>,
    errno: Option<i32>,
    message: String,
}

enum Kind {
    Error,
    Type,
    Range,
}

impl Shape {
    fn new(code: &'static str, message: String) -> Shape {
        Shape {
            kind: Kind::Error,
            code,
            message,
            props: Vec::new(),
            io: None,
        }
    }

    fn path(mut self, path: &Path) -> Shape {
        // Entries built in code have no file.
        if path != Path::new("<memory>") {
            self.props
                .push(("path", Prop::Str(path.display().to_string())));
        }
        self
    }

    fn num(mut self, name: &'static str, value: usize) -> Shape {
        self.props.push((name, Prop::Num(value as f64)));
        self
    }

    fn str(mut self, name: &'static str, value: impl Into<String>) -> Shape {
        self.props.push((name, Prop::Str(value.into())));
        self
    }

    /// `entry` as the Rust error describes it (`"id" (line 6)`, `entry #3`), with the line
    /// or the array position it names.
    fn entry(self, entry: &str) -> Shape {
        self.site(entry).str("entry", entry)
    }

    /// The line (`line 6`) or the 0-based array index (`entry #3`) of an entry's place.
    fn site(mut self, described: &str) -> Shape {
        match Site::of(described) {
            Some(Site::Line(line)) => self = self.num("line", line),
            Some(Site::Position(position)) => self = self.num("index", position - 1),
            None => {}
        }
        self
    }

    fn field(self, field: &str) -> Shape {
        self.str("field", field)
    }

    fn io(mut self, source: &std::io::Error) -> Shape {
        self.io = Some(IoCause {
            code: errno_name(source),
            errno: source.raw_os_error(),
            message: source.to_string(),
        });
        self
    }
}

/// Where an entry is, as the Rust errors describe it: `"id" (line 6)`, `line 6`,
/// `"id" (entry #3)`, `entry #3`.
#[derive(Debug, PartialEq)]
enum Site {
    Line(usize),
    /// 1-based.
    Position(usize),
}

impl Site {
    fn of(described: &str) -> Option<Site> {
        // The place is last, in parentheses when an id precedes it (the id may hold anything).
        let place = match described.strip_suffix(')') {
            Some(rest) => &rest[rest.rfind(" (")? + 2..],
            None => described,
        };
        if let Some(line) = place.strip_prefix("line ") {
            return line.parse().ok().map(Site::Line);
        }
        let position = place.strip_prefix("entry #")?.parse().ok()?;
        (position > 0).then_some(Site::Position(position))
    }
}

impl Failure {
    fn shape(self) -> Shape {
        match self {
            Failure::Corpus(err) => corpus_shape(err),
            Failure::Engine(err) => engine_shape(err),
            Failure::Index(err) => index_shape(err),
            Failure::Resources(err) => resource_shape(err),
            Failure::Log { path, source } => Shape::new(
                "ERR_LOG_IO",
                format!("{}: cannot open the query log: {source}", path.display()),
            )
            .path(&path)
            .io(&source),
            Failure::Entry {
                code,
                position,
                entry,
                field,
                message,
            } => {
                let mut shape = Shape::new(code, format!("<memory>: {entry}: {message}"))
                    .str("entry", entry)
                    .num("index", position - 1);
                if let Some(field) = field {
                    shape = shape.field(&field);
                }
                shape
            }
            Failure::Type(message) => Shape {
                kind: Kind::Type,
                ..Shape::new("ERR_INVALID_ARG_TYPE", message)
            },
            Failure::UnknownOption(message) => Shape {
                kind: Kind::Type,
                ..Shape::new("ERR_INVALID_ARG_VALUE", message)
            },
            Failure::Range(message) => Shape {
                kind: Kind::Range,
                ..Shape::new("ERR_OUT_OF_RANGE", message)
            },
        }
    }

    /// The JavaScript error object, ready to throw or to reject a promise with.
    pub(crate) fn into_napi(self, env: &Env) -> napi::Error {
        let shape = self.shape();
        match build(env, shape) {
            Ok(error) => error,
            Err(err) => err,
        }
    }
}

fn build(env: &Env, shape: Shape) -> napi::Result<napi::Error> {
    let base = napi::Error::new(shape.code.to_string(), shape.message);
    let value: Unknown<'_> = match shape.kind {
        Kind::Error => JsError::from(base).into_unknown(*env),
        Kind::Type => JsTypeError::from(base).into_unknown(*env),
        Kind::Range => JsRangeError::from(base).into_unknown(*env),
    };
    let mut object = Object::from_raw(env.raw(), value.raw());
    for (name, prop) in shape.props {
        match prop {
            Prop::Str(text) => object.set_named_property(name, text)?,
            Prop::Num(number) => object.set_named_property(name, number)?,
        }
    }
    if let Some(io) = shape.io {
        let cause = napi::Error::new(io.code.unwrap_or("EIO").to_string(), io.message);
        let mut cause = Object::from_raw(env.raw(), JsError::from(cause).into_unknown(*env).raw());
        if let Some(errno) = io.errno {
            cause.set_named_property("errno", errno)?;
        }
        object.set_named_property("cause", cause)?;
    }
    Ok(napi::Error::from(value))
}

/// The POSIX name Node gives an I/O error (`err.code`), for the common ones.
fn errno_name(err: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind::*;
    Some(match err.kind() {
        NotFound => "ENOENT",
        PermissionDenied => "EACCES",
        AlreadyExists => "EEXIST",
        IsADirectory => "EISDIR",
        NotADirectory => "ENOTDIR",
        StorageFull => "ENOSPC",
        ReadOnlyFilesystem => "EROFS",
        _ => return None,
    })
}

fn corpus_shape(err: CorpusError) -> Shape {
    let message = err.to_string();
    match &err {
        CorpusError::Io { path, source } => {
            Shape::new("ERR_CORPUS_IO", message).path(path).io(source)
        }
        CorpusError::UnknownFormat { path } => Shape::new("ERR_CORPUS_FORMAT", message).path(path),
        CorpusError::InvalidUtf8 {
            path,
            byte_offset,
            line,
        } => Shape::new("ERR_CORPUS_UTF8", message)
            .path(path)
            .num("line", *line)
            .num("byteOffset", *byte_offset),
        CorpusError::Syntax { path, line, .. } => Shape::new("ERR_CORPUS_SYNTAX", message)
            .path(path)
            .num("line", *line),
        CorpusError::MissingField { path, entry, field } => {
            Shape::new("ERR_CORPUS_MISSING_FIELD", message)
                .path(path)
                .entry(entry)
                .field(field)
        }
        CorpusError::EmptyField { path, entry, field } => {
            Shape::new("ERR_CORPUS_EMPTY_FIELD", message)
                .path(path)
                .entry(entry)
                .field(field)
        }
        CorpusError::DuplicateId {
            path,
            id,
            first,
            second,
        } => Shape::new("ERR_CORPUS_DUPLICATE_ID", message)
            .path(path)
            .site(second)
            .str("id", id)
            .field("id")
            .str("first", first)
            .str("second", second),
        CorpusError::UnknownHeader { path, found } => Shape::new("ERR_CORPUS_HEADER", message)
            .path(path)
            .num("line", 1)
            .str("found", found),
        CorpusError::ColumnCount {
            path,
            line,
            expected,
            found,
        } => Shape::new("ERR_CORPUS_COLUMNS", message)
            .path(path)
            .num("line", *line)
            .num("expected", *expected)
            .num("found", *found),
        CorpusError::UnclosedQuote { path, line } => {
            Shape::new("ERR_CORPUS_UNCLOSED_QUOTE", message)
                .path(path)
                .num("line", *line)
        }
        CorpusError::QuoteSwallowsRow {
            path,
            line,
            row_line,
        } => Shape::new("ERR_CORPUS_QUOTE_SWALLOWS_ROW", message)
            .path(path)
            .num("line", *line)
            .num("rowLine", *row_line),
        CorpusError::TextAfterQuote { path, line } => {
            Shape::new("ERR_CORPUS_TEXT_AFTER_QUOTE", message)
                .path(path)
                .num("line", *line)
        }
        CorpusError::ConflictingAnswer { path, line, id } => {
            Shape::new("ERR_CORPUS_CONFLICTING_ANSWER", message)
                .path(path)
                .num("line", *line)
                .str("id", id)
                .field("answer")
        }
        CorpusError::Metadata {
            path, entry, key, ..
        } => Shape::new("ERR_CORPUS_METADATA", message)
            .path(path)
            .entry(entry)
            .field("metadata")
            .str("key", key),
        CorpusError::NoEntries { path } => Shape::new("ERR_CORPUS_EMPTY", message).path(path),
        _ => Shape::new("ERR_CORPUS", message),
    }
}

fn engine_shape(err: EngineError) -> Shape {
    match err {
        EngineError::Analyzer(AnalyzerError::Resource(err)) => resource_shape(err),
        EngineError::Analyzer(err) => Shape::new("ERR_DICTIONARY", err.to_string()),
        EngineError::Index(err) => index_shape(err),
        EngineError::IndexResources { ref path, .. } => {
            Shape::new("ERR_INDEX_RESOURCES", err.to_string()).path(path)
        }
        err => Shape::new("ERR_ENGINE", err.to_string()),
    }
}

fn index_shape(err: IndexError) -> Shape {
    let message = err.to_string();
    match &err {
        IndexError::Io { path, source, .. } => {
            Shape::new("ERR_INDEX_IO", message).path(path).io(source)
        }
        IndexError::BadMagic { path } => Shape::new("ERR_INDEX_NOT_AN_INDEX", message).path(path),
        IndexError::UnsupportedVersion { path, found, .. } => {
            Shape::new("ERR_INDEX_VERSION", message)
                .path(path)
                .num("version", *found as usize)
        }
        IndexError::Truncated { path, .. } => Shape::new("ERR_INDEX_TRUNCATED", message).path(path),
        IndexError::Checksum { path, .. } => Shape::new("ERR_INDEX_CHECKSUM", message).path(path),
        IndexError::Malformed { path, .. } => Shape::new("ERR_INDEX_MALFORMED", message).path(path),
        IndexError::DictionaryMismatch { path, .. } => {
            Shape::new("ERR_INDEX_DICTIONARY_MISMATCH", message).path(path)
        }
        _ => Shape::new("ERR_INDEX", message),
    }
}

fn resource_shape(err: ResourceError) -> Shape {
    let message = err.to_string();
    match &err {
        ResourceError::Io { path, source } => {
            Shape::new("ERR_RESOURCE_IO", message).path(path).io(source)
        }
        ResourceError::Line { file, line, .. } => Shape::new("ERR_RESOURCE", message)
            .str("path", file)
            .num("line", *line),
        _ => Shape::new("ERR_RESOURCE", message),
    }
}

#[cfg(test)]
mod tests {
    use super::Site;

    #[test]
    fn entry_descriptions_give_their_line_or_position() {
        assert_eq!(Site::of("\"a\" (line 6)"), Some(Site::Line(6)));
        assert_eq!(Site::of("line 6"), Some(Site::Line(6)));
        assert_eq!(Site::of("entry #3"), Some(Site::Position(3)));
        assert_eq!(
            Site::of("\"line 5 (line 9)\" (entry #2)"),
            Some(Site::Position(2))
        );
        assert_eq!(Site::of("\"x\""), None);
    }
}

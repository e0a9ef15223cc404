//! Recording what residents ask: an optional hook called for every question.
//!
//! The record of real questions — above all the ones the FAQ could not answer — shows
//! staff what residents need. Attach a [`QueryLog`] with [`Engine::set_query_log`]; it is
//! off by default, and asking without one costs nothing extra.
//!
//! [`JsonLinesLog`] appends one JSON object per question to a file, which
//! [`read_json_lines`] reads back and [`crate::report`] summarises.
//!
//! ```no_run
//! use std::sync::Arc;
//! use toiawase::{Corpus, Engine};
//! use toiawase::query_log::JsonLinesLog;
//!
//! let mut engine = Engine::build(&Corpus::from_path("faq.toml")?)?;
//! engine.set_query_log(Some(Arc::new(JsonLinesLog::open("questions.jsonl")?)));
//! engine.ask("そだいごみ どうやって出す？"); // appended to questions.jsonl
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Engine::set_query_log`]: crate::Engine::set_query_log

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::{Decision, Response};

/// Receives every question asked of an engine, with its response.
///
/// Implementations must be cheap and must not panic: `record` runs inside
/// [`Engine::ask`](crate::Engine::ask), on the asking thread.
pub trait QueryLog: Send + Sync {
    /// Records one question and what the engine answered.
    fn record(&self, question: &str, response: &Response<'_>);
}

/// Candidates kept per logged question.
const LOGGED_CANDIDATES: usize = 3;

/// One logged question, as written to and read from a JSON Lines log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRecord {
    /// Milliseconds since the Unix epoch.
    pub time_ms: u64,
    /// The question as asked.
    pub question: String,
    /// The decision.
    pub decision: Decision,
    /// The best candidate's id, if any.
    pub top: Option<String>,
    /// The best candidate's confidence (0 when there is none).
    pub confidence: f32,
    /// The best few candidates, with their confidences.
    pub candidates: Vec<LoggedCandidate>,
}

/// A candidate as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedCandidate {
    /// Entry id.
    pub id: String,
    /// Its confidence.
    pub confidence: f32,
}

impl LogRecord {
    /// The record of one question and its response, stamped now.
    pub fn new(question: &str, response: &Response<'_>) -> LogRecord {
        let time_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis() as u64);
        LogRecord {
            time_ms,
            question: question.to_string(),
            decision: response.decision,
            top: response.best().map(|best| best.id.to_string()),
            confidence: response.best().map_or(0.0, |best| best.confidence),
            candidates: response
                .candidates
                .iter()
                .take(LOGGED_CANDIDATES)
                .map(|candidate| LoggedCandidate {
                    id: candidate.id.to_string(),
                    confidence: candidate.confidence,
                })
                .collect(),
        }
    }
}

/// A [`QueryLog`] appending one JSON object per line to a file, flushed per question so
/// that a crash loses nothing already asked. Writes are serialised by a mutex (the engine
/// itself takes no lock); a failed write is counted ([`JsonLinesLog::failures`]) rather than
/// interrupting the question.
pub struct JsonLinesLog {
    path: PathBuf,
    file: Mutex<std::fs::File>,
    failures: AtomicU64,
}

impl JsonLinesLog {
    /// Opens (creating if needed) a log file for appending.
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<JsonLinesLog> {
        let path = path.as_ref().to_path_buf();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok(JsonLinesLog {
            path,
            file: Mutex::new(file),
            failures: AtomicU64::new(0),
        })
    }

    /// The log file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many records could not be written.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }
}

impl QueryLog for JsonLinesLog {
    fn record(&self, question: &str, response: &Response<'_>) {
        let Ok(mut line) = serde_json::to_vec(&LogRecord::new(question, response)) else {
            self.failures.fetch_add(1, Ordering::Relaxed);
            return;
        };
        line.push(b'\n');
        // A poisoned lock only means another thread panicked mid-write; the file is fine.
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if file.write_all(&line).is_err() {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Why a log could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogError {
    /// The file could not be read.
    #[error("{}: cannot read log: {source}", path.display())]
    Io {
        /// The log file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line is not a log record.
    #[error("{}: line {line}: not a log record: {message}", path.display())]
    Line {
        /// The log file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What the parser reported.
        message: String,
    },
}

/// Reads a JSON Lines log written by [`JsonLinesLog`]. Blank lines are skipped; a
/// malformed line is an error naming it, except a truncated last line (a write cut short
/// by a crash), which is skipped.
pub fn read_json_lines(path: impl AsRef<Path>) -> Result<Vec<LogRecord>, LogError> {
    let path = path.as_ref();
    let io = |source| LogError::Io {
        path: path.to_path_buf(),
        source,
    };
    let reader = std::io::BufReader::new(std::fs::File::open(path).map_err(io)?);
    let lines: Vec<String> = reader.lines().collect::<Result<_, _>>().map_err(io)?;
    let last = lines.len();
    let mut records = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<LogRecord>(line) {
            Ok(record) => records.push(record),
            Err(err) if err.is_eof() && index + 1 == last => {}
            Err(err) => {
                return Err(LogError::Line {
                    path: path.to_path_buf(),
                    line: index + 1,
                    message: err.to_string(),
                });
            }
        }
    }
    Ok(records)
}

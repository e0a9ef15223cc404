//! Recording what residents ask: an optional hook called for every question.
//!
//! The record of real questions — above all the ones the FAQ could not answer — shows
//! staff what residents need. Attach a [`QueryLog`] with [`Engine::with_query_log`]; it is
//! off by default, and asking without one costs nothing extra. A question can carry an
//! opaque user or conversation id ([`AskOptions::session`](crate::AskOptions::session)),
//! and [`Engine::record_choice`] records which candidate a resident picked from a
//! "もしかして" menu — the best signal for fixing entries that compete.
//!
//! [`JsonLinesLog`] appends one JSON object per question to a file, which
//! [`read_json_lines`] (or [`LogReader`], line by line) reads back and [`crate::report`]
//! summarises.
//!
//! What a log holds, and what it does not:
//!
//! - the question as analysed: normalized (NFKC, lower case, control characters as
//!   spaces) and cut at [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) characters, never the
//!   raw input (a 1 MB paste logs at most that many characters);
//! - with personal data masked by default ([`Masking`]: phone, マイナンバー, card and
//!   postal numbers, e-mail addresses, street-address block numbers);
//! - in a file created readable and writable by its owner only (mode 0600 on Unix; an
//!   existing file keeps its mode).
//!
//! ```no_run
//! use std::sync::Arc;
//! use toiawase::{Corpus, Engine};
//! use toiawase::query_log::{JsonLinesLog, Masking};
//!
//! let log = JsonLinesLog::open("questions.jsonl")?
//!     .with_masking(Masking::default().with_shape("受付番号 ########", "<受付番号>"));
//! let engine = Engine::build(&Corpus::from_path("faq.toml")?)?.with_query_log(Arc::new(log));
//! engine.ask("そだいごみ どうやって出す？ 電話は090-1234-5678"); // logged as …電話は<電話番号>
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Recording runs on the asking thread. A file append is short, but an async server should
//! not block a runtime worker on it: wrap the log in a [`BackgroundLog`], which hands
//! records to a thread of its own (or call `ask` inside `spawn_blocking`).
//!
//! [`Engine::with_query_log`]: crate::Engine::with_query_log
//! [`Engine::record_choice`]: crate::Engine::record_choice

mod masking;
mod reading;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::{Decision, Response};

pub use masking::{ADDRESS, EMAIL, Masking, NUMBER, PHONE, POSTAL_CODE};
pub use reading::{
    LogContents, LogError, LogReader, MAX_LINE_BYTES, MalformedLine, MalformedLines,
    read_json_lines,
};

/// Receives every question asked of an engine, with its response.
///
/// Implementations must be cheap and must not panic: `record` runs inside
/// [`Engine::ask`](crate::Engine::ask), on the asking thread. `question` is the question as
/// asked; [`LogRecord::new`] turns it into what is safe to keep.
pub trait QueryLog: Send + Sync {
    /// Records one question and what the engine answered; `session` is the opaque user
    /// or conversation id the question was asked with, if any.
    fn record(&self, question: &str, response: &Response<'_>, session: Option<&str>);

    /// Records which candidate a resident picked from a menu. Ignored unless implemented.
    fn record_choice(&self, choice: &Choice<'_>) {
        let _ = choice;
    }
}

/// A resident's pick from a "もしかして" menu ([`Engine::record_choice`](crate::Engine::record_choice)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Choice<'a> {
    /// The question the menu was offered for, as asked.
    pub question: &'a str,
    /// The id of the entry picked.
    pub chosen: &'a str,
    /// The user or conversation id, if any.
    pub session: Option<&'a str>,
}

/// Candidates kept per logged question.
const LOGGED_CANDIDATES: usize = 3;

/// Characters normalized past [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) before masking,
/// so that a phone number or an e-mail address (at most 254 characters) cut by the limit
/// is still recognised whole and masked, not logged in part.
const MASKING_LOOKAHEAD: usize = 256;

/// One logged question, as written to and read from a JSON Lines log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRecord {
    /// Milliseconds since the Unix epoch.
    pub time_ms: u64,
    /// The question as analysed (normalized, cut at
    /// [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) characters), with personal data
    /// replaced by placeholders ([`Masking`]).
    pub question: String,
    /// The decision.
    pub decision: Decision,
    /// The best candidate's id, if any.
    pub top: Option<String>,
    /// The best candidate's confidence (0 when there is none).
    pub confidence: f32,
    /// The best few candidates, with their confidences.
    pub candidates: Vec<LoggedCandidate>,
    /// When the message was small talk (a greeting, thanks…), which kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_talk: Option<crate::SmallTalk>,
    /// The opaque user or conversation id the question was asked with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// For the record of a resident's pick from a menu ([`LogRecord::choice`]): the entry
    /// picked. Such a record is no new question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
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
    /// The record of one question and its response, stamped now, with the question
    /// masked by the built-in rules ([`Masking::default`]).
    ///
    /// ```
    /// # use toiawase::{Corpus, Engine, Entry};
    /// # let engine = Engine::build(&Corpus::new(vec![Entry::new("a", ["住民票"], "x")])?)?;
    /// use toiawase::query_log::LogRecord;
    ///
    /// let question = "ＴＥＬ ０９０−１２３４−５６７８ 住民票";
    /// let record = LogRecord::new(question, &engine.ask(question));
    /// assert_eq!(record.question, "tel <電話番号> 住民票");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(question: &str, response: &Response<'_>) -> LogRecord {
        Self::masked_with(question, response, &Masking::default())
    }

    /// The record of a resident's pick from a menu, stamped now, masked with `masking`.
    pub fn choice(choice: &Choice<'_>, masking: &Masking) -> LogRecord {
        LogRecord {
            time_ms: now_ms(),
            question: loggable_question(choice.question, masking),
            decision: Decision::Ambiguous,
            top: Some(choice.chosen.to_string()),
            confidence: 0.0,
            candidates: Vec::new(),
            small_talk: None,
            session: choice.session.map(str::to_string),
            chosen: Some(choice.chosen.to_string()),
        }
    }

    /// As [`LogRecord::new`], masking with `masking`.
    pub fn masked_with(question: &str, response: &Response<'_>, masking: &Masking) -> LogRecord {
        LogRecord {
            time_ms: now_ms(),
            question: loggable_question(question, masking),
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
            small_talk: response.small_talk,
            session: None,
            chosen: None,
        }
    }

    /// Whether this records a resident's pick from a menu rather than a question.
    pub fn is_choice(&self) -> bool {
        self.chosen.is_some()
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as u64)
}

/// The question normalized, masked, and cut after `MAX_QUERY_CHARS` characters of the
/// normalized text (a placeholder for a span straddling the cut is kept whole).
fn loggable_question(question: &str, masking: &Masking) -> String {
    let limit = crate::MAX_QUERY_CHARS;
    if masking.is_off() {
        return crate::analysis::normalize(question, limit);
    }
    let normalized = crate::analysis::normalize(question, limit + MASKING_LOOKAHEAD);
    let cut = normalized
        .char_indices()
        .nth(limit)
        .map_or(normalized.len(), |(offset, _)| offset);
    let mut masked = masking.mask_before(&normalized, cut);
    // As `normalize` does at its limit: no trailing space.
    if masked.ends_with(' ') {
        masked.pop();
    }
    masked
}

/// A [`QueryLog`] appending one JSON object per line to a file.
///
/// - The file is created readable and writable by its owner only (0600 on Unix); an
///   existing file is appended to and keeps its permissions.
/// - Questions are stored as analysed and masked ([`LogRecord::new`]); change the masking
///   with [`JsonLinesLog::with_masking`].
/// - Each record is built in memory and written with one `write` on a file opened for
///   appending, so records of several threads or processes sharing the file do not
///   interleave, and a crash loses nothing already asked.
/// - A write that fails is counted ([`JsonLinesLog::failures`]) rather than interrupting
///   the question. If it failed part-way (a full disk), the next record starts on a new
///   line, so the fragment stays a line of its own, which
///   [`read_json_lines`] skips and reports: every record is one whole line or nothing.
pub struct JsonLinesLog {
    path: PathBuf,
    writer: Mutex<LineWriter<std::fs::File>>,
    masking: Masking,
    failures: AtomicU64,
}

impl std::fmt::Debug for JsonLinesLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLinesLog")
            .field("path", &self.path)
            .field("masking", &self.masking)
            .field("failures", &self.failures())
            .finish()
    }
}

impl JsonLinesLog {
    /// Opens (creating if needed, owner-only) a log file for appending, masking personal
    /// data with the built-in rules.
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<JsonLinesLog> {
        let path = path.as_ref().to_path_buf();
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        Ok(JsonLinesLog {
            path,
            writer: Mutex::new(LineWriter::new(file)),
            masking: Masking::default(),
            failures: AtomicU64::new(0),
        })
    }

    /// Masks questions with `masking` instead of the built-in rules ([`Masking::off`] to
    /// log them unmasked).
    pub fn with_masking(mut self, masking: Masking) -> JsonLinesLog {
        self.masking = masking;
        self
    }

    /// The log file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many records could not be written.
    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    /// Why the latest write failed, if one did.
    pub fn last_error(&self) -> Option<String> {
        self.lock().last_error.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LineWriter<std::fs::File>> {
        // A poisoned lock only means another thread panicked mid-write; the state is fine.
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl QueryLog for JsonLinesLog {
    fn record(&self, question: &str, response: &Response<'_>, session: Option<&str>) {
        let mut record = LogRecord::masked_with(question, response, &self.masking);
        record.session = session.map(str::to_string);
        self.write(&record);
    }

    fn record_choice(&self, choice: &Choice<'_>) {
        self.write(&LogRecord::choice(choice, &self.masking));
    }
}

impl JsonLinesLog {
    fn write(&self, record: &LogRecord) {
        let written = match serde_json::to_vec(record) {
            Ok(line) => self.lock().write_line(line),
            Err(err) => {
                self.lock().last_error = Some(err.to_string());
                false
            }
        };
        if !written {
            self.failures.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A [`QueryLog`] that hands records to a thread of its own, which passes them to another
/// log: asking never waits for a file or a database. Records are kept in order; when more
/// than `capacity` wait (the other log is stuck), new ones are dropped and counted.
///
/// ```no_run
/// use std::sync::Arc;
/// use toiawase::query_log::{BackgroundLog, JsonLinesLog};
/// # let engine = toiawase::Engine::build(&toiawase::Corpus::from_path("faq.toml")?)?;
/// let log = BackgroundLog::new(Arc::new(JsonLinesLog::open("questions.jsonl")?), 10_000);
/// let engine = engine.with_query_log(Arc::new(log));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct BackgroundLog {
    sender: std::sync::mpsc::SyncSender<Owned>,
    dropped: Arc<AtomicU64>,
}

/// What the background thread records.
enum Owned {
    Question {
        question: String,
        response: Response<'static>,
        session: Option<String>,
    },
    Choice {
        question: String,
        chosen: String,
        session: Option<String>,
    },
}

impl BackgroundLog {
    /// Starts the thread that passes records to `inner`, with room for `capacity` waiting
    /// records.
    pub fn new(inner: Arc<dyn QueryLog>, capacity: usize) -> BackgroundLog {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Owned>(capacity);
        std::thread::spawn(move || {
            for record in receiver {
                match record {
                    Owned::Question {
                        question,
                        response,
                        session,
                    } => inner.record(&question, &response, session.as_deref()),
                    Owned::Choice {
                        question,
                        chosen,
                        session,
                    } => inner.record_choice(&Choice {
                        question: &question,
                        chosen: &chosen,
                        session: session.as_deref(),
                    }),
                }
            }
        });
        BackgroundLog {
            sender,
            dropped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many records were dropped because too many were waiting.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn send(&self, record: Owned) {
        if self.sender.try_send(record).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl std::fmt::Debug for BackgroundLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackgroundLog")
            .field("dropped", &self.dropped())
            .finish()
    }
}

impl QueryLog for BackgroundLog {
    fn record(&self, question: &str, response: &Response<'_>, session: Option<&str>) {
        self.send(Owned::Question {
            question: question.to_string(),
            response: response.clone().into_owned(),
            session: session.map(str::to_string),
        });
    }

    fn record_choice(&self, choice: &Choice<'_>) {
        self.send(Owned::Choice {
            question: choice.question.to_string(),
            chosen: choice.chosen.to_string(),
            session: choice.session.map(str::to_string),
        });
    }
}

/// Writes whole lines: each in one `write` when the file takes it, and after a write that
/// failed part-way, the next line starts with a line break so that the fragment stays a
/// line of its own.
struct LineWriter<W> {
    out: W,
    torn: bool,
    last_error: Option<String>,
}

impl<W: Write> LineWriter<W> {
    fn new(out: W) -> Self {
        LineWriter {
            out,
            torn: false,
            last_error: None,
        }
    }

    /// Writes `line` and a line break; returns whether all of it was written.
    fn write_line(&mut self, mut line: Vec<u8>) -> bool {
        if self.torn {
            line.insert(0, b'\n');
        }
        line.push(b'\n');
        let mut written = 0;
        while written < line.len() {
            match self.out.write(&line[written..]) {
                Ok(0) => {
                    self.failed(written, std::io::ErrorKind::WriteZero.into());
                    return false;
                }
                Ok(n) => written += n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.failed(written, err);
                    return false;
                }
            }
        }
        self.torn = false;
        true
    }

    fn failed(&mut self, written: usize, err: std::io::Error) {
        // Nothing written leaves the file as it was (and a pending break still pending).
        self.torn |= written > 0;
        self.last_error = Some(err.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `room` bytes, then fails as a full disk does.
    struct SmallDisk {
        bytes: Vec<u8>,
        room: usize,
    }

    impl Write for SmallDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            let n = buf.len().min(self.room);
            self.bytes.extend_from_slice(&buf[..n]);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_cut_short_by_a_full_disk_stays_apart_from_the_next_record() {
        let mut writer = LineWriter::new(SmallDisk {
            bytes: Vec::new(),
            room: 10,
        });
        assert!(!writer.write_line(b"{\"first\":1}".to_vec()));
        assert!(writer.last_error.is_some());
        writer.out.room = 1000;
        assert!(writer.write_line(b"{\"second\":2}".to_vec()));
        assert!(writer.write_line(b"{\"third\":3}".to_vec()));
        assert_eq!(
            String::from_utf8(writer.out.bytes).unwrap(),
            "{\"first\":1\n{\"second\":2}\n{\"third\":3}\n"
        );
    }

    #[test]
    fn a_write_that_wrote_nothing_needs_no_line_break() {
        let mut writer = LineWriter::new(SmallDisk {
            bytes: Vec::new(),
            room: 0,
        });
        assert!(!writer.write_line(b"{}".to_vec()));
        writer.out.room = 1000;
        assert!(writer.write_line(b"{}".to_vec()));
        assert_eq!(writer.out.bytes, b"{}\n");
    }
}

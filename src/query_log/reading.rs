//! Reading a JSON Lines query log back, line by line, skipping what is not a record.
//!
//! A log can hold lines that are not records: the fragment of a write cut short by a full
//! disk or a crash (often the last line, without its line end), a line cut inside a
//! character, bytes that are not UTF-8, or lines someone edited by hand. None of them stops
//! the reading: each is skipped, counted, and the first few are named by line number
//! ([`MalformedLines`]).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::LogRecord;

/// Longest line read; a longer one is skipped as malformed without being held in memory.
/// (A record is a few hundred bytes; logs written before questions were cut at
/// [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) may hold longer ones.)
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// Malformed lines whose number and reason are kept (all are counted).
const MALFORMED_KEPT: usize = 10;

/// Why a log could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogError {
    /// The file could not be opened or read.
    #[error("{}: cannot read log: {source}", path.display())]
    Io {
        /// The log file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// A line skipped because it is not a log record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedLine {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// The lines a reader skipped: how many, and the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MalformedLines {
    /// How many lines were skipped.
    pub count: usize,
    /// The first ten of them, with their reasons.
    pub first: Vec<MalformedLine>,
}

impl MalformedLines {
    fn push(&mut self, line: usize, reason: String) {
        self.count += 1;
        if self.first.len() < MALFORMED_KEPT {
            self.first.push(MalformedLine { line, reason });
        }
    }
}

impl std::fmt::Display for MalformedLines {
    /// `3 malformed lines skipped (line 4: not UTF-8 …; line 9: …)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = if self.count == 1 { "" } else { "s" };
        write!(f, "{} malformed line{plural} skipped (", self.count)?;
        for (index, malformed) in self.first.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "line {}: {}", malformed.line, malformed.reason)?;
        }
        if self.count > self.first.len() {
            write!(f, "; and {} more", self.count - self.first.len())?;
        }
        f.write_str(")")
    }
}

/// Reads log records one by one, skipping malformed lines (see the module documentation)
/// and noting them in [`LogReader::malformed`]. Memory stays bounded by the longest line
/// ([`MAX_LINE_BYTES`]), whatever the size of the log.
///
/// ```
/// use toiawase::query_log::LogReader;
///
/// let log = "{\"time_ms\":1,\"question\":\"住民票\",\"decision\":\"answer\",\"top\":\"j\",\
///            \"confidence\":0.9,\"candidates\":[]}\nnot json\n{\"time_ms\":2,\"quest";
/// let mut reader = LogReader::new(log.as_bytes(), "questions.jsonl");
/// let records: Vec<_> = reader.by_ref().collect::<Result<_, _>>()?;
/// assert_eq!(records.len(), 1);
/// assert_eq!(reader.malformed().count, 2);
/// assert_eq!(reader.malformed().first[0].line, 2);
/// # Ok::<(), toiawase::query_log::LogError>(())
/// ```
pub struct LogReader<R> {
    input: R,
    path: PathBuf,
    line: usize,
    buffer: Vec<u8>,
    malformed: MalformedLines,
    failed: bool,
}

impl LogReader<std::io::BufReader<std::fs::File>> {
    /// Opens a log file.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, LogError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| LogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(LogReader::new(std::io::BufReader::new(file), path))
    }
}

impl<R: BufRead> LogReader<R> {
    /// Reads a log from `input`; `path` names it in errors.
    pub fn new(input: R, path: impl AsRef<Path>) -> Self {
        LogReader {
            input,
            path: path.as_ref().to_path_buf(),
            line: 0,
            buffer: Vec::new(),
            malformed: MalformedLines::default(),
            failed: false,
        }
    }

    /// The lines skipped so far.
    pub fn malformed(&self) -> &MalformedLines {
        &self.malformed
    }

    /// Reads the next line into `self.buffer`, at most [`MAX_LINE_BYTES`] of it. Returns
    /// `None` at the end, else whether the line ended with a line break and whether it was
    /// longer than the limit.
    fn read_line(&mut self) -> std::io::Result<Option<(bool, bool)>> {
        self.buffer.clear();
        let mut overlong = false;
        let mut any = false;
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if available.is_empty() {
                return Ok(any.then_some((false, overlong)));
            }
            any = true;
            let (chunk, ended) = match available.iter().position(|&b| b == b'\n') {
                Some(end) => (&available[..end], true),
                None => (available, false),
            };
            let room = MAX_LINE_BYTES.saturating_sub(self.buffer.len());
            if chunk.len() > room {
                overlong = true;
            }
            self.buffer
                .extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = chunk.len() + usize::from(ended);
            self.input.consume(used);
            if ended {
                return Ok(Some((true, overlong)));
            }
        }
    }

    /// The record of the line in `self.buffer`, or why it is not one (`None` for a blank
    /// line).
    fn parse(&self, ended: bool, overlong: bool) -> Option<Result<LogRecord, String>> {
        if overlong {
            return Some(Err(format!("longer than {MAX_LINE_BYTES} bytes")));
        }
        let bytes = self.buffer.strip_suffix(b"\r").unwrap_or(&self.buffer);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) if err.error_len().is_none() => {
                return Some(Err(format!(
                    "cut inside a character (after byte {})",
                    err.valid_up_to()
                )));
            }
            Err(err) => {
                return Some(Err(format!(
                    "not UTF-8 (invalid byte 0x{:02x} at byte {})",
                    bytes[err.valid_up_to()],
                    err.valid_up_to()
                )));
            }
        };
        if text.trim().is_empty() {
            return None;
        }
        Some(serde_json::from_str::<LogRecord>(text).map_err(|err| {
            if !ended && err.is_eof() {
                "cut short (the last line, without its line end)".to_string()
            } else {
                format!("not a log record: {err}")
            }
        }))
    }
}

impl<R: BufRead> Iterator for LogReader<R> {
    type Item = Result<LogRecord, LogError>;

    /// The next record; malformed lines are skipped (and noted), an I/O error ends the
    /// reading.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            let (ended, overlong) = match self.read_line() {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(source) => {
                    self.failed = true;
                    return Some(Err(LogError::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
            };
            self.line += 1;
            match self.parse(ended, overlong) {
                None => {}
                Some(Ok(record)) => return Some(Ok(record)),
                Some(Err(reason)) => self.malformed.push(self.line, reason),
            }
        }
    }
}

/// A whole log read into memory: its records and the lines skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogContents {
    /// The records, in file order.
    pub records: Vec<LogRecord>,
    /// Lines that were not records.
    pub malformed: MalformedLines,
}

/// Reads a JSON Lines log written by [`JsonLinesLog`](super::JsonLinesLog). Blank lines are
/// skipped; so are malformed ones (bad JSON, invalid UTF-8, a line cut inside a character,
/// a torn last line), which are counted and named in [`LogContents::malformed`]. Only a
/// file that cannot be read is an error. For large logs, [`LogReader`] reads one record
/// at a time.
pub fn read_json_lines(path: impl AsRef<Path>) -> Result<LogContents, LogError> {
    let mut reader = LogReader::open(path)?;
    let records = reader.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok(LogContents {
        records,
        malformed: reader.malformed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"time_ms":1,"question":"住民票","decision":"answer","top":"j","confidence":0.9,"candidates":[]}"#;

    fn read(bytes: &[u8]) -> (usize, MalformedLines) {
        let mut reader = LogReader::new(bytes, "log.jsonl");
        let records = reader.by_ref().filter(Result::is_ok).count();
        (records, reader.malformed)
    }

    #[test]
    fn every_kind_of_malformed_line_is_skipped_and_named() {
        let mut log = Vec::new();
        log.extend_from_slice(RECORD.as_bytes());
        log.extend_from_slice(b"\nnot json\n\xff\xfe\n");
        // Cut inside 住 (three bytes, two written).
        log.extend_from_slice(&RECORD.as_bytes()[..27]);
        log.extend_from_slice(b"\n\n");
        log.extend_from_slice(RECORD.as_bytes());
        log.extend_from_slice(b"\r\n");
        log.extend_from_slice(&RECORD.as_bytes()[..40]);
        let (records, malformed) = read(&log);
        assert_eq!(records, 2);
        assert_eq!(malformed.count, 4);
        let lines: Vec<usize> = malformed.first.iter().map(|m| m.line).collect();
        assert_eq!(lines, [2, 3, 4, 7]);
        assert!(malformed.first[0].reason.starts_with("not a log record"));
        assert!(malformed.first[1].reason.starts_with("not UTF-8"));
        assert!(
            malformed.first[2]
                .reason
                .starts_with("cut inside a character")
        );
        assert!(malformed.first[3].reason.starts_with("cut short"));
    }

    #[test]
    fn only_the_first_ten_malformed_lines_are_kept_but_all_are_counted() {
        let log = "x\n".repeat(25);
        let (_, malformed) = read(log.as_bytes());
        assert_eq!(malformed.count, 25);
        assert_eq!(malformed.first.len(), 10);
        assert!(malformed.to_string().ends_with("; and 15 more)"));
    }

    #[test]
    fn an_overlong_line_is_skipped_without_being_held() {
        let mut log = vec![b'a'; MAX_LINE_BYTES + 10];
        log.push(b'\n');
        log.extend_from_slice(RECORD.as_bytes());
        let (records, malformed) = read(&log);
        assert_eq!(records, 1);
        assert_eq!(malformed.first[0].line, 1);
        assert!(malformed.first[0].reason.starts_with("longer than"));
    }
}

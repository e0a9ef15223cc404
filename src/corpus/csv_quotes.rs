//! Quote checks for CSV corpora, run before the rows are read.
//!
//! A CSV reader takes a quote that is never closed as the start of one long field: every
//! line after it, to the end of the file, becomes part of that field, and the rows they
//! held silently disappear. It also drops the quotes of a field written `"ごみ"の日`
//! (text after the closing quote), changing the text. Neither is ever what the author
//! meant, so this scan, which follows the reader's own rules (a quote opens a field only
//! at its start; `""` inside a quoted field is one quote), finds them first:
//!
//! - a quote still open at the end of the file;
//! - a quoted field that runs across a line which, read by itself, is a row of as many
//!   columns as the header — a quote left open on one row that takes in the rows after
//!   it. A quoted field may still span lines (5374 notices hold multi-line text): only
//!   lines that look like rows of their own give it away;
//! - text other than spaces after a field's closing quote.
//!
//! The first two are reported at the line where the quote opened. For lenient loading the
//! record holding such a quote is blanked out (its lines kept, empty, so line numbers stay
//! right) and the scan goes on from the next line, so that the rows the quote would have
//! swallowed are read as rows.

use std::borrow::Cow;

/// What is wrong with a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuoteProblemKind {
    /// Still open at the end of the file.
    Unclosed,
    /// Open across `row_line`, which reads as a row of its own.
    SwallowsRow {
        /// The 1-based line that reads as a row.
        row_line: usize,
    },
    /// Text follows the closing quote of a field.
    TextAfterQuote,
}

/// A quote problem and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct QuoteProblem {
    /// 1-based line of the opening quote.
    pub line: usize,
    /// 1-based line where the record holding the quote starts (the line the CSV reader
    /// gives that record).
    pub record_line: usize,
    /// What is wrong.
    pub kind: QuoteProblemKind,
}

/// The result of a scan: the problems in file order, and the text to read rows from, in
/// which the records holding an unclosed or row-swallowing quote are blanked out.
pub(super) struct QuoteScan<'a> {
    pub problems: Vec<QuoteProblem>,
    pub text: Cow<'a, str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    InQuoted,
    /// Just after a quote inside a quoted field: a second quote escapes it, anything else
    /// closes the field.
    AfterQuote,
    /// After a closing quote and spaces.
    AfterClose,
}

/// Scans `text` for quote problems (see the module documentation).
pub(super) fn scan(text: &str) -> QuoteScan<'_> {
    let mut scanner = Scanner {
        text,
        problems: Vec::new(),
        blanked: Vec::new(),
        header_columns: None,
        columns: 1,
        state: State::StartField,
        line: 1,
        record_start: 0,
        record_line: 1,
        record_started: false,
        quote_line: 0,
        inner_line_start: None,
    };
    scanner.run();
    let Scanner {
        problems, blanked, ..
    } = scanner;
    let text = if blanked.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(blank(text, &blanked))
    };
    QuoteScan { problems, text }
}

struct Scanner<'a> {
    text: &'a str,
    problems: Vec<QuoteProblem>,
    /// Byte ranges (record start, end of the opening line) blanked out, in order.
    blanked: Vec<(usize, usize)>,
    /// The header's column count: lines inside a quoted field that split into that many
    /// columns read as rows of their own.
    header_columns: Option<usize>,
    /// Columns of the current record so far.
    columns: usize,
    state: State,
    /// 1-based line of the byte being read.
    line: usize,
    /// Byte offset and line of the current record's first byte.
    record_start: usize,
    record_line: usize,
    record_started: bool,
    /// The open quoted field: the line of its quote, and the start of the current line
    /// inside it (`None` while on the opening line).
    quote_line: usize,
    inner_line_start: Option<usize>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let bytes = self.text.as_bytes();
        let mut position = 0;
        loop {
            while position < bytes.len() {
                match self.step(position) {
                    Some(resume) => position = resume,
                    None => {
                        if bytes[position] == b'\n' {
                            self.line += 1;
                        }
                        position += 1;
                    }
                }
            }
            let at_end = match self.state {
                State::InQuoted => Some(QuoteProblemKind::Unclosed),
                State::AfterQuote => self
                    .swallowed_by_closing_line(bytes.len())
                    .map(|row_line| QuoteProblemKind::SwallowsRow { row_line }),
                _ => None,
            };
            match at_end {
                // What the quote took in is read again, as rows.
                Some(kind) => position = self.skip_record(kind),
                None => break,
            }
        }
    }

    /// Reads the byte at `position`; returns where to go on when the scan jumps back.
    fn step(&mut self, position: usize) -> Option<usize> {
        let byte = self.text.as_bytes()[position];
        let newline = byte == b'\n' || byte == b'\r';
        if !self.record_started && !newline {
            self.record_started = true;
            self.record_start = position;
            self.record_line = self.line;
        }
        match self.state {
            State::StartField if byte == b'"' => {
                self.state = State::InQuoted;
                self.quote_line = self.line;
                self.inner_line_start = None;
            }
            State::StartField | State::InField => self.after_field_byte(byte, newline),
            State::InQuoted if byte == b'"' => self.state = State::AfterQuote,
            State::InQuoted if byte == b'\n' => {
                if let Some(start) = self.inner_line_start
                    && reads_as_row(&self.text[start..position], self.header_columns)
                {
                    let row_line = self.line;
                    return Some(self.skip_record(QuoteProblemKind::SwallowsRow { row_line }));
                }
                self.inner_line_start = Some(position + 1);
            }
            State::InQuoted => {}
            State::AfterQuote if byte == b'"' => self.state = State::InQuoted,
            State::AfterQuote => {
                // The field closed at the previous byte: its last line inside may read as
                // a row too (`b,戸籍,y"` after an unclosed `"x`).
                if let Some(row_line) = self.swallowed_by_closing_line(position) {
                    return Some(self.skip_record(QuoteProblemKind::SwallowsRow { row_line }));
                }
                self.after_close(byte, newline);
            }
            State::AfterClose => self.after_close(byte, newline),
        }
        None
    }

    /// The line, if it reads as a row, from the start of the last line inside a quoted
    /// field to its closing quote (just before `position`).
    fn swallowed_by_closing_line(&self, position: usize) -> Option<usize> {
        let start = self.inner_line_start?;
        reads_as_row(&self.text[start..position - 1], self.header_columns).then_some(self.line)
    }

    /// A byte of an unquoted field (or the first byte of a field).
    fn after_field_byte(&mut self, byte: u8, newline: bool) {
        self.state = if byte == b',' {
            self.columns += 1;
            State::StartField
        } else if newline {
            self.end_record();
            State::StartField
        } else {
            State::InField
        };
    }

    /// A byte after a closed quoted field.
    fn after_close(&mut self, byte: u8, newline: bool) {
        match byte {
            b' ' | b'\t' => self.state = State::AfterClose,
            b',' => self.after_field_byte(byte, newline),
            _ if newline => self.after_field_byte(byte, newline),
            _ => {
                self.problems.push(QuoteProblem {
                    line: self.quote_line,
                    record_line: self.record_line,
                    kind: QuoteProblemKind::TextAfterQuote,
                });
                self.state = State::InField;
            }
        }
    }

    fn end_record(&mut self) {
        if self.record_started && self.header_columns.is_none() {
            self.header_columns = Some(self.columns);
        }
        self.columns = 1;
        self.record_started = false;
    }

    /// Records a problem whose record is skipped (blanked from its start to the end of
    /// the opening quote's line) and returns where to read on: the start of the next
    /// line.
    fn skip_record(&mut self, kind: QuoteProblemKind) -> usize {
        self.problems.push(QuoteProblem {
            line: self.quote_line,
            record_line: self.record_line,
            kind,
        });
        let bytes = self.text.as_bytes();
        let mut end = self.record_start;
        let mut line = self.record_line;
        while end < bytes.len() {
            if bytes[end] == b'\n' {
                if line == self.quote_line {
                    break;
                }
                line += 1;
            }
            end += 1;
        }
        self.blanked.push((self.record_start, end));
        self.line = self.quote_line + 1;
        self.state = State::StartField;
        self.columns = 1;
        self.record_started = false;
        (end + 1).min(bytes.len())
    }
}

/// `text` with the blanked ranges emptied (their newlines kept).
fn blank(text: &str, blanked: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for &(start, end) in blanked {
        out.push_str(&text[copied..start]);
        out.extend(text[start..end].chars().filter(|&c| c == '\n'));
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether a line, read by itself, is a row of as many columns as the header (at least
/// two).
fn reads_as_row(line: &str, header_columns: Option<usize>) -> bool {
    let Some(expected) = header_columns.filter(|&columns| columns >= 2) else {
        return false;
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.bytes().filter(|&b| b == b',').count() + 1 < expected {
        return false;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    matches!(reader.read_record(&mut record), Ok(true))
        && record.len() == expected
        && !record.get(0).unwrap_or("").trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, QuoteProblemKind)> {
        scan(text)
            .problems
            .iter()
            .map(|problem| (problem.line, problem.kind))
            .collect()
    }

    #[test]
    fn well_formed_quotes_are_not_problems() {
        assert_eq!(
            kinds("id,question,answer\na,\"q, r\",\"x \"\"y\"\"\"\n"),
            []
        );
        assert_eq!(kinds("id,question,answer\na,住民票は\"本人\"が,x\n"), []);
        assert_eq!(kinds("id,question,answer\na,\"q\" ,x\r\nb,r,y"), []);
        assert!(matches!(
            scan("id,question,answer\na,b,c\n").text,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn multi_line_quoted_text_is_not_a_problem() {
        let text = "label,name,notice,furigana\n不燃ごみ,傘,\"骨を外して\n金属部分は不燃ごみへ\n布は可燃ごみへ\",か\n";
        assert_eq!(kinds(text), []);
    }

    #[test]
    fn quote_open_to_the_end_is_reported_where_it_opened_and_its_record_blanked() {
        let text = "id,question,answer\na,住民票,\"x\nb,戸籍,y\nc,パスポート,z\n";
        let scan = scan(text);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(scan.problems[0].line, 2);
        assert_eq!(
            scan.text,
            "id,question,answer\n\nb,戸籍,y\nc,パスポート,z\n"
        );
    }

    #[test]
    fn quote_closed_rows_later_is_reported_at_the_first_row_it_takes_in() {
        let text = "id,question,answer\na,住民票,\"x\nb,戸籍,y\nc,\"パスポート\",z\n";
        assert_eq!(
            kinds(text),
            [(2, QuoteProblemKind::SwallowsRow { row_line: 3 })]
        );
        let text = "id,question,answer\na,住民票,\"x\nb,戸籍,y\"\nc,パスポート,z\n";
        assert_eq!(
            kinds(text),
            [(2, QuoteProblemKind::SwallowsRow { row_line: 3 })]
        );
        assert_eq!(
            scan(text).text,
            "id,question,answer\n\nb,戸籍,y\"\nc,パスポート,z\n"
        );
    }

    #[test]
    fn text_after_a_closing_quote_is_reported() {
        assert_eq!(
            kinds("id,question,answer\na,q,\"ごみ\"の日です\n"),
            [(2, QuoteProblemKind::TextAfterQuote)]
        );
    }

    #[test]
    fn several_unclosed_quotes_are_each_reported() {
        let text = "id,question,answer\na,q,\"x\nb,r,\"y\nc,s,z\n";
        let lines: Vec<usize> = kinds(text).iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3]);
        assert_eq!(scan(text).text, "id,question,answer\n\n\nc,s,z\n");
    }
}

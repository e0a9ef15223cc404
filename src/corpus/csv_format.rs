//! The plain CSV corpus: header `id,question,answer[,category][,keywords]`.
//!
//! Rows that share an `id` add phrasings to one entry; the first row of an id carries its
//! answer, and later rows may leave `answer` empty or repeat it. `keywords` are separated
//! by `;`.

use std::path::Path;

use super::csv_quotes::{QuoteProblem, QuoteProblemKind};
use super::{CorpusError, Entry, EntrySite, LoadOptions, SkippedRow};

/// The columns of a plain CSV corpus, by position.
struct Columns {
    count: usize,
    category: Option<usize>,
    keywords: Option<usize>,
}

fn columns(header: &csv::StringRecord, origin: &Path) -> Result<Columns, CorpusError> {
    let names: Vec<String> = header
        .iter()
        .map(|name| name.trim().to_lowercase())
        .collect();
    let unknown = || CorpusError::UnknownHeader {
        path: origin.to_path_buf(),
        found: header.iter().collect::<Vec<_>>().join(","),
    };
    if names.len() < 3 || names[..3] != ["id", "question", "answer"] {
        return Err(unknown());
    }
    let mut columns = Columns {
        count: names.len(),
        category: None,
        keywords: None,
    };
    for (position, name) in names.iter().enumerate().skip(3) {
        match name.as_str() {
            "category" if columns.category.is_none() => columns.category = Some(position),
            "keywords" if columns.keywords.is_none() => columns.keywords = Some(position),
            _ => return Err(unknown()),
        }
    }
    Ok(columns)
}

/// A CSV record with its 1-based line, or why the record at that line cannot be read (a
/// quote problem, see [`super::csv_quotes`]): a strict load fails on it, a lenient load
/// skips the row and reports it.
pub(super) type Row = (usize, Result<csv::StringRecord, CorpusError>);

/// The file's text shared between the CSV reader and the line lookup.
struct SharedText<'a>(std::rc::Rc<std::borrow::Cow<'a, str>>);

impl AsRef<[u8]> for SharedText<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Reads CSV records with their 1-based line numbers, blank records left out. Quote
/// problems come as errors at their place in the file; the record holding an unclosed
/// quote is left out and the lines it would have swallowed are read as rows.
pub(super) fn records<'a>(text: &'a str, origin: &Path) -> impl Iterator<Item = Row> + 'a {
    let origin = origin.to_path_buf();
    let scan = super::csv_quotes::scan(text);
    let mut problems = scan
        .problems
        .iter()
        .map(|problem| (problem.record_line, quote_error(problem, &origin)))
        .collect::<Vec<_>>()
        .into_iter()
        .peekable();
    let text = std::rc::Rc::new(scan.text);
    // Lines are counted from byte offsets: on CRLF files the csv crate starts a record at
    // the `\n` of the previous line ending, so its own line count is one short.
    let lines = super::LineIndex::new(&text);
    let shared = text.clone();
    let line_at = move |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            let start = p.byte() as usize;
            let skip = shared.as_bytes()[start.min(shared.len())..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            lines.line(start + skip)
        })
    };
    let mut csv_rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Cursor::new(SharedText(text)))
        .into_records()
        .filter_map(move |record| match record {
            Ok(record) => {
                let line = line_at(record.position());
                let blank = record.iter().all(|field| field.trim().is_empty());
                (!blank).then_some((line, Ok(record)))
            }
            Err(err) => {
                let line = line_at(err.position());
                let message = err.to_string();
                Some((line, Err(message)))
            }
        })
        .peekable();
    std::iter::from_fn(move || {
        // Problems and records in file order; a record with a problem gives the problem.
        let next_record = csv_rows.peek().map(|(line, _)| *line);
        match (problems.peek(), next_record) {
            (Some(&(problem_line, _)), Some(record_line)) if problem_line <= record_line => {
                if problem_line == record_line {
                    csv_rows.next();
                }
                problems.next().map(|(line, err)| (line, Err(err)))
            }
            (Some(_), None) => problems.next().map(|(line, err)| (line, Err(err))),
            _ => csv_rows.next().map(|(line, record)| {
                let record = record.map_err(|message| CorpusError::Syntax {
                    path: origin.clone(),
                    line,
                    message,
                    source: None,
                });
                (line, record)
            }),
        }
    })
}

fn quote_error(problem: &QuoteProblem, origin: &Path) -> CorpusError {
    let path = origin.to_path_buf();
    let line = problem.line;
    match problem.kind {
        QuoteProblemKind::Unclosed => CorpusError::UnclosedQuote { path, line },
        QuoteProblemKind::SwallowsRow { row_line } => CorpusError::QuoteSwallowsRow {
            path,
            line,
            row_line,
        },
        QuoteProblemKind::TextAfterQuote => CorpusError::TextAfterQuote { path, line },
    }
}

/// The header record: the first one, which must be readable even in a lenient load.
pub(super) fn header(
    rows: &mut impl Iterator<Item = Row>,
    origin: &Path,
) -> Result<csv::StringRecord, CorpusError> {
    match rows.next() {
        Some((_, record)) => record,
        None => Err(CorpusError::NoEntries {
            path: origin.to_path_buf(),
        }),
    }
}

/// A row must have exactly as many columns as the header.
pub(super) fn expect_columns(
    record: &csv::StringRecord,
    expected: usize,
    line: usize,
    origin: &Path,
) -> Result<(), CorpusError> {
    if record.len() == expected {
        return Ok(());
    }
    Err(CorpusError::ColumnCount {
        path: origin.to_path_buf(),
        line,
        expected,
        found: record.len(),
    })
}

pub(super) fn parse(
    text: &str,
    origin: &Path,
    options: &LoadOptions,
    skipped: &mut Vec<SkippedRow>,
) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
    let mut rows = records(text, origin);
    let header = header(&mut rows, origin)?;
    let columns = columns(&header, origin)?;

    let mut entries: Vec<(Entry, EntrySite)> = Vec::new();
    let mut by_id: std::collections::HashMap<String, usize> = Default::default();
    for (line, record) in rows {
        let added = record
            .and_then(|record| add_row(&record, line, &columns, origin, &mut entries, &mut by_id));
        match added {
            Ok(()) => {}
            Err(err) if options.lenient => skipped.push(SkippedRow {
                line,
                reason: err.to_string(),
            }),
            Err(err) => return Err(err),
        }
    }
    Ok(entries)
}

fn add_row(
    record: &csv::StringRecord,
    line: usize,
    columns: &Columns,
    origin: &Path,
    entries: &mut Vec<(Entry, EntrySite)>,
    by_id: &mut std::collections::HashMap<String, usize>,
) -> Result<(), CorpusError> {
    expect_columns(record, columns.count, line, origin)?;
    let field = |position: usize| record.get(position).unwrap_or("").trim();
    let (id, question, answer) = (field(0), field(1), field(2));
    let site = EntrySite::Line(line);
    let empty = |name| CorpusError::EmptyField {
        path: origin.to_path_buf(),
        entry: site.describe(id),
        field: name,
    };
    if id.is_empty() {
        return Err(empty("id"));
    }
    if question.is_empty() {
        return Err(empty("question"));
    }
    let keywords = columns.keywords.map(field).unwrap_or("");
    let keywords = keywords
        .split(';')
        .map(str::trim)
        .filter(|keyword| !keyword.is_empty())
        .map(String::from);

    if let Some(&position) = by_id.get(id) {
        let entry = &mut entries[position].0;
        if !answer.is_empty() && answer != entry.answer {
            return Err(CorpusError::ConflictingAnswer {
                path: origin.to_path_buf(),
                line,
                id: id.to_string(),
            });
        }
        entry.questions.push(question.to_string());
        for keyword in keywords {
            if !entry.keywords.contains(&keyword) {
                entry.keywords.push(keyword);
            }
        }
        return Ok(());
    }
    if answer.is_empty() {
        return Err(empty("answer"));
    }
    let mut entry = Entry::new(id, [question], answer);
    entry.category = columns
        .category
        .map(field)
        .filter(|category| !category.is_empty())
        .map(String::from);
    entry.keywords = keywords.collect();
    by_id.insert(id.to_string(), entries.len());
    entries.push((entry, site));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strict(text: &str) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
        parse(
            text,
            Path::new("f.csv"),
            &LoadOptions::default(),
            &mut Vec::new(),
        )
    }

    #[test]
    fn rows_sharing_an_id_add_phrasings() {
        let text = "id,question,answer,category,keywords\n\
                    sodai,粗大ごみの出し方,申込制です,ごみ,粗大ごみ;処理券\n\
                    sodai,大きい家具を捨てたい,,,\n";
        let entries = parse_strict(text).unwrap();
        assert_eq!(entries.len(), 1);
        let entry = &entries[0].0;
        assert_eq!(
            entry.questions,
            ["粗大ごみの出し方", "大きい家具を捨てたい"]
        );
        assert_eq!(entry.keywords, ["粗大ごみ", "処理券"]);
        assert_eq!(entry.category.as_deref(), Some("ごみ"));
    }

    #[test]
    fn wrong_column_count_names_the_line() {
        let text = "id,question,answer\na,q,x\nb,q\n";
        let message = parse_strict(text).unwrap_err().to_string();
        assert_eq!(message, "f.csv: line 3: expected 3 columns, found 2");
    }

    #[test]
    fn crlf_line_ends_are_accepted() {
        let entries = parse_strict("id,question,answer\r\na,q,x\r\nb,r,y\r\n").unwrap();
        assert_eq!(entries[1].0.answer, "y");
        assert_eq!(entries[1].1, EntrySite::Line(3));
    }

    #[test]
    fn lenient_mode_skips_and_reports_every_bad_row() {
        let text = "id,question,answer\na,q,x\nb,q\n,q,x\nc,r,y\na,again,different\n";
        let mut skipped = Vec::new();
        let entries = parse(
            text,
            Path::new("f.csv"),
            &LoadOptions { lenient: true },
            &mut skipped,
        )
        .unwrap();
        assert_eq!(entries.len(), 2);
        let lines: Vec<usize> = skipped.iter().map(|row| row.line).collect();
        assert_eq!(lines, [3, 4, 6]);
    }

    #[test]
    fn unknown_header_is_rejected() {
        let message = parse_strict("question,answer\nq,a\n")
            .unwrap_err()
            .to_string();
        assert!(message.contains("unexpected CSV header"), "{message}");
    }
}

//! `toiawase report`: what residents asked, from a query log.
//!
//! The log is read one record at a time into a tally (memory bounded by the distinct
//! questions); lines that are not records are skipped and named on standard error. Text
//! output escapes control characters; CSV output neutralises cells a spreadsheet would
//! take as formulas.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use toiawase::query_log::LogReader;
use toiawase::report::{LogReport, LogTally};
use toiawase::{Analyzer, Resources, SystemDictionary};

use super::render::printable;
use super::{BuildArgs, Failure, load_engine, say};

pub(crate) fn run(
    log: &Path,
    corpus: Option<&Path>,
    top: usize,
    csv: Option<&Path>,
    build: &BuildArgs,
) -> Result<ExitCode, Failure> {
    let mut reader = LogReader::open(log)?;
    let mut tally = LogTally::new();
    for record in reader.by_ref() {
        tally.add(&record?);
    }
    if reader.malformed().count > 0 {
        eprintln!(
            "warning: {}: {}",
            printable(&log.display().to_string()),
            printable(&reader.malformed().to_string())
        );
    }
    let report = match corpus {
        Some(corpus) => {
            let engine = load_engine(corpus, build)?;
            tally.summarize(&engine, top)
        }
        None => {
            let analyzer = Analyzer::new(&SystemDictionary::Embedded, Resources::default())?;
            tally.summarize_with(&analyzer, |_| false, &[], top)
        }
    };
    match csv {
        Some(path) => {
            std::fs::write(path, to_csv(&report)?)
                .map_err(|err| format!("{}: cannot write: {err}", path.display()))?;
            say(format_args!(
                "wrote {}\n",
                printable(&path.display().to_string())
            ))?;
        }
        None => say(format_args!("{}", to_text(&report, corpus.is_some())))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

fn to_text(report: &LogReport, with_corpus: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} questions: {} answered ({}), {} ambiguous ({}), {} without a confident match ({})",
        report.questions,
        report.answered,
        share(report.answered, report.questions),
        report.ambiguous,
        share(report.ambiguous, report.questions),
        report.unanswered,
        share(report.unanswered, report.questions)
    );
    if report.small_talk > 0 {
        let _ = writeln!(
            out,
            "(and {} greetings, thanks and other small talk, not counted)",
            report.small_talk
        );
    }
    let _ = writeln!(out, "\nUnanswered needs (write these entries next):");
    if report.unanswered_needs.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (rank, need) in report.unanswered_needs.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}. ×{:<3} {}  — e.g. {}",
            rank + 1,
            need.count,
            printable(&need.label.join("・")),
            printable(&need.examples.join(" / "))
        );
    }
    let _ = writeln!(out, "\nMost asked entries:");
    for (id, count) in &report.most_asked {
        let _ = writeln!(out, "  ×{count:<3} {}", printable(id));
    }
    if with_corpus {
        let _ = writeln!(out, "\nNever asked ({}):", report.never_asked.len());
        for chunk in report.never_asked.chunks(4) {
            let _ = writeln!(out, "  {}", printable(&chunk.join(", ")));
        }
    }
    let _ = writeln!(out, "\nAmbiguous questions (entries that competed):");
    if report.ambiguities.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for group in &report.ambiguities {
        let _ = writeln!(
            out,
            "  ×{:<3} {}  — e.g. {}",
            group.count,
            printable(&group.candidates.join(" vs ")),
            printable(&group.examples.join(" / "))
        );
        if !group.chosen.is_empty() {
            let picks: Vec<String> = group
                .chosen
                .iter()
                .map(|(id, count)| format!("{} ×{count}", printable(id)))
                .collect();
            let _ = writeln!(out, "        residents picked: {}", picks.join(", "));
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (a formula, or what some spreadsheets take as one) gets a
/// leading `'`, which spreadsheets show as text and do not display.
fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn to_csv(report: &LogReport) -> Result<Vec<u8>, Failure> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut row =
        |cells: [&str; 5]| writer.write_record(cells.map(cell).iter().map(|c| c.as_bytes()));
    row(["section", "rank", "count", "subject", "examples"])?;
    for (rank, need) in report.unanswered_needs.iter().enumerate() {
        row([
            "unanswered",
            &(rank + 1).to_string(),
            &need.count.to_string(),
            &need.label.join("・"),
            &need.examples.join(" / "),
        ])?;
    }
    for (rank, (id, count)) in report.most_asked.iter().enumerate() {
        row([
            "most_asked",
            &(rank + 1).to_string(),
            &count.to_string(),
            id,
            "",
        ])?;
    }
    for id in &report.never_asked {
        row(["never_asked", "", "0", id, ""])?;
    }
    for (rank, group) in report.ambiguities.iter().enumerate() {
        row([
            "ambiguous",
            &(rank + 1).to_string(),
            &group.count.to_string(),
            &group.candidates.join(" vs "),
            &group.examples.join(" / "),
        ])?;
        for (id, count) in &group.chosen {
            row([
                "picked",
                &(rank + 1).to_string(),
                &count.to_string(),
                id,
                "",
            ])?;
        }
    }
    Ok(writer.into_inner().map_err(|err| err.to_string())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_leading_quote() {
        for text in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(cell(text), format!("'{text}"));
        }
        assert_eq!(cell("住民票 = ok"), "住民票 = ok");
    }
}

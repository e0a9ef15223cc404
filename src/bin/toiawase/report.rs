//! `toiawase report`: what residents asked, from a query log.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use toiawase::query_log::read_json_lines;
use toiawase::report::{LogReport, summarize, summarize_with};
use toiawase::{Analyzer, Resources, SystemDictionary};

use super::{BuildArgs, Failure, load_engine};

pub(crate) fn run(
    log: &Path,
    corpus: Option<&Path>,
    top: usize,
    csv: Option<&Path>,
    build: &BuildArgs,
) -> Result<ExitCode, Failure> {
    let records = read_json_lines(log)?;
    let report = match corpus {
        Some(corpus) => {
            let engine = load_engine(corpus, build)?;
            summarize(&records, &engine, top)
        }
        None => {
            let analyzer = Analyzer::new(&SystemDictionary::Embedded, Resources::default())?;
            summarize_with(&records, &analyzer, |_| false, &[], top)
        }
    };
    match csv {
        Some(path) => {
            std::fs::write(path, to_csv(&report)?)
                .map_err(|err| format!("{}: cannot write: {err}", path.display()))?;
            println!("wrote {}", path.display());
        }
        None => print!("{}", to_text(&report, corpus.is_some())),
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
            need.label.join("・"),
            need.examples.join(" / ")
        );
    }
    let _ = writeln!(out, "\nMost asked entries:");
    for (id, count) in &report.most_asked {
        let _ = writeln!(out, "  ×{count:<3} {id}");
    }
    if with_corpus {
        let _ = writeln!(out, "\nNever asked ({}):", report.never_asked.len());
        for chunk in report.never_asked.chunks(4) {
            let _ = writeln!(out, "  {}", chunk.join(", "));
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
            group.candidates.join(" vs "),
            group.examples.join(" / ")
        );
    }
    out
}

fn to_csv(report: &LogReport) -> Result<Vec<u8>, Failure> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["section", "rank", "count", "subject", "examples"])?;
    for (rank, need) in report.unanswered_needs.iter().enumerate() {
        writer.write_record([
            "unanswered",
            &(rank + 1).to_string(),
            &need.count.to_string(),
            &need.label.join("・"),
            &need.examples.join(" / "),
        ])?;
    }
    for (rank, (id, count)) in report.most_asked.iter().enumerate() {
        writer.write_record([
            "most_asked",
            &(rank + 1).to_string(),
            &count.to_string(),
            id,
            "",
        ])?;
    }
    for id in &report.never_asked {
        writer.write_record(["never_asked", "", "0", id, ""])?;
    }
    for (rank, group) in report.ambiguities.iter().enumerate() {
        writer.write_record([
            "ambiguous",
            &(rank + 1).to_string(),
            &group.count.to_string(),
            &group.candidates.join(" vs "),
            &group.examples.join(" / "),
        ])?;
    }
    Ok(writer.into_inner().map_err(|err| err.to_string())?)
}

//! `toiawase eval`: accuracy on labelled questions, as tables or JSON.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use toiawase::evaluation::{Metrics, Report, evaluate, parse_labelled_queries};

use super::render::printable;
use super::{BuildArgs, Failure, load_engine, say};

pub(crate) fn run(
    path: &Path,
    queries_path: &Path,
    json: bool,
    min_accuracy: Option<f64>,
    build: &BuildArgs,
) -> Result<ExitCode, Failure> {
    let text = std::fs::read_to_string(queries_path)
        .map_err(|err| format!("{}: cannot read: {err}", queries_path.display()))?;
    let queries = parse_labelled_queries(&text)
        .map_err(|err| format!("{}: {err}", queries_path.display()))?;
    if queries.is_empty() {
        return Err(format!("{}: no queries", queries_path.display()).into());
    }
    let engine = load_engine(path, build)?;
    let report = evaluate(&engine, &queries);
    if json {
        say(format_args!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        say(format_args!("{}", tables(&report)))?;
    }
    if let Some(minimum) = min_accuracy
        && report.overall.accuracy_at_1 < minimum
    {
        eprintln!(
            "accuracy@1 {:.3} is below --min-accuracy {minimum:.3}",
            report.overall.accuracy_at_1
        );
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn tables(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12} {:>7} {:>6} {:>6} {:>6} {:>8} {:>9} {:>9} {:>10}",
        "tier",
        "queries",
        "acc@1",
        "acc@3",
        "mrr",
        "answered",
        "uncovered",
        "declined",
        "median µs"
    );
    for (tier, metrics) in &report.by_tier {
        row(&mut out, &printable(tier), metrics);
    }
    row(&mut out, "overall", &report.overall);
    let _ = writeln!(
        out,
        "\nacc@1/acc@3/mrr/answered are over covered questions; declined is over uncovered ones."
    );
    if !report.failures.is_empty() {
        let _ = writeln!(out, "\nfailures ({}):", report.failures.len());
        for failure in &report.failures {
            let _ = writeln!(
                out,
                "  line {} [{}] {}: expected {}, got {} ({})",
                failure.line,
                printable(&failure.tier),
                printable(&failure.query),
                printable(&failure.expected),
                printable(failure.got.as_deref().unwrap_or("nothing")),
                failure.decision
            );
        }
    }
    out
}

fn row(out: &mut String, name: &str, metrics: &Metrics) {
    let covered = |value: f64| {
        if metrics.covered == 0 {
            "-".to_string()
        } else {
            format!("{value:.3}")
        }
    };
    let declined = if metrics.uncovered == 0 {
        "-".to_string()
    } else {
        format!("{:.3}", metrics.declined)
    };
    let _ = writeln!(
        out,
        "{:<12} {:>7} {:>6} {:>6} {:>6} {:>8} {:>9} {:>9} {:>10.1}",
        name,
        metrics.queries,
        covered(metrics.accuracy_at_1),
        covered(metrics.accuracy_at_3),
        covered(metrics.mrr),
        covered(metrics.answered_correctly),
        metrics.uncovered,
        declined,
        metrics.median_query_us
    );
}

//! Human-readable output: one result block per question, coloured on a terminal.

use std::fmt::Write;

use toiawase::{Decision, Match, Response};

/// Whether to colour output.
pub(crate) struct Style {
    color: bool,
}

impl Style {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        Style {
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Longest answer text shown for candidates after the first.
const SHORT_ANSWER_CHARS: usize = 60;

/// The result block for one response.
pub(crate) fn response(response: &Response<'_>, explain: bool, style: &Style) -> String {
    let mut out = String::new();
    let decision = match response.decision {
        Decision::Answer => style.paint("1;32", "answer"),
        Decision::Ambiguous => style.paint("1;33", "ambiguous"),
        Decision::NoMatch => style.paint("1;31", "no match"),
    };
    let summary = match (response.decision, response.best()) {
        (Decision::Answer, Some(best)) => format!("{} ({:.2})", best.id, best.confidence),
        (Decision::Ambiguous, _) => "did you mean one of these?".to_string(),
        (Decision::NoMatch, Some(_)) => "nearest suggestions:".to_string(),
        _ => "nothing in the corpus matches".to_string(),
    };
    let _ = writeln!(out, "[{decision}] {summary}");
    for (rank, candidate) in response.candidates.iter().enumerate() {
        candidate_lines(&mut out, rank, candidate, explain, style);
    }
    out
}

fn candidate_lines(
    out: &mut String,
    rank: usize,
    candidate: &Match<'_>,
    explain: bool,
    style: &Style,
) {
    let _ = writeln!(
        out,
        "  {}. {}  {:.2}  「{}」",
        rank + 1,
        style.paint("1", candidate.id),
        candidate.confidence,
        candidate.phrasing
    );
    let answer = if rank == 0 {
        candidate.answer.to_string()
    } else {
        shorten(candidate.answer, SHORT_ANSWER_CHARS)
    };
    let _ = writeln!(out, "     {answer}");
    if explain {
        let explanation = &candidate.explanation;
        let matched: Vec<String> = explanation
            .matched
            .iter()
            .map(|m| format!("{}→{} ({})", m.query, m.term, m.kind))
            .collect();
        let _ = writeln!(
            out,
            "     {}",
            style.paint(
                "2",
                &format!(
                    "matched: {}; unmatched: {}; coverage {:.2}/{:.2}, similarity {:.2}",
                    if matched.is_empty() {
                        "-".to_string()
                    } else {
                        matched.join(", ")
                    },
                    if explanation.unmatched.is_empty() {
                        "-".to_string()
                    } else {
                        explanation.unmatched.join(", ")
                    },
                    explanation.query_coverage,
                    explanation.phrasing_coverage,
                    explanation.similarity
                )
            )
        );
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max_chars).collect();
        short.push('…');
        short
    }
}

/// A byte count for people.
pub(crate) fn bytes(size: u64) -> String {
    match size {
        0..1_024 => format!("{size} B"),
        1_024..1_048_576 => format!("{:.1} KiB", size as f64 / 1_024.0),
        _ => format!("{:.1} MiB", size as f64 / 1_048_576.0),
    }
}

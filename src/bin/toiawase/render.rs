//! Human-readable output: one result block per question, coloured on a terminal.
//!
//! Text that comes from outside the tool — questions, corpus text, log contents, file
//! names — goes through [`printable`] before it is printed, so that a resident's question
//! cannot move the cursor, retitle or clear the terminal, or reorder what staff read.

use std::borrow::Cow;
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

/// Whether a character is shown as `\u{…}` instead of printed: control characters (C0,
/// DEL, C1) and the bidirectional-text controls (embeddings, overrides and isolates, the
/// LRM/RLM/ALM marks), which can hide or reorder text on a terminal.
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
}

/// `text` with control and bidi-control characters written as visible `\u{1b}` escapes
/// (a backslash is left as it is; the escapes only need to be visible, not reversible).
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`printable`], keeping line breaks as line breaks followed by `indent` (for answers
/// written over several lines).
fn printable_lines(text: &str, indent: &str) -> String {
    text.split('\n')
        .map(|line| printable(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
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
    let summary = match (response.small_talk, response.decision, response.best()) {
        (Some(kind), _, _) => format!("small talk ({kind}), not a question for the FAQ"),
        (None, Decision::Answer, Some(best)) => {
            format!("{} ({:.2})", printable(&best.id), best.confidence)
        }
        (None, Decision::Ambiguous, _) => "did you mean one of these?".to_string(),
        (None, Decision::NoMatch, Some(_)) => "nearest suggestions:".to_string(),
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
        style.paint("1", &printable(&candidate.id)),
        candidate.confidence,
        printable(&candidate.phrasing)
    );
    let answer = if rank == 0 {
        printable_lines(&candidate.answer, "     ")
    } else {
        printable(&shorten(&candidate.answer, SHORT_ANSWER_CHARS)).into_owned()
    };
    let _ = writeln!(out, "     {answer}");
    if let (true, Some(explanation)) = (explain, &candidate.explanation) {
        let matched: Vec<String> = explanation
            .matched
            .iter()
            .map(|m| {
                format!(
                    "{}→{} ({})",
                    printable(&m.query),
                    printable(&m.term),
                    m.kind
                )
            })
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
                        printable(&explanation.unmatched.join(", ")).into_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_shown_as_escapes() {
        assert_eq!(
            printable("\u{1b}]0;x\u{7}\u{1b}[2J住民票"),
            "\\u{1b}]0;x\\u{7}\\u{1b}[2J住民票"
        );
        assert_eq!(
            printable("a\u{202e}b\u{2066}c\u{200f}d\u{61c}"),
            "a\\u{202e}b\\u{2066}c\\u{200f}d\\u{61c}"
        );
        assert_eq!(printable("\u{7f}\u{85}\u{9b}"), "\\u{7f}\\u{85}\\u{9b}");
        assert!(matches!(printable("住民票 ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn answers_keep_their_line_breaks_indented() {
        assert_eq!(printable_lines("a\r\nb\u{1b}", "  "), "a\n  b\\u{1b}");
    }
}

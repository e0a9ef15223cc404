//! Measuring accuracy on labelled questions.
//!
//! A labelled query file is UTF-8 text, one query per line, with tab-separated columns
//! `query`, `expected` and an optional `tier`. `expected` is an entry id, several
//! acceptable ids separated by `|`, or `-` for a question the corpus does not cover (the
//! engine should not answer it). Lines starting with `#` and blank lines are ignored.
//!
//! ```
//! use toiawase::evaluation::parse_labelled_queries;
//!
//! let queries = parse_labelled_queries("# comment\nそだいごみ\tsodai\thiragana\n駅はどこ\t-\n")?;
//! assert_eq!(queries[0].expected, ["sodai"]);
//! assert!(queries[1].expected.is_empty()); // uncovered
//! # Ok::<(), toiawase::evaluation::LabelError>(())
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;

use crate::{Decision, Engine};

/// One labelled question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledQuery {
    /// The question.
    pub query: String,
    /// Acceptable entry ids; empty when the corpus does not cover the question.
    pub expected: Vec<String>,
    /// Tier name (`-` column absent: `"default"`).
    pub tier: String,
    /// 1-based line in the file.
    pub line: usize,
}

impl LabelledQuery {
    /// Whether the corpus covers this question.
    pub fn is_covered(&self) -> bool {
        !self.expected.is_empty()
    }
}

/// A malformed line of a labelled query file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LabelError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a labelled query file's text.
pub fn parse_labelled_queries(text: &str) -> Result<Vec<LabelledQuery>, LabelError> {
    let mut queries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let error = |message: String| LabelError {
            line: line_number,
            message,
        };
        if !(2..=3).contains(&columns.len()) {
            return Err(error(format!(
                "expected `query<TAB>expected[<TAB>tier]`, found {} column(s)",
                columns.len()
            )));
        }
        let query = columns[0].trim();
        let expected = columns[1].trim();
        if query.is_empty() {
            return Err(error("the query is empty".to_string()));
        }
        if expected.is_empty() {
            return Err(error(
                "the expected id is empty (use `-` for an uncovered question)".to_string(),
            ));
        }
        let expected = if expected == "-" {
            Vec::new()
        } else {
            expected
                .split('|')
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .collect()
        };
        let tier = columns
            .get(2)
            .map(|tier| tier.trim())
            .filter(|tier| !tier.is_empty())
            .unwrap_or("default");
        queries.push(LabelledQuery {
            query: query.to_string(),
            expected,
            tier: tier.to_string(),
            line: line_number,
        });
    }
    Ok(queries)
}

/// Accuracy figures for a set of queries.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Metrics {
    /// Number of queries.
    pub queries: usize,
    /// Of them, questions the corpus covers.
    pub covered: usize,
    /// Share of covered questions whose top candidate is an expected id.
    pub accuracy_at_1: f64,
    /// Share of covered questions with an expected id among the top three.
    pub accuracy_at_3: f64,
    /// Mean reciprocal rank of the first expected id (0 when absent from the candidates).
    pub mrr: f64,
    /// Share of covered questions answered (decision *answer*) with an expected id.
    pub answered_correctly: f64,
    /// Uncovered questions.
    pub uncovered: usize,
    /// Share of uncovered questions not answered (decision other than *answer*).
    pub declined: f64,
    /// Share of uncovered questions recognised as small talk (greetings, thanks…).
    pub small_talk: f64,
    /// Median time per query, in microseconds.
    pub median_query_us: f64,
}

/// A query the engine got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// The question.
    pub query: String,
    /// Acceptable ids (`-` when uncovered).
    pub expected: String,
    /// The top candidate's id, if any.
    pub got: Option<String>,
    /// The decision.
    pub decision: Decision,
    /// Its tier.
    pub tier: String,
    /// Its line in the query file.
    pub line: usize,
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Figures over all queries.
    #[serde(flatten)]
    pub overall: Metrics,
    /// Figures per tier.
    pub by_tier: BTreeMap<String, Metrics>,
    /// Covered questions not answered correctly at rank 1, and uncovered ones answered.
    pub failures: Vec<Failure>,
}

struct Outcome {
    tier: String,
    covered: bool,
    rank: Option<usize>,
    answered_correctly: bool,
    declined: bool,
    small_talk: bool,
    micros: f64,
}

/// Asks every query and measures the results.
pub fn evaluate(engine: &Engine, queries: &[LabelledQuery]) -> Report {
    let mut outcomes = Vec::with_capacity(queries.len());
    let mut failures = Vec::new();
    for labelled in queries {
        let started = Instant::now();
        let response = engine.ask(&labelled.query);
        let micros = started.elapsed().as_secs_f64() * 1e6;
        let rank = response
            .candidates
            .iter()
            .position(|candidate| labelled.expected.iter().any(|id| *id == candidate.id));
        let top = response.best().map(|candidate| candidate.id.to_string());
        let outcome = Outcome {
            tier: labelled.tier.clone(),
            covered: labelled.is_covered(),
            rank,
            answered_correctly: response.decision == Decision::Answer && rank == Some(0),
            declined: response.decision != Decision::Answer,
            small_talk: response.small_talk.is_some(),
            micros,
        };
        let failed = if outcome.covered {
            rank != Some(0)
        } else {
            !outcome.declined
        };
        if failed {
            failures.push(Failure {
                query: labelled.query.clone(),
                expected: if labelled.is_covered() {
                    labelled.expected.join("|")
                } else {
                    "-".to_string()
                },
                got: top,
                decision: response.decision,
                tier: labelled.tier.clone(),
                line: labelled.line,
            });
        }
        outcomes.push(outcome);
    }
    let mut tiers: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
    for outcome in &outcomes {
        tiers.entry(outcome.tier.clone()).or_default().push(outcome);
    }
    Report {
        overall: metrics(&outcomes.iter().collect::<Vec<_>>()),
        by_tier: tiers
            .into_iter()
            .map(|(tier, outcomes)| (tier, metrics(&outcomes)))
            .collect(),
        failures,
    }
}

fn metrics(outcomes: &[&Outcome]) -> Metrics {
    let covered: Vec<&&Outcome> = outcomes.iter().filter(|o| o.covered).collect();
    let uncovered: Vec<&&Outcome> = outcomes.iter().filter(|o| !o.covered).collect();
    let share = |count: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            count as f64 / of as f64
        }
    };
    let mut times: Vec<f64> = outcomes.iter().map(|o| o.micros).collect();
    times.sort_by(f64::total_cmp);
    let median = match times.len() {
        0 => 0.0,
        n if n % 2 == 1 => times[n / 2],
        n => (times[n / 2 - 1] + times[n / 2]) / 2.0,
    };
    Metrics {
        queries: outcomes.len(),
        covered: covered.len(),
        accuracy_at_1: share(
            covered.iter().filter(|o| o.rank == Some(0)).count(),
            covered.len(),
        ),
        accuracy_at_3: share(
            covered
                .iter()
                .filter(|o| o.rank.is_some_and(|r| r < 3))
                .count(),
            covered.len(),
        ),
        mrr: if covered.is_empty() {
            0.0
        } else {
            covered
                .iter()
                .map(|o| o.rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0)))
                .sum::<f64>()
                / covered.len() as f64
        },
        answered_correctly: share(
            covered.iter().filter(|o| o.answered_correctly).count(),
            covered.len(),
        ),
        uncovered: uncovered.len(),
        declined: share(
            uncovered.iter().filter(|o| o.declined).count(),
            uncovered.len(),
        ),
        small_talk: share(
            uncovered.iter().filter(|o| o.small_talk).count(),
            uncovered.len(),
        ),
        median_query_us: median,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_ids_and_tiers_parse() {
        let queries = parse_labelled_queries("a\tx|y\ttypo\nb\tz\n").unwrap();
        assert_eq!(queries[0].expected, ["x", "y"]);
        assert_eq!(queries[0].tier, "typo");
        assert_eq!(queries[1].tier, "default");
        assert_eq!(queries[1].line, 2);
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let err = parse_labelled_queries("# c\nonly one column\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse_labelled_queries("q\t\n").unwrap_err();
        assert!(err.message.contains("expected id is empty"));
    }
}

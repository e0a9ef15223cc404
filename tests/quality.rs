//! Quality bars on the sample corpus (DESIGN.md, "Quality bars"): accuracy on labelled
//! questions written independently of the corpus phrasings, per tier, and the share of
//! questions the corpus does not cover that the engine declines.

use std::sync::OnceLock;

use toiawase::evaluation::{Report, evaluate, parse_labelled_queries};
use toiawase::{Corpus, Decision, Engine, MatchKind};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/municipal-faq.toml");
const QUERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/quality/sample/tune.tsv"
);

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::build(&Corpus::from_path(CORPUS).unwrap()).unwrap())
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let queries = parse_labelled_queries(&std::fs::read_to_string(QUERIES).unwrap()).unwrap();
        evaluate(engine(), &queries)
    })
}

fn failures_of(tier: &str) -> String {
    report()
        .failures
        .iter()
        .filter(|failure| failure.tier == tier)
        .map(|f| {
            format!(
                "  {} (expected {}, got {:?}, {})\n",
                f.query, f.expected, f.got, f.decision
            )
        })
        .collect()
}

#[test]
fn labelled_set_is_large_enough_and_spans_every_tier() {
    let report = report();
    assert!(
        report.overall.queries >= 250,
        "{} queries",
        report.overall.queries
    );
    assert!(
        report.overall.uncovered >= 40,
        "{} uncovered",
        report.overall.uncovered
    );
    for tier in [
        "paraphrase",
        "hiragana",
        "katakana",
        "width",
        "typo",
        "synonym",
        "uncovered",
    ] {
        assert!(report.by_tier.contains_key(tier), "tier {tier} missing");
    }
}

#[test]
fn top1_accuracy_on_covered_questions_is_at_least_92_percent() {
    let accuracy = report().overall.accuracy_at_1;
    assert!(accuracy >= 0.92, "accuracy@1 {accuracy:.3}");
}

#[test]
fn top1_accuracy_is_at_least_85_percent_in_every_tier() {
    for (tier, metrics) in &report().by_tier {
        if tier == "uncovered" {
            continue;
        }
        assert!(
            metrics.accuracy_at_1 >= 0.85,
            "tier {tier}: accuracy@1 {:.3}\n{}",
            metrics.accuracy_at_1,
            failures_of(tier)
        );
    }
}

#[test]
fn at_least_90_percent_of_uncovered_questions_get_no_answer() {
    let declined = report().overall.declined;
    assert!(
        declined >= 0.90,
        "declined {declined:.3}\n{}",
        failures_of("uncovered")
    );
}

#[test]
fn confident_answers_are_rarely_wrong() {
    // Of covered questions, those answered (decision "answer") with a wrong entry.
    let covered = report().overall.covered as f64;
    let wrong = report()
        .failures
        .iter()
        .filter(|f| f.expected != "-" && f.decision == Decision::Answer)
        .count() as f64;
    assert!(wrong / covered <= 0.03, "{wrong} confidently wrong answers");
}

fn top(question: &str) -> (Decision, String) {
    let response = engine().ask(question);
    let id = response
        .best()
        .map(|m| m.id.to_string())
        .unwrap_or_default();
    (response.decision, id)
}

#[test]
fn hiragana_query_matches_kanji_question() {
    assert_eq!(
        top("じてんしゃ すてたい"),
        (Decision::Answer, "jitensha".to_string())
    );
    assert_eq!(
        top("そだいごみ どうやってだすの").1,
        "sodai-gomi-moushikomi"
    );
}

#[test]
fn inflected_forms_reach_the_same_entry() {
    for question in [
        "物干し竿を捨てたい",
        "物干し竿を捨てる",
        "物干し竿を捨てれば",
    ] {
        assert_eq!(
            top(question),
            (Decision::Answer, "monohoshi-zao".to_string()),
            "{question}"
        );
    }
}

#[test]
fn width_and_case_variants_match() {
    assert_eq!(top("ﾍﾟｯﾄﾎﾞﾄﾙの出し方").1, "pet-bottle");
    assert_eq!(top("ＰＣを捨てたい").1, top("pcを捨てたい").1);
}

#[test]
fn kanji_slips_are_forgiven_and_explained() {
    // 炊飯機 reads like 炊飯器 (スイハンキ): the reading finds it.
    let explained = toiawase::AskOptions::default().explain(true);
    let response = engine().ask_with("炊飯機を捨てたい", &explained);
    let best = response.best().unwrap();
    assert_eq!(best.id, "suihanki");
    let how = best
        .explanation
        .as_ref()
        .unwrap()
        .matched
        .iter()
        .find(|m| m.term == "炊飯器")
        .unwrap();
    assert_eq!(how.kind, MatchKind::Reading);
    assert_eq!(top("除湿器 捨てたい").1, "joshitsuki");
}

#[test]
fn one_character_typos_are_found_fuzzily() {
    let explained = toiawase::AskOptions::default().explain(true);
    let response = engine().ask_with("ハザードマプを見たい", &explained);
    let best = response.best().unwrap();
    assert_eq!(best.id, "hazard-map");
    assert!(
        best.explanation
            .as_ref()
            .unwrap()
            .matched
            .iter()
            .any(|m| m.kind == MatchKind::Fuzzy { distance: 1 }),
        "{:?}",
        best.explanation
    );
    assert_eq!(top("植木蜂を捨てたい").1, "uekibachi");
}

#[test]
fn an_unknown_part_of_a_compound_is_left_unexplained() {
    // 在学証明: the corpus knows 証明 but not 在学, which must still count against every
    // entry (an unknown noun is usually what the question is about).
    let explained = toiawase::AskOptions::default().explain(true);
    let response = engine().ask_with("在学証明はどこで取れる", &explained);
    let best = response.best().unwrap();
    let explanation = best.explanation.as_ref().unwrap();
    assert!(
        explanation.unmatched.iter().any(|word| word == "在学"),
        "{explanation:?}"
    );
    assert!(explanation.query_coverage < 0.8, "{explanation:?}");
}

#[test]
fn synonyms_reach_the_canonical_entry() {
    assert_eq!(top("燃やすごみの日はいつ").1, "kanen-gomi-shushubi");
}

#[test]
fn questions_outside_the_corpus_are_declined() {
    for question in ["駅までの道を教えて", "明日の天気は？", "こんにちは"] {
        assert_ne!(top(question).0, Decision::Answer, "{question}");
    }
}

#[test]
fn category_filter_restricts_candidates() {
    let options = toiawase::AskOptions::default().limit(10).category("施設");
    let response = engine().ask_with("予約したい", &options);
    assert!(!response.candidates.is_empty());
    assert!(
        response
            .candidates
            .iter()
            .all(|m| m.category.as_deref() == Some("施設"))
    );
}

#[test]
fn decision_does_not_depend_on_how_many_candidates_are_shown() {
    let queries = parse_labelled_queries(&std::fs::read_to_string(QUERIES).unwrap()).unwrap();
    for labelled in &queries {
        let decision = |limit| {
            let options = toiawase::AskOptions::default().limit(limit);
            engine().ask_with(&labelled.query, &options).decision
        };
        assert_eq!(decision(1), decision(5), "{}", labelled.query);
    }
}

//! The query log and its report: questions are recorded, read back, and unanswered ones
//! grouped so that phrasings of one need count together and different needs stay apart.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::{SAMPLE_CORPUS as CORPUS, sample_engine as engine};
use toiawase::query_log::{JsonLinesLog, LogRecord, read_json_lines};
use toiawase::report::{EXAMPLE_CHARS, group_need_counts, group_needs, summarize};
use toiawase::{Corpus, Decision, Engine};

/// Questions the sample FAQ does not cover, labelled by the need they express.
const LABELLED_LOG: &[(&str, &str)] = &[
    ("passport", "パスポートを申請したい"),
    ("passport", "パスポートの更新はどこでできますか"),
    ("passport", "ぱすぽーと つくりたい"),
    ("passport", "パスポト 申請"),
    ("divorce", "離婚届の出し方"),
    ("divorce", "離婚届はどこに出せばいい？"),
    ("divorce", "りこんとどけ"),
    ("bicycle-parking", "駅の駐輪場を借りたい"),
    ("bicycle-parking", "駐輪場の定期利用"),
    ("bicycle-parking", "駐輪場 料金"),
    ("bbq", "公園でバーベキューしてもいい？"),
    ("bbq", "バーベキューができる公園"),
    ("furusato", "ふるさと納税の返礼品"),
    ("furusato", "ふるさと納税 申し込み"),
    ("wifi", "市役所にフリーWi-Fiはありますか"),
    ("wifi", "フリーWi-Fi 使える場所"),
    ("hunting", "イノシシが畑に出た"),
    ("hunting", "イノシシの駆除をお願いしたい"),
];

#[test]
fn phrasings_of_one_need_are_grouped_and_different_needs_kept_apart() {
    let questions: Vec<&str> = LABELLED_LOG.iter().map(|(_, q)| *q).collect();
    let groups = group_needs(&questions, engine().analyzer(), |word| {
        engine().knows_term(word)
    });
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &member in &group.members {
            group_of.insert(questions[member], g);
        }
    }
    assert_eq!(
        group_of.len(),
        questions.len(),
        "every question is in one group"
    );

    let mut same_need_pairs = 0;
    let mut same_need_together = 0;
    let mut different_pairs = 0;
    let mut different_apart = 0;
    for (i, (need_a, a)) in LABELLED_LOG.iter().enumerate() {
        for (need_b, b) in &LABELLED_LOG[i + 1..] {
            let (Some(ga), Some(gb)) = (group_of.get(a), group_of.get(b)) else {
                continue;
            };
            if need_a == need_b {
                same_need_pairs += 1;
                same_need_together += usize::from(ga == gb);
            } else {
                different_pairs += 1;
                different_apart += usize::from(ga != gb);
            }
        }
    }
    let together = same_need_together as f64 / same_need_pairs as f64;
    let apart = different_apart as f64 / different_pairs as f64;
    assert!(
        together >= 0.85,
        "same-need pairs grouped together: {together:.2}\n{groups:#?}"
    );
    assert!(
        apart >= 0.97,
        "different-need pairs kept apart: {apart:.2}\n{groups:#?}"
    );
    assert_eq!(groups.len(), 8, "{groups:#?}");
}

#[test]
fn asked_questions_are_logged_and_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let unlogged = Engine::build(&Corpus::from_path(CORPUS).unwrap()).unwrap();
    let log = Arc::new(JsonLinesLog::open(&path).unwrap());
    let engine = Engine::build(&Corpus::from_path(CORPUS).unwrap())
        .unwrap()
        .with_query_log(log.clone());
    for question in [
        "じてんしゃ すてたい",
        "自転車を捨てたい",
        "パスポートを申請したい",
        "予約したい",
    ] {
        engine.ask(question);
    }
    unlogged.ask("記録されない質問");
    assert_eq!(log.failures(), 0);

    let contents = read_json_lines(&path).unwrap();
    assert_eq!(contents.malformed.count, 0);
    let records = contents.records;
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].question, "じてんしゃ すてたい");
    assert_eq!(records[0].decision, Decision::Answer);
    assert_eq!(records[0].top.as_deref(), Some("jitensha"));

    let report = summarize(&records, &engine, 10);
    assert_eq!(report.questions, 4);
    assert_eq!(report.most_asked[0], ("jitensha".to_string(), 2));
    assert_eq!(report.unanswered, 1);
    assert_eq!(
        report.unanswered_needs[0].examples,
        ["パスポートを申請したい"]
    );
    assert!(report.never_asked.contains(&"sofa".to_string()));
    assert!(!report.never_asked.contains(&"jitensha".to_string()));
}

#[test]
fn a_log_cut_short_by_a_crash_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let engine = engine();
    let log = JsonLinesLog::open(&path).unwrap();
    use toiawase::query_log::QueryLog;
    log.record("住民票", &engine.ask("住民票"), None);
    drop(log);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"time_ms\":1,\"question\":\"\xe4\xbd\x8f");
    std::fs::write(&path, &bytes).unwrap();
    let contents = read_json_lines(&path).unwrap();
    assert_eq!(contents.records.len(), 1);
    assert_eq!(contents.malformed.count, 1);
    assert_eq!(contents.malformed.first[0].line, 2);
}

#[test]
fn malformed_lines_are_skipped_and_named_instead_of_refusing_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let engine = engine();
    let log = JsonLinesLog::open(&path).unwrap();
    use toiawase::query_log::QueryLog;
    log.record("住民票", &engine.ask("住民票"), None);
    let mut bytes = std::fs::read(&path).unwrap();
    let good = bytes.clone();
    // Bad JSON, invalid UTF-8, a record cut inside a character, then a good record.
    bytes.extend_from_slice(b"not json\n{}\n\x82\xa0\x82\xa2\n");
    bytes.extend_from_slice(&good[..good.iter().position(|&b| b >= 0x80).unwrap() + 1]);
    bytes.push(b'\n');
    bytes.extend_from_slice(&good);
    std::fs::write(&path, &bytes).unwrap();
    let contents = read_json_lines(&path).unwrap();
    assert_eq!(contents.records.len(), 2);
    assert_eq!(contents.malformed.count, 4);
    let lines: Vec<usize> = contents.malformed.first.iter().map(|m| m.line).collect();
    assert_eq!(lines, [2, 3, 4, 5]);
    let described = contents.malformed.to_string();
    for part in [
        "4 malformed lines",
        "line 2",
        "not UTF-8",
        "cut inside a character",
    ] {
        assert!(described.contains(part), "{part:?} missing: {described}");
    }
}

#[test]
fn repeated_questions_count_as_often_as_asked_and_group_like_distinct_ones() {
    let questions: Vec<&str> = LABELLED_LOG.iter().map(|(_, q)| *q).collect();
    let is_known = |word: &str| engine().knows_term(word);
    let once = group_needs(&questions, engine().analyzer(), is_known);

    // Every question asked three times: the same groups, three times the counts.
    let thrice: Vec<&str> = questions.iter().flat_map(|q| [*q; 3]).collect();
    let grouped = group_needs(&thrice, engine().analyzer(), is_known);
    assert_eq!(grouped.len(), once.len());
    for (a, b) in once.iter().zip(&grouped) {
        assert_eq!(
            (a.count * 3, &a.label, &a.examples),
            (b.count, &b.label, &b.examples)
        );
        assert_eq!(b.members.len(), b.count);
    }

    // The same from distinct questions with counts.
    let counted: Vec<(&str, usize)> = questions.iter().map(|q| (*q, 3)).collect();
    let from_counts = group_need_counts(&counted, engine().analyzer(), is_known);
    for (a, b) in grouped.iter().zip(&from_counts) {
        assert_eq!(
            (a.count, &a.label, &a.examples),
            (b.count, &b.label, &b.examples)
        );
    }
}

#[test]
fn long_questions_of_old_logs_are_cut_in_examples() {
    let response = engine().ask("パスポート");
    let mut record = LogRecord::new("パスポート", &response);
    record.decision = Decision::NoMatch;
    // Logs written before questions were cut may hold whole pastes.
    record.question = format!("パスポートを{}", "とても".repeat(100_000));
    let report = summarize(&[record], engine(), 10);
    let example = &report.unanswered_needs[0].examples[0];
    assert_eq!(example.chars().count(), EXAMPLE_CHARS + 1, "{example}");
    assert!(example.ends_with('…'));
}

/// Romaji questions (`tests/data/romaji-queries.tsv`: romaji, then the same question in
/// kana) reach the same top answer as their kana forms.
#[test]
fn romaji_questions_reach_the_same_entry_as_their_kana_forms() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/romaji-queries.tsv"
    ))
    .unwrap();
    let pairs: Vec<(&str, &str)> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once('\t'))
        .collect();
    assert!(pairs.len() >= 40, "{} pairs", pairs.len());
    let top = |question: &str| engine().ask(question).best().map(|m| m.id.to_string());
    let disagreements: Vec<String> = pairs
        .iter()
        .filter(|(romaji, kana)| top(romaji) != top(kana))
        .map(|(romaji, kana)| format!("{romaji} → {:?}, {kana} → {:?}", top(romaji), top(kana)))
        .collect();
    let agreement = 1.0 - disagreements.len() as f64 / pairs.len() as f64;
    assert!(
        agreement >= 0.90,
        "agreement {agreement:.3} on {} pairs:\n{}",
        pairs.len(),
        disagreements.join("\n")
    );
}

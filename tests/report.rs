//! The query log and its report: questions are recorded, read back, and unanswered ones
//! grouped so that phrasings of one need count together and different needs stay apart.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use toiawase::query_log::{JsonLinesLog, read_json_lines};
use toiawase::report::{group_needs, summarize};
use toiawase::{Corpus, Decision, Engine};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/municipal-faq.toml");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::build(&Corpus::from_path(CORPUS).unwrap()).unwrap())
}

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
    let mut engine = Engine::build(&Corpus::from_path(CORPUS).unwrap()).unwrap();
    let log = Arc::new(JsonLinesLog::open(&path).unwrap());
    engine.set_query_log(Some(log.clone()));
    for question in [
        "じてんしゃ すてたい",
        "自転車を捨てたい",
        "パスポートを申請したい",
        "予約したい",
    ] {
        engine.ask(question);
    }
    engine.set_query_log(None);
    engine.ask("記録されない質問");
    assert_eq!(log.failures(), 0);

    let records = read_json_lines(&path).unwrap();
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
    log.record("住民票", &engine.ask("住民票"));
    drop(log);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"time_ms\":1,\"question\":\"\xe4\xbd\x8f");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(read_json_lines(&path).unwrap().len(), 1);

    std::fs::write(&path, "not json\n{}\n").unwrap();
    let err = read_json_lines(&path).unwrap_err().to_string();
    assert!(err.contains("line 1"), "{err}");
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

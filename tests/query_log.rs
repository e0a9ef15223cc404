//! The query log keeps residents' private data private: created owner-only, questions
//! stored as analysed (normalized, cut) with personal data masked, and every record one
//! whole line or a counted failure.

mod common;

use std::sync::Arc;

use common::{fresh_sample_engine, sample_engine};
use toiawase::query_log::{JsonLinesLog, LogRecord, Masking, QueryLog, read_json_lines};
use toiawase::{Engine, MAX_QUERY_CHARS};

/// Asks `questions` with a log at a fresh path and returns the logged questions and the
/// raw file.
fn logged(
    log: impl FnOnce(&std::path::Path) -> JsonLinesLog,
    questions: &[&str],
) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let log = Arc::new(log(&path));
    let engine: Engine = fresh_sample_engine().with_query_log(log.clone());
    for question in questions {
        engine.ask(question);
    }
    assert_eq!(log.failures(), 0);
    let raw = std::fs::read_to_string(&path).unwrap();
    let contents = read_json_lines(&path).unwrap();
    assert_eq!(contents.malformed.count, 0);
    let questions = contents.records.into_iter().map(|r| r.question).collect();
    (questions, raw)
}

fn open(path: &std::path::Path) -> JsonLinesLog {
    JsonLinesLog::open(path).unwrap()
}

#[cfg(unix)]
#[test]
fn log_file_is_created_readable_and_writable_by_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let log = JsonLinesLog::open(&path).unwrap();
    log.record("住民票", &sample_engine().ask("住民票"), None);
    assert_eq!(common::mode(&path), 0o600);
}

#[cfg(unix)]
#[test]
fn an_existing_log_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o600, 0o640] {
        let path = dir.path().join(format!("questions-{mode:o}.jsonl"));
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let log = JsonLinesLog::open(&path).unwrap();
        log.record("住民票", &sample_engine().ask("住民票"), None);
        assert_eq!(common::mode(&path), mode);
    }
}

#[test]
fn personal_data_is_masked_in_the_log_by_default() {
    let (questions, raw) = logged(
        open,
        &[
            "粗大ごみの申込 電話は090-1234-5678です",
            "ＴＥＬ ０３−１２３４−５６７８ に折り返して",
            "マイナンバー 1234 5678 9012 を紛失した",
            "カード 4111-1111-1111-1111 で払える？",
            "〒123-4567 本町1丁目2番3号 に住んでいます",
            "taro.yamada@example.co.jp に返事をください",
        ],
    );
    assert_eq!(
        questions,
        [
            "粗大ごみの申込 電話は<電話番号>です",
            "tel <電話番号> に折り返して",
            "マイナンバー <番号> を紛失した",
            "カード <番号> で払える?",
            "<郵便番号> 本町<住所> に住んでいます",
            "<メール> に返事をください",
        ]
    );
    for secret in ["1234", "5678", "4111", "123-4567", "taro", "example"] {
        assert!(!raw.contains(secret), "{secret} in the log:\n{raw}");
    }
}

#[test]
fn masking_can_be_turned_off_or_extended() {
    let question = "受付番号 R-20240401 の件 電話090-1234-5678";
    let (questions, _) = logged(|path| open(path).with_masking(Masking::off()), &[question]);
    assert_eq!(questions, ["受付番号 r-20240401 の件 電話090-1234-5678"]);

    let (questions, _) = logged(
        |path| open(path).with_masking(Masking::default().with_shape("R-########", "<受付番号>")),
        &[question],
    );
    assert_eq!(questions, ["受付番号 <受付番号> の件 電話<電話番号>"]);
}

#[test]
fn the_log_stores_the_question_as_analysed_not_the_raw_input() {
    let huge = "粗大ごみ".repeat(250_000); // 1 M characters
    let (questions, raw) = logged(open, &[&huge, "\u{1b}[2J住民票\u{7}"]);
    assert_eq!(questions[0].chars().count(), MAX_QUERY_CHARS);
    assert!(raw.len() < 4_096, "{} bytes logged", raw.len());
    assert_eq!(questions[1], "[2j住民票");
}

#[test]
fn a_phone_number_cut_by_the_length_limit_is_masked_whole() {
    let question = format!("{}090-1234-5678", "あ".repeat(MAX_QUERY_CHARS - 6));
    let record = LogRecord::new(&question, &sample_engine().ask(&question));
    assert!(
        record.question.ends_with("<電話番号>"),
        "{}",
        record.question
    );
    assert!(!record.question.contains("090"), "{}", record.question);
}

#[cfg(target_os = "linux")]
#[test]
fn a_log_on_a_full_disk_counts_each_lost_record() {
    let log = JsonLinesLog::open("/dev/full").unwrap();
    for question in ["住民票", "粗大ごみ"] {
        log.record(question, &sample_engine().ask(question), None);
    }
    assert_eq!(log.failures(), 2);
    let error = log.last_error().unwrap();
    assert!(error.contains("space"), "{error}");
}

#[test]
fn records_written_from_many_threads_are_whole_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let logs: Vec<Arc<JsonLinesLog>> = (0..2)
        .map(|_| Arc::new(JsonLinesLog::open(&path).unwrap()))
        .collect();
    std::thread::scope(|scope| {
        for thread in 0..4 {
            let log = logs[thread % 2].clone();
            scope.spawn(move || {
                let question = format!("{}のごみの出し方", "粗大".repeat(thread * 20 + 1));
                let response = sample_engine().ask(&question);
                for _ in 0..200 {
                    log.record(&question, &response, None);
                }
            });
        }
    });
    let contents = read_json_lines(&path).unwrap();
    assert_eq!(contents.malformed.count, 0);
    assert_eq!(contents.records.len(), 800);
}

//! The `toiawase` binary, driven as a user would: the REPL through piped input, each
//! subcommand's human and JSON output, and its errors and exit codes.

use assert_cmd::Command;

/// The sample corpus, at the root of the repository.
const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../examples/municipal-faq.toml"
);

fn toiawase() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_toiawase"));
    command.env("NO_COLOR", "1");
    command
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn repl_prints_one_block_per_piped_question() {
    let out = stdout_of(
        toiawase()
            .args(["repl", CORPUS])
            .write_stdin("じてんしゃ すてたい\n駅までの道を教えて\n"),
    );
    assert_eq!(out.matches("? ").count(), 2, "{out}");
    assert!(out.contains("[answer] jitensha"), "{out}");
    assert!(out.contains("[no match]"), "{out}");
    assert!(
        out.contains("自転車は粗大ごみ"),
        "answer text missing: {out}"
    );
    assert!(!out.contains('\x1b'), "colour in piped output");
}

#[test]
fn repl_says_small_talk_is_small_talk() {
    let out = stdout_of(
        toiawase()
            .args(["repl", CORPUS])
            .write_stdin("こんにちは\nありがとうございました\n"),
    );
    assert!(
        out.contains("[no match] small talk (greeting), not a question for the FAQ"),
        "{out}"
    );
    assert!(out.contains("small talk (thanks)"), "{out}");
}

#[test]
fn repl_commands_change_the_session() {
    let out = stdout_of(toiawase().args(["repl", CORPUS]).write_stdin(
        ":k 1\n:explain\n住民票がほしい\n:category 施設\n:category なし\n:threshold 2\n:bogus\n:quit\n住民票\n",
    ));
    assert!(out.contains("showing 1 candidates"), "{out}");
    assert!(out.contains("matched: 住民票→住民票 (exact)"), "{out}");
    assert!(!out.contains("  2. "), "more than one candidate: {out}");
    assert!(out.contains("only category 施設"), "{out}");
    assert!(out.contains("no category \"なし\""), "{out}");
    assert!(out.contains(":threshold needs a number"), "{out}");
    assert!(out.contains("unknown command :bogus"), "{out}");
    assert_eq!(
        out.matches("? ").count(),
        1,
        "questions after :quit were asked: {out}"
    );
}

#[test]
fn repl_reload_keeps_the_old_engine_when_the_new_corpus_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.csv");
    std::fs::write(
        &path,
        "id,question,answer\nsodai,粗大ごみの出し方,申込制です\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_toiawase"))
        .args(["repl", path.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::{BufRead, Read, Write};
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    writeln!(stdin, "粗大ごみ").unwrap();
    // Wait for the first answer: the corpus has been read before it is broken.
    let mut out = String::new();
    while !out.contains("[answer]") {
        assert!(stdout.read_line(&mut out).unwrap() > 0, "{out}");
    }
    std::fs::write(&path, "id,question,answer\nsodai,粗大ごみの出し方\n").unwrap();
    writeln!(stdin, ":reload\n粗大ごみ").unwrap();
    drop(stdin);
    stdout.read_to_string(&mut out).unwrap();
    child.wait().unwrap();
    assert!(
        out.contains("reload failed, keeping the previous corpus"),
        "{out}"
    );
    assert!(out.contains("line 2: expected 3 columns, found 2"), "{out}");
    assert_eq!(out.matches("[answer] sodai").count(), 2, "{out}");
}

#[test]
fn compile_then_query_the_index_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("faq.idx");
    let out = stdout_of(toiawase().args(["compile", CORPUS, "-o", index.to_str().unwrap()]));
    assert!(out.starts_with("compiled 109 entries"), "{out}");
    assert!(index.is_file());

    let out = stdout_of(toiawase().args(["query", index.to_str().unwrap(), "すいはんき なにごみ"]));
    assert!(out.starts_with("[answer] suihanki"), "{out}");
    assert!(out.contains("すいはんき→炊飯器 (reading)"), "{out}");

    let out = stdout_of(toiawase().args([
        "query",
        index.to_str().unwrap(),
        "すいはんき なにごみ",
        "-k",
        "2",
        "--json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["decision"], "answer");
    assert_eq!(json["candidates"][0]["id"], "suihanki");
    assert!(json["candidates"].as_array().unwrap().len() <= 2);
    assert_eq!(
        json["candidates"][0]["explanation"]["matched"][0]["kind"],
        "reading"
    );
    assert!(json["candidates"][0]["confidence"].as_f64().unwrap() > 0.5);
}

const SMALL_QUERIES: &str = "# query\texpected\ttier\n\
じてんしゃ すてたい\tjitensha\thiragana\n\
炊飯機 捨てたい\tsuihanki\ttypo\n\
住民票がほしい\tjuminhyo-utsushi|convenience-koufu\tparaphrase\n\
明日の天気\t-\tuncovered\n";

#[test]
fn eval_reports_figures_as_tables_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.tsv");
    std::fs::write(&queries, SMALL_QUERIES).unwrap();
    let out = stdout_of(toiawase().args(["eval", CORPUS, queries.to_str().unwrap()]));
    assert!(out.contains("overall"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("typo") && l.contains("1.000")),
        "{out}"
    );

    let out = stdout_of(toiawase().args(["eval", CORPUS, queries.to_str().unwrap(), "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["queries"], 4);
    assert_eq!(json["covered"], 3);
    assert_eq!(json["uncovered"], 1);
    assert_eq!(json["accuracy_at_1"], 1.0);
    assert_eq!(json["declined"], 1.0);
    assert_eq!(json["by_tier"]["typo"]["accuracy_at_1"], 1.0);
    assert!(json["failures"].as_array().unwrap().is_empty());
    assert!(json["median_query_us"].as_f64().unwrap() > 0.0);
}

#[test]
fn eval_min_accuracy_gates_with_exit_status_3() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.tsv");
    std::fs::write(&queries, "駅までの道\tjitensha\tparaphrase\n").unwrap();
    toiawase()
        .args([
            "eval",
            CORPUS,
            queries.to_str().unwrap(),
            "--min-accuracy",
            "0.5",
        ])
        .assert()
        .code(3);
}

#[test]
fn malformed_tsv_line_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.tsv");
    std::fs::write(&queries, "じてんしゃ\tjitensha\nno tab here\n").unwrap();
    let output = toiawase()
        .args(["eval", CORPUS, queries.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("q.tsv: line 2:"), "{stderr}");
}

#[test]
fn missing_file_is_bad_input_naming_the_path() {
    let output = toiawase()
        .args(["query", "/no/such/faq.toml", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/faq.toml"));
}

#[test]
fn corrupt_index_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("faq.idx");
    stdout_of(toiawase().args(["compile", CORPUS, "-o", index.to_str().unwrap()]));
    let mut bytes = std::fs::read(&index).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&index, bytes).unwrap();
    let output = toiawase()
        .args(["query", index.to_str().unwrap(), "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("corrupted") && stderr.contains("faq.idx"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_with_status_2_and_help_has_examples() {
    toiawase().args(["query"]).assert().code(2);
    toiawase().args(["frobnicate"]).assert().code(2);
    for command in ["repl", "compile", "query", "eval"] {
        let out = stdout_of(toiawase().args([command, "--help"]));
        assert!(out.contains("Example"), "{command} --help: {out}");
    }
}

// ───────────────── staff tools that show residents' input ─────────────────

/// Writes a query log of `(question, decision)` records, as the library writes them but
/// with the questions exactly as given (as an old or hand-edited log may hold them).
fn write_log(path: &std::path::Path, questions: &[(&str, &str)]) {
    let mut text = String::new();
    for (question, decision) in questions {
        let record = serde_json::json!({
            "time_ms": 1, "question": question, "decision": decision,
            "top": null, "confidence": 0.0, "candidates": [],
        });
        text.push_str(&record.to_string());
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

/// A terminal title change, a bell, a screen clear and a right-to-left override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2Jパスポート\u{202e}申請\u{85}";

#[track_caller]
fn assert_no_control_characters(out: &str) {
    let bad: Vec<char> = out
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
        })
        .collect();
    assert!(bad.is_empty(), "{bad:?} in output:\n{out}");
}

#[test]
fn report_text_output_escapes_control_and_bidi_characters() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    write_log(&log, &[(HOSTILE, "no_match"), (HOSTILE, "no_match")]);
    let out = stdout_of(toiawase().args(["report", log.to_str().unwrap()]));
    assert_no_control_characters(&out);
    assert!(out.contains("\\u{1b}]0;pwned\\u{7}"), "{out}");
    assert!(out.contains("\\u{202e}"), "{out}");
}

#[test]
fn report_csv_neutralises_cells_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    let csv = dir.path().join("report.csv");
    write_log(
        &log,
        &[
            (
                "=HYPERLINK(\"http://evil.example\",\"パスポート\")",
                "no_match",
            ),
            ("@SUM(A1:A9) パスポート", "ambiguous"),
        ],
    );
    stdout_of(toiawase().args([
        "report",
        log.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]));
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let cells: Vec<String> = reader
        .records()
        .flat_map(|record| record.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect();
    assert!(
        cells.iter().any(|cell| cell.starts_with("'=HYPERLINK")),
        "{cells:?}"
    );
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?}"
        );
    }
}

#[test]
fn report_skips_malformed_lines_and_says_how_many_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("questions.jsonl");
    write_log(&log, &[("パスポートを申請したい", "no_match")]);
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(b"\x82\xa0\n{\"time_ms\":");
    std::fs::write(&log, bytes).unwrap();
    let output = toiawase()
        .args(["report", log.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.starts_with("1 questions"), "{out}");
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("2 malformed lines skipped")
            && err.contains("line 2")
            && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn repl_and_query_escape_control_characters_in_questions_and_corpus_text() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("faq.csv");
    std::fs::write(
        &corpus,
        "id,question,answer\nsodai\u{1b}[2J,粗大ごみの出し方,申込制\u{1b}]0;x\u{7}です\n",
    )
    .unwrap();
    let out = stdout_of(
        toiawase()
            .args(["repl", corpus.to_str().unwrap()])
            .write_stdin(format!("粗大ごみ{HOSTILE}\n:categories\n")),
    );
    assert_no_control_characters(&out);
    assert!(out.contains("sodai\\u{1b}[2J"), "{out}");
    let out = stdout_of(toiawase().args(["query", corpus.to_str().unwrap(), "粗大ごみ"]));
    assert_no_control_characters(&out);
}

#[test]
fn repl_reports_a_line_that_is_not_utf8_and_goes_on() {
    // 住民票 in Shift_JIS, between two UTF-8 questions.
    let mut input = "じてんしゃ すてたい\n".as_bytes().to_vec();
    input.extend_from_slice(b"\x8f\x5a\x96\xaf\x95\x5b\n");
    input.extend_from_slice("住民票がほしい\n".as_bytes());
    let out = stdout_of(toiawase().args(["repl", CORPUS]).write_stdin(input));
    assert!(out.contains("[not UTF-8] line 2"), "{out}");
    assert!(out.contains("[answer] jitensha"), "{out}");
    assert_eq!(out.matches("? ").count(), 3, "{out}");
    assert!(
        out.trim_end().lines().last().is_some_and(|l| !l.is_empty()),
        "{out}"
    );
    assert!(
        out.contains("住民票"),
        "the question after the bad line was asked: {out}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn repl_warns_when_the_log_loses_questions_and_exits_with_status_1() {
    let output = toiawase()
        .args(["repl", CORPUS, "--log", "/dev/full"])
        .write_stdin("住民票\n粗大ごみ\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        out.matches("? ").count(),
        2,
        "the questions were still answered: {out}"
    );
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        err.matches("warning: 1 question(s) not written").count(),
        2,
        "{err}"
    );
    assert!(
        err.contains("/dev/full") && err.contains("2 question(s) could not be written"),
        "{err}"
    );
}

#[test]
fn repl_log_masks_personal_data_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let masked = dir.path().join("masked.jsonl");
    let unmasked = dir.path().join("unmasked.jsonl");
    let question = "電話 090-1234-5678 受付番号 A-1234 住民票\n";
    stdout_of(
        toiawase()
            .args(["repl", CORPUS, "--log", masked.to_str().unwrap()])
            .args(["--log-mask", "a-####=<受付番号>"])
            .write_stdin(question),
    );
    let text = std::fs::read_to_string(&masked).unwrap();
    assert!(
        text.contains("電話 <電話番号> 受付番号 <受付番号> 住民票"),
        "{text}"
    );
    stdout_of(
        toiawase()
            .args([
                "repl",
                CORPUS,
                "--log",
                unmasked.to_str().unwrap(),
                "--log-unmasked",
            ])
            .write_stdin(question),
    );
    let text = std::fs::read_to_string(&unmasked).unwrap();
    assert!(text.contains("090-1234-5678"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&masked).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

// ───────────────────────── options that do not fit ─────────────────────────

#[test]
fn build_options_with_an_index_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("faq.idx");
    stdout_of(toiawase().args(["compile", CORPUS, "-o", index.to_str().unwrap()]));
    let synonyms = dir.path().join("synonyms.txt");
    std::fs::write(&synonyms, "住民票 住民票の写し\n").unwrap();
    let output = toiawase()
        .args(["query", index.to_str().unwrap(), "住民票", "--synonyms"])
        .arg(&synonyms)
        .arg("--lenient")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("faq.idx") && err.contains("--synonyms, --lenient") && err.contains("index"),
        "{err}"
    );
}

#[test]
fn an_empty_index_file_is_reported_as_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("faq.idx");
    std::fs::write(&index, b"").unwrap();
    let output = toiawase()
        .args(["query", index.to_str().unwrap(), "住民票"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("faq.idx") && err.contains("index"), "{err}");
    assert!(!err.contains("unknown corpus format"), "{err}");
}

#[test]
fn an_unknown_category_is_a_usage_error_listing_the_categories() {
    let output = toiawase()
        .args(["query", CORPUS, "住民票", "--category", "しせつ"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("unknown category \"しせつ\"")
            && err.contains("施設")
            && err.contains("戸籍・住民票"),
        "{err}"
    );
}

#[test]
fn eval_escapes_control_characters_in_the_questions_it_lists() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.tsv");
    std::fs::write(
        &queries,
        format!("{HOSTILE}\tjitensha\tparaphrase\u{1b}[31m\n"),
    )
    .unwrap();
    let out = stdout_of(toiawase().args(["eval", CORPUS, queries.to_str().unwrap()]));
    assert!(out.contains("failures (1)"), "{out}");
    assert_no_control_characters(&out);
}

#[test]
fn a_reader_that_stops_reading_ends_the_command_quietly() {
    // `toiawase query … | head -1`: the reader is gone before the answer is written.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_toiawase"))
        .args(["query", CORPUS, "じてんしゃ すてたい", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

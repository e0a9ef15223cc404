//! The `toiawase` binary, driven as a user would: the REPL through piped input, each
//! subcommand's human and JSON output, and its errors and exit codes.

use assert_cmd::Command;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/municipal-faq.toml");

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
    assert_eq!(json["candidates"].as_array().unwrap().len(), 2);
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

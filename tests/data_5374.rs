//! Real 5374 garbage-app item lists (`../shared/data/5374/`, outside the repository):
//! the loader copes with their quirks and the engine answers kana and typo queries on them.
//! Skipped, with a message, when that folder is absent.

use std::path::PathBuf;

use toiawase::{Corpus, CorpusError, Decision, Engine, LoadOptions};

fn data_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/5374");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not found", dir.display());
        None
    }
}

fn load(city: &str) -> Option<Corpus> {
    let path = data_dir()?.join(city).join("target.csv");
    let corpus = Corpus::from_path_with(&path, &LoadOptions { lenient: true }).unwrap();
    for skipped in corpus.skipped() {
        eprintln!("{city}: skipped line {}: {}", skipped.line, skipped.reason);
    }
    Some(corpus)
}

#[test]
fn kanazawa_loads_and_reports_its_broken_row() {
    let Some(corpus) = load("kanazawa-2016") else {
        return;
    };
    assert!(corpus.len() > 1_000, "{} entries", corpus.len());
    // In strict mode the same file fails, naming file and line.
    let path = data_dir().unwrap().join("kanazawa-2016/target.csv");
    if corpus.skipped().is_empty() {
        Corpus::from_path(&path).unwrap();
    } else {
        let err = Corpus::from_path(&path).unwrap_err();
        assert!(
            matches!(
                err,
                CorpusError::ColumnCount { .. } | CorpusError::EmptyField { .. }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("target.csv: line"), "{err}");
    }
}

#[test]
fn kanazawa_answers_kana_and_typo_queries() {
    let Some(corpus) = load("kanazawa-2016") else {
        return;
    };
    let engine = Engine::build(&corpus).unwrap();
    for (question, expected) in [
        ("あいろん すてたい", "アイロン"),
        ("スイハンキ", "炊飯器"),
        ("ぺっとぼとる", "ペットボトル"),
        ("ＩＣレコーダー", "ＩＣレコーダー"),
    ] {
        let response = engine.ask(question);
        let ids: Vec<&str> = response.candidates.iter().map(|m| m.id.as_ref()).collect();
        assert!(
            ids.iter().take(3).any(|id| id.contains(expected)),
            "{question}: {:?} {ids:?}",
            response.decision
        );
    }
}

#[test]
fn meguro_loads_with_label_header_and_answers() {
    let Some(corpus) = load("meguro-2015") else {
        return;
    };
    assert!(corpus.len() >= 90, "{} entries", corpus.len());
    let aluminium = corpus.get("アルミホイル（アルミ箔）").unwrap();
    assert_eq!(aluminium.questions, ["アルミホイル（アルミ箔）"]);
    assert!(aluminium.aliases.iter().any(|alias| alias == "アルミ箔"));
    let engine = Engine::build(&corpus).unwrap();
    let response = engine.ask("あるみほいる");
    assert_eq!(response.best().unwrap().id, "アルミホイル（アルミ箔）");
    assert_ne!(engine.ask("駅までの道を教えて").decision, Decision::Answer);
}

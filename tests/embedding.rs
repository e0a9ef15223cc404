//! What a bot embedding the engine relies on: one options type for build and open, with
//! thresholds that travel in the index file; responses it can keep, send and read back;
//! the metadata, titles and menu it shows residents; explanations only when asked for; a
//! query log that knows the conversation and the resident's pick; errors with their causes.

mod common;

use std::error::Error;
use std::sync::{Arc, Mutex};

use common::{SAMPLE_CORPUS, sample_engine};
use toiawase::query_log::{BackgroundLog, Choice, JsonLinesLog, QueryLog, read_json_lines};
use toiawase::{
    AskOptions, Corpus, CorpusError, Decision, Engine, EngineOptions, Entry, Response,
    SystemDictionary, Thresholds,
};

fn corpus() -> Corpus {
    let mut pets = Entry::new(
        "inu-touroku",
        ["犬の登録はどうすればいいですか"],
        "生活衛生課で登録します。",
    )
    .with_title("犬の登録")
    .with_category("生活");
    pets.metadata
        .insert("url".into(), serde_json::json!("https://example.jp/inu"));
    Corpus::new(vec![
        pets,
        Entry::new(
            "inu-shibou",
            ["犬が死亡したときの届出"],
            "死亡届を出してください。",
        ),
        Entry::new("inkan", ["印鑑登録をしたい"], "市民課で登録します。"),
    ])
    .unwrap()
}

#[test]
fn thresholds_chosen_when_building_survive_save_and_open() {
    let thresholds = Thresholds::default().with_answer(0.71).with_menu(0.1);
    let options = EngineOptions::default().thresholds(thresholds);
    let engine = Engine::build_with(&corpus(), &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.idx");
    engine.save(&path).unwrap();
    assert_eq!(Engine::open(&path).unwrap().thresholds(), thresholds);
    // Given when opening, they override what the file says.
    let other = Thresholds::default().with_answer(0.5);
    let reopened = Engine::open_with(&path, &EngineOptions::default().thresholds(other)).unwrap();
    assert_eq!(reopened.thresholds(), other);
    // Changed on an engine, they are what it saves.
    let changed = Engine::open(&path).unwrap().with_thresholds(other);
    changed.save(&path).unwrap();
    assert_eq!(Engine::open(&path).unwrap().thresholds(), other);
}

#[test]
fn a_response_can_be_owned_sent_and_read_back_from_json() {
    let engine = Engine::build(&corpus()).unwrap();
    let response = engine.ask_with("犬の登録", &AskOptions::default().explain(true));
    let owned: Response<'static> = response.clone().into_owned();
    let json = serde_json::to_string(&response).unwrap();
    let read: Response<'static> = serde_json::from_str(&json).unwrap();
    assert_eq!(read, owned);
    // Owned, it outlives the engine.
    drop(engine);
    assert_eq!(owned.best().unwrap().id, "inu-touroku");
}

#[test]
fn a_match_carries_metadata_title_and_a_menu_label() {
    let engine = Engine::build(&corpus()).unwrap();
    let response = engine.ask("犬の登録");
    let best = response.best().unwrap();
    assert_eq!(best.metadata["url"], "https://example.jp/inu");
    assert_eq!(best.title.as_deref(), Some("犬の登録"));
    assert_eq!(best.label(20), "犬の登録");
    assert_eq!(best.category.as_deref(), Some("生活"));
    // Without a title, the phrasing cut to fit.
    let other = engine.ask("印鑑登録").candidates.remove(0);
    assert_eq!(other.label(4), "印鑑登…");
    assert_eq!(
        engine.entry("inu-touroku").unwrap().title.as_deref(),
        Some("犬の登録")
    );
    assert!(engine.entry("no-such-entry").is_none());
}

#[test]
fn explanations_come_only_when_asked_for() {
    let engine = sample_engine();
    assert!(
        engine
            .ask("粗大ごみの出し方")
            .candidates
            .iter()
            .all(|m| m.explanation.is_none())
    );
    let explained = engine.ask_with("粗大ごみの出し方", &AskOptions::default().explain(true));
    assert!(explained.candidates.iter().all(|m| m.explanation.is_some()));
}

#[test]
fn the_menu_offers_close_candidates_not_the_long_tail() {
    // 「犬の登録」 on the sample corpus: the dog entries, not the ones that only share 登録.
    let response = sample_engine().ask("犬の登録");
    let menu: Vec<&str> = response.menu().iter().map(|m| m.id.as_ref()).collect();
    assert!(menu.contains(&"inu-touroku"), "{menu:?}");
    assert!(!menu.contains(&"inkan-touroku"), "{menu:?}");
    let best = response.best().unwrap().confidence;
    let thresholds = sample_engine().thresholds();
    for candidate in response.menu() {
        assert!(candidate.confidence >= best - thresholds.menu);
        assert!(candidate.confidence >= thresholds.suggest);
    }
    for candidate in &response.candidates[response.menu().len()..] {
        assert!(candidate.confidence < (best - thresholds.menu).max(thresholds.suggest));
    }
}

#[test]
fn thresholds_read_from_a_config_take_defaults_for_left_out_fields() {
    let partial: Thresholds = serde_json::from_str(r#"{"answer": 0.6}"#).unwrap();
    assert_eq!(partial, Thresholds::default().with_answer(0.6));
    let error = serde_json::from_str::<Thresholds>(r#"{"answer": "high"}"#).unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn small_talk_gets_no_candidates_and_says_its_kind() {
    let response = sample_engine().ask("ありがとうございました！");
    assert_eq!(response.decision, Decision::NoMatch);
    assert_eq!(response.small_talk, Some(toiawase::SmallTalk::Thanks));
    assert!(response.candidates.is_empty() && response.menu().is_empty());
}

#[test]
fn the_query_log_records_sessions_and_choices_and_the_report_uses_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.jsonl");
    let log = Arc::new(JsonLinesLog::open(&path).unwrap());
    // A wide margin makes 「犬の登録」 ambiguous between the two dog entries.
    let options = EngineOptions::default().thresholds(Thresholds::default().with_margin(0.5));
    let engine = Engine::build_with(&Corpus::from_path(SAMPLE_CORPUS).unwrap(), &options)
        .unwrap()
        .with_query_log(log.clone());
    let question = "犬の登録";
    let options = AskOptions::default().session("user-1");
    let response = engine.ask_with(question, &options);
    assert_eq!(response.decision, Decision::Ambiguous);
    let picked = response.candidates[1].id.to_string();
    engine.record_choice(question, &picked, Some("user-1"));
    engine.ask_with("こんにちは", &options);
    assert_eq!(log.failures(), 0);

    let records = read_json_lines(&path).unwrap().records;
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].session.as_deref(), Some("user-1"));
    assert!(records[1].is_choice() && records[1].chosen.as_deref() == Some(picked.as_str()));
    assert_eq!(records[2].small_talk, Some(toiawase::SmallTalk::Greeting));
    let report = toiawase::report::summarize(&records, &engine, 10);
    assert_eq!((report.questions, report.small_talk), (1, 1));
    assert_eq!(report.ambiguities[0].chosen, [(picked, 1)]);
}

/// A log that keeps what it is given, in order.
#[derive(Default)]
struct Kept(Mutex<Vec<String>>);

impl QueryLog for Kept {
    fn record(&self, question: &str, _: &Response<'_>, session: Option<&str>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{question}@{}", session.unwrap_or("-")));
    }

    fn record_choice(&self, choice: &Choice<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}→{}", choice.question, choice.chosen));
    }
}

#[test]
fn a_background_log_passes_every_record_on_in_order() {
    let kept = Arc::new(Kept::default());
    let background = Arc::new(BackgroundLog::new(kept.clone(), 100));
    let engine = Engine::build(&corpus())
        .unwrap()
        .with_query_log(background.clone());
    for question in ["犬の登録", "印鑑登録"] {
        engine.ask_with(question, &AskOptions::default().session("s"));
    }
    engine.record_choice("犬の登録", "inu-touroku", None);
    // The records arrive on another thread: wait for them (a bounded time).
    for _ in 0..200 {
        if kept.0.lock().unwrap().len() == 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(
        *kept.0.lock().unwrap(),
        ["犬の登録@s", "印鑑登録@s", "犬の登録→inu-touroku"]
    );
    assert_eq!(background.dropped(), 0);
}

#[test]
fn errors_keep_their_cause() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faq.toml");
    std::fs::write(&path, "[[faq]\nid = \"a\"\n").unwrap();
    let error = Corpus::from_path(&path).unwrap_err();
    assert!(matches!(error, CorpusError::Syntax { .. }), "{error}");
    assert!(error.source().is_some(), "{error}");

    let missing = SystemDictionary::Path(dir.path().join("no-dictionary-here"));
    let error = Engine::build_with(
        &corpus(),
        &EngineOptions::default().system_dictionary(missing),
    )
    .unwrap_err();
    let cause = error.source().map(|cause| cause.to_string());
    assert!(cause.is_some(), "{error}");
}

#[test]
fn the_engine_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>(_: &T) {}
    let engine = Arc::new(Engine::build(&corpus()).unwrap());
    shareable(&engine);
    let answers: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let engine = Arc::clone(&engine);
                scope.spawn(move || engine.ask("犬の登録").best().unwrap().id.to_string())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|id| id == "inu-touroku"));
}

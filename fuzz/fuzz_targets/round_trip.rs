//! A small valid corpus generated from a fixed Japanese vocabulary is compiled, saved with
//! `to_bytes`, and reopened with `Engine::from_bytes`. The reopened engine must save to the
//! same bytes and answer every generated question exactly as the in-memory engine does.
//! Every few inputs, the corpus is compiled a second time to check that compiling is
//! deterministic (the same corpus gives the same bytes).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use toiawase::{AskOptions, Corpus, Engine, Entry};
use toiawase_fuzz::{check_response, keep_default_analyzer};

const VOCABULARY: [&str; 44] = [
    "粗大ごみ",
    "住民票",
    "捨てる",
    "じてんしゃ",
    "マイナンバーカード",
    "予約",
    "自転車",
    "出し方",
    "教えて",
    "ください",
    "申し込み",
    "したい",
    "燃えるごみ",
    "可燃ごみ",
    "ペットボトル",
    "スイハンキ",
    "炊飯器",
    "写し",
    "ほしい",
    "窓口",
    "何時",
    "開いて",
    "いますか",
    "図書館",
    "印鑑登録",
    "証明書",
    "コンビニ",
    "ﾍﾟｯﾄﾎﾞﾄﾙ",
    "ＰＣ",
    "そだいごみ",
    "処理券",
    "引っ越し",
    "転入",
    "届け出",
    "保育園",
    "予防接種",
    "税金",
    "納付",
    "の",
    "を",
    "は",
    "に",
    "で",
    "？",
];

const CATEGORIES: [&str; 3] = ["ごみ", "窓口", "施設"];

/// Up to six words, as vocabulary indices.
#[derive(Debug, Arbitrary)]
struct Phrase(Vec<u8>);

impl Phrase {
    fn text(&self) -> String {
        self.0
            .iter()
            .take(6)
            .map(|&i| VOCABULARY[i as usize % VOCABULARY.len()])
            .collect()
    }

    /// The text, or a fixed word when it would be empty.
    fn non_empty(&self) -> String {
        let text = self.text();
        if text.trim().is_empty() {
            "窓口".to_string()
        } else {
            text
        }
    }
}

#[derive(Debug, Arbitrary)]
struct GeneratedEntry {
    first: Phrase,
    more: Vec<Phrase>,
    answer: Phrase,
    category: Option<u8>,
    keywords: Vec<u8>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    first: GeneratedEntry,
    more: Vec<GeneratedEntry>,
    questions: Vec<Phrase>,
    limit: u8,
    twice: bool,
}

fn entries(input: &Input) -> Vec<Entry> {
    std::iter::once(&input.first)
        .chain(input.more.iter().take(5))
        .enumerate()
        .map(|(n, generated)| {
            let questions: Vec<String> = std::iter::once(&generated.first)
                .chain(generated.more.iter().take(2))
                .map(Phrase::non_empty)
                .collect();
            let mut entry = Entry::new(format!("e{n}"), questions, generated.answer.non_empty());
            if let Some(category) = generated.category {
                entry = entry.with_category(CATEGORIES[category as usize % CATEGORIES.len()]);
            }
            entry.keywords = generated
                .keywords
                .iter()
                .take(2)
                .map(|&i| VOCABULARY[i as usize % VOCABULARY.len()].to_string())
                .collect();
            entry
        })
        .collect()
}

fuzz_target!(|input: Input| {
    keep_default_analyzer();
    let corpus = Corpus::new(entries(&input)).expect("a generated corpus is valid");
    let engine = Engine::build(&corpus).expect("a valid corpus compiles");
    let bytes = engine.to_bytes();
    let reopened = Engine::from_bytes(bytes.clone(), &toiawase::EngineOptions::default())
        .expect("saved index opens");
    assert!(
        reopened.to_bytes() == bytes,
        "a reopened index saves different bytes"
    );
    assert_eq!(reopened.stats(), engine.stats());
    assert_eq!(reopened.categories(), engine.categories());
    for entry in corpus.entries() {
        assert_eq!(reopened.entry(&entry.id).as_ref(), Some(entry));
    }
    if input.twice {
        let again = Engine::build(&corpus).expect("a valid corpus compiles");
        assert!(
            again.to_bytes() == bytes,
            "compiling the same corpus twice differs"
        );
    }

    let mut questions: Vec<String> = input.questions.iter().take(4).map(Phrase::text).collect();
    questions.push(corpus.entries()[0].questions[0].clone());
    let thresholds = engine.thresholds();
    let known = |id: &str| corpus.get(id).is_some();
    for question in &questions {
        let built = engine.ask(question);
        let opened = reopened.ask(question);
        check_response(&built, &AskOptions::default(), &thresholds, known);
        assert_eq!(built, opened, "question {question:?}");
        for category in [
            None,
            Some(CATEGORIES[input.limit as usize % CATEGORIES.len()]),
        ] {
            let mut options = AskOptions::default()
                .limit(usize::from(input.limit % 12))
                .explain(true);
            options.category = category;
            let built = engine.ask_with(question, &options);
            let opened = reopened.ask_with(question, &options);
            check_response(&built, &options, &thresholds, known);
            assert_eq!(built, opened, "question {question:?} with {options:?}");
        }
    }
});

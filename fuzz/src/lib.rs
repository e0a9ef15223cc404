//! Checks shared by the fuzz targets of `toiawase` (see `fuzz/README.md`).

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use toiawase::{AskOptions, Corpus, Decision, Engine, LoadOptions, Response, Thresholds};

/// The sample corpus, embedded so that the targets do not depend on the working folder.
pub const SAMPLE_CORPUS: &str = include_str!("../../examples/municipal-faq.toml");

/// The category the `ask` target filters on (present in the sample corpus).
pub const SAMPLE_CATEGORY: &str = "施設";

/// The sample corpus, parsed once.
pub fn sample_corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        Corpus::from_bytes(
            SAMPLE_CORPUS.as_bytes(),
            toiawase::Format::Toml,
            Path::new("sample.toml"),
            &LoadOptions::default(),
        )
        .expect("the sample corpus loads")
    })
}

/// An engine over the sample corpus, built once per fuzzing process.
pub fn sample_engine() -> &'static Engine {
    static ONCE: OnceLock<Engine> = OnceLock::new();
    ONCE.get_or_init(|| Engine::build(sample_corpus()).expect("the sample corpus compiles"))
}

/// Keeps an engine with the default resources alive for the whole fuzzing process, so
/// that every engine built or opened with them shares its analyzer (see
/// `toiawase::Analyzer::new`) instead of building one per input: building the analyzer is
/// most of what opening an index costs, and would otherwise dominate each run.
pub fn keep_default_analyzer() {
    sample_engine();
}

fn unit(value: f32) -> bool {
    value.is_finite() && (0.0..=1.0).contains(&value)
}

/// Asserts the documented invariants of a response:
///
/// - every confidence (and every explanation ratio) is finite and in [0, 1];
/// - candidates are sorted by confidence, best first;
/// - at most `options.limit` candidates;
/// - with a category filter, every candidate has that category;
/// - `Answer` has at least one candidate, whose confidence reaches the answer threshold;
/// - every candidate's id is an id of the corpus (`known_id`).
pub fn check_response(
    response: &Response<'_>,
    options: &AskOptions<'_>,
    thresholds: &Thresholds,
    known_id: impl Fn(&str) -> bool,
) {
    let candidates = &response.candidates;
    assert!(
        candidates.len() <= options.limit,
        "{} candidates for limit {}",
        candidates.len(),
        options.limit
    );
    for candidate in candidates {
        assert!(
            unit(candidate.confidence),
            "confidence {} of {:?} is not in [0, 1]",
            candidate.confidence,
            candidate.id
        );
        let Some(explanation) = &candidate.explanation else {
            continue;
        };
        for (name, value) in [
            ("query_coverage", explanation.query_coverage),
            ("phrasing_coverage", explanation.phrasing_coverage),
            ("similarity", explanation.similarity),
        ] {
            assert!(
                unit(value),
                "{name} {value} of {:?} is not in [0, 1]",
                candidate.id
            );
        }
        assert!(
            known_id(&candidate.id),
            "candidate id {:?} is not in the corpus",
            candidate.id
        );
        if let Some(category) = options.category {
            assert_eq!(
                candidate.category.as_deref(),
                Some(category),
                "candidate {:?} is outside the category filter",
                candidate.id
            );
        }
    }
    for pair in candidates.windows(2) {
        assert!(
            pair[0].confidence >= pair[1].confidence,
            "candidates not sorted: {:?} {} before {:?} {}",
            pair[0].id,
            pair[0].confidence,
            pair[1].id,
            pair[1].confidence
        );
    }
    let ids: HashSet<&str> = candidates.iter().map(|m| m.id.as_ref()).collect();
    assert_eq!(ids.len(), candidates.len(), "an entry is listed twice");
    match response.decision {
        Decision::Answer => {
            let best = candidates.first().expect("Answer without a candidate");
            assert!(
                best.confidence >= thresholds.answer,
                "Answer with confidence {} below the threshold {}",
                best.confidence,
                thresholds.answer
            );
            assert!(response.answer().is_some());
        }
        Decision::Ambiguous => {
            let best = candidates.first().expect("Ambiguous without a candidate");
            assert!(best.confidence >= thresholds.suggest);
        }
        Decision::NoMatch => {
            if let Some(best) = candidates.first() {
                assert!(best.confidence < thresholds.suggest);
            }
        }
    }
}

/// [`ask_and_check_with`] with `limit: 10` and no category, ids checked against `corpus`.
pub fn ask_and_check(engine: &Engine, corpus: &Corpus, question: &str) {
    ask_and_check_with(engine, |id| corpus.get(id).is_some(), question, 10, None);
}

/// Asks `question` with the default options, with `limit`/`category`, and with limit 1
/// (with and without the category), and checks every response: each satisfies
/// [`check_response`], and limit 1 gives the first candidate and the decision of the larger
/// limit.
pub fn ask_and_check_with(
    engine: &Engine,
    known_id: impl Fn(&str) -> bool,
    question: &str,
    limit: usize,
    category: Option<&str>,
) {
    let thresholds = engine.thresholds();
    let default = AskOptions::default();
    let response = engine.ask(question);
    check_response(&response, &default, &thresholds, &known_id);
    check_limit_one(engine, &known_id, question, &default, &response);
    let mut options = AskOptions::default().limit(limit).explain(true);
    options.category = category;
    let response = engine.ask_with(question, &options);
    check_response(&response, &options, &thresholds, &known_id);
    check_limit_one(engine, &known_id, question, &options, &response);
}

/// Fewer candidates must be a prefix of more, with the same decision.
fn check_limit_one(
    engine: &Engine,
    known_id: impl Fn(&str) -> bool,
    question: &str,
    options: &AskOptions<'_>,
    response: &Response<'_>,
) {
    if options.limit == 0 {
        return;
    }
    let one = options.limit(1);
    let short = engine.ask_with(question, &one);
    check_response(&short, &one, &engine.thresholds(), known_id);
    assert_eq!(short.query, response.query);
    assert_eq!(
        short.candidates[..],
        response.candidates[..response.candidates.len().min(1)],
        "limit 1 is not a prefix of limit {}",
        options.limit
    );
    if !skipped("limit-decision") {
        assert_eq!(
            short.decision, response.decision,
            "the decision depends on the limit (1 vs {}) for {question:?}",
            options.limit
        );
    }
}

/// Whether a check is turned off with `TOIAWASE_FUZZ_SKIP` (a comma-separated list of
/// check names), to keep fuzzing past a known, recorded failure:
///
/// - `limit-decision`: the decision must not depend on `AskOptions::limit`;
/// - `index-invariants`: a fuzzed index that opens must give responses that satisfy
///   [`check_response`] (with it skipped, the index targets only look for panics).
pub fn skipped(check: &str) -> bool {
    static SKIP: OnceLock<Vec<String>> = OnceLock::new();
    SKIP.get_or_init(|| {
        std::env::var("TOIAWASE_FUZZ_SKIP")
            .unwrap_or_default()
            .split(',')
            .map(|name| name.trim().to_string())
            .collect()
    })
    .iter()
    .any(|name| name == check)
}

/// Checks a loaded corpus: every entry has a non-empty trimmed id, at least one non-empty
/// question, a non-empty answer, and ids are unique.
pub fn check_corpus(corpus: &Corpus) {
    assert!(!corpus.is_empty(), "a loaded corpus has no entries");
    let mut ids = HashSet::new();
    for entry in corpus.entries() {
        assert!(!entry.id.trim().is_empty(), "empty id");
        assert_eq!(
            entry.id,
            entry.id.trim(),
            "id {:?} is not trimmed",
            entry.id
        );
        assert!(
            !entry.questions.is_empty(),
            "entry {:?} has no question",
            entry.id
        );
        assert!(
            entry.questions.iter().all(|q| !q.trim().is_empty()),
            "entry {:?} has an empty question",
            entry.id
        );
        assert!(
            !entry.answer.trim().is_empty(),
            "entry {:?} has an empty answer",
            entry.id
        );
        assert!(ids.insert(entry.id.as_str()), "duplicate id {:?}", entry.id);
        assert!(corpus.get(&entry.id).is_some());
    }
}

/// Largest corpus the corpus targets also compile and ask (compiling is slow).
pub const MAX_ENTRIES_TO_BUILD: usize = 20;

/// The shared body of the corpus targets: the first byte picks strict or lenient loading,
/// the rest is the file. A corpus that loads is checked and, if small, compiled and asked
/// its own first phrasing.
pub fn fuzz_corpus(data: &[u8], format: toiawase::Format, origin: &str) {
    keep_default_analyzer();
    let Some((&flags, file)) = data.split_first() else {
        return;
    };
    let options = LoadOptions {
        lenient: flags & 1 == 1,
    };
    let Ok(corpus) = Corpus::from_bytes(file, format, Path::new(origin), &options) else {
        return;
    };
    check_corpus(&corpus);
    if !options.lenient {
        assert!(corpus.skipped().is_empty(), "strict load skipped rows");
    }
    if corpus.len() > MAX_ENTRIES_TO_BUILD {
        return;
    }
    let engine = Engine::build(&corpus).expect("a valid corpus compiles");
    assert_eq!(engine.stats().entries, corpus.len());
    let first = &corpus.entries()[0];
    let question = &first.questions[0];
    ask_and_check(&engine, &corpus, question);
    for entry in corpus.entries() {
        assert_eq!(engine.entry(&entry.id).as_ref(), Some(entry));
    }
}

/// Recomputes the checksum of index bytes (header bytes 12..16 hold the little-endian
/// CRC-32 of every byte from offset 16), when there are at least 16 bytes.
pub fn reseal(bytes: &mut [u8]) {
    if bytes.len() >= 16 {
        let checksum = crc32fast::hash(&bytes[16..]);
        bytes[12..16].copy_from_slice(&checksum.to_le_bytes());
    }
}

/// Questions asked of every index that opens.
pub const INDEX_QUESTIONS: [&str; 3] = [
    "粗大ごみの出し方を教えてください",
    "じてんしゃ すてたい",
    "ｽｲﾊﾝｷは何ゴミ",
];

/// Opens `bytes` as an index; if it opens, asks it a few questions and checks the
/// responses. It must never panic, whatever the bytes.
pub fn fuzz_index_bytes(bytes: Vec<u8>) {
    keep_default_analyzer();
    let Ok(engine) = Engine::from_bytes(bytes, &toiawase::EngineOptions::default()) else {
        return;
    };
    let known = |id: &str| engine.entry(id).is_some();
    let categories: Vec<String> = engine.categories().iter().map(|c| c.to_string()).collect();
    let category = categories.first().map(String::as_str);
    for question in INDEX_QUESTIONS {
        if !skipped("index-invariants") {
            ask_and_check_with(&engine, known, question, 3, category);
        } else {
            let _ = engine.ask(question);
            let mut options = AskOptions::default().limit(3);
            options.category = category;
            let _ = engine.ask_with(question, &options);
        }
    }
    let stats = engine.stats();
    let _ = engine.search("住民票", 2);
    let _ = format!("{engine:?} {stats:?}");
}

/// Reads `data` as a query log as `toiawase report` does and checks the result:
///
/// - the reader never fails on bytes (only I/O fails) and stops at the end;
/// - malformed lines are counted, at most ten are named, with increasing line numbers not
///   past the last line;
/// - the report's counts add up: answered + ambiguous + unanswered ≤ questions (an answer
///   without a top id is not counted as answered), the groups of unanswered needs hold at
///   most the unanswered questions, every group at least one, with a label and at most
///   three examples of at most `EXAMPLE_CHARS` characters (plus `…`);
/// - masking a question leaves no ten ASCII digits in a row.
pub fn fuzz_query_log(data: &[u8]) {
    use toiawase::query_log::{LogReader, Masking};
    use toiawase::report::{EXAMPLE_CHARS, LogTally};

    let mut reader = LogReader::new(data, "fuzz.jsonl");
    let mut tally = LogTally::new();
    let mut records = 0;
    let masking = Masking::default();
    for record in reader.by_ref() {
        let record = record.expect("reading bytes in memory never fails");
        records += 1;
        let masked = masking.mask(&record.question);
        let mut run = 0;
        for c in masked.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            assert!(run < 10, "ten digits survive masking: {masked:?}");
        }
        tally.add(&record);
    }
    let lines = data.split(|&b| b == b'\n').count();
    let malformed = reader.malformed();
    assert!(malformed.first.len() <= 10 && malformed.first.len() <= malformed.count);
    assert!(
        malformed
            .first
            .windows(2)
            .all(|pair| pair[0].line < pair[1].line)
    );
    assert!(
        malformed
            .first
            .iter()
            .all(|m| m.line >= 1 && m.line <= lines)
    );
    assert!(records + malformed.count <= lines);

    let report = tally.summarize(sample_engine(), 5);
    assert_eq!(report.questions, records);
    assert!(report.answered + report.ambiguous + report.unanswered <= report.questions);
    let grouped: usize = report.unanswered_needs.iter().map(|need| need.count).sum();
    assert!(grouped <= report.unanswered);
    assert!(report.unanswered_needs.len() <= 5 && report.ambiguities.len() <= 5);
    for need in &report.unanswered_needs {
        assert!(need.count >= 1 && !need.label.is_empty());
        assert!(need.examples.len() <= 3);
        for example in &need.examples {
            assert!(example.chars().count() <= EXAMPLE_CHARS + 1, "{example:?}");
        }
    }
    let _ = malformed.to_string();
}

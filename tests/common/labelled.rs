//! The labelled question sets of `tests/data/quality/` and the corpora they are about.
//!
//! Each set has a tuning part (`tune.tsv`: thresholds and weights were tuned on it) and a
//! held-out part (`test.tsv`: no tuning ever looked at it); the vaccination FAQ's tuning
//! part was written last (stop 18) and nothing was tuned on it yet. The five 5374 item lists are real data read from `../shared/data/5374/`
//! (outside the repository): their sets are skipped, with a message, when it is absent.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use toiawase::evaluation::{LabelledQuery, Report, evaluate, parse_labelled_queries};
use toiawase::{Corpus, Engine, LoadOptions};

/// What kind of corpus a set is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The bundled sample FAQ.
    Sample,
    /// A FAQ of sentence questions on one domain, with long answers.
    SentenceFaq,
    /// A real city's garbage-sorting item list (5374 `target.csv`).
    ItemList,
}

/// One labelled set.
#[derive(Debug, Clone)]
pub struct LabelledSet {
    pub name: &'static str,
    pub kind: Kind,
    pub corpus: PathBuf,
}

/// The two parts of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Tune,
    Test,
}

impl Part {
    fn file(self) -> &'static str {
        match self {
            Part::Tune => "tune.tsv",
            Part::Test => "test.tsv",
        }
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the real 5374 lists, or `None` (with a message) when it is absent.
pub fn real_data_dir() -> Option<PathBuf> {
    let dir = manifest_dir().join("../shared/data/5374");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping the real 5374 lists: {} not found", dir.display());
        None
    }
}

/// The 5374 lists that have labelled questions.
pub const ITEM_LISTS: [&str; 5] = [
    "kanazawa-2016",
    "meguro-2015",
    "kamagaya-2020",
    "fukuroi-2016",
    "sakado-2016",
];

/// Every set whose corpus is available.
pub fn sets() -> Vec<LabelledSet> {
    let quality = manifest_dir().join("tests/data/quality");
    let mut sets = vec![
        LabelledSet {
            name: "sample",
            kind: Kind::Sample,
            corpus: manifest_dir().join("examples/municipal-faq.toml"),
        },
        LabelledSet {
            name: "kurashi",
            kind: Kind::SentenceFaq,
            corpus: quality.join("kurashi/corpus.toml"),
        },
        LabelledSet {
            name: "yobou-sesshu",
            kind: Kind::SentenceFaq,
            corpus: quality.join("yobou-sesshu/corpus.toml"),
        },
    ];
    if let Some(dir) = real_data_dir() {
        for name in ITEM_LISTS {
            sets.push(LabelledSet {
                name,
                kind: Kind::ItemList,
                corpus: dir.join(name).join("target.csv"),
            });
        }
    }
    sets
}

/// The questions of a part (`None` when the set has no such part).
pub fn queries(set: &LabelledSet, part: Part) -> Option<Vec<LabelledQuery>> {
    let path = manifest_dir()
        .join("tests/data/quality")
        .join(set.name)
        .join(part.file());
    let text = std::fs::read_to_string(&path).ok()?;
    Some(parse_labelled_queries(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display())))
}

/// The greetings, thanks and test messages (same for every corpus).
pub fn small_talk(part: Part) -> Vec<LabelledQuery> {
    let path = manifest_dir()
        .join("tests/data/quality/greetings")
        .join(part.file());
    parse_labelled_queries(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A set's corpus, in file order or reversed.
pub fn corpus(set: &LabelledSet, reversed: bool) -> Corpus {
    let options = LoadOptions { lenient: true };
    let corpus = Corpus::from_path_with(&set.corpus, &options)
        .unwrap_or_else(|err| panic!("{}: {err}", set.corpus.display()));
    if reversed {
        let mut entries = corpus.entries().to_vec();
        entries.reverse();
        Corpus::new(entries).unwrap()
    } else {
        corpus
    }
}

/// The engine of a set's corpus (built once per test binary, in each order).
pub fn engine(set: &LabelledSet, reversed: bool) -> &'static Engine {
    static ENGINES: OnceLock<Mutex<HashMap<(String, bool), &'static Engine>>> = OnceLock::new();
    let engines = ENGINES.get_or_init(Default::default);
    let key = (set.name.to_string(), reversed);
    if let Some(engine) = engines.lock().unwrap().get(&key) {
        return engine;
    }
    let engine: &'static Engine =
        Box::leak(Box::new(Engine::build(&corpus(set, reversed)).unwrap()));
    engines.lock().unwrap().insert(key, engine);
    engine
}

/// The evaluation of a set's part (`None` when the set has no such part).
pub fn report(set: &LabelledSet, part: Part, reversed: bool) -> Option<Report> {
    Some(evaluate(engine(set, reversed), &queries(set, part)?))
}

/// A report's failures, one per line, for assertion messages.
pub fn failures(report: &Report) -> String {
    report
        .failures
        .iter()
        .map(|f| {
            format!(
                "  [{}] {} (expected {}, got {:?}, {})\n",
                f.tier, f.query, f.expected, f.got, f.decision
            )
        })
        .collect()
}

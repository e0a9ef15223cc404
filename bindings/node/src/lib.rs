//! # toiawase for Node.js
//!
//! The native addon of the `toiawase` npm package (`bindings/node`): the Rust engine as a
//! `NativeEngine` class, which the JavaScript `Engine` of `index.js` wraps (`index.d.ts`
//! documents that API).
//!
//! - building and opening take a path or an array of entries, synchronously or on a libuv
//!   worker thread (the `…Async` variants return Promises and leave the event loop free);
//! - asking runs on the calling thread (tens of microseconds); its response crosses into
//!   JavaScript compactly (`response.rs`) and `index.js` makes it a plain object;
//! - errors become JavaScript `Error`s carrying `code`, `path`, `line`, `entry`, `field`
//!   (`errors.rs`).
#![deny(clippy::all)]

mod entries;
mod errors;
mod options;
mod response;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use napi::bindgen_prelude::{AsyncTask, Either, Float64ArraySlice, Unknown};
use napi::{Env, Result, Task};
use napi_derive::napi;
use serde_json::Value;
use toiawase::analysis::ResourceError;
use toiawase::corpus::SkippedRow;
use toiawase::query_log::JsonLinesLog;
use toiawase::{AskOptions, Corpus, EngineOptions, Entry, LoadOptions, Resources, Thresholds};

use crate::errors::Failure;
use crate::options::Options;

/// A compiled FAQ, ready to answer questions (wrapped by `Engine` in `index.js`).
#[napi(js_name = "NativeEngine")]
pub struct Engine {
    inner: Arc<toiawase::Engine>,
    log: Option<Arc<JsonLinesLog>>,
    skipped: Vec<SkippedRow>,
    /// Entry ids by position, and positions by id (responses name entries by position).
    ids: Vec<String>,
    positions: HashMap<String, u32>,
}

/// What building or opening needs, read from JavaScript on the calling thread.
struct Plan {
    source: Source,
    options: EngineOptions,
    log_path: Option<PathBuf>,
}

enum Source {
    Path { path: PathBuf, lenient: bool },
    Entries(Vec<Entry>),
    Index(PathBuf),
}

type Outcome<T> = std::result::Result<T, Failure>;

impl Plan {
    /// The plan for `source` with the options of one call (`allowed` are their names).
    fn read(
        mut source: Source,
        options: Option<Value>,
        allowed: &'static [&'static str],
        what: &'static str,
    ) -> Outcome<Plan> {
        let given = Options::read(options, what, allowed)?;
        let mut engine_options = EngineOptions::default();
        if let Some(thresholds) = given.thresholds(Thresholds::default())? {
            engine_options = engine_options.thresholds(thresholds);
        }
        if let Some(dir) = given.string("resourcesDir")? {
            // `Resources::from_dir` keeps the built-in text for each file a folder lacks; a
            // folder that is not there at all is a mistake, not a choice.
            if !std::path::Path::new(&dir).is_dir() {
                return Err(Failure::Resources(ResourceError::Io {
                    path: dir.into(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "the resources folder does not exist",
                    ),
                }));
            }
            let resources = Resources::from_dir(dir).map_err(Failure::Resources)?;
            engine_options = engine_options.resources(resources);
        }
        if let Source::Path { lenient, .. } = &mut source {
            *lenient = given.bool("lenient")?.unwrap_or(false);
        }
        Ok(Plan {
            source,
            options: engine_options,
            log_path: given.string("logPath")?.map(PathBuf::from),
        })
    }

    /// Builds or opens the engine (the slow part: on a worker thread for the async calls).
    fn run(self) -> Outcome<Engine> {
        let mut skipped = Vec::new();
        let engine = match self.source {
            Source::Path { path, lenient } => {
                let corpus = Corpus::from_path_with(&path, &LoadOptions { lenient })?;
                skipped = corpus.skipped().to_vec();
                toiawase::Engine::build_with(&corpus, &self.options)?
            }
            Source::Entries(entries) => {
                toiawase::Engine::build_with(&Corpus::new(entries)?, &self.options)?
            }
            Source::Index(path) => toiawase::Engine::open_with(&path, &self.options)?,
        };
        let (engine, log) = match self.log_path {
            Some(path) => {
                let log = Arc::new(
                    JsonLinesLog::open(&path).map_err(|source| Failure::Log { path, source })?,
                );
                (engine.with_query_log(log.clone()), Some(log))
            }
            None => (engine, None),
        };
        let ids: Vec<String> = engine.entry_ids().into_iter().map(str::to_string).collect();
        let positions = ids
            .iter()
            .enumerate()
            .map(|(position, id)| (id.clone(), position as u32))
            .collect();
        Ok(Engine {
            inner: Arc::new(engine),
            log,
            skipped,
            ids,
            positions,
        })
    }

    fn from_path(path: Unknown<'_>, options: Option<Value>, what: &'static str) -> Outcome<Plan> {
        let path = string_argument(path, what, "the path")?;
        let source = Source::Path {
            path: path.into(),
            lenient: false,
        };
        Plan::read(source, options, options::FROM_PATH, what)
    }

    fn from_entries(entries: Value, options: Option<Value>, what: &'static str) -> Outcome<Plan> {
        let source = Source::Entries(entries::from_js(entries)?);
        Plan::read(source, options, options::FROM_ENTRIES, what)
    }

    fn open(path: Unknown<'_>, options: Option<Value>, what: &'static str) -> Outcome<Plan> {
        let path = string_argument(path, what, "the path")?;
        Plan::read(Source::Index(path.into()), options, options::OPEN, what)
    }
}

/// A string argument, or a `TypeError` naming the call and the argument.
fn string_argument(value: Unknown<'_>, what: &str, name: &str) -> Outcome<String> {
    match value.get_type() {
        // Safe: the value is a string.
        Ok(napi::ValueType::String) => unsafe { value.cast::<String>() }
            .map_err(|err| Failure::Type(format!("{what}: {name}: {}", err.reason))),
        Ok(other) => Err(Failure::Type(format!(
            "{what}: {name} must be a string, not {}",
            type_name(other)
        ))),
        Err(err) => Err(Failure::Type(format!("{what}: {name}: {}", err.reason))),
    }
}

fn type_name(value_type: napi::ValueType) -> &'static str {
    use napi::ValueType::*;
    match value_type {
        Undefined => "undefined",
        Null => "null",
        Boolean => "a boolean",
        Number => "a number",
        String => "a string",
        Symbol => "a symbol",
        Object => "an object",
        Function => "a function",
        BigInt => "a bigint",
        _ => "another type",
    }
}

/// Builds or opens an engine on a libuv worker thread. An argument that was wrong
/// rejects the promise, as a failure to build does.
pub struct BuildTask(Option<Outcome<Plan>>);

impl Task for BuildTask {
    type Output = Outcome<Engine>;
    type JsValue = Engine;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match self.0.take() {
            Some(plan) => plan.and_then(Plan::run),
            None => Err(Failure::Type("the task already ran".into())),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Engine> {
        output.map_err(|failure| failure.into_napi(&env))
    }
}

/// Saves an index on a libuv worker thread.
pub struct SaveTask(Option<Outcome<(Arc<toiawase::Engine>, PathBuf)>>);

impl Task for SaveTask {
    type Output = Outcome<()>;
    type JsValue = ();

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match self.0.take() {
            Some(Ok((engine, path))) => engine.save(path).map_err(Failure::from),
            Some(Err(failure)) => Err(failure),
            None => Err(Failure::Type("the task already ran".into())),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<()> {
        output.map_err(|failure| failure.into_napi(&env))
    }
}

#[napi]
impl Engine {
    /// Reads a corpus file (TOML, JSON, CSV or a 5374 `target.csv`) and compiles it.
    #[napi(factory)]
    pub fn from_path(env: Env, path: Unknown<'_>, options: Option<Value>) -> Result<Engine> {
        Plan::from_path(path, options, "Engine.fromPath")
            .and_then(Plan::run)
            .map_err(|failure| failure.into_napi(&env))
    }

    /// As `fromPath`, on a worker thread: a Promise of the engine.
    #[napi(ts_return_type = "Promise<Engine>")]
    pub fn from_path_async(path: Unknown<'_>, options: Option<Value>) -> AsyncTask<BuildTask> {
        AsyncTask::new(BuildTask(Some(Plan::from_path(
            path,
            options,
            "Engine.fromPathAsync",
        ))))
    }

    /// Compiles entries given as objects `{ id, questions, answer, category?, title?,
    /// aliases?, keywords?, metadata? }`.
    #[napi(factory)]
    pub fn from_entries(env: Env, entries: Value, options: Option<Value>) -> Result<Engine> {
        Plan::from_entries(entries, options, "Engine.fromEntries")
            .and_then(Plan::run)
            .map_err(|failure| failure.into_napi(&env))
    }

    /// As `fromEntries`, on a worker thread.
    #[napi(ts_return_type = "Promise<Engine>")]
    pub fn from_entries_async(entries: Value, options: Option<Value>) -> AsyncTask<BuildTask> {
        AsyncTask::new(BuildTask(Some(Plan::from_entries(
            entries,
            options,
            "Engine.fromEntriesAsync",
        ))))
    }

    /// Opens an index file written by `save`.
    #[napi(factory)]
    pub fn open(env: Env, path: Unknown<'_>, options: Option<Value>) -> Result<Engine> {
        Plan::open(path, options, "Engine.open")
            .and_then(Plan::run)
            .map_err(|failure| failure.into_napi(&env))
    }

    /// As `open`, on a worker thread.
    #[napi(ts_return_type = "Promise<Engine>")]
    pub fn open_async(path: Unknown<'_>, options: Option<Value>) -> AsyncTask<BuildTask> {
        AsyncTask::new(BuildTask(Some(Plan::open(
            path,
            options,
            "Engine.openAsync",
        ))))
    }

    /// Writes the index to `path` atomically.
    #[napi]
    pub fn save(&self, env: Env, path: Unknown<'_>) -> Result<()> {
        string_argument(path, "engine.save", "the path")
            .and_then(|path| self.inner.save(path).map_err(Failure::from))
            .map_err(|failure| failure.into_napi(&env))
    }

    /// As `save`, on a worker thread.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn save_async(&self, path: Unknown<'_>) -> AsyncTask<SaveTask> {
        let path = string_argument(path, "engine.saveAsync", "the path");
        AsyncTask::new(SaveTask(Some(
            path.map(|path| (self.inner.clone(), path.into())),
        )))
    }

    /// Answers a question (the arguments checked by `index.js`): writes the response's
    /// numbers into `numbers` and returns its text (`response.rs`), with the candidates'
    /// explanations when `explain` is set (`[text, explanations]`).
    // The arguments of one JavaScript call, each a plain value: cheaper to pass than an object.
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn ask_into<'env>(
        &self,
        env: &'env Env,
        question: String,
        limit: u32,
        category: Option<String>,
        session: Option<String>,
        explain: bool,
        mut numbers: Float64ArraySlice<'_>,
    ) -> Result<Either<String, (String, napi::bindgen_prelude::Array<'env>)>> {
        // Safe: JavaScript waits for this call; nothing else touches the array meanwhile.
        let numbers = unsafe { numbers.as_mut() };
        if numbers.len() < response::HEADER {
            return Err(napi::Error::from_reason(
                "engine.ask: the numbers array is too short",
            ));
        }
        let room = numbers.len().saturating_sub(response::HEADER) / response::PER_CANDIDATE;
        let mut options = AskOptions::default()
            .limit((limit as usize).min(room))
            .explain(explain);
        if let Some(category) = &category {
            options = options.category(category);
        }
        if let Some(session) = &session {
            options = options.session(session);
        }
        let response = self.inner.ask_with(&question, &options);
        let text = response::write(&response, numbers, |id| self.positions.get(id).copied());
        if explain {
            Ok(Either::B((text, response::explanations(env, &response)?)))
        } else {
            Ok(Either::A(text))
        }
    }

    /// `[id, answer, category, title, metadata]` of the entry at `position` (what `index.js`
    /// caches), or `null`.
    #[napi]
    pub fn entry_at<'env>(
        &self,
        env: &'env Env,
        position: u32,
    ) -> Result<Option<napi::bindgen_prelude::Array<'env>>> {
        let Some(entry) = self
            .ids
            .get(position as usize)
            .and_then(|id| self.inner.entry(id))
        else {
            return Ok(None);
        };
        response::entry_at(env, &entry).map(Some)
    }

    /// Records which entry a resident picked from the menu offered for `question`.
    #[napi]
    pub fn record_choice(&self, question: String, chosen_id: String, session: Option<String>) {
        self.inner
            .record_choice(&question, &chosen_id, session.as_deref());
    }

    /// The entry with this id, as it was in the corpus, or `null`.
    #[napi]
    pub fn entry(&self, id: String) -> Option<Value> {
        self.inner.entry(&id).map(entries::to_js)
    }

    /// The entry ids, in corpus order.
    #[napi]
    pub fn entry_ids(&self) -> Vec<String> {
        self.ids.clone()
    }

    /// The distinct categories, sorted.
    #[napi]
    pub fn categories(&self) -> Vec<String> {
        self.inner
            .categories()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// `{ answer, margin, suggest, menu }`: the thresholds deciding answers.
    #[napi]
    pub fn thresholds(&self) -> Value {
        let thresholds = self.inner.thresholds();
        let round = response::rounded;
        serde_json::json!({
            "answer": round(thresholds.answer),
            "margin": round(thresholds.margin),
            "suggest": round(thresholds.suggest),
            "menu": round(thresholds.menu),
        })
    }

    /// `{ entries, phrasings, terms, readings }`.
    #[napi]
    pub fn stats(&self) -> Value {
        let stats = self.inner.stats();
        serde_json::json!({
            "entries": stats.entries,
            "phrasings": stats.phrasings,
            "terms": stats.terms,
            "readings": stats.readings,
        })
    }

    /// Rows a lenient `fromPath` skipped: `[{ line, reason }]`.
    #[napi]
    pub fn skipped(&self) -> Value {
        self.skipped
            .iter()
            .map(|row| serde_json::json!({ "line": row.line, "reason": row.reason }))
            .collect()
    }

    /// How many questions the query log could not write (`null` without a log).
    #[napi]
    pub fn log_failures(&self) -> Option<f64> {
        self.log.as_ref().map(|log| log.failures() as f64)
    }

    /// For the overhead benchmark: asks each question `repeat` times in Rust, as
    /// `engine.ask` does without crossing into JavaScript, and returns the mean
    /// nanoseconds per ask of each question.
    #[napi]
    pub fn time_asks(&self, questions: Vec<String>, repeat: u32) -> Vec<f64> {
        let repeat = repeat.max(1);
        questions
            .iter()
            .map(|question| {
                let start = Instant::now();
                for _ in 0..repeat {
                    std::hint::black_box(self.inner.ask(std::hint::black_box(question)));
                }
                start.elapsed().as_nanos() as f64 / f64::from(repeat)
            })
            .collect()
    }
}

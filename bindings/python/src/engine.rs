//! `toiawase.Engine`: a compiled FAQ, built from a corpus file or from dicts, or opened
//! from an index file; asked from any number of threads.
//!
//! Building, opening, saving and asking run with the GIL released (`Python::detach`): the
//! threads of a web server ask in parallel, and a reload built in the background does not
//! stall the requests being answered.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use toiawase::query_log::JsonLinesLog;
use toiawase::{AskOptions, Corpus, EngineOptions, LoadOptions};

use crate::corpus::{entries_from_python, entry_to_python};
use crate::errors::Failure;
use crate::query_log::{Hook, LogSettings};
use crate::response::{Response, Thresholds};

/// A compiled FAQ, ready to answer residents' questions.
///
/// Build it once (``Engine.from_path``, ``Engine.from_entries``) or open a saved index
/// (``Engine.open``), and share it between threads: asking releases the GIL. To reload
/// the FAQ while serving, build a new engine and swap the reference; questions in flight
/// finish on the old one.
#[pyclass(frozen, module = "toiawase")]
pub struct Engine {
    pub(crate) inner: toiawase::Engine,
    /// The entries' categories, sorted: `ask(category=…)` must name one of them.
    categories: Vec<String>,
    /// Rows a lenient load skipped: (line, reason).
    skipped: Vec<(usize, String)>,
    file_log: Option<Arc<JsonLinesLog>>,
    hook: Option<Hook>,
}

/// Thresholds given as keyword arguments, over `base`.
fn thresholds(
    base: toiawase::Thresholds,
    answer: Option<f64>,
    margin: Option<f64>,
    suggest: Option<f64>,
    menu: Option<f64>,
) -> PyResult<Option<toiawase::Thresholds>> {
    if [answer, margin, suggest, menu].iter().all(Option::is_none) {
        return Ok(None);
    }
    let check = |name: &str, value: Option<f64>| -> PyResult<Option<f32>> {
        match value {
            Some(value) if !(0.0..=1.0).contains(&value) => Err(PyValueError::new_err(format!(
                "{name} must be between 0 and 1, not {value}"
            ))),
            other => Ok(other.map(|value| value as f32)),
        }
    };
    let mut thresholds = base;
    if let Some(answer) = check("answer", answer)? {
        thresholds = thresholds.with_answer(answer);
    }
    if let Some(margin) = check("margin", margin)? {
        thresholds = thresholds.with_margin(margin);
    }
    if let Some(suggest) = check("suggest", suggest)? {
        thresholds = thresholds.with_suggest(suggest);
    }
    if let Some(menu) = check("menu", menu)? {
        thresholds = thresholds.with_menu(menu);
    }
    Ok(Some(thresholds))
}

impl Engine {
    /// Wraps a built or opened engine with its query log.
    fn assemble(
        engine: toiawase::Engine,
        log: LogSettings,
        file_log: Option<Arc<JsonLinesLog>>,
        skipped: Vec<(usize, String)>,
    ) -> Engine {
        let engine = match log.recorder(file_log.clone()) {
            Some(recorder) => engine.with_query_log(recorder),
            None => engine,
        };
        Engine {
            categories: engine.categories().into_iter().map(String::from).collect(),
            inner: engine,
            skipped,
            file_log,
            hook: log.hook.map(Hook::new),
        }
    }

    /// Builds an engine from a corpus, without the GIL.
    fn build(
        py: Python<'_>,
        corpus: impl FnOnce() -> Result<Corpus, Failure> + Send,
        thresholds: Option<toiawase::Thresholds>,
        log: LogSettings,
    ) -> PyResult<Engine> {
        let log_ref = &log;
        let (engine, file_log, skipped) = py.detach(move || -> Result<_, Failure> {
            let file_log = log_ref.open_file()?;
            let corpus = corpus()?;
            let mut options = EngineOptions::default();
            if let Some(thresholds) = thresholds {
                options = options.thresholds(thresholds);
            }
            let engine = toiawase::Engine::build_with(&corpus, &options)?;
            let skipped = corpus
                .skipped()
                .iter()
                .map(|row| (row.line, row.reason.clone()))
                .collect();
            Ok((engine, file_log, skipped))
        })?;
        Ok(Engine::assemble(engine, log, file_log, skipped))
    }
}

#[pymethods]
impl Engine {
    /// Reads a corpus file (TOML, JSON, CSV or a 5374 ``target.csv``, chosen by its
    /// extension and header) and compiles it.
    ///
    /// ``lenient=True`` skips malformed CSV rows instead of failing (see ``skipped``).
    /// ``answer``, ``margin``, ``suggest`` and ``menu`` override the default thresholds.
    /// ``log`` is a callable receiving each query-log record as a dict; ``log_path`` a
    /// JSON Lines file to append them to (created owner-only). Questions are logged as
    /// analysed, with personal data masked unless ``log_masking=False``;
    /// ``log_mask_shapes`` adds shapes to mask, as ``(shape, placeholder)`` pairs where
    /// ``#`` stands for a digit.
    ///
    /// Raises ``CorpusError`` naming the file, line or entry, and field.
    #[staticmethod]
    #[pyo3(signature = (
        path, *, lenient = false, answer = None, margin = None, suggest = None, menu = None,
        log = None, log_path = None, log_masking = true, log_mask_shapes = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_path(
        py: Python<'_>,
        path: PathBuf,
        lenient: bool,
        answer: Option<f64>,
        margin: Option<f64>,
        suggest: Option<f64>,
        menu: Option<f64>,
        log: Option<Py<PyAny>>,
        log_path: Option<PathBuf>,
        log_masking: bool,
        log_mask_shapes: Option<Vec<(String, String)>>,
    ) -> PyResult<Engine> {
        let thresholds = thresholds(
            toiawase::Thresholds::default(),
            answer,
            margin,
            suggest,
            menu,
        )?;
        let log = log_settings(py, log, log_path, log_masking, log_mask_shapes)?;
        Engine::build(
            py,
            move || Ok(Corpus::from_path_with(&path, &LoadOptions { lenient })?),
            thresholds,
            log,
        )
    }

    /// Compiles entries given as dicts with the fields of a TOML or JSON corpus entry:
    /// ``id``, ``questions`` (a list of phrasings, or one string) and ``answer``, and
    /// optionally ``category``, ``title``, ``aliases``, ``keywords`` and ``metadata`` (a
    /// dict of JSON-like values). Other keyword arguments as for ``from_path``.
    ///
    /// Raises ``CorpusError`` naming the entry (``"sodai" (entry #3)``, counting from 1)
    /// and the field: a missing or unknown field, a value of the wrong type, a duplicate
    /// id, an empty question or answer.
    #[staticmethod]
    #[pyo3(signature = (
        entries, *, answer = None, margin = None, suggest = None, menu = None,
        log = None, log_path = None, log_masking = true, log_mask_shapes = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_entries(
        py: Python<'_>,
        entries: &Bound<'_, PyAny>,
        answer: Option<f64>,
        margin: Option<f64>,
        suggest: Option<f64>,
        menu: Option<f64>,
        log: Option<Py<PyAny>>,
        log_path: Option<PathBuf>,
        log_masking: bool,
        log_mask_shapes: Option<Vec<(String, String)>>,
    ) -> PyResult<Engine> {
        let thresholds = thresholds(
            toiawase::Thresholds::default(),
            answer,
            margin,
            suggest,
            menu,
        )?;
        let log = log_settings(py, log, log_path, log_masking, log_mask_shapes)?;
        let entries = entries_from_python(entries)?;
        Engine::build(py, move || Ok(Corpus::new(entries)?), thresholds, log)
    }

    /// Opens an index file written by ``save``, with the thresholds stored in it unless
    /// ``answer``, ``margin``, ``suggest`` or ``menu`` override them. Logging as for
    /// ``from_path``.
    ///
    /// Raises ``IndexFileError`` (``kind``: ``"io"``, ``"bad_magic"``,
    /// ``"unsupported_version"``, ``"truncated"``, ``"checksum"``, ``"malformed"``,
    /// ``"dictionary_mismatch"``) or ``ResourceError``.
    #[staticmethod]
    #[pyo3(signature = (
        path, *, answer = None, margin = None, suggest = None, menu = None,
        log = None, log_path = None, log_masking = true, log_mask_shapes = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        answer: Option<f64>,
        margin: Option<f64>,
        suggest: Option<f64>,
        menu: Option<f64>,
        log: Option<Py<PyAny>>,
        log_path: Option<PathBuf>,
        log_masking: bool,
        log_mask_shapes: Option<Vec<(String, String)>>,
    ) -> PyResult<Engine> {
        // Checked before the file is read, against the defaults' ranges.
        thresholds(
            toiawase::Thresholds::default(),
            answer,
            margin,
            suggest,
            menu,
        )?;
        let log = log_settings(py, log, log_path, log_masking, log_mask_shapes)?;
        let log_ref = &log;
        let (engine, file_log) = py.detach(move || -> Result<_, Failure> {
            let file_log = log_ref.open_file()?;
            let engine = toiawase::Engine::open(&path)?;
            let stored = engine.thresholds();
            let engine = match thresholds(stored, answer, margin, suggest, menu) {
                Ok(Some(thresholds)) => engine.with_thresholds(thresholds),
                _ => engine,
            };
            Ok((engine, file_log))
        })?;
        Ok(Engine::assemble(engine, log, file_log, Vec::new()))
    }

    /// Writes the index to ``path`` atomically (a temporary file renamed into place), with
    /// the thresholds this engine decides with. ``Engine.open`` reads it back.
    ///
    /// Raises ``IndexFileError`` (``kind="io"``) when it cannot be written.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.save(&path).map_err(Failure::from))?;
        Ok(())
    }

    /// Answers a question.
    ///
    /// ``limit`` candidates at most (the decision does not depend on it); ``category``
    /// considers only entries of that category (one of ``categories()``); ``explain``
    /// gives each candidate an ``Explanation``; ``session`` is an opaque user or
    /// conversation id for the query log (hash it first if it identifies a person).
    ///
    /// Never raises for what a resident types: empty, huge or garbled questions get
    /// ``"no_match"``.
    #[pyo3(signature = (question, *, limit = 5, category = None, explain = false, session = None))]
    fn ask(
        &self,
        py: Python<'_>,
        question: String,
        limit: usize,
        category: Option<String>,
        explain: bool,
        session: Option<String>,
    ) -> PyResult<Response> {
        let mut options = AskOptions::default().limit(limit).explain(explain);
        if let Some(category) = category.as_deref() {
            if self
                .categories
                .binary_search_by(|c| c.as_str().cmp(category))
                .is_err()
            {
                return Err(PyValueError::new_err(format!(
                    "unknown category {category:?} (the categories are: {})",
                    self.categories.join(", ")
                )));
            }
            options = options.category(category);
        }
        if let Some(session) = session.as_deref() {
            options = options.session(session);
        }
        let response = py.detach(|| self.inner.ask_with(&question, &options).into_owned());
        if let Some(hook) = &self.hook {
            hook.deliver(py);
        }
        Response::new(py, response)
    }

    /// Records which entry a resident picked from a もしかして menu offered for
    /// ``question`` (in the query log, if any): the best signal for telling apart
    /// entries that compete.
    #[pyo3(signature = (question, chosen_id, session = None))]
    fn record_choice(
        &self,
        py: Python<'_>,
        question: String,
        chosen_id: String,
        session: Option<String>,
    ) {
        if self.file_log.is_none() && self.hook.is_none() {
            return;
        }
        py.detach(|| {
            self.inner
                .record_choice(&question, &chosen_id, session.as_deref())
        });
        if let Some(hook) = &self.hook {
            hook.deliver(py);
        }
    }

    /// The entry with this id as a dict (the fields ``from_entries`` reads, with None or
    /// empty values for what the corpus leaves out), or None.
    fn entry<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        match self.inner.entry(id) {
            Some(entry) => Ok(Some(entry_to_python(py, &entry)?)),
            None => Ok(None),
        }
    }

    /// The entry ids, in corpus order.
    fn entry_ids(&self) -> Vec<&str> {
        self.inner.entry_ids()
    }

    /// The distinct categories of the entries, sorted.
    fn categories(&self) -> Vec<String> {
        self.categories.clone()
    }

    /// The thresholds this engine decides with.
    #[getter]
    fn thresholds(&self) -> Thresholds {
        Thresholds {
            inner: self.inner.thresholds(),
        }
    }

    /// Counts: ``entries``, ``phrasings``, ``terms``, ``readings``.
    #[getter]
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let stats = self.inner.stats();
        let dict = PyDict::new(py);
        dict.set_item("entries", stats.entries)?;
        dict.set_item("phrasings", stats.phrasings)?;
        dict.set_item("terms", stats.terms)?;
        dict.set_item("readings", stats.readings)?;
        Ok(dict)
    }

    /// Rows a lenient load skipped, as ``(line, reason)`` pairs (empty otherwise).
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self
            .skipped
            .iter()
            .map(|(line, reason)| {
                PyTuple::new(
                    py,
                    [
                        line.into_pyobject(py)?.into_any(),
                        reason.into_pyobject(py)?.into_any(),
                    ],
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, rows)
    }

    /// How many records could not be logged: writes to ``log_path`` that failed, and
    /// calls of ``log`` that raised (each reported through ``sys.unraisablehook``).
    #[getter]
    fn log_failures(&self) -> u64 {
        self.file_log.as_ref().map_or(0, |log| log.failures())
            + self.hook.as_ref().map_or(0, Hook::failures)
    }

    fn __len__(&self) -> usize {
        self.inner.stats().entries
    }

    fn __repr__(&self) -> String {
        let stats = self.inner.stats();
        format!(
            "<toiawase.Engine: {} entries, {} phrasings, {} terms>",
            stats.entries, stats.phrasings, stats.terms
        )
    }
}

fn log_settings(
    py: Python<'_>,
    hook: Option<Py<PyAny>>,
    path: Option<PathBuf>,
    masked: bool,
    shapes: Option<Vec<(String, String)>>,
) -> PyResult<LogSettings> {
    if let Some(hook) = &hook
        && !hook.bind(py).is_callable()
    {
        return Err(PyTypeError::new_err(
            "log must be a callable taking one record (a dict)",
        ));
    }
    Ok(LogSettings::new(
        hook,
        path,
        masked,
        shapes.unwrap_or_default(),
    ))
}

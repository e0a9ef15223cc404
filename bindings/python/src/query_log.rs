//! The query log from Python: the crate's JSON Lines log (`log_path=`: masked, owner-only,
//! whole lines), a Python callable receiving each record as a dict (`log=`), or both.
//!
//! The engine records questions while it answers, on the asking thread, with the GIL
//! released. The file is written there and then. Records for the Python callable are
//! kept on that thread and handed to the callable once the answer is ready and the GIL
//! is held again, so that a hook costs no second trip through the GIL.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use toiawase::Response;
use toiawase::query_log::{Choice, JsonLinesLog, LogRecord, Masking, QueryLog};

use crate::errors::Failure;
use crate::response::shortest;

thread_local! {
    /// Records made for the Python callable by the engine on this thread, not yet handed
    /// over.
    static PENDING: RefCell<Vec<LogRecord>> = const { RefCell::new(Vec::new()) };
}

/// How an engine's questions are to be logged (the keyword arguments of its constructors).
pub struct LogSettings {
    pub hook: Option<Py<PyAny>>,
    pub path: Option<PathBuf>,
    pub masking: Masking,
}

impl LogSettings {
    pub fn new(
        hook: Option<Py<PyAny>>,
        path: Option<PathBuf>,
        masked: bool,
        shapes: Vec<(String, String)>,
    ) -> LogSettings {
        let mut masking = if masked {
            Masking::default()
        } else {
            Masking::off()
        };
        for (shape, placeholder) in &shapes {
            masking = masking.with_shape(shape, placeholder);
        }
        LogSettings {
            hook,
            path,
            masking,
        }
    }

    /// Opens the file log, if one is asked for (call without the GIL: opening a file may
    /// block).
    pub fn open_file(&self) -> Result<Option<Arc<JsonLinesLog>>, Failure> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let log = JsonLinesLog::open(path).map_err(|source| Failure::QueryLog {
            path: path.clone(),
            source,
        })?;
        Ok(Some(Arc::new(log.with_masking(self.masking.clone()))))
    }

    /// What the engine records into: the file log and the hook's queue.
    pub fn recorder(&self, file: Option<Arc<JsonLinesLog>>) -> Option<Arc<dyn QueryLog>> {
        if file.is_none() && self.hook.is_none() {
            return None;
        }
        Some(Arc::new(Recorder {
            file,
            hook_masking: self.hook.is_some().then(|| self.masking.clone()),
        }))
    }
}

/// The engine's [`QueryLog`]: writes the file log and queues records for the callable.
struct Recorder {
    file: Option<Arc<JsonLinesLog>>,
    /// Present when a Python callable takes the records.
    hook_masking: Option<Masking>,
}

impl QueryLog for Recorder {
    fn record(&self, question: &str, response: &Response<'_>, session: Option<&str>) {
        if let Some(file) = &self.file {
            file.record(question, response, session);
        }
        if let Some(masking) = &self.hook_masking {
            let mut record = LogRecord::masked_with(question, response, masking);
            record.session = session.map(str::to_string);
            PENDING.with(|pending| pending.borrow_mut().push(record));
        }
    }

    fn record_choice(&self, choice: &Choice<'_>) {
        if let Some(file) = &self.file {
            file.record_choice(choice);
        }
        if let Some(masking) = &self.hook_masking {
            let record = LogRecord::choice(choice, masking);
            PENDING.with(|pending| pending.borrow_mut().push(record));
        }
    }
}

/// The Python callable receiving records, and how often it raised.
pub struct Hook {
    callable: Py<PyAny>,
    failures: AtomicU64,
}

impl Hook {
    pub fn new(callable: Py<PyAny>) -> Hook {
        Hook {
            callable,
            failures: AtomicU64::new(0),
        }
    }

    /// Hands the records the engine made on this thread to the callable. An exception it
    /// raises does not reach the caller of `ask` (logging must not cost a resident the
    /// answer): it is reported through `sys.unraisablehook`, as Python reports errors in
    /// callbacks it cannot propagate, and counted.
    pub fn deliver(&self, py: Python<'_>) {
        let records = PENDING.with(|pending| std::mem::take(&mut *pending.borrow_mut()));
        for record in records {
            let result = record_to_python(py, &record)
                .and_then(|record| self.callable.call1(py, (record,)).map(drop));
            if let Err(err) = result {
                self.failures.fetch_add(1, Ordering::Relaxed);
                err.write_unraisable(py, Some(self.callable.bind(py)));
            }
        }
    }

    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }
}

/// A record as a dict with the fields of a JSON Lines record; absent values are None.
fn record_to_python<'py>(py: Python<'py>, record: &LogRecord) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("time_ms", record.time_ms)?;
    dict.set_item("question", &record.question)?;
    dict.set_item("decision", crate::response::decision_name(record.decision))?;
    dict.set_item("top", record.top.as_deref())?;
    dict.set_item("confidence", shortest(record.confidence))?;
    let candidates = PyList::empty(py);
    for candidate in &record.candidates {
        let item = PyDict::new(py);
        item.set_item("id", &candidate.id)?;
        item.set_item("confidence", shortest(candidate.confidence))?;
        candidates.append(item)?;
    }
    dict.set_item("candidates", candidates)?;
    dict.set_item("small_talk", record.small_talk.map(|kind| kind.to_string()))?;
    dict.set_item("session", record.session.as_deref())?;
    dict.set_item("chosen", record.chosen.as_deref())?;
    Ok(dict)
}

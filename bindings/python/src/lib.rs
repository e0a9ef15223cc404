//! The Python package of toiawase: `import toiawase` gives `Engine`, `Response`, `Match`,
//! `Explanation`, `TermMatch`, `Thresholds` and the `toiawase.Error` exceptions.
//!
//! This crate is the native module `toiawase._native`; the package around it
//! (`python/toiawase/`) re-exports it and defines the exceptions, and its type stubs
//! describe it. Each Rust type of the crate's public API has one Python class here:
//!
//! - `engine.rs` — `Engine`: building, opening, saving, asking, recording picks;
//! - `response.rs` — `Response`, `Match`, `Explanation`, `TermMatch`, `Thresholds`;
//! - `corpus.rs` — entries and metadata between dicts and Rust;
//! - `query_log.rs` — the JSON Lines log and the Python callable receiving records;
//! - `errors.rs` — Rust errors as `toiawase.Error` subclasses with their attributes;
//! - `timing.rs` — a loop timing `ask` in Rust, for the overhead benchmark.

mod corpus;
mod engine;
mod errors;
mod query_log;
mod response;
mod timing;

use pyo3::prelude::*;

/// The native part of the `toiawase` package (import `toiawase`, not this).
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<engine::Engine>()?;
    module.add_class::<response::Response>()?;
    module.add_class::<response::Match>()?;
    module.add_class::<response::Explanation>()?;
    module.add_class::<response::TermMatch>()?;
    module.add_class::<response::Thresholds>()?;
    module.add_function(wrap_pyfunction!(timing::_time_asks, module)?)?;
    module.add("MAX_QUERY_CHARS", toiawase::MAX_QUERY_CHARS)?;
    module.add("FORMAT_VERSION", toiawase::FORMAT_VERSION)?;
    Ok(())
}

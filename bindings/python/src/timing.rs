//! Timing `ask` inside Rust, for `bench/ask_overhead.py`: the same questions, the same
//! engine, the same process as the Python side, so that the two measures differ only by
//! what the binding adds.

use std::time::Instant;

use pyo3::prelude::*;

use crate::engine::Engine;

/// Asks each question ``rounds`` times in Rust (GIL released) and returns the time of
/// each ask in nanoseconds, response dropped included. Not part of the API: it exists for
/// the overhead benchmark.
#[pyfunction]
pub fn _time_asks(
    py: Python<'_>,
    engine: &Engine,
    questions: Vec<String>,
    rounds: usize,
) -> Vec<u64> {
    py.detach(|| {
        let mut times = Vec::with_capacity(questions.len() * rounds);
        for _ in 0..rounds {
            for question in &questions {
                let start = Instant::now();
                let response = engine.inner.ask(question);
                std::hint::black_box(&response);
                drop(response);
                times.push(start.elapsed().as_nanos() as u64);
            }
        }
        times
    })
}

//! Fixtures shared by the integration tests.
#![allow(dead_code)] // each test file uses some of them

pub mod labelled;

use std::sync::OnceLock;

use toiawase::{Corpus, Engine};

/// The bundled sample corpus.
pub const SAMPLE_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/municipal-faq.toml");

/// The engine of the sample corpus, built once per test binary.
pub fn sample_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::build(&Corpus::from_path(SAMPLE_CORPUS).unwrap()).unwrap())
}

/// The sample engine (built anew, so that a query log can be attached to it).
pub fn fresh_sample_engine() -> Engine {
    Engine::build(&Corpus::from_path(SAMPLE_CORPUS).unwrap()).unwrap()
}

/// Permission bits of a file (Unix).
#[cfg(unix)]
pub fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

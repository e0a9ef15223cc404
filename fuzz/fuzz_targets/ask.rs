//! Arbitrary bytes, read as (lossy) UTF-8, asked of an engine over the sample corpus, with
//! the default options and with `limit: 10, category: Some("施設")`. Checks the response
//! invariants (see `toiawase_fuzz::check_response`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use toiawase_fuzz::{SAMPLE_CATEGORY, ask_and_check_with, sample_corpus, sample_engine};

fuzz_target!(|data: &[u8]| {
    let question = String::from_utf8_lossy(data);
    let corpus = sample_corpus();
    ask_and_check_with(
        sample_engine(),
        |id| corpus.get(id).is_some(),
        &question,
        10,
        Some(SAMPLE_CATEGORY),
    );
});

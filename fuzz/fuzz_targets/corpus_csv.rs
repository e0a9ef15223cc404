//! Arbitrary bytes loaded as a Csv corpus: the first byte's low bit chooses lenient
//! loading, the rest is the file. A corpus that loads is checked (trimmed non-empty ids,
//! questions and answers, unique ids) and, when small, compiled and asked its own first
//! phrasing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use toiawase::Format;

fuzz_target!(|data: &[u8]| {
    toiawase_fuzz::fuzz_corpus(data, Format::Csv, "fuzz.csv");
});

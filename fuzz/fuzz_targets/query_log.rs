//! Any bytes, read as a query log the way `toiawase report` reads one: record by record
//! with `LogReader` (malformed lines skipped and noted), tallied, and summarised with the
//! sample engine. Checks that nothing panics and that the counts add up (see
//! `toiawase_fuzz::check_log_report`); also masks every question read and checks that no
//! ten digits in a row survive.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    toiawase_fuzz::fuzz_query_log(data);
});

//! Arbitrary bytes opened as an index file. Opening must fail cleanly or give an engine
//! that answers without panicking. Random bytes rarely pass the checksum: see
//! `open_index_resealed` for the structure behind it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use toiawase_fuzz::fuzz_index_bytes;

fuzz_target!(|data: &[u8]| {
    fuzz_index_bytes(data.to_vec());
});

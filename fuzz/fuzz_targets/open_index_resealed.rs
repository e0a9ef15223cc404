//! Arbitrary bytes opened as an index file after recomputing their checksum (header bytes
//! 12..16 = CRC-32 of bytes 16..), so that mutations reach the validation behind the
//! checksum: postcard decoding, fst parsing, reference checks, and the resources the
//! analyzer is rebuilt from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use toiawase_fuzz::{fuzz_index_bytes, reseal};

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    reseal(&mut bytes);
    fuzz_index_bytes(bytes);
});

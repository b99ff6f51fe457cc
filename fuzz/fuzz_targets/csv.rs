//! The CSV decoder (preambles, repeated headers, ragged rows).
#![no_main]

use exposure::decode::{self, Decoder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode::feed(&mut &data[..], &Decoder::Csv, false, &mut |_| Ok(()));
});

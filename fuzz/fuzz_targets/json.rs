//! The streaming JSON decoder with each selection, mojibake repair on and off.
#![no_main]

use exposure::decode::json::Select;
use exposure::decode::{self, Decoder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let select = match choice % 4 {
        0 => Select::Default,
        1 => Select::Leaves,
        2 => Select::Records,
        _ => Select::path("/messages/*"),
    };
    let decoder = Decoder::Json { select, js_prefix: false };
    let _ = decode::feed(&mut &rest[..], &decoder, choice & 0x80 != 0, &mut |_| Ok(()));
});

//! JSON behind a JavaScript assignment (`window.YTD.tweets.part0 = [...]`, X archives).
#![no_main]

use exposure::decode::json::Select;
use exposure::decode::{self, Decoder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoder = Decoder::Json {
        select: Select::Records,
        js_prefix: true,
    };
    let _ = decode::feed(&mut &data[..], &decoder, false, &mut |_| Ok(()));
});

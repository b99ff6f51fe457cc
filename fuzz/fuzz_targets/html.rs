//! The HTML decoders: a whole document, and a page streamed block by block.
#![no_main]

use exposure::decode::{self, Decoder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode::feed(&mut &data[..], &Decoder::Html, false, &mut |_| Ok(()));
    let blocks = Decoder::HtmlBlocks {
        class: "outer-cell".to_string(),
    };
    let _ = decode::feed(&mut &data[..], &blocks, false, &mut |_| Ok(()));
});

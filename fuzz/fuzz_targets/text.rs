//! Free text: chunking (plain and HTML), then every detector of the generic scanner and the
//! sensitive-term lexicon.
#![no_main]

use exposure::classify::lexicon;
use exposure::decode::text;
use exposure::scan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for html in [false, true] {
        let _ = text::for_each_chunk(&mut &data[..], html, &mut |chunk| {
            let mut found = Vec::new();
            scan::scan_text(chunk, &mut found);
            scan::scan_value("phone_number", chunk, &mut found);
            let _ = lexicon::match_text(chunk);
            let _ = lexicon::match_label(chunk);
            let _ = lexicon::match_place(chunk);
        });
    }
});

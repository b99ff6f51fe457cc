//! Free text: chunking (plain and HTML; the same chunks whether buffers are given back to read
//! into again or not, with chunks as short as one byte), then every detector of the generic
//! scanner and the sensitive-term lexicon on free text (its quick test and its walked hits
//! checked against the automaton run over the text's built form, its hits line by line against
//! each line alone); the label and place matchers on the first 300 bytes (labels are short: a
//! long input there only slows the run down).
#![no_main]

use exposure::classify::lexicon;
use exposure::decode::text;
use exposure::scan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for html in [false, true] {
        // Buffers given back are read into again: the same chunks, whatever they held.
        let chunk_bytes = usize::from(data.first().copied().unwrap_or(0)) + 1;
        assert!(text::chunks_agree_when_buffers_come_back(
            data,
            html,
            chunk_bytes
        ));
        let _ = text::for_each_chunk(&mut &data[..], html, &mut |chunk: Vec<u8>| {
            let chunk = &*text::lossy(&chunk);
            let mut found = Vec::new();
            scan::scan_text(chunk, &mut found);
            scan::scan_value("phone_number", chunk, &mut found);
            let _ = lexicon::match_text(chunk);
            assert!(lexicon::walks_agree_with_form(chunk));
            // A text file's lines, found by one walk, hit as each line alone does.
            let each: Vec<_> = chunk.split('\n').flat_map(lexicon::match_text).collect();
            assert!(lexicon::match_lines(chunk) == each);
            let mut end = chunk.len().min(300);
            while !chunk.is_char_boundary(end) {
                end -= 1;
            }
            let _ = lexicon::match_label(&chunk[..end]);
            let _ = lexicon::match_place(&chunk[..end]);
        });
    }
});

//! Bounded text reading: chunks for the generic scanner (each ends at a line break, so no
//! line-bound value is cut), lines for parsers (a line longer than [`MAX_LINE_BYTES`] is cut into
//! pieces), decoded lossily (invalid UTF-8 never stops a scan), with HTML markup reduced to its
//! text in time linear in its length.

use std::io::{BufRead, BufReader, Read};

use super::Stats;
use crate::error::AuditError;

/// Longest line handed to a parser at once.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Call `f` with each line (1-based number), without its line break.
pub fn for_each_line(
    reader: &mut dyn Read,
    f: &mut dyn FnMut(&str, u64) -> Result<(), AuditError>,
) -> Result<Stats, AuditError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let mut stats = Stats::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64)
            .read_until(b'\n', &mut line)
            .map_err(|e| AuditError::from_io(&e))?;
        if n == 0 {
            break;
        }
        number += 1;
        let mut bytes = line.as_slice();
        if number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes = &bytes[3..];
        }
        while let Some((b'\n' | b'\r', rest)) = bytes.split_last() {
            bytes = rest;
        }
        let text = lossy(bytes);
        if !text.trim().is_empty() {
            stats.items += 1;
        }
        f(&text, number)?;
    }
    Ok(stats)
}

/// Chunks are at most this long, plus the rest of the line being cut (itself bounded by 2x).
pub const CHUNK_BYTES: usize = 1 << 20;

/// Where the chunks of a text go (see [`for_each_chunk`]), and where the buffers to read the
/// next ones into come from: a buffer given back is read into again without being zeroed or
/// faulted in anew, which a fresh one of a megabyte costs at each chunk.
pub trait ChunkSink {
    /// The next chunk of the text, its own bytes.
    fn chunk(&mut self, bytes: Vec<u8>);

    /// A buffer done with (any content), if there is one.
    fn spare(&mut self) -> Option<Vec<u8>> {
        None
    }
}

/// A closure takes the chunks and gives no buffer back.
impl<F: FnMut(Vec<u8>)> ChunkSink for F {
    fn chunk(&mut self, bytes: Vec<u8>) {
        self(bytes)
    }
}

/// Hand `sink` successive text chunks of the reader, each its own bytes: read into once and
/// handed over, never copied (a text file can be gigabytes). The bytes are UTF-8 but where the
/// input was not: read them with [`lossy`] (which borrows valid text), on whichever thread
/// scans them.
pub fn for_each_chunk(
    reader: &mut dyn Read,
    html: bool,
    sink: &mut dyn ChunkSink,
) -> Result<(), AuditError> {
    chunks_of(reader, html, sink, CHUNK_BYTES)
}

/// [`for_each_chunk`] with chunks of `chunk_bytes` (the tests and the fuzz target use small ones).
fn chunks_of(
    reader: &mut dyn Read,
    html: bool,
    sink: &mut dyn ChunkSink,
    chunk_bytes: usize,
) -> Result<(), AuditError> {
    // `buffer[..filled]`: the bytes read and not yet handed over, the start of a line then what
    // was just read. Past `filled`, bytes left from an earlier use of the buffer.
    let mut buffer: Vec<u8> = Vec::new();
    let mut filled = 0;
    // A buffer of HTML already reduced to its text, to read into again.
    let mut reduced = None;
    let mut first = true;
    loop {
        let before = filled;
        let n = read_chunk(reader, &mut buffer, filled, chunk_bytes)?;
        if n == 0 {
            break;
        }
        filled += n;
        if first {
            if buffer[..filled].starts_with(b"\xEF\xBB\xBF") {
                buffer.copy_within(3..filled, 0);
                filled -= 3;
            }
            first = false;
        }
        // Cut at the last line break; a line longer than a chunk is cut where it is. Only what
        // was just read can hold a break: the carried start of a line has none.
        let from = before.min(filled);
        let cut = match memchr::memrchr(b'\n', &buffer[from..filled]) {
            Some(pos) => from + pos + 1,
            None if filled >= chunk_bytes => filled,
            None => continue,
        };
        // The start of the next line goes to the next buffer.
        let mut next = reduced.take().or_else(|| sink.spare()).unwrap_or_default();
        let rest = filled - cut;
        if next.len() < rest {
            next.resize(rest, 0);
        }
        next[..rest].copy_from_slice(&buffer[cut..filled]);
        buffer.truncate(cut);
        reduced = emit(std::mem::replace(&mut buffer, next), html, sink);
        filled = rest;
    }
    if filled > 0 {
        buffer.truncate(filled);
        emit(buffer, html, sink);
    }
    Ok(())
}

/// Whether `data` comes in the same chunks (of `chunk_bytes`) when every buffer is given back,
/// full of other bytes, to be read into again as when none is. For the unit tests and the
/// `text` fuzz target.
#[doc(hidden)]
pub fn chunks_agree_when_buffers_come_back(data: &[u8], html: bool, chunk_bytes: usize) -> bool {
    /// Keeps each chunk and gives its buffer back filled with other bytes, a little longer.
    struct GivingBack {
        chunks: Vec<Vec<u8>>,
        spare: Vec<Vec<u8>>,
    }
    impl ChunkSink for GivingBack {
        fn chunk(&mut self, bytes: Vec<u8>) {
            let mut given = bytes.clone();
            given.fill(b'#');
            given.extend_from_slice(&[b'\n'; 10]);
            self.chunks.push(bytes);
            self.spare.push(given);
        }

        fn spare(&mut self) -> Option<Vec<u8>> {
            self.spare.pop()
        }
    }
    let mut plain = Vec::new();
    let mut keep = |bytes: Vec<u8>| plain.push(bytes);
    let mut giving = GivingBack {
        chunks: Vec::new(),
        spare: Vec::new(),
    };
    chunks_of(&mut &data[..], html, &mut keep, chunk_bytes).is_ok()
        && chunks_of(&mut &data[..], html, &mut giving, chunk_bytes).is_ok()
        && plain == giving.chunks
}

/// Bytes a buffer is first made for: most text files a generic scan meets are small, and a
/// buffer made and zeroed for a whole chunk cost each of them a megabyte's writes (an export of
/// 2,000 notes of a kilobyte: 5.98 G instructions, 71 % in `memset`; 1.85 G read this way).
const FIRST_READ: usize = 16 << 10;

/// Read up to `chunk_bytes` into `buffer` from `filled` on (growing it as needed, its bytes
/// past `filled` overwritten): the bytes read, fewer only at the reader's end. A buffer too
/// short is grown to [`FIRST_READ`] first, and to the whole chunk only when the reader has more.
fn read_chunk(
    reader: &mut dyn Read,
    buffer: &mut Vec<u8>,
    filled: usize,
    chunk_bytes: usize,
) -> Result<usize, AuditError> {
    let end = filled + chunk_bytes;
    let mut got = 0;
    let mut room = buffer.len().max(filled + FIRST_READ).min(end);
    loop {
        if buffer.len() < room {
            buffer.resize(room, 0);
        }
        got += read_up_to(reader, &mut buffer[filled + got..room])?;
        if filled + got < room || room == end {
            return Ok(got);
        }
        room = end;
    }
}

/// Read into `buf` until it is full or the reader ends: the bytes read.
fn read_up_to(reader: &mut dyn Read, buf: &mut [u8]) -> Result<usize, AuditError> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(AuditError::from_io(&e)),
        }
    }
    Ok(got)
}

/// Bytes as text, invalid UTF-8 replaced. Valid text (nearly all of it) is checked with SIMD
/// and borrowed; the lossy decoder, a byte at a time, only sees the rest.
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A chunk handed to `sink`, HTML reduced to its text (then the buffer read into is given back
/// to read into again).
fn emit(bytes: Vec<u8>, html: bool, sink: &mut dyn ChunkSink) -> Option<Vec<u8>> {
    if html {
        sink.chunk(html_to_text(&lossy(&bytes)).into_bytes());
        Some(bytes)
    } else {
        sink.chunk(bytes);
        None
    }
}

/// Reduce HTML to its text: tags become spaces, `<script>`/`<style>` bodies are dropped, and the
/// common character references are decoded. Linear: every byte is looked at a bounded number of
/// times (a `<script>` with no closing tag drops the rest of the text, as a browser would).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        decode_entities_into(&rest[..start], &mut out);
        out.push(' ');
        let after = &rest[start..];
        let raw_text_end = if starts_with_ci(after, "<script") {
            Some("</script")
        } else if starts_with_ci(after, "<style") {
            Some("</style")
        } else {
            None
        };
        let from = match raw_text_end {
            Some(close) => match find_ci(after, close) {
                Some(at) => at,
                None => return out,
            },
            None => 0,
        };
        match after[from..].find('>') {
            Some(end) => rest = &after[from + end + 1..],
            None => return out,
        }
    }
    decode_entities_into(rest, &mut out);
    out
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// ASCII case-insensitive search without copying the haystack (`needle` is not empty).
pub(crate) fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    let first = needle[0].to_ascii_lowercase();
    let bytes = haystack.as_bytes();
    let mut at = 0;
    while at + needle.len() <= bytes.len() {
        let offset = bytes[at..]
            .iter()
            .position(|b| b.to_ascii_lowercase() == first)?;
        at += offset;
        if bytes
            .get(at..at + needle.len())?
            .eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// Append `text` with character references decoded. A reference is at most 12 bytes long and
/// ends with `;` (an ASCII byte, so slicing there is always on a character boundary).
fn decode_entities_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.as_bytes()[..tail.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &tail[1..end];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_reduced_to_text() {
        let text = html_to_text(
            "<p>Mail: a&#64;example.com</p><script>var x='b@example.com'</script><b>x &amp; y</b>",
        );
        assert!(text.contains("a@example.com"));
        assert!(!text.contains("b@example.com"));
        assert!(text.contains("x & y"));
    }

    #[test]
    fn entities_next_to_multibyte_characters_do_not_panic() {
        assert_eq!(html_to_text("&aaaaaaaaaaé"), "&aaaaaaaaaaé");
        assert_eq!(html_to_text("x&é;"), "x&é;");
        assert_eq!(html_to_text("&#233;t&eacute"), "ét&eacute");
    }

    #[test]
    fn scripts_and_styles_are_dropped_in_linear_time() {
        let many = "<script></script>".repeat(40_000);
        assert_eq!(html_to_text(&many).trim(), "");
        let unclosed = "<SCRIPT>".repeat(40_000) + "x";
        assert_eq!(html_to_text(&unclosed).trim(), "");
        assert_eq!(html_to_text("a<style>p{}</STYLE >b").replace(' ', ""), "ab");
    }

    #[test]
    fn lines_are_numbered_and_long_lines_cut() {
        let mut text = String::from("\u{feff}first\r\n\nthird\n");
        text.push_str(&"x".repeat(MAX_LINE_BYTES + 10));
        let mut seen = Vec::new();
        let stats = for_each_line(&mut text.as_bytes(), &mut |line, n| {
            seen.push((line.len().min(20), n));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen[..3], [(5, 1), (0, 2), (5, 3)]);
        assert_eq!(seen.len(), 5, "the long line comes in two pieces");
        assert_eq!(stats.items, 4);
    }

    #[test]
    fn chunks_cut_at_line_breaks_and_survive_bad_utf8() {
        let mut data = Vec::new();
        for i in 0..200_000 {
            data.extend_from_slice(format!("line {i} ").as_bytes());
            data.extend_from_slice(b"\xff\n");
        }
        let mut total_lines = 0;
        let mut chunks = 0;
        for_each_chunk(&mut &data[..], false, &mut |bytes: Vec<u8>| {
            let t = lossy(&bytes);
            chunks += 1;
            assert!(t.ends_with('\n'));
            total_lines += t.matches('\n').count();
        })
        .unwrap();
        assert!(chunks >= 2);
        assert_eq!(total_lines, 200_000);
    }

    #[test]
    fn buffers_given_back_are_read_into_with_the_same_chunks_out() {
        // A BOM, short lines, a line longer than two chunks, a text ending without a break.
        let mut data = b"\xEF\xBB\xBFfirst\n".to_vec();
        for i in 0..150_000 {
            data.extend_from_slice(format!("line {i}\n").as_bytes());
        }
        data.extend(std::iter::repeat_n(b'x', 2 * CHUNK_BYTES + 7));
        data.extend_from_slice(b"\nlast");
        let mut chunks = Vec::new();
        for_each_chunk(&mut &data[..], false, &mut |bytes: Vec<u8>| {
            chunks.push(bytes)
        })
        .unwrap();
        assert!(chunks.len() >= 4, "{}", chunks.len());
        assert_eq!(chunks.concat(), data[3..]);
        for html in [false, true] {
            assert!(chunks_agree_when_buffers_come_back(
                &data,
                html,
                CHUNK_BYTES
            ));
            // Chunks shorter than lines, and than the BOM.
            for chunk_bytes in [1, 2, 7, 64] {
                let small = &data[..4000];
                assert!(chunks_agree_when_buffers_come_back(
                    small,
                    html,
                    chunk_bytes
                ));
            }
        }
    }

    #[test]
    fn a_short_text_is_read_into_a_buffer_of_its_size_not_of_a_chunk() {
        for (lines, chunks) in [(100, 1), (9_000, 1), (200_000, 3)] {
            let data = b"a short note\n".repeat(lines);
            let mut read = Vec::new();
            for_each_chunk(&mut &data[..], false, &mut |bytes: Vec<u8>| {
                read.push(bytes)
            })
            .unwrap();
            assert_eq!(read.len(), chunks, "{lines} lines");
            assert_eq!(read.concat(), data);
            if data.len() < FIRST_READ {
                assert!(read[0].capacity() <= FIRST_READ, "{}", read[0].capacity());
            }
        }
    }

    #[test]
    fn lossy_text_is_std_lossy_text_and_borrows_valid_text() {
        let cases: [&[u8]; 6] = [
            b"plain",
            "caf\u{e9} \u{1f44d}".as_bytes(),
            b"bad \xFF byte",
            b"cut \xE2\x82",
            b"\xC3(",
            &[b'a'; 100],
        ];
        for bytes in cases {
            let text = lossy(bytes);
            assert_eq!(text, String::from_utf8_lossy(bytes));
            let valid = std::str::from_utf8(bytes).is_ok();
            assert_eq!(matches!(text, std::borrow::Cow::Borrowed(_)), valid);
        }
        let mut long = "é".repeat(100).into_bytes();
        long[101] = b'!';
        assert_eq!(lossy(&long), String::from_utf8_lossy(&long));
    }
}

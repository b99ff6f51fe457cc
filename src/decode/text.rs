//! Bounded text reading for the generic scanner: a file is read in chunks that end at a line
//! break (so no line-bound value is cut), decoded lossily (invalid UTF-8 never stops a scan),
//! with HTML markup reduced to its text.

use std::io::Read;

use crate::error::AuditError;

/// Chunks are at most this long, plus the rest of the line being cut (itself bounded by 2x).
pub const CHUNK_BYTES: usize = 1 << 20;

/// Call `f` with successive text chunks of the reader.
pub fn for_each_chunk(
    reader: &mut dyn Read,
    html: bool,
    f: &mut dyn FnMut(&str),
) -> Result<(), AuditError> {
    let mut carry: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; CHUNK_BYTES];
    let mut first = true;
    loop {
        let n = read_full(reader, &mut buf)?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&buf[..n]);
        if first {
            if carry.starts_with(b"\xEF\xBB\xBF") {
                carry.drain(..3);
            }
            first = false;
        }
        // Cut at the last line break; a line longer than a chunk is cut where it is.
        let cut = match carry.iter().rposition(|&b| b == b'\n') {
            Some(pos) => pos + 1,
            None if carry.len() >= CHUNK_BYTES => carry.len(),
            None => continue,
        };
        emit(&carry[..cut], html, f);
        carry.drain(..cut);
    }
    if !carry.is_empty() {
        emit(&carry, html, f);
    }
    Ok(())
}

fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> Result<usize, AuditError> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(AuditError::from_io(&e)),
        }
    }
    Ok(filled)
}

fn emit(bytes: &[u8], html: bool, f: &mut dyn FnMut(&str)) {
    let text = String::from_utf8_lossy(bytes);
    if html {
        f(&html_to_text(&text));
    } else {
        f(&text);
    }
}

/// Reduce HTML to its text: tags become spaces, `<script>`/`<style>` bodies are dropped, and the
/// common character references are decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..start]));
        out.push(' ');
        let after = &rest[start..];
        let lower_head: String = after
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower_head.starts_with("<script") {
            find_ci(after, "</script>")
        } else if lower_head.starts_with("<style") {
            find_ci(after, "</style>")
        } else {
            None
        };
        let from = skip_to.unwrap_or(0);
        match after[from..].find('>') {
            Some(end) => rest = &after[from + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail[..tail.len().min(12)].find(';');
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
    out
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
    fn chunks_cut_at_line_breaks_and_survive_bad_utf8() {
        let mut data = Vec::new();
        for i in 0..200_000 {
            data.extend_from_slice(format!("line {i} ").as_bytes());
            data.extend_from_slice(b"\xff\n");
        }
        let mut total_lines = 0;
        let mut chunks = 0;
        for_each_chunk(&mut &data[..], false, &mut |t| {
            chunks += 1;
            assert!(t.ends_with('\n'));
            total_lines += t.matches('\n').count();
        })
        .unwrap();
        assert!(chunks >= 2);
        assert_eq!(total_lines, 200_000);
    }
}

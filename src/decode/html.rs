//! Whole HTML documents for parsers (`scraper`): a document is read up to [`MAX_HTML_BYTES`]
//! (decoded lossily) and parsed once. A larger document is not parsed: it is counted as
//! oversize, so the caller scans it as text instead. A page of repeated blocks (Google's My
//! Activity: one `<div class="outer-cell…">` per action, hundreds of MB for heavy users) is
//! streamed instead: each block is parsed as a fragment of its own ([`blocks`]).
//! It never puts document text in an error.

use std::io::Read;

use super::Stats;
use crate::error::AuditError;

/// Largest HTML document parsed into a tree.
pub const MAX_HTML_BYTES: u64 = 64 << 20;

pub fn document(
    reader: &mut dyn Read,
    f: &mut dyn FnMut(&scraper::Html) -> Result<(), AuditError>,
) -> Result<Stats, AuditError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_HTML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AuditError::from_io(&e))?;
    if bytes.len() as u64 > MAX_HTML_BYTES {
        return Ok(Stats {
            items: 1,
            oversize: 1,
        });
    }
    let text = super::text::lossy(&bytes);
    let doc = scraper::Html::parse_document(&text);
    f(&doc)?;
    Ok(Stats {
        items: u64::from(!text.trim().is_empty()),
        oversize: 0,
    })
}

/// Largest block of a streamed page; a larger one is skipped (counted as oversize).
pub const MAX_BLOCK_BYTES: usize = 16 << 20;

/// Stream a page of repeated blocks: every `<div class="{class}` starts a block that runs to the
/// next one (or the end); each is parsed as an HTML fragment of its own and handed to `f` with
/// its 0-based number. What comes before the first block (the page head) is dropped. Memory
/// stays under one block.
pub fn blocks(
    reader: &mut dyn Read,
    class: &str,
    f: &mut dyn FnMut(u64, &scraper::Html) -> Result<(), AuditError>,
) -> Result<Stats, AuditError> {
    block_bytes(reader, class, &mut |index, bytes| {
        f(index, &parse_block(bytes))
    })
}

/// One block of a page, as [`blocks`] parses it (invalid UTF-8 replaced).
pub fn parse_block(bytes: &[u8]) -> scraper::Html {
    scraper::Html::parse_fragment(&super::text::lossy(bytes))
}

/// Receives each block of a page: its number and its bytes.
pub type BlockBytes<'a> = dyn FnMut(u64, &[u8]) -> Result<(), AuditError> + 'a;

/// [`blocks`] without the parse: each block's bytes and number, for a caller that parses them
/// elsewhere (on other cores: see `fanout`).
pub fn block_bytes(
    reader: &mut dyn Read,
    class: &str,
    f: &mut BlockBytes<'_>,
) -> Result<Stats, AuditError> {
    let marker = format!("<div class=\"{class}");
    let finder = memchr::memmem::Finder::new(marker.as_bytes());
    let marker_len = marker.len();
    let mut stats = Stats::default();
    // Bytes read and not yet handed on; `buf[start..]` is what is left of them.
    let mut buf: Vec<u8> = Vec::new();
    let mut start = 0;
    // Whether `buf[start..]` starts with a block (else it is the head, or an oversize block
    // being skipped).
    let mut in_block = false;
    let mut chunk = vec![0u8; 64 << 10];
    let mut read_any = false;
    // Blocks seen, oversize ones included, so a block's number is its place in the page.
    let mut seen = 0u64;
    let mut emit = |bytes: &[u8], stats: &mut Stats, seen: &mut u64| -> Result<(), AuditError> {
        let index = *seen;
        *seen += 1;
        if bytes.len() > MAX_BLOCK_BYTES {
            stats.oversize += 1;
            return Ok(());
        }
        stats.items += 1;
        f(index, bytes)
    };
    loop {
        let n = reader
            .read(&mut chunk)
            .map_err(|e| AuditError::from_io(&e))?;
        let eof = n == 0;
        read_any |= !eof;
        // Drop what was handed on once per read, not once per block.
        buf.drain(..start);
        start = 0;
        let searched_to = buf.len().saturating_sub(marker_len);
        buf.extend_from_slice(&chunk[..n]);
        // Every marker in the new bytes closes the block before it.
        let mut from = if in_block {
            1.max(searched_to)
        } else {
            searched_to
        };
        while let Some(at) = finder.find(&buf[from..]).map(|p| p + from) {
            let block = &buf[start..at];
            if in_block && !block.is_empty() {
                emit(block, &mut stats, &mut seen)?;
            }
            start = at;
            in_block = true;
            from = at + 1;
        }
        let held = buf.len() - start;
        if eof {
            if in_block && held > MAX_BLOCK_BYTES {
                stats.oversize += 1;
            } else if in_block && held > 0 {
                emit(&buf[start..], &mut stats, &mut seen)?;
            }
            // A page with content but no block is an item its parser did not recognise.
            if stats.items == 0 && read_any {
                stats.items = 1;
            }
            return Ok(stats);
        }
        if held > MAX_BLOCK_BYTES {
            // Too large to hold (or a head that never ends): drop it, keep a marker's worth.
            if in_block {
                stats.oversize += 1;
                seen += 1;
            }
            in_block = false;
            start = buf.len() - marker_len.min(held);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_document_once() {
        let mut titles = Vec::new();
        let stats = document(
            &mut &b"<html><body><div class=\"t\">Ava &amp; Ben</div></body></html>"[..],
            &mut |doc| {
                let selector = scraper::Selector::parse("div.t").expect("static selector");
                titles.extend(doc.select(&selector).map(|e| e.text().collect::<String>()));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(titles, ["Ava & Ben"]);
        assert_eq!(stats.items, 1);
    }

    /// The texts of a page's blocks, read one byte per read (markers split across reads are
    /// still found) and read whole (many blocks in one read): both must agree.
    fn block_texts(page: &[u8], class: &str) -> (Vec<String>, Stats) {
        use crate::decode::Trickle;
        let selector = scraper::Selector::parse("div.cell").expect("static selector");
        let read = |reader: &mut dyn Read| {
            let mut texts = Vec::new();
            let stats = blocks(reader, class, &mut |_, doc| {
                texts.extend(doc.select(&selector).map(|e| e.text().collect::<String>()));
                Ok(())
            })
            .unwrap();
            (texts, stats)
        };
        let (texts, stats) = read(&mut Trickle(page));
        let (whole_texts, whole_stats) = read(&mut &page[..]);
        assert_eq!(texts, whole_texts);
        assert_eq!(
            (stats.items, stats.oversize),
            (whole_stats.items, whole_stats.oversize)
        );
        (texts, stats)
    }

    #[test]
    fn a_page_of_blocks_is_streamed_block_by_block() {
        let page = b"<html><head><title>t</title></head><body><div class=\"grid\">\
            <div class=\"cell x\">one &amp; <b>1</b></div>\
            <div class=\"cell\">two</div></div></body></html>";
        let (texts, stats) = block_texts(page, "cell");
        assert_eq!(texts, ["one & 1", "two"]);
        assert_eq!(stats.items, 2);
        let (none, stats) = block_texts(b"<p>no blocks here</p>", "cell");
        assert!(none.is_empty());
        assert_eq!(stats.items, 1, "content the parser will not recognise");
        assert_eq!(block_texts(b"", "cell").1.items, 0);
    }

    #[test]
    fn an_oversize_block_is_skipped_and_the_next_read() {
        let mut page = b"<div class=\"cell\">".to_vec();
        page.extend(std::iter::repeat_n(b'a', MAX_BLOCK_BYTES + 10));
        page.extend_from_slice(b"</div><div class=\"cell\">after</div>");
        let mut texts = Vec::new();
        let selector = scraper::Selector::parse("div.cell").expect("static selector");
        let stats = blocks(&mut &page[..], "cell", &mut |_, doc| {
            texts.extend(doc.select(&selector).map(|e| e.text().collect::<String>()));
            Ok(())
        })
        .unwrap();
        assert_eq!(texts.len(), 1, "only the block after the oversize one");
        assert_eq!(texts[0], "after");
        assert_eq!(stats.oversize, 1);
    }
}

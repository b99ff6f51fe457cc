//! Whole HTML documents for parsers (`scraper`): a document is read up to [`MAX_HTML_BYTES`]
//! (decoded lossily) and parsed once. A larger document is not parsed: it is counted as
//! oversize, so the caller scans it as text instead.
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
    let text = String::from_utf8_lossy(&bytes);
    let doc = scraper::Html::parse_document(&text);
    f(&doc)?;
    Ok(Stats {
        items: u64::from(!text.trim().is_empty()),
        oversize: 0,
    })
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
}

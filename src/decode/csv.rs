//! CSV rows with their header, as exports write them (LinkedIn, TikTok, Google): a preamble of
//! notes before the header is skipped (a `Notes:` line, a sentence, blank lines; a one-column
//! header such as `Name` is kept), a header repeated later and rows of empty cells are skipped, rows may have fewer or
//! more fields than the header, invalid UTF-8 is decoded lossily, a BOM is dropped. Fields longer than
//! [`MAX_FIELD_BYTES`] are cut. Errors carry a record number, never a field.

use std::io::{BufRead, BufReader, Read};

use super::Stats;
use crate::error::AuditError;

/// Longest field kept (the rest is dropped).
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// Called with the header, a row's fields and the row's 1-based record number.
pub type RowFn<'a> = dyn FnMut(&[String], &[String], u64) -> Result<(), AuditError> + 'a;

pub fn rows(reader: &mut dyn Read, f: &mut RowFn<'_>) -> Result<Stats, AuditError> {
    let mut buffered = BufReader::with_capacity(64 * 1024, reader);
    let head = buffered.fill_buf().map_err(|e| AuditError::from_io(&e))?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        buffered.consume(3);
    }
    let mut csv = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(buffered);
    let mut header: Option<Vec<String>> = None;
    let mut record = ::csv::ByteRecord::new();
    let mut stats = Stats::default();
    let mut number = 0u64;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                return Err(match err.kind() {
                    ::csv::ErrorKind::Io(io) => AuditError::from_io(io),
                    _ => AuditError::MalformedCsv { record: number + 1 },
                });
            }
        }
        number += 1;
        let fields: Vec<String> = record.iter().map(field_text).collect();
        match &header {
            None => {
                if !is_preamble(&fields) {
                    header = Some(fields);
                }
            }
            Some(head) if *head == fields => {}
            // Rows of empty cells (`,,,,,,`) are padding, not records.
            Some(_) if fields.iter().all(|f| f.trim().is_empty()) => {}
            Some(head) => {
                stats.items += 1;
                f(head, &fields, number)?;
            }
        }
    }
    Ok(stats)
}

/// A row before the header: empty, or one cell of notes (`Notes:`, or a sentence).
fn is_preamble(fields: &[String]) -> bool {
    let filled: Vec<&String> = fields.iter().filter(|f| !f.trim().is_empty()).collect();
    match filled.as_slice() {
        [] => true,
        [only] => {
            only.ends_with(':') || only.contains(": ") || only.split_whitespace().count() >= 6
        }
        _ => false,
    }
}

fn field_text(bytes: &[u8]) -> String {
    let kept = &bytes[..bytes.len().min(MAX_FIELD_BYTES)];
    super::text::lossy(kept).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str) -> (Vec<(Vec<String>, u64)>, Stats) {
        let mut rows_seen = Vec::new();
        let stats = rows(&mut text.as_bytes(), &mut |header, fields, n| {
            assert!(!header.is_empty());
            rows_seen.push((fields.to_vec(), n));
            Ok(())
        })
        .unwrap();
        (rows_seen, stats)
    }

    #[test]
    fn skips_preambles_bom_and_repeated_headers() {
        let text = "\u{feff}Notes:\r\n\"When exporting, some fields may be empty.\"\r\n\r\nFirst Name,Last Name,Email\r\nAva,Tester,ava@example.com\r\nFirst Name,Last Name,Email\r\n\"Ben, Jr\",Sample,\r\n,,\r\n";
        let (rows, stats) = collect(text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, ["Ava", "Tester", "ava@example.com"]);
        assert_eq!(rows[1].0[0], "Ben, Jr");
        assert_eq!(stats.items, 2);
    }

    #[test]
    fn a_one_column_file_keeps_its_header() {
        let (rows, _) = collect("Name\nPublic Speaking\nRust\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, ["Public Speaking"]);
    }

    #[test]
    fn ragged_rows_and_bad_utf8_do_not_stop_the_file() {
        let mut bytes = b"a,b\n1\n2,3,4\n".to_vec();
        bytes.extend_from_slice(b"\xff,x\n");
        let mut seen = Vec::new();
        rows(&mut &bytes[..], &mut |_, fields, _| {
            seen.push(fields.len());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, [1, 3, 2]);
    }
}

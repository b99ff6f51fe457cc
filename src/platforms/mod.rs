//! One module per platform, each a table of known files (data) and the parsers the table names.
//! The shared pieces live here: the parser trait, known-file matching, and the generic parser
//! that scans every scalar of a JSON file no parser knows.

pub mod common;
pub mod facebook;

use serde_json::Value;

use crate::classify::collect::FileSink;
use crate::error::AuditError;

/// How a file was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A parser that knows the file read it.
    Parsed,
    /// Only the generic detectors looked at it.
    Scanned,
}

/// Receives the streamed items of one JSON file (see `decode::json::stream`).
pub trait FileParser {
    fn item(&mut self, sink: &mut FileSink, pointer: &str, value: Value) -> Result<(), AuditError>;
    fn finish(self: Box<Self>, sink: &mut FileSink) -> Outcome;
}

/// An export generation of a platform and the top-level folders that identify it.
#[derive(Debug, Clone)]
pub struct Generation {
    pub id: String,
    pub label: String,
    pub markers: Vec<String>,
}

/// A row of a platform's known-file table.
#[derive(Debug, Clone)]
pub struct KnownFile {
    pub generation: String,
    /// Path relative to the export root, `'` written `_`, `*` inside a segment.
    pub pattern: String,
    pub parser: facebook::ParserSpec,
    /// Reported `absent` when this generation's export lacks it.
    pub expected: bool,
}

/// Normalise a relative path for matching: `'` and `’` become `_` (both spellings occur).
pub fn match_form(path: &str) -> String {
    path.replace(['\'', '’'], "_")
}

/// The known-file row for a path: the detected generation's rows first, then any generation's
/// (accounts straddle generations and files move between them).
pub fn find_known<'a>(
    table: &'a [KnownFile],
    generation: Option<&str>,
    relative_path: &str,
) -> Option<&'a KnownFile> {
    let path = match_form(relative_path);
    let hit = |k: &&KnownFile| common::glob_match(&k.pattern, &path);
    generation
        .and_then(|g| table.iter().filter(|k| k.generation == g).find(hit))
        .or_else(|| table.iter().find(hit))
}

/// Scans every scalar of a file no parser knows.
#[derive(Default)]
pub struct GenericJsonParser;

impl FileParser for GenericJsonParser {
    fn item(&mut self, sink: &mut FileSink, pointer: &str, value: Value) -> Result<(), AuditError> {
        let key = common::top_key(pointer).to_lowercase();
        common::scan_json(sink, pointer, &key, &value);
        Ok(())
    }

    fn finish(self: Box<Self>, _sink: &mut FileSink) -> Outcome {
        Outcome::Scanned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_files_match_both_apostrophe_spellings_and_prefer_the_generation() {
        let table = &facebook::KNOWN_FILES;
        let a = find_known(
            table,
            Some("2024-2026"),
            "connections/followers/who_you've_followed.json",
        );
        let b = find_known(
            table,
            Some("2024-2026"),
            "connections/followers/who_you_ve_followed.json",
        );
        assert_eq!(a.unwrap().pattern, b.unwrap().pattern);
        let profile = find_known(
            table,
            Some("2021-2022"),
            "profile_information/profile_information.json",
        )
        .unwrap();
        assert_eq!(profile.generation, "2021-2022");
        // A file of another generation is still known.
        let old = find_known(
            table,
            Some("2024-2026"),
            "about_you/your_address_books.json",
        )
        .unwrap();
        assert_eq!(old.generation, "2018-2021");
        assert!(find_known(table, None, "nothing/like/this.json").is_none());
    }
}

//! Bytes -> items for parsers: JSON values at any depth (also behind a JS assignment prefix),
//! CSV rows with their header, whole HTML documents, text lines; plus Meta's mojibake repair and
//! bounded text chunks for the generic scanner. A known-files row names its [`Decoder`]; [`feed`]
//! is the one path from a reader to a parser.
//!
//! Decoders bound memory for any input (see each module) and never put input text in their
//! errors.

mod containers;
#[doc(hidden)]
pub use containers::walk_agrees_with_bytes;
pub mod csv;
pub mod html;
pub mod json;
pub mod members;
pub mod mojibake;
pub(crate) mod swar;
pub mod text;

use serde_json::Value;

use crate::error::AuditError;
use crate::model::MemberRead;
pub use json::{Select, Stats};

/// How a file is turned into items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoder {
    /// JSON values chosen by a selection; `js_prefix` skips `window.YTD.x.part0 =`.
    Json { select: Select, js_prefix: bool },
    /// CSV rows, each with the header row (preambles and repeated headers skipped).
    Csv,
    /// One whole HTML document.
    Html,
    /// An HTML page of repeated blocks (`<div class="outer-cell…`), streamed one block at a
    /// time as a fragment of its own: pages of any size in bounded memory.
    HtmlBlocks { class: String },
    /// Text lines.
    Text,
}

impl Decoder {
    /// The flavour of an export read with this decoder, as the report names it.
    pub fn flavour(&self) -> &'static str {
        match self {
            Decoder::Json { .. } => "json",
            Decoder::Csv => "csv",
            Decoder::Html | Decoder::HtmlBlocks { .. } => "html",
            Decoder::Text => "txt",
        }
    }

    /// The spelling of a known-files row: `json`, `json:/messages/*`, `json:records`, `js`,
    /// `js:/0/*`, `csv`, `html`, `html:<block class>`, `text`.
    pub fn parse(spec: &str) -> Option<Decoder> {
        let (name, path) = match spec.split_once(':') {
            Some((name, path)) => (name, Some(path)),
            None => (spec, None),
        };
        let select = || match path {
            Some("records") => Some(Select::Records),
            Some(p) if p.starts_with('/') => Some(Select::path(p)),
            Some(_) => None,
            None => Some(Select::Default),
        };
        match (name, path) {
            ("json", _) => Some(Decoder::Json {
                select: select()?,
                js_prefix: false,
            }),
            ("js", _) => Some(Decoder::Json {
                select: select()?,
                js_prefix: true,
            }),
            ("csv", None) => Some(Decoder::Csv),
            ("html", None) => Some(Decoder::Html),
            ("html", Some(class)) if !class.is_empty() && !class.contains(['"', '<', '>']) => {
                Some(Decoder::HtmlBlocks {
                    class: class.to_string(),
                })
            }
            ("text", None) => Some(Decoder::Text),
            _ => None,
        }
    }
}

/// One decoded item handed to a parser.
#[derive(Debug)]
pub enum Item<'a> {
    /// A JSON value and its pointer in the document.
    Json { pointer: &'a str, value: Value },
    /// A JSON value taken whole, as written ([`RawJson`]: its bytes, and its text when the file
    /// was already found UTF-8), for parsers that asked for them
    /// ([`crate::platforms::FileParser::raw_json`]); `repair`: Meta's mojibake may be in them,
    /// to repair as they are read ([`json::parse_shaped`], [`json::parse_raw`],
    /// [`members::read_object`]). Repairing there, not here, keeps it off the thread that
    /// reads the file when values are handed to workers.
    JsonRaw {
        pointer: &'a str,
        raw: RawJson<'a>,
        repair: bool,
    },
    /// A CSV row (1-based `record` number in the file, counting the header) and the header.
    Csv {
        header: &'a [String],
        fields: &'a [String],
        record: u64,
    },
    /// A whole HTML document.
    Html(&'a scraper::Html),
    /// One block of a page of repeated blocks ([`Decoder::HtmlBlocks`]), parsed as a fragment of
    /// its own, and its 0-based place in the page.
    HtmlBlock { index: u64, doc: &'a scraper::Html },
    /// A text line (1-based number) without its line break.
    Text { line: &'a str, number: u64 },
}

/// A JSON value taken whole, as written: its bytes, and the same bytes as text when the file
/// they come from was found UTF-8 as a whole (they are then not checked again).
#[derive(Debug, Clone, Copy)]
pub struct RawJson<'a> {
    pub bytes: &'a [u8],
    checked: Option<&'a str>,
}

impl<'a> RawJson<'a> {
    /// Bytes whose UTF-8 is not known yet.
    pub fn new(bytes: &'a [u8]) -> Self {
        RawJson {
            bytes,
            checked: None,
        }
    }

    /// Text already checked.
    pub fn checked(text: &'a str) -> Self {
        RawJson {
            bytes: text.as_bytes(),
            checked: Some(text),
        }
    }

    /// The value as text (checked now unless it was), `None` when it is not UTF-8.
    pub fn text(&self) -> Option<&'a str> {
        self.checked.or_else(|| members::utf8(self.bytes))
    }
}

/// Decode `reader` with `decoder` and hand every item to `f`. `repair` applies Meta's mojibake
/// repair to JSON.
pub fn feed(
    reader: &mut dyn MemberRead,
    decoder: &Decoder,
    repair: bool,
    f: &mut dyn FnMut(Item<'_>) -> Result<(), AuditError>,
) -> Result<Stats, AuditError> {
    feed_as(reader, decoder, repair, false, f)
}

/// [`feed`], with JSON values taken whole delivered as [`Item::JsonRaw`] when `raw_json`.
pub fn feed_as(
    reader: &mut dyn MemberRead,
    decoder: &Decoder,
    repair: bool,
    raw_json: bool,
    f: &mut dyn FnMut(Item<'_>) -> Result<(), AuditError>,
) -> Result<Stats, AuditError> {
    match decoder {
        Decoder::Json { select, js_prefix } => {
            let options = json::JsonOptions {
                select: select.clone(),
                repair,
                js_prefix: *js_prefix,
                raw: raw_json,
            };
            json::stream(
                reader,
                &options,
                &mut |pointer, delivered| match delivered {
                    json::Delivered::Value(value) => f(Item::Json { pointer, value }),
                    json::Delivered::Raw { raw, repair } => f(Item::JsonRaw {
                        pointer,
                        raw,
                        repair,
                    }),
                },
            )
        }
        Decoder::Csv => csv::rows(reader, &mut |header, fields, record| {
            f(Item::Csv {
                header,
                fields,
                record,
            })
        }),
        Decoder::Html => html::document(reader, &mut |doc| f(Item::Html(doc))),
        Decoder::HtmlBlocks { class } => html::blocks(reader, class, &mut |index, doc| {
            f(Item::HtmlBlock { index, doc })
        }),
        Decoder::Text => {
            text::for_each_line(reader, &mut |line, number| f(Item::Text { line, number }))
        }
    }
}

/// A reader that hands out one byte per read (tests: every boundary falls inside something).
#[cfg(test)]
pub(crate) struct Trickle<'a>(pub &'a [u8]);

#[cfg(test)]
impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let Some((first, rest)) = self.0.split_first() else {
            return Ok(0);
        };
        buf[0] = *first;
        self.0 = rest;
        Ok(1)
    }
}

#[cfg(test)]
impl MemberRead for Trickle<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_specs_parse_strictly() {
        assert_eq!(
            Decoder::parse("json"),
            Some(Decoder::Json {
                select: Select::Default,
                js_prefix: false
            })
        );
        assert_eq!(
            Decoder::parse("js:/0/*"),
            Some(Decoder::Json {
                select: Select::Path(vec!["0".into(), "*".into()]),
                js_prefix: true
            })
        );
        assert_eq!(Decoder::parse("csv"), Some(Decoder::Csv));
        assert_eq!(
            Decoder::parse("json:records"),
            Some(Decoder::Json {
                select: Select::Records,
                js_prefix: false
            })
        );
        assert_eq!(Decoder::parse("json:messages"), None);
        assert_eq!(Decoder::parse("csv:/x"), None);
        assert_eq!(Decoder::parse("xml"), None);
    }
}

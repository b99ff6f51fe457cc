//! Facebook "Download your information" exports, JSON flavour: the table of known files per
//! export generation (data: `known_files.tsv`, `generations.tsv`) and the parsers they name.
//!
//! Adding an export generation is adding rows and a fixture. Parsers read values from known keys
//! only; anything unknown inside a known file is left to the generic scanner. No parser prints a
//! value.

mod messages;
mod parsers;
mod profile;

use std::sync::LazyLock;

use serde_json::Value;

use crate::classify::collect::FileSink;
use crate::error::AuditError;
use crate::model::{Kind, Provenance};
use crate::platforms::{FileParser, Generation, KnownFile, Outcome};

pub use messages::MessageThreadParser;

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

/// What a row of `known_files.tsv` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParserSpec {
    Profile,
    AddressBook,
    /// Every label string of the file is one record of this kind.
    StringLabels(Kind, Provenance),
    /// Lists of people (`{name, timestamp}`): friends, followers, requests.
    People(Kind, Provenance),
    /// Pages: `{name, timestamp}` or `{data: [{name}], title}`.
    Pages(Kind, Provenance),
    AdInteractions,
    AdvertisersUsing,
    OffPlatformActivity,
    MessageThread,
    LocationHistory,
    PrimaryLocation,
    DeviceLocation,
    LastLocation,
    LoginEvents,
    SearchHistory,
    Posts,
    CheckIns,
    Comments,
    Reactions,
}

impl ParserSpec {
    /// Parse `name` or `name:kind:provenance`.
    pub fn parse(text: &str) -> Option<ParserSpec> {
        let mut parts = text.split(':');
        let name = parts.next()?;
        let kind = parts.next().map(Kind::from_id);
        let provenance = parts.next().map(Provenance::from_id);
        let with = |f: fn(Kind, Provenance) -> ParserSpec| match (kind, provenance) {
            (Some(Some(k)), Some(Some(p))) => Some(f(k, p)),
            _ => None,
        };
        let simple = |spec: ParserSpec| kind.is_none().then_some(spec);
        match name {
            "profile" => simple(ParserSpec::Profile),
            "address_book" => simple(ParserSpec::AddressBook),
            "string_labels" => with(ParserSpec::StringLabels),
            "people" => with(ParserSpec::People),
            "pages" => with(ParserSpec::Pages),
            "ad_interactions" => simple(ParserSpec::AdInteractions),
            "advertisers_using" => simple(ParserSpec::AdvertisersUsing),
            "off_platform_activity" => simple(ParserSpec::OffPlatformActivity),
            "message_thread" => simple(ParserSpec::MessageThread),
            "location_history" => simple(ParserSpec::LocationHistory),
            "primary_location" => simple(ParserSpec::PrimaryLocation),
            "device_location" => simple(ParserSpec::DeviceLocation),
            "last_location" => simple(ParserSpec::LastLocation),
            "login_events" => simple(ParserSpec::LoginEvents),
            "search_history" => simple(ParserSpec::SearchHistory),
            "posts" => simple(ParserSpec::Posts),
            "check_ins" => simple(ParserSpec::CheckIns),
            "comments" => simple(ParserSpec::Comments),
            "reactions" => simple(ParserSpec::Reactions),
            _ => None,
        }
    }

    /// The rule id recorded on every record this parser writes (audit trail).
    pub fn rule(self) -> &'static str {
        match self {
            ParserSpec::Profile => "facebook.profile",
            ParserSpec::AddressBook => "facebook.address_book",
            ParserSpec::StringLabels(..) => "facebook.labels",
            ParserSpec::People(..) => "facebook.people",
            ParserSpec::Pages(..) => "facebook.pages",
            ParserSpec::AdInteractions => "facebook.ad_interactions",
            ParserSpec::AdvertisersUsing => "facebook.advertisers_using",
            ParserSpec::OffPlatformActivity => "facebook.off_platform_activity",
            ParserSpec::MessageThread => "facebook.message_thread",
            ParserSpec::LocationHistory => "facebook.location_history",
            ParserSpec::PrimaryLocation => "facebook.primary_location",
            ParserSpec::DeviceLocation => "facebook.device_location",
            ParserSpec::LastLocation => "facebook.last_location",
            ParserSpec::LoginEvents => "facebook.login_events",
            ParserSpec::SearchHistory => "facebook.search_history",
            ParserSpec::Posts => "facebook.posts",
            ParserSpec::CheckIns => "facebook.check_ins",
            ParserSpec::Comments => "facebook.comments",
            ParserSpec::Reactions => "facebook.reactions",
        }
    }

    pub fn make_parser(self) -> Box<dyn FileParser> {
        match self {
            ParserSpec::MessageThread => Box::new(MessageThreadParser::default()),
            spec => Box::new(ItemParser { spec }),
        }
    }
}

/// A parser that handles each streamed item on its own.
struct ItemParser {
    spec: ParserSpec,
}

impl FileParser for ItemParser {
    fn item(&mut self, sink: &mut FileSink, pointer: &str, value: Value) -> Result<(), AuditError> {
        parsers::parse_item(self.spec, sink, pointer, &value);
        Ok(())
    }

    fn finish(self: Box<Self>, _sink: &mut FileSink) -> Outcome {
        Outcome::Parsed
    }
}

/// Generations of Facebook exports, newest last.
pub static GENERATIONS: LazyLock<Vec<Generation>> = LazyLock::new(|| {
    data_rows(GENERATIONS_TSV)
        .filter_map(|cols| {
            let [id, label, markers] = cols[..] else {
                return None;
            };
            Some(Generation {
                id: id.to_string(),
                label: label.to_string(),
                markers: markers.split(',').map(|m| m.trim().to_string()).collect(),
            })
        })
        .collect()
});

/// Every row of `known_files.tsv` whose parser spec is valid (a unit test checks they all are).
pub static KNOWN_FILES: LazyLock<Vec<KnownFile>> = LazyLock::new(|| {
    data_rows(KNOWN_FILES_TSV)
        .filter_map(|cols| {
            let [generation, path, parser, expected] = cols[..] else {
                return None;
            };
            Some(KnownFile {
                generation: generation.to_string(),
                pattern: path.to_string(),
                parser: ParserSpec::parse(parser)?,
                expected: expected == "yes",
            })
        })
        .collect()
});

fn data_rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_file_row_is_valid() {
        let mut rows = 0;
        for cols in data_rows(KNOWN_FILES_TSV) {
            rows += 1;
            assert_eq!(cols.len(), 4, "row {cols:?}");
            assert!(
                GENERATIONS.iter().any(|g| g.id == cols[0]),
                "unknown generation in {cols:?}"
            );
            assert!(
                ParserSpec::parse(cols[2]).is_some(),
                "bad parser in {cols:?}"
            );
            assert!(matches!(cols[3], "yes" | "no"), "bad expected in {cols:?}");
            assert!(!cols[1].contains('\''), "write ' as _ in {cols:?}");
        }
        assert_eq!(rows, KNOWN_FILES.len());
        assert!(rows > 100);
    }

    #[test]
    fn generations_have_distinct_markers() {
        assert_eq!(GENERATIONS.len(), 4);
        for (i, a) in GENERATIONS.iter().enumerate() {
            for b in &GENERATIONS[i + 1..] {
                for m in &a.markers {
                    assert!(!b.markers.contains(m), "marker {m} in two generations");
                }
            }
        }
    }

    #[test]
    fn parser_specs_parse_strictly() {
        assert_eq!(
            ParserSpec::parse("people:connection:received"),
            Some(ParserSpec::People(Kind::Connection, Provenance::Received))
        );
        assert_eq!(ParserSpec::parse("people:connection"), None);
        assert_eq!(ParserSpec::parse("profile:name:observed"), None);
        assert_eq!(ParserSpec::parse("nope"), None);
    }
}

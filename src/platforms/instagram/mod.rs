//! Instagram "Download your information" exports, every era (single files before Dec 2020,
//! category folders 2020–23, grouped folders since 2023): the table of known files per
//! generation (data: `known_files.tsv`, `generations.tsv`) and the parsers it names.
//!
//! Instagram records are read field by field (`string_map_data`, `string_list_data`,
//! `label_values`, plain keys of old exports) and each field is matched to a concept through
//! Meta's label table, so an account in any language reads the same. Threads, advertisers and
//! off-Meta activity share Facebook's readers (`platforms::meta`). No parser prints a value.

mod parsers;

use std::sync::LazyLock;

use crate::data::TableError;
use crate::model::{Kind, Platform, Provenance};
use crate::platforms::meta::{self, MessageThreadParser};
use crate::platforms::{Catalogue, FileParser, PlatformModule};

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

/// Folders (and root files) so generic that they prove nothing about Instagram on their own.
const WEAK_DIRS: &[&str] = &[
    "messages",
    "comments",
    "likes",
    "saved",
    "contacts",
    "media",
    "connections",
    "preferences",
    "personal_information",
    "logged_information",
    "ads_information",
    "security_and_login_information",
    "content",
    "apps_and_websites",
    "profile.json",
    "media.json",
    "likes.json",
    "searches.json",
];

pub struct Instagram;

pub static INSTAGRAM: Instagram = Instagram;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(GENERATIONS_TSV, KNOWN_FILES_TSV, WEAK_DIRS, true, |spec| {
        ParserSpec::parse(spec).is_some()
    })
});

/// What a row of `known_files.tsv` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParserSpec {
    /// The account's own profile; tells who the owner is.
    Profile,
    /// Other fields you gave (account information, autofill, submitted to advertisers).
    PersonalFields,
    /// One person per item (followers, following, blocked...).
    People(Kind, Provenance),
    /// Followers and following of the single-file era (`{followers: {user: time}}`).
    LegacyConnections,
    Contacts,
    MessageThread,
    LegacyMessages,
    Posts,
    LegacyMedia,
    Comments,
    /// Positional arrays of the single-file era (`[[time, text, owner]]`), counted as this kind.
    LegacyActivity(Kind),
    /// One counted item per record.
    Counted(Kind, Provenance),
    /// Every value is one record of this kind (interests, categories, inferred places).
    Labels(Kind, Provenance),
    Advertisers,
    OffPlatformActivity,
    /// A page of one business's activity off Meta (HTML).
    OffMetaPage,
    Logins,
    Devices,
    /// The devices end-to-end encrypted chats ran on, and their last IPs.
    SecretConversations,
    /// Changes to the profile (`profile_profile_change`): each old and new value as its field.
    ProfileChanges,
    LocationPoints,
    Searches,
}

impl ParserSpec {
    /// Parse `name`, `name:kind` or `name:kind:provenance`.
    pub fn parse(text: &str) -> Option<ParserSpec> {
        let mut parts = text.split(':');
        let name = parts.next()?;
        let kind = parts.next().map(Kind::from_id);
        let provenance = parts.next().map(Provenance::from_id);
        if parts.next().is_some() {
            return None;
        }
        let with = |f: fn(Kind, Provenance) -> ParserSpec| match (kind, provenance) {
            (Some(Some(k)), Some(Some(p))) => Some(f(k, p)),
            _ => None,
        };
        let simple = |spec: ParserSpec| kind.is_none().then_some(spec);
        match name {
            "profile" => simple(ParserSpec::Profile),
            "personal_fields" => simple(ParserSpec::PersonalFields),
            "people" => with(ParserSpec::People),
            "legacy_connections" => simple(ParserSpec::LegacyConnections),
            "contacts" => simple(ParserSpec::Contacts),
            "message_thread" => simple(ParserSpec::MessageThread),
            "legacy_messages" => simple(ParserSpec::LegacyMessages),
            "posts" => simple(ParserSpec::Posts),
            "legacy_media" => simple(ParserSpec::LegacyMedia),
            "comments" => simple(ParserSpec::Comments),
            "legacy_activity" => match (kind, provenance) {
                (Some(Some(k)), None) => Some(ParserSpec::LegacyActivity(k)),
                _ => None,
            },
            "counted" => with(ParserSpec::Counted),
            "labels" => with(ParserSpec::Labels),
            "advertisers" => simple(ParserSpec::Advertisers),
            "off_platform_activity" => simple(ParserSpec::OffPlatformActivity),
            "off_meta_page" => simple(ParserSpec::OffMetaPage),
            "logins" => simple(ParserSpec::Logins),
            "devices" => simple(ParserSpec::Devices),
            "secret_conversations" => simple(ParserSpec::SecretConversations),
            "profile_changes" => simple(ParserSpec::ProfileChanges),
            "location_points" => simple(ParserSpec::LocationPoints),
            "searches" => simple(ParserSpec::Searches),
            _ => None,
        }
    }

    /// The rule id recorded on every record this parser writes (audit trail).
    pub fn rule(self) -> &'static str {
        match self {
            ParserSpec::Profile => "instagram.profile",
            ParserSpec::PersonalFields => "instagram.personal_fields",
            ParserSpec::People(..) => "instagram.people",
            ParserSpec::LegacyConnections => "instagram.legacy_connections",
            ParserSpec::Contacts => "instagram.contacts",
            ParserSpec::MessageThread => "instagram.message_thread",
            ParserSpec::LegacyMessages => "instagram.legacy_messages",
            ParserSpec::Posts => "instagram.posts",
            ParserSpec::LegacyMedia => "instagram.legacy_media",
            ParserSpec::Comments => "instagram.comments",
            ParserSpec::LegacyActivity(..) => "instagram.legacy_activity",
            ParserSpec::Counted(..) => "instagram.counted",
            ParserSpec::Labels(..) => "instagram.labels",
            ParserSpec::Advertisers => "instagram.advertisers",
            ParserSpec::OffPlatformActivity => "instagram.off_platform_activity",
            ParserSpec::OffMetaPage => "instagram.off_meta_page",
            ParserSpec::Logins => "instagram.logins",
            ParserSpec::Devices => "instagram.devices",
            ParserSpec::SecretConversations => "instagram.secret_conversations",
            ParserSpec::ProfileChanges => "instagram.profile_changes",
            ParserSpec::LocationPoints => "instagram.location_points",
            ParserSpec::Searches => "instagram.searches",
        }
    }

    fn make_parser(self) -> Box<dyn FileParser> {
        match self {
            ParserSpec::MessageThread => Box::new(MessageThreadParser::new(self.rule())),
            ParserSpec::LegacyMessages => Box::new(parsers::LegacyMessages::default()),
            ParserSpec::OffMetaPage => Box::new(meta::OffMetaPageParser {
                rule: self.rule(),
                names_business: true,
            }),
            spec => Box::new(parsers::ItemParser { spec }),
        }
    }
}

impl PlatformModule for Instagram {
    fn platform(&self) -> Platform {
        Platform("instagram")
    }

    fn display_name(&self) -> &'static str {
        "Instagram"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        ParserSpec::parse(spec).map(ParserSpec::make_parser)
    }

    fn is_pre_pass(&self, spec: &str) -> bool {
        ParserSpec::parse(spec) == Some(ParserSpec::Profile)
    }

    fn repairs_mojibake(&self) -> bool {
        true
    }

    fn names_a_person(&self, parent: &str, segment: &str) -> bool {
        meta::names_a_person(parent, segment)
    }

    /// Instagram's HTML prints every date at a fixed UTC−8, with no daylight saving, whatever
    /// the account's zone (`Etc/GMT+8`: the IANA sign is inverted).
    fn html_zone(&self) -> Option<&'static str> {
        Some("Etc/GMT+8")
    }

    fn export_notes(
        &self,
        full_paths: &[&str],
        _relative_paths: &[&str],
        _context: &std::collections::BTreeMap<String, String>,
    ) -> Vec<(crate::model::DiagnosticCode, String)> {
        meta::export_notes(full_paths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_file_row_is_valid() {
        let (catalogue, errors) = &*CATALOGUE;
        assert!(errors.is_empty(), "{errors:?}");
        assert!(catalogue.known_files.len() > 100);
        assert_eq!(catalogue.generations.len(), 3);
    }

    #[test]
    fn parser_specs_parse_strictly() {
        assert_eq!(
            ParserSpec::parse("people:connection:received"),
            Some(ParserSpec::People(Kind::Connection, Provenance::Received))
        );
        assert_eq!(
            ParserSpec::parse("legacy_activity:comment"),
            Some(ParserSpec::LegacyActivity(Kind::Comment))
        );
        assert_eq!(ParserSpec::parse("legacy_activity:comment:received"), None);
        assert_eq!(ParserSpec::parse("profile:name"), None);
        assert_eq!(ParserSpec::parse("labels:ad_interest"), None);
        assert_eq!(ParserSpec::parse("nope"), None);
    }
}

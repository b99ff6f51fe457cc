//! Facebook "Download your information" exports, JSON flavour: the table of known files per
//! export generation (data: `known_files.tsv`, `generations.tsv`) and the parsers they name.
//!
//! Adding an export generation is adding rows and a fixture. Parsers read values from known keys
//! only; anything unknown inside a known file is left to the generic scanner. No parser prints a
//! value.

mod legacy;
mod parsers;
mod profile;

use std::sync::LazyLock;

use crate::data::TableError;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Platform, Provenance, RecordSink};
use crate::platforms::{Catalogue, FileParser, PlatformModule};

use crate::platforms::meta::{self, MessageThreadParser};

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

/// Folders so generic that they prove nothing about Facebook on their own.
const WEAK_DIRS: &[&str] = &[
    "messages", "posts", "comments", "location", "search", "events", "groups", "pages",
];

pub struct Facebook;

pub static FACEBOOK: Facebook = Facebook;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(GENERATIONS_TSV, KNOWN_FILES_TSV, WEAK_DIRS, true, |spec| {
        ParserSpec::parse(spec).is_some()
    })
});

impl PlatformModule for Facebook {
    fn platform(&self) -> Platform {
        Platform("facebook")
    }

    fn display_name(&self) -> &'static str {
        "Facebook"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        ParserSpec::parse(spec).map(ParserSpec::make_parser)
    }

    fn is_pre_pass(&self, spec: &str) -> bool {
        matches!(
            ParserSpec::parse(spec),
            Some(ParserSpec::Profile | ParserSpec::TimeZone)
        )
    }

    fn repairs_mojibake(&self) -> bool {
        true
    }

    /// Thread folders (`inbox/alice_1021…`) and end-to-end-encrypted flat files
    /// (`messages/alice_1.json`) are named after the other person.
    fn names_a_person(&self, parent: &str, segment: &str) -> bool {
        meta::names_a_person(parent, segment)
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

/// What a row of `known_files.tsv` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParserSpec {
    Profile,
    AddressBook,
    /// Every label string of the file is one record of this kind (not a number, a link or a
    /// sentence explaining the list: [`meta::is_label_noise`]).
    StringLabels(Kind, Provenance),
    /// Lists of people (`{name, timestamp}`): friends, followers, requests.
    People(Kind, Provenance),
    /// Pages: `{name, timestamp}` or `{data: [{name}], title}`.
    Pages(Kind, Provenance),
    AdInteractions,
    AdvertisersUsing,
    OffPlatformActivity,
    /// A page of one business's activity off Meta (HTML, from 2026).
    OffMetaPage,
    MessageThread,
    LocationHistory,
    PrimaryLocation,
    DeviceLocation,
    LastLocation,
    LoginEvents,
    /// Records of the security logs and device lists read by their labels, not counted as logins.
    SecurityRecords,
    /// What Facebook keeps to recognise your logins (`login_protection_data`).
    LoginProtection,
    /// The cookies your browsers are known by (`datr_stats_v2`), each a device.
    BrowserCookies,
    /// The days you used Facebook, per app (`last_activity_v2`), each counted as a login.
    ActivityDays,
    /// The history of your profile's changes (`profile_updates_v2`), read as the profile is.
    ProfileUpdates,
    /// Items you put up for sale on Marketplace (`items_selling_v2`).
    ItemsForSale,
    /// History of e-mail, phone and name changes (`admin_records`).
    AdminRecords,
    /// Phones and tablets with their advertising ids (`devices_v2`).
    MobileDevices,
    /// The devices end-to-end encrypted chats ran on, and their last IPs.
    SecretConversations,
    /// The face template Facebook's face recognition kept (`facial_data`, until 2021).
    FaceRecognition,
    /// Events you answered (`event_responses`).
    EventResponses,
    /// Your answers to the questions groups ask before you join (`group_answers`).
    GroupAnswers,
    /// Label/value forms you filled in (lead ads), read by concept.
    PersonalFields,
    /// The account's time zone, which the HTML flavour's dates are printed in.
    TimeZone,
    /// Every conversation on one page (`html/messages.htm`, before 2018).
    LegacyMessagesHtml,
    SearchHistory,
    Posts,
    /// The Facebook Dating profile and preferences (special-category data).
    Dating,
    /// Payments made or received through Facebook (`payments_v2`).
    Payments,
    /// Photos and videos kept outside posts (albums, uncategorised photos, videos): where each
    /// was taken and the IP it was uploaded from, and the words of an album's name and
    /// description. Not counted as posts: the same uploads are the attachments of posts.
    Media,
    CheckIns,
    /// Places named in a record (`{name, coordinate, address}` or labelled `Place name`,
    /// `Coordinates` rows): places you created, places you were tagged in.
    Places(Provenance),
    /// Items of a log, counted (pages and profiles you viewed, links you opened).
    Counted(Kind, Provenance),
    /// The items listed in `label_values` lists (`vec`), each counted with its own time (the
    /// 2026 logs of what was shown to you, one record of lists).
    Listed(Kind, Provenance),
    /// The sections of the log of what you viewed (`recently_viewed`), their entries counted:
    /// videos watched apart from pages viewed.
    ViewedSections,
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
            "off_meta_page" => simple(ParserSpec::OffMetaPage),
            "message_thread" => simple(ParserSpec::MessageThread),
            "location_history" => simple(ParserSpec::LocationHistory),
            "primary_location" => simple(ParserSpec::PrimaryLocation),
            "device_location" => simple(ParserSpec::DeviceLocation),
            "last_location" => simple(ParserSpec::LastLocation),
            "login_events" => simple(ParserSpec::LoginEvents),
            "security_records" => simple(ParserSpec::SecurityRecords),
            "login_protection" => simple(ParserSpec::LoginProtection),
            "browser_cookies" => simple(ParserSpec::BrowserCookies),
            "activity_days" => simple(ParserSpec::ActivityDays),
            "profile_updates" => simple(ParserSpec::ProfileUpdates),
            "items_for_sale" => simple(ParserSpec::ItemsForSale),
            "admin_records" => simple(ParserSpec::AdminRecords),
            "mobile_devices" => simple(ParserSpec::MobileDevices),
            "secret_conversations" => simple(ParserSpec::SecretConversations),
            "face_recognition" => simple(ParserSpec::FaceRecognition),
            "event_responses" => simple(ParserSpec::EventResponses),
            "group_answers" => simple(ParserSpec::GroupAnswers),
            "personal_fields" => simple(ParserSpec::PersonalFields),
            "timezone" => simple(ParserSpec::TimeZone),
            "legacy_messages_html" => simple(ParserSpec::LegacyMessagesHtml),
            "search_history" => simple(ParserSpec::SearchHistory),
            "posts" => simple(ParserSpec::Posts),
            "media" => simple(ParserSpec::Media),
            "dating" => simple(ParserSpec::Dating),
            "payments" => simple(ParserSpec::Payments),
            "check_ins" => simple(ParserSpec::CheckIns),
            "counted" => with(ParserSpec::Counted),
            "listed" => with(ParserSpec::Listed),
            "viewed_sections" => simple(ParserSpec::ViewedSections),
            // `places:<provenance>`.
            "places" => match (
                text.split(':').nth(1).and_then(Provenance::from_id),
                provenance,
            ) {
                (Some(given), None) => Some(ParserSpec::Places(given)),
                _ => None,
            },
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
            ParserSpec::OffMetaPage => "facebook.off_meta_page",
            ParserSpec::MessageThread => "facebook.message_thread",
            ParserSpec::LocationHistory => "facebook.location_history",
            ParserSpec::PrimaryLocation => "facebook.primary_location",
            ParserSpec::DeviceLocation => "facebook.device_location",
            ParserSpec::LastLocation => "facebook.last_location",
            ParserSpec::LoginEvents => "facebook.login_events",
            ParserSpec::SecurityRecords => "facebook.security_records",
            ParserSpec::LoginProtection => "facebook.login_protection",
            ParserSpec::BrowserCookies => "facebook.browser_cookies",
            ParserSpec::ActivityDays => "facebook.activity_days",
            ParserSpec::ProfileUpdates => "facebook.profile_updates",
            ParserSpec::ItemsForSale => "facebook.items_for_sale",
            ParserSpec::AdminRecords => "facebook.admin_records",
            ParserSpec::MobileDevices => "facebook.mobile_devices",
            ParserSpec::SecretConversations => "facebook.secret_conversations",
            ParserSpec::FaceRecognition => "facebook.face_recognition",
            ParserSpec::EventResponses => "facebook.event_responses",
            ParserSpec::GroupAnswers => "facebook.group_answers",
            ParserSpec::PersonalFields => "facebook.personal_fields",
            ParserSpec::TimeZone => "facebook.timezone",
            ParserSpec::LegacyMessagesHtml => "facebook.legacy_messages_html",
            ParserSpec::SearchHistory => "facebook.search_history",
            ParserSpec::Posts => "facebook.posts",
            ParserSpec::Media => "facebook.media",
            ParserSpec::Dating => "facebook.dating",
            ParserSpec::Payments => "facebook.payments",
            ParserSpec::CheckIns => "facebook.check_ins",
            ParserSpec::Places(_) => "facebook.places",
            ParserSpec::Counted(..) => "facebook.counted",
            ParserSpec::Listed(..) => "facebook.listed",
            ParserSpec::ViewedSections => "facebook.viewed_sections",
            ParserSpec::Comments => "facebook.comments",
            ParserSpec::Reactions => "facebook.reactions",
        }
    }

    pub fn make_parser(self) -> Box<dyn FileParser> {
        match self {
            ParserSpec::MessageThread => Box::new(MessageThreadParser::new(self.rule())),
            ParserSpec::LegacyMessagesHtml => Box::new(legacy::LegacyMessagesHtml::default()),
            ParserSpec::OffMetaPage => Box::new(meta::OffMetaPageParser {
                rule: self.rule(),
                names_business: false,
            }),
            spec => Box::new(ItemParser { spec }),
        }
    }
}

/// A parser that handles each streamed JSON item on its own.
struct ItemParser {
    spec: ParserSpec,
}

impl FileParser for ItemParser {
    fn rule(&self) -> &'static str {
        self.spec.rule()
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        match item {
            Item::Json { pointer, value } => parsers::parse_item(self.spec, sink, pointer, &value),
            Item::Html(doc) => {
                for (i, record) in meta::html::records(doc).iter().enumerate() {
                    let value = meta::html::to_value(record, sink.timezone());
                    parsers::parse_item(self.spec, sink, &format!("/{i}"), &value);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_file_row_is_valid() {
        let (catalogue, errors) = &*CATALOGUE;
        assert!(errors.is_empty(), "{errors:?}");
        assert!(
            catalogue.known_files.len() > 200,
            "rows and their HTML twins"
        );
    }

    #[test]
    fn generations_have_distinct_markers() {
        let generations = &CATALOGUE.0.generations;
        assert_eq!(generations.len(), 5);
        for (i, a) in generations.iter().enumerate() {
            for b in &generations[i + 1..] {
                for m in &a.markers {
                    assert!(!b.markers.contains(m), "marker {m} in two generations");
                }
            }
        }
    }

    #[test]
    fn known_files_match_both_apostrophe_spellings_and_prefer_the_generation() {
        let catalogue = FACEBOOK.catalogue();
        let a = catalogue.find_known(
            Some("2024-2026"),
            "connections/followers/who_you've_followed.json",
        );
        let b = catalogue.find_known(
            Some("2024-2026"),
            "connections/followers/who_you_ve_followed.json",
        );
        assert_eq!(a.unwrap().pattern, b.unwrap().pattern);
        let profile = catalogue
            .find_known(
                Some("2021-2022"),
                "profile_information/profile_information.json",
            )
            .unwrap();
        assert_eq!(profile.generation, "2021-2022");
        // A file of another generation is still known.
        let old = catalogue
            .find_known(Some("2024-2026"), "about_you/your_address_books.json")
            .unwrap();
        assert_eq!(old.generation, "2018-2021");
        assert!(
            catalogue
                .find_known(None, "nothing/like/this.json")
                .is_none()
        );
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

//! TikTok "Download your data" (formats/others.md §4): one JSON file (`user_data.json` with the
//! old section names, `user_data_tiktok.json` with the new ones) walked section by section, or
//! the text flavour (folders of `.txt` files of `Key: value` records). Both flavours go to the
//! same readers, chosen by the section's title (`Watch History` / `Video Browsing History` /
//! `Browsing History.txt`...). Chats sit under keys that name the other person
//! (`Chat History with river_fox:`); the owner is the profile's user name. No parser prints a
//! value.

use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::data::TableError;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Platform, Provenance, RecordSink};
use crate::platforms::common;
use crate::platforms::meta::messages::{ConversationLog, LoggedMessage};
use crate::platforms::{Catalogue, FileParser, Outcome, PlatformModule};

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

const GIVEN: Provenance = Provenance::Volunteered;
const SEEN: Provenance = Provenance::Observed;

pub struct TikTok;

pub static TIKTOK: TikTok = TikTok;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(
        GENERATIONS_TSV,
        KNOWN_FILES_TSV,
        &["Activity", "Profile", "Comments", "Video", "TikTok"],
        false,
        |spec| matches!(spec, "user_data" | "txt" | "txt_profile"),
    )
});

impl PlatformModule for TikTok {
    fn platform(&self) -> Platform {
        Platform("tiktok")
    }

    fn display_name(&self) -> &'static str {
        "TikTok"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        let text = match spec {
            "user_data" => false,
            "txt" | "txt_profile" => true,
            _ => return None,
        };
        Some(Box::new(Sections {
            text,
            gathered: common::Gathered::default(),
            pending: None,
            chat: None,
            log: ConversationLog::default(),
        }))
    }

    /// The text flavour's profile file comes first, so chats know their owner.
    fn is_pre_pass(&self, spec: &str) -> bool {
        spec == "txt_profile"
    }

    fn names_a_person(&self, _parent: &str, segment: &str) -> bool {
        segment.starts_with("Chat History with")
    }
}

/// What a section holds, by its title in either JSON flavour or its text file's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Watch,
    Like,
    Followers,
    Following,
    Blocked,
    Search,
    Login,
    Status,
    Location,
    Purchase,
    Comment,
    Post,
    Profile,
    Autofill,
    /// TikTok Shop's saved delivery addresses.
    SavedAddress,
    AdInterests,
    OffTikTok,
    Partners,
    Chat,
    Review,
    Hashtag,
}

fn section(title: &str) -> Option<Section> {
    let key: String = title
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        // Dutch text exports translate file names (`Je activiteit/Kijkgeschiedenis.txt`).
        "videobrowsinghistory"
        | "watchhistory"
        | "browsinghistory"
        | "videolist"
        | "kijkgeschiedenis" => Section::Watch,
        "likelist" | "favoritevideos" | "favoritesounds" | "favoritehashtags"
        | "favoriteeffects" | "itemfavoritelist" => Section::Like,
        "followerlist" | "follower" | "fanslist" => Section::Followers,
        "followinglist" | "following" => Section::Following,
        "blocklist" | "block" => Section::Blocked,
        "searchhistory" | "searches" | "searchlist" => Section::Search,
        "loginhistory" | "loginhistorylist" => Section::Login,
        "status" | "statuslist" => Section::Status,
        "mostrecentlocationdata" | "locationdata" => Section::Location,
        "purchasehistory" | "purchases" => Section::Purchase,
        "comments" | "commentslist" => Section::Comment,
        "videos" | "posts" | "post" | "recentlydeletedposts" => Section::Post,
        "profileinformation" | "profileinfo" | "profilemap" => Section::Profile,
        "autofill" => Section::Autofill,
        "savedaddressinformation" | "savedaddress" => Section::SavedAddress,
        "adinterests" => Section::AdInterests,
        "offtiktokactivity" | "offtiktokactivities" | "usagedatafromthirdpartyappsandwebsites" => {
            Section::OffTikTok
        }
        "adsbasedondatareceivedfrompartners" => Section::Partners,
        "chathistory" | "directmessages" | "directmessage" => Section::Chat,
        "locationreviews" => Section::Review,
        "hashtag" => Section::Hashtag,
        _ => return None,
    })
}

/// The keys of a search term and of a user name, in English and in Dutch text exports
/// (`Zoekterm:`, `Gebruikersnaam:`).
const SEARCH_TERM: &[&str] = &["searchterm", "search", "zoekterm"];
const USERNAME: &[&str] = &["username", "user", "gebruikersnaam"];

/// A record's field by a normalised key (`userName`, `User Name`, `username` are one key).
fn field<'r>(record: &'r Map<String, Value>, keys: &[&str]) -> Option<&'r str> {
    record.iter().find_map(|(k, v)| {
        let norm: String = k
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        keys.contains(&norm.as_str())
            .then(|| v.as_str())
            .flatten()
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "N/A")
    })
}

/// TikTok's dates: `2024-11-02 21:14:05` (UTC), with or without ` UTC`.
fn seconds(text: &str) -> Option<i64> {
    common::utc_seconds(text, &["%Y-%m-%d %H:%M:%S"])
}

/// The readers of every section, fed records one at a time by either flavour.
struct Sections {
    /// The text flavour (records built from `Key: value` lines).
    text: bool,
    /// Scalars of one JSON object (a profile map) gathered into a record.
    gathered: common::Gathered,
    /// The record being built from a text file's lines: (pointer of its first line, fields).
    pending: Option<(String, Map<String, Value>)>,
    /// The chat a text file's records belong to.
    chat: Option<String>,
    log: ConversationLog,
}

impl Sections {
    fn flush(&mut self, sink: &mut dyn RecordSink, closed: Option<(String, Map<String, Value>)>) {
        if let Some((parent, record)) = closed {
            let title = section_title(&parent);
            self.record(sink, &title, None, &record, &parent);
        }
    }

    fn record(
        &mut self,
        sink: &mut dyn RecordSink,
        title: &str,
        chat: Option<&str>,
        r: &Map<String, Value>,
        at: &str,
    ) {
        // A file whose name is not known (a translated one) but whose records name a search
        // term is a search history.
        let by_fields = || field(r, SEARCH_TERM).map(|_| Section::Search);
        let Some(section) = section(title).or_else(by_fields) else {
            for (key, value) in r {
                if let Some(text) = value.as_str() {
                    sink.scan_value(&key.to_lowercase(), text, at);
                }
            }
            return;
        };
        let time = field(r, &["date", "timestamp", "createdate", "datum"]).and_then(seconds);
        match section {
            Section::Watch => sink.count(Kind::WatchEvent, SEEN, at, time),
            Section::Like => sink.count(Kind::Reaction, GIVEN, at, time),
            Section::Followers | Section::Following | Section::Blocked => {
                let provenance = if section == Section::Followers {
                    Provenance::Received
                } else {
                    GIVEN
                };
                if let Some(user) = field(r, USERNAME) {
                    sink.record(Kind::Connection, user, provenance, at, time);
                }
            }
            Section::Search => {
                sink.count(Kind::SearchQuery, GIVEN, at, time);
                if let Some(term) = field(r, SEARCH_TERM) {
                    sink.scan_text(Kind::SearchQuery, term, GIVEN, at, time);
                }
            }
            Section::Login => {
                sink.count(Kind::Login, SEEN, at, time);
                if let Some(ip) = field(r, &["ip", "ipaddress"]) {
                    common::ip_address(sink, ip, at, time);
                }
                let device = [field(r, &["devicemodel"]), field(r, &["devicesystem"])]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                sink.record(Kind::Device, &device, SEEN, at, time);
            }
            Section::Status => {
                for key in ["idfa", "gaid", "androidid", "idfv"] {
                    if let Some(id) = field(r, &[key]) {
                        sink.record(Kind::AdvertisingId, id, SEEN, at, None);
                    }
                }
            }
            Section::Location => {
                if let Some(point) = field(r, &["gpsdata"]).and_then(common::coordinate_pair) {
                    sink.record(
                        Kind::LocationPoint,
                        &common::format_point(point),
                        SEEN,
                        at,
                        time,
                    );
                }
                if let Some(region) = field(r, &["lastregion"]) {
                    sink.record(Kind::Place, region, SEEN, at, time);
                }
            }
            Section::Purchase => {
                let amount = field(r, &["price", "giftamount"]).unwrap_or("purchase");
                sink.record(Kind::Payment, amount, GIVEN, at, time);
            }
            Section::Comment => {
                sink.count(Kind::Comment, GIVEN, at, time);
                if let Some(text) = field(r, &["comment", "commentcontent"]) {
                    sink.scan_text(Kind::Comment, text, GIVEN, at, time);
                }
            }
            Section::Post => {
                sink.count(Kind::Post, GIVEN, at, time);
                if let Some(place) = field(r, &["location"]) {
                    sink.record(Kind::Place, place, GIVEN, at, time);
                }
                if let Some(title) = field(r, &["title", "addyourstext"]) {
                    sink.scan_text(Kind::Post, title, GIVEN, at, time);
                }
            }
            Section::Profile => {
                if let Some(user) = field(r, USERNAME) {
                    sink.set_owner(user);
                    sink.record(Kind::Username, user, GIVEN, at, None);
                }
                let pairs = [
                    (&["displayname", "nickname"][..], Kind::Name),
                    (&["emailaddress", "email"][..], Kind::Email),
                    (&["birthdate"][..], Kind::Birthdate),
                ];
                for (keys, kind) in pairs {
                    if let Some(value) = field(r, keys) {
                        sink.record(kind, value, GIVEN, at, None);
                    }
                }
                if let Some(phone) = field(r, &["telephonenumber", "phonenumber"]) {
                    sink.record(
                        Kind::Phone,
                        &common::normalize_phone(phone),
                        GIVEN,
                        at,
                        None,
                    );
                }
                if let Some(bio) = field(r, &["biodescription", "bio"]) {
                    sink.record(Kind::Bio, bio, GIVEN, at, None);
                    sink.scan_text(Kind::Bio, bio, GIVEN, at, None);
                }
            }
            // `{receiver_name, masked_phone_number, adress_info}` (sic): the address; the phone
            // is masked, and the receiver is mostly the account holder (not a contact).
            Section::SavedAddress => {
                if let Some(address) = field(r, &["adressinfo", "addressinfo", "address"]) {
                    sink.record(Kind::PostalAddress, address, GIVEN, at, None);
                }
            }
            Section::Autofill => {
                let name = [field(r, &["firstname"]), field(r, &["lastname"])]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                sink.record(Kind::Name, &name, GIVEN, at, None);
                if let Some(email) = field(r, &["email"]) {
                    sink.record(Kind::Email, email, GIVEN, at, None);
                }
                if let Some(phone) = field(r, &["phonenumber"]) {
                    sink.record(
                        Kind::Phone,
                        &common::normalize_phone(phone),
                        GIVEN,
                        at,
                        None,
                    );
                }
                let address = ["address", "unit", "zipcode", "city", "state", "country"]
                    .iter()
                    .filter_map(|k| field(r, &[k]))
                    .collect::<Vec<_>>()
                    .join(", ");
                sink.record(Kind::PostalAddress, &address, GIVEN, at, None);
            }
            Section::AdInterests => {
                if let Some(list) = field(r, &["adinterestcategories"]) {
                    for interest in list
                        .split(['|', ','])
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                    {
                        sink.record(Kind::AdInterest, interest, Provenance::Inferred, at, None);
                    }
                }
            }
            Section::OffTikTok => {
                sink.count(Kind::OffPlatformEvent, Provenance::Received, at, time);
                if let Some(source) = field(r, &["source"]) {
                    sink.record(Kind::Advertiser, source, Provenance::Received, at, time);
                }
            }
            Section::Partners => {
                for key in ["datapartnerlist", "advertiserlist"] {
                    for name in field(r, &[key])
                        .into_iter()
                        .flat_map(|l| l.split(['|', ',']))
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                    {
                        sink.record(Kind::Advertiser, name, Provenance::Received, at, None);
                    }
                }
            }
            Section::Chat => {
                let thread = chat.unwrap_or("chat").trim_end_matches(':');
                let message = LoggedMessage {
                    sender: field(r, &["from"]).map(str::to_string),
                    time,
                    text: field(r, &["content"]).map(str::to_string),
                    pointer: at.to_string(),
                };
                let key = format!("{}#{thread}", sink.file());
                self.log.message(sink, &key, message);
            }
            Section::Review => {
                if let Some(place) = field(r, &["placename"]) {
                    sink.record(Kind::Place, place, GIVEN, at, time);
                }
                if let Some(text) = field(r, &["reviewtext"]) {
                    sink.scan_text(Kind::Post, text, GIVEN, at, time);
                }
            }
            Section::Hashtag => {
                if let Some(tag) = field(r, &["hashtagname"]) {
                    sink.record(Kind::LikedPage, tag, GIVEN, at, None);
                }
            }
        }
    }

    /// A line of the text flavour: `Key: value` (also `Key:: value`), a blank line ending a
    /// record, or `Chat History with …:` opening a chat.
    fn line(&mut self, sink: &mut dyn RecordSink, line: &str, number: u64) {
        let title = sink
            .file()
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".txt"))
            .unwrap_or("")
            .to_string();
        let line = line.trim();
        if line.is_empty() {
            if let Some((at, record)) = self.pending.take() {
                let chat = self.chat.clone();
                self.record(sink, &title, chat.as_deref(), &record, &at);
            }
            return;
        }
        if line.starts_with("Chat History with") && line.ends_with(':') {
            self.chat = Some(line.to_string());
            return;
        }
        let Some((key, value)) = line.split_once(": ").or_else(|| line.split_once(":: ")) else {
            return;
        };
        let key = key.trim_end_matches(':').to_string();
        let entry = self
            .pending
            .get_or_insert_with(|| (format!("/line/{number}"), Map::new()));
        entry.1.insert(key, Value::from(value.trim()));
    }
}

/// The section a JSON pointer sits in: its second segment (`/Your Activity/Watch History/...`),
/// or the first for sections without a middle level (`/Comment/CommentsList/...`).
fn section_title(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    segments
        .iter()
        .skip(1)
        .chain(segments.first())
        .find(|s| section(s).is_some())
        .map(|s| s.to_string())
        .unwrap_or_default()
}

impl FileParser for Sections {
    fn rule(&self) -> &'static str {
        if self.text {
            "tiktok.txt"
        } else {
            "tiktok.user_data"
        }
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        match item {
            Item::Text { line, number } => self.line(sink, line, number),
            Item::Json { pointer, value } => {
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                match value {
                    Value::Object(record) => {
                        let closed = self.gathered.take();
                        self.flush(sink, closed);
                        let title = section_title(pointer);
                        // A chat's key names the other person: `Chat History with river_fox:`.
                        let chat = pointer
                            .split('/')
                            .find(|s| s.starts_with("Chat History with"))
                            .map(str::to_string);
                        self.record(sink, &title, chat.as_deref(), &record, pointer);
                    }
                    scalar => {
                        let closed = self.gathered.push(parent, key, scalar);
                        self.flush(sink, closed);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, sink: &mut dyn RecordSink) -> Outcome {
        if self.text {
            self.line(sink, "", 0);
        } else {
            let closed = self.gathered.take();
            self.flush(sink, closed);
        }
        self.log.finish(sink);
        Outcome::Parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::collect::FileSink;
    use crate::decode::{self, Decoder};

    fn feed(file: &str, decoder: &str, text: &str) -> crate::classify::collect::Aggregate {
        let spec = if decoder == "text" {
            "txt"
        } else {
            "user_data"
        };
        let mut parser = TIKTOK.parser(spec).unwrap();
        let mut sink = FileSink::new(Platform("tiktok"), file, None, parser.rule());
        let decoder = Decoder::parse(decoder).unwrap();
        decode::feed(&mut text.as_bytes(), &decoder, false, &mut |item| {
            parser.item(&mut sink, item)
        })
        .unwrap();
        parser.finish(&mut sink);
        sink.aggregate
    }

    #[test]
    fn shop_addresses_are_postal_addresses() {
        let text = r#"{"Profile And Settings": {"Profile Info": {"ProfileMap": {"userName": "nora", "displayName": "Nora Exemple"}}},
            "TikTok Shop": {"Saved Address Information": {"SavedAddress": [
              {"receiver_name": "Nora Exemple", "masked_phone_number": "+33 6** ** ** 12", "adress_info": "12 rue des Exemples, 69001 Lyon"},
              {"receiver_name": "Paul Fictif", "masked_phone_number": "+33 6** ** ** 34", "adress_info": "3 allée Imaginaire, 13001 Marseille"}]}}}"#;
        let agg = feed("user_data_tiktok.json", "json:records", text);
        assert_eq!(agg.values_of(Kind::PostalAddress).len(), 2);
        assert!(!agg.record_counts().contains_key(&Kind::Phone));
        assert!(!agg.record_counts().contains_key(&Kind::Contact));
    }

    #[test]
    fn the_catalogue_is_valid() {
        assert!(CATALOGUE.1.is_empty(), "{:?}", CATALOGUE.1);
    }

    #[test]
    fn both_json_flavours_and_chats_keyed_by_the_other_person() {
        let text = r#"{"Direct Message": {"Direct Messages": {"ChatHistory": {"Chat History with river_fox:": [
              {"Date": "2024-10-30 18:01:00", "From": "river_fox", "Content": "mail river@example.com"},
              {"Date": "2024-10-30 18:02:00", "From": "nora", "Content": "ok"}]}}},
            "Profile And Settings": {"Profile Info": {"ProfileMap": {"userName": "nora", "emailAddress": "nora@example.org"}}},
            "Ads and data": {"Ad Interests": {"AdInterestCategories": "Pets | Baking"}},
            "Activity": {"Video Browsing History": {"VideoList": [{"Date": "2021-01-01 00:00:00", "Link": "x"}]}}}"#;
        let agg = feed("user_data_tiktok.json", "json:records", text);
        let messages = &agg.datasets[&(Platform("tiktok"), Kind::Message)].dataset;
        assert_eq!(messages.count, 2);
        assert_eq!(
            messages.by_provenance[&GIVEN], 1,
            "the profile's user name sent one"
        );
        assert_eq!(agg.values_of(Kind::AdInterest), ["Baking", "Pets"]);
        assert_eq!(agg.record_counts()[&Kind::WatchEvent], 1);
        assert_eq!(agg.values_of(Kind::Username), ["nora"]);
    }

    #[test]
    fn text_records_are_key_value_lines() {
        let text = "Date: 2022-04-08 18:20:00\nSearch Term: kayak\n\nDate: 2022-04-09 18:20:00\nSearch Term: tide times\n";
        let agg = feed("Activity/Searches.txt", "text", text);
        assert_eq!(agg.record_counts()[&Kind::SearchQuery], 2);
        let tags = "HashTag Name: kayaking\nHashTag Link:: https://www.tiktok.com/tag/kayaking\n";
        let agg = feed("Activity/Favorite HashTags.txt", "text", tags);
        assert_eq!(agg.record_counts()[&Kind::Reaction], 1);
    }

    #[test]
    fn dutch_text_files_are_read_by_their_translated_names_and_labels() {
        let watch = "Datum: 2024-11-02 21:14:05 UTC\nLink: https://www.tiktokv.com/share/video/1/\n\n\
                     Datum: 2024-11-03 08:00:00 UTC\nLink: https://www.tiktokv.com/share/video/2/\n";
        let agg = feed("TikTok/Je activiteit/Kijkgeschiedenis.txt", "text", watch);
        let watched = &agg.datasets[&(Platform("tiktok"), Kind::WatchEvent)].dataset;
        assert_eq!(watched.count, 2);
        assert_eq!(watched.first_seen, Some(1730582045), "dated by `Datum:`");
        // A file name not known, with records that name a search term: searches.
        let searches = "Datum: 2024-11-02 21:14:05 UTC\nZoekterm: kajak huren\n";
        let agg = feed("TikTok/Je activiteit/Zoekopdrachten.txt", "text", searches);
        assert_eq!(agg.record_counts()[&Kind::SearchQuery], 1);
        // Records of an unknown file without one are only scanned.
        let agg = feed(
            "TikTok/Je activiteit/Iets.txt",
            "text",
            "Datum: 2024-11-02 21:14:05 UTC\n",
        );
        assert!(!agg.record_counts().contains_key(&Kind::SearchQuery));
    }
}

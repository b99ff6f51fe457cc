//! X / Twitter archives ("Download an archive of your data", formats/others.md §1): files of
//! `window.YTD.<name>.partN = [...]` under `data/` (since 2020) or at the root (2018–20), the
//! `window.__THAR_CONFIG` manifest, split archives whose parts share one manifest. Each array
//! element is a one-key wrapper (`{"tweet": {...}}`) or, in older files, the record itself;
//! numbers arrive as strings. Large ad and message files are streamed record by record (the
//! decoder path of their known-files row). No parser prints a value.

use std::sync::LazyLock;

use serde_json::Value;

use crate::data::TableError;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Platform, Provenance, RecordSink};
use crate::platforms::common::{self, as_f64, str_field, valid_point};
use crate::platforms::meta::messages::{ConversationLog, LoggedMessage};
use crate::platforms::{Catalogue, FileParser, Outcome, PlatformModule};

const KNOWN_FILES_TSV: &str = include_str!("known_files.tsv");
const GENERATIONS_TSV: &str = include_str!("generations.tsv");

/// Folders so generic that they prove nothing about X on their own.
const WEAK_DIRS: &[&str] = &["data", "assets", "manifest.js"];

const GIVEN: Provenance = Provenance::Volunteered;
const SEEN: Provenance = Provenance::Observed;

pub struct X;

pub static X_ARCHIVE: X = X;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(GENERATIONS_TSV, KNOWN_FILES_TSV, WEAK_DIRS, false, |spec| {
        Spec::parse(spec).is_some()
    })
});

/// What a row of `known_files.tsv` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spec {
    Manifest,
    Account,
    Profile,
    PhoneNumber,
    EmailChange,
    ScreenNameChange,
    CreationIp,
    IpAudit,
    AgeInfo,
    Personalization,
    Contact,
    DeviceToken,
    NiDevices,
    KeyRegistry,
    ConnectedApplication,
    TimeZone,
    People(Provenance),
    Like,
    Tweet,
    SavedSearch,
    LinkClicks,
    Grok,
    AdImpression,
    AdEngagement,
    Conversion,
    DirectMessages,
    /// Live videos broadcast through Periscope (`periscope-broadcast-metadata.js`).
    Broadcast,
}

impl Spec {
    fn parse(text: &str) -> Option<Spec> {
        Some(match text {
            "manifest" => Spec::Manifest,
            "account" => Spec::Account,
            "profile" => Spec::Profile,
            "phone_number" => Spec::PhoneNumber,
            "email_change" => Spec::EmailChange,
            "screen_name_change" => Spec::ScreenNameChange,
            "creation_ip" => Spec::CreationIp,
            "ip_audit" => Spec::IpAudit,
            "ageinfo" => Spec::AgeInfo,
            "personalization" => Spec::Personalization,
            "contact" => Spec::Contact,
            "device_token" => Spec::DeviceToken,
            "ni_devices" => Spec::NiDevices,
            "key_registry" => Spec::KeyRegistry,
            "connected_application" => Spec::ConnectedApplication,
            "timezone" => Spec::TimeZone,
            "people:received" => Spec::People(Provenance::Received),
            "people:volunteered" => Spec::People(GIVEN),
            "like" => Spec::Like,
            "tweet" => Spec::Tweet,
            "saved_search" => Spec::SavedSearch,
            "link_clicks" => Spec::LinkClicks,
            "grok" => Spec::Grok,
            "ad_impression" => Spec::AdImpression,
            "ad_engagement" => Spec::AdEngagement,
            "conversion" => Spec::Conversion,
            "direct_messages" => Spec::DirectMessages,
            "broadcast" => Spec::Broadcast,
            _ => return None,
        })
    }

    fn rule(self) -> &'static str {
        match self {
            Spec::Manifest => "x.manifest",
            Spec::Account => "x.account",
            Spec::Profile => "x.profile",
            Spec::PhoneNumber => "x.phone_number",
            Spec::EmailChange => "x.email_change",
            Spec::ScreenNameChange => "x.screen_name_change",
            Spec::CreationIp => "x.creation_ip",
            Spec::IpAudit => "x.ip_audit",
            Spec::AgeInfo => "x.ageinfo",
            Spec::Personalization => "x.personalization",
            Spec::Contact => "x.contact",
            Spec::DeviceToken => "x.device_token",
            Spec::NiDevices => "x.ni_devices",
            Spec::KeyRegistry => "x.key_registry",
            Spec::ConnectedApplication => "x.connected_application",
            Spec::TimeZone => "x.timezone",
            Spec::People(_) => "x.people",
            Spec::Like => "x.like",
            Spec::Tweet => "x.tweet",
            Spec::SavedSearch => "x.saved_search",
            Spec::LinkClicks => "x.link_clicks",
            Spec::Grok => "x.grok",
            Spec::AdImpression => "x.ad_impression",
            Spec::AdEngagement => "x.ad_engagement",
            Spec::Conversion => "x.conversion",
            Spec::DirectMessages => "x.direct_messages",
            Spec::Broadcast => "x.broadcast",
        }
    }
}

/// Context keys the manifest is noted under: the records of each file it lists
/// (`x.count:data/tweets.js`), and whether the archive is one part of several.
const COUNT_KEY: &str = "x.count:";
const PARTIAL_ARCHIVE: &str = "x.partial_archive";

impl PlatformModule for X {
    fn platform(&self) -> Platform {
        Platform("x")
    }

    fn display_name(&self) -> &'static str {
        "X (Twitter)"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        let spec = Spec::parse(spec)?;
        Some(match spec {
            Spec::DirectMessages | Spec::Grok => Box::new(Conversations {
                spec,
                log: ConversationLog::default(),
            }),
            spec => Box::new(ItemParser { spec }),
        })
    }

    fn is_pre_pass(&self, spec: &str) -> bool {
        matches!(Spec::parse(spec), Some(Spec::Account | Spec::Manifest))
    }

    /// A part of a split archive given without the others: the files its manifest lists with
    /// records that none of the parts given holds (up to three named, then `…`).
    fn export_notes(
        &self,
        _full_paths: &[&str],
        relative_paths: &[&str],
        context: &std::collections::BTreeMap<String, String>,
    ) -> Vec<(crate::model::DiagnosticCode, String)> {
        if !context.contains_key(PARTIAL_ARCHIVE) {
            return Vec::new();
        }
        let missing: Vec<&str> = context
            .iter()
            .filter_map(|(key, count)| Some((key.strip_prefix(COUNT_KEY)?, count)))
            .filter(|(file, count)| *count != "0" && !relative_paths.contains(file))
            .map(|(file, _)| file)
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        // The manifest is the archive's own text: only plain file paths are named, never
        // anything that could carry a control sequence or markup into a report.
        let plain = |name: &&str| {
            name.len() <= 64
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'.' | b'-'))
        };
        let mut named: Vec<&str> = missing.iter().copied().filter(plain).take(3).collect();
        if missing.len() > named.len() {
            named.push("…");
        }
        vec![(crate::model::DiagnosticCode::PartsMissing, named.join(", "))]
    }

    /// A data file too large to read: the count the manifest gives for it.
    fn unread_counts(
        &self,
        relative_path: &str,
        context: &std::collections::BTreeMap<String, String>,
    ) -> Vec<(Kind, Provenance, u64)> {
        let Some(count) = context
            .get(&format!("{COUNT_KEY}{relative_path}"))
            .and_then(|c| c.parse::<u64>().ok())
        else {
            return Vec::new();
        };
        let stem = relative_path
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".js"))
            .unwrap_or("");
        let (kind, provenance) = match stem.split("-part").next().unwrap_or(stem) {
            "tweets" | "tweet" | "note-tweet" | "deleted-tweets" | "deleted-tweet" => {
                (Kind::Post, GIVEN)
            }
            "follower" => (Kind::Connection, Provenance::Received),
            "following" | "block" | "mute" => (Kind::Connection, GIVEN),
            "like" => (Kind::Reaction, GIVEN),
            "direct-messages" | "direct-messages-group" | "direct-message" => {
                (Kind::MessageThread, GIVEN)
            }
            "ip-audit" => (Kind::Login, SEEN),
            "ad-impressions" | "ad-engagements" => (Kind::AdImpression, SEEN),
            _ => return Vec::new(),
        };
        vec![(kind, provenance, count)]
    }
}

/// The record inside a one-key wrapper (`{"tweet": {...}}`), or the item itself.
fn unwrap(item: &Value) -> &Value {
    match item.as_object() {
        Some(map) if map.len() == 1 => map.values().next().unwrap_or(item),
        _ => item,
    }
}

/// Unix seconds of X's dates: ISO-8601 (`2024-03-05T08:14:09.120Z`), tweets'
/// `Tue Mar 05 08:14:09 +0000 2024`, ads' `2024-03-05 08:14:09` (UTC) or `2021.10.20`.
fn seconds(text: &str) -> Option<i64> {
    if let Ok(z) = jiff::Zoned::strptime("%a %b %d %H:%M:%S %z %Y", text.trim()) {
        return Some(z.timestamp().as_second());
    }
    common::utc_seconds(text, &["%Y-%m-%d %H:%M:%S", "%Y.%m.%d"])
}

fn time_at(record: &Value, keys: &[&str]) -> Option<i64> {
    keys.iter()
        .filter_map(|k| str_field(record, k))
        .find_map(seconds)
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().or_else(|| str_field(i, "name")))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

struct ItemParser {
    spec: Spec,
}

impl FileParser for ItemParser {
    fn rule(&self) -> &'static str {
        self.spec.rule()
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        if let Item::Json { pointer, value } = item {
            parse(self.spec, sink, pointer, unwrap(&value));
        }
        Ok(())
    }
}

fn parse(spec: Spec, sink: &mut dyn RecordSink, pointer: &str, r: &Value) {
    let created = time_at(r, &["createdAt", "created_at", "changedAt", "approvedAt"]);
    match spec {
        Spec::Manifest => match pointer {
            "/userInfo" => {
                owner_and_names(sink, pointer, r, "accountId", "userName", "displayName")
            }
            // A part of a split archive: the other parts hold some of the files listed.
            "/archiveInfo" => {
                let partial = r.get("isPartialArchive");
                if partial.and_then(Value::as_bool) == Some(true)
                    || partial.and_then(Value::as_str) == Some("true")
                {
                    sink.set_context(PARTIAL_ARCHIVE, "true");
                }
            }
            // Records per file, for files too large to read (and for parts not given).
            "/dataTypes" => {
                for files in r.as_object().into_iter().flat_map(|m| m.values()) {
                    for file in files
                        .get("files")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let (Some(name), Some(count)) =
                            (str_field(file, "fileName"), str_field(file, "count"))
                        {
                            sink.set_context(&format!("{COUNT_KEY}{name}"), count);
                        }
                    }
                }
            }
            _ => {}
        },
        Spec::Account => {
            owner_and_names(
                sink,
                pointer,
                r,
                "accountId",
                "username",
                "accountDisplayName",
            );
            if let Some(email) = str_field(r, "email") {
                sink.record(Kind::Email, email, GIVEN, pointer, created);
            }
            if let Some(phone) = str_field(r, "phoneNumber") {
                sink.record(
                    Kind::Phone,
                    &common::normalize_phone(phone),
                    GIVEN,
                    pointer,
                    None,
                );
            }
        }
        Spec::Profile => {
            let description = r.get("description").unwrap_or(r);
            if let Some(bio) = str_field(description, "bio") {
                sink.record(Kind::Bio, bio, GIVEN, pointer, None);
                sink.scan_text(Kind::Bio, bio, GIVEN, pointer, None);
            }
            if let Some(site) = str_field(description, "website") {
                sink.record(Kind::Website, site, GIVEN, pointer, None);
            }
            if let Some(place) = str_field(description, "location") {
                sink.record(Kind::Place, place, GIVEN, pointer, None);
            }
        }
        Spec::PhoneNumber => {
            if let Some(phone) = str_field(r, "phoneNumber") {
                sink.record(
                    Kind::Phone,
                    &common::normalize_phone(phone),
                    GIVEN,
                    pointer,
                    None,
                );
            }
        }
        Spec::EmailChange | Spec::ScreenNameChange => {
            let change = r
                .get("emailChange")
                .or_else(|| r.get("screenNameChange"))
                .unwrap_or(r);
            let kind = if spec == Spec::EmailChange {
                Kind::Email
            } else {
                Kind::Username
            };
            let time = time_at(change, &["changedAt"]);
            for key in ["changedFrom", "changedTo"] {
                if let Some(value) = str_field(change, key) {
                    sink.record(kind, value, GIVEN, pointer, time);
                }
            }
        }
        Spec::CreationIp => {
            if let Some(ip) = str_field(r, "userCreationIp") {
                common::ip_address(sink, ip, pointer, None);
            }
        }
        Spec::IpAudit => {
            sink.count(Kind::Login, SEEN, pointer, created);
            if let Some(ip) = str_field(r, "loginIp") {
                common::ip_address(sink, ip, pointer, created);
            }
        }
        Spec::AgeInfo => {
            for (key, provenance) in [
                ("ageInfo", GIVEN),
                ("inferredAgeInfo", Provenance::Inferred),
            ] {
                let Some(info) = r.get(key) else { continue };
                for age in strings(info.get("age")) {
                    sink.record(Kind::Age, age, provenance, pointer, None);
                }
                if let Some(birth) = str_field(info, "birthDate") {
                    sink.record(Kind::Birthdate, birth, provenance, pointer, None);
                }
            }
        }
        Spec::Personalization => personalization(sink, pointer, r),
        Spec::Contact => {
            let emails = strings(r.get("emails"));
            let phones = strings(r.get("phoneNumbers"));
            if let Some(first) = emails.first().or(phones.first()) {
                sink.record(Kind::Contact, first, GIVEN, pointer, None);
            }
            for point in emails.into_iter().chain(phones) {
                common::contact_point(sink, point, GIVEN, pointer, None);
            }
        }
        Spec::DeviceToken => {
            if let Some(app) = str_field(r, "clientApplicationName") {
                sink.record(Kind::Device, app, SEEN, pointer, created);
            }
            if let Some(token) = str_field(r, "token") {
                sink.record(Kind::Secret, token, SEEN, pointer, created);
            }
        }
        Spec::NiDevices => {
            for key in ["messagingDevice", "pushDevice"] {
                let Some(device) = r.get(key) else { continue };
                if let Some(phone) = str_field(device, "phoneNumber") {
                    sink.record(
                        Kind::Phone,
                        &common::normalize_phone(phone),
                        GIVEN,
                        pointer,
                        None,
                    );
                }
                let name = [
                    str_field(device, "deviceType"),
                    str_field(device, "deviceVersion"),
                    str_field(device, "carrier"),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
                sink.record(Kind::Device, &name, SEEN, pointer, None);
                if let Some(udid) = str_field(device, "udid") {
                    sink.record(Kind::AdvertisingId, udid, SEEN, pointer, None);
                }
            }
        }
        Spec::KeyRegistry => {
            for device in r
                .get("deviceMetadataList")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let time = time_at(device, &["createdAt"]);
                if let Some(agent) = str_field(device, "userAgent") {
                    sink.record(Kind::UserAgent, agent, SEEN, pointer, time);
                }
                if let Some(id) = str_field(device, "deviceId") {
                    sink.record(Kind::Device, id, SEEN, pointer, time);
                }
            }
        }
        Spec::ConnectedApplication => {
            let name = str_field(r, "name")
                .or_else(|| r.get("organization").and_then(|o| str_field(o, "name")));
            // An app you connected your account to: you gave it access (volunteered).
            if let Some(name) = name {
                sink.record(Kind::Advertiser, name, GIVEN, pointer, created);
            }
        }
        Spec::TimeZone => {
            if let Some(zone) = str_field(r, "timeZone") {
                sink.record(Kind::Place, zone, GIVEN, pointer, None);
            }
        }
        Spec::People(provenance) => {
            if let Some(id) = str_field(r, "accountId") {
                sink.record(Kind::Connection, id, provenance, pointer, None);
            }
        }
        Spec::Like => sink.count(Kind::Reaction, GIVEN, pointer, None),
        Spec::Tweet => tweet(sink, pointer, r),
        Spec::SavedSearch => {
            sink.count(Kind::SearchQuery, GIVEN, pointer, created);
            if let Some(query) = str_field(r, "query") {
                sink.scan_text(Kind::SearchQuery, query, GIVEN, pointer, created);
            }
        }
        Spec::LinkClicks => {
            let click = r.get("linkClick").unwrap_or(r);
            let time = time_at(click, &["timeStampOfInteraction"]);
            sink.count(Kind::VisitedPage, SEEN, pointer, time);
        }
        Spec::AdImpression => {
            sink.count(
                Kind::AdImpression,
                SEEN,
                pointer,
                time_at(r, &["impressionTime"]),
            );
            targeting(sink, pointer, r);
        }
        Spec::AdEngagement => {
            let impression = r.get("impressionAttributes").unwrap_or(r);
            let engagements = r
                .get("engagementAttributes")
                .and_then(Value::as_array)
                .map(Vec::len)
                .unwrap_or(1)
                .max(1);
            let time = time_at(impression, &["impressionTime"]);
            for _ in 0..engagements {
                sink.count(Kind::AdClick, SEEN, pointer, time);
            }
            targeting(sink, pointer, impression);
        }
        Spec::Conversion => {
            let time = time_at(r, &["conversionTime"]);
            sink.count(Kind::OffPlatformEvent, Provenance::Received, pointer, time);
            let business = r
                .get("advertiserInfo")
                .and_then(|a| str_field(a, "advertiserName"))
                .or_else(|| str_field(r, "applicationName"));
            if let Some(business) = business {
                sink.record(
                    Kind::Advertiser,
                    business,
                    Provenance::Received,
                    pointer,
                    time,
                );
            }
        }
        Spec::Broadcast => broadcast(sink, pointer, r),
        Spec::DirectMessages | Spec::Grok => {}
    }
}

/// A live video you broadcast (`{hasLocation, latitude, longitude, city, country, ...}`,
/// others.md §1.4), counted as a post: where it was filmed, when it says it has a location.
fn broadcast(sink: &mut dyn RecordSink, pointer: &str, r: &Value) {
    let keys = ["createdAt", "startedAt", "created_at", "start"];
    // Written as a date, or as Unix seconds or milliseconds.
    let time = time_at(r, &keys).or_else(|| {
        let number = keys
            .iter()
            .find_map(|k| r.get(*k).and_then(common::as_i64))?;
        Some(if number > 100_000_000_000 {
            number / 1000
        } else {
            number
        })
        .filter(|&t| t > 0)
    });
    sink.count(Kind::Post, GIVEN, pointer, time);
    let located = !matches!(r.get("hasLocation"), Some(Value::Bool(false)));
    if !located {
        return;
    }
    let point = r
        .get("latitude")
        .and_then(as_f64)
        .zip(r.get("longitude").and_then(as_f64))
        .and_then(|(lat, lon)| valid_point(lat, lon));
    if let Some(point) = point {
        let point = common::format_point(point);
        sink.record(Kind::LocationPoint, &point, GIVEN, pointer, time);
    }
    let place: Vec<&str> = ["city", "country"]
        .iter()
        .filter_map(|k| str_field(r, k))
        .collect();
    if !place.is_empty() {
        sink.record(Kind::Place, &place.join(", "), GIVEN, pointer, time);
    }
}

/// The account id tells later parsers who the owner is (messages carry sender ids); the user
/// name and display name are records.
fn owner_and_names(
    sink: &mut dyn RecordSink,
    pointer: &str,
    r: &Value,
    id: &str,
    username: &str,
    name: &str,
) {
    if let Some(id) = str_field(r, id) {
        sink.set_owner(id);
    }
    if let Some(handle) = str_field(r, username) {
        sink.record(Kind::Username, handle, GIVEN, pointer, None);
    }
    if let Some(name) = str_field(r, name) {
        sink.record(Kind::Name, name, GIVEN, pointer, None);
    }
}

/// `p13nData`: what X inferred (gender, age, languages, interests, places) and which advertisers
/// hold you in their audiences.
fn personalization(sink: &mut dyn RecordSink, pointer: &str, r: &Value) {
    const INFERRED: Provenance = Provenance::Inferred;
    let demographics = r.get("demographics");
    if let Some(demographics) = demographics {
        for language in demographics
            .get("languages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|l| str_field(l, "language"))
        {
            sink.record(Kind::Language, language, INFERRED, pointer, None);
        }
        if let Some(gender) = demographics
            .get("genderInfo")
            .and_then(|g| str_field(g, "gender"))
        {
            sink.record(Kind::Gender, gender, INFERRED, pointer, None);
        }
    }
    if let Some(interests) = r.get("interests") {
        for interest in strings(interests.get("interests")) {
            sink.record(Kind::AdInterest, interest, INFERRED, pointer, None);
        }
        for interest in strings(interests.get("partnerInterests")) {
            sink.record(
                Kind::AdInterest,
                interest,
                Provenance::Received,
                pointer,
                None,
            );
        }
        if let Some(audiences) = interests.get("audienceAndAdvertisers") {
            for key in [
                "advertisers",
                "lookalikeAdvertisers",
                "catalogAudienceAdvertisers",
            ] {
                for advertiser in strings(audiences.get(key)) {
                    sink.record(
                        Kind::Advertiser,
                        advertiser,
                        Provenance::Received,
                        pointer,
                        None,
                    );
                }
            }
        }
    }
    for place in strings(r.get("locationHistory")) {
        sink.record(Kind::Place, place, INFERRED, pointer, None);
    }
    for age in r
        .get("inferredAgeInfo")
        .map(|i| strings(i.get("age")))
        .unwrap_or_default()
    {
        sink.record(Kind::Age, age, INFERRED, pointer, None);
    }
}

/// An ad's advertiser and each matched targeting criterion (`targetingType: targetingValue`):
/// interests and keywords as `ad_interest`, the rest (age, gender, places, look-alikes...) as
/// `inferred_attribute`.
fn targeting(sink: &mut dyn RecordSink, pointer: &str, impression: &Value) {
    let time = time_at(impression, &["impressionTime"]);
    if let Some(advertiser) = impression
        .get("advertiserInfo")
        .and_then(|a| str_field(a, "advertiserName"))
    {
        sink.record(
            Kind::Advertiser,
            advertiser,
            Provenance::Received,
            pointer,
            time,
        );
    }
    for criterion in impression
        .get("matchedTargetingCriteria")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind_of = str_field(criterion, "targetingType").unwrap_or("Unknown");
        let value = str_field(criterion, "targetingValue").unwrap_or("");
        let interest = matches!(
            kind_of,
            "Interests" | "Keywords" | "Conversation topics" | "Events" | "Movies and TV shows"
        );
        let kind = if interest {
            Kind::AdInterest
        } else {
            Kind::InferredAttribute
        };
        let text = if value.is_empty() {
            kind_of.to_string()
        } else {
            format!("{kind_of}: {value}")
        };
        sink.record(kind, &text, Provenance::Inferred, pointer, time);
    }
}

fn tweet(sink: &mut dyn RecordSink, pointer: &str, t: &Value) {
    let time = time_at(t, &["created_at", "createdAt"]);
    sink.count(Kind::Post, GIVEN, pointer, time);
    let text = str_field(t, "full_text")
        .or_else(|| str_field(t, "text"))
        .or_else(|| t.get("core").and_then(|c| str_field(c, "text")));
    if let Some(text) = text {
        sink.scan_text(Kind::Post, text, GIVEN, pointer, time);
    }
    if let Some(point) = tweet_point(t) {
        sink.record(
            Kind::LocationPoint,
            &common::format_point(point),
            GIVEN,
            pointer,
            time,
        );
    }
    if let Some(place) = t.get("place").and_then(|p| str_field(p, "full_name")) {
        sink.record(Kind::Place, place, GIVEN, pointer, time);
    }
}

/// A tweet's point: `geo` is (lat, lon), `coordinates` GeoJSON (lon, lat), both as strings in
/// archives whose order is not reliable — a pair is only taken when it is valid either way.
fn tweet_point(t: &Value) -> Option<(f64, f64)> {
    let pair = |v: &Value| -> Option<(f64, f64)> {
        let list = v.get("coordinates")?.as_array()?;
        Some((as_f64(list.first()?)?, as_f64(list.get(1)?)?))
    };
    if let Some((a, b)) = t.get("geo").and_then(pair) {
        return valid_point(a, b).or_else(|| valid_point(b, a));
    }
    let (lon, lat) = t.get("coordinates").and_then(pair)?;
    valid_point(lat, lon).or_else(|| valid_point(lon, lat))
}

/// Direct messages (1:1 and group) and Grok chats: conversations whose sender is the account
/// (its id, from `account.js`) are `volunteered`.
struct Conversations {
    spec: Spec,
    log: ConversationLog,
}

impl FileParser for Conversations {
    fn rule(&self) -> &'static str {
        self.spec.rule()
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let conversation = pointer
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("");
        match self.spec {
            Spec::Grok => {
                let r = unwrap(&value);
                let chat = str_field(r, "chatId").unwrap_or(conversation);
                let from_grok = r
                    .get("sender")
                    .and_then(|s| str_field(s, "name").or_else(|| s.as_str()))
                    .is_some_and(|n| n.to_ascii_lowercase().contains("grok"));
                let sender = if from_grok {
                    Some("Grok".to_string())
                } else {
                    sink.owner().map(str::to_string)
                };
                let message = LoggedMessage {
                    sender,
                    time: time_at(r, &["createdAt"]),
                    text: str_field(r, "message").map(str::to_string),
                    pointer: pointer.to_string(),
                };
                self.log.message(sink, &format!("grok#{chat}"), message);
            }
            _ => {
                let Some(create) = value
                    .get("messageCreate")
                    .or_else(|| value.get("senderId").is_some().then_some(&value))
                else {
                    return Ok(());
                };
                let message = LoggedMessage {
                    sender: str_field(create, "senderId").map(str::to_string),
                    time: time_at(create, &["createdAt"]),
                    text: str_field(create, "text").map(str::to_string),
                    pointer: pointer.to_string(),
                };
                let thread = format!("{}#{conversation}", sink.file());
                self.log.message(sink, &thread, message);
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, sink: &mut dyn RecordSink) -> Outcome {
        self.log.finish(sink);
        Outcome::Parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::collect::FileSink;
    use crate::decode::{self, Decoder};

    fn feed(
        spec: &str,
        decoder: &str,
        text: &str,
        owner: Option<&str>,
    ) -> crate::classify::collect::Aggregate {
        let mut parser = X_ARCHIVE.parser(spec).unwrap();
        let mut sink = FileSink::new(Platform("x"), "data/f.js", owner, parser.rule());
        let decoder = Decoder::parse(decoder).unwrap();
        decode::feed(&mut text.as_bytes(), &decoder, false, &mut |item| {
            parser.item(&mut sink, item)
        })
        .unwrap();
        parser.finish(&mut sink);
        sink.aggregate
    }

    #[test]
    fn the_catalogue_is_valid() {
        assert!(CATALOGUE.1.is_empty(), "{:?}", CATALOGUE.1);
    }

    #[test]
    fn a_part_alone_names_plain_missing_files_only() {
        let mut context = std::collections::BTreeMap::new();
        let notes = |context: &std::collections::BTreeMap<String, String>| {
            X_ARCHIVE.export_notes(&[], &["data/manifest.js", "data/tweets-part2.js"], context)
        };
        for (file, count) in [
            ("data/tweets-part1.js", "3"),
            ("data/tweets-part2.js", "2"),
            ("data/empty.js", "0"),
            ("data/\u{1b}[31mevil.js", "1"),
        ] {
            context.insert(format!("{COUNT_KEY}{file}"), count.to_string());
        }
        assert!(notes(&context).is_empty(), "not a partial archive");
        context.insert(PARTIAL_ARCHIVE.to_string(), "true".to_string());
        let notes = notes(&context);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].1, "data/tweets-part1.js, …");
    }

    #[test]
    fn deleted_tweets_are_posts_the_platform_still_holds() {
        for path in [
            "data/deleted-tweet.js",
            "data/deleted-tweets.js",
            "data/deleted-tweets-part2.js",
        ] {
            let known = CATALOGUE.0.find_known(Some("2020-2026"), path);
            assert_eq!(known.map(|k| k.parser.as_str()), Some("tweet"), "{path}");
        }
        let text = r#"window.YTD.deleted_tweets.part0 = [ { "tweet" : {
          "deleted_at" : "2024-10-30T09:12:00.000Z", "id_str" : "1851234567890123999",
          "created_at" : "Tue Oct 29 18:02:44 +0000 2024",
          "full_text" : "write to tamsin.testwell@example.org about the plot" } } ]"#;
        let aggregate = feed("tweet", "js", text, None);
        assert_eq!(aggregate.record_counts().get(&Kind::Post), Some(&1));
        assert_eq!(aggregate.record_counts().get(&Kind::Email), Some(&1));
    }

    #[test]
    fn dates_of_every_x_format() {
        assert_eq!(seconds("2024-03-05T08:14:09.120Z"), Some(1709626449));
        assert_eq!(seconds("Tue Mar 05 08:14:09 +0000 2024"), Some(1709626449));
        assert_eq!(seconds("2024-03-05 08:14:09"), Some(1709626449));
        assert_eq!(seconds("2021.10.20"), Some(1634688000));
        assert_eq!(seconds("soon"), None);
    }

    #[test]
    fn targeting_criteria_become_interests_and_inferences() {
        let text = r#"window.YTD.ad_engagements.part0 = [ { "ad" : { "adsUserData" : { "adEngagements" : { "engagements" : [ {
          "impressionAttributes" : { "advertiserInfo" : { "advertiserName" : "Oat Example", "screenName" : "@oat" },
            "matchedTargetingCriteria" : [ { "targetingType" : "Age", "targetingValue" : "25 to 49" },
                                           { "targetingType" : "Interests", "targetingValue" : "Baking" } ],
            "impressionTime" : "2024-03-05 08:14:09" },
          "engagementAttributes" : [ { "engagementTime" : "2024-03-05 08:14:20", "engagementType" : "Detail" } ] } ] } } } } ]"#;
        let agg = feed(
            "ad_engagement",
            "js:/*/ad/adsUserData/adEngagements/engagements/*",
            text,
            None,
        );
        assert_eq!(agg.values_of(Kind::AdInterest), ["Interests: Baking"]);
        assert_eq!(agg.values_of(Kind::InferredAttribute), ["Age: 25 to 49"]);
        assert_eq!(agg.values_of(Kind::Advertiser), ["Oat Example"]);
        assert_eq!(agg.record_counts()[&Kind::AdClick], 1);
    }

    #[test]
    fn direct_messages_know_the_account_by_its_id() {
        let text = r#"window.YTD.direct_messages.part0 = [ { "dmConversation" : { "conversationId" : "11-22",
          "messages" : [ { "messageCreate" : { "senderId" : "22", "text" : "mail me at ben@example.com", "createdAt" : "2024-03-05T08:14:09.120Z" } },
                         { "messageCreate" : { "senderId" : "11", "text" : "ok", "createdAt" : "2024-03-05T08:15:09.120Z" } } ] } } ]"#;
        let agg = feed(
            "direct_messages",
            "js:/*/dmConversation/messages/*",
            text,
            Some("11"),
        );
        let messages = &agg.datasets[&(Platform("x"), Kind::Message)].dataset;
        assert_eq!(messages.count, 2);
        assert_eq!(messages.by_provenance[&GIVEN], 1);
        assert_eq!(agg.record_counts()[&Kind::MessageThread], 1);
        let email = agg
            .findings
            .values()
            .find(|f| f.kind == Kind::Email)
            .unwrap();
        assert_eq!(email.provenance, Provenance::Received);
    }

    #[test]
    fn a_file_too_large_to_read_is_counted_from_the_manifest() {
        use crate::archive::{Input, Limits};
        use crate::audit::{self, AuditOptions, NoProgress};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/x-2024-en");
        let tweets = root.join("twitter-2024-11-02-ab12cd34ef/data/tweets.js");
        let size = std::fs::metadata(&tweets).unwrap().len();
        let limits = Limits {
            max_member_bytes: size - 1,
            ..Limits::default()
        };
        let result = audit::run(
            &[Input::Path(root)],
            &AuditOptions {
                limits,
                progress: &NoProgress,
                mail_bodies: false,
            },
        );
        let export = &result.exports[0];
        let file = export
            .files
            .iter()
            .find(|f| f.path == "data/tweets.js")
            .unwrap();
        assert_eq!(file.status, crate::model::Status::Skipped);
        assert_eq!(file.records, 3, "the manifest's count");
        // The manifest's three tweets, and the fixture's two Periscope broadcasts.
        assert_eq!(export.aggregate.record_counts()[&Kind::Post], 3 + 2);
    }

    #[test]
    fn geo_pairs_are_checked_in_both_orders() {
        let t = serde_json::json!({"coordinates": {"type": "Point", "coordinates": ["-0.0754", "51.5055"]}});
        assert_eq!(tweet_point(&t), Some((51.5055, -0.0754)));
        let t = serde_json::json!({"geo": {"coordinates": ["151.2", "-33.8"]}});
        assert_eq!(tweet_point(&t), Some((-33.8, 151.2)));
    }

    #[test]
    fn a_broadcast_is_a_post_located_only_when_it_says_so() {
        let text = r#"window.YTD.periscope_broadcast_metadata.part0 = [
            {"broadcast": {"id": "1", "hasLocation": true, "latitude": 51.5007,
              "longitude": -0.1246, "city": "London", "country": "United Kingdom",
              "createdAt": "2019-04-02T18:30:00.000Z"}},
            {"broadcast": {"id": "2", "hasLocation": false, "latitude": 48.8584,
              "longitude": 2.2945, "city": "Paris", "country": "France", "createdAt": 1557471600000}}
        ]"#;
        let agg = feed("broadcast", "js", text, None);
        assert_eq!(agg.record_counts()[&Kind::LocationPoint], 1);
        assert_eq!(agg.values_of(Kind::Place), ["London, United Kingdom"]);
        let posts = &agg.datasets[&(Platform("x"), Kind::Post)].dataset;
        assert_eq!(posts.count, 2);
        assert_eq!(
            posts.last_seen,
            Some(1557471600),
            "milliseconds read as seconds"
        );
    }
}

//! Snapchat "My Data" (formats/others.md §5): files of titled sections under `json/` (read
//! section by section) and the same sections as HTML tables under `html/` (an `h2` title, then a
//! table whose header row names the fields), both going to the same readers. Dates end in
//! ` UTC`; coordinates arrive as text (`lat 51.507 ± 20 meters, long -0.128 ± 20 meters`,
//! `52.09 ± 14.2 meters, 5.12 ± 14.2 meters`, `Latitude, Longitude: 52.09, 5.12`); some keys hold
//! data (`Date: 2023-06-01 UTC`) and chats may be keyed by the friend's user name. No parser
//! prints a value.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
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
const INFERRED: Provenance = Provenance::Inferred;

/// Files this module reads, by the name the known-files table gives them.
const FILES: &[&str] = &[
    "account",
    "account_history",
    "friends",
    "location_history",
    "user_profile",
    "chat_history",
    "snap_history",
    "memories_history",
    "search_history",
    "subscriptions",
    "talk_history",
];

pub struct Snapchat;

pub static SNAPCHAT: Snapchat = Snapchat;

static CATALOGUE: LazyLock<(Catalogue, Vec<TableError>)> = LazyLock::new(|| {
    Catalogue::load(
        GENERATIONS_TSV,
        KNOWN_FILES_TSV,
        &["json", "memories"],
        false,
        |spec| FILES.contains(&spec),
    )
});

impl PlatformModule for Snapchat {
    fn platform(&self) -> Platform {
        Platform("snapchat")
    }

    fn display_name(&self) -> &'static str {
        "Snapchat"
    }

    fn catalogue(&self) -> &Catalogue {
        &CATALOGUE.0
    }

    fn parser(&self, spec: &str) -> Option<Box<dyn FileParser>> {
        let file = FILES.iter().copied().find(|f| *f == spec)?;
        Some(Box::new(Sections {
            file,
            gathered: common::Gathered::default(),
            log: ConversationLog::default(),
        }))
    }

    /// The account file names the owner, whom chats need.
    fn is_pre_pass(&self, spec: &str) -> bool {
        spec == "account"
    }

    /// Newer chat and snap files key each conversation by the friend's user name.
    fn names_a_person(&self, parent: &str, segment: &str) -> bool {
        matches!(parent, "chat_history.json" | "snap_history.json")
            && !segment.contains("History")
            && !segment.bytes().all(|b| b.is_ascii_digit())
    }
}

/// `2023-06-01 10:00:00 UTC` or `2023/06/01 10:00:00 UTC`.
fn seconds(text: &str) -> Option<i64> {
    common::utc_seconds(&text.replace('/', "-"), &["%Y-%m-%d %H:%M:%S"])
}

/// A point written as text: every number in it, the first two as latitude and longitude
/// (`± 20 meters` accuracies are skipped as they follow a `±`).
fn point(text: &str) -> Option<(f64, f64)> {
    let mut numbers = Vec::new();
    let mut after_plus_minus = false;
    for token in text.split(|c: char| c.is_whitespace() || c == ',' || c == ':') {
        if token == "±" {
            after_plus_minus = true;
            continue;
        }
        if let Ok(n) = token.parse::<f64>() {
            if !after_plus_minus {
                numbers.push(n);
            }
            after_plus_minus = false;
        }
    }
    match numbers.as_slice() {
        [lat, lon, ..] => common::valid_point(*lat, *lon),
        _ => None,
    }
}

fn text_of<'r>(record: &'r Map<String, Value>, keys: &[&str]) -> Option<&'r str> {
    keys.iter()
        .find_map(|k| record.get(*k))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The readers of one file's sections.
struct Sections {
    file: &'static str,
    /// Scalars of one object gathered into a record.
    gathered: common::Gathered,
    log: ConversationLog,
}

impl Sections {
    fn flush(&mut self, sink: &mut dyn RecordSink, closed: Option<(String, Map<String, Value>)>) {
        if let Some((parent, record)) = closed {
            let section = first_segment(&parent);
            self.record(sink, &section, &Value::Object(record), &parent);
        }
    }

    fn record(&mut self, sink: &mut dyn RecordSink, section: &str, value: &Value, at: &str) {
        let empty = Map::new();
        let r = value.as_object().unwrap_or(&empty);
        let time = text_of(
            r,
            &[
                "Created",
                "Date",
                "Time",
                "Creation Timestamp",
                "Start Time",
                "Date & Time",
            ],
        )
        .and_then(seconds);
        match (self.file, section) {
            ("account", "Basic Information") => {
                if let Some(user) = text_of(r, &["Username"]) {
                    sink.set_owner(user);
                    sink.record(Kind::Username, user, GIVEN, at, None);
                }
                if let Some(name) = text_of(r, &["Name"]) {
                    sink.record(Kind::Name, name, GIVEN, at, None);
                }
                if let Some(ip) = text_of(r, &["Registration IP"]) {
                    common::ip_address(sink, ip, at, None);
                }
                if let Some(phone) = text_of(r, &["PhoneNumber", "Phone Number"]) {
                    sink.record(
                        Kind::Phone,
                        &common::normalize_phone(phone),
                        GIVEN,
                        at,
                        None,
                    );
                }
                if let Some(email) = text_of(r, &["Email", "Email Address"]) {
                    sink.record(Kind::Email, email, GIVEN, at, None);
                }
            }
            ("account", "Device Information" | "Device History") => {
                if let Some(agent) = text_of(r, &["User Agent"]) {
                    sink.record(Kind::UserAgent, agent, SEEN, at, time);
                }
                let device = ["Make", "Model Name", "Model", "Device Type"]
                    .iter()
                    .filter_map(|k| text_of(r, &[k]))
                    .collect::<Vec<_>>()
                    .join(" ");
                sink.record(Kind::Device, &device, SEEN, at, time);
            }
            ("account", "Login History") => {
                sink.count(Kind::Login, SEEN, at, time);
                if let Some(ip) = text_of(r, &["IP"]) {
                    common::ip_address(sink, ip, at, time);
                }
                if let Some(device) = text_of(r, &["Device"]) {
                    sink.record(Kind::Device, device, SEEN, at, time);
                }
            }
            ("account_history", _) => {
                let pairs = [
                    ("Display Name", Kind::Name),
                    ("Mobile Number", Kind::Phone),
                    ("Email Address", Kind::Email),
                    ("Email", Kind::Email),
                ];
                for (key, kind) in pairs {
                    if let Some(value) = text_of(r, &[key]) {
                        sink.record(kind, value, GIVEN, at, time);
                    }
                }
            }
            ("friends", _) => {
                let provenance = if section.contains("Pending") {
                    Provenance::Received
                } else {
                    GIVEN
                };
                if let Some(user) = text_of(r, &["Username"]) {
                    sink.record(Kind::Connection, user, provenance, at, time);
                }
            }
            ("location_history", _) => self.location(sink, section, value, r, at, time),
            ("user_profile", "Interest Categories") => {
                if let Some(category) = value.as_str().or_else(|| text_of(r, &["Category", "Name"]))
                {
                    sink.record(Kind::AdInterest, category, INFERRED, at, None);
                }
            }
            ("user_profile", "Engagement") => {
                if let (Some(event), Some(n)) = (
                    text_of(r, &["Event"]),
                    r.get("Occurences").or_else(|| r.get("Occurrences")),
                ) {
                    let text = format!(
                        "{event}: {}",
                        n.as_str().map_or(n.to_string(), str::to_string)
                    );
                    sink.record(Kind::InferredAttribute, &text, INFERRED, at, None);
                }
            }
            ("chat_history" | "snap_history", _) => self.message(sink, section, r, at, time),
            ("memories_history", _) => {
                sink.count(Kind::Post, GIVEN, at, time);
                if let Some(p) = text_of(r, &["Location"]).and_then(point) {
                    sink.record(
                        Kind::LocationPoint,
                        &common::format_point(p),
                        GIVEN,
                        at,
                        time,
                    );
                }
            }
            ("search_history", _) => {
                sink.count(Kind::SearchQuery, GIVEN, at, time);
                if let Some(term) = text_of(r, &["Search Term", "Query"]) {
                    sink.scan_text(Kind::SearchQuery, term, GIVEN, at, time);
                }
            }
            ("subscriptions", _) => {
                if let Some(name) = value.as_str().or_else(|| text_of(r, &["Name", "Username"])) {
                    sink.record(Kind::LikedPage, name, GIVEN, at, None);
                }
            }
            ("talk_history", _) => {
                if let Some(city) = text_of(r, &["City"]) {
                    sink.record(Kind::Place, city, SEEN, at, time);
                }
            }
            _ => {
                for (key, value) in r {
                    if let Some(text) = value.as_str() {
                        sink.scan_value(&key.to_lowercase(), text, at);
                    }
                }
            }
        }
    }

    fn location(
        &mut self,
        sink: &mut dyn RecordSink,
        section: &str,
        value: &Value,
        r: &Map<String, Value>,
        at: &str,
        time: Option<i64>,
    ) {
        let lower = section.to_ascii_lowercase();
        if lower.contains("home") {
            // `Home & Work` / `Home, School & Work`: the places Snapchat inferred.
            for text in r.values().filter_map(Value::as_str) {
                let value = point(text).map_or(text.to_string(), common::format_point);
                sink.record(Kind::HomeOrWork, &value, INFERRED, at, None);
            }
        } else if lower.contains("business") || lower.contains("areas") || lower.contains("visited")
        {
            let named: Vec<&str> = ["Name", "City", "Region", "Postal Code"]
                .iter()
                .filter_map(|k| text_of(r, &[k]))
                .collect();
            // A pair such as `["Musée du Louvre", "Paris"]` or `[date, "Café"]`: its text parts.
            let parts: Vec<&str> = match value {
                Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
                _ if named.is_empty() => r.values().filter_map(Value::as_str).collect(),
                _ => named,
            };
            let text = parts
                .into_iter()
                .filter(|p| seconds(p).is_none())
                .collect::<Vec<_>>()
                .join(", ");
            sink.record(Kind::Place, &text, INFERRED, at, time);
        } else if lower.contains("frequent") || lower.contains("latest") {
            let place = ["City", "Region", "Country"]
                .iter()
                .filter_map(|k| text_of(r, &[k]))
                .collect::<Vec<_>>()
                .join(", ");
            sink.record(Kind::Place, &place, SEEN, at, time);
        } else {
            // Location history and top locations: every value that is a point (keys may hold the
            // date: `{"Date: 2023-06-01 UTC": "lat …"}`; newer pairs are `[time, "lat, lon"]`).
            let texts: Vec<&str> = match value {
                Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => r.values().filter_map(Value::as_str).collect(),
            };
            let time = time.or_else(|| texts.iter().find_map(|t| seconds(t)));
            for p in texts
                .iter()
                .filter_map(|t| point(t).filter(|_| seconds(t).is_none()))
            {
                sink.record(
                    Kind::LocationPoint,
                    &common::format_point(p),
                    SEEN,
                    at,
                    time,
                );
            }
        }
    }

    /// A chat or snap: sections are the sent/received lists (older) or the friend's user name
    /// (newer, with `IsSender`); sent ones are the owner's.
    fn message(
        &mut self,
        sink: &mut dyn RecordSink,
        section: &str,
        r: &Map<String, Value>,
        at: &str,
        time: Option<i64>,
    ) {
        let owner = sink.owner().unwrap_or("(you)").to_string();
        let sent_list = section.starts_with("Sent");
        let is_sender = r
            .get("IsSender")
            .and_then(Value::as_bool)
            .unwrap_or(sent_list);
        let counterpart = if section.contains("Chat History") || section.contains("Snap History") {
            text_of(r, &["From", "To"]).unwrap_or(section).to_string()
        } else {
            section.to_string()
        };
        let sender = if is_sender {
            owner
        } else {
            text_of(r, &["From"]).unwrap_or(&counterpart).to_string()
        };
        let message = LoggedMessage {
            sender: Some(sender),
            time,
            text: text_of(r, &["Text", "Content"]).map(str::to_string),
            pointer: at.to_string(),
        };
        let thread = format!("{}#{counterpart}", sink.file());
        self.log.message(sink, &thread, message);
    }

    /// HTML flavour: each `h2` names a section, the next table's header row names the fields.
    fn html(&mut self, sink: &mut dyn RecordSink, doc: &Html) {
        static HEADINGS: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse("h2, h3, table").expect("static selector"));
        static ROW: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse("tr").expect("static selector"));
        static CELL: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse("th, td").expect("static selector"));
        let text = |e: ElementRef| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut section = String::new();
        for (t, element) in doc.select(&HEADINGS).enumerate() {
            if element.value().name() != "table" {
                section = text(element);
                continue;
            }
            let mut rows = element.select(&ROW);
            let Some(header) = rows.next() else { continue };
            let names: Vec<String> = header.select(&CELL).map(text).collect();
            let grouped = matches!(section.as_str(), "Basic Information" | "Device Information");
            let mut merged = Map::new();
            for (i, row) in rows.enumerate() {
                let cells: Vec<String> = row.select(&CELL).map(text).collect();
                let mut record = Map::new();
                for (name, cell) in names.iter().zip(cells) {
                    record.insert(name.clone(), Value::from(cell));
                }
                if grouped {
                    merged.extend(record);
                } else {
                    self.record(
                        sink,
                        &section,
                        &Value::Object(record),
                        &format!("/table/{t}/{i}"),
                    );
                }
            }
            if grouped {
                self.record(
                    sink,
                    &section,
                    &Value::Object(merged),
                    &format!("/table/{t}"),
                );
            }
        }
    }
}

/// Whether a pointer ends in an array index (`…/0`).
fn parent_is_pair(parent: &str) -> bool {
    parent
        .rsplit('/')
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn first_segment(pointer: &str) -> String {
    pointer
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
        .replace("~1", "/")
        .replace("~0", "~")
}

impl FileParser for Sections {
    fn rule(&self) -> &'static str {
        match self.file {
            "account" => "snapchat.account",
            "account_history" => "snapchat.account_history",
            "friends" => "snapchat.friends",
            "location_history" => "snapchat.location_history",
            "user_profile" => "snapchat.user_profile",
            "chat_history" => "snapchat.chat_history",
            "snap_history" => "snapchat.snap_history",
            "memories_history" => "snapchat.memories_history",
            "search_history" => "snapchat.search_history",
            "subscriptions" => "snapchat.subscriptions",
            _ => "snapchat.talk_history",
        }
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        match item {
            Item::Html(doc) => self.html(sink, doc),
            Item::Json { pointer, value } => {
                let section = first_segment(pointer);
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                let in_list = key.bytes().all(|b| b.is_ascii_digit());
                match value {
                    Value::Object(_) | Value::Array(_) => {
                        let closed = self.gathered.take();
                        self.flush(sink, closed);
                        self.record(sink, &section, &value, pointer);
                    }
                    // A list of plain values: interest categories, subscriptions (pairs such
                    // as `[time, "lat, lon"]` are gathered like an object's fields).
                    scalar if in_list && !parent_is_pair(parent) => {
                        let closed = self.gathered.take();
                        self.flush(sink, closed);
                        self.record(sink, &section, &scalar, pointer);
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
        let closed = self.gathered.take();
        self.flush(sink, closed);
        self.log.finish(sink);
        Outcome::Parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_valid() {
        assert!(CATALOGUE.1.is_empty(), "{:?}", CATALOGUE.1);
    }

    #[test]
    fn points_written_as_text() {
        assert_eq!(
            point("lat 51.507 ± 20 meters, long -0.128 ± 20 meters"),
            Some((51.507, -0.128))
        );
        assert_eq!(
            point("52.09 ± 14.2 meters, 5.12 ± 14.2 meters"),
            Some((52.09, 5.12))
        );
        assert_eq!(
            point("Latitude, Longitude: 52.0908, 5.1214"),
            Some((52.0908, 5.1214))
        );
        assert_eq!(point("Latitude, Longitude: 0.0, 0.0"), None);
        assert_eq!(seconds("2023/06/01 10:00:00 UTC"), Some(1685613600));
    }
}

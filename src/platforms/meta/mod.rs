//! What Facebook and Instagram exports share: Meta's record shapes (`label_values` records with
//! their `vec`/`dict` nesting, Instagram's `string_map_data` / `string_list_data`), the table of
//! label spellings per language that parsers match on (`labels.tsv`, never one English string),
//! photo EXIF, Messenger-style threads ([`messages`]) and Meta's HTML records ([`html`]).
//!
//! Helpers return values to parsers; they never print them.

pub mod html;
pub mod messages;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::Value;

use crate::data::{self, Layout, Table};
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{DiagnosticCode, Kind, Provenance, RecordSink};
use crate::platforms::FileParser;
use crate::platforms::common::{
    as_f64, as_i64, coordinate, format_point, scalar_text, str_field, time_of, valid_point,
};

pub use messages::MessageThreadParser;

/// Messenger / Instagram Direct sections whose sub-folders are named after the other person.
pub const THREAD_SECTIONS: &[&str] = &[
    "inbox",
    "archived_threads",
    "message_requests",
    "filtered_threads",
    "e2ee_cutover",
    "legacy_threads",
    "broadcast",
];

/// Whether `segment` under `parent` is a chat folder or flat chat file named after a person.
pub fn names_a_person(parent: &str, segment: &str) -> bool {
    if THREAD_SECTIONS.contains(&parent) {
        return true;
    }
    parent == "messages"
        && segment
            .strip_suffix(".json")
            .or_else(|| segment.strip_suffix(".html"))
            .and_then(|stem| stem.rsplit_once('_'))
            .is_some_and(|(name, n)| {
                !name.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            })
}

/// One leaf of a `label_values` record (formats/meta.md §3.2), with its label path.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelField {
    pub label: String,
    pub value: Option<String>,
    pub time: Option<i64>,
}

/// Flatten `label_values` (and nested `vec` / `dict`) into leaves. Accepts a record holding
/// `label_values`, or one entry of a `label_values` list delivered on its own (a file that is one
/// record arrives entry by entry).
pub fn label_fields(record: &Value) -> Vec<LabelField> {
    let mut out = Vec::new();
    if let Some(items) = record.get("label_values") {
        flatten_labels(items, "", &mut out);
    } else if is_label_entry(record) {
        flatten_labels(&Value::Array(vec![record.clone()]), "", &mut out);
    }
    out
}

/// `{label|title, value|vec|dict|timestamp_value}`: one entry of a `label_values` list.
pub fn is_label_entry(value: &Value) -> bool {
    (value.get("label").is_some() || value.get("title").is_some())
        && ["value", "vec", "dict", "timestamp_value"]
            .iter()
            .any(|k| value.get(*k).is_some())
}

/// The records a `label_values` record holds: its own top-level fields as one record, and each
/// element of a `vec` that is a `dict` as a record of its own (a list of contacts, of events).
pub fn label_records(record: &Value) -> Vec<Vec<LabelField>> {
    let entries: Vec<&Value> = match record.get("label_values").and_then(Value::as_array) {
        Some(items) => items.iter().collect(),
        None if is_label_entry(record) => vec![record],
        None => return Vec::new(),
    };
    let mut own = Vec::new();
    let mut records = Vec::new();
    for entry in entries {
        let label = str_field(entry, "label").or_else(|| str_field(entry, "title"));
        let sub_dicts: Vec<&Value> = entry
            .get("vec")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter(|x| x.get("dict").is_some()).collect())
            .unwrap_or_default();
        if sub_dicts.is_empty() {
            flatten_labels(&Value::Array(vec![entry.clone()]), "", &mut own);
            continue;
        }
        for sub in sub_dicts {
            let mut fields = Vec::new();
            if let Some(dict) = sub.get("dict") {
                flatten_labels(dict, label.unwrap_or(""), &mut fields);
            }
            if !fields.is_empty() {
                records.push(fields);
            }
        }
    }
    if !own.is_empty() {
        records.insert(0, own);
    }
    records
}

fn flatten_labels(items: &Value, parent: &str, out: &mut Vec<LabelField>) {
    let Some(items) = items.as_array() else {
        return;
    };
    for item in items {
        let own = str_field(item, "label").or_else(|| str_field(item, "title"));
        let label = match (parent.is_empty(), own) {
            (_, None) => parent.to_string(),
            (true, Some(l)) => l.to_string(),
            (false, Some(l)) => format!("{parent} / {l}"),
        };
        let value = item
            .get("value")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let time = item
            .get("timestamp_value")
            .and_then(as_i64)
            .filter(|&t| t > 0);
        if value.is_some() || time.is_some() {
            out.push(LabelField {
                label: label.clone(),
                value,
                time,
            });
        }
        if let Some(dict) = item.get("dict") {
            flatten_labels(dict, &label, out);
        }
        if let Some(vec) = item.get("vec") {
            flatten_labels(vec, &label, out);
        }
    }
}

/// Every label string of a record (for locale detection).
pub fn labels_of(record: &Value) -> impl Iterator<Item = String> {
    label_fields(record).into_iter().map(|f| f.label)
}

/// Strings that name something in an item: a bare string, or `value` / `name` / `title` fields,
/// looking into `vec`, `dict`, `label_values` and arrays; never into ids, media or URLs.
pub fn label_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|i| label_strings(i, out)),
        Value::Object(map) => {
            for key in ["value", "name", "title"] {
                if let Some(Value::String(s)) = map.get(key)
                    && !s.trim().is_empty()
                {
                    out.push(s.trim().to_string());
                }
            }
            for key in ["vec", "dict", "label_values"] {
                if let Some(inner) = map.get(key) {
                    label_strings(inner, out);
                }
            }
        }
        _ => {}
    }
}

/// Whether a text found in a list of labels (interests, places, languages) is no label: empty, a
/// number, id or date (digits, dots and dashes only), a link, or a sentence explaining the list
/// (more than twelve words: "These are places we think you may be interested in…").
pub fn is_label_noise(text: &str) -> bool {
    text.is_empty()
        || text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        || text.starts_with("http://")
        || text.starts_with("https://")
        || text.split_whitespace().count() > 12
}

/// One named field of a Meta record, whatever its container: `string_map_data`,
/// `string_list_data`, `label_values`, or a plain key of an older export.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: Option<String>,
    pub time: Option<i64>,
    pub href: Option<String>,
}

impl From<&LabelField> for Field {
    fn from(f: &LabelField) -> Field {
        Field {
            label: f.label.clone(),
            value: f.value.clone(),
            time: f.time,
            href: None,
        }
    }
}

/// Coordinates of each nested record (`label_values` `vec` of `dict`s, as the HTML flavour
/// writes a post's media and places): the points and whether the record names an upload IP (a
/// photo's EXIF rather than a place you tagged).
pub fn nested_points(record: &Value) -> Vec<((f64, f64), Option<String>)> {
    let mut out = Vec::new();
    if record.get("label_values").is_none() {
        return out;
    }
    for fields in label_records(record) {
        let fields: Vec<Field> = fields.iter().map(Field::from).collect();
        let ip = fields
            .iter()
            .find(|f| concept(&f.label) == Some("ip_address"))
            .and_then(|f| f.value.clone());
        for point in coordinates_in(&fields) {
            out.push((point, ip.clone()));
        }
    }
    out
}

/// Every field of a record, in document order where the container keeps one.
pub fn fields(record: &Value) -> Vec<Field> {
    let mut out = Vec::new();
    if let Some(map) = record.get("string_map_data").and_then(Value::as_object) {
        for (label, cell) in map {
            out.push(Field {
                label: label.clone(),
                value: cell_value(cell),
                time: cell.get("timestamp").and_then(as_i64).filter(|&t| t > 0),
                href: str_field(cell, "href").map(str::to_string),
            });
        }
    }
    if let Some(list) = record.get("string_list_data").and_then(Value::as_array) {
        let label = str_field(record, "title").unwrap_or("");
        for cell in list {
            out.push(Field {
                label: label.to_string(),
                value: cell_value(cell),
                time: cell.get("timestamp").and_then(as_i64).filter(|&t| t > 0),
                href: str_field(cell, "href").map(str::to_string),
            });
        }
    }
    for f in label_fields(record) {
        out.push(Field {
            label: f.label,
            value: f.value,
            time: f.time,
            href: None,
        });
    }
    let meta_shaped = ["string_map_data", "string_list_data", "label_values"]
        .iter()
        .any(|k| record.get(*k).is_some())
        || is_label_entry(record);
    if meta_shaped {
        return out;
    }
    // A field given as a pair (Marketplace's seller onboarding): its name is the label.
    if let (Some(label), Some(value)) = (
        str_field(record, "field_name"),
        record.get("field_value").and_then(cell_value),
    ) {
        out.push(Field {
            label: label.to_string(),
            value: Some(value),
            time: None,
            href: None,
        });
        return out;
    }
    // A record of an older export: its plain keys are the labels.
    if let Some(map) = record.as_object() {
        for (key, value) in map {
            if matches!(
                key.as_str(),
                "string_map_data" | "string_list_data" | "label_values" | "media_map_data"
            ) {
                continue;
            }
            if let Some(text) = scalar_text(value) {
                out.push(Field {
                    label: key.clone(),
                    value: Some(text),
                    time: None,
                    href: None,
                });
            }
        }
    }
    out
}

fn cell_value(cell: &Value) -> Option<String> {
    match cell {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => str_field(cell, "value").map(str::to_string),
    }
}

/// A kind of field, whatever the export's language calls it (`labels.tsv`).
pub type Concept = &'static str;

/// Concepts parsers ask for; `labels.tsv` may only use these.
const CONCEPTS: &[Concept] = &[
    "name",
    "changed_field",
    "previous_value",
    "new_value",
    "first_name",
    "last_name",
    "username",
    "email",
    "phone",
    "contact_point",
    "birthdate",
    "gender",
    "bio",
    "website",
    "city",
    "address",
    "postal_code",
    "country",
    "coordinates",
    "place",
    "latitude",
    "longitude",
    "ip_address",
    "user_agent",
    "device",
    "time",
    "search",
    "comment",
    "text",
    "url",
    "interest",
    "advertiser_list",
    "advertiser_interaction",
    "event",
    "owner",
    "title",
    "current_city",
    "hometown",
    "relationship",
    "status",
    "partner",
    "family",
    "education",
    "school",
    "work",
    "employer",
    "language",
    "religious_view",
    "political_view",
];

/// Label spelling (lower-case) -> concept.
static LABELS: LazyLock<HashMap<String, Concept>> = LazyLock::new(|| {
    load_labels(include_str!("labels.tsv"))
        .rows
        .into_iter()
        .collect()
});

fn load_labels(text: &'static str) -> Table<(String, Concept)> {
    data::load(Layout::new("labels.tsv", 3), text, |cols| {
        let concept = CONCEPTS
            .iter()
            .copied()
            .find(|c| *c == cols[0])
            .ok_or_else(|| format!("unknown concept {:?}", cols[0]))?;
        let lang = cols[1];
        if lang != "*" && (lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase())) {
            return Err(format!(
                "language must be a two-letter code or *, not {lang:?}"
            ));
        }
        Ok((
            data::non_empty(cols[2], "spelling")?.trim().to_lowercase(),
            concept,
        ))
    })
}

/// The concept a label names (its last ` / ` segment, case-insensitive), if the table knows it.
pub fn concept(label: &str) -> Option<Concept> {
    let last = label
        .rsplit(" / ")
        .next()
        .unwrap_or(label)
        .trim()
        .to_lowercase();
    LABELS.get(&last).copied()
}

/// Fields you typed into your profile, account or forms, read by concept: each to its kind, any
/// other field through the generic detectors. A profile's name (or, in the oldest exports, its
/// username) is the account owner.
pub fn personal_fields(
    sink: &mut dyn RecordSink,
    pointer: &str,
    fields: &[Field],
    is_profile: bool,
) {
    let (mut first, mut last): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut address: Vec<&str> = Vec::new();
    let mut owner: (Option<&str>, Option<&str>) = (None, None);
    // A city among address fields is part of the address, not a place of its own.
    let has_address = fields
        .iter()
        .any(|f| matches!(concept(&f.label), Some("address" | "postal_code")));
    for field in fields {
        let Some(value) = field.value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        let at = format!("{pointer}/{}", field.label);
        match concept(&field.label) {
            Some("name") => {
                owner.0 = owner.0.or(Some(value));
                sink.record(Kind::Name, value, Provenance::Volunteered, &at, field.time);
            }
            Some("first_name") => first.push(value),
            Some("last_name") => last.push(value),
            Some("username") => {
                owner.1 = owner.1.or(Some(value));
                sink.record(
                    Kind::Username,
                    value,
                    Provenance::Volunteered,
                    &at,
                    field.time,
                );
            }
            Some("email") => {
                sink.record(Kind::Email, value, Provenance::Volunteered, &at, field.time)
            }
            Some("phone") => {
                sink.record(Kind::Phone, value, Provenance::Volunteered, &at, field.time)
            }
            Some("birthdate") => sink.record(
                Kind::Birthdate,
                value,
                Provenance::Volunteered,
                &at,
                field.time,
            ),
            Some("gender") => sink.record(
                Kind::Gender,
                value,
                Provenance::Volunteered,
                &at,
                field.time,
            ),
            Some("website") => sink.record(
                Kind::Website,
                value,
                Provenance::Volunteered,
                &at,
                field.time,
            ),
            Some("city") if has_address => address.push(value),
            Some("city") => {
                sink.record(Kind::Place, value, Provenance::Volunteered, &at, field.time)
            }
            Some("bio") => {
                sink.record(Kind::Bio, value, Provenance::Volunteered, &at, field.time);
                sink.scan_text(Kind::Bio, value, Provenance::Volunteered, &at, field.time);
            }
            Some("address" | "postal_code" | "country") => address.push(value),
            _ => sink.scan_value(&field.label.to_lowercase(), value, &at),
        }
    }
    first.extend(last);
    if !first.is_empty() {
        sink.record(
            Kind::Name,
            &first.join(" "),
            Provenance::Volunteered,
            pointer,
            None,
        );
    }
    if !address.is_empty() {
        sink.record(
            Kind::PostalAddress,
            &address.join(", "),
            Provenance::Volunteered,
            pointer,
            None,
        );
    }
    if is_profile && let Some(owner) = owner.0.or(owner.1) {
        sink.set_owner(owner);
    }
}

/// One change to a profile (Instagram `profile_changes.json`: `Changed`, `Previous Value`, `New
/// Value`, `Change Date`): the old and the new value, each read as the field the change names
/// (an e-mail, a phone, a username...), both given by you. A record whose labels the table does
/// not know is read field by field.
pub fn profile_change(sink: &mut dyn RecordSink, pointer: &str, fields: &[Field]) {
    let value_of = |wanted: Concept| {
        fields
            .iter()
            .find(|f| concept(&f.label) == Some(wanted))
            .and_then(|f| f.value.clone())
    };
    let Some(changed) = value_of("changed_field") else {
        return personal_fields(sink, pointer, fields, false);
    };
    let time = fields.iter().filter_map(|f| f.time).max();
    let values: Vec<Field> = ["previous_value", "new_value"]
        .into_iter()
        .filter_map(value_of)
        .map(|value| Field {
            label: changed.clone(),
            value: Some(value),
            time,
            href: None,
        })
        .collect();
    personal_fields(sink, pointer, &values, false);
}

/// Latitude/longitude pairs among fields (`Precise Latitude` + `Precise Longitude`, ...): pairs
/// are formed in order, each latitude with the next longitude.
pub fn coordinates_in(fields: &[Field]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut latitude: Option<f64> = None;
    for field in fields {
        let number = field
            .value
            .as_deref()
            .and_then(|v| v.trim().parse::<f64>().ok());
        match (concept(&field.label), number) {
            (Some("latitude"), Some(lat)) => latitude = Some(lat),
            (Some("longitude"), Some(lon)) => {
                if let Some(point) = latitude.take().and_then(|lat| valid_point(lat, lon)) {
                    out.push(point);
                }
            }
            _ => {}
        }
    }
    out
}

/// Notes on a Meta export as a whole: the parts of a delivery Google Drive re-zipped
/// (`…-20250214T091955Z-002.zip`) that were not given, since only one part holds the profile.
pub fn export_notes(full_paths: &[&str]) -> Vec<(DiagnosticCode, String)> {
    crate::platforms::common::missing_parts(full_paths)
        .map(|missing| (DiagnosticCode::PartsMissing, missing))
        .into_iter()
        .collect()
}

/// EXIF of an uploaded photo or video (`media_metadata`): the IP it was uploaded from and where
/// it was taken.
pub fn media_exif(sink: &mut dyn RecordSink, pointer: &str, media: &Value, time: Option<i64>) {
    let Some(meta) = media.get("media_metadata") else {
        return;
    };
    for section in ["photo_metadata", "video_metadata"] {
        let exif = meta.get(section).and_then(|m| m.get("exif_data"));
        let entries: Vec<&Value> = match exif {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(other) => vec![other],
            None => Vec::new(),
        };
        for entry in entries {
            if let Some(ip) = str_field(entry, "upload_ip") {
                sink.record(Kind::IpAddress, ip, Provenance::Observed, pointer, time);
            }
            let point = coordinate(entry).or_else(|| {
                let lat = entry.get("latitude").and_then(as_f64)?;
                let lon = entry.get("longitude").and_then(as_f64)?;
                valid_point(lat, lon)
            });
            if let Some(point) = point {
                sink.record(
                    Kind::LocationPoint,
                    &format_point(point),
                    Provenance::Observed,
                    pointer,
                    time,
                );
            }
        }
    }
}

/// The devices end-to-end encrypted chats ran on (`secret_conversations.json`: Facebook
/// `secret_conversations_v2`, Instagram `ig_secret_conversations`, each `{armadillo_devices[],
/// tincan_devices[], calls[]}`; meta.md §6): the messages are not in the export, but each device
/// is (`device_manufacturer device_model device_os_version`, else `device_type`), with the IP
/// it last connected from, all observed and dated by the device's last activity.
pub fn secret_conversation_devices(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    for list in ["armadillo_devices", "tincan_devices"] {
        let Some(Value::Array(devices)) = item.get(list) else {
            continue;
        };
        for (i, device) in devices.iter().enumerate() {
            let at = format!("{pointer}/{list}/{i}");
            let time = ["last_active_time", "online_since"]
                .iter()
                .find_map(|k| device.get(*k).and_then(as_i64).filter(|&t| t > 0));
            let named: Vec<&str> = ["device_manufacturer", "device_model", "device_os_version"]
                .iter()
                .filter_map(|k| str_field(device, k))
                .collect();
            let name = if named.is_empty() {
                str_field(device, "device_type").map(str::to_string)
            } else {
                Some(named.join(" "))
            };
            if let Some(name) = name {
                sink.record(Kind::Device, &name, Provenance::Observed, &at, time);
            }
            if let Some(ip) = str_field(device, "last_connected_ip") {
                crate::platforms::common::ip_address(sink, ip, &at, time);
            }
        }
    }
}

/// Advertisers holding your data: `{advertiser_name}` items (Facebook `custom_audiences_all_types_v2`,
/// Instagram `ig_custom_audiences_all_types`) or `label_values` records listing them in `vec`s.
pub fn advertisers(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let time = time_of(item);
    if let Some(name) = str_field(item, "advertiser_name").or_else(|| str_field(item, "title")) {
        sink.record(Kind::Advertiser, name, Provenance::Received, pointer, time);
        return;
    }
    // One record listing advertisers in `vec`s (meta.md §4.2 F3/F4).
    for field in label_fields(item) {
        if let Some(value) = field.value {
            sink.record(
                Kind::Advertiser,
                &value,
                Provenance::Received,
                pointer,
                time,
            );
        }
    }
}

/// A business that sent your off-Meta activity: the business (an advertiser holding your data)
/// and one counted event per activity, from `events[]` or (2026) `label_values` event records.
pub fn off_platform_activity(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    // The HTML index of 2026 names each business in a link to its own page and nothing else
    // (the page holds the events, see `off_meta_business_page`).
    let linked = || {
        (item.get("label_values").is_none() && item.get("events").is_none())
            .then(|| str_field(item, "text"))
            .flatten()
    };
    let Some(business) = str_field(item, "name")
        .or_else(|| str_field(item, "title"))
        .or_else(linked)
    else {
        return;
    };
    let events = item.get("events").and_then(Value::as_array);
    let mut first = None;
    match events {
        Some(events) => {
            for event in events {
                let time = time_of(event);
                first = first.or(time);
                sink.count(Kind::OffPlatformEvent, Provenance::Received, pointer, time);
            }
        }
        None => {
            // 2026 shape: label_values "Events" vec of dicts, one per event.
            let fields = label_fields(item);
            let times: Vec<_> = fields.iter().filter_map(|f| f.time).collect();
            let n = fields
                .iter()
                .filter(|f| concept(&f.label) == Some("event"))
                .count()
                .max(times.len());
            for i in 0..n {
                sink.count(
                    Kind::OffPlatformEvent,
                    Provenance::Received,
                    pointer,
                    times.get(i).copied(),
                );
            }
            first = times.into_iter().min();
        }
    }
    sink.record(
        Kind::Advertiser,
        business,
        Provenance::Received,
        pointer,
        first,
    );
}

/// A page of one business's activity off Meta (Facebook from 2026, Instagram; see
/// [`html::business_page`]): its events counted, as [`off_platform_activity`] counts them from
/// JSON, times read in the account's zone; and, with `names_business`, the business, as an
/// advertiser holding your data. Facebook's index page already names every business (each
/// linked to its page), so its pages only count; Instagram's pages have no index.
pub fn off_meta_business_page(
    sink: &mut dyn RecordSink,
    doc: &scraper::Html,
    names_business: bool,
) {
    let page = html::business_page(doc);
    let zone = sink.timezone().map(str::to_string);
    let times: Vec<Option<i64>> = page
        .events
        .iter()
        .map(|printed| {
            printed
                .as_deref()
                .and_then(|text| html::date_seconds_in(text, zone.as_deref()))
        })
        .collect();
    for &time in &times {
        sink.count(Kind::OffPlatformEvent, Provenance::Received, "", time);
    }
    if let Some(business) = page.business.filter(|_| names_business) {
        let first = times.iter().flatten().min().copied();
        sink.record(Kind::Advertiser, &business, Provenance::Received, "", first);
    }
}

/// The parser of a page of one business's activity off Meta (see [`off_meta_business_page`]).
pub struct OffMetaPageParser {
    pub rule: &'static str,
    pub names_business: bool,
}

impl FileParser for OffMetaPageParser {
    fn rule(&self) -> &'static str {
        self.rule
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        if let Item::Html(doc) = item {
            off_meta_business_page(sink, doc, self.names_business);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_values_are_flattened_with_paths() {
        let record = json!({"label_values": [
            {"label": "Title", "value": "x"},
            {"label": "Place tags", "dict": [{"label": "Name", "value": "Cafe"}]},
            {"label": "Events", "vec": [{"dict": [{"label": "Received on", "timestamp_value": 5}]}]},
            {"title": "Owner", "dict": [{"dict": [{"label": "Username", "value": "u"}], "title": ""}]}
        ]});
        let fields = label_fields(&record);
        let labels: Vec<_> = fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Title",
                "Place tags / Name",
                "Events / Received on",
                "Owner / Username"
            ]
        );
        assert_eq!(fields[2].time, Some(5));
    }

    #[test]
    fn a_field_given_as_a_name_and_value_pair_is_one_field() {
        let fields = fields(&json!({"field_name": "legal_name", "field_value": "Noah Voorbeeld"}));
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].label, "legal_name");
        assert_eq!(fields[0].value.as_deref(), Some("Noah Voorbeeld"));
        assert_eq!(concept(&fields[0].label), Some("name"));
    }

    #[test]
    fn label_noise_is_numbers_links_and_explanations() {
        for noise in [
            "",
            "42",
            "2024-03-01",
            "1.5",
            "https://www.facebook.com/x",
            "These are places we think you may be interested in based on your activity.",
        ] {
            assert!(is_label_noise(noise), "{noise:?}");
        }
        for label in [
            "Lake District",
            "English (UK)",
            "Vélo",
            "4x4 vehicles",
            "Web3",
        ] {
            assert!(!is_label_noise(label), "{label:?}");
        }
    }

    #[test]
    fn label_strings_skip_ids_and_urls() {
        let mut out = Vec::new();
        label_strings(
            &json!({"fbid": "123", "uri": "x", "title": "Shop", "vec": [{"value": "A"}]}),
            &mut out,
        );
        assert_eq!(out, ["Shop", "A"]);
    }

    #[test]
    fn a_label_entry_delivered_alone_is_flattened_too() {
        let entry = json!({"label": "A list uploaded or used by the advertiser",
                            "vec": [{"value": "Acme"}, {"value": "Globex"}]});
        let values: Vec<_> = label_fields(&entry)
            .into_iter()
            .filter_map(|f| f.value)
            .collect();
        assert_eq!(values, ["Acme", "Globex"]);
    }

    #[test]
    fn vec_dicts_are_records_of_their_own() {
        let record = json!({"label_values": [
            {"label": "Contacts", "vec": [
                {"dict": [{"label": "Name", "value": "Dan Dummy"}, {"label": "Phone number", "value": "+44 7700 900321"}]},
                {"dict": [{"label": "Nom", "value": "Fay Fixture"}]}]},
            {"label": "Updated", "timestamp_value": 5}]});
        let records = label_records(&record);
        assert_eq!(records.len(), 3);
        assert_eq!(records[0][0].time, Some(5));
        assert_eq!(records[1][1].value.as_deref(), Some("+44 7700 900321"));
        assert_eq!(concept(&records[2][0].label), Some("name"));
    }

    #[test]
    fn fields_come_from_every_container() {
        let record = json!({"title": "pix_otter",
            "string_map_data": {"E-mailadres": {"href": "", "value": "a@example.com", "timestamp": 0}},
            "string_list_data": [{"href": "https://www.instagram.com/pix_otter", "value": "pix_otter", "timestamp": 7}]});
        let found = fields(&record);
        let labels: Vec<_> = found.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["E-mailadres", "pix_otter"]);
        assert_eq!(found[1].time, Some(7));
        assert_eq!(concept("E-mailadres"), Some("email"));
        // An older flat record: plain keys are labels.
        let old = fields(&json!({"ip_address": "192.0.2.1", "timestamp": "2020-01-01T00:00:00"}));
        assert_eq!(old.len(), 2);
        assert_eq!(concept(&old[0].label), Some("ip_address"));
    }

    #[test]
    fn coordinates_pair_latitudes_with_longitudes() {
        let record = json!({"string_map_data": {
            "Imprecise Latitude": {"value": "45.7"}, "Imprecise Longitude": {"value": "4.8"},
            "Precise Latitude": {"value": "45.764"}, "Precise Longitude": {"value": "4.8357"}}});
        assert_eq!(coordinates_in(&fields(&record)).len(), 2);
    }

    #[test]
    fn the_label_table_loads_and_rejects_bad_rows() {
        let table = load_labels(include_str!("labels.tsv"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        let mut seen: HashMap<&str, Concept> = HashMap::new();
        for (spelling, concept) in &table.rows {
            let previous = seen.insert(spelling.as_str(), concept);
            assert!(
                previous.is_none_or(|p| p == *concept),
                "{spelling:?} names two concepts"
            );
        }
        let bad =
            load_labels("email\ten\tEmail\nmail\ten\tMail\nemail\tenglish\tE\nemail\ten\t \n");
        assert_eq!(bad.rows.len(), 1);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3, 4]
        );
    }

    #[test]
    fn chat_folders_and_flat_chat_files_name_people() {
        assert!(names_a_person("inbox", "alice_1021"));
        assert!(names_a_person("messages", "alice_1.json"));
        assert!(!names_a_person("messages", "autofill_information.json"));
        assert!(!names_a_person("posts", "your_posts_1.json"));
    }
}

//! Item parsers for Facebook JSON files whose records can be read one at a time (everything but
//! the profile, handled in `profile.rs`, and message threads, in `messages.rs`). Each reads known
//! keys of formats/meta.md §4.2, in every era's spelling (`_v2`/`_v3` wrappers, bare lists and
//! `label_values` records).

use serde_json::Value;

use super::ParserSpec;
use super::profile;
use crate::model::{Kind, Provenance, RecordSink, SensitiveTag};
use crate::platforms::common::{
    self, coordinate, coordinate_string, format_point, str_field, time_of, top_key,
};
use crate::platforms::meta::{self, label_fields, label_strings};

/// Top-level keys that never hold data of the file's kind.
const BOOKKEEPING_KEYS: &[&str] = &[
    "fbid",
    "media",
    "timestamp",
    "uri",
    "href",
    "url",
    "ent_name",
];

pub(super) fn parse_item(spec: ParserSpec, sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    if BOOKKEEPING_KEYS.contains(&top_key(pointer)) {
        return;
    }
    for label in meta::labels_of(item) {
        sink.label(&label);
    }
    match spec {
        ParserSpec::Profile => profile::parse(sink, pointer, item),
        ParserSpec::AddressBook => address_book(sink, pointer, item),
        ParserSpec::StringLabels(kind, provenance) => {
            let mut labels = Vec::new();
            label_strings(item, &mut labels);
            let time = time_of(item);
            for label in labels.iter().filter(|l| !meta::is_label_noise(l)) {
                sink.record(kind, label, provenance, pointer, time);
            }
        }
        ParserSpec::People(kind, provenance) => {
            if let Some(name) = person_name(item) {
                sink.record(kind, &name, provenance, pointer, time_of(item));
            }
        }
        ParserSpec::Pages(kind, provenance) => {
            let name = str_field(item, "name")
                .map(str::to_string)
                .or_else(|| first_data_name(item))
                .or_else(|| item.as_str().map(str::to_string))
                .or_else(|| str_field(item, "title").map(str::to_string));
            if let Some(name) = name {
                sink.record(kind, &name, provenance, pointer, time_of(item));
            }
        }
        ParserSpec::AdInteractions => {
            sink.count(Kind::AdClick, Provenance::Observed, pointer, time_of(item));
        }
        ParserSpec::AdvertisersUsing => meta::advertisers(sink, pointer, item),
        ParserSpec::OffPlatformActivity => meta::off_platform_activity(sink, pointer, item),
        ParserSpec::MessageThread | ParserSpec::LegacyMessagesHtml | ParserSpec::OffMetaPage => {}
        ParserSpec::LocationHistory | ParserSpec::LastLocation => {
            let points = match item.get("coordinate").and_then(coordinate) {
                Some(point) => vec![point],
                // The HTML flavour: `Latitude` / `Longitude` rows.
                None => meta::coordinates_in(&meta::fields(item)),
            };
            let time = time_of(item);
            for point in points {
                sink.record(
                    Kind::LocationPoint,
                    &format_point(point),
                    Provenance::Observed,
                    pointer,
                    time,
                );
            }
        }
        ParserSpec::PrimaryLocation => primary_location(sink, pointer, item),
        ParserSpec::DeviceLocation => {
            for entry in as_list(item) {
                let mut parts: Vec<String> =
                    [str_field(entry, "country_code"), str_field(entry, "spn")]
                        .into_iter()
                        .flatten()
                        .map(str::to_string)
                        .collect();
                if parts.is_empty() {
                    // The HTML flavour: the rows' values, in the JSON order.
                    parts = meta::label_fields(entry)
                        .into_iter()
                        .rev()
                        .filter_map(|f| f.value)
                        .collect();
                }
                sink.record(
                    Kind::Place,
                    &parts.join(", "),
                    Provenance::Observed,
                    pointer,
                    None,
                );
            }
        }
        ParserSpec::LoginEvents => login_event(sink, pointer, item),
        ParserSpec::SecurityRecords => labelled_session(sink, pointer, item, true),
        ParserSpec::LoginProtection => login_protection(sink, pointer, item),
        ParserSpec::BrowserCookies => browser_cookies(sink, pointer, item),
        ParserSpec::ActivityDays => activity_days(sink, pointer, item),
        ParserSpec::ProfileUpdates => profile::parse_update(sink, pointer, item),
        ParserSpec::ItemsForSale => item_for_sale(sink, pointer, item),
        ParserSpec::AdminRecords => admin_record(sink, pointer, item),
        ParserSpec::MobileDevices => mobile_device(sink, pointer, item),
        ParserSpec::SecretConversations => meta::secret_conversation_devices(sink, pointer, item),
        ParserSpec::FaceRecognition => face_template(sink, pointer, item),
        ParserSpec::EventResponses => event_responses(sink, pointer, item),
        ParserSpec::GroupAnswers => group_answers(sink, pointer, item),
        ParserSpec::TimeZone => {
            let zone = item
                .as_str()
                .map(str::to_string)
                .into_iter()
                .chain(meta::fields(item).into_iter().filter_map(|f| f.value))
                .find(|z| z.contains('/'));
            if let Some(zone) = zone {
                sink.set_timezone(&zone);
            }
        }
        // A file read whole (`json:/`) may be one record or a list of them.
        ParserSpec::PersonalFields => {
            for record in as_list(item) {
                meta::personal_fields(sink, pointer, &meta::fields(record), false)
            }
        }
        ParserSpec::SearchHistory => {
            let time = time_of(item);
            sink.count(Kind::SearchQuery, Provenance::Observed, pointer, time);
            let mut texts = Vec::new();
            collect_data_texts(item, "text", &mut texts);
            if let Some(first) = texts.first() {
                sink.scan_text(
                    Kind::SearchQuery,
                    first,
                    Provenance::Volunteered,
                    pointer,
                    time,
                );
            }
        }
        ParserSpec::Posts => post(sink, pointer, item),
        ParserSpec::Media => media(sink, pointer, item),
        ParserSpec::Dating => profile::parse_dating(sink, pointer, item),
        ParserSpec::Payments => payment(sink, pointer, item),
        ParserSpec::CheckIns => check_in(sink, pointer, item),
        ParserSpec::Places(provenance) => places(sink, pointer, item, provenance),
        // An entry of the log is an object; the names and descriptions of its sections, handed
        // on beside the entries, are not entries. A log of one entry may be that entry bare
        // (meta.md §2.3), handed on row by row: its first row stands for it.
        ParserSpec::Counted(kind, provenance) => {
            let entry = match top_key(pointer) {
                "label_values" => pointer == "/label_values/0",
                _ => item.is_object(),
            };
            if entry {
                sink.count(kind, provenance, pointer, time_of(item));
            }
        }
        ParserSpec::Listed(kind, provenance) => listed(sink, pointer, item, kind, provenance),
        ParserSpec::ViewedSections => viewed_section(sink, pointer, item),
        ParserSpec::Comments => {
            let time = time_of(item);
            sink.count(Kind::Comment, Provenance::Volunteered, pointer, time);
            let mut texts = Vec::new();
            collect_data_texts(item, "comment", &mut texts);
            for text in texts {
                sink.scan_text(Kind::Comment, &text, Provenance::Volunteered, pointer, time);
            }
        }
        ParserSpec::Reactions => {
            sink.count(
                Kind::Reaction,
                Provenance::Volunteered,
                pointer,
                time_of(item),
            );
        }
    }
}

/// Items that are either a list or one bare object (meta.md §2.3).
fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn person_name(item: &Value) -> Option<String> {
    if let Some(name) = item.as_str() {
        return Some(name.trim().to_string()).filter(|n| !n.is_empty());
    }
    str_field(item, "name")
        .or_else(|| str_field(item, "title"))
        .map(str::to_string)
        .or_else(|| label_fields(item).into_iter().find_map(|f| f.value))
}

fn first_data_name(item: &Value) -> Option<String> {
    item.get("data")?
        .as_array()?
        .iter()
        .find_map(|d| str_field(d, "name").map(str::to_string))
}

/// Text fields under `data[]` (and `attachments[].data[]`), e.g. `data[{comment: {comment}}]`,
/// `data[{text}]`, `data[{post}]`.
fn collect_data_texts(item: &Value, key: &str, out: &mut Vec<String>) {
    // The HTML flavour carries the record's free text as `text`.
    if item.get("data").is_none()
        && let Some(text) = str_field(item, "text")
    {
        out.push(text.to_string());
        return;
    }
    let mut visit = |data: &Value| {
        for entry in data.as_array().into_iter().flatten() {
            if let Some(text) = str_field(entry, key) {
                out.push(text.to_string());
            } else if let Some(inner) = entry.get(key)
                && let Some(text) = str_field(inner, key)
            {
                out.push(text.to_string());
            }
        }
    };
    if let Some(data) = item.get("data") {
        visit(data);
    }
    for attachment in item
        .get("attachments")
        .map(as_list)
        .unwrap_or_default()
        .into_iter()
        .flat_map(as_list)
    {
        if let Some(data) = attachment.get("data") {
            visit(data);
        }
    }
}

fn address_book(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    // F1/F2: {address_book(_v2): {address_book: [...]}}; F3/F4: label_values records.
    if let Some(book) = item.get("address_book").and_then(Value::as_array) {
        for (i, contact) in book.iter().enumerate() {
            let name = str_field(contact, "name").map(str::to_string).or_else(|| {
                contact
                    .get("details")
                    .and_then(Value::as_array)
                    .and_then(|d| d.iter().find_map(|x| str_field(x, "contact_point")))
                    .map(str::to_string)
            });
            let at = format!("{pointer}/address_book/{i}");
            if let Some(name) = name {
                let time = time_of(contact);
                sink.record(Kind::Contact, &name, Provenance::Volunteered, &at, time);
            }
            for detail in contact.get("details").map(as_list).unwrap_or_default() {
                if let Some(point) = str_field(detail, "contact_point") {
                    common::contact_point(sink, point, Provenance::Volunteered, &at, None);
                }
            }
        }
        return;
    }
    // F3/F4: `label_values` records; a `vec` of `dict`s lists one contact per dict.
    for fields in meta::label_records(item) {
        address_book_contact(sink, pointer, item, &fields);
    }
}

fn primary_location(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    if let Some(pairs) = item.get("city_region_pairs").and_then(Value::as_array) {
        for pair in pairs {
            let place = pair
                .as_array()
                .map(|p| {
                    p.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            sink.record(
                Kind::HomeOrWork,
                &place,
                Provenance::Inferred,
                pointer,
                None,
            );
        }
    }
    for zip in item.get("zipcode").map(as_list).unwrap_or_default() {
        if let Some(zip) = zip.as_str() {
            sink.record(Kind::HomeOrWork, zip, Provenance::Inferred, pointer, None);
        }
    }
    // The HTML flavour: one record per city/region pair or postal code.
    if item.get("label_values").is_some() {
        for fields in meta::label_records(item) {
            let place: Vec<String> = fields.into_iter().filter_map(|f| f.value).collect();
            if !place.is_empty() {
                sink.record(
                    Kind::HomeOrWork,
                    &place.join(", "),
                    Provenance::Inferred,
                    pointer,
                    None,
                );
            }
        }
        return;
    }
    // primary_public_location: {city, region, country}
    let public: Vec<_> = ["city", "region", "country"]
        .iter()
        .filter_map(|k| str_field(item, k))
        .collect();
    if !public.is_empty() {
        sink.record(
            Kind::HomeOrWork,
            &public.join(", "),
            Provenance::Inferred,
            pointer,
            None,
        );
    }
}

fn login_event(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    if item.get("label_values").is_some() {
        return labelled_login_event(sink, pointer, item);
    }
    let session = item.get("session").unwrap_or(item);
    let time = time_of(item).or_else(|| time_of(session));
    sink.count(Kind::Login, Provenance::Observed, pointer, time);
    for key in ["ip_address", "ip", "last_connected_ip"] {
        if let Some(ip) = str_field(session, key) {
            common::ip_address(sink, ip, pointer, time);
        }
    }
    if let Some(agent) = str_field(session, "user_agent") {
        sink.record(Kind::UserAgent, agent, Provenance::Observed, pointer, time);
    }
    if let Some(device) = str_field(session, "device").or_else(|| str_field(item, "name")) {
        sink.record(Kind::Device, device, Provenance::Observed, pointer, time);
    }
    let place: Vec<_> = ["city", "region", "country"]
        .iter()
        .filter_map(|k| str_field(session, k))
        .collect();
    let place = if place.is_empty() {
        str_field(session, "location").map(str::to_string)
    } else {
        Some(place.join(", "))
    };
    if let Some(place) = place {
        sink.record(Kind::Place, &place, Provenance::Observed, pointer, time);
    }
}

/// One uploaded contact of a `label_values` record: its name (the field the label table calls a
/// name, else the first value that is not a phone or an e-mail) and its phones and e-mails.
fn address_book_contact(
    sink: &mut dyn RecordSink,
    pointer: &str,
    item: &Value,
    fields: &[meta::LabelField],
) {
    let is_contact_point =
        |v: &str| v.contains('@') || v.chars().filter(char::is_ascii_digit).count() >= 7;
    let values = || fields.iter().filter_map(|f| f.value.as_deref());
    let name = fields
        .iter()
        .find(|f| matches!(meta::concept(&f.label), Some("name")))
        .and_then(|f| f.value.as_deref())
        .or_else(|| values().find(|v| !is_contact_point(v)))
        .or_else(|| values().next());
    let time = time_of(item).or_else(|| fields.iter().find_map(|f| f.time));
    if let Some(name) = name {
        sink.record(Kind::Contact, name, Provenance::Volunteered, pointer, time);
    }
    for point in values().filter(|v| is_contact_point(v)) {
        common::contact_point(sink, point, Provenance::Volunteered, pointer, time);
    }
}

/// A login event read from its labels (the HTML flavour): IP, user agent, device and place by
/// the concept of each row.
fn labelled_login_event(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    sink.count(Kind::Login, Provenance::Observed, pointer, time_of(item));
    labelled_session(sink, pointer, item, false);
}

/// A record of Facebook's security logs read from its labels (`label_values`: registration,
/// login cookies, two-factor, recoveries, the devices Messenger and Marketplace ran on): IP,
/// user agent, device and place by the concept of each row, observed; with `contact`, the
/// e-mail, phone or name you gave (a registration's) as you gave them; any other row judged by
/// the shape of its value.
fn labelled_session(sink: &mut dyn RecordSink, pointer: &str, item: &Value, contact: bool) {
    let time = time_of(item);
    let mut place: Vec<String> = Vec::new();
    let mut given: Vec<meta::Field> = Vec::new();
    for field in meta::fields(item) {
        let concept = meta::concept(&field.label);
        if contact && matches!(concept, Some("email" | "phone" | "name" | "username")) {
            given.push(field);
            continue;
        }
        let Some(value) = field.value else {
            continue;
        };
        match concept {
            Some("ip_address") => {
                common::ip_address(sink, &value, pointer, time);
            }
            Some("user_agent") => {
                sink.record(Kind::UserAgent, &value, Provenance::Observed, pointer, time)
            }
            Some("device") => {
                sink.record(Kind::Device, &value, Provenance::Observed, pointer, time)
            }
            Some("city" | "country" | "place") => place.push(value),
            // A label of a language not listed: the value is judged by its shape.
            None => sink.scan_value(&field.label.to_lowercase(), &value, pointer),
            Some(_) => {}
        }
    }
    if !place.is_empty() {
        sink.record(
            Kind::Place,
            &place.join(", "),
            Provenance::Observed,
            pointer,
            time,
        );
    }
    meta::personal_fields(sink, pointer, &given, false);
}

/// `{event, session{created_timestamp, ip_address, user_agent}, extra_info{old_email, new_email,
/// old_number, new_number, old_name, new_name}}`: a change you made, and where from.
fn admin_record(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let session = item.get("session").unwrap_or(item);
    let time = time_of(item).or_else(|| time_of(session));
    if let Some(ip) = str_field(session, "ip_address") {
        sink.record(Kind::IpAddress, ip, Provenance::Observed, pointer, time);
    }
    if let Some(agent) = str_field(session, "user_agent") {
        sink.record(Kind::UserAgent, agent, Provenance::Observed, pointer, time);
    }
    let Some(extra) = item.get("extra_info") else {
        return;
    };
    for (keys, kind) in [
        (["old_email", "new_email"], Kind::Email),
        (["old_number", "new_number"], Kind::Phone),
        (["old_name", "new_name"], Kind::Name),
        (["old_vanity", "new_vanity"], Kind::Username),
    ] {
        for key in keys {
            if let Some(value) = str_field(extra, key) {
                sink.record(kind, value, Provenance::Volunteered, pointer, time);
            }
        }
    }
}

/// `{type, os, advertiser_id, udid, family_device_id, ...}`: a device and its advertising id.
fn mobile_device(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let time = time_of(item);
    let device = [str_field(item, "type"), str_field(item, "os")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    sink.record(Kind::Device, &device, Provenance::Observed, pointer, time);
    if let Some(id) = str_field(item, "advertiser_id") {
        sink.record(Kind::AdvertisingId, id, Provenance::Observed, pointer, time);
    }
}

/// Your answers to the questions a group asks before you join (`{group_answers[{group_name,
/// answers[{question, answer, timestamp}]}]}`, meta.md §4.2): the group you asked to join, and
/// the words of each answer, which you wrote (the detectors and the lexicon read them; the
/// group's own questions are not yours and are not read).
fn group_answers(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let (groups, at) = match item.get("group_answers") {
        Some(groups) => (as_list(groups), format!("{pointer}/group_answers")),
        None => (as_list(item), pointer.to_string()),
    };
    for (i, group) in groups.into_iter().enumerate() {
        let at = format!("{at}/{i}");
        let answers = group.get("answers").map(as_list).unwrap_or_default();
        let first = answers.iter().filter_map(|a| time_of(a)).min();
        if let Some(name) = str_field(group, "group_name") {
            let time = first.or_else(|| time_of(group));
            sink.record(Kind::Group, name, Provenance::Volunteered, &at, time);
        }
        for answer in answers {
            if let Some(text) = str_field(answer, "answer") {
                let time = time_of(answer);
                sink.scan_text(Kind::Comment, text, Provenance::Volunteered, &at, time);
            }
        }
    }
}

/// The face template of Facebook's face recognition (`{facial_data: {...}}`, meta.md §6 F1):
/// biometric data that identifies you (GDPR Art. 9), computed by Facebook from the photos you
/// were in, so inferred. One record whatever its inner fields (its template, thresholds and
/// number of examples, none of them readable), named by its key; an empty one says nothing.
fn face_template(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let holds_data = match item {
        Value::Object(fields) => !fields.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::String(text) => !text.trim().is_empty(),
        _ => false,
    };
    if !holds_data {
        return;
    }
    sink.sensitive_record(
        Kind::InferredAttribute,
        "facial_data",
        SensitiveTag::Biometric,
        Provenance::Inferred,
        pointer,
        time_of(item),
    );
}

/// `{events_joined: [{name, start_timestamp}], events_declined: [...], events_interested: [...]}`
/// (one object), or one such list delivered on its own.
fn event_responses(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let lists: Vec<(String, &Value)> = match item.as_object() {
        Some(map) if map.values().any(Value::is_array) => map
            .iter()
            .filter(|(_, v)| v.is_array())
            .map(|(k, v)| (format!("{pointer}/{k}"), v))
            .collect(),
        _ => vec![(pointer.to_string(), item)],
    };
    for (at, list) in lists {
        for event in as_list(list) {
            if let Some(name) = str_field(event, "name") {
                sink.record(
                    Kind::Event,
                    name,
                    Provenance::Volunteered,
                    &at,
                    time_of(event),
                );
            }
        }
    }
}

fn post(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let time = time_of(item);
    sink.count(Kind::Post, Provenance::Volunteered, pointer, time);
    let mut texts = Vec::new();
    collect_data_texts(item, "post", &mut texts);
    for text in &texts {
        sink.scan_text(Kind::Post, text, Provenance::Volunteered, pointer, time);
    }
    // The HTML flavour: places and media are nested records; media carry the upload IP.
    if item.get("label_values").is_some() {
        for fields in meta::label_records(item) {
            let named = |c: &str| {
                fields
                    .iter()
                    .find(|f| meta::concept(&f.label) == Some(c))
                    .and_then(|f| f.value.clone())
            };
            if named("ip_address").is_none()
                && let Some(place) = named("name").or_else(|| named("place"))
            {
                sink.record(Kind::Place, &place, Provenance::Volunteered, pointer, time);
            }
        }
        for (point, ip) in meta::nested_points(item) {
            let provenance = match &ip {
                Some(ip) => {
                    sink.record(Kind::IpAddress, ip, Provenance::Observed, pointer, time);
                    Provenance::Observed
                }
                None => Provenance::Volunteered,
            };
            sink.record(
                Kind::LocationPoint,
                &format_point(point),
                provenance,
                pointer,
                time,
            );
        }
    }
    attachments(sink, pointer, item, time);
}

/// The attachments of a post or of a profile update (`attachments[{data[{place | media | text |
/// life_event}]}]`): a place you tagged (its name and position), a photo's EXIF, a text you
/// wrote, a life event (its title and place).
pub(super) fn attachments(
    sink: &mut dyn RecordSink,
    pointer: &str,
    item: &Value,
    time: Option<i64>,
) {
    let attachments = item.get("attachments").map(as_list).unwrap_or_default();
    for data in attachments
        .into_iter()
        .filter_map(|a| a.get("data"))
        .flat_map(as_list)
    {
        let life_event = data.get("life_event");
        if let Some(title) = life_event.and_then(|event| str_field(event, "title")) {
            sink.scan_text(Kind::Post, title, Provenance::Volunteered, pointer, time);
        }
        let places = [data.get("place"), life_event.and_then(|e| e.get("place"))];
        for place in places.into_iter().flatten() {
            given_place(sink, pointer, place, time);
        }
        if let Some(media) = data.get("media") {
            meta::media_exif(sink, pointer, media, time);
        }
        if let Some(text) = str_field(data, "text") {
            sink.scan_text(Kind::Post, text, Provenance::Volunteered, pointer, time);
        }
    }
}

/// A place you named (`{name, coordinate{latitude, longitude}}`): its name and position.
fn given_place(sink: &mut dyn RecordSink, pointer: &str, place: &Value, time: Option<i64>) {
    if let Some(name) = str_field(place, "name") {
        sink.record(Kind::Place, name, Provenance::Volunteered, pointer, time);
    }
    if let Some(point) = place.get("coordinate").and_then(coordinate) {
        sink.record(
            Kind::LocationPoint,
            &format_point(point),
            Provenance::Volunteered,
            pointer,
            time,
        );
    }
}

/// A thing Facebook keeps to recognise your logins (`login_protection_data`: `{name,
/// session{created_timestamp, updated_timestamp, ip_address}}`), named `Label: value` (an IP
/// address, a cookie, a browser, a location estimated from an IP): the session's IP address,
/// and the named value read by the concept of its label — a place is one Facebook estimated,
/// so inferred — else judged by its shape.
fn login_protection(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let session = item.get("session").unwrap_or(item);
    let time = time_of(session).or_else(|| time_of(item));
    if let Some(ip) = str_field(session, "ip_address") {
        common::ip_address(sink, ip, pointer, time);
    }
    let Some(name) = str_field(item, "name") else {
        return;
    };
    let (label, value) = name.split_once(':').unwrap_or(("name", name));
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    match meta::concept(label.trim()) {
        Some("ip_address") => common::ip_address(sink, value, pointer, time),
        Some("city" | "country" | "place") => {
            sink.record(Kind::Place, value, Provenance::Inferred, pointer, time)
        }
        _ => sink.scan_value(&label.trim().to_lowercase(), value, pointer),
    }
}

/// The browser cookies Facebook identifies your browsers by (`datr_stats_v2: {"<cookie>":
/// [times]}`, the cookie ids are keys): each cookie one device, observed, dated by the first
/// time it lists.
fn browser_cookies(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let Some(cookies) = item.as_object() else {
        return;
    };
    for (cookie, times) in cookies {
        let first = as_list(times)
            .into_iter()
            .filter_map(common::as_i64)
            .filter(|&t| t > 0)
            .min();
        sink.record(Kind::Device, cookie, Provenance::Observed, pointer, first);
    }
}

/// The days you used Facebook, per app (`last_activity_v2: {last_activity_time: {"<app>":
/// {activity_by_day: [times]}}}`): each day a session Facebook logged, counted as a login.
fn activity_days(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let Some(apps) = item.get("last_activity_time").unwrap_or(item).as_object() else {
        return;
    };
    for app in apps.values() {
        let days = app.get("activity_by_day").map(as_list).unwrap_or_default();
        for day in days.into_iter().filter_map(common::as_i64) {
            sink.count(Kind::Login, Provenance::Observed, pointer, Some(day));
        }
    }
}

/// An item you put up for sale on Marketplace (`items_selling_v2[{title, description, price,
/// location{name, coordinate}}]`): what you wrote about it and where you said it was.
fn item_for_sale(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let time = time_of(item);
    for key in ["title", "description"] {
        if let Some(text) = str_field(item, key) {
            sink.scan_text(Kind::Post, text, Provenance::Volunteered, pointer, time);
        }
    }
    if let Some(location) = item.get("location") {
        given_place(sink, pointer, location, time);
    }
}

/// A photo or video of an album or of the lists of uncategorised photos and videos (`{uri,
/// creation_timestamp, media_metadata}`), or an album's own name and description, which the
/// owner wrote. An album's cover is one of its photos.
fn media(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    match (top_key(pointer), item.as_str()) {
        ("name" | "description", Some(text)) => {
            sink.scan_text(Kind::Post, text, Provenance::Volunteered, pointer, None);
        }
        ("cover_photo", _) => {}
        _ => meta::media_exif(sink, pointer, item, time_of(item)),
    }
}

/// A payment made or received through Facebook (`{created_timestamp, amount, currency, sender,
/// receiver, type, status, payment_method, ip, payment_data{p2p_payment{memo}}}`): its amount,
/// the IP it was made from, and the note that went with it. The other party's name is left to
/// the file's other readers: which side is the owner's is not said in the record.
fn payment(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    if !item.is_object() {
        return;
    }
    let time = time_of(item);
    let amount: Vec<String> = ["amount", "currency"]
        .iter()
        .filter_map(|key| item.get(*key).and_then(common::scalar_text))
        .collect();
    if !amount.is_empty() {
        sink.record(
            Kind::Payment,
            &amount.join(" "),
            Provenance::Volunteered,
            pointer,
            time,
        );
    }
    if let Some(ip) = str_field(item, "ip") {
        common::ip_address(sink, ip, pointer, time);
    }
    let memo = item
        .get("payment_data")
        .and_then(|d| d.get("p2p_payment"))
        .and_then(|p| str_field(p, "memo"));
    if let Some(memo) = memo {
        sink.scan_text(Kind::Payment, memo, Provenance::Volunteered, pointer, time);
    }
}

/// A section of the log of what was viewed (`{name, description, entries[{timestamp, data{name,
/// uri}}], children[{name, entries[…]}]}`, formats/meta.md §4.2): each entry, its own or its
/// subsections', counted: a watched video when it says how long it was watched (`watch_time`,
/// `watch_position_seconds`), else a page viewed.
fn viewed_section(sink: &mut dyn RecordSink, pointer: &str, section: &Value) {
    fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
        value
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
    let children = list(section, "children").iter();
    let entries = list(section, "entries")
        .iter()
        .chain(children.flat_map(|child| list(child, "entries")));
    for entry in entries {
        let watched = entry.get("data").is_some_and(|data| {
            data.get("watch_time").is_some() || data.get("watch_position_seconds").is_some()
        });
        let kind = if watched {
            Kind::WatchEvent
        } else {
            Kind::VisitedPage
        };
        sink.count(kind, Provenance::Observed, pointer, time_of(entry));
    }
}

/// A record of lists (`label_values[{label: "Posts", vec[{dict[{label: "URL"}, {label: "Time",
/// timestamp_value}]}]}]`), or one of its lists handed on alone: each listed item counted, at
/// its own time (else the record's).
fn listed(
    sink: &mut dyn RecordSink,
    pointer: &str,
    item: &Value,
    kind: Kind,
    provenance: Provenance,
) {
    let lists = match item.get("label_values") {
        Some(entries) => as_list(entries),
        None => vec![item],
    };
    let record_time = time_of(item);
    for list in lists {
        for listed in list.get("vec").map(as_list).unwrap_or_default() {
            let dict = listed.get("dict").map(as_list).unwrap_or_default();
            let time = dict
                .into_iter()
                .find_map(|row| row.get("timestamp_value").and_then(common::as_i64))
                .filter(|&t| t > 0)
                .or_else(|| time_of(listed))
                .or(record_time);
            sink.count(kind, provenance, pointer, time);
        }
    }
}

fn check_in(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let time = time_of(item);
    let fields = label_fields(item);
    let mut place_named = false;
    for field in &fields {
        let Some(value) = field.value.as_deref() else {
            continue;
        };
        if let Some(point) = coordinate_string(value) {
            sink.record(
                Kind::LocationPoint,
                &format_point(point),
                Provenance::Volunteered,
                pointer,
                time,
            );
        } else if field.label.contains('/') {
            // Inside "Place tags": the first value names the place, the others describe it; its
            // street address is the place's, not a contact address of anyone's.
            if !place_named {
                sink.record(Kind::Place, value, Provenance::Volunteered, pointer, time);
                place_named = true;
            } else if meta::concept(&field.label) != Some("address") {
                sink.scan_text(Kind::Post, value, Provenance::Volunteered, pointer, time);
            }
        } else {
            sink.scan_text(Kind::Post, value, Provenance::Volunteered, pointer, time);
        }
    }
}

/// A place named in a record, with its position: `{name, coordinate{latitude, longitude},
/// address, creation_timestamp}` (places you created), or labelled rows `Place name`,
/// `Coordinates` (places you were tagged in). A place's name may say what a label would (a
/// clinic, a place of worship).
fn places(sink: &mut dyn RecordSink, pointer: &str, item: &Value, provenance: Provenance) {
    let time = time_of(item);
    if let Some(name) = str_field(item, "name") {
        sink.record(Kind::Place, name, provenance, pointer, time);
        if let Some(point) = item.get("coordinate").and_then(coordinate) {
            sink.record(
                Kind::LocationPoint,
                &format_point(point),
                provenance,
                pointer,
                time,
            );
        }
        return;
    }
    let fields = label_fields(item);
    let time = time.or_else(|| fields.iter().find_map(|f| f.time));
    for field in &fields {
        let Some(value) = field.value.as_deref() else {
            continue;
        };
        match meta::concept(&field.label) {
            Some("place") => sink.record(Kind::Place, value, provenance, pointer, time),
            Some("coordinates") => {
                if let Some(point) = coordinate_string(value) {
                    let point = format_point(point);
                    sink.record(Kind::LocationPoint, &point, provenance, pointer, time);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::collect::FileSink;
    use crate::platforms::PlatformModule;
    use crate::platforms::facebook::FACEBOOK;
    use serde_json::json;

    fn run(spec: ParserSpec, pointer: &str, item: Value) -> crate::classify::collect::Aggregate {
        let mut sink = FileSink::new(FACEBOOK.platform(), "f.json", None, spec.rule());
        parse_item(spec, &mut sink, pointer, &item);
        sink.aggregate
    }

    fn values(agg: &crate::classify::collect::Aggregate, kind: Kind) -> Vec<String> {
        agg.values_of(kind)
    }

    #[test]
    fn string_labels_skip_bookkeeping_and_numbers() {
        let spec = ParserSpec::StringLabels(Kind::AdInterest, Provenance::Inferred);
        let agg = run(spec, "/fbid", json!("1"));
        assert!(agg.findings.is_empty());
        let agg = run(
            spec,
            "/label_values/0",
            json!({"label": "x", "vec": [{"value": "Hiking"}, {"value": "42"}]}),
        );
        assert_eq!(values(&agg, Kind::AdInterest), ["Hiking"]);
        // The sentence a list of places comes with is no place.
        let agg = run(
            ParserSpec::StringLabels(Kind::Place, Provenance::Inferred),
            "/label_values/1",
            json!({"label": "Usage explanation", "value": "These are places we think you may be interested in based on your activity."}),
        );
        assert!(values(&agg, Kind::Place).is_empty());
    }

    #[test]
    fn media_outside_posts_give_their_exif_and_album_words_but_no_post() {
        let photo = json!({"uri": "a.jpg", "creation_timestamp": 1727000000, "media_metadata":
            {"photo_metadata": {"exif_data": [{"upload_ip": "203.0.113.90",
                "latitude": 54.4541, "longitude": -3.2117}]}}});
        let mut sink = FileSink::new(FACEBOOK.platform(), "0.json", None, "facebook.media");
        parse_item(ParserSpec::Media, &mut sink, "/photos/0", &photo);
        parse_item(ParserSpec::Media, &mut sink, "/cover_photo", &photo);
        parse_item(
            ParserSpec::Media,
            &mut sink,
            "/description",
            &json!("First ramble since the end of my chemotherapy"),
        );
        let agg = sink.aggregate;
        assert_eq!(values(&agg, Kind::IpAddress), ["203.0.113.90"]);
        assert_eq!(
            agg.record_counts()[&Kind::LocationPoint],
            1,
            "the cover is not read again"
        );
        assert!(!agg.record_counts().contains_key(&Kind::Post));
        assert!(
            agg.findings.values().any(|f| f.kind == Kind::Post),
            "the description's words are scanned"
        );
    }

    #[test]
    fn payments_give_their_amount_ip_and_note() {
        let agg = run(
            ParserSpec::Payments,
            "/payments_v2/payments/0",
            json!({"created_timestamp": 1630000000, "amount": "12.50", "currency": "EUR",
                   "sender": "A", "receiver": "B", "ip": "192.0.2.201",
                   "payment_data": {"p2p_payment": {"memo": "for my chemotherapy"}}}),
        );
        // The amount, and the term the note names (its words are scanned).
        assert_eq!(values(&agg, Kind::Payment), ["12.50 EUR", "chemotherapy"]);
        assert_eq!(values(&agg, Kind::IpAddress), ["192.0.2.201"]);
        assert!(agg.findings.values().any(|f| f.sensitive.is_some()));
        // An amount written as a number; the preferred currency beside the list is no payment.
        let agg = run(
            ParserSpec::Payments,
            "/payments_v2/payments/1",
            json!({"amount": 40, "currency": "EUR"}),
        );
        assert_eq!(values(&agg, Kind::Payment), ["40 EUR"]);
        let agg = run(
            ParserSpec::Payments,
            "/payments_v2/preferred_currency",
            json!("EUR"),
        );
        assert!(agg.findings.is_empty());
    }

    #[test]
    fn personal_fields_read_whole_take_one_record_or_a_list() {
        let record = |street: &str| {
            json!({"label_values": [{"label": "Street address", "value": street},
                                    {"label": "City", "value": "Salford"}]})
        };
        // One record: its rows make one address (the city is part of it, not a place).
        let agg = run(ParserSpec::PersonalFields, "", record("14 Placeholder Row"));
        assert_eq!(
            values(&agg, Kind::PostalAddress),
            ["14 Placeholder Row, Salford"]
        );
        assert!(values(&agg, Kind::Place).is_empty());
        let agg = run(
            ParserSpec::PersonalFields,
            "",
            json!([record("1 First Row"), record("2 Second Row")]),
        );
        assert_eq!(values(&agg, Kind::PostalAddress).len(), 2);
    }

    #[test]
    fn viewed_sections_count_their_entries_and_their_childrens_videos_apart() {
        let agg = run(
            ParserSpec::ViewedSections,
            "/recently_viewed/1",
            json!({"name": "Videos", "entries": [{"timestamp": 5, "data": {"name": "page"}}],
                   "children": [{"name": "Time viewed", "entries": [
                       {"timestamp": 6, "data": {"name": "v1", "watch_time": "184"}},
                       {"timestamp": 7, "data": {"name": "v2", "watch_position_seconds": "40"}}]}]}),
        );
        let counts = agg.record_counts();
        assert_eq!(counts[&Kind::VisitedPage], 1);
        assert_eq!(counts[&Kind::WatchEvent], 2);
    }

    #[test]
    fn a_log_of_one_bare_entry_counts_once() {
        let spec = ParserSpec::Counted(Kind::VisitedPage, Provenance::Observed);
        let visits = |pointers: &[&str]| {
            let mut sink = FileSink::new(FACEBOOK.platform(), "f.json", None, spec.rule());
            for pointer in pointers {
                parse_item(
                    spec,
                    &mut sink,
                    pointer,
                    &json!({"label": "Name", "value": "x"}),
                );
            }
            sink.aggregate
                .record_counts()
                .get(&Kind::VisitedPage)
                .copied()
        };
        // One entry bare: its rows (name, link) are delivered one by one.
        assert_eq!(visits(&["/label_values/0", "/label_values/1"]), Some(1));
        // A list of entries: each counts.
        assert_eq!(visits(&["/0", "/1", "/2"]), Some(3));
    }

    #[test]
    fn login_events_give_ip_agent_place_and_a_counted_login() {
        let agg = run(
            ParserSpec::LoginEvents,
            "/account_activity_v2/0",
            json!({"action": "Login", "timestamp": 1700000000, "ip_address": "192.0.2.10",
                   "user_agent": "Mozilla/5.0 Chrome/120.0.0.0", "city": "Lyon", "country": "FR"}),
        );
        assert_eq!(values(&agg, Kind::IpAddress), ["192.0.2.10"]);
        assert_eq!(values(&agg, Kind::Place), ["Lyon, FR"]);
        assert_eq!(agg.record_counts()[&Kind::Login], 1);
        assert_eq!(agg.record_counts()[&Kind::UserAgent], 1);
        // A label of a language not listed: the address is still found by its shape.
        let agg = run(
            ParserSpec::LoginEvents,
            "/0",
            json!({"timestamp": 1700000000, "label_values": [
                {"label": "Adres IP", "value": "192.0.2.11"},
                {"label": "Akcja", "value": "Zalogowano"}]}),
        );
        assert_eq!(values(&agg, Kind::IpAddress), ["192.0.2.11"]);
    }

    #[test]
    fn off_platform_counts_events_and_names_the_business() {
        let agg = run(
            ParserSpec::OffPlatformActivity,
            "/off_facebook_activity_v2/0",
            json!({"name": "Shop", "events": [{"id": 1, "type": "PURCHASE", "timestamp": 5}, {"id": 2, "type": "PAGE_VIEW", "timestamp": 9}]}),
        );
        assert_eq!(agg.record_counts()[&Kind::OffPlatformEvent], 2);
        assert_eq!(values(&agg, Kind::Advertiser), ["Shop"]);
    }

    #[test]
    fn check_ins_read_string_coordinates() {
        let agg = run(
            ParserSpec::CheckIns,
            "/0",
            json!({"timestamp": 5, "label_values": [
                {"label": "Place tags", "dict": [{"label": "Name", "value": "Cafe"},
                    {"label": "Coordinates", "value": "(45.7597 , 4.8422)"}]}]}),
        );
        assert_eq!(values(&agg, Kind::Place), ["Cafe"]);
        assert_eq!(agg.record_counts()[&Kind::LocationPoint], 1);
    }

    #[test]
    fn places_created_and_tagged_name_a_place_and_its_position() {
        let created = run(
            ParserSpec::Places(Provenance::Volunteered),
            "/your_places_v2/0",
            json!({"name": "Chez Nous", "coordinate": {"latitude": 45.7597, "longitude": 4.8422},
                   "address": "1 rue Exemple, Lyon", "creation_timestamp": 1600000000}),
        );
        assert_eq!(values(&created, Kind::Place), ["Chez Nous"]);
        assert_eq!(created.record_counts()[&Kind::LocationPoint], 1);
        let tagged = run(
            ParserSpec::Places(Provenance::Received),
            "/0",
            json!({"label_values": [
                {"label": "Place name", "value": "Clinique des Exemples"},
                {"label": "Visit time", "timestamp_value": 1700000000},
                {"label": "Name of application used to tag this place", "value": "Facebook"}]}),
        );
        assert_eq!(values(&tagged, Kind::Place), ["Clinique des Exemples"]);
        let place = &tagged.findings.values().next().unwrap();
        assert_eq!(place.provenance, Provenance::Received);
        assert_eq!(place.first_seen, Some(1700000000));
    }

    #[test]
    fn a_log_counts_its_entries_not_its_sections_names() {
        let spec = ParserSpec::Counted(Kind::VisitedPage, Provenance::Observed);
        let entry = run(
            spec,
            "/visited_things_v2/0/entries/0",
            json!({"timestamp": 1683000000, "data": {"name": "A page"}}),
        );
        assert_eq!(entry.record_counts()[&Kind::VisitedPage], 1);
        let name = run(spec, "/visited_things_v2/0/name", json!("Page visits"));
        assert!(name.record_counts().is_empty());
    }

    #[test]
    fn address_books_of_both_eras() {
        let agg = run(
            ParserSpec::AddressBook,
            "/address_book_v2",
            json!({"address_book": [{"name": "Dan Dummy", "details": [{"contact_point": "+44 7700 900321"}]}]}),
        );
        assert_eq!(values(&agg, Kind::Contact), ["Dan Dummy"]);
        assert_eq!(values(&agg, Kind::Phone), ["+447700900321"]);
        let agg = run(
            ParserSpec::AddressBook,
            "/0",
            json!({"label_values": [{"label": "Coordonnées", "value": "+33 6 39 98 56 78"}, {"label": "Nom", "value": "Mathilde Essai"}]}),
        );
        assert_eq!(values(&agg, Kind::Contact), ["Mathilde Essai"]);
        // A file that is one record: each dict of its `vec` is a contact.
        let agg = run(
            ParserSpec::AddressBook,
            "/label_values/0",
            json!({"label": "Contacts", "vec": [
                {"dict": [{"label": "Name", "value": "Dan Dummy"}, {"label": "Email", "value": "dan@example.com"}]},
                {"dict": [{"label": "Name", "value": "Fay Fixture"}, {"label": "Phone number", "value": "+44 7700 900654"}]}]}),
        );
        assert_eq!(values(&agg, Kind::Contact), ["Dan Dummy", "Fay Fixture"]);
        assert_eq!(values(&agg, Kind::Email), ["dan@example.com"]);
    }

    /// The provenance of the one finding of `kind`.
    fn provenance(agg: &crate::classify::collect::Aggregate, kind: Kind) -> Provenance {
        let mut found = agg.findings.values().filter(|f| f.kind == kind);
        let finding = found.next().expect("a finding of the kind");
        assert!(found.next().is_none(), "one finding of the kind");
        finding.provenance
    }

    #[test]
    fn login_protection_reads_the_session_ip_and_the_named_value_by_its_label() {
        let item = |name: &str| {
            json!({"name": name, "session": {"created_timestamp": 1700000000,
                   "updated_timestamp": 1700100000, "ip_address": "192.0.2.20"}})
        };
        let agg = run(
            ParserSpec::LoginProtection,
            "/login_protection_data_v2/0",
            item("IP Address: 192.0.2.21"),
        );
        let mut ips = values(&agg, Kind::IpAddress);
        ips.sort();
        assert_eq!(ips, ["192.0.2.20", "192.0.2.21"]);
        // A place Facebook estimated from an IP address is its guess.
        let agg = run(ParserSpec::LoginProtection, "/0", item("City: Lyon"));
        assert_eq!(values(&agg, Kind::Place), ["Lyon"]);
        assert_eq!(provenance(&agg, Kind::Place), Provenance::Inferred);
        // A label no table lists: the value is judged by its shape, a plain word is nothing.
        let agg = run(
            ParserSpec::LoginProtection,
            "/0",
            item("Navigateur: Firefox"),
        );
        assert_eq!(values(&agg, Kind::IpAddress), ["192.0.2.20"]);
        assert!(values(&agg, Kind::Place).is_empty());
    }

    #[test]
    fn browser_cookies_are_devices_dated_by_their_first_time() {
        let agg = run(
            ParserSpec::BrowserCookies,
            "/datr_stats_v2",
            json!({"CookieAaaa": [1700000000, 1700086400, 1700172800], "CookieBbbb": []}),
        );
        let mut cookies = values(&agg, Kind::Device);
        cookies.sort();
        assert_eq!(cookies, ["CookieAaaa", "CookieBbbb"]);
        assert_eq!(agg.record_counts()[&Kind::Device], 2);
        let first_seen = agg
            .findings
            .values()
            .find(|f| f.value == "CookieAaaa")
            .and_then(|f| f.first_seen);
        assert_eq!(first_seen, Some(1700000000));
        // Not a map of cookies: nothing.
        let agg = run(
            ParserSpec::BrowserCookies,
            "/datr_stats_v2",
            json!(["CookieAaaa"]),
        );
        assert!(values(&agg, Kind::Device).is_empty());
    }

    #[test]
    fn activity_days_count_each_day_of_each_app_as_a_login() {
        let agg = run(
            ParserSpec::ActivityDays,
            "/last_activity_v2",
            json!({"last_activity_time": {
                "Website": {"activity_by_day": [1700000000, 1700086400]},
                "Facebook app": {"activity_by_day": [1700000000]}}}),
        );
        assert_eq!(agg.record_counts()[&Kind::Login], 3);
        let agg = run(
            ParserSpec::ActivityDays,
            "/last_activity_v2",
            json!({"last_activity_time": 5}),
        );
        assert!(!agg.record_counts().contains_key(&Kind::Login));
    }

    #[test]
    fn profile_updates_read_the_changed_fields_and_the_life_event_place() {
        let agg = run(
            ParserSpec::ProfileUpdates,
            "/profile_updates_v2/0",
            json!({"timestamp": 1600000000, "title": "Ava Tester updated her profile.",
                   "data": [{"profile_update": {"field": "Current City", "data": "Lyon"}},
                            {"profile_update": {"field": "Backup email", "data": "ava.new@example.org"}}],
                   "attachments": [{"data": [{"life_event": {"title": "Moved to Lyon",
                       "place": {"name": "Lyon", "coordinate": {"latitude": 45.7640, "longitude": 4.8357}}}}]}]}),
        );
        assert_eq!(values(&agg, Kind::Place), ["Lyon"]);
        assert_eq!(provenance(&agg, Kind::Place), Provenance::Volunteered);
        assert_eq!(agg.record_counts()[&Kind::LocationPoint], 1);
        assert_eq!(values(&agg, Kind::Email), ["ava.new@example.org"]);
        // The sentence Facebook writes about the change is not read.
        let agg = run(
            ParserSpec::ProfileUpdates,
            "/0",
            json!({"timestamp": 1, "title": "Ava Tester updated her profile."}),
        );
        assert!(agg.findings.is_empty());
    }

    #[test]
    fn items_for_sale_give_their_words_and_where_they_were() {
        let agg = run(
            ParserSpec::ItemsForSale,
            "/items_selling_v2/0",
            json!({"title": "Vélo de ville", "description": "Écrivez à ava.seller@example.org",
                   "price": "80 €", "created_timestamp": 1650000000,
                   "location": {"name": "Lyon", "coordinate": {"latitude": 45.7640, "longitude": 4.8357}}}),
        );
        assert_eq!(values(&agg, Kind::Place), ["Lyon"]);
        assert_eq!(agg.record_counts()[&Kind::LocationPoint], 1);
        assert_eq!(values(&agg, Kind::Email), ["ava.seller@example.org"]);
        let agg = run(ParserSpec::ItemsForSale, "/0", json!({"price": "80 €"}));
        assert!(agg.findings.is_empty());
    }

    #[test]
    fn a_face_template_is_one_inferred_biometric_finding_and_an_empty_one_none() {
        let template = json!({"threshold_green": 93, "example_count": 12, "raw_data": "AAAA"});
        let agg = run(ParserSpec::FaceRecognition, "/facial_data", template);
        let found: Vec<_> = agg.findings.values().collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::InferredAttribute);
        assert_eq!(found[0].provenance, Provenance::Inferred);
        assert_eq!(found[0].sensitive, Some((SensitiveTag::Biometric, true)));
        for empty in [json!({}), json!([]), json!(""), json!(null)] {
            let agg = run(ParserSpec::FaceRecognition, "/facial_data", empty);
            assert!(agg.findings.is_empty());
        }
    }

    #[test]
    fn secret_conversations_give_each_device_and_its_last_ip() {
        let item = json!({
            "tincan_devices": [{"device_type": "IPHONE", "device_manufacturer": "",
                "last_connected_ip": "203.0.113.5", "last_active_time": 1571234567}],
            "armadillo_devices": [{"device_type": "ANDROID", "device_manufacturer": "Fairphone",
                "device_model": "FP4", "device_os_version": "12",
                "last_connected_ip": "not an address"}],
            "calls": [{"timestamp": 1}],
            "has_sent_message": true
        });
        let agg = run(
            ParserSpec::SecretConversations,
            "/secret_conversations_v2",
            item,
        );
        assert_eq!(values(&agg, Kind::Device), ["Fairphone FP4 12", "IPHONE"]);
        assert_eq!(values(&agg, Kind::IpAddress), ["203.0.113.5"]);
        assert_eq!(provenance(&agg, Kind::IpAddress), Provenance::Observed);
        let agg = run(
            ParserSpec::SecretConversations,
            "/secret_conversations_v2",
            json!({"calls": [], "has_sent_message": false}),
        );
        assert!(agg.findings.is_empty());
    }

    #[test]
    fn connected_apps_are_third_parties_you_gave_access_to() {
        let spec = ParserSpec::parse("pages:advertiser:volunteered").unwrap();
        let app = json!({"name": "Quiz Garden", "added_timestamp": 1546300800,
            "user_app_scoped_id": 1000000001, "category": "active", "removed_timestamp": 0});
        let agg = run(spec, "/installed_apps_v2/0", app);
        assert_eq!(values(&agg, Kind::Advertiser), ["Quiz Garden"]);
        assert_eq!(provenance(&agg, Kind::Advertiser), Provenance::Volunteered);
        let known = FACEBOOK.catalogue().find_known(
            Some("2024-2026"),
            "your_facebook_activity/messages/secret_conversations.json",
        );
        assert_eq!(
            known.map(|k| k.parser.as_str()),
            Some("secret_conversations")
        );
    }

    #[test]
    fn group_answers_name_the_group_and_read_only_your_answers() {
        let item = json!({"group_answers": [
            {"answers": [
                {"question": "Do you have diabetes?", "answer": "Yes", "timestamp": 1718000000},
                {"question": "Why join?", "answer": "I was diagnosed with diabetes in May",
                 "timestamp": 1718000100}],
             "rules_agreement": true, "group_name": "Sample Support Circle"},
            {"answers": [], "group_name": "Swap Shop"}
        ]});
        let agg = run(
            ParserSpec::GroupAnswers,
            "/group_membership_questions_answers_v2",
            item,
        );
        assert_eq!(
            values(&agg, Kind::Group),
            ["Sample Support Circle", "Swap Shop"]
        );
        let health: Vec<_> = agg
            .findings
            .values()
            .filter(|f| f.kind == Kind::Comment)
            .filter_map(|f| f.sensitive)
            .collect();
        assert_eq!(health, [(SensitiveTag::Health, true)], "the answer, once");
        // The question alone says nothing about you.
        let item = json!({"group_answers": [{"answers": [
            {"question": "Do you have diabetes?", "answer": "Yes"}]}]});
        let agg = run(ParserSpec::GroupAnswers, "/x", item);
        assert!(agg.findings.is_empty());
    }

    #[test]
    fn people_you_may_know_are_the_values_of_the_list_not_its_label() {
        let spec = ParserSpec::parse("string_labels:connection:inferred").unwrap();
        let entry = json!({"label": "People you may know",
            "vec": [{"value": "Harper Invented"}, {"value": "Rowan Madeup"}]});
        let agg = run(spec, "/label_values/0", entry);
        assert_eq!(
            values(&agg, Kind::Connection),
            ["Harper Invented", "Rowan Madeup"]
        );
        assert_eq!(
            FACEBOOK
                .catalogue()
                .find_known(
                    Some("2024-2026"),
                    "connections/friends/people_you_may_know.json"
                )
                .map(|k| k.parser.as_str()),
            Some("string_labels:connection:inferred")
        );
    }

    #[test]
    fn security_records_give_ip_agent_and_device_by_label_and_count_no_login() {
        let record = json!({"timestamp": 1700000000, "label_values": [
            {"label": "IP Address", "value": "198.51.100.77"},
            {"label": "Browser", "value": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
            {"label": "Device", "value": "Fairphone FP5"},
            {"label": "Registrierungs-IP", "value": "2001:db8::42"},
            {"label": "Email", "value": "given@example.org"}]});
        let agg = run(ParserSpec::SecurityRecords, "/0", record);
        assert_eq!(
            values(&agg, Kind::IpAddress),
            ["198.51.100.77", "2001:db8::42"]
        );
        assert_eq!(values(&agg, Kind::Device), ["Fairphone FP5"]);
        assert_eq!(agg.record_counts()[&Kind::UserAgent], 1);
        assert!(!agg.record_counts().contains_key(&Kind::Login));
        assert_eq!(values(&agg, Kind::Email), ["given@example.org"]);
        assert_eq!(provenance(&agg, Kind::Email), Provenance::Volunteered);
        let known = FACEBOOK.catalogue().find_known(
            Some("2022-2024"),
            "your_activity_across_facebook/messages/your_messenger_app_install_information.json",
        );
        assert_eq!(known.map(|k| k.parser.as_str()), Some("security_records"));
    }

    #[test]
    fn listed_items_are_counted_each_at_its_own_time() {
        let spec = ParserSpec::parse("listed:visited_page:observed").unwrap();
        let shown = |time: i64| {
            json!({"dict": [{"label": "Event", "value": "Shown"},
            {"label": "URL", "value": "https://www.facebook.com/example/posts/1"},
            {"label": "Time", "timestamp_value": time}]})
        };
        let record = json!({"timestamp": 1767225600, "label_values": [
            {"label": "Posts", "vec": [shown(1767300000), shown(1767400000)]},
            {"label": "Videos", "vec": [{"dict": [{"label": "URL", "value": "https://x"}]}]},
            {"label": "Note", "value": "not an item"}]});
        let agg = run(spec, "/0", record);
        let seen = &agg.datasets[&(FACEBOOK.platform(), Kind::VisitedPage)].dataset;
        assert_eq!(seen.count, 3);
        assert_eq!(
            seen.first_seen,
            Some(1767225600),
            "the record's time for an undated item"
        );
        assert_eq!(seen.last_seen, Some(1767400000));
        // One list handed on alone.
        let agg = run(
            spec,
            "/label_values/0",
            json!({"label": "Posts", "vec": [shown(5)]}),
        );
        assert_eq!(agg.record_counts()[&Kind::VisitedPage], 1);
    }
}

//! Item parsers for Instagram files (formats/meta.md §7.2). Each record is read as fields
//! (`meta::fields`) and each field matched to a concept (`meta::concept`), so the same code reads
//! `string_map_data` (2020+), `label_values` (2025+) and plain keys (≤2020), in any language.

use std::collections::BTreeSet;

use serde_json::Value;

use super::ParserSpec;
use crate::decode::Item;
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink};
use crate::platforms::common::{self, last_key, str_field, time_of, top_key};
use crate::platforms::meta::messages::{ConversationLog, LoggedMessage};
use crate::platforms::meta::{self, Field, concept};
use crate::platforms::{FileParser, Outcome};

const GIVEN: Provenance = Provenance::Volunteered;

/// A parser that handles each streamed JSON item on its own.
pub(super) struct ItemParser {
    pub spec: ParserSpec,
}

impl FileParser for ItemParser {
    fn rule(&self) -> &'static str {
        self.spec.rule()
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        match item {
            Item::Json { pointer, value } => parse_item(self.spec, sink, pointer, &value),
            Item::Html(doc) => {
                for (i, record) in meta::html::records(doc).iter().enumerate() {
                    let value = meta::html::to_value(record, sink.timezone());
                    parse_item(self.spec, sink, &format!("/{i}"), &value);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The fields of an item; a bare scalar (a key of an old flat file) is one field named by its key.
fn item_fields(pointer: &str, item: &Value) -> Vec<Field> {
    match item {
        Value::String(_) | Value::Number(_) => {
            let value = match item {
                Value::String(s) => s.trim().to_string(),
                other => other.to_string(),
            };
            vec![Field {
                label: last_key(pointer).to_string(),
                value: Some(value).filter(|v| !v.is_empty()),
                time: None,
                href: None,
            }]
        }
        _ => meta::fields(item),
    }
}

/// Unix seconds from a numeric time field, an ISO-8601 string (`2020-10-31T20:37:21+00:00`,
/// the ≤2020 export and login titles), or the first dated field.
fn time_of_item(item: &Value, fields: &[Field]) -> Option<i64> {
    time_of(item)
        .or_else(|| {
            [
                "timestamp",
                "created_at",
                "taken_at",
                "date",
                "title",
                "time",
            ]
            .iter()
            .filter_map(|k| str_field(item, k))
            .find_map(iso_seconds)
        })
        .or_else(|| fields.iter().find_map(|f| f.time))
        .or_else(|| {
            fields
                .iter()
                .filter(|f| concept(&f.label) == Some("time"))
                .find_map(|f| f.value.as_deref().and_then(iso_seconds))
        })
}

/// Unix seconds of an ISO-8601 instant (see `common::utc_seconds`).
fn iso_seconds(text: &str) -> Option<i64> {
    common::utc_seconds(text, &[])
}

fn has_device_field(fields: &[Field]) -> bool {
    fields.iter().any(|f| concept(&f.label) == Some("device"))
}

pub(super) fn parse_item(spec: ParserSpec, sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let fields = item_fields(pointer, item);
    for field in &fields {
        sink.label(&field.label);
    }
    let time = time_of_item(item, &fields);
    match spec {
        ParserSpec::Profile => meta::personal_fields(sink, pointer, &fields, true),
        ParserSpec::PersonalFields => meta::personal_fields(sink, pointer, &fields, false),
        ParserSpec::People(kind, provenance) => {
            if let Some(name) = person(item) {
                sink.record(kind, &name, provenance, pointer, time);
            }
        }
        ParserSpec::LegacyConnections => legacy_connections(sink, pointer, item),
        ParserSpec::Contacts => contact(sink, pointer, &fields, time),
        ParserSpec::Posts => post(sink, pointer, item, time),
        ParserSpec::LegacyMedia => {
            sink.count(Kind::Post, GIVEN, pointer, time);
            if let Some(caption) = str_field(item, "caption") {
                sink.scan_text(Kind::Post, caption, GIVEN, pointer, time);
            }
            if let Some(place) = str_field(item, "location") {
                sink.record(Kind::Place, place, GIVEN, pointer, time);
            }
        }
        ParserSpec::Comments => {
            sink.count(Kind::Comment, GIVEN, pointer, time);
            for text in fields
                .iter()
                .filter(|f| matches!(concept(&f.label), Some("comment" | "text")))
                .filter_map(|f| f.value.as_deref())
            {
                sink.scan_text(Kind::Comment, text, GIVEN, pointer, time);
            }
        }
        ParserSpec::LegacyActivity(kind) => {
            // `[time, text, owner]` (comments) or `[time, owner]` (likes, story answers).
            let time = item
                .get(0)
                .and_then(Value::as_str)
                .and_then(iso_seconds)
                .or(time);
            sink.count(kind, GIVEN, pointer, time);
            if kind == Kind::Comment
                && let Some(text) = item.get(1).and_then(Value::as_str)
            {
                sink.scan_text(Kind::Comment, text, GIVEN, pointer, time);
            }
        }
        ParserSpec::Counted(kind, provenance) => sink.count(kind, provenance, pointer, time),
        ParserSpec::Labels(kind, provenance) => {
            for value in label_values(item, &fields) {
                sink.record(kind, &value, provenance, pointer, time);
            }
        }
        ParserSpec::Advertisers => meta::advertisers(sink, pointer, item),
        ParserSpec::OffPlatformActivity => meta::off_platform_activity(sink, pointer, item),
        ParserSpec::Logins => login(sink, pointer, &fields, time),
        ParserSpec::SecretConversations => meta::secret_conversation_devices(sink, pointer, item),
        ParserSpec::ProfileChanges => meta::profile_change(sink, pointer, &fields),
        ParserSpec::Devices => {
            let mut named = false;
            for field in &fields {
                let Some(value) = field.value.as_deref() else {
                    continue;
                };
                match concept(&field.label) {
                    Some("user_agent") => {
                        sink.record(Kind::UserAgent, value, Provenance::Observed, pointer, time);
                        named = true;
                    }
                    Some("device") => {
                        sink.record(Kind::Device, value, Provenance::Observed, pointer, time);
                        named = true;
                    }
                    None => sink.scan_value(&field.label.to_lowercase(), value, pointer),
                    Some(_) => {}
                }
            }
            // A record names one device: by its title, else by its user agent.
            let fallback = str_field(item, "title").or_else(|| {
                fields
                    .iter()
                    .find(|f| concept(&f.label) == Some("user_agent"))
                    .and_then(|f| f.value.as_deref())
            });
            if let Some(device) = fallback.filter(|_| !named || !has_device_field(&fields)) {
                sink.record(Kind::Device, device, Provenance::Observed, pointer, time);
            }
        }
        ParserSpec::LocationPoints => {
            for point in meta::coordinates_in(&fields) {
                sink.record(
                    Kind::LocationPoint,
                    &crate::platforms::common::format_point(point),
                    Provenance::Observed,
                    pointer,
                    time,
                );
            }
        }
        ParserSpec::Searches if item.is_object() => {
            sink.count(Kind::SearchQuery, Provenance::Observed, pointer, time);
            let text = fields
                .iter()
                .find(|f| concept(&f.label) == Some("search"))
                .and_then(|f| f.value.clone())
                .or_else(|| str_field(item, "title").map(str::to_string))
                .or_else(|| {
                    fields
                        .iter()
                        .filter(|f| concept(&f.label) != Some("time"))
                        .find_map(|f| f.value.clone())
                });
            if let Some(text) = text {
                sink.scan_text(Kind::SearchQuery, &text, GIVEN, pointer, time);
            }
        }
        // A placeholder string ("You have no data in this section") is not a search.
        ParserSpec::Searches
        | ParserSpec::MessageThread
        | ParserSpec::LegacyMessages
        | ParserSpec::OffMetaPage => {}
    }
}

/// The person an item of a followers/following-style list names.
fn person(item: &Value) -> Option<String> {
    if let Some(name) = item.as_str() {
        return Some(name.trim().to_string()).filter(|n| !n.is_empty());
    }
    let list = item.get("string_list_data").and_then(Value::as_array);
    let first = list.and_then(|l| l.first());
    first
        .and_then(|f| str_field(f, "value"))
        .or_else(|| str_field(item, "title"))
        .map(str::to_string)
        .or_else(|| {
            let href = first.and_then(|f| str_field(f, "href"))?;
            let handle = href.trim_end_matches('/').rsplit('/').next()?;
            Some(handle.to_string()).filter(|h| !h.is_empty() && *h != "_u")
        })
        .or_else(|| {
            meta::fields(item)
                .into_iter()
                .find(|f| matches!(concept(&f.label), Some("name" | "username")))
                .and_then(|f| f.value)
        })
}

/// `{followers: {"user": "time"}, following: {...}, blocked_users: {...}}` (≤2020).
fn legacy_connections(sink: &mut dyn RecordSink, pointer: &str, item: &Value) {
    let key = top_key(pointer);
    let provenance = if key.contains("follower") || key.contains("received") {
        Provenance::Received
    } else {
        GIVEN
    };
    // A followed hashtag is a topic you chose, not a person.
    let kind = if key.contains("hashtag") {
        Kind::LikedPage
    } else {
        Kind::Connection
    };
    if let Some(map) = item.as_object() {
        for (user, when) in map {
            let time = when.as_str().and_then(iso_seconds);
            sink.record(kind, user, provenance, pointer, time);
        }
    }
}

/// One uploaded contact: its name (first and last name joined) and its phones and e-mails.
fn contact(sink: &mut dyn RecordSink, pointer: &str, fields: &[Field], time: Option<i64>) {
    let (mut names, mut last_names): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut points: Vec<&str> = Vec::new();
    for field in fields {
        let Some(value) = field.value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        match concept(&field.label) {
            Some("name" | "first_name") => names.push(value),
            Some("last_name") => last_names.push(value),
            Some("contact_point" | "email" | "phone") => points.push(value),
            _ => {}
        }
    }
    names.extend(last_names);
    let name = if names.is_empty() {
        points.first().map(|p| p.to_string())
    } else {
        Some(names.join(" "))
    };
    if let Some(name) = name {
        sink.record(Kind::Contact, &name, GIVEN, pointer, time);
    }
    for point in points {
        common::contact_point(sink, point, GIVEN, pointer, time);
    }
}

fn post(sink: &mut dyn RecordSink, pointer: &str, item: &Value, time: Option<i64>) {
    let media: Vec<&Value> = match item.get("media").and_then(Value::as_array) {
        Some(list) => list.iter().collect(),
        None => vec![item],
    };
    // A post of one medium has no time of its own in JSON: its medium's is the post's.
    let time = time.or_else(|| media.iter().filter_map(|m| time_of(m)).min());
    sink.count(Kind::Post, GIVEN, pointer, time);
    let mut captions: BTreeSet<&str> = BTreeSet::new();
    if let Some(title) = str_field(item, "title") {
        captions.insert(title);
    }
    for medium in media {
        meta::media_exif(sink, pointer, medium, time);
        if let Some(title) = str_field(medium, "title") {
            captions.insert(title);
        }
    }
    for caption in captions {
        sink.scan_text(Kind::Post, caption, GIVEN, pointer, time);
    }
    // The HTML flavour: each medium is a nested record with its EXIF rows.
    for (point, _) in meta::nested_points(item) {
        let value = common::format_point(point);
        sink.record(
            Kind::LocationPoint,
            &value,
            Provenance::Observed,
            pointer,
            time,
        );
    }
}

/// Values of a list of labels: plain strings, or field values that name something.
fn label_values(item: &Value, fields: &[Field]) -> Vec<String> {
    if let Some(text) = item.as_str() {
        return vec![text.trim().to_string()]
            .into_iter()
            .filter(|t| !meta::is_label_noise(t))
            .collect();
    }
    let values: Vec<String> = fields
        .iter()
        .filter(|f| concept(&f.label) != Some("time"))
        .filter_map(|f| f.value.clone())
        .filter(|v| !meta::is_label_noise(v))
        .collect();
    if !values.is_empty() {
        return values;
    }
    // An entry named by its title alone (a followed hashtag in HTML, or in JSON when the
    // entry's `value` is missing).
    str_field(item, "title")
        .map(str::trim)
        .filter(|t| !meta::is_label_noise(t))
        .map(str::to_string)
        .into_iter()
        .collect()
}

fn login(sink: &mut dyn RecordSink, pointer: &str, fields: &[Field], time: Option<i64>) {
    let registration = top_key(pointer).contains("registration");
    if !registration {
        sink.count(Kind::Login, Provenance::Observed, pointer, time);
    }
    for field in fields {
        let Some(value) = field.value.as_deref().filter(|v| !v.is_empty()) else {
            continue;
        };
        match concept(&field.label) {
            Some("ip_address") => {
                common::ip_address(sink, value, pointer, time);
            }
            Some("user_agent") => {
                sink.record(Kind::UserAgent, value, Provenance::Observed, pointer, time)
            }
            Some("device") => sink.record(Kind::Device, value, Provenance::Observed, pointer, time),
            Some("email") => sink.record(Kind::Email, value, GIVEN, pointer, time),
            Some("phone") => sink.record(Kind::Phone, value, GIVEN, pointer, time),
            Some("username") => sink.record(Kind::Username, value, GIVEN, pointer, time),
            // A label of a language not listed: the value is judged by its shape.
            None => sink.scan_value(&field.label.to_lowercase(), value, pointer),
            Some(_) => {}
        }
    }
}

/// `messages.json` of the single-file era: a list of conversations, each
/// `{participants: [usernames], conversation: [{sender, created_at, text}]}`.
#[derive(Default)]
pub(super) struct LegacyMessages {
    log: ConversationLog,
}

impl FileParser for LegacyMessages {
    fn rule(&self) -> &'static str {
        ParserSpec::LegacyMessages.rule()
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let Some(conversation) = value.get("conversation").and_then(Value::as_array) else {
            return Ok(());
        };
        let participants: BTreeSet<String> = value
            .get("participants")
            .and_then(Value::as_array)
            .map(|p| {
                p.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let messages = conversation
            .iter()
            .enumerate()
            .map(|(i, message)| LoggedMessage {
                sender: str_field(message, "sender").map(str::to_string),
                time: str_field(message, "created_at").and_then(iso_seconds),
                text: str_field(message, "text").map(str::to_string),
                pointer: format!("{pointer}/conversation/{i}"),
            });
        let thread = format!("{}#{pointer}", sink.file());
        self.log.conversation(sink, &thread, participants, messages);
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
    use crate::classify::collect::{Aggregate, FileSink};
    use crate::decode::{self, Decoder, Select};
    use crate::model::Platform;
    use serde_json::json;

    fn run(spec: ParserSpec, pointer: &str, item: Value) -> Aggregate {
        let mut sink = FileSink::new(Platform("instagram"), "f.json", None, spec.rule());
        parse_item(spec, &mut sink, pointer, &item);
        sink.aggregate
    }

    fn values(agg: &crate::classify::collect::Aggregate, kind: Kind) -> Vec<String> {
        agg.values_of(kind)
    }

    #[test]
    fn a_post_of_one_medium_takes_its_medium_s_time() {
        let span = |item: Value| {
            let agg = run(ParserSpec::Posts, "/0", item);
            let posts = &agg.datasets[&(Platform("instagram"), Kind::Post)].dataset;
            (posts.count, posts.first_seen, posts.last_seen)
        };
        let one = json!({"media": [{"uri": "m/1.jpg", "creation_timestamp": 1741950131, "title": "Bridge"}]});
        assert_eq!(span(one), (1, Some(1741950131), Some(1741950131)));
        // A post's own time comes first; of several media, the earliest.
        let own = json!({"creation_timestamp": 1747300000, "media": [{"creation_timestamp": 1747300999}]});
        assert_eq!(span(own), (1, Some(1747300000), Some(1747300000)));
        let several = json!({"media": [{"creation_timestamp": 9}, {"creation_timestamp": 7}]});
        assert_eq!(span(several), (1, Some(7), Some(7)));
    }

    #[test]
    fn profiles_in_any_language_and_era() {
        let agg = run(
            ParserSpec::Profile,
            "/profile_user/0",
            json!({"string_map_data": {
                "Gebruikersnaam": {"value": "noah_v", "timestamp": 0},
                "Naam": {"value": "Noah Voorbeeld"},
                "E-mailadres": {"value": "noah@example.com"},
                "Geboortedatum": {"value": "1999-01-01"}}}),
        );
        assert_eq!(values(&agg, Kind::Username), ["noah_v"]);
        assert_eq!(values(&agg, Kind::Email), ["noah@example.com"]);
        assert_eq!(values(&agg, Kind::Birthdate), ["1999-01-01"]);
        assert_eq!(agg.owner.as_deref(), Some("Noah Voorbeeld"));
        // A flat file of the single-file era arrives key by key.
        let agg = run(ParserSpec::Profile, "/username", json!("pix_otter"));
        assert_eq!(values(&agg, Kind::Username), ["pix_otter"]);
        assert_eq!(agg.owner.as_deref(), Some("pix_otter"));
    }

    #[test]
    fn people_from_values_titles_and_links() {
        let spec = ParserSpec::People(Kind::Connection, Provenance::Received);
        let agg = run(
            spec,
            "/0",
            json!({"title": "", "string_list_data": [{"href": "x", "value": "a_user", "timestamp": 5}]}),
        );
        assert_eq!(values(&agg, Kind::Connection), ["a_user"]);
        let agg = run(
            spec,
            "/relationships_following/0",
            json!({"title": "b_user", "string_list_data": [{"href": "https://www.instagram.com/_u/b_user", "timestamp": 5}]}),
        );
        assert_eq!(values(&agg, Kind::Connection), ["b_user"]);
        let agg = run(
            spec,
            "/0",
            json!({"string_list_data": [{"href": "https://www.instagram.com/_u/c_user"}]}),
        );
        assert_eq!(values(&agg, Kind::Connection), ["c_user"]);
    }

    #[test]
    fn contacts_give_a_name_and_their_contact_points() {
        let agg = run(
            ParserSpec::Contacts,
            "/contacts_contact_info/0",
            json!({"string_map_data": {"First Name": {"value": "Dan"}, "Last Name": {"value": "Dummy"},
                   "Contact Information": {"value": "dan.dummy@example.com"}}}),
        );
        assert_eq!(values(&agg, Kind::Contact), ["Dan Dummy"]);
        assert_eq!(values(&agg, Kind::Email), ["dan.dummy@example.com"]);
    }

    #[test]
    fn logins_count_and_read_ip_and_agent() {
        let agg = run(
            ParserSpec::Logins,
            "/account_history_login_history/0",
            json!({"title": "2024-03-22T07:53:09+00:00", "string_map_data": {
                "IP Address": {"value": "192.0.2.44"}, "User Agent": {"value": "Instagram 300.0 Android"},
                "Time": {"timestamp": 1711094000}}}),
        );
        assert_eq!(agg.record_counts()[&Kind::Login], 1);
        assert_eq!(values(&agg, Kind::IpAddress), ["192.0.2.44"]);
        assert_eq!(values(&agg, Kind::UserAgent), ["Instagram 300.0 Android"]);
        let registration = run(
            ParserSpec::Logins,
            "/registration_info",
            json!({"registration_username": "pix", "ip_address": "198.51.100.8", "registration_email": "p@example.com"}),
        );
        assert!(!registration.record_counts().contains_key(&Kind::Login));
        assert_eq!(values(&registration, Kind::Email), ["p@example.com"]);
        // Korean labels are listed; a language that is not (Polish here) is read by shape.
        for (ip_label, agent_label) in [("IP 주소", "사용자 에이전트"), ("Adres IP", "Klient")]
        {
            let agg = run(
                ParserSpec::Logins,
                "/account_history_login_history/0",
                json!({"title": "2024-03-22T07:53:09+00:00", "string_map_data": {
                    ip_label: {"value": "192.0.2.45"},
                    agent_label: {"value": "Instagram 300.0 Android"}}}),
            );
            assert_eq!(values(&agg, Kind::IpAddress), ["192.0.2.45"], "{ip_label}");
        }
    }

    #[test]
    fn labels_skip_explanations_and_numbers() {
        let agg = run(
            ParserSpec::Labels(Kind::Place, Provenance::Inferred),
            "/label_values/0",
            json!({"label": "Locations of interest", "vec": [{"value": "Lyon"}, {"value": "42"}]}),
        );
        assert_eq!(values(&agg, Kind::Place), ["Lyon"]);
        let agg = run(
            ParserSpec::Labels(Kind::Place, Provenance::Inferred),
            "/label_values/1",
            json!({"label": "Usage explanation", "value": "These are places we think you may be interested in based on your activity and the places you have been."}),
        );
        assert!(values(&agg, Kind::Place).is_empty());
        // An entry named by its title alone: a followed hashtag in HTML.
        let agg = run(
            ParserSpec::Labels(Kind::LikedPage, Provenance::Volunteered),
            "/0",
            json!({"title": "openwaterswimming", "label_values": [{"label": "", "href": "https://www.instagram.com/explore/tags/openwaterswimming"}]}),
        );
        assert_eq!(values(&agg, Kind::LikedPage), ["openwaterswimming"]);
    }

    #[test]
    fn single_file_era_messages_know_their_owner() {
        let text = r#"[{"participants": ["pix_otter", "ben_s"], "conversation": [
            {"sender": "ben_s", "created_at": "2020-05-01T10:00:00+00:00", "text": "mail ben.s@example.com"},
            {"sender": "pix_otter", "created_at": "2020-05-01T10:01:00+00:00", "text": "ok"}]},
          {"participants": ["pix_otter", "cara_p"], "conversation": [
            {"sender": "pix_otter", "created_at": "2020-06-01T10:00:00+00:00", "text": "hi"}]}]"#;
        let mut sink = FileSink::new(Platform("instagram"), "messages.json", None, "t");
        let mut parser: Box<dyn FileParser> = Box::new(LegacyMessages::default());
        let decoder = Decoder::Json {
            select: Select::Default,
            js_prefix: false,
        };
        decode::feed(&mut text.as_bytes(), &decoder, true, &mut |item| {
            parser.item(&mut sink, item)
        })
        .unwrap();
        parser.finish(&mut sink);
        let agg = sink.aggregate;
        let messages = &agg.datasets[&(Platform("instagram"), Kind::Message)].dataset;
        assert_eq!(messages.count, 3);
        assert_eq!(messages.by_provenance[&Provenance::Volunteered], 2);
        assert_eq!(agg.record_counts()[&Kind::MessageThread], 2);
        let email = agg
            .findings
            .values()
            .find(|f| f.kind == Kind::Email)
            .unwrap();
        assert_eq!(email.provenance, Provenance::Received);
    }

    #[test]
    fn a_profile_change_gives_the_old_and_new_value_as_the_field_it_names() {
        let cell = |value: &str, time: i64| json!({"href": "", "value": value, "timestamp": time});
        let change = json!({"string_map_data": {
            "Changed": cell("Email", 0),
            "Previous Value": cell("old.otter@example.net", 0),
            "New Value": cell("new.otter@example.com", 0),
            "Change Date": cell("", 1712000000)
        }});
        let agg = run(
            ParserSpec::ProfileChanges,
            "/profile_profile_change/0",
            change,
        );
        assert_eq!(
            values(&agg, Kind::Email),
            ["new.otter@example.com", "old.otter@example.net"]
        );
        assert!(values(&agg, Kind::Username).is_empty());
        // Labels the table does not know: each field judged by its shape, nothing named.
        let unknown = json!({"string_map_data": {"Gewijzigd": cell("other@example.org", 0)}});
        let agg = run(
            ParserSpec::ProfileChanges,
            "/profile_profile_change/0",
            unknown,
        );
        assert_eq!(values(&agg, Kind::Email), ["other@example.org"]);
    }

    #[test]
    fn secret_conversations_are_read_in_both_layouts() {
        use crate::platforms::PlatformModule;
        let item = json!({"armadillo_devices": [{"device_type": "IPHONE",
            "device_manufacturer": "Apple", "device_model": "iPhone15,2",
            "last_connected_ip": "198.51.100.23", "last_active_time": 1753258442}]});
        let agg = run(
            ParserSpec::SecretConversations,
            "/ig_secret_conversations",
            item,
        );
        assert_eq!(values(&agg, Kind::Device), ["Apple iPhone15,2"]);
        assert_eq!(values(&agg, Kind::IpAddress), ["198.51.100.23"]);
        let catalogue = super::super::INSTAGRAM.catalogue();
        for (generation, path) in [
            ("2020-2023", "messages/secret_conversations.json"),
            (
                "2023-2026",
                "your_instagram_activity/messages/secret_conversations.json",
            ),
        ] {
            let known = catalogue.find_known(Some(generation), path);
            assert_eq!(
                known.map(|k| k.parser.as_str()),
                Some("secret_conversations")
            );
        }
    }
}

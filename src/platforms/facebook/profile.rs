//! `profile_information.json` (`{profile}` 2018–20, `{profile_v2}` since; formats/meta.md §4.2):
//! the fields a person typed into their profile. Religious and political views, "interested in"
//! and blood-donor status are special-category data and tagged as such at the source. Also the
//! Facebook Dating profile and preferences (2024+, §4.2 "dating"), whose religion and the
//! genders and intents sought are special-category data too.
//! It never prints a field's value.

use serde_json::Value;

use crate::model::{Kind, Provenance, RecordSink, SensitiveTag};
use crate::platforms::common::{self, as_i64, str_field, time_of};
use crate::platforms::meta;

const GIVEN: Provenance = Provenance::Volunteered;

/// The account holder's full name in a profile value (used to attribute messages).
pub fn owner_name(profile: &Value) -> Option<String> {
    profile
        .get("name")
        .and_then(|n| str_field(n, "full_name"))
        .map(str::to_string)
}

pub(super) fn parse(sink: &mut dyn RecordSink, pointer: &str, profile: &Value) {
    if !profile.is_object() {
        return;
    }
    if profile.get("label_values").is_some() || profile.get("text").is_some() {
        parse_labelled(sink, pointer, profile);
        return;
    }
    let at = |key: &str| format!("{pointer}/{key}");
    if let Some(name) = owner_name(profile) {
        sink.set_owner(&name);
        sink.record(Kind::Name, &name, GIVEN, &at("name"), None);
    }
    for key in ["previous_names", "other_names"] {
        for item in list(profile, key) {
            if let Some(name) = str_field(item, "name") {
                sink.record(Kind::Name, name, GIVEN, &at(key), time_of(item));
            }
        }
    }
    if let Some(emails) = profile.get("emails") {
        for key in [
            "emails",
            "previous_emails",
            "pending_emails",
            "ad_account_emails",
        ] {
            for email in list(emails, key).iter().filter_map(|e| e.as_str()) {
                sink.record(Kind::Email, email, GIVEN, &at("emails"), None);
            }
        }
    }
    for phone in list(profile, "phone_numbers") {
        if let Some(number) = str_field(phone, "phone_number") {
            let normalized = common::normalize_phone(number);
            sink.record(
                Kind::Phone,
                &normalized,
                GIVEN,
                &at("phone_numbers"),
                time_of(phone),
            );
        }
    }
    if let Some(birthday) = profile.get("birthday").and_then(format_date) {
        sink.record(Kind::Birthdate, &birthday, GIVEN, &at("birthday"), None);
    }
    if let Some(gender) = profile.get("gender")
        && let Some(option) = str_field(gender, "gender_option").or_else(|| gender.as_str())
    {
        sink.record(Kind::Gender, option, GIVEN, &at("gender"), None);
    }
    for key in ["current_city", "hometown"] {
        if let Some(city) = profile.get(key).and_then(|c| str_field(c, "name")) {
            sink.record(Kind::Place, city, GIVEN, &at(key), None);
        }
    }
    for item in list(profile, "places_lived") {
        if let Some(place) = str_field(item, "place") {
            sink.record(
                Kind::Place,
                place,
                GIVEN,
                &at("places_lived"),
                time_of(item),
            );
        }
    }
    if let Some(relationship) = profile.get("relationship") {
        if let Some(status) = str_field(relationship, "status") {
            sink.record(
                Kind::Relationship,
                status,
                GIVEN,
                &at("relationship"),
                time_of(relationship),
            );
        }
        if let Some(partner) = str_field(relationship, "partner") {
            sink.record(Kind::Connection, partner, GIVEN, &at("relationship"), None);
        }
    }
    for partner in list(profile, "previous_relationships") {
        if let Some(name) = str_field(partner, "name") {
            sink.record(
                Kind::Relationship,
                name,
                GIVEN,
                &at("previous_relationships"),
                time_of(partner),
            );
        }
    }
    // 2018–20 profiles also list liked pages by category and groups.
    for category in list(profile, "pages") {
        for page in list(category, "pages").iter().filter_map(Value::as_str) {
            sink.record(Kind::LikedPage, page, GIVEN, &at("pages"), None);
        }
    }
    for group in list(profile, "groups") {
        if let Some(name) = str_field(group, "name") {
            sink.record(Kind::Group, name, GIVEN, &at("groups"), time_of(group));
        }
    }
    for member in list(profile, "family_members") {
        if let Some(name) = str_field(member, "name") {
            sink.record(
                Kind::FamilyMember,
                name,
                GIVEN,
                &at("family_members"),
                time_of(member),
            );
        }
    }
    for school in list(profile, "education_experiences") {
        if let Some(name) = str_field(school, "name") {
            sink.record(
                Kind::Education,
                name,
                GIVEN,
                &at("education_experiences"),
                time_of(school),
            );
        }
    }
    for job in list(profile, "work_experiences") {
        let text = [str_field(job, "employer"), str_field(job, "title")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ");
        sink.record(
            Kind::Work,
            &text,
            GIVEN,
            &at("work_experiences"),
            time_of(job),
        );
    }
    for language in list(profile, "languages") {
        if let Some(name) = str_field(language, "name").or_else(|| language.as_str()) {
            sink.record(Kind::Language, name, GIVEN, &at("languages"), None);
        }
    }
    for site in list(profile, "websites") {
        if let Some(address) = str_field(site, "address") {
            sink.record(Kind::Website, address, GIVEN, &at("websites"), None);
        }
    }
    for service in list(profile, "screen_names") {
        for name in list(service, "names") {
            if let Some(handle) = str_field(name, "name") {
                sink.record(Kind::Username, handle, GIVEN, &at("screen_names"), None);
            }
        }
    }
    if let Some(username) = str_field(profile, "username") {
        sink.record(Kind::Username, username, GIVEN, &at("username"), None);
    }
    if let Some(address) = profile.get("address") {
        let text = [
            "street",
            "city",
            "region",
            "zipcode",
            "postal_code",
            "country",
        ]
        .iter()
        .filter_map(|k| str_field(address, k))
        .collect::<Vec<_>>()
        .join(", ");
        sink.record(Kind::PostalAddress, &text, GIVEN, &at("address"), None);
    }
    for key in ["about_me", "favorite_quotes"] {
        if let Some(text) = str_field(profile, key) {
            sink.record(Kind::Bio, text, GIVEN, &at(key), None);
            sink.scan_text(Kind::Bio, text, GIVEN, &at(key), None);
        }
    }
    if let Some(bio) = profile.get("intro_bio").and_then(|b| str_field(b, "name")) {
        sink.record(Kind::Bio, bio, GIVEN, &at("intro_bio"), None);
        sink.scan_text(Kind::Bio, bio, GIVEN, &at("intro_bio"), None);
    }
    let special = [
        ("religious_view", SensitiveTag::Religion),
        ("political_view", SensitiveTag::Political),
    ];
    for (key, tag) in special {
        if let Some(view) = profile
            .get(key)
            .and_then(|v| str_field(v, "name").or_else(|| v.as_str()))
        {
            sink.sensitive_record(Kind::Bio, view, tag, GIVEN, &at(key), None);
        }
    }
    for interest in list(profile, "interested_in")
        .iter()
        .filter_map(|v| v.as_str())
    {
        sink.sensitive_record(
            Kind::Bio,
            interest,
            SensitiveTag::SexLife,
            GIVEN,
            &at("interested_in"),
            None,
        );
    }
    if let Some(status) = profile
        .get("blood_info")
        .and_then(|b| str_field(b, "blood_donor_status"))
    {
        sink.sensitive_record(
            Kind::Bio,
            status,
            SensitiveTag::Health,
            GIVEN,
            &at("blood_info"),
            None,
        );
    }
}

/// A Facebook Dating profile (`{dating_profile_v2: {current_city, hometown, religious_views[],
/// gender[], college[], high_school[], job_title[], hobbies[], photos[media], profile_picture}}`)
/// or preferences (`{dating_preferences_v2: {gender[], religious_views[], dating_intents[], …}}`),
/// delivered as the one object under its key. Everything in them the person gave; the religion
/// they state or seek, and the genders and kind of relationship they seek, are special-category
/// data. The ages, distance and habits sought are left out: they describe no one.
pub(super) fn parse_dating(sink: &mut dyn RecordSink, pointer: &str, dating: &Value) {
    let at = |key: &str| format!("{pointer}/{key}");
    // A field holds a list, or one value when there is one.
    let items = |key: &str| -> Vec<&Value> {
        match dating.get(key) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(other) => vec![other],
            None => Vec::new(),
        }
    };
    let names = |key: &str| -> Vec<String> {
        items(key)
            .into_iter()
            .filter_map(|v| str_field(v, "name").or_else(|| v.as_str()))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    };
    let preferences = common::top_key(pointer).starts_with("dating_preferences");
    let special = [
        ("religious_views", SensitiveTag::Religion),
        ("dating_intents", SensitiveTag::SexLife),
    ];
    for (key, tag) in special {
        for value in names(key) {
            sink.sensitive_record(Kind::Bio, &value, tag, GIVEN, &at(key), None);
        }
    }
    for gender in names("gender") {
        if preferences {
            // The genders sought, as a profile's "interested in".
            sink.sensitive_record(
                Kind::Bio,
                &gender,
                SensitiveTag::SexLife,
                GIVEN,
                &at("gender"),
                None,
            );
        } else {
            sink.record(Kind::Gender, &gender, GIVEN, &at("gender"), None);
        }
    }
    let plain = [
        ("current_city", Kind::Place),
        ("hometown", Kind::Place),
        ("college", Kind::Education),
        ("high_school", Kind::Education),
        ("job_title", Kind::Work),
    ];
    for (key, kind) in plain {
        for value in names(key) {
            sink.record(kind, &value, GIVEN, &at(key), None);
        }
    }
    for hobby in names("hobbies") {
        sink.scan_text(Kind::Bio, &hobby, GIVEN, &at("hobbies"), None);
    }
    for key in ["photos", "profile_picture"] {
        for media in items(key) {
            meta::media_exif(sink, &at(key), media, time_of(media));
        }
    }
}

/// A profile read from its labels (the HTML flavour): one record holding every field as rows
/// (2024+), or one record per field titled by it (2019–22). Each row is read by the concept of
/// its section (`Situation amoureuse`) and of its own label (`Statut`).
fn parse_labelled(sink: &mut dyn RecordSink, pointer: &str, record: &Value) {
    let title = str_field(record, "title");
    let mut rows: Vec<Row> = Vec::new();
    for field in meta::label_fields(record) {
        let first = field.label.split(" / ").next().unwrap_or("").to_string();
        let last = field.label.rsplit(" / ").next().unwrap_or("").to_string();
        let section = title.map(str::to_string).unwrap_or(first);
        rows.push((section, last, field.value, field.time));
    }
    if let (Some(title), Some(text)) = (title, str_field(record, "text")) {
        for line in text.lines() {
            rows.push((
                title.to_string(),
                title.to_string(),
                Some(line.to_string()),
                None,
            ));
        }
    }
    read_rows(sink, pointer, rows);
}

/// A profile update (`profile_update_history`: `{timestamp, title, data[{profile_update{field,
/// data}}], attachments[…]}`): each changed field read as the profile's own field of that name,
/// and what it carries (a life event, its place, a photo).
pub(super) fn parse_update(sink: &mut dyn RecordSink, pointer: &str, update: &Value) {
    let time = time_of(update);
    let rows: Vec<Row> = list(update, "data")
        .iter()
        .filter_map(|data| data.get("profile_update"))
        .filter_map(|change| {
            let field = str_field(change, "field")?.to_string();
            let value = str_field(change, "data").map(str::to_string);
            Some((field.clone(), field, value, time))
        })
        .collect();
    // A field of a name no table lists: its value is judged by its shape.
    for (field, _, value, _) in &rows {
        if let Some(value) = value
            && meta::concept(field).is_none()
        {
            sink.scan_value(&field.to_lowercase(), value, pointer);
        }
    }
    read_rows(sink, pointer, rows);
    super::parsers::attachments(sink, pointer, update, time);
}

/// A profile's row: its section, its own label, its value and its time.
type Row = (String, String, Option<String>, Option<i64>);

/// Profile rows read by the concept of their section and of their own label.
fn read_rows(sink: &mut dyn RecordSink, pointer: &str, rows: Vec<Row>) {
    let mut work: Vec<String> = Vec::new();
    let mut address: Vec<String> = Vec::new();
    for (section, label, value, time) in rows {
        let at = format!("{pointer}/{section}");
        let field = meta::concept(&label);
        let Some(value) = value else {
            if meta::concept(&section) == Some("birthdate")
                && let Some(date) = time.and_then(|t| jiff::Timestamp::from_second(t).ok())
            {
                let day = date.to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
                sink.record(Kind::Birthdate, &day, GIVEN, &at, None);
            }
            continue;
        };
        match meta::concept(&section) {
            Some("name") if matches!(field, Some("name") | None) || label == section => {
                sink.set_owner(&value);
                sink.record(Kind::Name, &value, GIVEN, &at, None);
            }
            Some("email") => sink.record(Kind::Email, &value, GIVEN, &at, None),
            Some("birthdate") => sink.record(Kind::Birthdate, &value, GIVEN, &at, None),
            Some("gender") if field == Some("gender") => {
                sink.record(Kind::Gender, &value, GIVEN, &at, None)
            }
            Some("current_city" | "hometown") => sink.record(Kind::Place, &value, GIVEN, &at, time),
            Some("relationship") => match field {
                Some("partner") => sink.record(Kind::Connection, &value, GIVEN, &at, None),
                Some("status") => sink.record(Kind::Relationship, &value, GIVEN, &at, time),
                _ => {}
            },
            Some("family") if field == Some("name") => {
                sink.record(Kind::FamilyMember, &value, GIVEN, &at, time)
            }
            Some("education") if field == Some("school") => {
                sink.record(Kind::Education, &value, GIVEN, &at, time)
            }
            Some("work") if matches!(field, Some("employer" | "title")) => work.push(value),
            Some("language") => sink.record(Kind::Language, &value, GIVEN, &at, None),
            Some("religious_view") => {
                sink.sensitive_record(Kind::Bio, &value, SensitiveTag::Religion, GIVEN, &at, None)
            }
            Some("political_view") => {
                sink.sensitive_record(Kind::Bio, &value, SensitiveTag::Political, GIVEN, &at, None)
            }
            Some("website") => sink.record(Kind::Website, &value, GIVEN, &at, None),
            Some("address") => address.push(value),
            Some("phone") if matches!(field, Some("phone")) => {
                let number = common::normalize_phone(&value);
                sink.record(Kind::Phone, &number, GIVEN, &at, None)
            }
            Some("username") => sink.record(Kind::Username, &value, GIVEN, &at, None),
            _ => {}
        }
    }
    if !work.is_empty() {
        sink.record(Kind::Work, &work.join(" — "), GIVEN, pointer, None);
    }
    if !address.is_empty() {
        sink.record(
            Kind::PostalAddress,
            &address.join(", "),
            GIVEN,
            pointer,
            None,
        );
    }
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// `{year, month, day}` with missing or zero parts -> `1990-02-28`, `1990` or `--02-28`.
fn format_date(date: &Value) -> Option<String> {
    let part = |k: &str| date.get(k).and_then(as_i64).filter(|&v| v > 0);
    match (part("year"), part("month"), part("day")) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        (Some(y), None, _) => Some(format!("{y:04}")),
        (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::collect::FileSink;
    use crate::platforms::PlatformModule;
    use crate::platforms::facebook::FACEBOOK;
    use serde_json::json;

    #[test]
    fn dating_tags_the_religion_and_what_is_sought_and_reads_the_rest_as_given() {
        let mut sink = FileSink::new(FACEBOOK.platform(), "d.json", None, "facebook.dating");
        parse_dating(
            &mut sink,
            "/dating_profile_v2",
            &json!({"current_city": "Salford", "religious_views": ["Quaker"],
                    "gender": ["Non-binary"], "job_title": ["Allotment officer"],
                    "photos": [{"uri": "p.jpg", "media_metadata": {"photo_metadata":
                        {"exif_data": [{"upload_ip": "203.0.113.92"}]}}}]}),
        );
        parse_dating(
            &mut sink,
            "/dating_preferences_v2",
            &json!({"min_age": 30, "gender": ["Women"], "dating_intents": ["Long-term relationship"]}),
        );
        let tagged = |value: &str| {
            sink.aggregate
                .findings
                .values()
                .find(|f| f.value == value)
                .and_then(|f| f.sensitive)
                .map(|(tag, _)| tag)
        };
        assert_eq!(tagged("Quaker"), Some(SensitiveTag::Religion));
        assert_eq!(
            tagged("Women"),
            Some(SensitiveTag::SexLife),
            "a gender sought"
        );
        assert_eq!(
            tagged("Long-term relationship"),
            Some(SensitiveTag::SexLife)
        );
        assert_eq!(tagged("Non-binary"), None, "the person's own gender");
        let counts = sink.aggregate.record_counts();
        assert_eq!(counts[&Kind::Gender], 1);
        assert_eq!(counts[&Kind::Place], 1);
        assert_eq!(counts[&Kind::Work], 1);
        assert_eq!(counts[&Kind::IpAddress], 1);
        assert!(
            !counts.contains_key(&Kind::Age),
            "the ages sought describe no one"
        );
    }

    #[test]
    fn reads_every_field_family() {
        let profile = json!({
            "name": {"full_name": "Ava Tester"},
            "emails": {"emails": ["ava@example.com"], "previous_emails": ["old@example.com"]},
            "birthday": {"year": 1990, "month": 2, "day": 28},
            "gender": {"gender_option": "FEMALE"},
            "current_city": {"name": "Springfield", "timestamp": 0},
            "phone_numbers": [{"phone_number": "+44 7700 900123"}],
            "religious_view": {"name": "Buddhist"},
            "family_members": [{"name": "Zoe Tester", "relation": "Sister"}]
        });
        let mut sink = FileSink::new(FACEBOOK.platform(), "p.json", None, "facebook.profile");
        parse(&mut sink, "/profile_v2", &profile);
        assert_eq!(sink.aggregate.owner.as_deref(), Some("Ava Tester"));
        let counts = sink.aggregate.record_counts();
        assert_eq!(counts[&Kind::Email], 2);
        assert_eq!(counts[&Kind::Name], 1);
        assert_eq!(counts[&Kind::Birthdate], 1);
        assert_eq!(counts[&Kind::FamilyMember], 1);
        let phone = sink
            .aggregate
            .findings
            .values()
            .find(|f| f.kind == Kind::Phone)
            .unwrap();
        assert_eq!(phone.value, "+447700900123");
        let view = sink
            .aggregate
            .findings
            .values()
            .find(|f| f.kind == Kind::Bio)
            .unwrap();
        assert_eq!(view.sensitive, Some((SensitiveTag::Religion, true)));
        assert_eq!(owner_name(&profile).as_deref(), Some("Ava Tester"));
    }

    #[test]
    fn partial_birthdays() {
        assert_eq!(
            format_date(&json!({"year": 1990, "month": 0, "day": 0})).as_deref(),
            Some("1990")
        );
        assert_eq!(
            format_date(&json!({"month": 2, "day": 29})).as_deref(),
            Some("--02-29")
        );
        assert_eq!(format_date(&json!({})), None);
    }
}

//! Helpers shared by every platform's parsers: timestamps, string collection, Meta's
//! `label_values` records, path globbing, and the generic walk that scans unknown JSON.
//! Helpers return values to parsers; they never print them.

use serde_json::Value;

use crate::model::RecordSink;

/// Keys that hold Unix seconds, most specific first (formats/meta.md §2.2).
const SECOND_KEYS: &[&str] = &[
    "timestamp",
    "creation_timestamp",
    "created_timestamp",
    "start_timestamp",
    "added_timestamp",
    "updated_timestamp",
    "registration_timestamp",
    "verification_time",
    "update_time",
    "time",
    "timestamp_value",
];

/// The time of a record object, in Unix seconds. `0` means "unknown" in Meta exports.
pub fn time_of(value: &Value) -> Option<i64> {
    if let Some(ms) = value.get("timestamp_ms").and_then(as_i64) {
        return (ms > 0).then_some(ms / 1000);
    }
    SECOND_KEYS
        .iter()
        .filter_map(|k| value.get(*k).and_then(as_i64))
        .find(|&t| t > 0)
}

/// An integer from a JSON number or a numeric string.
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A number from a JSON number or a numeric string.
pub fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A non-empty trimmed string field.
pub fn str_field<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `"lat,lon"` from a coordinate object (`latitude`/`longitude`), if both are in range and not 0,0.
pub fn coordinate(value: &Value) -> Option<(f64, f64)> {
    let lat = value.get("latitude").and_then(as_f64)?;
    let lon = value.get("longitude").and_then(as_f64)?;
    valid_point(lat, lon)
}

/// Meta's check-in coordinates are a string: `"(45.7597 , 4.8422)"`.
pub fn coordinate_string(text: &str) -> Option<(f64, f64)> {
    let inner = text.trim().strip_prefix('(')?.strip_suffix(')')?;
    let (lat, lon) = inner.split_once(',')?;
    valid_point(lat.trim().parse().ok()?, lon.trim().parse().ok()?)
}

fn valid_point(lat: f64, lon: f64) -> Option<(f64, f64)> {
    let in_range = lat.abs() <= 90.0 && lon.abs() <= 180.0;
    (in_range && !(lat == 0.0 && lon == 0.0)).then_some((lat, lon))
}

pub fn format_point((lat, lon): (f64, f64)) -> String {
    format!("{lat},{lon}")
}

/// One leaf of a `label_values` record (formats/meta.md §3.2), with its label path.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelField {
    pub label: String,
    pub value: Option<String>,
    pub time: Option<i64>,
}

/// Flatten `label_values` (and nested `vec` / `dict`) into leaves.
pub fn label_fields(record: &Value) -> Vec<LabelField> {
    let mut out = Vec::new();
    if let Some(items) = record.get("label_values") {
        flatten_labels(items, "", &mut out);
    }
    out
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

/// Scan every scalar of a JSON value with the generic detectors (unknown files, unknown fields).
pub fn scan_json(sink: &mut dyn RecordSink, pointer: &str, key: &str, value: &Value) {
    match value {
        Value::String(s) => sink.scan_value(key, s, pointer),
        Value::Number(n) => sink.scan_value(key, &n.to_string(), pointer),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                scan_json(sink, &format!("{pointer}/{i}"), key, item);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let escaped = k.replace('~', "~0").replace('/', "~1");
                scan_json(
                    sink,
                    &format!("{pointer}/{escaped}"),
                    &k.to_lowercase(),
                    item,
                );
            }
        }
        _ => {}
    }
}

/// The last key of a JSON pointer (`/friends_v2/3` -> `friends_v2`'s element: returns `friends_v2`).
pub fn top_key(pointer: &str) -> &str {
    pointer
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
}

/// The object key a leaf sits under: the last segment of its pointer that is not an array index
/// (`/emails/0` -> `emails`, `/a/b/email` -> `email`); "" at the top.
pub fn last_key(pointer: &str) -> &str {
    pointer
        .rsplit('/')
        .find(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("")
}

/// Match a path against a pattern where `*` matches any run of characters inside one segment.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let mut pat = pattern.split('/');
    let mut segs = path.split('/');
    loop {
        match (pat.next(), segs.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if segment_match(p, s) => {}
            _ => return false,
        }
    }
}

fn segment_match(pattern: &str, segment: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == segment;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !segment.starts_with(first) || segment.len() < first.len() + last.len() {
        return false;
    }
    if !segment.ends_with(last) {
        return false;
    }
    let mut rest = &segment[first.len()..segment.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_prefer_milliseconds_and_ignore_zero() {
        assert_eq!(
            time_of(&json!({"timestamp_ms": 1600000000123i64})),
            Some(1600000000)
        );
        assert_eq!(
            time_of(&json!({"timestamp": 0, "creation_timestamp": 7})),
            Some(7)
        );
        assert_eq!(time_of(&json!({"timestamp": 0})), None);
    }

    #[test]
    fn coordinates_are_checked() {
        assert_eq!(
            coordinate(&json!({"latitude": 45.5, "longitude": 4.8})),
            Some((45.5, 4.8))
        );
        assert_eq!(coordinate(&json!({"latitude": 0, "longitude": 0})), None);
        assert_eq!(coordinate(&json!({"latitude": 95, "longitude": 0})), None);
        assert_eq!(
            coordinate_string("(45.7597 , 4.8422)"),
            Some((45.7597, 4.8422))
        );
        assert_eq!(coordinate_string("Lyon"), None);
    }

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
    fn label_strings_skip_ids_and_urls() {
        let mut out = Vec::new();
        label_strings(
            &json!({"fbid": "123", "uri": "x", "title": "Shop", "vec": [{"value": "A"}]}),
            &mut out,
        );
        assert_eq!(out, ["Shop", "A"]);
    }

    #[test]
    fn last_keys_skip_indexes() {
        assert_eq!(last_key("/emails/0"), "emails");
        assert_eq!(last_key("/a/b/email"), "email");
        assert_eq!(last_key("/3/7"), "");
        assert_eq!(last_key(""), "");
    }

    #[test]
    fn globs_stay_inside_segments() {
        assert!(glob_match(
            "messages/*/*/message_*.json",
            "messages/inbox/a_1/message_10.json"
        ));
        assert!(!glob_match(
            "messages/*/*/message_*.json",
            "messages/inbox/message_1.json"
        ));
        assert!(glob_match(
            "posts/your_posts_*.json",
            "posts/your_posts_1.json"
        ));
        assert!(!glob_match(
            "posts/your_posts_*.json",
            "posts/x/your_posts_1.json"
        ));
        assert!(glob_match(
            "a/likes_and_reactions*.json",
            "a/likes_and_reactions.json"
        ));
        assert!(!glob_match("a/b.json", "a/c.json"));
    }
}

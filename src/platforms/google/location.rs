//! Location History (formats/others.md §3.6): the legacy `Records.json` (E7 integers, streamed
//! one location at a time), Semantic Location History month files (place visits, with the home
//! and work Google inferred, and activity segments), the location settings (devices), and the
//! on-device Timeline export (degree strings `"52.0907°, 5.1214°"` or `geo:` URIs). Never prints a
//! value.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use crate::decode::{Item, json, members};
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink};
use crate::platforms::FileParser;
use crate::platforms::common::{self, JsonRead, LooseInt};

/// A point from E7 integers (`latitudeE7: 515313000` -> 51.5313).
fn e7_point(value: &Value, lat: &str, lon: &str) -> Option<(f64, f64)> {
    let lat = value.get(lat).and_then(common::as_i64)?;
    let lon = value.get(lon).and_then(common::as_i64)?;
    common::valid_point(lat as f64 / 1e7, lon as f64 / 1e7)
}

/// An ISO time or a string/number of milliseconds, under any of `keys`.
fn time_in(value: &Value, keys: &[&str]) -> Option<i64> {
    keys.iter().find_map(|key| {
        let v = value.get(*key)?;
        if key.ends_with("Ms") {
            common::as_i64(v).map(|ms| ms / 1000)
        } else {
            v.as_str().and_then(|t| common::utc_seconds(t, &[]))
        }
    })
}

/// Like [`time_in`] over an ISO key then a milliseconds key: the ISO time when it reads, else
/// the milliseconds.
fn iso_or_ms(iso: &Option<Cow<'_, str>>, ms: Option<LooseInt>) -> Option<i64> {
    iso.as_deref()
        .and_then(|t| common::utc_seconds(t, &[]))
        .or_else(|| ms.and_then(|ms| ms.0).map(|ms| ms / 1000))
}

/// One valid location: a dataset item, counted with its time (its value is not kept).
fn point(sink: &mut dyn RecordSink, at: &str, time: Option<i64>) {
    sink.count(Kind::LocationPoint, Provenance::Observed, at, time);
}

/// `Records.json`: `{"locations": [...]}`, one element per recorded position.
pub struct Records;

/// A position of `Records.json` read from its bytes (millions of them): only its coordinates and
/// time; the rest is skipped unparsed. Any other shape takes the `Value` path.
#[derive(Deserialize)]
struct RawLocation<'a> {
    #[serde(rename = "latitudeE7", default)]
    latitude_e7: Option<LooseInt>,
    #[serde(rename = "longitudeE7", default)]
    longitude_e7: Option<LooseInt>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "timestampMs", default)]
    timestamp_ms: Option<LooseInt>,
}

impl<'a> RawLocation<'a> {
    /// The position read in one pass ([`members::pick`]) as the typed parse reads it; `None`
    /// when that read gives up or for a shape it leaves to serde (a key written twice, a
    /// coordinate that is a fraction or a boolean).
    fn read(json: &'a str, repair: bool, buffer: &'a mut Vec<u8>) -> Option<Self> {
        const KEYS: [&str; 4] = ["latitudeE7", "longitudeE7", "timestamp", "timestampMs"];
        let picked = members::pick(json, repair, buffer, KEYS)?;
        Some(RawLocation {
            latitude_e7: LooseInt::picked(&picked, 0)?,
            longitude_e7: LooseInt::picked(&picked, 1)?,
            timestamp: picked.text(2)?.map(Cow::Borrowed),
            timestamp_ms: LooseInt::picked(&picked, 3)?,
        })
    }

    fn is_point(&self) -> bool {
        e7_pair(self.latitude_e7, self.longitude_e7).is_some()
    }

    fn time(&self) -> Option<i64> {
        iso_or_ms(&self.timestamp, self.timestamp_ms)
    }
}

impl Records {
    fn value(sink: &mut dyn RecordSink, pointer: &str, value: &Value) {
        match e7_point(value, "latitudeE7", "longitudeE7") {
            Some(_) => point(sink, pointer, time_in(value, &["timestamp", "timestampMs"])),
            None => common::scan_json(sink, pointer, "", value),
        }
    }
}

impl FileParser for Records {
    fn rule(&self) -> &'static str {
        "google.location_records"
    }

    fn raw_json(&self) -> bool {
        true
    }

    fn fork(&self) -> Option<Box<dyn FileParser + Send>> {
        Some(Box::new(Records))
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        if let Item::JsonRaw {
            pointer,
            raw,
            repair,
        } = item
        {
            // Millions of positions: read in one pass when they are in the common shape.
            let time = members::with_buffer(|buffer| {
                raw.text()
                    .and_then(|json| RawLocation::read(json, repair, buffer))
                    .filter(RawLocation::is_point)
                    .map(|raw| raw.time())
            });
            if let Some(time) = time {
                point(sink, pointer, time);
                return Ok(());
            }
        }
        match common::read_json::<RawLocation<'_>>(item, RawLocation::is_point, sink)? {
            JsonRead::Typed(pointer, raw) => point(sink, pointer, raw.time()),
            JsonRead::Value(pointer, value) => Records::value(sink, pointer, &value),
            JsonRead::Nothing => {}
        }
        Ok(())
    }
}

/// Whether a semantic type names the person's home or work (`TYPE_HOME`, `INFERRED_WORK`…).
fn is_home_or_work(semantic_type: &str) -> bool {
    let t = semantic_type.to_ascii_uppercase();
    t.ends_with("HOME") || t.ends_with("WORK")
}

/// Semantic Location History: `{"timelineObjects": [{placeVisit} | {activitySegment}]}`.
pub struct Semantic;

/// A place visit, read from either path.
struct Visit<'v> {
    time: Option<i64>,
    point: Option<(f64, f64)>,
    name: Option<&'v str>,
    address: Option<&'v str>,
    semantic_type: Option<&'v str>,
}

impl Visit<'_> {
    fn record(&self, sink: &mut dyn RecordSink, pointer: &str) {
        let at = format!("{pointer}/placeVisit/location");
        if self.point.is_some() {
            point(sink, &at, self.time);
        }
        if self.semantic_type.is_some_and(is_home_or_work) {
            let value = self
                .address
                .map(str::to_string)
                .or_else(|| self.point.map(common::format_point))
                .unwrap_or_default();
            sink.record(
                Kind::HomeOrWork,
                &value,
                Provenance::Inferred,
                &at,
                self.time,
            );
        } else if let Some(label) = self.name.or(self.address) {
            sink.record(Kind::Place, label, Provenance::Observed, &at, self.time);
        }
    }
}

/// One point of an activity segment's simplified raw path.
fn path_point(sink: &mut dyn RecordSink, pointer: &str, index: usize, time: Option<i64>) {
    let at = format!("{pointer}/activitySegment/simplifiedRawPath/points/{index}");
    point(sink, &at, time);
}

/// A timeline object read from its bytes: only the fields used; any other shape takes the
/// `Value` path.
/// A member written `null` is `Some(None)`, as the `Value` path sees it (present), not `None`.
#[derive(Deserialize)]
struct RawTimelineObject<'a> {
    #[serde(rename = "placeVisit", borrow, default, deserialize_with = "present")]
    place_visit: Option<Option<RawVisit<'a>>>,
    #[serde(
        rename = "activitySegment",
        borrow,
        default,
        deserialize_with = "present"
    )]
    activity_segment: Option<Option<RawSegment<'a>>>,
}

/// A member that is there, `null` or not.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Deserialize)]
struct RawVisit<'a> {
    #[serde(borrow, default)]
    duration: Option<RawDuration<'a>>,
    #[serde(borrow, default)]
    location: Option<RawPlace<'a>>,
}

#[derive(Deserialize)]
struct RawDuration<'a> {
    #[serde(
        rename = "startTimestamp",
        borrow,
        default,
        deserialize_with = "json::borrowed_text"
    )]
    start: Option<Cow<'a, str>>,
    #[serde(rename = "startTimestampMs", default)]
    start_ms: Option<LooseInt>,
}

impl RawDuration<'_> {
    /// Like `time_in(duration, ["startTimestamp", "startTimestampMs"])`.
    fn time(&self) -> Option<i64> {
        iso_or_ms(&self.start, self.start_ms)
    }
}

#[derive(Deserialize)]
struct RawPlace<'a> {
    #[serde(rename = "latitudeE7", default)]
    latitude_e7: Option<LooseInt>,
    #[serde(rename = "longitudeE7", default)]
    longitude_e7: Option<LooseInt>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    address: Option<Cow<'a, str>>,
    #[serde(
        rename = "semanticType",
        borrow,
        default,
        deserialize_with = "json::borrowed_text"
    )]
    semantic_type: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct RawSegment<'a> {
    #[serde(borrow, default)]
    duration: Option<RawDuration<'a>>,
    #[serde(rename = "simplifiedRawPath", borrow, default)]
    simplified_raw_path: Option<RawPath<'a>>,
}

#[derive(Deserialize)]
struct RawPath<'a> {
    #[serde(borrow, default)]
    points: Option<Vec<RawPathPoint<'a>>>,
}

#[derive(Deserialize)]
struct RawPathPoint<'a> {
    #[serde(rename = "latE7", default)]
    lat_e7: Option<LooseInt>,
    #[serde(rename = "lngE7", default)]
    lng_e7: Option<LooseInt>,
    #[serde(borrow, default, deserialize_with = "json::borrowed_text")]
    timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "timestampMs", default)]
    timestamp_ms: Option<LooseInt>,
}

/// A point from two E7 values (`None` when either is missing or out of range).
fn e7_pair(lat: Option<LooseInt>, lon: Option<LooseInt>) -> Option<(f64, f64)> {
    let (lat, lon) = (lat?.0?, lon?.0?);
    common::valid_point(lat as f64 / 1e7, lon as f64 / 1e7)
}

/// A trimmed, non-empty string, like `common::str_field`.
fn non_empty<'s>(text: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

impl Semantic {
    fn typed(sink: &mut dyn RecordSink, pointer: &str, raw: &RawTimelineObject<'_>) {
        if let Some(visit) = &raw.place_visit {
            let visit = visit.as_ref();
            let place = visit.and_then(|v| v.location.as_ref());
            Visit {
                time: visit
                    .and_then(|v| v.duration.as_ref())
                    .and_then(RawDuration::time),
                point: place.and_then(|p| e7_pair(p.latitude_e7, p.longitude_e7)),
                name: place.and_then(|p| non_empty(&p.name)),
                address: place.and_then(|p| non_empty(&p.address)),
                semantic_type: place.and_then(|p| non_empty(&p.semantic_type)),
            }
            .record(sink, pointer);
        } else if let Some(Some(segment)) = &raw.activity_segment {
            let time = segment.duration.as_ref().and_then(RawDuration::time);
            let points = segment
                .simplified_raw_path
                .iter()
                .flat_map(|path| path.points.iter().flatten());
            for (i, p) in points.enumerate() {
                if e7_pair(p.lat_e7, p.lng_e7).is_some() {
                    let when = iso_or_ms(&p.timestamp, p.timestamp_ms).or(time);
                    path_point(sink, pointer, i, when);
                }
            }
        }
    }

    fn value(sink: &mut dyn RecordSink, pointer: &str, value: &Value) {
        let starts = ["startTimestamp", "startTimestampMs"];
        if let Some(visit) = value.get("placeVisit") {
            let location = visit.get("location").unwrap_or(&Value::Null);
            Visit {
                time: visit.get("duration").and_then(|d| time_in(d, &starts)),
                point: e7_point(location, "latitudeE7", "longitudeE7"),
                name: common::str_field(location, "name"),
                address: common::str_field(location, "address"),
                semantic_type: common::str_field(location, "semanticType"),
            }
            .record(sink, pointer);
        } else if let Some(segment) = value.get("activitySegment") {
            let time = segment.get("duration").and_then(|d| time_in(d, &starts));
            let raw = segment
                .pointer("/simplifiedRawPath/points")
                .and_then(Value::as_array);
            for (i, p) in raw.into_iter().flatten().enumerate() {
                if e7_point(p, "latE7", "lngE7").is_some() {
                    let when = time_in(p, &["timestamp", "timestampMs"]).or(time);
                    path_point(sink, pointer, i, when);
                }
            }
        } else {
            common::scan_json(sink, pointer, "", value);
        }
    }
}

impl FileParser for Semantic {
    fn rule(&self) -> &'static str {
        "google.semantic_location"
    }

    fn raw_json(&self) -> bool {
        true
    }

    fn fork(&self) -> Option<Box<dyn FileParser + Send>> {
        Some(Box::new(Semantic))
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        // Exactly one of the two known members: anything else is read as a `Value`.
        let accept = |raw: &RawTimelineObject<'_>| {
            raw.place_visit.is_some() != raw.activity_segment.is_some()
        };
        match common::read_json::<RawTimelineObject<'_>>(item, accept, sink)? {
            JsonRead::Typed(pointer, raw) => Semantic::typed(sink, pointer, &raw),
            JsonRead::Value(pointer, value) => Semantic::value(sink, pointer, &value),
            JsonRead::Nothing => {}
        }
        Ok(())
    }
}

/// Location settings: each `deviceSettings` element is a device that reported locations.
pub struct Settings;

impl FileParser for Settings {
    fn rule(&self) -> &'static str {
        "google.location_settings"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let devices: Vec<(String, &Value)> = if pointer.starts_with("/deviceSettings/") {
            vec![(pointer.to_string(), &value)]
        } else {
            value
                .get("deviceSettings")
                .and_then(Value::as_array)
                .map(|d| {
                    d.iter()
                        .enumerate()
                        .map(|(i, v)| (format!("{pointer}/deviceSettings/{i}"), v))
                        .collect()
                })
                .unwrap_or_default()
        };
        for (at, device) in devices {
            let name = common::str_field(device, "devicePrettyName")
                .or_else(|| device.pointer("/deviceSpec/model").and_then(Value::as_str))
                .unwrap_or_default();
            let time = time_in(device, &["deviceCreationTime"]);
            sink.record(Kind::Device, name, Provenance::Observed, &at, time);
        }
        Ok(())
    }
}

/// A degree string (`"52.0907°, 5.1214°"`) or a `geo:52.0907,5.1214` URI.
fn degree_point(text: &str) -> Option<(f64, f64)> {
    if let Some(geo) = text.strip_prefix("geo:") {
        return common::coordinate_pair(geo);
    }
    text.contains('°')
        .then(|| common::coordinate_pair(&text.replace('°', "")))
        .flatten()
}

/// The on-device Timeline export (Android `{"semanticSegments", "rawSignals",
/// "userLocationProfile"}`, iOS a top-level array): every degree string is a point; a visit's or
/// frequent place's home/work type is an inference.
pub struct OnDevice;

impl FileParser for OnDevice {
    fn rule(&self) -> &'static str {
        "google.on_device_timeline"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let time = time_in(&value, &["startTime", "time", "timestamp"]).or_else(|| {
            value
                .get("position")
                .and_then(|p| time_in(p, &["timestamp"]))
        });
        walk(sink, pointer, &value, time);
        Ok(())
    }
}

fn walk(sink: &mut dyn RecordSink, at: &str, value: &Value, time: Option<i64>) {
    match value {
        Value::Object(map) => {
            // `{semanticType: "HOME", placeLocation: {latLng}}` or `{label: "WORK", placeLocation}`.
            let kind = ["semanticType", "label"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str))
                .filter(|t| is_home_or_work(t));
            if kind.is_some() {
                let place = map.get("placeLocation");
                let p = place
                    .and_then(|l| l.as_str().or_else(|| common::str_field(l, "latLng")))
                    .and_then(degree_point);
                if let Some(p) = p {
                    sink.record(
                        Kind::HomeOrWork,
                        &common::format_point(p),
                        Provenance::Inferred,
                        at,
                        time,
                    );
                }
            }
            let time = time_in(value, &["time", "timestamp"]).or(time);
            for (key, item) in map {
                walk(sink, &format!("{at}/{key}"), item, time);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(sink, &format!("{at}/{i}"), item, time);
            }
        }
        Value::String(text) => match degree_point(text) {
            Some(_) => point(sink, at, time),
            None => sink.scan_value(common::last_key(at), text, at),
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_in_each_notation() {
        let v = serde_json::json!({"latitudeE7": 515313000, "longitudeE7": -1570000});
        assert_eq!(
            e7_point(&v, "latitudeE7", "longitudeE7"),
            Some((51.5313, -0.157))
        );
        let bad = serde_json::json!({"latitudeE7": 1915313000, "longitudeE7": 0});
        assert_eq!(e7_point(&bad, "latitudeE7", "longitudeE7"), None);
        assert_eq!(degree_point("52.0907°, 5.1214°"), Some((52.0907, 5.1214)));
        assert_eq!(
            degree_point("geo:52.090700,5.121400"),
            Some((52.0907, 5.1214))
        );
        assert_eq!(
            degree_point("52.0907, 5.1214"),
            None,
            "only marked notations are points"
        );
        assert!(is_home_or_work("TYPE_HOME") && is_home_or_work("INFERRED_WORK"));
        assert!(!is_home_or_work("TYPE_SEARCHED_ADDRESS") && !is_home_or_work("UNKNOWN"));
    }

    #[test]
    fn records_are_read_typed_and_odd_elements_through_values() {
        use crate::classify::collect::FileSink;
        use crate::decode::{self, Decoder, Select};
        use crate::model::Platform;
        let text = r#"{"locations": [
            {"latitudeE7": 515313000, "longitudeE7": -1570000, "timestamp": "2024-03-10T08:00:00Z", "activity": [{"type": "STILL"}]},
            {"latitudeE7": "515313001", "longitudeE7": -1570001, "timestampMs": "1561000000123"},
            {"latitudeE7": 1, "latitudeE7": 2, "longitudeE7": 3},
            {"latitudeE7": 0, "longitudeE7": 0, "note": "mail me at someone@example.org"}
        ]}"#;
        let mut sink = FileSink::new(
            Platform("google"),
            "Records.json",
            None,
            "google.location_records",
        );
        let mut parser: Box<dyn FileParser> = Box::new(Records);
        let decoder = Decoder::Json {
            select: Select::path("/locations/*"),
            js_prefix: false,
        };
        decode::feed_as(
            &mut text.as_bytes(),
            &decoder,
            false,
            parser.raw_json(),
            &mut |item| parser.item(&mut sink, item),
        )
        .unwrap();
        let agg = sink.aggregate;
        let points = &agg.datasets[&(Platform("google"), Kind::LocationPoint)].dataset;
        // The duplicate key fails the typed parse and is read as a Value (the last key wins).
        assert_eq!(points.count, 3);
        assert_eq!(points.first_seen, Some(1561000000));
        assert_eq!(points.last_seen, Some(1710057600));
        assert!(
            agg.findings.values().any(|f| f.kind == Kind::Email),
            "a non-point is scanned"
        );
    }

    /// The aggregate of one file read by `parser`, typed (`raw`) or through `Value`s, in a form
    /// that compares (findings sorted).
    fn read_both_ways(
        parser: fn() -> Box<dyn FileParser>,
        select: &str,
        text: &str,
    ) -> [String; 2] {
        use crate::classify::collect::FileSink;
        use crate::decode::{self, Decoder, Select};
        use crate::model::Platform;
        [true, false].map(|raw| {
            let mut sink = FileSink::new(Platform("google"), "f.json", None, "rule");
            let mut parser = parser();
            let decoder = Decoder::Json {
                select: Select::path(select),
                js_prefix: false,
            };
            decode::feed_as(&mut text.as_bytes(), &decoder, false, raw, &mut |item| {
                parser.item(&mut sink, item)
            })
            .unwrap();
            let agg = sink.aggregate;
            let mut findings: Vec<String> =
                agg.findings.values().map(|f| format!("{f:?}")).collect();
            findings.sort();
            format!("{:?}\n{:?}\n{findings:#?}", agg.datasets, agg.provenance)
        })
    }

    #[test]
    fn semantic_objects_read_typed_give_what_values_give() {
        let text = r#"{"timelineObjects": [
            {"placeVisit": {"location": {"latitudeE7": 488566000, "longitudeE7": 23522000, "name": " Café Lumière ", "address": "1 rue Exemple, Paris"}, "duration": {"startTimestamp": "2021-05-01T10:00:00Z"}}},
            {"placeVisit": {"location": {"latitudeE7": "488566001", "longitudeE7": 23522001, "semanticType": "TYPE_HOME", "address": "2 rue Fictive"}, "duration": {"startTimestamp": "not a time", "startTimestampMs": "1620000000000"}}},
            {"placeVisit": {"location": {"latitudeE7": 1, "longitudeE7": 2, "semanticType": "INFERRED_WORK"}, "duration": null}},
            {"placeVisit": {"location": {"name": ""}, "otherCandidateLocations": [{"name": "ignored"}]}},
            {"placeVisit": null, "activitySegment": {"simplifiedRawPath": {"points": [{"latE7": 10, "lngE7": 20}]}}},
            {"placeVisit": {"location": {"name": 7}}},
            {"activitySegment": {"duration": {"startTimestampMs": "1620000001000"}, "simplifiedRawPath": {"points": [
                {"latE7": 488566000, "lngE7": 23522000, "timestamp": "2021-05-01T11:00:00Z"},
                {"latE7": 488566000, "lngE7": 23522000, "timestampMs": "1620000002000"},
                {"latE7": 488566000, "lngE7": 23522000},
                {"latE7": 999999999999, "lngE7": 0},
                {"latE7": 488566000, "lngE7": 23522000, "timestamp": 5}]}}},
            {"activitySegment": {"simplifiedRawPath": {"points": null}}},
            {"activitySegment": null},
            {"placeVisit": {"location": {"name": "Lieu A"}}, "activitySegment": {}},
            {"placeVisit": {"location": {"name": "Lieu B", "name": "Lieu C"}}},
            {"note": "write to someone@example.org"},
            "a string",
            [1, 2]
        ]}"#;
        let [typed, values] = read_both_ways(|| Box::new(Semantic), "/timelineObjects/*", text);
        assert_eq!(typed, values);
        // Something of each kind was read.
        for kind in ["LocationPoint", "HomeOrWork", "Place", "Email"] {
            assert!(typed.contains(kind), "{kind} missing:\n{typed}");
        }
    }

    #[test]
    fn records_read_typed_give_what_values_give() {
        let text = r#"{"locations": [
            {"latitudeE7": 515313000, "longitudeE7": -1570000, "timestamp": "not a time", "timestampMs": "1561000000123"},
            {"latitudeE7": 515313000, "longitudeE7": -1570000, "timestamp": null, "timestampMs": 1561000000999},
            {"latitudeE7": 515313000, "longitudeE7": -1570000, "timestamp": "2024-03-10T08:00:00Z"}
        ]}"#;
        let [typed, values] = read_both_ways(|| Box::new(Records), "/locations/*", text);
        assert_eq!(typed, values);
        assert!(typed.contains("first_seen: Some(1561000000)"), "{typed}");
    }

    #[test]
    fn positions_read_in_one_pass_agree_with_the_typed_parse() {
        let fields = |raw: &RawLocation<'_>| {
            let time = raw.timestamp.as_deref().map(str::to_string);
            (raw.latitude_e7, raw.longitude_e7, time, raw.timestamp_ms)
        };
        let read = [
            r#"{"latitudeE7": 483000682, "longitudeE7": -23000819, "accuracy": 40,
                "activity": [{"activity": [{"type": "STILL", "confidence": 61}],
                "timestamp": "2017-07-14T02:43:40.540Z"}], "source": "WIFI",
                "timestamp": "2017-07-14T02:42:00.840Z"}"#,
            r#"{"latitudeE7": "515313001", "longitudeE7": -1570001, "timestampMs": "1561000000123"}"#,
            r#"{"latitudeE7": null, "timestamp": null, "timestampMs": 1561000000999}"#,
            r#"{"timestamp": "caf\u00e9"}"#,
        ];
        for json in read {
            let mut buffer = Vec::new();
            let fast = RawLocation::read(json, false, &mut buffer).map(|r| fields(&r));
            assert!(fast.is_some(), "{json}");
            let typed = serde_json::from_str::<RawLocation<'_>>(json).map(|r| fields(&r));
            assert_eq!(fast, typed.ok(), "{json}");
        }
        for left in [
            r#"{"latitudeE7": 1, "latitudeE7": 2}"#,
            r#"{"latitudeE7": 51.5}"#,
            r#"{"timestamp": 5}"#,
        ] {
            let mut buffer = Vec::new();
            assert!(
                RawLocation::read(left, false, &mut buffer).is_none(),
                "{left}"
            );
        }
    }

    #[test]
    fn times_in_iso_or_milliseconds() {
        let v = serde_json::json!({"timestampMs": "1561000000123", "timestamp": "2024-03-10T08:00:00Z"});
        assert_eq!(time_in(&v, &["timestampMs"]), Some(1561000000));
        assert_eq!(time_in(&v, &["timestamp"]), Some(1710057600));
    }
}

//! Location History (formats/others.md §3.6): the legacy `Records.json` (E7 integers, streamed
//! one location at a time), Semantic Location History month files (place visits, with the home
//! and work Google inferred, and activity segments), the location settings (devices), and the
//! on-device Timeline export (degree strings `"52.0907°, 5.1214°"` or `geo:` URIs). Never prints a
//! value.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use crate::decode::Item;
use crate::decode::json::{self, Shaped};
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink};
use crate::platforms::FileParser;
use crate::platforms::common;

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
    latitude_e7: Option<Value>,
    #[serde(rename = "longitudeE7", default)]
    longitude_e7: Option<Value>,
    #[serde(borrow, default)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "timestampMs", default)]
    timestamp_ms: Option<Value>,
}

impl RawLocation<'_> {
    fn is_point(&self) -> bool {
        let e7 = |v: &Option<Value>| v.as_ref().and_then(common::as_i64);
        match (e7(&self.latitude_e7), e7(&self.longitude_e7)) {
            (Some(lat), Some(lon)) => {
                common::valid_point(lat as f64 / 1e7, lon as f64 / 1e7).is_some()
            }
            _ => false,
        }
    }

    fn time(&self) -> Option<i64> {
        match (&self.timestamp, &self.timestamp_ms) {
            (Some(t), _) => common::utc_seconds(t, &[]),
            (None, Some(ms)) => common::as_i64(ms).map(|ms| ms / 1000),
            (None, None) => None,
        }
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
        match item {
            Item::JsonRaw {
                pointer,
                bytes,
                repair,
            } => {
                match json::parse_shaped::<RawLocation<'_>>(bytes, repair, RawLocation::is_point)? {
                    Shaped::Typed(raw) => point(sink, pointer, raw.time()),
                    Shaped::Value(value) => Records::value(sink, pointer, &value),
                    Shaped::TooLarge => {}
                }
            }
            Item::Json { pointer, value } => Records::value(sink, pointer, &value),
            _ => {}
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

impl FileParser for Semantic {
    fn rule(&self) -> &'static str {
        "google.semantic_location"
    }

    fn item(&mut self, sink: &mut dyn RecordSink, item: Item<'_>) -> Result<(), AuditError> {
        let Item::Json { pointer, value } = item else {
            return Ok(());
        };
        let starts = ["startTimestamp", "startTimestampMs"];
        if let Some(visit) = value.get("placeVisit") {
            let time = visit.get("duration").and_then(|d| time_in(d, &starts));
            let location = visit.get("location").unwrap_or(&Value::Null);
            let at = format!("{pointer}/placeVisit/location");
            let p = e7_point(location, "latitudeE7", "longitudeE7");
            if p.is_some() {
                point(sink, &at, time);
            }
            let label = common::str_field(location, "name")
                .or_else(|| common::str_field(location, "address"));
            let home = common::str_field(location, "semanticType").is_some_and(is_home_or_work);
            if home {
                let value = common::str_field(location, "address")
                    .map(str::to_string)
                    .or_else(|| p.map(common::format_point))
                    .unwrap_or_default();
                sink.record(Kind::HomeOrWork, &value, Provenance::Inferred, &at, time);
            } else if let Some(label) = label {
                sink.record(Kind::Place, label, Provenance::Observed, &at, time);
            }
        } else if let Some(segment) = value.get("activitySegment") {
            let time = segment.get("duration").and_then(|d| time_in(d, &starts));
            let raw = segment
                .pointer("/simplifiedRawPath/points")
                .and_then(Value::as_array);
            for (i, p) in raw.into_iter().flatten().enumerate() {
                if e7_point(p, "latE7", "lngE7").is_some() {
                    let when = time_in(p, &["timestamp", "timestampMs"]).or(time);
                    let at = format!("{pointer}/activitySegment/simplifiedRawPath/points/{i}");
                    point(sink, &at, when);
                }
            }
        } else {
            common::scan_json(sink, pointer, "", &value);
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

    #[test]
    fn times_in_iso_or_milliseconds() {
        let v = serde_json::json!({"timestampMs": "1561000000123", "timestamp": "2024-03-10T08:00:00Z"});
        assert_eq!(time_in(&v, &["timestampMs"]), Some(1561000000));
        assert_eq!(time_in(&v, &["timestamp"]), Some(1710057600));
    }
}

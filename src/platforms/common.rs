//! Helpers shared by every platform's parsers: timestamps, numbers, coordinates, path globbing,
//! and the generic walk that scans unknown JSON. Meta's record shapes live in `platforms::meta`.
//! Helpers return values to parsers; they never print them.

use std::collections::HashMap;

use serde_json::Value;

use crate::decode::Item;
use crate::decode::json::{self, Shaped};
use crate::decode::members::{Member, Picked};
use crate::error::AuditError;
use crate::model::{Kind, Provenance, RecordSink};

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

/// The text of a JSON scalar that says something: a string (trimmed, not blank) or a number.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|t| !t.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An integer from a JSON number or a numeric string.
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// [`as_i64`] read straight from a value's bytes by a typed parse (no `Value` built): a number
/// or a numeric string gives `Some`, any other scalar `None`; an array or object fails the
/// parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseInt(pub Option<i64>);

impl<'de> serde::Deserialize<'de> for LooseInt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = LooseInt;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, a numeric string or another scalar")
            }
            fn visit_i64<E>(self, n: i64) -> Result<LooseInt, E> {
                Ok(LooseInt(Some(n)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<LooseInt, E> {
                // Past i64, as `as_i64` does: through f64, saturating.
                Ok(LooseInt(Some(i64::try_from(n).unwrap_or(n as f64 as i64))))
            }
            fn visit_f64<E>(self, n: f64) -> Result<LooseInt, E> {
                Ok(LooseInt(Some(n as i64)))
            }
            fn visit_str<E>(self, s: &str) -> Result<LooseInt, E> {
                Ok(LooseInt(s.trim().parse().ok()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<LooseInt, E> {
                Ok(LooseInt(None))
            }
            fn visit_unit<E>(self) -> Result<LooseInt, E> {
                Ok(LooseInt(None))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl LooseInt {
    /// Key `n` of a one-pass read as the typed parse reads an `Option<LooseInt>` (absent or
    /// `null`: none); `None` for a value that read leaves to serde (a fraction, a boolean...).
    pub fn picked<const N: usize>(picked: &Picked<'_, N>, n: usize) -> Option<Option<LooseInt>> {
        match picked.member(n) {
            None | Some(Member::Null) => Some(None),
            Some(Member::Int(value)) => Some(Some(LooseInt(Some(*value)))),
            Some(Member::Text(_)) => {
                let text = picked.text(n)??;
                Some(Some(LooseInt(text.trim().parse().ok())))
            }
            Some(_) => None,
        }
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

/// `"51.5007, -0.1246"` or `"(51.5007 , -0.1246)"`: a latitude, longitude pair written as text.
pub fn coordinate_pair(text: &str) -> Option<(f64, f64)> {
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
    let (lat, lon) = inner.split_once(',')?;
    valid_point(lat.trim().parse().ok()?, lon.trim().parse().ok()?)
}

pub fn valid_point(lat: f64, lon: f64) -> Option<(f64, f64)> {
    let in_range = lat.abs() <= 90.0 && lon.abs() <= 180.0;
    (in_range && !(lat == 0.0 && lon == 0.0)).then_some((lat, lon))
}

pub fn format_point((lat, lon): (f64, f64)) -> String {
    format!("{lat},{lon}")
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` from 1970 on, the form nearly every export writes
/// (millions of times in a location history), read without the general parser. Anything else
/// (offsets, other separators, leap seconds, earlier years) is left to it: `None`.
fn plain_utc_instant(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let shape = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[b.len() - 1] == b'Z';
    if !shape {
        return None;
    }
    let fraction = &b[19..b.len() - 1];
    if let Some((dot, digits)) = fraction.split_first()
        && (*dot != b'.'
            || !(1..=9).contains(&digits.len())
            || !digits.iter().all(u8::is_ascii_digit))
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if year < 1970 || !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Days from 1970-01-01 to the civil date (years counted from March, so leap days come last).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let days = y * 365 + y / 4 - y / 100 + y / 400 + day_of_year - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Unix seconds of a date written in one of `formats` (strptime), read in UTC: with a time
/// (`%Y-%m-%d %H:%M:%S`) or a day alone (`%d %b %Y`); ISO-8601 instants are always accepted and a
/// trailing ` UTC` is ignored.
pub fn utc_seconds(text: &str, formats: &[&str]) -> Option<i64> {
    let mut text = text.trim();
    while let Some(shorter) = text.strip_suffix(" UTC") {
        text = shorter;
    }
    if let Some(seconds) = plain_utc_instant(text) {
        return Some(seconds);
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Some(t.as_second());
    }
    let civil = formats.iter().find_map(|f| {
        jiff::civil::DateTime::strptime(f, text).ok().or_else(|| {
            jiff::civil::Date::strptime(f, text)
                .ok()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        })
    })?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// Scalars delivered one at a time (the fields of a walked object) gathered back into one
/// record per parent pointer.
#[derive(Debug, Default)]
pub struct Gathered {
    pending: Option<(String, serde_json::Map<String, Value>)>,
}

impl Gathered {
    /// Add a scalar found at `parent`/`key`; returns the record it closes when it starts another.
    pub fn push(
        &mut self,
        parent: &str,
        key: &str,
        value: Value,
    ) -> Option<(String, serde_json::Map<String, Value>)> {
        let closed = match &self.pending {
            Some((p, _)) if p != parent => self.pending.take(),
            _ => None,
        };
        let entry = self
            .pending
            .get_or_insert_with(|| (parent.to_string(), serde_json::Map::new()));
        entry.1.insert(key.to_string(), value);
        closed
    }

    /// The record being gathered, if any.
    pub fn take(&mut self) -> Option<(String, serde_json::Map<String, Value>)> {
        self.pending.take()
    }
}

/// A phone number typed into a known field: E.164 when it validates, else its `+` and digits.
pub fn normalize_phone(number: &str) -> String {
    let mut hits = Vec::new();
    crate::scan::scan_value("phone_number", number, &mut hits);
    hits.into_iter()
        .find(|h| h.kind == Kind::Phone)
        .map(|h| h.value)
        .unwrap_or_else(|| {
            number
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect()
        })
}

/// An IP address read from a known field (a login, a session): recorded as observed when it
/// validates as IPv4 or IPv6, in its normalised form.
pub fn ip_address(sink: &mut dyn RecordSink, value: &str, pointer: &str, time: Option<i64>) {
    let mut hits = Vec::new();
    crate::scan::scan_value("ip_address", value, &mut hits);
    for hit in hits.into_iter().filter(|h| h.kind == Kind::IpAddress) {
        sink.record(
            Kind::IpAddress,
            &hit.value,
            Provenance::Observed,
            pointer,
            time,
        );
    }
}

/// A contact point of a known field (an address book entry): an e-mail when it holds `@`, a phone
/// when it holds seven digits or more; recorded as such with the given provenance.
pub fn contact_point(
    sink: &mut dyn RecordSink,
    value: &str,
    provenance: Provenance,
    pointer: &str,
    time: Option<i64>,
) {
    let value = value.trim();
    if value.contains('@') {
        sink.record(Kind::Email, value, provenance, pointer, time);
    } else if value.chars().filter(char::is_ascii_digit).count() >= 7 {
        sink.record(
            Kind::Phone,
            &normalize_phone(value),
            provenance,
            pointer,
            time,
        );
    } else {
        sink.scan_value("contact_point", value, pointer);
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

/// The part numbers of a multi-part delivery missing below the highest one given, as "#1, #2"
/// (numbers only: the detail reads the same in every report language). Parts are named
/// `<name>-<YYYYMMDDTHHMMSSZ>-<NNN>`: a Takeout (`takeout-20250301T101010Z-003.zip`, the newer
/// `takeout-…Z-3-009.zip`), or an export Google Drive re-zipped
/// (`facebook-ana-2025-02-14-Xy12-20250214T091955Z-002.zip`), as zips, tarballs or the folders
/// they were unpacked to.
pub fn missing_parts(full_paths: &[&str]) -> Option<String> {
    let mut seen = std::collections::BTreeSet::new();
    for path in full_paths {
        for segment in path.split('/') {
            if let Some(n) = part_number(segment) {
                seen.insert(n);
            }
        }
    }
    let highest = *seen.last()?;
    let missing: Vec<String> = (1..highest)
        .filter(|n| !seen.contains(n))
        .map(|n| format!("#{n}"))
        .collect();
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// The number of a part named `<name>-<YYYYMMDDTHHMMSSZ>[-<n>]-<NNN>` (see [`missing_parts`]).
fn part_number(segment: &str) -> Option<u32> {
    let stem = [".zip", ".tgz", ".tar.gz"]
        .iter()
        .find_map(|ext| segment.strip_suffix(ext))
        .unwrap_or(segment);
    let pieces: Vec<&str> = stem.split('-').collect();
    let is_stamp = |piece: &str| {
        let b = piece.as_bytes();
        b.len() == 16
            && b[8] == b'T'
            && b[15] == b'Z'
            && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
    };
    let stamp = pieces.iter().position(|p| is_stamp(p))?;
    // A name before the stamp, and after it the number, perhaps behind one more piece.
    let after = pieces.len() - stamp - 1;
    if stamp == 0 || !(1..=2).contains(&after) {
        return None;
    }
    let number = pieces.last()?;
    (number.len() == 3 && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| number.parse().ok())
        .flatten()
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
    // Segments read back from the end: this runs once per item of every file.
    let mut rest = pointer;
    loop {
        let (before, segment) = match memchr::memrchr(b'/', rest.as_bytes()) {
            Some(slash) => (&rest[..slash], &rest[slash + 1..]),
            None => ("", rest),
        };
        if !segment.is_empty() && !segment.bytes().all(|b| b.is_ascii_digit()) {
            return segment;
        }
        if before.is_empty() {
            return "";
        }
        rest = before;
    }
}

/// Match a path against a pattern where `*` matches any run of characters inside one segment.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    // The last segments first: most patterns differ from a path there (a file's name), and
    // this runs for every member of an export against every known file.
    if !segment_match(last_segment(pattern), last_segment(path)) {
        return false;
    }
    let mut pat = segments(pattern);
    let mut segs = segments(path);
    loop {
        match (pat.next(), segs.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if segment_match(p, s) => {}
            _ => return false,
        }
    }
}

/// Which patterns of a table may match a path, found from the path's last segment: those
/// whose last segment is that name, those whose starred last segment ends with the name's
/// extension (`message_*.json` for `message_1.json`), and those whose starred last segment ends
/// otherwise (ASCII case ignored, as [`segment_match`] compares). A pattern matches a path
/// (whole, or by its last segments) only when its last segment does, so every match is among
/// them: a path no row knows (a photo, a loose note) is looked at by a few rows, not by every
/// row of every platform (2,000 notes in an unknown folder cost 1.0 G instructions to identify).
#[derive(Debug, Default)]
pub(crate) struct ByLastSegment {
    /// By last segment, lower-cased.
    names: HashMap<Vec<u8>, Vec<u32>>,
    /// By the extension (from its last `.`, lower-cased) that a starred last segment ends with.
    extensions: HashMap<Vec<u8>, Vec<u32>>,
    /// Starred last segments that end with no extension (`*`, `*_data`).
    others: Vec<u32>,
}

impl ByLastSegment {
    pub(crate) fn of<'p>(patterns: impl IntoIterator<Item = &'p str>) -> ByLastSegment {
        let mut index = ByLastSegment::default();
        for (row, pattern) in (0u32..).zip(patterns) {
            let last = last_segment(pattern);
            let rows = match memchr::memrchr(b'*', last) {
                None => index.names.entry(last.to_ascii_lowercase()).or_default(),
                Some(star) => match extension(&last[star + 1..]) {
                    Some(extension) => {
                        let key = extension.to_ascii_lowercase();
                        index.extensions.entry(key).or_default()
                    }
                    None => &mut index.others,
                },
            };
            rows.push(row);
        }
        index
    }

    /// The rows that may match `path`, in table order.
    pub(crate) fn rows(&self, path: &str) -> impl Iterator<Item = usize> + Clone + '_ {
        fn rows_of<'m>(map: &'m HashMap<Vec<u8>, Vec<u32>>, key: Option<&[u8]>) -> &'m [u32] {
            key.and_then(|key| map.get(&lower_case(key)[..]))
                .map_or(&[], Vec::as_slice)
        }
        let last = last_segment(path);
        let lists = [
            rows_of(&self.names, Some(last)),
            rows_of(&self.extensions, extension(last)),
            &self.others[..],
        ];
        let mut next = [0; 3];
        std::iter::from_fn(move || {
            // The least row at the heads of the three lists (each in table order).
            let (list, row) = (0..3)
                .filter_map(|k| lists[k].get(next[k]).map(|&row| (k, row)))
                .min_by_key(|&(_, row)| row)?;
            next[list] += 1;
            Some(row as usize)
        })
    }
}

/// The extension of a name, from its last `.` (`.json`), if it has one.
fn extension(name: &[u8]) -> Option<&[u8]> {
    memchr::memrchr(b'.', name).map(|dot| &name[dot..])
}

/// `bytes` with ASCII letters in lower case, copied only when one is upper case.
fn lower_case(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if bytes.iter().any(u8::is_ascii_uppercase) {
        bytes.to_ascii_lowercase().into()
    } else {
        bytes.into()
    }
}

/// The last `/`-separated segment of a path, as bytes.
fn last_segment(path: &str) -> &[u8] {
    let bytes = path.as_bytes();
    &bytes[memchr::memrchr(b'/', bytes).map_or(0, |slash| slash + 1)..]
}

/// The `/`-separated segments of a path, as bytes (`/` is ASCII, so each is whole UTF-8).
fn segments(path: &str) -> impl DoubleEndedIterator<Item = &[u8]> + Clone {
    path.as_bytes().split(|&b| b == b'/')
}

/// Match one path segment against a pattern segment where `*` matches any run of characters,
/// ASCII case ignored (`Messages.csv` and `messages.csv` both occur). Read as bytes, with no
/// allocation: this runs for every member of an export against every known file.
fn segment_match(pattern: &[u8], segment: &[u8]) -> bool {
    let Some(star) = memchr::memchr(b'*', pattern) else {
        return pattern.eq_ignore_ascii_case(segment);
    };
    let (first, after_first) = (&pattern[..star], &pattern[star + 1..]);
    let (middles, last) = match memchr::memrchr(b'*', after_first) {
        Some(at) => (&after_first[..at], &after_first[at + 1..]),
        None => (&after_first[..0], after_first),
    };
    if segment.len() < first.len() + last.len()
        || !segment[..first.len()].eq_ignore_ascii_case(first)
        || !segment[segment.len() - last.len()..].eq_ignore_ascii_case(last)
    {
        return false;
    }
    let mut rest = &segment[first.len()..segment.len() - last.len()];
    for middle in middles.split(|&b| b == b'*').filter(|m| !m.is_empty()) {
        match rest
            .windows(middle.len())
            .position(|window| window.eq_ignore_ascii_case(middle))
        {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the last segments of `path` match the last segments of `pattern` (as many as the
/// shorter has). A pattern whose last segment is only `*.json` proves nothing and never matches.
pub(crate) fn suffix_match(pattern: &str, path: &str) -> bool {
    // The last segments first (see `glob_match`), then the pairs before them from the end, as
    // many as the shorter has; no allocation.
    let last = last_segment(pattern);
    if last.starts_with(b"*") || !segment_match(last, last_segment(path)) {
        return false;
    }
    segments(pattern)
        .rev()
        .zip(segments(path).rev())
        .skip(1)
        .all(|(pattern, segment)| segment_match(pattern, segment))
}

/// A CSV row's cell under `name` (case-insensitive), trimmed, if not empty.
pub fn cell<'r>(header: &[String], fields: &'r [String], name: &str) -> Option<&'r str> {
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
        .and_then(|i| fields.get(i))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("Not Available"))
}

/// A JSON value of a file, read typed (`T`) when it has the shape and `accept` agrees, else as a
/// `Value` (from its bytes, or as the decoder built it), with its pointer.
pub enum JsonRead<'a, T> {
    Typed(&'a str, T),
    Value(&'a str, Value),
    /// Not a JSON value, or one over the memory budget (told to `sink`).
    Nothing,
}

/// Read a JSON item as [`JsonRead`] (see `json::parse_shaped`); a value too large to hold is
/// skipped and told to `sink`, for the file's diagnostic.
pub fn read_json<'a, T: serde::Deserialize<'a>>(
    item: Item<'a>,
    accept: impl FnOnce(&T) -> bool,
    sink: &mut dyn RecordSink,
) -> Result<JsonRead<'a, T>, AuditError> {
    Ok(match item {
        Item::JsonRaw {
            pointer,
            raw,
            repair,
        } => match json::parse_shaped::<T>(raw.bytes, repair, accept)? {
            Shaped::Typed(typed) => JsonRead::Typed(pointer, typed),
            Shaped::Value(value) => JsonRead::Value(pointer, value),
            Shaped::TooLarge => {
                sink.value_skipped();
                JsonRead::Nothing
            }
        },
        Item::Json { pointer, value } => JsonRead::Value(pointer, value),
        _ => JsonRead::Nothing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn part_numbers_are_read_from_drive_and_takeout_names_only() {
        assert_eq!(part_number("takeout-20250301T101010Z-003.zip"), Some(3));
        assert_eq!(part_number("takeout-20250301T101010Z-3-009.zip"), Some(9));
        assert_eq!(part_number("takeout-20250301T101010Z-002"), Some(2));
        assert_eq!(part_number("takeout-20250301T101010Z-002.tgz"), Some(2));
        let drive = "facebook-ana-2025-02-14-Xy12-20250214T091955Z-002.zip";
        assert_eq!(part_number(drive), Some(2));
        assert_eq!(part_number("takeout-notes-002.zip"), None);
        assert_eq!(part_number("20250301T101010Z-002.zip"), None);
        assert_eq!(part_number("takeout-2025030XT101010Z-002.zip"), None);
        assert_eq!(part_number("facebook-ana-2025-02-14-Xy12.zip"), None);
        assert_eq!(part_number("Takeout"), None);
        let given = [
            "takeout-20250301T101010Z-003.zip/Takeout/a.json",
            "takeout-20250301T101010Z-001.zip/Takeout/b.json",
        ];
        assert_eq!(missing_parts(&given).as_deref(), Some("#2"));
        let all = [
            "takeout-20250301T101010Z-001/Takeout/a",
            "takeout-20250301T101010Z-002/x",
        ];
        assert_eq!(missing_parts(&all), None);
        assert_eq!(missing_parts(&["Takeout/a.json"]), None);
        assert_eq!(missing_parts(&[drive]).as_deref(), Some("#1"));
    }
    #[test]
    fn plain_utc_instants_read_as_the_general_parser_reads_them() {
        let general = |text: &str| text.parse::<jiff::Timestamp>().ok().map(|t| t.as_second());
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut fast = 0;
        for _ in 0..20_000 {
            // Valid and invalid fields (month 13, day 31 of a short month, 29 February, hour
            // 24, second 60), with and without fractions of up to ten digits.
            let fraction = match next(4) {
                0 => String::new(),
                n => format!(".{}", "7".repeat(next(6 * n) as usize)),
            };
            let text = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}Z",
                1960 + next(150),
                1 + next(13),
                1 + next(31),
                next(25),
                next(60),
                next(61),
            );
            if plain_utc_instant(&text).is_some() {
                fast += 1;
            }
            assert_eq!(utc_seconds(&text, &[]), general(&text), "{text}");
            if let Some(seconds) = plain_utc_instant(&text) {
                assert_eq!(Some(seconds), general(&text), "{text}");
            }
        }
        assert!(fast > 8_000, "most instants take the fast path: {fast}");
        for text in [
            "2024-02-29T23:59:59Z",
            "2100-02-28T00:00:00.5Z",
            "1970-01-01T00:00:00Z",
        ] {
            assert!(plain_utc_instant(text).is_some(), "{text}");
            assert_eq!(plain_utc_instant(text), general(text), "{text}");
        }
        for text in [
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2024-01-01T00:00:00+01:00",
            "2024-01-01 00:00:00Z",
        ] {
            assert_eq!(plain_utc_instant(text), None, "{text}");
        }
        let leap_century = "2000-02-29T12:00:00Z";
        assert_eq!(plain_utc_instant(leap_century), general(leap_century));
        assert!(general(leap_century).is_some());
    }

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
    fn dates_in_utc_and_gathered_scalars() {
        assert_eq!(
            utc_seconds("2024-03-05 08:14:09 UTC", &["%Y-%m-%d %H:%M:%S"]),
            Some(1709626449)
        );
        assert_eq!(utc_seconds("04 Feb 2025", &["%d %b %Y"]), Some(1738627200));
        assert_eq!(utc_seconds("2024-03-05T08:14:09Z", &[]), Some(1709626449));
        assert_eq!(utc_seconds("soon", &["%Y"]), None);
        let mut gathered = Gathered::default();
        assert!(gathered.push("/a", "x", json!(1)).is_none());
        assert!(gathered.push("/a", "y", json!(2)).is_none());
        let (parent, record) = gathered.push("/b", "z", json!(3)).unwrap();
        assert_eq!((parent.as_str(), record.len()), ("/a", 2));
        assert_eq!(gathered.take().unwrap().1.len(), 1);
    }

    #[test]
    fn loose_ints_read_from_bytes_are_what_as_i64_reads_from_values() {
        for json in [
            "1600000000000",
            "-5",
            "18446744073709551615",
            "1.9e3",
            "-0.5",
            "\" 42 \"",
            "\"4x\"",
            "\"\"",
            "true",
            "null",
        ] {
            let value: Value = serde_json::from_str(json).unwrap();
            let typed: Option<LooseInt> = serde_json::from_str(json).unwrap();
            assert_eq!(typed.and_then(|t| t.0), as_i64(&value), "{json}");
        }
        assert!(serde_json::from_str::<LooseInt>("[1]").is_err());
        assert!(serde_json::from_str::<LooseInt>("{\"a\": 1}").is_err());
    }

    #[test]
    fn last_keys_skip_indexes() {
        assert_eq!(last_key("/emails/0"), "emails");
        assert_eq!(last_key("/a/b/email"), "email");
        assert_eq!(last_key("/3/7"), "");
        assert_eq!(last_key(""), "");
        assert_eq!(last_key("name"), "name");
        assert_eq!(last_key("/a//"), "a");
        assert_eq!(last_key("/été/0/12"), "été");
    }

    #[test]
    fn segments_match_stars_anywhere() {
        for (pattern, segment, expected) in [
            ("message_1.json", "message_1.json", true),
            ("message_1.json", "message_2.json", false),
            ("*", "", true),
            ("*", "anything", true),
            ("message_*.json", "message_12.json", true),
            ("message_*.json", "message_.json", true),
            ("message_*.json", "message.json", false),
            ("a*b*c", "abc", true),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxcyyb", false),
            ("a*b*c*d", "a1b2c3d", true),
            ("a*b*c*d", "a1c2b3d", false),
            ("a**b", "ab", true),
            ("ab*ba", "aba", false),
            ("*.json", "x.json", true),
            ("*.json", "x.jsonl", false),
            ("caf*", "café", true),
            ("*é", "café", true),
            ("*é*", "cafés", true),
            ("*é*", "cafes", false),
        ] {
            assert_eq!(
                segment_match(pattern.as_bytes(), segment.as_bytes()),
                expected,
                "{pattern} {segment}"
            );
        }
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

    #[test]
    fn globs_ignore_ascii_case_only() {
        assert!(glob_match("messages.csv", "Messages.csv"));
        assert!(glob_match("Email Addresses.csv", "EMAIL ADDRESSES.CSV"));
        assert!(glob_match(
            "Jobs/Job Applications.csv",
            "jobs/job applications.csv"
        ));
        assert!(glob_match("Shares*.csv", "shares_2.csv"));
        assert!(glob_match("a/x*Mid*y.json", "A/XabMIDcdY.json"));
        assert!(!glob_match("a/x*mid*y.json", "a/xabmdcy.json"));
        assert!(!glob_match("Email Addresses.csv", "Email_Addresses.csv"));
        assert!(!glob_match("café.json", "CAFÉ.json"), "ASCII case only");
    }
}

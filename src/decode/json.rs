//! Streaming JSON with bounded memory for any shape. A [`Select`] says which values are delivered
//! whole (with their JSON pointer) and which containers are walked into:
//!
//! - `Default`: the top-level array's elements, each array under a top-level key element by element,
//!   every other top-level value whole (Meta's `{"friends_v2": [...]}`, bare lists, wrappers);
//! - `Path`: walk the containers a pointer pattern names (`/messages/*`, `*` = any key or index)
//!   and deliver what the pattern reaches; values off the path are delivered whole where they leave it;
//! - `Leaves`: walk everything and deliver every scalar (the generic scanner), so no shape at all
//!   can make a file sit in memory;
//! - `Records`: walk objects at any depth (sections), stream every array element by element and
//!   deliver each element whole (a record), and every scalar met on the way (TikTok's one-file
//!   export, Snapchat's titled sections).
//!
//! A value delivered whole is built under a byte budget ([`MAX_VALUE_BYTES`]): a larger one is
//! skipped (counted in [`Stats::oversize`]) and the rest of the file goes on. A string longer than
//! [`MAX_STRING_BYTES`] is cut by [`StringClamp`] before the parser buffers it. Meta's mojibake is
//! repaired on each delivered value and on walked keys. A JS assignment prefix
//! (`window.YTD.x.part0 = [...]`) can be skipped. Errors never quote the input.

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::mojibake;
use crate::error::AuditError;

/// Largest value delivered whole (an estimate of its size in memory).
pub const MAX_VALUE_BYTES: usize = 16 << 20;
/// Longest string kept; the rest of a longer one is dropped while reading.
pub const MAX_STRING_BYTES: usize = 16 << 20;
/// How far into a file a JS assignment prefix may end.
const MAX_JS_PREFIX: usize = 4096;

/// Called with the JSON pointer of each delivered value (`/key/3`, `/7`, `/key`, or `` for a
/// top-level scalar) and the value itself.
pub type ItemFn<'a> = dyn FnMut(&str, Value) -> Result<(), AuditError> + 'a;

/// Which values are delivered whole (see the module header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Select {
    Default,
    Path(Vec<String>),
    Leaves,
    Records,
}

impl Select {
    /// A pointer pattern such as `/messages/*`.
    pub fn path(pattern: &str) -> Select {
        Select::Path(
            pattern
                .trim_start_matches('/')
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }
}

/// How a JSON document is read.
#[derive(Debug, Clone)]
pub struct JsonOptions {
    pub select: Select,
    /// Repair Meta's mojibake.
    pub repair: bool,
    /// Skip a `window.YTD.x.part0 =` style prefix and allow a trailing `;`.
    pub js_prefix: bool,
}

/// What was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Delivered values that hold something (not null, "", [] or {}).
    pub items: u64,
    /// Values or strings too large to keep (skipped or cut).
    pub oversize: u64,
}

/// Stream a JSON document. A leading UTF-8 BOM is skipped.
pub fn stream(
    reader: &mut dyn Read,
    options: &JsonOptions,
    f: &mut ItemFn<'_>,
) -> Result<Stats, AuditError> {
    let clamped = Rc::new(Cell::new(0u64));
    let clamp = StringClamp::new(reader, clamped.clone());
    let mut reader = BufReader::with_capacity(64 * 1024, clamp);
    skip_bom(&mut reader)?;
    if options.js_prefix {
        skip_js_prefix(&mut reader)?;
    }
    let mut state = State {
        f,
        options,
        failure: None,
        stats: Stats::default(),
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let node = Node {
        state: &mut state,
        pointer: String::new(),
        depth: 0,
        on_path: true,
        parent_is_map: false,
    };
    let mut outcome = node.deserialize(&mut de);
    if outcome.is_ok() && !options.js_prefix {
        outcome = de.end();
    }
    let mut stats = state.stats;
    stats.oversize += clamped.get();
    match (state.failure, outcome) {
        (Some(err), _) => Err(err),
        (None, Err(err)) => Err(AuditError::from_json(err)),
        (None, Ok(())) => Ok(stats),
    }
}

fn skip_bom(reader: &mut impl BufRead) -> Result<(), AuditError> {
    let buf = reader.fill_buf().map_err(|e| AuditError::from_io(&e))?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

/// `window.YTD.tweets.part0 = [` -> `[`: drop everything up to the first `=` near the start.
fn skip_js_prefix(reader: &mut impl BufRead) -> Result<(), AuditError> {
    let buf = reader.fill_buf().map_err(|e| AuditError::from_io(&e))?;
    let head = &buf[..buf.len().min(MAX_JS_PREFIX)];
    let starts_as_json = head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'[' | b'{'));
    if !starts_as_json && let Some(at) = head.iter().position(|&b| b == b'=') {
        reader.consume(at + 1);
    }
    Ok(())
}

struct State<'s, 'f> {
    f: &'s mut ItemFn<'f>,
    options: &'s JsonOptions,
    failure: Option<AuditError>,
    stats: Stats,
}

impl State<'_, '_> {
    fn deliver<E: de::Error>(&mut self, pointer: &str, mut value: Value) -> Result<(), E> {
        if holds_something(&value) {
            self.stats.items += 1;
        }
        if self.options.repair {
            mojibake::repair_value(&mut value);
        }
        (self.f)(pointer, value).map_err(|err| {
            self.failure = Some(err);
            E::custom("stopped by the item handler")
        })
    }

    fn key(&self, key: String) -> String {
        if self.options.repair {
            mojibake::repair(&key).unwrap_or(key)
        } else {
            key
        }
    }
}

fn holds_something(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// One position in the document: walks into containers the selection names, delivers the rest.
struct Node<'a, 's, 'f> {
    state: &'a mut State<'s, 'f>,
    pointer: String,
    depth: usize,
    /// Every key from the root to here matched the `Path` pattern.
    on_path: bool,
    parent_is_map: bool,
}

impl Node<'_, '_, '_> {
    fn walks_into(&self, is_seq: bool) -> bool {
        match &self.state.options.select {
            Select::Leaves => true,
            Select::Default => self.depth == 0 || (self.depth == 1 && is_seq && self.parent_is_map),
            Select::Path(segments) => self.on_path && self.depth < segments.len(),
            Select::Records => is_seq || self.depth == 0 || self.parent_is_map,
        }
    }

    fn child_on_path(&self, key: &str) -> bool {
        match &self.state.options.select {
            Select::Path(segments) => {
                self.on_path
                    && segments
                        .get(self.depth)
                        .is_some_and(|s| s == "*" || s == key)
            }
            _ => false,
        }
    }

    fn scalar<E: de::Error>(self, value: Value) -> Result<(), E> {
        self.state.deliver(&self.pointer, value)
    }

    fn whole<E: de::Error>(self, built: Bounded) -> Result<(), E> {
        match built.0 {
            Some(value) => self.state.deliver(&self.pointer, value),
            None => {
                self.state.stats.oversize += 1;
                self.state.stats.items += 1;
                Ok(())
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.walks_into(true) {
            let mut budget = ValueBudget::new();
            let built = BoundedVisitor {
                budget: &mut budget,
            }
            .visit_seq(seq)?;
            return self.whole(Bounded(budget.keep(built)));
        }
        let mut index = 0usize;
        loop {
            let key = index.to_string();
            let child = Node {
                on_path: self.child_on_path(&key),
                pointer: format!("{}/{index}", self.pointer),
                depth: self.depth + 1,
                parent_is_map: false,
                state: &mut *self.state,
            };
            if seq.next_element_seed(child)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if !self.walks_into(false) {
            let mut budget = ValueBudget::new();
            let built = BoundedVisitor {
                budget: &mut budget,
            }
            .visit_map(map)?;
            return self.whole(Bounded(budget.keep(built)));
        }
        while let Some(key) = map.next_key::<String>()? {
            let key = self.state.key(key);
            let child = Node {
                on_path: self.child_on_path(&key),
                pointer: format!("{}/{}", self.pointer, escape_pointer(&key)),
                depth: self.depth + 1,
                parent_is_map: true,
                state: &mut *self.state,
            };
            map.next_value_seed(child)?;
        }
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<(), E> {
        self.scalar(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(Value::Null)
    }
}

/// A value built under a budget: `None` when it outgrew it.
struct Bounded(Option<Value>);

/// Bytes a value being built may still take; once spent, the rest of it is read and dropped.
struct ValueBudget {
    left: usize,
    spent: bool,
}

impl ValueBudget {
    fn new() -> Self {
        ValueBudget {
            left: MAX_VALUE_BYTES,
            spent: false,
        }
    }

    fn charge(&mut self, bytes: usize) {
        match self.left.checked_sub(bytes) {
            Some(left) => self.left = left,
            None => {
                self.left = 0;
                self.spent = true;
            }
        }
    }

    fn keep(&self, value: Value) -> Option<Value> {
        (!self.spent).then_some(value)
    }
}

/// Builds a `Value` while charging the budget; a spent budget turns the rest into `IgnoredAny`.
struct BoundedSeed<'b> {
    budget: &'b mut ValueBudget,
}

impl<'de> DeserializeSeed<'de> for BoundedSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.budget.spent {
            deserializer.deserialize_ignored_any(IgnoredAny)?;
            return Ok(Value::Null);
        }
        deserializer.deserialize_any(BoundedVisitor {
            budget: self.budget,
        })
    }
}

struct BoundedVisitor<'b> {
    budget: &'b mut ValueBudget,
}

/// Rough memory of one JSON node besides its text.
const NODE_BYTES: usize = 32;

impl<'de> Visitor<'de> for BoundedVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(BoundedSeed {
            budget: &mut *self.budget,
        })? {
            self.budget.charge(NODE_BYTES);
            if !self.budget.spent {
                items.push(item);
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.budget.charge(key.len() + NODE_BYTES);
            let value = map.next_value_seed(BoundedSeed {
                budget: &mut *self.budget,
            })?;
            if !self.budget.spent {
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.budget.charge(v.len());
        Ok(if self.budget.spent {
            Value::Null
        } else {
            Value::String(v.to_owned())
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.budget.charge(v.len());
        Ok(if self.budget.spent {
            Value::Null
        } else {
            Value::String(v)
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// Cuts every JSON string (and key) after [`MAX_STRING_BYTES`] while the bytes stream by, so the
/// JSON parser never buffers more than that for one string. The cut falls on a character
/// boundary outside any escape sequence and never after a lone high surrogate, so the document
/// stays valid JSON. Counts the strings it cut.
pub struct StringClamp<R> {
    inner: R,
    max: usize,
    cut: Rc<Cell<u64>>,
    in_string: bool,
    /// After a backslash.
    escape: bool,
    /// Hex digits of a `\u` escape still to come, and the digits seen so far.
    hex_left: u8,
    hex: u16,
    /// The last escape was a high surrogate (`\uD800`-`\uDBFF`): its pair must follow.
    high_surrogate: bool,
    length: usize,
    dropping: bool,
}

impl<R: Read> StringClamp<R> {
    pub fn new(inner: R, cut: Rc<Cell<u64>>) -> Self {
        Self::with_max(inner, MAX_STRING_BYTES, cut)
    }

    fn with_max(inner: R, max: usize, cut: Rc<Cell<u64>>) -> Self {
        StringClamp {
            inner,
            max,
            cut,
            in_string: false,
            escape: false,
            hex_left: 0,
            hex: 0,
            high_surrogate: false,
            length: 0,
            dropping: false,
        }
    }

    /// Whether byte `b` (inside a string) is kept.
    fn keep(&mut self, b: u8) -> bool {
        if !self.in_string {
            if b == b'"' {
                self.in_string = true;
                self.length = 0;
                self.dropping = false;
                self.escape = false;
                self.hex_left = 0;
                self.high_surrogate = false;
            }
            return true;
        }
        if self.hex_left > 0 {
            self.hex_left -= 1;
            self.hex = (self.hex << 4) | u16::from((b as char).to_digit(16).unwrap_or(0) as u8);
            if self.hex_left == 0 {
                self.high_surrogate = (0xD800..0xDC00).contains(&self.hex);
            }
            return !self.dropping;
        }
        if self.escape {
            self.escape = false;
            if b == b'u' {
                self.hex_left = 4;
                self.hex = 0;
            } else {
                self.high_surrogate = false;
            }
            return !self.dropping;
        }
        if b == b'"' {
            self.in_string = false;
            return true;
        }
        if self.dropping {
            self.escape = b == b'\\';
            return false;
        }
        let char_start = b & 0xC0 != 0x80;
        if self.length >= self.max && char_start && b != b'\\' && !self.high_surrogate {
            self.dropping = true;
            self.cut.set(self.cut.get() + 1);
            return false;
        }
        if b == b'\\' {
            self.escape = true;
        } else if char_start {
            self.high_surrogate = false;
        }
        self.length += 1;
        true
    }
}

impl<R: Read> Read for StringClamp<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            let mut i = 0;
            while i < n {
                // A run of bytes that only lengthens the current string (or stands between
                // strings) is kept as it is; quotes, escapes and the cut go byte by byte.
                if !self.dropping && !self.escape && self.hex_left == 0 {
                    let room = if self.in_string {
                        self.max.saturating_sub(self.length)
                    } else {
                        usize::MAX
                    };
                    let window = &buf[i..n.min(i.saturating_add(room))];
                    let run = window
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\')
                        .unwrap_or(window.len());
                    if run > 0 {
                        if self.in_string {
                            self.length += run;
                            if window[..run].iter().any(|b| b & 0xC0 != 0x80) {
                                self.high_surrogate = false;
                            }
                        }
                        buf.copy_within(i..i + run, kept);
                        kept += run;
                        i += run;
                        continue;
                    }
                }
                let b = buf[i];
                if self.keep(b) {
                    buf[kept] = b;
                    kept += 1;
                }
                i += 1;
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect_with(
        json: &str,
        select: Select,
    ) -> Result<(Vec<(String, Value)>, Stats), AuditError> {
        let mut items = Vec::new();
        let options = JsonOptions {
            select,
            repair: true,
            js_prefix: false,
        };
        let stats = stream(&mut json.as_bytes(), &options, &mut |p, v| {
            items.push((p.to_string(), v));
            Ok(())
        })?;
        Ok((items, stats))
    }

    fn collect(json: &str) -> Result<Vec<(String, Value)>, AuditError> {
        collect_with(json, Select::Default).map(|(items, _)| items)
    }

    fn pointers(items: &[(String, Value)]) -> Vec<&str> {
        items.iter().map(|(p, _)| p.as_str()).collect()
    }

    #[test]
    fn streams_wrapped_arrays_element_by_element() {
        let items = collect(
            r#"{"friends_v2": [{"name": "A"}, {"name": "B"}], "title": "x", "w": {"k": [1]}}"#,
        )
        .unwrap();
        assert_eq!(
            pointers(&items),
            ["/friends_v2/0", "/friends_v2/1", "/title", "/w"]
        );
        assert_eq!(items[1].1["name"], "B");
        assert_eq!(items[3].1["k"][0], 1);
    }

    #[test]
    fn streams_bare_lists_and_scalars() {
        let items = collect(r#"[{"a": 1}, 2, [3, 4]]"#).unwrap();
        assert_eq!(items[0].0, "/0");
        assert_eq!(items[1], ("/1".to_string(), Value::from(2)));
        assert_eq!(items[2].1, serde_json::json!([3, 4]));
        let items = collect(r#""lonely""#).unwrap();
        assert_eq!(items, [(String::new(), Value::from("lonely"))]);
    }

    #[test]
    fn a_path_selects_values_at_any_depth() {
        let json = r#"{"a": {"b": [{"x": 1}, {"x": 2}], "c": 3}, "d": {"e": 4}}"#;
        let (items, _) = collect_with(json, Select::path("/a/b/*")).unwrap();
        assert_eq!(pointers(&items), ["/a/b/0", "/a/b/1", "/a/c", "/d"]);
        assert_eq!(items[1].1["x"], 2);
    }

    #[test]
    fn records_walk_sections_and_deliver_list_elements() {
        let json = r#"{"Your Activity": {"Watch History": {"VideoList": [{"Date": "d1"}, {"Date": "d2"}]}},
            "Profile": {"ProfileMap": {"userName": "u"}}, "Chats": {"with x:": [[{"a": 1}]]}}"#;
        let (items, _) = collect_with(json, Select::Records).unwrap();
        assert_eq!(
            pointers(&items),
            [
                "/Your Activity/Watch History/VideoList/0",
                "/Your Activity/Watch History/VideoList/1",
                "/Profile/ProfileMap/userName",
                "/Chats/with x:/0/0"
            ]
        );
        assert_eq!(items[1].1["Date"], "d2");
    }

    #[test]
    fn leaves_deliver_every_scalar() {
        let (items, stats) =
            collect_with(r#"{"a": {"b": [1, {"c": "x"}]}, "e": ""}"#, Select::Leaves).unwrap();
        assert_eq!(pointers(&items), ["/a/b/0", "/a/b/1/c", "/e"]);
        assert_eq!(stats.items, 2, "an empty string holds nothing");
    }

    #[test]
    fn an_oversized_value_is_skipped_and_the_rest_read() {
        let big = "y".repeat(1000);
        let elements: Vec<String> = (0..(MAX_VALUE_BYTES / 1000 + 10))
            .map(|_| format!("\"{big}\""))
            .collect();
        let json = format!(
            r#"{{"w": {{"list": [{}]}}, "after": 1}}"#,
            elements.join(",")
        );
        let (items, stats) = collect_with(&json, Select::Default).unwrap();
        assert_eq!(pointers(&items), ["/after"]);
        assert_eq!(stats.oversize, 1);
        // Walked as leaves, nothing is too large.
        let (items, stats) = collect_with(&json, Select::Leaves).unwrap();
        assert_eq!(items.len(), elements.len() + 1);
        assert_eq!(stats.oversize, 0);
    }

    #[test]
    fn long_strings_are_cut_on_a_character_boundary() {
        let text = format!("[\"{}\", \"ok\"]", "é".repeat(40));
        let cut = Rc::new(Cell::new(0));
        let mut clamp = StringClamp::with_max(text.as_bytes(), 9, cut.clone());
        let mut out = String::new();
        clamp.read_to_string(&mut out).unwrap();
        assert_eq!(out, "[\"ééééé\", \"ok\"]");
        assert_eq!(cut.get(), 1);
        // Escapes and surrogate pairs are never split.
        let text = r#"["ab\u00e9\ud83d\ude00cdefghij", "\\\"x"]"#;
        for max in 0..20 {
            let mut clamp = StringClamp::with_max(text.as_bytes(), max, Rc::new(Cell::new(0)));
            let mut out = String::new();
            clamp.read_to_string(&mut out).unwrap();
            let parsed: Value = serde_json::from_str(&out).expect("still valid JSON");
            let second = parsed[1].as_str().unwrap();
            assert!("\\\"x".starts_with(second), "{second:?} at {max}");
            assert!(parsed[0].as_str().unwrap().len() >= max.min(4));
        }
    }

    #[test]
    fn js_assignment_prefixes_are_skipped() {
        let options = JsonOptions {
            select: Select::Default,
            repair: false,
            js_prefix: true,
        };
        let mut seen = Vec::new();
        let text = "window.YTD.tweets.part0 = [{\"a\": 1}, {\"a\": 2}];\n";
        stream(&mut text.as_bytes(), &options, &mut |p, _| {
            seen.push(p.to_string());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["/0", "/1"]);
    }

    #[test]
    fn repairs_mojibake_in_values_and_skips_a_bom() {
        let items = collect("\u{feff}{\"name\": \"\\u00c3\\u0089lodie\"}").unwrap();
        assert_eq!(items[0].1, "Élodie");
    }

    #[test]
    fn malformed_json_keeps_items_before_the_error() {
        let mut seen = 0;
        let options = JsonOptions {
            select: Select::Default,
            repair: true,
            js_prefix: false,
        };
        let err = stream(&mut &b"[1, 2, {\"a\": tru"[..], &options, &mut |_, _| {
            seen += 1;
            Ok(())
        })
        .unwrap_err();
        assert_eq!(seen, 2);
        assert!(matches!(err, AuditError::MalformedJson { .. }));
        let err = collect("[1] trailing").unwrap_err();
        assert!(matches!(err, AuditError::MalformedJson { .. }));
    }

    #[test]
    fn handler_errors_stop_the_stream() {
        let options = JsonOptions {
            select: Select::Default,
            repair: false,
            js_prefix: false,
        };
        let err = stream(&mut &b"[1, 2, 3]"[..], &options, &mut |_, _| {
            Err(AuditError::UnexpectedShape)
        })
        .unwrap_err();
        assert_eq!(err, AuditError::UnexpectedShape);
    }
}

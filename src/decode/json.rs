//! Streaming JSON: the top-level array, or each array under a top-level key, is read one element
//! at a time, so a 2 GB message file never sits in memory whole. Everything else (a wrapper object,
//! a scalar) is delivered as one value. Meta's mojibake is repaired on each delivered value.
//!
//! Errors never quote the input (see [`AuditError::from_json`]).

use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::mojibake;
use crate::error::AuditError;

/// Called with the JSON pointer of each delivered value (`/key/3`, `/7`, `/key`, or `` for a
/// top-level scalar) and the value itself.
pub type ItemFn<'a> = dyn FnMut(&str, Value) -> Result<(), AuditError> + 'a;

/// Stream a JSON document. A leading UTF-8 BOM is skipped. `repair` applies the mojibake fix.
pub fn stream(reader: &mut dyn Read, repair: bool, f: &mut ItemFn<'_>) -> Result<(), AuditError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    skip_bom(&mut reader)?;
    let mut state = State {
        f,
        repair,
        failure: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let outcome = TopSeed { state: &mut state }
        .deserialize(&mut de)
        .and_then(|()| de.end());
    match (state.failure, outcome) {
        (Some(err), _) => Err(err),
        (None, Err(err)) => Err(AuditError::from_json(err)),
        (None, Ok(())) => Ok(()),
    }
}

/// Parse a whole (small) JSON document into one value, mojibake repaired when asked.
pub fn parse_whole(reader: &mut dyn Read, repair: bool) -> Result<Value, AuditError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    skip_bom(&mut reader)?;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut value: Value = serde::Deserialize::deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(AuditError::from_json)?;
    if repair {
        mojibake::repair_value(&mut value);
    }
    Ok(value)
}

fn skip_bom(reader: &mut impl BufRead) -> Result<(), AuditError> {
    let buf = reader.fill_buf().map_err(|e| AuditError::from_io(&e))?;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

struct State<'s, 'f> {
    f: &'s mut ItemFn<'f>,
    repair: bool,
    failure: Option<AuditError>,
}

impl State<'_, '_> {
    fn deliver<E: de::Error>(&mut self, pointer: &str, mut value: Value) -> Result<(), E> {
        if self.repair {
            mojibake::repair_value(&mut value);
        }
        (self.f)(pointer, value).map_err(|err| {
            self.failure = Some(err);
            E::custom("stopped by the item handler")
        })
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct TopSeed<'a, 's, 'f> {
    state: &'a mut State<'s, 'f>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(LevelVisitor {
            state: self.state,
            prefix: String::new(),
            top: true,
        })
    }
}

/// Streams arrays; at the top level also walks objects one key at a time.
struct LevelVisitor<'a, 's, 'f> {
    state: &'a mut State<'s, 'f>,
    prefix: String,
    top: bool,
}

impl LevelVisitor<'_, '_, '_> {
    fn scalar<E: de::Error>(self, value: Value) -> Result<(), E> {
        self.state.deliver(&self.prefix, value)
    }
}

impl<'de> Visitor<'de> for LevelVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while let Some(value) = seq.next_element::<Value>()? {
            let pointer = format!("{}/{index}", self.prefix);
            self.state.deliver(&pointer, value)?;
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.top {
            while let Some(key) = map.next_key::<String>()? {
                let key = if self.state.repair {
                    mojibake::repair(&key).unwrap_or(key)
                } else {
                    key
                };
                let prefix = format!("/{}", escape_pointer(&key));
                map.next_value_seed(ChildSeed {
                    state: &mut *self.state,
                    prefix,
                })?;
            }
            Ok(())
        } else {
            let value = Value::deserialize_map_access(map)?;
            self.scalar(value)
        }
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

struct ChildSeed<'a, 's, 'f> {
    state: &'a mut State<'s, 'f>,
    prefix: String,
}

impl<'de> DeserializeSeed<'de> for ChildSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(LevelVisitor {
            state: self.state,
            prefix: self.prefix,
            top: false,
        })
    }
}

/// Build a `Value` from a map already opened by a visitor.
trait FromMapAccess {
    fn deserialize_map_access<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error>;
}

impl FromMapAccess for Value {
    fn deserialize_map_access<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
        serde::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(json: &str) -> Result<Vec<(String, Value)>, AuditError> {
        let mut items = Vec::new();
        stream(&mut json.as_bytes(), true, &mut |p, v| {
            items.push((p.to_string(), v));
            Ok(())
        })?;
        Ok(items)
    }

    #[test]
    fn streams_wrapped_arrays_element_by_element() {
        let items = collect(
            r#"{"friends_v2": [{"name": "A"}, {"name": "B"}], "title": "x", "w": {"k": [1]}}"#,
        )
        .unwrap();
        let pointers: Vec<_> = items.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/friends_v2/0", "/friends_v2/1", "/title", "/w"]);
        assert_eq!(items[1].1["name"], "B");
        assert_eq!(items[3].1["k"][0], 1);
    }

    #[test]
    fn streams_bare_lists_and_scalars() {
        let items = collect(r#"[{"a": 1}, 2]"#).unwrap();
        assert_eq!(items[0].0, "/0");
        assert_eq!(items[1], ("/1".to_string(), Value::from(2)));
        let items = collect(r#""lonely""#).unwrap();
        assert_eq!(items, [(String::new(), Value::from("lonely"))]);
    }

    #[test]
    fn repairs_mojibake_in_values_and_skips_a_bom() {
        let items = collect("\u{feff}{\"name\": \"\\u00c3\\u0089lodie\"}").unwrap();
        assert_eq!(items[0].1, "Élodie");
    }

    #[test]
    fn malformed_json_keeps_items_before_the_error() {
        let mut seen = 0;
        let err = stream(&mut &b"[1, 2, {\"a\": tru"[..], true, &mut |_, _| {
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
        let err = stream(&mut &b"[1, 2, 3]"[..], false, &mut |_, _| {
            Err(AuditError::UnexpectedShape)
        })
        .unwrap_err();
        assert_eq!(err, AuditError::UnexpectedShape);
    }

    #[test]
    fn parse_whole_repairs() {
        let v = parse_whole(&mut &b"{\"a\": \"caf\\u00c3\\u00a9\"}"[..], true).unwrap();
        assert_eq!(v["a"], "café");
    }
}

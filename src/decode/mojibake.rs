//! Repair of Meta's JSON "mojibake": every non-ASCII character is written as its UTF-8 bytes,
//! each escaped as `\u00XX` ("café" arrives as "cafÃ©"). A string whose characters are all
//! <= U+00FF and whose bytes form valid UTF-8 is decoded; anything else is left untouched, so text
//! that is not mojibake (real Latin-1 text, proper Unicode) is never damaged.

use serde_json::Value;

/// Repair one string; returns `None` when it is not mojibake (keep the original).
pub fn repair(text: &str) -> Option<String> {
    // Pure ASCII needs nothing; a char above U+00FF means the string is real Unicode.
    if text.is_ascii() {
        return None;
    }
    // Each character is one byte: ASCII as is, U+0080..=U+00FF from its two UTF-8 bytes
    // (`C2 xx` is `xx`, `C3 xx` is `xx + 0x40`); any other lead byte starts a character above
    // U+00FF. ASCII runs are copied whole.
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while !rest.is_empty() {
        let ascii = rest
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        bytes.extend_from_slice(&rest[..ascii]);
        rest = &rest[ascii..];
        let [lead, next, tail @ ..] = rest else {
            break;
        };
        match lead {
            0xC2 => bytes.push(*next),
            0xC3 => bytes.push(next + 0x40),
            _ => return None,
        }
        rest = tail;
    }
    String::from_utf8(bytes).ok()
}

/// Repair every string and every object key of a JSON value in place.
pub fn repair_value(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Some(fixed) = repair(s) {
                *s = fixed;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(repair_value),
        Value::Object(map) => {
            if map.keys().any(|k| !k.is_ascii()) {
                let old = std::mem::take(map);
                for (key, mut item) in old {
                    repair_value(&mut item);
                    map.insert(repair(&key).unwrap_or(key), item);
                }
            } else {
                map.values_mut().for_each(repair_value);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_accents_emoji_and_four_byte_sequences() {
        assert_eq!(repair("caf\u{c3}\u{a9}").as_deref(), Some("café"));
        assert_eq!(repair("\u{c3}\u{89}lodie").as_deref(), Some("Élodie"));
        assert_eq!(repair("\u{e2}\u{9d}\u{a4}").as_deref(), Some("❤"));
        assert_eq!(repair("\u{f0}\u{9f}\u{91}\u{8d}").as_deref(), Some("👍"));
        assert_eq!(repair("\u{e2}\u{82}\u{ac}5").as_deref(), Some("€5"));
    }

    #[test]
    fn leaves_strings_that_are_not_mojibake_untouched() {
        assert_eq!(repair("plain ascii"), None);
        // Real Latin-1 text whose bytes are not valid UTF-8.
        assert_eq!(repair("café au lait"), None);
        assert_eq!(repair("naïve"), None);
        // Proper Unicode above U+00FF.
        assert_eq!(repair("Élodie ❤"), None);
        assert_eq!(repair("日本"), None);
    }

    /// The repair as first written: character by character.
    fn repair_by_chars(text: &str) -> Option<String> {
        if text.is_ascii() {
            return None;
        }
        let bytes: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(c).ok()).collect();
        String::from_utf8(bytes?).ok()
    }

    #[test]
    fn the_byte_repair_is_the_character_repair() {
        // Every pair of characters from a set of ASCII, Latin-1, mojibake bytes and wider
        // characters, in strings of one to four of them.
        let pieces = [
            "a", " ", "\u{c3}", "\u{a9}", "\u{c2}", "\u{80}", "\u{bf}", "\u{ff}", "\u{e2}",
            "\u{82}", "\u{ac}", "\u{f0}", "\u{9f}", "é", "€", "日", "👍", "\u{100}",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in ["", "x", "\u{c3}", "\u{a9}\u{c3}\u{a9}", "€"] {
                    for text in [
                        format!("{a}{b}{c}"),
                        format!("{c}{a}{b}"),
                        format!("{a}{c}{b}"),
                    ] {
                        assert_eq!(repair(&text), repair_by_chars(&text), "{text:?}");
                        checked += u32::from(repair(&text).is_some());
                    }
                }
            }
        }
        assert!(checked > 100, "repairs were made: {checked}");
    }

    #[test]
    fn repairs_keys_and_nested_values() {
        let mut v: Value = serde_json::from_str(
            r#"{"Aplica\u00c5\u00a3ie": ["caf\u00c3\u00a9", {"n": "\u00c3\u0089"}], "x": 1}"#,
        )
        .unwrap();
        repair_value(&mut v);
        assert_eq!(v["Aplicaţie"][0], "café");
        assert_eq!(v["Aplicaţie"][1]["n"], "É");
        assert_eq!(v["x"], 1);
    }
}

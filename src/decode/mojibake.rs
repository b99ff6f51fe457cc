//! Repair of Meta's JSON "mojibake": every non-ASCII character is written as its UTF-8 bytes,
//! each escaped as `\u00XX` ("café" arrives as "cafÃ©"). A string whose characters are all
//! <= U+00FF and whose bytes form valid UTF-8 is decoded; anything else is left untouched, so text
//! that is not mojibake (real Latin-1 text, proper Unicode) is never damaged.
//!
//! [`repair_raw`] does the same on the JSON bytes of a value before it is parsed: each string
//! literal that would be repaired is rewritten with the bytes its escapes stand for, so the
//! parser reads plain UTF-8 (borrowed, nothing to unescape) and no string is repaired twice.

use serde_json::Value;

use super::swar::{HIGH_BITS, first_flagged, repeated, zero_bytes};
use crate::simd;

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

/// The JSON bytes of a value with every string literal (object keys included) that [`repair`]
/// would change rewritten as the text it repairs to: `\u00XX` escapes and raw U+0080–U+00FF
/// characters become the bytes they name, ASCII escapes stay as written. Parsing the result is
/// parsing `raw` and repairing every string. `None` when a literal is not well formed (the caller
/// keeps the bytes and repairs after parsing, where the parser reports the fault); the bytes
/// themselves when nothing changes. `scratch` holds a rewritten value.
pub fn repair_raw<'a>(raw: &'a [u8], scratch: &'a mut Vec<u8>) -> Option<&'a [u8]> {
    // Room for the value and for one eight-byte store past its end (a repair only shortens a
    // literal, so what is written never runs ahead of what is read); zeroed only as it grows.
    if scratch.len() < raw.len() + 8 {
        scratch.resize(raw.len() + 8, 0);
    }
    let mut out = Output {
        bytes: scratch,
        end: 0,
    };
    // `raw[..copied]` is what `out` holds: bytes are copied only up to a literal to rewrite, in
    // one piece, so that a value with nothing to repair is never copied at all.
    let mut copied = 0;
    let mut rewritten = false;
    let mut pos = 0;
    // Outside literals only a quote matters (a few bytes away: eight at a time, no call).
    while let Some(quote) = first_flagged(
        &raw[pos..],
        |word| zero_bytes(word ^ repeated(b'"')),
        |b| b == b'"',
    ) {
        let start = pos + quote + 1;
        let stop = simd::first_string_stop(&raw[start..])?;
        if raw[start + stop] == b'"' {
            // Plain ASCII with no escape: nothing to repair.
            pos = start + stop + 1;
            continue;
        }
        out.copy(&raw[copied..start]);
        copied = start;
        let mark = out.end;
        out.copy(&raw[start..start + stop]);
        let len = match rewrite_literal(&raw[start..], stop, &mut out) {
            Literal::Repaired(len) => {
                rewritten = true;
                copied = start + len;
                len
            }
            Literal::Kept(len) => {
                out.end = mark;
                len
            }
            Literal::Unterminated => return None,
        };
        pos = start + len + 1;
    }
    if !rewritten {
        return Some(raw);
    }
    out.copy(&raw[copied..]);
    let end = out.end;
    Some(&scratch[..end])
}

/// Bytes written into room at least eight bytes longer than anything written (see
/// [`repair_raw`]), so that plain bytes can be copied eight at a time.
struct Output<'a> {
    bytes: &'a mut [u8],
    end: usize,
}

impl Output<'_> {
    fn push(&mut self, byte: u8) {
        self.bytes[self.end] = byte;
        self.end += 1;
    }

    fn copy(&mut self, bytes: &[u8]) {
        self.bytes[self.end..self.end + bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
    }

    /// Copy `bytes` up to the first one `flags` (eight bytes at a time, see
    /// `json::zero_bytes`) or `one` (the last few) says stops the run; its length.
    fn copy_until(
        &mut self,
        bytes: &[u8],
        flags: impl Fn(u64) -> u64,
        one: impl Fn(u8) -> bool,
    ) -> usize {
        let (words, tail) = bytes.as_chunks::<8>();
        for (n, word) in words.iter().enumerate() {
            // The whole word is stored; only the bytes before a stop are kept.
            self.bytes[self.end..self.end + 8].copy_from_slice(word);
            let found = flags(u64::from_le_bytes(*word));
            if found != 0 {
                let k = (found.trailing_zeros() / 8) as usize;
                self.end += k;
                return n * 8 + k;
            }
            self.end += 8;
        }
        let k = tail.iter().position(|&b| one(b)).unwrap_or(tail.len());
        self.copy(&tail[..k]);
        words.len() * 8 + k
    }
}

/// What became of a string literal: its content's length (up to the closing quote) either way.
enum Literal {
    Repaired(usize),
    Kept(usize),
    Unterminated,
}

/// Write the repaired form of the literal whose content starts `rest`, its first `plain` bytes
/// (ASCII, no quote or backslash) already written. It is kept (and what was written left for
/// the caller to cut) when it holds no Latin-1 character, a character above U+00FF, a malformed
/// escape or byte, or when its bytes are not UTF-8.
fn rewrite_literal(rest: &[u8], plain: usize, out: &mut Output<'_>) -> Literal {
    let mut utf8 = Utf8Check::default();
    let mut latin = false;
    let mut i = plain;
    loop {
        // Plain ASCII is copied eight bytes at a time up to a quote, a backslash or a high byte.
        let run = out.copy_until(
            &rest[i..],
            |word| {
                zero_bytes(word ^ repeated(b'"'))
                    | zero_bytes(word ^ repeated(b'\\'))
                    | word & HIGH_BITS
            },
            |b| b == b'"' || b == b'\\' || !b.is_ascii(),
        );
        if run > 0 {
            i += run;
            utf8.ascii();
        }
        let Some(&lead) = rest.get(i) else {
            return Literal::Unterminated;
        };
        let fits = match lead {
            b'"' if latin && utf8.ended() => return Literal::Repaired(i),
            b'"' => return Literal::Kept(i),
            b'\\' if rest.get(i + 1) == Some(&b'u') => {
                // Meta's escapes come in runs (`\u00c3\u00a9`): taken together here.
                while let Some(byte) = latin_escape(&rest[i..]) {
                    out.push(byte);
                    utf8.high(byte);
                    latin = true;
                    i += 6;
                }
                if rest.get(i..i + 2) != Some(b"\\u") {
                    continue;
                }
                // What is left: an ASCII escape, kept as written, or a character above U+00FF.
                match rest.get(i + 2..i + 6).and_then(hex4) {
                    Some(code) if code < 0x80 => {
                        out.copy(&rest[i..i + 6]);
                        utf8.ascii();
                        Some(6)
                    }
                    _ => None,
                }
            }
            b'\\' => rest.get(i..i + 2).map(|escape| {
                out.copy(escape);
                utf8.ascii();
                2
            }),
            _ => match (lead, rest.get(i + 1)) {
                (0xC2 | 0xC3, Some(&next)) if (0x80..0xC0).contains(&next) => {
                    let byte = if lead == 0xC2 { next } else { next + 0x40 };
                    out.push(byte);
                    utf8.high(byte);
                    latin = true;
                    Some(2)
                }
                _ => None,
            },
        };
        match fits {
            Some(len) if utf8.valid => i += len,
            _ => {
                return match literal_len(&rest[i..]) {
                    Some(len) => Literal::Kept(i + len),
                    None => Literal::Unterminated,
                };
            }
        }
    }
}

/// UTF-8 validity of a byte sequence checked as it is written (the rules of `str::from_utf8`:
/// no overlong form, no surrogate, nothing above U+10FFFF).
pub(super) struct Utf8Check {
    valid: bool,
    /// Continuation bytes still owed by the current character.
    owed: u8,
    /// Range of the next continuation byte.
    low: u8,
    high: u8,
}

impl Default for Utf8Check {
    fn default() -> Self {
        Utf8Check {
            valid: true,
            owed: 0,
            low: 0x80,
            high: 0xBF,
        }
    }
}

impl Utf8Check {
    #[inline(always)]
    pub(super) fn ascii(&mut self) {
        self.valid &= self.owed == 0;
    }

    #[inline(always)]
    pub(super) fn high(&mut self, byte: u8) {
        if self.owed > 0 {
            self.valid &= (self.low..=self.high).contains(&byte);
            self.owed -= 1;
            (self.low, self.high) = (0x80, 0xBF);
            return;
        }
        (self.owed, self.low, self.high) = match byte {
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xE1..=0xEF => (2, 0x80, 0xBF),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => {
                self.valid = false;
                (0, 0x80, 0xBF)
            }
        };
    }

    pub(super) fn ended(&self) -> bool {
        self.valid && self.owed == 0
    }
}

/// Length of a string literal's content from `rest` up to its closing quote.
fn literal_len(rest: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += memchr::memchr2(b'"', b'\\', rest.get(at..)?)?;
        if rest[at] == b'"' {
            return Some(at);
        }
        at += 2;
    }
}

/// The byte of a `\u0080`–`\u00FF` escape at the start of `bytes`.
pub(super) fn latin_escape(bytes: &[u8]) -> Option<u8> {
    let [b'\\', b'u', b'0', b'0', high, low] = *bytes.first_chunk::<6>()? else {
        return None;
    };
    let (high, low) = (HEX_DIGITS[usize::from(high)], HEX_DIGITS[usize::from(low)]);
    ((8..16).contains(&high) && low < 16).then_some(high << 4 | low)
}

/// The value of four hexadecimal digits.
pub(super) fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |code, &d| {
        let digit = HEX_DIGITS[usize::from(d)];
        (digit < 16).then_some(code << 4 | u32::from(digit))
    })
}

/// The value of each byte as a hexadecimal digit (either case), 0xFF for any other byte.
const HEX_DIGITS: [u8; 256] = {
    let mut table = [0xFF; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            d @ b'0'..=b'9' => d - b'0',
            d @ b'a'..=b'f' => d - b'a' + 10,
            d @ b'A'..=b'F' => d - b'A' + 10,
            _ => 0xFF,
        };
        b += 1;
    }
    table
};

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

    /// Parse `raw` and repair every string, or parse its repaired bytes: the same value.
    fn check_raw(raw: &[u8]) -> bool {
        let mut scratch = Vec::new();
        let fixed = repair_raw(raw, &mut scratch);
        match serde_json::from_slice::<Value>(raw) {
            Ok(mut value) => {
                repair_value(&mut value);
                let fixed = fixed.unwrap_or_else(|| panic!("a valid value is repaired: {raw:?}"));
                let read: Value = serde_json::from_slice(fixed)
                    .unwrap_or_else(|e| panic!("{e} in {:?}", String::from_utf8_lossy(fixed)));
                assert_eq!(read, value, "{:?}", String::from_utf8_lossy(raw));
                fixed != raw
            }
            Err(_) => {
                if let Some(fixed) = fixed {
                    assert!(serde_json::from_slice::<Value>(fixed).is_err(), "{raw:?}");
                }
                false
            }
        }
    }

    #[test]
    fn raw_bytes_repaired_read_as_values_repaired_after_reading() {
        // Pieces of string literals: ASCII, escapes of every kind, Meta's escaped bytes, raw
        // Latin-1 and wider characters, surrogate pairs, and malformed escapes and bytes.
        let pieces: [&[u8]; 23] = [
            b"a",
            b"\\u0022",
            b" ",
            b"\\\"",
            b"\\\\",
            b"\\n",
            b"\\u0041",
            b"\\u00c3",
            b"\\u00A9",
            b"\\u00e2\\u0082\\u00ac",
            b"\\u00c2",
            b"\\u00e9",
            b"\\u0100",
            b"\\ud83d\\ude00",
            "\u{c3}".as_bytes(),
            "\u{a9}".as_bytes(),
            "é".as_bytes(),
            "€".as_bytes(),
            b"\\u00c3\\u00a9",
            b"\\u12",
            b"\xC3(",
            b"\xFF",
            b"\\u00",
        ];
        let mut rewritten = 0;
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                // The long run puts what follows it past a 64-byte block.
                for c in [
                    &b""[..],
                    b"x",
                    b"\\u00c3\\u00a9",
                    "é".as_bytes(),
                    &[b'r'; 70],
                ] {
                    let literal = [a, b, c].concat();
                    let key = [c, a].concat();
                    let mut raw = b"{\"".to_vec();
                    raw.extend_from_slice(&key);
                    raw.extend_from_slice(b"\": [\"");
                    raw.extend_from_slice(&literal);
                    raw.extend_from_slice(b"\", 1, {\"k\": \"");
                    raw.extend_from_slice(&[b, a].concat());
                    raw.extend_from_slice(b"\"}]}");
                    rewritten += u32::from(check_raw(&raw));
                    checked += 1;
                }
            }
        }
        assert!(
            rewritten > 300,
            "values were rewritten: {rewritten} of {checked}"
        );
        // Unterminated literals and a lone backslash at the end.
        for raw in [
            &b"\"abc"[..],
            b"[\"a\\",
            b"\"\\u00c3\\u00a9",
            b"{\"a\": \"\\",
        ] {
            let mut scratch = Vec::new();
            assert_eq!(repair_raw(raw, &mut scratch), None, "{raw:?}");
        }
    }

    #[test]
    fn raw_bytes_with_nothing_to_repair_are_not_copied() {
        let raw = br#"{"a": "plain \u00e9 text", "b": ["\u0100\u00c3\u00a9"], "c": 1.5}"#;
        let mut scratch = Vec::new();
        let fixed = repair_raw(raw, &mut scratch).unwrap();
        assert!(std::ptr::eq(fixed, &raw[..]));
        let mojibake = br#"{"a": "caf\u00c3\u00a9 \"ok\"", "b": "\u00c3\u00a9"}"#;
        assert_eq!(
            repair_raw(mojibake, &mut scratch).unwrap(),
            "{\"a\": \"café \\\"ok\\\"\", \"b\": \"é\"}".as_bytes()
        );
    }

    #[test]
    fn latin_escapes_are_read_for_every_pair_of_digit_bytes() {
        for high in 0..=255u8 {
            for low in 0..=255u8 {
                let digits = [high, low];
                let expected = std::str::from_utf8(&digits)
                    .ok()
                    .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|d| u8::from_str_radix(d, 16).ok())
                    .filter(|&byte| byte >= 0x80);
                let escape = [&b"\\u00"[..], &digits].concat();
                assert_eq!(latin_escape(&escape), expected, "{digits:x?}");
                assert_eq!(latin_escape(&escape[..5]), None);
            }
        }
        assert_eq!(hex4(b"00aF"), Some(0xAF));
        assert_eq!(hex4(b"0g00"), None);
    }

    #[test]
    fn utf8_checked_as_written_is_utf8_checked_whole() {
        let bytes: [u8; 20] = [
            0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED,
            0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF,
        ];
        let mut valid = 0;
        let mut sequences = vec![Vec::new()];
        for _ in 0..4 {
            sequences = sequences
                .iter()
                .flat_map(|s| bytes.iter().map(move |&b| [&s[..], &[b]].concat()))
                .collect();
            for sequence in &sequences {
                let mut check = Utf8Check::default();
                for &b in sequence {
                    if b.is_ascii() {
                        check.ascii();
                    } else {
                        check.high(b);
                    }
                }
                let whole = std::str::from_utf8(sequence).is_ok();
                assert_eq!(check.ended(), whole, "{sequence:x?}");
                valid += u32::from(whole);
            }
        }
        assert!(valid > 900, "{valid}");
    }
}

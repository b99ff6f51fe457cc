//! A one-pass reader of a JSON object's members, straight from its bytes, for the shapes met
//! millions of times (a message of a thread, a position of `Records.json`, a My Activity
//! element): keys compared as written, the strings asked for unescaped —
//! and Meta's mojibake repaired — in the same pass that finds their end, every other value
//! checked and passed over. A string with nothing to unescape is borrowed; the others are
//! written one after the other into one buffer of the caller's, whose UTF-8 is checked once
//! for all of them ([`utf8`]). Nothing else is built. It reads text: a value's bytes are checked
//! UTF-8 by the caller, once for a whole file when it can ([`utf8`] otherwise). An object or
//! array asked for comes as its checked text, read again by [`pick`], [`elements`] or [`for_each_text`]: each level of
//! nesting read that way is walked once more, so it suits flat shapes with small lists, not
//! deep ones (a Semantic Location History object, read so, cost half as much again as serde's
//! typed parse).
//!
//! It reads only what it is sure of, by JSON's grammar (RFC 8259): on a key with an escape, a
//! number it would have to round, a surrogate escape it cannot pair, nesting deeper than
//! [`MAX_DEPTH`], and on anything that is not valid JSON, it gives up (`None`) and the caller
//! reads the value the general way (serde_json), which then decides.
//!
//! Must never: accept bytes serde_json rejects, or give a string other than serde_json's
//! unescaping followed by [`super::mojibake::repair`] gives (tested against both, and fuzzed).
//! Reads bytes only; its `None` says nothing of where or why, so nothing of a value can leak.

use std::ops::Range;

use super::mojibake::{Utf8Check, hex4, latin_escape};
use super::swar::{HIGH_BITS, eight_digits, exact_zero_bytes, first_flagged, repeated, zero_bytes};
use crate::simd;

/// Deepest nesting read (serde_json's own limit is 128); a deeper value is left to serde_json.
pub const MAX_DEPTH: usize = 64;

/// A member's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Member<'a> {
    /// A string asked for: unescaped, and repaired when asked.
    Text(Text<'a>),
    /// An integer written with at most 18 digits (so within `i64`), no fraction, no exponent.
    Int(i64),
    Null,
    /// An object, checked: its text, to read with [`read_object`].
    Object(&'a str),
    /// An array, checked: its text, to read with [`elements`] or [`for_each_text`].
    Array(&'a str),
    /// Any other value, checked: `true`, `false`, another number, a string not asked for.
    Other,
}

/// A string asked for, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Text<'a> {
    /// Nothing to unescape: the string where it lies.
    Plain(&'a str),
    /// Unescaped (and repaired) into the caller's buffer, at these bytes.
    Decoded(Range<usize>),
}

impl<'a> Text<'a> {
    /// The string, finding a decoded one in the buffer's text ([`utf8`]). `None` when its
    /// bytes there are not UTF-8 by themselves (they end or start inside a character), which
    /// the strings this reader writes never are (each is checked as it is written); the caller
    /// then takes the longer way.
    pub fn get<'d>(&self, decoded: &'d str) -> Option<&'d str>
    where
        'a: 'd,
    {
        match self {
            Text::Plain(text) => Some(text),
            Text::Decoded(range) => decoded.get(range.clone()),
        }
    }
}

/// `bytes` as text, when they are UTF-8 (checked at once, SIMD): a value's bytes before it is
/// read (the reader walks text), or the buffer [`read_object`] decoded strings into, for the
/// `&str` they are read from.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Run `f` with this thread's buffer for decoded strings (emptied), kept from value to value
/// and file to file: a buffer made per file and dropped at its end leaves the allocator's
/// memory in pieces it does not reuse (seen as memory growing with the export). A buffer
/// grown past [`KEPT_BUFFER`] by a huge value is not kept. A call inside `f` gets a new
/// buffer: a reader that needs two takes them at once ([`with_two_buffers`]).
pub fn with_buffer<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buffer = BUFFERS.with_borrow_mut(|kept| std::mem::take(&mut kept[0]));
    buffer.clear();
    let result = f(&mut buffer);
    if buffer.capacity() <= KEPT_BUFFER {
        BUFFERS.with_borrow_mut(|kept| kept[0] = buffer);
    }
    result
}

/// [`with_buffer`] with two buffers (an object's strings in one, its arrays' in the other).
pub fn with_two_buffers<R>(f: impl FnOnce(&mut Vec<u8>, &mut Vec<u8>) -> R) -> R {
    let [mut first, mut second] = BUFFERS.with_borrow_mut(std::mem::take);
    first.clear();
    second.clear();
    let result = f(&mut first, &mut second);
    BUFFERS.with_borrow_mut(|kept| {
        for (slot, buffer) in kept.iter_mut().zip([first, second]) {
            if buffer.capacity() <= KEPT_BUFFER {
                *slot = buffer;
            }
        }
    });
    result
}

thread_local! {
    static BUFFERS: std::cell::RefCell<[Vec<u8>; 2]> =
        const { std::cell::RefCell::new([Vec::new(), Vec::new()]) };
}

/// The largest buffer [`with_buffer`] keeps for the next value.
const KEPT_BUFFER: usize = 1 << 20;

/// The members of an object named by a reader's keys, read in one pass ([`pick`]).
pub struct Picked<'a, const N: usize> {
    members: [Option<Member<'a>>; N],
    decoded: &'a str,
}

impl<'a, const N: usize> Picked<'a, N> {
    /// The value of key `n`, if the object has it.
    pub fn member(&self, n: usize) -> Option<&Member<'a>> {
        self.members[n].as_ref()
    }

    /// Key `n` as a typed parse reads an optional string: absent or `null` is none. `None` for
    /// a value of another type, or a repaired string that is not UTF-8 by itself.
    pub fn text(&self, n: usize) -> Option<Option<&'a str>> {
        match &self.members[n] {
            None | Some(Member::Null) => Some(None),
            Some(Member::Text(text)) => text.get(self.decoded).map(Some),
            Some(_) => None,
        }
    }
}

/// The members of the object `json` holds named by `keys` (their strings decoded into
/// `buffer`, emptied first), read in one pass ([`read_object`]). `None` when the reader gives up
/// or a named key comes twice, which a typed parse refuses.
pub fn pick<'a, const N: usize>(
    json: &'a str,
    repair: bool,
    buffer: &'a mut Vec<u8>,
    keys: [&str; N],
) -> Option<Picked<'a, N>> {
    buffer.clear();
    let mut members = [const { None }; N];
    let slot = |key: &str| keys.iter().position(|k| same_key(k, key));
    read_object(json, repair, buffer, slot, |n, value| {
        if members[n].is_some() {
            return None;
        }
        members[n] = Some(value);
        Some(())
    })?;
    let buffer: &'a [u8] = buffer;
    Some(Picked {
        members,
        decoded: utf8(buffer)?,
    })
}

/// Each element of the array `json` holds (whitespace around it allowed), as its text, in
/// order: `element` may read one (an object with [`pick`]). `None` when the text is not an
/// array the reader reads whole, or `element` says so.
pub fn elements<'a>(json: &'a str, mut element: impl FnMut(&'a str) -> Option<()>) -> Option<()> {
    let mut no_strings = Vec::new();
    let mut reader = Reader::of(json, false, &mut no_strings);
    reader.elements(|reader| {
        let start = reader.pos;
        reader.value(1, false)?;
        element(reader.text.get(start..reader.pos)?)
    })?;
    reader.at_end()
}

/// Calls `text` with each string of the array `json` holds, unescaped (and repaired when
/// asked; an unescaped one in `buffer`). `None` when an element is not a string (`null`
/// included) or the reader gives up, perhaps after some calls: the caller then keeps nothing
/// of them.
pub fn for_each_text(
    json: &str,
    repair: bool,
    buffer: &mut Vec<u8>,
    mut text: impl FnMut(&str),
) -> Option<()> {
    let mut reader = Reader::of(json, repair, buffer);
    reader.elements(|reader| {
        (reader.peek()? == b'"').then_some(())?;
        reader.out.clear();
        match reader.string()? {
            Text::Plain(plain) => text(plain),
            Text::Decoded(range) => text(utf8(reader.out.get(range)?)?),
        }
        Some(())
    })?;
    reader.at_end()
}

/// Whether two keys are the same: lengths first (most keys differ there), then the bytes.
#[inline(always)]
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes() == b.as_bytes()
}

/// Read the JSON object that `json` holds (whitespace around it allowed): `picked(key)` says
/// which members are wanted, and `member` is called with what it said and the value of each, in
/// order; the others are checked and passed over. A wanted string is unescaped, and repaired
/// when `repair`; one with anything to unescape is appended to `buffer`. `None` when the reader
/// gives up (see the module header) or `member` does.
pub fn read_object<'a, K>(
    json: &'a str,
    repair: bool,
    buffer: &mut Vec<u8>,
    picked: impl Fn(&'a str) -> Option<K>,
    mut member: impl FnMut(K, Member<'a>) -> Option<()>,
) -> Option<()> {
    let mut reader = Reader::of(json, repair, buffer);
    reader.object(|reader, key| {
        let Key::Plain(key) = key else {
            return None;
        };
        match picked(key) {
            Some(wanted) => {
                let value = reader.value(1, true)?;
                member(wanted, value)
            }
            None => reader.value(1, false).map(drop),
        }
    })?;
    reader.at_end()
}

/// A key as written.
enum Key<'a> {
    /// Without escapes or characters outside ASCII: the key itself.
    Plain(&'a str),
    /// Anything else (checked).
    Escaped,
}

struct Reader<'a, 'o> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    repair: bool,
    /// Where decoded strings go.
    out: &'o mut Vec<u8>,
}

impl<'a, 'o> Reader<'a, 'o> {
    /// A reader on the value `text` holds, past the whitespace before it (its strings are
    /// then walked byte by byte, their UTF-8 known).
    fn of(text: &'a str, repair: bool, out: &'o mut Vec<u8>) -> Self {
        let mut reader = Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            repair,
            out,
        };
        reader.skip_space();
        reader
    }

    /// Whether only whitespace is left.
    fn at_end(&mut self) -> Option<()> {
        self.skip_space();
        (self.pos == self.bytes.len()).then_some(())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Past JSON whitespace: most gaps are one space or none; a line's indentation is passed
    /// eight bytes at a time.
    #[inline(always)]
    fn skip_space(&mut self) {
        if !matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            return;
        }
        self.pos += 1;
        while let Some(word) = self
            .bytes
            .get(self.pos..)
            .and_then(<[u8]>::first_chunk::<8>)
        {
            let spaces = exact_zero_bytes(u64::from_le_bytes(*word) ^ repeated(b' '));
            if spaces != HIGH_BITS {
                self.pos += ((!spaces & HIGH_BITS).trailing_zeros() / 8) as usize;
                break;
            }
            self.pos += 8;
        }
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Past `byte`, if it is next.
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Past `word` (`true`, `false`, `null`), if it is next.
    fn word(&mut self, word: &[u8]) -> Option<()> {
        self.bytes[self.pos..]
            .starts_with(word)
            .then(|| self.pos += word.len())
    }

    /// Past the object at `pos`, `member` reading each value (the reader on its first byte).
    fn object(&mut self, mut member: impl FnMut(&mut Self, Key<'a>) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        self.skip_space();
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.skip_space();
            self.eat(b':')?;
            self.skip_space();
            member(self, key)?;
            if !self.comma_or(b'}')? {
                return Some(());
            }
        }
    }

    /// Past the array at `pos`, every element checked.
    fn array(&mut self, depth: usize) -> Option<()> {
        self.elements(|reader| reader.value(depth, false).map(drop))
    }

    /// Past the array at `pos`, `element` reading each element (the reader on its first byte).
    #[inline(always)]
    fn elements(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        self.skip_space();
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            element(self)?;
            if !self.comma_or(b']')? {
                return Some(());
            }
        }
    }

    /// After a member or an element: past a `,` (`true`: another follows) or the `close`
    /// bracket (`false`); `None` for anything else.
    #[inline(always)]
    fn comma_or(&mut self, close: u8) -> Option<bool> {
        self.skip_space();
        match self.peek()? {
            b',' => {
                self.pos += 1;
                self.skip_space();
                Some(true)
            }
            b if b == close => {
                self.pos += 1;
                Some(false)
            }
            _ => None,
        }
    }

    #[inline(always)]
    fn key(&mut self) -> Option<Key<'a>> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.pos + 1;
        let stop = start + first_stop_near(&self.bytes[start..])?;
        if self.bytes[stop] == b'"' {
            self.pos = stop + 1;
            return Some(Key::Plain(self.text.get(start..stop)?));
        }
        self.checked_string()?;
        Some(Key::Escaped)
    }

    /// The value at `pos`, at nesting `depth` (the top object's members are at 1).
    #[inline(always)]
    fn value(&mut self, depth: usize, wanted: bool) -> Option<Member<'a>> {
        match self.peek()? {
            b'"' if wanted => self.string().map(Member::Text),
            b'"' => self.checked_string().map(|()| Member::Other),
            b'{' | b'[' => self.container(depth),
            b't' => self.word(b"true").map(|()| Member::Other),
            b'f' => self.word(b"false").map(|()| Member::Other),
            b'n' => self.word(b"null").map(|()| Member::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// The object or array at `pos`, checked.
    #[inline(never)]
    fn container(&mut self, depth: usize) -> Option<Member<'a>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        if self.peek()? == b'[' {
            self.array(depth + 1)?;
            return Some(Member::Array(self.text.get(start..self.pos)?));
        }
        self.object(|reader, _| reader.value(depth + 1, false).map(drop))?;
        Some(Member::Object(self.text.get(start..self.pos)?))
    }

    /// Past a run of ASCII digits: how many, and their value (wrapping past 19 digits).
    fn digits(&mut self) -> (usize, i64) {
        let start = self.pos;
        let mut value = 0i64;
        // Eight at a time while eight are digits (a timestamp has 13), then one by one.
        while let Some(eight) = self
            .bytes
            .get(self.pos..)
            .and_then(<[u8]>::first_chunk::<8>)
            .and_then(|word| eight_digits(u64::from_le_bytes(*word)))
        {
            value = value.wrapping_mul(100_000_000).wrapping_add(eight as i64);
            self.pos += 8;
        }
        while let Some(&digit) = self.bytes.get(self.pos)
            && digit.is_ascii_digit()
        {
            value = value.wrapping_mul(10).wrapping_add(i64::from(digit - b'0'));
            self.pos += 1;
        }
        (self.pos - start, value)
    }

    fn number(&mut self) -> Option<Member<'a>> {
        let start = self.pos;
        let negative = self.eat(b'-').is_some();
        let (digits, magnitude) = match self.peek()? {
            b'0' => {
                self.pos += 1;
                (1, 0)
            }
            b'1'..=b'9' => self.digits(),
            _ => return None,
        };
        let mut plain = true;
        if self.eat(b'.').is_some() {
            (self.digits().0 > 0).then_some(())?;
            plain = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            (self.digits().0 > 0).then_some(())?;
            plain = false;
        }
        if plain && digits <= 18 {
            return Some(Member::Int(if negative { -magnitude } else { magnitude }));
        }
        // serde_json refuses a number beyond `f64` (`4.1e38357`, 400 digits): so does this
        // reader, and a little before, so that no rounding of the two can differ there.
        let value: f64 = self.text.get(start..self.pos)?.parse().ok()?;
        (value.abs() < 1e308).then_some(Member::Other)
    }

    /// Past the string at `pos`, checked: escapes well formed, no control character.
    fn checked_string(&mut self) -> Option<()> {
        self.eat(b'"')?;
        loop {
            let stop = self.pos + first_stop_near(&self.bytes[self.pos..])?;
            self.pos = stop + 1;
            match self.bytes[stop] {
                b'"' => return Some(()),
                b'\\' => {
                    let (_, len) = escaped_char(self.bytes, stop + 1)?;
                    self.pos = stop + 1 + len;
                }
                // Part of a character (the UTF-8 is checked).
                0x80.. => {}
                _ => return None,
            }
        }
    }

    /// The string at `pos`, unescaped (and repaired when asked); where it lies when it holds
    /// nothing to unescape.
    fn string(&mut self) -> Option<Text<'a>> {
        self.eat(b'"')?;
        let start = self.pos;
        let stop = start + simd::first_strict_string_stop(&self.bytes[start..])?;
        if self.bytes[stop] == b'"' {
            self.pos = stop + 1;
            return Some(Text::Plain(self.text.get(start..stop)?));
        }
        let mark = self.out.len();
        if !(self.repair && self.repaired_string(start, stop).is_some()) {
            self.out.truncate(mark);
            self.unescaped_string(start)?;
        }
        Some(Text::Decoded(mark..self.out.len()))
    }

    /// Write the string from `start` (past its quote; its first stop at `stop`) as Meta's
    /// mojibake repair makes it, when that repair applies: every character is a byte (ASCII as
    /// is, U+0080–U+00FF, escaped or not, the byte it numbers) and the bytes are UTF-8. `None`
    /// when the repair does not apply (a character above U+00FF, bytes that are not UTF-8) or
    /// the string is not well formed.
    fn repaired_string(&mut self, start: usize, stop: usize) -> Option<()> {
        let bytes = self.bytes;
        let out = &mut *self.out;
        // Only the bytes outside ASCII are checked as they come (the buffer's text is checked
        // as a whole anyway, but a repair that does not apply must be known here).
        let mut utf8 = Utf8Check::default();
        out.extend_from_slice(&bytes[start..stop]);
        let mut pos = stop;
        loop {
            match bytes[pos] {
                b'"' => break,
                b'\\' => match latin_escape(&bytes[pos..]) {
                    Some(byte) => {
                        // Meta's escapes come in runs (`\u00c3\u00a9`): taken together.
                        out.push(byte);
                        utf8.high(byte);
                        pos += 6;
                        while let Some(byte) = latin_escape(&bytes[pos..]) {
                            out.push(byte);
                            utf8.high(byte);
                            pos += 6;
                        }
                    }
                    None => {
                        let (code, len) = escaped_char(bytes, pos + 1)?;
                        // An escape of ASCII (a latin one is taken above).
                        out.push(u8::try_from(code).ok().filter(u8::is_ascii)?);
                        utf8.ascii();
                        pos += 1 + len;
                    }
                },
                lead @ (0xC2 | 0xC3) => {
                    let byte = (lead & 0x1F) << 6 | bytes[pos + 1] & 0x3F;
                    out.push(byte);
                    utf8.high(byte);
                    pos += 2;
                }
                _ => return None,
            }
            let run = copy_run(out, &bytes[pos..])?;
            if run > 0 {
                utf8.ascii();
                pos += run;
            }
        }
        self.pos = pos + 1;
        utf8.ended().then_some(())
    }

    /// Write the string from `start` (past its quote), unescaped as JSON says.
    fn unescaped_string(&mut self, start: usize) -> Option<()> {
        let bytes = self.bytes;
        let mut pos = start;
        loop {
            let stop = pos + first_stop_near(&bytes[pos..])?;
            self.out.extend_from_slice(&bytes[pos..stop]);
            match bytes[stop] {
                b'"' => {
                    self.pos = stop + 1;
                    return Some(());
                }
                b'\\' => {
                    let (code, len) = escaped_char(bytes, stop + 1)?;
                    let mut utf8 = [0; 4];
                    let character = char::from_u32(code)?.encode_utf8(&mut utf8);
                    self.out.extend_from_slice(character.as_bytes());
                    pos = stop + 1 + len;
                }
                0x80.. => {
                    let len = utf8_len(bytes[stop]);
                    self.out.extend_from_slice(&bytes[stop..stop + len]);
                    pos = stop + len;
                }
                _ => return None,
            }
        }
    }
}

/// The character of the escape at `at` of `bytes` (past its backslash) and the escape's
/// length; a surrogate escape counts only with its pair (serde_json refuses a lone one in a
/// string it reads).
fn escaped_char(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let code = match *bytes.get(at)? {
        b'"' => u32::from(b'"'),
        b'\\' => u32::from(b'\\'),
        b'/' => u32::from(b'/'),
        b'b' => 0x08,
        b'f' => 0x0C,
        b'n' => u32::from(b'\n'),
        b'r' => u32::from(b'\r'),
        b't' => u32::from(b'\t'),
        b'u' => {
            let code = hex4(bytes.get(at + 1..at + 5)?)?;
            return match code {
                0xD800..=0xDBFF => {
                    if bytes.get(at + 5..at + 7)? != b"\\u" {
                        return None;
                    }
                    let low = hex4(bytes.get(at + 7..at + 11)?)?;
                    (0xDC00..=0xDFFF).contains(&low).then(|| {
                        let pair = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        (pair, 11)
                    })
                }
                0xDC00..=0xDFFF => None,
                _ => Some((code, 5)),
            };
        }
        _ => return None,
    };
    Some((code, 1))
}

/// [`simd::first_strict_string_stop`] eight bytes at a time, for the short runs of keys and
/// between escapes.
fn first_stop_near(bytes: &[u8]) -> Option<usize> {
    first_flagged(bytes, strict_stops, simd::is_strict_string_stop)
}

/// The bytes of a word that [`simd::is_strict_string_stop`] accepts, as [`zero_bytes`] flags
/// them (the first exactly).
#[inline(always)]
fn strict_stops(word: u64) -> u64 {
    // Bytes below 0x20 borrow into their high bit; bytes outside ASCII have it.
    zero_bytes(word ^ repeated(b'"'))
        | zero_bytes(word ^ repeated(b'\\'))
        | (word.wrapping_sub(repeated(0x20)) | word) & HIGH_BITS
}

/// Copy the plain run at the start of `bytes` (up to the first [`strict_stops`]) to `out`,
/// eight bytes at a time (a whole word is appended, then the bytes past the stop dropped): its
/// length; `None` when no byte stops it.
fn copy_run(out: &mut Vec<u8>, bytes: &[u8]) -> Option<usize> {
    let (words, tail) = bytes.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        out.extend_from_slice(word);
        let found = strict_stops(u64::from_le_bytes(*word));
        if found != 0 {
            let keep = (found.trailing_zeros() / 8) as usize;
            out.truncate(out.len() - 8 + keep);
            return Some(n * 8 + keep);
        }
    }
    let keep = tail.iter().position(|&b| simd::is_strict_string_stop(b))?;
    out.extend_from_slice(&tail[..keep]);
    Some(words.len() * 8 + keep)
}

/// Length of the UTF-8 character that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::mojibake;

    /// A member as read, its string found.
    #[derive(Debug, PartialEq)]
    enum Got {
        Text(String),
        Int(i64),
        Null,
        Object(Vec<u8>),
        Array(Vec<u8>),
        Other,
    }

    /// Every member of `json` as the reader gives it, every string asked for.
    fn members(json: &str, repair: bool) -> Option<Vec<(String, Got)>> {
        let mut buffer = Vec::new();
        let mut found = Vec::new();
        read_object(json, repair, &mut buffer, Some, |key, value| {
            found.push((key.to_string(), value));
            Some(())
        })?;
        let decoded = utf8(&buffer)?;
        let got = |value| match value {
            Member::Text(text) => text.get(decoded).map(|t| Got::Text(t.to_string())),
            Member::Int(n) => Some(Got::Int(n)),
            Member::Null => Some(Got::Null),
            Member::Object(text) => Some(Got::Object(text.as_bytes().to_vec())),
            Member::Array(text) => Some(Got::Array(text.as_bytes().to_vec())),
            Member::Other => Some(Got::Other),
        };
        found
            .into_iter()
            .map(|(key, value)| Some((key, got(value)?)))
            .collect()
    }

    /// What serde_json reads in the string `literal` (quotes included), repaired when asked.
    fn serde_string(literal: &str, repair: bool) -> Option<String> {
        let text: String = serde_json::from_str(literal).ok()?;
        Some(match repair.then(|| mojibake::repair(&text)).flatten() {
            Some(fixed) => fixed,
            None => text,
        })
    }

    /// String literals of every kind the reader meets: plain, escaped, mojibake, raw UTF-8,
    /// surrogates, not well formed.
    const LITERALS: &[&str] = &[
        r#""""#,
        r#""plain text""#,
        r#""caf\u00c3\u00a9 cr\u00c3\u00a8me""#,
        r#""\u00f0\u009f\u0098\u008a smile""#,
        r#""line\nnext \"quoted\" back\\slash \/ \b\f\r\t""#,
        r#""\u00e9t\u00e9""#,
        r#""caf\u00c3""#,
        r#""\u00c3\u00a9 and \u2764""#,
        r#""\ud83d\ude0a""#,
        r#""\ud83d""#,
        r#""\ude0a x""#,
        r#""\ud83d\u0041""#,
        "\"café\"",
        "\"cafÃ©\"",
        "\"Ã© ❤\"",
        "\"❤ é\"",
        r#""\u0000 nul""#,
        r#""\u004A\u004a""#,
        r#""bad \x escape""#,
        r#""\u12""#,
        r#""\u+123""#,
        "\"tab\tinside\"",
        "\"unterminated",
        r#""ends in a backslash\"#,
        r#""\u00c2\u00a0\u00c3\u0080""#,
        r#""\u00c3\u00a9\u00c3""#,
    ];

    #[test]
    fn strings_read_as_serde_json_reads_them_then_repaired() {
        for literal in LITERALS {
            for repair in [false, true] {
                let json = format!(r#"{{"k": {literal}}}"#);
                let read = members(&json, repair).map(|mut found| found.remove(0).1);
                let expected = serde_string(literal, repair);
                match (read, expected) {
                    (Some(Got::Text(text)), Some(expected)) => {
                        assert_eq!(text, expected, "{literal} repair={repair}")
                    }
                    // Giving up is allowed (the caller asks serde_json); reading what serde_json
                    // refuses is not.
                    (None, _) => {}
                    (read, expected) => panic!("{literal}: {read:?} vs {expected:?}"),
                }
            }
        }
        // The common literals are read, not given up on.
        for literal in &LITERALS[..8] {
            let json = format!(r#"{{"k": {literal}}}"#);
            assert!(members(&json, true).is_some(), "{literal}");
        }
    }

    #[test]
    fn strings_not_asked_for_are_checked_as_strictly() {
        for literal in LITERALS {
            let json = format!(r#"{{"k": {literal}, "n": 1}}"#);
            let checked = read_object(
                &json,
                false,
                &mut Vec::new(),
                |_| None::<()>,
                |_, _| Some(()),
            );
            if checked.is_some() {
                assert!(serde_string(literal, false).is_some(), "{literal}");
            }
        }
    }

    #[test]
    fn the_near_stop_search_finds_what_the_simd_one_finds() {
        for value in 0..=255u8 {
            for position in 0..20 {
                let mut bytes = vec![b'a'; 20];
                bytes[position] = value;
                assert_eq!(
                    first_stop_near(&bytes),
                    simd::first_strict_string_stop(&bytes),
                    "{value:#04x} at {position}"
                );
            }
        }
    }

    #[test]
    fn a_run_is_copied_up_to_its_stop() {
        for len in 0..20 {
            for stop in [b'"', b'\\', 0x1F, 0xC3] {
                let mut bytes = vec![b'a'; len];
                bytes.push(stop);
                bytes.extend_from_slice(b"bc\"");
                let mut out = b"x".to_vec();
                assert_eq!(copy_run(&mut out, &bytes), Some(len));
                assert_eq!(out.len(), 1 + len);
                assert!(out[1..].iter().all(|&b| b == b'a'));
            }
            let mut out = Vec::new();
            assert_eq!(copy_run(&mut out, &vec![b'a'; len]), None);
        }
    }

    #[test]
    fn the_thread_keeps_its_buffer_empty_and_not_a_huge_one() {
        with_buffer(|buffer| buffer.extend_from_slice(b"left over"));
        let kept = with_buffer(|buffer| {
            assert!(buffer.is_empty());
            buffer.capacity()
        });
        assert!(kept >= 9, "the buffer was kept");
        with_buffer(|buffer| buffer.reserve(KEPT_BUFFER + 1));
        assert!(with_buffer(|buffer| buffer.capacity()) <= KEPT_BUFFER);
    }

    #[test]
    fn picked_members_are_the_named_keys_once_each() {
        let json = r#"{"a": "x\u00e9", "b": null, "c": 5, "d": [1], "a2": "y"}"#;
        let mut buffer = Vec::new();
        let picked = pick(json, false, &mut buffer, ["a", "b", "c", "z"]).expect("read");
        assert_eq!(picked.text(0), Some(Some("x\u{e9}")));
        assert_eq!(picked.text(1), Some(None));
        assert_eq!(picked.text(2), None);
        assert_eq!(picked.member(2), Some(&Member::Int(5)));
        assert_eq!(picked.text(3), Some(None));
        assert!(picked.member(3).is_none());
        let twice = r#"{"a": null, "b": 1, "a": "x"}"#;
        assert!(pick(twice, false, &mut buffer, ["a"]).is_none());
        assert!(pick(twice, false, &mut buffer, ["b"]).is_some());
    }

    #[test]
    fn values_of_every_kind() {
        let json = r#" { "a" : 1734999751533 , "b": null, "c": true, "d": false,
            "e": -3, "f": 1.5, "g": 2e3, "h": 0, "i": 1234567890123456789,
            "j": [1, [2, {"x": "y"}], "z"], "k": {"share_text": "s", "link": null}, "l": [] } "#;
        let found = members(json, false).expect("read");
        let values: Vec<_> = found.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(values[0], ("a", &Got::Int(1_734_999_751_533)));
        assert_eq!(values[1], ("b", &Got::Null));
        assert_eq!(values[2].1, &Got::Other);
        assert_eq!(values[3].1, &Got::Other);
        // Fractional, exponent and 19-digit numbers are not read as integers.
        assert_eq!(values[4].1, &Got::Int(-3));
        assert_eq!(values[5].1, &Got::Other);
        assert_eq!(values[6].1, &Got::Other);
        assert_eq!(values[7].1, &Got::Int(0));
        assert_eq!(values[8].1, &Got::Other);
        assert_eq!(
            values[9].1,
            &Got::Array(br#"[1, [2, {"x": "y"}], "z"]"#.to_vec())
        );
        assert_eq!(
            values[10].1,
            &Got::Object(br#"{"share_text": "s", "link": null}"#.to_vec())
        );
        assert_eq!(values[11], ("l", &Got::Array(b"[]".to_vec())));
        assert_eq!(values.len(), 12);
    }

    #[test]
    fn arrays_read_element_by_element() {
        let array = r#" [ {"name": "a\u0026b"}, "x", [1, 2], null , {} ] "#;
        let mut seen = Vec::new();
        elements(array, |element| {
            seen.push(element);
            Some(())
        })
        .expect("read");
        let expected = [r#"{"name": "a\u0026b"}"#, r#""x""#, "[1, 2]", "null", "{}"];
        assert_eq!(seen, expected);
        // An object element picked with a buffer of its own.
        let mut buffer = Vec::new();
        let picked = pick(seen[0], false, &mut buffer, ["name"]).expect("picked");
        assert_eq!(picked.text(0), Some(Some("a&b")));
        // An element refused stops the walk; what is not an array is refused.
        assert!(elements(array, |_| None).is_none());
        for refused in ["{}", "[1,]", "[1 2]", "[1] x", ""] {
            assert!(elements(refused, |_| Some(())).is_none(), "{refused:?}");
        }
        assert_eq!(elements("[]", |_| None), Some(()));
    }

    #[test]
    fn arrays_of_strings_read_as_serde_json_reads_them() {
        let mut buffer = Vec::new();
        let texts = |json: &str, repair: bool, buffer: &mut Vec<u8>| {
            let mut read = Vec::new();
            for_each_text(json, repair, buffer, |text| read.push(text.to_string()))?;
            Some(read)
        };
        let array = r#"["Web \u0026 App Activity", "plain", "caf\u00c3\u00a9"]"#;
        let expected: Vec<String> = serde_json::from_str(array).expect("valid");
        assert_eq!(texts(array, false, &mut buffer), Some(expected));
        let repaired = texts(array, true, &mut buffer).expect("read");
        assert_eq!(repaired[2], "café");
        assert_eq!(texts("[]", false, &mut buffer), Some(vec![]));
        // Anything but strings is left to serde_json, as is a broken array.
        for refused in [
            "[null]",
            "[\"a\", 1]",
            "[[\"a\"]]",
            "{\"a\": \"b\"}",
            "[\"a\"",
        ] {
            assert!(texts(refused, false, &mut buffer).is_none(), "{refused:?}");
        }
    }

    #[test]
    fn buffers_come_emptied_and_two_at_once_are_apart() {
        with_two_buffers(|first, second| {
            assert!(first.is_empty() && second.is_empty());
            first.extend_from_slice(b"first");
            second.extend_from_slice(b"second");
        });
        with_buffer(|buffer| {
            assert!(buffer.is_empty());
            // A call inside another gets a buffer of its own.
            buffer.extend_from_slice(b"outer");
            with_buffer(|inner| assert!(inner.is_empty()));
            assert_eq!(buffer, b"outer");
        });
        with_two_buffers(|first, second| assert!(first.is_empty() && second.is_empty()));
    }

    #[test]
    fn integers_of_every_length_read_as_written() {
        // Digits read eight at a time then one by one: every length up to past `i64`, and a
        // digit run cut by a fraction or an exponent at each place.
        for len in 1..=20 {
            let digits: String = (0..len).map(|n| char::from(b'1' + (n % 9) as u8)).collect();
            for number in [digits.clone(), format!("-{digits}")] {
                let json = format!(r#"{{"n": {number}}}"#);
                let found = members(&json, false).expect("read");
                let expected = match number.parse::<i64>() {
                    Ok(n) if len <= 18 => Got::Int(n),
                    _ => Got::Other,
                };
                assert_eq!(found[0].1, expected, "{number}");
            }
            for tail in [".5", "e2", "E-1", "x"] {
                let json = format!(r#"{{"n": {digits}{tail}}}"#);
                let read = members(&json, false);
                if tail == "x" {
                    assert!(read.is_none(), "{json}");
                } else {
                    assert_eq!(read.expect("read")[0].1, Got::Other, "{json}");
                }
            }
        }
    }

    #[test]
    fn gives_up_on_whatever_is_not_valid_json_or_not_plain() {
        let refused = [
            "",
            "[]",
            r#"{"a": 1"#,
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"{"a": 01}"#,
            r#"{"a": 1.}"#,
            r#"{"a": -}"#,
            r#"{"a": 1e}"#,
            r#"{"a": tru}"#,
            r#"{"a": nul}"#,
            r#"{"a": [1,]}"#,
            r#"{"a": [1 2]}"#,
            r#"{"a": {"b"}}"#,
            r#"{"a": 'x'}"#,
            r#"{"a": 1} x"#,
            r#"{"a": 1}}"#,
            r#"{a: 1}"#,
            // A key with an escape (it might spell a known key).
            r#"{"cont\u0065nt": "x"}"#,
            // Numbers beyond `f64`, which serde_json refuses (one found by fuzzing, nested).
            r#"{"a": 4.1e38357}"#,
            r#"{"a": -2E+400}"#,
            r#"{"l": {"lat": {"x\/00a8": 45.764, "longitude": 4.1e38357}}}"#,
        ];
        for json in refused {
            assert!(members(json, false).is_none(), "{json}");
        }
        // Not UTF-8: no text for the reader.
        assert!(utf8(b"{\"a\": \"\xff\"}").is_none());
        assert!(members(&format!(r#"{{"a": {}}}"#, "9".repeat(400)), false).is_none());
        // Nesting as deep as the limit is read, deeper is left to serde_json.
        let nested =
            |depth: usize| format!(r#"{{"a": {}1{}}}"#, "[".repeat(depth), "]".repeat(depth));
        assert!(members(&nested(MAX_DEPTH - 1), false).is_some());
        assert!(members(&nested(MAX_DEPTH), false).is_none());
    }

    #[test]
    fn everything_read_is_valid_json() {
        let accepted = [
            r#"{}"#,
            "{\n\t\"a\" :\r\n1 }",
            r#"{"a": {"b": {"c": [true, false, null, -0.5e-3, "\u00e9"]}}}"#,
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": {"\u0061": 1}}"#,
            r#"{"a": 1.5e307, "b": -1e-400, "c": 12345678901234567890}"#,
        ];
        for json in accepted {
            assert!(members(json, false).is_some(), "{json}");
            serde_json::from_str::<serde_json::Value>(json).expect(json);
        }
    }
}

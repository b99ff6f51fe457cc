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
//! A value delivered whole is at most [`MAX_VALUE_BYTES`] of JSON and is built under a memory
//! budget of the same size: a larger one is skipped (counted in [`Stats::oversize`]) and the rest
//! of the file goes on. A string delivered whole (or a key) longer than [`MAX_STRING_BYTES`] is cut
//! on a character boundary and counted the same way. Meta's mojibake is
//! repaired on each value delivered built and on walked keys; a raw value says whether it may
//! hold some, for its reader to repair. A JS assignment prefix
//! (`window.YTD.x.part0 = [...]`) can be skipped. Errors never quote the input.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::sync::LazyLock;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::containers::ContainerWalk;
use super::mojibake;
use super::swar::{first_flagged, repeated, zero_bytes};
use super::{RawJson, members};
use crate::error::AuditError;
use crate::model::MemberRead;

/// Largest value delivered whole (an estimate of its size in memory).
pub const MAX_VALUE_BYTES: usize = 16 << 20;
/// Longest string kept; the rest of a longer one is dropped while reading.
pub const MAX_STRING_BYTES: usize = 16 << 20;
/// How far into a file a JS assignment prefix may end.
const MAX_JS_PREFIX: usize = 4096;

/// Called with the JSON pointer of each delivered value (`/key/3`, `/7`, `/key`, or `` for a
/// top-level scalar) and the value itself.
pub type ItemFn<'a> = dyn FnMut(&str, Delivered<'_>) -> Result<(), AuditError> + 'a;

/// A delivered value: built as a `Value`, or, when the reader asked for raw values
/// ([`JsonOptions::raw`]), the JSON bytes of a value delivered whole, for a typed parse that
/// builds nothing it does not need. Scalars walked to (`Leaves`) always come built.
#[derive(Debug)]
pub enum Delivered<'a> {
    Value(Value),
    /// At most [`MAX_VALUE_BYTES`] of syntactically delimited JSON (not yet validated);
    /// `repair`: Meta's mojibake may be in it and must be repaired.
    Raw {
        raw: RawJson<'a>,
        repair: bool,
    },
}

/// A raw value as a parser of a hot shape reads it (see [`parse_shaped`]).
pub enum Shaped<T> {
    /// It has the shape: read by a typed parse of its bytes, nothing else built.
    Typed(T),
    /// Any other shape, built as a `Value` (mojibake repaired when asked).
    Value(Value),
    /// Any other shape, and over the memory budget.
    TooLarge,
}

/// Read a raw value as `T` (a `#[derive(Deserialize)]` of the fields used, borrowing its
/// strings) when it parses as one and `accept` agrees, else as a `Value`, so an unexpected shape
/// (a field of another type, a key written twice) is never lost. A value that may hold mojibake
/// (`repair`) is read as a `Value`, whose strings are repaired: repair it in its bytes first
/// ([`repaired_bytes`]) to have it typed.
pub fn parse_shaped<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    repair: bool,
    accept: impl FnOnce(&T) -> bool,
) -> Result<Shaped<T>, AuditError> {
    if repair {
        return shaped_value(bytes, true);
    }
    // One UTF-8 check of the whole value (SIMD) is cheaper than one per string (serde's slice
    // reader checks each); a value that is not UTF-8 is read by that reader, which says where.
    let typed = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => serde_json::from_str::<T>(text),
        Err(_) => serde_json::from_slice::<T>(bytes),
    };
    if let Ok(typed) = typed
        && accept(&typed)
    {
        return Ok(Shaped::Typed(typed));
    }
    shaped_value(bytes, false)
}

fn shaped_value<T>(bytes: &[u8], repair: bool) -> Result<Shaped<T>, AuditError> {
    Ok(match parse_raw(bytes, repair)? {
        Some(value) => Shaped::Value(value),
        None => Shaped::TooLarge,
    })
}

/// The bytes of a raw value with Meta's mojibake repaired in them when `repair`
/// ([`mojibake::repair_raw`], into `scratch`), and whether it must still be repaired after
/// parsing (a string in it is not well formed, which the parse then reports).
pub fn repaired_bytes<'a>(
    bytes: &'a [u8],
    repair: bool,
    scratch: &'a mut Vec<u8>,
) -> (&'a [u8], bool) {
    if !repair {
        return (bytes, false);
    }
    match mojibake::repair_raw(bytes, scratch) {
        Some(fixed) => (fixed, false),
        None => (bytes, true),
    }
}

/// A string borrowed from the JSON bytes when it holds no escape. Serde's own `Cow<str>` borrows
/// only as a field's whole type: inside an `Option` or a `Vec` it always copies. For typed
/// fields: `#[serde(borrow, default, deserialize_with = "json::borrowed_text")]`.
#[derive(serde::Deserialize)]
struct Borrowed<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);

pub fn borrowed_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<std::borrow::Cow<'de, str>>, D::Error> {
    let text: Option<Borrowed<'de>> = serde::Deserialize::deserialize(deserializer)?;
    Ok(text.map(|t| t.0))
}

/// [`borrowed_text`] for a list of strings.
pub fn borrowed_texts<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<std::borrow::Cow<'de, str>>, D::Error> {
    let texts: Vec<Borrowed<'de>> = serde::Deserialize::deserialize(deserializer)?;
    Ok(texts.into_iter().map(|t| t.0).collect())
}

/// Build a raw value under the memory budget, repairing mojibake when asked: `Ok(None)` when it
/// outgrew the budget.
pub fn parse_raw(bytes: &[u8], repair: bool) -> Result<Option<Value>, AuditError> {
    let mut value = parse_bounded(bytes).map_err(AuditError::from_json)?;
    if repair && let Some(value) = value.as_mut() {
        mojibake::repair_value(value);
    }
    Ok(value)
}

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
    /// Deliver values taken whole as their bytes ([`Delivered::Raw`]).
    pub raw: bool,
}

/// What was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Delivered values that hold something (not null, "", [] or {}).
    pub items: u64,
    /// Values or strings too large to keep (skipped or cut).
    pub oversize: u64,
}

/// Bytes read from the input at a time.
const CHUNK: usize = 256 << 10;
/// Containers walked into, at most (as deep as serde_json goes).
const MAX_WALK_DEPTH: usize = 128;

/// Stream a JSON document. A leading UTF-8 BOM is skipped.
///
/// The bytes are read in chunks into one buffer; the walk over the containers the selection
/// names is a byte-level scan, and a value delivered whole is found by its brackets, then parsed
/// from its bytes in place (far faster than parsing from a reader). The buffer holds at most one
/// delivered value ([`MAX_VALUE_BYTES`]) and a chunk. A document already in memory as a whole
/// ([`MemberRead::whole`]) is walked where it lies, and its UTF-8 checked once for all the raw
/// values it delivers ([`RawJson::checked`]); what is delivered is the same either way.
pub fn stream(
    reader: &mut dyn MemberRead,
    options: &JsonOptions,
    f: &mut ItemFn<'_>,
) -> Result<Stats, AuditError> {
    match reader.whole() {
        Some(bytes) => stream_whole(bytes, options, f),
        None => stream_in_chunks(reader, options, CHUNK, f),
    }
}

/// Whether a document read whole, in memory, delivers what it delivers read as a stream: the
/// same values at the same pointers and the same outcome; raw values come as checked text
/// exactly when the document is read whole and is UTF-8, never when it is streamed. For the
/// unit tests and the `json` fuzz target.
#[doc(hidden)]
pub fn whole_reads_as_streamed(bytes: &[u8], options: &JsonOptions) -> bool {
    #[derive(PartialEq)]
    enum Got {
        Built(Value),
        Raw { bytes: Vec<u8>, repair: bool },
    }
    let read = |whole: bool| {
        let mut got = Vec::new();
        let mut checked = Vec::new();
        let mut deliver = |pointer: &str, delivered: Delivered<'_>| {
            let item = match delivered {
                Delivered::Value(value) => Got::Built(value),
                Delivered::Raw { raw, repair } => {
                    checked.push(raw.checked.is_some());
                    Got::Raw {
                        bytes: raw.bytes.to_vec(),
                        repair,
                    }
                }
            };
            got.push((pointer.to_string(), item));
            Ok(())
        };
        let outcome = if whole {
            stream(&mut &bytes[..], options, &mut deliver)
        } else {
            stream_in_chunks(&mut &bytes[..], options, CHUNK, &mut deliver)
        };
        (got, checked, outcome)
    };
    let (streamed, streamed_checked, streamed_outcome) = read(false);
    let (whole, whole_checked, whole_outcome) = read(true);
    let utf8 = std::str::from_utf8(bytes).is_ok();
    streamed == whole
        && streamed_outcome == whole_outcome
        && streamed_checked.iter().all(|&checked| !checked)
        && whole_checked.iter().all(|&checked| checked == utf8)
}

/// [`stream`] over a document in memory.
fn stream_whole(
    bytes: &[u8],
    options: &JsonOptions,
    f: &mut ItemFn<'_>,
) -> Result<Stats, AuditError> {
    let mut nothing_more: &[u8] = &[];
    let mut input = Input {
        reader: &mut nothing_more,
        buf: Cow::Borrowed(bytes),
        text: options.raw.then(|| members::utf8(bytes)).flatten(),
        filled: bytes.len(),
        chunk: CHUNK,
        base: 0,
        eof: true,
        dropped_lines: 0,
    };
    let mut state = State {
        f,
        options,
        stats: Stats::default(),
    };
    walk(&mut input, &mut state).map(|()| state.stats)
}

/// [`stream`], reading `chunk` bytes at a time (tests read one byte at a time, so that every
/// boundary falls inside something).
fn stream_in_chunks(
    reader: &mut dyn Read,
    options: &JsonOptions,
    chunk: usize,
    f: &mut ItemFn<'_>,
) -> Result<Stats, AuditError> {
    let mut input = Input {
        reader,
        buf: Cow::Owned(SPARE.with_borrow_mut(std::mem::take)),
        text: None,
        filled: 0,
        chunk,
        base: 0,
        eof: false,
        dropped_lines: 0,
    };
    let mut state = State {
        f,
        options,
        stats: Stats::default(),
    };
    let walked = walk(&mut input, &mut state);
    if let Cow::Owned(buf) = &mut input.buf
        && buf.len() <= SPARE_BYTES
    {
        SPARE.with_borrow_mut(|spare| {
            if spare.len() < buf.len() {
                *spare = std::mem::take(buf);
            }
        });
    }
    walked.map(|()| state.stats)
}

thread_local! {
    /// The buffer of a stream that ended, kept for the thread's next one: its room is already
    /// initialised, so a thread reading thousands of files does not zero its buffer thousands of
    /// times. Bytes past what a stream has read are never looked at.
    static SPARE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The largest buffer kept for the next stream (a file of huge values is not kept for).
const SPARE_BYTES: usize = 4 << 20;

struct State<'s, 'f> {
    f: &'s mut ItemFn<'f>,
    options: &'s JsonOptions,
    stats: Stats,
}

impl State<'_, '_> {
    fn deliver(
        &mut self,
        pointer: &str,
        mut value: Value,
        may_need_repair: bool,
    ) -> Result<(), AuditError> {
        if holds_something(&value) {
            self.stats.items += 1;
        }
        if self.options.repair && may_need_repair {
            mojibake::repair_value(&mut value);
        }
        (self.f)(pointer, Delivered::Value(value))
    }

    fn key(&self, key: String) -> String {
        if self.options.repair {
            mojibake::repair(&key).unwrap_or(key)
        } else {
            key
        }
    }

    fn walks_into(&self, depth: usize, on_path: bool, parent_is_map: bool, is_seq: bool) -> bool {
        match &self.options.select {
            Select::Leaves => true,
            Select::Default => depth == 0 || (depth == 1 && is_seq && parent_is_map),
            Select::Path(segments) => on_path && depth < segments.len(),
            Select::Records => is_seq || depth == 0 || parent_is_map,
        }
    }

    /// Whether the child `key` of a container at `depth` that is `on_path` is on the path.
    fn child_on_path(&self, depth: usize, on_path: bool, key: &str) -> bool {
        match &self.options.select {
            Select::Path(segments) => {
                on_path && segments.get(depth).is_some_and(|s| s == "*" || s == key)
            }
            _ => false,
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

/// [`holds_something`] of a value still in bytes: not null, blank string, `[]` or `{}`.
fn raw_holds_something(bytes: &[u8]) -> bool {
    let inner = |b: &[u8]| b.len() >= 2 && b[1..b.len() - 1].iter().all(u8::is_ascii_whitespace);
    match bytes.first() {
        Some(b'n') => bytes != b"null",
        Some(b'"' | b'[' | b'{') => !inner(bytes),
        _ => true,
    }
}

/// Whether raw JSON bytes may hold Meta mojibake: a `\u00XX` escape or a raw U+0080–U+00FF
/// character (lead byte C2 or C3). Plain ASCII text without such escapes never needs repair.
fn may_hold_mojibake(raw: &[u8]) -> bool {
    // Built once: `memmem::find` would build its searcher for each value.
    static ESCAPE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\\u00"));
    memchr::memchr2(0xC2, 0xC3, raw).is_some() || ESCAPE.find(raw).is_some()
}

/// The input, read chunk by chunk into one buffer, or a whole document in memory. Positions
/// are absolute byte offsets.
struct Input<'r> {
    reader: &'r mut dyn Read,
    /// The bytes read are `buf[..filled]`; the rest is room already initialised (zeroed, or
    /// left by an earlier stream of the thread: never read before being written). A document
    /// in memory is borrowed whole (and never read into).
    buf: Cow<'r, [u8]>,
    /// A document in memory as text, when raw values are asked for and it is UTF-8.
    text: Option<&'r str>,
    filled: usize,
    /// Bytes read at a time.
    chunk: usize,
    /// Offset of `buf[0]`.
    base: u64,
    eof: bool,
    /// Line ends in the bytes already dropped (for error positions).
    dropped_lines: usize,
}

/// Where a value ends, and whether its bytes are still in the buffer.
enum Span {
    Kept(u64),
    /// Longer than the limit: read through. A string keeps its first bytes.
    Skipped {
        end: u64,
        prefix: Option<Vec<u8>>,
    },
}

impl Input<'_> {
    fn end(&self) -> u64 {
        self.base + self.filled as u64
    }

    fn slice(&self, from: u64, to: u64) -> &[u8] {
        &self.buf[(from - self.base) as usize..(to - self.base) as usize]
    }

    /// Read more bytes, keeping those from `keep` on (`keep` is at most the end). False at the
    /// end of the input.
    fn more(&mut self, keep: u64) -> Result<bool, AuditError> {
        if self.eof {
            return Ok(false);
        }
        let drop = (keep.saturating_sub(self.base) as usize).min(self.filled);
        if drop > 0 {
            self.dropped_lines += memchr::memchr_iter(b'\n', &self.buf[..drop]).count();
            self.buf.to_mut().copy_within(drop..self.filled, 0);
            self.filled -= drop;
            self.base += drop as u64;
        }
        // Up to a chunk more, read into room zeroed once, when the buffer first grew to it (an
        // inflater hands out a few KB per read: zeroing a chunk for each cost more than the
        // parse of it), or by an earlier stream of this thread. The room grows as it fills, so
        // a small file zeroes little.
        let want = self.filled + self.chunk;
        let mut read = 0;
        while read < self.chunk {
            let at = self.filled + read;
            let buf = self.buf.to_mut();
            if buf.len() == at {
                buf.resize(want.min((at * 2).max(16 * 1024)), 0);
            }
            let room = buf.len().min(want);
            match self.reader.read(&mut buf[at..room]) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => return Err(AuditError::from_io(&err)),
            }
        }
        self.filled += read;
        // Short of a chunk: the input has ended.
        self.eof = read < self.chunk;
        Ok(read > 0)
    }

    /// Make `count` bytes from `pos` available if the input has them.
    fn want(&mut self, pos: u64, count: u64) -> Result<(), AuditError> {
        while self.end() < pos + count && self.more(pos)? {}
        Ok(())
    }

    /// Skip whitespace from `pos`; the next byte, or `None` at the end of the input.
    fn peek(&mut self, pos: &mut u64) -> Result<Option<u8>, AuditError> {
        loop {
            while *pos < self.end() {
                let b = self.buf[(*pos - self.base) as usize];
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Ok(Some(b));
                }
                *pos += 1;
            }
            if !self.more(*pos)? {
                return Ok(None);
            }
        }
    }

    /// The end of the value starting at `start` (its first byte is not whitespace). Its bytes stay
    /// in the buffer while it is at most `limit` bytes long; a longer one is read through.
    fn value_end(&mut self, start: u64, limit: u64) -> Result<Span, AuditError> {
        let first = self.buf[(start - self.base) as usize];
        let container = matches!(first, b'{' | b'[');
        let string = first == b'"';
        let mut walk = ContainerWalk::default();
        let mut escape = false;
        let mut kept = true;
        let mut prefix: Option<Vec<u8>> = None;
        let mut i = start;
        loop {
            if i >= self.end() {
                if kept && i - start > limit {
                    kept = false;
                    if first == b'"' {
                        prefix = Some(self.slice(start, start + limit).to_vec());
                    }
                }
                let keep = if kept { start } else { i };
                if !self.more(keep)? {
                    if !container && !string {
                        return Ok(self.span(start, i, kept, prefix, limit));
                    }
                    return Err(self.error_at(i));
                }
                continue;
            }
            // The bytes read so far, walked here without going back to the buffer's bounds
            // check at each byte.
            let chunk = &self.buf[(i - self.base) as usize..self.filled];
            if container {
                if let Some(k) = walk.end_in(chunk) {
                    let end = i + k as u64;
                    return Ok(self.span(start, end, kept, prefix, limit));
                }
            } else if string {
                // The content, from the byte after the opening quote.
                let mut at = usize::from(i == start);
                if escape && at < chunk.len() {
                    // The first byte is escaped.
                    at += 1;
                }
                match closing_quote(&chunk[at..]) {
                    None => escape = ends_in_escape(&chunk[at..]),
                    Some(k) => {
                        let end = i + (at + k + 1) as u64;
                        return Ok(self.span(start, end, kept, prefix, limit));
                    }
                }
            } else if let Some(k) = chunk
                .iter()
                .position(|b| matches!(b, b',' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                let end = i + k as u64;
                return Ok(self.span(start, end, kept, prefix, limit));
            }
            i += chunk.len() as u64;
        }
    }

    fn span(&self, start: u64, end: u64, kept: bool, prefix: Option<Vec<u8>>, limit: u64) -> Span {
        if kept && end - start <= limit {
            Span::Kept(end)
        } else {
            let prefix = prefix.or_else(|| {
                (kept && self.buf[(start - self.base) as usize] == b'"')
                    .then(|| self.slice(start, start + limit).to_vec())
            });
            Span::Skipped { end, prefix }
        }
    }

    /// Line and column of `pos` (1-based), as far as the buffer still tells.
    fn position(&self, pos: u64) -> (usize, usize) {
        let upto = &self.buf[..((pos.saturating_sub(self.base)) as usize).min(self.filled)];
        let line = self.dropped_lines + memchr::memchr_iter(b'\n', upto).count() + 1;
        let column = match memchr::memrchr(b'\n', upto) {
            Some(nl) => upto.len() - nl,
            None => upto.len() + 1,
        };
        (line, column)
    }

    fn error_at(&self, pos: u64) -> AuditError {
        let (line, column) = self.position(pos);
        AuditError::MalformedJson { line, column }
    }

    /// A parse error inside the value that starts at `start`, placed in the whole document.
    fn error_in(&self, start: u64, err: serde_json::Error) -> AuditError {
        match AuditError::from_json(err) {
            AuditError::MalformedJson { line, column } => {
                let (first_line, first_column) = self.position(start);
                AuditError::MalformedJson {
                    line: first_line + line - 1,
                    column: if line == 1 {
                        first_column + column - 1
                    } else {
                        column
                    },
                }
            }
            other => other,
        }
    }
}

/// Parse a value's bytes under the memory budget: `None` when it outgrew it.
fn parse_bounded(bytes: &[u8]) -> Result<Option<Value>, serde_json::Error> {
    let mut budget = ValueBudget::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = BoundedSeed {
        budget: &mut budget,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(budget.keep(value))
}

/// The first bytes of a string too long to keep, as a string: the cut moves back until it falls
/// outside any escape and on a character boundary.
fn cut_string(mut prefix: Vec<u8>) -> Option<String> {
    for _ in 0..16 {
        prefix.push(b'"');
        if let Ok(text) = serde_json::from_slice::<String>(&prefix) {
            return Some(text);
        }
        prefix.pop();
        prefix.pop()?;
    }
    None
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A container being walked.
struct Frame {
    is_map: bool,
    /// Length of the pointer up to this container.
    pointer_len: usize,
    index: usize,
    on_path: bool,
}

fn walk(input: &mut Input<'_>, state: &mut State<'_, '_>) -> Result<(), AuditError> {
    let mut pos = 0u64;
    input.want(pos, MAX_JS_PREFIX as u64)?;
    if input.slice(0, input.end()).starts_with(b"\xEF\xBB\xBF") {
        pos = 3;
    }
    if state.options.js_prefix {
        let head = input.slice(pos, input.end().min(pos + MAX_JS_PREFIX as u64));
        let starts_as_json = head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| matches!(b, b'[' | b'{'));
        if !starts_as_json && let Some(at) = head.iter().position(|&b| b == b'=') {
            pos += at as u64 + 1;
        }
    }

    let mut stack: Vec<Frame> = Vec::new();
    let mut pointer = String::new();
    // The value to read next: (on the path, its parent is an object).
    let mut next = Some((true, false));
    loop {
        if let Some((on_path, parent_is_map)) = next.take() {
            let Some(b) = input.peek(&mut pos)? else {
                return Err(input.error_at(pos));
            };
            let depth = stack.len();
            let is_container = matches!(b, b'{' | b'[');
            if is_container && state.walks_into(depth, on_path, parent_is_map, b == b'[') {
                if depth >= MAX_WALK_DEPTH {
                    return Err(AuditError::JsonTooDeep);
                }
                pos += 1;
                let close = if b == b'{' { b'}' } else { b']' };
                if input.peek(&mut pos)? == Some(close) {
                    pos += 1;
                } else {
                    stack.push(Frame {
                        is_map: b == b'{',
                        pointer_len: pointer.len(),
                        index: 0,
                        on_path,
                    });
                    next = Some(child(input, state, &mut pos, &stack, &mut pointer)?);
                    continue;
                }
            } else {
                pos = deliver_whole(input, state, pos, &pointer)?;
            }
        }
        // After a value: the next sibling, or the end of its container.
        let Some(top) = stack.last_mut() else {
            break;
        };
        match input.peek(&mut pos)? {
            Some(b',') => {
                pos += 1;
                top.index += 1;
                next = Some(child(input, state, &mut pos, &stack, &mut pointer)?);
            }
            Some(b'}') if top.is_map => {
                pos += 1;
                stack.pop();
            }
            Some(b']') if !top.is_map => {
                pos += 1;
                stack.pop();
            }
            _ => return Err(input.error_at(pos)),
        }
    }
    if !state.options.js_prefix && input.peek(&mut pos)?.is_some() {
        return Err(input.error_at(pos));
    }
    Ok(())
}

/// Read up to the next child of the innermost container (its key, for an object) and set the
/// pointer to it; returns (on the path, parent is an object).
fn child(
    input: &mut Input<'_>,
    state: &mut State<'_, '_>,
    pos: &mut u64,
    stack: &[Frame],
    pointer: &mut String,
) -> Result<(bool, bool), AuditError> {
    let Some(top) = stack.last() else {
        return Err(input.error_at(*pos));
    };
    let depth = stack.len() - 1;
    pointer.truncate(top.pointer_len);
    pointer.push('/');
    if !top.is_map {
        let at = pointer.len();
        pointer.push_str(itoa::Buffer::new().format(top.index));
        let on_path = state.child_on_path(depth, top.on_path, &pointer[at..]);
        return Ok((on_path, false));
    }
    if input.peek(pos)? != Some(b'"') {
        return Err(input.error_at(*pos));
    }
    let start = *pos;
    let key = match input.value_end(start, MAX_STRING_BYTES as u64)? {
        Span::Kept(end) => {
            *pos = end;
            let raw = input.slice(start, end);
            let key = if memchr::memchr(b'\\', raw).is_some() {
                serde_json::from_slice::<String>(raw).map_err(|e| input.error_in(start, e))?
            } else {
                std::str::from_utf8(&raw[1..raw.len() - 1])
                    .map_err(|_| AuditError::InvalidUtf8)?
                    .to_string()
            };
            state.key(key)
        }
        Span::Skipped { end, prefix } => {
            *pos = end;
            state.stats.oversize += 1;
            prefix.and_then(cut_string).unwrap_or_default()
        }
    };
    if input.peek(pos)? != Some(b':') {
        return Err(input.error_at(*pos));
    }
    *pos += 1;
    pointer.push_str(&escape_pointer(&key));
    Ok((state.child_on_path(depth, top.on_path, &key), true))
}

/// Deliver the value at `start` whole (built under the budget); returns where it ends.
fn deliver_whole(
    input: &mut Input<'_>,
    state: &mut State<'_, '_>,
    start: u64,
    pointer: &str,
) -> Result<u64, AuditError> {
    match input.value_end(start, MAX_VALUE_BYTES as u64)? {
        Span::Kept(end) if state.options.raw => {
            let bytes = input.slice(start, end);
            if raw_holds_something(bytes) {
                state.stats.items += 1;
            }
            let repair = state.options.repair && may_hold_mojibake(bytes);
            // In a document checked whole, the value's text (it starts and ends at ASCII).
            let checked = input
                .text
                .and_then(|text| text.get(start as usize..end as usize));
            let raw = checked.map_or(RawJson::new(bytes), RawJson::checked);
            (state.f)(pointer, Delivered::Raw { raw, repair })?;
            Ok(end)
        }
        Span::Kept(end) => {
            let raw = input.slice(start, end);
            match parse_bounded(raw) {
                Ok(Some(value)) => {
                    let repair = may_hold_mojibake(raw);
                    state.deliver(pointer, value, repair)?;
                }
                Ok(None) => {
                    state.stats.oversize += 1;
                    state.stats.items += 1;
                }
                Err(err) => return Err(input.error_in(start, err)),
            }
            Ok(end)
        }
        Span::Skipped { end, prefix } => {
            state.stats.oversize += 1;
            match prefix.and_then(cut_string) {
                Some(text) => state.deliver(pointer, Value::String(text), true)?,
                None => state.stats.items += 1,
            }
            Ok(end)
        }
    }
}

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

/// Where the closing quote of a string is in `content`, which starts at a byte that is not
/// escaped; `None` when `content` holds none. A quote is escaped exactly when an odd number of
/// backslashes comes right before it (a run of backslashes starts either where `content` does or
/// after a byte that is no backslash, and either is a fresh escape), so escapes are never walked
/// one by one: Meta's strings hold one `\u00XX` in a few bytes.
fn closing_quote(content: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let quote = from + next_quote(&content[from..])?;
        if !ends_in_escape(&content[from..quote]) {
            return Some(quote);
        }
        from = quote + 1;
    }
}

/// Whether the byte after `content` (which starts at a byte that is not escaped) is escaped: an
/// odd run of backslashes ends `content`.
fn ends_in_escape(content: &[u8]) -> bool {
    content.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// The first quote in `bytes`. Most strings (keys, short values) end within a few bytes: those
/// are looked at eight bytes at a time, longer ones with `memchr`.
fn next_quote(bytes: &[u8]) -> Option<usize> {
    const SHORT: usize = 32;
    let head = &bytes[..bytes.len().min(SHORT)];
    match first_flagged(
        head,
        |word| zero_bytes(word ^ repeated(b'"')),
        |b| b == b'"',
    ) {
        Some(k) => Some(k),
        None if bytes.len() > SHORT => memchr::memchr(b'"', &bytes[SHORT..]).map(|k| k + SHORT),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `json`, read as a stream; read whole, in memory, they must be the same.
    fn collect_with(
        json: &str,
        select: Select,
    ) -> Result<(Vec<(String, Value)>, Stats), AuditError> {
        let options = JsonOptions {
            select,
            repair: true,
            js_prefix: false,
            raw: false,
        };
        let read = |whole: bool| {
            let mut items = Vec::new();
            let mut deliver = |p: &str, v: Delivered<'_>| {
                items.push((p.to_string(), built(v)));
                Ok(())
            };
            let stats = if whole {
                stream(&mut json.as_bytes(), &options, &mut deliver)
            } else {
                stream_in_chunks(&mut json.as_bytes(), &options, CHUNK, &mut deliver)
            };
            stats.map(|stats| (items, stats))
        };
        let streamed = read(false);
        assert_eq!(format!("{:?}", read(true)), format!("{streamed:?}"));
        streamed
    }

    fn built(delivered: Delivered<'_>) -> Value {
        match delivered {
            Delivered::Value(v) => v,
            Delivered::Raw { .. } => panic!("raw values were not asked for"),
        }
    }

    fn collect(json: &str) -> Result<Vec<(String, Value)>, AuditError> {
        collect_with(json, Select::Default).map(|(items, _)| items)
    }

    fn pointers(items: &[(String, Value)]) -> Vec<&str> {
        items.iter().map(|(p, _)| p.as_str()).collect()
    }

    #[test]
    fn a_stream_after_another_on_its_thread_reads_only_its_own_bytes() {
        // Run on a thread of its own, so that the spare buffer is this test's alone.
        std::thread::spawn(|| {
            let alone = |json: &str| format!("{:?}", collect(json));
            let short = [
                r#"{"a": [1, 2"#,
                r#"["x", {"b": "#,
                r#"{"c": "d"}"#,
                "[]",
                "",
            ];
            let expected: Vec<String> = short.iter().map(|json| alone(json)).collect();
            // A long file first fills the buffer with bytes the short ones must never see.
            let long = format!(
                r#"{{"z": ["{}", {{"q": [9, 9, 9]}}]}}"#,
                "y\\\"}]".repeat(50_000)
            );
            assert!(collect(&long).is_ok());
            assert!(SPARE.with_borrow(|spare| spare.len()) > long.len());
            let after: Vec<String> = short.iter().map(|json| alone(json)).collect();
            assert_eq!(after, expected);
        })
        .join()
        .unwrap();
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
        // Every cut of a string with escapes and a surrogate pair gives a valid prefix.
        let raw = br#""ab\u00e9\ud83d\ude00cd\\\"x""#;
        let whole: String = serde_json::from_slice(raw).unwrap();
        for len in 1..raw.len() {
            let cut = cut_string(raw[..len].to_vec()).expect("a prefix is always found");
            assert!(whole.starts_with(&cut), "{cut:?} at {len}");
        }
        // Through the stream: a string longer than the limit is delivered cut, and counted.
        let long = format!("[\"{}\", \"ok\"]", "é".repeat(MAX_STRING_BYTES / 2 + 100));
        let (items, stats) = collect_with(&long, Select::Leaves).unwrap();
        assert_eq!(stats.oversize, 1);
        let first = items[0].1.as_str().unwrap();
        assert!(first.len() <= MAX_STRING_BYTES && first.len() > MAX_STRING_BYTES - 16);
        assert_eq!(items[1].1, "ok");
    }

    #[test]
    fn a_closing_quote_is_the_first_unescaped_quote_at_any_distance() {
        // The reference: escapes walked one by one.
        fn walked(content: &[u8]) -> (Option<usize>, bool) {
            let mut i = 0;
            while i < content.len() {
                match content[i] {
                    b'"' => return (Some(i), false),
                    b'\\' if i + 1 == content.len() => return (None, true),
                    b'\\' => i += 2,
                    _ => i += 1,
                }
            }
            (None, false)
        }
        for (filler, len) in (0..=255u8).flat_map(|f| (0..48).map(move |len| (f, len))) {
            for stop in [None, Some(b'"'), Some(b'\\')] {
                for at in 0..len.max(1) {
                    let mut chunk = vec![filler; len];
                    if let (Some(b), true) = (stop, at < len) {
                        chunk[at] = b;
                    }
                    let quote = closing_quote(&chunk);
                    let escape = quote.is_none() && ends_in_escape(&chunk);
                    assert_eq!(
                        (quote, escape),
                        walked(&chunk),
                        "filler {filler}, length {len}, stop at {at}"
                    );
                }
            }
        }
        // Runs of backslashes of every length before quotes, at every distance.
        for pieces in 0..4000u32 {
            let mut chunk = Vec::new();
            let mut n = pieces;
            while n > 0 {
                chunk.extend(std::iter::repeat_n(b'\\', (n % 5) as usize));
                chunk.push([b'"', b'a', b'u'][(n % 3) as usize]);
                chunk.extend(std::iter::repeat_n(b'x', (n % 7) as usize * 6));
                n /= 7;
            }
            let quote = closing_quote(&chunk);
            let escape = quote.is_none() && ends_in_escape(&chunk);
            assert_eq!(
                (quote, escape),
                walked(&chunk),
                "{:?}",
                String::from_utf8_lossy(&chunk)
            );
        }
    }

    #[test]
    fn values_split_across_reads_are_whole() {
        // One byte per read: every boundary falls inside something.
        let json = r#"{"a\"b": [{"x": "q\\\"}"}, 12, true], "c": {"d": "\u00c3\u00a9"}}"#;
        let options = JsonOptions {
            select: Select::Default,
            repair: true,
            js_prefix: false,
            raw: false,
        };
        let mut items = Vec::new();
        stream_in_chunks(&mut json.as_bytes(), &options, 1, &mut |p, v| {
            items.push((p.to_string(), built(v)));
            Ok(())
        })
        .unwrap();
        assert_eq!(pointers(&items), ["/a\"b/0", "/a\"b/1", "/a\"b/2", "/c"]);
        assert_eq!(items[0].1["x"], "q\\\"}");
        assert_eq!(items[3].1["d"], "é");
    }

    /// JSON with brackets, quotes and backslashes inside strings, long strings, and nesting (a
    /// small xorshift generator: the same documents every run).
    fn random_json(seed: &mut u64, depth: u32, out: &mut String) {
        fn next(seed: &mut u64, n: u64) -> u64 {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed % n
        }
        let choice = if depth > 2 {
            2 + next(seed, 2)
        } else {
            next(seed, 4)
        };
        match choice {
            0 | 1 => {
                let object = choice == 0;
                out.push(if object { '{' } else { '[' });
                for n in 0..next(seed, 6) {
                    if n > 0 {
                        out.push_str(if next(seed, 3) == 0 { " , " } else { "," });
                    }
                    if object {
                        out.push_str("\"k\\\"\": ");
                    }
                    random_json(seed, depth + 1, out);
                }
                out.push(if object { '}' } else { ']' });
            }
            2 => {
                out.push('"');
                // Half the strings have no escape.
                let pieces = 5 + 5 * next(seed, 2);
                for _ in 0..next(seed, 90) {
                    let piece = ["a", "{", "}", "[", "]", " ", "é", "\\\"", "\\\\", "\\u00e9"];
                    out.push_str(piece[next(seed, pieces) as usize]);
                }
                out.push('"');
            }
            _ => out.push_str(&next(seed, 100_000).to_string()),
        }
    }

    #[test]
    fn values_read_in_large_reads_or_whole_are_those_read_byte_by_byte() {
        let options = JsonOptions {
            select: Select::Default,
            repair: false,
            js_prefix: false,
            raw: true,
        };
        let run = |bytes: &[u8], chunk: usize| {
            let mut values = Vec::new();
            let outcome = stream_in_chunks(
                &mut &bytes[..],
                &options,
                chunk,
                &mut |pointer, delivered| {
                    if let Delivered::Raw { raw, .. } = delivered {
                        values.push((pointer.to_string(), raw.bytes.to_vec()));
                    }
                    Ok(())
                },
            );
            (values, outcome.map_err(|e| e.code()).map(|s| s.items))
        };
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut whole_values = 0;
        for n in 0..120 {
            // Leading spaces fill the first read, which looks for a JS prefix: after them one
            // byte is read at a time, so every scan of the walk stops at the end of the bytes
            // read, where a large read has them all in hand.
            let mut json = " ".repeat(MAX_JS_PREFIX);
            json.push_str("{\"list\": [");
            for k in 0..3 {
                if k > 0 {
                    json.push(',');
                }
                random_json(&mut seed, 0, &mut json);
            }
            json.push_str("]}");
            let mut variants = vec![json.clone().into_bytes()];
            // The same document broken: a byte replaced with a quote, bracket or backslash, or
            // with one that is not UTF-8.
            let mut broken = json.into_bytes();
            let at = MAX_JS_PREFIX + (seed as usize) % (broken.len() - MAX_JS_PREFIX);
            broken[at] = [b'"', b'\\', b'{', b']', 0xFF][n % 5];
            variants.push(broken);
            for bytes in variants {
                let (trickled, trickled_outcome) = run(&bytes, 1);
                let (read, read_outcome) = run(&bytes, CHUNK);
                assert_eq!(trickled_outcome, read_outcome, "document {n}");
                assert_eq!(trickled, read, "document {n}");
                for raw in [true, false] {
                    let options = JsonOptions {
                        raw,
                        ..options.clone()
                    };
                    assert!(whole_reads_as_streamed(&bytes, &options), "document {n}");
                }
                whole_values += read.len();
            }
        }
        assert!(
            whole_values > 300,
            "the documents hold values: {whole_values}"
        );
    }

    #[test]
    fn typed_strings_are_borrowed_unless_escaped() {
        use std::borrow::Cow;
        #[derive(serde::Deserialize)]
        struct Fields<'a> {
            #[serde(borrow, default, deserialize_with = "borrowed_text")]
            one: Option<Cow<'a, str>>,
            #[serde(borrow, default, deserialize_with = "borrowed_texts")]
            many: Vec<Cow<'a, str>>,
        }
        let read: Fields =
            serde_json::from_str(r#"{"one": "plain", "many": ["x", "y\n"]}"#).unwrap();
        assert!(matches!(read.one, Some(Cow::Borrowed("plain"))));
        assert!(matches!(read.many[0], Cow::Borrowed("x")));
        assert!(matches!(&read.many[1], Cow::Owned(y) if y == "y\n"));
        let read: Fields = serde_json::from_str(r#"{"one": null}"#).unwrap();
        assert!(read.one.is_none() && read.many.is_empty());
        assert!(serde_json::from_str::<Fields>(r#"{"one": 1}"#).is_err());
        assert!(serde_json::from_str::<Fields>(r#"{"many": [1]}"#).is_err());
    }

    #[test]
    fn raw_values_are_the_bytes_of_whole_values() {
        let options = JsonOptions {
            select: Select::Default,
            repair: true,
            js_prefix: false,
            raw: true,
        };
        let json = r#"{"messages": [{"a": "\u00c3\u00a9"}, {"b": 1}, {}], "title": "t"}"#;
        let mut seen = Vec::new();
        let stats = stream(&mut json.as_bytes(), &options, &mut |p, v| {
            match v {
                Delivered::Raw { raw, repair } => {
                    let value = parse_raw(raw.bytes, repair).unwrap().unwrap();
                    seen.push((p.to_string(), value, repair));
                }
                Delivered::Value(_) => panic!("whole values come raw"),
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 4);
        assert_eq!(seen[0].1["a"], "é");
        assert!(
            seen[0].2 && !seen[1].2,
            "repair is asked only where mojibake may be"
        );
        assert_eq!(seen[3], ("/title".to_string(), Value::from("t"), false));
        assert_eq!(stats.items, 3, "an empty object holds nothing");
    }

    #[test]
    fn js_assignment_prefixes_are_skipped() {
        let options = JsonOptions {
            select: Select::Default,
            repair: false,
            js_prefix: true,
            raw: false,
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
            raw: false,
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
            raw: false,
        };
        let err = stream(&mut &b"[1, 2, 3]"[..], &options, &mut |_, _| {
            Err(AuditError::UnexpectedShape)
        })
        .unwrap_err();
        assert_eq!(err, AuditError::UnexpectedShape);
    }
}

//! Generic free-text PII scanner: finds e-mail addresses, phone numbers (French and international),
//! IP and MAC addresses, GPS pairs, IBANs, payment cards, French NIRs, and beside the word naming
//! them French RIBs, tax, business (SIREN, SIRET), passport and identity-card numbers, IMEIs and
//! dates of birth, postal addresses and pasted access tokens, in text that no platform parser
//! understood (messages, posts, values of unknown files).
//!
//! Pipeline per detector (design reference `detection-and-risk.md` §2): a cheap prefilter on the
//! window (digit count, `@`, `:`), one candidate regex compiled once, guards in code (the `regex`
//! crate has no look-around), then a validator (checksum, phone metadata, `std::net` parser).
//! Only validated hits are reported, with a normalised value and a rule id for the audit trail.
//! When two detectors claim overlapping text, the stronger one wins (order of `RULES`).
//!
//! Texts longer than 1 MiB are scanned in 1 MiB windows that overlap by 4 KiB. Every detector
//! resumes in the next window exactly where its regex stopped in the previous one, and only hits
//! that start inside a window's own 1 MiB are kept, so the result is the same as a single pass:
//! nothing is lost at a window edge and nothing is reported twice (all candidates are bounded in
//! length, far below the overlap).
//!
//! This module must NEVER put a scanned value (or any text it scans) in an error, a log line or a
//! panic message: the values are the personal data being audited. The only `expect`s are on
//! static patterns and data files.

mod address;
mod birthdate;
mod card;
mod documents;
mod email;
mod gps;
mod iban;
mod imei;
mod ip;
mod mac;
mod months;
mod nif;
mod nir;
mod phone;
mod phone_validity;
mod rib;
mod siren;
mod token;
mod util;
mod zones;

pub(crate) use email::is_automated_sender;
pub use ip::{Reach, reach as ip_reach};
pub use months::month_number;

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Match, Regex};

use crate::decode::swar::{HIGH_BITS, between, first_flagged, repeated, zero_bytes};
use crate::model::Kind;
use zones::{Mark, Zones};

/// One PII hit in free text.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub kind: Kind,
    pub value: String,
    pub confidence: f32,
    pub rule: &'static str,
}

/// Scan free text (a message, a post, a value of an unknown file) and append every validated hit.
pub fn scan_text(text: &str, out: &mut Vec<Detection>) {
    scan_windows(text, Opts::default(), WINDOW, OVERLAP, out);
}

/// Scan one JSON scalar found under `key` (the object key it sits under, lower-cased by the caller;
/// "" when none). Applies key guards: values under keys like timestamp/*_ms/*id/fbid/uri/href/url
/// are not scanned for phones/cards/NIR/dates of birth, values under phone/email/ip keys get
/// confidence 1.0, and a value under a key naming a date of birth is read whole as one.
pub fn scan_value(key: &str, text: &str, out: &mut Vec<Detection>) {
    if let Some(birth) = birthdate::keyed(key, text) {
        out.push(birth);
        return;
    }
    scan_windows(text, Opts::for_key(key), WINDOW, OVERLAP, out);
}

/// Size of a scan window.
const WINDOW: usize = 1 << 20;
/// How far a window's haystack extends past its own part; longer than any candidate.
const OVERLAP: usize = 4 << 10;

/// A validated hit and the bytes it covers in the scanned text.
struct Hit {
    start: usize,
    end: usize,
    det: Detection,
}

impl Hit {
    fn new(m: &Match<'_>, kind: Kind, value: String, confidence: f32, rule: &'static str) -> Hit {
        Hit {
            start: m.start(),
            end: m.end(),
            det: Detection {
                kind,
                value,
                confidence,
                rule,
            },
        }
    }
}

/// One detector: a candidate regex, the zones it can match in, and a check that applies guards and
/// validation. `check` gets the haystack (the whole text up to the end of the current window, so
/// guards can look before the match) and the candidate match.
struct Rule {
    regex: &'static LazyLock<Regex>,
    /// Where matches can be: the regex runs only there (see [`zones`]).
    zones: Zones,
    /// Phone, card and NIR rules: skipped under id/timestamp/url keys (traps T1, T2).
    numeric: bool,
    check: fn(&str, Match<'_>) -> Option<Hit>,
}

/// All detectors, strongest first: on overlapping hits the earlier rule wins.
static RULES: [&Rule; 18] = [
    &token::RULE,
    &email::RULE,
    &iban::RULE,
    &rib::RULE,
    &nir::RULE,
    &nif::RULE,
    &siren::RULE,
    &card::RULE,
    &documents::PASSPORT,
    &documents::ID_CARD,
    &imei::RULE,
    &birthdate::RULE,
    &phone::RULE,
    &address::RULE,
    &ip::RULE_V6,
    &ip::RULE_V4,
    &mac::RULE,
    &gps::RULE,
];

/// For each byte, the rules whose zones' joiner accepts it (bit `i` for `RULES[i]`); and for
/// each gap length up to the longest any rule allows, the rules that allow it.
static JOINS: LazyLock<([zones::Gap; 256], Vec<zones::Gap>)> = LazyLock::new(|| {
    let mut table = [0; 256];
    let mut reach = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        if let Zones::Cluster {
            joiner, max_gap, ..
        } = rule.zones
        {
            if reach.len() <= max_gap {
                reach.resize(max_gap + 1, 0);
            }
            for allowed in &mut reach[..=max_gap] {
                *allowed |= 1 << i;
            }
            for (b, joins) in (0..=u8::MAX).zip(table.iter_mut()) {
                if joiner(b) {
                    *joins |= 1 << i;
                }
            }
        }
    }
    (table, reach)
});

/// Per kind of mark, the rules that look for clusters from the runs [`zones::cluster_starts`]
/// lists (those whose clusters need no particular run), with the fewest marks of each.
static LISTINGS: LazyLock<Vec<(Mark, zones::Listing)>> = LazyLock::new(|| {
    let mut marks: Vec<Mark> = Vec::new();
    for rule in RULES {
        if let Zones::Cluster { mark, .. } = rule.zones
            && !marks.contains(&mark)
        {
            marks.push(mark);
        }
    }
    let listing = |mark: Mark| {
        zones::Listing::of(
            (0u32..)
                .zip(RULES)
                .filter_map(move |(i, rule)| match rule.zones {
                    Zones::Cluster {
                        mark: of,
                        min_marks,
                        needs: None,
                        ..
                    } if of == mark => Some((i, min_marks)),
                    _ => None,
                }),
        )
    };
    marks
        .into_iter()
        .map(|mark| (mark, listing(mark)))
        .collect()
});

/// The bytes that are some rule's marks: a window without any has no zone.
static MARK_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut table = [false; 256];
    for rule in RULES {
        match rule.zones {
            Zones::Cluster {
                mark: Mark::Byte(b),
                ..
            } => table[usize::from(b)] = true,
            Zones::Cluster {
                mark: Mark::Digit, ..
            }
            | Zones::LettersThenDigits { .. } => {
                table[usize::from(b'0')..=usize::from(b'9')].fill(true);
            }
        }
    }
    table
});

/// Whether `bytes` hold a mark (a digit, `@` or `:`, the bytes of [`MARK_BYTES`]), looked at
/// eight bytes at a time.
fn has_mark(bytes: &[u8]) -> bool {
    let found = first_flagged(
        bytes,
        |word| {
            // A digit or `:` (0x30..=0x3A), or `@`; high bytes are none of them.
            let seven = word & !HIGH_BITS;
            (between(seven, b'0', b':') | zero_bytes(word ^ repeated(b'@'))) & !word
        },
        |b| MARK_BYTES[usize::from(b)],
    );
    found.is_some()
}

/// Scan options derived from the JSON key a value sits under.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Opts {
    /// Run the phone/card/NIR rules.
    numeric: bool,
    /// Hits of this kind get confidence 1.0 (the key names the kind).
    boost: Option<Kind>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            numeric: true,
            boost: None,
        }
    }
}

impl Opts {
    fn for_key(key: &str) -> Opts {
        let tokens = || {
            key.split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
        };
        let numeric = !tokens().any(|t| {
            t.ends_with("id")
                || t.contains("timestamp")
                || t == "ms"
                || t.starts_with("created")
                || t.ends_with("time")
                || t.contains("date")
                || t.ends_with("uri")
                || t.ends_with("url")
                || t.ends_with("href")
        });
        let boost = if tokens().any(|t| {
            t.contains("phone") || t.contains("mobile") || t == "tel" || t.contains("portable")
        }) {
            Some(Kind::Phone)
        } else if tokens().any(|t| t.contains("mail") || t.contains("courriel")) {
            Some(Kind::Email)
        } else if tokens().any(|t| matches!(t, "ip" | "ipaddress" | "ipv4" | "ipv6")) {
            Some(Kind::IpAddress)
        } else {
            None
        };
        Opts { numeric, boost }
    }
}

/// Scan `text` in windows of `window` bytes whose haystacks extend `overlap` bytes further.
fn scan_windows(text: &str, opts: Opts, window: usize, overlap: usize, out: &mut Vec<Detection>) {
    // Most short texts (a message, a post) hold no mark at all, so no window of theirs does.
    if !has_mark(text.as_bytes()) {
        return;
    }
    let mut hits: Vec<(usize, Hit)> = Vec::new();
    MARK_RUNS.with(|kept| match kept.try_borrow_mut() {
        Ok(mut runs) => {
            find_hits(text, opts, (window, overlap), &mut runs, &mut hits);
            // A text can list no more runs than half its bytes.
            if text.len() / 2 > KEPT_ROOM {
                runs.trim();
            }
        }
        Err(_) => find_hits(
            text,
            opts,
            (window, overlap),
            &mut MarkRuns::default(),
            &mut hits,
        ),
    });
    for mut det in resolve_overlaps(hits) {
        if opts.boost == Some(det.kind) {
            det.confidence = 1.0;
        }
        out.push(det);
    }
}

/// The hits of every rule in `text`, window by window (see [`scan_windows`]), into `hits`.
fn find_hits(
    text: &str,
    opts: Opts,
    (window, overlap): (usize, usize),
    runs: &mut MarkRuns,
    hits: &mut Vec<(usize, Hit)>,
) {
    // Where each rule's regex stopped: the next window resumes there, as a single pass would.
    let mut resume = [0usize; RULES.len()];
    let mut zones: Vec<Range<usize>> = Vec::new();
    let mut core_start = 0;
    loop {
        let last = text.len() - core_start <= window;
        let (core_end, hay_end) = if last {
            (text.len(), text.len())
        } else {
            let core_end = util::floor_boundary(text, core_start + window.max(4));
            (core_end, util::floor_boundary(text, core_end + overlap))
        };
        let hay = &text[..hay_end];
        runs.clear();
        let marked = has_mark(&text.as_bytes()[core_start..hay_end]);
        for (i, rule) in RULES.iter().enumerate().filter(|_| marked) {
            if rule.numeric && !opts.numeric {
                continue;
            }
            let (marks, gaps) = runs.of(hay.as_bytes(), core_start, (i, &rule.zones));
            let bit = 1 << i;
            zones::zones_of(hay.as_bytes(), &rule.zones, marks, (gaps, bit), &mut zones);
            let stop = (!last).then_some(core_end);
            resume[i] = search_zones(rule, hay, &zones, resume[i].max(core_start), stop, |m| {
                if let Some(hit) = (rule.check)(hay, m) {
                    hits.push((i, hit));
                }
            });
        }
        if last {
            break;
        }
        core_start = core_end;
    }
}

/// Run `rule`'s regex over `zones` of `hay` from `pos`, calling `found` with each match, and
/// return where the search stopped. A match starting at or after `stop` is left for the next
/// window (and the search stops before it).
fn search_zones<'h>(
    rule: &Rule,
    hay: &'h str,
    zones: &[Range<usize>],
    mut pos: usize,
    stop: Option<usize>,
    mut found: impl FnMut(Match<'h>),
) -> usize {
    for zone in zones {
        pos = pos.max(zone.start);
        // No match crosses a zone's end, so the haystack can stop there.
        let zone_hay = &hay[..zone.end];
        while pos < zone.end {
            let Some(m) = rule.regex.find_at(zone_hay, pos) else {
                break;
            };
            if stop.is_some_and(|stop| m.start() >= stop) {
                return pos;
            }
            pos = if m.is_empty() {
                util::floor_boundary(hay, m.end() + 1).max(m.end() + 1)
            } else {
                m.end()
            };
            found(m);
        }
    }
    pos
}

thread_local! {
    /// Each worker's lists of runs, their room kept from one text to the next (a chunk of a
    /// long text lists tens of thousands of runs per kind of mark).
    static MARK_RUNS: std::cell::RefCell<MarkRuns> = const {
        std::cell::RefCell::new(MarkRuns {
            slots: [const { None }; 4],
        })
    };
}

/// Entries a list of runs keeps room for between texts (bounded memory per worker).
const KEPT_ROOM: usize = 1 << 16;

/// The runs of each kind of mark in the current window and the gaps between them, found once
/// and shared by the rules (a few fixed slots: a short text with no mark allocates nothing; a
/// long one reuses the lists' room from window to window and text to text).
#[derive(Default)]
struct MarkRuns {
    slots: [Option<RunsOf>; 4],
}

/// The runs of one kind of mark, the gaps between them, the runs a cluster may start at, and
/// for each rule whose clusters need a run, the runs that may be it.
struct RunsOf {
    mark: Mark,
    /// Whether the lists are the current window's (else only their room is kept).
    current: bool,
    runs: Vec<Range<usize>>,
    gaps: Vec<zones::Gap>,
    /// By rule (its index in [`RULES`]), the runs a cluster of it may start at, when `listed`
    /// (else every run).
    starts: Vec<Vec<u32>>,
    listed: bool,
    /// The rules (their index in [`RULES`]) whose clusters need a run of this mark, and for
    /// each, in `needed`, the runs that may be it.
    needing: &'static [usize],
    needed: Vec<Vec<u32>>,
}

/// Per kind of mark, the rules whose clusters need a run (their index in [`RULES`]) and the
/// tables that find, in one pass, the runs that may be it.
static NEEDING_RULES: LazyLock<Vec<(Mark, Vec<usize>, zones::NeedTables)>> = LazyLock::new(|| {
    let mut by_mark: Vec<(Mark, Vec<usize>, Vec<zones::Needs>)> = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        if let Zones::Cluster {
            mark,
            needs: Some(needs),
            ..
        } = rule.zones
        {
            match by_mark.iter_mut().find(|(of, ..)| *of == mark) {
                Some((_, indices, all)) => {
                    indices.push(i);
                    all.push(needs);
                }
                None => by_mark.push((mark, vec![i], vec![needs])),
            }
        }
    }
    by_mark
        .into_iter()
        .map(|(mark, indices, needs)| (mark, indices, zones::NeedTables::of(&needs)))
        .collect()
});

impl MarkRuns {
    /// Lists with room past [`KEPT_ROOM`] emptied and that room given back (a text dense with
    /// marks lists more).
    fn trim(&mut self) {
        fn give_back<T>(list: &mut Vec<T>) {
            if list.capacity() > KEPT_ROOM {
                list.clear();
                list.shrink_to(KEPT_ROOM);
            }
        }
        for of in self.slots.iter_mut().flatten() {
            give_back(&mut of.runs);
            give_back(&mut of.gaps);
            of.starts.iter_mut().for_each(give_back);
            of.needed.iter_mut().for_each(give_back);
        }
    }

    /// A new window: every list is out of date.
    fn clear(&mut self) {
        for of in self.slots.iter_mut().flatten() {
            of.current = false;
        }
    }

    /// The runs rule `index`'s `spec` is built on, in `hay[from..]`, the runs a cluster may
    /// start at (or, for a rule whose clusters need a run, the runs that may be it), and the
    /// gaps between them.
    fn of(
        &mut self,
        hay: &[u8],
        from: usize,
        (index, spec): (usize, &Zones),
    ) -> (zones::Runs<'_>, &[zones::Gap]) {
        let mark = match *spec {
            Zones::Cluster { mark, .. } => mark,
            Zones::LettersThenDigits { .. } => Mark::Digit,
        };
        let slot = self
            .slots
            .iter()
            .position(|slot| slot.as_ref().is_none_or(|of| of.mark == mark))
            .expect("more slots than kinds of marks");
        let of = self.slots[slot].get_or_insert_with(|| RunsOf {
            mark,
            current: false,
            runs: Vec::new(),
            gaps: Vec::new(),
            starts: Vec::new(),
            listed: false,
            needing: NEEDING_RULES
                .iter()
                .find(|(of, ..)| *of == mark)
                .map_or(&[], |(_, indices, _)| indices.as_slice()),
            needed: Vec::new(),
        });
        if !of.current {
            zones::mark_runs(hay, from, mark, &mut of.runs);
            let (joins, reach) = &*JOINS;
            zones::gaps_of(
                hay,
                &of.runs,
                reach,
                |b| joins[usize::from(b)],
                &mut of.gaps,
            );
            of.listed = match LISTINGS.iter().find(|(of, _)| *of == mark) {
                Some((_, listing)) => {
                    zones::cluster_starts(&of.runs, &of.gaps, listing, &mut of.starts)
                }
                None => false,
            };
            if let Some((_, indices, tables)) = NEEDING_RULES.iter().find(|(of, ..)| *of == mark) {
                zones::needed_runs(hay, &of.runs, (tables, indices.len()), &mut of.needed);
            }
            of.current = true;
        }
        let starts = match of.needing.iter().position(|&i| i == index) {
            Some(k) => Some(of.needed.get(k).map_or(&[][..], Vec::as_slice)),
            None => of
                .listed
                .then(|| of.starts.get(index).map_or(&[][..], Vec::as_slice)),
        };
        ((&of.runs, starts), &of.gaps)
    }
}

/// Keep, among hits that overlap each other, the ones of the strongest rules; return the kept
/// detections in text order. Hits of one rule never overlap (regex matches do not).
fn resolve_overlaps(mut hits: Vec<(usize, Hit)>) -> Vec<Detection> {
    hits.sort_by_key(|(rule, h)| (h.start, *rule));
    let mut keep = vec![true; hits.len()];
    let mut i = 0;
    while i < hits.len() {
        // The cluster [i, j): hits chained by overlaps.
        let mut end = hits[i].1.end;
        let mut j = i + 1;
        while j < hits.len() && hits[j].1.start < end {
            end = end.max(hits[j].1.end);
            j += 1;
        }
        if j - i > 1 {
            let mut order: Vec<usize> = (i..j).collect();
            order.sort_by_key(|&k| hits[k].0);
            let mut kept: Vec<usize> = Vec::new();
            for k in order {
                let (s, e) = (hits[k].1.start, hits[k].1.end);
                if kept
                    .iter()
                    .any(|&q| s < hits[q].1.end && hits[q].1.start < e)
                {
                    keep[k] = false;
                } else {
                    kept.push(k);
                }
            }
        }
        i = j;
    }
    hits.into_iter()
        .zip(keep)
        .filter_map(|((_, h), k)| k.then_some(h.det))
        .collect()
}

#[cfg(test)]
pub(super) mod testing {
    use super::*;

    /// (kind, normalised value, rule) of every detection in `text`.
    pub fn found(text: &str) -> Vec<(Kind, String, &'static str)> {
        let mut out = Vec::new();
        scan_text(text, &mut out);
        out.into_iter().map(|d| (d.kind, d.value, d.rule)).collect()
    }

    /// How many detections of `kind` there are in `text` (other kinds may overlap it).
    pub fn found_of(kind: Kind, text: &str) -> usize {
        found(text).iter().filter(|(k, _, _)| *k == kind).count()
    }

    /// The single detection in `text`; panics (with the test's own input) otherwise.
    pub fn only(text: &str) -> Detection {
        let mut out = Vec::new();
        scan_text(text, &mut out);
        assert_eq!(
            out.len(),
            1,
            "expected exactly one detection in {text:?}: {out:?}"
        );
        out.remove(0)
    }

    pub fn hit(kind: Kind, value: &str, rule: &'static str) -> (Kind, String, &'static str) {
        (kind, value.to_string(), rule)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{found, hit};
    use super::*;

    const MIXED: &str = "Écris à alice.martin@example.fr ou au 06 39 01 23 45, \
        sinon +44 7400 123456. IBAN FR14 2004 1010 0505 0001 3M02 606, carte 4970 1012 3456 7893, \
        NIR 2 95 10 99 126 111 93. Login from 192.0.2.17 and 2001:db8::1 — \
        position 48.85837, 2.29448 ✓ fin";

    #[test]
    fn marks_are_found_eight_bytes_at_a_time_as_the_table_finds_them() {
        // Every byte value at every place of a word and of its tail, among bytes that are not
        // marks (letters, spaces, high bytes).
        let base = b"abc XYZ\xC3\xA9 defghi!".to_vec();
        assert!(!has_mark(&base));
        for b in 0..=255u8 {
            for at in 0..base.len() {
                let mut bytes = base.clone();
                bytes[at] = b;
                assert_eq!(
                    has_mark(&bytes),
                    MARK_BYTES[usize::from(b)],
                    "{b:#x} at {at}"
                );
            }
        }
        assert!(!has_mark(b""));
    }

    #[test]
    fn mixed_text_finds_every_kind_in_order() {
        assert_eq!(
            found(MIXED),
            vec![
                hit(Kind::Email, "alice.martin@example.fr", "scan.email"),
                hit(Kind::Phone, "+262639012345", "scan.phone.fr"),
                hit(Kind::Phone, "+447400123456", "scan.phone.intl"),
                hit(Kind::Iban, "FR1420041010050500013M02606", "scan.iban"),
                hit(Kind::PaymentCard, "4970101234567893", "scan.card"),
                hit(Kind::NationalId, "295109912611193", "scan.nir"),
                hit(Kind::IpAddress, "192.0.2.17", "scan.ipv4"),
                hit(Kind::IpAddress, "2001:db8::1", "scan.ipv6"),
                hit(Kind::LocationPoint, "48.85837,2.29448", "scan.gps"),
            ]
        );
    }

    #[test]
    fn windows_give_the_same_result_as_one_pass_at_every_cut() {
        let mut single = Vec::new();
        scan_windows(MIXED, Opts::default(), usize::MAX / 2, OVERLAP, &mut single);
        assert_eq!(single.len(), 9);
        // Every window size moves the cut through every value of the text.
        for window in 4..MIXED.len() {
            let mut windowed = Vec::new();
            scan_windows(MIXED, Opts::default(), window, 64, &mut windowed);
            assert_eq!(windowed, single, "window {window}");
        }
    }

    #[test]
    fn lists_kept_from_one_text_leave_nothing_in_the_next() {
        // Alone, on a thread of its own: its lists of runs start empty.
        let fresh = std::thread::spawn(|| {
            let mut found = Vec::new();
            scan_text(MIXED, &mut found);
            found
        })
        .join()
        .expect("the scan does not panic");
        assert_eq!(fresh.len(), 9);
        // After texts denser in runs: one that keeps its lists' room, then one whose room is
        // given back (more runs than `KEPT_ROOM`).
        let dense = "0612 ab: 7 @x ".repeat(2_000);
        let denser = "1 2:".repeat(KEPT_ROOM);
        for before in [dense.as_str(), denser.as_str(), MIXED] {
            scan_text(before, &mut Vec::new());
            let mut after = Vec::new();
            scan_text(MIXED, &mut after);
            assert_eq!(after, fresh);
        }
    }

    /// Random texts dense in the pieces the patterns are made of: digits, separators (ASCII and
    /// Unicode spaces), letters, `@`, `:`, `.`, signs, brackets, and whole candidates.
    fn dense_text(seed: u64, pieces: usize) -> String {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "00",
            "33",
            "06 39 01 23 45",
            "+33 (0)6 39",
            "+44 7400 123456",
            "+1 (555) 010",
            "4970 1012 3456 7893",
            "2A",
            "2 95 10 99 126 111 93",
            "FR14 2004 1010 0505 0001 3M02 606",
            "GB29 NWBK 6016",
            "192.0.2.17",
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "fe80::",
            "48.85837, 2.29448",
            "-33.8688;151.2093",
            "a@b.fr",
            "x.y@example.org",
            "@",
            ":",
            "::",
            ".",
            ",",
            ";",
            "-",
            "+",
            "(",
            ")",
            " ",
            "  ",
            "\t",
            "+44\u{a0}(0)\u{202f}20",
            "+1\u{202f}(555)\u{a0}(01) 2",
            ")\u{202f}(",
            "1:2:3:4:5:6:7:8.123.123.123",
            "2A\u{202f}",
            "45;\t -",
            "0.000",
            // Each pattern at its widest: the zone specs must hold these.
            "+1\u{202f}(555)\u{202f}(01)\u{202f}2345",
            "+33\u{202f}(0)\u{202f}6 39 01 23 45",
            "1:2:3:4:5:6:7:ffff.123.123.123",
            "4970\u{202f}1012\u{202f}3456\u{202f}7893",
            "1\u{202f}85\u{202f}05\u{202f}2A\u{202f}123\u{202f}456\u{202f}78",
            "-45.1234 \t ,\t  -120.5678",
            "GB29\u{202f}NWBK\u{202f}6016\u{202f}1331\u{202f}9268\u{202f}1999\u{202f}9999\u{202f}ABCD\u{202f}999",
            "a.very.long.local.part.that.goes.on.and.on.for.sixty.four.bytes@sub1.sub2.sub3.sub4.sub5.sub6.sub7.sub8.sub9.example",
            "\u{a0}",
            "\u{202f}",
            "é",
            "a",
            "B",
            "z",
            "FR",
            "ab",
            "Cd",
            "x",
            "\n",
            "/",
            // A RIB and a MAC address at their widest.
            "30002\u{202f}00550\u{202f}0000157845Z\u{202f}02",
            "0A:1b:2C:3d:4E:5f",
            // Tokens, with their prefixes.
            "EAABq7Wm2ZpR9xLc4TfH8nKd1VbJ6sGy3Ea5q7Wm2ZpR",
            "ya29.a0Wm2ZpR9xLc4TfH8nKd1VbJ6sGy3E",
            "eyJhbGciOiJIUzI1NiJ9.eyJ4TfH8nKd1VbJ6.sGy3Ea5q7Wm2",
            "AKIAQ7WM2ZPR9XLC4TFH",
            "_",
            "-",
            // Addresses, at their widest.
            "12\u{a0}quater,\u{a0}\u{a0}\u{a0}résidence.\u{a0}\u{a0}\u{a0}é",
            "4 bis rue de la Paix",
            ", 75002 Paris",
            "12345B\u{a0}\u{a0}\u{a0}Aaaaaaaaaaaaaaaaaaaa\u{a0}\u{a0}\u{a0}Bbbbbbbbbbbbbbbbbbbbb\u{a0}\u{a0}\u{a0}Cccccccccccccccccccc\u{a0}\u{a0}\u{a0}Crescent.",
            "221B Baker Street",
            "Victor Hugo",
            // Dates of birth, with their words, at their widest.
            "born ",
            " né le ",
            "12/03/1985",
            "1985-03-12",
            "3.10.1990",
            "1er\u{a0}septiembre.,\u{a0}1985",
            "Sept.\u{a0}12th,\u{a0}1985",
            "12 mars 1985",
            " décembre",
            "Mar",
        ];
        // The longest domain an address may have: ten labels of 63.
        let label = "d".repeat(63);
        let widest_domain = format!(
            "x@{label}{}.{}",
            format!(".{label}").repeat(8),
            "t".repeat(63)
        );
        let mut state = seed;
        let mut text = String::new();
        for _ in 0..pieces {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let pick = (state % (PIECES.len() as u64 + 1)) as usize;
            text.push_str(PIECES.get(pick).unwrap_or(&widest_domain.as_str()));
        }
        text
    }

    #[test]
    fn the_rules_use_no_more_kinds_of_marks_than_there_are_slots() {
        let mut marks: Vec<Mark> = Vec::new();
        for rule in RULES {
            let mark = match rule.zones {
                Zones::Cluster { mark, .. } => mark,
                Zones::LettersThenDigits { .. } => Mark::Digit,
            };
            if !marks.contains(&mark) {
                marks.push(mark);
            }
        }
        assert!(marks.len() <= MarkRuns::default().slots.len(), "{marks:?}");
        // A gap has a bit per rule.
        assert!(RULES.len() <= zones::Gap::BITS as usize);
    }

    #[test]
    fn zones_hold_every_match_of_a_whole_text_pass() {
        let mut runs = MarkRuns::default();
        let mut zones = Vec::new();
        let mut matched = 0;
        let mut per_rule = [0; RULES.len()];
        for seed in 1..=2000u64 {
            let text = dense_text(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), 60);
            runs.clear();
            for (i, rule) in RULES.iter().enumerate() {
                // A rule whose zones need a run of marks (a year of birth) is held to its hits:
                // a match without one is no hit, and may lie outside every zone.
                let needs = matches!(rule.zones, Zones::Cluster { needs: Some(_), .. });
                let kept = |m: &Match<'_>| !needs || (rule.check)(&text, *m).is_some();
                let whole: Vec<Range<usize>> = rule
                    .regex
                    .find_iter(&text)
                    .filter(kept)
                    .map(|m| m.range())
                    .collect();
                let (marks, gaps) = runs.of(text.as_bytes(), 0, (i, &rule.zones));
                zones::zones_of(
                    text.as_bytes(),
                    &rule.zones,
                    marks,
                    (gaps, 1 << i),
                    &mut zones,
                );
                let mut zoned = Vec::new();
                search_zones(rule, &text, &zones, 0, None, |m| {
                    if kept(&m) {
                        zoned.push(m.range());
                    }
                });
                assert_eq!(zoned, whole, "seed {seed}, rule {i}");
                matched += whole.len();
                per_rule[i] += whole.len();
            }
        }
        // The texts do exercise the patterns, every rule's.
        assert!(matched > 2000, "{matched} matches");
        assert!(per_rule.iter().all(|&n| n > 0), "{per_rule:?}");
    }

    #[test]
    fn email_at_a_one_mib_window_boundary_is_found_once() {
        let filler = "lorem ipsum dolor sit amet ";
        let email = "zoe.durand@example.org";
        for shift in [0usize, 1, 5, 11, email.len() - 1, email.len()] {
            let mut text = String::with_capacity(3 << 20);
            while text.len() < WINDOW - shift {
                text.push_str(filler);
            }
            text.truncate(WINDOW - shift - 1);
            text.push(' ');
            assert_eq!(text.len(), WINDOW - shift);
            text.push_str(email);
            text.push(' ');
            while text.len() < 3 << 20 {
                text.push_str(filler);
            }
            let mut out = Vec::new();
            scan_text(&text, &mut out);
            assert_eq!(
                out,
                vec![Detection {
                    kind: Kind::Email,
                    value: email.to_string(),
                    confidence: 0.9,
                    rule: "scan.email",
                }],
                "shift {shift}"
            );
        }
    }

    const NUMBERS: &str = "06 39 01 23 45, carte 4970 1012 3456 7893, NIR 295109912611193";

    #[test]
    fn key_guards_block_numbers_under_id_and_time_keys() {
        for key in [
            "timestamp",
            "creation_timestamp",
            "created_at",
            "duration_ms",
            "id",
            "user_id",
            "fbid",
            "id_str",
            "uri",
            "href",
            "url",
            "photo_url",
        ] {
            let mut out = Vec::new();
            scan_value(key, NUMBERS, &mut out);
            assert_eq!(out, vec![], "key {key}");
        }
        // The same value under a neutral key, or none, holds three hits.
        for key in ["", "text", "body", "content"] {
            let mut out = Vec::new();
            scan_value(key, NUMBERS, &mut out);
            let kinds: Vec<Kind> = out.iter().map(|d| d.kind).collect();
            assert_eq!(
                kinds,
                vec![Kind::Phone, Kind::PaymentCard, Kind::NationalId],
                "key {key}"
            );
        }
        // Emails and IPs are still found under such keys.
        let mut out = Vec::new();
        scan_value("uri", "mailto:bob@example.com", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, Kind::Email);
    }

    #[test]
    fn key_boosts_confidence_of_the_named_kind_only() {
        let mut out = Vec::new();
        scan_value("phone_number", "06 39 01 23 45", &mut out);
        assert_eq!(
            out,
            vec![Detection {
                kind: Kind::Phone,
                value: "+262639012345".into(),
                confidence: 1.0,
                rule: "scan.phone.fr",
            }]
        );
        let mut out = Vec::new();
        scan_value("email", "Bob@Example.com", &mut out);
        assert_eq!((out[0].kind, out[0].confidence), (Kind::Email, 1.0));
        let mut out = Vec::new();
        scan_value("ip_address", "198.51.100.7", &mut out);
        assert_eq!(
            (out[0].kind, out[0].value.as_str(), out[0].confidence),
            (Kind::IpAddress, "198.51.100.7", 1.0)
        );
        // An e-mail under a phone key keeps its free-text confidence.
        let mut out = Vec::new();
        scan_value("phone", "bob@example.com", &mut out);
        assert_eq!((out[0].kind, out[0].confidence), (Kind::Email, 0.9));
        // "zip" is not an ip key.
        let mut out = Vec::new();
        scan_value("zip", "198.51.100.7", &mut out);
        assert_eq!(out[0].confidence, 0.9);
        // No key: plain free-text scan.
        let mut out = Vec::new();
        scan_value("", "06 39 01 23 45", &mut out);
        assert_eq!(out[0].confidence, 0.9);
    }

    #[test]
    fn overlapping_hits_keep_the_strongest_rule() {
        // The local part is a valid phone number: one e-mail, no phone.
        assert_eq!(
            found("0639981234@example.com"),
            vec![hit(Kind::Email, "0639981234@example.com", "scan.email")]
        );
        // IPv4-mapped IPv6: one IPv6, not an extra IPv4.
        assert_eq!(
            found("from ::ffff:192.0.2.1 today"),
            vec![hit(Kind::IpAddress, "::ffff:192.0.2.1", "scan.ipv6")]
        );
    }

    #[test]
    fn empty_and_plain_texts_find_nothing() {
        assert_eq!(found(""), vec![]);
        assert_eq!(found("bonjour, rien à signaler ici"), vec![]);
    }
}

//! Where a detector's regex can match, found in one cheap pass so that the regex runs only there.
//!
//! Each rule states a necessary condition every one of its matches meets: it holds a cluster of
//! "marks" (digits, `@`, `:`) close together, or it starts with two letters then two digits. A
//! zone is the stretch of text such a cluster allows a match to cover. The regex then searches
//! each zone instead of the whole text; since every match lies wholly inside one zone (the specs
//! below are derived from the patterns and checked against them in tests), the matches found are
//! exactly those of a whole-text pass. Plain prose has no zone at all and costs one vectorised
//! scan for digits and two `memchr` passes.
//!
//! This module only computes byte ranges; it never copies, logs or formats the text.

use std::ops::Range;

use crate::simd::{BLOCK, byte_mask, digit_mask};

/// Which bytes are a rule's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// ASCII digits.
    Digit,
    /// One byte (`@`, `:`).
    Byte(u8),
}

/// A rule's necessary condition, and how far its matches reach around what meets it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Zones {
    /// At least `min_marks` marks, consecutive ones at most `max_gap` bytes apart with only
    /// `joiner` bytes between them; a match begins at most `lead` bytes before its first mark
    /// and ends at most `tail` bytes after its last. With `needs`, a cluster is a zone only
    /// when one of its runs of marks is such a run (a date of birth's year): a rule's condition
    /// on its hits, not on its regex's matches, which a zone without may still hold.
    Cluster {
        mark: Mark,
        joiner: fn(u8) -> bool,
        max_gap: usize,
        min_marks: usize,
        lead: usize,
        tail: usize,
        needs: Option<Needs>,
    },
    /// Two ASCII letters then two ASCII digits start every match, which ends at most `tail`
    /// bytes after the digits (an IBAN's country code and check digits).
    LettersThenDigits { tail: usize },
}

impl Zones {
    /// A cluster of digits whose matches lie within it (a number written in groups): at least
    /// `min_marks` digits, groups at most `max_gap` bytes of `joiner` apart.
    pub(super) const fn digits(joiner: fn(u8) -> bool, max_gap: usize, min_marks: usize) -> Zones {
        Zones::Cluster {
            mark: Mark::Digit,
            joiner,
            max_gap,
            min_marks,
            lead: 0,
            tail: 0,
            needs: None,
        }
    }
}

/// A run of marks a cluster needs: `min_len` to `max_len` marks long, followed by a byte
/// `followed_by` accepts (the text's end reads as byte 0), which `passes` accepts (given the
/// whole haystack and the run, so it can look around it: what follows a house number). The
/// first two are looked at in the loop over the runs; `passes` is called only then.
#[derive(Debug, Clone, Copy)]
pub(super) struct Needs {
    pub(super) min_len: usize,
    pub(super) max_len: usize,
    pub(super) followed_by: &'static [bool; 256],
    pub(super) passes: fn(&[u8], Range<usize>) -> bool,
}

impl Needs {
    /// Whether `run` has the length and the next byte the needed run has.
    #[inline(always)]
    fn may_pass(&self, hay: &[u8], run: &Range<usize>) -> bool {
        let after = hay.get(run.end).copied().unwrap_or(0);
        (self.min_len..=self.max_len).contains(&run.len()) && self.followed_by[usize::from(after)]
    }
}

/// Which of several [`Needs`] (bit `k` for the `k`-th) a run's next byte and length allow, as
/// two tables, so that one look-up per run serves them all.
pub(super) struct NeedTables {
    by_next_byte: [u32; 256],
    /// By length, the last entry for every length from it on.
    by_length: [u32; 65],
}

impl NeedTables {
    pub(super) fn of(needs: &[Needs]) -> NeedTables {
        let mut tables = NeedTables {
            by_next_byte: [0; 256],
            by_length: [0; 65],
        };
        for (k, needs) in needs.iter().enumerate().take(32) {
            for (byte, bits) in tables.by_next_byte.iter_mut().enumerate() {
                if needs.followed_by[byte] {
                    *bits |= 1 << k;
                }
            }
            for (len, bits) in tables.by_length.iter_mut().enumerate() {
                let longest = if len == 64 { usize::MAX } else { len };
                if needs.min_len <= longest && len <= needs.max_len {
                    *bits |= 1 << k;
                }
            }
        }
        tables
    }
}

/// For each of the needs `tables` were made of (`count` of them), the runs of the length and
/// next byte it needs, in one pass over the runs, into `lists` (one list per need, their room
/// kept from window to window): every rule whose clusters need a run looks only at these.
pub(super) fn needed_runs(
    hay: &[u8],
    runs: &[Range<usize>],
    (tables, count): (&NeedTables, usize),
    lists: &mut Vec<Vec<u32>>,
) {
    lists.resize_with(count, Vec::new);
    lists.iter_mut().for_each(Vec::clear);
    for (i, run) in runs.iter().enumerate() {
        let after = hay.get(run.end).copied().unwrap_or(0);
        let mut bits =
            tables.by_next_byte[usize::from(after)] & tables.by_length[run.len().min(64)];
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let (Some(list), Ok(i)) = (lists.get_mut(k), u32::try_from(i)) {
                list.push(i);
            }
        }
    }
}

/// [`Needs::followed_by`] for a run followed by anything.
pub(super) const ANY_BYTE: [bool; 256] = [true; 256];

/// Joiner bytes of patterns that separate groups with `\p{Zs}`: the ASCII space and any byte of a
/// multi-byte character (every other Unicode space separator is one; a superset is harmless).
pub(super) fn is_space_byte(b: u8) -> bool {
    b == b' ' || b >= 0x80
}

/// A byte inside a multi-byte UTF-8 character (not its first byte).
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Runs of consecutive marks in `hay[from..]`, as byte ranges, in text order.
pub(super) fn mark_runs(hay: &[u8], from: usize, mark: Mark, runs: &mut Vec<Range<usize>>) {
    runs.clear();
    match mark {
        Mark::Digit => runs_of(hay, from, digit_mask, |b| b.is_ascii_digit(), runs),
        Mark::Byte(m) => runs_of(hay, from, |block| byte_mask(block, m), |b| b == m, runs),
    }
}

/// The runs of the bytes `is_mark` accepts, from masks of 64 bytes (`mask`, see
/// [`crate::simd`]; the last bytes, fewer than 64, one by one): a run starts at a mark after
/// another byte and ends at another byte after a mark, the last byte of each block carried to
/// the next. A mask a block at a time, not a search per run: a mark as common as `:` in a chat
/// log (a timestamp and a name on every line) costs no more than a rare one.
fn runs_of(
    hay: &[u8],
    from: usize,
    mask: impl Fn(&[u8; BLOCK]) -> u64,
    is_mark: impl Fn(u8) -> bool,
    runs: &mut Vec<Range<usize>>,
) {
    let mut run_start = None;
    let mut carry = 0u64;
    let mut at = from;
    while at < hay.len() {
        let rest = &hay[at..];
        let marks = match rest.first_chunk::<BLOCK>() {
            Some(block) => mask(block),
            None => rest
                .iter()
                .enumerate()
                .fold(0, |mask, (n, &b)| mask | u64::from(is_mark(b)) << n),
        };
        let before = marks << 1 | carry;
        let mut edges = (marks & !before) | (!marks & before);
        while edges != 0 {
            let k = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            match run_start.take() {
                None => run_start = Some(at + k),
                Some(start) => runs.push(start..at + k),
            }
        }
        carry = marks >> (BLOCK - 1);
        at += BLOCK;
    }
    if let Some(start) = run_start {
        runs.push(start..hay.len());
    }
}

/// The bytes between two consecutive runs of marks: which rules' joiners accept every one of
/// them (bit `i` for rule `i`; none when the gap is longer than any rule allows). Worked out
/// once for all the rules sharing the runs.
pub(super) type Gap = u32;

/// The gaps between consecutive `runs` of `hay` (one fewer than the runs): `joins(b)` tells
/// which rules' joiners accept byte `b`, `reach[n]` which rules allow a gap of `n` bytes (a gap
/// longer than `reach` joins nothing).
pub(super) fn gaps_of(
    hay: &[u8],
    runs: &[Range<usize>],
    reach: &[Gap],
    joins: impl Fn(u8) -> Gap,
    gaps: &mut Vec<Gap>,
) {
    gaps.clear();
    gaps.extend(runs.windows(2).map(|pair| {
        let gap = &hay[pair[0].end..pair[1].start];
        match reach.get(gap.len()) {
            Some(&allowed) => gap.iter().fold(allowed, |all, &b| all & joins(b)),
            None => 0,
        }
    }));
}

/// Which rules of one kind of mark a run may start a cluster of by its length alone: by length,
/// the rules (their bits) whose clusters need no particular run and at most that many marks
/// (the last entry for every length from 64 on), and the bits of all of them.
pub(super) struct Listing {
    by_length: [Gap; 65],
    rules: Gap,
}

impl Listing {
    /// The listing of the rules given as (bit, fewest marks a cluster holds).
    pub(super) fn of(rules: impl IntoIterator<Item = (u32, usize)>) -> Listing {
        let mut listing = Listing {
            by_length: [0; 65],
            rules: 0,
        };
        for (bit, min_marks) in rules {
            listing.rules |= 1 << bit;
            for (len, bits) in listing.by_length.iter_mut().enumerate() {
                if len >= min_marks {
                    *bits |= 1 << bit;
                }
            }
        }
        listing
    }
}

/// Into `lists` (one per rule, by bit), the runs a cluster of that rule may start at, and
/// whether they are listed: runs long enough alone, or that the rule's joiners join to the next
/// (`gaps`, from [`gaps_of`]). Worked out in one pass for all the rules sharing the runs, each
/// of which then looks only at its own: in most text (dates, times, prices) a rule's list
/// holds few runs or none. Not listed for a few runs (a message's), which are all looked at.
/// (A rule whose clusters need a run, see [`Zones::Cluster`], looks only around the runs that
/// pass, and is not in `listing`.)
pub(super) fn cluster_starts(
    runs: &[Range<usize>],
    gaps: &[Gap],
    listing: &Listing,
    lists: &mut Vec<Vec<u32>>,
) -> bool {
    let listed = runs.len() > FEW_RUNS;
    if listed {
        listed_starts(runs, gaps, listing, lists);
    }
    listed
}

/// [`cluster_starts`] listed however few the runs.
fn listed_starts(
    runs: &[Range<usize>],
    gaps: &[Gap],
    listing: &Listing,
    lists: &mut Vec<Vec<u32>>,
) {
    let count = (Gap::BITS - listing.rules.leading_zeros()) as usize;
    if lists.len() < count {
        lists.resize_with(count, Vec::new);
    }
    lists.iter_mut().for_each(Vec::clear);
    for (i, run) in runs.iter().enumerate() {
        let joined = gaps.get(i).copied().unwrap_or(0);
        let mut bits = (listing.by_length[run.len().min(64)] | joined) & listing.rules;
        let Ok(i) = u32::try_from(i) else { break };
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(list) = lists.get_mut(k) {
                list.push(i);
            }
        }
    }
}

/// Runs of marks, and the runs a cluster may start at when they are listed (see
/// [`cluster_starts`]).
pub(super) type Runs<'r> = (&'r [Range<usize>], Option<&'r [u32]>);

/// Runs looked at one by one, below which [`cluster_starts`] is not worth a list.
const FEW_RUNS: usize = 32;

/// Append to `zones` the zones of `spec` in `hay` (clamped to `hay`, widened to whole UTF-8
/// characters), merged where they touch, given the runs of its marks (from [`mark_runs`], for
/// `LettersThenDigits` the digit runs), the gaps between them (from [`gaps_of`], which holds
/// the spec's `max_gap`) and the spec's bit in those. A cluster is looked for only from the
/// runs of `starts` when given (the spec's list from [`cluster_starts`]), else from every run;
/// by a spec that needs a run, only around the runs that pass (among `starts` when given: then
/// from [`needed_runs`]).
pub(super) fn zones_of(
    hay: &[u8],
    spec: &Zones,
    (runs, starts): Runs<'_>,
    (gaps, bit): (&[Gap], Gap),
    zones: &mut Vec<Range<usize>>,
) {
    zones.clear();
    let mut push = |mut zone: Range<usize>| {
        // Widened to whole characters, so the zone can slice the text.
        while zone.start > 0 && is_continuation(hay[zone.start]) {
            zone.start -= 1;
        }
        while zone.end < hay.len() && is_continuation(hay[zone.end]) {
            zone.end += 1;
        }
        match zones.last_mut() {
            Some(last) if zone.start <= last.end => last.end = last.end.max(zone.end),
            _ => zones.push(zone),
        }
    };
    match *spec {
        Zones::Cluster {
            min_marks,
            lead,
            tail,
            needs,
            ..
        } => {
            let joined = |gap: usize| gaps.get(gap).is_some_and(|g| g & bit != 0);
            // The first run not yet in a cluster.
            let mut next = 0;
            if let Some(needs) = needs {
                // Only a cluster holding a run that passes is a zone: looked for around those,
                // among the runs of the right length and next byte (`starts`, from
                // [`needed_runs`], else every run).
                let listed = starts.map(|starts| starts.iter().map(|&i| i as usize));
                let every = starts.is_none().then_some(0..runs.len());
                for i in listed
                    .into_iter()
                    .flatten()
                    .chain(every.into_iter().flatten())
                {
                    let run = &runs[i];
                    if i < next || !needs.may_pass(hay, run) || !(needs.passes)(hay, run.clone()) {
                        continue;
                    }
                    let mut first = i;
                    while first > next && joined(first - 1) {
                        first -= 1;
                    }
                    let mut j = i + 1;
                    while j < runs.len() && joined(j - 1) {
                        j += 1;
                    }
                    let marks: usize = runs[first..j].iter().map(Range::len).sum();
                    if marks >= min_marks {
                        push(
                            runs[first].start.saturating_sub(lead)
                                ..(runs[j - 1].end + tail).min(hay.len()),
                        );
                    }
                    next = j;
                }
                return;
            }
            let listed =
                starts.map(|starts| starts.iter().filter_map(|&i| usize::try_from(i).ok()));
            let every = starts.is_none().then_some(0..runs.len());
            for i in listed
                .into_iter()
                .flatten()
                .chain(every.into_iter().flatten())
            {
                // Most runs (a date's parts, a price) are too short alone and join nothing.
                if i < next || runs[i].len() < min_marks && !joined(i) {
                    continue;
                }
                let start = runs[i].start;
                let mut end = runs[i].end;
                let mut marks = end - start;
                let mut j = i + 1;
                while let Some(run) = runs.get(j).filter(|_| joined(j - 1)) {
                    marks += run.len();
                    end = run.end;
                    j += 1;
                }
                if marks >= min_marks {
                    push(start.saturating_sub(lead)..(end + tail).min(hay.len()));
                }
                next = j;
            }
        }
        Zones::LettersThenDigits { tail } => {
            for run in runs {
                let letters = run.start >= 2
                    && hay[run.start - 2].is_ascii_alphabetic()
                    && hay[run.start - 1].is_ascii_alphabetic();
                if letters && run.len() >= 2 {
                    push(run.start - 2..(run.start + 2 + tail).min(hay.len()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones(text: &str, spec: Zones) -> Vec<&str> {
        let mark = match spec {
            Zones::Cluster { mark, .. } => mark,
            Zones::LettersThenDigits { .. } => Mark::Digit,
        };
        let mut runs = Vec::new();
        mark_runs(text.as_bytes(), 0, mark, &mut runs);
        let joins = |b| match spec {
            Zones::Cluster { joiner, .. } => Gap::from(joiner(b)),
            Zones::LettersThenDigits { .. } => 0,
        };
        let max_gap = match spec {
            Zones::Cluster { max_gap, .. } => max_gap,
            Zones::LettersThenDigits { .. } => 0,
        };
        let mut gaps = Vec::new();
        gaps_of(
            text.as_bytes(),
            &runs,
            &vec![1; max_gap + 1],
            joins,
            &mut gaps,
        );
        let fewest = match spec {
            Zones::Cluster { min_marks, .. } => min_marks,
            Zones::LettersThenDigits { .. } => 0,
        };
        // Looking only from the runs a cluster may start at finds what looking from every run
        // does (a list however few the runs).
        let mut lists = Vec::new();
        match spec {
            Zones::Cluster {
                needs: Some(needs), ..
            } => needed_runs(
                text.as_bytes(),
                &runs,
                (&NeedTables::of(&[needs]), 1),
                &mut lists,
            ),
            _ => listed_starts(&runs, &gaps, &Listing::of([(0, fewest)]), &mut lists),
        };
        let starts = lists.remove(0);
        let mut out = Vec::new();
        zones_of(
            text.as_bytes(),
            &spec,
            (&runs, Some(&starts)),
            (&gaps, 1),
            &mut out,
        );
        let mut from_every = Vec::new();
        zones_of(
            text.as_bytes(),
            &spec,
            (&runs, None),
            (&gaps, 1),
            &mut from_every,
        );
        assert_eq!(out, from_every, "{text}");
        out.into_iter().map(|r| &text[r]).collect()
    }

    /// Digits of a phone number, apart by a space or a dot, needing a run or not.
    const fn phone_like(needs: Option<Needs>) -> Zones {
        Zones::Cluster {
            mark: Mark::Digit,
            joiner: |b| b == b' ' || b == b'.',
            max_gap: 2,
            min_marks: 6,
            lead: 1,
            tail: 1,
            needs,
        }
    }

    const PHONE_LIKE: Zones = phone_like(None);

    #[test]
    fn runs_of_marks_are_found_across_block_edges() {
        let mut runs = Vec::new();
        for (mark, byte) in [(Mark::Digit, "7"), (Mark::Byte(b':'), ":")] {
            for len in [1, 2, 5, 63, 64, 65, 70] {
                for at in 0..140 {
                    // A run at every place, across the 64-byte blocks and to the end.
                    for size in [at + len, at + len + 3, (at + len).max(200)] {
                        let mut text = "x".repeat(size);
                        text.replace_range(at..at + len, &byte.repeat(len));
                        for from in [0, at.min(3)] {
                            mark_runs(text.as_bytes(), from, mark, &mut runs);
                            assert_eq!(runs, vec![at..at + len], "{len} {byte} at {at} of {size}");
                        }
                    }
                }
            }
        }
        // Runs touching each other across a block edge, and a text of digits only.
        let text = format!("{}a{}", "1".repeat(64), "2".repeat(63));
        mark_runs(text.as_bytes(), 0, Mark::Digit, &mut runs);
        assert_eq!(runs, vec![0..64, 65..128]);
        mark_runs("9".repeat(128).as_bytes(), 0, Mark::Digit, &mut runs);
        assert_eq!(runs, vec![0..128]);
        mark_runs(b"a@@b@", 0, Mark::Byte(b'@'), &mut runs);
        assert_eq!(runs, vec![1..3, 4..5]);
    }

    #[test]
    fn clusters_need_enough_marks_joined_by_joiners() {
        assert_eq!(zones("call +12 34 56 now", PHONE_LIKE), vec!["+12 34 56 "]);
        // Too few digits; a comma is not a joiner; a gap too wide.
        assert_eq!(zones("12 34 5", PHONE_LIKE), Vec::<&str>::new());
        assert_eq!(zones("123,456", PHONE_LIKE), Vec::<&str>::new());
        assert_eq!(zones("123   456", PHONE_LIKE), Vec::<&str>::new());
        assert_eq!(zones("no digits at all", PHONE_LIKE), Vec::<&str>::new());
    }

    #[test]
    fn touching_zones_merge_and_edges_clamp() {
        let spec = Zones::Cluster {
            mark: Mark::Byte(b'@'),
            joiner: |_| false,
            max_gap: 0,
            min_marks: 1,
            lead: 3,
            tail: 3,
            needs: None,
        };
        assert_eq!(zones("a@b c@d", spec), vec!["a@b c@d"]);
        assert_eq!(zones("a@b        c@d", spec), vec!["a@b  ", "  c@d"]);
    }

    #[test]
    fn a_cluster_without_the_run_it_needs_is_no_zone() {
        let spec = phone_like(Some(Needs {
            min_len: 4,
            max_len: 4,
            followed_by: &ANY_BYTE,
            passes: |hay, run| hay[run].starts_with(b"19"),
        }));
        assert_eq!(zones("le 12 03 1985.", spec), vec![" 12 03 1985."]);
        assert_eq!(
            zones("le 12 03 2085 et 1985 12 03", spec),
            vec![" 1985 12 03"]
        );
        assert_eq!(zones("le 12 03 19850", spec), Vec::<&str>::new());
    }

    #[test]
    fn letters_then_digits_start_a_zone() {
        let spec = Zones::LettersThenDigits { tail: 4 };
        assert_eq!(zones("iban FR76 3000 6000", spec), vec!["FR76 300"]);
        assert_eq!(zones("F76 30 x7 99", spec), Vec::<&str>::new());
    }
}

//! Small helpers shared by the detectors: neighbour-character guards, digit handling, checksums,
//! context words. Nothing here logs or formats a value.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// The character just before byte offset `i` (which must be a char boundary).
pub(super) fn char_before(hay: &str, i: usize) -> Option<char> {
    hay[..i].chars().next_back()
}

/// The character at byte offset `i` (which must be a char boundary).
pub(super) fn char_after(hay: &str, i: usize) -> Option<char> {
    hay[i..].chars().next()
}

/// A space used between digit groups: the ASCII space or any Unicode space separator (no-break
/// space U+00A0 and narrow no-break space U+202F are common in copied French text). Patterns
/// spell the same set as `\p{Zs}`.
pub(super) fn is_group_space(c: char) -> bool {
    c == ' ' || (c.is_whitespace() && !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}'))
}

/// A character that continues a token: letters, digits (any script) and `_`.
pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `[start, end)` is a token of its own: the characters on both sides are not word
/// characters, and a `.` on either side is not the edge of a decimal number (`3.0612…`, `…34.5`).
/// This is the "never match inside a longer digit run" guard (traps T1, T2).
pub(super) fn standalone(hay: &str, start: usize, end: usize) -> bool {
    match char_before(hay, start) {
        Some(c) if is_word(c) => return false,
        Some('.') if char_before(hay, start - 1).is_some_and(|c| c.is_ascii_digit()) => {
            return false;
        }
        _ => {}
    }
    match char_after(hay, end) {
        Some(c) if is_word(c) => false,
        Some('.') => !char_after(hay, end + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// True when `[start, end)` sits in a URL path or query (`/…/`, `?id=…`, `&x=…`, `#…`): where long
/// digit runs are record ids (trap T2), not identity or card numbers.
pub(super) fn in_url_slot(hay: &str, start: usize, end: usize) -> bool {
    char_before(hay, start).is_some_and(|c| matches!(c, '/' | '=' | '?' | '&' | '#'))
        || char_after(hay, end).is_some_and(|c| matches!(c, '/' | '?' | '&' | '#' | '='))
}

/// The ASCII digits of `s`, in order.
pub(super) fn digits_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// True when every character of `s` is the same (`0000`, `1111111111`). False for "".
pub(super) fn all_same(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => false,
    }
}

/// True when all the separator characters of `s` (anything that is not an ASCII letter or digit)
/// are the same character, or when there is none.
pub(super) fn uniform_separators(s: &str) -> bool {
    let mut seps = s.chars().filter(|c| !c.is_ascii_alphanumeric());
    match seps.next() {
        Some(first) => seps.all(|c| c == first),
        None => true,
    }
}

/// `s` read as a big number modulo 97, letters counting as 10..=35 (ISO 7064 MOD 97-10 as used by
/// IBAN; digits-only input gives the plain remainder, as NIR needs). `None` on any other character.
pub(super) fn mod97(s: &str) -> Option<u32> {
    let mut r: u32 = 0;
    for c in s.chars() {
        let v = c.to_digit(36)?;
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    Some(r)
}

/// Luhn (mod 10) check over a string of ASCII digits.
pub(super) fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return false;
        }
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// The largest char boundary of `s` that is `<= i`.
pub(super) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A list of context words looked for (ASCII case-insensitively) shortly before a candidate.
/// A word must start a word (`card` in "credit card", not in "discard"); words marked `whole`
/// must also end one (`cb` alone, not in "cbd").
pub(super) struct Context {
    ac: AhoCorasick,
    whole: Vec<bool>,
}

impl Context {
    pub(super) fn new(words: &[(&str, bool)]) -> Self {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words.iter().map(|(w, _)| w))
            .expect("context word lists are static and small");
        Context {
            ac,
            whole: words.iter().map(|(_, whole)| *whole).collect(),
        }
    }

    /// True when one of the words occurs within `chars` characters before byte offset `start`.
    pub(super) fn before(&self, hay: &str, start: usize, chars: usize) -> bool {
        let from = hay[..start]
            .char_indices()
            .rev()
            .nth(chars.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        self.within(hay, from..start)
    }

    /// True when one of the words occurs in `hay[range]` (whose ends are char boundaries).
    pub(super) fn within(&self, hay: &str, range: std::ops::Range<usize>) -> bool {
        self.last_in(hay, range).is_some()
    }

    /// Where the last of the words found in `hay[range]` starts.
    pub(super) fn last_in(&self, hay: &str, range: std::ops::Range<usize>) -> Option<usize> {
        let from = range.start;
        self.ac
            .find_overlapping_iter(&hay[range])
            .filter(|m| {
                let (s, e) = (from + m.start(), from + m.end());
                let starts_word = !char_before(hay, s).is_some_and(char::is_alphanumeric);
                let ends_word = !char_after(hay, e).is_some_and(char::is_alphanumeric);
                starts_word && (!self.whole[m.pattern().as_usize()] || ends_word)
            })
            .map(|m| from + m.start())
            .last()
    }
}

/// How far before a number the word naming it may stand, for the rules whose word is mandatory.
pub(super) const NAMING_WORD_CHARS: usize = 60;

/// Whether the match is a token of its own, outside a URL slot, after one of `words` (within
/// [`NAMING_WORD_CHARS`]): the guard of every rule whose shape alone is too common.
pub(super) fn named_token(hay: &str, m: &regex::Match<'_>, words: &Context) -> bool {
    standalone(hay, m.start(), m.end())
        && !in_url_slot(hay, m.start(), m.end())
        && words.before(hay, m.start(), NAMING_WORD_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standalone_rejects_glued_digits_and_decimals() {
        let t = "a 0639981234 b";
        assert!(standalone(t, 2, 12));
        let t = "10639981234";
        assert!(!standalone(t, 1, 11));
        let t = "3.0639981234";
        assert!(!standalone(t, 2, 12));
        let t = "0639981234.5";
        assert!(!standalone(t, 0, 10));
        let t = "0639981234.";
        assert!(standalone(t, 0, 10));
        let t = "x0639981234";
        assert!(!standalone(t, 1, 11));
    }

    #[test]
    fn url_slots() {
        let t = "https://x.example/profile.php?id=100012345678908&a=1";
        let start = t.find("1000").unwrap();
        assert!(in_url_slot(t, start, start + 15));
        let t = "https://x.example/100012345678908/posts";
        let start = t.find("1000").unwrap();
        assert!(in_url_slot(t, start, start + 15));
        let t = "NIR: 100012345678908.";
        let start = t.find("1000").unwrap();
        assert!(!in_url_slot(t, start, start + 15));
    }

    #[test]
    fn checksums() {
        assert!(luhn("4970101234567893"));
        assert!(!luhn("4970101234567894"));
        assert!(!luhn(""));
        assert!(!luhn("49a0"));
        // 2951099126111 = 97 × 30423702331 + 4 (its NIR key is 97 − 4 = 93).
        assert_eq!(mod97("2951099126111"), Some(4));
        assert_eq!(mod97("AB"), Some(1011 % 97));
        assert_eq!(mod97("1-2"), None);
    }

    #[test]
    fn separators_and_sameness() {
        assert!(uniform_separators("06 39 98 12 34"));
        assert!(uniform_separators("0639981234"));
        assert!(!uniform_separators("06 39.98 12 34"));
        assert!(all_same("7777"));
        assert!(!all_same("7771"));
        assert!(!all_same(""));
        assert_eq!(digits_only("+33 (0)6-39"), "330639");
    }

    #[test]
    fn context_words_respect_word_starts() {
        let ctx = Context::new(&[("card", false), ("cb", true)]);
        let t = "my credit card: X";
        assert!(ctx.before(t, t.len() - 1, 40));
        let t = "discard: X";
        assert!(!ctx.before(t, t.len() - 1, 40));
        let t = "CB X";
        assert!(ctx.before(t, 3, 40));
        let t = "cbd X";
        assert!(!ctx.before(t, 4, 40));
        // Out of the 40-character window.
        let t = format!("card{}X", " ".repeat(40));
        assert!(!ctx.before(&t, t.len() - 1, 40));
        let t = format!("card{}X", " ".repeat(36));
        assert!(ctx.before(&t, t.len() - 1, 40));
    }

    #[test]
    fn floor_boundary_stays_on_chars() {
        let s = "aé";
        assert_eq!(floor_boundary(s, 2), 1);
        assert_eq!(floor_boundary(s, 3), 3);
        assert_eq!(floor_boundary(s, 99), 3);
    }
}

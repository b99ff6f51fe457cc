//! Postal addresses in free text (entities #12 and #13): a house number, a French street type
//! (`12 bis rue de la Paix`, `3, allée des Tilleuls`) then the street's name, with the postcode
//! and town when they follow (`, 75002 Paris`); or an English street (`221B Baker Street`,
//! `10 Downing St`), with its town and British postcode or US state and ZIP code when they
//! follow (`, London NW1 6XE`, `, Springfield, IL 62704`). A French name is read word by word:
//! connecting words (`de`, `la`, `des`...) and capitalised words, up to a lower-case word, a
//! punctuation mark or the postcode. A street with no capitalised word is an address only with
//! its postcode (`12 rue des lilas 69003 lyon`); a bare postcode is never an address (trap T5).
//! Confidence 0.8 with a postcode, 0.5 without. Value: the address as written, spaces folded.
//!
//! Zones are the house numbers (one to five digits) followed by a street type or, in English,
//! a capitalised word: the check of [`starts_an_address`], a few bytes after each short run of
//! digits, so that times, dates and counts never reach the regex.
//! It never reports or logs a candidate it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{char_before, is_word};
use super::zones::{Mark, Needs, Zones};
use super::{Detection, Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Digit,
        joiner: |_| false,
        max_gap: 0,
        min_marks: 1,
        lead: 0,
        // Past the number: a suffix (` quater,`), spaces (no-break ones are two bytes), a
        // street type and a dot, spaces, the name's first character; in English, a letter,
        // spaces, three words of at most twenty letters with their spaces, the type and a dot.
        tail: 8 + 6 + LONGEST_TYPE + 1 + 6 + 4 + (1 + 6 + 3 * (20 + 6) + 9 + 1),
        needs: Some(Needs {
            min_len: 1,
            max_len: 5,
            followed_by: &BEFORE_STREET,
            passes: starts_an_address,
        }),
    },
    numeric: true,
    check,
};

/// The bytes a house number may be followed by: a space, a comma, the first byte of a no-break
/// space, a letter (a suffix: `12bis`, `221B`).
static BEFORE_STREET: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphabetic() || matches!(byte, b' ' | b',' | 0xC2);
        b += 1;
    }
    table
};

/// French street types written in ASCII, lower case (the regex spells them all, accented
/// ones too).
const STREET_TYPES: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "chemin",
    "allee",
    "impasse",
    "place",
    "quai",
    "route",
    "cours",
    "square",
    "passage",
    "faubourg",
    "lieu",
    "residence",
    "cite",
];

/// The longest street type, in bytes (`résidence`).
const LONGEST_TYPE: usize = 10;

/// A French street's start (number, suffix, type, the name's first character) or a whole
/// English street.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[0-9]{1,4}(?:[ \u{a0}]?(?:bis|ter|quater|[a-d]))?,?[ \u{a0}]{1,3}(?:rue|avenue|av|boulevard|bd|chemin|all[ée]e|impasse|place|quai|route|cours|square|passage|faubourg|lieu[- ]dit|r[ée]sidence|cit[ée])\.?[ \u{a0}]{1,3}\w|(?-i:[0-9]{1,5}[A-Za-z]?[ \u{a0}]{1,3}(?:[A-Z][a-z']{1,20}[ \u{a0}]{1,3}){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Square|Sq|Terrace|Way|Close|Crescent|Gardens|Row|Hill)\b\.?)",
    )
    .expect("static address pattern")
});

/// The start of a French street match (through its type and spaces).
static FRENCH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[0-9]{1,4}(?:[ \u{a0}]?(?:bis|ter|quater|[a-d]))?,?[ \u{a0}]{1,3}(?:rue|avenue|av|boulevard|bd|chemin|all[ée]e|impasse|place|quai|route|cours|square|passage|faubourg|lieu[- ]dit|r[ée]sidence|cit[ée])\.?[ \u{a0}]{1,3}",
    )
    .expect("static address pattern")
});

/// A French postcode (pattern P10) and the town after it.
static POSTCODE_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^,?[ \u{a0}]{1,3}(?:0[1-9]|[1-8][0-9]|9[0-8])[0-9]{3}[ \u{a0}]{1,3}\p{L}[\p{L}'’\-]*(?:[ \-](?:(?:sur|en|de|le|la|les|lès)[ \-])?\p{Lu}[\p{L}'’\-]*){0,3}",
    )
    .expect("static postcode pattern")
});

/// After an English street: its town (up to three capitalised words) or not, then a British
/// postcode (`NW1 6XE`: outward code, space or not, a digit and two letters that are never C, I,
/// K, M, O or V) or a US state and ZIP code (`IL 62704`, `DC 20500-0001`).
static ENGLISH_TOWN_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^,?[ \u{a0}]{1,3}(?:[A-Z][a-z'\-]+(?:[ \u{a0}][A-Z][a-z'\-]+){0,2},?[ \u{a0}]{1,3})?(?:[A-Z]{1,2}[0-9][A-Z0-9]?[ \u{a0}]?[0-9][ABD-HJLNP-UW-Z]{2}|[A-Z]{2}[ \u{a0}][0-9]{5}(?:-[0-9]{4})?)\b",
    )
    .expect("static postcode pattern")
});

/// Words that join a French street's name (`rue de la Paix`, `place d'Italie`).
const CONNECTORS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "l", "d", "en", "sur", "sous", "aux", "au", "saint",
    "sainte", "st", "ste",
];

/// Most words of a street's name.
const NAME_WORDS: usize = 6;

/// Whether the digits `hay[run]` may be a house number: followed by a suffix (`bis`, `ter`,
/// `quater`, a letter) or not, a comma or not, spaces, then a French street type or, in
/// English, a capitalised word (after a letter or not: `221B Baker`). What [`RE`] needs after
/// its number, checked on a few bytes with nothing allocated: it runs at every short run of
/// digits (a chat log has five a line), most of which the byte after ends.
fn starts_an_address(hay: &[u8], run: std::ops::Range<usize>) -> bool {
    if run.start > 0 && (hay[run.start - 1].is_ascii_alphanumeric() || hay[run.start - 1] == b'+') {
        return false;
    }
    // Most runs (a time's, a date's) end the check here: a letter must come next, after a
    // comma and spaces or not.
    let mut next = run.end + usize::from(hay.get(run.end) == Some(&b','));
    while let Some(&b) = hay.get(next) {
        match b {
            b' ' => next += 1,
            0xC2 if hay.get(next + 1) == Some(&0xA0) => next += 2,
            _ => break,
        }
    }
    if !hay.get(next).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let after_spaces = |mut at: usize| {
        let from = at;
        loop {
            match hay.get(at) {
                Some(b' ') => at += 1,
                Some(0xC2) if hay.get(at + 1) == Some(&0xA0) => at += 2,
                _ => break,
            }
        }
        (at > from).then_some(at)
    };
    // Letters, ASCII or not (`allée`), up to anything else or a no-break space.
    let word_at = |at: usize| {
        let mut end = at;
        while let Some(&b) = hay.get(end) {
            let no_break = b == 0xC2 && hay.get(end + 1) == Some(&0xA0);
            if no_break || !(b.is_ascii_alphabetic() || b >= 0x80) {
                break;
            }
            end += 1;
        }
        &hay[at..end]
    };
    let starts_street = |at: usize| {
        let word = word_at(at);
        word.first().is_some_and(u8::is_ascii_uppercase) || is_street_type(word)
    };
    let comma = |at: usize| at + usize::from(hay.get(at) == Some(&b','));
    // No suffix: `12 rue`, `12, rue`, `221 Baker`.
    if after_spaces(comma(run.end)).is_some_and(starts_street) {
        return true;
    }
    // A suffix: `12 bis rue`, `12b rue`, `221B Baker`.
    let at = after_spaces(run.end).unwrap_or(run.end);
    let suffix = word_at(at);
    let known = suffix.len() == 1
        || ["bis", "ter", "quater"]
            .iter()
            .any(|s| suffix.eq_ignore_ascii_case(s.as_bytes()));
    known && after_spaces(comma(at + suffix.len())).is_some_and(starts_street)
}

/// Whether a word may be a French street type in any case: one of [`STREET_TYPES`] (ASCII
/// case ignored), or a word outside ASCII starting as `allée`, `résidence` and `cité` do (their
/// capitals are left to the regex).
fn is_street_type(word: &[u8]) -> bool {
    if word.is_ascii() {
        STREET_TYPES
            .iter()
            .any(|t| word.eq_ignore_ascii_case(t.as_bytes()))
    } else {
        word.first()
            .is_some_and(|b| matches!(b.to_ascii_lowercase(), b'a' | b'r' | b'c'))
    }
}

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    if char_before(hay, m.start()).is_some_and(|c| is_word(c) || c == '+' || c == '.') {
        return None;
    }
    let Some(start) = FRENCH_START.find(m.as_str()) else {
        // An English street: the match itself, with its town and postcode when they follow.
        return Some(match ENGLISH_TOWN_POSTCODE.find(&hay[m.end()..]) {
            Some(town) => hit(hay, m.start(), m.end() + town.end(), 0.8),
            None => hit(hay, m.start(), m.end(), 0.5),
        });
    };
    let name_start = m.start() + start.end();
    let (name_end, capitalised) = name_extent(hay, name_start);
    if name_end == name_start {
        return None;
    }
    match POSTCODE_TOWN.find(&hay[name_end..]) {
        Some(town) => Some(hit(hay, m.start(), name_end + town.end(), 0.8)),
        None if capitalised => Some(hit(hay, m.start(), name_end, 0.5)),
        None => None,
    }
}

/// Where a French street's name starting at `start` ends, and whether it is capitalised:
/// connecting words and capitalised words (and numbers: `rue du 8 Mai 1945`), up to
/// [`NAME_WORDS`], words apart by one space or glued by an apostrophe (`d'Italie`). After a
/// capitalised word, a lower-case one ends the name. A name that starts in lower case
/// (`rue victor hugo`) is read on and is no capitalised name: an address then needs its
/// postcode. A five-digit number (the postcode) ends the name.
fn name_extent(hay: &str, start: usize) -> (usize, bool) {
    let mut end = start;
    let mut at = start;
    let mut capitalised = false;
    let mut lower_case = false;
    for _ in 0..NAME_WORDS {
        let rest = &hay[at..];
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-'))
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..len];
        let Some(first) = word.chars().next() else {
            break;
        };
        let number = first.is_ascii_digit();
        if number && len == 5 {
            break;
        }
        let connector = CONNECTORS.contains(&word.to_lowercase().as_str());
        if first.is_uppercase() {
            capitalised = true;
        } else if !connector && !number {
            if capitalised {
                break;
            }
            lower_case = true;
        }
        at += len;
        if !connector {
            end = at;
        }
        match hay[at..].chars().next() {
            Some(c @ ('\'' | '’' | ' ' | '\u{a0}')) => at += c.len_utf8(),
            _ => break,
        }
    }
    (end, capitalised && !lower_case)
}

/// The address `hay[start..end]`, spaces folded.
fn hit(hay: &str, start: usize, end: usize, confidence: f32) -> Hit {
    let value = hay[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Hit {
        start,
        end,
        det: Detection {
            kind: Kind::PostalAddress,
            value,
            confidence,
            rule: "scan.address",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, only};
    use super::*;

    fn address(text: &str) -> Option<(String, f32)> {
        let found: Vec<_> = found(text)
            .into_iter()
            .filter(|(kind, _, _)| *kind == Kind::PostalAddress)
            .collect();
        match found.as_slice() {
            [] => None,
            [_] => {
                let hit = only(text);
                Some((hit.value, hit.confidence))
            }
            more => panic!("{more:?}"),
        }
    }

    #[test]
    fn french_and_english_streets_are_read_with_their_postcode_and_town() {
        for (text, value, confidence) in [
            (
                "Envoie-le au 12 rue de la Paix, 75002 Paris stp",
                "12 rue de la Paix, 75002 Paris",
                0.8,
            ),
            (
                "on se voit au 4 bis, Avenue Jean Jaurès et après",
                "4 bis, Avenue Jean Jaurès",
                0.5,
            ),
            ("RDV 3 place d'Italie demain", "3 place d'Italie", 0.5),
            (
                "j'habite 12 rue victor hugo 69003 lyon",
                "12 rue victor hugo 69003 lyon",
                0.8,
            ),
            (
                "au 8 rue du 8 Mai 1945, 33000 Bordeaux.",
                "8 rue du 8 Mai 1945, 33000 Bordeaux",
                0.8,
            ),
            (
                "17 chemin des Vignes 13100 Aix-en-Provence",
                "17 chemin des Vignes 13100 Aix-en-Provence",
                0.8,
            ),
            (
                "2 allée des Tilleuls 76600 Le Havre le matin",
                "2 allée des Tilleuls 76600 Le Havre",
                0.8,
            ),
            (
                "Write to 221B Baker Street, London",
                "221B Baker Street",
                0.5,
            ),
            ("the PM lives at 10 Downing St.", "10 Downing St.", 0.5),
            (
                "Write to 221B Baker Street, London NW1 6XE today",
                "221B Baker Street, London NW1 6XE",
                0.8,
            ),
            (
                "at 10 Downing St, London, SW1A 2AA.",
                "10 Downing St, London, SW1A 2AA",
                0.8,
            ),
            (
                "742 Evergreen Terrace, Springfield, IL 62704 USA",
                "742 Evergreen Terrace, Springfield, IL 62704",
                0.8,
            ),
            ("14 Rose Lane M1 1AE", "14 Rose Lane M1 1AE", 0.8),
            // No postcode after the town, or an inward code with a letter never used (`C`),
            // or a state without its ZIP code: the street alone.
            ("3 Mill Road, Cambridge", "3 Mill Road", 0.5),
            ("3 Mill Road, Cambridge CB1 2CD", "3 Mill Road", 0.5),
            ("3 Mill Road, Cambridge, MA", "3 Mill Road", 0.5),
        ] {
            assert_eq!(
                address(text),
                Some((value.to_string(), confidence)),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_before_common_words_are_no_address() {
        for text in [
            "j'ai 3 places de parking",
            "il reste 3 place de stationnement",
            "on a 2 cours de maths demain",
            "12 rue",
            "13/09/2020, 12:27 - Léa: rendez-vous rue de la Paix",
            "le code 75002 Paris",
            "version2 rue Victor",
            "+33 6 rue",
            "I have 3 Big Apples",
        ] {
            assert_eq!(address(text), None, "{text}");
        }
    }
}

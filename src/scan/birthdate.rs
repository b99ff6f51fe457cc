//! Dates of birth (entity #19). In free text: a date written with digits (`12/03/1985`,
//! `1985-03-12`, `12.03.1985`) or with a month's name in a language of `months.tsv`
//! (`12 mars 1985`, `March 12th, 1985`, `3. Okt. 1985`), reported only when a word about birth
//! (born, né le, naissance, Geburt...) stands in the two lines before it or the line after (and
//! no word about another event, a death or a wedding, stands nearer before it), when it gives an
//! age of 13 to 100 this year (platforms admit people from 13), and when no time of day goes
//! with it (a message's or a log line's date). Confidence 0.6. Under a key naming a
//! birth date (`birthday`, `date_of_birth`, `dob`, `date de naissance`...), the whole value is
//! read as a date instead, confidence 1.0. The value is the ISO date (`1985-03-12`).
//!
//! Most dates in an export are of messages and logs, recent ones: a cluster of digits with no
//! year of the age window is no zone (see [`super::zones`]), so the regex never runs on them.
//! It never reports or logs a date it rejected.

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Match, Regex};

use super::months;
use super::util::{Context, char_before, floor_boundary, standalone};
use super::zones::{ANY_BYTE, Mark, Needs, Zones};
use super::{Detection, Hit, Rule};
use crate::model::Kind;

/// The longest month name of `months.tsv`, in bytes (tested): the zone spec reaches that far.
const LONGEST_MONTH: usize = 10;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Digit,
        // Between a day and a year: a suffix (`er`, `th`, `.`), spaces (no-break ones are two
        // bytes), a month's name, a dot and a comma; between numbers, one separator.
        joiner: |b| {
            b.is_ascii_alphabetic() || matches!(b, b' ' | b'.' | b',' | b'/' | b'-') || b >= 0x80
        },
        max_gap: 2 + 2 + LONGEST_MONTH + 1 + 1 + 2,
        // A day of one digit and a year.
        min_marks: 5,
        // A month's name, a dot and a space before the day (`Sept. 12, 1985`).
        lead: LONGEST_MONTH + 1 + 2,
        tail: 0,
        needs: Some(Needs {
            min_len: 4,
            max_len: 4,
            followed_by: &ANY_BYTE,
            passes: |hay, run| is_birth_year(&hay[run]),
        }),
    },
    numeric: true,
    check,
};

/// A date: year first with `-` or `/`; day and month (either order) then the year, with one of
/// `/`, `.`, `-`; a day, a month's name and the year; a month's name, a day and the year.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = months::names().collect();
    // Longest first: the alternation takes the first name that matches (`mars` before `mar`).
    names.sort_by_key(|name| (Reverse(name.len()), *name));
    let months = names
        .iter()
        .map(|name| regex::escape(name))
        .collect::<Vec<_>>()
        .join("|");
    let space = r"[ \u{a0}]";
    Regex::new(&format!(
        r"(?i)[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{4}}/[0-9]{{2}}/[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}|[0-9]{{1,2}}\.[0-9]{{1,2}}\.[0-9]{{4}}|[0-9]{{1,2}}-[0-9]{{1,2}}-[0-9]{{4}}|[0-9]{{1,2}}(?:er|st|nd|rd|th|\.)?{space}(?:{months})\.?,?{space}[0-9]{{4}}|(?:{months})\.?{space}[0-9]{{1,2}}(?:st|nd|rd|th)?,?{space}[0-9]{{4}}"
    ))
    .expect("static date pattern")
});

/// A time of day just before a date (`10:42, 12/03/1985`, `[9:05 pm] 12/03/1985`).
static TIME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^0-9])[0-9]{1,2}[:h][0-9]{2}(?::[0-9]{2})?(?:[ \u{a0}]?[ap]\.?m\.?)?[ \u{a0},\-\[\]()]*$",
    )
    .expect("static time pattern")
});

/// A time of day just after a date (`12/03/1985, 10:42`, `1985-03-12T10:42`, `12 mars 1985 à
/// 10h42`).
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \u{a0},\-]*(?:t|à|at|um|om|a las)?[ \u{a0}]*[0-9]{1,2}[:h][0-9]{2}")
        .expect("static time pattern")
});

/// A time of midnight after a date, as a date of birth stored as a time has it.
static MIDNIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?$").expect("static time pattern")
});

/// Words about birth, looked for around a date in free text.
static WORDS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        // EN
        ("birth", false),
        ("born", true),
        ("dob", true),
        ("d.o.b", false),
        // FR
        ("né", true),
        ("née", true),
        ("NÉ", true),
        ("NÉE", true),
        ("naissance", false),
        ("anniversaire", false),
        ("ddn", true),
        // DE
        ("geburt", false),
        ("geboren", true),
        ("geb", true),
    ])
});

/// Words saying a date is of something else than a birth (a death, a wedding, a meeting): the
/// nearest word before a date that is one of these, rather than a word about birth, tells it
/// is no date of birth (`né le 2 mai 1950, décédé le 3 juin 1990`).
static OTHER_EVENTS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        // EN
        ("died", true),
        ("death", false),
        ("deceased", true),
        ("wedding", false),
        ("married", true),
        ("anniversary", false),
        // FR
        ("décès", true),
        ("deces", true),
        ("décédé", false),
        ("decede", false),
        ("mort", true),
        ("morte", true),
        ("mariage", false),
        ("marié", false),
        ("rencontré", false),
        // DE
        ("gestorben", true),
        ("verstorben", true),
        ("hochzeit", false),
        ("verheiratet", true),
    ])
});

/// How far around a date its words are looked for: two lines before and one after, within
/// these many bytes.
const CONTEXT_BEFORE: usize = 400;
const CONTEXT_AFTER: usize = 200;

/// The years of birth of people aged 13 to 100 this year.
static BIRTH_YEARS: LazyLock<Range<u16>> = LazyLock::new(|| {
    let now = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .year();
    let now = u16::try_from(now).unwrap_or(2026);
    now - 100..now - 12
});

/// Whether four digits are a year of birth of the age window.
fn is_birth_year(run: &[u8]) -> bool {
    BIRTH_YEARS.contains(&number(run))
}

/// The value of a run of ASCII digits (saturating: a date's numbers have at most four).
fn number(digits: &[u8]) -> u16 {
    digits.iter().fold(0u16, |n, &d| {
        n.saturating_mul(10)
            .saturating_add(u16::from(d.wrapping_sub(b'0')))
    })
}

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let (start, end) = (m.start(), m.end());
    if !standalone(hay, start, end) || char_before(hay, start) == Some('+') {
        return None;
    }
    let (year, month, day) = read_date(m.as_str())?;
    if !BIRTH_YEARS.contains(&year) || with_time(hay, start, end) || !about_birth(hay, start, end) {
        return None;
    }
    let value = format!("{year:04}-{month:02}-{day:02}");
    Some(Hit::new(&m, Kind::Birthdate, value, 0.6, "scan.birthdate"))
}

/// The date a match of [`RE`] writes, if it is one: `(year, month, day)`. Day-first when the
/// order is open (`03/04/1985` is the 3rd of April), month-first when only that is a date
/// (`03/25/1985`).
fn read_date(text: &str) -> Option<(u16, u8, u8)> {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let named = text
        .split(|c: char| !c.is_alphabetic())
        .find_map(months::month_number);
    let value = |n: &&str| Some(number(n.as_bytes()));
    let valid = |year: u16, month: u16, day: u16| {
        let (y, m, d) = (
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        );
        jiff::civil::Date::new(y, m, d).ok()?;
        Some((year, u8::try_from(month).ok()?, u8::try_from(day).ok()?))
    };
    match (named, numbers.as_slice()) {
        (Some(month), [day, year]) => valid(value(year)?, u16::from(month), value(day)?),
        (None, [year, month, day]) if year.len() == 4 => {
            valid(value(year)?, value(month)?, value(day)?)
        }
        (None, [first, second, year]) => {
            let (first, second, year) = (value(first)?, value(second)?, value(year)?);
            valid(year, second, first).or_else(|| valid(year, first, second))
        }
        _ => None,
    }
}

/// Whether a time of day is written just before or just after the date at `start..end`.
fn with_time(hay: &str, start: usize, end: usize) -> bool {
    let before = &hay[floor_boundary(hay, start.saturating_sub(24))..start];
    let after = &hay[end..floor_boundary(hay, end + 24)];
    TIME_BEFORE.is_match(before) || TIME_AFTER.is_match(after)
}

/// Whether a word about birth stands in the two lines before the date at `start..end`, its own
/// line or the next one (within [`CONTEXT_BEFORE`] and [`CONTEXT_AFTER`] bytes).
fn about_birth(hay: &str, start: usize, end: usize) -> bool {
    let floor = floor_boundary(hay, start.saturating_sub(CONTEXT_BEFORE));
    let mut from = start;
    for _ in 0..3 {
        from = hay[floor..from].rfind('\n').map_or(floor, |n| floor + n);
    }
    let ceiling = floor_boundary(hay, end + CONTEXT_AFTER);
    let mut to = end;
    for _ in 0..2 {
        to = hay[to..ceiling]
            .find('\n')
            .map_or(ceiling, |n| to + n + usize::from(to + n < ceiling));
    }
    // The nearest word before the date says what the date is of.
    let birth_before = WORDS.last_in(hay, from..start);
    let other_before = OTHER_EVENTS.last_in(hay, from..start);
    if other_before > birth_before {
        return false;
    }
    birth_before.is_some() || WORDS.within(hay, end..to)
}

/// A date of birth given whole as the value of a key that names one (a file no parser knows):
/// the date, or with a time of midnight (`1985-03-12T00:00:00Z`), between 1900 and this year.
pub(super) fn keyed(key: &str, value: &str) -> Option<Detection> {
    if !names_a_birth_date(key) {
        return None;
    }
    let value = value.trim();
    let found = RE.find(value).filter(|m| m.start() == 0)?;
    let rest = &value[found.end()..];
    if !rest.is_empty() && !MIDNIGHT.is_match(rest) {
        return None;
    }
    let (year, month, day) = read_date(found.as_str())?;
    let this_year = BIRTH_YEARS.end + 12;
    (1900..=this_year).contains(&year).then(|| Detection {
        kind: Kind::Birthdate,
        value: format!("{year:04}-{month:02}-{day:02}"),
        confidence: 1.0,
        rule: "scan.birthdate_keyed",
    })
}

/// Whether a JSON key or a label (lower case) names a date of birth.
fn names_a_birth_date(key: &str) -> bool {
    let joined: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
    ["birth", "naissance", "geburt", "nacimiento", "nascita"]
        .iter()
        .any(|word| joined.contains(word))
        || key
            .split(|c: char| !c.is_alphanumeric())
            .any(|token| matches!(token, "dob" | "ddn"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn born(value: &str) -> (Kind, String, &'static str) {
        hit(Kind::Birthdate, value, "scan.birthdate")
    }

    #[test]
    fn every_month_name_fits_the_zone_spec() {
        for name in months::names() {
            assert!(name.len() <= LONGEST_MONTH, "{name}");
        }
    }

    #[test]
    fn dates_of_birth_are_read_in_every_written_form() {
        for (text, value) in [
            ("Je suis né le 12/03/1985 à Lyon", "1985-03-12"),
            ("née le 1er septembre 1985", "1985-09-01"),
            ("Date de naissance : 12.03.1985", "1985-03-12"),
            ("DOB: 1985-03-12", "1985-03-12"),
            ("I was born on March 12th, 1985.", "1985-03-12"),
            ("born 12 Dec. 1985", "1985-12-12"),
            ("geboren am 3. Okt. 1985", "1985-10-03"),
            ("Geburtsdatum 03-10-1985", "1985-10-03"),
            ("my birthday is 03/25/1990", "1990-03-25"),
            (
                "DÉCEMBRE\u{a0}: NÉE LE 24\u{a0}DÉCEMBRE\u{a0}1985",
                "1985-12-24",
            ),
        ] {
            assert_eq!(found(text), vec![born(value)], "{text}");
        }
        assert_eq!(only("né le 12/03/1985").confidence, 0.6);
        // Of two dates, the one a word about another event is nearer is not of birth.
        assert_eq!(
            found("né le 2 mai 1950, décédé le 3 juin 1990"),
            vec![born("1950-05-02")]
        );
    }

    #[test]
    fn the_words_about_birth_may_stand_two_lines_before_or_one_after() {
        assert_eq!(found("Naissance\nx\n12/03/1985"), vec![born("1985-03-12")]);
        assert_eq!(found("Naissance\n\nx\n12/03/1985"), vec![]);
        assert_eq!(
            found("12/03/1985\nmon anniversaire"),
            vec![born("1985-03-12")]
        );
        assert_eq!(found("born\n1\n2\n3\n12/03/1985"), vec![]);
        assert_eq!(found("12/03/1985\n\nmy birthday"), vec![]);
        let far = format!("born {} 12/03/1985", "x".repeat(CONTEXT_BEFORE));
        assert_eq!(found(&far), vec![]);
    }

    #[test]
    fn dates_that_are_no_birth_date_are_left_alone() {
        for text in [
            // No word about birth; a word inside another one.
            "rendez-vous le 12/03/1985",
            "le reborn du 12/03/1985",
            // Times of day: a message's or a log line's date.
            "born 12/03/1985, 10:42",
            "[10:42, 12/03/1985] born",
            "né le 12 mars 1985 à 3h15",
            "DOB 1985-03-12T10:42:00",
            // Another event's date, nearer than the word about birth.
            "notre anniversaire de mariage, le 12/06/1995",
            "my birthday party and our wedding on 12 June 1995",
            // Out of the age window, or no date at all.
            "born 12/03/1900",
            "born 12/03/2024",
            "né le 31/02/1985",
            "né le 13/13/1985 ou le 32/12/1985",
            // Glued to other digits, a phone, a version.
            "born 112/03/1985",
            "born +12/03/1985",
            "born v1.12.03.1985",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_value_under_a_birth_key_is_read_whole() {
        let keyed = |key: &str, value: &str| super::keyed(key, value).map(|d| d.value);
        assert_eq!(
            keyed("date_of_birth", "1985-03-12"),
            Some("1985-03-12".into())
        );
        assert_eq!(keyed("birthday", " 12/03/1985 "), Some("1985-03-12".into()));
        assert_eq!(
            keyed("dob", "1985-03-12T00:00:00Z"),
            Some("1985-03-12".into())
        );
        assert_eq!(
            keyed("date de naissance", "12 mars 1985"),
            Some("1985-03-12".into())
        );
        assert_eq!(
            keyed("geburtsdatum", "3. Okt. 1985"),
            Some("1985-10-03".into())
        );
        for (key, value) in [
            ("created", "1985-03-12"),
            ("birthday", "1985-03-12T10:42:00Z"),
            ("birthday", "12/03"),
            ("birthday", "around 1985-03-12"),
            ("birth_place", "Lyon"),
            ("birthday", "12/03/1885"),
        ] {
            assert_eq!(keyed(key, value), None, "{key} {value}");
        }
        assert_eq!(
            super::keyed("dob", "1985-03-12").map(|d| d.confidence),
            Some(1.0)
        );
    }
}

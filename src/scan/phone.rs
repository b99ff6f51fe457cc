//! Phone numbers (entities #2 and #3).
//!
//! French forms (pattern P2): `0X XX XX XX XX`, `+33 X …`, `0033 X …`, `+33 (0)X …`, with the same
//! separator between the four last groups (a space of any kind, `.` or `-`). International forms: `+` then 7–15 digits (E.164).
//! British national forms: `0` then ten digits in space-separated groups (`07700 900461`),
//! validated for the United Kingdom, confidence 0.7.
//! Candidates are parsed with the `phonenumber` crate and validated as it validates them
//! (`phone_validity.rs`) against libphonenumber's metadata, embedded without its display formats
//! (`data/SOURCES.md`: parsing them was most of the start-up); national forms
//! are parsed for region FR and, when invalid there, for YT, GP, GF, MQ and RE (0639 / 069x
//! numbers belong to those regions). Guards: never inside a longer digit run (traps T1, T2),
//! no `+` or digit glued before, placeholder deny-list (trap T9). Value: E.164 (`+33639981234`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use phonenumber::PhoneNumber;
use phonenumber::country::Id;
use phonenumber::metadata::{Database, loader};
use regex::{Match, Regex};

use super::phone_validity::Validity;
use super::util::{all_same, char_before, digits_only, is_group_space, standalone};
use super::zones::{Mark, Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Digit,
        joiner: |b| is_space_byte(b) || matches!(b, b'.' | b'-' | b'(' | b')'),
        // `)`, a separator (up to 3 bytes) and `(` between digits; `+` and 7 digits at least;
        // a closing `)` may end the match.
        max_gap: 5,
        min_marks: 7,
        lead: 1,
        tail: 1,
        needs: None,
    },
    numeric: true,
    check,
};

/// P2, French forms.
const FR: &str =
    r"(?:(?:\+|00)33[\p{Zs}.\-]?(?:\(0\)[\p{Zs}.\-]?)?|0)[1-9](?:[\p{Zs}.\-]?[0-9]{2}){4}";
/// `+` or the international call prefix `00`, then 7–15 digits, optionally separated,
/// possibly with a parenthesised group.
const INTL: &str = r"(?:\+|00)[1-9](?:[\p{Zs}.\-]?(?:\([0-9]{1,4}\)|[0-9])){6,14}";
/// A British national form: `0` then ten digits, in groups apart by spaces (`07700 900461`,
/// `020 7946 0958`, `0161 496 0000`); eleven digits, so never a French form.
const UK: &str = r"0[1-9](?:\p{Zs}?[0-9]){9}";

/// French form first: at a `+33` both alternatives could match and the French one is preferred;
/// a British number is eleven digits, which no French form reads whole.
static RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("{FR}|{UK}|{INTL}")).expect("static phone pattern"));
static UK_WHOLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{UK})$")).expect("static phone pattern"));
/// A British national form starting a text.
static UK_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{UK})")).expect("static phone pattern"));
static FR_WHOLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{FR})$")).expect("static phone pattern"));

/// libphonenumber's metadata, as the `phonenumber` crate ships it, less what only formatting a
/// number for display reads (its formats) and example numbers: a check needs neither, and the
/// crate's own database parses the thousands of format patterns at start-up.
const METADATA: &str = include_str!("data/phone_metadata.xml");

/// The territories of the metadata, read once (none if it could not be read: never expected, a
/// test loads it; then the crate's own database is used).
static TERRITORIES: LazyLock<Vec<loader::Metadata>> =
    LazyLock::new(|| loader::load(METADATA.as_bytes()).unwrap_or_default());

/// What the candidates of some territories are checked against: the crate's database (to parse
/// them) and the territories' patterns compiled once (to validate them, see [`Validity`]).
struct Checks {
    database: Database,
    /// `None` only if the embedded metadata could not be built (a test builds it): then the
    /// crate validates.
    validity: Option<Validity>,
}

impl Checks {
    /// The checks of the territories `keep` selects, or the crate's own database if none can be
    /// built. Building a territory's patterns is most of the cost of a database: each is built
    /// with only the territories its checks can read, when first needed.
    fn of(keep: impl Fn(&loader::Metadata) -> bool) -> Checks {
        let kept: Vec<loader::Metadata> = TERRITORIES.iter().filter(|t| keep(t)).cloned().collect();
        let validity = Validity::of(&kept);
        match Database::from(kept) {
            Ok(database) if !TERRITORIES.is_empty() => Checks { database, validity },
            _ => Checks {
                database: phonenumber::metadata::DATABASE.clone(),
                validity: None,
            },
        }
    }

    /// `text` parsed as a number (national for `region`, or international), if valid.
    fn valid(&self, region: Option<Id>, text: &str) -> Option<PhoneNumber> {
        let number = phonenumber::parse_with(&self.database, region, text).ok()?;
        let valid = match &self.validity {
            Some(validity) => validity.is_valid(&number),
            None => number.is_valid_with(&self.database),
        };
        valid.then_some(number)
    }
}

/// The territories of [`NATIONAL_REGIONS`] and those sharing their country codes (Saint-
/// Barthélemy and Saint-Martin share Guadeloupe's): what a French form is checked against.
static FRENCH: LazyLock<Checks> = LazyLock::new(|| {
    let codes: Vec<u16> = TERRITORIES
        .iter()
        .filter(|t| {
            NATIONAL_REGIONS
                .iter()
                .any(|region| t.id.as_deref() == Some(region.as_ref()))
        })
        .filter_map(|t| t.country_code)
        .collect();
    Checks::of(|t| t.country_code.is_some_and(|code| codes.contains(&code)))
});

/// Country codes have one to three digits.
const CODES: usize = 1000;

/// For each country code, the territories that share it, built the first time a `+…` number
/// with that code is met.
static BY_CODE: [OnceLock<Checks>; CODES] = [const { OnceLock::new() }; CODES];

/// The checks a `+…` number whose digits start with `code` goes through: `None` when no
/// territory has that code.
fn checks_of_code(code: u16) -> Option<&'static Checks> {
    if !TERRITORIES.is_empty() && !TERRITORIES.iter().any(|t| t.country_code == Some(code)) {
        return None;
    }
    let slot = BY_CODE.get(usize::from(code))?;
    Some(slot.get_or_init(|| Checks::of(|t| t.country_code == Some(code))))
}

/// `+` and `digits` parsed, and valid. Country codes are prefix-free, so the one the digits
/// start with is the only one of their first one to three digits that is a code; its
/// territories alone decide, as they do among all the world's.
fn valid_international(digits: &str) -> Option<PhoneNumber> {
    let checks = (1..=3).find_map(|len| checks_of_code(digits.get(..len)?.parse().ok()?))?;
    checks.valid(None, &format!("+{digits}"))
}

/// Placeholder numbers used in templates and examples (national form).
const DENY: &[&str] = &["0123456789", "0612345678", "0102030405"];

/// Regions tried, in order, for a national `0…` number.
const NATIONAL_REGIONS: [Id; 6] = [Id::FR, Id::YT, Id::GP, Id::GF, Id::MQ, Id::RE];

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    if char_before(hay, m.start()) == Some('+') {
        return None;
    }
    // Eleven digits in a row: the French form reads the first ten, the number is British.
    if let Some(uk) = UK_FIRST.find(&hay[m.start()..])
        && uk.end() > m.len()
        && standalone(hay, m.start(), m.start() + uk.end())
        && let Some(value) = british(uk.as_str())
    {
        return Some(Hit {
            start: m.start(),
            end: m.start() + uk.end(),
            det: super::Detection {
                kind: Kind::Phone,
                value,
                confidence: 0.7,
                rule: "scan.phone.uk",
            },
        });
    }
    if !standalone(hay, m.start(), m.end()) {
        return None;
    }
    let s = m.as_str();
    let (value, confidence, rule) = if FR_WHOLE.is_match(s) {
        (french(s)?, 0.9, "scan.phone.fr")
    } else if UK_WHOLE.is_match(s) {
        (british(s)?, 0.7, "scan.phone.uk")
    } else {
        (international(s)?, 0.8, "scan.phone.intl")
    };
    Some(Hit::new(&m, Kind::Phone, value, confidence, rule))
}

/// A P2 match: check the separators and the deny-list, then validate.
fn french(s: &str) -> Option<String> {
    let (international, rest) = match s.strip_prefix("+33").or_else(|| s.strip_prefix("0033")) {
        Some(rest) => (true, rest),
        None => (false, &s[1..]), // the national "0"
    };
    let separator = |c: char| c == '.' || c == '-' || is_group_space(c);
    let rest = rest.trim_start_matches(separator);
    let rest = rest.strip_prefix("(0)").unwrap_or(rest);
    let rest = rest.trim_start_matches(separator);
    // `rest` is now [1-9] then four groups of two digits, each maybe preceded by a separator.
    let inner: Vec<char> = rest[1..].chars().filter(|c| !c.is_ascii_digit()).collect();
    if !(inner.is_empty() || (inner.len() == 4 && inner.iter().all(|&c| c == inner[0]))) {
        return None;
    }
    let nsn = digits_only(rest);
    let national = format!("0{nsn}");
    if DENY.contains(&national.as_str()) || all_same(&nsn) {
        return None;
    }
    let (form, regions): (Form, &[Id]) = if international {
        (Form::FrenchInternational, &NATIONAL_REGIONS[..1])
    } else {
        (Form::FrenchNational, &NATIONAL_REGIONS)
    };
    remembered(form, &nsn, || {
        regions
            .iter()
            .find_map(|&region| FRENCH.valid(Some(region), &national))
            .map(|n| e164(&n))
    })
}

/// A British national form: one kind of separator at most, then valid for the United Kingdom
/// (or the Crown Dependencies, which share its numbers).
fn british(s: &str) -> Option<String> {
    let mut separators = s.chars().filter(|c| !c.is_ascii_digit());
    if let Some(first) = separators.next()
        && separators.any(|c| c != first)
    {
        return None;
    }
    let national = digits_only(s);
    if all_same(&national[1..]) {
        return None;
    }
    remembered(Form::BritishNational, &national[1..], || {
        checks_of_code(44)?
            .valid(Some(Id::GB), &national)
            .map(|n| e164(&n))
    })
}

/// A `+…` or `00…` match that is not a P2 French form.
fn international(s: &str) -> Option<String> {
    let digits = digits_only(&s.replace("(0)", ""));
    let digits = match s.strip_prefix("00") {
        Some(_) => digits[2..].to_string(),
        None => digits,
    };
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    remembered(Form::International, &digits, || {
        let n = valid_international(&digits)?;
        let nsn = n.national().value().to_string();
        let denied = n.code().value() == 33 && DENY.contains(&format!("0{nsn}").as_str());
        (!all_same(&nsn) && !denied).then(|| e164(&n))
    })
}

/// How a candidate's digits were written, which decides how they are validated.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// `0` then the nine digits given.
    FrenchNational = 0,
    /// `+33` then the nine digits given.
    FrenchInternational = 1,
    /// `+` then the digits given.
    International = 2,
    /// `0` then the ten digits given, British.
    BritishNational = 3,
}

/// Validations remembered per thread, at most this many (then forgotten all at once).
const REMEMBERED: usize = 4096;

thread_local! {
    /// (digits as a number, form) -> E.164 value or `None`. Exports repeat numbers (a contact's
    /// in every message), and a check through the phone metadata costs tens of microseconds.
    /// Held in memory only, like every value being audited; never printed.
    static VALIDATED: RefCell<HashMap<u64, Option<String>>> = RefCell::new(HashMap::new());
}

/// `validate()` for the candidate whose significant `digits` (at most 15, no leading zero)
/// were written in `form`, remembered for the next candidate with the same digits and form.
fn remembered(
    form: Form,
    digits: &str,
    validate: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let key = digits
        .parse::<u64>()
        .ok()
        .filter(|_| digits.len() <= 15 && !digits.starts_with('0'))
        .map(|number| number * 4 + form as u64);
    let Some(key) = key else {
        return validate();
    };
    if let Some(known) = VALIDATED.with_borrow(|validated| validated.get(&key).cloned()) {
        return known;
    }
    let value = validate();
    VALIDATED.with_borrow_mut(|validated| {
        if validated.len() >= REMEMBERED {
            validated.clear();
        }
        validated.insert(key, value.clone());
    });
    value
}

/// `+`, the country code, the national number: what the crate's E.164 formatter writes (which
/// would load the crate's own database, formats and all, whatever database it is given).
fn e164(n: &PhoneNumber) -> String {
    format!("+{}{}", n.code().value(), n.national())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn fr(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::Phone, v, "scan.phone.fr")
    }

    #[test]
    fn the_metadata_without_formats_checks_numbers_as_the_crates_own_does() {
        let own = loader::load(METADATA.as_bytes()).and_then(Database::from);
        assert!(own.is_ok(), "the embedded metadata loads");
        assert!(FRENCH.database.by_id("BL").is_some() && FRENCH.database.by_id("DE").is_none());
        assert!(FRENCH.validity.is_some(), "the compiled patterns validate");
        // Generated digits under many country codes (valid and invalid alike), and French
        // national forms under each region tried.
        let mut valid = 0;
        // Codes shared by several territories (+1, +7, +44, +47, +61, +262, +590, +599…) and
        // non-geographic ones (+800, +882…) among them.
        let codes = [
            1, 7, 30, 31, 32, 33, 34, 39, 41, 44, 47, 49, 52, 55, 61, 81, 86, 91, 212, 262, 290,
            358, 590, 599, 800, 808, 870, 882, 883, 979,
        ];
        let under_codes = codes.iter().flat_map(|code| {
            (0..60u64)
                .map(move |n| format!("{code}{}", 200_000_000 + n * 123_456_789 % 799_999_999))
        });
        // +1 numbers of many area codes (the US, Canada, the Caribbean territories…).
        let nanp = (0..400u64).map(|n| format!("1{}", 2_002_000_000 + n * 19_990_001));
        // Any leading digits, any length: the country code is found as the crate finds it.
        let any =
            (0..600u64).map(|n| (10_000_000 + n * 2_654_435_761 % 99_999_999_999_999).to_string());
        for digits in under_codes.chain(nanp).chain(any) {
            let ours = valid_international(&digits).map(|p| e164(&p));
            let crates = phonenumber::parse(None, format!("+{digits}"))
                .ok()
                .filter(PhoneNumber::is_valid)
                .map(|p| p.format().mode(phonenumber::Mode::E164).to_string());
            assert_eq!(ours, crates, "+{digits}");
            valid += usize::from(ours.is_some());
        }
        for region in NATIONAL_REGIONS {
            for n in 0..200u64 {
                let national = format!("0{}", 100_000_000 + n * 48_271_129 % 899_999_999);
                let ours = FRENCH.valid(Some(region), &national).map(|p| e164(&p));
                let crates = phonenumber::parse(Some(region), &national)
                    .ok()
                    .filter(PhoneNumber::is_valid)
                    .map(|p| p.format().mode(phonenumber::Mode::E164).to_string());
                assert_eq!(ours, crates, "{national} {region:?}");
                valid += usize::from(ours.is_some());
            }
        }
        assert!(valid > 500, "{valid}");
    }

    #[test]
    fn british_national_forms_are_read_as_british() {
        let uk = |v: &str| hit(Kind::Phone, v, "scan.phone.uk");
        for (text, value) in [
            ("text me on 07400 123456 tonight", "+447400123456"),
            ("office: 020 7123 4567.", "+442071234567"),
            ("07400123456", "+447400123456"),
        ] {
            assert_eq!(found(text), vec![uk(value)], "{text}");
        }
        assert_eq!(only("07400 123456").confidence, 0.7);
        for text in [
            // Mixed separators, one digit too many or too few, all the same, glued, Ofcom's
            // drama range (no one's number).
            "07400 123-456",
            "074001234567",
            "0740012345",
            "01111 111111",
            "x07400123456",
            "07700 900461",
        ] {
            assert!(
                found(text)
                    .iter()
                    .all(|(_, _, rule)| *rule != "scan.phone.uk"),
                "{text}"
            );
        }
        // A French number stays French, even before another digit.
        assert_eq!(found("01 99 00 12 34"), vec![fr("+33199001234")]);
        assert_eq!(found("01 99 00 12 34 5"), vec![fr("+33199001234")]);
    }

    #[test]
    fn french_national_and_international_forms() {
        assert_eq!(found("appelle le 01 99 00 12 34"), vec![fr("+33199001234")]);
        assert_eq!(found("tél. +33 1 99 00 12 34."), vec![fr("+33199001234")]);
        assert_eq!(found("0033 1 99 00 12 34"), vec![fr("+33199001234")]);
        assert_eq!(found("+33 (0)1 99 00 12 34"), vec![fr("+33199001234")]);
        assert_eq!(found("+33199001234"), vec![fr("+33199001234")]);
        assert_eq!(found("01.99.00.12.34"), vec![fr("+33199001234")]);
        assert_eq!(found("01-99-00-12-34"), vec![fr("+33199001234")]);
        assert_eq!(found("0199001234"), vec![fr("+33199001234")]);
        assert_eq!(
            found("a:0199001234,0199001235"),
            vec![fr("+33199001234"), fr("+33199001235")]
        );
        let d = only("01 99 00 12 34");
        assert_eq!(d.confidence, 0.9);
    }

    #[test]
    fn a_validation_is_remembered_per_form_and_forgotten_past_the_bound() {
        let calls = std::cell::Cell::new(0);
        let validate = |value: &str| {
            calls.set(calls.get() + 1);
            Some(value.to_string())
        };
        let first = remembered(Form::FrenchNational, "199001234", || validate("a"));
        let again = remembered(Form::FrenchNational, "199001234", || validate("b"));
        assert_eq!(
            (first.as_deref(), again.as_deref(), calls.get()),
            (Some("a"), Some("a"), 1)
        );
        // The same digits written another way are validated on their own.
        let other = remembered(Form::FrenchInternational, "199001234", || validate("c"));
        assert_eq!((other.as_deref(), calls.get()), (Some("c"), 2));
        // Digits that cannot be a key (leading zero, too many) are never remembered.
        remembered(Form::International, "0123", || validate("d"));
        remembered(Form::International, "0123", || validate("d"));
        assert_eq!(calls.get(), 4);
        // Past the bound, everything is forgotten: memory stays bounded.
        for n in 0..REMEMBERED as u64 {
            remembered(Form::International, &(1_000_000 + n).to_string(), || None);
        }
        assert!(VALIDATED.with_borrow(HashMap::len) <= REMEMBERED);
        remembered(Form::FrenchNational, "199001234", || validate("e"));
        assert_eq!(calls.get(), 5);
    }

    #[test]
    fn repeated_numbers_are_found_as_often_as_written() {
        let text = "01 99 00 12 34, +44 20 7946 0958; ".repeat(3);
        let values: Vec<String> = found(&text)
            .into_iter()
            .map(|(_, value, _)| value)
            .collect();
        assert_eq!(values.len(), 6, "{values:?}");
        assert_eq!(values[0], values[2]);
        assert_eq!(values[1], values[5]);
    }

    #[test]
    fn overseas_mobiles_are_valid_through_the_region_retry() {
        // 0639 is not a FR mobile range; it is Mayotte's (+262). Example numbers of the metadata.
        assert_eq!(found("06 39 01 23 45"), vec![fr("+262639012345")]);
        assert_eq!(found("0639012345"), vec![fr("+262639012345")]);
        assert_eq!(found("06 90 00 12 34"), vec![fr("+590690001234")]); // GP
        assert_eq!(found("06 94 20 12 34"), vec![fr("+594694201234")]); // GF
        assert_eq!(found("06 96 20 12 34"), vec![fr("+596696201234")]); // MQ
        assert_eq!(found("06 92 12 34 56"), vec![fr("+262692123456")]); // RE
        // 0639 98… is allocated neither in France nor in Mayotte (YT mobiles: 639 0x, 1x, 2x,
        // 3x, 40, 5x, 6x, 7x, 90/94–97/99 per the libphonenumber metadata): dropped.
        assert_eq!(found("06 39 98 12 34"), vec![]);
    }

    #[test]
    fn international_plus_forms() {
        assert_eq!(
            found("UK: +44 7400 123456"),
            vec![hit(Kind::Phone, "+447400123456", "scan.phone.intl")]
        );
        assert_eq!(
            found("+44 (0)7400 123456"),
            vec![hit(Kind::Phone, "+447400123456", "scan.phone.intl")]
        );
        assert_eq!(
            found("+1 (650) 253-0000"),
            vec![hit(Kind::Phone, "+16502530000", "scan.phone.intl")]
        );
        // Ofcom's drama range 07700 900xxx is not a valid number for libphonenumber.
        assert_eq!(found("+44 7700 900123"), vec![]);
        assert_eq!(
            found("+33 199 001 234"),
            vec![hit(Kind::Phone, "+33199001234", "scan.phone.intl")]
        );
        let d = only("+44 7400 123456");
        assert_eq!(d.confidence, 0.8);
    }

    #[test]
    fn international_call_prefix_forms() {
        for text in [
            "tel 0044 20 7946 0958",
            "0044 (0)20 7946 0958",
            "00442079460958.",
        ] {
            assert_eq!(
                found(text),
                vec![hit(Kind::Phone, "+442079460958", "scan.phone.intl")],
                "{text}"
            );
        }
        assert_eq!(
            found("0049 30 901820"),
            vec![hit(Kind::Phone, "+4930901820", "scan.phone.intl")]
        );
        // Zeros after the prefix, too few or too many digits, inside a longer run: no number.
        for text in [
            "ref 000123456789",
            "0044 12",
            "00442079460958123456",
            "id 100442079460958",
            "order 0099887766554433221",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn any_unicode_space_separates_groups() {
        // No-break space (U+00A0), narrow no-break space (U+202F), thin space (U+2009).
        assert_eq!(
            found("01\u{a0}99\u{a0}00\u{a0}12\u{a0}34"),
            vec![fr("+33199001234")]
        );
        assert_eq!(
            found("tél : 07\u{202f}56\u{202f}12\u{202f}34\u{202f}56"),
            vec![fr("+33756123456")]
        );
        assert_eq!(
            found("+33\u{2009}1\u{2009}99\u{2009}00\u{2009}12\u{2009}34"),
            vec![fr("+33199001234")]
        );
        // Mixed kinds of space are not one number; a line break is not a group separator.
        assert_eq!(found("01\u{a0}99 00 12 34"), vec![]);
        assert_eq!(found("01\n99\n00\n12\n34"), vec![]);
    }

    #[test]
    fn separators_must_be_uniform() {
        assert_eq!(found("01 99.00 12 34"), vec![]);
        assert_eq!(found("01 99 00 1234"), vec![]);
    }

    #[test]
    fn invalid_numbers_are_dropped() {
        // +33 6 39… is not valid: Mayotte numbers are dialled +262.
        assert_eq!(found("+33 6 39 01 23 45"), vec![]);
        assert_eq!(found("+44 1"), vec![]);
        assert_eq!(found("+999 1234 5678"), vec![]);
    }

    #[test]
    fn t1_timestamps_are_not_phones() {
        assert_eq!(found("\"timestamp\": 1700000000"), vec![]);
        assert_eq!(found("\"timestamp_ms\": 1700000000000"), vec![]);
        assert_eq!(found("1700000000 1700000000000"), vec![]);
    }

    #[test]
    fn t2_ids_and_longer_digit_runs_are_not_phones() {
        assert_eq!(found("\"fbid\": 100012345678901"), vec![]);
        assert_eq!(found("0612345678901"), vec![]);
        assert_eq!(found("10199001234"), vec![]);
        assert_eq!(found("01990012345"), vec![]);
        assert_eq!(found("id0199001234"), vec![]);
        assert_eq!(found("3.0199001234"), vec![]);
        assert_eq!(found("+0199001234"), vec![]);
        assert_eq!(found("+4477009001231234567"), vec![]);
    }

    #[test]
    fn t3_dates_are_not_phones() {
        assert_eq!(found("le 12/03/2021 à 08:00"), vec![]);
        assert_eq!(found("2021-03-12 08:00"), vec![]);
        assert_eq!(found("2021-03-12 08:00:00"), vec![]);
    }

    #[test]
    fn t9_placeholders_are_not_phones() {
        assert_eq!(found("06 12 34 56 78"), vec![]);
        assert_eq!(found("0123456789"), vec![]);
        assert_eq!(found("01 02 03 04 05"), vec![]);
        assert_eq!(found("+33 6 12 34 56 78"), vec![]);
        assert_eq!(found("06 66 66 66 66"), vec![]);
        assert_eq!(found("+33 612 345 678"), vec![]);
    }
}

//! A phone's IMEI in free text (entity #18): fifteen digits, bare or written `35-209900-176148-1`,
//! whose Luhn check passes, after the word IMEI (within 60 characters; the word is mandatory:
//! one random number in ten passes Luhn). Confidence 0.9. Value: the fifteen digits, a device
//! identifier. It never reports or logs a number it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, all_same, digits_only, luhn, named_token};
use super::zones::{Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::digits(|b| is_space_byte(b) || b == b'-', 1, 15),
    numeric: true,
    check,
};

/// Fifteen digits, or the reporting body, serial and check digit apart (one separator kind).
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{2}[ \-]?[0-9]{6}[ \-]?[0-9]{6}[ \-]?[0-9]").expect("static IMEI pattern")
});

static WORDS: LazyLock<Context> = LazyLock::new(|| Context::new(&[("imei", false)]));

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    let separators: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    let uniform = separators.is_empty()
        || (separators.len() == 3
            && separators[0] == separators[1]
            && separators[1] == separators[2]);
    let digits = digits_only(s);
    if !uniform || !named_token(hay, &m, &WORDS) || all_same(&digits) || !luhn(&digits) {
        return None;
    }
    Some(Hit::new(&m, Kind::Device, digits, 0.9, "scan.imei"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    #[test]
    fn an_imei_after_its_word_with_its_check_digit() {
        let imei = |v: &str| hit(Kind::Device, v, "scan.imei");
        assert_eq!(
            found("IMEI : 490154203237518"),
            vec![imei("490154203237518")]
        );
        assert_eq!(
            found("imei du téléphone 49-015420-323751-8"),
            vec![imei("490154203237518")]
        );
        assert_eq!(only("IMEI 490154203237518").confidence, 0.9);
        for text in [
            "numéro 490154203237518",
            "IMEI 490154203237519",
            "IMEI 49-015420 323751-8",
            "IMEI 000000000000000",
            "IMEI 4901542032375188",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }
}

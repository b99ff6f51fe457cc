//! French tax numbers, the NIF or SPI printed on a tax notice (entity #9): thirteen digits, the
//! first 0 to 3, maybe grouped `30 23 217 600 053`, whose last three are the first ten modulo
//! 511, after a word naming them (fiscal, SPI, avis d'imposition, impots.gouv) within 60
//! characters: the word is mandatory. Confidence 0.9. Value: the thirteen digits.
//! It never reports or logs a number it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, all_same, digits_only, named_token, uniform_separators};
use super::zones::{Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::digits(is_space_byte, 3, 13),
    numeric: true,
    check,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-3][0-9]\p{Zs}?[0-9]{2}\p{Zs}?[0-9]{3}\p{Zs}?[0-9]{3}\p{Zs}?[0-9]{3}")
        .expect("static NIF pattern")
});

static WORDS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("fiscal", false),
        ("spi", true),
        ("avis d'imposition", false),
        ("impots.gouv", false),
    ])
});

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    if !uniform_separators(s) || !named_token(hay, &m, &WORDS) {
        return None;
    }
    let digits = digits_only(s);
    let (body, check) = digits.split_at(10);
    let valid = body.parse::<u64>().ok()? % 511 == check.parse::<u64>().ok()?;
    (valid && !all_same(&digits)).then(|| Hit::new(&m, Kind::TaxId, digits, 0.9, "scan.nif"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, found_of, hit, only};
    use super::*;

    #[test]
    fn a_tax_number_after_its_word_with_its_check() {
        let nif = |v: &str| hit(Kind::TaxId, v, "scan.nif");
        assert_eq!(
            found("Numéro fiscal : 30 23 217 600 053"),
            vec![nif("3023217600053")]
        );
        assert_eq!(found("mon SPI 0123456789211"), vec![nif("0123456789211")]);
        assert_eq!(only("n° fiscal 3023217600053").confidence, 0.9);
        for text in [
            "commande 3023217600053",
            "numéro fiscal 3023217600054",
            "numéro fiscal 4023217600053",
            "numéro fiscal 0000000000000",
        ] {
            assert_eq!(found_of(Kind::TaxId, text), 0, "{text}");
        }
    }
}

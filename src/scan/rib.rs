//! French bank details written the domestic way, a RIB (entity #6): bank code (5 digits),
//! branch code (5 digits), account number (11 letters or digits), key (2 digits), each group
//! maybe one space apart (`30004 00550 00012345678 92`), whose RIB key checks, after a word
//! naming them (RIB, relevé d'identité bancaire, code banque, code guichet) within 60
//! characters: the word is mandatory, a 23-character run is too common alone. Confidence 0.9.
//! An IBAN around the same digits is the IBAN rule's. Value: the 23 characters, upper case
//! (the account's domestic form, reported with the IBANs). It never reports or logs a
//! candidate it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::iban::rib_key_ok;
use super::util::{Context, named_token, uniform_separators};
use super::zones::{Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    // A space (up to 3 bytes) between groups, letters inside the account number.
    zones: Zones::digits(|b| is_space_byte(b) || b.is_ascii_alphabetic(), 11, 12),
    numeric: true,
    check,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{5}\p{Zs}?[0-9]{5}\p{Zs}?[0-9A-Za-z]{11}\p{Zs}?[0-9]{2}")
        .expect("static RIB pattern")
});

static WORDS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("rib", true),
        ("relevé d'identité bancaire", false),
        ("releve d'identite bancaire", false),
        ("code banque", false),
        ("code guichet", false),
    ])
});

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    if !uniform_separators(s) || !named_token(hay, &m, &WORDS) {
        return None;
    }
    let bban: String = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    rib_key_ok(&bban).then(|| Hit::new(&m, Kind::Iban, bban, 0.9, "scan.rib"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    #[test]
    fn a_rib_after_its_word_with_its_key() {
        let rib = |v: &str| hit(Kind::Iban, v, "scan.rib");
        assert_eq!(
            found("mon RIB : 20041 01005 0500013M026 06 merci"),
            vec![rib("20041010050500013M02606")]
        );
        assert_eq!(
            found("code banque, guichet, compte, clé : 20041010050500013M02606"),
            vec![rib("20041010050500013M02606")]
        );
        assert_eq!(only("RIB 20041 01005 0500013M026 06").confidence, 0.9);
        for text in [
            "commande 20041 01005 0500013M026 06",
            "RIB 20041 01005 0500013M026 07",
            "RIB FR7620041010050500013M02606",
            "ribs 20041 01005 0500013M026 06",
        ] {
            let ribs = found(text)
                .into_iter()
                .filter(|(_, _, rule)| *rule == "scan.rib")
                .count();
            assert_eq!(ribs, 0, "{text}");
        }
    }
}

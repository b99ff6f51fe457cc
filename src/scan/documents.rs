//! Identity-document numbers in free text, reported only beside a word naming the document
//! (entities #10 and #11: the shapes alone are everywhere):
//! - a French passport number (pattern P8: two digits, two letters, five digits, `12AB34567`)
//!   after passport / passeport, confidence 0.75;
//! - a French identity-card number of the pre-2021 card (twelve digits) after identité / identity
//!   card / CNI, confidence 0.65 (the new card's nine letters and digits are too like any
//!   reference to be told apart).
//!
//! The word must stand within 60 characters before the number; the number must be a token of its
//! own (not inside a longer run of letters and digits), and not in a URL slot. Value: the number,
//! upper-case. It never reports or logs a number it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, all_same, named_token};
use super::zones::Zones;
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static PASSPORT: Rule = Rule {
    regex: &PASSPORT_RE,
    // The two letters between the two runs of digits.
    zones: Zones::digits(|b| b.is_ascii_alphabetic(), 2, 7),
    numeric: true,
    check: passport,
};

pub(super) static ID_CARD: Rule = Rule {
    regex: &ID_CARD_RE,
    zones: Zones::digits(|_| false, 0, 12),
    numeric: true,
    check: id_card,
};

static PASSPORT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{2}[A-Za-z]{2}[0-9]{5}").expect("static passport pattern"));

static ID_CARD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{12}").expect("static identity-card pattern"));

static PASSPORT_WORDS: LazyLock<Context> =
    LazyLock::new(|| Context::new(&[("passport", false), ("passeport", false)]));

static ID_CARD_WORDS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("identité", false),
        ("identite", false),
        ("identity card", false),
        ("id card", false),
        ("cni", true),
    ])
});

fn passport(hay: &str, m: Match<'_>) -> Option<Hit> {
    if !named_token(hay, &m, &PASSPORT_WORDS) {
        return None;
    }
    let number = m.as_str().to_ascii_uppercase();
    Some(Hit::new(
        &m,
        Kind::Passport,
        number,
        0.75,
        "scan.passport_fr",
    ))
}

fn id_card(hay: &str, m: Match<'_>) -> Option<Hit> {
    if !named_token(hay, &m, &ID_CARD_WORDS) || all_same(m.as_str()) {
        return None;
    }
    let number = m.as_str().to_string();
    Some(Hit::new(&m, Kind::IdCard, number, 0.65, "scan.id_card_fr"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    #[test]
    fn a_passport_number_after_its_word() {
        let passport = |v: &str| hit(Kind::Passport, v, "scan.passport_fr");
        assert_eq!(
            found("mon passeport n° 12ab34567, valable"),
            vec![passport("12AB34567")]
        );
        assert_eq!(
            found("Passport number: 07XY12345"),
            vec![passport("07XY12345")]
        );
        assert_eq!(only("passeport 12AB34567").confidence, 0.75);
        // No word, too far, inside a longer token, in a URL: nothing.
        for text in [
            "ref 12AB34567",
            &format!("passeport {} 12AB34567", "x".repeat(70)),
            "passeport X12AB34567",
            "passeport 12AB345678",
            "passeport https://example.org/12AB34567",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn an_identity_card_number_after_its_word() {
        let card = |v: &str| hit(Kind::IdCard, v, "scan.id_card_fr");
        assert_eq!(
            found("carte d'identité n° 880692310285"),
            vec![card("880692310285")]
        );
        assert_eq!(found("CNI : 930369200123"), vec![card("930369200123")]);
        assert_eq!(only("identity card 880692310285").confidence, 0.65);
        for text in [
            "commande 880692310285",
            "cnil 880692310285",
            "carte d'identité 8806923102851",
            "carte d'identité 111111111111",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }
}

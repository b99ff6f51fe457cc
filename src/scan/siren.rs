//! French business numbers in free text (entity #8), reported only beside a word naming them
//! (SIREN, SIRET, RCS, auto-entrepreneur, micro-entreprise, intracommunautaire, within 60
//! characters: the word is mandatory, as one random number in ten passes Luhn): a SIREN of nine
//! digits (`732 829 320`) whose Luhn check passes, or a SIRET of fourteen (the SIREN and a
//! five-digit establishment number, `732 829 320 00074`) whose Luhn check passes on the whole
//! and on its SIREN (La Poste's establishments, SIREN 356 000 000, follow their own rule: the
//! sum of the digits is a multiple of five). Confidence 0.8. Value: the SIREN, the same for a
//! business's every establishment; it names a person when the business is a sole trader's
//! (auto-entrepreneur), which is why it counts as a tax number. It never reports or logs a
//! number it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, all_same, digits_only, luhn, named_token, uniform_separators};
use super::zones::{Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    // A no-break space, narrow or not, is two or three bytes.
    zones: Zones::digits(|b| is_space_byte(b) || b == b'.', 3, 9),
    numeric: true,
    check,
};

/// Nine digits in three groups, maybe followed by the establishment's five (`00074` or
/// `000 74`), apart by a space (plain, no-break, thin or narrow no-break) or a dot; one
/// separator kind, checked in code.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    let sep = "[ .\u{A0}\u{2009}\u{202F}]?";
    Regex::new(&format!(
        "[0-9]{{3}}{sep}[0-9]{{3}}{sep}[0-9]{{3}}(?:{sep}[0-9]{{5}}|{sep}[0-9]{{3}}{sep}[0-9]{{2}})?"
    ))
    .expect("static SIREN pattern")
});

static WORDS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("siren", false),
        ("siret", false),
        ("rcs", true),
        ("auto-entrepreneur", false),
        ("auto entrepreneur", false),
        ("autoentrepreneur", false),
        ("micro-entreprise", false),
        ("micro entreprise", false),
        ("intracommunautaire", false),
    ])
});

/// La Poste's SIREN, shared by its establishments, and its head office's SIRET (which follows
/// Luhn).
const LA_POSTE: &str = "356000000";
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    if !uniform_separators(s) || !named_token(hay, &m, &WORDS) {
        return None;
    }
    let digits = digits_only(s);
    let siren = digits.get(..9)?;
    let (valid, rule) = match digits.len() {
        9 => (luhn(&digits), "scan.siren"),
        14 => (siret_valid(&digits), "scan.siret"),
        _ => return None,
    };
    (valid && !all_same(siren)).then(|| Hit::new(&m, Kind::TaxId, siren.to_owned(), 0.8, rule))
}

/// Whether fourteen digits are a SIRET: Luhn on the whole and on the SIREN, but for La Poste's.
fn siret_valid(digits: &str) -> bool {
    if digits.starts_with(LA_POSTE) && digits != LA_POSTE_HEAD_OFFICE {
        let sum: u32 = digits.bytes().map(|b| u32::from(b - b'0')).sum();
        return sum.is_multiple_of(5);
    }
    luhn(digits) && luhn(&digits[..9])
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, found_of, hit, only};
    use super::*;

    // Invented numbers whose checks pass: 123 456 782 (Luhn), 123 456 782 00010 (Luhn on all
    // fourteen), La Poste's 356 000 000 00010 (digit sum 15, Luhn fails).
    #[test]
    fn a_siren_or_siret_after_its_word_with_its_checks() {
        let siren = |v: &str| hit(Kind::TaxId, v, "scan.siren");
        let siret = |v: &str| hit(Kind::TaxId, v, "scan.siret");
        assert_eq!(found("SIREN : 123 456 782"), vec![siren("123456782")]);
        assert_eq!(found("mon siren 123456782."), vec![siren("123456782")]);
        assert_eq!(
            found("Auto-entrepreneur, SIRET 123 456 782 00010"),
            vec![siret("123456782")]
        );
        assert_eq!(
            found("siret\u{a0}: 123\u{a0}456\u{a0}782\u{a0}000\u{a0}10"),
            vec![siret("123456782")]
        );
        assert_eq!(found("RCS Paris 123.456.782"), vec![siren("123456782")]);
        assert_eq!(found("SIRET 35600000000010"), vec![siret("356000000")]);
        assert_eq!(found("SIRET 35600000000048"), vec![siret("356000000")]);
        assert_eq!(only("SIREN 123456782").confidence, 0.8);
    }

    #[test]
    fn no_business_number_without_its_word_or_its_checks() {
        for text in [
            // No word naming it, or a word inside another.
            "commande 123 456 782",
            "désiret 123 456 782",
            "RCSA 123456782",
            // Checks that fail: Luhn, Luhn on the SIRET, its SIREN, La Poste's rule.
            "SIREN 123 456 783",
            "SIRET 123 456 782 00011",
            "SIRET 12345678100004",
            "SIRET 35600000000011",
            // All the same digit, mixed separators, glued to other digits, in a URL.
            "SIREN 000000000",
            "SIREN 123 456.782",
            "SIREN 1234567820",
            "SIREN 9123456782",
            "siret https://example.org/?id=123456782",
        ] {
            assert_eq!(found_of(Kind::TaxId, text), 0, "{text}");
        }
    }
}

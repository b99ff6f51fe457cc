//! IBANs (pattern P4, entity #5), confidence 1.0.
//!
//! Candidate: two letters, two digits, then groups of four (optionally separated by one space)
//! and a short last group; letters in either case. Validation: the country must be in
//! `iban_lengths.txt` and the candidate at least that long (a longer candidate is cut at the
//! country length, which must fall at the end of a word: `… 606 merci` is cut, `…606EUR` is
//! dropped); ISO 13616 mod-97 must be 1; French IBANs must also have a BBAN of 5 digits, 5 digits,
//! 11 characters, 2 digits with a valid RIB key. Value: upper-case, no spaces.
//! It never reports or logs a candidate it rejected.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{char_after, char_before, is_word, mod97};
use super::zones::Zones;
use super::{Detection, Hit, Rule};
use crate::data::{self, Layout, Table};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::LettersThenDigits {
        // Up to 7 groups of 4 and one of 3, each after an optional `\p{Zs}` (up to 3 bytes).
        tail: 7 * 7 + 6,
    },
    numeric: false,
    check,
};

/// P4, either case. ASCII classes only: `(?i)` would let Unicode case folding match the Kelvin
/// sign (U+212A) or the long s (U+017F) as a letter, and slicing by letter count would then cut
/// inside a character.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z]{2}[0-9]{2}(?:\p{Zs}?[0-9A-Za-z]{4}){2,7}(?:\p{Zs}?[0-9A-Za-z]{1,3})?")
        .expect("static IBAN pattern")
});

fn load_lengths(text: &'static str) -> Table<(&'static str, usize)> {
    data::load(Layout::new("iban_lengths.txt", 2), text, |cols| {
        let country = cols[0];
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "country must be two capital letters, not {country:?}"
            ));
        }
        let length: usize = cols[1]
            .trim()
            .parse()
            .ok()
            .filter(|n| (15..=34).contains(n))
            .ok_or_else(|| format!("IBAN length must be 15 to 34, not {:?}", cols[1]))?;
        Ok((country, length))
    })
}

/// Country code → IBAN length.
static LENGTHS: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    load_lengths(include_str!("iban_lengths.txt"))
        .rows
        .into_iter()
        .collect()
});

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    if char_before(hay, m.start()).is_some_and(is_word) {
        return None;
    }
    let s = m.as_str();
    let country = s.get(..2)?.to_ascii_uppercase();
    let &len = LENGTHS.get(country.as_str())?;
    // Byte offset (in `s`) just after the `len`-th alphanumeric character.
    let mut seen = 0;
    let cut = s
        .char_indices()
        .filter(|(_, c)| c.is_ascii_alphanumeric())
        .find_map(|(i, c)| {
            seen += 1;
            (seen == len).then(|| i + c.len_utf8())
        })?;
    let end = m.start() + cut;
    if char_after(hay, end).is_some_and(is_word) {
        return None;
    }
    let iban: String = s[..cut]
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !valid(&iban) {
        return None;
    }
    Some(Hit {
        start: m.start(),
        end,
        det: Detection {
            kind: Kind::Iban,
            value: iban,
            confidence: 1.0,
            rule: "scan.iban",
        },
    })
}

/// Mod-97 over the rearranged IBAN, then the French BBAN structure and RIB key.
fn valid(iban: &str) -> bool {
    let check_digits = &iban[2..4];
    if check_digits == "00" || check_digits == "01" || check_digits == "99" {
        return false;
    }
    let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
    if mod97(&rearranged) != Some(1) {
        return false;
    }
    match &iban[..2] {
        "FR" => rib_key_ok(&iban[4..]),
        _ => true,
    }
}

/// French BBAN: bank (5 digits), branch (5 digits), account (11 alphanumerics), key (2 digits);
/// key = 97 − ((89·bank + 15·branch + 3·account) mod 97), account letters mapped A/J→1 … I/R/Z→9.
pub(super) fn rib_key_ok(bban: &str) -> bool {
    if bban.len() != 23 {
        return false;
    }
    let (bank, branch, account, key) = (&bban[..5], &bban[5..10], &bban[10..21], &bban[21..]);
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !numeric(bank) || !numeric(branch) || !numeric(key) {
        return false;
    }
    let account: String = account
        .chars()
        .map(|c| match c {
            '0'..='9' => c,
            'A' | 'J' => '1',
            'B' | 'K' | 'S' => '2',
            'C' | 'L' | 'T' => '3',
            'D' | 'M' | 'U' => '4',
            'E' | 'N' | 'V' => '5',
            'F' | 'O' | 'W' => '6',
            'G' | 'P' | 'X' => '7',
            'H' | 'Q' | 'Y' => '8',
            _ => '9', // I, R, Z (the candidate is alphanumeric upper-case)
        })
        .collect();
    let n = |s: &str| s.parse::<u64>().unwrap_or(0);
    let sum = 89 * n(bank) + 15 * n(branch) + 3 * n(&account);
    97 - sum % 97 == n(key)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn iban(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::Iban, v, "scan.iban")
    }

    #[test]
    fn the_length_table_loads_and_rejects_bad_rows() {
        let table = load_lengths(include_str!("iban_lengths.txt"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert_eq!(LENGTHS.get("FR"), Some(&27));
        let bad = load_lengths("FR\t27\nfr\t27\nDE\t99\nBE 16\n");
        assert_eq!(bad.rows, [("FR", 27)]);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3, 4]
        );
    }

    #[test]
    fn unicode_letters_that_fold_to_ascii_are_not_country_codes() {
        // U+212A KELVIN SIGN folds to K; U+017F LONG S folds to s.
        assert!(found("KX12 3456 7890 1234 5678").is_empty());
        assert!(found("\u{212A}X12 3456 7890 1234 5678 90").is_empty());
        assert!(found("F\u{17F}14 2004 1010 0505 0001 3M02 606").is_empty());
        assert_eq!(
            found("iban fr14 2004 1010 0505 0001 3m02 606"),
            [iban("FR1420041010050500013M02606")]
        );
    }

    #[test]
    fn valid_ibans() {
        assert_eq!(
            found("IBAN : FR14 2004 1010 0505 0001 3M02 606, merci"),
            vec![iban("FR1420041010050500013M02606")]
        );
        assert_eq!(
            found("FR14\u{202f}2004\u{202f}1010\u{202f}0505\u{202f}0001\u{202f}3M02\u{202f}606"),
            vec![iban("FR1420041010050500013M02606")]
        );
        assert_eq!(
            found("DE89 3704 0044 0532 0130 00"),
            vec![iban("DE89370400440532013000")]
        );
        assert_eq!(
            found("DE89370400440532013000."),
            vec![iban("DE89370400440532013000")]
        );
        assert_eq!(
            found("gb29 nwbk 6016 1331 9268 19"),
            vec![iban("GB29NWBK60161331926819")]
        );
        assert_eq!(found("BE68 5390 0754 7034"), vec![iban("BE68539007547034")]);
        assert_eq!(only("FR1420041010050500013M02606").confidence, 1.0);
    }

    #[test]
    fn trailing_words_are_cut_at_the_country_length() {
        // The regex also takes " merc" (a 4-character group) and "i"; the cut at 16 drops them.
        assert_eq!(
            found("BE68 5390 0754 7034 merci beaucoup"),
            vec![iban("BE68539007547034")]
        );
        assert_eq!(
            found("FR14 2004 1010 0505 0001 3M02 606 merci"),
            vec![iban("FR1420041010050500013M02606")]
        );
        // Glued letters: not a clean end, dropped.
        assert_eq!(found("FR1420041010050500013M02606EUR"), vec![]);
    }

    #[test]
    fn bad_checksums_and_structures_are_dropped() {
        assert_eq!(found("FR14 2004 1010 0505 0001 3M02 607"), vec![]);
        assert_eq!(found("DE88 3704 0044 0532 0130 00"), vec![]);
        // Too short for its country.
        assert_eq!(found("FR14 2004 1010 0505 0001 3M"), vec![]);
        // Unknown country.
        assert_eq!(found("ZZ14 2004 1010 0505 0001 3M02 606"), vec![]);
        // Glued to a word before.
        assert_eq!(found("XFR14 2004 1010 0505 0001 3M02 606"), vec![]);
    }

    #[test]
    fn french_rib_key_is_checked() {
        assert!(rib_key_ok("20041010050500013M02606"));
        assert!(!rib_key_ok("20041010050500013M02607"));
        assert!(!rib_key_ok("2004101005050001"));
        // An IBAN that passes mod-97 but whose RIB key is wrong: FR + check digits recomputed
        // for the BBAN 20041 01005 0500013M026 07.
        let bban = "20041010050500013M02607";
        let r = mod97(&format!("{bban}FR00")).unwrap();
        let fake = format!("FR{:02}{bban}", 98 - r);
        assert!(mod97(&format!("{bban}{}", &fake[..4])) == Some(1));
        assert_eq!(found(&fake), vec![]);
    }
}

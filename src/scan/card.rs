//! Payment card numbers (pattern P6, entity #7).
//!
//! Candidate: 13–19 digits in groups of four (`4-4-4-1…7`, `4-4-4-4-1…3`) or the Amex/Diners
//! layout `4-6-4/5`, one separator kind (space or hyphen) or none; when the whole candidate fails,
//! it is retried without its last group (a trailing expiry `12/25` or reference). Validation: issuer prefix and length (Visa,
//! Mastercard, Amex, Discover, JCB, Diners, `UnionPay`), Luhn, and a placeholder deny-list (trap T9).
//! Luhn passes for one random number in ten (trap T4): confidence 0.6, or 1.0 when a card word
//! (card, carte, visa, mastercard, cb) appears within 40 characters before. Not reported in a
//! URL path or query slot, where long digit runs are ids (trap T2). Value: the digits.
//! It never reports or logs a number it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{
    Context, all_same, char_before, digits_only, in_url_slot, is_group_space, luhn, standalone,
    uniform_separators,
};
use super::zones::{Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    // One `\p{Zs}` (up to 3 bytes) or `-` between groups; 4+4+4+1 digits at least.
    zones: Zones::digits(|b| is_space_byte(b) || b == b'-', 3, 13),
    numeric: true,
    check,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[0-9]{4}(?:(?:[\p{Zs}\-]?[0-9]{4}){2,3}[\p{Zs}\-]?[0-9]{1,7}|[\p{Zs}\-]?[0-9]{6}[\p{Zs}\-]?[0-9]{4,5})",
    )
    .expect("static card pattern")
});

static CONTEXT: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("card", false),
        ("carte", false),
        ("visa", true),
        ("mastercard", true),
        ("cb", true),
    ])
});

/// Well-known test numbers.
const PLACEHOLDERS: &[&str] = &["4111111111111111", "4242424242424242", "5555555555554444"];

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    if !standalone(hay, m.start(), m.end()) {
        return None;
    }
    // Not the tail of a longer sequence of digit groups (`1234 4970 …`).
    if let Some(sep) = char_before(hay, m.start()).filter(|&c| c == '-' || is_group_space(c))
        && char_before(hay, m.start() - sep.len_utf8()).is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let s = m.as_str();
    if !uniform_separators(s) {
        return None;
    }
    // The whole candidate, else without its last group (`4970 1012 3456 7893 12/25`: expiry).
    let shorter = s
        .rfind(|c: char| c == '-' || is_group_space(c))
        .map(|i| &s[..i]);
    let (len, digits) = std::iter::once(s)
        .chain(shorter)
        .map(|c| (c.len(), digits_only(c)))
        .find(|(len, d)| {
            !in_url_slot(hay, m.start(), m.start() + len)
                && issuer_accepts(d)
                && luhn(d)
                && !placeholder(d)
        })?;
    let confidence = if CONTEXT.before(hay, m.start(), 40) {
        1.0
    } else {
        0.6
    };
    let mut hit = Hit::new(&m, Kind::PaymentCard, digits, confidence, "scan.card");
    hit.end = m.start() + len;
    Some(hit)
}

fn placeholder(digits: &str) -> bool {
    PLACEHOLDERS.contains(&digits) || all_same(digits)
}

/// Issuer identification number ranges and the lengths each network issues.
fn issuer_accepts(d: &str) -> bool {
    let len = d.len();
    if !(13..=19).contains(&len) {
        return false;
    }
    let prefix = |n: usize| d[..n].parse::<u32>().unwrap_or(0);
    let long = (16..=19).contains(&len);
    let visa = d.starts_with('4') && matches!(len, 13 | 16 | 19);
    let mastercard =
        len == 16 && ((51..=55).contains(&prefix(2)) || (2221..=2720).contains(&prefix(4)));
    let amex = len == 15 && matches!(prefix(2), 34 | 37);
    let discover =
        long && (prefix(4) == 6011 || (644..=649).contains(&prefix(3)) || prefix(2) == 65);
    let jcb = long && (3528..=3589).contains(&prefix(4));
    let diners = (14..=19).contains(&len)
        && ((300..=305).contains(&prefix(3)) || matches!(prefix(2), 36 | 38));
    let unionpay = long && prefix(2) == 62;
    visa || mastercard || amex || discover || jcb || diners || unionpay
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn card(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::PaymentCard, v, "scan.card")
    }

    #[test]
    fn luhn_valid_cards_of_each_network() {
        for (text, digits) in [
            ("4970 1012 3456 7893", "4970101234567893"), // Visa
            ("4970-1012-3456-7893", "4970101234567893"), // Visa, hyphens
            ("4970\u{a0}1012\u{a0}3456\u{a0}7893", "4970101234567893"), // no-break spaces
            ("4970101234567893", "4970101234567893"),    // Visa, compact
            ("5134 5678 9012 3454", "5134567890123454"), // Mastercard 5x
            ("2221 0000 0000 0009", "2221000000000009"), // Mastercard 2-series
            ("3782 822463 10005", "378282246310005"),    // Amex 4-6-5
            ("6011 0009 9990 0008", "6011000999900008"), // Discover
            ("3530 1113 3330 0000", "3530111333300000"), // JCB
            ("3056 930902 5904", "30569309025904"),      // Diners 4-6-4
            ("6200 0000 0000 0005", "6200000000000005"), // UnionPay
        ] {
            assert_eq!(
                found(&format!("n° {text} fin")),
                vec![card(digits)],
                "{text}"
            );
        }
    }

    #[test]
    fn confidence_depends_on_card_words_before() {
        assert_eq!(only("n° 4970 1012 3456 7893").confidence, 0.6);
        assert_eq!(only("ma carte: 4970 1012 3456 7893").confidence, 1.0);
        assert_eq!(only("CB 4970101234567893").confidence, 1.0);
        assert_eq!(only("Visa ending 4970 1012 3456 7893").confidence, 1.0);
        // "cb" inside a word, and a card word more than 40 characters before, do not count.
        assert_eq!(only("cbd 4970 1012 3456 7893").confidence, 0.6);
        let far = format!("card{} 4970 1012 3456 7893", " ".repeat(45));
        assert_eq!(only(&far).confidence, 0.6);
    }

    #[test]
    fn luhn_failures_and_unknown_issuers_are_dropped() {
        assert_eq!(found("4970 1012 3456 7894"), vec![]);
        assert!(luhn("1234567890123452"));
        assert_eq!(found("1234 5678 9012 3452"), vec![]); // no issuer starts with 1
        // Luhn-valid, but Visa issues 13, 16 or 19 digits, not 18.
        // (Its first 16 digits fail Luhn, so the last-group retry finds nothing either.)
        assert!(luhn("497010123456780002"));
        assert!(!luhn("4970101234567800"));
        assert_eq!(found("4970 1012 3456 7800 02"), vec![]);
        assert_eq!(
            found("4970 1012 3456 7893 121"),
            vec![card("4970101234567893121")]
        );
    }

    #[test]
    fn t9_placeholder_cards_are_dropped() {
        assert_eq!(found("4111 1111 1111 1111"), vec![]);
        assert_eq!(found("4242424242424242"), vec![]);
        assert_eq!(found("5555-5555-5555-4444"), vec![]);
        assert!(placeholder("4444444444444444"));
        assert!(!placeholder("4970101234567893"));
    }

    #[test]
    fn glued_or_mixed_candidates_are_dropped() {
        assert_eq!(found("4970 1012-3456 7893"), vec![]);
        assert_eq!(found("14970101234567893"), vec![]);
        assert_eq!(found("49701012345678931234"), vec![]);
        assert_eq!(found("ref4970101234567893"), vec![]);
        assert_eq!(
            found("https://x.example/p?story_fbid=4970101234567893&id=1"),
            vec![]
        );
        assert_eq!(found("1234 4970 1012 3456 7893"), vec![]);
    }

    #[test]
    fn a_trailing_group_is_dropped_when_the_whole_fails() {
        assert_eq!(
            found("carte 4970 1012 3456 7893 12/25"),
            vec![card("4970101234567893")]
        );
        assert_eq!(
            found("4970 1012 3456 7893 5"),
            vec![card("4970101234567893")]
        );
    }

    #[test]
    fn t1_t2_t3_timestamps_ids_and_dates_are_not_cards() {
        assert_eq!(found("1700000000000 1700000000"), vec![]);
        assert_eq!(found("\"fbid\": 100012345678901"), vec![]);
        assert_eq!(found("12/03/2021 2021-03-12 08:00"), vec![]);
    }
}

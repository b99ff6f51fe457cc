//! French social-security numbers, NIR (pattern P3, entity #4). Confidence 1.0 when written in
//! groups or after a context word (sécu, NIR, INSEE...); 0.45 ("possible", not scored) for a bare
//! 15-character run, since about 1 in 97 Facebook ids passes the key by chance.
//!
//! 15 characters: sex (1, 2, 3, 4, 7, 8), year (2), month (01–13, 20, 30–42, 50–99), place (5,
//! Corsica `2A`/`2B` in the département slot), order (3), key (2), optionally separated by one
//! kind of separator (space or dot). Key = 97 − (N mod 97), N being the 13 first characters with
//! `2A` → 19 and `2B` → 18. Not reported in a URL path or query slot (`?id=…`, `/…/`), where
//! 15-digit runs are Facebook ids (trap T2). Value: the 15 characters without separators,
//! upper-case.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, all_same, in_url_slot, mod97, standalone, uniform_separators};
use super::zones::{Mark, Zones, is_space_byte};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Digit,
        joiner: |b| is_space_byte(b) || matches!(b, b'.' | b'A' | b'a' | b'B' | b'b'),
        // Corsica's `2A`/`2B` puts a letter and a separator (up to 3 bytes) between digits;
        // 15 characters, one of which may be that letter.
        max_gap: 4,
        min_marks: 14,
        lead: 0,
        tail: 0,
        needs: None,
    },
    numeric: true,
    check,
};

/// Words that make a bare 15-character run a NIR (detection-and-risk.md §2, entity #4).
static CONTEXT: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("nir", true),
        ("insee", true),
        ("secu", false),
        ("sécu", false),
        ("securite sociale", false),
        ("sécurité sociale", false),
        ("carte vitale", false),
        ("social security", false),
        ("ssn", true),
    ])
});

/// P3.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[1-478][\p{Zs}.]?[0-9]{2}[\p{Zs}.]?(?:0[1-9]|1[0-3]|[2-9][0-9])[\p{Zs}.]?(?:[0-9]{2}|2[AaBb])",
        r"[\p{Zs}.]?[0-9]{3}[\p{Zs}.]?[0-9]{3}[\p{Zs}.]?[0-9]{2}",
    ))
    .expect("static NIR pattern")
});

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    if !standalone(hay, m.start(), m.end())
        || in_url_slot(hay, m.start(), m.end())
        || !uniform_separators(s)
    {
        return None;
    }
    let nir: String = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let grouped = s.len() > nir.len();
    let confidence = if grouped || CONTEXT.before(hay, m.start(), 60) {
        1.0
    } else {
        0.45
    };
    valid(&nir).then(|| Hit::new(&m, Kind::NationalId, nir, confidence, "scan.nir"))
}

/// Month, key range and key of a 15-character NIR (sex digit and shape come from the pattern).
fn valid(nir: &str) -> bool {
    if nir.len() != 15 {
        return false;
    }
    let month: u32 = nir[3..5].parse().unwrap_or(0);
    if !matches!(month, 1..=13 | 20 | 30..=42 | 50..=99) {
        return false;
    }
    let body = match &nir[5..7] {
        "2A" => format!("{}19{}", &nir[..5], &nir[7..13]),
        "2B" => format!("{}18{}", &nir[..5], &nir[7..13]),
        _ => nir[..13].to_string(),
    };
    if all_same(&body) {
        return false;
    }
    let (Some(r), Ok(key)) = (mod97(&body), nir[13..].parse::<u32>()) else {
        return false;
    };
    (1..=97).contains(&key) && key == 97 - r
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn nir(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::NationalId, v, "scan.nir")
    }

    #[test]
    fn valid_nirs() {
        assert_eq!(
            found("NIR : 2 95 10 99 126 111 93."),
            vec![nir("295109912611193")]
        );
        assert_eq!(found("295109912611193"), vec![nir("295109912611193")]);
        assert_eq!(found("2.95.10.99.126.111.93"), vec![nir("295109912611193")]);
        assert_eq!(
            found("2\u{a0}95\u{a0}10\u{a0}99\u{a0}126\u{a0}111\u{a0}93"),
            vec![nir("295109912611193")]
        );
        assert_eq!(found("2951099126111 93"), vec![nir("295109912611193")]);
        assert_eq!(only("295109912611193").confidence, 0.45);
        assert_eq!(only("n° de sécu 295109912611193").confidence, 1.0);
        assert_eq!(only("2 95 10 99 126 111 93").confidence, 1.0);
    }

    #[test]
    fn every_allowed_sex_digit_and_month_13_pass_and_same_digit_bodies_do_not() {
        // Keys computed by hand: 97 - (first 13 digits mod 97).
        for value in [
            "395109912611143",
            "495109912611190",
            "795109912611137",
            "895109912611184",
            "295139912611144",
        ] {
            assert_eq!(found(value), vec![nir(value)], "{value}");
        }
        assert_eq!(found("111111111111120"), vec![], "one digit throughout");
    }

    #[test]
    fn corsica_departments() {
        assert_eq!(found("253072B07300470"), vec![nir("253072B07300470")]);
        assert_eq!(found("2 53 07 2a 073 004 43"), vec![nir("253072A07300443")]);
        // 2A and 2B are not interchangeable: the key differs.
        assert_eq!(found("253072A07300470"), vec![]);
    }

    #[test]
    fn wrong_keys_and_fields_are_dropped() {
        assert_eq!(found("295109912611199"), vec![]);
        // Public "valid" vector whose key is wrong (correct key 91).
        assert_eq!(found("1 85 05 78 006 084 36"), vec![]);
        assert_eq!(found("1 85 05 78 006 084 91"), vec![nir("185057800608491")]);
        // Sex digit 5 and month 25 are not allowed; keys computed to be otherwise right.
        let body = "5951099126111";
        let key = 97 - mod97(body).unwrap();
        assert_eq!(found(&format!("{body}{key:02}")), vec![]);
        let body = "2952599126111";
        let key = 97 - mod97(body).unwrap();
        assert!(!valid(&format!("{body}{key:02}")));
        assert!(valid(&format!(
            "2952099126111{:02}",
            97 - mod97("2952099126111").unwrap()
        )));
    }

    #[test]
    fn glued_or_mixed_candidates_are_dropped() {
        assert_eq!(found("1295109912611193"), vec![]);
        assert_eq!(found("2951099126111930"), vec![]);
        assert_eq!(found("x295109912611193"), vec![]);
        assert_eq!(found("2 95 10.99 126 111 93"), vec![]);
    }

    #[test]
    fn t1_t2_timestamps_and_ids_are_not_nirs() {
        assert_eq!(found("\"fbid\": 100012345678901"), vec![]);
        // 100012345678908 passes the key (1 id in 97 does), but ids in URLs are not reported.
        assert!(valid("100012345678908"));
        assert_eq!(
            found("https://www.facebook.com/profile.php?id=100012345678908"),
            vec![]
        );
        assert_eq!(
            found("https://www.facebook.com/100012345678908/posts/1"),
            vec![]
        );
        assert_eq!(found("1700000000000"), vec![]);
    }
}

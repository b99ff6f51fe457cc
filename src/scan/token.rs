//! Access tokens pasted in free text (entity #21): a Facebook access token (`EAA…`), a Google
//! OAuth token (`ya29.…`), a JSON Web Token (`eyJ….eyJ….…`), a GitHub token (`ghp_…`), a Slack
//! token (`xoxb-…`), an AWS access key (`AKIA…`), a Stripe secret key (`sk_live_…`): whoever
//! holds one acts as its owner. A token is a whole word of its alphabet, holds a digit that
//! more of it (not a digit) follows and at least ten different characters after its prefix,
//! and is no placeholder (`XXXX`, `REDACTED`). Confidence 0.9. Value: the token (a secret:
//! never shown unless `--reveal`).
//!
//! Zones are around the first run of digits of a word of a token's alphabet that starts with
//! one of the prefixes (see [`in_a_token`]): each byte looked at once, and the regex never runs
//! on plain text.
//! It never reports or logs a candidate it rejected.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Match, Regex};

use super::zones::{Mark, Needs, Zones};
use super::{Hit, Rule};
use crate::model::Kind;

/// The longest token the pattern reads (a JSON Web Token's three parts).
const LONGEST_TOKEN: usize = 3 + 400 + 1 + 3 + 400 + 1 + 400;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Digit,
        joiner: |_| false,
        max_gap: 0,
        min_marks: 1,
        lead: LONGEST_TOKEN,
        tail: LONGEST_TOKEN,
        needs: Some(Needs {
            min_len: 1,
            max_len: LONGEST_TOKEN,
            followed_by: &TOKEN_BYTES,
            passes: in_a_token,
        }),
    },
    numeric: false,
    check,
};

/// The prefixes of the tokens [`RE`] reads.
const PREFIXES: &[&[u8]] = &[
    b"EAA",
    b"ya29.",
    b"eyJ",
    b"ghp_",
    b"gho_",
    b"ghu_",
    b"ghs_",
    b"ghr_",
    b"xoxa-",
    b"xoxb-",
    b"xoxp-",
    b"xoxr-",
    b"xoxs-",
    b"AKIA",
    b"sk_live_",
];

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"EAA[A-Za-z0-9]{30,400}|ya29\.[0-9A-Za-z_\-]{20,400}|eyJ[A-Za-z0-9_\-]{10,400}\.eyJ[A-Za-z0-9_\-]{10,400}\.[A-Za-z0-9_\-]{10,400}|gh[pousr]_[A-Za-z0-9]{36,251}|xox[abprs]-[A-Za-z0-9\-]{10,200}|AKIA[0-9A-Z]{16}|sk_live_[0-9A-Za-z]{24,99}",
    )
    .expect("static token pattern")
});

/// A byte of a token's alphabet (letters, digits, `_`, `-`, `.`).
const fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// [`is_token_byte`] as a table: the bytes a run of digits inside a token is followed by (a
/// token's digits all at its end are not looked for, see [`check`]).
static TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_token_byte(b as u8);
        b += 1;
    }
    table
};

/// Whether the run of digits `hay[run]` is a token's first: the token bytes before it hold no
/// digit, and start a word with one of the [`PREFIXES`] (`EAAB…`, or the digits are part of it:
/// `ya29.`). Each byte before a run is read by that run alone (the stretch stops at a digit), so
/// a text of letters and digits however long costs one pass, never one per run.
fn in_a_token(hay: &[u8], run: Range<usize>) -> bool {
    let floor = run.start.saturating_sub(LONGEST_TOKEN);
    let mut start = run.start;
    while start > floor && is_token_byte(hay[start - 1]) && !hay[start - 1].is_ascii_digit() {
        start -= 1;
    }
    let starts_word = start == 0 || !is_token_byte(hay[start - 1]);
    starts_word
        && PREFIXES
            .iter()
            .any(|prefix| hay[start..].starts_with(prefix))
}

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let bytes = hay.as_bytes();
    let whole = m.start() == 0 || !is_token_byte(bytes[m.start() - 1]);
    let ends = bytes.get(m.end()).is_none_or(|&b| !is_token_byte(b));
    let token = m.as_str();
    let prefix = PREFIXES
        .iter()
        .filter(|p| token.as_bytes().starts_with(p))
        .map(|p| p.len())
        .max()
        .unwrap_or(0);
    let body = &token[prefix..];
    let mut seen = [false; 128];
    for b in body.bytes() {
        seen[usize::from(b & 0x7F)] = true;
    }
    let distinct = seen.iter().filter(|&&s| s).count();
    let upper = body.to_ascii_uppercase();
    let placeholder = ["XXXX", "REDACTED", "0000000", "EXAMPLE"]
        .iter()
        .any(|stop| upper.contains(stop));
    // A digit with more of the token after it (not a digit): the zones start at the first
    // run of digits, which is then followed by the token's alphabet.
    let inner_digit = body
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0].is_ascii_digit() && !pair[1].is_ascii_digit());
    if !whole || !ends || !inner_digit || distinct < 10 || placeholder {
        return None;
    }
    Some(Hit::new(
        &m,
        Kind::Secret,
        token.to_string(),
        0.9,
        "scan.token",
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit};
    use super::*;

    /// An invented token body: letters and digits in a fixed shuffle.
    fn body(n: usize) -> String {
        let alphabet = b"q7Wm2ZpR9xLc4TfH8nKd1VbJ6sGy3Ea5";
        (0..n)
            .map(|i| char::from(alphabet[(i * 7 + 3) % alphabet.len()]))
            .collect()
    }

    #[test]
    fn tokens_of_every_kind_are_found_whole() {
        let tokens = [
            format!("EAAB{}", body(120)),
            format!("ya29.a0{}", body(60)),
            format!("eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}", body(30), body(43)),
            format!("ghp_{}", body(36)),
            format!("xoxb-1234-{}", body(24)),
            format!("AKIA{}", body(16).to_ascii_uppercase()),
            format!("sk_live_{}", body(24)),
        ];
        for token in &tokens {
            for text in [
                format!("mon token: {token}"),
                format!("Authorization: Bearer {token}\nmerci"),
                format!("https://graph.example.com/me?access_token={token}&x=1"),
            ] {
                assert_eq!(
                    found(&text),
                    vec![hit(Kind::Secret, token, "scan.token")],
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn a_token_in_a_long_word_of_letters_and_digits_is_judged_once() {
        // Letters and digits glued over a megabyte: each byte is read by one run's look back,
        // and the word is no token (it does not start with a prefix where it starts).
        let word = "a1".repeat(1 << 19);
        assert_eq!(found(&format!("x {word}EAAB{} y", body(40))), vec![]);
        let token = format!("EAAB{}", body(40));
        assert_eq!(
            found(&format!("{word} {token} {word}")),
            vec![hit(Kind::Secret, &token, "scan.token")]
        );
    }

    #[test]
    fn words_that_only_look_like_tokens_are_left_alone() {
        for text in [
            // Too short, glued to more of the alphabet, a placeholder, no digit, few characters.
            "EAAB123",
            &format!("xEAAB{}", body(40)),
            &format!("EAAB{}XXXXXXXX", body(30)),
            "EAABcdefghijklmnopqrstuvwxyzcdefghijklmnopqrstuvwxyz",
            "EAAB1111111111111111111111111111111111111111111111",
            "eyJ only one part 2024",
            "ya29 is a number 12345678901234567890",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }
}

//! GPS coordinate pairs in free text (pattern P12, entity #14), confidence 0.6.
//!
//! Both numbers need at least 3 decimals and must be in range (|lat| ≤ 90, |lon| ≤ 180); (0, 0)
//! is dropped. A pair is judged by its shape first: 4 or more decimals on both sides is the way
//! positions are written (`48.8566, 2.3522`) and is kept as it is. Trap T10 (`1.234, 5.678` is a
//! pair of version numbers far more often than a position): a pair with only 3 decimals on a side,
//! or whose two numbers both end in `0` (amounts and rates padded to 4 places: `12.5000, 3.2500`),
//! is only kept when a location word (gps, lat, lon, position, coordonnées, maps, geo…) appears
//! within 40 characters before it.
//! Value: `lat,lon` with the digits as written (a leading `+` dropped).
//! It never reports or logs a pair it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, char_after, char_before, is_word};
use super::zones::{Mark, Zones};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Digit,
        joiner: |b| matches!(b, b'.' | b' ' | b'\t' | b',' | b';' | b'-' | b'+'),
        // Up to 3 blanks, `,` or `;`, up to 3 blanks and a sign between the two numbers; two
        // decimal coordinates hold 8 digits at least.
        max_gap: 8,
        min_marks: 8,
        lead: 1,
        tail: 0,
        needs: None,
    },
    numeric: false,
    check,
};

/// P12 with the decimal runs and the blanks around the separator bounded.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[-+]?(?:90(?:\.0{3,15})?|[1-8]?[0-9]\.[0-9]{3,15})",
        r"[ \t]{0,3}[,;][ \t]{0,3}",
        r"[-+]?(?:180(?:\.0{3,15})?|(?:1[0-7][0-9]|[1-9]?[0-9])\.[0-9]{3,15})",
    ))
    .expect("static GPS pattern")
});

static CONTEXT: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("gps", true),
        ("lat", true),
        ("lng", true),
        ("lon", true),
        ("long", true),
        ("latitude", false),
        ("longitude", false),
        ("location", false),
        ("localisation", false),
        ("coord", false),
        ("position", false),
        ("geo", true),
        ("geoloc", false),
        ("géoloc", false),
        ("map", true),
        ("maps", true),
    ])
});

/// Decimals on both sides that make a pair precise enough to keep without a context word.
const PRECISE_DECIMALS: usize = 4;
/// Context window before the pair, in characters.
const CONTEXT_CHARS: usize = 40;

fn decimals(number: &str) -> usize {
    number.split_once('.').map_or(0, |(_, d)| d.len())
}

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    if char_before(hay, m.start()).is_some_and(|c| is_word(c) || matches!(c, '.' | '-' | '+')) {
        return None;
    }
    match char_after(hay, m.end()) {
        Some(c) if is_word(c) => return None,
        Some('.') if char_after(hay, m.end() + 1).is_some_and(|c| c.is_ascii_digit()) => {
            return None;
        }
        _ => {}
    }
    let (lat, lon) = m.as_str().split_once([',', ';'])?;
    let (lat, lon) = (
        lat.trim().trim_start_matches('+'),
        lon.trim().trim_start_matches('+'),
    );
    let (dlat, dlon) = (decimals(lat), decimals(lon));
    if dlat < 3 || dlon < 3 {
        return None;
    }
    let (la, lo): (f64, f64) = (lat.parse().ok()?, lon.parse().ok()?);
    if la.abs() > 90.0 || lo.abs() > 180.0 || (la == 0.0 && lo == 0.0) {
        return None;
    }
    let padded = lat.ends_with('0') && lon.ends_with('0');
    let shaped_like_a_position = dlat.min(dlon) >= PRECISE_DECIMALS && !padded;
    if !shaped_like_a_position && !CONTEXT.before(hay, m.start(), CONTEXT_CHARS) {
        return None;
    }
    Some(Hit::new(
        &m,
        Kind::LocationPoint,
        format!("{lat},{lon}"),
        0.6,
        "scan.gps",
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn gps(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::LocationPoint, v, "scan.gps")
    }

    #[test]
    fn precise_pairs_need_no_context() {
        assert_eq!(
            found("rdv 48.85837, 2.29448 ce soir"),
            vec![gps("48.85837,2.29448")]
        );
        assert_eq!(
            found("-33.86882;151.20929"),
            vec![gps("-33.86882,151.20929")]
        );
        assert_eq!(
            found("+45.00001,-73.56734"),
            vec![gps("45.00001,-73.56734")]
        );
        assert_eq!(only("48.85837, 2.29448").confidence, 0.6);
    }

    #[test]
    fn short_pairs_need_a_location_word() {
        assert_eq!(found("GPS: 48.858, 2.294"), vec![gps("48.858,2.294")]);
        assert_eq!(
            found("https://www.google.com/maps/@48.8584,2.2945,17z"),
            vec![gps("48.8584,2.2945")]
        );
        assert_eq!(
            found("coordonnées : 43.2965, 5.3698"),
            vec![gps("43.2965,5.3698")]
        );
        assert_eq!(found("48.858, 2.294"), vec![]);
        // "long" inside "along" is not a context word.
        assert_eq!(found("along 48.858, 2.294"), vec![]);
        // Padded amounts need the word too.
        assert_eq!(found("taux 12.5000, 3.2500"), vec![]);
        assert_eq!(found("gps 12.5000, 3.2500"), vec![gps("12.5000,3.2500")]);
    }

    #[test]
    fn four_decimal_pairs_are_positions_by_their_shape() {
        assert_eq!(
            found("on se voit au 48.8566, 2.3522 ?"),
            vec![gps("48.8566,2.3522")]
        );
        assert_eq!(
            found("(-22.9068, -43.1729)"),
            vec![gps("-22.9068,-43.1729")]
        );
        assert_eq!(found("v2.1234, 3.5678.9"), vec![]);
    }

    #[test]
    fn t10_versions_and_zero_pairs_are_not_positions() {
        assert_eq!(found("versions 1.234, 5.678"), vec![]);
        assert_eq!(found("1.234, 5.678"), vec![]);
        assert_eq!(found("gps 0.000, 0.000"), vec![]);
        assert_eq!(found("0.00000, 0.00000"), vec![]);
        assert_eq!(found("gps 48.85, 2.29"), vec![]);
    }

    #[test]
    fn out_of_range_or_glued_pairs_are_dropped() {
        assert_eq!(found("gps 91.12345, 2.12345"), vec![]);
        assert_eq!(found("gps 48.12345, 181.12345"), vec![]);
        assert_eq!(found("gps 1.48.12345, 2.12345"), vec![]);
        assert_eq!(found("gps 48.12345, 2.12345.7"), vec![]);
        assert_eq!(found("gps x48.12345, 2.12345"), vec![]);
    }
}

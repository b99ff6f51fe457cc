//! Hardware (MAC) addresses in free text (pattern P14, entity #16): six pairs of hex digits
//! separated by `:` (`3c:22:fb:0a:11:7e`). Not reported: the all-zero and broadcast addresses,
//! multicast addresses (first octet odd: no device), or a pair inside a longer run of hex digits
//! and colons (an IPv6 address, a hash). Confidence 0.6, or 0.9 after a word naming one (MAC,
//! Wi-Fi, BSSID, Bluetooth) within 40 characters. A randomised (locally administered) address
//! is reported like any other: it still names a device for a while. Value: lower case.
//! It never reports or logs an address it rejected.

use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{Context, char_after, char_before};
use super::zones::{Mark, Zones};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Byte(b':'),
        joiner: |b| b.is_ascii_hexdigit(),
        // A pair between each two `:`, five `:` in all, a pair before and after.
        max_gap: 2,
        min_marks: 5,
        lead: 2,
        tail: 2,
        needs: None,
    },
    numeric: false,
    check,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}").expect("static MAC pattern")
});

static WORDS: LazyLock<Context> = LazyLock::new(|| {
    Context::new(&[
        ("mac", true),
        ("wifi", false),
        ("wi-fi", false),
        ("bssid", true),
        ("bluetooth", false),
    ])
});

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_hexdigit() || c == ':');
    if glued(char_before(hay, m.start())) || glued(char_after(hay, m.end())) {
        return None;
    }
    let address = m.as_str().to_ascii_lowercase();
    let first = u8::from_str_radix(&address[..2], 16).ok()?;
    let all_same = address.split(':').all(|pair| pair == &address[..2]);
    if first & 1 == 1 || (all_same && matches!(&address[..2], "00" | "ff")) {
        return None;
    }
    let confidence = if WORDS.before(hay, m.start(), 40) {
        0.9
    } else {
        0.6
    };
    Some(Hit::new(&m, Kind::Device, address, confidence, "scan.mac"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, found_of, hit, only};
    use super::*;

    #[test]
    fn device_addresses_with_and_without_their_word() {
        let mac = |v: &str| hit(Kind::Device, v, "scan.mac");
        assert_eq!(
            found("borne Wi-Fi 3C:22:FB:0A:11:7E."),
            vec![mac("3c:22:fb:0a:11:7e")]
        );
        assert_eq!(only("adresse MAC 3c:22:fb:0a:11:7e").confidence, 0.9);
        assert_eq!(only("x 3c:22:fb:0a:11:7e y").confidence, 0.6);
        // Locally administered (randomised): still a device.
        assert_eq!(found("da:a1:19:00:00:01"), vec![mac("da:a1:19:00:00:01")]);
        for text in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "01:00:5e:00:00:fb",
            "fe80::3c22:fbff:fe0a:117e",
            "3c:22:fb:0a:11:7e:9a",
            "a3c:22:fb:0a:11:7e",
            "12:34:56",
        ] {
            assert_eq!(found_of(Kind::Device, text), 0, "{text}");
        }
    }
}

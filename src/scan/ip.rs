//! IP addresses (entity #15).
//!
//! IPv4: pattern P13 with the guards of trap T6 (not after `/` — unless it is the `//` of a URL,
//! whose host is an address — `v`, `.`, a digit or a letter, not
//! followed by `.digit`: `Chrome/120.0.0.0`, `v1.2.3.4.5`, `10.0.19045.1`), parsed with
//! `std::net::Ipv4Addr`. IPv6: runs of hex digits and `:` holding at least two `:` (an IPv4 tail
//! allowed), parsed with `std::net::Ipv6Addr`; `::` alone and `hh:mm:ss` times are rejected.
//! Value: the canonical `std::net` form. Unspecified addresses (`0.0.0.0`, `::`) are not reported.
//! [`reach`] says how far an address (found here or read by a parser) can point at someone.
//! It never reports or logs a candidate it rejected.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{char_after, char_before, is_word};
use super::zones::{Mark, Zones};
use super::{Hit, Rule};
use crate::model::Kind;

pub(super) static RULE_V4: Rule = Rule {
    regex: &RE_V4,
    zones: Zones::digits(|b| b == b'.', 1, 4),
    numeric: false,
    check: check_v4,
};

pub(super) static RULE_V6: Rule = Rule {
    regex: &RE_V6,
    zones: Zones::Cluster {
        mark: Mark::Byte(b':'),
        joiner: |b| b.is_ascii_hexdigit(),
        // Groups of up to 4 hex digits between `:`; at most 4 before the first and after the
        // last, then up to three `.` and 3 digits (an IPv4 tail).
        max_gap: 4,
        min_marks: 2,
        lead: 4,
        tail: 4 + 3 * 4,
        needs: None,
    },
    numeric: false,
    check: check_v6,
};

/// P13.
static RE_V4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}")
        .expect("static IPv4 pattern")
});

/// Hex groups of at most 4 digits joined by 2 to 7 `:`, optionally ending in a dotted IPv4 tail.
static RE_V6: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.[0-9]{1,3}){0,3}")
        .expect("static IPv6 pattern")
});

/// The end of an address: not glued to a word, not followed by `.digit` (a longer version string).
fn ends_cleanly(hay: &str, end: usize) -> bool {
    match char_after(hay, end) {
        Some(c) if is_word(c) => false,
        Some('.') => !char_after(hay, end + 1).is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// The start of an IPv4 address: not glued to a word or a dot, and after a `/` only when that
/// `/` ends a URL scheme (`http://192.0.2.1/…`: the host of a URL is an address;
/// `Chrome/120.0.0.0` is a version).
fn starts_cleanly_v4(hay: &str, start: usize) -> bool {
    match char_before(hay, start) {
        Some('/') => char_before(hay, start - 1) == Some('/'),
        Some(c) => !(is_word(c) || c == '.'),
        None => true,
    }
}

fn check_v4(hay: &str, m: Match<'_>) -> Option<Hit> {
    if !starts_cleanly_v4(hay, m.start()) || !ends_cleanly(hay, m.end()) {
        return None;
    }
    let ip: Ipv4Addr = m.as_str().parse().ok()?;
    if ip.is_unspecified() {
        return None;
    }
    Some(Hit::new(
        &m,
        Kind::IpAddress,
        ip.to_string(),
        0.9,
        "scan.ipv4",
    ))
}

fn check_v6(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    if char_before(hay, m.start()).is_some_and(|c| is_word(c) || c == ':' || c == '.')
        || char_after(hay, m.end()) == Some(':')
        || !ends_cleanly(hay, m.end())
    {
        return None;
    }
    if is_time(s) || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let ip: Ipv6Addr = s.parse().ok()?;
    if ip.is_unspecified() {
        return None;
    }
    Some(Hit::new(
        &m,
        Kind::IpAddress,
        ip.to_string(),
        0.9,
        "scan.ipv6",
    ))
}

/// How far an IP address can point at someone (reference §2, entity 15; trap T6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// An address of the internet: it leads to a subscriber at a time.
    Public,
    /// An address of a private network (`10/8`, `172.16/12`, `192.168/16`, IPv6 `fc00::/7`),
    /// of a carrier's shared NAT (`100.64/10`) or of a link (`169.254/16`, `fe80::/10`): the
    /// same numbers serve millions of networks, so alone it identifies little.
    Local,
    /// The machine itself, no address, or everyone (loopback, unspecified, broadcast,
    /// multicast): it points at no one.
    Nowhere,
}

/// The reach of an address written in any form `std::net` reads; `None` for no address. The
/// documentation ranges (`192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`) stand
/// in for internet addresses in examples, and are read as public.
pub fn reach(address: &str) -> Option<Reach> {
    let ip: std::net::IpAddr = address.trim().parse().ok()?;
    let v4 = match ip {
        std::net::IpAddr::V4(v4) => Some(v4),
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped(),
    };
    Some(match (v4, ip) {
        (Some(v4), _) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() || v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() {
                Reach::Nowhere
            } else if v4.is_private() || v4.is_link_local() || (a == 100 && (64..128).contains(&b))
            {
                Reach::Local
            } else {
                Reach::Public
            }
        }
        (None, std::net::IpAddr::V6(v6)) => {
            let first = v6.segments()[0];
            if v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() {
                Reach::Nowhere
            } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80 {
                Reach::Local
            } else {
                Reach::Public
            }
        }
        (None, std::net::IpAddr::V4(_)) => Reach::Public,
    })
}

/// `hh:mm` or `hh:mm:ss` (1–2 decimal digits per group, no `::`).
fn is_time(s: &str) -> bool {
    let groups: Vec<&str> = s.split(':').collect();
    (2..=3).contains(&groups.len())
        && groups
            .iter()
            .all(|g| (1..=2).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    fn v4(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::IpAddress, v, "scan.ipv4")
    }

    fn v6(v: &str) -> (Kind, String, &'static str) {
        hit(Kind::IpAddress, v, "scan.ipv6")
    }

    #[test]
    fn every_kind_of_address_has_its_reach() {
        for (address, expected) in [
            ("192.0.2.17", Reach::Public),
            ("2001:db8::1", Reach::Public),
            ("8.8.8.8", Reach::Public),
            ("10.1.2.3", Reach::Local),
            ("172.16.0.9", Reach::Local),
            ("172.32.0.9", Reach::Public),
            ("192.168.1.20", Reach::Local),
            ("100.64.0.1", Reach::Local),
            ("100.127.255.254", Reach::Local),
            ("100.128.0.1", Reach::Public),
            ("169.254.10.10", Reach::Local),
            ("fd12:3456::1", Reach::Local),
            ("fe80::1", Reach::Local),
            ("::ffff:192.168.0.1", Reach::Local),
            ("127.0.0.1", Reach::Nowhere),
            ("::1", Reach::Nowhere),
            ("0.0.0.0", Reach::Nowhere),
            ("255.255.255.255", Reach::Nowhere),
            ("224.0.0.251", Reach::Nowhere),
            ("ff02::1", Reach::Nowhere),
        ] {
            assert_eq!(reach(address), Some(expected), "{address}");
        }
        assert_eq!(reach("not an address"), None);
    }

    #[test]
    fn ipv4_documentation_addresses() {
        assert_eq!(found("login from 192.0.2.1"), vec![v4("192.0.2.1")]);
        assert_eq!(
            found("ip=198.51.100.254, then 203.0.113.9."),
            vec![v4("198.51.100.254"), v4("203.0.113.9")]
        );
        assert_eq!(found("(192.0.2.255)"), vec![v4("192.0.2.255")]);
        assert_eq!(found("ip:192.0.2.10"), vec![v4("192.0.2.10")]);
        assert_eq!(only("192.0.2.1").confidence, 0.9);
    }

    #[test]
    fn t6_versions_and_user_agents_are_not_ipv4() {
        assert_eq!(found("Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36"), vec![]);
        assert_eq!(found("v1.2.3.4.5"), vec![]);
        assert_eq!(found("version 1.2.3.4.5"), vec![]);
        assert_eq!(found("Windows NT 10.0.19045.1"), vec![]);
        assert_eq!(found("build 10.0.19045.1"), vec![]);
        assert_eq!(found("192.0.2.256"), vec![]);
        assert_eq!(found("1192.0.2.1"), vec![]);
        assert_eq!(found("192.0.2.1a"), vec![]);
        assert_eq!(found("0.0.0.0"), vec![]);
        assert_eq!(found("path/192.0.2.1"), vec![]);
    }

    #[test]
    fn the_host_of_a_url_is_an_address() {
        assert_eq!(found("http://192.0.2.102/admin"), vec![v4("192.0.2.102")]);
        assert_eq!(
            found("https://198.51.100.7:8443/x"),
            vec![v4("198.51.100.7")]
        );
        assert_eq!(found("ftp://user@203.0.113.5"), vec![v4("203.0.113.5")]);
        assert_eq!(found("Chrome/124.0.0.0 Safari"), vec![]);
    }

    #[test]
    fn ipv6_addresses_in_canonical_form() {
        assert_eq!(found("from 2001:db8::1 at noon"), vec![v6("2001:db8::1")]);
        assert_eq!(
            found("[2001:0DB8:0000:0000:0000:0000:0000:0042]:443"),
            vec![v6("2001:db8::42")]
        );
        assert_eq!(found("fe80::1, ::1"), vec![v6("fe80::1"), v6("::1")]);
        assert_eq!(
            found("::ffff:198.51.100.7"),
            vec![v6("::ffff:198.51.100.7")]
        );
    }

    #[test]
    fn ipv6_traps() {
        assert_eq!(found("a :: b"), vec![]);
        assert_eq!(found("::"), vec![]);
        assert_eq!(found("at 12:34:56 and 08:00"), vec![]);
        assert_eq!(found("2021-03-12 08:00:00"), vec![]);
        assert_eq!(found("std::vector"), vec![]);
        assert_eq!(found("dead::beef"), vec![]);
        // A MAC address has six groups and no "::": not an IPv6 address (the MAC rule's).
        assert_eq!(
            found("00:1a:2b:3c:4d:5e"),
            vec![hit(Kind::Device, "00:1a:2b:3c:4d:5e", "scan.mac")]
        );
        assert_eq!(found("2001:db8::1:"), vec![]);
    }
}

//! E-mail addresses (pattern P1, entity #1): the top-level domain must be a known TLD
//! (`tlds.txt`), asset names such as `logo@2x.png` and URL credentials
//! (`https://user:pass@host`) are dropped (trap T8). Value: the address, lower-cased.
//! It never reports or logs an address it rejected.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Match, Regex};

use super::util::{char_after, char_before, is_word};
use super::zones::{Mark, Zones};
use super::{Hit, Rule};
use crate::data::{self, Layout, Table};
use crate::model::Kind;

pub(super) static RULE: Rule = Rule {
    regex: &RE,
    zones: Zones::Cluster {
        mark: Mark::Byte(b'@'),
        joiner: |_| false,
        max_gap: 0,
        min_marks: 1,
        // Local part ≤ 64; after the `@`: a label ≤ 63, up to 8 more `.label`, `.tld` ≤ 63.
        lead: 64,
        tail: 63 + 8 * 64 + 64,
        needs: None,
    },
    numeric: false,
    check,
};

/// P1 with `_` added to the local part and lengths bounded (local ≤ 64, label ≤ 63, ≤ 10 labels).
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,63}",
    )
    .expect("static e-mail pattern")
});

fn load_tlds(text: &'static str) -> Table<&'static str> {
    data::load(Layout::new("tlds.txt", 1), text, |cols| {
        let tld = cols[0].trim();
        if tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(tld)
        } else {
            Err(format!(
                "a TLD is two or more lower-case letters, not {tld:?}"
            ))
        }
    })
}

static TLDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    load_tlds(include_str!("tlds.txt"))
        .rows
        .into_iter()
        .collect()
});

/// A row of `automated_senders.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AutomatedSender {
    /// A word of the local part, written whole or split by `.`, `-`, `_` or `+`.
    LocalWord(&'static str),
    /// A domain and its subdomains.
    Domain(&'static str),
}

fn load_automated_senders(text: &'static str) -> Table<AutomatedSender> {
    data::load(Layout::new("automated_senders.txt", 2), text, |cols| {
        let value = cols[1].trim();
        if value.is_empty() || value.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(format!("a sender row is lower case, not {value:?}"));
        }
        match cols[0] {
            "local" => Ok(AutomatedSender::LocalWord(value)),
            "domain" => Ok(AutomatedSender::Domain(value)),
            other => Err(format!("a sender row is local or domain, not {other:?}")),
        }
    })
}

static AUTOMATED_SENDERS: LazyLock<Vec<AutomatedSender>> =
    LazyLock::new(|| load_automated_senders(include_str!("automated_senders.txt")).rows);

/// Whether `address` is a platform's machinery (`noreply@…`, `…@facebookmail.com`), not a
/// person's (`automated_senders.txt`): such an address is no one's personal data.
pub(crate) fn is_automated_sender(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    // A local part is 64 bytes at most (a longer "address" a parser met is no sender's).
    if local.len() > 64 {
        return false;
    }
    let (local, domain) = (local.to_ascii_lowercase(), domain.to_ascii_lowercase());
    let words: Vec<&str> = local
        .split(['.', '-', '_', '+'])
        .filter(|w| !w.is_empty())
        .collect();
    AUTOMATED_SENDERS.iter().any(|sender| match *sender {
        AutomatedSender::Domain(name) => {
            domain == name || domain.strip_suffix(name).is_some_and(|d| d.ends_with('.'))
        }
        // Consecutive words joined: `do`, `not`, `reply` make `donotreply`.
        AutomatedSender::LocalWord(word) => (0..words.len()).any(|first| {
            let mut joined = String::new();
            words[first..].iter().any(|w| {
                joined.push_str(w);
                joined == word
            })
        }),
    })
}

/// File extensions: a "TLD" like these names an asset (`icon@2x.png`), not a mail domain.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "avif", "mp4",
    "mov", "m4a", "mp3", "wav", "ogg", "webm", "avi", "mkv", "zip", "gz", "js", "css", "json",
    "html", "htm", "pdf", "txt", "xml", "csv",
];

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn check(hay: &str, m: Match<'_>) -> Option<Hit> {
    let s = m.as_str();
    // The match must be the whole token: nothing of a local part before, nothing of a domain after.
    if char_before(hay, m.start()).is_some_and(is_local_char) {
        return None;
    }
    match char_after(hay, m.end()) {
        Some(c) if is_word(c) || c == '-' || c == '@' => return None,
        Some('.') if char_after(hay, m.end() + 1).is_some_and(is_word) => return None,
        _ => {}
    }
    if s.len() > 254 {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels
        .iter()
        .any(|l| l.starts_with('-') || l.ends_with('-'))
    {
        return None;
    }
    let tld = labels.last()?.to_ascii_lowercase();
    if FILE_EXTENSIONS.contains(&tld.as_str()) || !TLDS.contains(tld.as_str()) {
        return None;
    }
    // Retina asset names: `name@2x.anything`.
    let first = labels[0].to_ascii_lowercase();
    if first.len() >= 2
        && first.ends_with('x')
        && first[..first.len() - 1].bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if in_url_authority(hay, m.start()) {
        return None;
    }
    Some(Hit::new(
        &m,
        Kind::Email,
        s.to_ascii_lowercase(),
        0.9,
        "scan.email",
    ))
}

/// True when the match starts inside the authority of a URL (`scheme://user:pass@host`): the token
/// before it holds `://` and no `/ ? # = &` follows that. An address in a query string
/// (`…/?to=alice@example.com`) is kept.
fn in_url_authority(hay: &str, start: usize) -> bool {
    let before = &hay[..start];
    // Past the separator, however many bytes it takes (a no-break space takes two or three).
    let token_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '(' | '[' | ','))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let token = &before[token_start..];
    match token.rfind("://") {
        Some(i) => !token[i + 3..].contains(['/', '?', '#', '=', '&']),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, hit, only};
    use super::*;

    #[test]
    fn finds_and_lowercases_addresses() {
        assert_eq!(
            found("Contact: Alice.Martin+news@Example.FR, merci"),
            vec![hit(
                Kind::Email,
                "alice.martin+news@example.fr",
                "scan.email"
            )]
        );
        assert_eq!(
            found("<jean_dupont@mail.example.co.uk> et bob@example.org."),
            vec![
                hit(Kind::Email, "jean_dupont@mail.example.co.uk", "scan.email"),
                hit(Kind::Email, "bob@example.org", "scan.email"),
            ]
        );
        let d = only("x bob@example.com y");
        assert_eq!(d.confidence, 0.9);
    }

    #[test]
    fn platform_and_no_reply_senders_are_automated_and_people_are_not() {
        for address in [
            "noreply@example.com",
            "no-reply@example.org",
            "No_Reply+2fa@Example.com",
            "do-not-reply@example.net",
            "messages-noreply@example.com",
            "mailer-daemon@example.org",
            "notification@facebookmail.com",
            "security@mail.facebookmail.com",
        ] {
            assert!(is_automated_sender(address), "{address}");
        }
        for address in [
            "bruno.reply@example.com",
            "noreplyer@example.com",
            "ana.fictive@example.org",
            "friend@notfacebookmail.com",
            "facebookmail.com@example.com",
            "no address",
            &format!("{}@example.com", "no.reply.".repeat(20)),
        ] {
            assert!(!is_automated_sender(address), "{address}");
        }
    }

    #[test]
    fn the_automated_senders_table_loads_and_rejects_bad_rows() {
        let table = load_automated_senders(include_str!("automated_senders.txt"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert!(table.rows.contains(&AutomatedSender::LocalWord("noreply")));
        let bad = load_automated_senders("local\tNoReply\nsender\tx\ndomain\tfacebookmail.com\n");
        assert_eq!(bad.rows, [AutomatedSender::Domain("facebookmail.com")]);
        assert_eq!(bad.errors.len(), 2);
    }

    #[test]
    fn the_tld_table_loads_and_rejects_bad_rows() {
        let table = load_tlds(include_str!("tlds.txt"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert!(table.rows.len() > 300);
        let bad = load_tlds("fr\nF R\ncom\tx\n1a\n");
        assert_eq!(bad.rows, ["fr"]);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3, 4]
        );
    }

    #[test]
    fn accepts_generic_and_country_tlds() {
        for tld in [
            "com", "org", "net", "info", "io", "app", "dev", "edu", "gov", "eu", "fr", "de", "uk",
            "be", "ch", "ca", "us", "es", "it", "nl", "yt", "bzh",
        ] {
            let text = format!("a.b@example.{tld}");
            assert_eq!(
                found(&text),
                vec![hit(Kind::Email, &text, "scan.email")],
                "{tld}"
            );
        }
    }

    #[test]
    fn t8_asset_names_are_not_emails() {
        assert_eq!(found("<img src=\"logo@2x.png\">"), vec![]);
        assert_eq!(found("icon@3x.webp sprite@2x.ai"), vec![]);
        assert_eq!(found("clip@home.mov"), vec![]);
        assert_eq!(found("x@y.unknowntld"), vec![]);
    }

    #[test]
    fn t8_url_credentials_are_not_emails() {
        assert_eq!(found("https://user:pass@example.com"), vec![]);
        assert_eq!(found("voir ftp://admin@files.example.org/x"), vec![]);
        // An address in a query string is one.
        assert_eq!(
            found("https://example.com/share?to=alice@example.com"),
            vec![hit(Kind::Email, "alice@example.com", "scan.email")]
        );
        assert_eq!(
            found("mailto:alice@example.com"),
            vec![hit(Kind::Email, "alice@example.com", "scan.email")]
        );
        // After a separator of several bytes (no-break spaces, found by the `parsers` fuzz
        // target: the token was once cut inside the character), and after a URL's authority.
        for space in ['\u{a0}', '\u{202f}', '\u{3000}'] {
            assert_eq!(
                found(&format!("courriel{space}alice@example.com")),
                vec![hit(Kind::Email, "alice@example.com", "scan.email")],
                "{space:?}"
            );
            assert_eq!(
                found(&format!("voir{space}ftp://admin@files.example.org")),
                vec![]
            );
        }
    }

    #[test]
    fn malformed_or_glued_candidates_are_dropped() {
        assert_eq!(found("@handle sans point"), vec![]);
        assert_eq!(found("a..b@example.com"), vec![]);
        assert_eq!(found(".ab@example.com"), vec![]);
        assert_eq!(found("ab@-example.com"), vec![]);
        assert_eq!(found("ab@example.com2"), vec![]);
        assert_eq!(found("ab@example.com.x1"), vec![]);
        let long_local = "a".repeat(70);
        assert_eq!(found(&format!("{long_local}@example.com")), vec![]);
    }
}

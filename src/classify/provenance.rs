//! Provenance of values the generic scanner finds (design reference §6.2): a value found in a file
//! no parser understands, or in a field a parser does not know, gets its provenance from the key
//! path it sits under, else from its file, else from its kind — by the rows of `provenance.tsv`,
//! never by a blanket "volunteered". Parsers that know a field set its provenance themselves.
//!
//! This module sees key paths and file paths only; it never sees or returns a value.

use std::sync::LazyLock;

use crate::data::{self, Layout, Table};
use crate::model::{Kind, Platform, Provenance};

const TABLE: &str = include_str!("provenance.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Key,
    File,
    Kind,
}

#[derive(Debug)]
struct Row {
    scope: Scope,
    platform: Option<&'static str>,
    /// Each alternative as its tokens; `None` for the `*` kind row.
    words: Option<Vec<Vec<&'static str>>>,
    provenance: Provenance,
}

fn load(text: &'static str) -> Table<Row> {
    data::load(Layout::new("provenance.tsv", 5), text, |cols| {
        let scope = match cols[0] {
            "key" => Scope::Key,
            "file" => Scope::File,
            "kind" => Scope::Kind,
            other => return Err(format!("unknown scope {other:?}")),
        };
        let platform = match data::non_empty(cols[1], "platform")? {
            "*" => None,
            id => Some(id),
        };
        let words = match data::non_empty(cols[2], "words")? {
            "*" if scope == Scope::Kind => None,
            words => {
                let mut alternatives = Vec::new();
                for word in words.split('|') {
                    if scope == Scope::Kind && Kind::from_id(word).is_none() {
                        return Err(format!("unknown kind {word:?}"));
                    }
                    // A kind id is one word; key and file words are `_`-joined tokens.
                    let tokens: Vec<&str> = if scope == Scope::Kind {
                        vec![word]
                    } else {
                        word.split('_').collect()
                    };
                    if scope != Scope::Kind
                        && tokens.iter().any(|t| {
                            t.is_empty()
                                || !t
                                    .bytes()
                                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                        })
                    {
                        return Err(format!(
                            "words must be lower-case tokens joined by _, not {word:?}"
                        ));
                    }
                    alternatives.push(tokens);
                }
                Some(alternatives)
            }
        };
        let provenance = Provenance::from_id(cols[3])
            .ok_or_else(|| format!("unknown provenance {:?}", cols[3]))?;
        Ok(Row {
            scope,
            platform,
            words,
            provenance,
        })
    })
}

static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| load(TABLE).rows);

/// Lower-case tokens of a key path or file path: camelCase split (`loginIp` -> `login ip`), cut at
/// anything that is not an ASCII letter or digit; array indices dropped.
fn tokens(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            current.push(c.to_ascii_lowercase());
        } else {
            previous_lower = false;
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.retain(|t| !t.bytes().all(|b| b.is_ascii_digit()));
    out
}

fn contains(haystack: &[String], needle: &[&str]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.iter().zip(needle).all(|(a, b)| a == b))
}

fn first_match(scope: Scope, platform: Platform, path: &str) -> Option<Provenance> {
    let tokens = tokens(path);
    if tokens.is_empty() {
        return None;
    }
    ROWS.iter()
        .filter(|r| r.scope == scope && r.platform.is_none_or(|p| p == platform.id()))
        .find(|r| {
            r.words
                .as_ref()
                .is_some_and(|alts| alts.iter().any(|w| contains(&tokens, w)))
        })
        .map(|r| r.provenance)
}

/// The provenance a file gives the values found in it, when its path says (`login_history`...).
pub fn of_file(platform: Platform, file: &str) -> Option<Provenance> {
    // The extension is not a word of the path.
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    first_match(Scope::File, platform, stem)
}

/// The provenance a JSON key path gives a value, when its words say (`upload_ip`, `inferred`...).
pub fn of_key(platform: Platform, key_path: &str) -> Option<Provenance> {
    first_match(Scope::Key, platform, key_path)
}

/// The provenance of a kind of value when neither key nor file says.
pub fn of_kind(kind: Kind) -> Provenance {
    ROWS.iter()
        .filter(|r| r.scope == Scope::Kind)
        .find(|r| {
            r.words.as_ref().is_none_or(|alts| {
                alts.iter()
                    .any(|w| w.len() == 1 && Kind::from_id(w[0]) == Some(kind))
            })
        })
        .map_or(Provenance::Volunteered, |r| r.provenance)
}

/// Key path first, then the file's default, then the kind's.
pub fn of_scanned(
    platform: Platform,
    key_path: &str,
    file_default: Option<Provenance>,
    kind: Kind,
) -> Provenance {
    of_key(platform, key_path)
        .or(file_default)
        .unwrap_or_else(|| of_kind(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FB: Platform = Platform("facebook");

    #[test]
    fn every_row_of_the_table_is_valid() {
        let table = load(TABLE);
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert!(
            table
                .rows
                .iter()
                .any(|r| r.scope == Scope::Kind && r.words.is_none())
        );
        for row in &table.rows {
            if let Some(id) = row.platform {
                assert!(crate::platforms::module(Platform(id)).is_some(), "{id}");
            }
        }
    }

    #[test]
    fn malformed_rows_are_rejected() {
        let table = load(
            "key\t*\tip\tobserved\tn\nkey\t*\tip\tguessed\tn\nnope\t*\tip\tobserved\tn\nkind\t*\tbanana\tobserved\tn\nkey\t*\tIP\tobserved\tn\n",
        );
        assert_eq!(table.rows.len(), 1);
        let lines: Vec<usize> = table.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
    }

    #[test]
    fn tokens_split_camel_case_and_drop_indices() {
        assert_eq!(tokens("/ipAudit/3/loginIp"), ["ip", "audit", "login", "ip"]);
        assert_eq!(
            tokens("a/record_details.json"),
            ["a", "record", "details", "json"]
        );
    }

    #[test]
    fn keys_that_name_logged_values_are_observed() {
        for key in [
            "/photos/0/media_metadata/upload_ip",
            "/last_connected_ip",
            "/0/loginIp",
            "/sessions/2/value",
        ] {
            assert_eq!(of_key(FB, key), Some(Provenance::Observed), "{key}");
        }
        assert_eq!(of_key(FB, "/inferred_gender"), Some(Provenance::Inferred));
        assert_eq!(
            of_key(FB, "/off_facebook_activity/0/events/1/name"),
            Some(Provenance::Received)
        );
        assert_eq!(of_key(FB, "/profile/emails/0"), None);
        // "ip" is a whole token only: "zip" and "tip" say nothing.
        assert_eq!(of_key(FB, "/address/zip"), None);
        assert_eq!(of_key(FB, "/tips/0"), None);
    }

    #[test]
    fn files_give_their_default() {
        let f = |p| of_file(FB, p);
        assert_eq!(
            f("security_and_login_information/record_details.json"),
            Some(Provenance::Observed)
        );
        assert_eq!(
            f("security/login_protection_data.json"),
            Some(Provenance::Observed)
        );
        assert_eq!(
            f("ads_information/other_categories_used_to_reach_you.json"),
            Some(Provenance::Inferred)
        );
        assert_eq!(f("your_facebook_activity/posts/your_posts_1.json"), None);
        assert_eq!(
            of_file(Platform("tiktok"), "Activity/Login History.json"),
            Some(Provenance::Observed)
        );
        // A platform's own rows do not apply to another platform's files.
        assert_eq!(of_file(Platform("x"), "data/record_details.js"), None);
    }

    #[test]
    fn kinds_decide_last_and_never_a_blanket_volunteered() {
        assert_eq!(of_kind(Kind::IpAddress), Provenance::Observed);
        assert_eq!(of_kind(Kind::LocationPoint), Provenance::Observed);
        assert_eq!(of_kind(Kind::Email), Provenance::Volunteered);
        assert_eq!(
            of_scanned(FB, "/x/upload_ip", None, Kind::IpAddress),
            Provenance::Observed
        );
        assert_eq!(
            of_scanned(FB, "/x/value", Some(Provenance::Inferred), Kind::Email),
            Provenance::Inferred
        );
        assert_eq!(
            of_scanned(FB, "/x/value", None, Kind::IpAddress),
            Provenance::Observed
        );
    }
}

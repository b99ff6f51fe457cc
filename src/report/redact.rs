//! Redaction of values for every output that is not `--reveal`: enough to recognise one's own
//! data (`j•••@example.com`, `+336•••••34`), not enough to use it. Labels the platform made up
//! (ad interests, advertisers) are shown as they are: they are the point of the report. Path
//! segments that a platform says are named after a person (chat folders) are masked too.
//! It must never leave the middle of a value readable.

use crate::model::Kind;
use crate::platforms;

const MASK: char = '•';

pub fn redact(kind: Kind, value: &str) -> String {
    if kind.is_platform_label() {
        return value.to_string();
    }
    match kind {
        Kind::Email => email(value),
        Kind::Phone | Kind::Iban | Kind::PaymentCard | Kind::NationalId => keep_ends(value, 4, 2),
        Kind::IpAddress => ip(value),
        Kind::LocationPoint | Kind::Birthdate => "•••".to_string(),
        _ => words(value),
    }
}

/// A download named after its account (`facebook-elodie.testard-2024-11-18-Xy12Ab34.zip`,
/// `instagram-<user>-<date>…`), met as a folder inside an export: the account name becomes
/// `•••`, the platform and date stay.
static ACCOUNT_NAMED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^(facebook|instagram|messenger|threads|meta)-(.+)-(\d{4}-\d{2}-\d{2})")
        .expect("static download-name pattern")
});

/// Words an input's name may keep: platforms' and exports' own words, never a person's
/// (`#` lines are comments).
const NAME_WORDS: &str = include_str!("name_words.txt");

/// The words of [`NAME_WORDS`].
fn name_words() -> impl Iterator<Item = &'static str> {
    NAME_WORDS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Characters that part the words of an input's name (`.` does not: `ava.exemple` is one).
fn parts_words(c: char) -> bool {
    matches!(c, '-' | '_' | ' ' | '~' | '(' | ')' | '[' | ']' | '+' | ',')
}

/// An input's own name (a download, a folder; several joined by ` + `): every word that is not
/// a platform's or an export's word ([`NAME_WORDS`]), a number or a date is masked, a run of
/// them as one `•••` (`instagram-ava.exemple_20251101.zip` -> `instagram-•••_20251101.zip`),
/// for platforms name downloads after the account and people name them as they like.
pub fn input_name(name: &str) -> String {
    name.split(" + ")
        .map(one_input_name)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// An input as stderr and batch summaries name it: with `reveal`, where it is (absolute when it
/// can be made so); otherwise its file name masked as [`input_name`] masks it, for downloads
/// are named after their account and stderr ends up in logs.
pub fn input_shown(path: &std::path::Path, reveal: bool) -> String {
    if reveal {
        std::path::absolute(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string()
    } else {
        input_name(&crate::archive::Input::Path(path.to_path_buf()).display_name())
    }
}

fn one_input_name(name: &str) -> String {
    let extension_len = crate::archive::archive_extension(name).map_or(0, str::len);
    let (stem, extension) = name.split_at(name.len() - extension_len);
    let keeps = |word: &str| {
        let number = word
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'T' || c == 'Z')
            && word.chars().any(|c| c.is_ascii_digit());
        number || name_words().any(|w| w.eq_ignore_ascii_case(word))
    };
    let mut out = String::with_capacity(name.len());
    let mut gap = String::new();
    let mut last_masked = false;
    let mut rest = stem;
    while !rest.is_empty() {
        let word_len = rest.find(parts_words).unwrap_or(rest.len());
        if word_len == 0 {
            let c = rest.chars().next().expect("not empty");
            gap.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = &rest[..word_len];
        rest = &rest[word_len..];
        if keeps(word) {
            out.push_str(&gap);
            out.push_str(word);
            last_masked = false;
        } else if !last_masked {
            out.push_str(&gap);
            out.push_str("•••");
            last_masked = true;
        }
        gap.clear();
    }
    out.push_str(&gap);
    out.push_str(extension);
    out
}

/// A path segment named like a download (see [`ACCOUNT_NAMED`]), its account name masked.
fn download_folder(segment: &str) -> std::borrow::Cow<'_, str> {
    // Such a name holds a `-` after its platform: most segments are passed at once.
    if !segment.contains('-') {
        return segment.into();
    }
    ACCOUNT_NAMED.replace(segment, "$1-•••-$3")
}

/// Mask the person-named segments of a path (`inbox/bastienfictif_1021…`): the name part is
/// masked and a trailing id kept (`•••_1021…`), so two threads stay distinguishable.
pub fn path(path: &str) -> String {
    mask_segments(path, "")
}

/// Mask the person-named segments of a JSON pointer inside `file` (a chat keyed by the other
/// person's name: `/ChatHistory/Chat History with river_fox:/3`); the file's name is the parent
/// of the pointer's first segment.
pub fn pointer(file: &str, pointer: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    mask_segments(pointer, name)
}

fn mask_segments(path: &str, first_parent: &str) -> String {
    let mut previous = first_parent;
    let mut out = String::with_capacity(path.len());
    for (n, segment) in path.split('/').enumerate() {
        if n > 0 {
            out.push('/');
        }
        if !segment.is_empty() && platforms::names_a_person(previous, segment) {
            out.push_str(&mask_segment(segment));
        } else {
            out.push_str(&download_folder(segment));
        }
        if !segment.is_empty() {
            previous = segment;
        }
    }
    out
}

/// `alice_1021` -> `•••_1021`, `alice_1.json` -> `•••_1.json`: a numeric id is kept so threads
/// stay apart; anything else is masked whole.
fn mask_segment(segment: &str) -> String {
    let (stem, extension) = match segment.rsplit_once('.') {
        Some((stem, ext))
            if !ext.is_empty() && ext.len() <= 5 && ext.chars().all(char::is_alphanumeric) =>
        {
            (stem, Some(ext))
        }
        _ => (segment, None),
    };
    let id = stem.rsplit_once('_').map(|(_, id)| id).filter(|id| {
        !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric())
            && id.chars().any(|c| c.is_ascii_digit())
    });
    let masked = match id {
        Some(id) => format!("•••_{id}"),
        None => "•••".to_string(),
    };
    match extension {
        Some(ext) => format!("{masked}.{ext}"),
        None => masked,
    }
}

fn email(value: &str) -> String {
    match value.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => words(value),
    }
}

/// Keep `head` and `tail` characters, mask the rest (at least 3 masked).
fn keep_ends(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() <= head + tail + 2 {
        return "•••".to_string();
    }
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat_n(MASK, chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

fn ip(value: &str) -> String {
    if value.contains(':') {
        let first = value.split(':').next().unwrap_or("");
        format!("{first}:•••")
    } else {
        let parts: Vec<&str> = value.split('.').collect();
        match parts.as_slice() {
            [a, b, _, _] => format!("{a}.{b}.•.•"),
            _ => "•••".to_string(),
        }
    }
}

/// Each word keeps its first letter: `Élodie Testard` -> `É••• T•••`.
fn words(value: &str) -> String {
    let out: Vec<String> = value
        .split_whitespace()
        .map(|w| {
            let first: String = w.chars().take(1).collect();
            format!("{first}•••")
        })
        .collect();
    if out.is_empty() {
        "•••".to_string()
    } else {
        out.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_each_kind_without_leaking_the_middle() {
        assert_eq!(
            redact(Kind::Email, "jdupont@example.com"),
            "j•••@example.com"
        );
        assert_eq!(redact(Kind::Phone, "+33639981234"), "+336••••••34");
        assert_eq!(redact(Kind::IpAddress, "198.51.100.23"), "198.51.•.•");
        assert_eq!(redact(Kind::IpAddress, "2001:db8::1"), "2001:•••");
        assert_eq!(redact(Kind::Name, "Élodie Testard"), "É••• T•••");
        assert_eq!(redact(Kind::LocationPoint, "45.764,4.8357"), "•••");
        assert_eq!(
            redact(Kind::Iban, "FR1420041010050500013M02606"),
            "FR14•••••••••••••••••••••06"
        );
        assert_eq!(redact(Kind::Phone, "12"), "•••");
    }

    #[test]
    fn thread_folders_lose_the_name() {
        assert_eq!(
            path("messages/inbox/bastienfictif_1021/message_1.json"),
            "messages/inbox/•••_1021/message_1.json"
        );
        assert_eq!(path("posts/your_posts_1.json"), "posts/your_posts_1.json");
        assert_eq!(
            path("your_facebook_activity/messages/alice_1.json"),
            "your_facebook_activity/messages/•••_1.json"
        );
    }

    #[test]
    fn pointers_lose_the_names_of_people() {
        assert_eq!(
            pointer(
                "user_data_tiktok.json",
                "/Direct Message/Direct Messages/ChatHistory/Chat History with river_fox:/3"
            ),
            "/Direct Message/Direct Messages/ChatHistory/•••/3"
        );
        assert_eq!(
            pointer("x.json", "/messages/3/content"),
            "/messages/3/content"
        );
    }

    #[test]
    fn platform_labels_are_shown() {
        assert_eq!(redact(Kind::AdInterest, "Diabète"), "Diabète");
        assert_eq!(redact(Kind::Advertiser, "Acme"), "Acme");
    }

    #[test]
    fn the_kept_words_are_lower_case_words() {
        assert!(name_words().count() >= 20);
        for word in name_words() {
            assert!(
                word.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{word:?}"
            );
        }
    }

    #[test]
    fn downloads_named_after_their_account_are_masked() {
        for (name, shown) in [
            (
                "facebook-elodie.testard-2024-11-18-Xy12Ab34.zip",
                "facebook-•••-2024-11-18-•••.zip",
            ),
            (
                "instagram-jane_doe-2025-01-02-ab12",
                "instagram-•••-2025-01-02-•••",
            ),
            (
                "instagram-ava.exemple_20251101.zip",
                "instagram-•••_20251101.zip",
            ),
            ("Ava Exemple export (1).ZIP", "••• export (1).ZIP"),
            ("ava_instagram_data", "•••_instagram_data"),
            (
                "twitter-2024-11-18-1a2b3c.zip",
                "twitter-2024-11-18-•••.zip",
            ),
            ("mes-données.tar.gz", "•••.tar.gz"),
            ("a.zip + takeout-001.zip", "•••.zip + takeout-001.zip"),
        ] {
            assert_eq!(input_name(name), shown, "{name}");
        }
        // Platforms' own names are kept.
        for name in [
            "takeout-20250301T101010Z-001.zip",
            "Basic_LinkedInDataExport_11-18-2024.zip",
            "mydata~1700000000000.zip",
            "demo-facebook-export",
        ] {
            assert_eq!(input_name(name), name);
        }
        assert_eq!(
            path("facebook-a.b-2024-11-18-X/your_posts.json"),
            "facebook-•••-2024-11-18-X/your_posts.json"
        );
    }
}

//! Which platform, export generation, flavour and account language an input is, with the paths
//! that show it. Markers and hints are data (`platforms/*/generations.tsv`,
//! `detect/locale_hints.tsv`); nothing here reads file contents except the labels parsers saw.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use crate::model::Platform;
use crate::platforms::facebook;

/// What an input was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognition {
    pub platform: Platform,
    pub generation: Option<String>,
    pub flavour: Option<&'static str>,
    pub confidence: f32,
    /// Top-level folders (relative to the export root) that gave it away.
    pub evidence: Vec<String>,
}

/// Top-level folders any Facebook generation uses (markers and first segments of known files).
static FACEBOOK_TOP_DIRS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut dirs: HashSet<String> = facebook::GENERATIONS
        .iter()
        .flat_map(|g| g.markers.iter().cloned())
        .collect();
    for known in facebook::KNOWN_FILES.iter() {
        if let Some((first, _)) = known.pattern.split_once('/') {
            dirs.insert(first.to_string());
        }
    }
    dirs
});

/// Folders so generic that they prove nothing on their own.
const WEAK_DIRS: &[&str] = &[
    "messages", "posts", "comments", "location", "search", "events", "groups", "pages",
];

/// The path of an entry relative to its export root: from the first component that is a known
/// top-level folder (wrappers such as `facebook-user-2024-…/` or a Drive folder are dropped).
pub fn relative_path(path: &str) -> &str {
    let mut offset = 0;
    for component in path.split('/') {
        if FACEBOOK_TOP_DIRS.contains(component) && offset + component.len() < path.len() {
            return &path[offset..];
        }
        offset += component.len() + 1;
    }
    path
}

/// Recognise an input from its entry paths.
pub fn recognise<'a>(paths: impl Iterator<Item = &'a str>) -> Recognition {
    let mut top_dirs: BTreeSet<String> = BTreeSet::new();
    let (mut json, mut html) = (0usize, 0usize);
    for path in paths {
        let rel = relative_path(path);
        if rel.len() != path.len()
            || FACEBOOK_TOP_DIRS.contains(rel.split('/').next().unwrap_or(""))
        {
            if let Some((first, _)) = rel.split_once('/') {
                top_dirs.insert(first.to_string());
            }
            let lower = rel.to_ascii_lowercase();
            if lower.ends_with(".json") {
                json += 1;
            } else if lower.ends_with(".html") || lower.ends_with(".htm") {
                html += 1;
            }
        }
    }
    let strong: Vec<&String> = top_dirs
        .iter()
        .filter(|d| !WEAK_DIRS.contains(&d.as_str()))
        .collect();
    if strong.is_empty() {
        return Recognition {
            platform: Platform::Unknown,
            generation: None,
            flavour: None,
            confidence: 0.0,
            evidence: Vec::new(),
        };
    }
    // The generation whose own markers are most present; ties go to the newer one.
    let mut best: Option<(usize, &crate::platforms::Generation)> = None;
    for generation in facebook::GENERATIONS.iter() {
        let hits = generation
            .markers
            .iter()
            .filter(|m| top_dirs.contains(*m))
            .count();
        if hits > 0 && best.is_none_or(|(n, _)| hits >= n) {
            best = Some((hits, generation));
        }
    }
    let evidence: Vec<String> = match best {
        Some((_, g)) => g
            .markers
            .iter()
            .filter(|m| top_dirs.contains(*m))
            .map(|m| format!("{m}/"))
            .collect(),
        None => strong.iter().map(|d| format!("{d}/")).collect(),
    };
    let confidence = (0.5 + 0.1 * strong.len() as f32).min(1.0);
    Recognition {
        platform: Platform::Facebook,
        generation: best.map(|(_, g)| g.id.clone()),
        flavour: Some(match (json, html) {
            (_, 0) => "json",
            (0, _) => "html",
            (j, h) if j >= h => "json",
            _ => "html",
        }),
        confidence,
        evidence,
    }
}

static LOCALE_HINTS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    include_str!("locale_hints.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(phrase, lang)| (phrase.to_lowercase(), lang.trim()))
        .collect()
});

/// The account language the labels show, if any label is a known hint.
pub fn locale_from_labels<'a>(labels: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let mut votes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for label in labels {
        let last = label.rsplit(" / ").next().unwrap_or(label).to_lowercase();
        if let Some((_, lang)) = LOCALE_HINTS.iter().find(|(p, _)| *p == last) {
            *votes.entry(lang).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(lang, _)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_are_stripped_at_the_first_known_folder() {
        assert_eq!(
            relative_path(
                "facebook-x-2024-11-18-AbC/personal_information/profile_information/profile_information.json"
            ),
            "personal_information/profile_information/profile_information.json"
        );
        assert_eq!(
            relative_path("drive/part/connections/friends/your_friends.json"),
            "connections/friends/your_friends.json"
        );
        assert_eq!(relative_path("notes/readme.txt"), "notes/readme.txt");
    }

    #[test]
    fn recognises_each_generation() {
        let g = |paths: &[&str]| recognise(paths.iter().copied()).generation;
        assert_eq!(
            g(&[
                "f/your_facebook_activity/posts/a.json",
                "f/personal_information/profile_information/profile_information.json"
            ])
            .as_deref(),
            Some("2024-2026")
        );
        assert_eq!(
            g(&["your_activity_across_facebook/messages/inbox/a/message_1.json"]).as_deref(),
            Some("2022-2024")
        );
        assert_eq!(
            g(&[
                "x/friends_and_followers/friends.json",
                "x/profile_information/profile_information.json"
            ])
            .as_deref(),
            Some("2021-2022")
        );
        assert_eq!(
            g(&[
                "about_you/your_address_books.json",
                "profile_information/profile_information.json",
                "friends/friends.json"
            ])
            .as_deref(),
            Some("2018-2021")
        );
    }

    #[test]
    fn generic_folders_alone_are_not_facebook() {
        let r = recognise(["messages/inbox/x.json", "notes.txt"].into_iter());
        assert_eq!(r.platform, Platform::Unknown);
        let r = recognise(["a/b/c.json"].into_iter());
        assert_eq!(r.platform, Platform::Unknown);
    }

    #[test]
    fn locale_follows_the_majority_of_known_labels() {
        let labels = ["Nom", "Coordonnées", "Place tags / Name", "Unknown label"];
        assert_eq!(locale_from_labels(labels.into_iter()), Some("fr"));
        assert_eq!(locale_from_labels(["zzz"].into_iter()), None);
    }
}

//! Which platform an input is, where its export root lies, which export generation, flavour and
//! account language it has, with the paths that show it. Every platform's markers come from the
//! registry (`platforms::registry`); locale hints are data (`locale_hints.tsv`, with a platform
//! column). Nothing here reads file contents except the labels parsers saw, and nothing here
//! names a platform.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use crate::data::{self, Layout, Table};
use crate::model::Platform;
use crate::platforms::{self, PlatformModule};

/// Which platform an input belongs to, and the folder its export starts at.
#[derive(Clone)]
pub struct Identified {
    pub module: Option<&'static dyn PlatformModule>,
    /// Prefix of every entry path up to the export root (`facebook-ava-2024/`), or "".
    pub root: String,
    /// Recognised by file names only (a lone file, a messages-only export): known files are
    /// matched by their last path segments and confidence is lower.
    pub loose: bool,
    /// Recognised by a folder only its platform has: no name could say otherwise.
    pub own_folder: bool,
}

impl Identified {
    pub fn platform(&self) -> Platform {
        self.module.map_or(Platform::UNKNOWN, |m| m.platform())
    }

    /// An entry's path relative to the export root. Paths outside the root are kept whole.
    pub fn relative<'p>(&self, path: &'p str) -> &'p str {
        path.strip_prefix(self.root.as_str()).unwrap_or(path)
    }
}

/// What an export was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognition {
    pub platform: Platform,
    pub generation: Option<String>,
    pub flavour: Option<&'static str>,
    pub confidence: f32,
    /// Top-level folders (relative to the export root) that gave it away.
    pub evidence: Vec<String>,
}

/// The export root for a platform: the most common prefix before a top-level folder the
/// platform knows (ties go to the shorter prefix).
fn root_for(module: &dyn PlatformModule, paths: &[&str]) -> String {
    let top_dirs = &module.catalogue().top_dirs;
    // Known files at the top (markers such as `Profile.csv`): a few names with a dot.
    let top_files: Vec<&str> = top_dirs
        .iter()
        .filter(|name| name.contains('.'))
        .map(String::as_str)
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    // The files of a folder come together (a thousand photos): the prefix before the first of
    // the folder's segments that is a known folder is worked out once for them all.
    let mut folder_root: Option<(&str, Option<usize>)> = None;
    let mut run: Option<(&str, usize)> = None;
    for path in paths {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let root = match folder_root {
            Some((seen, root)) if seen == folder => root,
            _ => {
                let root = prefix_before_top_dir(top_dirs, folder);
                folder_root = Some((folder, root));
                root
            }
        };
        // A known file at the top counts too.
        let root = root.or_else(|| top_files.contains(&name).then_some(path.len() - name.len()));
        // Counted a run of equal prefixes at a time.
        match (root.map(|end| &path[..end]), &mut run) {
            (Some(prefix), Some((current, n))) if prefix == *current => *n += 1,
            (Some(prefix), _) => {
                if let Some((done, n)) = run.replace((prefix, 1)) {
                    *counts.entry(done).or_default() += n;
                }
            }
            (None, _) => {}
        }
    }
    if let Some((done, n)) = run {
        *counts.entry(done).or_default() += n;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())))
        .map(|(prefix, _)| prefix.to_string())
        .unwrap_or_default()
}

/// The length of the prefix of `folder` (a path's folders) before its first segment that is a
/// top-level folder of the platform, with its `/`, if there is one.
fn prefix_before_top_dir(top_dirs: &HashSet<String>, folder: &str) -> Option<usize> {
    let mut offset = 0;
    for segment in folder.split('/').filter(|_| !folder.is_empty()) {
        if top_dirs.contains(segment) {
            return Some(offset);
        }
        offset += segment.len() + 1;
    }
    None
}

/// Top-level folders of the relative paths that the platform knows, and the strong ones.
fn known_top_dirs<'a>(
    module: &dyn PlatformModule,
    relative: impl Iterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    let catalogue = module.catalogue();
    let mut dirs = BTreeSet::new();
    let mut previous = None;
    for first in relative.map(|p| p.split('/').next().unwrap_or(p)) {
        // Paths of one folder come together: each first segment is looked up once per run.
        if previous != Some(first) && catalogue.top_dirs.contains(first) {
            dirs.insert(first);
        }
        previous = Some(first);
    }
    dirs
}

/// The platform's top-level folders among `dirs` that count as evidence: all but its weak ones
/// (too generic to prove anything alone), and a weak one too when two or more of the
/// platform's known files lie in it (`relative`: the paths from the export root), as Snapchat's
/// `json/account.json` and `json/friends.json` make `json/` Snapchat's.
fn strong_dirs<'d, 'p>(
    module: &dyn PlatformModule,
    dirs: &BTreeSet<&'d str>,
    relative: impl Iterator<Item = &'p str> + Clone,
) -> Vec<&'d str> {
    let catalogue = module.catalogue();
    let holds_known_files = |dir: &str| {
        let mut rows: Vec<&str> = Vec::new();
        let inside = |p: &&str| {
            p.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        for path in relative.clone().filter(inside) {
            if let Some(known) = catalogue.find_known(None, path)
                && !known.is_catch_all()
                && !rows.contains(&known.pattern.as_str())
            {
                rows.push(&known.pattern);
                if rows.len() >= 2 {
                    return true;
                }
            }
        }
        false
    };
    dirs.iter()
        .copied()
        .filter(|d| !catalogue.weak_dirs.contains(d) || holds_known_files(d))
        .collect()
}

/// How many of `paths` are known files of the identified platform, relative to its root (rows
/// that take any file of a folder, `*/*/*.json`, prove nothing and are not counted).
fn known_files(identified: &Identified, paths: &[&str]) -> usize {
    let Some(module) = identified.module else {
        return 0;
    };
    let catalogue = module.catalogue();
    paths
        .iter()
        .filter(|p| {
            catalogue
                .find_known(None, identified.relative(p))
                .is_some_and(|known| !known.is_catch_all())
        })
        .count()
}

/// Identify an input from its entry paths, in this order:
/// 1. the platform with the most strong top-level folders (those no other platform uses count
///    three times); between platforms that tie, the one the input's name points to (`named`,
///    from [`platform_named`]), else the one whose known files are more of the entries (a
///    Snapchat export of `json/` alone, one of whose files Instagram's oldest exports also had
///    at their root). When the winner has none of its own folders and the named platform has
///    all of them too, the named platform, loosely;
/// 2. failing that, the platform whose known files match the most entries (by whole path three
///    times, by name once: a lone file, a messages-only export), a tie going to the named one;
/// 3. failing that, the named platform, loosely (a part holding only photos), or none.
pub fn identify(paths: &[&str], named: Option<Platform>) -> Identified {
    let registry = platforms::registry();
    let is_named = |module: &dyn PlatformModule| named == Some(module.platform());
    let mut best: Option<(usize, Identified)> = None;
    // The known files of the best so far, counted when a tie asks.
    let mut best_known: Option<usize> = None;
    // The folders that made the best so far, when none of them is its own.
    let mut best_shared: Option<Vec<&str>> = None;
    for module in registry.iter().copied() {
        let root = root_for(module, paths);
        let mut identified = Identified {
            module: Some(module),
            root,
            loose: false,
            own_folder: false,
        };
        let relative = paths.iter().map(|p| identified.relative(p));
        let dirs = known_top_dirs(module, relative.clone());
        let strong = strong_dirs(module, &dirs, relative);
        let exclusive = strong
            .iter()
            .filter(|d| {
                !registry.iter().any(|other| {
                    other.platform() != module.platform()
                        && other.catalogue().top_dirs.contains(**d)
                })
            })
            .count();
        let score = strong.len() + 2 * exclusive;
        identified.own_folder = exclusive > 0;
        let (better, known) = match &best {
            None => (score > 0, None),
            Some((n, _)) if score > *n => (true, None),
            Some((n, current)) if score == *n => match current.module {
                Some(theirs) if is_named(theirs) => (false, None),
                _ if is_named(module) => (true, None),
                _ => {
                    let theirs = *best_known.get_or_insert_with(|| known_files(current, paths));
                    let mine = known_files(&identified, paths);
                    (mine > theirs, Some(mine))
                }
            },
            Some(_) => (false, None),
        };
        if better {
            best_shared = (exclusive == 0).then(|| strong.clone());
            best = Some((score, identified));
            best_known = known;
        }
    }
    // Folders another platform shares with the one the input is named after, and none of its
    // own, do not outweigh the name (an Instagram part holding only `personal_information/`,
    // a folder Facebook's exports have too): the named platform takes it, loosely.
    let named_module = registry.iter().copied().find(|module| is_named(*module));
    if let (Some(module), Some((_, current)), Some(shared)) = (named_module, &best, &best_shared)
        && current.module.is_none_or(|theirs| !is_named(theirs))
        && shared
            .iter()
            .all(|d| module.catalogue().top_dirs.contains(*d))
    {
        let identified = Identified {
            module: Some(module),
            root: root_for(module, paths),
            loose: true,
            own_folder: false,
        };
        best = Some((0, identified));
    }
    if best.is_none() {
        for module in registry.iter().copied() {
            let root = root_for(module, paths);
            let identified = Identified {
                module: Some(module),
                root,
                loose: true,
                own_folder: false,
            };
            // A file known by its whole path says more than one known by its name alone (a
            // Takeout's `Profile/Profile.json` against Instagram's old `profile.json`).
            let catalogue = module.catalogue();
            let known: usize = paths
                .iter()
                .map(|p| {
                    let relative = identified.relative(p);
                    let whole = catalogue.find_known(None, relative);
                    if whole.is_some_and(|known| !known.is_catch_all()) {
                        3
                    } else {
                        usize::from(catalogue.find_known_by_suffix(None, relative).is_some())
                    }
                })
                .sum();
            let better = best
                .as_ref()
                .is_none_or(|(n, _)| known > *n || known == *n && is_named(module));
            if known > 0 && better {
                best = Some((known, identified));
            }
        }
    }
    // Files no platform knows (a part holding only photos) belong to the platform the input is
    // named after, loosely: its parts are then one export, not one and an unknown one.
    best.map(|(_, identified)| identified)
        .unwrap_or_else(|| Identified {
            module: named_module,
            root: String::new(),
            loose: named_module.is_some(),
            own_folder: false,
        })
}

/// Describe an export of `module` from its relative paths: generation, flavour, evidence.
pub fn describe<'a>(
    module: Option<&dyn PlatformModule>,
    loose: bool,
    relative: impl Iterator<Item = &'a str> + Clone,
) -> Recognition {
    let Some(module) = module else {
        return Recognition {
            platform: Platform::UNKNOWN,
            generation: None,
            flavour: None,
            confidence: 0.0,
            evidence: Vec::new(),
        };
    };
    let catalogue = module.catalogue();
    let top_dirs = known_top_dirs(module, relative.clone());
    let known_by_name: Vec<(&str, Vec<(&str, bool)>)> = if loose {
        relative
            .clone()
            .map(|p| (p, catalogue.generations_by_suffix(p)))
            .filter(|(_, generations)| !generations.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    let strong = strong_dirs(module, &top_dirs, relative.clone());
    let (mut json, mut html) = (0usize, 0usize);
    for path in relative.filter(|p| {
        top_dirs.contains(p.split('/').next().unwrap_or(p))
            || known_by_name.iter().any(|(known, _)| known == p)
    }) {
        let ends_with = |suffix: &str| {
            path.len() >= suffix.len()
                && path.as_bytes()[path.len() - suffix.len()..]
                    .eq_ignore_ascii_case(suffix.as_bytes())
        };
        if ends_with(".json") {
            json += 1;
        } else if ends_with(".html") || ends_with(".htm") {
            html += 1;
        }
    }
    // The generation whose own markers are most present; ties go to the newer one.
    let mut best: Option<(usize, &platforms::Generation)> = None;
    for generation in &catalogue.generations {
        let hits = generation
            .markers
            .iter()
            .filter(|m| top_dirs.contains(m.as_str()))
            .count();
        if hits > 0 && best.is_none_or(|(n, _)| hits >= n) {
            best = Some((hits, generation));
        }
    }
    let shown = |m: &str| {
        if m.contains('.') {
            m.to_string()
        } else {
            format!("{m}/")
        }
    };
    let mut evidence: Vec<String> = match best {
        Some((_, g)) => g
            .markers
            .iter()
            .filter(|m| top_dirs.contains(m.as_str()))
            .map(|m| shown(m))
            .collect(),
        None => strong.iter().map(|d| shown(d)).collect(),
    };
    let mut generation = best.map(|(_, g)| g.id.clone());
    let mut confidence = (0.5 + 0.1 * strong.len() as f32).min(1.0);
    if loose {
        // Named by its files only: the generation most of them belong to (ties go to the
        // newer one), at lower confidence.
        let order = |g: &str| catalogue.generations.iter().position(|x| x.id == g);
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, generations) in &known_by_name {
            for (g, whole) in generations {
                // A whole-path match says more about the layout than a file name alone.
                *votes.entry(g).or_default() += if *whole { 3 } else { 1 };
            }
        }
        generation = generation.or_else(|| {
            votes
                .into_iter()
                .max_by_key(|(g, n)| (*n, order(g)))
                .map(|(g, _)| g.to_string())
        });
        evidence.extend(known_by_name.iter().take(3).map(|(p, _)| p.to_string()));
        confidence = 0.3;
    }
    Recognition {
        platform: module.platform(),
        generation,
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

/// A label string that shows an account's language on one platform.
#[derive(Debug, Clone, PartialEq)]
struct LocaleHint {
    phrase: String,
    lang: &'static str,
    platform: &'static str,
}

fn load_locale_hints(text: &'static str) -> Table<LocaleHint> {
    data::load(Layout::new("locale_hints.tsv", 3), text, |cols| {
        let lang = cols[1].trim();
        if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(format!("language must be a two-letter code, not {lang:?}"));
        }
        Ok(LocaleHint {
            phrase: data::non_empty(cols[0], "phrase")?.to_lowercase(),
            lang,
            platform: data::non_empty(cols[2], "platform")?,
        })
    })
}

/// A start of an input's name that tells the platform which made it (`input_names.tsv`).
struct InputName {
    prefix: &'static str,
    platform: &'static str,
}

fn load_input_names(text: &'static str) -> Table<InputName> {
    data::load(Layout::new("input_names.tsv", 2), text, |cols| {
        Ok(InputName {
            prefix: data::non_empty(cols[0], "prefix")?,
            platform: data::non_empty(cols[1], "platform")?,
        })
    })
}

static INPUT_NAMES: LazyLock<Vec<InputName>> =
    LazyLock::new(|| load_input_names(include_str!("input_names.tsv")).rows);

/// The platform whose way of naming its archives `name` (an input's file or folder name)
/// follows, if any: `instagram-<user>-<date>-<token>.zip`, `takeout-<stamp>-001.zip`...
pub fn platform_named(name: &str) -> Option<Platform> {
    INPUT_NAMES
        .iter()
        .find(|known| {
            name.get(..known.prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(known.prefix))
        })
        .and_then(|known| platforms::module(Platform(known.platform)))
        .map(|module| module.platform())
}

static LOCALE_HINTS: LazyLock<Vec<LocaleHint>> =
    LazyLock::new(|| load_locale_hints(include_str!("locale_hints.tsv")).rows);

/// The account language the labels show, if any label is a known hint of the platform.
pub fn locale_from_labels<'a>(
    platform: Platform,
    labels: impl Iterator<Item = &'a str>,
) -> Option<&'static str> {
    let mut votes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for label in labels {
        let last = label.rsplit(" / ").next().unwrap_or(label).to_lowercase();
        if let Some(hint) = LOCALE_HINTS
            .iter()
            .find(|h| h.platform == platform.id() && h.phrase == last)
        {
            *votes.entry(hint.lang).or_default() += 1;
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

    const FB: Platform = Platform("facebook");

    fn generation(paths: &[&str]) -> Option<String> {
        let identified = identify(paths, None);
        describe(
            identified.module,
            identified.loose,
            paths.iter().map(|p| identified.relative(p)),
        )
        .generation
    }

    #[test]
    fn wrappers_are_stripped_at_the_export_root() {
        let paths = [
            "facebook-x-2024-11-18-AbC/personal_information/profile_information/profile_information.json",
            "facebook-x-2024-11-18-AbC/your_facebook_activity/posts/your_posts_1.json",
            "facebook-x-2024-11-18-AbC/events/your_event_responses.json",
        ];
        let identified = identify(&paths, None);
        assert_eq!(identified.platform(), FB);
        assert_eq!(identified.root, "facebook-x-2024-11-18-AbC/");
        assert_eq!(
            identified.relative(paths[2]),
            "events/your_event_responses.json"
        );
        let drive = ["drive/part/connections/friends/your_friends.json"];
        assert_eq!(
            identify(&drive, None).relative(drive[0]),
            "connections/friends/your_friends.json"
        );
    }

    #[test]
    fn recognises_each_generation() {
        assert_eq!(
            generation(&[
                "f/your_facebook_activity/posts/a.json",
                "f/personal_information/profile_information/profile_information.json"
            ])
            .as_deref(),
            Some("2024-2026")
        );
        assert_eq!(
            generation(&["your_activity_across_facebook/messages/inbox/a/message_1.json"])
                .as_deref(),
            Some("2022-2024")
        );
        assert_eq!(
            generation(&[
                "x/friends_and_followers/friends.json",
                "x/profile_information/profile_information.json"
            ])
            .as_deref(),
            Some("2021-2022")
        );
        assert_eq!(
            generation(&[
                "about_you/your_address_books.json",
                "profile_information/profile_information.json",
                "friends/friends.json"
            ])
            .as_deref(),
            Some("2018-2021")
        );
    }

    #[test]
    fn generic_folders_alone_are_not_a_platform() {
        assert!(
            identify(&["messages/inbox/x.json", "notes.txt"], None)
                .module
                .is_none()
        );
        assert!(identify(&["a/b/c.json"], None).module.is_none());
    }

    #[test]
    fn a_file_known_by_its_whole_path_outweighs_one_known_by_its_name() {
        // Alone, a Takeout's profile: Instagram's oldest exports had a `profile.json` too.
        let google = ["Profile/Profile.json"];
        assert_eq!(identify(&google, None).platform(), Platform("google"));
        let instagram = ["profile.json"];
        assert_eq!(identify(&instagram, None).platform(), Platform("instagram"));
    }

    #[test]
    fn a_tie_goes_to_the_platform_that_knows_more_of_the_files() {
        // A Snapchat export of its JSON alone: `account_history.json` was also a file at the
        // root of Instagram's oldest exports, which makes `json/` look like one.
        let names = ["account", "account_history", "friends", "chat_history"];
        for wrapper in ["", "mydata~1712345678901/"] {
            let paths: Vec<String> = names
                .iter()
                .map(|name| format!("{wrapper}json/{name}.json"))
                .collect();
            let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
            let identified = identify(&paths, None);
            assert_eq!(identified.platform(), Platform("snapchat"), "{wrapper}");
            assert_eq!(identified.root, wrapper);
        }
        // The same file at the root of a folder of Instagram's files stays Instagram's.
        let instagram = [
            "pixotter_20201031/account_history.json",
            "pixotter_20201031/media.json",
        ];
        assert_eq!(identify(&instagram, None).platform(), Platform("instagram"));
    }

    #[test]
    fn facebook_and_instagram_are_told_apart_by_their_own_folders() {
        let instagram = [
            "instagram-pix-2025-07-31-Ab/your_instagram_activity/comments/post_comments_1.json",
            "instagram-pix-2025-07-31-Ab/your_instagram_activity/messages/inbox/a_1/message_1.json",
            "instagram-pix-2025-07-31-Ab/apps_and_websites_off_of_instagram/apps_and_websites/x.json",
            "instagram-pix-2025-07-31-Ab/personal_information/personal_information/personal_information.json",
            "instagram-pix-2025-07-31-Ab/connections/followers_and_following/following.json",
        ];
        let identified = identify(&instagram, None);
        assert_eq!(identified.platform(), Platform("instagram"));
        assert_eq!(
            identified.relative(instagram[1]),
            "your_instagram_activity/messages/inbox/a_1/message_1.json",
            "a path is never cut below its export root"
        );
        assert_eq!(generation(&instagram).as_deref(), Some("2023-2026"));
        let single_files = [
            "pixotter_20201031/profile.json",
            "pixotter_20201031/connections.json",
        ];
        assert_eq!(
            identify(&single_files, None).platform(),
            Platform("instagram")
        );
        assert_eq!(generation(&single_files).as_deref(), Some("2018-2020"));
    }

    #[test]
    fn partial_exports_and_lone_files_are_named_by_their_files() {
        let messages_only = [
            "messages/inbox/ben_AbC/message_1.json",
            "messages/archived_threads/zoe_DeF/message_1.json",
        ];
        let identified = identify(&messages_only, None);
        assert_eq!(identified.platform(), FB);
        assert!(identified.loose);
        let recognition = describe(identified.module, true, messages_only.into_iter());
        assert_eq!(
            recognition.generation.as_deref(),
            Some("2021-2022"),
            "the newest layout with a root messages/ folder"
        );
        assert!(recognition.confidence < 0.5);
        let lone = ["your_friends.json", "message_1.json"];
        let identified = identify(&lone, None);
        assert_eq!(identified.platform(), FB);
        let recognition = describe(identified.module, true, lone.into_iter());
        assert_eq!(recognition.generation.as_deref(), Some("2024-2026"));
        assert!(identify(&["holiday_notes.json"], None).module.is_none());
    }

    #[test]
    fn the_toy_platform_is_recognised_from_the_registry() {
        let identified = identify(&["wrap/toy_export/people.csv"], None);
        assert_eq!(identified.platform(), Platform("toy"));
        let recognition = describe(
            identified.module,
            false,
            ["toy_export/people.csv"].into_iter(),
        );
        assert_eq!(recognition.generation.as_deref(), Some("v1"));
        assert_eq!(recognition.evidence, ["toy_export/"]);
    }

    #[test]
    fn locale_follows_the_majority_of_known_labels() {
        let labels = ["Nom", "Coordonnées", "Place tags / Name", "Unknown label"];
        assert_eq!(locale_from_labels(FB, labels.into_iter()), Some("fr"));
        assert_eq!(locale_from_labels(FB, ["zzz"].into_iter()), None);
        assert_eq!(
            locale_from_labels(Platform("toy"), labels.into_iter()),
            None,
            "hints belong to their platform"
        );
    }

    #[test]
    fn input_names_load_and_name_their_platform() {
        let names = load_input_names(include_str!("input_names.tsv"));
        assert!(names.errors.is_empty(), "{}", names.error_text());
        for name in &names.rows {
            assert!(platforms::module(Platform(name.platform)).is_some());
        }
        for (name, platform) in [
            (
                "instagram-pixotter-2025-07-31-Ab12Cd34.zip",
                Some("instagram"),
            ),
            ("Facebook-1000123-2024-11-18-xYz.zip", Some("facebook")),
            ("takeout-20250214T091955Z-001.zip", Some("google")),
            ("mydata~1712345678901.zip", Some("snapchat")),
            ("twitter-2024-05-01-0a1b2c.zip", Some("x")),
            (
                "Complete_LinkedInDataExport_05-01-2024.zip",
                Some("linkedin"),
            ),
            ("my-instagram-backup.zip", None),
            ("insta.zip", None),
            ("", None),
        ] {
            assert_eq!(platform_named(name).map(|p| p.id()), platform, "{name}");
        }
    }

    #[test]
    fn a_tie_goes_to_the_platform_the_input_is_named_after() {
        // An Instagram export's second part, holding only the messages both platforms knew at
        // that path: by its files a tie, which the archive's name settles.
        let part = ["messages/inbox/bob_123/message_1.json"];
        assert_eq!(identify(&part, None).platform(), Platform("facebook"));
        let named = identify(&part, Some(Platform("instagram")));
        assert_eq!(named.platform(), Platform("instagram"));
        // A name never outweighs the files.
        let facebook = [
            "your_facebook_activity/messages/inbox/bob_123/message_1.json",
            "personal_information/profile_information/profile_information.json",
        ];
        let named = identify(&facebook, Some(Platform("instagram")));
        assert_eq!(named.platform(), Platform("facebook"));
        // Folders both platforms have, and none of the other's own: the name's platform.
        let shared = ["personal_information/personal_information.json"];
        let named = identify(&shared, Some(Platform("instagram")));
        assert_eq!(
            (named.platform(), named.loose),
            (Platform("instagram"), true)
        );
        assert_eq!(identify(&shared, None).platform(), Platform("facebook"));
        // Files no platform knows: the name's platform, loosely; unnamed, no platform.
        let photos = ["media/posts/202105/1.jpg", "media/posts/202105/2.jpg"];
        let named = identify(&photos, Some(Platform("instagram")));
        assert_eq!(
            (named.platform(), named.loose),
            (Platform("instagram"), true)
        );
        assert!(identify(&photos, None).module.is_none());
    }

    #[test]
    fn locale_hints_load_and_reject_bad_rows() {
        let hints = load_locale_hints(include_str!("locale_hints.tsv"));
        assert!(hints.errors.is_empty(), "{}", hints.error_text());
        for hint in &hints.rows {
            assert!(platforms::module(Platform(hint.platform)).is_some());
        }
        let bad = load_locale_hints("Nom\tfr\tfacebook\nNom\tfrench\tfacebook\nNom\tfr\n");
        assert_eq!(bad.rows.len(), 1);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3]
        );
    }
}

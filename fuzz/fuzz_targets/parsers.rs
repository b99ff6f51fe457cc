//! Every platform parser: the first byte picks a known file of some platform's export, the rest
//! is its content; a small export holding it (and the file that makes the platform recognisable)
//! is audited whole. The layouts are the hand-picked ones below (the seeds of `run.sh` are made
//! for them, in this order), then one per parser of every platform's known files that none of
//! them reaches, read from the catalogues, so a parser added to a `known_files.tsv` is fuzzed
//! too.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use exposure::archive::{Input, Limits};
use exposure::audit::{self, AuditOptions, NoProgress};
use exposure::platforms::{self, common::glob_match};
use libfuzzer_sys::fuzz_target;

/// (marker file that identifies the export, file the fuzzer fills).
const PICKED: &[(&str, &str)] = &[
    (
        "personal_information/profile_information/profile_information.json",
        "personal_information/profile_information/profile_information.json",
    ),
    (
        "personal_information/profile_information/profile_information.json",
        "your_facebook_activity/messages/inbox/a_1/message_1.json",
    ),
    (
        "personal_information/profile_information/profile_information.json",
        "logged_information/other_logged_information/ads_interests.json",
    ),
    (
        "personal_information/profile_information/profile_information.json",
        "security_and_login_information/account_activity.json",
    ),
    (
        "personal_information/profile_information/profile_information.json",
        "your_facebook_activity/posts/your_posts_1.html",
    ),
    (
        "your_instagram_activity/content/posts_1.json",
        "personal_information/personal_information/personal_information.json",
    ),
    (
        "your_instagram_activity/content/posts_1.json",
        "ads_information/instagram_ads_and_businesses/ads_viewed.json",
    ),
    ("data/manifest.js", "data/tweets.js"),
    ("data/manifest.js", "data/personalization.js"),
    ("data/manifest.js", "data/direct-messages.js"),
    ("Profile.csv", "Connections.csv"),
    ("Profile.csv", "messages.csv"),
    ("Profile.csv", "Ad_Targeting.csv"),
    ("user_data_tiktok.json", "user_data_tiktok.json"),
    ("json/account.json", "json/location_history.json"),
    ("json/account.json", "json/chat_history.json"),
    (
        "Takeout/archive_browser.html",
        "Takeout/My Activity/Search/MyActivity.json",
    ),
    (
        "Takeout/archive_browser.html",
        "Takeout/My Activity/YouTube/MyActivity.html",
    ),
    (
        "Takeout/archive_browser.html",
        "Takeout/Location History (Timeline)/Records.json",
    ),
    (
        "Takeout/archive_browser.html",
        "Takeout/Location History (Timeline)/Semantic Location History/2024/2024_JANUARY.json",
    ),
    (
        "Takeout/archive_browser.html",
        "Takeout/Mail/All mail Including Spam and Trash.mbox",
    ),
    (
        "Takeout/archive_browser.html",
        "Takeout/Contacts/All Contacts/All Contacts.vcf",
    ),
    (
        "personal_information/profile_information/profile_information.json",
        "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies/a_1.html",
    ),
    (
        "your_instagram_activity/content/posts_1.json",
        "apps_and_websites_off_of_instagram/your_activity_off_meta_technologies/0.html",
    ),
];

/// Per platform: a file that makes its export recognisable, and the folder its known files lie
/// in beside it (a Takeout's `Takeout/`).
const MARKERS: &[(&str, &str, &str)] = &[
    (
        "facebook",
        "personal_information/profile_information/profile_information.json",
        "",
    ),
    (
        "instagram",
        "your_instagram_activity/content/posts_1.json",
        "",
    ),
    ("x", "data/manifest.js", ""),
    ("linkedin", "Profile.csv", ""),
    ("tiktok", "user_data_tiktok.json", ""),
    ("snapchat", "json/account.json", ""),
    ("google", "Takeout/archive_browser.html", "Takeout/"),
];

/// A marker file, the file the fuzzer fills, and for a layout read from a catalogue, the
/// known-file pattern it stands for.
type Layout = (String, String, Option<&'static str>);

/// [`PICKED`], then for each parser no picked file reaches, its first known file (stars filled
/// in) beside its platform's marker.
static LAYOUTS: LazyLock<Vec<Layout>> = LazyLock::new(|| {
    let mut layouts: Vec<Layout> = PICKED
        .iter()
        .map(|&(marker, target)| (marker.to_string(), target.to_string(), None))
        .collect();
    for module in platforms::registry() {
        let id = module.platform().id();
        let Some(&(_, marker, folder)) = MARKERS.iter().find(|(of, ..)| *of == id) else {
            panic!("no marker for {id}");
        };
        let mut parsers = HashSet::new();
        for known in &module.catalogue().known_files {
            let reached = PICKED
                .iter()
                .any(|(_, target)| glob_match(&known.pattern, target.trim_start_matches(folder)));
            if parsers.insert(known.parser.as_str()) && !reached {
                let file = format!("{folder}{}", known.pattern.replace('*', "a_1"));
                layouts.push((marker.to_string(), file, Some(known.pattern.as_str())));
            }
        }
    }
    layouts
});

mod one_thread;

fuzz_target!(
    init: {
        one_thread::audit_on_one_thread();
        // `run.sh` asks for the layouts read from the catalogues, to seed each with a fixture
        // file its pattern matches: one line each, its number and its pattern.
        if std::env::var_os("EXPOSURE_FUZZ_LIST_LAYOUTS").is_some() {
            for (n, (_, _, pattern)) in LAYOUTS.iter().enumerate() {
                if let Some(pattern) = pattern {
                    println!("{n}\t{pattern}");
                }
            }
            std::process::exit(0);
        }
    },
    |data: &[u8]| audit_layout(data)
);

/// The export of the layout the first byte picks, its file filled with the rest, audited whole.
fn audit_layout(data: &[u8]) {
    let Some((&choice, content)) = data.split_first() else {
        return;
    };
    let (marker, target, _) = &LAYOUTS[usize::from(choice) % LAYOUTS.len()];
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("export");
    for (path, bytes) in [(marker.as_str(), &b"{}"[..]), (target.as_str(), content)] {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    let options = AuditOptions {
        limits: Limits::default(),
        progress: &NoProgress,
        mail_bodies: true,
    };
    let _ = audit::run(&[Input::Path(root)], &options);
}

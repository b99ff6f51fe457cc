//! Every platform parser family: the first byte picks a known file of some platform's export,
//! the rest is its content; a small export holding it (and the file that makes the platform
//! recognisable) is audited whole.
#![no_main]

use exposure::archive::{Input, Limits};
use exposure::audit::{self, AuditOptions, NoProgress};
use libfuzzer_sys::fuzz_target;

/// (marker file that identifies the export, file the fuzzer fills).
const LAYOUTS: &[(&str, &str)] = &[
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

fuzz_target!(|data: &[u8]| {
    let Some((&choice, content)) = data.split_first() else {
        return;
    };
    let (marker, target) = LAYOUTS[usize::from(choice) % LAYOUTS.len()];
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("export");
    for (path, bytes) in [(marker, &b"{}"[..]), (target, content)] {
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
});

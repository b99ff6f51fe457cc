//! X/Twitter, LinkedIn, TikTok and Snapchat exports of every era and flavour, run through the
//! binary as downloaded (zipped at test time), each pinned by a compact snapshot with the counts
//! a person would check asserted.

mod common;

use common::{Expected, audit_json, check_expected, counts, fixture};

const EXPECTED: &[Expected] = &[
    Expected {
        fixture: "x-2024-en",
        platform: "x",
        generation: "2020-2026",
        flavour: "json",
        locale: None,
        counts: &[
            ("post", 5),
            ("connection", 7),
            ("login", 3),
            ("ip_address", 3),
            ("message", 7),
            ("message_thread", 3),
            ("contact", 2),
            ("ad_impression", 2),
            ("secret", 2),
            ("location_point", 2),
        ],
    },
    Expected {
        fixture: "x-2019-en",
        platform: "x",
        generation: "2018-2020",
        flavour: "json",
        locale: None,
        counts: &[
            ("post", 2),
            ("connection", 4),
            ("message", 2),
            ("message_thread", 1),
            ("login", 2),
            ("ip_address", 2),
        ],
    },
    Expected {
        fixture: "linkedin-complete-2025",
        platform: "linkedin",
        generation: "2018-2026",
        flavour: "csv",
        locale: None,
        counts: &[
            ("connection", 10),
            ("message", 4),
            ("message_thread", 2),
            ("contact", 3),
            ("login", 4),
            ("ip_address", 4),
            ("education", 2),
            ("ad_interest", 25),
            ("inferred_attribute", 16),
            ("email", 6),
            ("search_query", 3),
        ],
    },
    Expected {
        fixture: "linkedin-basic-2025",
        platform: "linkedin",
        generation: "2018-2026",
        flavour: "csv",
        locale: None,
        counts: &[("connection", 4), ("email", 3), ("name", 1)],
    },
    Expected {
        fixture: "tiktok-2024-json",
        platform: "tiktok",
        generation: "2023-2026",
        flavour: "json",
        locale: None,
        counts: &[
            ("message", 5),
            ("message_thread", 2),
            ("login", 3),
            ("watch_event", 4),
            ("connection", 6),
            ("ad_interest", 3),
            ("off_platform_event", 5),
            ("advertising_id", 1),
        ],
    },
    Expected {
        fixture: "tiktok-2021-json",
        platform: "tiktok",
        generation: "2019-2022",
        flavour: "json",
        locale: None,
        counts: &[
            ("message", 2),
            ("watch_event", 3),
            ("connection", 5),
            ("login", 2),
        ],
    },
    Expected {
        fixture: "tiktok-2022-txt",
        platform: "tiktok",
        generation: "2019-2024-txt",
        flavour: "txt",
        locale: None,
        counts: &[
            ("message", 4),
            ("message_thread", 2),
            ("watch_event", 3),
            ("connection", 3),
            ("login", 2),
            ("ad_interest", 3),
        ],
    },
    Expected {
        fixture: "snapchat-2023-json",
        platform: "snapchat",
        generation: "2019-2026",
        flavour: "json",
        locale: None,
        counts: &[
            ("connection", 6),
            ("login", 3),
            ("location_point", 6),
            ("message", 7),
            ("ad_interest", 3),
            ("home_or_work", 2),
        ],
    },
    Expected {
        fixture: "snapchat-2025-json",
        platform: "snapchat",
        generation: "2019-2026",
        flavour: "json",
        locale: None,
        counts: &[
            ("message", 8),
            ("location_point", 3),
            ("connection", 3),
            ("place", 2),
        ],
    },
    Expected {
        fixture: "snapchat-2023-html",
        platform: "snapchat",
        generation: "2019-2026",
        flavour: "html",
        locale: None,
        counts: &[("connection", 6), ("login", 3), ("ip_address", 3)],
    },
];

#[test]
fn every_platform_era_and_flavour_is_recognised_counted_and_redacted() {
    for expected in EXPECTED {
        let report = check_expected(expected);
        insta::assert_json_snapshot!(expected.fixture, common::compact(&report));
    }
}

#[test]
fn a_split_x_archive_gives_one_report() {
    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<_> = ["part1", "part2"]
        .iter()
        .map(|part| {
            let path = dir
                .path()
                .join(format!("twitter-2024-11-02-ff00aa11-{part}.zip"));
            common::zip_tree(&fixture("x-2024-split").join(part), &[], &path);
            path
        })
        .collect();
    let report = audit_json(&[&parts[0], &parts[1]], &[]);
    assert_eq!(report["exports"].as_array().unwrap().len(), 1);
    assert!(parts_missing(&report).is_none());
    let counts = counts(&report);
    assert_eq!(counts["post"], 4, "tweets-part1.js and tweets-part2.js");
    assert_eq!(counts["connection"], 4);
    assert_eq!(counts["login"], 2);
    // One part alone: the manifest it carries names what the other holds; nothing is called
    // absent that may be there.
    let second = audit_json(&[&parts[1]], &[]);
    let note = parts_missing(&second).expect("the part given alone says others are missing");
    assert!(
        note.ends_with("(data/account.js, data/follower.js, data/profile.js, …)"),
        "{note}"
    );
    let files = second["exports"][0]["files"].as_array().unwrap();
    assert!(files.iter().all(|f| f["status"] != "absent"), "{files:?}");
}

/// The message of the report's `archive.parts_missing` diagnostic, if it has one.
fn parts_missing(report: &serde_json::Value) -> Option<String> {
    report["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["code"] == "archive.parts_missing")
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
}

#[test]
fn messages_know_their_owner_on_every_platform() {
    for fixture in [
        "x-2024-en",
        "linkedin-complete-2025",
        "tiktok-2024-json",
        "tiktok-2022-txt",
        "snapchat-2025-json",
    ] {
        let report = common::audit_fixture(fixture);
        let given = report["summary"]["provenance"]["volunteered"]
            .as_u64()
            .unwrap();
        let messages = report["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == "message")
            .unwrap_or_else(|| panic!("{fixture}: no messages"));
        assert!(messages["count"].as_u64().unwrap() > 0, "{fixture}");
        assert!(given > 0, "{fixture}");
    }
}

#[test]
fn the_google_samples_parse_without_failure() {
    let report = audit_json(&[&fixture("samples/google/ddp-inspector")], &[]);
    let export = &report["exports"][0];
    assert_eq!(export["platform"], "google");
    for file in export["files"].as_array().unwrap() {
        assert_eq!(file["status"], "parsed", "{file}");
    }
    // Titles with no verb are read by the activity control that saved them.
    assert_eq!(counts(&report)["watch_event"], 2);
    assert_eq!(counts(&report)["liked_page"], 2);
}

#[test]
fn the_x_sample_parses() {
    let report = audit_json(&[&fixture("samples/twitter/ddp-inspector")], &[]);
    let export = &report["exports"][0];
    assert_eq!(export["platform"], "x");
    for file in export["files"].as_array().unwrap() {
        assert_eq!(file["status"], "parsed", "{file}");
    }
    assert_eq!(counts(&report)["ad_interest"], 2);
}

/// A LinkedIn file is in the export only when the member has such data: a member with no
/// positions is not told `Positions.csv` is missing, while a file every member has still is.
#[test]
fn a_linkedin_export_without_positions_is_not_told_they_are_absent() {
    let members: Vec<_> = common::members_under(&fixture("linkedin-basic-2025"), "")
        .into_iter()
        .filter(|(name, _)| !name.ends_with("/Positions.csv") && !name.ends_with("/Profile.csv"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("Basic_LinkedInDataExport_03-13-2025.zip");
    std::fs::write(&zip, common::zip_members(&members)).unwrap();
    let report = audit_json(&[&zip], &[]);
    let absent = common::absent_paths(&report).join(" ");
    assert!(!absent.contains("Positions.csv"), "{absent}");
    assert!(absent.contains("Profile.csv"), "{absent}");
}

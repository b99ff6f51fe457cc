//! Meta exports of every era and flavour, run through the binary as downloaded (zipped at test
//! time): Facebook JSON 2018–2026 and HTML, Instagram 2018–2025, group chats, messages-only and
//! single-file inputs, and the public samples. Each report is pinned by a compact snapshot
//! (recognition, counts, file statuses, sensitive findings), and the counts a person would check
//! are asserted, so that a regression names the kind that moved.

mod common;

use common::{Expected, audit_fixture, audit_json, check_expected, counts, exposure, fixture};

const EXPECTED: &[Expected] = &[
    Expected {
        fixture: "instagram-2025-en",
        platform: "instagram",
        generation: "2023-2026",
        flavour: "json",
        locale: Some("en"),
        counts: &[
            ("name", 1),
            ("username", 4),
            ("connection", 8),
            ("contact", 3),
            ("liked_page", 2),
            ("visited_page", 5),
            ("message", 9),
            ("message_thread", 2),
            ("login", 5),
            ("ip_address", 4),
            ("search_query", 4),
            ("off_platform_event", 5),
            ("advertiser", 5),
            ("ad_interest", 9),
            ("inferred_attribute", 3),
            ("location_point", 4),
            ("post", 3),
            ("comment", 2),
            ("email", 7),
        ],
    },
    Expected {
        fixture: "instagram-2025-en-html",
        platform: "instagram",
        generation: "2023-2026",
        flavour: "html",
        locale: Some("en"),
        counts: &[
            ("message", 9),
            ("connection", 8),
            ("location_point", 4),
            ("login", 5),
        ],
    },
    Expected {
        fixture: "instagram-2022-nl",
        platform: "instagram",
        generation: "2020-2023",
        flavour: "json",
        locale: Some("nl"),
        counts: &[
            ("connection", 4),
            ("message", 4),
            ("message_thread", 1),
            ("login", 3),
            ("ad_interest", 6),
            ("inferred_attribute", 3),
            ("advertiser", 2),
            ("contact", 2),
            ("search_query", 3),
            ("post", 4),
            ("location_point", 2),
            ("liked_page", 1),
            ("visited_page", 2),
            ("device", 2),
            ("ip_address", 3),
        ],
    },
    Expected {
        fixture: "instagram-2020-en",
        platform: "instagram",
        generation: "2018-2020",
        flavour: "json",
        locale: Some("en"),
        counts: &[
            ("name", 1),
            ("connection", 6),
            ("message", 7),
            ("message_thread", 2),
            ("login", 4),
            ("ip_address", 4),
            ("comment", 2),
            ("contact", 2),
            ("search_query", 3),
        ],
    },
    Expected {
        fixture: "facebook-2022-nl",
        platform: "facebook",
        generation: "2021-2022",
        flavour: "json",
        locale: Some("nl"),
        counts: &[
            ("ad_interest", 11),
            ("inferred_attribute", 5),
            ("connection", 14),
            ("contact", 3),
            ("login", 15),
            ("advertiser", 10),
            ("off_platform_event", 6),
            ("advertising_id", 2),
            ("group", 4),
            ("event", 5),
            ("home_or_work", 3),
            ("relationship", 2),
            ("message_thread", 4),
            ("place", 16),
            ("liked_page", 4),
            ("iban", 1),
            ("payment", 2),
            ("location_point", 5),
            ("device", 6),
        ],
    },
    Expected {
        fixture: "facebook-2023-en",
        platform: "facebook",
        generation: "2022-2024",
        flavour: "json",
        locale: Some("en"),
        counts: &[
            ("contact", 8),
            ("advertiser", 6),
            ("message", 10),
            ("message_thread", 2),
            ("email", 7),
            ("connection", 4),
            ("ip_address", 5),
            ("location_point", 3),
            ("visited_page", 3),
            ("place", 11),
            ("device", 2),
            ("login", 5),
        ],
    },
    // The 2024+ files of places, languages and devices Facebook keeps or infers, and the logs of
    // what was viewed, one bare record or a list of them.
    Expected {
        fixture: "facebook-2025-en",
        platform: "facebook",
        generation: "2024-2026",
        flavour: "json",
        locale: Some("en"),
        counts: &[
            ("place", 16),
            ("liked_page", 2),
            ("language", 2),
            ("device", 8),
            ("visited_page", 6),
            ("watch_event", 2),
            ("email", 1),
            ("phone", 1),
            ("login", 3),
            ("ip_address", 7),
            ("bio", 5),
            ("payment", 1),
            ("postal_address", 1),
            ("gender", 1),
            ("education", 1),
            ("work", 1),
            ("location_point", 3),
            ("username", 1),
            ("name", 1),
            ("advertiser", 2),
            ("group", 2),
            ("connection", 3),
        ],
    },
    // The 2018–2021 security files not in `facebook-2021-en` (login protection, the browser
    // cookie) and the history of profile changes with a life event.
    Expected {
        fixture: "facebook-2019-en",
        platform: "facebook",
        generation: "2018-2021",
        flavour: "json",
        locale: None,
        counts: &[
            ("name", 1),
            ("email", 1),
            ("place", 3),
            ("location_point", 1),
            ("ip_address", 3),
            ("device", 2),
            ("advertiser", 2),
            ("inferred_attribute", 1),
            ("connection", 1),
        ],
    },
    Expected {
        fixture: "facebook-messages-only-2020",
        platform: "facebook",
        generation: "2021-2022",
        flavour: "json",
        locale: None,
        counts: &[("message", 9), ("message_thread", 3)],
    },
    Expected {
        fixture: "facebook-single-files",
        platform: "facebook",
        generation: "2024-2026",
        flavour: "json",
        locale: None,
        counts: &[
            ("name", 1),
            ("connection", 3),
            ("ad_interest", 5),
            ("message", 3),
            ("message_thread", 1),
        ],
    },
    Expected {
        fixture: "facebook-2024-fr-html",
        platform: "facebook",
        generation: "2024-2026",
        flavour: "html",
        locale: Some("fr"),
        counts: &[("message", 12), ("connection", 10), ("ad_interest", 15)],
    },
    Expected {
        fixture: "facebook-2017-html",
        platform: "facebook",
        generation: "2010-2018",
        flavour: "html",
        locale: None,
        counts: &[("message", 5), ("message_thread", 2), ("email", 2)],
    },
    Expected {
        fixture: "facebook-2021-en-html",
        platform: "facebook",
        generation: "2018-2021",
        flavour: "html",
        locale: Some("en"),
        counts: &[("message", 6), ("connection", 7), ("ad_interest", 6)],
    },
    // Activity off Meta as one page per business: Facebook 2026 (the index links each page),
    // Instagram 2026 (business in h1) and 2024 ("Activity received from…", no tables).
    Expected {
        fixture: "facebook-2026-en-html",
        platform: "facebook",
        generation: "2024-2026",
        flavour: "html",
        locale: Some("en"),
        counts: &[
            ("advertiser", 2),
            ("off_platform_event", 5),
            ("comment", 1),
            ("visited_page", 3),
        ],
    },
    Expected {
        fixture: "instagram-2026-en-html",
        platform: "instagram",
        generation: "2023-2026",
        flavour: "html",
        locale: None,
        counts: &[("advertiser", 2), ("off_platform_event", 3)],
    },
    Expected {
        fixture: "instagram-2024-en-html",
        platform: "instagram",
        generation: "2023-2026",
        flavour: "html",
        locale: None,
        counts: &[("advertiser", 1), ("off_platform_event", 3)],
    },
];

#[test]
fn every_era_and_flavour_is_recognised_counted_and_redacted() {
    for expected in EXPECTED {
        let report = check_expected(expected);
        insta::assert_json_snapshot!(expected.fixture, common::compact(&report));
    }
}

#[test]
fn the_same_account_as_html_and_as_json_gives_equal_counts() {
    for (json_tree, html_tree) in [
        ("facebook-2024-fr", "facebook-2024-fr-html"),
        ("facebook-2021-en", "facebook-2021-en-html"),
        ("instagram-2025-en", "instagram-2025-en-html"),
    ] {
        let json_report = audit_fixture(json_tree);
        let html_report = audit_fixture(html_tree);
        assert_eq!(
            counts(&json_report),
            counts(&html_report),
            "{json_tree} vs {html_tree}"
        );
        let zone_named = !html_report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "decode.local_times");
        if zone_named {
            // With the account's time zone, HTML dates give the same instants as JSON.
            assert_eq!(
                json_report["datasets"], html_report["datasets"],
                "{html_tree}"
            );
        }
    }
    let html_2024 = audit_fixture("facebook-2024-fr-html");
    assert!(
        !html_2024["diagnostics"]
            .to_string()
            .contains("decode.local_times"),
        "the 2024 export names its time zone"
    );
    let html_2021 = audit_fixture("facebook-2021-en-html");
    assert!(
        html_2021["diagnostics"]
            .to_string()
            .contains("decode.local_times"),
        "the 2021 export does not, and the report says so"
    );
    // A diagnostic of the whole export names no file: its line starts with the message.
    let (_dir, zip) = common::zipped("facebook-2021-en-html", &[]);
    let table = common::audit_table(&zip, "en");
    let line = table
        .lines()
        .find(|line| line.starts_with("! ") && line.contains("HTML dates"))
        .unwrap_or_else(|| panic!("no time-zone line in:\n{table}"));
    assert!(
        line.starts_with("! HTML dates carry no time zone"),
        "{line}"
    );
}

#[test]
fn each_single_file_given_alone_is_recognised_and_parsed() {
    for file in [
        "message_1.json",
        "your_friends.json",
        "ads_interests.json",
        "profile_information.json",
    ] {
        let path = fixture("facebook-single-files").join(file);
        let report = audit_json(&[&path], &[]);
        let export = &report["exports"][0];
        assert_eq!(export["platform"], "facebook", "{file}");
        assert!(export["confidence"].as_f64().unwrap() < 0.5, "{file}");
        let files = export["files"].as_array().unwrap();
        assert_eq!(files.len(), 1, "{file}: a lone file lists nothing absent");
        assert_eq!(files[0]["status"], "parsed", "{file}");
        assert!(files[0]["records"].as_u64().unwrap() > 0, "{file}");
    }
}

#[test]
fn a_group_chat_is_counted_as_a_thread_with_its_messages() {
    let report = audit_fixture("facebook-2023-en");
    let file = report["exports"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .contains("groups/your_group_messages/")
        })
        .unwrap()
        .clone();
    assert_eq!(file["status"], "parsed");
    assert_eq!(file["parser"], "facebook.message_thread");
    assert_eq!(
        file["records"], 8,
        "6 messages, their thread, and the e-mail address one message holds"
    );
}

#[test]
fn nothing_is_called_facebook_that_is_not() {
    let report = audit_fixture("instagram-2025-en");
    let text = report["exports"].to_string();
    assert!(!text.contains("\"facebook\""));
    let output = exposure()
        .args(["audit", "--quiet"])
        .arg(fixture("instagram-2025-en"))
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("Instagram"));
    assert!(!table.contains("Facebook"));
}

#[test]
fn every_meta_sample_parses_with_a_known_shape() {
    for sample in [
        "samples/msgvault",
        "samples/osd2f",
        "samples/bionic",
        "samples/ddp-inspector",
    ] {
        for root in std::fs::read_dir(fixture(sample)).unwrap().flatten() {
            let report = audit_json(&[&root.path()], &[]);
            for export in report["exports"].as_array().unwrap() {
                assert_ne!(export["platform"], "unknown", "{:?}", root.path());
                for file in export["files"].as_array().unwrap() {
                    assert_ne!(file["status"], "failed", "{file} in {:?}", root.path());
                    assert_ne!(
                        file["diagnostic"],
                        "parse.shape_unrecognised",
                        "{file} in {:?}",
                        root.path()
                    );
                }
            }
        }
    }
}

#[test]
fn an_html_export_is_not_told_its_json_files_are_absent() {
    // Each HTML fixture covers part of its JSON twin's files: those it holds are there, in HTML.
    for tree in [
        "facebook-2021-en-html",
        "facebook-2024-fr-html",
        "facebook-2026-en-html",
        "instagram-2024-en-html",
        "instagram-2025-en-html",
        "instagram-2026-en-html",
        "snapchat-2023-html",
    ] {
        let report = audit_fixture(tree);
        let mut members = Vec::new();
        common::collect(&fixture(tree), &mut members);
        let members: Vec<String> = members
            .iter()
            .map(|m| m.to_string_lossy().replace('\\', "/"))
            .collect();
        for path in common::absent_paths(&report) {
            // The pattern ends a member's path, `*` standing for a part of one level.
            let twin = path.replace(".json", ".html").replace("json/", "html/");
            let ending = regex::Regex::new(&format!(
                "/{}$",
                regex::escape(&twin).replace("\\*", "[^/]*")
            ))
            .unwrap();
            let held = members.iter().any(|m| ending.is_match(m));
            assert!(!held, "{tree}: {path} is held as {twin}");
        }
    }
}

#[test]
fn a_part_of_a_drive_delivery_given_alone_says_the_others_are_missing() {
    let absent = |report: &serde_json::Value| common::absent_paths(report).len();
    let codes = common::diagnostic_codes;
    let whole = audit_fixture("facebook-2023-en");
    assert!(absent(&whole) > 0, "the fixture lacks some expected files");
    assert!(!codes(&whole).contains(&"archive.parts_missing".to_string()));
    // Google Drive re-zips a large export into numbered parts; the second given alone.
    let dir = tempfile::tempdir().unwrap();
    let part = dir
        .path()
        .join("facebook-tedtestcase-2023-05-02-Ab12Cd34-20230502T101010Z-002.zip");
    common::zip_tree(&common::fixture("facebook-2023-en"), &[], &part);
    let report = audit_json(&[&part], &[]);
    assert!(codes(&report).contains(&"archive.parts_missing".to_string()));
    assert_eq!(absent(&report), 0, "what seems absent may be in part 1");
    assert_eq!(common::counts(&report), common::counts(&whole));
}

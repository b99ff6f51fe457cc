//! End-to-end tests: the binary run on fixture trees zipped at test time, as a person would run
//! it on the zip they downloaded. The JSON report is pinned with a snapshot.

mod common;

use common::{
    audit_json, exposure, fixture, members_under, strings_of, zip_members, zip_of, zip_tree, zipped,
};
use serde_json::Value;

/// The contract's top-level keys and their types.
fn check_contract(report: &Value) {
    for key in [
        "schema",
        "tool",
        "redacted",
        "lang",
        "scenario",
        "exports",
        "summary",
        "categories",
        "findings",
        "datasets",
        "recommendations",
        "diagnostics",
    ] {
        assert!(report.get(key).is_some(), "missing top-level key {key}");
    }
    assert_eq!(report["schema"], "exposure-report/1");
    let summary = &report["summary"];
    for key in [
        "score",
        "band",
        "provenance",
        "self_supplied_share",
        "categories_high",
        "categories_very_high",
    ] {
        assert!(summary.get(key).is_some(), "summary.{key}");
    }
    for p in ["volunteered", "observed", "inferred", "received"] {
        assert!(summary["provenance"][p].is_u64(), "provenance.{p}");
    }
    for export in report["exports"].as_array().unwrap() {
        for key in [
            "input",
            "platform",
            "generation",
            "flavour",
            "locale",
            "confidence",
            "evidence",
            "counts",
            "coverage",
            "files",
        ] {
            assert!(export.get(key).is_some(), "exports[].{key}");
        }
        for file in export["files"].as_array().unwrap() {
            let status = file["status"].as_str().unwrap();
            assert!(["parsed", "scanned", "skipped", "failed", "absent"].contains(&status));
        }
    }
    for finding in report["findings"].as_array().unwrap() {
        for key in [
            "id",
            "platform",
            "category",
            "kind",
            "provenance",
            "value",
            "confidence",
            "score",
            "count",
            "sources",
            "rule",
        ] {
            assert!(finding.get(key).is_some(), "findings[].{key}");
        }
    }
}

/// Values planted in the fixtures (fixtures/README.md) that must never appear redacted.
const PLANTED: &[&str] = &[
    "elodie.testard@example.com",
    "e.testard@example.org",
    "bastien.fictif@example.org",
    "elodie.secours@example.net",
    "39 98 45 67",
    "639984567",
    "06 39 98 12 34",
    "1 99 00 12 34",
    "198.51.100.23",
    "203.0.113.45",
    "2001:db8:85a3",
    "FR14 2004",
    "FR1420041010",
    "Élodie Testard",
    "Bastien Fictif",
    "Testard",
    "45.764",
    "ava.tester@example.com",
    "ben.sample@example.com",
    "ava.backup@example.org",
    "7700 900123",
    "7700900456",
    "Ava Tester",
    "Ben Sample",
    "198.51.100.77",
    "bastienfictif",
    "bensample",
];

#[test]
fn audits_the_2024_french_export_as_downloaded() {
    let (_dir, zip) = zipped("facebook-2024-fr", &[]);
    let report = audit_json(&[&zip], &[]);
    check_contract(&report);
    let export = &report["exports"][0];
    assert_eq!(export["platform"], "facebook");
    assert_eq!(export["generation"], "2024-2026");
    assert_eq!(export["flavour"], "json");
    assert_eq!(export["locale"], "fr");
    let counts = &export["counts"];
    // One record per item; distinct values for email/phone/ip/name.
    assert_eq!(counts["ad_interest"], 15, "12 topics + 3 other categories");
    assert_eq!(counts["contact"], 4);
    assert_eq!(counts["message_thread"], 2);
    assert_eq!(
        counts["email"], 6,
        "5 in the profile and messages, 1 uploaded contact"
    );
    assert_eq!(counts["name"], 1);
    assert_eq!(counts["connection"], 10);
    let files = export["files"].as_array().unwrap();
    let unknown = files
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("nouvelles_donnees_inconnues.json")
        })
        .unwrap();
    assert_eq!(unknown["status"], "scanned");
    assert!(unknown["records"].as_u64().unwrap() >= 2);
    assert!(files.iter().all(|f| f["status"] != "failed"));
    // Mojibake is repaired: the sensitive French labels are read as written.
    let values = strings_of(&report, "findings", "value");
    assert!(values.contains(&"Diabète"));
    assert!(values.contains(&"Communauté LGBT"));
    let text = report.to_string();
    for planted in PLANTED {
        assert!(!text.contains(planted), "planted value {planted:?} leaked");
    }
    insta::assert_json_snapshot!("facebook_2024_fr", report);
}

#[test]
fn audits_the_2021_english_export() {
    let (_dir, zip) = zipped("facebook-2021-en", &[]);
    let report = audit_json(&[&zip], &[]);
    check_contract(&report);
    let export = &report["exports"][0];
    assert_eq!(export["generation"], "2018-2021");
    assert_eq!(export["locale"], Value::Null);
    let counts = &export["counts"];
    assert_eq!(counts["ad_interest"], 6);
    assert_eq!(
        counts["advertiser"], 5,
        "3 audiences + 2 off-Facebook businesses"
    );
    assert_eq!(counts["contact"], 3);
    assert_eq!(
        counts["location_point"], 4,
        "3 in location history + 1 post place"
    );
    let text = report.to_string();
    for planted in PLANTED {
        assert!(!text.contains(planted), "planted value {planted:?} leaked");
    }
    insta::assert_json_snapshot!("facebook_2021_en", report);
}

#[test]
fn reveal_shows_the_values() {
    let (_dir, zip) = zipped("facebook-2021-en", &[]);
    let report = audit_json(&[&zip], &["--reveal"]);
    assert_eq!(report["redacted"], false);
    assert!(report.to_string().contains("ava.tester@example.com"));
}

#[test]
fn table_output_is_redacted_too() {
    let (_dir, zip) = zipped("facebook-2024-fr", &[]);
    let output = exposure()
        .args(["audit", "--quiet", "--lang", "fr"])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Risque global"));
    for planted in PLANTED {
        assert!(!text.contains(planted), "planted value {planted:?} leaked");
    }
}

#[test]
fn a_corrupt_member_a_bomb_and_an_unknown_file_do_not_stop_the_report() {
    let spaces = vec![b' '; 24 << 20];
    let (_dir, zip) = zipped(
        "facebook-2021-en",
        &[
            (
                "facebook-avatester/friends/removed_friends.json",
                b"{\"deleted_friends_v2\": [{\"name\": \"X\"",
            ),
            ("facebook-avatester/other_activity/bomb.json", &spaces),
            (
                "facebook-avatester/new_section/notes.txt",
                b"write to ghost.user@example.net",
            ),
        ],
    );
    let report = audit_json(&[&zip], &[]);
    let files = report["exports"][0]["files"].as_array().unwrap();
    let status = |suffix: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("no file {suffix}"))
            .clone()
    };
    assert_eq!(status("removed_friends.json")["status"], "failed");
    assert_eq!(
        status("removed_friends.json")["diagnostic"],
        "decode.malformed_json"
    );
    assert_eq!(status("bomb.json")["status"], "skipped");
    assert_eq!(status("bomb.json")["diagnostic"], "limit.compression_ratio");
    assert_eq!(status("notes.txt")["status"], "scanned");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "decode.malformed_json")
    );
    assert!(!report["diagnostics"].to_string().contains("ghost.user"));
    // The rest is still audited.
    assert!(report["exports"][0]["counts"]["email"].as_u64().unwrap() >= 2);
}

#[test]
fn inputs_that_used_to_panic_are_read_and_the_rest_reported() {
    let (_dir, zip) = zipped(
        "facebook-2021-en",
        &[
            (
                "facebook-avatester/new_section/page.html",
                "<p>&aaaaaaaaaaé and &#233;</p>".as_bytes(),
            ),
            (
                "facebook-avatester/new_section/notes.txt",
                "\u{212A}X12 3456 7890 1234 5678 90 and ghost.user@example.net".as_bytes(),
            ),
        ],
    );
    let report = audit_json(&[&zip], &[]);
    let files = report["exports"][0]["files"].as_array().unwrap();
    for suffix in ["page.html", "notes.txt"] {
        let file = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .unwrap();
        assert_eq!(file["status"], "scanned", "{suffix}");
    }
    assert_eq!(report["exports"][0]["counts"]["ad_interest"], 6);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "email" && f["sources"][0]["file"] == "new_section/notes.txt")
    );
}

#[test]
fn a_known_file_in_a_changed_shape_is_flagged_and_still_scanned() {
    let (_dir, zip) = zipped(
        "facebook-2021-en",
        &[(
            "facebook-avatester/friends/sent_friend_requests.json",
            br#"{"sent_requests_v3": {"people": [{"contact": "changed.shape@example.com"}]}}"#,
        )],
    );
    let report = audit_json(&[&zip], &[]);
    let file = report["exports"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "friends/sent_friend_requests.json")
        .unwrap()
        .clone();
    assert_eq!(file["status"], "scanned");
    assert_eq!(file["diagnostic"], "parse.shape_unrecognised");
    assert_eq!(file["parser"], "facebook.people");
    assert_eq!(file["records"], 1);
    let email = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["sources"][0]["file"] == "friends/sent_friend_requests.json")
        .expect("the changed file's e-mail is found by the scanner");
    assert_eq!(email["kind"], "email");
    assert_eq!(email["value"], "c•••@example.com");
}

#[test]
fn two_parts_of_one_export_give_one_report_and_count_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("part-1.zip");
    let b = dir.path().join("part-2.zip");
    zip_tree(&fixture("facebook-2021-en"), &[], &a);
    zip_tree(&fixture("facebook-2021-en"), &[], &b);
    let report = audit_json(&[&a, &b], &[]);
    assert_eq!(report["exports"].as_array().unwrap().len(), 1);
    assert_eq!(report["exports"][0]["input"], "part-1.zip + part-2.zip");
    assert_eq!(report["exports"][0]["counts"]["ad_interest"], 6);
}

#[test]
fn an_instagram_part_holding_only_messages_is_told_by_its_name() {
    // Meta splits a large export into parts; a part may hold only `messages/`, a folder that
    // Facebook's exports of the same years had too.
    let root = fixture("instagram-2022-nl").join("instagram_nlaccount_20220926");
    let members = members_under(&root.join("messages"), "messages/");
    let dir = tempfile::tempdir().unwrap();
    let platform_of = |name: &str| {
        let part = dir.path().join(name);
        std::fs::write(&part, zip_members(&members)).unwrap();
        platform_of_files(&part)
    };
    assert_eq!(
        platform_of("instagram-nlaccount-2022-09-26-Ab12Cd34-part2.zip"),
        "instagram"
    );
    // Unnamed, its files alone fit both platforms: the tie goes the registry's way.
    assert_eq!(platform_of("part-2.zip"), "facebook");
    // Given with the first part, both make one Instagram export.
    let first = dir
        .path()
        .join("instagram-nlaccount-2022-09-26-Ab12Cd34-part1.zip");
    zip_tree(&fixture("instagram-2022-nl"), &[], &first);
    let second = dir
        .path()
        .join("instagram-nlaccount-2022-09-26-Ab12Cd34-part2.zip");
    let report = audit_json(&[&first, &second], &[]);
    let exports = report["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(exports[0]["platform"], "instagram");
    // Unnamed too: given together, the part its folders make Instagram's says whose the other
    // is, be it the messages or `your_topics/` (a folder Facebook's exports have too).
    let first = dir.path().join("part-1.zip");
    zip_tree(&fixture("instagram-2022-nl"), &[], &first);
    let report = audit_json(&[&first, &dir.path().join("part-2.zip")], &[]);
    let exports = report["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(exports[0]["platform"], "instagram");
    let (topics, rest): (Vec<_>, Vec<_>) = members_under(&root, "")
        .into_iter()
        .partition(|(rel, _)| rel.starts_with("your_topics/"));
    std::fs::write(&first, zip_members(&rest)).unwrap();
    let second = dir.path().join("part-2.zip");
    std::fs::write(&second, zip_members(&topics)).unwrap();
    assert_eq!(platform_of_files(&second), "facebook", "alone, a tie");
    let report = audit_json(&[&first, &second], &[]);
    let exports = report["exports"].as_array().unwrap();
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(exports[0]["platform"], "instagram");
}

/// The platforms of the exports an input is audited as.
fn platform_of_files(input: &std::path::Path) -> String {
    strings_of(&audit_json(&[input], &[]), "exports", "platform").join(" + ")
}

#[test]
fn an_accounts_center_download_gives_one_export_per_platform_folder() {
    // `meta-…/facebook-…/` and `meta-…/instagram-…/`, the Instagram one holding only its
    // messages (a folder both platforms' exports have): its name says whose they are.
    let wrapper = "meta-2025-Jul-13-10-00-00";
    let mut members = members_under(
        &fixture("facebook-2024-fr"),
        &format!("{wrapper}/facebook-camille-2025-07-13-Ab12Cd34/"),
    );
    let instagram = fixture("instagram-2022-nl").join("instagram_nlaccount_20220926");
    members.extend(members_under(
        &instagram.join("messages"),
        &format!("{wrapper}/instagram-nlaccount-2025-07-13-Ef56Gh78/messages/"),
    ));
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join(format!("{wrapper}.zip"));
    std::fs::write(&zip, zip_members(&members)).unwrap();
    let report = audit_json(&[&zip], &[]);
    assert_eq!(
        strings_of(&report, "exports", "platform"),
        ["facebook", "instagram"]
    );
    let messages = &report["exports"][1]["coverage"]["parsed"];
    assert!(messages.as_u64().unwrap() > 0, "{messages}");
}

#[test]
fn an_archive_of_photos_alone_says_so_without_an_empty_name() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("photos.zip");
    let photo: &[u8] = b"\xff\xd8\xff\xe0";
    std::fs::write(
        &zip,
        zip_of(&[("DCIM/1.jpg", photo), ("DCIM/2.jpg", photo)]),
    )
    .unwrap();
    let output = exposure().arg("audit").arg(&zip).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("exposure: 2: "), "{stderr}");
    assert!(stderr.contains("[archive.media_skipped]"), "{stderr}");
    assert!(!stderr.contains("exposure: : "), "{stderr}");
}

#[test]
fn every_facebook_sample_parses_without_failure() {
    for sample in ["samples/msgvault", "samples/osd2f"] {
        for root in std::fs::read_dir(fixture(sample)).unwrap().flatten() {
            let report = audit_json(&[&root.path()], &[]);
            for export in report["exports"].as_array().unwrap() {
                for file in export["files"].as_array().unwrap() {
                    assert_ne!(file["status"], "failed", "{:?} in {:?}", file, root.path());
                }
            }
            let messages = report["datasets"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["kind"] == "message");
            if sample.ends_with("msgvault") {
                assert!(messages, "no messages read from {:?}", root.path());
            }
        }
    }
}

#[test]
fn demo_runs_and_fail_on_sets_the_exit_code() {
    let output = exposure().args(["demo", "--quiet"]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Facebook"));
    exposure()
        .args(["demo", "--quiet", "--fail-on", "high"])
        .assert()
        .code(1);
}

#[test]
fn missing_input_and_bad_usage_exit_2() {
    exposure()
        .args(["audit", "--quiet", "/definitely/not/here.zip"])
        .assert()
        .code(2);
    exposure().args(["audit"]).assert().code(2);
}

#[test]
fn inspect_lists_every_file_with_its_status() {
    let (_dir, zip) = zipped("facebook-2024-fr", &[]);
    let output = exposure()
        .args(["inspect", "--format", "json", "--quiet"])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(output.status.success());
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    common::assert_valid_inspect(&doc);
    let export = &doc["exports"][0];
    assert_eq!(export["generation"], "2024-2026");
    assert!(
        export["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "your_facebook_activity/")
    );
    assert!(export["files"].as_array().unwrap().len() >= 28);
}

#[test]
fn inspect_masks_chat_folders_named_after_people_unless_revealed() {
    let (_dir, zip) = zipped("facebook-2024-fr", &[]);
    for format in ["table", "json"] {
        // Wide enough that no path wraps inside the name checked.
        let output = exposure()
            .env("COLUMNS", "250")
            .args(["inspect", "--quiet", "--format", format])
            .arg(&zip)
            .output()
            .unwrap();
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("•••_10216123456789012"), "{format}");
        for planted in PLANTED {
            assert!(!text.contains(planted), "{format}: {planted:?} leaked");
        }
    }
    let output = exposure()
        .args(["inspect", "--quiet", "--format", "json", "--reveal"])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("bastienfictif_10216123456789012"));
}

#[test]
fn tables_fit_an_80_column_terminal() {
    let output = common::exposure()
        .args(["demo", "--lang", "fr"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    let widest = text
        .lines()
        .filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest <= 80, "a table line is {widest} columns wide");
    // Words are not cut inside narrow columns ("plateforme", not "plateform" + "e").
    assert!(
        !text.lines().any(|l| l.contains("plateform ┆")),
        "a word was cut inside a cell"
    );
}

#[test]
fn a_download_named_after_its_account_is_masked_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("instagram-ava.exemple_20251101.zip");
    zip_tree(&fixture("instagram-2025-en"), &[], &zip);
    // (Markdown writes the `_` escaped.)
    let masked = "instagram-•••";
    for format in ["table", "json", "markdown", "csv", "html"] {
        let output = exposure()
            .env("COLUMNS", "250")
            .args(["audit", "--quiet", "--format", format])
            .arg(&zip)
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            !text.contains("ava.exemple"),
            "{format}: the account name leaked"
        );
        if format != "csv" {
            assert!(
                text.contains(masked),
                "{format}: the download is still named"
            );
        }
    }
    let output = exposure()
        .args(["inspect", "--quiet", "--format", "json"])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("ava.exemple"));
    // A diagnostic about the download itself names it masked too.
    let corrupt = dir.path().join("ava.exemple-facebook-backup.zip");
    std::fs::write(&corrupt, b"PK\x03\x04 not a zip").unwrap();
    let output = exposure()
        .args(["audit", "--quiet", "--format", "json"])
        .arg(&corrupt)
        .arg(&zip)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("•••-facebook-backup.zip"), "{text}");
    assert!(!text.contains("ava.exemple"));
    let revealed = audit_json(&[&zip], &["--reveal"]);
    assert!(
        revealed
            .to_string()
            .contains("instagram-ava.exemple_20251101.zip")
    );
}

/// A mailbox of more distinct addresses than are kept, each met several times: the count of
/// distinct e-mails is estimated from the values kept, not one more for every record past the
/// cap.
#[test]
fn distinct_values_past_the_cap_are_counted_near_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.txt");
    let distinct = 30_000;
    let mut text = String::new();
    for round in 0..3 {
        for i in 0..distinct {
            text.push_str(&format!("round {round}: write to contact{i}@example.org\n"));
        }
    }
    std::fs::write(&path, text).unwrap();
    let report = audit_json(&[&path], &[]);
    let emails = report["exports"][0]["counts"]["email"].as_f64().unwrap();
    assert!(
        (emails / f64::from(distinct) - 1.0).abs() < 0.02,
        "{emails} distinct e-mails reported for {distinct}"
    );
}

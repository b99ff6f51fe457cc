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
            ("post", 3),
            ("connection", 7),
            ("login", 3),
            ("ip_address", 3),
            ("message", 7),
            ("message_thread", 3),
            ("contact", 2),
            ("ad_impression", 2),
            ("secret", 2),
            ("location_point", 1),
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
    let counts = counts(&report);
    assert_eq!(counts["post"], 4, "tweets-part1.js and tweets-part2.js");
    assert_eq!(counts["connection"], 4);
    assert_eq!(counts["login"], 2);
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

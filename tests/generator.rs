//! The benchmark's generator, checked at small sizes: every archive it writes audits with exactly
//! the dataset counts it says it wrote, its media are all skipped as media, its chat log's
//! planted e-mail addresses are found, and its planted disclosures count once per message or line.

mod common;

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use exposure_generator::{Summary, TakeoutShape};

fn assert_counts(report: &serde_json::Value, summary: &Summary) {
    let export = &report["exports"][0];
    for (kind, written) in &summary.counts {
        assert_eq!(
            export["counts"][kind].as_u64(),
            Some(*written),
            "{kind}: the report counts what the generator wrote"
        );
    }
    assert_eq!(
        export["coverage"]["skipped_media"].as_u64(),
        Some(summary.media_files)
    );
    assert_eq!(export["coverage"]["failed"].as_u64(), Some(0));
    assert_eq!(
        export["coverage"]["parsed"].as_u64(),
        Some(summary.text_members.len() as u64),
        "every text member is parsed by its platform's parser"
    );
}

fn write(path: &Path, make: impl FnOnce(BufWriter<File>) -> std::io::Result<Summary>) -> Summary {
    make(BufWriter::new(File::create(path).unwrap())).unwrap()
}

#[test]
fn a_generated_facebook_export_audits_with_the_counts_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facebook-export.zip");
    let summary = write(&path, |out| exposure_generator::facebook(out, 4 << 20, 11));
    assert!(summary.counts["message_thread"] >= 3, "{summary:?}");
    assert!(summary.media_files > 0);
    let report = common::audit_json(&[&path], &[]);
    assert_eq!(report["exports"][0]["platform"], "facebook");
    assert_counts(&report, &summary);
    assert_disclosures(&report, &summary);
}

#[test]
fn a_generated_takeout_audits_with_the_counts_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("takeout-20260101T000000Z-001.zip");
    let shape = TakeoutShape {
        html_cells: 25,
        ..TakeoutShape::default()
    };
    let summary = write(&path, |out| {
        exposure_generator::takeout(out, 2 << 20, shape, 5)
    });
    for kind in [
        "location_point",
        "search_query",
        "watch_event",
        "visited_page",
    ] {
        assert!(summary.counts[kind] > 0, "{kind}");
    }
    let report = common::audit_json(&[&path], &[]);
    assert_eq!(report["exports"][0]["platform"], "google");
    assert_counts(&report, &summary);
}

#[test]
fn a_generated_chat_log_is_scanned_and_its_planted_addresses_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.txt");
    let summary = write(&path, |out| exposure_generator::chat_log(out, 1 << 20, 3));
    assert!(summary.planted_emails > 0);
    let report = common::audit_json(&[&path], &["--reveal"]);
    let found = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "email")
        .count() as u64;
    // 60 distinct invented addresses; a small log holds some of them, each found once.
    assert!(
        found > 0 && found <= summary.planted_emails.min(60),
        "{found}"
    );
    assert_disclosures(&report, &summary);
}

/// Each planted disclosure is a record of its sensitive category, once per line or message
/// that holds it, and nothing else is.
fn assert_disclosures(report: &serde_json::Value, summary: &Summary) {
    let categories = ["health", "religion", "trade_union"];
    assert_eq!(
        summary
            .planted_disclosures
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        categories,
        "a sample large enough to plant every category"
    );
    let records: std::collections::BTreeMap<&str, u64> = report["categories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| categories.contains(&c["id"].as_str().unwrap()))
        .map(|c| (c["id"].as_str().unwrap(), c["records"].as_u64().unwrap()))
        .collect();
    assert_eq!(records, summary.planted_disclosures);
}

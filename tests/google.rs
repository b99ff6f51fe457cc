//! Google Takeout exports run through the binary as downloaded: an English Takeout in one zip, a
//! French Takeout in three parts (given together, and as the folder that holds them), and one part
//! of a German Takeout given alone. Counts are asserted and reports pinned by compact snapshots.

mod common;

use std::path::PathBuf;

use common::{
    Expected, audit_json, check_expected, counts, diagnostic_codes, exposure, fixture, strings_of,
    zip_tree,
};

const ENGLISH: Expected = Expected {
    fixture: "google-2024-en",
    platform: "google",
    generation: "takeout",
    flavour: "json",
    locale: Some("en"),
    counts: &[
        ("name", 4),
        ("birthdate", 1),
        ("gender", 1),
        ("email", 5),
        // vCard numbers; the one in a mail body is read only with --mail-bodies.
        ("phone", 3),
        // Records.json 6 + 2 place visits + 1 search's locationInfos centre.
        ("location_point", 9),
        ("place", 3),
        // The home visit + the search made "From your places (Home)".
        ("home_or_work", 2),
        ("ip_address", 3),
        // Location settings 1 + access-log devices 2 + the Play installs' device 2.
        ("device", 5),
        ("user_agent", 4),
        ("login", 4),
        ("search_query", 7),
        ("visited_page", 5),
        ("watch_event", 6),
        ("ad_impression", 2),
        ("liked_page", 2),
        // comments.csv 2 + live chats.csv 2 (written without its header row).
        ("comment", 4),
        ("payment", 2),
        ("message", 3),
        ("contact", 3),
    ],
};

/// An older Takeout (`YouTube/`, 2019): comments and live-chat messages as HTML lists.
const OLDER: Expected = Expected {
    fixture: "google-2019-en",
    platform: "google",
    generation: "takeout",
    flavour: "html",
    locale: None,
    counts: &[("comment", 3), ("email", 2)],
};

#[test]
fn an_older_takeout_gives_its_youtube_comments_from_html_lists() {
    let report = check_expected(&OLDER);
    let comments = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "comment")
        .expect("comments are a dataset");
    assert_eq!(comments["first_seen"], "2019-02-20T22:14:03Z");
    assert_eq!(comments["last_seen"], "2019-04-02T18:22:41Z");
    insta::assert_json_snapshot!("google-2019-en", common::compact(&report));
}

/// The French Takeout's three parts zipped as Google names them, in one folder.
fn french_parts() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture("google-2025-fr");
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .map(|part| {
            let name = part.file_name().unwrap().to_string_lossy().to_string();
            let zip = dir.path().join(format!("{name}.zip"));
            zip_tree(&part, &[], &zip);
            zip
        })
        .collect();
    parts.sort();
    (dir, parts)
}

#[test]
fn an_english_takeout_is_read_product_by_product() {
    let report = check_expected(&ENGLISH);
    let files = report["exports"][0]["files"].as_array().unwrap();
    assert_eq!(files.len(), 22);
    assert!(
        files.iter().all(|f| f["status"] == "parsed"),
        "every file has a parser"
    );
    let codes = diagnostic_codes(&report);
    assert!(!codes.contains(&"archive.parts_missing".to_string()));
    assert!(!codes.contains(&"absent.held_on_device".to_string()));
    // The search for a migraine treatment is health data.
    let health = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "search_query" && f["sensitive"] == "health")
        .count();
    assert!(health >= 1, "the health search is tagged");
    // What to do next names Google's own settings.
    let advice = strings_of(&report, "recommendations", "id");
    assert!(advice.contains(&"rec.google.activity"), "{advice:?}");
    assert!(advice.contains(&"rec.google.location"), "{advice:?}");
    insta::assert_json_snapshot!("google-2024-en", common::compact(&report));
}

#[test]
fn mail_bodies_are_scanned_only_when_asked() {
    let (_dir, zip) = common::zipped("google-2024-en", &[]);
    let headers = counts(&audit_json(&[&zip], &[]));
    let bodies = counts(&audit_json(&[&zip], &["--mail-bodies"]));
    assert_eq!(headers["phone"], 3);
    assert_eq!(
        bodies["phone"], 4,
        "the desk line written in a message body"
    );
    assert_eq!(headers["message"], bodies["message"]);
}

#[test]
fn a_french_takeout_in_three_parts_gives_one_report() {
    let (dir, parts) = french_parts();
    assert_eq!(parts.len(), 3);
    let given_as_folder = audit_json(&[dir.path()], &[]);
    let paths: Vec<&std::path::Path> = parts.iter().map(PathBuf::as_path).collect();
    let given_together = audit_json(&paths, &[]);
    for report in [&given_as_folder, &given_together] {
        let exports = report["exports"].as_array().unwrap();
        assert_eq!(exports.len(), 1, "one export from three parts");
        let export = &exports[0];
        assert_eq!(export["platform"], "google");
        assert_eq!(export["locale"], "fr");
        for file in export["files"].as_array().unwrap() {
            assert_eq!(file["status"], "parsed", "{file}");
        }
        assert!(diagnostic_codes(report).is_empty(), "nothing missing");
        let counts = counts(report);
        let expected = [
            ("name", 4),
            ("birthdate", 1),
            ("gender", 1),
            ("email", 4),
            ("phone", 3),
            ("search_query", 4),
            ("watch_event", 4),
            ("visited_page", 2),
            ("payment", 2),
            ("message", 3),
            ("contact", 3),
            ("place", 1),
            // Timeline degree strings 10 + 2 place visits + 1 search's locationInfos centre.
            ("location_point", 13),
            // Home visit, the Timeline's home, its frequent home and work, a search "(Domicile)".
            ("home_or_work", 5),
        ];
        for (kind, n) in expected {
            assert_eq!(counts.get(kind), Some(&n), "{kind}");
        }
    }
    common::assert_redacted(&[dir.path()], &given_as_folder);
    insta::assert_json_snapshot!("google-2025-fr", common::compact(&given_as_folder));

    // Projected in French: categories are named in French.
    let output = exposure()
        .arg("audit")
        .arg(dir.path())
        .args(["--lang", "fr", "--quiet"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("Localisation"), "French category names");
}

#[test]
fn one_part_alone_says_the_others_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let part = "takeout-20230101T000000Z-002";
    let zip = dir.path().join(format!("{part}.zip"));
    zip_tree(&fixture("google-2023-de-partial").join(part), &[], &zip);
    let report = audit_json(&[&zip], &[]);
    let export = &report["exports"][0];
    assert_eq!(export["platform"], "google");
    assert_eq!(export["locale"], "de");
    assert_eq!(export["flavour"], "html");
    let codes = diagnostic_codes(&report);
    assert!(
        codes.contains(&"archive.parts_missing".to_string()),
        "{codes:?}"
    );
    // No location history in this part: absent is not "none kept".
    assert!(
        codes.contains(&"absent.held_on_device".to_string()),
        "{codes:?}"
    );
    // Google's HTML activity holds what its JSON holds: not flagged as a partial flavour.
    assert!(
        !codes.contains(&"decode.html_flavour".to_string()),
        "{codes:?}"
    );
    let counts = counts(&report);
    assert_eq!(counts["search_query"], 2);
    assert_eq!(counts["watch_event"], 2);
    // The part's index names the account's e-mail.
    assert_eq!(counts["email"], 1);
    insta::assert_json_snapshot!("google-2023-de-partial", common::compact(&report));
}

#[test]
fn a_tgz_part_joins_the_zip_parts() {
    let (dir, parts) = french_parts();
    // Part 3 delivered as a .tgz instead of a .zip.
    let part = "takeout-20250301T101010Z-003";
    std::fs::remove_file(&parts[2]).unwrap();
    let tgz = std::fs::File::create(dir.path().join(format!("{part}.tgz"))).unwrap();
    let gz = flate2::write::GzEncoder::new(tgz, flate2::Compression::default());
    let mut builder = tar::Builder::new(gz);
    builder
        .append_dir_all(".", fixture("google-2025-fr").join(part))
        .unwrap();
    builder.into_inner().unwrap().finish().unwrap();
    let mixed = audit_json(&[dir.path()], &[]);
    let (all_zip_dir, all_zip) = french_parts();
    let zipped = audit_json(&[all_zip_dir.path()], &[]);
    assert_eq!(all_zip.len(), 3);
    assert_eq!(mixed["exports"].as_array().unwrap().len(), 1);
    assert_eq!(counts(&mixed), counts(&zipped));
    assert!(diagnostic_codes(&mixed).is_empty());
}

#[test]
fn a_language_with_no_rows_is_read_by_structure() {
    // The English Takeout with its activity folders, files and wording in Polish, which no table
    // row names: activity files are found two folders down and read by their links.
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("google-2024-en");
    let mut files = Vec::new();
    common::collect(&source, &mut files);
    for file in files {
        let rel = file
            .strip_prefix(&source)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let rel = rel
            .replace(
                "My Activity/Search/MyActivity",
                "Moja aktywność/Wyszukiwarka/MojaAktywność",
            )
            .replace(
                "My Activity/YouTube/MyActivity",
                "Moja aktywność/YouTube/MojaAktywność",
            )
            .replace("My Activity/", "Moja aktywność/");
        let text = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&text)
            .replace("Searched for ", "Wyszukano: ")
            .replace("Watched ", "Obejrzano: ");
        let target = dir.path().join("Takeout-pl").join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let zip = dir.path().join("takeout-20240414T101010Z-001.zip");
    zip_tree(&dir.path().join("Takeout-pl"), &[], &zip);
    let report = audit_json(&[&zip], &[]);
    assert_eq!(report["exports"][0]["platform"], "google");
    let counts = counts(&report);
    let english = ENGLISH
        .counts
        .iter()
        .copied()
        .collect::<std::collections::BTreeMap<_, _>>();
    assert_eq!(counts["search_query"], english["search_query"]);
    assert_eq!(counts["watch_event"], english["watch_event"]);
}

/// The on-device Timeline, exported from the Maps app (not Takeout), alone under the name the app
/// gives it in each language: recognised as Google's and read, every position counted.
#[test]
fn the_on_device_timeline_is_read_under_each_of_its_names() {
    let timeline = std::fs::read(
        fixture("google-2025-fr")
            .join("takeout-20250301T101010Z-003/Takeout/Historique des positions (Vos trajets)/Chronologie.json"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut positions = Vec::new();
    for name in [
        "Timeline.json",
        "Chronologie.json",
        "Zeitleiste.json",
        "Cronología.json",
        "Tijdlijn.json",
        "Linha do tempo.json",
        "Oś czasu.json",
        "タイムライン.json",
    ] {
        let zip = dir.path().join(format!("{}.zip", positions.len()));
        std::fs::write(
            &zip,
            common::zip_members(&[(name.to_string(), timeline.clone())]),
        )
        .unwrap();
        let report = audit_json(&[&zip], &[]);
        assert_eq!(report["exports"][0]["platform"], "google", "{name}");
        positions.push(counts(&report).get("location_point").copied());
    }
    assert!(positions[0].is_some_and(|n| n > 0), "{positions:?}");
    assert!(
        positions.iter().all(|n| *n == positions[0]),
        "{positions:?}"
    );
}

//! Hostile archives, built at test time as an attacker would (small, generated, never kept):
//! archive attacks (traversal and absolute names, symlinks, encrypted members, duplicate names,
//! overlapping entries, nested and high-ratio bombs, a truncated download, an odd tarball) and
//! content attacks (broken JSON, deep nesting, a giant line, invalid UTF-8, binary data, HTML that
//! is not HTML, ragged CSV, BOMs, NUL bytes, a JS file without `=`). Each run must end in bounded
//! time (60 s), within 512 MiB of address space (`ulimit -v`: past it the run fails), with exit 0,
//! the expected diagnostics, and the good members of the export still reported.
//! Also: values planted in fixtures of every platform never reach a redacted output, the run
//! writes nothing to disk but `--output`, and no networking crate is in the dependency tree.

#![cfg(target_os = "linux")]

mod common;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use zip::write::SimpleFileOptions;

use common::{fixture, zip_of, zip_tree, zip_tree_streamed};

const ADDRESS_SPACE_KIB: u64 = 512 * 1024;
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// A good member every hostile archive carries: it must still be read.
const PROFILE: (&str, &[u8]) = (
    "facebook-zoe-2025-01-01-Zz/personal_information/profile_information/profile_information.json",
    br#"{"profile_v2": {"name": {"full_name": "Zoe Exemple"}, "emails": {"emails": ["zoe.exemple@example.com"]}}}"#,
);

struct Run {
    code: Option<i32>,
    report: Value,
    stderr: String,
}

/// The binary on `paths`, JSON report, bounded in time and address space.
fn audit(paths: &[&Path]) -> Run {
    let binary = assert_cmd::cargo::cargo_bin("exposure");
    let started = Instant::now();
    let output = Command::new("timeout")
        .arg(TIME_LIMIT.as_secs().to_string())
        .args([
            "sh",
            "-c",
            &format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\""),
        ])
        .arg(&binary)
        .args(["audit", "--quiet", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    assert!(
        started.elapsed() < TIME_LIMIT,
        "the run took {:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    Run {
        code: output.status.code(),
        report,
        stderr,
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn diagnostics(report: &Value) -> Vec<String> {
    let mut codes: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    for export in report["exports"].as_array().into_iter().flatten() {
        for file in export["files"].as_array().into_iter().flatten() {
            if let Some(code) = file["diagnostic"].as_str() {
                codes.push(code.to_string());
            }
        }
    }
    codes
}

/// The good profile was read: the export is Facebook and its e-mail counted.
fn assert_good_member_read(run: &Run, what: &str) {
    assert_eq!(
        run.code,
        Some(0),
        "{what}: exit {:?}: {}",
        run.code,
        run.stderr
    );
    common::assert_valid_report(&run.report);
    let export = run.report["exports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["platform"] == "facebook")
        .unwrap_or_else(|| panic!("{what}: the good member was not recognised"));
    assert_eq!(export["counts"]["email"], 1, "{what}");
}

fn assert_has(run: &Run, code: &str, what: &str) {
    let codes = diagnostics(&run.report);
    assert!(
        codes.iter().any(|c| c == code),
        "{what}: no {code} in {codes:?}"
    );
}

#[test]
fn names_that_climb_out_or_start_at_the_root_are_labels_only() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    let zip = write(
        &inner,
        "a.zip",
        &zip_of(&[
            PROFILE,
            ("../../escaped.json", b"{}"),
            ("/etc/rooted.json", b"{}"),
            ("..\\win.json", b"{}"),
        ]),
    );
    let run = audit(&[&zip]);
    assert_good_member_read(&run, "traversal");
    let text = run.report.to_string();
    assert!(
        !text.contains("../") && !text.contains("\"/etc"),
        "names were not sanitised"
    );
    assert!(!dir.path().join("escaped.json").exists() && !Path::new("/etc/rooted.json").exists());
}

#[test]
fn symlink_members_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    writer
        .start_file(PROFILE.0, SimpleFileOptions::default())
        .unwrap();
    writer.write_all(PROFILE.1).unwrap();
    writer
        .add_symlink(
            "facebook-zoe-2025-01-01-Zz/link.json",
            "/etc/passwd",
            SimpleFileOptions::default(),
        )
        .unwrap();
    writer.finish().unwrap();
    let zip = write(dir.path(), "links.zip", &out.into_inner());
    let run = audit(&[&zip]);
    assert_good_member_read(&run, "symlink");
    assert!(
        !run.report.to_string().contains("root:x:0"),
        "a link was followed"
    );
}

/// Set the "encrypted" flag of every member (local and central headers) of a stored zip.
fn mark_encrypted(mut bytes: Vec<u8>, member: &str) -> Vec<u8> {
    let name = member.as_bytes();
    let mut i = 0;
    while i + 46 < bytes.len() {
        let local = bytes[i..i + 4] == [0x50, 0x4b, 0x03, 0x04];
        let central = bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02];
        let (flag_at, name_at) = if local {
            (6, 30)
        } else if central {
            (8, 46)
        } else {
            (0, 0)
        };
        if (local || central) && bytes[i + name_at..].starts_with(name) {
            bytes[i + flag_at] |= 1;
        }
        i += 1;
    }
    bytes
}

#[test]
fn encrypted_members_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "facebook-zoe-2025-01-01-Zz/your_facebook_activity/posts/your_posts_1.json";
    let bytes = mark_encrypted(zip_of(&[PROFILE, (secret, b"[]")]), secret);
    let zip = write(dir.path(), "locked.zip", &bytes);
    let run = audit(&[&zip]);
    assert_good_member_read(&run, "encrypted");
    assert_has(&run, "archive.encrypted_member", "encrypted");
}

#[test]
fn duplicate_and_overlapping_members_are_read_once() {
    let dir = tempfile::tempdir().unwrap();
    // The writer refuses two equal names: write a twin name, then make it equal in the bytes.
    let twin = PROFILE.0.replace(".json", ".jsoX");
    let mut bytes = zip_of(&[PROFILE, (twin.as_str(), PROFILE.1)]);
    let mut i = 0;
    while let Some(at) = bytes[i..]
        .windows(twin.len())
        .position(|w| w == twin.as_bytes())
    {
        let end = i + at + twin.len();
        bytes[end - 1] = b'n';
        i = end;
    }
    let dup = write(dir.path(), "dup.zip", &bytes);
    let run = audit(&[&dup]);
    assert_good_member_read(&run, "duplicate");
    assert_has(&run, "archive.duplicate_member", "duplicate");

    // Many central-directory entries pointing at one member's local header.
    let payload = vec![b' '; 2 << 20];
    let bytes = zip_of(&[
        PROFILE,
        ("facebook-zoe-2025-01-01-Zz/x/blob.json", &payload),
    ]);
    let run = audit(&[&write(dir.path(), "overlap.zip", &overlap(bytes, 300))]);
    assert_good_member_read(&run, "overlapping");
    assert_has(&run, "archive.overlapping_member", "overlapping");
}

/// Append `copies` extra central-directory records that all point at the last member's data.
fn overlap(bytes: Vec<u8>, copies: usize) -> Vec<u8> {
    let eocd = bytes
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])
        .unwrap();
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let (count, cd_size, cd_offset) = (u16_at(eocd + 10), u32_at(eocd + 12), u32_at(eocd + 16));
    let cd = &bytes[cd_offset..cd_offset + cd_size];
    // The last central record.
    let last = cd
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    let record = &cd[last..];
    let name_len = u16::from_le_bytes([record[28], record[29]]) as usize;
    let mut out = bytes[..cd_offset].to_vec();
    out.extend_from_slice(cd);
    for n in 0..copies {
        let mut copy = record[..46].to_vec();
        let name = format!(
            "{}{n:04}.json",
            String::from_utf8_lossy(&record[46..46 + name_len - 5])
        );
        copy[28..30].copy_from_slice(&(name.len() as u16).to_le_bytes());
        copy[30..34].copy_from_slice(&[0, 0, 0, 0]); // no extra field, no comment
        copy.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&copy);
    }
    let new_cd_size = out.len() - cd_offset;
    let mut end = bytes[eocd..eocd + 22].to_vec();
    let total = (count + copies) as u16;
    end[8..10].copy_from_slice(&total.to_le_bytes());
    end[10..12].copy_from_slice(&total.to_le_bytes());
    end[12..16].copy_from_slice(&(new_cd_size as u32).to_le_bytes());
    end[20..22].copy_from_slice(&[0, 0]);
    out.extend_from_slice(&end);
    out
}

#[test]
fn nested_and_high_ratio_bombs_are_stopped_early() {
    let dir = tempfile::tempdir().unwrap();
    // Zips nested five deep.
    let mut inner = zip_of(&[("deep.json", b"{}")]);
    for level in 0..5 {
        inner = zip_of(&[(&format!("level{level}.zip"), &inner)]);
    }
    let nested = zip_of(&[PROFILE, ("facebook-zoe-2025-01-01-Zz/bomb.zip", &inner)]);
    let run = audit(&[&write(dir.path(), "nested.zip", &nested)]);
    assert_good_member_read(&run, "nested");
    assert_has(&run, "limit.nesting_depth", "nested");

    // 1 GiB of zeros deflated to about 1 MB, inside a JSON string.
    let mut out = Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    writer
        .start_file(PROFILE.0, SimpleFileOptions::default())
        .unwrap();
    writer.write_all(PROFILE.1).unwrap();
    writer
        .start_file(
            "facebook-zoe-2025-01-01-Zz/logged_information/bomb.json",
            SimpleFileOptions::default(),
        )
        .unwrap();
    writer.write_all(b"{\"a\": \"").unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..1024 {
        writer.write_all(&zeros).unwrap();
    }
    writer.write_all(b"\"}").unwrap();
    writer.finish().unwrap();
    // Stopped by the ratio after a few MB: the diagnostic says so (time is bounded by `audit`).
    let run = audit(&[&write(dir.path(), "ratio.zip", &out.into_inner())]);
    assert_good_member_read(&run, "ratio bomb");
    assert_has(&run, "limit.compression_ratio", "ratio bomb");
}

#[test]
fn a_truncated_download_is_partly_audited() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.zip");
    zip_tree(&fixture("facebook-2024-fr"), &[], &whole);
    // Zipped with sizes in each member's header, and as a streaming zipper does (sizes after
    // the data), deflated or stored: all are read from their local headers up to the cut.
    let tree = fixture("facebook-2024-fr");
    let flavours = [
        ("sized", std::fs::read(&whole).unwrap()),
        (
            "streamed",
            zip_tree_streamed(&tree, zip::CompressionMethod::Deflated),
        ),
        (
            "streamed stored",
            zip_tree_streamed(&tree, zip::CompressionMethod::Stored),
        ),
        // Its first member marked encrypted: passed over, listed, and the walk goes on.
        ("streamed encrypted", {
            let mut bytes = zip_tree_streamed(&tree, zip::CompressionMethod::Deflated);
            bytes[6] |= 0x01;
            bytes
        }),
    ];
    for (flavour, bytes) in flavours {
        let streamed = bytes[6] & 0x08 != 0;
        assert_eq!(
            streamed,
            flavour.starts_with("streamed"),
            "{flavour}: flag bit 3"
        );
        let stored = bytes[8] == 0;
        assert_eq!(stored, flavour.ends_with("stored"), "{flavour}: method");
        let cut = write(
            dir.path(),
            &format!("facebook-cut-{flavour}.zip"),
            &bytes[..bytes.len() * 2 / 3],
        );
        let run = audit(&[&cut]);
        assert_eq!(run.code, Some(0), "{flavour}: {}", run.stderr);
        assert_has(&run, "archive.truncated", flavour);
        if flavour.ends_with("encrypted") {
            assert_has(&run, "archive.encrypted_member", flavour);
        }
        let export = &run.report["exports"][0];
        assert_eq!(export["platform"], "facebook", "{flavour}");
        assert!(
            export["coverage"]["parsed"].as_u64().unwrap() >= 5,
            "{flavour}: {}",
            export["coverage"]
        );
    }
}

#[test]
fn an_odd_tarball_is_read_for_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mut builder = tar::Builder::new(Vec::new());
    let mut add = |name: &str, data: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        // Names are written raw so that traversal reaches the archive as an attacker would.
        let raw = &mut header.as_gnu_mut().unwrap().name;
        raw[..name.len()].copy_from_slice(name.as_bytes());
        header.set_cksum();
        builder.append(&header, data).unwrap();
    };
    add(PROFILE.0, PROFILE.1);
    add("../../escaped.json", b"{}");
    add("facebook-zoe-2025-01-01-Zz/big.json", &vec![b'x'; 100_000]);
    let mut bytes = builder.into_inner().unwrap();
    bytes.truncate(bytes.len() - 60_000); // cut inside the last member
    let run = audit(&[&write(dir.path(), "odd.tar", &bytes)]);
    assert_good_member_read(&run, "tar");
    assert!(!dir.path().join("escaped.json").exists());
}

#[test]
fn broken_contents_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "[".repeat(100_000);
    let giant = format!("{{\"a\": \"{}\"}}", "x".repeat(20 << 20));
    let folder = "facebook-zoe-2025-01-01-Zz/logged_information/other_logged_information";
    let members: Vec<(String, Vec<u8>)> = vec![
        (format!("{folder}/broken.json"), b"{\"a\": [1, 2,".to_vec()),
        (format!("{folder}/deep.json"), deep.into_bytes()),
        (format!("{folder}/giant.json"), giant.into_bytes()),
        (
            format!("{folder}/latin1.json"),
            b"{\"a\": \"caf\xe9\"}".to_vec(),
        ),
        (
            format!("{folder}/binary.json"),
            (0..=255u8).cycle().take(70_000).collect(),
        ),
        (
            format!("{folder}/page.html"),
            b"\x00\x01<<<>>><html<body".to_vec(),
        ),
        (
            format!("{folder}/ragged.csv"),
            b"a,b,c\n1\n1,2,3,4,5\n\"open".to_vec(),
        ),
        (
            format!("{folder}/bom.json"),
            b"\xef\xbb\xbf{\"a\": \"zoe.bis@example.com\"}".to_vec(),
        ),
        (
            format!("{folder}/nul.txt"),
            b"mail\x00zoe.ter@example.com\x00".to_vec(),
        ),
        (
            format!("{folder}/window.js"),
            b"window.YTD.thing.part0 [ {\"a\": 1} ]".to_vec(),
        ),
    ];
    let mut all: Vec<(&str, &[u8])> = vec![PROFILE];
    all.extend(members.iter().map(|(n, d)| (n.as_str(), d.as_slice())));
    let run = audit(&[&write(dir.path(), "contents.zip", &zip_of(&all))]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    common::assert_valid_report(&run.report);
    let export = &run.report["exports"][0];
    let statuses: Vec<(String, String)> = export["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (path, status) in &statuses {
        assert!(
            matches!(status.as_str(), "parsed" | "scanned" | "failed" | "skipped"),
            "{path}: {status}"
        );
    }
    // The BOM'd JSON and the NUL-separated text were still scanned.
    let emails = export["counts"]["email"].as_u64().unwrap_or(0);
    assert!(emails >= 2, "emails {emails}: {statuses:?}");
}

#[test]
fn a_lone_file_cut_short_is_reported_for_what_came_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    // What came before the cut held an address: it is reported (exit 0), the file failed;
    // under a known file's name (Instagram's contacts, whose parser reads nothing of this
    // shape before the cut) as under a name no parser knows.
    for name in ["contacts.json", "notes.json"] {
        let cut = write(
            dir.path(),
            name,
            b"[{\"mail\": \"zoe.exemple@example.com\"}, {\"mail\": \"zoe.bis@exam",
        );
        let run = audit(&[&cut]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        common::assert_valid_report(&run.report);
        let export = &run.report["exports"][0];
        assert_eq!(export["counts"]["email"], 1, "{name}");
        assert_eq!(export["files"][0]["status"], "failed", "{name}");
        assert_has(&run, "decode.malformed_json", name);
    }
    // Cut before anything: nothing could be read (exit 2), and stderr says why.
    let empty_cut = write(dir.path(), "other.json", b"[{\"mail\": ");
    let run = audit(&[&empty_cut]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("[decode.malformed_json]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_value_too_large_to_hold_is_skipped_said_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    // Far under the 16 MB a value may take in bytes, far over the memory its tree would take:
    // an empty array costs many times its three bytes once built.
    let swollen = format!("[{}[]]", "[],".repeat(1_500_000));
    let thread = format!(
        r#"{{"participants": [{{"name": "Zoe Exemple"}}], "messages": [{swollen}, {{"sender_name": "Zoe Exemple", "timestamp_ms": 1700000000000, "content": "write to zoe.quater@example.com"}}]}}"#
    );
    let records = format!(
        r#"{{"locations": [{swollen}, {{"latitudeE7": 488566000, "longitudeE7": 23522000, "timestamp": "2024-01-02T03:04:05Z"}}]}}"#
    );
    let exports = [
        (
            "facebook",
            vec![
                PROFILE,
                (
                    "facebook-zoe-2025-01-01-Zz/your_facebook_activity/messages/inbox/ami_1/message_1.json",
                    thread.as_bytes(),
                ),
            ],
            ("message", 1),
        ),
        (
            "google",
            vec![
                ("Takeout/archive_browser.html", &b"<html></html>"[..]),
                (
                    "Takeout/Location History (Timeline)/Records.json",
                    records.as_bytes(),
                ),
            ],
            ("location_point", 1),
        ),
    ];
    for (platform, members, (kind, count)) in exports {
        let run = audit(&[&write(
            dir.path(),
            &format!("{platform}.zip"),
            &zip_of(&members),
        )]);
        assert_eq!(run.code, Some(0), "{platform}: {}", run.stderr);
        assert_has(&run, "limit.value_size", platform);
        let export = &run.report["exports"][0];
        assert_eq!(export["platform"], platform);
        assert_eq!(
            export["counts"][kind], count,
            "{platform}: {}",
            export["counts"]
        );
    }
}

/// Fixtures of every platform, with their values revealed: none may be in a redacted output.
#[test]
fn planted_values_never_reach_a_redacted_output() {
    let fixtures = [
        "facebook-2024-fr",
        "facebook-2021-en",
        "instagram-2025-en",
        "x-2024-en",
        "linkedin-complete-2025",
        "tiktok-2024-json",
        "snapchat-2023-json",
        "google-2024-en",
        "google-2019-en",
    ];
    let binary = assert_cmd::cargo::cargo_bin("exposure");
    for name in fixtures {
        let dir = tempfile::tempdir().unwrap();
        // Meta names its downloads after the account: that name is planted too.
        let platform = name.split('-').next().unwrap();
        let zip = if matches!(platform, "facebook" | "instagram") {
            dir.path()
                .join(format!("{platform}-zoe.planted-2025-01-01-Qq11.zip"))
        } else {
            dir.path().join(format!("{name}.zip"))
        };
        zip_tree(&fixture(name), &[], &zip);
        let revealed: Value = serde_json::from_slice(
            &Command::new(&binary)
                .args(["audit", "--quiet", "--format", "json", "--reveal"])
                .arg(&zip)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let mut planted: Vec<String> = revealed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(revealed["to_check"].as_array().unwrap())
            .filter(|f| {
                !matches!(
                    f["kind"].as_str(),
                    Some("ad_interest" | "advertiser" | "inferred_attribute")
                )
            })
            // A lexicon hit's value is the lexicon's own term, not a value of the export.
            .filter(|f| f["rule"] != "lexicon.text")
            .filter_map(|f| f["value"].as_str().map(str::to_string))
            .filter(|v| v.chars().count() >= 6)
            .collect();
        // A value that is also part of a label the platform made up (shown on purpose: the
        // language "English" in the label "Languages: English") is not a leak.
        let labels: Vec<String> = revealed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                matches!(
                    f["kind"].as_str(),
                    Some("ad_interest" | "advertiser" | "inferred_attribute")
                )
            })
            .filter_map(|f| f["value"].as_str().map(str::to_string))
            .collect();
        planted.retain(|v| !labels.iter().any(|l| l.contains(v.as_str())));
        planted.push("zoe.planted".to_string());
        for args in [
            vec!["audit", "--format", "table"],
            vec!["audit", "--format", "json"],
            vec!["audit", "--format", "markdown"],
            vec!["audit", "--format", "csv"],
            vec!["audit", "--format", "html"],
            vec!["inspect", "--format", "table"],
            vec!["inspect", "--format", "json"],
        ] {
            let output = Command::new(&binary)
                .args(&args)
                .arg(&zip)
                .env("COLUMNS", "400")
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            for value in &planted {
                assert!(
                    !text.contains(value.as_str()),
                    "{name} {args:?}: a value leaked (length {})",
                    value.len()
                );
            }
        }
        // The batch: its reports, summaries, their file names and stderr.
        let out = tempfile::tempdir().unwrap();
        let output = Command::new(&binary)
            .args(["audit", "--each"])
            .arg(dir.path())
            .arg("--output-dir")
            .arg(out.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}");
        let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
        for file in std::fs::read_dir(out.path()).unwrap().flatten() {
            text.push_str(&file.file_name().to_string_lossy());
            text.push_str(&std::fs::read_to_string(file.path()).unwrap());
        }
        assert!(text.contains("summary.csv"), "{name}: {text}");
        for value in &planted {
            assert!(
                !text.contains(value.as_str()),
                "{name} --each: a value leaked (length {})",
                value.len()
            );
        }
    }
}

#[test]
fn nothing_is_written_but_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let (home, tmp, cwd) = (
        dir.path().join("home"),
        dir.path().join("tmp"),
        dir.path().join("cwd"),
    );
    for d in [&home, &tmp, &cwd] {
        std::fs::create_dir(d).unwrap();
    }
    let zip = dir.path().join("export.zip");
    zip_tree(&fixture("facebook-2024-fr"), &[], &zip);
    let report = dir.path().join("report.json");
    let status = Command::new(assert_cmd::cargo::cargo_bin("exposure"))
        .current_dir(&cwd)
        .env("HOME", &home)
        .env("TMPDIR", &tmp)
        .env("XDG_CACHE_HOME", &home)
        .args(["audit", "--quiet", "--format", "json", "--output"])
        .arg(&report)
        .arg(&zip)
        .status()
        .unwrap();
    assert!(status.success());
    for d in [&home, &tmp, &cwd] {
        assert_eq!(
            std::fs::read_dir(d).unwrap().count(),
            0,
            "{} was written to",
            d.display()
        );
    }
    let mut listed: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    assert_eq!(listed, ["cwd", "export.zip", "home", "report.json", "tmp"]);
}

#[test]
fn no_networking_crate_is_in_the_dependency_tree() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--edges",
            "normal,build,dev",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.contains(&"zip"), "the tree was not listed");
    for banned in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "h2",
        "h3",
        "quinn",
        "tokio",
        "async-std",
        "rustls",
        "native-tls",
        "openssl",
        "tungstenite",
        "mio",
        "socket2",
    ] {
        assert!(
            !names.contains(&banned),
            "networking crate {banned} is in the dependency tree"
        );
    }
}

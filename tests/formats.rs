//! Reports people read and a command line they can trust: each format on the demo in both
//! languages (pinned, deterministic), untrusted text inert in every format, the trust rules of
//! the command line, `--each` batches, completions and the manual page.

mod common;

use std::path::Path;

use serde_json::{Value, json};

use common::{assert_valid_report, audit_json, exposure, fixture, zip_tree, zipped};

fn demo(args: &[&str]) -> String {
    let output = exposure()
        .arg("demo")
        .args(args)
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The first `n` lines (snapshots pin the layout without the whole report).
fn head(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}

/// Headings and section ids of an HTML page, in order.
fn outline(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split('<').skip(1) {
        let tag: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(tag.as_str(), "h1" | "h2" | "h3") {
            let text = part.split_once('>').map_or("", |(_, t)| t);
            out.push(format!("{tag} {}", text.trim()));
        } else if (tag == "section" || tag == "svg")
            && let Some(id) = part.split("id=\"").nth(1).and_then(|r| r.split('"').next())
        {
            out.push(format!("{tag}#{id}"));
        }
    }
    out
}

#[test]
fn every_format_of_the_demo_in_both_languages() {
    for lang in ["en", "fr"] {
        let table = demo(&["--lang", lang]);
        let first_screen: Vec<&str> = table
            .lines()
            .take_while(|l| *l != "DETAILS" && *l != "DÉTAIL")
            .collect();
        assert!(
            first_screen.len() <= 24,
            "{lang}: first screen is {} rows",
            first_screen.len()
        );
        assert!(
            table.lines().all(|l| l.chars().count() <= 80),
            "{lang}: a line is wider than 80"
        );
        insta::assert_snapshot!(format!("demo_table_{lang}"), head(&table, 24));
        let markdown = demo(&["--lang", lang, "--format", "markdown"]);
        insta::assert_snapshot!(format!("demo_markdown_{lang}"), head(&markdown, 16));
        let csv = demo(&["--lang", lang, "--format", "csv"]);
        insta::assert_snapshot!(format!("demo_csv_{lang}"), head(&csv, 6));
        let html = demo(&["--lang", lang, "--format", "html"]);
        insta::assert_debug_snapshot!(format!("demo_html_{lang}"), outline(&html));
        let json: Value =
            serde_json::from_str(&demo(&["--lang", lang, "--format", "json"])).unwrap();
        assert_valid_report(&json);
        assert_eq!(
            json["exports"].as_array().unwrap().len(),
            2,
            "the demo has two platforms"
        );
    }
}

#[test]
fn the_demo_is_the_same_run_after_run() {
    for format in ["table", "json", "markdown", "csv", "html"] {
        assert_eq!(
            demo(&["--format", format]),
            demo(&["--format", format]),
            "{format}"
        );
    }
}

#[test]
fn french_follows_the_environment_and_agrees_in_number() {
    let output = exposure()
        .arg("demo")
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("exposure — rapport de risque vie privée"),
        "{text}"
    );
    assert!(text.contains("1 média ignoré"), "agreement");
    assert!(
        !text.contains("grouped folders") && !text.contains("layout"),
        "English left in French"
    );
    let (_dir, zip) = zipped("x-2024-en", &[]);
    let inspect = exposure()
        .args(["inspect", "--lang", "fr"])
        .arg(&zip)
        .output()
        .unwrap();
    let inspect = String::from_utf8(inspect.stdout).unwrap();
    assert!(
        inspect.contains("Fichier") && inspect.contains("analysé"),
        "{inspect}"
    );
}

/// An export whose labels are attacks: markup, script, terminal escapes (C0, C1), formulas.
fn hostile_export(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("tree/facebook-hostile-2025-01-01-Zz99");
    let labels = json!({"topics_v2": [
        "<script>document.title='pwned'</script>",
        "<img src=x onerror=\"document.body.dataset.pwned=1\">",
        "=HYPERLINK(\"http://198.51.100.1/x\",\"clic\")",
        "@SUM(1+1)",
        "red\u{1b}[31mtext\u{7}",
        "csi\u{9b}31mnel\u{85}end",
        "| pipe | [link](http://198.51.100.1) **bold**"
    ]});
    let path = root.join("logged_information/other_logged_information/ads_interests.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_vec(&labels).unwrap()).unwrap();
    let profile = root.join("personal_information/profile_information/profile_information.json");
    std::fs::create_dir_all(profile.parent().unwrap()).unwrap();
    std::fs::write(
        &profile,
        br#"{"profile_v2": {"name": {"full_name": "Zoe Exemple"}}}"#,
    )
    .unwrap();
    let zip = dir.join("hostile.zip");
    zip_tree(&dir.join("tree"), &[], &zip);
    zip
}

#[test]
fn untrusted_text_is_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let zip = hostile_export(dir.path());
    for reveal in [false, true] {
        for format in ["table", "json", "markdown", "csv", "html"] {
            let mut command = exposure();
            command
                .args(["audit", "--quiet", "--format", format])
                .arg(&zip);
            if reveal {
                command.arg("--reveal");
            }
            let text = String::from_utf8(command.output().unwrap().stdout).unwrap();
            for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{85}'] {
                assert!(!text.contains(bad), "{format}: raw {:?}", bad);
            }
            match format {
                "html" => {
                    assert!(!text.contains("<script>document") && !text.contains("<img src=x"));
                    assert!(text.contains("&lt;script&gt;"));
                }
                "markdown" => assert!(!text.contains("<script>") && !text.contains("[link](")),
                "csv" => {
                    assert!(text.contains("'=HYPERLINK") && text.contains("'@SUM"));
                    assert!(!text.contains(",=HYPERLINK") && !text.contains(",@SUM"));
                }
                _ => {}
            }
        }
    }
    let csv_bom = exposure()
        .args(["audit", "--quiet", "--format", "csv", "--bom"])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(csv_bom.stdout.starts_with("\u{feff}id,".as_bytes()));
}

#[test]
fn the_report_never_overwrites_an_input() {
    let (dir, fixture_zip) = zipped("x-2024-en", &[]);
    // Named after an account, as downloads are: masked on stderr unless --reveal.
    let zip = dir.path().join("twitter-camille.exemple-2024.zip");
    std::fs::rename(&fixture_zip, &zip).unwrap();
    let before = std::fs::read(&zip).unwrap();
    for reveal in [false, true] {
        let output = exposure()
            .arg("audit")
            .arg(&zip)
            .arg("--output")
            .arg(&zip)
            .args(reveal.then_some("--reveal"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("[usage.output_is_input]"), "{stderr}");
        assert_eq!(
            stderr.contains(&zip.display().to_string()),
            reveal,
            "{stderr}"
        );
        assert_eq!(stderr.contains("camille"), reveal, "{stderr}");
        assert_eq!(std::fs::read(&zip).unwrap(), before);
    }
}

#[test]
fn a_missing_input_is_named_and_the_rest_is_reported() {
    let (dir, zip) = zipped("x-2024-en", &[]);
    // Named after an account, as downloads are: stderr masks it as the report does, and says
    // where it is only with --reveal.
    let missing = dir
        .path()
        .join("facebook-camille.exemple-2025-11-20-Ab12Cd34.zip");
    for reveal in [false, true] {
        let output = exposure()
            .args(["audit", "--quiet", "--format", "json"])
            .args(reveal.then_some("--reveal"))
            .arg(&zip)
            .arg(&missing)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("[input.not_found]"), "{stderr}");
        let full = missing.display().to_string();
        if reveal {
            assert!(stderr.contains(&full), "{stderr}");
        } else {
            assert!(
                stderr.contains("facebook-•••-2025-11-20-•••.zip") && !stderr.contains("camille"),
                "{stderr}"
            );
            assert!(
                !stderr.contains(&dir.path().display().to_string()),
                "{stderr}"
            );
        }
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["exports"][0]["platform"], "x");
    }
    // An empty folder says why nothing could be read.
    let empty = tempfile::tempdir().unwrap();
    let output = exposure().arg("audit").arg(empty.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("[input.empty]"));
    // A corrupt zip is named once, with its own reason (not also as empty).
    let corrupt = dir.path().join("corrupt.zip");
    std::fs::write(&corrupt, b"PK\x03\x04garbage").unwrap();
    let output = exposure().arg("audit").arg(&corrupt).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("[archive.corrupt]"), "{stderr}");
    assert!(!stderr.contains("[input.empty]"), "{stderr}");
}

#[test]
fn what_is_not_an_export_says_so_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("project");
    std::fs::create_dir_all(src.join("src")).unwrap();
    std::fs::write(
        src.join("src/main.rs"),
        "fn main() { println!(\"ops@example.com\"); }\n",
    )
    .unwrap();
    std::fs::write(src.join("README.txt"), "Contact: ops@example.com\n").unwrap();
    let top = |lang: &str| {
        let text = common::audit_table(&src, lang);
        text.lines().take(4).collect::<Vec<_>>().join("\n")
    };
    let english = top("en");
    assert!(english.contains("Not a recognised export"), "{english}");
    assert!(
        // The folder's own name is masked like a download's (it may be a person's).
        english.contains("••• — not a known platform"),
        "{english}"
    );
    // In French, no English word: the platform line says it too.
    let french = top("fr");
    assert!(french.contains("••• — plateforme non reconnue"), "{french}");
    let report = audit_json(&[&src], &[]);
    assert_eq!(report["exports"][0]["platform"], "unknown");
}

#[test]
fn fail_on_says_which_band_was_reached_in_either_spelling() {
    for spelling in ["very_high", "very-high", "high"] {
        let output = exposure()
            .args(["demo", "--quiet", "--fail-on", spelling])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{spelling}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("very high") && stderr.contains("[fail-on"),
            "{stderr}"
        );
    }
}

#[test]
#[cfg(unix)]
fn revealed_reports_are_private_files_and_say_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    let output = exposure()
        .args(["demo", "--reveal", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(String::from_utf8_lossy(&output.stderr).contains("values in clear"));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("shows values in clear")
    );
}

#[test]
fn each_audits_every_export_of_a_folder_into_reports_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    zip_tree(
        &fixture("facebook-2024-fr"),
        &[],
        &inbox.join("facebook-elodie-2024.zip"),
    );
    zip_tree(&fixture("x-2024-en"), &[], &inbox.join("twitter-2024.zip"));
    // Two parts of one Takeout.
    let parts = fixture("google-2025-fr");
    for part in ["001", "002"] {
        let name = format!("takeout-20250301T101010Z-{part}");
        zip_tree(&parts.join(&name), &[], &inbox.join(format!("{name}.zip")));
    }
    let run = |out: &Path| {
        exposure()
            .args(["audit", "--quiet", "--format", "json", "--each"])
            .arg(&inbox)
            .arg("--output-dir")
            .arg(out)
            .output()
            .unwrap()
    };
    let (first, second) = (dir.path().join("out1"), dir.path().join("out2"));
    let output = run(&first);
    assert!(output.status.success());
    assert!(!String::from_utf8_lossy(&output.stderr).contains("elodie"));
    assert!(run(&second).status.success());
    let mut reports: Vec<String> = std::fs::read_dir(&first)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    reports.sort();
    assert_eq!(
        reports,
        [
            "facebook-___-2024.json",
            "summary.csv",
            "summary.md",
            "takeout-20250301T101010Z.json",
            "twitter-2024.json"
        ]
    );
    for report in [
        "facebook-___-2024.json",
        "takeout-20250301T101010Z.json",
        "twitter-2024.json",
    ] {
        let text = std::fs::read(first.join(report)).unwrap();
        assert_valid_report(&serde_json::from_slice(&text).unwrap());
        assert_eq!(
            text,
            std::fs::read(second.join(report)).unwrap(),
            "{report} differs between runs"
        );
    }
    let csv = std::fs::read_to_string(first.join("summary.csv")).unwrap();
    assert_eq!(
        csv,
        std::fs::read_to_string(second.join("summary.csv")).unwrap()
    );
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.starts_with(
        "export,platforms,score,band,top_categories,findings,records,inputs,sha256,report,error"
    ));
    // The account's name in a download's name is masked, in the summary as in the reports.
    for file in ["summary.csv", "summary.md", "facebook-___-2024.json"] {
        let text = std::fs::read_to_string(first.join(file)).unwrap();
        assert!(!text.contains("elodie"), "{file}");
    }
    assert!(csv.contains("facebook-•••-2024,facebook,"), "{csv}");
    let takeout = csv.lines().find(|l| l.starts_with("takeout")).unwrap();
    assert_eq!(
        takeout.matches(".zip").count(),
        2,
        "both parts in one row: {takeout}"
    );
    assert_eq!(
        takeout.split(',').nth(8).unwrap().split(' ').count(),
        2,
        "a SHA-256 per part"
    );
    // An input that cannot be read has its row, with its diagnostic code; --reveal shows names.
    std::fs::write(inbox.join("instagram-elodie-2025.zip"), b"not a zip").unwrap();
    let out = dir.path().join("out4");
    let output = exposure()
        .args(["audit", "--quiet", "--reveal", "--each"])
        .arg(&inbox)
        .arg("--output-dir")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    let broken = csv.lines().find(|l| l.starts_with("instagram")).unwrap();
    assert!(broken.starts_with("instagram-elodie-2025,,"), "{broken}");
    assert!(broken.ends_with(",,archive.corrupt"), "{broken}");
    assert!(out.join("facebook-elodie-2024.txt").exists());
    std::fs::remove_file(inbox.join("instagram-elodie-2025.zip")).unwrap();
    // --fail-on applies to the batch.
    let output = exposure()
        .args(["audit", "--quiet", "--each"])
        .arg(&inbox)
        .arg("--output-dir")
        .arg(dir.path().join("out3"))
        .args(["--fail-on", "very_high"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn completions_and_manual_page_come_from_the_command_line() {
    for shell in ["bash", "zsh", "fish"] {
        let output = exposure().args(["completions", shell]).output().unwrap();
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains("exposure") && text.contains("fail-on"),
            "{shell}"
        );
    }
    let output = exposure().arg("manpage").output().unwrap();
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.contains(".TH") && page.contains("audit"));
}

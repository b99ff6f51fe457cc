//! The HTML report in a real browser (headless Chromium, Debian's `chromium`): the French demo
//! and a report whose data are attacks are rendered; the key sections must be in the rendered
//! page, no script from the data may have run, and the browser must have made no network
//! request (its net log holds no http, https or ws URL). A screenshot of the French demo is kept
//! in `target/test-artifacts/` for people to look at.
//!
//! Without Chromium the test says so and passes, unless `EXPOSURE_BROWSER_TEST=required`
//! (set by `.ci/run`, which installs Chromium), where a missing browser fails it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{exposure, zip_tree};

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Chromium headless on a local file: (rendered DOM, net log text).
fn render(browser: &Path, page: &Path, screenshot: Option<&Path>, work: &Path) -> (String, String) {
    let net_log = work.join(format!(
        "{}.netlog.json",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let profile = work.join("profile");
    let url = format!("file://{}", page.display());
    let base = |command: &mut Command| {
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-domain-reliability",
                "--no-default-browser-check",
                "--disable-features=Translate,OptimizationHints,MediaRouter,SpellCheck",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--log-net-log={}", net_log.display()))
            .arg("--window-size=1200,2000");
    };
    let mut dump = Command::new(browser);
    base(&mut dump);
    let output = dump
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    if let Some(shot) = screenshot {
        let mut take = Command::new(browser);
        base(&mut take);
        let status = take
            .arg(format!("--screenshot={}", shot.display()))
            .arg(&url)
            .output()
            .unwrap();
        assert!(
            shot.is_file(),
            "no screenshot: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    let log = std::fs::read_to_string(&net_log).unwrap_or_default();
    (dom, log)
}

/// Hosts the browser itself calls in the background (updates, accounts, dictionaries),
/// whatever page it shows; flags turn most of that off, and what is left is not the page's.
const BROWSER_SERVICES: [&str; 4] = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"];

fn assert_no_network(log: &str, what: &str) {
    for scheme in ["\"http://", "\"https://", "\"ws://", "\"wss://"] {
        for hit in log.split(scheme).skip(1) {
            let host: String = hit
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
                .collect();
            let host = host.split(':').next().unwrap_or("");
            let service = BROWSER_SERVICES
                .iter()
                .any(|s| host == *s || host.ends_with(&format!(".{s}")));
            assert!(service, "{what}: the page made a request to {scheme}{host}");
        }
    }
}

#[test]
fn the_html_report_renders_offline_and_runs_no_script_from_the_data() {
    let Some(browser) = chromium() else {
        assert_ne!(
            std::env::var("EXPOSURE_BROWSER_TEST").as_deref(),
            Ok("required"),
            "Chromium is required here but not installed"
        );
        eprintln!("skipped: no Chromium on this machine (CI installs it and requires this test)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let artefacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();

    // The French demo, as a trainer would project it.
    let page = work.path().join("demo-fr.html");
    let status = exposure()
        .args(["demo", "--lang", "fr", "--format", "html", "--output"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(status.status.success());
    let shot = artefacts.join("demo-fr.png");
    let (dom, log) = render(&browser, &page, Some(&shot), work.path());
    for needed in [
        "id=\"summary\"",
        "id=\"provenance\"",
        "id=\"categories-chart\"",
        "id=\"timeline\"",
        "id=\"cat-health\"",
        "id=\"next-steps\"",
        "id=\"coverage\"",
        "Risque global",
        "Vous avez fourni",
    ] {
        assert!(dom.contains(needed), "the rendered page lacks {needed}");
    }
    assert_no_network(&log, "demo");

    // A report whose labels are attacks.
    let tree = work.path().join("tree/facebook-hostile-2025-01-01-Zz99");
    let labels = serde_json::json!({"topics_v2": [
        "<script>document.title='pwned'</script>",
        "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
        "<link rel=stylesheet href=\"http://198.51.100.1/x.css\">",
        "<iframe src=\"https://198.51.100.1/\"></iframe>"
    ]});
    let file = tree.join("logged_information/other_logged_information/ads_interests.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, serde_json::to_vec(&labels).unwrap()).unwrap();
    let zip = work.path().join("hostile.zip");
    zip_tree(&work.path().join("tree"), &[], &zip);
    let page = work.path().join("hostile.html");
    let status = exposure()
        .args([
            "audit", "--quiet", "--format", "html", "--reveal", "--output",
        ])
        .arg(&page)
        .arg(&zip)
        .output()
        .unwrap();
    assert!(status.status.success());
    let (dom, log) = render(&browser, &page, None, work.path());
    assert!(
        dom.contains("<title>exposure"),
        "the page title was changed by a script"
    );
    assert!(
        !dom.contains("data-pwned=\"1\""),
        "a script from the data ran"
    );
    assert!(
        !dom.contains("<iframe") && !dom.contains("<img"),
        "markup from the data was rendered"
    );
    assert!(
        dom.contains("&lt;script&gt;"),
        "the payload is shown as text"
    );
    assert_no_network(&log, "hostile");
}

//! Helpers shared by the end-to-end tests: fixture trees zipped at test time, the binary run as a
//! person would run it, its JSON report parsed.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Zip a folder (paths relative to it), plus extra in-memory members.
pub fn zip_tree(dir: &Path, extra: &[(&str, &[u8])], out: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    add_tree(&mut zip, dir, extra);
    zip.finish().unwrap();
}

/// Zip a folder as a streaming zipper does, never going back: each member's sizes follow its
/// data (in a data descriptor) instead of sitting in its local header.
pub fn zip_tree_streamed(dir: &Path, method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new_stream(Vec::new());
    let options = SimpleFileOptions::default().compression_method(method);
    add_tree_with(&mut zip, dir, &[], options);
    zip.finish().unwrap().into_inner()
}

fn add_tree<W: Write + std::io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    dir: &Path,
    extra: &[(&str, &[u8])],
) {
    add_tree_with(zip, dir, extra, SimpleFileOptions::default());
}

fn add_tree_with<W: Write + std::io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    dir: &Path,
    extra: &[(&str, &[u8])],
    options: SimpleFileOptions,
) {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        zip.start_file(rel, options).unwrap();
        zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    for (name, data) in extra {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
}

pub fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

pub fn exposure() -> Command {
    Command::cargo_bin("exposure").unwrap()
}

/// The text report of an audit of `path` in `lang`, as a terminal would show it.
pub fn audit_table(path: &Path, lang: &str) -> String {
    let output = exposure()
        .args(["audit", "--quiet", "--lang", lang])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

pub fn audit_json(paths: &[&Path], extra_args: &[&str]) -> Value {
    let output = exposure()
        .arg("audit")
        .args(paths)
        .args(["--format", "json", "--quiet"])
        .args(extra_args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid_report(&report);
    report
}

fn schema(file: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, document: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not follow the schema: {errors:#?}"
    );
}

/// Every JSON report a test produces must follow the published contract.
pub fn assert_valid_report(report: &Value) {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> =
        std::sync::LazyLock::new(|| schema("exposure-report-1.schema.json"));
    assert_valid(&VALIDATOR, report, "report");
}

/// The same for `inspect --format json`.
pub fn assert_valid_inspect(document: &Value) {
    assert_valid(
        &schema("exposure-inspect-1.schema.json"),
        document,
        "inspect output",
    );
}

/// A zip made in memory of (name, bytes) members, in order.
pub fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for (name, data) in members {
        writer
            .start_file(*name, SimpleFileOptions::default())
            .unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

/// The files under `dir`, each named by its path from `dir` behind `under` (`/`-separated) and
/// with its bytes, in path order: members for [`zip_members`].
pub fn members_under(dir: &Path, under: &str) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    files
        .iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (format!("{under}{rel}"), std::fs::read(path).unwrap())
        })
        .collect()
}

/// The string `field` of each element of the report's array `array` (`exports`, `platform`).
pub fn strings_of<'r>(report: &'r Value, array: &str, field: &str) -> Vec<&'r str> {
    report[array]
        .as_array()
        .unwrap()
        .iter()
        .map(|element| element[field].as_str().unwrap())
        .collect()
}

/// [`zip_of`] for owned members.
pub fn zip_members(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = members.iter().map(|(p, b)| (p.as_str(), &b[..])).collect();
    zip_of(&borrowed)
}

pub fn zipped(name: &str, extra: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.zip"));
    zip_tree(&fixture(name), extra, &path);
    (dir, path)
}

/// What a report shows of one export, small enough to review in a diff.
pub fn compact(report: &Value) -> Value {
    let exports: Vec<Value> = report["exports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let files: Vec<Value> = e["files"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["status"] != "parsed")
                .map(|f| json!([f["path"], f["status"], f["diagnostic"]]))
                .collect();
            json!({
                "platform": e["platform"], "generation": e["generation"], "flavour": e["flavour"],
                "locale": e["locale"], "confidence": e["confidence"], "evidence": e["evidence"],
                "counts": e["counts"], "coverage": e["coverage"], "files_not_parsed": files,
            })
        })
        .collect();
    let sensitive: Vec<Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("sensitive").is_some())
        .map(|f| {
            json!([
                f["kind"],
                f["value"],
                f["sensitive"],
                f["provenance"],
                f["confidence"]
            ])
        })
        .collect();
    let categories: Vec<Value> = report["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!([c["id"], c["score"]]))
        .collect();
    // The summary's numbers and rule ids; its worded texts are tested elsewhere.
    let summary = &report["summary"];
    let reasons: Vec<Value> = summary["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].clone())
        .collect();
    let summary = json!({
        "score": summary["score"], "band": summary["band"],
        "provenance": summary["provenance"], "self_supplied_share": summary["self_supplied_share"],
        "categories_high": summary["categories_high"],
        "categories_very_high": summary["categories_very_high"],
        "reasons": reasons, "exposure_index": summary["exposure_index"],
        "nist": summary["nist"]["level"], "wp248": summary["wp248"]["met"],
    });
    json!({
        "exports": exports,
        "summary": summary,
        "to_check": report["to_check"].as_array().map_or(0, Vec::len),
        "categories": categories,
        "sensitive_findings": sensitive,
    })
}

pub fn counts(report: &Value) -> BTreeMap<String, u64> {
    report["exports"][0]["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect()
}

/// The codes of a report's diagnostics, in order.
pub fn diagnostic_codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The expected files the first export of `report` lacks (their catalogue patterns).
pub fn absent_paths(report: &Value) -> Vec<&str> {
    report["exports"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "absent")
        .map(|f| f["path"].as_str().unwrap())
        .collect()
}

pub fn audit_fixture(name: &str) -> Value {
    let (_dir, zip) = zipped(name, &[]);
    audit_json(&[&zip], &[])
}

/// Every value a revealed report lists (but platform-made labels, which are shown on purpose)
/// must be absent from the redacted report.
pub fn assert_redacted(paths: &[&Path], redacted: &Value) {
    let revealed = audit_json(paths, &["--reveal"]);
    let text = redacted.to_string();
    for finding in revealed["findings"].as_array().unwrap() {
        let kind = finding["kind"].as_str().unwrap();
        let value = finding["value"].as_str().unwrap();
        // Values that identify someone (labels the platform made are shown on purpose, and a
        // word such as a language may also stand inside one).
        let identifying = matches!(
            kind,
            "name"
                | "username"
                | "email"
                | "phone"
                | "postal_address"
                | "ip_address"
                | "location_point"
                | "contact"
                | "connection"
                | "family_member"
                | "birthdate"
                | "iban"
                | "payment_card"
                | "national_id"
                | "device"
                | "advertising_id"
                | "secret"
        );
        let shown = !identifying || finding["rule"].as_str().unwrap().starts_with("lexicon.");
        let plain = !value.contains(['"', '\\']);
        if !shown && plain && value.chars().count() >= 6 {
            assert!(
                !text.contains(value),
                "a {kind} value leaked in the redacted report"
            );
        }
    }
}

pub struct Expected {
    pub fixture: &'static str,
    pub platform: &'static str,
    pub generation: &'static str,
    pub flavour: &'static str,
    pub locale: Option<&'static str>,
    pub counts: &'static [(&'static str, u64)],
}

/// Audit a fixture as downloaded (zipped) and check what `expected` says of it: one export, its
/// platform, generation, flavour and language, the listed counts, no failed file, no changed
/// shape, and nothing revealed in the redacted report. Returns the report.
pub fn check_expected(expected: &Expected) -> Value {
    let name = expected.fixture;
    let (_dir, zip) = zipped(name, &[]);
    let report = audit_json(&[&zip], &[]);
    let export = &report["exports"][0];
    assert_eq!(report["exports"].as_array().unwrap().len(), 1, "{name}");
    assert_eq!(export["platform"], expected.platform, "{name}");
    assert_eq!(export["generation"], expected.generation, "{name}");
    assert_eq!(export["flavour"], expected.flavour, "{name}");
    assert_eq!(export["locale"].as_str(), expected.locale, "{name}");
    let counts = counts(&report);
    for (kind, n) in expected.counts {
        assert_eq!(counts.get(*kind), Some(n), "{name}: {kind}");
    }
    for file in export["files"].as_array().unwrap() {
        assert_ne!(file["status"], "failed", "{name}: {file}");
        assert_ne!(
            file["diagnostic"], "parse.shape_unrecognised",
            "{name}: {file}"
        );
    }
    assert_redacted(&[&zip], &report);
    report
}

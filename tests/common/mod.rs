//! Helpers shared by the end-to-end tests: fixture trees zipped at test time, the binary run as a
//! person would run it, its JSON report parsed.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use zip::write::SimpleFileOptions;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Zip a folder (paths relative to it), plus extra in-memory members.
pub fn zip_tree(dir: &Path, extra: &[(&str, &[u8])], out: &Path) {
    let file = std::fs::File::create(out).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let options = SimpleFileOptions::default();
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
    zip.finish().unwrap();
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
    serde_json::from_slice(&output.stdout).unwrap()
}

pub fn zipped(name: &str, extra: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.zip"));
    zip_tree(&fixture(name), extra, &path);
    (dir, path)
}

//! Peak memory of the binary on hostile shapes, read from the kernel (`getrusage` of the finished
//! child): a 300 MB array nested two objects deep, a 20 GiB run of spaces inside one JSON string
//! (a 20 MB zip), and a 200 MB string in a plain file (no compression ratio to stop it). Each run
//! must stay under 300 MB of resident memory and still produce a report.
//!
//! The large inputs are generated at test time in a temporary folder, never kept in the
//! repository. One test function, alone in its binary, so that no other child skews the figure.

#![cfg(target_os = "linux")]

mod common;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use assert_cmd::Command;
use flate2::{Compress, Compression, FlushCompress};
use serde_json::Value;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

const LIMIT_BYTES: u64 = 300 << 20;

/// Largest resident set of any child this process has waited for, in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage writes into the struct we pass and has no other effect.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss as u64 * 1024
}

fn audit(paths: &[&Path]) -> Value {
    let output = Command::cargo_bin("exposure")
        .unwrap()
        .args(["audit", "--quiet", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    common::assert_valid_report(&report);
    report
}

fn file_status(report: &Value, suffix: &str) -> (String, Option<String>) {
    let file = report["exports"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
        .unwrap();
    (
        file["status"].as_str().unwrap().to_string(),
        file["diagnostic"].as_str().map(str::to_string),
    )
}

/// Pseudo-random lower-case words: no digits or `@`, so the scanner's prefilters stay cheap,
/// and no long repeats, so the zip stays far from any compression-ratio limit.
struct Words(u64);

impl Words {
    fn fill(&mut self, out: &mut Vec<u8>, len: usize) {
        for i in 0..len {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            out.push(if i % 7 == 6 {
                b' '
            } else {
                b'a' + (self.0 % 26) as u8
            });
        }
    }
}

/// `{"a": {"b": [{"t": "..."}, ...]}}`, 300 MB, as a stored zip member.
fn nested_array_zip(path: &Path) {
    let mut zip = zip::ZipWriter::new(BufWriter::new(File::create(path).unwrap()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    zip.start_file("export/data.json", options).unwrap();
    zip.write_all(b"{\"a\": {\"b\": [").unwrap();
    let mut words = Words(0x9E37_79B9_7F4A_7C15);
    let mut element = Vec::with_capacity(2048);
    let mut written = 0usize;
    let mut first = true;
    while written < 300 << 20 {
        element.clear();
        if !first {
            element.push(b',');
        }
        first = false;
        element.extend_from_slice(b"{\"t\": \"");
        words.fill(&mut element, 1000);
        element.extend_from_slice(b"\"}");
        zip.write_all(&element).unwrap();
        written += element.len();
    }
    zip.write_all(b"]}}").unwrap();
    zip.finish().unwrap();
}

fn deflate(compress: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut out = Vec::new();
    let mut consumed = 0;
    loop {
        out.reserve(64 << 10);
        let before = compress.total_in();
        compress
            .compress_vec(&input[consumed..], &mut out, flush)
            .unwrap();
        consumed += (compress.total_in() - before) as usize;
        if consumed == input.len() && out.len() < out.capacity() {
            return out;
        }
    }
}

/// `{"x": "<20 GiB of spaces>"}` deflated to about 20 MB: one compressed MiB of spaces is
/// repeated (a sync-flushed deflate block that only refers back to spaces decodes the same
/// wherever it stands), wrapped in a hand-written zip64 member (the zip writer would have to
/// deflate all 20 GiB itself).
fn spaces_bomb_zip(path: &Path) {
    const GIB: u64 = 1 << 30;
    let total: u64 = 20 * GIB;
    let mut compress = Compress::new(Compression::best(), false);
    let head = deflate(&mut compress, b"{\"x\": \"", FlushCompress::Sync);
    let mib = deflate(&mut compress, &vec![b' '; 1 << 20], FlushCompress::Sync);
    let tail = deflate(&mut compress, b"\"}", FlushCompress::Finish);
    let repeats = total >> 20;
    let compressed = (head.len() + tail.len()) as u64 + mib.len() as u64 * repeats;
    let uncompressed = 7 + total + 2;
    let name = b"export/spaces.json";
    let zip64_extra = |out: &mut Vec<u8>| {
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(&uncompressed.to_le_bytes());
        out.extend_from_slice(&compressed.to_le_bytes());
    };
    let mut file = BufWriter::new(File::create(path).unwrap());
    let mut local = Vec::new();
    local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    for v in [45u16, 0, 8, 0, 0x21] {
        local.extend_from_slice(&v.to_le_bytes());
    }
    local.extend_from_slice(&0u32.to_le_bytes()); // CRC: never reached, the read stops first
    local.extend_from_slice(&u32::MAX.to_le_bytes());
    local.extend_from_slice(&u32::MAX.to_le_bytes());
    local.extend_from_slice(&(name.len() as u16).to_le_bytes());
    local.extend_from_slice(&20u16.to_le_bytes());
    local.extend_from_slice(name);
    zip64_extra(&mut local);
    file.write_all(&local).unwrap();
    file.write_all(&head).unwrap();
    for _ in 0..repeats {
        file.write_all(&mib).unwrap();
    }
    file.write_all(&tail).unwrap();
    let directory_offset = local.len() as u64 + compressed;
    let mut central = Vec::new();
    central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    for v in [45u16, 45, 0, 8, 0, 0x21] {
        central.extend_from_slice(&v.to_le_bytes());
    }
    central.extend_from_slice(&0u32.to_le_bytes());
    central.extend_from_slice(&u32::MAX.to_le_bytes());
    central.extend_from_slice(&u32::MAX.to_le_bytes());
    for v in [name.len() as u16, 20, 0, 0, 0] {
        central.extend_from_slice(&v.to_le_bytes());
    }
    central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    central.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    central.extend_from_slice(name);
    zip64_extra(&mut central);
    file.write_all(&central).unwrap();
    let mut end = Vec::new();
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, 1, 1] {
        end.extend_from_slice(&v.to_le_bytes());
    }
    end.extend_from_slice(&(central.len() as u32).to_le_bytes());
    end.extend_from_slice(&(directory_offset as u32).to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    file.write_all(&end).unwrap();
    file.flush().unwrap();
}

/// A folder holding `["<200 MB of words>"]`.
fn long_string_folder(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut file = BufWriter::new(File::create(dir.join("long.json")).unwrap());
    file.write_all(b"[\"").unwrap();
    let mut words = Words(0x2545_F491_4F6C_DD1D);
    let mut chunk = Vec::with_capacity(1 << 20);
    for _ in 0..200 {
        chunk.clear();
        words.fill(&mut chunk, 1 << 20);
        file.write_all(&chunk).unwrap();
    }
    file.write_all(b"\"]").unwrap();
    file.flush().unwrap();
}

#[test]
fn hostile_shapes_stay_under_300_mb_of_memory() {
    let dir = tempfile::tempdir().unwrap();

    let nested = dir.path().join("nested.zip");
    nested_array_zip(&nested);
    let report = audit(&[&nested]);
    std::fs::remove_file(&nested).unwrap();
    assert_eq!(
        file_status(&report, "data.json"),
        ("scanned".to_string(), None)
    );
    let peak = children_peak_rss();
    assert!(
        peak < LIMIT_BYTES,
        "300 MB nested array: peak RSS {peak} bytes"
    );

    let bomb = dir.path().join("spaces.zip");
    spaces_bomb_zip(&bomb);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 40 << 20);
    // A second, ordinary input, so that there is something to report besides the bomb.
    let note = dir.path().join("note.txt");
    std::fs::write(&note, "write to ghost.user@example.net").unwrap();
    let report = audit(&[&bomb, &note]);
    std::fs::remove_file(&bomb).unwrap();
    assert_eq!(file_status(&report, "note.txt").0, "scanned");
    assert_eq!(
        file_status(&report, "spaces.json"),
        (
            "skipped".to_string(),
            Some("limit.compression_ratio".to_string())
        )
    );
    let peak = children_peak_rss();
    assert!(
        peak < LIMIT_BYTES,
        "20 GiB of spaces: peak RSS {peak} bytes"
    );

    let folder = dir.path().join("long");
    long_string_folder(&folder);
    let report = audit(&[&folder]);
    assert_eq!(
        file_status(&report, "long.json"),
        ("scanned".to_string(), Some("limit.value_size".to_string()))
    );
    let peak = children_peak_rss();
    assert!(peak < LIMIT_BYTES, "200 MB string: peak RSS {peak} bytes");
}

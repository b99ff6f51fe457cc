//! Benchmark: how close exposure comes to the cost of only inflating an export's text.
//!
//! Generates (in a temporary folder, removed at the end) a Facebook export and a Google Takeout of
//! `EXPOSURE_BENCH_MB` megabytes each (default 1024; the Facebook one about 60 % incompressible
//! media) and a 100 MB chat text, audits each with the release binary on all cores and with
//! `--jobs 1`, and prints wall time, MB/s of inflated text and peak RSS beside two inflate-only
//! baselines over the same text members: `unzip -p` and the true floor, zlib (flate2 with the
//! zlib-rs backend) inflating each member to a sink on one core with nothing else done. The
//! Facebook export is also audited at half the size, to show the cost is linear in text bytes.
//! Every audit must report exactly the counts the generator wrote.
//!
//! Run: `cargo bench --bench speed` (`EXPOSURE_BENCH_MB=200` for a quick run;
//! `EXPOSURE_BENCH_ONLY=facebook`, `takeout` or `chat` for one part). Figures go in the README
//! with the machine they came from.

use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use exposure_generator::measure::{self, mb};
use exposure_generator::{Summary, TakeoutShape};

fn generate(
    path: &Path,
    make: impl FnOnce(BufWriter<File>) -> std::io::Result<Summary>,
) -> Summary {
    let started = Instant::now();
    let summary = make(BufWriter::with_capacity(
        1 << 20,
        File::create(path).expect("create"),
    ))
    .expect("generate");
    println!(
        "generated {}: {:.0} MB, {:.0} MB of text in {} members, {:.0} MB of media, in {:.0} s",
        path.file_name().unwrap_or_default().to_string_lossy(),
        mb(summary.archive_bytes),
        mb(summary.text_bytes),
        summary.text_members.len(),
        mb(summary.media_bytes),
        started.elapsed().as_secs_f64()
    );
    summary
}

/// The zlib floor: every text member inflated to a sink, on this one core.
fn zlib_floor(path: &Path, summary: &Summary) -> f64 {
    let started = Instant::now();
    let mut archive = zip::ZipArchive::new(File::open(path).expect("zip")).expect("zip");
    let mut sink = vec![0u8; 1 << 20];
    let mut total = 0u64;
    for name in &summary.text_members {
        let mut member = archive.by_name(name).expect("member");
        loop {
            let n = member.read(&mut sink).expect("inflate");
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    assert_eq!(
        total, summary.text_bytes,
        "the floor inflates every text byte"
    );
    started.elapsed().as_secs_f64()
}

/// `unzip -p` of the text members (named by their extensions), to a sink.
fn unzip_seconds(path: &Path, summary: &Summary) -> Option<f64> {
    let mut patterns: Vec<String> = summary
        .text_members
        .iter()
        .filter_map(|name| name.rsplit_once('.'))
        .map(|(_, ext)| format!("*.{ext}"))
        .collect();
    patterns.sort();
    patterns.dedup();
    let run = measure::run_quiet(Command::new("unzip").arg("-p").arg(path).args(&patterns))?;
    run.success.then_some(run.seconds)
}

struct Audit {
    seconds: f64,
    peak: u64,
}

fn audit(path: &Path, summary: &Summary, jobs: Option<usize>) -> Audit {
    let mut command = Command::new(env!("CARGO_BIN_EXE_exposure"));
    // A 1 GB Takeout holds a Records.json of about 9 GB: past the default 4 GiB per file, raised
    // as the README tells people with such exports to.
    command.arg("audit").arg(path).args([
        "--format",
        "json",
        "--quiet",
        "--max-member-mb",
        "16384",
    ]);
    if let Some(jobs) = jobs {
        command.args(["--jobs", &jobs.to_string()]);
    }
    let run = measure::run(&mut command).expect("exposure runs");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("a JSON report");
    let counts = &report["exports"][0]["counts"];
    for (kind, written) in &summary.counts {
        assert_eq!(
            counts[kind].as_u64(),
            Some(*written),
            "{kind} counted exactly"
        );
    }
    Audit {
        seconds: run.seconds,
        peak: run.peak_bytes,
    }
}

fn row(label: &str, text_bytes: u64, seconds: f64, peak: Option<u64>, floor: f64) {
    println!(
        "  {label:<28} {seconds:7.1} s  {:7.0} MB/s  {:>9}  {:5.2}x zlib floor",
        mb(text_bytes) / seconds,
        peak.map(|p| format!("{:.0} MB", mb(p)))
            .unwrap_or_else(|| "-".into()),
        seconds / floor
    );
}

fn compare(name: &str, path: &Path, summary: &Summary) {
    println!("{name}:");
    let floor = zlib_floor(path, summary);
    let unzip = unzip_seconds(path, summary);
    let all = audit(path, summary, None);
    let one = audit(path, summary, Some(1));
    row(
        "zlib inflate, 1 core",
        summary.text_bytes,
        floor,
        None,
        floor,
    );
    match unzip {
        Some(s) => row("unzip -p", summary.text_bytes, s, None, floor),
        None => println!("  unzip -p: not installed"),
    }
    row(
        "exposure, all cores",
        summary.text_bytes,
        all.seconds,
        Some(all.peak),
        floor,
    );
    row(
        "exposure --jobs 1",
        summary.text_bytes,
        one.seconds,
        Some(one.peak),
        floor,
    );
    if let Some(s) = unzip {
        println!("  exposure / unzip -p: {:.2}x", all.seconds / s);
    }
}

fn main() {
    let megabytes: u64 = std::env::var("EXPOSURE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("machine: {cores} cores; sizes: {megabytes} MB archives");

    let only = std::env::var("EXPOSURE_BENCH_ONLY").unwrap_or_default();
    let runs = |part: &str| only.is_empty() || only == part;

    if runs("facebook") {
        facebook_part(dir.path(), megabytes);
    }
    if runs("takeout") {
        takeout_part(dir.path(), megabytes);
    }
    if runs("chat") {
        chat_part(dir.path());
    }
}

fn facebook_part(dir: &Path, megabytes: u64) {
    let facebook = dir.join("facebook-bench.zip");
    let summary = generate(&facebook, |out| {
        exposure_generator::facebook(out, megabytes << 20, 1)
    });
    compare("Facebook export", &facebook, &summary);
    let half = dir.join("facebook-half.zip");
    let half_summary = generate(&half, |out| {
        exposure_generator::facebook(out, megabytes << 19, 1)
    });
    let half_run = audit(&half, &half_summary, Some(1));
    let full_run = audit(&facebook, &summary, Some(1));
    println!(
        "  linearity (--jobs 1): {:.0} MB of text in {:.1} s, {:.0} MB in {:.1} s: {:.2}x the time for {:.2}x the text",
        mb(half_summary.text_bytes),
        half_run.seconds,
        mb(summary.text_bytes),
        full_run.seconds,
        full_run.seconds / half_run.seconds,
        summary.text_bytes as f64 / half_summary.text_bytes as f64
    );
    std::fs::remove_file(&facebook).ok();
    std::fs::remove_file(&half).ok();
}

fn takeout_part(dir: &Path, megabytes: u64) {
    let takeout = dir.join("takeout-20260101T000000Z-001.zip");
    let summary = generate(&takeout, |out| {
        exposure_generator::takeout(out, megabytes << 20, TakeoutShape::default(), 2)
    });
    compare("Google Takeout", &takeout, &summary);
    std::fs::remove_file(&takeout).ok();
}

fn chat_part(dir: &Path) {
    let chat = dir.join("chat.txt");
    let summary = generate(&chat, |out| exposure_generator::chat_log(out, 100 << 20, 3));
    println!("Chat text (generic scanner):");
    let all = audit(&chat, &Summary::default(), None);
    let one = audit(&chat, &Summary::default(), Some(1));
    for (label, run) in [("exposure, all cores", &all), ("exposure --jobs 1", &one)] {
        println!(
            "  {label:<28} {:7.2} s  {:7.0} MB/s  {:>6.0} MB",
            run.seconds,
            mb(summary.text_bytes) / run.seconds,
            mb(run.peak)
        );
    }
}

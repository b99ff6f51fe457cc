//! Benchmark: a large generated Google Takeout (`EXPOSURE_BENCH_MB` megabytes zipped, default 160,
//! in the shape `TakeoutShape::PARSER_COMPARISON`: a `Records.json` of about 1.6 GB, My Activity
//! JSON for searches, YouTube and Chrome, and a 127 MB My Activity HTML page) audited by the
//! release binary, zipped and extracted (the median of three runs each), with wall time and peak
//! resident memory read from the kernel for that process alone. For scale it also times `unzip
//! -p` of the same members (the cost of only inflating them) and, where `google_takeout_parser`
//! is installed (`pip install google_takeout_parser`), that parser on the extracted Takeout,
//! printing both counts side by side.
//!
//! Run: `cargo bench --bench google_takeout` (`EXPOSURE_BENCH_MB=200` for a quick run). The
//! generated files live in a temporary folder removed at the end. Figures go in the README.

use std::fs::File;
use std::io::BufWriter;
use std::process::Command;
use std::time::Instant;

use exposure_generator::TakeoutShape;
use exposure_generator::measure::{self, mb};

fn main() {
    let megabytes: u64 = std::env::var("EXPOSURE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(160);
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("takeout-20260101T000000Z-001.zip");
    let started = Instant::now();
    let shape = TakeoutShape::PARSER_COMPARISON;
    let file = BufWriter::with_capacity(1 << 20, File::create(&zip_path).expect("create"));
    let summary = exposure_generator::takeout(file, megabytes << 20, shape, 1).expect("generate");
    let locations = summary.counts["location_point"];
    let activities: u64 = ["search_query", "watch_event", "visited_page"]
        .iter()
        .map(|kind| summary.counts[kind])
        .sum();
    println!(
        "generated: {:.0} MB of JSON and HTML ({locations} locations, {activities} activities), zip {:.0} MB, in {:.1} s",
        mb(summary.text_bytes),
        mb(summary.archive_bytes),
        started.elapsed().as_secs_f64()
    );

    let exposure = env!("CARGO_BIN_EXE_exposure");
    // Each audit runs three times and the median is kept: its few seconds are at the mercy of
    // a shared machine's drift, which the parser's minutes average out.
    let audit = |path: &std::path::Path| {
        let mut runs: Vec<measure::Run> = (0..3)
            .map(|_| {
                measure::run(
                    Command::new(exposure)
                        .arg("audit")
                        .arg(path)
                        .args(["--format", "json", "--quiet"]),
                )
                .expect("exposure runs")
            })
            .collect();
        let times: Vec<String> = runs.iter().map(|r| format!("{:.1}", r.seconds)).collect();
        println!("  (three runs: {} s)", times.join(", "));
        runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        let run = runs.swap_remove(1);
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("a JSON report");
        let counts = report["exports"][0]["counts"].clone();
        for (kind, written) in &summary.counts {
            assert_eq!(
                counts[kind].as_u64(),
                Some(*written),
                "{kind} counted exactly"
            );
        }
        (run, counts)
    };
    let (zipped, counts) = audit(&zip_path);
    println!(
        "exposure:              {:7.1} s  peak RSS {:7.0} MB  locations {locations}  activities {activities}",
        zipped.seconds,
        mb(zipped.peak_bytes),
    );

    // The same Takeout extracted (what a parser that needs a folder reads).
    let extracted = dir.path().join("extracted");
    zip::ZipArchive::new(File::open(&zip_path).expect("zip"))
        .expect("zip")
        .extract(&extracted)
        .expect("extract");
    let (folder, folder_counts) = audit(&extracted);
    assert_eq!(folder_counts, counts);
    println!(
        "exposure (extracted):  {:7.1} s  peak RSS {:7.0} MB",
        folder.seconds,
        mb(folder.peak_bytes)
    );

    match measure::run_quiet(Command::new("unzip").arg("-p").arg(&zip_path)) {
        Some(run) => println!(
            "unzip -p (inflate only):{:7.1} s  peak RSS {:7.0} MB",
            run.seconds,
            mb(run.peak_bytes)
        ),
        None => println!("unzip -p: not installed"),
    }

    let parser_installed = Command::new("python3")
        .args(["-c", "import google_takeout_parser"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !parser_installed {
        println!("google_takeout_parser: not installed (pip install google_takeout_parser)");
        return;
    }
    let script = "import sys, collections\n\
        from google_takeout_parser.path_dispatch import TakeoutParser\n\
        c = collections.Counter(type(e).__name__ for e in TakeoutParser(sys.argv[1]).parse(cache=False))\n\
        print(c.get('Location', 0), c.get('Activity', 0))\n";
    let takeout = extracted.join("Takeout");
    match measure::run(Command::new("python3").args(["-c", script]).arg(&takeout)) {
        Some(run) => {
            let out = String::from_utf8_lossy(&run.stdout);
            let mut numbers = out.split_whitespace();
            println!(
                "google_takeout_parser: {:7.1} s  peak RSS {:7.0} MB  locations {}  activities {}",
                run.seconds,
                mb(run.peak_bytes),
                numbers.next().unwrap_or("?"),
                numbers.next().unwrap_or("?")
            );
            println!(
                "on the same extracted folder, exposure is {:.1}x faster and uses {:.0}x less memory",
                run.seconds / folder.seconds,
                run.peak_bytes as f64 / folder.peak_bytes.max(1) as f64
            );
        }
        None => println!("google_takeout_parser: failed to run"),
    }
}

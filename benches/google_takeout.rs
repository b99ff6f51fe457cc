//! Benchmark: a large generated Google Takeout (a `Records.json` of `EXPOSURE_BENCH_MB` megabytes,
//! default 2048, plus My Activity JSON for searches, YouTube and Chrome and a 110 MB My Activity
//! HTML page) audited by the release
//! binary, zipped and extracted, with wall time and peak resident memory read from the kernel for
//! that process alone. For scale it also times `unzip -p` of the same members (the cost of only
//! inflating them) and, where `google_takeout_parser` is installed (`pip install
//! google_takeout_parser`), that parser on the extracted Takeout, printing both counts side by side.
//!
//! Run: `cargo bench --bench google_takeout` (`EXPOSURE_BENCH_MB=200` for a quick run). The
//! generated files live in a temporary folder removed at the end. Figures go in the README.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use zip::write::SimpleFileOptions;

/// Invented locations around a fictional track; deterministic, no real person.
fn write_records(out: &mut dyn Write, target_bytes: u64) -> std::io::Result<u64> {
    out.write_all(b"{\n  \"locations\": [")?;
    let mut written = 0u64;
    let mut n = 0u64;
    while written < target_bytes {
        let lat = 480_000_000 + (n * 7919 % 4_000_000) as i64;
        let lon = 20_000_000 + (n * 104_729 % 6_000_000) as i64;
        let seconds = 1_500_000_000 + n * 60;
        let record = format!(
            "{}\n    {{\"latitudeE7\": {lat}, \"longitudeE7\": {lon}, \"accuracy\": {}, \"source\": \"WIFI\", \"deviceTag\": 1283746501, \"platformType\": \"ANDROID\", \"activity\": [{{\"activity\": [{{\"type\": \"STILL\", \"confidence\": 90}}], \"timestamp\": \"{}\"}}], \"timestamp\": \"{}\"}}",
            if n == 0 { "" } else { "," },
            10 + n % 40,
            iso(seconds),
            iso(seconds),
        );
        out.write_all(record.as_bytes())?;
        written += record.len() as u64;
        n += 1;
    }
    out.write_all(b"\n  ]\n}\n")?;
    Ok(n)
}

fn iso(seconds: u64) -> String {
    jiff::Timestamp::from_second(seconds as i64)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// My Activity records of one product: `count` searches, watches or visits.
fn write_activity(
    out: &mut dyn Write,
    product: &str,
    verb: &str,
    count: u64,
) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for n in 0..count {
        let record = format!(
            "{}{{\"header\": \"{product}\", \"title\": \"{verb} item number {n}\", \"titleUrl\": \"https://www.example.com/item?n\\u003d{n}\", \"time\": \"{}\", \"products\": [\"{product}\"], \"activityControls\": [\"Web \\u0026 App Activity\"]}}",
            if n == 0 { "" } else { "," },
            iso(1_600_000_000 + n * 97),
        );
        out.write_all(record.as_bytes())?;
    }
    out.write_all(b"]\n")
}

/// My Activity as an HTML page of `count` cells (the format many users get; streamed cell by cell).
fn write_activity_html(out: &mut dyn Write, count: u64) -> std::io::Result<()> {
    out.write_all(b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>My Activity</title></head><body><div class=\"mdl-grid\">")?;
    for n in 0..count {
        let cell = format!(
            "<div class=\"outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp\"><div class=\"mdl-grid\"><div class=\"header-cell mdl-cell mdl-cell--12-col\"><p class=\"mdl-typography--title\">YouTube<br></p></div><div class=\"content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1\">Watched&nbsp;<a href=\"https://www.youtube.com/watch?v=v{n}\">Video number {n}</a><br><a href=\"https://www.youtube.com/channel/c{n}\">Channel {n}</a><br>Mar 1, 2024, 1:00:00\u{202f}PM UTC</div><div class=\"content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 mdl-typography--text-right\"></div><div class=\"content-cell mdl-cell mdl-cell--12-col mdl-typography--caption\"><b>Products:</b><br>&emsp;YouTube<br><b>Why is this here?</b><br>&emsp;This activity was saved to your Google Account because the following settings were on:&nbsp;YouTube watch history.</div></div></div>\n"
        );
        out.write_all(cell.as_bytes())?;
    }
    out.write_all(b"</div></body></html>\n")
}

const HTML_ACTIVITY: (&str, u64) = ("Takeout/My Activity/YouTube Music/MyActivity.html", 150_000);

const ACTIVITY: &[(&str, &str, &str, u64)] = &[
    (
        "Takeout/My Activity/Search/MyActivity.json",
        "Search",
        "Searched for",
        200_000,
    ),
    (
        "Takeout/My Activity/YouTube/MyActivity.json",
        "YouTube",
        "Watched",
        200_000,
    ),
    (
        "Takeout/My Activity/Chrome/MyActivity.json",
        "Chrome",
        "Visited",
        100_000,
    ),
];
const RECORDS: &str = "Takeout/Location History (Timeline)/Records.json";

fn generate(zip_path: &Path, records_bytes: u64) -> (u64, u64) {
    let file = BufWriter::new(File::create(zip_path).expect("create zip"));
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().large_file(true);
    zip.start_file(RECORDS, options).expect("start");
    let locations = write_records(&mut zip, records_bytes).expect("write records");
    let mut activities = 0;
    for (path, product, verb, count) in ACTIVITY {
        zip.start_file(*path, options).expect("start");
        write_activity(&mut zip, product, verb, *count).expect("write activity");
        activities += count;
    }
    zip.start_file(HTML_ACTIVITY.0, options).expect("start");
    write_activity_html(&mut zip, HTML_ACTIVITY.1).expect("write html activity");
    activities += HTML_ACTIVITY.1;
    zip.start_file("Takeout/archive_browser.html", options)
        .expect("start");
    zip.write_all(b"<html><body><h1>Archive for bench.owner@example.com</h1></body></html>")
        .expect("write index");
    zip.finish().expect("finish zip");
    (locations, activities)
}

/// Run a command to its end; (seconds, peak resident bytes of that process, stdout).
fn measure(command: &mut Command) -> Option<(f64, u64, Vec<u8>)> {
    let start = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = Vec::new();
    std::io::Read::read_to_end(child.stdout.as_mut()?, &mut stdout).ok()?;
    let mut status = 0;
    // SAFETY: plain libc call on a child this process spawned and has not waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return None;
    }
    Some((
        start.elapsed().as_secs_f64(),
        usage.ru_maxrss as u64 * 1024,
        stdout,
    ))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let records_mb: u64 = std::env::var("EXPOSURE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2048);
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("takeout-20260101T000000Z-001.zip");
    let started = Instant::now();
    let (locations, activities) = generate(&zip_path, records_mb << 20);
    let zip_size = std::fs::metadata(&zip_path).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated: Records.json {records_mb} MB ({locations} locations), {activities} activities, zip {:.0} MB, in {:.1} s",
        mb(zip_size),
        started.elapsed().as_secs_f64()
    );

    let exposure = env!("CARGO_BIN_EXE_exposure");
    let (seconds, peak, stdout) = measure(
        Command::new(exposure)
            .arg("audit")
            .arg(&zip_path)
            .args(["--format", "json", "--quiet"]),
    )
    .expect("exposure runs");
    let report: serde_json::Value = serde_json::from_slice(&stdout).expect("a JSON report");
    let counts = &report["exports"][0]["counts"];
    let count = |kind: &str| counts[kind].as_u64().unwrap_or(0);
    let exposure_activity = count("search_query") + count("watch_event") + count("visited_page");
    println!(
        "exposure:              {seconds:7.1} s  peak RSS {:7.0} MB  locations {}  activities {}",
        mb(peak),
        count("location_point"),
        exposure_activity
    );
    assert_eq!(
        count("location_point"),
        locations,
        "every location is counted"
    );
    assert_eq!(exposure_activity, activities, "every activity is counted");

    // The same Takeout extracted (what a parser that needs a folder reads).
    let extracted = dir.path().join("extracted");
    let file = File::open(&zip_path).expect("zip");
    zip::ZipArchive::new(file)
        .expect("zip")
        .extract(&extracted)
        .expect("extract");
    let (folder_seconds, folder_peak, folder_out) = measure(
        Command::new(exposure)
            .arg("audit")
            .arg(&extracted)
            .args(["--format", "json", "--quiet"]),
    )
    .expect("exposure runs");
    let folder_report: serde_json::Value =
        serde_json::from_slice(&folder_out).expect("a JSON report");
    assert_eq!(folder_report["exports"][0]["counts"], *counts);
    println!(
        "exposure (extracted):  {folder_seconds:7.1} s  peak RSS {:7.0} MB",
        mb(folder_peak)
    );

    let mut unzip = Command::new("unzip");
    unzip.arg("-p").arg(&zip_path);
    match measure(&mut unzip) {
        Some((s, p, _)) => println!(
            "unzip -p (inflate only):{s:7.1} s  peak RSS {:7.0} MB",
            mb(p)
        ),
        None => println!("unzip -p: not installed"),
    }

    let parser_installed = Command::new("python3")
        .args(["-c", "import google_takeout_parser"])
        .stderr(Stdio::null())
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
    match measure(Command::new("python3").args(["-c", script]).arg(&takeout)) {
        Some((s, p, out)) => {
            let out = String::from_utf8_lossy(&out);
            let mut numbers = out.split_whitespace();
            println!(
                "google_takeout_parser: {s:7.1} s  peak RSS {:7.0} MB  locations {}  activities {}",
                mb(p),
                numbers.next().unwrap_or("?"),
                numbers.next().unwrap_or("?")
            );
            println!(
                "on the same extracted folder, exposure is {:.1}x faster and uses {:.0}x less memory",
                s / folder_seconds,
                p as f64 / folder_peak.max(1) as f64
            );
        }
        None => println!("google_takeout_parser: failed to run"),
    }
}

//! Benchmark: throughput of each free-text stage on one core — the detectors (`scan::scan_text`)
//! and the lexicon (`lexicon::match_text`) — over generated chat text, the text that dominates
//! message-heavy exports. Texts are fed as the audit feeds them: one message at a time, then the
//! whole log as one text (the generic scanner's case). Each figure is the best of three runs.
//!
//! Run: `cargo bench --bench text_stages` (`EXPOSURE_BENCH_MB`, default 20).

use std::time::Instant;

use exposure::classify::lexicon;
use exposure::scan;
use exposure_generator::measure::mb;

fn main() {
    let megabytes: u64 = std::env::var("EXPOSURE_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut bytes = Vec::new();
    exposure_generator::chat_log(&mut bytes, megabytes << 20, 11).expect("generate");
    let text = String::from_utf8(bytes).expect("generator writes UTF-8");
    let messages: Vec<&str> = text
        .lines()
        .map(|line| line.split_once(": ").map_or(line, |(_, body)| body))
        .collect();
    println!(
        "{:.0} MB of chat text, {} messages",
        mb(text.len() as u64),
        messages.len()
    );
    // The best of three runs: this shared machine's speed drifts by tens of percent.
    let rate = |label: &str, bytes: usize, run: &mut dyn FnMut() -> usize| {
        let mut seconds = f64::MAX;
        let mut found = 0;
        for _ in 0..3 {
            let started = Instant::now();
            found = run();
            seconds = seconds.min(started.elapsed().as_secs_f64());
        }
        println!(
            "{label:<28} {:>8.1} MB/s  ({found} hits)",
            mb(bytes as u64) / seconds
        );
    };
    // Patterns, tables and automata are built on first use: not part of the figures.
    scan::scan_text(
        "warm up +33 6 39 01 23 45 a@b.fr 192.0.2.1 ::1",
        &mut Vec::new(),
    );
    lexicon::match_text("warm up");
    let message_bytes: usize = messages.iter().map(|m| m.len()).sum();
    rate("detectors, per message", message_bytes, &mut || {
        let mut out = Vec::new();
        for m in &messages {
            scan::scan_text(m, &mut out);
        }
        out.len()
    });
    rate("lexicon, per message", message_bytes, &mut || {
        messages.iter().map(|m| lexicon::match_text(m).len()).sum()
    });
    rate("detectors, whole log", text.len(), &mut || {
        let mut out = Vec::new();
        scan::scan_text(&text, &mut out);
        out.len()
    });
    rate("lexicon, whole log", text.len(), &mut || {
        lexicon::match_text(&text).len()
    });
}

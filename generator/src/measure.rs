//! Timing a command the way the benchmarks report it: wall time and the peak resident memory of
//! that process alone, with its standard output.
//!
//! The peak is the kernel's high-water mark of the child's own memory (`VmHWM` in
//! `/proc/PID/status`), read every 5 ms while it runs. `wait4`'s `ru_maxrss` is not used: Linux
//! carries the parent's own peak into a child it spawns, so a benchmark that has held a large
//! buffer would see it in every child's figure.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What one run of a command cost.
#[derive(Debug, Clone)]
pub struct Run {
    pub seconds: f64,
    pub peak_bytes: u64,
    pub stdout: Vec<u8>,
    pub success: bool,
}

/// Run `command` to its end (stderr discarded, stdout kept); `None` when it cannot start.
pub fn run(command: &mut Command) -> Option<Run> {
    run_with(command, true)
}

/// Run `command` to its end with its stdout discarded (an inflater writing gigabytes).
pub fn run_quiet(command: &mut Command) -> Option<Run> {
    run_with(command, false)
}

fn run_with(command: &mut Command, keep_stdout: bool) -> Option<Run> {
    let start = Instant::now();
    let mut child = command
        .stdout(if keep_stdout {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let status_path = format!("/proc/{}/status", child.id());
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = 0u64;
            while !done.load(Ordering::Relaxed) {
                peak = peak.max(high_water(&status_path).unwrap_or(0));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        })
    };
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).ok()?;
    }
    // The last samples, before the child is reaped and its status file goes.
    let status = child.wait().ok()?;
    done.store(true, Ordering::Relaxed);
    let peak_bytes = sampler.join().ok()?;
    Some(Run {
        seconds: start.elapsed().as_secs_f64(),
        peak_bytes,
        stdout,
        success: status.success(),
    })
}

/// `VmHWM` of a process, in bytes.
fn high_water(status_path: &str) -> Option<u64> {
    let status = std::fs::read_to_string(status_path).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes as MB (2^20).
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

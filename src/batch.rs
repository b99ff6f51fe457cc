//! `audit --each DIR --output-dir OUT`: every export found directly in DIR (a zip, a tar or tgz, a
//! folder) is audited on its own — the parts of one export (`takeout-…-001.zip`, `-002.zip`,
//! `…_part_2.zip`) together — into one report each, plus an aggregate, `summary.csv` and
//! `summary.md`: one row per export with its score, band, top categories, counts, input paths and
//! SHA-256, and a row per input that could not be read, with its diagnostic code. Output is
//! deterministic (sorted, no time) unless `--timestamp` is asked for, so two runs can be diffed.
//! Reports go through the same renderers as a single audit.
//!
//! It never writes anywhere but OUT, and never a value from an export into the aggregate. Names
//! of exports and inputs (downloads are named after their account) are masked as a report masks
//! them, in the summary and in the reports' file names, unless `--reveal`: an input is told by
//! its SHA-256.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use crate::archive::{Input, Limits};
use crate::audit::{self, AuditOptions, NoProgress};
use crate::model::{Category, DiagnosticCode};
use crate::report::redact;
use crate::report::text::{csv_cell, markdown};
use crate::report::{self, ReportOptions, Style, View};
use crate::risk::Band;

pub struct BatchOptions<'a> {
    pub report: ReportOptions,
    pub style: Style,
    /// `--format` of the per-export reports.
    pub format: &'a str,
    pub timestamp: bool,
    pub limits: Limits,
    pub mail_bodies: bool,
}

/// One export of the batch, as the aggregate lists it.
#[derive(Debug, Clone)]
pub struct BatchReport {
    /// The export's name: its inputs' common name without part numbers (masked unless
    /// `--reveal`).
    pub name: String,
    /// Each input's file name (masked unless `--reveal`: then its path).
    pub inputs: Vec<String>,
    /// SHA-256 of each input (a folder: of its files' names and contents, in path order).
    pub sha256: Vec<String>,
    pub platforms: Vec<String>,
    pub score: u8,
    pub band: Band,
    pub top_categories: Vec<Category>,
    pub findings: usize,
    pub records: u64,
    /// The report file, relative to OUT.
    pub file: String,
}

#[derive(Debug, Default)]
pub struct BatchSummary {
    pub reports: Vec<BatchReport>,
    /// Inputs that could not be read at all.
    pub unreadable: Vec<Unreadable>,
}

/// An input of the batch that could not be read at all.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Its export's name and its file name, as [`BatchReport`] shows them.
    pub export: String,
    pub input: String,
    /// Empty when the input cannot even be hashed.
    pub sha256: String,
    pub code: DiagnosticCode,
}

/// A part number at the end of a name: `-001`, `_part_2`, `-part3`.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:-\d{3}|[-_ ]part[-_ ]?\d{1,3})$").expect("static part pattern")
});

const ARCHIVE_SUFFIXES: [&str; 4] = [".tar.gz", ".tgz", ".tar", ".zip"];

/// The name an input is grouped by: file name, archive suffix and part number removed.
pub fn export_name(file_name: &str) -> String {
    let lower = file_name.to_ascii_lowercase();
    let stem = ARCHIVE_SUFFIXES
        .iter()
        .find(|s| lower.ends_with(*s))
        .map_or(file_name, |s| &file_name[..file_name.len() - s.len()]);
    PART.replace(stem, "").into_owned()
}

/// The report file extension of a format.
fn extension(format: &str) -> &'static str {
    match format {
        "json" => "json",
        "markdown" => "md",
        "csv" => "csv",
        "html" => "html",
        _ => "txt",
    }
}

/// The exports directly in `dir`, grouped by name, in name order.
pub fn discover(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<PathBuf>>> {
    let mut groups: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        groups.entry(export_name(&name)).or_default().push(path);
    }
    Ok(groups)
}

/// Audit every export of `dir` into `out`.
pub fn run(dir: &Path, out: &Path, options: &BatchOptions) -> std::io::Result<BatchSummary> {
    let groups = discover(dir)?;
    std::fs::create_dir_all(out)?;
    let renderer = report::renderer(options.format)
        .ok_or_else(|| std::io::Error::other("unknown output format"))?;
    let reveal = options.report.reveal;
    let mut summary = BatchSummary::default();
    let mut report_files = HashSet::new();
    for (name, paths) in groups {
        let name = if reveal {
            name
        } else {
            redact::input_name(&name)
        };
        let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
        let audit_options = AuditOptions {
            limits: options.limits.clone(),
            progress: &NoProgress,
            mail_bodies: options.mail_bodies,
        };
        let result = audit::run(&inputs, &audit_options);
        for (index, code) in &result.input_problems {
            let path = &paths[*index];
            summary.unreadable.push(Unreadable {
                export: name.clone(),
                input: redact::input_shown(path, reveal),
                sha256: sha256_of(path).unwrap_or_default(),
                code: *code,
            });
        }
        if result.nothing_read() {
            continue;
        }
        let mut built = report::build(result, options.report);
        built.style = options.style;
        // Masked names may coincide: a number tells their reports apart.
        let stem = safe_file_name(&name);
        let file = (1..)
            .map(|n| match n {
                1 => format!("{stem}.{}", extension(options.format)),
                n => format!("{stem}-{n}.{}", extension(options.format)),
            })
            .find(|file| report_files.insert(file.clone()))
            .expect("an unused name");
        let mut bytes = Vec::new();
        renderer.render(&built, View::Audit, &mut bytes)?;
        report::write_file(&out.join(&file), &bytes, options.report.reveal)?;
        summary.reports.push(BatchReport {
            name,
            sha256: paths
                .iter()
                .map(|p| sha256_of(p))
                .collect::<Result<_, _>>()?,
            inputs: paths
                .iter()
                .map(|p| redact::input_shown(p, reveal))
                .collect(),
            platforms: built
                .exports
                .iter()
                .map(|e| e.platform.id().to_string())
                .collect(),
            score: built.summary.score,
            band: built.summary.band,
            top_categories: built.categories.iter().take(3).map(|c| c.id).collect(),
            findings: built.findings.len(),
            records: built.summary.provenance.values().sum(),
            file,
        });
    }
    let when = options
        .timestamp
        .then(|| jiff::Timestamp::now().to_string());
    let rows: Vec<[String; COLUMNS.len()]> = (summary.reports.iter().map(row))
        .chain(summary.unreadable.iter().map(unreadable_row))
        .collect();
    std::fs::write(out.join("summary.csv"), aggregate_csv(&rows)?)?;
    std::fs::write(
        out.join("summary.md"),
        aggregate_markdown(&rows, when.as_deref()),
    )?;
    Ok(summary)
}

/// A file name made of the export's name: path separators and control characters replaced.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    if cleaned.is_empty() {
        "export".to_string()
    } else {
        cleaned.to_string()
    }
}

/// SHA-256 of a file's bytes, or of a folder's files (relative path, NUL, contents), in path order.
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    if path.is_dir() {
        let mut files = Vec::new();
        collect_files(path, &mut files);
        files.sort();
        for file in files {
            let rel = file.strip_prefix(path).unwrap_or(&file);
            hasher.update(rel.to_string_lossy().as_bytes());
            hasher.update([0u8]);
            hash_file(&file, &mut hasher)?;
        }
    } else {
        hash_file(path, &mut hasher)?;
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn hash_file(path: &Path, hasher: &mut Sha256) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        hasher.update(&buffer[..n]);
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        // Links are not followed, as in the audit itself.
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => collect_files(&path, out),
            Ok(m) if m.is_file() => out.push(path),
            _ => {}
        }
    }
}

const COLUMNS: [&str; 11] = [
    "export",
    "platforms",
    "score",
    "band",
    "top_categories",
    "findings",
    "records",
    "inputs",
    "sha256",
    "report",
    "error",
];

fn row(r: &BatchReport) -> [String; COLUMNS.len()] {
    [
        r.name.clone(),
        r.platforms.join(" "),
        r.score.to_string(),
        r.band.id().to_string(),
        r.top_categories
            .iter()
            .map(|c| c.id())
            .collect::<Vec<_>>()
            .join(" "),
        r.findings.to_string(),
        r.records.to_string(),
        r.inputs.join(" "),
        r.sha256.join(" "),
        r.file.clone(),
        String::new(),
    ]
}

/// The row of an input that could not be read: its names, SHA-256 and diagnostic code.
fn unreadable_row(u: &Unreadable) -> [String; COLUMNS.len()] {
    let mut cells: [String; COLUMNS.len()] = Default::default();
    cells[0] = u.export.clone();
    cells[7] = u.input.clone();
    cells[8] = u.sha256.clone();
    cells[10] = u.code.id().to_string();
    cells
}

fn aggregate_csv(rows: &[[String; COLUMNS.len()]]) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(COLUMNS)
        .map_err(std::io::Error::other)?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        writer.write_record(&cells).map_err(std::io::Error::other)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn aggregate_markdown(rows: &[[String; COLUMNS.len()]], when: Option<&str>) -> String {
    let mut out = String::from("# exposure — batch summary\n\n");
    if let Some(when) = when {
        out.push_str(&format!("Run at {when}.\n\n"));
    }
    out.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| markdown(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_one_export_share_a_name() {
        assert_eq!(
            export_name("takeout-20250301T101010Z-001.zip"),
            "takeout-20250301T101010Z"
        );
        assert_eq!(
            export_name("takeout-20250301T101010Z-003.tgz"),
            "takeout-20250301T101010Z"
        );
        assert_eq!(
            export_name("instagram-jane-2025-01-01_part_2.zip"),
            "instagram-jane-2025-01-01"
        );
        assert_eq!(
            export_name("facebook-jane-2024-11-18-Xy12Ab34.zip"),
            "facebook-jane-2024-11-18-Xy12Ab34"
        );
        assert_eq!(
            export_name("Basic_LinkedInDataExport_03-02-2025"),
            "Basic_LinkedInDataExport_03-02-2025"
        );
    }

    #[test]
    fn report_names_are_safe_file_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("a b\u{1b}c"), "a_b_c");
        assert_eq!(safe_file_name("..."), "export");
    }
}

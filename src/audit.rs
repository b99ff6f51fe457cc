//! The pipeline, end to end: list inputs, recognise exports, give every file a status, parse or
//! scan files in parallel (each worker with its own reader), and merge per-file aggregates into one
//! aggregate per export. One bad file never stops the run: it gets a status and a diagnostic.
//!
//! Diagnostics carry codes and paths, never values.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::archive::{self, Budget, Entry, Input, Limits};
use crate::classify::collect::{Aggregate, FileSink};
use crate::decode::{json, text};
use crate::detect;
use crate::error::AuditError;
use crate::model::{Kind, Platform};
use crate::platforms::facebook::{self, ParserSpec};
use crate::platforms::{self, FileParser, GenericJsonParser, Outcome};

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Parsed,
    Scanned,
    Skipped,
    Failed,
    Absent,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FileStatus {
    pub path: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parser: Option<&'static str>,
    pub records: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostic: Option<&'static str>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub message: String,
}

/// One recognised export (all inputs of one platform are merged: parts of a split archive).
#[derive(Debug)]
pub struct ExportResult {
    pub input: String,
    pub platform: Platform,
    pub generation: Option<String>,
    pub generation_label: Option<String>,
    pub flavour: Option<&'static str>,
    pub locale: Option<&'static str>,
    pub confidence: f32,
    pub evidence: Vec<String>,
    pub files: Vec<FileStatus>,
    pub aggregate: Aggregate,
    /// Files that were not data (images, video, sound...).
    pub media: u64,
    pub unrecognised: u64,
}

#[derive(Debug, Default)]
pub struct AuditResult {
    pub exports: Vec<ExportResult>,
    pub diagnostics: Vec<Diagnostic>,
}

impl AuditResult {
    /// True when nothing at all could be read (exit code 2).
    pub fn nothing_read(&self) -> bool {
        self.exports.iter().all(|e| {
            e.files
                .iter()
                .all(|f| !matches!(f.status, Status::Parsed | Status::Scanned))
        })
    }
}

/// Progress of a run, shown by the CLI when stderr is a terminal.
pub trait Progress: Sync {
    fn start(&self, total_bytes: u64);
    fn file_done(&self, path: &str, bytes: u64);
    fn finish(&self);
}

pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn file_done(&self, _: &str, _: u64) {}
    fn finish(&self) {}
}

pub struct AuditOptions<'a> {
    pub limits: Limits,
    pub progress: &'a dyn Progress,
}

/// How one entry will be handled.
enum Plan {
    Parse(ParserSpec),
    ScanJson,
    ScanText { html: bool },
    Skip(&'static str),
    Unrecognised,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "csv", "tsv", "js", "xml", "vcf", "ics", "md", "log"];
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

pub fn run(inputs: &[Input], options: &AuditOptions) -> AuditResult {
    let budget = Budget::default();
    let listing = archive::list_inputs(inputs, &options.limits, &budget);
    let mut result = AuditResult::default();
    for (input, err) in &listing.problems {
        result.diagnostics.push(Diagnostic {
            code: err.code(),
            file: Some(input.clone()),
            message: err.to_string(),
        });
    }

    // Recognise each input, then group inputs by platform.
    let mut by_input: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for entry in &listing.entries {
        by_input.entry(entry.input).or_default().push(entry);
    }
    let mut groups: BTreeMap<Platform, (Vec<usize>, Vec<&Entry>)> = BTreeMap::new();
    for (input, entries) in by_input {
        let recognition = detect::recognise(entries.iter().map(|e| e.path.as_str()));
        let group = groups.entry(recognition.platform).or_default();
        group.0.push(input);
        group.1.extend(entries);
    }

    let total_bytes: u64 = listing
        .entries
        .iter()
        .filter(|e| !e.media && !e.os_metadata)
        .map(|e| e.size)
        .sum();
    options.progress.start(total_bytes);
    for (platform, (input_ids, entries)) in groups {
        let names: Vec<String> = input_ids
            .iter()
            .map(|&i| inputs[i].display_name())
            .collect();
        let export = audit_export(platform, names.join(" + "), &entries, options, &budget);
        for file in &export.files {
            if let (Some(code), Status::Failed | Status::Skipped) = (file.diagnostic, file.status)
                && !code.starts_with("archive.os_")
            {
                result.diagnostics.push(Diagnostic {
                    code,
                    file: Some(file.path.clone()),
                    message: describe(code),
                });
            }
        }
        result.exports.push(export);
    }
    options.progress.finish();
    result
}

fn describe(code: &str) -> String {
    match code {
        "archive.duplicate_member" => {
            "same file already read from another part of the export".into()
        }
        _ => code.replace(['.', '_'], " "),
    }
}

fn audit_export(
    platform: Platform,
    input: String,
    entries: &[&Entry],
    options: &AuditOptions,
    budget: &Budget,
) -> ExportResult {
    let recognition = detect::recognise(entries.iter().map(|e| e.path.as_str()));
    let generation = recognition.generation.clone();
    let is_facebook = platform == Platform::Facebook;

    // Plan every entry; the same relative path and size in two parts is read once.
    let mut seen: HashMap<(String, u64), ()> = HashMap::new();
    let mut planned: Vec<(&Entry, String, Plan)> = Vec::new();
    for entry in entries {
        let rel = if is_facebook {
            detect::relative_path(&entry.path).to_string()
        } else {
            entry.path.clone()
        };
        let plan = if entry.os_metadata {
            Plan::Skip("archive.os_metadata")
        } else if entry.media {
            Plan::Skip("archive.media")
        } else if let Some(err) = &entry.blocked {
            Plan::Skip(err.code())
        } else if seen.insert((rel.clone(), entry.size), ()).is_some() {
            Plan::Skip("archive.duplicate_member")
        } else {
            plan_for(is_facebook, generation.as_deref(), &rel)
        };
        planned.push((entry, rel, plan));
    }

    // Phase 1: profiles first, so messages know whose they are.
    let mut aggregate = Aggregate::default();
    let mut statuses: Vec<Option<FileStatus>> = vec![None; planned.len()];
    for (i, (entry, rel, plan)) in planned.iter().enumerate() {
        if let Plan::Parse(ParserSpec::Profile) = plan {
            let (status, agg) = process(entry, rel, plan, platform, None, options, budget);
            aggregate.merge(agg);
            statuses[i] = Some(status);
        }
    }
    let owner = owner_name(&aggregate);

    // Phase 2: everything else, in parallel; merged in a fixed order for stable reports.
    let rest: Vec<(usize, FileStatus, Aggregate)> = planned
        .par_iter()
        .enumerate()
        .filter(|(i, _)| statuses[*i].is_none())
        .map(|(i, (entry, rel, plan))| {
            let (status, agg) = process(
                entry,
                rel,
                plan,
                platform,
                owner.as_deref(),
                options,
                budget,
            );
            (i, status, agg)
        })
        .collect();
    for (i, status, agg) in rest {
        aggregate.merge(agg);
        statuses[i] = Some(status);
    }
    let mut files: Vec<FileStatus> = statuses.into_iter().flatten().collect();
    let media = files
        .iter()
        .filter(|f| f.diagnostic == Some("archive.media"))
        .count() as u64;
    let unrecognised = planned
        .iter()
        .filter(|(_, _, p)| matches!(p, Plan::Unrecognised))
        .count() as u64;

    // Expected files of this generation that the export lacks.
    if is_facebook && let Some(generation) = &generation {
        let present: Vec<String> = planned
            .iter()
            .map(|(_, rel, _)| platforms::match_form(rel))
            .collect();
        for known in facebook::KNOWN_FILES
            .iter()
            .filter(|k| k.expected && &k.generation == generation)
        {
            if !present
                .iter()
                .any(|p| platforms::common::glob_match(&known.pattern, p))
            {
                files.push(FileStatus {
                    path: known.pattern.clone(),
                    status: Status::Absent,
                    parser: Some(known.parser.rule()),
                    records: 0,
                    diagnostic: None,
                });
            }
        }
    }

    let locale = detect::locale_from_labels(aggregate.labels.iter().map(String::as_str));
    let generation_label = generation.as_ref().and_then(|g| {
        facebook::GENERATIONS
            .iter()
            .find(|x| &x.id == g)
            .map(|x| x.label.clone())
    });
    ExportResult {
        input,
        platform,
        generation,
        generation_label,
        flavour: recognition.flavour,
        locale,
        confidence: recognition.confidence,
        evidence: recognition.evidence,
        files,
        aggregate,
        media,
        unrecognised,
    }
}

fn plan_for(is_facebook: bool, generation: Option<&str>, rel: &str) -> Plan {
    if is_facebook
        && let Some(known) = platforms::find_known(&facebook::KNOWN_FILES, generation, rel)
    {
        return Plan::Parse(known.parser);
    }
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "json" {
        Plan::ScanJson
    } else if HTML_EXTENSIONS.contains(&ext.as_str()) {
        Plan::ScanText { html: true }
    } else if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        Plan::ScanText { html: false }
    } else {
        Plan::Unrecognised
    }
}

/// The account holder: the profile's full name.
fn owner_name(aggregate: &Aggregate) -> Option<String> {
    aggregate
        .findings
        .values()
        .find(|f| {
            f.kind == Kind::Name
                && f.rule == "facebook.profile"
                && f.sources
                    .iter()
                    .any(|s| s.pointer.as_deref().is_some_and(|p| p.ends_with("/name")))
        })
        .map(|f| f.value.clone())
}

fn process(
    entry: &Entry,
    rel: &str,
    plan: &Plan,
    platform: Platform,
    owner: Option<&str>,
    options: &AuditOptions,
    budget: &Budget,
) -> (FileStatus, Aggregate) {
    let status = |status, parser, records, diagnostic| FileStatus {
        path: rel.to_string(),
        status,
        parser,
        records,
        diagnostic,
    };
    let (rule, repair) = match plan {
        Plan::Skip(code) => {
            return (
                status(Status::Skipped, None, 0, Some(*code)),
                Aggregate::default(),
            );
        }
        Plan::Unrecognised => {
            return (
                status(Status::Skipped, None, 0, Some("scan.unrecognised_format")),
                Aggregate::default(),
            );
        }
        Plan::Parse(spec) => (spec.rule(), true),
        Plan::ScanJson | Plan::ScanText { .. } => ("scan.generic", platform == Platform::Facebook),
    };
    let mut sink = FileSink::new(platform, rel, owner, rule);
    let outcome = entry.read_with(&options.limits, budget, |reader| match plan {
        Plan::Parse(spec) => stream_into(reader, repair, spec.make_parser(), &mut sink),
        Plan::ScanJson => stream_into(reader, repair, Box::new(GenericJsonParser), &mut sink),
        Plan::ScanText { html } => {
            text::for_each_chunk(reader, *html, &mut |chunk| {
                sink.scan_text(
                    Kind::Post,
                    chunk,
                    crate::model::Provenance::Volunteered,
                    "",
                    None,
                )
            })?;
            Ok(Outcome::Scanned)
        }
        Plan::Skip(_) | Plan::Unrecognised => Ok(Outcome::Scanned),
    });
    options.progress.file_done(rel, entry.size);
    let parser = match plan {
        Plan::Parse(spec) => Some(spec.rule()),
        _ => None,
    };
    match outcome {
        Ok(Outcome::Parsed) => (
            status(Status::Parsed, parser, sink.written, None),
            sink.aggregate,
        ),
        Ok(Outcome::Scanned) => (
            status(Status::Scanned, parser, sink.written, None),
            sink.aggregate,
        ),
        Err(err) => {
            // Keep what was read before the error: a truncated file still yields its first records.
            let kind = if err.is_limit() {
                Status::Skipped
            } else {
                Status::Failed
            };
            (
                status(kind, parser, sink.written, Some(err.code())),
                sink.aggregate,
            )
        }
    }
}

fn stream_into(
    reader: &mut dyn std::io::Read,
    repair: bool,
    mut parser: Box<dyn FileParser>,
    sink: &mut FileSink,
) -> Result<Outcome, AuditError> {
    json::stream(reader, repair, &mut |pointer, value| {
        parser.item(sink, pointer, value)
    })?;
    Ok(parser.finish(sink))
}

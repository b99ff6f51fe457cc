//! The pipeline, end to end, for every platform alike: list inputs, identify each input's
//! platform and export root (the registry decides), give every file a plan from its platform's
//! known-files table, run pre-pass parsers first (they tell the account owner), then parse or scan
//! the other files in parallel (each worker with its own reader), and merge per-file aggregates
//! into one aggregate per export.
//!
//! One bad file never stops the run: each file is read under `catch_unwind`, and a panic, a limit
//! or a decode error becomes that file's status and a diagnostic. A known file whose shape the
//! parser did not recognise is scanned generically, so no value is lost silently. This module
//! names no platform, and its diagnostics carry codes and paths, never values.

use std::collections::{BTreeMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use crate::archive::{self, Budget, Entry, Input, Limits};
use crate::classify::collect::{Aggregate, FileSink};
use crate::decode::{self, Decoder, Select, Stats, text};
use crate::detect;
use crate::error::AuditError;
use crate::fanout;
use crate::model::{
    Diagnostic, DiagnosticCode, FileStatus, MemberRead, Platform, RecordSink, Status,
};
use crate::platforms::{self, FileParser, GenericJsonParser, KnownFile, Outcome, PlatformModule};

/// One recognised export (all inputs of one platform are merged: parts of a split archive).
#[derive(Debug)]
pub struct ExportResult {
    pub input: String,
    pub platform: Platform,
    /// The platform's name as people know it ("Facebook"), or "unknown".
    pub platform_name: &'static str,
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
    /// What the reader of this export should know (dates without a zone).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Default)]
pub struct AuditResult {
    pub exports: Vec<ExportResult>,
    pub diagnostics: Vec<Diagnostic>,
    /// Inputs that could not be read at all, by their index in the inputs given: missing,
    /// unreadable or empty (the command line names them with their full path).
    pub input_problems: Vec<(usize, DiagnosticCode)>,
    /// The names of the inputs given, as diagnostics name them (a file's name, not its path).
    pub input_names: Vec<String>,
}

impl AuditResult {
    /// True when nothing at all could be read (exit code 2): no file was read, and none that
    /// failed gave records before it failed (a download cut in a value keeps what came first).
    pub fn nothing_read(&self) -> bool {
        self.exports.iter().all(|e| {
            e.files
                .iter()
                .all(|f| !matches!(f.status, Status::Parsed | Status::Scanned) && f.records == 0)
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
    /// Scan the bodies of mail archives too (headers only otherwise).
    pub mail_bodies: bool,
}

/// How one entry will be handled.
enum Plan<'k> {
    Parse(&'k KnownFile),
    ScanJson,
    ScanText { html: bool },
    Skip(DiagnosticCode),
    Unrecognised,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "csv", "tsv", "js", "xml", "vcf", "ics", "md", "log"];
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

/// The entries of one platform's export, with their paths relative to the export root.
struct Group<'e> {
    module: Option<&'static dyn PlatformModule>,
    /// Recognised by file names only (see `detect::Identified::loose`).
    loose: bool,
    inputs: Vec<usize>,
    entries: Vec<(&'e Entry, String)>,
}

pub fn run(inputs: &[Input], options: &AuditOptions) -> AuditResult {
    let budget = Budget::default();
    let listing = archive::list_inputs(inputs, &options.limits, &budget);
    let mut result = AuditResult {
        input_names: inputs.iter().map(Input::display_name).collect(),
        ..AuditResult::default()
    };
    for (input, err) in &listing.problems {
        result.diagnostics.push(Diagnostic {
            code: err.code(),
            file: Some(input.clone()),
            message: err.to_string(),
            error_params: Some(err.params()),
        });
        let code = err.code();
        if matches!(
            code,
            DiagnosticCode::InputNotFound | DiagnosticCode::InputUnreadable
        ) && let Some(index) = inputs.iter().position(|i| i.display_name() == *input)
        {
            result.input_problems.push((index, code));
        }
    }
    for (index, input) in inputs.iter().enumerate() {
        let listed = listing.entries.iter().any(|e| e.input == index);
        let failed = result.input_problems.iter().any(|(i, _)| *i == index);
        // An archive that could not be listed (corrupt, refused by a limit) is named with that
        // reason, not also as empty.
        let problem = listing
            .problems
            .iter()
            .find(|(name, _)| *name == input.display_name())
            .map(|(_, err)| err.code());
        if !listed
            && !failed
            && let Some(code) = problem
        {
            result.input_problems.push((index, code));
        } else if !listed && !failed {
            result
                .input_problems
                .push((index, DiagnosticCode::InputEmpty));
            result.diagnostics.push(Diagnostic {
                code: DiagnosticCode::InputEmpty,
                file: Some(input.display_name()),
                message: DiagnosticCode::InputEmpty.describe().to_string(),
                error_params: None,
            });
        }
    }

    // Identify each input, then group inputs by platform.
    let mut by_input: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for entry in &listing.entries {
        by_input.entry(entry.input).or_default().push(entry);
    }
    let named = |input: usize| {
        inputs
            .get(input)
            .and_then(|i| detect::platform_named(&i.display_name()))
    };
    let mut identified: Vec<(usize, Parts<'_>)> = by_input
        .into_iter()
        .map(|(input, entries)| (input, split_by_platform(entries, named(input))))
        .collect();
    // Inputs given together are the parts of one export (README): when the parts recognised by
    // folders of their platform's own are all of one platform, a part whose name says nothing
    // is read as if named after it, which settles what its files alone leave open (a part
    // holding only messages, or photos) and changes nothing they say for sure.
    let recognised: std::collections::BTreeSet<Platform> = identified
        .iter()
        .flat_map(|(_, parts)| parts)
        .filter(|(i, _)| i.own_folder)
        .map(|(i, _)| i.platform())
        .collect();
    if let [sibling] = recognised.into_iter().collect::<Vec<_>>()[..] {
        for (input, parts) in &mut identified {
            let other = parts.iter().any(|(i, _)| i.platform() != sibling);
            if other && named(*input).is_none() {
                let entries = parts.drain(..).flat_map(|(_, entries)| entries).collect();
                *parts = split_by_platform(entries, Some(sibling));
            }
        }
    }
    let mut groups: BTreeMap<Platform, Group> = BTreeMap::new();
    for (input, parts) in identified {
        for (identified, entries) in parts {
            let group = groups.entry(identified.platform()).or_insert(Group {
                module: identified.module,
                loose: identified.loose,
                inputs: Vec::new(),
                entries: Vec::new(),
            });
            group.loose &= identified.loose;
            if !group.inputs.contains(&input) {
                group.inputs.push(input);
            }
            for entry in entries {
                let rel = identified.relative(&entry.path).to_string();
                group.entries.push((entry, rel));
            }
        }
    }

    let total_bytes: u64 = listing
        .entries
        .iter()
        .filter(|e| !e.media && !e.os_metadata)
        .map(|e| e.size)
        .sum();
    options.progress.start(total_bytes);
    for group in groups.into_values() {
        let names: Vec<String> = group
            .inputs
            .iter()
            .map(|&i| inputs[i].display_name())
            .collect();
        let export = audit_export(&group, &names, options, &budget);
        for file in &export.files {
            if let (Some(code), Status::Failed | Status::Skipped) = (file.diagnostic, file.status)
                && !matches!(code, DiagnosticCode::OsMetadata | DiagnosticCode::Media)
            {
                result.diagnostics.push(Diagnostic {
                    code,
                    file: Some(file.path.clone()),
                    message: code.describe().to_string(),
                    error_params: None,
                });
            }
        }
        result
            .diagnostics
            .extend(export.diagnostics.iter().cloned());
        if export.media > 0 {
            result.diagnostics.push(Diagnostic {
                code: DiagnosticCode::MediaSkipped,
                file: None,
                message: format!(
                    "{}: {}",
                    export.media,
                    DiagnosticCode::MediaSkipped.describe()
                ),
                error_params: None,
            });
        }
        result.exports.push(export);
    }
    options.progress.finish();
    result
}

/// An input's exports: each identified, with its entries.
type Parts<'e> = Vec<(detect::Identified, Vec<&'e Entry>)>;

/// One input may wrap exports of several platforms (an Accounts Center download holds
/// `meta-…/instagram-…/` and `meta-…/facebook-…/`): when the folders under the common wrapper are
/// recognised as different platforms, or as several parts of one export (a folder holding
/// `takeout-…-001.zip` and `-002.zip`), each is identified on its own; otherwise the input is one
/// export.
fn split_by_platform(entries: Vec<&Entry>, named: Option<Platform>) -> Parts<'_> {
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let whole = detect::identify(&paths, named);
    // Folders every path starts with (the wrappers), then one partition per next folder.
    let split: Vec<Vec<&str>> = paths.iter().map(|p| p.split('/').collect()).collect();
    let mut depth = 0;
    while split
        .iter()
        .all(|s| s.len() > depth + 1 && s[depth] == split[0][depth])
    {
        depth += 1;
    }
    let mut parts: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for (entry, segments) in entries.iter().zip(&split) {
        let key = if segments.len() > depth + 1 {
            segments[..=depth].join("/")
        } else {
            String::new()
        };
        parts.entry(key).or_default().push(*entry);
    }
    if parts.len() < 2 {
        return vec![(whole, entries)];
    }
    let identified: Vec<(String, detect::Identified, Vec<&Entry>)> = parts
        .into_iter()
        .map(|(key, part)| {
            let paths: Vec<&str> = part.iter().map(|e| e.path.as_str()).collect();
            // A folder named as a download (`instagram-…/` in an Accounts Center export) says
            // its platform as an input's name does.
            let named = download_named(&key).or(named);
            (key, detect::identify(&paths, named), part)
        })
        .collect();
    // A folder is an export of its own when its export root lies inside it (not when it is one
    // section of an export whose root is above it), and it is recognised by its folders or
    // named as that platform's download (then its files alone may say little: messages only).
    let exports: Vec<Platform> = identified
        .iter()
        .filter(|(key, i, _)| {
            let named = download_named(key).is_some_and(|p| p == i.platform());
            i.module.is_some()
                && (!i.loose || named)
                && !key.is_empty()
                && i.root.starts_with(key.as_str())
        })
        .map(|(_, i, _)| i.platform())
        .collect();
    let platforms: std::collections::BTreeSet<&Platform> = exports.iter().collect();
    let identified: Vec<(detect::Identified, Vec<&Entry>)> = identified
        .into_iter()
        .map(|(_, i, part)| (i, part))
        .collect();
    // Several exports side by side: of several platforms, or the parts of one export
    // (`takeout-…-001/`, `-002/`), each with its own root; parts are merged by platform later.
    if platforms.len() >= 2 || exports.len() >= 2 {
        identified
    } else {
        vec![(whole, entries)]
    }
}

/// The platform whose download the last folder of `key` is named as (see
/// [`detect::platform_named`]).
fn download_named(key: &str) -> Option<Platform> {
    detect::platform_named(key.rsplit('/').next().unwrap_or_default())
}

/// What every file of one export is read with.
struct Context<'a> {
    module: Option<&'static dyn PlatformModule>,
    platform: Platform,
    owner: Option<&'a str>,
    timezone: Option<&'a str>,
    options: &'a AuditOptions<'a>,
    budget: &'a Budget,
}

fn audit_export(
    group: &Group,
    input_names: &[String],
    options: &AuditOptions,
    budget: &Budget,
) -> ExportResult {
    let module = group.module;
    let recognition = detect::describe(
        module,
        group.loose,
        group.entries.iter().map(|(_, rel)| rel.as_str()),
    );
    let generation = recognition.generation.clone();

    // Plan every entry; the same relative path and size in two parts is read once.
    let mut seen: HashSet<(&str, u64)> = HashSet::new();
    let mut planned: Vec<(&Entry, &str, Plan)> = Vec::new();
    for (entry, rel) in &group.entries {
        let plan = if entry.os_metadata {
            Plan::Skip(DiagnosticCode::OsMetadata)
        } else if entry.media {
            Plan::Skip(DiagnosticCode::Media)
        } else if let Some(err) = &entry.blocked {
            Plan::Skip(err.code())
        } else if !seen.insert((rel.as_str(), entry.size)) {
            Plan::Skip(DiagnosticCode::DuplicateMember)
        } else {
            plan_for(module, group.loose, generation.as_deref(), rel)
        };
        planned.push((entry, rel.as_str(), plan));
    }

    // Phase 1: pre-pass parsers (the profile), so later parsers know the account owner.
    let is_pre_pass = |plan: &Plan| match (plan, module) {
        (Plan::Parse(known), Some(m)) => m.is_pre_pass(&known.parser),
        _ => false,
    };
    let mut aggregate = Aggregate::default();
    let mut statuses: Vec<Option<FileStatus>> = vec![None; planned.len()];
    let first = Context {
        module,
        platform: recognition.platform,
        owner: None,
        timezone: None,
        options,
        budget,
    };
    for (i, (entry, rel, plan)) in planned.iter().enumerate() {
        if is_pre_pass(plan) {
            let (status, agg) = process(entry, rel, plan, &first);
            aggregate.merge(agg);
            statuses[i] = Some(status);
        }
    }
    let owner = aggregate.owner.clone();
    // The zone the export's HTML dates are printed in: the account's, else the platform's own.
    let timezone = aggregate
        .timezone
        .clone()
        .or_else(|| module.and_then(|m| m.html_zone()).map(str::to_string));
    let context = Context {
        owner: owner.as_deref(),
        timezone: timezone.as_deref(),
        ..first
    };

    // Phase 2: everything else, in parallel. Each worker merges its files' aggregates as they
    // finish (memory holds one aggregate per worker, not one per file); merging is
    // order-independent, so the report is the same whatever finishes first.
    let (rest, merged) = planned
        .par_iter()
        .enumerate()
        .filter(|(i, _)| statuses[*i].is_none())
        .map(|(i, (entry, rel, plan))| {
            let (status, agg) = process(entry, rel, plan, &context);
            (i, status, agg)
        })
        .fold(
            || (Vec::new(), Aggregate::default()),
            |(mut done, mut acc), (i, status, agg)| {
                acc.merge(agg);
                done.push((i, status));
                (done, acc)
            },
        )
        .reduce(
            || (Vec::new(), Aggregate::default()),
            |(mut done, mut acc), (theirs_done, theirs)| {
                acc.merge(theirs);
                done.extend(theirs_done);
                (done, acc)
            },
        );
    aggregate.merge(merged);
    for (i, status) in rest {
        statuses[i] = Some(status);
    }
    // Known files too large to read: what the platform's own records say they hold.
    if let Some(module) = module {
        for (status, (_, rel, plan)) in statuses.iter_mut().zip(&planned) {
            let Some(status) = status.as_mut() else {
                continue;
            };
            let too_large = matches!(
                status.diagnostic,
                Some(
                    DiagnosticCode::MemberSize
                        | DiagnosticCode::TotalSize
                        | DiagnosticCode::ValueSize
                )
            );
            if !(too_large && matches!(plan, Plan::Parse(_))) {
                continue;
            }
            let mut sink = FileSink::new(recognition.platform, rel, None, "manifest.count");
            for (kind, provenance, count) in module.unread_counts(rel, &aggregate.context) {
                sink.count_many(kind, provenance, count, None, None);
            }
            status.records += sink.written;
            aggregate.merge(sink.aggregate);
        }
    }
    // The export is read whole: the counts of distinct values past the cap are settled.
    aggregate.settle_distinct_counts();
    let mut files: Vec<FileStatus> = statuses.into_iter().flatten().collect();
    let media = files
        .iter()
        .filter(|f| f.diagnostic == Some(DiagnosticCode::Media))
        .count() as u64;
    let unrecognised = planned
        .iter()
        .filter(|(_, _, p)| matches!(p, Plan::Unrecognised))
        .count() as u64;
    // Notes on the export as a whole (parts not given, data kept elsewhere).
    let notes = match module {
        Some(module) => {
            // Input names come first: a part given alone is named only by its zip.
            let full: Vec<&str> = input_names
                .iter()
                .map(String::as_str)
                .chain(group.entries.iter().map(|(e, _)| e.path.as_str()))
                .collect();
            let relative: Vec<&str> = group.entries.iter().map(|(_, rel)| rel.as_str()).collect();
            module.export_notes(&full, &relative, &aggregate.context)
        }
        None => Vec::new(),
    };
    let parts_missing = notes
        .iter()
        .any(|(code, _)| *code == DiagnosticCode::PartsMissing);
    // A partial input (a lone file, a messages-only request, a part whose others were not
    // given) says nothing of what is absent.
    if let (Some(module), Some(generation), false, false) =
        (module, &generation, group.loose, parts_missing)
    {
        let present: Vec<String> = planned
            .iter()
            .map(|(_, rel, _)| platforms::match_form(rel).into_owned())
            .collect();
        files.extend(absent_files(module, generation, &present));
    }

    // The flavour is what the known files were read as (a JSON export may ship an HTML viewer).
    let mut votes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (_, _, plan) in &planned {
        if let Plan::Parse(known) = plan {
            *votes.entry(known.decoder.flavour()).or_default() += 1;
        }
    }
    let flavour = votes
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(f, _)| f)
        .or(recognition.flavour);
    let mut diagnostics = Vec::new();
    let html_is_partial = module.is_none_or(|m| m.html_flavour_is_partial());
    if flavour == Some("html") && html_is_partial {
        diagnostics.push(Diagnostic {
            code: DiagnosticCode::HtmlFlavour,
            file: None,
            message: DiagnosticCode::HtmlFlavour.describe().to_string(),
            error_params: None,
        });
    }
    if flavour == Some("html") && html_is_partial && timezone.is_none() {
        diagnostics.push(Diagnostic {
            code: DiagnosticCode::LocalTimes,
            file: None,
            message: DiagnosticCode::LocalTimes.describe().to_string(),
            error_params: None,
        });
    }
    for (code, detail) in notes {
        let message = if detail.is_empty() {
            code.describe().to_string()
        } else {
            format!("{} ({detail})", code.describe())
        };
        diagnostics.push(Diagnostic {
            code,
            file: None,
            message,
            error_params: None,
        });
    }
    let locale = detect::locale_from_labels(
        recognition.platform,
        aggregate.labels.iter().map(String::as_str),
    );
    let generation_label = match (module, &generation) {
        (Some(m), Some(g)) => m.catalogue().generation_label(g).map(str::to_string),
        _ => None,
    };
    ExportResult {
        input: input_names.join(" + "),
        platform: recognition.platform,
        platform_name: module.map_or("unknown", |m| m.display_name()),
        generation,
        generation_label,
        flavour,
        locale,
        confidence: recognition.confidence,
        evidence: recognition.evidence,
        files,
        aggregate,
        media,
        unrecognised,
        diagnostics,
    }
}

/// Expected files of this generation that the export lacks ("absent" is not "safe"). An
/// expected JSON file whose HTML twin is there is not absent: the person chose the HTML flavour.
fn absent_files(
    module: &dyn PlatformModule,
    generation: &str,
    present: &[String],
) -> Vec<FileStatus> {
    let is_present = |pattern: &str| {
        present
            .iter()
            .any(|p| platforms::common::glob_match(pattern, p))
    };
    module
        .catalogue()
        .known_files
        .iter()
        .filter(|k| k.expected && k.generation == generation)
        .filter(|k| !is_present(&k.pattern))
        .filter(|k| !html_twin(&k.pattern).is_some_and(|twin| is_present(&twin)))
        .map(|known| FileStatus {
            path: known.pattern.clone(),
            status: Status::Absent,
            parser: module.parser(&known.parser).map(|p| p.rule()),
            records: 0,
            diagnostic: None,
        })
        .collect()
}

/// Where the HTML flavour of an export keeps what a JSON file holds: the same path ending in
/// `.html` (Facebook, Instagram), under `html/` where JSON is under `json/` (Snapchat).
fn html_twin(pattern: &str) -> Option<String> {
    let twin = format!("{}.html", pattern.strip_suffix(".json")?);
    Some(match twin.strip_prefix("json/") {
        Some(rest) => format!("html/{rest}"),
        None => twin,
    })
}

fn plan_for<'k>(
    module: Option<&'k dyn PlatformModule>,
    loose: bool,
    generation: Option<&str>,
    rel: &str,
) -> Plan<'k> {
    let known = module.and_then(|m| {
        let catalogue = m.catalogue();
        if loose {
            catalogue.find_known_by_suffix(generation, rel)
        } else {
            catalogue.find_known(generation, rel)
        }
    });
    match known {
        Some(known) => Plan::Parse(known),
        None => generic_plan(rel),
    }
}

/// How the generic scanner reads a file, from its extension.
fn generic_plan(rel: &str) -> Plan<'static> {
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

/// Read one file under `catch_unwind`: a panic becomes a `failed` file, never the run's end.
fn process(entry: &Entry, rel: &str, plan: &Plan, context: &Context) -> (FileStatus, Aggregate) {
    let outcome = catch_unwind(AssertUnwindSafe(|| read_file(entry, rel, plan, context)));
    context.options.progress.file_done(rel, entry.size);
    outcome.unwrap_or_else(|_| {
        let parser = match plan {
            Plan::Parse(known) => context
                .module
                .and_then(|m| m.parser(&known.parser))
                .map(|p| p.rule()),
            _ => None,
        };
        (
            status_of(
                rel,
                Status::Failed,
                parser,
                0,
                Some(DiagnosticCode::InternalPanic),
            ),
            Aggregate::default(),
        )
    })
}

fn status_of(
    rel: &str,
    status: Status,
    parser: Option<&'static str>,
    records: u64,
    diagnostic: Option<DiagnosticCode>,
) -> FileStatus {
    FileStatus {
        path: rel.to_string(),
        status,
        parser,
        records,
        diagnostic,
    }
}

/// A read error keeps what was read before it: limits make the file `skipped`, the rest `failed`.
fn error_status(err: &AuditError) -> Status {
    if err.is_limit() {
        Status::Skipped
    } else {
        Status::Failed
    }
}

/// A file that is not read, with the reason.
fn skipped(rel: &str, code: DiagnosticCode) -> (FileStatus, Aggregate) {
    (
        status_of(rel, Status::Skipped, None, 0, Some(code)),
        Aggregate::default(),
    )
}

/// The diagnostic of a file read whole but for values too large to hold (skipped by the decoder
/// or by a parser).
fn oversize_code(stats: &Stats, sink: &FileSink) -> Option<DiagnosticCode> {
    (stats.oversize + sink.values_skipped > 0).then_some(DiagnosticCode::ValueSize)
}

fn read_file(entry: &Entry, rel: &str, plan: &Plan, context: &Context) -> (FileStatus, Aggregate) {
    let known = match plan {
        Plan::Skip(code) => return skipped(rel, *code),
        Plan::Unrecognised | Plan::ScanJson | Plan::ScanText { .. } => {
            return scan_file(entry, rel, plan, context);
        }
        Plan::Parse(known) => known,
    };
    let Some(parser) = context.module.and_then(|m| m.parser(&known.parser)) else {
        // Unreachable for a validated table; scanning is the safe answer.
        return scan_file(entry, rel, &generic_plan(rel), context);
    };
    let rule = parser.rule();
    let mut sink = FileSink::new(context.platform, rel, context.owner, rule)
        .with_timezone(context.timezone)
        .with_message_bodies(context.options.mail_bodies);
    let repair = context.module.is_some_and(|m| m.repairs_mojibake());
    let outcome = entry.read_with(&context.options.limits, context.budget, |reader| {
        run_parser(reader, &known.decoder, repair, parser, &mut sink)
    });
    match outcome {
        Ok((Outcome::Parsed, stats)) if sink.written == 0 && stats.items > 0 => {
            // A known file in a shape the parser did not recognise: never silent, never lost.
            let (scanned, aggregate) = scan_file(entry, rel, &generic_plan(rel), context);
            let status = match scanned.status {
                Status::Parsed | Status::Scanned => Status::Scanned,
                other => other,
            };
            let diagnostic = scanned
                .diagnostic
                .filter(|_| status != Status::Scanned)
                .or(Some(DiagnosticCode::ShapeUnrecognised));
            (
                status_of(rel, status, Some(rule), scanned.records, diagnostic),
                aggregate,
            )
        }
        Ok((outcome, stats)) => {
            let status = match outcome {
                Outcome::Parsed => Status::Parsed,
                Outcome::Scanned => Status::Scanned,
            };
            (
                status_of(
                    rel,
                    status,
                    Some(rule),
                    sink.written,
                    oversize_code(&stats, &sink),
                ),
                sink.aggregate,
            )
        }
        Err(err) if sink.written == 0 && err.is_in_content() => {
            // Broken before its parser wrote anything: what the generic scanner finds before
            // the break is still reported; the file stays failed, with the parser's error.
            let (scanned, aggregate) = scan_file(entry, rel, &generic_plan(rel), context);
            let status = status_of(
                rel,
                Status::Failed,
                Some(rule),
                scanned.records,
                Some(err.code()),
            );
            (status, aggregate)
        }
        Err(err) => (
            status_of(
                rel,
                error_status(&err),
                Some(rule),
                sink.written,
                Some(err.code()),
            ),
            sink.aggregate,
        ),
    }
}

fn run_parser(
    reader: &mut dyn MemberRead,
    decoder: &Decoder,
    repair: bool,
    mut parser: Box<dyn FileParser>,
    sink: &mut FileSink,
) -> Result<(Outcome, Stats), AuditError> {
    let raw_json = parser.raw_json();
    let workers = rayon::current_num_threads();
    let parallel = if workers > 1 {
        fanout::feed_in_parallel(reader, decoder, repair, &mut *parser, sink, workers)
    } else {
        None
    };
    let stats = match parallel {
        Some(stats) => stats?,
        None => decode::feed_as(reader, decoder, repair, raw_json, &mut |item| {
            parser.item(sink, item)
        })?,
    };
    Ok((parser.finish(sink), stats))
}

/// The chunks of a text file, scanned a batch at a time, their buffers then read into again.
struct TextChunks<'s, 'f> {
    batch: usize,
    pending: Vec<Vec<u8>>,
    spare: Vec<Vec<u8>>,
    sink: &'s mut FileSink<'f>,
}

impl TextChunks<'_, '_> {
    fn scan_pending(&mut self) {
        self.sink.scan_unknown_chunks(&self.pending);
        self.spare.append(&mut self.pending);
    }
}

impl text::ChunkSink for TextChunks<'_, '_> {
    fn chunk(&mut self, bytes: Vec<u8>) {
        self.pending.push(bytes);
        if self.pending.len() == self.batch {
            self.scan_pending();
        }
    }

    fn spare(&mut self) -> Option<Vec<u8>> {
        self.spare.pop()
    }
}

/// The generic scanner: every scalar of a JSON file (walked leaf by leaf), or the text of any
/// other file, through the detectors and the lexicon.
fn scan_file(entry: &Entry, rel: &str, plan: &Plan, context: &Context) -> (FileStatus, Aggregate) {
    if matches!(plan, Plan::Unrecognised) {
        return skipped(rel, DiagnosticCode::UnrecognisedFormat);
    }
    let mut sink = FileSink::new(context.platform, rel, context.owner, "scan.generic");
    let repair = context.module.is_some_and(|m| m.repairs_mojibake());
    let outcome = entry.read_with(
        &context.options.limits,
        context.budget,
        |reader| match plan {
            Plan::ScanJson => {
                let leaves = Decoder::Json {
                    select: Select::Leaves,
                    js_prefix: false,
                };
                run_parser(
                    reader,
                    &leaves,
                    repair,
                    Box::<GenericJsonParser>::default(),
                    &mut sink,
                )
                .map(|(_, stats)| stats)
            }
            Plan::ScanText { html } => {
                // A batch of chunks per core at a time, so one large text uses every core.
                let mut chunks = TextChunks {
                    batch: rayon::current_num_threads().max(1) * 2,
                    pending: Vec::new(),
                    spare: Vec::new(),
                    sink: &mut sink,
                };
                text::for_each_chunk(reader, *html, &mut chunks)?;
                chunks.scan_pending();
                Ok(Stats::default())
            }
            _ => Ok(Stats::default()),
        },
    );
    match outcome {
        Ok(stats) => (
            status_of(
                rel,
                Status::Scanned,
                None,
                sink.written,
                oversize_code(&stats, &sink),
            ),
            sink.aggregate,
        ),
        Err(err) => (
            status_of(
                rel,
                error_status(&err),
                None,
                sink.written,
                Some(err.code()),
            ),
            sink.aggregate,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn an_expected_json_file_has_an_html_twin_in_each_layout() {
        assert_eq!(
            html_twin("your_facebook_activity/messages/inbox/*/message_*.json").as_deref(),
            Some("your_facebook_activity/messages/inbox/*/message_*.html")
        );
        assert_eq!(
            html_twin("json/friends.json").as_deref(),
            Some("html/friends.html")
        );
        assert_eq!(html_twin("data/tweets.js"), None);
        assert_eq!(html_twin("Connections.csv"), None);
    }

    fn toy_input(files: &'static [(&'static str, &'static [u8])]) -> Input {
        Input::Embedded {
            name: "toy-export".into(),
            files,
        }
    }

    fn audit(files: &'static [(&'static str, &'static [u8])]) -> AuditResult {
        run(
            &[toy_input(files)],
            &AuditOptions {
                limits: Limits::default(),
                progress: &NoProgress,
                mail_bodies: false,
            },
        )
    }

    fn status<'r>(result: &'r AuditResult, suffix: &str) -> &'r FileStatus {
        result.exports[0]
            .files
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no file {suffix}"))
    }

    const TOY_FILES: &[(&str, &[u8])] = &[
        (
            "wrap/toy_export/people.csv",
            b"Notes: exported\nName,Email\nAva Tester,ava@example.com\nBen Sample,\n",
        ),
        (
            "wrap/toy_export/diary.txt",
            b"first line\nwrite to ben.sample@example.org\n",
        ),
        (
            "wrap/toy_export/page.html",
            b"<ul><li>Hiking</li><li>Diab\xc3\xa8te</li></ul>",
        ),
        ("wrap/toy_export/panic.json", b"\"secret-value\""),
        (
            "wrap/toy_export/profile.json",
            b"{\"name\": \"Ava Tester\"}",
        ),
        ("wrap/toy_export/photo.jpg", b"\xff\xd8"),
        ("wrap/toy_export/photo2.jpg", b"\xff\xd8"),
    ];

    #[test]
    fn a_registered_platform_is_parsed_through_every_decoder() {
        let result = audit(TOY_FILES);
        assert_eq!(result.exports.len(), 1);
        let export = &result.exports[0];
        assert_eq!(export.platform, Platform("toy"));
        assert_eq!(export.platform_name, "Toy");
        assert_eq!(export.generation.as_deref(), Some("v1"));
        assert_eq!(export.aggregate.owner.as_deref(), Some("Ava Tester"));
        let counts = export.aggregate.record_counts();
        assert_eq!(
            counts[&Kind::Connection],
            2,
            "two CSV rows after the preamble"
        );
        assert_eq!(counts[&Kind::Email], 2, "one from CSV, one from the text");
        assert_eq!(counts[&Kind::AdInterest], 2, "two HTML list items");
        assert_eq!(status(&result, "people.csv").status, Status::Parsed);
        assert_eq!(status(&result, "diary.txt").parser, Some("toy.diary"));
        // An expected file the export lacks is reported absent.
        let missing = status(&result, "missing.json");
        assert_eq!(missing.status, Status::Absent);
        // Two photos: one diagnostic with a count, not one per photo.
        let media: Vec<_> = result
            .diagnostics
            .iter()
            .filter(|d| matches!(d.code, DiagnosticCode::Media | DiagnosticCode::MediaSkipped))
            .collect();
        assert_eq!(media.len(), 1);
        assert!(media[0].message.starts_with("2:"));
    }

    #[test]
    fn an_accounts_center_download_holds_one_export_per_platform() {
        const FILES: &[(&str, &[u8])] = &[
            (
                "meta-2025-Jul-13/instagram-pix-2025-07-13-Ab/your_instagram_activity/comments/post_comments_1.json",
                b"[]",
            ),
            (
                "meta-2025-Jul-13/instagram-pix-2025-07-13-Ab/connections/followers_and_following/following.json",
                b"{\"relationships_following\": [{\"title\": \"ben_s\"}]}",
            ),
            (
                "meta-2025-Jul-13/facebook-pix-2025-07-13-Cd/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
                b"[]",
            ),
            (
                "meta-2025-Jul-13/facebook-pix-2025-07-13-Cd/connections/friends/your_friends.json",
                b"{\"friends_v2\": [{\"name\": \"Ben Sample\"}]}",
            ),
        ];
        let result = audit(FILES);
        let platforms: Vec<&str> = result.exports.iter().map(|e| e.platform.id()).collect();
        assert_eq!(platforms, ["facebook", "instagram"]);
        for export in &result.exports {
            assert_eq!(export.aggregate.record_counts()[&Kind::Connection], 1);
            assert!(export.files.iter().all(|f| !f.path.starts_with("meta-")));
        }
    }

    #[test]
    fn a_panicking_parser_fails_its_file_and_the_rest_is_audited() {
        let result = audit(TOY_FILES);
        let panicked = status(&result, "panic.json");
        assert_eq!(panicked.status, Status::Failed);
        assert_eq!(panicked.diagnostic, Some(DiagnosticCode::InternalPanic));
        assert_eq!(panicked.parser, Some("toy.panic"));
        let diagnostic = result
            .diagnostics
            .iter()
            .find(|d| d.code == DiagnosticCode::InternalPanic)
            .unwrap();
        assert!(!diagnostic.message.contains("secret"));
        assert_eq!(status(&result, "people.csv").status, Status::Parsed);
    }

    #[test]
    fn a_known_file_in_an_unknown_shape_is_scanned_and_flagged() {
        const FILES: &[(&str, &[u8])] = &[(
            "toy_export/profile.json",
            b"{\"someone\": {\"contact\": [\"changed.shape@example.com\"]}}",
        )];
        let result = audit(FILES);
        let file = status(&result, "profile.json");
        assert_eq!(file.status, Status::Scanned);
        assert_eq!(file.diagnostic, Some(DiagnosticCode::ShapeUnrecognised));
        assert_eq!(file.parser, Some("toy.profile"));
        assert_eq!(file.records, 1);
        assert_eq!(result.exports[0].aggregate.record_counts()[&Kind::Email], 1);
    }
}

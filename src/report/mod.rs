//! The report model: built once from the audit and the risk assessment (the `exposure-report/1`
//! JSON contract), redacted here and only here, then handed to a [`Renderer`]. Each output format
//! is one file implementing `Renderer` and one line in [`FORMATS`]; renderers read only this
//! model, for `audit` and `inspect` alike.
//!
//! Values pass through [`redact`] unless the user asked for `--reveal`; every untrusted string is
//! made inert by each renderer (JSON escaping; control characters removed for the terminal).
//! No renderer may bypass this model to read the audit directly.

pub mod i18n;
pub mod json;
pub mod redact;
pub mod table;

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::audit::AuditResult;
use crate::model::{
    Category, Dataset, Diagnostic, FileStatus, Finding, Kind, Platform, Provenance, SensitiveTag,
    SourceRef, Status,
};
use crate::risk::{self, Band, Scenario};
use i18n::Lang;

/// What a renderer is asked to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The privacy risk report (`audit`, `demo`).
    Audit,
    /// What was recognised: exports, files and statuses (`inspect`).
    Inspect,
}

/// One output format.
pub trait Renderer {
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> std::io::Result<()>;
}

/// Makes a renderer.
pub type MakeRenderer = fn() -> Box<dyn Renderer>;

/// Every output format: its `--format` name and its renderer.
pub const FORMATS: &[(&str, MakeRenderer)] = &[
    ("table", || Box::new(table::TableRenderer)),
    ("json", || Box::new(json::JsonRenderer)),
];

/// The renderer of a `--format` name.
pub fn renderer(format: &str) -> Option<Box<dyn Renderer>> {
    FORMATS
        .iter()
        .find(|(name, _)| *name == format)
        .map(|(_, make)| make())
}

/// The `--format` names, for the command line.
pub fn format_names() -> Vec<&'static str> {
    FORMATS.iter().map(|(name, _)| *name).collect()
}

pub const SCHEMA: &str = "exposure-report/1";

#[derive(Debug, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub tool: Tool,
    pub redacted: bool,
    pub lang: Lang,
    pub scenario: Scenario,
    pub exports: Vec<ExportReport>,
    pub summary: Summary,
    pub categories: Vec<CategoryReport>,
    pub findings: Vec<FindingReport>,
    pub datasets: Vec<DatasetReport>,
    pub recommendations: Vec<RecommendationReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// The built-in demo (the terminal report says so).
    #[serde(skip)]
    pub demo: bool,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ExportReport {
    pub input: String,
    pub platform: Platform,
    #[serde(skip)]
    pub platform_name: &'static str,
    pub generation: Option<String>,
    #[serde(skip)]
    pub generation_label: Option<String>,
    pub flavour: Option<&'static str>,
    pub locale: Option<&'static str>,
    pub confidence: f64,
    pub evidence: Vec<String>,
    pub counts: BTreeMap<Kind, u64>,
    pub coverage: Coverage,
    pub files: Vec<FileStatus>,
}

#[derive(Debug, Serialize, Default)]
pub struct Coverage {
    pub files_total: u64,
    pub parsed: u64,
    pub scanned: u64,
    pub skipped_media: u64,
    pub failed: u64,
    pub unrecognised: u64,
}

#[derive(Debug, Serialize)]
pub struct CategoryReport {
    pub id: Category,
    pub score: u8,
    pub band: Band,
    pub findings: usize,
    pub drivers: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub score: u8,
    pub band: Band,
    pub provenance: BTreeMap<Provenance, u64>,
    pub self_supplied_share: f64,
    pub categories_high: usize,
    pub categories_very_high: usize,
}

#[derive(Debug, Serialize)]
pub struct FindingReport {
    pub id: String,
    pub platform: Platform,
    pub category: Category,
    pub kind: Kind,
    pub provenance: Provenance,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<SensitiveTag>,
    pub confidence: f64,
    pub score: u8,
    pub count: u64,
    pub sources: Vec<SourceRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    pub rule: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DatasetReport {
    pub platform: Platform,
    pub kind: Kind,
    pub count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RecommendationReport {
    pub id: &'static str,
    pub category: Category,
    pub text: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
}

/// Options that shape the report.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    pub reveal: bool,
    pub lang: Lang,
    pub scenario: Scenario,
    pub demo: bool,
}

/// ISO 8601 (UTC) from Unix seconds.
pub fn iso_time(seconds: Option<i64>) -> Option<String> {
    seconds
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map(|t| t.to_string())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn build(audit: AuditResult, options: ReportOptions) -> Report {
    let cb = options.scenario.circumstances_of_breach();
    let mut all_findings: Vec<Finding> = Vec::new();
    let mut datasets: Vec<(Kind, Dataset, Platform)> = Vec::new();
    let mut provenance: BTreeMap<Provenance, u64> =
        Provenance::ALL.iter().map(|p| (*p, 0)).collect();
    let mut exports = Vec::new();
    let mut audit = audit;
    if !options.reveal {
        for export in &mut audit.exports {
            for file in &mut export.files {
                file.path = redact::path(&file.path);
            }
            for evidence in &mut export.evidence {
                *evidence = redact::path(evidence);
            }
            for finding in export.aggregate.findings.values_mut() {
                for source in &mut finding.sources {
                    if let Some(pointer) = &source.pointer {
                        source.pointer = Some(redact::pointer(&source.file, pointer));
                    }
                    source.file = redact::path(&source.file);
                }
            }
        }
        for diagnostic in &mut audit.diagnostics {
            if let Some(file) = &mut diagnostic.file {
                *file = redact::path(file);
            }
        }
    }
    for export in audit.exports {
        let mut coverage = Coverage::default();
        for file in &export.files {
            match file.status {
                Status::Absent => continue,
                Status::Parsed => coverage.parsed += 1,
                Status::Scanned => coverage.scanned += 1,
                Status::Failed => coverage.failed += 1,
                Status::Skipped => {}
            }
            coverage.files_total += 1;
        }
        coverage.skipped_media = export.media;
        coverage.unrecognised = export.unrecognised;
        for (p, n) in &export.aggregate.provenance {
            *provenance.entry(*p).or_default() += n;
        }
        let counts = export.aggregate.record_counts().clone();
        let mut aggregate = export.aggregate;
        for ((platform, kind), acc) in std::mem::take(&mut aggregate.datasets) {
            datasets.push((kind, acc.dataset, platform));
        }
        all_findings.extend(aggregate.findings.into_values());
        exports.push(ExportReport {
            input: export.input,
            platform: export.platform,
            platform_name: export.platform_name,
            generation: export.generation,
            generation_label: export.generation_label,
            flavour: export.flavour,
            locale: export.locale,
            confidence: round2(f64::from(export.confidence)),
            evidence: export.evidence,
            counts,
            coverage,
            files: export.files,
        });
    }
    // Findings come out of hash maps: fix their order so every number and driver is reproducible.
    all_findings
        .sort_by(|a, b| (a.platform, a.kind, &a.value).cmp(&(b.platform, b.kind, &b.value)));
    let dataset_refs: Vec<(Kind, &Dataset)> = datasets.iter().map(|(k, d, _)| (*k, d)).collect();
    let (categories, archive) = risk::assess(&all_findings, &dataset_refs, options.scenario);

    // Findings: highest score first, then a stable order that does not depend on hashing.
    let mut scored: Vec<(u8, Finding)> = all_findings
        .into_iter()
        .map(|f| {
            let score = if f.confidence >= risk::SCORING_CONFIDENCE {
                risk::score_of(f64::from(risk::finding_dpc(&f)) + cb)
            } else {
                0
            };
            (score, f)
        })
        .collect();
    scored.sort_by(|(sa, a), (sb, b)| {
        sb.cmp(sa)
            .then(a.kind.category().cmp(&b.kind.category()))
            .then(a.kind.cmp(&b.kind))
            .then(a.value.cmp(&b.value))
    });
    let findings = scored
        .into_iter()
        .enumerate()
        .map(|(i, (score, f))| FindingReport {
            id: format!("F{:04}", i + 1),
            platform: f.platform,
            category: f.kind.category(),
            kind: f.kind,
            provenance: f.provenance,
            value: if options.reveal {
                f.value.clone()
            } else {
                redact::redact(f.kind, &f.value)
            },
            sensitive: f.sensitive.map(|(tag, _)| tag),
            confidence: round2(f64::from(f.confidence)),
            score,
            count: f.count,
            sources: f.sources,
            first_seen: iso_time(f.first_seen),
            last_seen: iso_time(f.last_seen),
            rule: f.rule,
        })
        .collect();
    let mut datasets: Vec<DatasetReport> = datasets
        .into_iter()
        .map(|(kind, acc, platform)| DatasetReport {
            platform,
            kind,
            count: acc.count,
            first_seen: iso_time(acc.first_seen),
            last_seen: iso_time(acc.last_seen),
        })
        .collect();
    datasets.sort_by_key(|d| (d.platform, d.kind));
    let platforms: Vec<Platform> = exports.iter().map(|e| e.platform).collect();
    let recommendations = risk::recommendations(&categories, &platforms)
        .into_iter()
        .map(|r| RecommendationReport {
            id: r.id,
            category: r.category,
            text: match options.lang {
                Lang::En => r.en,
                Lang::Fr => r.fr,
            },
            platform: r.platform.map(Platform),
        })
        .collect();
    let categories = categories
        .into_iter()
        .map(|c| CategoryReport {
            id: c.id,
            score: c.score,
            band: c.band,
            findings: c.findings,
            drivers: c.drivers.iter().map(|d| options.lang.driver(d)).collect(),
        })
        .collect();
    Report {
        schema: SCHEMA,
        tool: Tool {
            name: "exposure",
            version: env!("CARGO_PKG_VERSION"),
        },
        redacted: !options.reveal,
        lang: options.lang,
        scenario: options.scenario,
        summary: Summary {
            score: archive.score,
            band: archive.band,
            self_supplied_share: risk::self_supplied_share(&provenance),
            provenance,
            categories_high: archive.categories_high,
            categories_very_high: archive.categories_very_high,
        },
        exports,
        categories,
        findings,
        datasets,
        recommendations,
        diagnostics: audit.diagnostics,
        demo: options.demo,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Input, Limits};
    use crate::audit::{self, AuditOptions, NoProgress};

    const TOY_FILES: &[(&str, &[u8])] = &[
        (
            "toy_export/people.csv",
            b"Name,Email\nAva Tester,ava@example.com\n",
        ),
        ("toy_chats/ava_tester_42/notes.txt", b"hello"),
    ];

    fn toy_report(reveal: bool) -> Report {
        let result = audit::run(
            &[Input::Embedded {
                name: "toy-export".into(),
                files: TOY_FILES,
            }],
            &AuditOptions {
                limits: Limits::default(),
                progress: &NoProgress,
                mail_bodies: false,
            },
        );
        build(
            result,
            ReportOptions {
                reveal,
                lang: Lang::En,
                scenario: Scenario::Lost,
                demo: false,
            },
        )
    }

    fn rendered(report: &Report, format: &str, view: View) -> String {
        let mut out = Vec::new();
        renderer(format)
            .unwrap()
            .render(report, view, &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_registered_platform_shows_up_in_every_format() {
        let report = toy_report(false);
        assert_eq!(report.exports[0].platform, Platform("toy"));
        let json = rendered(&report, "json", View::Audit);
        assert!(json.contains("\"platform\": \"toy\""));
        assert!(!json.contains("ava@example.com"));
        let table = rendered(&report, "table", View::Audit);
        assert!(table.contains("Toy"));
        assert!(rendered(&report, "table", View::Inspect).contains("toy.people"));
    }

    #[test]
    fn person_named_folders_are_masked_unless_revealed() {
        for format in format_names() {
            for view in [View::Audit, View::Inspect] {
                let text = rendered(&toy_report(false), format, view);
                assert!(!text.contains("ava_tester"), "{format} {view:?}");
                let lists_files = view == View::Inspect || format == "json";
                assert!(!lists_files || text.contains("•••_42"), "{format} {view:?}");
            }
        }
        let text = rendered(&toy_report(true), "json", View::Inspect);
        assert!(text.contains("toy_chats/ava_tester_42/notes.txt"));
    }
}

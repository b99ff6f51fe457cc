//! The report model: built once from the audit and the risk assessment (the `exposure-report/1`
//! JSON contract), redacted here and only here, then handed to a [`Renderer`]. Each output format
//! is one file implementing `Renderer` and one line in [`FORMATS`]; renderers read only this
//! model, for `audit` and `inspect` alike.
//!
//! Values pass through [`redact`] unless the user asked for `--reveal`; every untrusted string is
//! made inert by each renderer (JSON escaping; control characters removed for the terminal).
//! No renderer may bypass this model to read the audit directly.

pub mod csv;
pub mod explain;
pub mod html;
pub mod i18n;
pub mod json;
pub mod lines;
pub mod markdown;
pub mod redact;
pub mod table;
pub mod text;

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::audit::AuditResult;
use crate::classify::collect::normalize_value;
use crate::model::{
    Category, Dataset, Diagnostic, FileStatus, Finding, Kind, Platform, Provenance, SensitiveTag,
    SourceRef, Status,
};
use crate::risk::officer::{self, NistLevel};
use crate::risk::{self, Band, Driver, Scenario};
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
    ("markdown", || Box::new(markdown::MarkdownRenderer)),
    ("csv", || Box::new(csv::CsvRenderer)),
    ("html", || Box::new(html::HtmlRenderer)),
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
    /// Dated records per calendar year (UTC): when the data was collected.
    pub timeline: BTreeMap<i32, u64>,
    pub recommendations: Vec<RecommendationReport>,
    /// Values found with low confidence (0.3 to 0.5): listed for a person to check, never scored
    /// nor counted in `counts` or the provenance headline.
    pub to_check: Vec<FindingReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// The built-in demo (the terminal report says so).
    #[serde(skip)]
    pub demo: bool,
    /// How renderers lay the report out (not part of the contract).
    #[serde(skip)]
    pub style: Style,
}

/// Layout choices of the command line, read by the renderers that care.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Terminal: every finding, not only the top ones.
    pub detail: bool,
    /// Terminal: colours (only on a terminal, never with `NO_COLOR`).
    pub colour: bool,
    /// CSV: a UTF-8 byte-order mark first, for spreadsheet programs.
    pub bom: bool,
}

/// Write a report file; a report holding clear values (`--reveal`) is created readable by its
/// owner only (0600 on Unix).
pub fn write_file(path: &std::path::Path, bytes: &[u8], clear_values: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if clear_values {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    if clear_values {
        // An existing file keeps its mode on open: narrow it too.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = clear_values;
    file.write_all(bytes)
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
    /// Records behind the category, datasets included.
    pub records: u64,
    /// Each driver worded in the report's language, with its rule id in `rules` (same order).
    pub drivers: Vec<String>,
    pub rules: Vec<&'static str>,
}

/// One reason for a number: its rule id and its wording.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub rule: &'static str,
    pub text: String,
    /// The same in a few words, for the terminal's first screen.
    #[serde(skip)]
    pub short: String,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub score: u8,
    pub band: Band,
    /// Records per provenance (not merged findings): the headline's counts.
    pub provenance: BTreeMap<Provenance, u64>,
    /// The same as shares of all records (0..1).
    pub provenance_shares: BTreeMap<Provenance, f64>,
    pub self_supplied_share: f64,
    pub categories_high: usize,
    pub categories_very_high: usize,
    /// Why the archive has its score, most important first.
    pub reasons: Vec<Reason>,
    /// 0..100: share of the sensitive weight other people can usually already see (Liu–Terzi).
    pub exposure_index: u8,
    pub nist: Nist,
    pub wp248: Wp248,
}

/// NIST SP 800-122 confidentiality impact level and its six factors.
#[derive(Debug, Serialize)]
pub struct Nist {
    pub level: NistLevel,
    pub factors: Vec<Reason>,
}

/// WP29 WP248 rev.01 criteria of likely high-risk processing shown by the export.
#[derive(Debug, Serialize)]
pub struct Wp248 {
    pub met: Vec<&'static str>,
    /// Criteria an export can show (the others are not assessed).
    pub assessed: usize,
    pub total: usize,
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
    /// Other Art. 9/10 categories the same label names (it counts in each).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_sensitive: Vec<SensitiveTag>,
    pub confidence: f64,
    pub score: u8,
    pub band: Band,
    pub count: u64,
    /// Records per provenance, when the value came in more than one way.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub provenances: BTreeMap<Provenance, u64>,
    /// The other audited platforms holding the same value (linkable across platforms).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linked_platforms: Vec<Platform>,
    pub sources: Vec<SourceRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// The detector or parser rule that found it.
    pub rule: &'static str,
    /// The risk rules behind its score, in order (`exposure explain` words them).
    pub rules: Vec<&'static str>,
    /// The scoring reasoning, for `exposure explain` and the terminal.
    #[serde(skip)]
    pub explanation: Vec<Driver>,
}

impl FindingReport {
    /// The categories its sensitive tags name, in the report's language ("Religion + Ethnic
    /// origin"); empty when none.
    pub fn sensitive_categories(&self, lang: Lang) -> String {
        self.sensitive_named(|tag| lang.category(tag.category()))
    }

    /// [`Self::sensitive_categories`] in a word or two each, for the terminal's narrow column.
    pub fn sensitive_categories_short(&self, lang: Lang) -> String {
        self.sensitive_named(|tag| lang.category_short(tag.category()))
    }

    fn sensitive_named(&self, name: impl Fn(SensitiveTag) -> &'static str) -> String {
        self.sensitive
            .iter()
            .chain(&self.also_sensitive)
            .map(|&tag| name(tag))
            .collect::<Vec<_>>()
            .join(" + ")
    }
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
    pub text: String,
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
    let mut all_findings: Vec<Finding> = Vec::new();
    let mut datasets: Vec<(Kind, Dataset, Platform)> = Vec::new();
    let mut provenance: BTreeMap<Provenance, u64> =
        Provenance::ALL.iter().map(|p| (*p, 0)).collect();
    let mut exports = Vec::new();
    let mut audit = audit;
    // Every string from an export is made inert once, here, for every format (`--reveal` too):
    // no control character (C0, C1, bidi override) reaches any output.
    for export in &mut audit.exports {
        export.input = text::inert(&export.input);
        for file in &mut export.files {
            file.path = text::inert(&file.path);
        }
        for evidence in &mut export.evidence {
            *evidence = text::inert(evidence);
        }
        for finding in export.aggregate.findings.values_mut() {
            finding.value = text::inert(&finding.value);
            for source in &mut finding.sources {
                source.file = text::inert(&source.file);
                source.pointer = source.pointer.as_deref().map(text::inert);
            }
        }
    }
    for diagnostic in &mut audit.diagnostics {
        diagnostic.file = diagnostic.file.as_deref().map(text::inert);
    }
    if !options.reveal {
        for export in &mut audit.exports {
            export.input = redact::input_name(&export.input);
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
                *file = if audit.input_names.iter().any(|n| text::inert(n) == *file) {
                    redact::input_name(file)
                } else {
                    redact::path(file)
                };
            }
        }
    }
    let mut to_check: Vec<Finding> = Vec::new();
    let mut named = false;
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
        let mut aggregate = export.aggregate;
        to_check.extend(
            aggregate.set_aside_unconfirmed(risk::SCORING_CONFIDENCE, risk::LISTING_CONFIDENCE),
        );
        named |= aggregate.owner.is_some();
        for (p, n) in &aggregate.provenance {
            *provenance.entry(*p).or_default() += n;
        }
        let counts = aggregate.record_counts().clone();
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
    let by_value = |a: &Finding, b: &Finding| {
        (a.platform, a.kind, &a.value).cmp(&(b.platform, b.kind, &b.value))
    };
    all_findings.sort_by(by_value);
    to_check.sort_by(by_value);
    let mut all_findings = link_across_platforms(all_findings);
    named |= all_findings.iter().any(|f| {
        matches!(
            f.kind,
            Kind::Name | Kind::Email | Kind::Phone | Kind::Username
        ) && f.by_provenance.contains_key(&Provenance::Volunteered)
    });
    let newest_year = all_findings
        .iter()
        .filter_map(|f| f.last_seen)
        .chain(datasets.iter().filter_map(|(_, d, _)| d.last_seen))
        .max()
        .and_then(|t| jiff::Timestamp::from_second(t).ok())
        .map(|t| i32::from(t.to_zoned(jiff::tz::TimeZone::UTC).year()));
    let birth_dates: Vec<&str> = all_findings
        .iter()
        .filter(|f| f.kind == Kind::Birthdate)
        .map(|f| f.value.as_str())
        .collect();
    let context = risk::Context {
        scenario: options.scenario,
        named,
        minor: newest_year.is_some_and(|year| risk::minor_in(&birth_dates, year)),
    };
    let dataset_refs: Vec<(Kind, &Dataset)> = datasets.iter().map(|(k, d, _)| (*k, d)).collect();
    let assessment = risk::assess(&all_findings, &dataset_refs, &context);
    let officer = officer::assess(
        &all_findings,
        &dataset_refs,
        &assessment,
        &provenance,
        &context,
    );

    // Findings: highest score first, then a stable order that does not depend on hashing.
    let mut scored: Vec<(risk::FindingRisk, Finding)> = assessment
        .findings
        .iter()
        .cloned()
        .zip(all_findings.drain(..))
        .collect();
    scored.sort_by(|(ra, a), (rb, b)| {
        rb.score
            .cmp(&ra.score)
            .then(a.kind.category().cmp(&b.kind.category()))
            .then(a.kind.cmp(&b.kind))
            .then(a.value.cmp(&b.value))
    });
    let finding_report = |id: String, risk: risk::FindingRisk, f: Finding| FindingReport {
        id,
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
        also_sensitive: f.also_sensitive.iter().map(|(tag, _)| *tag).collect(),
        confidence: round2(f64::from(f.confidence)),
        score: risk.score,
        band: risk.band,
        count: f.count,
        provenances: if f.by_provenance.len() > 1 {
            f.by_provenance.clone()
        } else {
            BTreeMap::new()
        },
        linked_platforms: f.linked.clone(),
        sources: f.sources,
        first_seen: iso_time(f.first_seen),
        last_seen: iso_time(f.last_seen),
        rule: f.rule,
        rules: risk.drivers.iter().map(Driver::rule).collect(),
        explanation: risk.drivers,
    };
    let mut timeline_findings: Vec<(i32, u64)> = scored
        .iter()
        .filter(|(_, f)| !f.kind.is_dataset())
        .filter_map(|(_, f)| f.first_seen.map(|t| (crate::model::year_of(t), f.count)))
        .collect();
    timeline_findings.sort_unstable();
    let findings: Vec<FindingReport> = scored
        .into_iter()
        .enumerate()
        .map(|(i, (risk, f))| finding_report(format!("F{:04}", i + 1), risk, f))
        .collect();
    let to_check: Vec<FindingReport> = to_check
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let risk = risk::assess_finding(&f, &context);
            finding_report(format!("C{:04}", i + 1), risk, f)
        })
        .collect();
    let mut timeline: BTreeMap<i32, u64> = BTreeMap::new();
    for (_, dataset, _) in &datasets {
        for (year, n) in &dataset.by_year {
            *timeline.entry(*year).or_default() += n;
        }
    }
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
    for (year, n) in timeline_findings {
        *timeline.entry(year).or_default() += n;
    }
    let platforms: Vec<Platform> = exports.iter().map(|e| e.platform).collect();
    let recommendations = risk::recommendations(&assessment.categories, &platforms)
        .into_iter()
        .map(|r| RecommendationReport {
            id: r.id,
            category: r.category,
            text: match options.lang {
                Lang::En => r.en.to_string(),
                Lang::Fr => text::french_spaces(r.fr),
            },
            platform: r.platform.map(Platform),
        })
        .collect();
    let lang = options.lang;
    let reasons = archive_reasons(&assessment, lang);
    let categories = assessment
        .categories
        .iter()
        .map(|c| CategoryReport {
            id: c.id,
            score: c.score,
            band: c.band,
            findings: c.findings,
            records: c.records,
            drivers: c.drivers.iter().map(|d| lang.driver(d)).collect(),
            rules: c.drivers.iter().map(Driver::rule).collect(),
        })
        .collect();
    let archive = &assessment.archive;
    Report {
        schema: SCHEMA,
        tool: Tool {
            name: "exposure",
            version: env!("CARGO_PKG_VERSION"),
        },
        redacted: !options.reveal,
        lang,
        scenario: options.scenario,
        summary: Summary {
            score: archive.score,
            band: archive.band,
            self_supplied_share: risk::self_supplied_share(&provenance),
            provenance_shares: risk::provenance_shares(&provenance),
            provenance,
            categories_high: archive.categories_high,
            categories_very_high: archive.categories_very_high,
            reasons,
            exposure_index: officer.exposure_index,
            nist: Nist {
                level: officer.nist_level,
                factors: officer
                    .nist_factors
                    .iter()
                    .map(|f| Reason {
                        rule: f.id(),
                        text: lang.nist_factor(f),
                        short: String::new(),
                    })
                    .collect(),
            },
            wp248: Wp248 {
                met: officer.wp248,
                assessed: officer::WP248_CRITERIA.len() - officer::WP248_NOT_ASSESSED.len(),
                total: officer::WP248_CRITERIA.len(),
            },
        },
        exports,
        categories,
        findings,
        datasets,
        timeline,
        recommendations,
        to_check,
        diagnostics: audit.diagnostics,
        demo: options.demo,
        style: Style::default(),
    }
}

/// Kinds that identify a person across platforms (R-LINK).
fn links_people(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Email | Kind::Phone | Kind::Name | Kind::Username | Kind::PostalAddress
    )
}

/// The same e-mail, phone, name, user name or address found in the exports of several platforms
/// becomes one finding, linkable across them (kept on the first platform, the others listed).
fn link_across_platforms(findings: Vec<Finding>) -> Vec<Finding> {
    let mut first_of: BTreeMap<(Kind, String), usize> = BTreeMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings {
        if !links_people(finding.kind) || finding.confidence < risk::SCORING_CONFIDENCE {
            out.push(finding);
            continue;
        }
        let key = (finding.kind, normalize_value(finding.kind, &finding.value));
        match first_of.get(&key) {
            Some(&i) if out[i].platform != finding.platform => {
                let kept = &mut out[i];
                if !kept.linked.contains(&finding.platform) {
                    kept.linked.push(finding.platform);
                }
                kept.count += finding.count;
                for (p, n) in finding.by_provenance {
                    *kept.by_provenance.entry(p).or_default() += n;
                }
                kept.provenance = crate::classify::collect::dominant(&kept.by_provenance);
                for source in finding.sources {
                    if kept.sources.len() < crate::classify::collect::MAX_SOURCES {
                        kept.sources.push(source);
                    }
                }
                kept.first_seen = kept.first_seen.into_iter().chain(finding.first_seen).min();
                kept.last_seen = kept.last_seen.into_iter().chain(finding.last_seen).max();
            }
            Some(_) => out.push(finding),
            None => {
                first_of.insert(key, out.len());
                out.push(finding);
            }
        }
    }
    out
}

/// The archive's top reasons: its highest categories with what drove each, then the breadth
/// points, worded in the report's language.
fn archive_reasons(assessment: &risk::Assessment, lang: Lang) -> Vec<Reason> {
    const TOP: usize = 3;
    let mut reasons = Vec::new();
    for category in assessment
        .categories
        .iter()
        .take(TOP)
        .filter(|c| c.score > 0)
    {
        let causes: Vec<String> = category
            .drivers
            .iter()
            .filter(|d| matches!(d, Driver::MaxDpc { .. }) || d.is_uplift())
            .map(|d| lang.driver(d))
            .collect();
        let rule = category
            .drivers
            .iter()
            .find(|d| d.is_uplift())
            .map_or("R-CAT-MAX", Driver::rule);
        let mut short = vec![lang.short_cause(category.drivers.iter())];
        short.extend(
            category
                .drivers
                .iter()
                .filter(|d| d.is_uplift())
                .map(|d| lang.t(&format!("uplift.{}", d.rule())).to_string()),
        );
        reasons.push(Reason {
            rule,
            text: lang.f(
                "reason.category",
                &[
                    &lang.category(category.id),
                    &category.score,
                    &lang.band(category.band),
                    &causes.join(lang.t("reason.join")),
                ],
            ),
            short: lang.f(
                "reason.short",
                &[
                    &lang.category(category.id),
                    &category.score,
                    &short.join(lang.t("reason.join")),
                ],
            ),
        });
    }
    for driver in &assessment.archive.drivers {
        if matches!(driver, Driver::Breadth { .. }) {
            reasons.push(Reason {
                rule: driver.rule(),
                text: lang.driver(driver),
                short: lang.driver(driver),
            });
        }
    }
    reasons
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
                let lists_files = view == View::Inspect || format == "json" || format == "html";
                // Markdown escapes the underscore.
                let masked = text.contains("•••_42") || text.contains("•••\\_42");
                assert!(!lists_files || masked, "{format} {view:?}");
            }
        }
        let text = rendered(&toy_report(true), "json", View::Inspect);
        assert!(text.contains("toy_chats/ava_tester_42/notes.txt"));
    }
}

//! Sentences every renderer shows the same way (export, overall risk, provenance headline,
//! officer figures, coverage), worded in the report's language. They may hold untrusted text (an
//! input's file name): each renderer passes its own escaping function.

use super::{ExportReport, Report};
use crate::model::{Platform, Provenance, Status};

/// "demo-facebook-export — Facebook · 2024–2026 layout: … · JSON · account language fr".
pub fn export_line(report: &Report, export: &ExportReport, escape: fn(&str) -> String) -> String {
    let lang = report.lang;
    let platform = if not_an_export(export) {
        lang.t("platform_unknown").to_string()
    } else {
        export.platform_name.to_string()
    };
    let mut parts = vec![platform];
    if let Some(generation) = &export.generation {
        parts.push(lang.generation(
            export.platform.id(),
            generation,
            export.generation_label.as_deref(),
        ));
    }
    if let Some(flavour) = export.flavour {
        parts.push(flavour.to_uppercase());
    }
    if let Some(locale) = export.locale {
        parts.push(format!("{} {locale}", lang.t("account_language")));
    }
    format!("{} — {}", escape(&export.input), parts.join(" · "))
}

/// Whether an export was not recognised as any platform's (generic scan only).
pub fn not_an_export(export: &ExportReport) -> bool {
    export.platform == Platform::UNKNOWN
}

/// "Overall risk: 98/100 VERY HIGH — 3 categories very high, 6 high (scenario: …)".
pub fn overall_line(report: &Report, band: &str) -> String {
    let lang = report.lang;
    let s = &report.summary;
    let colon = lang.t("colon");
    format!(
        "{}{colon} {}/100 {band} — {} ({}{colon} {})",
        lang.t("overall"),
        s.score,
        // "3 very high, 6 high": the JSON's `categories_high` counts very high ones too.
        lang.categories_line(
            s.categories_very_high,
            s.categories_high - s.categories_very_high
        ),
        lang.t("scenario"),
        lang.scenario(report.scenario),
    )
}

/// Share and count of records per provenance.
pub fn provenance_part(report: &Report, provenance: Provenance) -> (String, u64) {
    let s = &report.summary;
    let share = s.provenance_shares.get(&provenance).copied().unwrap_or(0.0);
    let count = s.provenance.get(&provenance).copied().unwrap_or(0);
    (report.lang.percent(share), count)
}

/// "You supplied 42% of what this export holds (68 records); the platform observed …".
pub fn provenance_headline(report: &Report) -> String {
    let part = |p| provenance_part(report, p);
    let lang = report.lang;
    let (given, n_given) = part(Provenance::Volunteered);
    let (observed, n_observed) = part(Provenance::Observed);
    let (inferred, n_inferred) = part(Provenance::Inferred);
    let (received, n_received) = part(Provenance::Received);
    let (n_given, n_observed, n_inferred, n_received) = (
        lang.int(n_given),
        lang.int(n_observed),
        lang.int(n_inferred),
        lang.int(n_received),
    );
    report.lang.f(
        "provenance_headline",
        &[
            &given,
            &n_given,
            &observed,
            &n_observed,
            &inferred,
            &n_inferred,
            &received,
            &n_received,
        ],
    )
}

/// The same on one short line, for the terminal's first screen.
pub fn provenance_short(report: &Report) -> String {
    let lang = report.lang;
    let part = |p| provenance_part(report, p).0;
    let total: u64 = report.summary.provenance.values().sum();
    lang.f(
        "supplied_short",
        &[
            &part(Provenance::Volunteered),
            &part(Provenance::Observed),
            &part(Provenance::Inferred),
            &part(Provenance::Received),
            &lang.count(total, "record"),
        ],
    )
}

/// "Already visible to others: 25% … · NIST SP 800-122 impact: high · WP248: 4 of 9 criteria met".
pub fn officer_line(report: &Report) -> String {
    let lang = report.lang;
    let s = &report.summary;
    lang.f(
        "officer_line",
        &[
            &lang.percent(f64::from(s.exposure_index) / 100.0),
            &lang.nist_level(s.nist.level),
            &s.wp248.met.len(),
            &s.wp248.total,
        ],
    )
}

/// "34 files: 30 parsed, 3 scanned, 1 media file skipped, 0 failed, 0 unrecognised; 0 …".
pub fn coverage_line(report: &Report, export: &ExportReport) -> String {
    let lang = report.lang;
    let c = &export.coverage;
    let absent = export
        .files
        .iter()
        .filter(|f| f.status == Status::Absent)
        .count() as u64;
    format!(
        "{}{} {}, {}, {}, {}, {} ; {}",
        lang.count(c.files_total, "file"),
        lang.t("colon"),
        lang.count(c.parsed, "parsed"),
        lang.count(c.scanned, "scanned"),
        lang.count(c.skipped_media, "media"),
        lang.count(c.failed, "failed"),
        lang.count(c.unrecognised, "unrecognised"),
        lang.count(absent, "absent"),
    )
    .replace(
        " ; ",
        if lang == super::i18n::Lang::Fr {
            " ; "
        } else {
            "; "
        },
    )
}

/// Absent files of an export.
pub fn absent_files(export: &ExportReport) -> usize {
    export
        .files
        .iter()
        .filter(|f| f.status == Status::Absent)
        .count()
}

//! The terminal report: a one-screen summary first (what export, how risky, who supplied the
//! data, the top categories), then findings, datasets, next steps and coverage.
//! Every string from an export goes through [`inert`] so it cannot drive the terminal.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::i18n::Lang;
use super::{Report, Status};
use crate::model::{Category, Provenance};
use crate::risk::Band;

/// Findings listed in the terminal (all of them are in the JSON).
const MAX_FINDINGS: usize = 25;

/// Remove control characters (escape sequences, bells, carriage returns) from untrusted text.
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn band_text(lang: Lang, band: Band) -> &'static str {
    lang.t(&format!("band.{}", band.id()))
}

fn category_text(lang: Lang, category: Category) -> &'static str {
    lang.t(&format!("cat.{}", category.id()))
}

fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(110)
        .set_header(header);
    table
}

pub fn render(report: &Report, demo: bool) -> String {
    let lang = report.lang;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(lang.t("title").to_string());
    line(String::new());
    if demo {
        line(lang.t("demo_note").to_string());
    }
    for export in &report.exports {
        let mut parts = vec![format!("{} {}", lang.t("export"), inert(&export.input))];
        parts.push(capitalise(export.platform_name()));
        if let Some(generation) = &export.generation {
            let label = export.generation_label.as_deref().unwrap_or("");
            parts.push(
                format!("{} {generation} {label}", lang.t("layout"))
                    .trim()
                    .to_string(),
            );
        }
        if let Some(flavour) = export.flavour {
            parts.push(flavour.to_uppercase());
        }
        if let Some(locale) = export.locale {
            parts.push(format!("{} {locale}", lang.t("account_language")));
        }
        line(parts.join(" · "));
    }
    let s = &report.summary;
    line(format!(
        "{}: {}/100 {} — {} ({}: {})",
        lang.t("overall"),
        s.score,
        band_text(lang, s.band).to_uppercase(),
        lang.f(
            "categories_line",
            &[&s.categories_very_high, &s.categories_high]
        ),
        lang.t("scenario"),
        lang.t(&format!("scenario.{}", scenario_id(report))),
    ));
    let percent = format!("{:.0} %", s.self_supplied_share * 100.0);
    line(lang.f("provenance_line", &[&percent]));
    let provenance: Vec<String> = Provenance::ALL
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                s.provenance.get(p).copied().unwrap_or(0),
                lang.t(p.id())
            )
        })
        .collect();
    line(format!("  {}", provenance.join(" · ")));
    line(String::new());

    if report.categories.is_empty() {
        line(lang.t("nothing").to_string());
    } else {
        line(lang.t("top_categories").to_string());
        let mut table = new_table(vec![
            lang.t("col.category"),
            lang.t("col.score"),
            lang.t("col.band"),
            lang.t("col.findings"),
        ]);
        for category in &report.categories {
            table.add_row(vec![
                category_text(lang, category.id).to_string(),
                category.score.to_string(),
                band_text(lang, category.band).to_string(),
                category.findings.to_string(),
            ]);
        }
        line(table.to_string());
        line(String::new());
    }

    if !report.findings.is_empty() {
        line(lang.t("findings").to_string());
        let mut table = new_table(vec![
            lang.t("col.category"),
            lang.t("col.kind"),
            lang.t("col.value"),
            lang.t("col.provenance"),
            lang.t("col.sensitive"),
            lang.t("col.score"),
            lang.t("col.count"),
        ]);
        for finding in report.findings.iter().take(MAX_FINDINGS) {
            table.add_row(vec![
                category_text(lang, finding.category).to_string(),
                finding.kind.id().replace('_', " "),
                inert(&finding.value),
                lang.t(finding.provenance.id()).to_string(),
                finding
                    .sensitive
                    .map(|t| category_text(lang, t.category()).to_string())
                    .unwrap_or_default(),
                finding.score.to_string(),
                finding.count.to_string(),
            ]);
        }
        line(table.to_string());
        if report.findings.len() > MAX_FINDINGS {
            line(lang.f("more_findings", &[&(report.findings.len() - MAX_FINDINGS)]));
        }
        if report.redacted {
            line(lang.t("redacted_note").to_string());
        }
        line(String::new());
    }

    if !report.datasets.is_empty() {
        line(lang.t("datasets").to_string());
        let mut table = new_table(vec![
            lang.t("col.kind"),
            lang.t("col.count"),
            lang.t("col.first"),
            lang.t("col.last"),
        ]);
        for dataset in &report.datasets {
            table.add_row(vec![
                dataset.kind.id().replace('_', " "),
                dataset.count.to_string(),
                day(dataset.first_seen.as_deref()),
                day(dataset.last_seen.as_deref()),
            ]);
        }
        line(table.to_string());
        line(String::new());
    }

    if !report.recommendations.is_empty() {
        line(lang.t("next_steps").to_string());
        for rec in &report.recommendations {
            line(format!("  • {}", rec.text));
        }
        line(String::new());
    }

    line(lang.t("coverage").to_string());
    for export in &report.exports {
        let c = &export.coverage;
        let absent = export
            .files
            .iter()
            .filter(|f| f.status == Status::Absent)
            .count();
        line(format!(
            "  {}",
            lang.f(
                "coverage_line",
                &[
                    &c.files_total,
                    &c.parsed,
                    &c.scanned,
                    &c.skipped_media,
                    &c.failed,
                    &c.unrecognised,
                    &absent
                ]
            )
        ));
        if absent > 0 {
            line(format!("  {}", lang.t("absent_note")));
        }
    }
    for diagnostic in &report.diagnostics {
        let file = diagnostic.file.as_deref().map(inert).unwrap_or_default();
        line(format!(
            "  ! {} {} — {}",
            diagnostic.code, file, diagnostic.message
        ));
    }
    out
}

fn day(iso: Option<&str>) -> String {
    iso.map(|s| s.chars().take(10).collect())
        .unwrap_or_default()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn scenario_id(report: &Report) -> &'static str {
    match report.scenario {
        crate::risk::Scenario::Shared => "shared",
        crate::risk::Scenario::Lost => "lost",
        crate::risk::Scenario::Compromised => "compromised",
    }
}

impl super::ExportReport {
    fn platform_name(&self) -> &'static str {
        self.platform.id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(inert("a\x1b[31mb\x07c\rd"), "a [31mb c d");
    }
}

//! The terminal report: a one-screen summary first (what export, how risky, who supplied the
//! data, the top categories), then findings, datasets, next steps and coverage.
//! For `inspect`, every export's files with their statuses. Every string from an export goes
//! through [`inert`] so it cannot drive the terminal.
//! It must never print an untrusted string without `inert`.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};

use super::{Renderer, Report, View};
use crate::model::{Provenance, Status};

pub struct TableRenderer;

impl Renderer for TableRenderer {
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> std::io::Result<()> {
        let text = match view {
            View::Audit => render(report),
            View::Inspect => render_inspect(report),
        };
        out.write_all(text.as_bytes())
    }
}

/// Findings listed in the terminal (all of them are in the JSON).
const MAX_FINDINGS: usize = 25;

/// Remove control characters (escape sequences, bells, carriage returns) from untrusted text.
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Table width when the output is not a terminal and `COLUMNS` does not say.
const DEFAULT_WIDTH: u16 = 100;

/// Tables fit the terminal they are shown in (a laptop at 80 columns, a projector), else the
/// `COLUMNS` the shell exported, else [`DEFAULT_WIDTH`].
fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    if table.width().is_none() {
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok());
        table.set_width(columns.unwrap_or(DEFAULT_WIDTH).max(60));
    }
    table
}

/// Longest word a narrow column still keeps whole ("plateforme", "financières").
const WHOLE_WORD: usize = 11;

/// Give each column at least the width of its longest word (up to [`WHOLE_WORD`]), so narrow
/// terminals wrap between words rather than inside them; the widest bounds (leftmost first) give
/// way when they would not fit the table's width together.
fn keep_words_whole(table: &mut Table) {
    let rows: Vec<Vec<String>> = table
        .header()
        .into_iter()
        .chain(table.row_iter())
        .map(|row| row.cell_iter().map(|c| c.content()).collect())
        .collect();
    let columns = table.column_iter().count();
    let mut bounds: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|row| row.get(i))
                .flat_map(|cell| cell.split_whitespace())
                .map(|word| word.chars().count())
                .max()
                .unwrap_or(0)
                .min(WHOLE_WORD)
        })
        .collect();
    // Each column adds two spaces of padding and one border.
    let room = usize::from(table.width().unwrap_or(DEFAULT_WIDTH)).saturating_sub(3 * columns + 1);
    while bounds.iter().sum::<usize>() > room {
        let Some(widest) = bounds.iter_mut().rev().max() else {
            break;
        };
        if *widest <= 1 {
            break;
        }
        *widest -= 1;
    }
    for (column, bound) in table.column_iter_mut().zip(bounds) {
        // The width counts the cell padding (one space each side).
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
            bound as u16 + 2,
        )));
    }
}

fn render(report: &Report) -> String {
    let lang = report.lang;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(lang.t("title").to_string());
    line(String::new());
    if report.demo {
        line(lang.t("demo_note").to_string());
    }
    for export in &report.exports {
        let mut parts = vec![format!("{} {}", lang.t("export"), inert(&export.input))];
        parts.push(export.platform_name.to_string());
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
    let colon = lang.t("colon");
    line(format!(
        "{}{colon} {}/100 {} — {} ({}{colon} {})",
        lang.t("overall"),
        s.score,
        lang.band(s.band).to_uppercase(),
        lang.f(
            "categories_line",
            // "3 very high, 6 high": the JSON's `categories_high` counts very high ones too.
            &[
                &s.categories_very_high,
                &(s.categories_high - s.categories_very_high)
            ]
        ),
        lang.t("scenario"),
        lang.scenario(report.scenario),
    ));
    for reason in &s.reasons {
        line(format!("  • {}", reason.text));
    }
    line(provenance_headline(report));
    line(lang.f(
        "officer_line",
        &[
            &lang.percent(f64::from(s.exposure_index) / 100.0),
            &lang.nist_level(s.nist.level),
            &s.wp248.met.len(),
            &s.wp248.total,
        ],
    ));
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
            lang.t("col.records"),
        ]);
        for category in &report.categories {
            table.add_row(vec![
                lang.category(category.id).to_string(),
                category.score.to_string(),
                lang.band(category.band).to_string(),
                category.findings.to_string(),
                category.records.to_string(),
            ]);
        }
        line(table.to_string());
        line(String::new());
    }

    if !report.findings.is_empty() {
        line(lang.t("findings").to_string());
        let mut table = new_table(vec![
            lang.t("col.id"),
            lang.t("col.kind"),
            lang.t("col.value"),
            lang.t("col.provenance"),
            lang.t("col.sensitive"),
            lang.t("col.score"),
            lang.t("col.count"),
        ]);
        for finding in report.findings.iter().take(MAX_FINDINGS) {
            table.add_row(vec![
                finding.id.clone(),
                lang.kind(finding.kind).to_string(),
                inert(&finding.value),
                lang.provenance(finding.provenance).to_string(),
                finding
                    .sensitive
                    .map(|t| lang.category(t.category()).to_string())
                    .unwrap_or_default(),
                finding.score.to_string(),
                finding.count.to_string(),
            ]);
        }
        keep_words_whole(&mut table);
        line(table.to_string());
        if report.findings.len() > MAX_FINDINGS {
            line(lang.f("more_findings", &[&(report.findings.len() - MAX_FINDINGS)]));
        }
        if report.redacted {
            line(lang.t("redacted_note").to_string());
        }
        line(lang.t("explain_hint").to_string());
        line(String::new());
    }
    if !report.to_check.is_empty() {
        line(lang.f("to_check_line", &[&report.to_check.len()]));
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
                lang.kind(dataset.kind).to_string(),
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
        let message = lang.diagnostic(diagnostic.code, &diagnostic.message);
        line(format!("  ! {} {} — {}", diagnostic.code, file, message));
    }
    out
}

/// "You supplied 62% of what this export holds (1,234 records); the platform observed …".
pub fn provenance_headline(report: &Report) -> String {
    let lang = report.lang;
    let s = &report.summary;
    let part = |p: Provenance| {
        let share = s.provenance_shares.get(&p).copied().unwrap_or(0.0);
        let count = s.provenance.get(&p).copied().unwrap_or(0);
        (lang.percent(share), count)
    };
    let (given, n_given) = part(Provenance::Volunteered);
    let (observed, n_observed) = part(Provenance::Observed);
    let (inferred, n_inferred) = part(Provenance::Inferred);
    let (received, n_received) = part(Provenance::Received);
    lang.f(
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

fn day(iso: Option<&str>) -> String {
    iso.map(|s| s.chars().take(10).collect())
        .unwrap_or_default()
}

/// `inspect`: every export, its evidence, and each file with its status.
fn render_inspect(report: &Report) -> String {
    let mut out = String::new();
    for export in &report.exports {
        out.push_str(&format!(
            "{} — {} {} {} {}\n",
            inert(&export.input),
            export.platform_name,
            export
                .generation
                .as_deref()
                .unwrap_or("(generation unknown)"),
            export.flavour.unwrap_or(""),
            export.locale.unwrap_or(""),
        ));
        if !export.evidence.is_empty() {
            out.push_str(&format!(
                "  evidence: {}\n",
                inert(&export.evidence.join(", "))
            ));
        }
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
            "file",
            "status",
            "parser",
            "records",
            "diagnostic",
        ]);
        for f in &export.files {
            t.add_row(vec![
                inert(&f.path),
                f.status.id().to_string(),
                f.parser.unwrap_or("").to_string(),
                f.records.to_string(),
                f.diagnostic.map(|d| d.id()).unwrap_or("").to_string(),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    for d in &report.diagnostics {
        let file = d.file.as_deref().map(inert).unwrap_or_default();
        out.push_str(&format!("! {} {file} — {}\n", d.code, d.message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(inert("a\x1b[31mb\x07c\rd"), "a [31mb c d");
    }
}

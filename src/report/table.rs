//! The terminal report: a first screen (at most 24 rows at 80 columns: the exports, the overall
//! score with its top reasons, who supplied the data, the officer's figures, the top categories),
//! then the details, every line and table within the terminal's width (else `COLUMNS`, else 100):
//! categories, findings (the top ones, or all with `--detail`), values to check, datasets, next
//! steps and coverage. Colour only marks the tool's own band words, only on a terminal and never
//! with `NO_COLOR`. For `inspect`, every export's files with their statuses.
//! It must never print an untrusted string without [`inert`].

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};

use super::lines;
use super::text::{articles_whole, fit, wrap};
use super::{Renderer, Report, View};
use crate::model::Diagnostic;
use crate::risk::Band;

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

pub use super::text::inert;

/// Table width when the output is not a terminal and `COLUMNS` does not say.
const DEFAULT_WIDTH: u16 = 100;

/// The width to fit: the terminal's, else the `COLUMNS` the shell exported, else
/// [`DEFAULT_WIDTH`] (never under 60).
pub fn width() -> u16 {
    Table::new()
        .width()
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse::<u16>().ok())
        })
        .unwrap_or(DEFAULT_WIDTH)
        .max(60)
}

/// Tables fit the terminal they are shown in (a laptop at 80 columns, a projector).
fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header)
        .set_width(width());
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

/// Categories on the first screen.
const TOP_CATEGORIES: usize = 5;

/// The band word, in colour when the report is shown on a terminal that wants it.
fn band_word(report: &Report, band: Band, upper: bool) -> String {
    let word = report.lang.band(band);
    let word = if upper {
        word.to_uppercase()
    } else {
        word.to_string()
    };
    if !report.style.colour {
        return word;
    }
    let code = match band {
        Band::VeryHigh => "1;31",
        Band::High => "31",
        Band::Medium => "33",
        Band::Low => "32",
    };
    format!("\x1b[{code}m{word}\x1b[0m")
}

fn render(report: &Report) -> String {
    let lang = report.lang;
    let columns = usize::from(width());
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    // First screen: each line wrapped between words (a sentence cut short would hide its end,
    // such as the scenario a score assumes), later lines indented.
    line(fit(lang.t("title"), columns));
    if report.demo {
        line(wrap(lang.t("demo_note"), columns, "  "));
    }
    for export in &report.exports {
        line(wrap(
            &lines::export_line(report, export, inert),
            columns,
            "  ",
        ));
        if lines::not_an_export(export) {
            line(wrap(
                &format!("  ! {}", lang.t("not_an_export")),
                columns,
                "    ",
            ));
        }
    }
    line(String::new());
    let s = &report.summary;
    // The band word may carry colour codes: wrap the plain line, then colour it (the band word
    // comes first, on the first line, whatever the width).
    let plain = lines::overall_line(report, &lang.band(s.band).to_uppercase());
    let wrapped = wrap(&plain, columns, "  ");
    line(wrapped.replacen(
        &lang.band(s.band).to_uppercase(),
        &band_word(report, s.band, true),
        1,
    ));
    if !s.reasons.is_empty() {
        line(format!("{}{}", lang.t("why"), lang.t("colon")));
        for reason in &s.reasons {
            line(wrap(&format!("  • {}", reason.short), columns, "    "));
        }
    }
    line(wrap(&lines::provenance_short(report), columns, "  "));
    if report.categories.is_empty() {
        line(lang.t("nothing").to_string());
    } else {
        // A list in columns rather than a framed table (three rows fewer on the first screen):
        // score, band, then the category's name, wrapped under itself on a narrow terminal.
        line(String::new());
        line(format!("{}{}", lang.t("top_five"), lang.t("colon")));
        let top = &report.categories[..report.categories.len().min(TOP_CATEGORIES)];
        let band_width = top
            .iter()
            .map(|c| lang.band(c.band).chars().count())
            .max()
            .unwrap_or(0);
        for category in top {
            let band = lang.band(category.band);
            let columns_before = format!("  {:>3}  {band:<band_width$}  ", category.score);
            let pad = " ".repeat(columns_before.chars().count());
            let name = wrap(
                &format!("{pad}{}", lang.category(category.id)),
                columns,
                &pad,
            );
            line(format!(
                "{}{}",
                columns_before.replacen(band, &band_word(report, category.band, false), 1),
                &name[pad.len()..]
            ));
        }
    }
    line(String::new());

    // Details.
    line(lang.t("details").to_uppercase());
    line(wrap(&lines::provenance_headline(report), columns, ""));
    // For the privacy officer, after the summary a person reads first.
    line(wrap(&lines::officer_line(report), columns, "  "));
    if report.categories.len() > TOP_CATEGORIES {
        line(lang.t("categories_title").to_string());
        let mut table = new_table(vec![
            lang.t("col.category"),
            lang.t("col.score"),
            lang.t("col.band"),
            lang.t("col.findings"),
            lang.t("col.records"),
        ]);
        for category in &report.categories {
            table.add_row(vec![
                articles_whole(lang.category(category.id)),
                category.score.to_string(),
                band_word(report, category.band, false),
                lang.int(category.findings as u64),
                lang.int(category.records),
            ]);
        }
        line(table.to_string());
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
        let shown = if report.style.detail {
            report.findings.len()
        } else {
            MAX_FINDINGS
        };
        for finding in report.findings.iter().take(shown) {
            table.add_row(vec![
                finding.id.clone(),
                lang.kind(finding.kind).to_string(),
                inert(&finding.value),
                lang.provenance(finding.provenance).to_string(),
                finding.sensitive_categories_short(lang),
                finding.score.to_string(),
                lang.int(finding.count),
            ]);
        }
        keep_words_whole(&mut table);
        line(table.to_string());
        if report.findings.len() > shown {
            line(lang.f("more_findings", &[&(report.findings.len() - shown)]));
        }
        let note = if report.redacted {
            lang.t("redacted_note")
        } else {
            lang.t("clear_values_note")
        };
        line(wrap(note, columns, ""));
        line(wrap(lang.t("explain_hint"), columns, ""));
    }
    if !report.to_check.is_empty() {
        line(wrap(
            &lang.f("to_check_line", &[&report.to_check.len()]),
            columns,
            "",
        ));
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
                lang.int(dataset.count),
                dataset
                    .first_seen
                    .as_deref()
                    .map(|d| lang.day(d))
                    .unwrap_or_default(),
                dataset
                    .last_seen
                    .as_deref()
                    .map(|d| lang.day(d))
                    .unwrap_or_default(),
            ]);
        }
        line(table.to_string());
    }
    if !report.recommendations.is_empty() {
        line(lang.t("next_steps").to_string());
        for rec in &report.recommendations {
            line(wrap(&format!("• {}", rec.text), columns, "  "));
        }
    }
    line(lang.t("coverage").to_string());
    for export in &report.exports {
        line(wrap(&lines::coverage_line(report, export), columns, "  "));
        if lines::absent_files(export) > 0 {
            line(wrap(lang.t("absent_note"), columns, "  "));
        }
    }
    for diagnostic in &report.diagnostics {
        line(diagnostic_line(report, diagnostic, columns));
    }
    out
}

/// `inspect`: every export, its evidence, and each file with its status.
fn render_inspect(report: &Report) -> String {
    let lang = report.lang;
    let columns = usize::from(width());
    let mut out = String::new();
    for export in &report.exports {
        out.push_str(&fit(&lines::export_line(report, export, inert), columns));
        out.push('\n');
        if export.generation.is_none() {
            out.push_str(&format!("  {}\n", lang.t("generation_unknown")));
        }
        if !export.evidence.is_empty() {
            out.push_str(&wrap(
                &format!(
                    "{}{} {}",
                    lang.t("evidence"),
                    lang.t("colon"),
                    inert(&export.evidence.join(", "))
                ),
                columns,
                "  ",
            ));
            out.push('\n');
        }
        let mut table = new_table(vec![
            lang.t("col.file"),
            lang.t("col.status"),
            lang.t("col.parser"),
            lang.t("col.records"),
            lang.t("col.diagnostic"),
        ]);
        for f in &export.files {
            table.add_row(vec![
                inert(&f.path),
                lang.t(&format!("status.{}", f.status.id())).to_string(),
                f.parser.unwrap_or("").to_string(),
                lang.int(f.records),
                f.diagnostic.map(|d| d.id()).unwrap_or("").to_string(),
            ]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
    }
    for diagnostic in &report.diagnostics {
        out.push_str(&diagnostic_line(report, diagnostic, columns));
        out.push('\n');
    }
    out
}

/// `! file — message [code]`, wrapped; a diagnostic of the whole export names no file.
fn diagnostic_line(report: &Report, diagnostic: &Diagnostic, columns: usize) -> String {
    let file = (diagnostic.file.as_deref())
        .map(|file| format!("{} — ", inert(file)))
        .unwrap_or_default();
    let message = inert(&report.lang.diagnostic_of(diagnostic));
    wrap(
        &format!("! {file}{message} [{}]", diagnostic.code),
        columns,
        "  ",
    )
}

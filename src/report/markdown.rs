//! Markdown output: the whole report as one document for a wiki, an e-mail or a ticket — summary
//! with its reasons, the provenance headline, the officer's figures, categories with what drove
//! each score, findings, values to check, datasets, next steps, coverage and diagnostics. Every
//! string from an export goes through [`super::text::markdown`], so none can add markup or HTML.
//! `inspect` lists every export's files.

use std::io::Write;

use super::lines;
use super::text::markdown as md;
use super::{Renderer, Report, View};

pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> std::io::Result<()> {
        let text = match view {
            View::Audit => audit(report),
            View::Inspect => inspect(report),
        };
        out.write_all(text.as_bytes())
    }
}

/// A Markdown table: header cells and rows already escaped.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

fn audit(report: &Report) -> String {
    let lang = report.lang;
    let s = &report.summary;
    let mut out = format!("# {}\n\n", lang.t("title"));
    if report.demo {
        out.push_str(&format!("> {}\n\n", lang.t("demo_note")));
    }
    for export in &report.exports {
        out.push_str(&format!("- {}\n", lines::export_line(report, export, md)));
        if lines::not_an_export(export) {
            out.push_str(&format!("  - **{}**\n", lang.t("not_an_export")));
        }
    }
    out.push_str(&format!(
        "\n**{}**\n\n",
        lines::overall_line(report, &lang.band(s.band).to_uppercase())
    ));
    for reason in &s.reasons {
        out.push_str(&format!("- {} `{}`\n", reason.text, reason.rule));
    }
    out.push_str(&format!(
        "\n{}\n\n{}\n\n",
        lines::provenance_headline(report),
        lines::officer_line(report)
    ));
    if !report.redacted {
        out.push_str(&format!("> {}\n\n", lang.t("clear_values_note")));
    }

    out.push_str(&format!("## {}\n\n", lang.t("categories_title")));
    let rows = report
        .categories
        .iter()
        .map(|c| {
            vec![
                lang.category(c.id).to_string(),
                c.score.to_string(),
                lang.band(c.band).to_string(),
                lang.int(c.findings as u64),
                lang.int(c.records),
                c.drivers
                    .iter()
                    .zip(&c.rules)
                    .map(|(d, r)| format!("{d} ({r})"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            lang.t("col.category"),
            lang.t("col.score"),
            lang.t("col.band"),
            lang.t("col.findings"),
            lang.t("col.records"),
            lang.t("why"),
        ],
        rows,
    ));

    for (title, findings) in [
        (lang.t("findings"), &report.findings),
        (lang.t("to_check_title"), &report.to_check),
    ] {
        if findings.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title}\n\n"));
        let rows = findings
            .iter()
            .map(|f| {
                vec![
                    f.id.clone(),
                    lang.kind(f.kind).to_string(),
                    md(&f.value),
                    lang.provenance(f.provenance).to_string(),
                    f.sensitive_categories(lang),
                    f.score.to_string(),
                    lang.int(f.count),
                    f.sources.first().map(|s| md(&s.file)).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                lang.t("col.id"),
                lang.t("col.kind"),
                lang.t("col.value"),
                lang.t("col.provenance"),
                lang.t("col.sensitive"),
                lang.t("col.score"),
                lang.t("col.count"),
                lang.t("col.file"),
            ],
            rows,
        ));
    }
    if report.redacted {
        out.push_str(&format!("\n{}\n", lang.t("redacted_note")));
    }

    if !report.datasets.is_empty() {
        out.push_str(&format!("\n## {}\n\n", lang.t("datasets")));
        let rows = report
            .datasets
            .iter()
            .map(|d| {
                vec![
                    lang.kind(d.kind).to_string(),
                    d.count.to_string(),
                    d.first_seen
                        .as_deref()
                        .map(|t| t.chars().take(10).collect())
                        .unwrap_or_default(),
                    d.last_seen
                        .as_deref()
                        .map(|t| t.chars().take(10).collect())
                        .unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                lang.t("col.kind"),
                lang.t("col.count"),
                lang.t("col.first"),
                lang.t("col.last"),
            ],
            rows,
        ));
    }
    if !report.recommendations.is_empty() {
        out.push_str(&format!("\n## {}\n\n", lang.t("next_steps")));
        for rec in &report.recommendations {
            out.push_str(&format!("- {}\n", rec.text));
        }
    }
    out.push_str(&format!("\n## {}\n\n", lang.t("coverage")));
    for export in &report.exports {
        out.push_str(&format!(
            "- {} — {}\n",
            md(&export.input),
            lines::coverage_line(report, export)
        ));
    }
    for d in &report.diagnostics {
        // A diagnostic of the whole export names no file.
        let file = (d.file.as_deref())
            .map(|file| format!("{} — ", md(file)))
            .unwrap_or_default();
        out.push_str(&format!(
            "- `{}` {file}{}\n",
            d.code,
            md(&lang.diagnostic_of(d))
        ));
    }
    out
}

fn inspect(report: &Report) -> String {
    let lang = report.lang;
    let mut out = String::new();
    for export in &report.exports {
        out.push_str(&format!(
            "## {}\n\n",
            lines::export_line(report, export, md)
        ));
        let rows = export
            .files
            .iter()
            .map(|f| {
                vec![
                    md(&f.path),
                    lang.t(&format!("status.{}", f.status.id())).to_string(),
                    f.parser.unwrap_or("").to_string(),
                    lang.int(f.records),
                    f.diagnostic.map(|d| d.id()).unwrap_or("").to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                lang.t("col.file"),
                lang.t("col.status"),
                lang.t("col.parser"),
                lang.t("col.records"),
                lang.t("col.diagnostic"),
            ],
            rows,
        ));
        out.push('\n');
    }
    out
}

//! HTML output: one self-contained page a trainer can project and a privacy officer can print on
//! A4 — no script, no external request of any kind (a Content-Security-Policy forbids both), no
//! font or image but inline SVG charts drawn here. Summary first (score, band, top reasons, the
//! provenance split as a bar, categories as bars, the timeline per year, the most sensitive
//! findings), then one section per category with its reasons and findings, next steps, and
//! coverage per file. Every string from an export goes through [`super::text::html`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::lines;
use super::text::html as h;
use super::{FindingReport, Renderer, Report, View};
use crate::model::{Category, Provenance};
use crate::risk::Band;

pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> std::io::Result<()> {
        let body = match view {
            View::Audit => audit(report),
            View::Inspect => coverage(report),
        };
        out.write_all(page(report, &body).as_bytes())
    }
}

/// Findings listed per category section.
const PER_CATEGORY: usize = 50;
/// Sensitive findings in the summary.
const TOP_SENSITIVE: usize = 10;

const STYLE: &str = "
:root { --ink:#1d232b; --muted:#5b6570; --line:#d8dde3; --vh:#b3261e; --hi:#d9480f; --me:#c88a04; --lo:#2b8a3e;
  --vol:#1971c2; --obs:#7048e8; --inf:#c2255c; --rec:#0c8599; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .5rem; } h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
.muted { color: var(--muted); } .note { background: #fff4e6; border-left: 4px solid var(--hi); padding: .5rem .8rem; }
.score { display: flex; gap: 1.2rem; align-items: center; margin: 1rem 0; }
.score .big { font-size: 3.2rem; font-weight: 700; line-height: 1; }
.band { display: inline-block; padding: .15rem .6rem; border-radius: .3rem; color: #fff; font-weight: 600; }
.band.very_high { background: var(--vh); } .band.high { background: var(--hi); } .band.medium { background: var(--me); } .band.low { background: var(--lo); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.long { overflow-wrap: anywhere; }
th { background: #f3f5f7; } .num { text-align: right; white-space: nowrap; }
svg { max-width: 100%; height: auto; } svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.legend span { display: inline-block; margin-right: 1rem; } .legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
code { font-size: .85em; color: var(--muted); white-space: nowrap; }
@page { size: A4; margin: 14mm; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } h2 { break-after: avoid; } section.category, table, svg { break-inside: avoid; } }
";

fn page(report: &Report, body: &str) -> String {
    let lang = report.lang;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\
<footer class=\"muted\"><p>{}</p></footer>\n</body>\n</html>\n",
        lang.id(),
        h(lang.t("title")),
        h(lang.t("print_note")),
    )
}

fn band_badge(report: &Report, band: Band) -> String {
    format!(
        "<span class=\"band {}\">{}</span>",
        band.id(),
        h(report.lang.band(band))
    )
}

fn audit(report: &Report) -> String {
    let lang = report.lang;
    let s = &report.summary;
    let mut out = String::new();
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", h(lang.t("title")));
    if report.demo {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", h(lang.t("demo_note")));
    }
    out.push_str("<ul class=\"exports\">\n");
    for export in &report.exports {
        let _ = writeln!(out, "<li>{}</li>", lines::export_line(report, export, h));
        if lines::not_an_export(export) {
            let _ = writeln!(
                out,
                "<li class=\"note\">{}</li>",
                h(lang.t("not_an_export"))
            );
        }
    }
    out.push_str("</ul>\n</header>\n");
    if !report.redacted {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            h(lang.t("clear_values_note"))
        );
    }

    // Summary.
    let _ = writeln!(
        out,
        "<section id=\"summary\">\n<h2>{}</h2>",
        h(lang.t("overall"))
    );
    let _ = writeln!(
        out,
        "<div class=\"score\"><div class=\"big\">{}<span class=\"muted\">/100</span></div><div>{}<br>{}<br><span class=\"muted\">{}{} {}</span></div></div>",
        s.score,
        band_badge(report, s.band),
        h(&lang.categories_line(
            s.categories_very_high,
            s.categories_high - s.categories_very_high
        )),
        h(lang.t("scenario")),
        h(lang.t("colon")),
        h(lang.scenario(report.scenario))
    );
    if !s.reasons.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>\n<ol class=\"reasons\">", h(lang.t("why")));
        for reason in &s.reasons {
            let _ = writeln!(
                out,
                "<li>{} <code>{}</code></li>",
                h(&reason.text),
                h(reason.rule)
            );
        }
        out.push_str("</ol>\n");
    }
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<p id=\"provenance-headline\">{}</p>\n{}",
        h(lang.t("provenance_title")),
        h(&lines::provenance_headline(report)),
        provenance_chart(report)
    );
    let _ = writeln!(out, "<p>{}</p>", h(&lines::officer_line(report)));
    if !s.wp248.met.is_empty() {
        let names: Vec<String> = s.wp248.met.iter().map(|c| h(lang.wp248(c))).collect();
        let _ = writeln!(
            out,
            "<p class=\"muted\">WP248{} {}</p>",
            h(lang.t("colon")),
            names.join(" · ")
        );
    }
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n{}",
        h(lang.t("categories_title")),
        categories_chart(report)
    );
    if !report.timeline.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n{}",
            h(lang.t("timeline")),
            timeline_chart(report)
        );
    }
    let sensitive: Vec<&FindingReport> = report
        .findings
        .iter()
        .filter(|f| f.sensitive.is_some())
        .take(TOP_SENSITIVE)
        .collect();
    if !sensitive.is_empty() {
        let _ = writeln!(
            out,
            "<h3 id=\"sensitive\">{}</h3>",
            h(lang.t("sensitive_title"))
        );
        out.push_str(&findings_table(report, &sensitive));
    }
    out.push_str("</section>\n");

    // One section per category.
    let mut per_category: BTreeMap<Category, Vec<&FindingReport>> = BTreeMap::new();
    for finding in &report.findings {
        let category = finding.sensitive.map_or(finding.category, |t| t.category());
        per_category.entry(category).or_default().push(finding);
    }
    let _ = writeln!(
        out,
        "<section id=\"categories\">\n<h2>{}</h2>",
        h(lang.t("categories_title"))
    );
    for category in &report.categories {
        let _ = writeln!(
            out,
            "<section class=\"category\" id=\"cat-{}\">\n<h3>{} — {}/100 {}</h3>\n<ol>",
            category.id.id(),
            h(lang.category(category.id)),
            category.score,
            band_badge(report, category.band)
        );
        for (driver, rule) in category.drivers.iter().zip(&category.rules) {
            let _ = writeln!(out, "<li>{} <code>{}</code></li>", h(driver), h(rule));
        }
        out.push_str("</ol>\n");
        if let Some(findings) = per_category.get(&category.id) {
            let shown: Vec<&FindingReport> = findings.iter().take(PER_CATEGORY).copied().collect();
            out.push_str(&findings_table(report, &shown));
            if findings.len() > PER_CATEGORY {
                let _ = writeln!(
                    out,
                    "<p class=\"muted\">{}</p>",
                    h(&lang.f("more_findings", &[&(findings.len() - PER_CATEGORY)]))
                );
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
    if report.redacted {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", h(lang.t("redacted_note")));
    }
    if !report.to_check.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"to-check\">\n<h2>{}</h2>",
            h(lang.t("to_check_title"))
        );
        let all: Vec<&FindingReport> = report.to_check.iter().collect();
        out.push_str(&findings_table(report, &all));
        out.push_str("</section>\n");
    }
    if !report.recommendations.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"next-steps\">\n<h2>{}</h2>\n<ul>",
            h(lang.t("next_steps"))
        );
        for rec in &report.recommendations {
            let _ = writeln!(out, "<li>{}</li>", h(&rec.text));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str(&coverage(report));
    out
}

fn findings_table(report: &Report, findings: &[&FindingReport]) -> String {
    let lang = report.lang;
    let mut out = format!(
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        h(lang.t("col.id")),
        h(lang.t("col.kind")),
        h(lang.t("col.value")),
        h(lang.t("col.provenance")),
        h(lang.t("col.sensitive")),
        h(lang.t("col.score")),
        h(lang.t("col.count")),
    );
    for f in findings {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"long\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            h(&f.id),
            h(lang.kind(f.kind)),
            h(&f.value),
            h(lang.provenance(f.provenance)),
            h(&f.sensitive_categories(lang)),
            f.score,
            h(&lang.int(f.count))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The provenance split as one stacked bar with a legend.
fn provenance_chart(report: &Report) -> String {
    let lang = report.lang;
    let colours = [
        (Provenance::Volunteered, "var(--vol)"),
        (Provenance::Observed, "var(--obs)"),
        (Provenance::Inferred, "var(--inf)"),
        (Provenance::Received, "var(--rec)"),
    ];
    let mut x = 0.0;
    let mut bars = String::new();
    let mut legend = String::new();
    for (provenance, colour) in colours {
        let share = report
            .summary
            .provenance_shares
            .get(&provenance)
            .copied()
            .unwrap_or(0.0);
        let width = share * 600.0;
        if width > 0.0 {
            let _ = write!(
                bars,
                "<rect x=\"{x:.1}\" y=\"0\" width=\"{width:.1}\" height=\"28\" style=\"fill:{colour}\"/>"
            );
        }
        x += width;
        let _ = write!(
            legend,
            "<span><i style=\"background:{colour}\"></i>{} {}</span>",
            h(lang.provenance(provenance)),
            h(&lang.percent(share))
        );
    }
    format!(
        "<svg id=\"provenance\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 600 28\" width=\"100%\" height=\"28\" preserveAspectRatio=\"none\">{bars}</svg>\n<p class=\"legend\">{legend}</p>",
        h(lang.t("provenance_title"))
    )
}

fn band_colour(band: Band) -> &'static str {
    match band {
        Band::VeryHigh => "var(--vh)",
        Band::High => "var(--hi)",
        Band::Medium => "var(--me)",
        Band::Low => "var(--lo)",
    }
}

/// Categories as horizontal bars of their score.
fn categories_chart(report: &Report) -> String {
    let lang = report.lang;
    let row = 24;
    let height = row * report.categories.len().max(1) + 4;
    let mut out = format!(
        "<svg id=\"categories-chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 720 {height}\" width=\"720\" height=\"{height}\">",
        h(lang.t("categories_title"))
    );
    for (i, category) in report.categories.iter().enumerate() {
        let y = i * row;
        let width = f64::from(category.score) * 3.0;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"380\" y=\"{}\" width=\"{width:.1}\" height=\"16\" style=\"fill:{}\"/><text x=\"{:.1}\" y=\"{}\">{}</text>",
            y + 16,
            h(lang.category(category.id)),
            y + 4,
            band_colour(category.band),
            380.0 + width + 6.0,
            y + 16,
            category.score
        );
    }
    out.push_str("</svg>");
    out
}

/// Dated records per year as vertical bars.
fn timeline_chart(report: &Report) -> String {
    let lang = report.lang;
    let years: Vec<(&i32, &u64)> = report.timeline.iter().collect();
    let max = years.iter().map(|(_, n)| **n).max().unwrap_or(1).max(1) as f64;
    let bar = 40usize;
    let width = (bar + 12) * years.len().max(1) + 10;
    let mut out = format!(
        "<svg id=\"timeline\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} 170\" width=\"{width}\" height=\"170\">",
        h(lang.t("timeline"))
    );
    for (i, (year, n)) in years.iter().enumerate() {
        let x = 10 + i * (bar + 12);
        let height = (**n as f64 / max) * 120.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{:.1}\" width=\"{bar}\" height=\"{height:.1}\" style=\"fill:var(--vol)\"/><text x=\"{x}\" y=\"{:.1}\">{n}</text><text x=\"{x}\" y=\"164\">{year}</text>",
            140.0 - height,
            136.0 - height,
        );
    }
    out.push_str("</svg>");
    out
}

/// Coverage per file, per export (also the `inspect` page).
fn coverage(report: &Report) -> String {
    let lang = report.lang;
    let mut out = format!(
        "<section id=\"coverage\">\n<h2>{}</h2>\n",
        h(lang.t("coverage"))
    );
    for export in &report.exports {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p>{}</p>",
            lines::export_line(report, export, h),
            h(&lines::coverage_line(report, export))
        );
        let _ = writeln!(
            out,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
            h(lang.t("col.file")),
            h(lang.t("col.status")),
            h(lang.t("col.parser")),
            h(lang.t("col.records")),
            h(lang.t("col.diagnostic")),
        );
        for f in &export.files {
            let _ = writeln!(
                out,
                "<tr><td class=\"long\">{}</td><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
                h(&f.path),
                h(lang.t(&format!("status.{}", f.status.id()))),
                h(f.parser.unwrap_or("")),
                h(&lang.int(f.records)),
                h(f.diagnostic.map(|d| d.id()).unwrap_or(""))
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if lines::absent_files(export) > 0 {
            let _ = writeln!(out, "<p class=\"muted\">{}</p>", h(lang.t("absent_note")));
        }
    }
    if !report.diagnostics.is_empty() {
        out.push_str("<ul class=\"diagnostics\">\n");
        for d in &report.diagnostics {
            // A diagnostic of the whole export names no file.
            let file = (d.file.as_deref())
                .map(|file| format!("{} — ", h(file)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><code>{}</code> {file}{}</li>",
                d.code,
                h(&lang.diagnostic_of(d))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

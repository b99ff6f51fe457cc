//! CSV output: one row per finding (and per value to check), for spreadsheets and scripts —
//! id, category, kind, provenance, sensitive categories (`;`-separated), score, band,
//! confidence, count, the value (redacted unless `--reveal`), the first source file and its platform. Every cell goes through
//! [`super::text::csv_cell`] so nothing from an export runs as a formula; `--bom` starts the file with a
//! UTF-8 byte-order mark for spreadsheet programs. `inspect` lists one row per file.

use std::io::Write;

use super::text::csv_cell;
use super::{FindingReport, Renderer, Report, View};

pub struct CsvRenderer;

const FINDING_COLUMNS: [&str; 13] = [
    "id",
    "status",
    "platform",
    "category",
    "kind",
    "provenance",
    "sensitive",
    "score",
    "band",
    "confidence",
    "count",
    "value",
    "source",
];

fn finding_row(f: &FindingReport, status: &str) -> Vec<String> {
    vec![
        f.id.clone(),
        status.to_string(),
        f.platform.id().to_string(),
        f.category.id().to_string(),
        f.kind.id().to_string(),
        f.provenance.id().to_string(),
        f.sensitive
            .iter()
            .chain(&f.also_sensitive)
            .map(|t| t.category().id())
            .collect::<Vec<_>>()
            .join(";"),
        f.score.to_string(),
        f.band.id().to_string(),
        format!("{:.2}", f.confidence),
        f.count.to_string(),
        f.value.clone(),
        f.sources
            .first()
            .map(|s| s.file.clone())
            .unwrap_or_default(),
    ]
}

impl Renderer for CsvRenderer {
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> std::io::Result<()> {
        if report.style.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut writer = csv::Writer::from_writer(out);
        let mut row = |cells: Vec<String>| {
            let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            writer.write_record(&cells).map_err(std::io::Error::other)
        };
        match view {
            View::Audit => {
                row(FINDING_COLUMNS.iter().map(ToString::to_string).collect())?;
                for f in &report.findings {
                    row(finding_row(f, "scored"))?;
                }
                for f in &report.to_check {
                    row(finding_row(f, "to_check"))?;
                }
            }
            View::Inspect => {
                row([
                    "input",
                    "platform",
                    "file",
                    "status",
                    "parser",
                    "records",
                    "diagnostic",
                ]
                .iter()
                .map(ToString::to_string)
                .collect())?;
                for export in &report.exports {
                    for file in &export.files {
                        row(vec![
                            export.input.clone(),
                            export.platform.id().to_string(),
                            file.path.clone(),
                            file.status.id().to_string(),
                            file.parser.unwrap_or("").to_string(),
                            file.records.to_string(),
                            file.diagnostic.map(|d| d.id()).unwrap_or("").to_string(),
                        ])?;
                    }
                }
            }
        }
        writer.flush()
    }
}

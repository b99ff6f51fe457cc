//! JSON output: the `exposure-report/1` contract for `audit`, and for `inspect` the exports with
//! their files and the diagnostics. serde escapes every string, so nothing from an export can
//! break the document.

use std::io::Write;

use serde::Serialize;

use super::{ExportReport, Renderer, Report, View};
use crate::model::{Diagnostic, FileStatus, Platform};

pub struct JsonRenderer;

#[derive(Serialize)]
struct InspectDocument<'r> {
    exports: Vec<InspectExport<'r>>,
    diagnostics: &'r [Diagnostic],
}

#[derive(Serialize)]
struct InspectExport<'r> {
    input: &'r str,
    platform: Platform,
    generation: &'r Option<String>,
    flavour: Option<&'static str>,
    locale: Option<&'static str>,
    confidence: f64,
    evidence: &'r [String],
    files: &'r [FileStatus],
}

impl<'r> From<&'r ExportReport> for InspectExport<'r> {
    fn from(e: &'r ExportReport) -> Self {
        InspectExport {
            input: &e.input,
            platform: e.platform,
            generation: &e.generation,
            flavour: e.flavour,
            locale: e.locale,
            confidence: e.confidence,
            evidence: &e.evidence,
            files: &e.files,
        }
    }
}

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> std::io::Result<()> {
        match view {
            View::Audit => serde_json::to_writer_pretty(&mut *out, report)?,
            View::Inspect => {
                let doc = InspectDocument {
                    exports: report.exports.iter().map(InspectExport::from).collect(),
                    diagnostics: &report.diagnostics,
                };
                serde_json::to_writer_pretty(&mut *out, &doc)?;
            }
        }
        out.write_all(b"\n")
    }
}

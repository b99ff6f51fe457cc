//! `exposure explain ID`: one finding's full reasoning — what it is, where it was found, who
//! supplied it, and every rule of its score in order (R-CONF, R-DPC…, R-EI, R-CB, R-SE), worded in
//! the report's language. It reads the report model only, so the value is shown as redacted as in
//! every other output, and untrusted strings are made inert. Lines are wrapped to the terminal's
//! width between words; a source's path is never cut (it is there to be looked up).

use super::table::{inert, width};
use super::text::wrap;
use super::{FindingReport, Report};

/// The reasoning of finding `id` (`F0003`, or `C0001` for a value to check), or `None`.
pub fn render(report: &Report, id: &str) -> Option<String> {
    let wanted = id.trim().to_ascii_uppercase();
    let finding = report
        .findings
        .iter()
        .chain(&report.to_check)
        .find(|f| f.id == wanted)?;
    Some(explain(report, finding))
}

fn explain(report: &Report, finding: &FindingReport) -> String {
    let lang = report.lang;
    let colon = lang.t("colon");
    let columns = usize::from(width());
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let mut head = vec![
        finding.id.clone(),
        lang.category(finding.category).to_string(),
        lang.kind(finding.kind).to_string(),
        finding.platform.id().to_string(),
    ];
    if let Some(tag) = finding.sensitive {
        head.push(lang.category(tag.category()).to_string());
    }
    line(wrap(&head.join(" · "), columns, "  "));
    line(format!(
        "  {}{colon} {}",
        lang.t("col.value"),
        inert(&finding.value)
    ));
    line(format!(
        "  {}{colon} {} ({})",
        lang.t("explain.found_by"),
        finding.rule,
        lang.decimal(finding.confidence, 2)
    ));
    for source in &finding.sources {
        let pointer = source
            .pointer
            .as_deref()
            .map(|p| format!("#{}", inert(p)))
            .unwrap_or_default();
        line(format!(
            "  {}{colon} {}{pointer}",
            lang.t("explain.source"),
            inert(&source.file)
        ));
    }
    let provenances: Vec<String> = if finding.provenances.is_empty() {
        vec![format!(
            "{} ({})",
            lang.provenance(finding.provenance),
            finding.count
        )]
    } else {
        finding
            .provenances
            .iter()
            .map(|(p, n)| format!("{} ({n})", lang.provenance(*p)))
            .collect()
    };
    line(format!(
        "  {}{colon} {}",
        lang.t("col.provenance"),
        provenances.join(" · ")
    ));
    if !finding.linked_platforms.is_empty() {
        let others: Vec<&str> = finding.linked_platforms.iter().map(|p| p.id()).collect();
        line(format!(
            "  {}{colon} {}",
            lang.t("explain.linked"),
            others.join(", ")
        ));
    }
    line(format!("  {}{colon}", lang.t("explain.reasoning")));
    for (n, driver) in finding.explanation.iter().enumerate() {
        let item = format!("    {}. ", n + 1);
        line(wrap(
            &format!("{item}[{}] {}", driver.rule(), lang.driver(driver)),
            columns,
            &" ".repeat(item.len()),
        ));
    }
    line(format!(
        "  {}{colon} {}/100 ({})",
        lang.t("col.score"),
        finding.score,
        lang.band(finding.band)
    ));
    out
}

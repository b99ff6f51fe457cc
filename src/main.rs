//! The `exposure` binary: parse arguments, run the library, write the report, map outcomes to
//! exit codes (0 report, 1 `--fail-on` reached, 2 bad usage or nothing readable).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use exposure::archive::{Input, Limits};
use exposure::audit::{self, AuditOptions, AuditResult, NoProgress, Progress};
use exposure::cli::{Cli, Command, Format, OutputArgs, ReportArgs};
use exposure::report::{self, ReportOptions, table};

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn file_done(&self, path: &str, bytes: u64) {
        self.0.inc(bytes);
        self.0.set_message(table::inert(path));
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("exposure: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => {
            let inputs = args.paths.into_iter().map(Input::Path).collect();
            audit_and_report(inputs, &args.report, false)
        }
        Command::Demo(args) => audit_and_report(vec![exposure::demo::input()], &args, true),
        Command::Inspect(args) => {
            let inputs: Vec<Input> = args.paths.into_iter().map(Input::Path).collect();
            let result = run_audit(&inputs, &args.output)?;
            let text = match args.output.format {
                Format::Json => inspect_json(&result),
                Format::Table => inspect_table(&result),
            };
            write_output(&args.output, &text)?;
            Ok(exit_for_nothing(&result).unwrap_or(ExitCode::SUCCESS))
        }
    }
}

fn run_audit(inputs: &[Input], output: &OutputArgs) -> anyhow::Result<AuditResult> {
    if let Some(jobs) = output.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot set up worker threads")?;
    }
    let show_bar = !output.quiet && std::io::stderr().is_terminal();
    let bar;
    let progress: &dyn Progress = if show_bar {
        let style =
            ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} [{bar:30}] {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar = Bar(ProgressBar::new(0).with_style(style));
        &bar
    } else {
        &NoProgress
    };
    let options = AuditOptions {
        limits: Limits::default(),
        progress,
    };
    Ok(audit::run(inputs, &options))
}

fn exit_for_nothing(result: &AuditResult) -> Option<ExitCode> {
    if result.nothing_read() {
        for d in &result.diagnostics {
            let file = d.file.as_deref().map(table::inert).unwrap_or_default();
            eprintln!("exposure: {file}: {} ({})", d.message, d.code);
        }
        eprintln!("exposure: nothing could be read from the given paths");
        return Some(ExitCode::from(2));
    }
    None
}

fn audit_and_report(inputs: Vec<Input>, args: &ReportArgs, demo: bool) -> anyhow::Result<ExitCode> {
    let result = run_audit(&inputs, &args.output)?;
    if let Some(code) = exit_for_nothing(&result) {
        return Ok(code);
    }
    let report = report::build(
        result,
        ReportOptions {
            reveal: args.reveal,
            lang: args.lang,
            scenario: args.scenario,
        },
    );
    let text = match args.output.format {
        Format::Json => report::to_json(&report),
        Format::Table => table::render(&report, demo),
    };
    write_output(&args.output, &text)?;
    if let Some(threshold) = args.fail_on
        && report.summary.band >= threshold
    {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_output(output: &OutputArgs, text: &str) -> anyhow::Result<()> {
    match &output.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write the report to {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

fn inspect_json(result: &AuditResult) -> String {
    let exports: Vec<_> = result
        .exports
        .iter()
        .map(|e| {
            serde_json::json!({
                "input": e.input,
                "platform": e.platform,
                "generation": e.generation,
                "flavour": e.flavour,
                "locale": e.locale,
                "confidence": (f64::from(e.confidence) * 100.0).round() / 100.0,
                "evidence": e.evidence,
                "files": e.files,
            })
        })
        .collect();
    let doc = serde_json::json!({"exports": exports, "diagnostics": result.diagnostics});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn inspect_table(result: &AuditResult) -> String {
    let mut out = String::new();
    for export in &result.exports {
        out.push_str(&format!(
            "{} — {} {} {} {}\n",
            table::inert(&export.input),
            export.platform.id(),
            export
                .generation
                .as_deref()
                .unwrap_or("(generation unknown)"),
            export.flavour.unwrap_or(""),
            export.locale.unwrap_or(""),
        ));
        if !export.evidence.is_empty() {
            out.push_str(&format!("  evidence: {}\n", export.evidence.join(", ")));
        }
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_header(vec!["file", "status", "parser", "records", "diagnostic"]);
        for f in &export.files {
            let status = serde_json::to_value(f.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            t.add_row(vec![
                table::inert(&f.path),
                status,
                f.parser.unwrap_or("").to_string(),
                f.records.to_string(),
                f.diagnostic.unwrap_or("").to_string(),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    for d in &result.diagnostics {
        let file = d.file.as_deref().map(table::inert).unwrap_or_default();
        out.push_str(&format!("! {} {file} — {}\n", d.code, d.message));
    }
    out
}

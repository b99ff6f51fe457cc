//! The `exposure` binary: parse arguments, run the library, render the report, map outcomes to
//! exit codes (0 report, 1 `--fail-on` reached, 2 bad usage or nothing readable).
//!
//! A panic while reading one file is caught by the library (the file is reported `failed`); the
//! panic hook installed here prints a fixed message, never the panic's own text, which could
//! quote a value from the export.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use exposure::archive::{Input, Limits};
use exposure::audit::{self, AuditOptions, AuditResult, NoProgress, Progress};
use exposure::cli::{Cli, Command, OutputArgs, ReportArgs};
use exposure::report::{self, ReportOptions, View, redact, table};
use exposure::risk::{Band, Scenario};

/// The progress bar; file paths are masked like the report's unless `--reveal`.
struct Bar {
    bar: ProgressBar,
    reveal: bool,
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }
    fn file_done(&self, path: &str, bytes: u64) {
        self.bar.inc(bytes);
        let shown = if self.reveal {
            path.to_string()
        } else {
            redact::path(path)
        };
        self.bar.set_message(table::inert(&shown));
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|_| {
        eprintln!(
            "exposure: internal error (internal.panic); the file being read is reported as failed"
        );
    }));
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
        Command::Explain(args) => {
            let demo = args.paths.is_empty();
            let inputs = if demo {
                vec![exposure::demo::input()]
            } else {
                args.paths.into_iter().map(Input::Path).collect()
            };
            let result = run_audit(&inputs, &args.report.output, args.report.reveal)?;
            if let Some(code) = exit_for_nothing(&result) {
                return Ok(code);
            }
            let report = report::build(result, report_options(&args.report, demo));
            match report::explain::render(&report, &args.id) {
                Some(text) => {
                    write_text(&args.report.output, text.into_bytes())?;
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("exposure: {}", report.lang.t("explain.unknown"));
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Inspect(args) => {
            let inputs: Vec<Input> = args.paths.into_iter().map(Input::Path).collect();
            let result = run_audit(&inputs, &args.output, args.reveal)?;
            let options = ReportOptions {
                reveal: args.reveal,
                lang: Default::default(),
                scenario: Scenario::Lost,
                demo: false,
            };
            let nothing = exit_for_nothing(&result);
            let report = report::build(result, options);
            write_output(&args.output, &report, View::Inspect)?;
            Ok(nothing.unwrap_or(ExitCode::SUCCESS))
        }
    }
}

fn run_audit(inputs: &[Input], output: &OutputArgs, reveal: bool) -> anyhow::Result<AuditResult> {
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
        bar = Bar {
            bar: ProgressBar::new(0).with_style(style),
            reveal,
        };
        &bar
    } else {
        &NoProgress
    };
    let options = AuditOptions {
        limits: Limits::default(),
        progress,
        mail_bodies: output.mail_bodies,
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
    let result = run_audit(&inputs, &args.output, args.reveal)?;
    if let Some(code) = exit_for_nothing(&result) {
        return Ok(code);
    }
    let report = report::build(result, report_options(args, demo));
    write_output(&args.output, &report, View::Audit)?;
    if let Some(threshold) = args.fail_on
        && report.summary.band >= Band::from(threshold)
    {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn report_options(args: &ReportArgs, demo: bool) -> ReportOptions {
    ReportOptions {
        reveal: args.reveal,
        lang: args.lang.into(),
        scenario: args.scenario.into(),
        demo,
    }
}

fn write_output(output: &OutputArgs, report: &report::Report, view: View) -> anyhow::Result<()> {
    let renderer = report::renderer(&output.format).context("unknown output format")?;
    let mut text = Vec::new();
    renderer
        .render(report, view, &mut text)
        .context("cannot render the report")?;
    write_text(output, text)
}

fn write_text(output: &OutputArgs, text: Vec<u8>) -> anyhow::Result<()> {
    match &output.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write the report to {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&text).and_then(|()| stdout.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

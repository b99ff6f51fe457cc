//! The `exposure` binary: parse arguments, run the library, render the report, map outcomes to
//! exit codes (0 report, 1 `--fail-on` reached, 2 bad usage, an input that could not be read, or
//! nothing readable).
//!
//! A panic while reading one file is caught by the library (the file is reported `failed`); the
//! panic hook installed here prints a fixed message, never the panic's own text, which could
//! quote a value from the export. Messages on standard error are plain sentences naming the full
//! path, with the diagnostic code in brackets at the end; they never quote a value.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{CommandFactory, Parser};
use indicatif::{ProgressBar, ProgressStyle};

use exposure::archive::Input;
use exposure::audit::{self, AuditOptions, AuditResult, NoProgress, Progress};
use exposure::batch;
use exposure::cli::{AuditArgs, Cli, Command, LangArg, OutputArgs, ReportArgs};
use exposure::report::i18n::Lang;
use exposure::report::{self, ReportOptions, Style, View, redact, table};
use exposure::risk::{Band, Scenario};

/// The progress bar: bytes done, total, rate and time left; file paths masked like the report's
/// unless `--reveal`.
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
            "exposure: internal error; the file being read is reported as failed [internal.panic]"
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
        Command::Audit(args) => audit_command(args),
        Command::Demo(args) => {
            let inputs = exposure::demo::inputs()
                .into_iter()
                .map(|i| (i, None))
                .collect();
            audit_and_report(inputs, &args, true)
        }
        Command::Explain(args) => {
            let demo = args.paths.is_empty();
            let inputs = if demo {
                exposure::demo::inputs()
                    .into_iter()
                    .map(|i| (i, None))
                    .collect()
            } else {
                path_inputs(&args.paths)
            };
            let lang = LangArg::resolve(args.report.lang);
            let (result, unread) =
                run_audit(&inputs, &args.report.output, args.report.reveal, lang)?;
            if let Some(code) = exit_for_nothing(&result, &inputs, lang, args.report.reveal) {
                return Ok(code);
            }
            let report = report::build(result, report_options(&args.report, demo));
            match report::explain::render(&report, &args.id) {
                Some(text) => {
                    write_text(&args.report.output, text.into_bytes(), false)?;
                    Ok(if unread {
                        ExitCode::from(2)
                    } else {
                        ExitCode::SUCCESS
                    })
                }
                None => {
                    eprintln!("exposure: {}", report.lang.t("explain.unknown"));
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Inspect(args) => {
            let inputs = path_inputs(&args.paths);
            refuse_output_over_input(&args.output, &args.paths, args.reveal)?;
            let lang = LangArg::resolve(args.lang);
            let (result, unread) = run_audit(&inputs, &args.output, args.reveal, lang)?;
            let options = ReportOptions {
                reveal: args.reveal,
                lang,
                scenario: Scenario::Lost,
                demo: false,
            };
            let nothing = exit_for_nothing(&result, &inputs, lang, args.reveal);
            let report = report::build(result, options);
            write_output(&args.output, &report, View::Inspect, args.reveal)?;
            Ok(nothing.unwrap_or(if unread {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }))
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "exposure", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Manpage => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .context("cannot render the manual page")?;
            std::io::stdout()
                .write_all(&page)
                .context("cannot write to standard output")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn audit_command(args: AuditArgs) -> anyhow::Result<ExitCode> {
    if let (Some(dir), Some(out)) = (&args.each, &args.output_dir) {
        let lang = LangArg::resolve(args.report.lang);
        let format = &args.report.output.format;
        let options = batch::BatchOptions {
            report: report_options(&args.report, false),
            style: style(&args.report.output, false),
            format,
            timestamp: args.timestamp,
            limits: args.report.output.limits.into(),
            mail_bodies: args.report.output.mail_bodies,
        };
        let summary = batch::run(dir, out, &options)
            .with_context(|| format!("cannot audit the exports in {}", shown(dir)))?;
        for unreadable in &summary.unreadable {
            eprintln!(
                "exposure: {}: {} [{}]",
                unreadable.input,
                lang.diagnostic_text(unreadable.code),
                unreadable.code
            );
        }
        if !args.report.output.quiet {
            eprintln!(
                "exposure: {}",
                lang.f(
                    "batch_done",
                    &[
                        &lang.count(summary.reports.len() as u64, "report_written"),
                        &shown(out)
                    ]
                )
            );
        }
        if let Some(threshold) = args.report.fail_on {
            let threshold = Band::from(threshold);
            let reached: Vec<&batch::BatchReport> = summary
                .reports
                .iter()
                .filter(|r| r.band >= threshold)
                .collect();
            if !reached.is_empty() {
                for report in &reached {
                    eprintln!(
                        "exposure: {}: {} [fail-on {}]",
                        report.name,
                        lang.f("fail_on_reached", &[&lang.band(report.band)]),
                        threshold.id()
                    );
                }
                return Ok(ExitCode::from(1));
            }
        }
        return Ok(if summary.unreadable.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    refuse_output_over_input(&args.report.output, &args.paths, args.report.reveal)?;
    audit_and_report(path_inputs(&args.paths), &args.report, false)
}

fn path_inputs(paths: &[PathBuf]) -> Vec<(Input, Option<PathBuf>)> {
    paths
        .iter()
        .map(|p| (Input::Path(p.clone()), Some(p.clone())))
        .collect()
}

/// The path as a person can find it again: absolute when it can be made so.
fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// `--output` must never overwrite what is being audited.
fn refuse_output_over_input(
    output: &OutputArgs,
    inputs: &[PathBuf],
    reveal: bool,
) -> anyhow::Result<()> {
    let Some(target) = &output.output else {
        return Ok(());
    };
    let same = |input: &PathBuf| match (target.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b || a.starts_with(&b),
        _ => std::path::absolute(target).ok() == std::path::absolute(input).ok(),
    };
    if let Some(input) = inputs.iter().find(|i| same(i)) {
        bail!(
            "{}: the report would overwrite an input; choose another --output file [usage.output_is_input]",
            redact::input_shown(input, reveal)
        );
    }
    Ok(())
}

fn run_audit(
    inputs: &[(Input, Option<PathBuf>)],
    output: &OutputArgs,
    reveal: bool,
    lang: Lang,
) -> anyhow::Result<(AuditResult, bool)> {
    if let Some(jobs) = output.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot set up worker threads")?;
    }
    let show_bar = !output.quiet && std::io::stderr().is_terminal();
    let bar;
    let progress: &dyn Progress = if show_bar {
        let style = ProgressStyle::with_template(
            "{spinner} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} [{bar:30}] {wide_msg}",
        )
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
        limits: output.limits.into(),
        progress,
        mail_bodies: output.mail_bodies,
    };
    let just_inputs: Vec<Input> = inputs.iter().map(|(i, _)| i.clone()).collect();
    let result = audit::run(&just_inputs, &options);
    // Like ripgrep: each input that could not be read is named on stderr, the rest is reported.
    let mut unread = false;
    for (index, code) in &result.input_problems {
        if let Some((_, Some(path))) = inputs.get(*index) {
            eprintln!(
                "exposure: {}: {} [{code}]",
                redact::input_shown(path, reveal),
                lang.diagnostic_text(*code)
            );
            unread = true;
        }
    }
    Ok((result, unread))
}

/// Nothing readable at all: say why, file by file, and exit 2.
fn exit_for_nothing(
    result: &AuditResult,
    inputs: &[(Input, Option<PathBuf>)],
    lang: Lang,
    reveal: bool,
) -> Option<ExitCode> {
    if !result.nothing_read() {
        return None;
    }
    for d in &result.diagnostics {
        if result
            .input_problems
            .iter()
            .any(|(_, code)| *code == d.code)
        {
            continue; // already named above
        }
        let message = lang.diagnostic(d.code, &d.message);
        let Some(file) = d.file.as_deref().map(table::inert) else {
            // Of the whole export (its photos and videos not read): no file to name.
            eprintln!("exposure: {message} [{}]", d.code);
            continue;
        };
        // A file given directly is named as an input; a member by its path, masked as the
        // report masks it.
        let named = inputs
            .iter()
            .filter_map(|(_, p)| p.as_ref())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == file))
            .map(|p| redact::input_shown(p, reveal))
            .unwrap_or_else(|| {
                if reveal {
                    file
                } else {
                    report::redact::path(&file)
                }
            });
        eprintln!("exposure: {named}: {message} [{}]", d.code);
    }
    eprintln!("exposure: {}", lang.t("nothing_read"));
    Some(ExitCode::from(2))
}

fn audit_and_report(
    inputs: Vec<(Input, Option<PathBuf>)>,
    args: &ReportArgs,
    demo: bool,
) -> anyhow::Result<ExitCode> {
    let lang = LangArg::resolve(args.lang);
    let (result, unread) = run_audit(&inputs, &args.output, args.reveal, lang)?;
    if let Some(code) = exit_for_nothing(&result, &inputs, lang, args.reveal) {
        return Ok(code);
    }
    let mut report = report::build(result, report_options(args, demo));
    report.style = style(&args.output, true);
    write_output(&args.output, &report, View::Audit, args.reveal)?;
    if let Some(threshold) = args.fail_on
        && report.summary.band >= Band::from(threshold)
    {
        eprintln!(
            "exposure: {} [fail-on {}]",
            lang.f("fail_on_reached", &[&lang.band(report.summary.band)]),
            Band::from(threshold).id()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(if unread {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn report_options(args: &ReportArgs, demo: bool) -> ReportOptions {
    ReportOptions {
        reveal: args.reveal,
        lang: LangArg::resolve(args.lang),
        scenario: args.scenario.into(),
        demo,
    }
}

/// How the renderer lays out: colour only on a terminal and never with `NO_COLOR`.
fn style(output: &OutputArgs, to_stdout: bool) -> Style {
    let terminal = to_stdout && output.output.is_none() && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        detail: output.detail,
        colour: terminal && !no_color,
        bom: output.bom,
    }
}

fn write_output(
    output: &OutputArgs,
    report: &report::Report,
    view: View,
    reveal: bool,
) -> anyhow::Result<()> {
    let renderer = report::renderer(&output.format).context("unknown output format")?;
    let mut text = Vec::new();
    renderer
        .render(report, view, &mut text)
        .context("cannot render the report")?;
    write_text(output, text, reveal)
}

fn write_text(output: &OutputArgs, text: Vec<u8>, reveal: bool) -> anyhow::Result<()> {
    match &output.output {
        Some(path) => {
            report::write_file(path, &text, reveal).with_context(|| {
                format!("{}: cannot write the report [io.write_error]", shown(path))
            })?;
            if reveal && !output.quiet {
                eprintln!(
                    "exposure: {}: this report shows values in clear; it was created readable by you only",
                    shown(path)
                );
            }
            Ok(())
        }
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

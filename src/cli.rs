//! Command line (DESIGN.md "Command line"): `audit`, `inspect`, `demo`. Parsing only; the binary
//! runs the library with what is parsed here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::i18n::Lang;
use crate::risk::{Band, Scenario};

#[derive(Debug, Parser)]
#[command(
    name = "exposure",
    version,
    about = "Audit the data export you downloaded from a social platform: what it holds, where it came from, how risky it is.",
    long_about = None,
    after_help = "Exit codes: 0 report produced; 1 --fail-on threshold reached; 2 bad usage or nothing could be read.\nNothing leaves your machine: exposure has no network code."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit one export (zip as downloaded, folder, or file; several paths give one report).
    Audit(AuditArgs),
    /// Show what was recognised: platform, generation, every file and its status.
    Inspect(InspectArgs),
    /// Audit the built-in demo export (an invented person), for workshops and first runs.
    Demo(ReportArgs),
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Zip archives, folders or files of one or more exports.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar and no messages on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    /// Language of the report.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: Lang,
    /// Show values in full (only on your own screen: the report then holds your data).
    #[arg(long)]
    pub reveal: bool,
    /// What the score assumes happened to the archive.
    #[arg(long, value_enum, default_value = "lost")]
    pub scenario: Scenario,
    /// Exit with code 1 when the overall band reaches this level.
    #[arg(long, value_enum, value_name = "BAND")]
    pub fail_on: Option<Band>,
}

//! Command line (`audit`, `inspect`, `demo`, `explain`, `completions`, `manpage`): clap types
//! live here and only here, and convert into the library's own types. Parsing only; the binary
//! runs the library with what is parsed.
//! It must never be imported by the library's stages: they take the library's own types.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{self, i18n::Lang};
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
    /// Explain one finding's score, rule by rule (IDs such as F0003 are in every report).
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `exposure manpage > exposure.1`.
    Manpage,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The finding's ID, as the report lists it (F0003; C0001 for a value to check).
    #[arg(value_name = "FINDING_ID")]
    pub id: String,
    /// The same paths as the audit that listed the ID (none: the built-in demo).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Zip archives, folders or files of one or more exports.
    #[arg(required_unless_present = "each", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Audit every export found in DIR, one report each (the parts of one export together),
    /// plus an aggregate `summary.csv` and `summary.md`.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "paths",
        requires = "output_dir"
    )]
    pub each: Option<PathBuf>,
    /// Where `--each` writes its reports (created if missing).
    #[arg(long, value_name = "OUT", requires = "each")]
    pub output_dir: Option<PathBuf>,
    /// Write the date and time of the run into batch summaries (off: reports can be diffed).
    #[arg(long, requires = "each")]
    pub timestamp: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Language of the listing (default: from LC_ALL / LANG, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Show file and folder names in full (chat folders are named after people).
    #[arg(long)]
    pub reveal: bool,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, default_value = "table", value_parser = PossibleValuesParser::new(report::format_names()))]
    pub format: String,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar and no messages on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Scan the bodies of mail archives (Gmail .mbox) too; by default only their headers are read.
    #[arg(long)]
    pub mail_bodies: bool,
    /// In the terminal, list every finding (by default the summary and the top findings).
    #[arg(long)]
    pub detail: bool,
    /// CSV only: start the file with a UTF-8 byte-order mark (for spreadsheet programs).
    #[arg(long)]
    pub bom: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Safety limits against hostile archives; raise them for huge legitimate exports.
#[derive(Debug, Args, Clone, Copy)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest size one file may inflate to, in MB.
    #[arg(long, value_name = "MB", default_value_t = 4096)]
    pub max_member_mb: u64,
    /// Largest size all files together may inflate to, in GB.
    #[arg(long, value_name = "GB", default_value_t = 256)]
    pub max_total_gb: u64,
    /// Largest inflated/compressed ratio of a file (zip bombs go far beyond).
    #[arg(long, value_name = "N", default_value_t = 250)]
    pub max_ratio: u64,
    /// Zips inside zips opened, at most this deep.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_nesting: u32,
    /// Files listed per archive, at most.
    #[arg(long, value_name = "N", default_value_t = 2_000_000)]
    pub max_entries: usize,
}

impl From<LimitArgs> for crate::archive::Limits {
    fn from(args: LimitArgs) -> Self {
        crate::archive::Limits {
            max_member_bytes: args.max_member_mb.saturating_mul(1 << 20),
            max_total_bytes: args.max_total_gb.saturating_mul(1 << 30),
            max_ratio: args.max_ratio.max(1),
            max_depth: args.max_nesting,
            max_entries: args.max_entries.max(1),
            ..crate::archive::Limits::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    /// Language of the report (default: from LC_ALL / LANG, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Show values in full (only on your own screen: the report then holds your data).
    #[arg(long)]
    pub reveal: bool,
    /// What the score assumes happened to the archive.
    #[arg(long, value_enum, default_value = "lost")]
    pub scenario: ScenarioArg,
    /// Exit with code 1 when the overall band reaches this level (with --each: any report).
    #[arg(long, value_enum, value_name = "BAND")]
    pub fail_on: Option<BandArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Fr,
}

impl LangArg {
    /// The language asked for, else the one of the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`:
    /// French when it starts with `fr`), else English.
    pub fn resolve(arg: Option<LangArg>) -> Lang {
        if let Some(arg) = arg {
            return arg.into();
        }
        let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        match from_env {
            Some(value) if value.to_ascii_lowercase().starts_with("fr") => Lang::Fr,
            _ => Lang::En,
        }
    }
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScenarioArg {
    /// Shared with a known person (a trainer, a friend, support).
    Shared,
    /// Archive lost or stolen (default).
    Lost,
    /// Account or device compromised by someone malicious.
    Compromised,
}

impl From<ScenarioArg> for Scenario {
    fn from(arg: ScenarioArg) -> Scenario {
        match arg {
            ScenarioArg::Shared => Scenario::Shared,
            ScenarioArg::Lost => Scenario::Lost,
            ScenarioArg::Compromised => Scenario::Compromised,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BandArg {
    Low,
    Medium,
    High,
    #[value(name = "very_high", alias = "very-high")]
    VeryHigh,
}

impl From<BandArg> for Band {
    fn from(arg: BandArg) -> Band {
        match arg {
            BandArg::Low => Band::Low,
            BandArg::Medium => Band::Medium,
            BandArg::High => Band::High,
            BandArg::VeryHigh => Band::VeryHigh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_value_has_a_flag_value() {
        assert_eq!(LangArg::value_variants().len(), 2);
        assert_eq!(ScenarioArg::value_variants().len(), Scenario::ALL.len());
        assert_eq!(BandArg::value_variants().len(), Band::ALL.len());
        for band in BandArg::value_variants() {
            let name = band.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(Band::from(*band).id(), name);
        }
        let cli = Cli::try_parse_from(["exposure", "demo", "--format", "json"]).unwrap();
        assert!(matches!(cli.command, Command::Demo(ref a) if a.output.format == "json"));
        assert!(Cli::try_parse_from(["exposure", "demo", "--format", "xml"]).is_err());
        let cli =
            Cli::try_parse_from(["exposure", "explain", "F0002", "a.zip", "--lang", "fr"]).unwrap();
        assert!(
            matches!(cli.command, Command::Explain(ref a) if a.id == "F0002" && a.paths.len() == 1)
        );
    }
}

//! The command line: the only place that knows clap, terminals and exit codes.
//!
//! Raw arguments are parsed here and turned into the library's configuration types; each
//! subcommand returns an [`Outcome`] that `main` turns into an exit code. Errors carry their
//! whole chain (`file:line:column: message` from the library) and exit with code 2.

mod check;
mod corpus;
mod discover;
mod evaluate;
mod kwic;
mod lexicon;
mod normalize;
mod report;
mod score;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use framelens::lexicon::{LexiconSet, LexiconSources};

/// What a command concluded, for the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Ran, nothing to report at the failing level: exit 0.
    Clean,
    /// Ran and found something at the failing level: exit 1.
    Findings,
    /// Ran to the end, but some input could not be read (reported on stderr): exit 1.
    Incomplete,
    /// Could not do its job (invalid input it was asked to judge): exit 2.
    Invalid,
}

#[derive(Parser)]
#[command(
    name = "framelens",
    version,
    about = "Shows how news outlets frame the same events: loaded terminology per outlet and per side.",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint drafts for loaded terms, like a prose linter: where, why, which side, what instead.
    Check(check::CheckArgs),
    /// Validate, list, explain and export lexicons.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
    /// Read text on stdin and write it normalized, as the matcher sees it.
    Normalize(normalize::NormalizeArgs),
    /// Read a corpus and print its events: named in metadata, or grouped automatically.
    Events(corpus::EventsArgs),
    /// Read a corpus and print every article as read: outlet, date, language, dropped lines.
    Articles(corpus::ArticlesArgs),
    /// Score every article of a corpus: one record per article (JSONL or CSV), and optionally
    /// the partial aggregate that `merge` sums and `report --from-aggregate` renders.
    Score(score::ScoreArgs),
    /// Sum partial aggregates (the reduce step after scoring shards).
    Merge(score::MergeArgs),
    /// Write the HTML framing report: outlets side by side, events, glossary, methodology.
    Report(report::ReportArgs),
    /// Keyword in context: every hit of a term or word with the words around it.
    Kwic(kwic::KwicArgs),
    /// The words and bigrams that distinguish each outlet, side or event from the rest;
    /// `--format toml` prints them as term stubs to curate into a lexicon.
    Discover(discover::DiscoverArgs),
}

/// Which lexicons to load; shared by every command that matches text.
#[derive(Args, Clone, Debug, Default)]
pub struct LexiconArgs {
    /// Add a lexicon file, or a folder of *.toml lexicons (repeatable).
    #[arg(long = "lexicon", value_name = "PATH")]
    pub lexicons: Vec<PathBuf>,
    /// Use only the lexicons given with --lexicon.
    #[arg(long)]
    pub no_default_lexicons: bool,
    /// Leave out a loaded lexicon by id, e.g. `loaded.en` (repeatable).
    #[arg(long = "exclude-lexicon", value_name = "ID")]
    pub exclude_lexicons: Vec<String>,
}

/// A language flag (`--lang ar|en`).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LangArg {
    /// Arabic.
    Ar,
    /// English.
    En,
}

impl LangArg {
    /// The library's language.
    pub fn language(self) -> framelens::affix::Language {
        match self {
            LangArg::Ar => framelens::affix::Language::Arabic,
            LangArg::En => framelens::affix::Language::English,
        }
    }
}

impl LexiconArgs {
    /// The library's description of these sources.
    pub fn sources(&self) -> LexiconSources {
        LexiconSources {
            no_defaults: self.no_default_lexicons,
            paths: self.lexicons.clone(),
            exclude: self.exclude_lexicons.clone(),
        }
    }

    /// Loads the lexicons, which may be none (`discover` finds words without them).
    pub fn load_any(&self) -> anyhow::Result<LexiconSet> {
        Ok(LexiconSet::load(&self.sources())?)
    }

    /// Loads the lexicons; none at all is a mistake (every count would be zero).
    pub fn load(&self) -> anyhow::Result<LexiconSet> {
        let set = self.load_any()?;
        if set.lexicons().is_empty() {
            // Every folder given holds a lexicon (or loading failed): what is left out is all.
            let why = if self.exclude_lexicons.is_empty() {
                "--no-default-lexicons leaves out the bundled ones and no --lexicon is given"
            } else {
                "--exclude-lexicon leaves out every lexicon loaded"
            };
            anyhow::bail!(
                "no lexicon to match: {why}; give a lexicon file or a folder of .toml lexicons \
                 with --lexicon, or leave the bundled ones in"
            );
        }
        Ok(set)
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Lexicon(command) => lexicon::run(command),
        Command::Normalize(args) => normalize::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Merge(args) => score::run_merge(&args),
        Command::Report(args) => report::run(&args),
        Command::Events(args) => corpus::run_events(&args),
        Command::Articles(args) => corpus::run_articles(&args),
        Command::Kwic(args) => kwic::run(&args),
        Command::Discover(args) => discover::run(&args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Incomplete) => ExitCode::from(1),
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("framelens: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that stopped reading (`framelens ... | head`) is no failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Writes `text` to stdout in one go.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

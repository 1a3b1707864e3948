//! `framelens report`: the HTML framing report.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use framelens::corpus::Corpus;
use framelens::corpus::events::{DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, GroupingConfig};
use framelens::matcher::Matcher;
use framelens::report::{
    self, Analysed, ArticlePages, Refusal, ReportConfig, ReportError, Templates,
};
use framelens::score::{Aggregate, figures, stamp_inputs};

use super::corpus::{CorpusArgs, ProblemLog};
use super::score::set_threads;
use super::{LexiconArgs, Outcome, print};

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The report folder (default: reports/seeds for the bundled seeds, else
    /// reports/<name of the first input>). Replaced whole when the report is complete; it must
    /// be new, empty or a previous framelens report, outside the inputs.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The report's title.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// A folder of templates overriding the bundled ones: any of base.html, index.html,
    /// event.html, outlet.html, article.html, glossary.html, methodology.html, style.css,
    /// script.js, and nothing else (hidden files aside; a misspelt name is an error).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Render from a merged aggregate (`framelens merge`) instead of reading a corpus. It
    /// carries its lexicons, events and counts, and no texts: INPUT, the corpus and lexicon
    /// options, --window, --threshold and --articles cannot be given with it.
    #[arg(long, value_name = "FILE")]
    from_aggregate: Option<PathBuf>,
    // The options below that have a default are `Option`s, so that one given with
    // --from-aggregate can be told from its default and refused.
    /// Which articles get a page: all, those with loaded terms, or none [default: hits].
    #[arg(long, value_enum)]
    articles: Option<ArticlesArg>,
    /// Print the time of the run in the report (off: the same inputs give the same bytes).
    #[arg(long)]
    stamp: bool,
    #[arg(long, value_name = "DAYS", help = format!(
        "Days between two articles of one automatic event [default: {DEFAULT_WINDOW_DAYS}]"
    ))]
    window: Option<u32>,
    #[arg(long, value_name = "X", help = format!(
        "Least TF-IDF cosine similarity for an article to join an automatic event \
         [default: {DEFAULT_THRESHOLD}]"
    ))]
    threshold: Option<f64>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ArticlesArg {
    All,
    Hits,
    None,
}

/// The default folder: reports/seeds, or reports/<name of the input>.
fn default_out(args: &ReportArgs) -> PathBuf {
    let input: Option<&Path> = args
        .from_aggregate
        .as_deref()
        .or_else(|| args.corpus.inputs.first().map(PathBuf::as_path));
    let name = match input {
        None => "seeds".to_string(),
        Some(path) => {
            let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            let stem = path.file_stem().map_or_else(
                || "report".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
            stem.trim_end_matches(".agg").to_string()
        }
    };
    Path::new("reports").join(name)
}

fn stamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(now, 0).map_or_else(
        || now.to_string(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// Refuses, before any work, a report folder that would delete or replace something that is not
/// a previous report, or that meets an input; the library says what is wrong, this says which
/// option to change.
fn check_out(args: &ReportArgs, out: &Path) -> anyhow::Result<()> {
    let inputs: Vec<&Path> = (args.corpus.inputs.iter())
        .chain(&args.from_aggregate)
        .chain(&args.lexicons.lexicons)
        .chain(&args.templates)
        .map(PathBuf::as_path)
        .collect();
    match report::check_out(out, &inputs) {
        Ok(()) => Ok(()),
        Err(ref error @ ReportError::Refused { ref reason, .. }) => {
            let remedy = match reason {
                Refusal::File
                | Refusal::Special
                | Refusal::InsideFile { .. }
                | Refusal::NotAReport { .. } => "give a new or empty folder with --out",
                Refusal::Link => "give the folder it points to, or a new or empty one, with --out",
                Refusal::Foreign { .. } => "move it out, or give another folder with --out",
                Refusal::IsInput { .. }
                | Refusal::HoldsInput { .. }
                | Refusal::InsideInput { .. } => "give a folder outside the inputs with --out",
            };
            if args.out.is_none() {
                // The user did not name this folder: say where it came from.
                anyhow::bail!(
                    "{error}; {remedy} (the default, {}, is relative to the current folder)",
                    out.display()
                )
            }
            anyhow::bail!("{error}; {remedy}")
        }
        Err(error) => Err(error.into()),
    }
}

/// Refuses what a report from an aggregate would silently ignore: the aggregate was read and
/// scored already.
fn check_from_aggregate(args: &ReportArgs) -> anyhow::Result<()> {
    if args.from_aggregate.is_none() {
        return Ok(());
    }
    let corpus = &args.corpus;
    let lexicons = &args.lexicons;
    let given: Vec<&str> = [
        (!corpus.inputs.is_empty(), "INPUT"),
        (!corpus.fields.is_empty(), "--field"),
        (corpus.no_clean, "--no-clean"),
        (corpus.strict, "--strict"),
        (!lexicons.lexicons.is_empty(), "--lexicon"),
        (lexicons.no_default_lexicons, "--no-default-lexicons"),
        (!lexicons.exclude_lexicons.is_empty(), "--exclude-lexicon"),
        (args.window.is_some(), "--window"),
        (args.threshold.is_some(), "--threshold"),
        (args.articles.is_some(), "--articles"),
    ]
    .into_iter()
    .filter_map(|(given, name)| given.then_some(name))
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{} cannot be used with --from-aggregate: the aggregate carries the lexicons, events \
         and counts it was scored with, and no article texts; score the corpus again to change \
         them",
        given.join(", ")
    )
}

pub fn run(args: &ReportArgs) -> anyhow::Result<Outcome> {
    check_from_aggregate(args)?;
    let out = args.out.clone().unwrap_or_else(|| default_out(args));
    check_out(args, &out)?;
    set_threads(args.threads)?;
    let config = ReportConfig {
        title: args
            .title
            .clone()
            .unwrap_or_else(|| "Framing report".to_string()),
        articles: match args.articles.unwrap_or(ArticlesArg::Hits) {
            ArticlesArg::All => ArticlePages::All,
            ArticlesArg::Hits => ArticlePages::Hits,
            ArticlesArg::None => ArticlePages::None,
        },
        stamp: args.stamp.then(stamp),
        templates: match &args.templates {
            Some(dir) => Templates::with_overrides(dir)?,
            None => Templates::bundled(),
        },
    };
    if let Some(path) = &args.from_aggregate {
        let aggregate = Aggregate::read(path)?;
        let set = aggregate.lexicon_set()?;
        let matcher = Matcher::new(&set)?;
        let figures = figures::compute(&aggregate, &set, &matcher);
        let analysed = Analysed { aggregate, figures };
        let index = report::write(&analysed, &set, None, &config, &out)?;
        print(&format!("{}\n", index.display()))?;
        return Ok(Outcome::Clean);
    }
    let threshold = args.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        anyhow::bail!("--threshold must be between 0 and 1, not {threshold}");
    }
    let options = args.corpus.options()?;
    let set = args.lexicons.load()?;
    let matcher = Matcher::new(&set)?;
    let mut log = ProblemLog::new(&options);
    let corpus = Corpus::read(&options);
    for problem in &corpus.problems {
        log.report(problem.clone());
    }
    if log.stopped() {
        return Ok(log.finish());
    }
    let grouping = GroupingConfig {
        window_days: args.window.unwrap_or(DEFAULT_WINDOW_DAYS),
        threshold,
        ..GroupingConfig::default()
    };
    let mut analysed = report::analyse(&corpus, &set, &matcher, &grouping);
    analysed.aggregate.inputs = stamp_inputs(&options.inputs, corpus.stdin_digest.as_ref())
        .context("cannot read the inputs to stamp them")?;
    analysed.figures.inputs = analysed.aggregate.inputs.clone();
    let index = report::write(&analysed, &set, Some(&corpus.articles), &config, &out)?;
    print(&format!("{}\n", index.display()))?;
    Ok(log.finish())
}

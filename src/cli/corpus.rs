//! Corpus commands: the reading options every corpus command shares ([`CorpusArgs`]), the
//! problem report and exit code policy ([`ProblemLog`]), `framelens events` and
//! `framelens articles`.
//!
//! Exit codes for commands that read a corpus: 0 when every input was read; 1 when the command
//! ran to the end but some input could not be read (each problem is on stderr with its file
//! and line, then a count); 2 when it could not run (bad arguments), or `--strict` stopped at
//! the first problem, in which case nothing is written to stdout.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use framelens::corpus::events::{Event, EventGrouper, EventMode, GroupingConfig};
use framelens::corpus::{
    Article, CorpusReader, DateSource, FieldMap, Input, Outlet, Problem, ReadOptions,
    UNKNOWN_OUTLET, outlet_name,
};
use serde::Serialize;

use super::{Outcome, print};

/// Where a corpus comes from and how it is read; shared by every command that reads one.
#[derive(Args, Clone, Debug, Default)]
pub struct CorpusArgs {
    /// Folders (of .txt/.md files, with an optional corpus.toml), or .txt, .md, .jsonl,
    /// .ndjson, .json or .csv/.tsv files; several of any kind; `-` reads JSONL from standard
    /// input. None: the bundled seeds.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Read FIELD from the record's NAME (repeatable): text=content, outlet=media_name,
    /// date=published. Fields: id, text, outlet, date, title, url, language, event.
    #[arg(long = "field", value_name = "FIELD=NAME")]
    pub fields: Vec<String>,
    /// Keep page furniture and repeated text (no cleaning).
    #[arg(long)]
    pub no_clean: bool,
    /// Stop at the first input problem (exit 2, nothing written) instead of reading on.
    #[arg(long)]
    pub strict: bool,
}

impl CorpusArgs {
    /// The library's reading options.
    pub fn options(&self) -> anyhow::Result<ReadOptions> {
        let mut fields = FieldMap::default();
        for spec in &self.fields {
            fields.apply(spec)?;
        }
        let inputs = if self.inputs.is_empty() {
            vec![Input::Bundled]
        } else {
            self.inputs
                .iter()
                .map(|path| {
                    if path.as_os_str() == "-" {
                        Input::Stdin
                    } else {
                        Input::Path(path.clone())
                    }
                })
                .collect()
        };
        if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
            // Standard input can be read once; a second `-` would read nothing.
            anyhow::bail!(
                "`-` (standard input) is given more than once; a file named `-` is `./-`"
            );
        }
        Ok(ReadOptions {
            inputs,
            fields,
            clean: !self.no_clean,
            strict: self.strict,
        })
    }
}

/// Reports input problems on stderr as they come and decides the exit code at the end.
#[derive(Debug, Default)]
pub struct ProblemLog {
    problems: Vec<Problem>,
    strict: bool,
}

impl ProblemLog {
    pub fn new(options: &ReadOptions) -> ProblemLog {
        ProblemLog {
            problems: Vec::new(),
            strict: options.strict,
        }
    }

    /// Prints a problem and keeps it for the summary.
    pub fn report(&mut self, problem: Problem) {
        // One write per problem: standard error is unbuffered, and printing the pieces of the
        // message one by one made a system call of each (a corpus can have thousands).
        let line = format!("framelens: {problem}\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
        self.problems.push(problem);
    }

    /// Whether `--strict` has been hit: the command must stop and write nothing.
    pub fn stopped(&self) -> bool {
        self.strict && !self.problems.is_empty()
    }

    /// The problems so far.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Prints the summary and returns the outcome.
    pub fn finish(&self) -> Outcome {
        if self.problems.is_empty() {
            return Outcome::Clean;
        }
        if self.stopped() {
            eprintln!("framelens: stopped at the first input problem (--strict)");
            return Outcome::Invalid;
        }
        let lost = self
            .problems
            .iter()
            .filter(|p| p.skipped.loses_text())
            .count();
        let n = self.problems.len();
        eprintln!(
            "framelens: {n} problem{} in the input ({lost} skipped text, {} ignored a metadata \
             value); the rest was read",
            if n == 1 { "" } else { "s" },
            n - lost,
        );
        Outcome::Incomplete
    }
}

/// What every corpus command's exit status means.
pub const EXIT_STATUS: &str = "Exit status: 0 when every input was read; 1 when some input \
could not be read (each problem is on stderr with its file and line); 2 on bad arguments, or \
when --strict stopped at the first problem (nothing is written then).";

#[derive(Args)]
#[command(after_help = EXIT_STATUS)]
pub struct EventsArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// The most days between two articles of one automatic event.
    #[arg(long, value_name = "DAYS", default_value_t = framelens::corpus::events::DEFAULT_WINDOW_DAYS)]
    window: u32,
    /// The least TF-IDF cosine similarity (0 to 1) for an article to join an event.
    #[arg(long, value_name = "X", default_value_t = framelens::corpus::events::DEFAULT_THRESHOLD)]
    threshold: f64,
    /// Ignore named events from metadata: group every article automatically (to check a
    /// grouping before pinning it in a manifest).
    #[arg(long)]
    automatic: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// The `events --format json` document.
#[derive(Serialize)]
struct EventsReport<'a> {
    grouping: &'a GroupingConfig,
    articles: usize,
    events: &'a [Event],
    /// Outlets described by manifests, by id.
    outlets: &'a BTreeMap<String, Outlet>,
    /// Articles without an outlet, reported as the unknown outlet.
    without_outlet: usize,
    problems: &'a [Problem],
}

pub fn run_events(args: &EventsArgs) -> anyhow::Result<Outcome> {
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!(
            "--threshold must be between 0 and 1, not {}",
            args.threshold
        );
    }
    let options = args.corpus.options()?;
    let config = GroupingConfig {
        window_days: args.window,
        threshold: args.threshold,
        mode: if args.automatic {
            EventMode::Automatic
        } else {
            EventMode::Named
        },
    };
    let mut log = ProblemLog::new(&options);
    let mut reader = CorpusReader::new(&options);
    let mut grouper = EventGrouper::new(&config);
    let mut articles = 0;
    let mut without_outlet = 0;
    for item in reader.by_ref() {
        match item {
            Ok(article) => {
                articles += 1;
                without_outlet += usize::from(article.outlet.is_none());
                grouper.add(&article);
            }
            Err(problem) => log.report(problem),
        }
    }
    if log.stopped() {
        return Ok(log.finish());
    }
    let (outlets, named) = reader.into_metadata();
    let events = grouper.finish(&named);
    let out = match args.format {
        Format::Json => {
            let report = EventsReport {
                grouping: &config,
                articles,
                events: &events,
                outlets: &outlets,
                without_outlet,
                problems: log.problems(),
            };
            serde_json::to_string_pretty(&report)? + "\n"
        }
        Format::Table => table(&events, &outlets, &config, articles, without_outlet),
    };
    print(&out)?;
    Ok(log.finish())
}

fn table(
    events: &[Event],
    outlets: &BTreeMap<String, Outlet>,
    config: &GroupingConfig,
    articles: usize,
    without_outlet: usize,
) -> String {
    let mut out = String::new();
    let mode = match config.mode {
        EventMode::Named => "named events from metadata, the rest grouped automatically",
        EventMode::Automatic => "all grouped automatically, named events ignored",
    };
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let _ = writeln!(
        out,
        "{} from {} ({mode}; window {} days, threshold {})",
        plural(events.len(), "event", "events"),
        plural(articles, "article", "articles"),
        config.window_days,
        config.threshold,
    );
    for event in events {
        let dates = match (event.first, event.last) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a} – {b}"),
            _ => "undated".to_string(),
        };
        let _ = writeln!(
            out,
            "\n{}  {dates}  {}, {}{}",
            event.id,
            plural(event.articles.len(), "article", "articles"),
            plural(event.outlets, "outlet", "outlets"),
            match event.origin {
                framelens::corpus::events::EventOrigin::Named => ", named",
                framelens::corpus::events::EventOrigin::Automatic => "",
            }
        );
        if let Some(title) = &event.title {
            let _ = writeln!(out, "  {title}");
        }
        for member in &event.articles {
            let date = member
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated   ".to_string());
            let _ = writeln!(
                out,
                "    {}  {date}  {:.3}  {}",
                member.id,
                member.similarity,
                outlet_name(outlets, member.outlet.as_deref()),
            );
        }
    }
    if without_outlet > 0 {
        let _ = writeln!(
            out,
            "\n{} without an outlet in the metadata, shown as \"{UNKNOWN_OUTLET}\".",
            plural(without_outlet, "article", "articles"),
        );
    }
    out
}

#[derive(Args)]
#[command(after_help = EXIT_STATUS)]
pub struct ArticlesArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output format: a summary per article, or JSON Lines (one whole article per line, with
    /// its cleaned text and dropped lines).
    #[arg(long, value_enum, default_value = "table")]
    format: ArticlesFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ArticlesFormat {
    Table,
    Jsonl,
}

/// `framelens articles`: every article as read, to check dates, outlets and cleaning. Output
/// streams as articles are read; with `--strict` it is held until the end, so a stopped run
/// writes nothing.
pub fn run_articles(args: &ArticlesArgs) -> anyhow::Result<Outcome> {
    let options = args.corpus.options()?;
    let mut log = ProblemLog::new(&options);
    let mut reader = CorpusReader::new(&options);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // With --strict, output is held until every input has been read.
    let mut held = Vec::new();
    let mut without_outlet = 0;
    while let Some(item) = reader.next() {
        match item {
            Ok(article) => {
                // Outlet names from the manifests read so far: an article's own folder
                // manifest is read before its articles.
                without_outlet += usize::from(article.outlet.is_none());
                let text = match args.format {
                    ArticlesFormat::Jsonl => serde_json::to_string(&article)? + "\n",
                    ArticlesFormat::Table => article_summary(&article, reader.outlets()),
                };
                if options.strict {
                    held.push(text);
                } else {
                    out.write_all(text.as_bytes())?;
                }
            }
            Err(problem) => log.report(problem),
        }
    }
    if log.stopped() {
        return Ok(log.finish());
    }
    for text in held {
        out.write_all(text.as_bytes())?;
    }
    if without_outlet > 0 && matches!(args.format, ArticlesFormat::Table) {
        writeln!(
            out,
            "{without_outlet} article{} without an outlet in the metadata, shown as \"{UNKNOWN_OUTLET}\".",
            if without_outlet == 1 { "" } else { "s" },
        )?;
    }
    out.flush()?;
    Ok(log.finish())
}

fn article_summary(article: &Article, outlets: &BTreeMap<String, Outlet>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}:{}",
        article.id, article.source.path, article.source.line
    );
    let date = match (&article.date, &article.date_source) {
        (Some(date), DateSource::Metadata { origin, .. }) => format!("{date} ({origin})"),
        (Some(date), DateSource::Text { line, matched, .. }) => {
            format!("{date} (text, line {line}: {matched})")
        }
        _ => "none".to_string(),
    };
    let _ = writeln!(
        out,
        "  outlet: {}  date: {date}  language: {}{}",
        outlet_name(outlets, article.outlet.as_deref()),
        article.language,
        article
            .event
            .as_ref()
            .map(|e| format!("  event: {e}"))
            .unwrap_or_default(),
    );
    if let Some(title) = &article.title {
        let _ = writeln!(out, "  title: {title}");
    }
    for dropped in &article.dropped {
        let _ = writeln!(
            out,
            "  dropped line {}, {}: {}",
            dropped.line,
            dropped.reason.describe(),
            dropped.text.trim()
        );
    }
    out.push('\n');
    out
}

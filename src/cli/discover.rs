//! `framelens discover`: the words and bigrams that distinguish each outlet, side or event from
//! the rest, as a table, TSV, JSON, or term stubs (TOML) to curate into a lexicon.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use framelens::corpus::events::{EventGrouper, EventMode, GroupingConfig};
use framelens::corpus::{CorpusReader, EventInfo, Input, Outlet, ReadOptions, UNKNOWN_OUTLET};
use framelens::lexicon::LexiconSet;
use framelens::matcher::Matcher;
use framelens::score::discover::{
    self, DEFAULT_MIN_Z, DEFAULT_TOP, DiscoverConfig, Discoverer, Discovery, GroupBy, RankConfig,
};
use framelens::score::{DEFAULT_BATCH, map_articles};
use framelens::stats::DEFAULT_PRIOR_SCALE;

use super::corpus::{CorpusArgs, EXIT_STATUS, ProblemLog};
use super::score::set_threads;
use super::{LexiconArgs, Outcome, print};

const AFTER_HELP: &str = "Grouping: --by outlet puts articles without an outlet together as \
\"unknown outlet\"; --by event leaves out articles without a named event (or groups them \
automatically with --automatic-events); --by side puts each article with the side its loaded \
hits in its own voice favor most, and leaves out articles with no such hit or with a tie \
between sides. Left-out articles are counted on stderr.";

#[derive(Args)]
#[command(after_help = format!("{AFTER_HELP}\n\n{EXIT_STATUS}"))]
pub struct DiscoverArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// What to compare: each outlet, each side, or each event against the rest.
    #[arg(long, value_enum)]
    by: By,
    /// Candidates per group.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TOP)]
    top: usize,
    /// Rank only n-grams used at least N times in the corpus (default: 3 from 100,000 words
    /// on, else 2).
    #[arg(long, value_name = "N")]
    min_count: Option<u64>,
    /// Keep only n-grams whose z-score is above Z.
    #[arg(long, value_name = "Z", default_value_t = DEFAULT_MIN_Z)]
    min_z: f64,
    /// With --by event: group articles without a named event automatically (TF-IDF within a
    /// date window, as `framelens events` shows them) instead of leaving them out.
    #[arg(long)]
    automatic_events: bool,
    /// Output format: a table per group, TSV, JSON, or a lexicon of term stubs to curate.
    #[arg(long, value_enum, default_value = "table")]
    format: DiscoverFormat,
    /// Threads, the one that reads and writes among them (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum By {
    Outlet,
    Side,
    Event,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiscoverFormat {
    Table,
    Tsv,
    Json,
    Toml,
}

pub fn run(args: &DiscoverArgs) -> anyhow::Result<Outcome> {
    if args.top == 0 {
        anyhow::bail!("--top 0 would list no n-gram: give 1 or more (default {DEFAULT_TOP})");
    }
    if !args.min_z.is_finite() {
        anyhow::bail!("--min-z must be a number, not {}", args.min_z);
    }
    if args.automatic_events && !matches!(args.by, By::Event) {
        anyhow::bail!("--automatic-events goes with --by event");
    }
    set_threads(args.threads)?;
    let options = args.corpus.options()?;
    let set = args.lexicons.load_any()?;
    let matcher = Matcher::new(&set)?;
    let by = match args.by {
        By::Outlet => GroupBy::Outlet,
        By::Side => GroupBy::Side,
        By::Event => GroupBy::Event,
    };
    let mut log = ProblemLog::new(&options);
    let mut config = DiscoverConfig::by(by);
    let mut event_titles: HashMap<String, String> = HashMap::new();
    if args.automatic_events {
        // A first pass groups the events, so that the counting pass keeps no article in
        // memory; its problems are the second pass's too, reported once.
        let grouping = GroupingConfig {
            mode: EventMode::Named,
            ..GroupingConfig::default()
        };
        let mut grouper = EventGrouper::new(&grouping);
        let mut reader = CorpusReader::new(&options);
        for item in reader.by_ref() {
            match item {
                Ok(article) => grouper.add(&article),
                Err(problem) => log.report(problem),
            }
        }
        if log.stopped() {
            return Ok(log.finish());
        }
        let (_, named) = reader.into_metadata();
        for event in grouper.finish(&named) {
            for member in &event.articles {
                config.events.insert(member.id.clone(), event.id.clone());
            }
            if let Some(title) = event.title {
                event_titles.insert(event.id, title);
            }
        }
    }
    let mut discoverer = Discoverer::new(&matcher, by);
    let mut reader = CorpusReader::new(&options);
    let first_pass = args.automatic_events;
    map_articles(
        &mut reader,
        DEFAULT_BATCH,
        |article, prepared| discover::count_prepared(&matcher, &config, article, prepared),
        |counted, _| {
            discoverer.add(counted);
            Ok::<(), std::convert::Infallible>(())
        },
        |problem| {
            if !first_pass {
                log.report(problem)
            }
        },
    )
    .unwrap_or_else(|never| match never {});
    if log.stopped() {
        return Ok(log.finish());
    }
    let (outlets, events) = reader.into_metadata();
    let rank = RankConfig {
        top: args.top,
        min_count: args.min_count,
        min_z: args.min_z,
        prior_scale: DEFAULT_PRIOR_SCALE,
    };
    let discovery = discoverer.rank(&rank, |id| {
        group_name(by, id, &set, &outlets, &events, &event_titles)
    });
    report_left_out(&discovery);
    if discovery.groups.len() < 2 {
        let found: Vec<&str> = discovery.groups.iter().map(|g| g.name.as_str()).collect();
        anyhow::bail!(
            "discover compares each {} with the rest, but the corpus has {} {} group{}{}: \
             nothing to compare with",
            by.as_str(),
            found.len(),
            by.as_str(),
            if found.len() == 1 { "" } else { "s" },
            if found.is_empty() {
                String::new()
            } else {
                format!(" ({})", found.join(", "))
            }
        );
    }
    let text = match args.format {
        DiscoverFormat::Table => table(&discovery),
        DiscoverFormat::Tsv => tsv(&discovery),
        DiscoverFormat::Json => serde_json::to_string_pretty(&discovery)? + "\n",
        DiscoverFormat::Toml => discover::term_stubs(&discovery, &set, &input_names(&options))?,
    };
    print(&text)?;
    Ok(log.finish())
}

/// The name to show for a group.
fn group_name(
    by: GroupBy,
    id: &str,
    set: &LexiconSet,
    outlets: &BTreeMap<String, Outlet>,
    events: &BTreeMap<String, EventInfo>,
    event_titles: &HashMap<String, String>,
) -> String {
    match by {
        GroupBy::Outlet if id == UNKNOWN_OUTLET => UNKNOWN_OUTLET.to_string(),
        GroupBy::Outlet => framelens::corpus::outlet_name(outlets, Some(id)).to_string(),
        GroupBy::Side => set.side_label(id).unwrap_or(id).to_string(),
        GroupBy::Event => events
            .get(id)
            .and_then(|e| e.title.clone())
            .or_else(|| event_titles.get(id).cloned())
            .unwrap_or_else(|| id.to_string()),
    }
}

/// Says on stderr how many articles are in no group, and why.
fn report_left_out(discovery: &Discovery) {
    let total: usize = discovery.left_out.values().sum();
    if total == 0 {
        return;
    }
    let reasons: Vec<String> = discovery
        .left_out
        .iter()
        .map(|(reason, n)| format!("{n} with {}", reason.describe()))
        .collect();
    eprintln!(
        "framelens: {total} article{} left out of the comparison by {}: {}",
        if total == 1 { "" } else { "s" },
        discovery.by.as_str(),
        reasons.join(", ")
    );
}

/// The inputs as given, for the stubs' sources.
fn input_names(options: &ReadOptions) -> Vec<String> {
    options
        .inputs
        .iter()
        .map(|input| match input {
            Input::Bundled => "(bundled seeds)".to_string(),
            Input::Stdin => "(standard input)".to_string(),
            Input::Path(path) => path.display().to_string(),
        })
        .collect()
}

fn table(discovery: &Discovery) -> String {
    let method = &discovery.method;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Distinctive words and bigrams of each {}, against the rest: Fightin' Words z-scores \
         (informative Dirichlet prior, {} × corpus counts); n-grams used at least {} times in \
         {} articles ({} words); z > {}; top {}.",
        discovery.by.as_str(),
        method.prior_scale,
        method.min_count,
        discovery.articles,
        discovery.words,
        method.min_z,
        method.top
    );
    for group in &discovery.groups {
        let title = if group.name == group.id {
            group.id.clone()
        } else {
            format!("{} — {}", group.id, group.name)
        };
        let _ = writeln!(
            out,
            "\n{title} ({} article{}, {} words)",
            group.articles,
            if group.articles == 1 { "" } else { "s" },
            group.words
        );
        if group.candidates.is_empty() {
            let _ = writeln!(out, "  no n-gram above z = {}", method.min_z);
            continue;
        }
        let _ = writeln!(
            out,
            "  {:>4}  {:>6}  {:>6}  {:>6}  {:>6}  n-gram",
            "rank", "z", "delta", "here", "rest"
        );
        for (rank, c) in group.candidates.iter().enumerate() {
            let mark = c
                .lexicon_term
                .as_ref()
                .map(|t| format!("  [lexicon term {t}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>4}  {:>6.2}  {:>6.2}  {:>6}  {:>6}  {}{mark}",
                rank + 1,
                c.score.z,
                c.score.delta,
                c.score.target_count,
                c.score.reference_count,
                c.score.term
            );
        }
    }
    out
}

fn tsv(discovery: &Discovery) -> String {
    let mut out =
        String::from("group\trank\tngram\tz\tdelta\ttarget_count\treference_count\tlexicon_term\n");
    for group in &discovery.groups {
        for (rank, c) in group.candidates.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                group.id.replace(['\t', '\n', '\r'], " "),
                rank + 1,
                c.score.term,
                c.score.z,
                c.score.delta,
                c.score.target_count,
                c.score.reference_count,
                c.lexicon_term.as_deref().unwrap_or("")
            );
        }
    }
    out
}

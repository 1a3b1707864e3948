//! `framelens score` and `framelens merge`: the map and reduce steps of corpus scoring.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use framelens::corpus::{CorpusReader, Input};
use framelens::matcher::Matcher;
use framelens::output::write_atomic;
use framelens::report::{Refusal, check_apart};
use framelens::score::{
    Aggregate, ScoreOptions, Scorer, csv, merge_parts, stamp_inputs, write_record,
};

use super::corpus::{CorpusArgs, ProblemLog};
use super::{LexiconArgs, Outcome};

#[derive(Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Record format: one JSON object per line, or a CSV table of articles.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: RecordFormat,
    /// Write the records to FILE (written whole or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the partial aggregate (every count every figure needs) to FILE.
    #[arg(long, value_name = "FILE")]
    aggregate: Option<PathBuf>,
    /// Threads, the one that reads and writes among them (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum RecordFormat {
    Jsonl,
    Csv,
}

#[derive(Args)]
pub struct MergeArgs {
    /// Partial aggregates written by `framelens score --aggregate`.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Write the merged aggregate to FILE (written whole or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Bytes of records written to standard output per system call (a pipe holds 64 KiB): with
/// the default 8 KiB, scoring SaudiNewsNet into a file on one core took 0.14 s of system time
/// instead of 0.09 s, and 7 % more time in all. (`-o` has its own, larger buffer.)
const STDOUT_BUFFER: usize = 64 * 1024;

/// The most `--threads` takes: far beyond any core count, short of a typo's 100,000 threads
/// (each with its stack) that would take minutes to start.
const MAX_THREADS: usize = 1024;

/// Sets the size of rayon's global pool.
pub fn set_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        if n == 0 || n > MAX_THREADS {
            anyhow::bail!("--threads {n}: give a number of threads from 1 to {MAX_THREADS}");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot set up the worker threads")?;
    }
    Ok(())
}

/// A progress line on stderr when it is a terminal, nothing otherwise.
pub fn progress(what: &'static str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec}, {elapsed})")
            .expect("a valid template"),
    );
    bar.set_message(what);
    bar
}

pub fn run(args: &ScoreArgs) -> anyhow::Result<Outcome> {
    // Scoring streams: its heap stays small and is given back and taken again all the time.
    // mimalloc asks for transparent huge pages, and the first touch of each zeroes 2 MiB
    // however little of it is used before it goes back: on SaudiNewsNet the system time swung
    // between 0.06 and 0.19 s from run to run (0.05-0.10 s without them) and the peak memory
    // was 69 MB (41 MB without). A report, which holds the corpus, is 8 % faster with them,
    // so only scoring turns them off. Where the kernel refuses, only speed differs.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    set_threads(args.threads)?;
    let options = args.corpus.options()?;
    let outputs: Vec<&Path> = [&args.output, &args.aggregate]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    check_outputs(&options.inputs, &outputs)?;
    let set = args.lexicons.load()?;
    let matcher = Matcher::new(&set)?;
    let scorer = Scorer::new(&set, &matcher);
    let score_options = ScoreOptions {
        aggregate: args.aggregate.is_some(),
        ..ScoreOptions::default()
    };
    let mut log = ProblemLog::new(&options);
    let mut reader = CorpusReader::new(&options);
    let bar = progress("articles scored");
    // Returns the aggregate and whether `--strict` stopped the run (then nothing is written).
    let mut run = |out: &mut dyn Write| -> anyhow::Result<(Aggregate, bool)> {
        let sides: Vec<String> = set.side_ids().into_iter().map(str::to_string).collect();
        let mut writer = RecordWriter::new(args.format, out, &sides);
        let aggregate = scorer.score_reader(
            &mut reader,
            &score_options,
            // Each record as a JSON line or a CSV row, on the worker that scored it.
            |record, bytes| match args.format {
                RecordFormat::Jsonl => {
                    write_record(bytes, record);
                    bytes.push(b'\n');
                }
                RecordFormat::Csv => csv::write_article_row(bytes, record, &sides),
            },
            |rendered| {
                bar.inc(1);
                writer.write(rendered)
            },
            |problem| log.report(problem.clone()),
        )?;
        writer.finish()?;
        Ok((aggregate, log.stopped()))
    };
    let aggregate = match &args.output {
        Some(path) => {
            let mut outcome = None;
            let written = write_atomic(path, |out| {
                let (aggregate, stopped) = run(out).map_err(io::Error::other)?;
                outcome = Some((aggregate, stopped));
                if stopped {
                    // Fails the write: the temporary file goes, FILE stays as it was.
                    return Err(io::Error::other("stopped"));
                }
                Ok(())
            });
            match outcome {
                Some((_, true)) => None,
                _ => {
                    written.with_context(|| format!("cannot write {}", path.display()))?;
                    outcome.map(|(aggregate, _)| aggregate)
                }
            }
        }
        None if options.strict => {
            // Held until every input is read: a stopped run prints nothing.
            let mut held = Vec::new();
            let (aggregate, stopped) = run(&mut held)?;
            if !stopped {
                let mut out = io::stdout().lock();
                out.write_all(&held)?;
                out.flush()?;
            }
            (!stopped).then_some(aggregate)
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(STDOUT_BUFFER, stdout.lock());
            let (aggregate, _) = run(&mut out)?;
            out.flush()?;
            Some(aggregate)
        }
    };
    bar.finish_and_clear();
    let Some(aggregate) = aggregate.filter(|_| !log.stopped()) else {
        return Ok(log.finish());
    };
    if let Some(path) = &args.aggregate {
        let mut aggregate = aggregate;
        aggregate.inputs = stamp_inputs(&options.inputs, reader.stdin_digest().as_ref())
            .context("cannot read the inputs to stamp them")?;
        write_aggregate(&aggregate, path)?;
    }
    Ok(log.finish())
}

/// Refuses, before any work, an output that would overwrite an input (a file given, or one in
/// a folder given) or the other output, and one whose folder does not exist: the aggregate is
/// written after the whole corpus is scored, too late to say so.
fn check_outputs(inputs: &[Input], outputs: &[&Path]) -> anyhow::Result<()> {
    let read: Vec<&Path> = inputs
        .iter()
        .filter_map(|input| match input {
            Input::Path(path) => Some(path.as_path()),
            _ => None,
        })
        .collect();
    for (i, &output) in outputs.iter().enumerate() {
        // A device (`/dev/null`) may take both.
        let device = fs::metadata(output).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if outputs[..i].contains(&output) && !device {
            anyhow::bail!(
                "-o and --aggregate are both {}; give them different files",
                output.display()
            );
        }
        // The report's test of paths against the inputs; a new file beside them destroys
        // nothing, so only an existing output is judged.
        if output.exists() {
            let what = match check_apart(output, &read) {
                Err(Refusal::IsInput { .. }) => Some("is an input of this run"),
                Err(Refusal::InsideInput { .. }) => Some("is in an input folder of this run"),
                _ => None,
            };
            if let Some(what) = what {
                anyhow::bail!(
                    "{} {what}: writing it would destroy the input; write elsewhere",
                    output.display()
                );
            }
        }
        let folder = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            anyhow::bail!(
                "cannot write {}: there is no folder {}",
                output.display(),
                folder.display()
            );
        }
    }
    Ok(())
}

fn write_aggregate(aggregate: &Aggregate, path: &Path) -> anyhow::Result<()> {
    write_atomic(path, |out| {
        aggregate.write_to(out).map_err(io::Error::other)
    })
    .with_context(|| format!("cannot write {}", path.display()))
}

pub fn run_merge(args: &MergeArgs) -> anyhow::Result<Outcome> {
    // Each part is read when the one before is summed: memory holds the sum and one part.
    let merged = merge_parts(
        args.parts
            .iter()
            .map(|path| Ok((path.display().to_string(), Aggregate::read(path)?))),
    )?;
    match &args.output {
        Some(path) => write_aggregate(&merged, path)?,
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            merged.write_to(&mut out)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Clean)
}

/// Writes rendered records, with the CSV header first (also when there are none).
struct RecordWriter<'w> {
    format: RecordFormat,
    out: &'w mut dyn Write,
    sides: &'w [String],
    header: bool,
}

impl<'w> RecordWriter<'w> {
    fn new(format: RecordFormat, out: &'w mut dyn Write, sides: &'w [String]) -> RecordWriter<'w> {
        RecordWriter {
            format,
            out,
            sides,
            header: false,
        }
    }

    fn write(&mut self, rendered: &[u8]) -> anyhow::Result<()> {
        self.write_header()?;
        self.out.write_all(rendered)?;
        Ok(())
    }

    fn write_header(&mut self) -> anyhow::Result<()> {
        if matches!(self.format, RecordFormat::Csv) && !self.header {
            self.out
                .write_all(csv::article_header(self.sides).as_bytes())?;
            self.header = true;
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.write_header()?;
        self.out.flush()?;
        Ok(())
    }
}

//! `framelens kwic`: every hit of a term or form in its context, as a table, TSV or JSON.
//!
//! Lines are written as articles are matched (in input order); with `--strict` they are held
//! until every input has been read, so a stopped run writes nothing.

use std::fmt::Write as _;
use std::io::{self, Write as _};

use clap::{Args, ValueEnum};
use framelens::corpus::CorpusReader;
use framelens::kwic::{DEFAULT_WINDOW, Kwic, KwicLine, Query};
use framelens::score::{DEFAULT_BATCH, map_articles};

use super::corpus::{CorpusArgs, EXIT_STATUS, ProblemLog};
use super::score::set_threads;
use super::{LexiconArgs, Outcome};

#[derive(Args)]
#[command(after_help = EXIT_STATUS)]
pub struct KwicArgs {
    /// A term id (`mercenaries`: that term in every lexicon; `karabakh.ar/mercenaries`) or,
    /// when no term has that id, a word or phrase, matched like a lexicon form (with its
    /// clitics and endings: `مرتزقة` finds `والمرتزقة`).
    #[arg(value_name = "TERM-OR-FORM")]
    query: String,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Words of context on each side.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WINDOW)]
    window: usize,
    /// Look for TERM-OR-FORM as a word or phrase even when a term has that id.
    #[arg(long)]
    form: bool,
    /// Output format: one line per hit (the match in brackets, readable in Arabic), TSV
    /// (article, outlet, voice, left, match, right), or a JSON array of hits with their
    /// places.
    #[arg(long, value_enum, default_value = "table")]
    format: KwicFormat,
    /// Threads, the one that reads and writes among them (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum KwicFormat {
    Table,
    Tsv,
    Json,
}

pub fn run(args: &KwicArgs) -> anyhow::Result<Outcome> {
    set_threads(args.threads)?;
    let options = args.corpus.options()?;
    let set = args.lexicons.load()?;
    let query = if args.form {
        Query::Form(args.query.trim().to_string())
    } else {
        Query::resolve(&set, &args.query)?
    };
    let kwic = Kwic::new(&set, query)?;
    let mut log = ProblemLog::new(&options);
    let mut reader = CorpusReader::new(&options);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // With --strict, output is held until every input has been read.
    let mut held = String::new();
    let mut emit = |text: &str, out: &mut io::BufWriter<io::StdoutLock>| -> io::Result<()> {
        if options.strict {
            held.push_str(text);
            Ok(())
        } else {
            out.write_all(text.as_bytes())
        }
    };
    let head = match args.format {
        KwicFormat::Table => String::new(),
        KwicFormat::Tsv => "article\toutlet\tvoice\tleft\tmatch\tright\n".to_string(),
        KwicFormat::Json => "[".to_string(),
    };
    emit(&head, &mut out)?;
    let (mut hits, mut articles, mut with_hits) = (0usize, 0usize, 0usize);
    map_articles(
        &mut reader,
        DEFAULT_BATCH,
        |article, _| {
            let found = kwic.hits(&article.text);
            (!found.is_empty()).then(|| (article.clone(), found))
        },
        |result, outlets| {
            articles += 1;
            let Some((article, found)) = result else {
                return Ok(());
            };
            with_hits += 1;
            let lines = framelens::kwic::kwic(&article, outlets, &found, args.window);
            let mut text = String::new();
            for line in &lines {
                match args.format {
                    KwicFormat::Table => table_line(&mut text, line),
                    KwicFormat::Tsv => tsv_line(&mut text, line),
                    KwicFormat::Json => {
                        text.push_str(if hits == 0 { "\n" } else { ",\n" });
                        text.push_str(&serde_json::to_string(line).map_err(io::Error::other)?);
                    }
                }
                hits += 1;
            }
            emit(&text, &mut out)
        },
        |problem| log.report(problem),
    )?;
    if log.stopped() {
        return Ok(log.finish());
    }
    let tail = match args.format {
        KwicFormat::Table => format!(
            "{hits} hit{} of {} in {with_hits} of {articles} article{}\n",
            if hits == 1 { "" } else { "s" },
            kwic.query(),
            if articles == 1 { "" } else { "s" },
        ),
        KwicFormat::Tsv => String::new(),
        KwicFormat::Json if hits == 0 => "]\n".to_string(),
        KwicFormat::Json => "\n]\n".to_string(),
    };
    emit(&tail, &mut out)?;
    if hits == 0 && matches!(kwic.query(), Query::Terms(_)) {
        // An English word can be the id of an Arabic term (`regime`): say how to look for
        // the word itself.
        eprintln!(
            "framelens: \"{}\" was read as a term id; to look for the word itself, add --form",
            args.query.trim()
        );
    }
    out.write_all(held.as_bytes())?;
    out.flush()?;
    Ok(log.finish())
}

/// `article:line  outlet  voice  left [match] right`: the bracketed match stays readable in
/// right-to-left text, where padding to align the matches would not.
fn table_line(out: &mut String, line: &KwicLine) {
    let _ = writeln!(
        out,
        "{}:{}  {}  {}  {} [{}] {}",
        line.article,
        line.line,
        cell(&line.outlet_name),
        line.voice,
        line.left,
        cell(&line.matched),
        line.right
    );
}

fn tsv_line(out: &mut String, line: &KwicLine) {
    let cells = [
        cell(&line.article),
        cell(&line.outlet_name),
        line.voice.to_string(),
        cell(&line.left),
        cell(&line.matched),
        cell(&line.right),
    ];
    out.push_str(&cells.join("\t"));
    out.push('\n');
}

/// One cell on one line: tabs and line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

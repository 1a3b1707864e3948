//! `framelens lexicon evaluate`: lexicon QA against annotated text, as a table or JSON.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use framelens::evaluate::{
    DEFAULT_TECHNIQUES, EvaluateConfig, Evaluation, Gold, GoldFormat, Score, TermScore, evaluate,
    split_techniques,
};
use framelens::matcher::Matcher;
use serde::Serialize;

use super::{LexiconArgs, Outcome, print};

#[derive(Args)]
pub struct EvaluateArgs {
    /// Gold annotations: an ArMPro JSONL file, or a PTC folder (or its labels.tsv).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Format of the gold annotations.
    #[arg(long, value_enum, value_name = "FORMAT")]
    gold_format: GoldFormatArg,
    /// Gold techniques that count, comma-separated; `Name_Calling-Labeling` and
    /// `Name_Calling,Labeling` are the same. [default: Loaded_Language,Name_Calling-Labeling]
    #[arg(long, value_name = "A,B")]
    techniques: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// How many false-positive terms and missed spans to show.
    #[arg(long, default_value_t = 20, value_name = "N")]
    top: usize,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum GoldFormatArg {
    Armpro,
    Ptc,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

pub fn run(args: &EvaluateArgs) -> anyhow::Result<Outcome> {
    let format = match args.gold_format {
        GoldFormatArg::Armpro => GoldFormat::Armpro,
        GoldFormatArg::Ptc => GoldFormat::Ptc,
    };
    let gold = Gold::read(&args.gold, format)?;
    let lexicons = args.lexicons.load()?;
    let matcher = Matcher::new(&lexicons)?;
    let config = EvaluateConfig {
        techniques: match &args.techniques {
            Some(list) => split_techniques(list, &gold.techniques()),
            None => DEFAULT_TECHNIQUES.iter().map(ToString::to_string).collect(),
        },
    };
    if config.techniques.is_empty() {
        anyhow::bail!("--techniques names no technique");
    }
    let evaluation = evaluate(&matcher, &lexicons, &gold, &config);
    let text = match args.format {
        Format::Table => table(&evaluation, args.top),
        Format::Json => json(&evaluation, args.top)?,
    };
    print(&text)?;
    Ok(Outcome::Clean)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    evaluation: &'a Evaluation,
    /// `lexicon/term` ids, most false positives first (at most --top).
    false_positive_terms: Vec<String>,
}

fn json(evaluation: &Evaluation, top: usize) -> anyhow::Result<String> {
    let mut shown = evaluation.clone();
    shown.missed.truncate(top);
    let report = JsonReport {
        false_positive_terms: evaluation
            .false_positive_terms()
            .into_iter()
            .take(top)
            .map(|t| format!("{}/{}", t.lexicon, t.term))
            .collect(),
        evaluation: &shown,
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn score_row(out: &mut String, name: &str, score: &Score) {
    let _ = writeln!(
        out,
        "  {name:<36} {:>6} {:>7} {:>9} {:>6} {:>7} {:>6}",
        score.flags,
        score.correct,
        ratio(score.precision),
        score.found,
        ratio(score.recall),
        ratio(score.f1)
    );
}

fn header(out: &mut String, first: &str) {
    let _ = writeln!(
        out,
        "  {first:<36} {:>6} {:>7} {:>9} {:>6} {:>7} {:>6}",
        "flags", "correct", "precision", "found", "recall", "F1"
    );
}

fn table(evaluation: &Evaluation, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "gold: {} ({}), {} texts",
        evaluation.gold, evaluation.format, evaluation.documents
    );
    for technique in &evaluation.techniques {
        let _ = writeln!(
            out,
            "  {:<36} {} gold spans, {} found (recall {})",
            technique.technique,
            technique.gold_spans,
            technique.found,
            ratio(technique.recall)
        );
    }
    let _ = writeln!(
        out,
        "flags: hits on loaded terms (not attribution verbs or neutral names); a flag is correct \
         when it overlaps a gold span\n"
    );
    header(&mut out, "");
    score_row(&mut out, "overall", &evaluation.overall);
    for lexicon in &evaluation.lexicons {
        score_row(&mut out, &lexicon.lexicon, &lexicon.score);
    }

    let _ = writeln!(out, "\nper term (most flags first)");
    header(&mut out, "term");
    for term in &evaluation.terms {
        score_row(&mut out, &term_id(term), &term.score);
    }

    let _ = writeln!(out, "\nterms with the most false positives");
    let wrong = evaluation.false_positive_terms();
    if wrong.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for term in wrong.into_iter().take(top) {
        let examples: Vec<String> = term
            .false_positive_matches
            .iter()
            .take(5)
            .map(|c| format!("{} ×{}", c.text, c.count))
            .collect();
        let _ = writeln!(
            out,
            "  {:<36} {:>4} of {:>4} flags  {}",
            term_id(term),
            term.false_positives,
            term.score.flags,
            examples.join(", ")
        );
    }

    let _ = writeln!(out, "\nmost frequent missed gold spans (normalized)");
    if evaluation.missed.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for missed in evaluation.missed.iter().take(top) {
        let _ = writeln!(out, "  {:>4}  {}", missed.count, missed.text);
    }
    out
}

fn term_id(term: &TermScore) -> String {
    format!("{}/{}", term.lexicon, term.term)
}

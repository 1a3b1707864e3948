//! `framelens lexicon validate|list|explain|export|evaluate`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use framelens::lexicon::{
    ExportFormat, Favors, Lexicon, LexiconError, LexiconSet, Role, Term, export, lexicon_files,
};
use framelens::matcher::{HitKind, Matcher};

use super::{LexiconArgs, Outcome, print};

#[derive(Subcommand)]
pub enum LexiconCommand {
    /// Check lexicon files (default: the bundled ones), each on its own, and report every
    /// file's mistakes or `ok`; exit 0 when all are valid, 2 when not.
    Validate {
        /// Lexicon files or folders of *.toml (every file in a folder is checked).
        paths: Vec<PathBuf>,
    },
    /// List the loaded lexicons and their terms.
    List {
        #[command(flatten)]
        lexicons: LexiconArgs,
    },
    /// Everything the lexicons say about a term, by id (`mercenaries`, `karabakh.ar/mercenaries`)
    /// or by a word as it appears in text (`والمرتزقة`).
    Explain {
        /// Term id or word.
        term: String,
        #[command(flatten)]
        lexicons: LexiconArgs,
    },
    /// Export the lexicons for other tools: CSV, a LIWC-2015 .dic, or a quanteda YAML dictionary.
    Export(ExportArgs),
    /// Measure the loaded terms against annotated text: precision, recall and F1, overall, per
    /// lexicon and per term, the terms with the most false positives and the most missed spans.
    Evaluate(super::evaluate::EvaluateArgs),
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    to: To,
    /// Write forms as framelens normalizes them (for text passed through `framelens normalize`).
    #[arg(long)]
    normalized: bool,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum To {
    Csv,
    Liwc,
    Quanteda,
}

pub fn run(command: LexiconCommand) -> anyhow::Result<Outcome> {
    match command {
        LexiconCommand::Validate { paths } => validate(&paths),
        LexiconCommand::List { lexicons } => {
            print(&list(&lexicons.load()?))?;
            Ok(Outcome::Clean)
        }
        LexiconCommand::Explain { term, lexicons } => explain(&lexicons.load()?, &term),
        LexiconCommand::Export(args) => {
            let format = match args.to {
                To::Csv => ExportFormat::Csv,
                To::Liwc => ExportFormat::Liwc,
                To::Quanteda => ExportFormat::Quanteda,
            };
            let text = export(&args.lexicons.load()?, format, args.normalized);
            match &args.output {
                Some(path) => std::fs::write(path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print(&text)?,
            }
            Ok(Outcome::Clean)
        }
        LexiconCommand::Evaluate(args) => super::evaluate::run(&args),
    }
}

fn validate(paths: &[PathBuf]) -> anyhow::Result<Outcome> {
    let mut report = String::new();
    let mut valid = Vec::new();
    let mut invalid = 0;
    let mut check = |result: Result<Vec<Lexicon>, String>, report: &mut String| match result {
        Ok(lexicons) => {
            for lexicon in lexicons {
                let _ = writeln!(report, "ok: {}", summary(&lexicon));
                valid.push(lexicon);
            }
        }
        Err(error) => {
            invalid += 1;
            let _ = writeln!(report, "{error}");
        }
    };
    if paths.is_empty() {
        check(
            (LexiconSet::bundled().map(|s| s.lexicons().to_vec())).map_err(|e| e.to_string()),
            &mut report,
        );
    }
    // File by file, so that one file's mistakes never hide another's.
    for path in paths {
        match lexicon_files(path) {
            Ok(files) => {
                for file in files {
                    let result = Lexicon::read(&file).map(|l| vec![l]);
                    check(result.map_err(|e| e.to_string()), &mut report);
                }
            }
            Err(error) => check(Err(error.to_string()), &mut report),
        }
    }
    // Every clash of ids, not only the first: a later lexicon with a taken id is left out.
    let mut distinct: Vec<Lexicon> = Vec::new();
    for lexicon in valid {
        match distinct.iter().find(|l| l.meta.id == lexicon.meta.id) {
            Some(first) => {
                invalid += 1;
                let error = LexiconError::DuplicateLexicon {
                    id: lexicon.meta.id.clone(),
                    first: first.origin.clone(),
                    second: lexicon.origin.clone(),
                };
                let _ = writeln!(report, "{error}");
            }
            None => distinct.push(lexicon),
        }
    }
    let set = LexiconSet::new(distinct)?;
    for overlap in set.overlaps() {
        let _ = writeln!(
            report,
            "note: form `{}` is listed by {} and {}; {} wins (loaded first)",
            overlap.form, overlap.winner, overlap.shadowed, overlap.winner
        );
    }
    print(&report)?;
    Ok(if invalid == 0 {
        Outcome::Clean
    } else {
        Outcome::Invalid
    })
}

fn summary(lexicon: &Lexicon) -> String {
    let (loaded, attribution) = lexicon
        .terms
        .iter()
        .partition::<Vec<&Term>, _>(|t| t.role == Role::Loaded);
    format!(
        "{} ({} {}, {}): {} terms, {} attribution entries, {} actors, {} contested-name choices",
        lexicon.origin,
        lexicon.meta.id,
        lexicon.meta.version,
        lexicon.meta.language,
        loaded.len(),
        attribution.len(),
        lexicon.actors.len(),
        lexicon.choices.len()
    )
}

fn favors(set: &LexiconSet, term: &Term) -> String {
    match &term.favors {
        Favors::Neutral => "no side (loaded, side-neutral)".to_string(),
        Favors::Side(side) => match set.side_label(side) {
            Some(label) => format!("{side} ({label})"),
            None => side.clone(),
        },
        Favors::Actor => format!(
            "the side of the nearest actor ({} within {} words)",
            term.actor_direction.as_str(),
            term.actor_window
        ),
        Favors::AgainstActor => format!(
            "the opponent of the nearest actor's side ({} within {} words)",
            term.actor_direction.as_str(),
            term.actor_window
        ),
    }
}

fn list(set: &LexiconSet) -> String {
    let mut out = String::new();
    for lexicon in set.lexicons() {
        let _ = writeln!(out, "{} — {}", lexicon.meta.id, lexicon.meta.title);
        let _ = writeln!(out, "  {}", summary(lexicon));
        for term in &lexicon.terms {
            let what = match term.role {
                Role::Loaded => match &term.favors {
                    Favors::Neutral => "neutral".to_string(),
                    f => format!("favors {}", f.as_str()),
                },
                Role::Attribution { stance, .. } => stance.to_string(),
            };
            let forms: Vec<&str> = term.forms.iter().map(String::as_str).take(4).collect();
            let more = term.forms.len().saturating_sub(4);
            let _ = writeln!(
                out,
                "  {:<28} {:<22} {:<16} {:<8} {}{}",
                term.id,
                what,
                term.frame.as_deref().unwrap_or("-"),
                term.severity,
                forms.join(", "),
                if more > 0 {
                    format!(" (+{more})")
                } else {
                    String::new()
                }
            );
        }
        let _ = writeln!(out);
    }
    out
}

fn explain(set: &LexiconSet, query: &str) -> anyhow::Result<Outcome> {
    let mut found: Vec<(&Lexicon, &Term)> = Vec::new();
    if let Some(pair) = set.find_term(query).filter(|_| query.contains('/')) {
        found.push(pair);
    } else {
        for lexicon in set.lexicons() {
            if let Some(term) = lexicon.term(query) {
                found.push((lexicon, term));
            }
        }
    }
    let mut matched_as = Vec::new();
    if found.is_empty() {
        // Not an id: treat it as text and explain whatever it matches.
        let matcher = Matcher::new(set)?;
        for hit in matcher.analyze(query).hits {
            if hit.kind == HitKind::Name {
                continue;
            }
            if let Some(pair) = set.find_term(&format!("{}/{}", hit.lexicon, hit.term)) {
                matched_as.push(format!(
                    "`{}` matches {}/{}",
                    hit.matched, hit.lexicon, hit.term
                ));
                found.push(pair);
            }
        }
    }
    if found.is_empty() {
        anyhow::bail!("no term has the id `{query}`, and no term matches it as text");
    }
    let mut out = String::new();
    for line in matched_as {
        let _ = writeln!(out, "{line}");
    }
    for (lexicon, term) in found {
        out.push_str(&describe(set, lexicon, term));
    }
    print(&out)?;
    Ok(Outcome::Clean)
}

fn describe(set: &LexiconSet, lexicon: &Lexicon, term: &Term) -> String {
    let mut out = String::new();
    let label = term.label.as_deref().unwrap_or("");
    let _ = writeln!(out, "\n{}/{}  {label}", lexicon.meta.id, term.id);
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(out, "  {name:<15}{value}");
        }
    };
    field(
        "lexicon",
        format!(
            "{} {} ({}:{})",
            lexicon.meta.title, lexicon.meta.version, lexicon.origin, term.line
        ),
    );
    match term.role {
        Role::Loaded => field("favors", favors(set, term)),
        Role::Attribution { stance, speech, .. } => {
            field(
                "stance",
                format!(
                    "{stance} toward the actor it introduces ({} within {} words)",
                    term.actor_direction.as_str(),
                    term.actor_window
                ),
            );
            if speech {
                field("speech", "introduces reported speech".to_string());
            }
        }
    }
    if let Some(frame) = term.frame.as_deref() {
        let described = lexicon
            .frame(frame)
            .map(|f| format!("{frame} ({}): {}", f.label, f.description))
            .unwrap_or_else(|| frame.to_string());
        field("frame", described);
    }
    field(
        "severity",
        format!("{}, weight {}", term.severity, term.weight),
    );
    field(
        "forms",
        format!(
            "{}  [affixes {}, word class {}]",
            term.forms.join(", "),
            term.affixes.as_str(),
            term.word_class.as_str()
        ),
    );
    field("patterns", term.patterns.join("  "));
    let proximity: Vec<String> = term
        .proximity
        .iter()
        .map(|p| {
            format!(
                "{} … {} (within {} words)",
                p.first.join("|"),
                p.then.join("|"),
                p.within
            )
        })
        .collect();
    field("proximity", proximity.join("; "));
    let exceptions: Vec<String> = term
        .exceptions
        .iter()
        .map(|e| {
            let parts: Vec<String> = [
                e.preceded_by.as_ref().map(|p| format!("preceded by `{p}`")),
                e.followed_by.as_ref().map(|p| format!("followed by `{p}`")),
            ]
            .into_iter()
            .flatten()
            .collect();
            if e.forms.is_empty() {
                parts.join(" and ")
            } else {
                format!("{}: {}", e.forms.join("/"), parts.join(" and "))
            }
        })
        .collect();
    field("exceptions", exceptions.join("; "));
    field("neutral", term.neutral.join("; "));
    for choice in &lexicon.choices {
        if choice
            .variants
            .iter()
            .any(|v| v.term.as_deref() == Some(&term.id))
        {
            let variants: Vec<String> = choice
                .variants
                .iter()
                .map(|v| match &v.side {
                    Some(side) => format!("{} ({side})", v.label),
                    None => v.label.clone(),
                })
                .collect();
            field(
                "contested name",
                format!("{}: {}", choice.label, variants.join(" / ")),
            );
        }
    }
    field("why", term.explanation.clone());
    out
}

//! `framelens check`: the editor's linter.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use framelens::check::{
    Config, DraftFormat, FailOn, Finding, Linter, Problem, Settings, VoiceFilter, render, summarize,
};
use framelens::lexicon::{LexiconSet, LexiconSources};

use super::{LangArg, LexiconArgs, Outcome, print};

#[derive(Args)]
pub struct CheckArgs {
    /// Drafts to check (plain text or Markdown); `-` or none reads stdin.
    files: Vec<PathBuf>,
    /// Output: human, json, or one line per finding.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 when a finding is at or above this level (default: warning, or the config's).
    #[arg(long, value_enum)]
    fail_on: Option<FailOnArg>,
    /// Report only the writer's own words (`own`), or every voice (`all`).
    #[arg(long, value_enum)]
    voice: Option<VoiceArg>,
    /// The drafts' language (default: detected from the script).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Treat stdin (and files of any extension) as Markdown.
    #[arg(long)]
    markdown: bool,
    /// Do not report this term (`term` or `lexicon/term`; repeatable; an id no lexicon has is an
    /// error).
    #[arg(long = "disable", value_name = "TERM")]
    disable: Vec<String>,
    /// Ignore `.framelens.toml` files.
    #[arg(long)]
    no_config: bool,
    /// Colour: auto (on a terminal without NO_COLOR), always, never. NO_COLOR always wins.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    #[command(flatten)]
    lexicons: LexiconArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Line,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Info,
    Warning,
    Error,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum VoiceArg {
    All,
    Own,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// A draft to check: where it is named from, its text, and where to look for a config.
struct Draft {
    name: String,
    text: String,
    format: DraftFormat,
    config_dir: PathBuf,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let mut unreadable = 0;
    let mut drafts = Vec::new();
    let paths: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    for path in &paths {
        match read_draft(path, args.markdown) {
            Ok(draft) => drafts.push(draft),
            Err(error) => {
                eprintln!("framelens: {error:#}");
                unreadable += 1;
            }
        }
    }
    if drafts.is_empty() && unreadable > 0 {
        // Nothing was checked: a summary of "no findings" would read as a clean draft.
        return Ok(Outcome::Invalid);
    }
    // One linter per configuration file: drafts in different folders may have different styles.
    let mut linters: HashMap<Option<PathBuf>, (Linter, FailOn)> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut summary_set: Option<LexiconSet> = None;
    let mut failing = false;
    for draft in &drafts {
        let config = if args.no_config {
            None
        } else {
            Config::discover(&draft.config_dir)?
        };
        let key = config.as_ref().map(|c| c.path.clone());
        if !linters.contains_key(&key) {
            let built = linter(args, config.as_ref())?;
            linters.insert(key.clone(), built);
        }
        let (linter, fail_on) = &linters[&key];
        summary_set.get_or_insert_with(|| linter.lexicons().clone());
        let checked = linter.check(&draft.name, &draft.text, draft.format);
        failing |= checked.findings.iter().any(|f| fail_on.fails(f.severity));
        findings.extend(checked.findings);
        // Said on stderr in every format (and listed in JSON): a comment that silences nothing
        // is the writer's mistake, not loaded language, so it changes no exit code.
        for problem in &checked.problems {
            eprintln!("framelens: {problem}");
        }
        problems.extend(checked.problems);
    }
    let set = match summary_set {
        Some(set) => set,
        None => LexiconSet::new(Vec::new())?,
    };
    let summary = summarize(&findings, drafts.len(), &set);
    let text = match args.format {
        Format::Human => render::human(
            &findings,
            &summary,
            render::HumanOptions {
                color: use_color(args.color),
            },
        ),
        Format::Json => render::json(&findings, &problems, &summary),
        Format::Line => render::line(&findings),
    };
    print(&text)?;
    Ok(if unreadable > 0 {
        Outcome::Invalid
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn read_draft(path: &Path, markdown: bool) -> anyhow::Result<Draft> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read stdin as UTF-8 text")?;
        return Ok(Draft {
            name: "-".to_string(),
            text,
            format: if markdown {
                DraftFormat::Markdown
            } else {
                DraftFormat::Plain
            },
            config_dir: PathBuf::from("."),
        });
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow::anyhow!("{}:{line}: not UTF-8 text", path.display())
    })?;
    Ok(Draft {
        name: path.display().to_string(),
        text,
        format: if markdown {
            DraftFormat::Markdown
        } else {
            DraftFormat::from_path(path)
        },
        config_dir: path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
    })
}

/// The linter for one configuration (or none), with command-line flags taking precedence.
fn linter(args: &CheckArgs, config: Option<&Config>) -> anyhow::Result<(Linter, FailOn)> {
    let default = Config::default();
    let config = config.unwrap_or(&default);
    let mut paths = config.lexicons.clone();
    paths.extend(args.lexicons.lexicons.iter().cloned());
    let mut exclude = config.exclude_lexicons.clone();
    exclude.extend(args.lexicons.exclude_lexicons.iter().cloned());
    let set = LexiconSet::load(&LexiconSources {
        no_defaults: args.lexicons.no_default_lexicons || config.no_default_lexicons,
        paths,
        exclude,
    })?;
    let mut disable: Vec<String> = config.disable.iter().map(|t| t.id.clone()).collect();
    disable.extend(args.disable.iter().cloned());
    let settings = Settings {
        disable,
        severity: config
            .severity
            .iter()
            .map(|(t, s)| (t.id.clone(), *s))
            .collect(),
        voice: match args.voice {
            Some(VoiceArg::Own) => VoiceFilter::Own,
            Some(VoiceArg::All) => VoiceFilter::All,
            None => config.voice.unwrap_or_default(),
        },
        lower_quoted: config.lower_quoted.unwrap_or(true),
        language: args.lang.map(LangArg::language),
    };
    let fail_on = match args.fail_on {
        Some(FailOnArg::Info) => FailOn::Info,
        Some(FailOnArg::Warning) => FailOn::Warning,
        Some(FailOnArg::Error) => FailOn::Error,
        Some(FailOnArg::Never) => FailOn::Never,
        None => config.fail_on.unwrap_or(FailOn::Warning),
    };
    let linter = Linter::new(set, settings)?;
    // A misspelt id would silently leave the term reported: refuse it, as an unknown lexicon
    // id to leave out is refused.
    config.check_terms(|id| linter.unknown_term(id))?;
    if let Some((id, reason)) = args
        .disable
        .iter()
        .find_map(|id| Some((id, linter.unknown_term(id)?)))
    {
        anyhow::bail!("cannot disable term `{id}` (--disable): {reason}");
    }
    Ok((linter, fail_on))
}

fn use_color(choice: ColorArg) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        _ if no_color => false,
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal(),
    }
}

//! The HTML framing report: outlets side by side, for researchers and for the classroom.
//!
//! [`analyse`] turns a corpus into an aggregate and its figures; [`write()`] renders them, with
//! the article texts when there are any, into a folder: `index.html` (the overview), a page per
//! event (the outlets' articles in columns, every loaded term highlighted and explained), per
//! outlet and per article, a glossary, a methodology page, `report.json` and CSV tables.
//! Templates are tera files (`templates/`, compiled in, overridable); the annotated texts and
//! charts are built in code from escaped slices, so no corpus text can inject markup. The folder
//! is written beside the target and swapped in whole, and the same inputs give the same bytes.
//! It replaces only a previous report, never a file or a folder of anything else
//! ([`check_target`] says how a previous report is recognised), and [`check_out`] keeps it apart
//! from the inputs.
//!
//! ```
//! use framelens::corpus::{Corpus, ReadOptions};
//! use framelens::lexicon::LexiconSet;
//! use framelens::matcher::Matcher;
//! use framelens::report::{self, ReportConfig};
//!
//! let set = LexiconSet::bundled().unwrap();
//! let matcher = Matcher::new(&set).unwrap();
//! let corpus = Corpus::read(&ReadOptions::default());
//! let analysed = report::analyse(&corpus, &set, &matcher, &Default::default());
//! let dir = tempfile::tempdir().unwrap();
//! let out = dir.path().join("seeds");
//! let index = report::write(&analysed, &set, Some(&corpus.articles), &ReportConfig::default(), &out).unwrap();
//! assert!(index.ends_with("index.html"));
//! ```

mod folder;
mod html;
mod pages;
mod templates;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use folder::{Refusal, check_apart, check_target};
pub use html::{escape, safe_url};
pub use templates::{TEMPLATE_FILES, Templates};

use crate::corpus::events::{self, GroupingConfig};
use crate::corpus::{Article, Corpus, EventInfo};
use crate::lexicon::LexiconSet;
use crate::matcher::Matcher;
use crate::output::AtomicDir;
use crate::score::{Aggregate, ScoreOptions, Scorer, figures, figures::Figures};

/// Which articles get a page of their own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ArticlePages {
    /// Every article.
    All,
    /// Articles with at least one loaded term (the default: keeps large reports readable).
    #[default]
    Hits,
    /// None.
    None,
}

/// How to render.
#[derive(Clone, Debug)]
pub struct ReportConfig {
    /// The report's title.
    pub title: String,
    /// Which articles get pages.
    pub articles: ArticlePages,
    /// A timestamp to print (none by default: the same inputs give the same bytes).
    pub stamp: Option<String>,
    /// Templates (bundled unless overridden).
    pub templates: Templates,
}

impl Default for ReportConfig {
    fn default() -> ReportConfig {
        ReportConfig {
            title: "Framing report".to_string(),
            articles: ArticlePages::Hits,
            stamp: None,
            templates: Templates::bundled(),
        }
    }
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template does not compile or render.
    #[error("template {name}: {message}")]
    Template {
        /// The template.
        name: String,
        /// The cause, with tera's chain.
        message: String,
    },
    /// A template file could not be read (the cause is the error's source).
    #[error("cannot read template {}", path.display())]
    TemplateFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The templates folder is missing, not a folder, or cannot be listed.
    #[error("templates folder {}: {problem}", path.display())]
    TemplateFolder {
        /// The folder as given.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The templates folder holds files that are no template: a misspelt name would leave the
    /// bundled template in use without a word.
    #[error("templates folder {} has files framelens does not use: {}", path.display(), templates::unknown_templates(names))]
    UnknownTemplates {
        /// The folder as given.
        path: PathBuf,
        /// The files' names, in name order.
        names: Vec<String>,
    },
    /// The folder could not be written (the cause is the error's source).
    #[error("cannot write the report to {}", path.display())]
    Write {
        /// The target folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The target is not a place a report may go; nothing was changed.
    #[error("will not write the report to {}: {reason}", path.display())]
    Refused {
        /// The target folder.
        path: PathBuf,
        /// Why (part of the message, not a source: it is this error's own explanation).
        reason: Refusal,
    },
}

/// Whether a report may be written to `target` by a run that reads `inputs` (corpus files and
/// folders, an aggregate, lexicons, templates): apart from every input ([`check_apart`]), and
/// nothing there but a previous report ([`check_target`]). Call it before any work; [`write()`]
/// checks the target again, but not the inputs it does not know.
pub fn check_out(target: &Path, inputs: &[&Path]) -> Result<(), ReportError> {
    check_apart(target, inputs)
        .and_then(|()| check_target(target))
        .map_err(|reason| refused(target, reason))
}

fn refused(target: &Path, reason: Refusal) -> ReportError {
    ReportError::Refused {
        path: target.to_path_buf(),
        reason,
    }
}

/// A corpus scored, with the figures the report shows.
#[derive(Clone, Debug)]
pub struct Analysed {
    /// Every count.
    pub aggregate: Aggregate,
    /// The figures.
    pub figures: Figures,
}

/// Groups a corpus into events (named ones from metadata, the rest automatically), scores it
/// and computes the figures.
pub fn analyse(
    corpus: &Corpus,
    set: &LexiconSet,
    matcher: &Matcher,
    grouping: &GroupingConfig,
) -> Analysed {
    let grouped = events::group(&corpus.articles, &corpus.events, grouping);
    let mut options = ScoreOptions::default();
    let mut event_info = corpus.events.clone();
    for event in &grouped {
        for member in &event.articles {
            options.events.insert(member.id.clone(), event.id.clone());
        }
        event_info
            .entry(event.id.clone())
            .or_insert_with(|| EventInfo {
                id: event.id.clone(),
                title: event.title.clone(),
                notes: event.notes.clone(),
            });
    }
    let mut aggregate = Scorer::new(set, matcher).score_articles(&corpus.articles, &options);
    aggregate.outlets = corpus.outlets.clone();
    aggregate.events = event_info;
    aggregate.skipped = corpus
        .problems
        .iter()
        .filter(|p| p.skipped.loses_text())
        .count() as u64;
    let figures = figures::compute(&aggregate, set, matcher);
    Analysed { aggregate, figures }
}

/// Writes the report folder `target` (replacing it whole) and returns the index page's path.
/// `texts` are the scored articles, when there are any (not for a report from an aggregate).
///
/// Only nothing, an empty folder or a previous report is replaced ([`check_target`], checked
/// before writing and again before the swap); anything else is [`ReportError::Refused`] with
/// nothing changed. On any error, nothing is left on disk.
pub fn write(
    analysed: &Analysed,
    set: &LexiconSet,
    texts: Option<&[Article]>,
    config: &ReportConfig,
    target: &Path,
) -> Result<PathBuf, ReportError> {
    let write_error = |source| ReportError::Write {
        path: target.to_path_buf(),
        source,
    };
    check_target(target).map_err(|reason| refused(target, reason))?;
    let folder = AtomicDir::new(target).map_err(write_error)?;
    let by_id: HashMap<&str, &Article> = texts
        .unwrap_or_default()
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let root = folder.path().to_path_buf();
    let mut sink = |name: &str, content: &str| {
        debug_assert!(
            folder::is_report_file(name),
            "{name} would make the report unrecognisable (report::folder)"
        );
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        std::fs::write(&path, content).map_err(write_error)
    };
    pages::render(analysed, set, &by_id, texts.is_some(), config, &mut sink)?;
    // The run may have taken minutes: what is there now is what the swap would delete.
    check_target(target).map_err(|reason| refused(target, reason))?;
    let target = folder.commit().map_err(write_error)?;
    Ok(target.join("index.html"))
}

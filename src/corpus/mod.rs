//! Corpus ingestion: reading articles from folders, JSONL, JSON and CSV, cleaning them, dating
//! them, attributing them to outlets and grouping them into events.
//!
//! A researcher's corpus arrives as a folder of scraped texts (with front matter and a
//! `corpus.toml` manifest), a JSONL or JSON dump, or a CSV export. [`CorpusReader`] streams
//! [`Article`]s from any mix of these, one at a time, so a corpus larger than memory can be
//! scored; what it cannot read comes out as a [`Problem`] (file, line, message) in the same
//! stream, and reading goes on. [`Corpus::read`] collects everything for small corpora.
//!
//! Every article is cleaned ([`clean`]): furniture and repeated text are dropped, and each
//! dropped line is kept on the article with the reason. The cleaned text keeps the original's
//! lines (dropped lines are emptied), so a position in the text is a position in the original.
//! Dates come from metadata or the text ([`dates`]); events from metadata or automatic grouping
//! ([`events`]).
//!
//! This module knows nothing of lexicons, matching or output formats.
//!
//! ```
//! use framelens::corpus::{Corpus, ReadOptions};
//!
//! // The bundled seeds: five Arabic articles and their manifest.
//! let corpus = Corpus::read(&ReadOptions::default());
//! assert!(corpus.problems.is_empty());
//! let seed = &corpus.articles[2];
//! assert_eq!(seed.id, "002_0b453c8b0ae0108c");
//! assert_eq!(seed.date.unwrap().to_string(), "2020-10-01");
//! assert_eq!(corpus.outlet_name(seed), "موقع أنصار الله");
//! ```

pub mod bundled;
pub mod clean;
pub mod dates;
pub mod events;
pub mod fields;
mod json;
pub mod meta;
mod read;
mod records;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

pub use clean::{DropReason, Dropped};
pub use dates::DateSource;
pub use events::{Event, EventMode, GroupingConfig};
pub use fields::{Field, FieldMap};
pub use meta::{EventInfo, Outlet};
pub use read::{CorpusReader, Input, MANIFEST, PendingArticle, ReadOptions, STDIN};
pub(crate) use read::{is_read, walk_folder};
pub use records::StreamDigest;

/// How articles without an outlet are grouped and shown.
pub const UNKNOWN_OUTLET: &str = "unknown outlet";

/// One news article, cleaned and described.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Article {
    /// Stable id: the file's path in its folder without extension (`000_5d4b8b73bcb36329`), a
    /// record's `id` field, or `path#line` for a record without one (`path#line.n` for the n-th
    /// record that starts on the same line).
    pub id: String,
    pub source: Source,
    /// The outlet's id (a key of [`Corpus::outlets`] when a manifest describes it). `None`:
    /// grouped and reported as [`UNKNOWN_OUTLET`].
    pub outlet: Option<String>,
    /// From metadata, else the text's first line when it is title-sized.
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_source: DateSource,
    /// A language code: from metadata, else detected from the script (`ar`, `en`, or `und`).
    pub language: String,
    pub language_source: LanguageSource,
    /// A named event from metadata.
    pub event: Option<String>,
    /// Wire agencies the article credits (from metadata).
    pub credits: Vec<String>,
    /// Sources the article cites (from metadata).
    pub cites: Vec<String>,
    pub notes: Vec<String>,
    /// The cleaned text: the original with every dropped line emptied, so lines and columns
    /// are the original's. This is the text to score.
    pub text: String,
    /// What cleaning dropped, line by line, and why.
    pub dropped: Vec<Dropped>,
}

impl Article {
    /// The text as it was read, before cleaning.
    pub fn original_text(&self) -> String {
        clean::restore(&self.text, &self.dropped)
    }

    /// The line of the source file that line `text_line` (1-based) of the text is on, for
    /// articles that are whole files; records (JSONL, JSON, CSV) have their text inside a
    /// field, so lines of the text are not lines of the file.
    pub fn file_line(&self, text_line: usize) -> Option<usize> {
        match self.source.kind {
            SourceKind::File | SourceKind::Bundled => Some(self.source.line + text_line - 1),
            SourceKind::Jsonl | SourceKind::Json | SourceKind::Csv => None,
        }
    }
}

/// Where an article was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The file, as given or found in a folder (`seeds/000_5d4b8b73bcb36329.txt`).
    pub path: String,
    /// For a file: the line where its text starts (after front matter). For a record: the line
    /// where the record starts.
    pub line: usize,
    pub kind: SourceKind,
}

/// What kind of input an article came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A `.txt` or `.md` file.
    File,
    /// A file of the corpus compiled into the binary.
    Bundled,
    Jsonl,
    Json,
    Csv,
}

/// Where an article's language came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageSource {
    Metadata,
    /// Detected from the letters of the text.
    Script,
}

/// Something in the input that could not be read as given. The run goes on; the caller
/// decides what a problem means for its exit code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct Problem {
    pub path: String,
    /// The line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
    /// What was left out because of it.
    pub skipped: Skipped,
}

impl Problem {
    /// A problem with a whole input that has no line to point at (it cannot be opened, it is
    /// empty, it is not where it may be read): the input is left out.
    pub fn whole_file(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line: None,
            message: message.into(),
            skipped: Skipped::File,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// What a [`Problem`] left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skipped {
    /// One record (a JSONL line, a JSON array element, a CSV row) or one text file.
    Article,
    /// A whole input: a file, or a folder whose manifest cannot be read.
    File,
    /// The rest of a file after a syntax error that cannot be recovered from.
    RestOfFile,
    /// One metadata value; the article was read without it.
    Value,
}

impl Skipped {
    /// Whether article text was lost (not just a metadata value).
    pub fn loses_text(self) -> bool {
        !matches!(self, Skipped::Value)
    }
}

/// A whole corpus in memory: for the seeds and for commands that need every article at once.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub outlets: BTreeMap<String, Outlet>,
    pub events: BTreeMap<String, EventInfo>,
    pub problems: Vec<Problem>,
    /// The digest of standard input, when it was one of the inputs (it cannot be read again).
    #[serde(skip)]
    pub stdin_digest: Option<StreamDigest>,
}

impl Corpus {
    /// Reads every input of `options`, collecting problems (stopping at the first when
    /// `options.strict`).
    pub fn read(options: &ReadOptions) -> Corpus {
        let mut reader = CorpusReader::new(options);
        let mut articles = Vec::new();
        let mut problems = Vec::new();
        for item in reader.by_ref() {
            match item {
                Ok(article) => articles.push(article),
                Err(problem) => problems.push(problem),
            }
        }
        let stdin_digest = reader.stdin_digest();
        let (outlets, events) = reader.into_metadata();
        Corpus {
            articles,
            outlets,
            events,
            problems,
            stdin_digest,
        }
    }

    /// The name to show for an article's outlet: the manifest's display name, the outlet id
    /// when no manifest describes it, or [`UNKNOWN_OUTLET`].
    pub fn outlet_name<'a>(&'a self, article: &'a Article) -> &'a str {
        outlet_name(&self.outlets, article.outlet.as_deref())
    }
}

/// The name to show for outlet `id` given the known outlets.
pub fn outlet_name<'a>(outlets: &'a BTreeMap<String, Outlet>, id: Option<&'a str>) -> &'a str {
    match id {
        Some(id) => outlets.get(id).map(|o| o.name.as_str()).unwrap_or(id),
        None => UNKNOWN_OUTLET,
    }
}

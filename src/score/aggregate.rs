//! The partial aggregate: everything every figure needs, in a form that merges exactly.
//!
//! An aggregate holds the lexicons it was scored with (their full text and SHA-256, so a report
//! can be rendered from it anywhere), the outlets and named events of the manifests read, every
//! article's record (counts and hits, without text), and word and bigram counts per outlet and
//! per outlet within each event. Merging concatenates articles and sums counts; articles are
//! kept in one canonical order (source, line, id), so merging shards in any order gives exactly
//! the aggregate of scoring the whole corpus at once — byte for byte once written.

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::record::ArticleScore;
use super::words::{Group, WordCounts};
use crate::corpus::{EventInfo, Outlet};
use crate::lexicon::{Lexicon, LexiconError, LexiconSet};

/// The aggregate format's version; readers refuse another.
pub const AGGREGATE_SCHEMA: &str = "framelens-aggregate/1";

/// A lexicon as scored with: enough to rebuild it and to say which one it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconStamp {
    /// Lexicon id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Where it was loaded from.
    pub origin: String,
    /// SHA-256 of its text, hex.
    pub sha256: String,
    /// Its TOML text.
    pub source: String,
}

/// An input as read: for the reader of a report, to reproduce it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InputStamp {
    /// Path as given (`(bundled seeds)` for the compiled-in corpus).
    pub path: String,
    /// SHA-256 of the file's bytes, hex (a folder: of its files' paths and hashes, in order).
    pub sha256: String,
    /// Bytes read.
    pub bytes: u64,
}

/// Why aggregates could not be read, written or merged.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file is not an aggregate.
    #[error("{}:{line}:{column}: not a framelens aggregate: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Another version of the format.
    #[error("{}: aggregate format `{found}`, but this framelens reads `{AGGREGATE_SCHEMA}`", path.display())]
    Schema {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: String,
    },
    /// Parts scored with different lexicons cannot be summed.
    #[error(
        "cannot merge: {first} was scored with lexicons {first_lexicons}, {second} with {second_lexicons}"
    )]
    Lexicons {
        /// One part.
        first: String,
        /// Its lexicons.
        first_lexicons: String,
        /// The other part.
        second: String,
        /// Its lexicons.
        second_lexicons: String,
    },
    /// The same article in two parts.
    #[error("cannot merge: article `{id}` ({origin}) is in more than one part")]
    Duplicate {
        /// The article id.
        id: String,
        /// Where it was read from.
        origin: String,
    },
    /// Outlet or event metadata disagrees between parts.
    #[error("cannot merge: {what} `{id}` is described differently in two parts")]
    Metadata {
        /// `outlet` or `event`.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The embedded lexicons do not load.
    #[error("the aggregate's lexicons do not load: {0}")]
    Lexicon(#[from] LexiconError),
}

/// Everything every figure needs; see the module documentation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Aggregate {
    /// [`AGGREGATE_SCHEMA`].
    pub schema: String,
    /// The lexicons scored with, in priority order.
    pub lexicons: Vec<LexiconStamp>,
    /// The inputs read.
    pub inputs: Vec<InputStamp>,
    /// Outlets the manifests describe.
    pub outlets: BTreeMap<String, Outlet>,
    /// Named events the manifests describe.
    pub events: BTreeMap<String, EventInfo>,
    /// Records of input that could not be read (articles or files skipped).
    pub skipped: u64,
    /// Every article's record, in canonical order.
    pub articles: Vec<ArticleScore>,
    /// Word and bigram counts per outlet, and per outlet within each event.
    pub words: WordCounts,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Aggregate {
    /// An empty aggregate for scoring with `set`.
    pub fn new(set: &LexiconSet) -> Aggregate {
        Aggregate {
            schema: AGGREGATE_SCHEMA.to_string(),
            lexicons: set
                .lexicons()
                .iter()
                .map(|l| LexiconStamp {
                    id: l.meta.id.clone(),
                    version: l.meta.version.clone(),
                    origin: l.origin.clone(),
                    sha256: sha256_hex(l.source.as_bytes()),
                    source: l.source.clone(),
                })
                .collect(),
            inputs: Vec::new(),
            outlets: BTreeMap::new(),
            events: BTreeMap::new(),
            skipped: 0,
            articles: Vec::new(),
            words: WordCounts::default(),
        }
    }

    /// Adds one article's record and, when given, its normalized words.
    pub fn add(&mut self, score: ArticleScore, words: Option<&[String]>) {
        if let Some(words) = words {
            let outlet = score.outlet.clone();
            self.words.add(
                &Group {
                    event: None,
                    outlet: outlet.clone(),
                },
                words,
            );
            if let Some(event) = &score.event {
                self.words.add(
                    &Group {
                        event: Some(event.clone()),
                        outlet,
                    },
                    words,
                );
            }
        }
        self.articles.push(score);
    }

    /// Puts articles in canonical order. Call once everything is added.
    pub fn finish(&mut self) {
        self.articles
            .sort_by(|a, b| (&a.source, a.line, &a.id).cmp(&(&b.source, b.line, &b.id)));
        self.inputs.sort();
        self.inputs.dedup();
    }

    /// The lexicons, rebuilt from their embedded text.
    pub fn lexicon_set(&self) -> Result<LexiconSet, AggregateError> {
        let lexicons = self
            .lexicons
            .iter()
            .map(|stamp| Lexicon::parse(&stamp.origin, &stamp.source))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LexiconSet::new(lexicons)?)
    }

    /// Sums `other` into this aggregate. `names` say which parts they are, for messages.
    pub fn merge(&mut self, other: Aggregate, names: (&str, &str)) -> Result<(), AggregateError> {
        let stamps = |a: &Aggregate| {
            a.lexicons
                .iter()
                .map(|l| format!("{} {} ({})", l.id, l.version, &l.sha256[..12]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ids = |a: &Aggregate| {
            a.lexicons
                .iter()
                .map(|l| l.sha256.clone())
                .collect::<Vec<_>>()
        };
        if ids(self) != ids(&other) {
            return Err(AggregateError::Lexicons {
                first: names.0.to_string(),
                first_lexicons: stamps(self),
                second: names.1.to_string(),
                second_lexicons: stamps(&other),
            });
        }
        for (id, outlet) in other.outlets {
            match self.outlets.get(&id) {
                Some(mine) if mine != &outlet => {
                    return Err(AggregateError::Metadata { what: "outlet", id });
                }
                _ => {
                    self.outlets.insert(id, outlet);
                }
            }
        }
        for (id, event) in other.events {
            match self.events.get(&id) {
                Some(mine) if mine != &event => {
                    return Err(AggregateError::Metadata { what: "event", id });
                }
                _ => {
                    self.events.insert(id, event);
                }
            }
        }
        self.inputs.extend(other.inputs);
        self.skipped += other.skipped;
        self.articles.extend(other.articles);
        self.words.merge(other.words);
        self.finish();
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = self.articles.iter().find(|a| !seen.insert(&a.id)) {
            return Err(AggregateError::Duplicate {
                id: twice.id.clone(),
                origin: twice.source.clone(),
            });
        }
        Ok(())
    }

    /// Reads an aggregate file.
    pub fn read(path: &Path) -> Result<Aggregate, AggregateError> {
        let file = std::fs::File::open(path).map_err(|source| AggregateError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Aggregate::from_reader(path, BufReader::new(file))
    }

    /// Reads an aggregate; `path` names it in messages.
    pub fn from_reader(path: &Path, reader: impl Read) -> Result<Aggregate, AggregateError> {
        let aggregate: Aggregate =
            serde_json::from_reader(reader).map_err(|e| AggregateError::Format {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if aggregate.schema != AGGREGATE_SCHEMA {
            return Err(AggregateError::Schema {
                path: path.to_path_buf(),
                found: aggregate.schema,
            });
        }
        Ok(aggregate)
    }

    /// Writes the aggregate as JSON.
    pub fn write_to(&self, out: impl Write) -> serde_json::Result<()> {
        serde_json::to_writer(out, self)
    }
}

/// The SHA-256 of every file the inputs stand for (each file of a folder the reader reads, each bundled seed
/// and manifest), for a report's reader to check they have the same data. Standard input
/// cannot be read again: its stamp is `stdin`, the digest the reader kept while reading it
/// ([`crate::corpus::CorpusReader::stdin_digest`]); without one, it is an error.
pub fn stamp_inputs(
    inputs: &[crate::corpus::Input],
    stdin: Option<&crate::corpus::StreamDigest>,
) -> std::io::Result<Vec<InputStamp>> {
    use crate::corpus::{Input, STDIN, bundled};
    let mut stamps = Vec::new();
    let stamp = |path: String, bytes: &[u8]| InputStamp {
        path,
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
    };
    for input in inputs {
        match input {
            Input::Bundled => {
                stamps.push(stamp(
                    bundled::MANIFEST_PATH.to_string(),
                    bundled::MANIFEST.as_bytes(),
                ));
                for (name, text) in bundled::FILES {
                    stamps.push(stamp(format!("{}/{name}", bundled::ROOT), text.as_bytes()));
                }
            }
            Input::Path(path) if path.is_dir() => {
                // The files the reader reads, and no others; what it could not read is one of
                // the run's problems already, and is not part of the corpus.
                for entry in crate::corpus::walk_folder(path).flatten() {
                    if crate::corpus::is_read(&entry)
                        && let Ok(bytes) = std::fs::read(entry.path())
                    {
                        stamps.push(stamp(entry.path().display().to_string(), &bytes));
                    }
                }
            }
            Input::Path(path) => {
                if let Ok(bytes) = std::fs::read(path) {
                    stamps.push(stamp(path.display().to_string(), &bytes));
                }
            }
            Input::Stdin => {
                let digest = stdin.ok_or_else(|| {
                    std::io::Error::other("standard input was not read, so it cannot be stamped")
                })?;
                stamps.push(InputStamp {
                    path: STDIN.to_string(),
                    sha256: digest.sha256_hex(),
                    bytes: digest.bytes(),
                });
            }
        }
    }
    Ok(stamps)
}

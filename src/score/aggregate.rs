//! The partial aggregate: everything every figure needs, in a form that merges exactly.
//!
//! An aggregate holds the lexicons it was scored with (their full text and SHA-256, so a report
//! can be rendered from it anywhere), how the inputs were read (cleaning, field names), the
//! inputs' SHA-256, the outlets and named events of the manifests read, every article's record
//! (counts and hits, without text), and word and bigram counts per outlet and per outlet within
//! each event. Merging concatenates articles and sums counts; articles are kept in one canonical
//! order (source, line, id), so merging shards in any order gives exactly the aggregate of
//! scoring the whole corpus at once — byte for byte once written.
//!
//! Merging refuses what would not add up: parts scored with other lexicons or read with other
//! settings, the same input bytes in two parts, the same article in two parts.
//!
//! ```
//! use framelens::corpus::ReadOptions;
//! use framelens::score::{Aggregate, AggregateError, Reading};
//!
//! let part = |clean| {
//!     let json = serde_json::json!({
//!         "schema": framelens::score::AGGREGATE_SCHEMA,
//!         "lexicons": [],
//!         "reading": Reading::of(&ReadOptions { clean, ..ReadOptions::default() }),
//!         "inputs": [], "outlets": {}, "events": {}, "skipped": 0, "articles": [],
//!         "words": [],
//!     });
//!     Aggregate::from_reader("part.json".as_ref(), json.to_string().as_bytes()).unwrap()
//! };
//! let mut merged = part(true);
//! let error = merged.merge(part(false), ("a.json", "b.json")).unwrap_err();
//! assert!(matches!(error, AggregateError::Reading { .. }));
//! assert_eq!(
//!     error.to_string(),
//!     "cannot merge: a.json was scored with cleaning, b.json with --no-clean; score every \
//!      part with the same settings"
//! );
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::record::ArticleScore;
use super::words::{Group, WordCounts};
use crate::corpus::{EventInfo, Field, FieldMap, MANIFEST, Outlet, ReadOptions};
use crate::lexicon::{Lexicon, LexiconError, LexiconSet};

/// The aggregate format's version; readers refuse another. Version 2 records [`Reading`]:
/// without it, parts read with other settings cannot be told apart.
pub const AGGREGATE_SCHEMA: &str = "framelens-aggregate/2";

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

/// How the inputs were read, as far as it changes what an aggregate holds: parts read
/// differently do not add up, so [`Aggregate::merge`] refuses to mix them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// Cleaning on (`--no-clean`: off). Cleaning drops lines, and with them words and hits.
    pub clean: bool,
    /// The record field names looked up for each field, in the order tried, in lower case
    /// (they are compared without case): every field whose value reaches a record or a count.
    /// `url` does not, so parts that differ only in it still add up.
    pub fields: BTreeMap<String, Vec<String>>,
}

impl Reading {
    /// How a reader with these field names and cleaning reads.
    pub fn new(fields: &FieldMap, clean: bool) -> Reading {
        Reading {
            clean,
            fields: Field::ALL
                .into_iter()
                .filter(|&field| field != Field::Url)
                .map(|field| {
                    let names = fields
                        .names(field)
                        .iter()
                        .map(|name| name.to_ascii_lowercase())
                        .collect();
                    (field.as_str().to_string(), names)
                })
                .collect(),
        }
    }

    /// How `options` read.
    pub fn of(options: &ReadOptions) -> Reading {
        Reading::new(&options.fields, options.clean)
    }

    /// The first setting in which `self` and `other` differ, described for each, as a user
    /// would have set it.
    fn difference(&self, other: &Reading) -> Option<(String, String)> {
        let clean = |clean: bool| if clean { "cleaning" } else { "--no-clean" }.to_string();
        if self.clean != other.clean {
            return Some((clean(self.clean), clean(other.clean)));
        }
        let fields: BTreeSet<&String> = self.fields.keys().chain(other.fields.keys()).collect();
        fields.into_iter().find_map(|field| {
            let (mine, theirs) = (self.fields.get(field), other.fields.get(field));
            (mine != theirs).then(|| (describe_field(field, mine), describe_field(field, theirs)))
        })
    }
}

impl Default for Reading {
    /// Default field names, cleaning on: [`ReadOptions::default`].
    fn default() -> Reading {
        Reading::of(&ReadOptions::default())
    }
}

/// A field's names as the command line would have set them.
fn describe_field(field: &str, names: Option<&Vec<String>>) -> String {
    let Some(names) = names else {
        return format!("no names for `{field}`");
    };
    let defaults = Field::parse(field).map(Field::default_names);
    match (defaults, names.as_slice()) {
        (Some(defaults), _) if defaults == names.as_slice() => {
            let plural = if defaults.len() == 1 { "" } else { "s" };
            format!(
                "the default name{plural} for `{field}` ({})",
                defaults.join(", ")
            )
        }
        (_, [name]) => format!("--field {field}={name}"),
        _ => format!("the names {} for `{field}`", names.join(", ")),
    }
}

/// An input as read: for the reader of a report, to reproduce it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InputStamp {
    /// Path as given (`(bundled seeds)` for the compiled-in corpus; each file of a folder).
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Bytes read.
    pub bytes: u64,
}

/// Why aggregates could not be read, written or merged.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// A file could not be read (the cause is the error's source).
    #[error("cannot read {}", path.display())]
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
    #[error(
        "{}: aggregate format `{found}`, but this framelens reads `{AGGREGATE_SCHEMA}`; score its \
         inputs again with this framelens",
        path.display()
    )]
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
    /// Parts read with different settings (cleaning, field names) cannot be summed.
    #[error(
        "cannot merge: {first} was scored with {first_setting}, {second} with {second_setting}; \
         score every part with the same settings"
    )]
    Reading {
        /// One part.
        first: String,
        /// Its setting.
        first_setting: String,
        /// The other part.
        second: String,
        /// Its setting.
        second_setting: String,
    },
    /// The same input bytes in two parts: merging would count them twice.
    #[error(
        "cannot merge: {first} read {} and {second} read {}, the same {} bytes (SHA-256 {}…); \
         merging would count them twice",
        inputs.0.path,
        inputs.1.path,
        inputs.0.bytes,
        short_sha(&inputs.0.sha256)
    )]
    SameInput {
        /// One part.
        first: String,
        /// The other part.
        second: String,
        /// The input as each part stamped it (boxed: errors stay small).
        inputs: Box<(InputStamp, InputStamp)>,
    },
    /// The same article in two parts.
    #[error(
        "cannot merge: article `{id}` is in more than one part (read from {first} and from \
         {second})"
    )]
    Duplicate {
        /// The article id.
        id: String,
        /// Where one part read it.
        first: String,
        /// Where the other read it.
        second: String,
    },
    /// Outlet or event metadata disagrees between parts.
    #[error("cannot merge: {what} `{id}` is described differently in two parts")]
    Metadata {
        /// `outlet` or `event`.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The embedded lexicons do not load (the cause is the error's source).
    #[error("the aggregate's lexicons do not load")]
    Lexicon(#[from] LexiconError),
    /// [`merge_parts`] was given nothing.
    #[error("cannot merge: no parts given")]
    NoParts,
}

/// Whether an input's bytes stand for articles, which two parts must not both count: not an
/// empty input (an empty partition counts nothing), not a manifest (it describes outlets and
/// events, which merging compares; copied into every shard folder, it is how shards share them).
fn holds_articles(stamp: &InputStamp) -> bool {
    stamp.bytes > 0 && Path::new(&stamp.path).file_name() != Some(MANIFEST.as_ref())
}

/// The first twelve hex digits of a SHA-256, enough to tell files apart in a message.
fn short_sha(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

/// Everything every figure needs; see the module documentation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Aggregate {
    /// [`AGGREGATE_SCHEMA`].
    pub schema: String,
    /// The lexicons scored with, in priority order.
    pub lexicons: Vec<LexiconStamp>,
    /// How the inputs were read.
    pub reading: Reading,
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
    /// An empty aggregate for scoring with `set`, read with the default [`Reading`] (set
    /// `reading` when the inputs are read otherwise).
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
            reading: Reading::default(),
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

    /// Sums `other` into this aggregate. `names` say which they are, for messages: `names.0`
    /// this aggregate (the parts merged into it so far), `names.1` the other.
    ///
    /// Refused: other lexicons; another [`Reading`]; the same input bytes in both (one file
    /// under two spellings of its path, or a copy: the same data counted twice either way;
    /// empty inputs and manifests aside); outlets or events described differently; an article
    /// in both. After an error this
    /// aggregate may be half merged. [`merge_parts`] merges many and names the two parts
    /// concerned.
    pub fn merge(&mut self, other: Aggregate, names: (&str, &str)) -> Result<(), AggregateError> {
        self.check_compatible(&other, names)?;
        let mine: HashMap<(String, u64), &InputStamp> = self
            .inputs
            .iter()
            .filter(|stamp| holds_articles(stamp))
            .map(|stamp| (bytes_key(stamp), stamp))
            .collect();
        if let Some((stamp, theirs)) = already_read(&mine, &other.inputs) {
            return Err(same_input((names.0, stamp), (names.1, theirs)));
        }
        self.absorb(other)?;
        self.finish();
        self.check_articles()
    }

    /// Refuses `other` when it was scored with other lexicons or read with another [`Reading`].
    fn check_compatible(
        &self,
        other: &Aggregate,
        names: (&str, &str),
    ) -> Result<(), AggregateError> {
        let stamps = |a: &Aggregate| {
            a.lexicons
                .iter()
                .map(|l| format!("{} {} ({})", l.id, l.version, short_sha(&l.sha256)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let ids = |a: &Aggregate| {
            a.lexicons
                .iter()
                .map(|l| l.sha256.clone())
                .collect::<Vec<_>>()
        };
        if ids(self) != ids(other) {
            return Err(AggregateError::Lexicons {
                first: names.0.to_string(),
                first_lexicons: stamps(self),
                second: names.1.to_string(),
                second_lexicons: stamps(other),
            });
        }
        if let Some((first_setting, second_setting)) = self.reading.difference(&other.reading) {
            return Err(AggregateError::Reading {
                first: names.0.to_string(),
                first_setting,
                second: names.1.to_string(),
                second_setting,
            });
        }
        Ok(())
    }

    /// Adds `other`'s metadata, inputs, articles and counts, refusing outlets or events that
    /// disagree. The caller puts the articles in order ([`Aggregate::finish`]) and looks for
    /// duplicates ([`Aggregate::check_articles`]) once everything is in.
    fn absorb(&mut self, other: Aggregate) -> Result<(), AggregateError> {
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
        Ok(())
    }

    /// Refuses an article id found twice.
    fn check_articles(&self) -> Result<(), AggregateError> {
        let mut seen = HashMap::new();
        for article in &self.articles {
            if let Some(first) = seen.insert(&article.id, &article.source) {
                return Err(AggregateError::Duplicate {
                    id: article.id.clone(),
                    first: first.clone(),
                    second: article.source.clone(),
                });
            }
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
        let aggregate: Aggregate = serde_json::from_reader(reader).map_err(|e| {
            // The message ends with the place, which the error gives first already.
            let message = e.to_string();
            let place = format!(" at line {} column {}", e.line(), e.column());
            AggregateError::Format {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: message.strip_suffix(&place).unwrap_or(&message).to_string(),
            }
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

/// Sums parts in the order given, each named (by its file) for messages: what
/// [`Aggregate::merge`] refuses is refused here too, naming the two parts concerned (lexicons and
/// settings are compared with the first part's). Parts come from an iterator, so that each can
/// be read only when the one before is summed.
pub fn merge_parts(
    parts: impl IntoIterator<Item = Result<(String, Aggregate), AggregateError>>,
) -> Result<Aggregate, AggregateError> {
    let mut parts = parts.into_iter();
    let (first, mut merged) = parts.next().ok_or(AggregateError::NoParts)??;
    let mut names = vec![first];
    // Every input summed so far that holds articles, by its data: the part that read it, and
    // its stamp.
    let mut read: HashMap<(String, u64), (usize, InputStamp)> = HashMap::new();
    let remember = |read: &mut HashMap<_, _>, part: usize, inputs: &[InputStamp]| {
        for stamp in inputs.iter().filter(|stamp| holds_articles(stamp)) {
            read.entry(bytes_key(stamp))
                .or_insert_with(|| (part, stamp.clone()));
        }
    };
    remember(&mut read, 0, &merged.inputs);
    for part in parts {
        let (name, part) = part?;
        merged.check_compatible(&part, (&names[0], &name))?;
        if let Some(((earlier, stamp), theirs)) = already_read(&read, &part.inputs) {
            return Err(same_input((&names[*earlier], stamp), (&name, theirs)));
        }
        remember(&mut read, names.len(), &part.inputs);
        merged.absorb(part)?;
        names.push(name);
    }
    merged.finish();
    merged.check_articles()?;
    Ok(merged)
}

/// What an input's bytes are known by: their SHA-256 and length.
fn bytes_key(stamp: &InputStamp) -> (String, u64) {
    (stamp.sha256.clone(), stamp.bytes)
}

/// The first of `inputs` that holds articles and whose bytes `read` knows, with what `read`
/// keeps for them.
fn already_read<'a, T>(
    read: &'a HashMap<(String, u64), T>,
    inputs: &'a [InputStamp],
) -> Option<(&'a T, &'a InputStamp)> {
    inputs
        .iter()
        .filter(|stamp| holds_articles(stamp))
        .find_map(|stamp| read.get(&bytes_key(stamp)).map(|found| (found, stamp)))
}

/// Two parts read the same bytes.
fn same_input(first: (&str, &InputStamp), second: (&str, &InputStamp)) -> AggregateError {
    AggregateError::SameInput {
        first: first.0.to_string(),
        second: second.0.to_string(),
        inputs: Box::new((first.1.clone(), second.1.clone())),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An aggregate with no lexicons, read as `reading`, that read `inputs` (path, bytes).
    fn part(reading: &Reading, inputs: &[(&str, &str)]) -> Aggregate {
        let inputs: Vec<InputStamp> = inputs
            .iter()
            .map(|(path, bytes)| InputStamp {
                path: path.to_string(),
                sha256: sha256_hex(bytes.as_bytes()),
                bytes: bytes.len() as u64,
            })
            .collect();
        let json = serde_json::json!({
            "schema": AGGREGATE_SCHEMA, "lexicons": [], "reading": reading, "inputs": inputs,
            "outlets": {}, "events": {}, "skipped": 0, "articles": [], "words": [],
        });
        Aggregate::from_reader(Path::new("part"), json.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn the_same_bytes_in_two_parts_are_refused_naming_both() {
        let reading = Reading::default();
        let (a, b, c) = (
            part(&reading, &[("a.jsonl", "one\n"), ("empty", "")]),
            part(&reading, &[("b.jsonl", "two\n"), ("empty", "")]),
            part(&reading, &[("./b.jsonl", "two\n")]),
        );
        let sha = &sha256_hex(b"two\n")[..12];
        let expected = format!(
            "cannot merge: b read b.jsonl and c read ./b.jsonl, the same 4 bytes (SHA-256 \
             {sha}…); merging would count them twice"
        );
        let named = |parts: [(&str, &Aggregate); 3]| {
            merge_parts(parts.map(|(name, part)| Ok((name.to_string(), part.clone()))))
                .map(|merged| merged.inputs.len())
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            named([("a", &a), ("b", &b), ("c", &c)]),
            Err(expected.clone())
        );
        // Pairwise, the first name stands for everything merged so far.
        let mut merged = a.clone();
        merged.merge(b.clone(), ("a", "b")).unwrap();
        let error = merged.merge(c.clone(), ("b", "c")).unwrap_err();
        assert_eq!(error.to_string(), expected);
        // Empty inputs count nothing twice (the same stamp is kept once); nor do manifests.
        let d = part(
            &reading,
            &[
                ("d.jsonl", "four\n"),
                ("empty", ""),
                ("d/corpus.toml", "[outlets]\n"),
            ],
        );
        let e = part(&reading, &[("e/corpus.toml", "[outlets]\n")]);
        assert_eq!(named([("a", &a), ("d", &d), ("e", &e)]), Ok(5));
        assert!(matches!(
            merge_parts(std::iter::empty()),
            Err(AggregateError::NoParts)
        ));
    }

    #[test]
    fn readings_differ_in_what_changes_counts() {
        let with = |fields: &[&str], clean: bool| {
            let mut map = FieldMap::default();
            for spec in fields {
                map.apply(spec).unwrap();
            }
            Reading::new(&map, clean)
        };
        let base = Reading::default();
        let cases: [(Reading, Option<(&str, &str)>); 6] = [
            (with(&[], true), None),
            (with(&["url=link"], true), None),
            (with(&[], false), Some(("cleaning", "--no-clean"))),
            (
                with(&["date=Published"], true),
                Some((
                    "the default names for `date` (date, publish_date, date_extracted)",
                    "--field date=published",
                )),
            ),
            (
                with(&["event=story", "title=headline"], true),
                Some((
                    "the default name for `event` (event)",
                    "--field event=story",
                )),
            ),
            (
                with(&["language=lang"], true),
                Some((
                    "the default names for `language` (language, lang)",
                    "--field language=lang",
                )),
            ),
        ];
        for (reading, expected) in cases {
            let found = base.difference(&reading);
            let found = found.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            assert_eq!(found, expected, "{reading:?}");
        }
    }
}

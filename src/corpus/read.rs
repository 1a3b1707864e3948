//! The streaming reader: inputs in, articles and problems out, one at a time.
//!
//! Inputs are folders (recursive, in file-name order; `.txt` and `.md` files are articles, a
//! `corpus.toml` manifest at the top describes them, and record files in the folder are read
//! as records), single `.txt`/`.md` files, `.jsonl`/`.ndjson`, `.json` (an array of article
//! objects; a file starting with `{` is read as JSONL), `.csv` and `.tsv`, and JSONL on
//! standard input ([`Input::Stdin`], `-` on the command line: the map step of a pipeline, such as
//! Spark's `rdd.pipe`). Nothing holds more than one article's text at a time, except that a
//! folder's manifest is read whole.
//!
//! ```
//! use framelens::corpus::{CorpusReader, Input, ReadOptions};
//!
//! let options = ReadOptions {
//!     inputs: vec![
//!         Input::Path("tests/fixtures/corpus/articles.jsonl".into()),
//!         Input::Path("tests/fixtures/corpus/bad/short.csv".into()),
//!     ],
//!     ..ReadOptions::default()
//! };
//! let (articles, problems): (Vec<_>, Vec<_>) =
//!     CorpusReader::new(&options).partition(Result::is_ok);
//! assert_eq!(articles.len(), 5);
//! assert_eq!(
//!     problems[0].as_ref().unwrap_err().to_string(),
//!     "tests/fixtures/corpus/bad/short.csv:3: row has 2 fields, the header has 3 (too few)"
//! );
//! ```

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::fs;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use walkdir::WalkDir;

use super::bundled;
use super::clean::{Cleaned, Cleaner};
use super::dates::{DateSource, date_from_text, parse_date};
use super::fields::FieldMap;
use super::meta::{
    EventInfo, Manifest, Metadata, Outlet, parse_manifest, read_front_matter, split_front_matter,
};
use super::records::{CsvSource, JsonArraySource, JsonShape, JsonlSource, StreamDigest};
use super::{Article, LanguageSource, Problem, Skipped, Source, SourceKind};
use crate::text::{Folding, Prepared, word_spans};

/// The manifest's file name in a folder.
pub const MANIFEST: &str = "corpus.toml";

/// What standard input is called in article ids (`<stdin>#3` for a record without an id),
/// sources and messages.
pub const STDIN: &str = "<stdin>";

/// A first line longer than this many words is the start of the body, not a title.
const TITLE_WORDS: usize = 30;

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The seed corpus compiled into the binary (`seeds/` and its manifest).
    Bundled,
    /// A folder, or a `.txt`, `.md`, `.jsonl`, `.ndjson`, `.json`, `.csv` or `.tsv` file.
    Path(PathBuf),
    /// JSONL records on standard input, read to its end; called [`STDIN`] in ids and messages.
    /// It can be read once: a second `Stdin` in the inputs finds it empty.
    Stdin,
}

/// What to read and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read in order; several inputs of different kinds may be mixed.
    pub inputs: Vec<Input>,
    pub fields: FieldMap,
    /// Drop furniture and repeated text ([`super::clean`]); off keeps every line.
    pub clean: bool,
    /// Stop at the first problem instead of reading on.
    pub strict: bool,
}

impl Default for ReadOptions {
    /// The bundled seeds, default field names, cleaning on, not strict.
    fn default() -> ReadOptions {
        ReadOptions {
            inputs: vec![Input::Bundled],
            fields: FieldMap::default(),
            clean: true,
            strict: false,
        }
    }
}

/// An article as a source read it, before cleaning and dating.
pub(crate) struct RawArticle {
    pub id: String,
    pub source: Source,
    pub meta: Metadata,
    pub text: String,
}

/// Where an input's articles come from. `next_into` reads one step (one file, one record,
/// one line) and pushes what it found; `false` when the input is exhausted.
pub(crate) trait RecordSource {
    fn next_into(&mut self, out: &mut VecDeque<Result<RawArticle, Problem>>) -> bool;
}

/// Streams articles and problems from a list of inputs.
///
/// ```
/// use framelens::corpus::{CorpusReader, ReadOptions};
///
/// let ids: Vec<String> = CorpusReader::new(&ReadOptions::default())
///     .filter_map(Result::ok)
///     .map(|article| article.id)
///     .collect();
/// assert_eq!(ids.len(), 5);
/// ```
pub struct CorpusReader {
    fields: FieldMap,
    clean: bool,
    strict: bool,
    inputs: VecDeque<Input>,
    current: Option<Box<dyn RecordSource>>,
    cleaner: Arc<Cleaner>,
    buffer: VecDeque<Result<RawArticle, Problem>>,
    /// Problems found while building an article (a metadata value), given out after it.
    problems: VecDeque<Problem>,
    outlets: BTreeMap<String, Outlet>,
    events: BTreeMap<String, EventInfo>,
    /// Where each article id was first read, to refuse a second article with the same id.
    ids: HashMap<IdKey, FirstRead, BuildHasherDefault<KeptHash>>,
    /// Hashes ids for `ids` (foldhash: the standard SipHash of every id was about 1 % of a
    /// corpus run).
    id_hasher: foldhash::fast::RandomState,
    /// The path of the last article admitted, shared by the [`FirstRead`]s of its file.
    last_path: Option<Rc<str>>,
    /// What was read from standard input, once it is opened.
    stdin: Option<Rc<RefCell<StreamDigest>>>,
    stopped: bool,
    /// The files and folders given so far, resolved, and as given: one given again under
    /// another spelling (`a.jsonl`, `./a.jsonl`) would be counted twice under other ids.
    given: Vec<(PathBuf, String)>,
}

impl CorpusReader {
    /// A reader over `options.inputs`; nothing is opened until the first article is asked for.
    pub fn new(options: &ReadOptions) -> CorpusReader {
        CorpusReader {
            fields: options.fields.clone(),
            clean: options.clean,
            strict: options.strict,
            inputs: options.inputs.iter().cloned().collect(),
            current: None,
            cleaner: Arc::new(Cleaner::new(&[])),
            buffer: VecDeque::new(),
            problems: VecDeque::new(),
            outlets: BTreeMap::new(),
            events: BTreeMap::new(),
            ids: HashMap::default(),
            id_hasher: foldhash::fast::RandomState::default(),
            last_path: None,
            given: Vec::new(),
            stdin: None,
            stopped: false,
        }
    }

    /// What has been read from standard input ([`Input::Stdin`]): its SHA-256 and length, to
    /// stamp it, since it cannot be read again. `None` until it is opened.
    pub fn stdin_digest(&self) -> Option<StreamDigest> {
        self.stdin.as_ref().map(|digest| digest.borrow().clone())
    }

    /// The field names this reader looks up in records and front matter.
    pub fn fields(&self) -> &FieldMap {
        &self.fields
    }

    /// Whether this reader cleans articles (`false`: `--no-clean`).
    pub fn cleans(&self) -> bool {
        self.clean
    }

    /// Outlets described by the manifests read so far.
    pub fn outlets(&self) -> &BTreeMap<String, Outlet> {
        &self.outlets
    }

    /// Named events described by the manifests read so far.
    pub fn events(&self) -> &BTreeMap<String, EventInfo> {
        &self.events
    }

    /// The outlets and named events of every manifest read.
    pub fn into_metadata(self) -> (BTreeMap<String, Outlet>, BTreeMap<String, EventInfo>) {
        (self.outlets, self.events)
    }

    fn open(&mut self, input: Input) {
        self.cleaner = Arc::new(Cleaner::new(&[]));
        let opened = match input {
            Input::Bundled => {
                let (manifest, problems) =
                    match parse_manifest(bundled::MANIFEST_PATH, bundled::MANIFEST) {
                        Ok(parsed) => parsed,
                        Err(problem) => (Manifest::default(), vec![problem]),
                    };
                self.problems.extend(problems);
                self.adopt(&manifest, Path::new(bundled::MANIFEST_PATH));
                let files = bundled::FILES
                    .iter()
                    .map(|(name, text)| FileItem::Static { rel: name, text });
                Some(Box::new(FolderSource::new(
                    bundled::ROOT.to_string(),
                    SourceKind::Bundled,
                    Box::new(files),
                    Some(manifest),
                    self.fields.clone(),
                )) as Box<dyn RecordSource>)
            }
            Input::Path(path) => self.open_path(&path),
            Input::Stdin => {
                let digest = self.stdin.get_or_insert_with(Rc::default).clone();
                Some(Box::new(JsonlSource::stream(
                    STDIN,
                    Box::new(io::stdin().lock()),
                    self.fields.clone(),
                    digest,
                )) as Box<dyn RecordSource>)
            }
        };
        self.current = opened;
    }

    fn open_path(&mut self, path: &Path) -> Option<Box<dyn RecordSource>> {
        let display = path.display().to_string();
        let problem = |message: String| Problem::whole_file(display.clone(), message);
        let metadata = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                self.problems
                    .push_back(problem(format!("cannot read: {e}")));
                return None;
            }
        };
        if let Ok(resolved) = fs::canonicalize(path) {
            let earlier = self.given.iter().find(|(p, _)| resolved.starts_with(p));
            if let Some((earlier, as_given)) = earlier {
                let how = if *earlier == resolved {
                    format!("is given twice (first as {as_given})")
                } else {
                    format!("is in the folder {as_given}, given before")
                };
                self.problems.push_back(problem(format!(
                    "{how}; not read again, so that its articles count once"
                )));
                return None;
            }
            self.given.push((resolved, display.clone()));
        }
        if metadata.is_dir() {
            return self.open_folder(path);
        }
        match open_file(path, &self.fields) {
            Ok(source) => Some(source),
            Err(problem) => {
                self.problems.push_back(problem);
                None
            }
        }
    }

    fn open_folder(&mut self, root: &Path) -> Option<Box<dyn RecordSource>> {
        let manifest_path = root.join(MANIFEST);
        let manifest = if manifest_path.is_file() {
            let display = manifest_path.display().to_string();
            let parsed = match fs::read(&manifest_path) {
                Err(e) => Err(Problem::whole_file(
                    display.clone(),
                    format!("cannot read the manifest: {e}; the folder was not read"),
                )),
                Ok(bytes) => match String::from_utf8(bytes) {
                    Err(e) => Err(not_utf8(&display, e.as_bytes(), e.utf8_error())),
                    Ok(source) => parse_manifest(&display, &source),
                },
            };
            match parsed {
                Ok((manifest, problems)) => {
                    self.problems.extend(problems);
                    Some(manifest)
                }
                Err(mut problem) => {
                    // Without its manifest a folder's articles would lose their outlets and
                    // dates without a word: the folder is not read until it is fixed.
                    if !problem.message.ends_with("not read") {
                        problem.message.push_str("; the folder was not read");
                    }
                    problem.skipped = Skipped::File;
                    self.problems.push_back(problem);
                    return None;
                }
            }
        } else {
            None
        };
        if let Some(manifest) = &manifest {
            self.adopt(manifest, &manifest_path);
        }
        let root_buf = root.to_path_buf();
        let walk = walk_folder(root).filter_map(move |entry| match entry {
            Err(e) => Some(FileItem::Error(Problem::whole_file(
                e.path().unwrap_or(&root_buf).display().to_string(),
                match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => format!(
                        "a symbolic link back to {}, which is being read; not read again",
                        ancestor.display()
                    ),
                    (None, Some(io)) => format!("cannot read: {io}"),
                    (None, None) => format!("cannot read: {e}"),
                },
            ))),
            Ok(entry) if !entry.file_type().is_file() => None,
            Ok(entry) => {
                let path = entry.path();
                let rel = path
                    .strip_prefix(&root_buf)
                    .unwrap_or(path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if entry.file_name() == MANIFEST && entry.depth() > 1 {
                    Some(FileItem::Error(Problem::whole_file(
                        path.display().to_string(),
                        format!(
                            "a manifest in a subfolder is not read; describe `{rel}`'s \
                             files in the top folder's {MANIFEST}"
                        ),
                    )))
                } else {
                    match file_kind(path) {
                        Some(FileKind::Text) => Some(FileItem::Disk {
                            rel,
                            path: path.to_path_buf(),
                        }),
                        Some(_) => Some(FileItem::Records(path.to_path_buf())),
                        // Images, HTML, anything else: not corpus inputs.
                        None => None,
                    }
                }
            }
        });
        Some(Box::new(FolderSource::new(
            root.display().to_string(),
            SourceKind::File,
            Box::new(walk),
            manifest,
            self.fields.clone(),
        )))
    }

    /// Takes a manifest's outlets, events and furniture for the input being opened.
    fn adopt(&mut self, manifest: &Manifest, path: &Path) {
        self.cleaner = Arc::new(Cleaner::new(&manifest.furniture));
        merge_named(
            &mut self.outlets,
            &manifest.outlets,
            path,
            &mut self.problems,
        );
        merge_named(&mut self.events, &manifest.events, path, &mut self.problems);
    }

    /// The next article before its per-article work (cleaning, dating, language), or a
    /// problem. The work is [`PendingArticle::build`], which may run on another thread: a
    /// scorer reads in order here and builds and scores in parallel.
    pub fn next_pending(&mut self) -> Option<Result<PendingArticle, Problem>> {
        loop {
            if self.stopped {
                return None;
            }
            if let Some(problem) = self.problems.pop_front() {
                return self.give(Err(problem));
            }
            if let Some(item) = self.buffer.pop_front() {
                let item = item.and_then(|raw| self.admit(raw));
                return self.give(item);
            }
            match &mut self.current {
                Some(source) => {
                    if !source.next_into(&mut self.buffer) {
                        self.current = None;
                    }
                }
                None => {
                    let input = self.inputs.pop_front()?;
                    self.open(input);
                }
            }
        }
    }

    /// Checks a raw article's id is new and readies it for building.
    fn admit(&mut self, raw: RawArticle) -> Result<PendingArticle, Problem> {
        // One hash and one probe of the table for every article; the id is copied for the
        // table, as it was when it was inserted after a lookup.
        let key = IdKey {
            hash: self.id_hasher.hash_one(raw.id.as_str()),
            id: raw.id.clone(),
        };
        let first = match self.ids.entry(key) {
            Entry::Occupied(first) => first.get().to_string(),
            Entry::Vacant(vacant) => {
                let path = match &self.last_path {
                    Some(path) if **path == *raw.source.path => path.clone(),
                    _ => self
                        .last_path
                        .insert(Rc::from(raw.source.path.as_str()))
                        .clone(),
                };
                vacant.insert(FirstRead {
                    path,
                    line: match raw.source.kind {
                        SourceKind::File | SourceKind::Bundled => None,
                        _ => Some(raw.source.line),
                    },
                });
                return Ok(PendingArticle {
                    raw,
                    cleaner: self.clean.then(|| self.cleaner.clone()),
                });
            }
        };
        // A file in a folder is named by its path in that folder: two folders with a
        // `001.txt` each (one per outlet, say) clash, and the fix is not obvious.
        let hint = if raw.source.kind == SourceKind::File && first != raw.source.path {
            "; a file in a folder is named by its path in that folder: read the folders' \
             parent folder, or give the files distinct names"
        } else {
            ""
        };
        Err(Problem {
            path: raw.source.path,
            line: Some(raw.source.line),
            message: format!(
                "article id `{}` was already read from {first}; this article is \
                 skipped{hint}",
                raw.id
            ),
            skipped: Skipped::Article,
        })
    }

    fn give<T>(&mut self, item: Result<T, Problem>) -> Option<Result<T, Problem>> {
        if item.is_err() && self.strict {
            self.stopped = true;
        }
        Some(item)
    }
}

/// An article id with its hash, computed once: growing the table rehashes its keys, and
/// hashing each id again read every id's bytes from all over the heap.
#[derive(PartialEq, Eq)]
struct IdKey {
    hash: u64,
    id: String,
}

impl Hash for IdKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of [`IdKey`]s: the hash they carry, as it is.
#[derive(Default)]
struct KeptHash(u64);

impl Hasher for KeptHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is called (by `IdKey`); any other input is still hashed.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Where an article id was first read: a file, or a record's file and line. Written out only
/// when the id comes again (an allocation for every article was a per cent of reading).
struct FirstRead {
    path: Rc<str>,
    line: Option<usize>,
}

impl fmt::Display for FirstRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            None => f.write_str(&self.path),
            Some(line) => write!(f, "{}:{line}", self.path),
        }
    }
}

/// An article read and admitted (its id is new), not yet cleaned, dated or described.
pub struct PendingArticle {
    raw: RawArticle,
    /// The cleaner of its input, or `None` when cleaning is off.
    cleaner: Option<Arc<Cleaner>>,
}

impl PendingArticle {
    /// Cleans, titles, dates and describes the article.
    pub fn build(self) -> Article {
        self.build_prepared().0
    }

    /// As [`PendingArticle::build`], and also gives back the text's standard normalization
    /// when cleaning made it and nothing was dropped (so it is the article text's): the matcher
    /// then need not normalize the text again ([`crate::matcher::Matcher::analyze_prepared`]).
    pub fn build_prepared(self) -> (Article, Option<Prepared>) {
        let raw = self.raw;
        let (cleaned, prepared) = match &self.cleaner {
            Some(cleaner) => {
                let prepared = Prepared::new(&raw.text, Folding::Standard);
                let cleaned = cleaner.clean_prepared(raw.text, &prepared);
                let kept = cleaned.dropped.is_empty().then_some(prepared);
                (cleaned, kept)
            }
            None => (
                Cleaned {
                    text: raw.text,
                    dropped: Vec::new(),
                },
                None,
            ),
        };
        let mut meta = raw.meta;
        let title = meta
            .title
            .take()
            .or_else(|| first_line_title(&cleaned.text));
        let (date, date_source) = match meta.date.and_then(|d| parse_date(&d.value).map(|p| (p, d)))
        {
            Some((date, given)) => (
                Some(date),
                DateSource::Metadata {
                    origin: given.origin,
                    value: given.value,
                },
            ),
            None => match date_from_text(&cleaned.text) {
                Some(found) => (
                    Some(found.date),
                    DateSource::Text {
                        line: found.line,
                        matched: found.mention.matched,
                        calendar: found.mention.calendar,
                    },
                ),
                None => (None, DateSource::None),
            },
        };
        let (language, language_source) = match meta.language {
            Some(code) => (code, LanguageSource::Metadata),
            None => (
                detect_language(&cleaned.text).to_string(),
                LanguageSource::Script,
            ),
        };
        let article = Article {
            id: raw.id,
            source: raw.source,
            outlet: meta.outlet,
            title,
            url: meta.url,
            date,
            date_source,
            language,
            language_source,
            event: meta.event,
            credits: meta.credits,
            cites: meta.cites,
            notes: meta.notes,
            text: cleaned.text,
            dropped: cleaned.dropped,
        };
        (article, prepared)
    }
}

impl Iterator for CorpusReader {
    type Item = Result<Article, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.next_pending()?.map(PendingArticle::build))
    }
}

/// A corpus folder's entries as the reader takes them: sorted by name, hidden files and
/// folders left out, symbolic links followed (a loop or a broken link is an error entry).
pub(crate) fn walk_folder(
    root: &Path,
) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + use<> {
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
}

/// Whether the reader reads this file of a folder walk: an input by its extension, or the
/// top folder's manifest.
pub(crate) fn is_read(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_file()
        && (file_kind(entry.path()).is_some()
            || (entry.file_name() == MANIFEST && entry.depth() == 1))
}

/// The kind of file a path is, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Text,
    Jsonl,
    Json,
    Csv,
    Tsv,
}

fn file_kind(path: &Path) -> Option<FileKind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "txt" | "md" => FileKind::Text,
        "jsonl" | "ndjson" => FileKind::Jsonl,
        "json" => FileKind::Json,
        "csv" => FileKind::Csv,
        "tsv" => FileKind::Tsv,
        _ => return None,
    })
}

/// Opens one input file of any kind.
fn open_file(path: &Path, fields: &FieldMap) -> Result<Box<dyn RecordSource>, Problem> {
    let display = path.display().to_string();
    let problem = |message: String| Problem::whole_file(display.clone(), message);
    let fields = fields.clone();
    Ok(match file_kind(path) {
        Some(FileKind::Text) => {
            let rel = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| display.clone());
            let item = FileItem::Disk {
                rel,
                path: path.to_path_buf(),
            };
            Box::new(FolderSource::new(
                display,
                SourceKind::File,
                Box::new(std::iter::once(item)),
                None,
                fields,
            ))
        }
        Some(FileKind::Jsonl) => Box::new(JsonlSource::open(path, fields)),
        Some(FileKind::Json) => match JsonArraySource::sniff(path) {
            Ok(JsonShape::Array) => Box::new(JsonArraySource::open(path, fields)),
            Ok(JsonShape::Lines) => Box::new(JsonlSource::open(path, fields)),
            Ok(JsonShape::Objects) => Box::new(JsonArraySource::objects(path, fields)),
            Err(e) => return Err(problem(format!("cannot read: {e}"))),
        },
        Some(FileKind::Csv) => Box::new(CsvSource::open(path, b',', fields)),
        Some(FileKind::Tsv) => Box::new(CsvSource::open(path, b'\t', fields)),
        None => {
            return Err(problem(
                "not a corpus input: expected a folder or a .txt, .md, .jsonl, .ndjson, .json, \
                 .csv or .tsv file"
                    .to_string(),
            ));
        }
    })
}

/// Adds a manifest's outlets or events to those known; the same id described differently by
/// two manifests is a problem (the first description is kept).
fn merge_named<T: Clone + PartialEq>(
    known: &mut BTreeMap<String, T>,
    new: &BTreeMap<String, T>,
    manifest: &Path,
    problems: &mut VecDeque<Problem>,
) {
    for (id, value) in new {
        match known.get(id) {
            Some(existing) if existing != value => problems.push_back(Problem {
                path: manifest.display().to_string(),
                line: None,
                message: format!(
                    "`{id}` is described differently by an earlier manifest; the earlier \
                     description is used"
                ),
                skipped: Skipped::Value,
            }),
            Some(_) => {}
            None => {
                known.insert(id.clone(), value.clone());
            }
        }
    }
}

/// `bytes` as text, checked in one fast pass (simdutf8); only bytes that are not UTF-8 are
/// checked again by the standard library, whose error says where the first bad byte is. The
/// standard check took a twelfth of scoring a JSONL corpus of Arabic.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// The problem for bytes that are not UTF-8: where the first bad byte is.
pub(crate) fn not_utf8(path: &str, bytes: &[u8], error: std::str::Utf8Error) -> Problem {
    let valid = &bytes[..error.valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(
        &valid[valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..],
    )
    .chars()
    .count()
        + 1;
    // Windows editors save "Unicode" text as UTF-16 with a byte-order mark: say so, since the
    // byte alone does not tell the user what to change.
    let message = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        "UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8; save the file as UTF-8"
            .to_string()
    } else {
        format!(
            "not UTF-8 text (byte 0x{:02X} at column {column}); convert the file to UTF-8",
            bytes[error.valid_up_to()]
        )
    };
    Problem {
        path: path.to_string(),
        line: Some(line),
        message,
        skipped: Skipped::Article,
    }
}

/// The text's first non-blank line, when it is title-sized.
fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let words = word_spans(line).len();
    (words > 0 && words <= TITLE_WORDS).then(|| line.to_string())
}

/// English function words: Latin text with enough of them is English; other Latin text is not
/// guessed at.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "said", "a",
];

/// Bytes of a text that language detection looks at: a thousand or more letters, which decide
/// the script of a news text as well as the whole would (it was 8,000 bytes, and counting them
/// took a twentieth of scoring a corpus).
const LANGUAGE_SAMPLE: usize = 2_000;

/// The language of a text from the letters of its first [`LANGUAGE_SAMPLE`] bytes: `ar` when
/// Arabic letters are the majority, `en` when Latin letters are and English function words are
/// common, `und` otherwise.
pub fn detect_language(text: &str) -> &'static str {
    // The first thousand or so characters decide; a whole long article says nothing more.
    let mut sample = text.len().min(LANGUAGE_SAMPLE);
    while !text.is_char_boundary(sample) {
        sample -= 1;
    }
    let text = &text[..sample];
    let (arabic, latin) = crate::text::script_letters(text);
    if arabic == 0 && latin == 0 {
        return "und";
    }
    if arabic >= latin {
        return "ar";
    }
    let words: Vec<String> = word_spans(text)
        .into_iter()
        .map(|s| text[s].to_lowercase())
        .collect();
    let markers = words
        .iter()
        .filter(|w| ENGLISH_MARKERS.contains(&w.as_str()))
        .count();
    if markers * 20 >= words.len() {
        "en"
    } else {
        "und"
    }
}

/// A file of a folder (or of the bundled corpus).
pub(crate) enum FileItem {
    Disk {
        rel: String,
        path: PathBuf,
    },
    Static {
        rel: &'static str,
        text: &'static str,
    },
    /// A JSONL, JSON or CSV file found in a folder: its records are articles.
    Records(PathBuf),
    /// A folder entry that could not be read.
    Error(Problem),
}

/// Reads `.txt` and `.md` files with their front matter and manifest entries.
pub(crate) struct FolderSource {
    root: String,
    kind: SourceKind,
    files: Box<dyn Iterator<Item = FileItem>>,
    manifest: Option<Manifest>,
    fields: FieldMap,
    /// A record file of the folder being read.
    nested: Option<Box<dyn RecordSource>>,
}

impl FolderSource {
    pub(crate) fn new(
        root: String,
        kind: SourceKind,
        files: Box<dyn Iterator<Item = FileItem>>,
        manifest: Option<Manifest>,
        fields: FieldMap,
    ) -> FolderSource {
        FolderSource {
            root,
            kind,
            files,
            manifest,
            fields,
            nested: None,
        }
    }

    fn manifest_path(&self) -> String {
        if self.kind == SourceKind::Bundled {
            bundled::MANIFEST_PATH.to_string()
        } else {
            Path::new(&self.root).join(MANIFEST).display().to_string()
        }
    }

    fn read_file(
        &mut self,
        rel: &str,
        path: &str,
        bytes: &[u8],
    ) -> Vec<Result<RawArticle, Problem>> {
        let problem = |line: Option<usize>, message: String| Problem {
            path: path.to_string(),
            line,
            message,
            skipped: Skipped::Article,
        };
        // The manifest entry is taken first: a file that cannot be read still had one.
        let mut meta = self
            .manifest
            .as_mut()
            .and_then(|m| m.files.remove(rel))
            .map(|(_, meta)| meta)
            .unwrap_or_default();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match utf8(bytes) {
            Ok(text) => text,
            Err(e) => return vec![Err(not_utf8(path, bytes, e))],
        };
        if text.trim().is_empty() {
            return vec![Err(problem(None, "empty file".to_string()))];
        }
        let mut out = Vec::new();
        let (body, body_line) = match split_front_matter(text) {
            Err((line, message)) => return vec![Err(problem(Some(line), message))],
            Ok(None) => (text, 1),
            Ok(Some(split)) => {
                match read_front_matter(&split, &self.fields) {
                    Err((line, message)) => return vec![Err(problem(Some(line), message))],
                    Ok((front, problems)) => {
                        out.extend(problems.into_iter().map(|(line, message)| {
                            Err(Problem {
                                skipped: Skipped::Value,
                                ..problem(Some(line), message)
                            })
                        }));
                        meta.overlay(front);
                    }
                }
                (split.body, split.body_line)
            }
        };
        if body.trim().is_empty() {
            return vec![Err(problem(
                None,
                "no text after the front matter".to_string(),
            ))];
        }
        let id = meta.id.clone().unwrap_or_else(|| {
            rel.rsplit_once('.')
                .map(|(stem, _)| stem)
                .unwrap_or(rel)
                .to_string()
        });
        out.insert(
            0,
            Ok(RawArticle {
                id,
                source: Source {
                    path: path.to_string(),
                    line: body_line,
                    kind: self.kind,
                },
                meta,
                text: body.to_string(),
            }),
        );
        out
    }
}

impl RecordSource for FolderSource {
    fn next_into(&mut self, out: &mut VecDeque<Result<RawArticle, Problem>>) -> bool {
        if let Some(nested) = &mut self.nested {
            if !nested.next_into(out) {
                self.nested = None;
            }
            return true;
        }
        let Some(item) = self.files.next() else {
            // Manifest entries that named no file are mistakes worth showing.
            let manifest_path = self.manifest_path();
            if let Some(manifest) = self.manifest.take() {
                for (name, (line, _)) in manifest.files {
                    out.push_back(Err(Problem {
                        path: manifest_path.clone(),
                        line: Some(line),
                        message: format!(
                            "files.\"{name}\" names no .txt or .md file in the folder"
                        ),
                        skipped: Skipped::Value,
                    }));
                }
            }
            return !out.is_empty();
        };
        match item {
            FileItem::Error(problem) => out.push_back(Err(problem)),
            FileItem::Records(path) => match open_file(&path, &self.fields) {
                Ok(source) => self.nested = Some(source),
                Err(problem) => out.push_back(Err(problem)),
            },
            FileItem::Static { rel, text } => {
                let path = format!("{}/{rel}", self.root);
                out.extend(self.read_file(rel, &path, text.as_bytes()));
            }
            FileItem::Disk { rel, path } => {
                let display = path.display().to_string();
                match fs::read(&path) {
                    Ok(bytes) => out.extend(self.read_file(&rel, &display, &bytes)),
                    Err(e) => out.push_back(Err(Problem {
                        path: display,
                        line: None,
                        message: format!("cannot read: {e}"),
                        skipped: Skipped::Article,
                    })),
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An id read again names where it was first read: a record's file and line, in any file
    /// read before; the article is skipped.
    #[test]
    fn an_id_read_again_names_the_record_it_was_first_read_from() {
        let dir = tempfile::tempdir().unwrap();
        let (lines, array) = (dir.path().join("a.jsonl"), dir.path().join("b.json"));
        fs::write(
            &lines,
            "{\"id\": \"x\", \"text\": \"one\"}\n{\"id\": \"y\", \"text\": \"two\"}\n\
             {\"id\": \"x\", \"text\": \"three\"}\n",
        )
        .unwrap();
        fs::write(
            &array,
            "[\n{\"id\": \"y\", \"text\": \"four\"},\n{\"text\": \"five\"}\n]",
        )
        .unwrap();
        let options = ReadOptions {
            inputs: vec![Input::Path(lines.clone()), Input::Path(array.clone())],
            ..ReadOptions::default()
        };
        let read: Vec<Result<String, String>> = CorpusReader::new(&options)
            .map(|item| item.map(|a| a.id).map_err(|p| p.to_string()))
            .collect();
        let (lines, array) = (lines.display(), array.display());
        assert_eq!(
            read,
            [
                Ok("x".to_string()),
                Ok("y".to_string()),
                Err(format!(
                    "{lines}:3: article id `x` was already read from {lines}:1; this article is \
                     skipped"
                )),
                Err(format!(
                    "{array}:2: article id `y` was already read from {lines}:2; this article is \
                     skipped"
                )),
                Ok(format!("{array}#3")),
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The fast check says what the standard one says, and where the first bad byte is:
        /// on arbitrary bytes, and on Arabic text with a byte or two changed.
        #[test]
        fn the_fast_utf8_check_agrees_with_the_standard_one(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            text in "[ا-ي a-z😀é]{0,60}",
            flips in proptest::collection::vec((0usize..400, proptest::prelude::any::<u8>()), 0..3),
        ) {
            let mut changed = text.into_bytes();
            for (at, b) in flips {
                if !changed.is_empty() {
                    let at = at % changed.len();
                    changed[at] = b;
                }
            }
            for input in [bytes, changed] {
                let (fast, standard) = (utf8(&input), std::str::from_utf8(&input));
                proptest::prop_assert_eq!(fast.ok(), standard.ok());
                proptest::prop_assert_eq!(
                    fast.err().map(|e| e.valid_up_to()),
                    standard.err().map(|e| e.valid_up_to())
                );
            }
        }
    }
}

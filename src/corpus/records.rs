//! Record inputs: JSONL (one article object per line, from a file or standard input), JSON
//! arrays of article objects (the SaudiNewsNet shape), and CSV or TSV with a header row. Each
//! streams: one line, one array element or one row at a time. Fields are found through the
//! [`FieldMap`]; a record without text is a problem, a single bad metadata value is a problem
//! that leaves the article in.
//!
//! JSONL lines and flat objects in JSON arrays are parsed where they lie in the reader's
//! buffer (a [`Window`], refilled 128 KiB at a time), not copied out of it first; any other
//! element of an array takes the general path, which copies it out and gives it to serde_json.
//!
//! ```
//! use framelens::corpus::{Corpus, Input, ReadOptions};
//!
//! let corpus = Corpus::read(&ReadOptions {
//!     inputs: vec![Input::Path("tests/fixtures/corpus/saudinewsnet.json".into())],
//!     ..ReadOptions::default()
//! });
//! let first = &corpus.articles[0];
//! assert_eq!(first.outlet.as_deref(), Some("aawsat"));
//! assert_eq!(first.date.unwrap().to_string(), "2015-07-22");
//! assert_eq!(first.source.line, 2);
//! ```

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::dates::parse_date;
use super::fields::{Field, FieldMap};
use super::json::{self, Element, FieldSpan, Record, Scan, Slot};
use super::meta::{MetaDate, Metadata};
use super::read::{RawArticle, RecordSource, not_utf8, utf8};
use super::{Problem, Skipped, Source, SourceKind};

/// A field's value in a record.
enum FieldValue<'a> {
    Text(&'a str),
    /// A number or a boolean: fine as metadata (`"id": 17`), not as an article's text.
    Scalar(&'a str, &'static str),
    /// A value that is not text: an array or an object ("an array").
    NotText(&'static str),
}

/// A record's fields by name.
trait Fields {
    /// The value of field `name` (case-insensitively).
    fn get(&self, name: &str) -> Option<FieldValue<'_>>;
    /// The text of field `name`, which [`Fields::get`] found as text: moved out of the record
    /// where the record owns it (the article text is most of a record's bytes).
    fn into_text(self, name: &str) -> String;
}

/// Builds a raw article from one record. Pushes the article, if the record has text, and
/// problems with single values.
///
/// `nth` counts the records that start on `line`, from 1. A record without an `id` field is
/// `path#line`, or `path#line.nth` after the first on its line: a minified JSON array has all
/// of its records on line 1, and line numbers alone would give them all one id.
fn raw_from_record(
    path: &str,
    line: usize,
    nth: usize,
    kind: SourceKind,
    fields: &FieldMap,
    record: impl Fields,
    out: &mut VecDeque<Result<RawArticle, Problem>>,
) {
    let problem = |message: String, skipped: Skipped| Problem {
        path: path.to_string(),
        line: Some(line),
        message,
        skipped,
    };
    let get = |name: &str| record.get(name);
    let text_field = match fields.pick(Field::Text, get) {
        None => {
            let names = fields.names(Field::Text).join(", ");
            out.push_back(Err(problem(
                format!("no text field (looked for {names}; map one with --field text=NAME)"),
                Skipped::Article,
            )));
            return;
        }
        Some((name, FieldValue::NotText(what) | FieldValue::Scalar(_, what))) => {
            out.push_back(Err(problem(
                format!("field `{name}` is {what}, not text"),
                Skipped::Article,
            )));
            return;
        }
        Some((name, FieldValue::Text(text))) if text.trim().is_empty() => {
            out.push_back(Err(problem(
                format!("field `{name}` is empty"),
                Skipped::Article,
            )));
            return;
        }
        Some((name, FieldValue::Text(_))) => name,
    };
    let mut problems = Vec::new();
    // The field's name is borrowed from `fields`: only a date's is kept (in its origin).
    let mut value = |field: Field| -> Option<(&str, String)> {
        match fields.pick(field, get)? {
            (name, FieldValue::Text(s) | FieldValue::Scalar(s, _)) => {
                let s = s.trim();
                (!s.is_empty()).then(|| (name, s.to_string()))
            }
            (name, FieldValue::NotText(what)) => {
                problems.push(Err(problem(
                    format!("field `{name}` is {what}, not text; ignored"),
                    Skipped::Value,
                )));
                None
            }
        }
    };
    let id = value(Field::Id).map(|(_, v)| v);
    let date = value(Field::Date);
    let mut meta = Metadata {
        outlet: value(Field::Outlet).map(|(_, v)| v),
        title: value(Field::Title).map(|(_, v)| v),
        url: value(Field::Url).map(|(_, v)| v),
        language: value(Field::Language).map(|(_, v)| v),
        event: value(Field::Event).map(|(_, v)| v),
        ..Metadata::default()
    };
    if let Some((name, date)) = date {
        if parse_date(&date).is_some() {
            meta.date = Some(MetaDate {
                value: date,
                origin: ["field ", name].concat(),
            });
        } else {
            problems.push(Err(problem(
                format!("field `{name}`: `{date}` is not a date; the text's date is used"),
                Skipped::Value,
            )));
        }
    }
    let text = record.into_text(text_field);
    out.push_back(Ok(RawArticle {
        id: id.unwrap_or_else(|| record_id(path, line, nth)),
        source: Source {
            path: path.to_string(),
            line,
            kind,
        },
        meta,
        text,
    }));
    out.extend(problems);
}

/// The id of a record without one: `path#line`, or `path#line.nth` after the first on its
/// line. Written without `format!`, whose machinery was most of the cost of an id.
fn record_id(path: &str, line: usize, nth: usize) -> String {
    let (mut line_digits, mut nth_digits) = (itoa::Buffer::new(), itoa::Buffer::new());
    let line = line_digits.format(line);
    let mut id = String::with_capacity(path.len() + line.len() + 12);
    id.push_str(path);
    id.push('#');
    id.push_str(line);
    if nth != 1 {
        id.push('.');
        id.push_str(nth_digits.format(nth));
    }
    id
}

impl Fields for Record<'_> {
    fn get(&self, name: &str) -> Option<FieldValue<'_>> {
        match Record::get(self, name)? {
            Slot::Null => None,
            Slot::Text(s) => Some(FieldValue::Text(s)),
            Slot::Scalar(s, what) => Some(FieldValue::Scalar(s, what)),
            Slot::Nested(what) => Some(FieldValue::NotText(what)),
        }
    }

    fn into_text(self, name: &str) -> String {
        match self.take(name) {
            Some(Slot::Text(text)) => text.into_owned(),
            _ => String::new(),
        }
    }
}

/// A CSV row's fields, each under its header.
struct Row<'a>(Vec<(&'a str, &'a str)>);

impl Fields for Row<'_> {
    fn get(&self, name: &str) -> Option<FieldValue<'_>> {
        self.0
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(name))
            .map(|&(_, v)| FieldValue::Text(v))
    }

    fn into_text(self, name: &str) -> String {
        self.get(name)
            .map_or_else(String::new, |value| match value {
                FieldValue::Text(text) => text.to_string(),
                _ => String::new(),
            })
    }
}

/// serde_json's message without its own ` at line L column C` (relative to where parsing
/// started, which is not the file's line).
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn open_problem(path: &str, error: &io::Error) -> Problem {
    Problem::whole_file(path, format!("cannot read: {error}"))
}

/// JSONL: every non-blank line one JSON object.
pub(crate) struct JsonlSource {
    path: String,
    reader: Option<Window<Box<dyn Read>>>,
    opened: Option<Problem>,
    fields: FieldMap,
    line: usize,
    /// A line too long for the window (a buffer, reused).
    buf: Vec<u8>,
    /// Where the fields of the line being read are (a buffer, reused).
    spans: Vec<FieldSpan>,
    articles: usize,
    /// Every byte read goes through this digest, when there is one: standard input cannot be
    /// read a second time to stamp it.
    digest: Option<Rc<RefCell<StreamDigest>>>,
}

impl JsonlSource {
    pub(crate) fn open(path: &Path, fields: FieldMap) -> JsonlSource {
        let display = path.display().to_string();
        let (reader, opened) = match File::open(path) {
            Ok(f) => (Some(Window::new(Box::new(f) as Box<dyn Read>)), None),
            Err(e) => (None, Some(open_problem(&display, &e))),
        };
        JsonlSource {
            path: display,
            reader,
            opened,
            fields,
            line: 0,
            buf: Vec::new(),
            spans: Vec::new(),
            articles: 0,
            digest: None,
        }
    }

    /// JSONL from a stream (standard input), named `name` in ids and messages; what is read
    /// is added to `digest`.
    pub(crate) fn stream(
        name: &str,
        reader: Box<dyn Read>,
        fields: FieldMap,
        digest: Rc<RefCell<StreamDigest>>,
    ) -> JsonlSource {
        JsonlSource {
            path: name.to_string(),
            reader: Some(Window::new(reader)),
            opened: None,
            fields,
            line: 0,
            buf: Vec::new(),
            spans: Vec::new(),
            articles: 0,
            digest: Some(digest),
        }
    }
}

/// `BufRead::read_until(b'\n')`, finding the line break with the memchr crate: the standard
/// library's search goes a word at a time, and it was a percent of scoring a JSONL corpus.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => {
                buf.extend_from_slice(&available[..=i]);
                (true, i + 1)
            }
            None => {
                buf.extend_from_slice(available);
                (false, available.len())
            }
        };
        reader.consume(used);
        read += used;
        if done || used == 0 {
            return Ok(read);
        }
    }
}

/// The SHA-256 and length of a stream as read so far: how standard input is stamped, since it
/// cannot be read again afterwards.
///
/// ```
/// use framelens::corpus::StreamDigest;
///
/// let digest = StreamDigest::default();
/// assert_eq!(digest.bytes(), 0);
/// assert_eq!(
///     digest.sha256_hex(),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
#[derive(Clone, Debug, Default)]
pub struct StreamDigest {
    hasher: Sha256,
    bytes: u64,
}

impl StreamDigest {
    fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    /// Bytes read.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// SHA-256 of the bytes read, hex.
    pub fn sha256_hex(&self) -> String {
        self.hasher
            .clone()
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl RecordSource for JsonlSource {
    fn next_into(&mut self, out: &mut VecDeque<Result<RawArticle, Problem>>) -> bool {
        if let Some(problem) = self.opened.take() {
            out.push_back(Err(problem));
            return false;
        }
        let Some(reader) = self.reader.as_mut() else {
            return false;
        };
        loop {
            let bytes = match next_line(reader, &mut self.buf) {
                Err(e) => {
                    out.push_back(Err(Problem {
                        path: self.path.clone(),
                        line: Some(self.line + 1),
                        message: format!("cannot read: {e}; the rest of the file was not read"),
                        skipped: Skipped::RestOfFile,
                    }));
                    self.reader = None;
                    return true;
                }
                Ok([]) => {
                    self.reader = None;
                    // An empty file is a mistake worth showing; an empty stream is an empty
                    // partition of a pipeline's map step, and no data is lost.
                    if self.articles == 0 && self.line == 0 && self.digest.is_none() {
                        out.push_back(Err(Problem::whole_file(self.path.clone(), "empty file")));
                        return true;
                    }
                    return false;
                }
                Ok(bytes) => bytes,
            };
            if let Some(digest) = &self.digest {
                digest.borrow_mut().update(bytes);
            }
            self.line += 1;
            // A byte-order mark opens the file, or a later line where files were joined with
            // `cat`.
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let line = match utf8(bytes) {
                Ok(line) => line,
                Err(e) => {
                    let mut problem = not_utf8(&self.path, bytes, e);
                    problem.line = Some(self.line);
                    out.push_back(Err(problem));
                    return true;
                }
            };
            if line.trim().is_empty() {
                // Blank lines between records are no data.
                continue;
            }
            self.articles += 1;
            let problem = |message: String| Problem {
                path: self.path.clone(),
                line: Some(self.line),
                message,
                skipped: Skipped::Article,
            };
            match json::parse_with(line, &mut self.spans) {
                Err(e) => out.push_back(Err(problem(format!(
                    "not JSON: {} (column {})",
                    json_message(&e),
                    e.column()
                )))),
                Ok(Element::Object(record)) => raw_from_record(
                    &self.path,
                    self.line,
                    1,
                    SourceKind::Jsonl,
                    &self.fields,
                    record,
                    out,
                ),
                Ok(Element::Other(what)) => {
                    out.push_back(Err(problem(format!("{what} is not an article object"))))
                }
            }
            return true;
        }
    }
}

/// The next line of `window`, its line break included: where it lies in the window, or, when
/// it is longer than the window may grow, in `spill`. Empty at the end of the input.
fn next_line<'a, R: Read>(
    window: &'a mut Window<R>,
    spill: &'a mut Vec<u8>,
) -> io::Result<&'a [u8]> {
    // The bytes already searched for a line break: a read moves the buffered bytes, not
    // where they are from the line's start.
    let mut searched = 0;
    loop {
        let buffered = window.buffered();
        if let Some(i) = memchr::memchr(b'\n', &buffered[searched..]) {
            return Ok(window.take(searched + i + 1));
        }
        searched = buffered.len();
        match window.read_more()? {
            More::Read => {}
            // The last line, without a line break, or nothing.
            More::End => return Ok(window.take(searched)),
            More::Full => {
                spill.clear();
                spill.extend_from_slice(window.take(searched));
                read_line(window, spill)?;
                return Ok(spill);
            }
        }
    }
}

/// Records are parsed where they lie in this buffer, and it is refilled in blocks of this
/// many bytes: SaudiNewsNet's 108 MB of articles (2.5 KB each as JSON, 62 KB the longest) are
/// read in some 800 system calls instead of 13,000, and none is copied out to be parsed.
const WINDOW: usize = 128 * 1024;

/// The most a window grows to hold one record (sixteen times the longest SaudiNewsNet article);
/// a longer one (a whole book on one line) is read the way a `BufReader` would, and copied
/// out, so that the window adds little to the memory such a record takes anyway.
const WINDOW_MAX: usize = 1024 * 1024;

/// A buffered reader whose buffer can be read ahead without giving up what it holds: a record
/// is parsed in place when it is whole in [`Window::buffered`], and [`Window::read_more`]
/// makes room for more of it (moving it to the front, or growing the buffer) when it is not.
/// As a `BufRead` it is a `BufReader` with a larger buffer.
struct Window<R> {
    inner: R,
    /// The buffer; `start..end` is read and not consumed.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// The bytes the buffer starts with and grows by.
    block: usize,
    /// The most the buffer grows to ([`WINDOW_MAX`]; less in tests).
    max: usize,
    /// The input has ended (a read gave nothing): it is not read again.
    eof: bool,
    /// An error met reading ahead, given out once the bytes read before it are used, where a
    /// `BufReader` would have met it.
    error: Option<io::Error>,
}

/// What [`Window::read_more`] did.
#[derive(Debug, PartialEq, Eq)]
enum More {
    /// Bytes were added after the buffered ones.
    Read,
    /// The input has ended.
    End,
    /// The buffer is as large as [`WINDOW_MAX`] and full.
    Full,
}

impl<R: Read> Window<R> {
    fn new(inner: R) -> Window<R> {
        Window::with_block(inner, WINDOW)
    }

    fn with_block(inner: R, block: usize) -> Window<R> {
        Window {
            inner,
            buf: Vec::new(),
            start: 0,
            end: 0,
            block: block.max(1),
            max: WINDOW_MAX,
            eof: false,
            error: None,
        }
    }

    /// The bytes read and not consumed.
    fn buffered(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// Consumes the first `n` buffered bytes and gives them.
    fn take(&mut self, n: usize) -> &[u8] {
        let start = self.start;
        self.start += n;
        debug_assert!(self.start <= self.end);
        &self.buf[start..self.start]
    }

    /// Reads more bytes after the buffered ones, keeping those: they move to the front, and
    /// when they fill the buffer it grows (up to [`WINDOW_MAX`]).
    fn read_more(&mut self) -> io::Result<More> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.eof {
            return Ok(More::End);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            let most = self.max.max(self.block);
            if self.buf.len() >= most {
                return Ok(More::Full);
            }
            let grown = (self.buf.len() * 2).max(self.block);
            self.buf.resize(grown.min(most), 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(More::End);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(More::Read);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buffered = self.fill_buf()?;
        let n = buffered.len().min(out.len());
        out[..n].copy_from_slice(&buffered[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Window<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            if let Some(e) = self.error.take() {
                return Err(e);
            }
            if !self.eof {
                (self.start, self.end) = (0, 0);
                if self.buf.is_empty() {
                    self.buf = vec![0; self.block];
                }
                let n = self.inner.read(&mut self.buf)?;
                self.end = n;
                self.eof = n == 0;
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }
}

/// A reader that counts the lines it has given out, so a streaming JSON parser's position is
/// known in the file.
struct Counting {
    inner: Window<File>,
    /// The line (1-based) of the next byte.
    line: usize,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.line += memchr::memchr_iter(b'\n', &buf[..n]).count();
        Ok(n)
    }
}

impl Counting {
    /// The next byte that is not JSON white space, without consuming it.
    fn peek_token(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let skip = buf
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
            let n = skip.unwrap_or(buf.len());
            self.line += buf[..n].iter().filter(|&&b| b == b'\n').count();
            let found = skip.map(|i| buf[i]);
            self.inner.consume(n);
            if found.is_some() {
                return Ok(found);
            }
        }
    }

    fn consume_byte(&mut self) {
        self.inner.consume(1);
    }

    /// The bytes of the JSON value that starts here (an object, an array, a string or a
    /// literal), found by tracking nesting and strings, so that serde_json parses it from a
    /// slice: reading a value byte by byte through `io::Read` cost more than all the cleaning.
    /// At the end of the file the bytes read so far come back, and parsing them says what is
    /// missing.
    fn read_value(&mut self, value: &mut Vec<u8>) -> io::Result<()> {
        value.clear();
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            let mut end = None;
            let mut i = 0;
            while i < buf.len() {
                if in_string {
                    if escaped {
                        escaped = false;
                        i += 1;
                        continue;
                    }
                    // Article texts are long strings: jump to the next quote or backslash.
                    let Some(k) = memchr::memchr2(b'"', b'\\', &buf[i..]) else {
                        break; // the string goes on in the next buffer
                    };
                    i += k;
                    if buf[i] == b'\\' {
                        escaped = true;
                    } else {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    i += 1;
                    continue;
                }
                match buf[i] {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    // A bracket at depth 0 closes the array around a literal, not the value.
                    b'}' | b']' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 && i > 0 => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
                i += 1;
            }
            let n = end.unwrap_or(buf.len());
            value.extend_from_slice(&buf[..n]);
            self.line += memchr::memchr_iter(b'\n', &buf[..n]).count();
            self.inner.consume(n);
            if end.is_some() {
                return Ok(());
            }
        }
    }
}

/// Parses one JSON value. The bytes are checked to be UTF-8 in one fast pass first (serde_json
/// would check string by string, a fifth of reading a corpus); bytes that are not go to
/// serde_json as they are, so that its error says where.
fn parse_json(bytes: &[u8]) -> serde_json::Result<Element<'_>> {
    match utf8(bytes) {
        Ok(text) => json::parse(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ArrayState {
    Start,
    First,
    Next,
    Done,
}

/// A JSON array of article objects, read element by element.
pub(crate) struct JsonArraySource {
    path: String,
    reader: Option<Counting>,
    opened: Option<Problem>,
    fields: FieldMap,
    state: ArrayState,
    /// The current element's bytes (a buffer, reused).
    value: Vec<u8>,
    /// The line the last element started on, and how many elements started on it.
    starts: LineStarts,
    /// Objects one after another with no array around them ([`JsonArraySource::objects`]).
    bare: bool,
    /// Where the fields of a flat object read in place are (a buffer, reused).
    spans: Vec<FieldSpan>,
    /// Whether flat objects are read in place ([`JsonArraySource::flat_in_place`]); tests
    /// turn it off to hold it to the general path.
    in_place: bool,
}

/// The line the last element of an array started on, and how many elements started on it.
#[derive(Default)]
struct LineStarts {
    line: usize,
    count: usize,
}

impl LineStarts {
    /// How many elements have started on `line`, the one starting now included.
    fn nth_on(&mut self, line: usize) -> usize {
        if line != self.line {
            (self.line, self.count) = (line, 0);
        }
        self.count += 1;
        self.count
    }
}

/// How a `.json` file holds its articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonShape {
    /// An array of article objects (or something that is not JSON articles at all).
    Array,
    /// One object per line: JSONL by another name.
    Lines,
    /// Objects one after another over several lines each.
    Objects,
}

impl JsonArraySource {
    /// How a `.json` file holds its articles, by its first token and first line.
    pub(crate) fn sniff(path: &Path) -> io::Result<JsonShape> {
        let mut reader = Counting {
            inner: Window::with_block(File::open(path)?, 8 * 1024),
            line: 1,
        };
        skip_bom(&mut reader.inner)?;
        if reader.peek_token()? != Some(b'{') {
            return Ok(JsonShape::Array);
        }
        let mut first = Vec::new();
        reader.inner.read_until(b'\n', &mut first)?;
        Ok(
            if serde_json::from_slice::<serde::de::IgnoredAny>(&first).is_ok() {
                JsonShape::Lines
            } else {
                JsonShape::Objects
            },
        )
    }

    /// A `.json` file of objects one after another, each over any number of lines (one
    /// pretty-printed article, as news scrapers write them, or several).
    pub(crate) fn objects(path: &Path, fields: FieldMap) -> JsonArraySource {
        JsonArraySource {
            bare: true,
            ..JsonArraySource::open(path, fields)
        }
    }

    pub(crate) fn open(path: &Path, fields: FieldMap) -> JsonArraySource {
        let display = path.display().to_string();
        let (reader, opened) = match File::open(path) {
            Ok(f) => (
                Some(Counting {
                    inner: Window::new(f),
                    line: 1,
                }),
                None,
            ),
            Err(e) => (None, Some(open_problem(&display, &e))),
        };
        JsonArraySource {
            path: display,
            reader,
            opened,
            fields,
            state: ArrayState::Start,
            value: Vec::new(),
            starts: LineStarts::default(),
            bare: false,
            spans: Vec::new(),
            in_place: true,
        }
    }

    fn problem(&self, line: usize, message: String, skipped: Skipped) -> Problem {
        Problem {
            path: self.path.clone(),
            line: Some(line),
            message,
            skipped,
        }
    }

    /// Reads the flat object (see [`json::scan_object`]) that starts here, on `line`, where it
    /// lies in the window, reading on while it is not whole: the general path copies a value
    /// out of the reader, counting its lines, and then scans it a second time to parse it.
    /// `false`, with nothing consumed, when it is not a flat object of UTF-8 text with escapes
    /// serde_json accepts, or is longer than [`WINDOW_MAX`]: the general path reads it then,
    /// from the same bytes, and says what is wrong with it. Where this reads a record, the
    /// general path reads the same record from the same bytes and counts the same lines.
    fn flat_in_place(
        &mut self,
        line: usize,
        out: &mut VecDeque<Result<RawArticle, Problem>>,
    ) -> bool {
        let Some(reader) = self.reader.as_mut() else {
            return false;
        };
        let window = &mut reader.inner;
        let (len, lines) = loop {
            match json::scan_object(window.buffered(), &mut self.spans) {
                Scan::Flat { len, lines } => break (len, lines),
                Scan::Other => return false,
                Scan::Short => match window.read_more() {
                    Ok(More::Read) => {}
                    Ok(More::End | More::Full) => return false,
                    Err(e) => {
                        // Given out by the general path when it gets there.
                        window.error = Some(e);
                        return false;
                    }
                },
            }
        };
        let Ok(text) = utf8(&window.buffered()[..len]) else {
            return false;
        };
        let Some(record) = json::record(text, &self.spans) else {
            return false;
        };
        raw_from_record(
            &self.path,
            line,
            self.starts.nth_on(line),
            SourceKind::Json,
            &self.fields,
            record,
            out,
        );
        window.consume(len);
        reader.line += lines;
        self.state = ArrayState::Next;
        true
    }

    /// One step; `Err` ends the file with a problem.
    fn step(&mut self, out: &mut VecDeque<Result<RawArticle, Problem>>) -> Result<(), Problem> {
        let path = self.path.clone();
        let Some(reader) = self.reader.as_mut() else {
            self.state = ArrayState::Done;
            return Ok(());
        };
        let io_problem = |line: usize, e: io::Error| Problem {
            path: path.clone(),
            line: Some(line),
            message: format!("cannot read: {e}; the rest of the file was not read"),
            skipped: Skipped::RestOfFile,
        };
        if self.state == ArrayState::Start && self.bare {
            skip_bom(&mut reader.inner).map_err(|e| io_problem(1, e))?;
            self.state = ArrayState::First;
        }
        if self.state == ArrayState::Start {
            skip_bom(&mut reader.inner).map_err(|e| io_problem(1, e))?;
            match reader
                .peek_token()
                .map_err(|e| io_problem(reader.line, e))?
            {
                None => {
                    return Err(Problem::whole_file(self.path.clone(), "empty file"));
                }
                Some(b'[') => {
                    reader.consume_byte();
                    self.state = ArrayState::First;
                }
                Some(_) => {
                    let line = reader.line;
                    return Err(self.problem(
                        line,
                        "not a JSON array of articles (nor JSONL)".to_string(),
                        Skipped::File,
                    ));
                }
            }
        }
        let Some(reader) = self.reader.as_mut() else {
            return Ok(());
        };
        let mut token = reader
            .peek_token()
            .map_err(|e| io_problem(reader.line, e))?;
        if self.state == ArrayState::Next && !self.bare {
            match token {
                Some(b',') => {
                    reader.consume_byte();
                    token = reader
                        .peek_token()
                        .map_err(|e| io_problem(reader.line, e))?;
                }
                Some(b']') => {}
                Some(other) => {
                    let line = reader.line;
                    return Err(self.problem(
                        line,
                        format!(
                            "expected `,` or `]` between articles, found `{}`; the rest of the \
                             file was not read",
                            other as char
                        ),
                        Skipped::RestOfFile,
                    ));
                }
                None => {}
            }
        }
        let Some(reader) = self.reader.as_mut() else {
            return Ok(());
        };
        let line = reader.line;
        if token == Some(b'{') && self.in_place && self.flat_in_place(line, out) {
            return Ok(());
        }
        let Some(reader) = self.reader.as_mut() else {
            return Ok(());
        };
        match token {
            None if self.bare => {
                self.state = ArrayState::Done;
                Ok(())
            }
            None => Err(self.problem(
                line,
                "the array is never closed (`]` missing); the file may be cut short".to_string(),
                Skipped::RestOfFile,
            )),
            Some(b']') if !self.bare => {
                reader.consume_byte();
                self.state = ArrayState::Done;
                match reader
                    .peek_token()
                    .map_err(|e| io_problem(reader.line, e))?
                {
                    None => Ok(()),
                    Some(_) => {
                        let line = reader.line;
                        Err(self.problem(
                            line,
                            "text after the closing `]` was not read".to_string(),
                            Skipped::RestOfFile,
                        ))
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                // serde_json reads one byte past a number; skip it here so the next `,` is
                // not lost.
                while let Some(b) = reader
                    .inner
                    .fill_buf()
                    .map_err(|e| io_problem(line, e))?
                    .first()
                    && matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    reader.consume_byte();
                }
                self.starts.nth_on(line);
                self.state = ArrayState::Next;
                out.push_back(Err(self.problem(
                    line,
                    "a number is not an article object".to_string(),
                    Skipped::Article,
                )));
                Ok(())
            }
            Some(_) => {
                let mut value = std::mem::take(&mut self.value);
                reader
                    .read_value(&mut value)
                    .map_err(|e| io_problem(line, e))?;
                let nth = self.starts.nth_on(line);
                match parse_json(&value) {
                    Ok(Element::Object(record)) => raw_from_record(
                        &self.path,
                        line,
                        nth,
                        SourceKind::Json,
                        &self.fields,
                        record,
                        out,
                    ),
                    Ok(Element::Other(what)) => out.push_back(Err(self.problem(
                        line,
                        format!("{what} is not an article object"),
                        Skipped::Article,
                    ))),
                    Err(e) => {
                        return Err(self.problem(
                            line + e.line().saturating_sub(1),
                            format!(
                                "invalid JSON: {} (column {}); the rest of the file was not read",
                                json_message(&e),
                                e.column()
                            ),
                            Skipped::RestOfFile,
                        ));
                    }
                }
                self.value = value;
                self.state = ArrayState::Next;
                Ok(())
            }
        }
    }
}

fn skip_bom(reader: &mut impl BufRead) -> io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

impl RecordSource for JsonArraySource {
    fn next_into(&mut self, out: &mut VecDeque<Result<RawArticle, Problem>>) -> bool {
        if let Some(problem) = self.opened.take() {
            out.push_back(Err(problem));
            return false;
        }
        if self.state == ArrayState::Done {
            return false;
        }
        if let Err(problem) = self.step(out) {
            out.push_back(Err(problem));
            self.state = ArrayState::Done;
            self.reader = None;
        }
        true
    }
}

/// A reader that keeps the bytes read since the last record started, so that a record's line
/// can be counted from the bytes themselves. The csv crate's own line numbers are one short
/// after `\r\n` line endings (the default of Python's csv module and of Excel) and after blank
/// lines.
struct LineCounter<R> {
    inner: R,
    /// The bytes from `window_start` to what has been read.
    window: Vec<u8>,
    window_start: u64,
    /// The line (1-based) that `window_start` is on.
    line: usize,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.window.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            window: Vec::new(),
            window_start: 0,
            line: 1,
        }
    }

    /// The line of the record the parser placed at `byte`, which is where the previous
    /// record's line ending stopped being read: the record itself starts after the rest of
    /// that ending and any blank lines. Forgets the bytes before `byte`; `byte` never goes
    /// back.
    fn record_line(&mut self, byte: u64) -> usize {
        let at = usize::try_from(byte.saturating_sub(self.window_start))
            .unwrap_or(usize::MAX)
            .min(self.window.len());
        self.line += memchr::memchr_iter(b'\n', &self.window[..at]).count();
        self.window.drain(..at);
        self.window_start += at as u64;
        let breaks = self
            .window
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|&&b| b == b'\n')
            .count();
        self.line + breaks
    }
}

impl<R> LineCounter<R> {
    /// Whether the record that starts where [`LineCounter::record_line`] last placed one and
    /// ends at byte `end` leaves a quoted field open, by the quoting rules the csv crate reads
    /// by: a quote opens a field only as its first byte, a doubled quote inside stands for
    /// one, and quotes inside an unquoted field are plain text.
    fn quote_left_open(&self, end: u64, delimiter: u8) -> bool {
        let len = usize::try_from(end.saturating_sub(self.window_start)).unwrap_or(usize::MAX);
        let record = &self.window[..len.min(self.window.len())];
        let (mut quoted, mut field_start) = (false, true);
        let mut i = 0;
        while i < record.len() {
            let b = record[i];
            if quoted {
                if b == b'"' {
                    if record.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    quoted = false;
                }
            } else if field_start && b == b'"' {
                quoted = true;
            }
            field_start = !quoted && (b == delimiter || matches!(b, b'\n' | b'\r'));
            i += 1;
        }
        quoted
    }
}

/// CSV or TSV with a header row naming the fields.
pub(crate) struct CsvSource {
    path: String,
    reader: Option<csv::Reader<LineCounter<File>>>,
    opened: Option<Problem>,
    fields: FieldMap,
    headers: Vec<String>,
    record: csv::ByteRecord,
    delimiter: u8,
}

impl CsvSource {
    pub(crate) fn open(path: &Path, delimiter: u8, fields: FieldMap) -> CsvSource {
        let display = path.display().to_string();
        let mut source = CsvSource {
            path: display.clone(),
            reader: None,
            opened: None,
            fields,
            headers: Vec::new(),
            record: csv::ByteRecord::new(),
            delimiter,
        };
        let file_problem = |line: Option<usize>, message: String| Problem {
            path: display.clone(),
            line,
            message,
            skipped: Skipped::File,
        };
        let mut reader = match File::open(path) {
            Ok(file) => csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_reader(LineCounter::new(file)),
            Err(e) => {
                source.opened = Some(file_problem(None, format!("cannot read: {e}")));
                return source;
            }
        };
        let headers = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                source.opened = Some(file_problem(
                    Some(1),
                    format!("cannot read the header: {e}"),
                ));
                return source;
            }
        };
        if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
            source.opened = Some(file_problem(None, "empty file".to_string()));
            return source;
        }
        let mut names = Vec::new();
        for h in headers.iter() {
            match std::str::from_utf8(h) {
                Ok(name) => names.push(name.trim().to_string()),
                Err(e) => {
                    let mut problem = not_utf8(&display, h, e);
                    problem.line = Some(1);
                    problem.skipped = Skipped::File;
                    source.opened = Some(problem);
                    return source;
                }
            }
        }
        let has_text = source
            .fields
            .names(Field::Text)
            .iter()
            .any(|n| names.iter().any(|h| h.eq_ignore_ascii_case(n)));
        if !has_text {
            let looked = source.fields.names(Field::Text).join(", ");
            source.opened = Some(file_problem(
                Some(1),
                format!(
                    "no text column in the header (looked for {looked}; map one with \
                     --field text=NAME)"
                ),
            ));
            return source;
        }
        source.headers = names;
        source.reader = Some(reader);
        source
    }
}

impl RecordSource for CsvSource {
    fn next_into(&mut self, out: &mut VecDeque<Result<RawArticle, Problem>>) -> bool {
        if let Some(problem) = self.opened.take() {
            out.push_back(Err(problem));
            return false;
        }
        let Some(reader) = self.reader.as_mut() else {
            return false;
        };
        match reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.reader = None;
                return false;
            }
            Err(e) => {
                let line = e.position().map(|p| reader.get_mut().record_line(p.byte()));
                out.push_back(Err(Problem {
                    path: self.path.clone(),
                    line,
                    message: format!("invalid CSV: {e}; the rest of the file was not read"),
                    skipped: Skipped::RestOfFile,
                }));
                self.reader = None;
                return true;
            }
            Ok(true) => {}
        }
        let line = match self.record.position() {
            Some(p) => reader.get_mut().record_line(p.byte()),
            None => 0,
        };
        let end = reader.position().byte();
        if reader.get_mut().quote_left_open(end, self.delimiter) {
            // The csv crate reads an unclosed quote to the end of the file without a word:
            // every later row would be this row's text, credited to its outlet.
            out.push_back(Err(Problem {
                path: self.path.clone(),
                line: Some(line),
                message: "a quoted field on this row is never closed (a `\"` missing), so \
                          every line after it would be part of it; the rest of the file was \
                          not read"
                    .to_string(),
                skipped: Skipped::RestOfFile,
            }));
            self.reader = None;
            return true;
        }
        let problem = |message: String| Problem {
            path: self.path.clone(),
            line: Some(line),
            message,
            skipped: Skipped::Article,
        };
        if self.record.len() != self.headers.len() {
            let (n, m) = (self.record.len(), self.headers.len());
            let what = if n < m { "too few" } else { "too many" };
            out.push_back(Err(problem(format!(
                "row has {n} fields, the header has {m} ({what})"
            ))));
            return true;
        }
        let mut values = Vec::with_capacity(self.headers.len());
        for (header, value) in self.headers.iter().zip(self.record.iter()) {
            match utf8(value) {
                Ok(v) => values.push((header.as_str(), v)),
                Err(_) => {
                    out.push_back(Err(problem(format!(
                        "field `{header}` is not UTF-8 text; convert the file to UTF-8"
                    ))));
                    return true;
                }
            }
        }
        raw_from_record(
            &self.path,
            line,
            1,
            SourceKind::Csv,
            &self.fields,
            Row(values),
            out,
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use proptest::prelude::*;

    use super::*;

    /// What a source gave, in a form tests compare: each article's id, place, metadata and
    /// text, or the problem.
    fn drain(source: &mut dyn RecordSource) -> Vec<Result<String, Problem>> {
        let mut out = VecDeque::new();
        while source.next_into(&mut out) {}
        out.into_iter()
            .map(|item| {
                item.map(|raw| {
                    format!(
                        "{} {}:{} {:?} {:?} {:?}",
                        raw.id,
                        raw.source.path,
                        raw.source.line,
                        raw.source.kind,
                        raw.meta,
                        raw.text
                    )
                })
            })
            .collect()
    }

    /// A JSON array source over `path` whose window starts at `block` bytes and grows to at
    /// most `max`; `in_place` off holds every element to the general path.
    fn array_source(path: &Path, block: usize, max: usize, in_place: bool) -> JsonArraySource {
        let mut source = JsonArraySource::open(path, FieldMap::default());
        if let Some(reader) = source.reader.as_mut() {
            reader.inner.block = block;
            reader.inner.max = max;
        }
        source.in_place = in_place;
        source
    }

    /// JSON string bodies: plain, Arabic, escapes; with `bad`, also escapes serde_json
    /// refuses, control characters and lone backslashes.
    fn body(bad: bool) -> impl Strategy<Value = String> {
        let good = prop_oneof![
            6 => "[a-z ]{0,6}",
            3 => "[\\u{600}-\\u{6ff}]{1,4}",
            2 => Just("\\n".to_string()),
            1 => Just("\\\"".to_string()),
            1 => "\\\\u[0-9a-fdD]{4}",
        ];
        let piece = if bad {
            prop_oneof![
                10 => good,
                1 => Just("\\x".to_string()),
                1 => Just("\t".to_string()),
                1 => Just("\\".to_string()),
            ]
            .boxed()
        } else {
            good.boxed()
        };
        proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
    }

    /// One element of an array: mostly article objects of the flat shape, with their text
    /// first; some with other values, mistakes, or not objects at all.
    fn element() -> impl Strategy<Value = String> {
        let value = |bad: bool| {
            let flat = prop_oneof![
                8 => body(bad).prop_map(|b| format!("\"{b}\"")),
                1 => Just("null".to_string()),
                1 => Just("true".to_string()),
            ];
            if bad {
                prop_oneof![
                    8 => flat,
                    1 => Just("17".to_string()),
                    1 => Just("[\"a\", {\"b\": 1}]".to_string()),
                    1 => Just("nul".to_string()),
                ]
                .boxed()
            } else {
                flat.boxed()
            }
        };
        let key = |bad: bool| {
            prop_oneof![
                Just("title".to_string()),
                Just("date".to_string()),
                Just("Source".to_string()),
                Just("id".to_string()),
                Just("content".to_string()),
                body(bad),
            ]
        };
        let space = || "[ \n]{0,2}|\n    ";
        let object = |bad: bool| {
            (
                body(bad),
                space(),
                proptest::collection::vec((key(bad), value(bad), space(), any::<u8>()), 0..5),
            )
                .prop_map(move |(text, space, fields)| {
                    let mut object = format!("{{{space}\"text\": \"{text}x\"");
                    for (key, value, space, mistake) in fields {
                        if !bad || mistake % 13 != 0 {
                            object.push(',');
                        }
                        object.push_str(&format!("{space}\"{key}\"{space}:{space}{value}{space}"));
                    }
                    object.push('}');
                    object
                })
        };
        prop_oneof![
            12 => object(false),
            3 => object(true),
            1 => Just("42".to_string()),
            1 => Just("\"a string\"".to_string()),
            1 => Just("{\"text\": \"caf\u{e9}\" \"x\"}".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// An array read with flat objects in place, through windows small and large, gives
        /// what the general path gives: the same articles on the same lines, the same
        /// problems, whatever the elements, their spacing and their mistakes.
        #[test]
        fn arrays_read_in_place_as_the_general_path_reads_them(
            elements in proptest::collection::vec(element(), 0..8),
            separator in prop_oneof![Just(",\n  "), Just(","), Just(" , "), Just("\n")],
            open in prop_oneof![Just("[\n  "), Just("["), Just("\u{FEFF}[ ")],
            close in prop_oneof![Just("\n]\n"), Just("]"), Just(""), Just("] x")],
            bad_byte in proptest::option::of((any::<proptest::sample::Index>(), 0x80u8..)),
            // A byte-order mark is looked for in the first block read, as in a `BufReader`.
            block in 3usize..64,
            max in 1usize..200,
        ) {
            let mut bytes = format!("{open}{}{close}", elements.join(separator)).into_bytes();
            if let Some((at, byte)) = bad_byte
                && !bytes.is_empty()
            {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.json");
            std::fs::write(&path, &bytes).unwrap();
            let general = drain(&mut array_source(&path, 8 * 1024, WINDOW_MAX, false));
            for (block, max) in [(block, max), (block, WINDOW_MAX), (WINDOW, WINDOW_MAX)] {
                let in_place = drain(&mut array_source(&path, block, max, true));
                prop_assert_eq!(&in_place, &general, "{:?}, window {}..{}", String::from_utf8_lossy(&bytes), block, max);
            }
            let bare = {
                let mut source = JsonArraySource::objects(&path, FieldMap::default());
                source.in_place = false;
                drain(&mut source)
            };
            let mut source = JsonArraySource::objects(&path, FieldMap::default());
            if let Some(reader) = source.reader.as_mut() {
                reader.inner.block = block;
            }
            prop_assert_eq!(drain(&mut source), bare);
        }

        /// Lines taken from a window, whatever its size and however far it may grow, are the
        /// lines `read_until` gives, and the window gives every byte once.
        #[test]
        fn window_lines_are_the_lines_read_until_gives(
            text in proptest::collection::vec(prop_oneof![8 => Just(b'x'), 2 => Just(b'\n'), 1 => any::<u8>()], 0..300),
            block in 1usize..40,
            max in 1usize..100,
        ) {
            let mut window = Window::with_block(&text[..], block);
            window.max = max;
            let mut spill = Vec::new();
            let mut expected = BufReader::with_capacity(3, &text[..]);
            loop {
                let line = next_line(&mut window, &mut spill).unwrap().to_vec();
                let mut theirs = Vec::new();
                expected.read_until(b'\n', &mut theirs).unwrap();
                prop_assert_eq!(&line, &theirs);
                if line.is_empty() {
                    break;
                }
            }
        }

        /// Reading on into a window keeps what was buffered: a reader that reads ahead at
        /// random gives the bytes in order, as a `BufReader` would.
        #[test]
        fn reading_ahead_keeps_the_bytes_in_order(
            text in proptest::collection::vec(any::<u8>(), 0..300),
            steps in proptest::collection::vec((any::<bool>(), 0usize..50), 0..60),
            block in 1usize..40,
        ) {
            let mut window = Window::with_block(&text[..], block);
            let mut got = Vec::new();
            for (ahead, n) in steps {
                if ahead {
                    let before = window.buffered().to_vec();
                    let more = window.read_more().unwrap();
                    prop_assert!(window.buffered().starts_with(&before));
                    prop_assert_eq!(more == More::Read, window.buffered().len() > before.len());
                } else {
                    let available = window.fill_buf().unwrap();
                    let n = n.min(available.len());
                    got.extend_from_slice(&available[..n]);
                    window.consume(n);
                }
            }
            window.read_to_end(&mut got).unwrap();
            prop_assert_eq!(got, text);
        }
    }

    /// A line longer than the window may grow to is read whole, past the window.
    #[test]
    fn a_line_longer_than_the_window_is_read_whole() {
        let input = "{\"text\": \"a long line\"}\n\n{\"text\": \"ثان\"}";
        for (block, max) in [(1, 1), (2, 5), (4, 8), (64, 1024)] {
            let digest = Rc::new(RefCell::new(StreamDigest::default()));
            let mut source = JsonlSource::stream(
                "<stdin>",
                Box::new(io::Cursor::new(input.as_bytes().to_vec())),
                FieldMap::default(),
                digest.clone(),
            );
            if let Some(window) = source.reader.as_mut() {
                window.block = block;
                window.max = max;
            }
            let read = drain(&mut source);
            assert_eq!(read.len(), 2, "window {block}..{max}");
            assert!(read[1].as_ref().unwrap().contains("\"ثان\""));
            assert_eq!(digest.borrow().bytes(), input.len() as u64);
        }
    }

    #[test]
    fn read_line_agrees_with_read_until() {
        let text = b"first\n\n{\"a\": \"a line longer than the buffer\"}\r\n\nlast, no break";
        for capacity in [1, 3, 8, 64] {
            let mut ours = BufReader::with_capacity(capacity, &text[..]);
            let mut theirs = BufReader::with_capacity(capacity, &text[..]);
            loop {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let read = read_line(&mut ours, &mut a).unwrap();
                assert_eq!(read, theirs.read_until(b'\n', &mut b).unwrap());
                assert_eq!(a, b, "buffer of {capacity}");
                if read == 0 {
                    break;
                }
            }
        }
    }

    /// Files joined with `cat` keep each one's byte-order mark at the start of a line: each is
    /// skipped, not taken for bad JSON.
    #[test]
    fn a_byte_order_mark_opening_any_line_is_skipped() {
        let input = "\u{FEFF}{\"id\": \"a\", \"text\": \"نص\"}\n\u{FEFF}{\"id\": \"b\", \"text\": \"ثان\"}\n";
        let digest = Rc::new(RefCell::new(StreamDigest::default()));
        let mut source = JsonlSource::stream(
            "<stdin>",
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            FieldMap::default(),
            digest,
        );
        let mut out = VecDeque::new();
        while source.next_into(&mut out) {}
        let ids: Vec<String> = out
            .into_iter()
            .map(|r| r.unwrap_or_else(|p| panic!("{p}")).id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }

    /// A stream's digest covers every byte read (BOM, blank lines, CRLF), and its records are
    /// named after the stream.
    #[test]
    fn a_stream_is_digested_as_read() {
        let input = "\u{FEFF}{\"id\": \"a\", \"text\": \"نص\"}\r\n\n{\"text\": \"ثان\"}";
        let digest = Rc::new(RefCell::new(StreamDigest::default()));
        let mut source = JsonlSource::stream(
            "<stdin>",
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            FieldMap::default(),
            digest.clone(),
        );
        let mut out = VecDeque::new();
        while source.next_into(&mut out) {}
        let ids: Vec<(String, String, usize)> = out
            .into_iter()
            .map(|r| {
                let raw = r.unwrap_or_else(|p| panic!("{p}"));
                (raw.id, raw.source.path, raw.source.line)
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("a".to_string(), "<stdin>".to_string(), 1),
                ("<stdin>#3".to_string(), "<stdin>".to_string(), 3)
            ]
        );
        let digest = digest.borrow();
        assert_eq!(digest.bytes(), input.len() as u64);
        assert_eq!(
            digest.sha256_hex(),
            crate::score::sha256_hex(input.as_bytes())
        );
    }
}

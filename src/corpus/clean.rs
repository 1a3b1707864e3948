//! Cleaning: dropping page furniture and repeated text before an article is scored, never
//! silently.
//!
//! Scraped pages repeat their title, lead paragraph and pull-quotes, and carry furniture
//! (`الصفحة الرئيسية`, `scroll to top`, image file names, photo captions). Counted as text, a
//! repeated paragraph would count its loaded words twice. The cleaner works line by line (a
//! scraped page puts each paragraph, title and caption on its own line) and drops:
//!
//! 1. furniture: a line that is exactly an entry of the shipped lists (`data/furniture.*.txt`,
//!    every language for every article) or of the manifest's extra list;
//! 2. a line that is only an image file name (`24467.png`);
//! 3. a photo caption: a short line without sentence punctuation that ends with a photo credit
//!    in parentheses (`data/captions.toml` says what a credit is);
//! 4. a repeated title: the line after the title when it adds nothing to it — its words are the
//!    title's, in order and side by side, all of them or all but a few cut from the title's
//!    start or end (a site name the title carries); it may differ only in what normalization
//!    and word splitting ignore (punctuation, spacing, diacritics, letter variants). A line
//!    with a word the title lacks is kept: the word could be a loaded term or a contested name
//!    (`حول كاراباخ` repeated as `حول ناغورنو كاراباخ`), and so could a dateline before it;
//! 5. a repeated paragraph: a line whose normalized words equal an earlier line's;
//! 6. a pull-quote: a short line (6 to 30 words) that ends without sentence punctuation and
//!    whose words (three in four or more) all stand elsewhere in the article — a pull-quote
//!    re-cuts body sentences into a headline, so it is rarely an exact copy of one paragraph.
//!
//! The cleaned text keeps every line: a dropped line becomes empty, so line and column numbers
//! in the cleaned text are those of the original, and the original is the cleaned text with the
//! [`Dropped`] lines put back ([`restore`]).
//!
//! ```
//! use framelens::corpus::clean::{Cleaner, DropReason};
//!
//! let text = "قصف متبادل\n\nقصف متبادل\n\nوقعت عدة قذائف.\n\nالتعليقات";
//! let cleaned = Cleaner::new(&[]).clean(text);
//! assert_eq!(cleaned.text, "قصف متبادل\n\n\n\nوقعت عدة قذائف.\n\n");
//! assert_eq!(cleaned.dropped[0].reason, DropReason::RepeatedTitle { of_line: 1 });
//! assert_eq!(cleaned.dropped[1].reason, DropReason::Furniture);
//! ```

use std::collections::hash_map::Entry;
use std::ops::Range;
use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt, HashSet};

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::text::{Folding, Prepared, normalize, word_spans};

/// The shipped furniture lists, one entry per line (`#` starts a comment).
const FURNITURE: &[&str] = &[
    include_str!("../../data/furniture.ar.txt"),
    include_str!("../../data/furniture.en.txt"),
];

/// What makes a parenthesized credit a photo credit.
const CAPTIONS: &str = include_str!("../../data/captions.toml");

/// The share of the title's words that a line repeating only part of it must keep (the title
/// with a site name or a kicker cut from its start or end).
const TITLE_KEPT: f64 = 0.8;
/// The share of a short line's words that must stand elsewhere in the article for it to be a
/// pull-quote. Body paragraphs of the seeds share at most 73 % of their words with the rest of
/// their article; their pull-quotes share 81 % and 88 %.
const PULL_QUOTE_COVERAGE: f64 = 0.75;
/// Pull-quotes are headline-sized: shorter lines are subheads, longer ones body text.
const PULL_QUOTE_WORDS: std::ops::RangeInclusive<usize> = 6..=30;
/// A caption is at most this many words before its credit.
const CAPTION_WORDS: usize = 25;

/// Why a line was dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum DropReason {
    /// An entry of a furniture list.
    Furniture,
    /// Only an image file name.
    ImageFileName,
    /// A photo caption ending with a photo credit.
    Caption,
    /// The title again (`of_line` is the title's line).
    RepeatedTitle { of_line: usize },
    /// The same words as an earlier line.
    RepeatedParagraph { of_line: usize },
    /// A pull-quote: `covered` of its `words` stand elsewhere in the article.
    PullQuote { covered: usize, words: usize },
}

impl DropReason {
    /// A short human description: "repeats line 3".
    pub fn describe(&self) -> String {
        match self {
            DropReason::Furniture => "page furniture".to_string(),
            DropReason::ImageFileName => "image file name".to_string(),
            DropReason::Caption => "photo caption".to_string(),
            DropReason::RepeatedTitle { of_line } => format!("repeats the title (line {of_line})"),
            DropReason::RepeatedParagraph { of_line } => format!("repeats line {of_line}"),
            DropReason::PullQuote { covered, words } => {
                format!("pull-quote ({covered} of its {words} words are in the article)")
            }
        }
    }
}

/// A line dropped from an article, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// The line in the article text, 1-based.
    pub line: usize,
    /// The line as it was (without its line break).
    pub text: String,
    #[serde(flatten)]
    pub reason: DropReason,
}

/// An article text after cleaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleaned {
    /// The text with every dropped line emptied.
    pub text: String,
    pub dropped: Vec<Dropped>,
}

/// Puts the dropped lines back into a cleaned text: the original text.
pub fn restore(text: &str, dropped: &[Dropped]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for d in dropped {
        if let Some(line) = lines.get_mut(d.line - 1) {
            // A line ending in `\r` kept its `\r` when it was emptied.
            line.insert_str(0, &d.text);
        }
    }
    lines.join("\n")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptionRules {
    agencies: Vec<String>,
    markers: Vec<String>,
}

struct Shipped {
    furniture: LineSet,
    agencies: HashSet<String>,
    markers: HashSet<String>,
}

static SHIPPED: LazyLock<Shipped> = LazyLock::new(|| {
    let rules: CaptionRules = toml::from_str(CAPTIONS).expect("data/captions.toml is valid");
    Shipped {
        furniture: FURNITURE
            .iter()
            .flat_map(|list| list_entries(list))
            .collect(),
        agencies: rules.agencies.iter().map(|a| line_key(a)).collect(),
        markers: rules.markers.iter().map(|m| normalize(m)).collect(),
    }
});

/// Whole lines to drop, as [`line_key`]s. Most lines of an article are paragraphs longer than
/// any furniture entry: those are told apart by their length, without hashing them.
#[derive(Clone, Debug, Default)]
struct LineSet {
    lines: HashSet<String>,
    /// The longest entry's length in bytes.
    longest: usize,
}

impl LineSet {
    fn contains(&self, key: &str) -> bool {
        key.len() <= self.longest && self.lines.contains(key)
    }
}

impl FromIterator<String> for LineSet {
    fn from_iter<I: IntoIterator<Item = String>>(keys: I) -> LineSet {
        let lines: HashSet<String> = keys.into_iter().collect();
        let longest = lines.iter().map(String::len).max().unwrap_or(0);
        LineSet { lines, longest }
    }
}

static IMAGE_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\S+\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?|avif|heic)(?:\?\S*)?$")
        .expect("valid pattern")
});

/// The entries of a one-per-line list, normalized, without comments and blank lines.
pub fn list_entries(list: &str) -> impl Iterator<Item = String> + '_ {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(line_key)
}

/// A whole line as furniture lists compare it: normalized, white space collapsed.
fn line_key(line: &str) -> String {
    collapse(&normalize(line.trim()))
}

/// One line normalized alone, white space collapsed: how a line is judged when the whole
/// text's line breaks cannot be told apart (and what a line's stretch of the whole text's
/// normalization must equal).
fn normalized_line(content: &str) -> String {
    let n = normalize(content);
    // Normalization already collapses spaces and trims; only a character it turns into a line
    // break (U+2028) leaves something to collapse.
    if n.contains('\n') { collapse(&n) } else { n }
}

/// White space runs as one space, trimmed.
fn collapse(normalized: &str) -> String {
    normalized.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops furniture and repeated text from article texts.
#[derive(Clone, Debug, Default)]
pub struct Cleaner {
    /// Furniture lines added by a manifest, as [`line_key`]s.
    extra_furniture: LineSet,
}

/// One non-blank line of the text being cleaned.
struct Line<'a> {
    /// 0-based index in the text.
    index: usize,
    /// The line without a trailing `\r`.
    content: &'a str,
    /// The normalized line, white space collapsed.
    normalized: &'a str,
    /// Normalized words.
    words: Words<'a>,
}

/// A line's normalized words, as byte spans of the text they were found in (the whole text's
/// normalization, or the line's own). A word is sliced out only where it is compared: copying
/// every word of every line into one vector of slices, most never looked at again, was two
/// per cent of scoring.
#[derive(Clone, Copy)]
struct Words<'a> {
    text: &'a str,
    spans: &'a [Range<usize>],
}

impl<'a> Words<'a> {
    fn new(text: &'a str, spans: &'a [Range<usize>]) -> Words<'a> {
        Words { text, spans }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn word(&self, i: usize) -> &'a str {
        &self.text[self.spans[i].clone()]
    }

    fn first(&self) -> Option<&'a str> {
        (!self.is_empty()).then(|| self.word(0))
    }

    fn last(&self) -> Option<&'a str> {
        (!self.is_empty()).then(|| self.word(self.len() - 1))
    }

    fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let text = self.text;
        self.spans.iter().map(move |s| &text[s.clone()])
    }

    /// Words `range` of these.
    fn run(&self, range: Range<usize>) -> Words<'a> {
        Words::new(self.text, &self.spans[range])
    }
}

/// The same words in the same order (wherever each was found).
impl PartialEq for Words<'_> {
    fn eq(&self, other: &Self) -> bool {
        let byte = |words: &Self, i: usize| &words.text.as_bytes()[words.spans[i].clone()];
        self.len() == other.len() && (0..self.len()).all(|i| byte(self, i) == byte(other, i))
    }
}

impl Line<'_> {
    fn number(&self) -> usize {
        self.index + 1
    }
}

impl Cleaner {
    /// A cleaner with the shipped lists and `extra_furniture` lines (from a manifest).
    pub fn new(extra_furniture: &[String]) -> Cleaner {
        Cleaner {
            extra_furniture: extra_furniture.iter().map(|l| line_key(l)).collect(),
        }
    }

    /// Cleans `text`.
    pub fn clean(&self, text: &str) -> Cleaned {
        let prepared = Prepared::new(text, Folding::Standard);
        self.clean_prepared(text.to_string(), &prepared)
    }

    /// Cleans `text`, whose standard normalization `prepared` is already made (the matcher
    /// reuses it when nothing is dropped).
    /// The text is taken whole: when nothing is dropped, as in most articles, it becomes the
    /// cleaned text without a copy.
    pub fn clean_prepared(&self, text: String, prepared: &Prepared) -> Cleaned {
        let dropped = self.dropped(&text, prepared);
        if dropped.is_empty() {
            return Cleaned { text, dropped };
        }
        let text = emptied(&text, &dropped);
        Cleaned { text, dropped }
    }

    /// The lines of `text` to drop, in order.
    fn dropped<'t>(&self, text: &'t str, prepared: &'t Prepared) -> Vec<Dropped> {
        let raw = split_lines(text);
        let norm = prepared.normalized().as_str();
        // A line's normalized text is its stretch of the whole normalized text; only where the
        // whole text's line breaks cannot be told (never in practice) are lines normalized one
        // by one. A character normalization turns into a line break (U+2028) leaves a line
        // with something to collapse: those lines are owned.
        let spans = line_spans(text, prepared, raw.len()).unwrap_or_default();
        let content = |l: &'t str| -> &'t str { l.strip_suffix('\r').unwrap_or(l) };
        // The lines normalized on their own, in order; in most articles none, so no vector is
        // allocated and no line is looked at twice.
        let own = |index: usize| {
            let content = content(raw[index]);
            if content.trim().is_empty() {
                return None;
            }
            let own = match spans.get(index) {
                Some(span) => collapse(&norm[span.range.clone()]),
                None => normalized_line(content),
            };
            let words = word_spans(&own);
            Some((index, own, words))
        };
        let owned: Vec<(usize, String, Vec<Range<usize>>)> = if spans.is_empty() {
            (0..raw.len()).filter_map(own).collect()
        } else {
            (spans.iter().enumerate())
                .filter(|(_, span)| span.inner_break)
                .filter_map(|(index, _)| own(index))
                .collect()
        };
        let mut owned = owned.iter().peekable();
        let mut next_word = 0;
        // One line per line of the text at most: sized once rather than regrown.
        let mut lines: Vec<Line> = Vec::with_capacity(raw.len());
        for (index, &l) in raw.iter().enumerate() {
            let content = content(l);
            if content.trim().is_empty() {
                continue;
            }
            let (normalized, words) = match owned.next_if(|(at, _, _)| *at == index) {
                Some((_, own, words)) => (own.as_str(), Words::new(own, words)),
                None => {
                    // The whole text's words that lie on this line (lines come in order).
                    let span = spans[index].range.clone();
                    let words = prepared.words();
                    next_word += words[next_word..].partition_point(|w| w.start < span.start);
                    let count = words[next_word..].partition_point(|w| w.end <= span.end);
                    let on_line = &words[next_word..next_word + count];
                    next_word += count;
                    (&norm[span], Words::new(norm, on_line))
                }
            };
            lines.push(Line {
                index,
                content,
                normalized,
                words,
            });
        }

        // Why each line of the text (by index) is dropped, if it is: looked up for every line
        // a few times, which a hash map made a few million instructions of a corpus run.
        let mut reasons: Vec<Option<DropReason>> = vec![None; raw.len()];
        for line in &lines {
            reasons[line.index] = self.furniture(line);
        }
        // The lines kept so far are filtered where they are walked, not collected: a stage
        // sets only the reason of the line in hand, which the filter has already passed.

        // The title and its copy, or its copy without a site name, on the next line.
        let mut first = lines.iter().filter(|l| reasons[l.index].is_none());
        let (title_line, next_line) = (first.next(), first.next());
        let title = title_line.map(|l| l.index);
        if let (Some(title), Some(next)) = (title_line, next_line)
            && repeats_title(title.words, next.words)
        {
            reasons[next.index] = Some(DropReason::RepeatedTitle {
                of_line: title.number(),
            });
        }

        // Exact repeats of an earlier line. Hashing every word of every line was a few per
        // cent of a corpus run: lines are bucketed by word count and first and last word, and
        // compared word for word only within a bucket.
        // A bucket is the latest line put in it; each line links to the one put before it, so
        // that no bucket needs a vector of its own (one per line was most of cleaning's
        // allocations).
        let mut seen: HashMap<Bucket, usize> = HashMap::with_capacity(lines.len());
        let mut kept: Vec<(Words, usize, Option<usize>)> = Vec::with_capacity(lines.len());
        for line in &lines {
            if reasons[line.index].is_some() {
                continue;
            }
            let words = line.words;
            let (Some(first_word), Some(last_word)) = (words.first(), words.last()) else {
                continue;
            };
            let bucket = seen.entry((words.len(), first_word, last_word));
            let latest = match &bucket {
                Entry::Occupied(latest) => Some(*latest.get()),
                Entry::Vacant(_) => None,
            };
            let earlier = std::iter::successors(latest, |&k| kept[k].2)
                .find(|&k| kept[k].0 == words)
                .map(|k| kept[k].1);
            match earlier {
                Some(first) => {
                    let of_line = first + 1;
                    let reason = if Some(first) == title {
                        DropReason::RepeatedTitle { of_line }
                    } else {
                        DropReason::RepeatedParagraph { of_line }
                    };
                    reasons[line.index] = Some(reason);
                }
                None => {
                    bucket.insert_entry(kept.len());
                    kept.push((words, line.index, latest));
                }
            }
        }

        // Pull-quotes, judged against the body as it stands: a line dropped as a pull-quote no
        // longer vouches for another.
        let mut body: Vec<&Line> = Vec::with_capacity(lines.len());
        body.extend(
            (lines.iter()).filter(|l| reasons[l.index].is_none() && Some(l.index) != title),
        );
        let candidate =
            |l: &Line| PULL_QUOTE_WORDS.contains(&l.words.len()) && !ends_sentence(l.content);
        // How many body lines hold each word a candidate asks about (its words, and them
        // without a leading conjunction); no other word is counted, and most articles have no
        // candidate at all. A word's last counted line keeps a line from counting twice.
        let mut lines_with: HashMap<&str, (usize, usize)> = HashMap::new();
        for line in body.iter().filter(|l| candidate(l)) {
            for word in line.words.iter() {
                lines_with.entry(word).or_insert((0, usize::MAX));
                if let Some(bare) = without_conjunction(word) {
                    lines_with.entry(bare).or_insert((0, usize::MAX));
                }
            }
        }
        if !lines_with.is_empty() {
            for line in &body {
                for word in line.words.iter() {
                    if let Some((count, last)) = lines_with.get_mut(word)
                        && *last != line.index
                    {
                        *count += 1;
                        *last = line.index;
                    }
                }
            }
        }
        for line in &body {
            if !candidate(line) {
                continue;
            }
            let own = distinct(line.words);
            let elsewhere = |word: &str| {
                let count = lines_with.get(word).map_or(0, |&(count, _)| count);
                count > usize::from(own.contains(word))
            };
            let covered = line
                .words
                .iter()
                .filter(|w| elsewhere(w) || without_conjunction(w).is_some_and(elsewhere))
                .count();
            let words = line.words.len();
            if covered as f64 >= PULL_QUOTE_COVERAGE * words as f64 {
                for word in own {
                    if let Some((count, _)) = lines_with.get_mut(word) {
                        *count -= 1;
                    }
                }
                reasons[line.index] = Some(DropReason::PullQuote { covered, words });
            }
        }

        // Lines come in order, so the dropped ones do too.
        lines
            .iter()
            .filter_map(|l| {
                reasons[l.index].take().map(|reason| Dropped {
                    line: l.number(),
                    text: l.content.to_string(),
                    reason,
                })
            })
            .collect()
    }

    /// Whether a whole line is furniture, an image file name or a caption.
    fn furniture(&self, line: &Line) -> Option<DropReason> {
        let (key, content) = (line.normalized, line.content);
        if SHIPPED.furniture.contains(key) || self.extra_furniture.contains(key) {
            return Some(DropReason::Furniture);
        }
        // An image file name has no white space: a line with a space, a paragraph, is not
        // handed to the regex (a few million instructions of a corpus run).
        let trimmed = content.trim();
        if memchr::memchr(b' ', trimmed.as_bytes()).is_none() && IMAGE_FILE.is_match(trimmed) {
            return Some(DropReason::ImageFileName);
        }
        if is_caption(content) {
            return Some(DropReason::Caption);
        }
        None
    }
}

/// `text` with the `dropped` lines emptied (a line ending in `\r` keeps its `\r`).
fn emptied(text: &str, dropped: &[Dropped]) -> String {
    let dropped: HashSet<usize> = dropped.iter().map(|d| d.line - 1).collect();
    split_lines(text)
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if dropped.contains(&i) {
                if l.ends_with('\r') { "\r" } else { "" }
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines of `text`, split at `\n` as `str::split` would: memchr finds the breaks many
/// bytes at a time, where `split('\n')` took a percent of scoring.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..at]);
        start = at + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// A line's stretch of the whole text's normalization.
struct LineSpan {
    range: Range<usize>,
    /// Whether the stretch holds a line break that normalization made (U+2028, a bare `\r`),
    /// found with the line breaks themselves rather than by searching every line again.
    inner_break: bool,
}

/// Each of the original's `lines` lines as its stretch of the normalized text, between the
/// normalized `\n`s of the original `\n`s (or `\r\n`s, which normalize to one `\n`). `None`
/// when they cannot all be told apart from line breaks that normalization made (U+2028 and a
/// bare `\r` become `\n`, but their original holds no `\n`).
fn line_spans(text: &str, prepared: &Prepared, lines: usize) -> Option<Vec<LineSpan>> {
    let norm = prepared.normalized();
    let mut spans = Vec::with_capacity(lines);
    let (mut start, mut inner_break) = (0, false);
    for p in memchr::memchr_iter(b'\n', norm.as_str().as_bytes()) {
        let at = norm.original_offset(p);
        let original = matches!(
            text.as_bytes().get(at..),
            Some([b'\n', ..] | [b'\r', b'\n', ..])
        );
        if original {
            spans.push(LineSpan {
                range: start..p,
                inner_break,
            });
            (start, inner_break) = (p + 1, false);
        } else {
            inner_break = true;
        }
    }
    spans.push(LineSpan {
        range: start..norm.as_str().len(),
        inner_break,
    });
    (spans.len() == lines).then_some(spans)
}

/// Lines that may say the same words: their word count, first word and last word.
type Bucket<'a> = (usize, &'a str, &'a str);

/// The distinct words of a line.
fn distinct<'w>(words: Words<'w>) -> HashSet<&'w str> {
    words.iter().collect()
}

/// A word without a leading conjunction و or ف, when something word-sized is left: `وروسيا` is
/// covered by `روسيا` elsewhere. Only for judging pull-quotes; nothing is matched this way.
fn without_conjunction(word: &str) -> Option<&str> {
    let rest = word.strip_prefix('و').or_else(|| word.strip_prefix('ف'))?;
    (rest.chars().count() >= 3).then_some(rest)
}

/// Whether `line` repeats `title` and adds nothing to it: its words are a run of the title's
/// words, in order and side by side, at least [`TITLE_KEPT`] of them. Then every word and every
/// phrase of the line is in the title, so dropping the line loses no term the title does not
/// count. A word changed or added (`mercenaries` → `separatists`, a dateline) makes another
/// line, however many words the two share.
fn repeats_title(title: Words, line: Words) -> bool {
    if line.is_empty()
        || line.len() > title.len()
        || (line.len() as f64) < TITLE_KEPT * title.len() as f64
    {
        return false;
    }
    (0..=title.len() - line.len()).any(|start| title.run(start..start + line.len()) == line)
}

const SENTENCE_END: &[char] = &['.', '!', '?', '؟', '…'];
const CLOSERS: &[char] = &['"', '”', '»', '\'', '’', ')', ' ', '\t', '\u{a0}'];

/// Whether a line ends like a sentence (ignoring closing quotes and brackets).
fn ends_sentence(content: &str) -> bool {
    content.trim_end_matches(CLOSERS).ends_with(SENTENCE_END)
}

/// A short line without sentence punctuation that ends with a photo credit in parentheses.
fn is_caption(content: &str) -> bool {
    let trimmed = content.trim();
    let Some(inner_end) = trimmed.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner_end.rfind('(') else {
        return false;
    };
    let before = inner_end[..open].trim();
    let credit = inner_end[open + 1..].trim();
    let words = word_spans(before).len();
    if words == 0 || words > CAPTION_WORDS || before.contains(SENTENCE_END) {
        return false;
    }
    is_photo_credit(credit)
}

/// `جيم أوزديل/ الأناضول`, `أ ب`, `تصوير: فلان`.
fn is_photo_credit(credit: &str) -> bool {
    if SHIPPED.agencies.contains(&line_key(credit)) {
        return true;
    }
    if let Some((name, agency)) = credit.split_once('/') {
        let (name, agency) = (word_spans(name).len(), word_spans(agency).len());
        return (1..=4).contains(&name) && (1..=4).contains(&agency);
    }
    let normalized = normalize(credit);
    let first = normalized
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    SHIPPED.markers.contains(first) && word_spans(&normalized).len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[\u{0621}-\u{064A}\u{064B}-\u{0655}\u{0640}\u{2028}\u{FEFB} \t\r.،a-zA-Z]{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Each line's stretch of the whole text's normalization is that line normalized alone.
        #[test]
        fn whole_text_lines_are_the_lines_normalized(lines in prop::collection::vec(line(), 1..8)) {
            let text = lines.join("\n");
            let prepared = Prepared::new(&text, Folding::Standard);
            let raw: Vec<&str> = text.split('\n').collect();
            prop_assert_eq!(&split_lines(&text), &raw);
            let spans = line_spans(&text, &prepared, raw.len());
            prop_assert!(spans.is_some());
            let spans = spans.unwrap();
            let norm = prepared.normalized().as_str();
            for (i, line) in raw.iter().enumerate() {
                let slice = &norm[spans[i].range.clone()];
                prop_assert_eq!(spans[i].inner_break, slice.contains('\n'));
                let whole = if slice.contains('\n') { collapse(slice) } else { slice.to_string() };
                let content = line.strip_suffix('\r').unwrap_or(line);
                prop_assert_eq!(whole, normalized_line(content), "line {}", i + 1);
            }
        }
    }

    #[test]
    fn a_line_break_made_by_normalization_stays_inside_its_line() {
        let text = "خبر أول\u{2028}وتتمته هنا\nفاصل\nخبر أول تتمته هنا";
        let cleaned = Cleaner::new(&[]).clean(text);
        assert_eq!(cleaned.dropped, Vec::new());
        let text = "عنوان الخبر\nخبر أول\u{2028}وتتمته هنا\nفاصل\nخبر أول\u{2028}وتتمته هنا";
        let cleaned = Cleaner::new(&[]).clean(text);
        assert_eq!(cleaned.dropped.len(), 1);
        assert_eq!(cleaned.dropped[0].line, 4);
        assert_eq!(
            cleaned.dropped[0].reason,
            DropReason::RepeatedParagraph { of_line: 2 }
        );
    }
}

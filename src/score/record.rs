//! One record per article: its words, its hits with their offsets, and its counts.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::corpus::Article;
use crate::lexicon::Stance;
use crate::matcher::{Analysis, Hit, HitKind};
use crate::text::Voice;

/// What kind of lexicon entry a hit is, in records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A loaded term.
    Loaded,
    /// An attribution verb.
    Attribution,
    /// A contested name that is no loaded term.
    Name,
}

/// One hit, as data: where, what, whose voice, which side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HitRecord {
    /// Lexicon id.
    pub lexicon: Arc<str>,
    /// Term id (a variant id for a name).
    pub term: Arc<str>,
    /// Loaded term, attribution or name.
    pub kind: Kind,
    /// The side the use favors (for an attribution: none).
    pub side: Option<Arc<str>>,
    /// Frame id.
    pub frame: Option<Arc<str>>,
    /// Whose words.
    pub voice: Voice,
    /// For an attribution: its stance.
    pub stance: Option<Stance>,
    /// The actor the hit resolved to (attributions, actor-sided terms).
    pub actor: Option<Arc<str>>,
    /// That actor's side.
    pub actor_side: Option<Arc<str>>,
    /// The contested-name choice and variant it belongs to.
    pub choice: Option<Arc<str>>,
    /// The variant within the choice.
    pub variant: Option<Arc<str>>,
    /// The text as written.
    pub matched: String,
    /// 0-based byte offset in the scored text.
    pub byte_start: usize,
    /// 0-based byte offset just after it.
    pub byte_end: usize,
    /// 0-based character offset.
    pub char_start: usize,
    /// 0-based character offset just after it.
    pub char_end: usize,
    /// 1-based line in the scored text.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

impl HitRecord {
    /// `lexicon/term`.
    pub fn key(&self) -> String {
        let mut key = String::new();
        self.write_key(&mut key);
        key
    }

    /// [`HitRecord::key`] into `key`, replacing what it held: counting hits by term builds a
    /// key for every hit, and `format!` was a third of building a record.
    fn write_key(&self, key: &mut String) {
        key.clear();
        key.reserve(self.lexicon.len() + 1 + self.term.len());
        key.push_str(&self.lexicon);
        key.push('/');
        key.push_str(&self.term);
    }

    fn from_hit(hit: Hit) -> HitRecord {
        HitRecord {
            kind: kind_of(hit.kind),
            stance: hit.stance(),
            lexicon: hit.lexicon,
            term: hit.term,
            side: hit.side,
            frame: hit.frame,
            voice: hit.voice,
            actor_side: hit.actor.as_ref().and_then(|a| a.side.clone()),
            actor: hit.actor.map(|a| a.id),
            choice: hit.choice.as_ref().map(|(c, _)| c.clone()),
            variant: hit.choice.map(|(_, v)| v),
            matched: hit.matched,
            byte_start: hit.start.byte,
            byte_end: hit.end.byte,
            char_start: hit.start.char,
            char_end: hit.end.char,
            line: hit.start.line,
            column: hit.start.column,
        }
    }
}

/// The own-voice lean between the first two of `sides` (`+1`: all toward the first), from the
/// count of own-voice loaded hits favoring each; `None` with fewer than two sides or no such
/// hit. Records built and records viewed share it, so both give the same float.
fn own_voice_lean(sides: &[String], own: impl Fn(&str) -> u64) -> Option<f64> {
    let [first, second, ..] = sides else {
        return None;
    };
    let (a, b) = (own(first) as f64, own(second) as f64);
    (a + b > 0.0).then(|| (a - b) / (a + b))
}

/// Counts of one article's loaded-term hits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Loaded-term hits.
    pub hits: u64,
    /// By the side they favor (side-neutral hits under `""`).
    pub by_side: BTreeMap<String, u64>,
    /// By frame.
    pub by_frame: BTreeMap<String, u64>,
    /// By `lexicon/term`.
    pub by_term: BTreeMap<String, u64>,
    /// By voice.
    pub by_voice: BTreeMap<Voice, u64>,
    /// In the writer's own voice, by side.
    pub own_by_side: BTreeMap<String, u64>,
}

impl Counts {
    /// Counts `hit`; `key` is a buffer for its term key, kept from one hit to the next so
    /// that a term already counted costs no allocation.
    fn add(&mut self, hit: &HitRecord, key: &mut String) {
        self.hits += 1;
        let side = hit.side.as_deref().unwrap_or_default();
        bump(&mut self.by_side, side);
        if let Some(frame) = &hit.frame {
            bump(&mut self.by_frame, frame);
        }
        hit.write_key(key);
        bump(&mut self.by_term, key);
        *self.by_voice.entry(hit.voice).or_default() += 1;
        if hit.voice == Voice::Own {
            bump(&mut self.own_by_side, side);
        }
    }
}

/// Adds one to `key`'s count, copying the key only the first time.
fn bump(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

/// One article, scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleScore {
    /// Article id.
    pub id: String,
    /// The file it was read from.
    pub source: String,
    /// The line of the file where it starts.
    pub line: usize,
    /// Outlet id (`None`: unknown outlet).
    pub outlet: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Event id.
    pub event: Option<String>,
    /// Language code.
    pub language: String,
    /// Title.
    pub title: Option<String>,
    /// Words scored.
    pub words: u64,
    /// Lines cleaning dropped.
    pub dropped: u64,
    /// Counts of the loaded-term hits.
    pub counts: Counts,
    /// Own-voice lean between the first two sides (`+1` all toward the first), when there are
    /// hits favoring either.
    pub lean: Option<f64>,
    /// Every hit: loaded terms, attributions and contested names, in text order.
    pub hits: Vec<HitRecord>,
}

impl ArticleScore {
    /// Scores an analysed article. `event` overrides the article's own (for automatic
    /// grouping); `sides` are the lexicons' side ids in order, the first two giving the lean.
    pub fn new(
        article: &Article,
        analysis: Analysis,
        event: Option<String>,
        sides: &[String],
    ) -> ArticleScore {
        let words = analysis.words as u64;
        let hits: Vec<HitRecord> = analysis.hits.into_iter().map(HitRecord::from_hit).collect();
        let mut counts = Counts::default();
        let mut key = String::new();
        for hit in hits.iter().filter(|h| h.kind == Kind::Loaded) {
            counts.add(hit, &mut key);
        }
        let lean = own_voice_lean(sides, |side| {
            counts.own_by_side.get(side).copied().unwrap_or(0)
        });
        ArticleScore {
            id: article.id.clone(),
            source: article.source.path.clone(),
            line: article.source.line,
            outlet: article.outlet.clone(),
            date: article.date,
            event: event.or_else(|| article.event.clone()),
            language: article.language.clone(),
            title: article.title.clone(),
            words,
            dropped: article.dropped.len() as u64,
            counts,
            lean,
            hits,
        }
    }
}

/// One scored article as the record writers read it, borrowed: from an [`ArticleScore`], or
/// straight from the article and its analysis.
///
/// A run that only writes records has no use for an `ArticleScore`: building one copied the
/// article's strings, made five count maps with a string key per entry, and freed it all again
/// once written, some twenty allocations an article. The counts of an analysis are worked out
/// while writing (see `Hits::Found`) and are by definition those [`ArticleScore::new`] makes.
#[derive(Clone, Copy)]
pub struct RecordView<'a> {
    pub(crate) id: &'a str,
    pub(crate) source: &'a str,
    pub(crate) line: usize,
    pub(crate) outlet: Option<&'a str>,
    pub(crate) date: Option<NaiveDate>,
    pub(crate) event: Option<&'a str>,
    pub(crate) language: &'a str,
    pub(crate) title: Option<&'a str>,
    pub(crate) words: u64,
    pub(crate) dropped: u64,
    pub(crate) lean: Option<f64>,
    pub(crate) hits: Hits<'a>,
}

/// The hits of a [`RecordView`], with their counts.
#[derive(Clone, Copy)]
pub(crate) enum Hits<'a> {
    /// Hits and counts of an [`ArticleScore`].
    Records(&'a [HitRecord], &'a Counts),
    /// Hits as the matcher found them; counts are those of the loaded ones.
    Found(&'a [Hit]),
}

impl<'a> RecordView<'a> {
    /// The record [`ArticleScore::new`] makes of these arguments, without building it.
    pub fn new(
        article: &'a Article,
        analysis: &'a Analysis,
        event: Option<&'a str>,
        sides: &[String],
    ) -> RecordView<'a> {
        let hits = Hits::Found(&analysis.hits);
        let lean = own_voice_lean(sides, |side| hits.own_side_count(side));
        RecordView {
            id: &article.id,
            source: &article.source.path,
            line: article.source.line,
            outlet: article.outlet.as_deref(),
            date: article.date,
            event: event.or(article.event.as_deref()),
            language: &article.language,
            title: article.title.as_deref(),
            words: analysis.words as u64,
            dropped: article.dropped.len() as u64,
            lean,
            hits,
        }
    }
}

impl<'a> From<&'a ArticleScore> for RecordView<'a> {
    fn from(record: &'a ArticleScore) -> RecordView<'a> {
        RecordView {
            id: &record.id,
            source: &record.source,
            line: record.line,
            outlet: record.outlet.as_deref(),
            date: record.date,
            event: record.event.as_deref(),
            language: &record.language,
            title: record.title.as_deref(),
            words: record.words,
            dropped: record.dropped,
            lean: record.lean,
            hits: Hits::Records(&record.hits, &record.counts),
        }
    }
}

impl<'a> Hits<'a> {
    /// Loaded-term hits ([`Counts::hits`]).
    pub(crate) fn loaded(&self) -> u64 {
        match self {
            Hits::Records(_, counts) => counts.hits,
            Hits::Found(hits) => hits.iter().filter(|h| is_loaded(h)).count() as u64,
        }
    }

    /// Loaded-term hits in `voice` ([`Counts::by_voice`]).
    pub(crate) fn voice_count(&self, voice: Voice) -> u64 {
        match self {
            Hits::Records(_, counts) => counts.by_voice.get(&voice).copied().unwrap_or(0),
            Hits::Found(hits) => hits
                .iter()
                .filter(|h| is_loaded(h) && h.voice == voice)
                .count() as u64,
        }
    }

    /// Loaded-term hits in the writer's own voice favoring `side` (`""`: none),
    /// ([`Counts::own_by_side`]).
    pub(crate) fn own_side_count(&self, side: &str) -> u64 {
        match self {
            Hits::Records(_, counts) => counts.own_by_side.get(side).copied().unwrap_or(0),
            Hits::Found(hits) => hits
                .iter()
                .filter(|h| {
                    is_loaded(h)
                        && h.voice == Voice::Own
                        && h.side.as_deref().unwrap_or_default() == side
                })
                .count() as u64,
        }
    }

    /// Calls `f` with every hit, in text order.
    pub(crate) fn for_each(&self, mut f: impl FnMut(HitView<'a>)) {
        match *self {
            Hits::Records(hits, _) => hits.iter().for_each(|h| f(HitView::from(h))),
            Hits::Found(hits) => hits.iter().for_each(|h| f(HitView::from(h))),
        }
    }
}

/// Whether the matcher's hit counts in [`Counts`] ([`Kind::Loaded`]).
pub(crate) fn is_loaded(hit: &Hit) -> bool {
    hit.kind == HitKind::Loaded
}

/// One hit's fields as a record holds them, borrowed from a [`HitRecord`] or a [`Hit`].
#[derive(Clone, Copy)]
pub(crate) struct HitView<'a> {
    pub lexicon: &'a str,
    pub term: &'a str,
    pub kind: Kind,
    pub side: Option<&'a str>,
    pub frame: Option<&'a str>,
    pub voice: Voice,
    pub stance: Option<Stance>,
    pub actor: Option<&'a str>,
    pub actor_side: Option<&'a str>,
    pub choice: Option<&'a str>,
    pub variant: Option<&'a str>,
    pub matched: &'a str,
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub line: usize,
    pub column: usize,
}

impl<'a> From<&'a HitRecord> for HitView<'a> {
    fn from(hit: &'a HitRecord) -> HitView<'a> {
        HitView {
            lexicon: &hit.lexicon,
            term: &hit.term,
            kind: hit.kind,
            side: hit.side.as_deref(),
            frame: hit.frame.as_deref(),
            voice: hit.voice,
            stance: hit.stance,
            actor: hit.actor.as_deref(),
            actor_side: hit.actor_side.as_deref(),
            choice: hit.choice.as_deref(),
            variant: hit.variant.as_deref(),
            matched: &hit.matched,
            byte_start: hit.byte_start,
            byte_end: hit.byte_end,
            char_start: hit.char_start,
            char_end: hit.char_end,
            line: hit.line,
            column: hit.column,
        }
    }
}

/// What [`HitRecord::from_hit`] makes of the hit, borrowed.
impl<'a> From<&'a Hit> for HitView<'a> {
    fn from(hit: &'a Hit) -> HitView<'a> {
        HitView {
            lexicon: &hit.lexicon,
            term: &hit.term,
            kind: kind_of(hit.kind),
            side: hit.side.as_deref(),
            frame: hit.frame.as_deref(),
            voice: hit.voice,
            stance: hit.stance(),
            actor: hit.actor.as_ref().map(|a| &*a.id),
            actor_side: hit.actor.as_ref().and_then(|a| a.side.as_deref()),
            choice: hit.choice.as_ref().map(|(c, _)| &**c),
            variant: hit.choice.as_ref().map(|(_, v)| &**v),
            matched: &hit.matched,
            byte_start: hit.start.byte,
            byte_end: hit.end.byte,
            char_start: hit.start.char,
            char_end: hit.end.char,
            line: hit.start.line,
            column: hit.start.column,
        }
    }
}

fn kind_of(kind: HitKind) -> Kind {
    match kind {
        HitKind::Loaded => Kind::Loaded,
        HitKind::Attribution { .. } => Kind::Attribution,
        HitKind::Name => Kind::Name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, ReadOptions};
    use crate::lexicon::LexiconSet;
    use crate::matcher::Matcher;
    use crate::score::{csv, write_record};

    /// A record written from the analysis is byte for byte the one written from the
    /// `ArticleScore` made of it, as a JSON line and as a CSV row.
    #[test]
    fn a_view_of_an_analysis_writes_what_its_score_writes() {
        let set = LexiconSet::bundled().unwrap();
        let matcher = Matcher::new(&set).unwrap();
        let sides: Vec<String> = set.side_ids().into_iter().map(str::to_string).collect();
        let corpus = Corpus::read(&ReadOptions::default());
        let mut hits = 0;
        for article in &corpus.articles {
            let analysis = matcher.analyze(&article.text);
            hits += analysis.hits.len();
            for event in [None, Some("an event")] {
                let view = RecordView::new(article, &analysis, event, &sides);
                let score =
                    ArticleScore::new(article, analysis.clone(), event.map(str::to_string), &sides);
                let (mut from_view, mut from_score) = (Vec::new(), Vec::new());
                write_record(&mut from_view, view);
                write_record(&mut from_score, &score);
                assert_eq!(
                    String::from_utf8(from_view).unwrap(),
                    String::from_utf8(from_score).unwrap()
                );
                let (mut from_view, mut from_score) = (Vec::new(), Vec::new());
                csv::write_article_row(&mut from_view, view, &sides);
                csv::write_article_row(&mut from_score, &score, &sides);
                assert_eq!(from_view, from_score);
            }
        }
        assert!(hits > 0, "the sample corpus has hits");
    }
}

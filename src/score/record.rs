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
            kind: match hit.kind {
                HitKind::Loaded => Kind::Loaded,
                HitKind::Attribution { .. } => Kind::Attribution,
                HitKind::Name => Kind::Name,
            },
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
        let lean = match sides {
            [first, second, ..] => {
                let a = counts.own_by_side.get(first).copied().unwrap_or(0) as f64;
                let b = counts.own_by_side.get(second).copied().unwrap_or(0) as f64;
                (a + b > 0.0).then(|| (a - b) / (a + b))
            }
            _ => None,
        };
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

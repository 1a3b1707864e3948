//! One record per article: its words, its hits with their offsets, and its counts.

use std::collections::BTreeMap;

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
    pub lexicon: String,
    /// Term id (a variant id for a name).
    pub term: String,
    /// Loaded term, attribution or name.
    pub kind: Kind,
    /// The side the use favors (for an attribution: none).
    pub side: Option<String>,
    /// Frame id.
    pub frame: Option<String>,
    /// Whose words.
    pub voice: Voice,
    /// For an attribution: its stance.
    pub stance: Option<Stance>,
    /// The actor the hit resolved to (attributions, actor-sided terms).
    pub actor: Option<String>,
    /// That actor's side.
    pub actor_side: Option<String>,
    /// The contested-name choice and variant it belongs to.
    pub choice: Option<String>,
    /// The variant within the choice.
    pub variant: Option<String>,
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
        format!("{}/{}", self.lexicon, self.term)
    }

    fn from_hit(hit: &Hit) -> HitRecord {
        HitRecord {
            lexicon: hit.lexicon.to_string(),
            term: hit.term.to_string(),
            kind: match hit.kind {
                HitKind::Loaded => Kind::Loaded,
                HitKind::Attribution { .. } => Kind::Attribution,
                HitKind::Name => Kind::Name,
            },
            side: hit.side.as_deref().map(str::to_string),
            frame: hit.frame.as_deref().map(str::to_string),
            voice: hit.voice,
            stance: hit.stance(),
            actor: hit.actor.as_ref().map(|a| a.id.to_string()),
            actor_side: hit
                .actor
                .as_ref()
                .and_then(|a| a.side.as_deref())
                .map(str::to_string),
            choice: hit.choice.as_ref().map(|(c, _)| c.to_string()),
            variant: hit.choice.as_ref().map(|(_, v)| v.to_string()),
            matched: hit.matched.clone(),
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
    fn add(&mut self, hit: &HitRecord) {
        self.hits += 1;
        let side = hit.side.clone().unwrap_or_default();
        *self.by_side.entry(side.clone()).or_default() += 1;
        if let Some(frame) = &hit.frame {
            *self.by_frame.entry(frame.clone()).or_default() += 1;
        }
        *self.by_term.entry(hit.key()).or_default() += 1;
        *self.by_voice.entry(hit.voice).or_default() += 1;
        if hit.voice == Voice::Own {
            *self.own_by_side.entry(side).or_default() += 1;
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
        analysis: &Analysis,
        event: Option<String>,
        sides: &[String],
    ) -> ArticleScore {
        let hits: Vec<HitRecord> = analysis.hits.iter().map(HitRecord::from_hit).collect();
        let mut counts = Counts::default();
        for hit in hits.iter().filter(|h| h.kind == Kind::Loaded) {
            counts.add(hit);
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
            words: analysis.words as u64,
            dropped: article.dropped.len() as u64,
            counts,
            lean,
            hits,
        }
    }
}

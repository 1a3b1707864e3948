//! What matching finds: hits and actor mentions, as plain data for every printer.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::lexicon::{Severity, Stance};
use crate::text::{Position, Voice};

/// What kind of lexicon entry a hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum HitKind {
    /// A loaded term.
    Loaded,
    /// An attribution verb, with its stance toward the actor it introduces.
    Attribution {
        /// The stance.
        stance: Stance,
    },
    /// A contested name that is no loaded term (a neutral variant such as `ناغورنو كاراباخ`).
    Name,
}

/// How a hit was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// A form of the lexicon.
    Form,
    /// A regular expression.
    Pattern,
    /// Two words within a window.
    Proximity,
}

/// The actor a hit was resolved to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRef {
    /// Actor id.
    pub id: Arc<str>,
    /// Actor label.
    pub label: Arc<str>,
    /// The actor's side.
    pub side: Option<Arc<str>>,
    /// The mention as written.
    pub matched: String,
    /// Byte offset of the mention.
    pub byte: usize,
}

/// One loaded term (or attribution verb, or contested name) found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// Lexicon id.
    pub lexicon: Arc<str>,
    /// Term id (or variant id for a [`HitKind::Name`]).
    pub term: Arc<str>,
    /// Loaded term, attribution or name.
    #[serde(flatten)]
    pub kind: HitKind,
    /// (choice id, variant id) when the hit is one of several names for one thing.
    pub choice: Option<(Arc<str>, Arc<str>)>,
    /// The original text of the whole word(s), clitics and suffixes included.
    pub matched: String,
    /// The normalized form (or pattern, or proximity rule) that matched.
    pub form: String,
    /// Form, pattern or proximity.
    pub via: Via,
    /// Start of `matched` in the original text.
    pub start: Position,
    /// End (exclusive) of `matched`.
    pub end: Position,
    /// Original bytes of the form itself, without clitics and suffixes; where the form begins
    /// or ends inside one character written as a ligature (`ﻻ` for `لا`), that whole character.
    pub core: Range<usize>,
    /// Index of the sentence, in [`crate::text::sentences`] of the text.
    pub sentence: usize,
    /// Whose words these are.
    pub voice: Voice,
    /// Frame id.
    pub frame: Option<Arc<str>>,
    /// Severity (none for a neutral name).
    pub severity: Option<Severity>,
    /// The side this use favors, resolved; none for side-neutral terms and unresolved actors.
    pub side: Option<Arc<str>>,
    /// The actor the hit was resolved to (favors = actor, attribution verbs).
    pub actor: Option<ActorRef>,
}

impl Hit {
    /// The byte range of `matched` in the original text.
    pub fn span(&self) -> Range<usize> {
        self.start.byte..self.end.byte
    }

    /// The stance, for an attribution hit.
    pub fn stance(&self) -> Option<Stance> {
        match self.kind {
            HitKind::Attribution { stance } => Some(stance),
            _ => None,
        }
    }
}

/// A mention of an actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorMention {
    /// Actor id.
    pub actor: Arc<str>,
    /// Lexicon id.
    pub lexicon: Arc<str>,
    /// The actor's side.
    pub side: Option<Arc<str>>,
    /// As written.
    pub matched: String,
    /// Start.
    pub start: Position,
    /// End (exclusive).
    pub end: Position,
    /// Sentence index.
    pub sentence: usize,
}

/// Everything matching found in one text.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Hits in text order, none overlapping.
    pub hits: Vec<Hit>,
    /// Actor mentions in text order.
    pub actors: Vec<ActorMention>,
    /// Number of words.
    pub words: usize,
}

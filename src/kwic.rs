//! Keyword in context, as quanteda's `kwic`: every hit of a term (or of any word or phrase)
//! with the words on either side, to read how a word is used before trusting a count.
//!
//! [`context`] is the reusable core: given a text and the byte span of a hit, the `window`
//! words before it, the match itself and the `window` words after it. Context is cut at word
//! boundaries of the text as written ([`crate::text::word_spans`]), never inside a character;
//! what lies between those words (punctuation, quotation marks) is kept, and every run of
//! whitespace (line breaks included) becomes one space, so a context is always one line.
//!
//! [`Kwic`] finds what to show: a [`Query`] is a term id (`mercenaries`, every lexicon's term of
//! that id; or `karabakh.ar/mercenaries`), or a word or phrase, matched exactly like a lexicon
//! form (normalized, with the full affix rules: `مرتزقة` finds `والمرتزقة`).
//!
//! ```
//! use framelens::kwic::context;
//!
//! let text = "Officials said the regime shelled the city again on Monday.";
//! let start = text.find("regime").unwrap();
//! let c = context(text, start..start + "regime".len(), 2);
//! assert_eq!((c.left.as_str(), c.matched.as_str(), c.right.as_str()), ("said the", "regime", "shelled the"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::corpus::{Article, Outlet, outlet_name};
use crate::lexicon::{Lexicon, LexiconError, LexiconSet, Role};
use crate::matcher::{BuildError, Hit, Matcher};
use crate::text::{Voice, detect_language, is_word_char, normalize, word_spans};

/// Words of context on each side when the caller has no reason to choose otherwise: quanteda's
/// default.
pub const DEFAULT_WINDOW: usize = 5;

/// The lexicon id of the one-term lexicon a form query is matched with.
pub const FORM_LEXICON: &str = "kwic";
/// The term id of that lexicon's one term.
pub const FORM_TERM: &str = "form";

/// A hit in its context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Context {
    /// Up to `window` words before the match, with what lies between them and the match.
    pub left: String,
    /// The match as written.
    pub matched: String,
    /// Up to `window` words after the match, with what lies between the match and them.
    pub right: String,
}

/// A text's words, found once, to cut the context of many hits.
#[derive(Clone, Debug)]
pub struct Contexts<'t> {
    text: &'t str,
    words: Vec<Range<usize>>,
}

impl<'t> Contexts<'t> {
    /// Finds the words of `text`.
    pub fn new(text: &'t str) -> Contexts<'t> {
        Contexts {
            text,
            words: word_spans(text),
        }
    }

    /// The context of the byte span `span` (moved out to character boundaries and clamped to
    /// the text, so any span gives a context): the `window` words ending at or before its
    /// start, the span's text, and the `window` words starting at or after its end.
    pub fn around(&self, span: Range<usize>, window: usize) -> Context {
        let text = self.text;
        let end = text.ceil_char_boundary(span.end.min(text.len()));
        let start = text.floor_char_boundary(span.start.min(end));
        let before = self.words.partition_point(|w| w.end <= start);
        let after = self.words.partition_point(|w| w.start < end);
        let left = match before.checked_sub(window) {
            _ if window == 0 || before == 0 => "",
            Some(first) => &text[self.words[first].start..start],
            None => &text[self.words[0].start..start],
        };
        let right = match self.words.get(after..).map(|w| w.len()) {
            _ if window == 0 => "",
            Some(n) if n > 0 => &text[end..self.words[after + window.min(n) - 1].end],
            _ => "",
        };
        Context {
            left: one_line(left),
            matched: text[start..end].to_string(),
            right: one_line(right),
        }
    }
}

/// The context of the byte span `span` of `text`: `window` words on each side. To cut many
/// contexts from one text, make [`Contexts`] once.
pub fn context(text: &str, span: Range<usize>, window: usize) -> Context {
    Contexts::new(text).around(span, window)
}

/// Whitespace runs (line breaks, tabs) as one space, trimmed: a context is one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// Terms (or contested-name variants) of the loaded lexicons, as (lexicon id, term id).
    Terms(Vec<(String, String)>),
    /// A word or phrase, matched like a lexicon form.
    Form(String),
}

impl Query {
    /// A term id when the lexicons have one (`mercenaries`: that term in every lexicon that
    /// defines it, and contested-name variants of that id; `karabakh.ar/mercenaries`: that
    /// one), otherwise a form.
    ///
    /// `lexicon/term` naming a loaded lexicon without that term is an error rather than a
    /// search for the text `lexicon/term`: it is a mistyped term id.
    pub fn resolve(set: &LexiconSet, query: &str) -> Result<Query, KwicError> {
        let query = query.trim();
        if query.is_empty() {
            return Err(KwicError::Empty);
        }
        if let Some((lexicon_id, term_id)) = query.rsplit_once('/')
            && let Some(lexicon) = set.lexicon(lexicon_id)
        {
            return if has_entry(lexicon, term_id) {
                Ok(Query::Terms(vec![(lexicon_id.into(), term_id.into())]))
            } else {
                Err(KwicError::NoTerm {
                    lexicon: lexicon_id.into(),
                    term: term_id.into(),
                })
            };
        }
        let terms: Vec<(String, String)> = set
            .lexicons()
            .iter()
            .filter(|l| has_entry(l, query))
            .map(|l| (l.meta.id.clone(), query.to_string()))
            .collect();
        Ok(if terms.is_empty() {
            Query::Form(query.to_string())
        } else {
            Query::Terms(terms)
        })
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Terms(terms) => {
                let keys: Vec<String> = terms.iter().map(|(l, t)| format!("{l}/{t}")).collect();
                write!(f, "term {}", keys.join(", "))
            }
            Query::Form(form) => write!(f, "form \"{form}\""),
        }
    }
}

/// Whether hits of `lexicon` can carry the term id `id`: a term, or a contested-name variant
/// with forms of its own (a variant naming a term gives that term's hits).
fn has_entry(lexicon: &Lexicon, id: &str) -> bool {
    lexicon.term(id).is_some()
        || lexicon
            .choices
            .iter()
            .flat_map(|c| &c.variants)
            .any(|v| v.id == id && v.term.is_none())
}

/// Why a keyword-in-context search cannot run.
#[derive(Debug, thiserror::Error)]
pub enum KwicError {
    /// Nothing to look for.
    #[error("nothing to look for: give a term id or a word")]
    Empty,
    /// `lexicon/term` names a lexicon without that term.
    #[error("lexicon `{lexicon}` has no term `{term}` (framelens lexicon list shows its terms)")]
    NoTerm {
        /// The lexicon id.
        lexicon: String,
        /// The term id asked for.
        term: String,
    },
    /// The form has nothing a text could match: no letter or digit once normalized
    /// (punctuation, or only diacritics).
    #[error("cannot search for \"{form}\": it has no letters or digits to match")]
    NoWords {
        /// The form.
        form: String,
    },
    /// The form cannot be a lexicon form for another reason.
    #[error("cannot search for \"{form}\": {reason}")]
    Form {
        /// The form.
        form: String,
        /// What lexicon validation said, without the place in the one-term lexicon made for
        /// the search, which the user never wrote.
        reason: String,
    },
    /// The lexicons do not compile.
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// One hit in its context, with where it is and whose words it is in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KwicLine {
    /// Article id.
    pub article: String,
    /// Outlet id (`None`: unknown outlet).
    pub outlet: Option<String>,
    /// The outlet's name to show.
    pub outlet_name: String,
    /// Whose words: own, quoted or reported.
    pub voice: Voice,
    /// Lexicon id (`kwic` for a form query).
    pub lexicon: String,
    /// Term id (`form` for a form query; a variant id for a contested name).
    pub term: String,
    /// The side the use favors, when the term has one.
    pub side: Option<String>,
    /// 1-based line of the match in the article's (cleaned) text.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based byte offsets of the match in the article's text.
    pub byte_start: usize,
    /// 0-based byte offset just after the match.
    pub byte_end: usize,
    /// The words before.
    pub left: String,
    /// The match as written.
    pub matched: String,
    /// The words after.
    pub right: String,
}

/// The lines of `hits` (of `article.text`, in text order) with `window` words on each side.
pub fn kwic(
    article: &Article,
    outlets: &BTreeMap<String, Outlet>,
    hits: &[Hit],
    window: usize,
) -> Vec<KwicLine> {
    if hits.is_empty() {
        return Vec::new();
    }
    let contexts = Contexts::new(&article.text);
    let name = outlet_name(outlets, article.outlet.as_deref());
    hits.iter()
        .map(|hit| {
            let Context {
                left,
                matched,
                right,
            } = contexts.around(hit.span(), window);
            KwicLine {
                article: article.id.clone(),
                outlet: article.outlet.clone(),
                outlet_name: name.to_string(),
                voice: hit.voice,
                lexicon: hit.lexicon.to_string(),
                term: hit.term.to_string(),
                side: hit.side.as_deref().map(str::to_string),
                line: hit.start.line,
                column: hit.start.column,
                byte_start: hit.start.byte,
                byte_end: hit.end.byte,
                left,
                matched,
                right,
            }
        })
        .collect()
}

/// A query compiled against the lexicons, ready to search articles (from many threads).
#[derive(Debug)]
pub struct Kwic {
    query: Query,
    matcher: Matcher,
}

impl Kwic {
    /// Compiles `query` against `set`.
    ///
    /// A term query matches with every lexicon, so hits, their sides and voices are exactly
    /// those of `framelens score`. A form query matches with a one-term lexicon holding the
    /// form (affixes `full`, word class `any`, the language of the form's script), placed
    /// first, beside only the attribution verbs and reported-speech cues of `set`: voices are
    /// still found, and no loaded term can hide an occurrence of the form by overlapping it.
    pub fn new(set: &LexiconSet, query: Query) -> Result<Kwic, KwicError> {
        let matcher = match &query {
            Query::Terms(_) => Matcher::new(set)?,
            Query::Form(form) => {
                let mut lexicons = vec![form_lexicon(form)?];
                lexicons.extend(set.lexicons().iter().map(voice_cues_only));
                let set = LexiconSet::new(lexicons).map_err(|error| form_error(form, error))?;
                Matcher::new(&set)?
            }
        };
        Ok(Kwic { query, matcher })
    }

    /// What is being looked for.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The hits of the query in `text`, in text order.
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let analysis = self.matcher.analyze(text);
        analysis
            .hits
            .into_iter()
            .filter(|hit| match &self.query {
                Query::Terms(terms) => terms
                    .iter()
                    .any(|(l, t)| hit.lexicon.as_ref() == l && hit.term.as_ref() == t),
                Query::Form(_) => {
                    hit.lexicon.as_ref() == FORM_LEXICON && hit.term.as_ref() == FORM_TERM
                }
            })
            .collect()
    }

    /// The query's hits in `article`, each in its context of `window` words.
    pub fn lines(
        &self,
        article: &Article,
        outlets: &BTreeMap<String, Outlet>,
        window: usize,
    ) -> Vec<KwicLine> {
        kwic(article, outlets, &self.hits(&article.text), window)
    }
}

/// A valid one-term lexicon whose only form is `form`.
fn form_lexicon(form: &str) -> Result<Lexicon, KwicError> {
    if form.trim().is_empty() {
        return Err(KwicError::Empty);
    }
    // What lexicon validation would refuse, said in the terms of a search.
    if !normalize(form).chars().any(is_word_char) {
        return Err(KwicError::NoWords {
            form: form.to_string(),
        });
    }
    let language = detect_language(form).code();
    // A TOML basic string: the toml crate escapes quotes, backslashes and control characters.
    let quoted = toml::Value::String(form.to_string()).to_string();
    let source = format!(
        "[lexicon]\n\
         id = \"{FORM_LEXICON}\"\n\
         title = \"the form looked for\"\n\
         language = \"{language}\"\n\
         version = \"0.0.0\"\n\
         description = \"Made by framelens kwic for one search.\"\n\
         \n\
         [[frames]]\n\
         id = \"search\"\n\
         label = \"searched form\"\n\
         \n\
         [[terms]]\n\
         id = \"{FORM_TERM}\"\n\
         forms = [{quoted}]\n\
         frame = \"search\"\n\
         affixes = \"full\"\n\
         word_class = \"any\"\n"
    );
    Lexicon::parse("(kwic form)", &source).map_err(|error| form_error(form, error))
}

/// Why the lexicon made for a form search cannot be used, without the places in a file the
/// user never wrote.
fn form_error(form: &str, error: LexiconError) -> KwicError {
    let reason = match error {
        LexiconError::Invalid { diagnostics } => diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
            .join("; "),
        LexiconError::DuplicateLexicon { second, .. } => format!(
            "the lexicon {second} has the id `{FORM_LEXICON}`, which kwic keeps for the form \
             it looks for"
        ),
        other => other.to_string(),
    };
    KwicError::Form {
        form: form.to_string(),
        reason,
    }
}

/// `lexicon` with only what decides voices: its attribution verbs, reported-speech cues and
/// actors; no loaded terms and no contested names.
fn voice_cues_only(lexicon: &Lexicon) -> Lexicon {
    let mut cues = lexicon.clone();
    cues.terms
        .retain(|t| matches!(t.role, Role::Attribution { .. }));
    cues.choices.clear();
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_windows() {
        let text = "one two, three\n\"four\" five six.";
        let span = |w: &str| {
            let s = text.find(w).unwrap();
            s..s + w.len()
        };
        // (span, window, left, matched, right)
        let table = [
            (span("four"), 1, "three \"", "four", "\" five"),
            (span("four"), 2, "two, three \"", "four", "\" five six"),
            (span("four"), 9, "one two, three \"", "four", "\" five six"),
            (span("four"), 0, "", "four", ""),
            (span("one"), 3, "", "one", "two, three \"four"),
            (span("six"), 2, "four\" five", "six", ""),
        ];
        for (span, window, left, matched, right) in table {
            let c = context(text, span.clone(), window);
            assert_eq!(
                (c.left.as_str(), c.matched.as_str(), c.right.as_str()),
                (left, matched, right),
                "{span:?} window {window}"
            );
        }
    }

    #[test]
    fn spans_off_character_boundaries_are_widened_not_panicked_on() {
        let text = "قال إن المرتزقة وصلوا";
        let start = text.find("المرتزقة").unwrap();
        let c = context(text, start + 1..start + 3, 1);
        assert_eq!(c.matched, "ال");
        // The rest of the cut word is kept: nothing between match and context is lost.
        assert_eq!((c.left.as_str(), c.right.as_str()), ("إن", "مرتزقة وصلوا"));
        let c = context(text, 5..1000, 1);
        assert_eq!(c.right, "");
        assert_eq!(context("", 0..0, 5).matched, "");
    }
}

//! Lexicon QA: how often a lexicon's flags agree with the spans trained annotators marked.
//!
//! [`Gold`] reads annotated text (ArMPro JSON Lines or a PTC folder, see [`gold`]); [`evaluate`]
//! runs the matcher over every text and compares its flags with the gold spans of the selected
//! techniques (by default `Loaded_Language` and `Name_Calling-Labeling`):
//!
//! - a **flag** is a hit on a loaded term ([`HitKind::Loaded`]) of any loaded lexicon.
//!   Attribution verbs and neutral contested names are not claims that a word is loaded, so they
//!   are not flags. Where lexicons overlap the matcher keeps one hit per stretch of text (the
//!   earlier lexicon wins a tie), so a flag belongs to exactly one lexicon and term;
//! - a flag is **correct** when it overlaps (shares at least one character with) a gold span;
//! - **precision** = correct flags / all flags; **recall** = gold spans overlapped by at least one
//!   flag / all gold spans; **F1** their harmonic mean. Every annotation counts as the annotators
//!   gave it: a span labeled with two selected techniques is two gold spans.
//!
//! Scores are given overall, per lexicon and per term (a lexicon's or term's recall counts the
//! gold spans its own flags overlap), with the terms that cause the most false positives and the
//! most frequent missed spans (normalized text, counted). Offsets are compared in characters.
//!
//! ```
//! use framelens::evaluate::{EvaluateConfig, Gold, evaluate};
//! use framelens::lexicon::{Lexicon, LexiconSet};
//! use framelens::matcher::Matcher;
//!
//! let lexicon = Lexicon::parse("demo.toml", r#"
//!     [lexicon]
//!     id = "demo"
//!     title = "Demo"
//!     language = "en"
//!     version = "1"
//!     description = "d"
//!     [[frames]]
//!     id = "emotive"
//!     label = "Emotive"
//!     description = "d"
//!     [[terms]]
//!     id = "brutal"
//!     forms = ["brutal"]
//!     frame = "emotive"
//!     explanation = "e"
//! "#).unwrap();
//! let set = LexiconSet::new(vec![lexicon]).unwrap();
//! let line = r#"{"paragraph": "a brutal and savage attack", "labels": [{"technique": "Loaded_Language", "start": 13, "end": 19}]}"#;
//! let gold = Gold::parse_armpro("demo.jsonl", line).unwrap();
//! let result = evaluate(&Matcher::new(&set).unwrap(), &set, &gold, &EvaluateConfig::default());
//! assert_eq!((result.overall.flags, result.overall.correct), (1, 0));
//! assert_eq!(result.overall.precision, Some(0.0));
//! assert_eq!(result.missed[0].text, "savage");
//! ```

pub mod gold;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::lexicon::{LexiconSet, Role};
use crate::matcher::{HitKind, Matcher};
use crate::text::normalize;

pub use gold::{Gold, GoldDocument, GoldError, GoldFormat, GoldSpan};

/// The techniques evaluated when none are given.
pub const DEFAULT_TECHNIQUES: [&str; 2] = ["Loaded_Language", "Name_Calling-Labeling"];

/// What to evaluate against.
#[derive(Clone, Debug)]
pub struct EvaluateConfig {
    /// Gold techniques that count. Matched without regard to case, and `,` and `-` are the same
    /// (`Name_Calling,Labeling` in PTC is `Name_Calling-Labeling` in ArMPro).
    pub techniques: Vec<String>,
}

impl Default for EvaluateConfig {
    fn default() -> EvaluateConfig {
        EvaluateConfig {
            techniques: DEFAULT_TECHNIQUES.iter().map(ToString::to_string).collect(),
        }
    }
}

/// The one spelling of a technique name that both corpora's spellings map to.
pub fn technique_key(technique: &str) -> String {
    technique.trim().to_lowercase().replace(',', "-")
}

/// Splits a comma-separated list of techniques. PTC's names contain commas
/// (`Name_Calling,Labeling`), so consecutive pieces are joined again where together they name a
/// technique in `known` (the gold's own spellings); a piece that names none stays as given.
///
/// ```
/// use framelens::evaluate::split_techniques;
/// let known = ["Loaded_Language".to_string(), "Name_Calling,Labeling".to_string()];
/// assert_eq!(
///     split_techniques("Loaded_Language,Name_Calling,Labeling", &known),
///     ["Loaded_Language", "Name_Calling,Labeling"]
/// );
/// assert_eq!(split_techniques("Name_Calling-Labeling", &known), ["Name_Calling-Labeling"]);
/// ```
pub fn split_techniques(list: &str, known: &[String]) -> Vec<String> {
    let known: Vec<String> = known.iter().map(|k| technique_key(k)).collect();
    let pieces: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // The longest run of pieces from i that names a known technique, else the piece alone.
        let take = (1..=pieces.len() - i)
            .rev()
            .find(|n| known.contains(&technique_key(&pieces[i..i + n].join(","))))
            .unwrap_or(1);
        out.push(pieces[i..i + take].join(","));
        i += take;
    }
    out
}

/// Precision, recall and F1 from their counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// Flags raised.
    pub flags: usize,
    /// Flags that overlap a gold span.
    pub correct: usize,
    /// Gold spans.
    pub gold_spans: usize,
    /// Gold spans overlapped by at least one flag.
    pub found: usize,
    /// correct / flags; none without flags.
    pub precision: Option<f64>,
    /// found / gold spans; none without gold spans.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall; none when either is none.
    pub f1: Option<f64>,
}

impl Score {
    /// The score of these counts.
    pub fn new(flags: usize, correct: usize, gold_spans: usize, found: usize) -> Score {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let precision = ratio(correct, flags);
        let recall = ratio(found, gold_spans);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Score {
            flags,
            correct,
            gold_spans,
            found,
            precision,
            recall,
            f1,
        }
    }

    /// Flags that overlap no gold span.
    pub fn false_positives(&self) -> usize {
        self.flags - self.correct
    }
}

/// One lexicon's share of the flags.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LexiconScore {
    /// Lexicon id.
    pub lexicon: String,
    /// Its flags against all gold spans.
    #[serde(flatten)]
    pub score: Score,
}

/// A text and how often it occurred.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Counted {
    /// Normalized text.
    pub text: String,
    /// Occurrences.
    pub count: usize,
}

/// One term's flags.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TermScore {
    /// Lexicon id.
    pub lexicon: String,
    /// Term id.
    pub term: String,
    /// Its flags against all gold spans.
    #[serde(flatten)]
    pub score: Score,
    /// Flags that overlap no gold span.
    pub false_positives: usize,
    /// The words (normalized) of its false positives, most frequent first.
    pub false_positive_matches: Vec<Counted>,
}

/// Gold spans of one technique and how many were found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TechniqueScore {
    /// The technique as configured.
    pub technique: String,
    /// Its gold spans.
    pub gold_spans: usize,
    /// Those overlapped by a flag.
    pub found: usize,
    /// found / gold spans.
    pub recall: Option<f64>,
}

/// The result of evaluating lexicons against gold annotations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// Where the gold came from.
    pub gold: String,
    /// Its format.
    pub format: String,
    /// Texts evaluated.
    pub documents: usize,
    /// Gold spans per selected technique (zero when the gold has none of it).
    pub techniques: Vec<TechniqueScore>,
    /// All flags against all selected gold spans.
    pub overall: Score,
    /// Per lexicon with loaded terms, in priority order (zero flags included).
    pub lexicons: Vec<LexiconScore>,
    /// Per term that raised a flag, most flags first.
    pub terms: Vec<TermScore>,
    /// Gold spans no flag overlaps, by normalized text, most frequent first.
    pub missed: Vec<Counted>,
}

impl Evaluation {
    /// Terms with false positives, most first (ties: lower precision first, then id).
    pub fn false_positive_terms(&self) -> Vec<&TermScore> {
        let mut terms: Vec<&TermScore> = self
            .terms
            .iter()
            .filter(|t| t.false_positives > 0)
            .collect();
        terms.sort_by(|a, b| {
            b.false_positives
                .cmp(&a.false_positives)
                .then(a.score.correct.cmp(&b.score.correct))
                .then((&a.lexicon, &a.term).cmp(&(&b.lexicon, &b.term)))
        });
        terms
    }
}

/// A flag in character offsets.
struct Flag {
    lexicon: String,
    term: String,
    start: usize,
    end: usize,
    matched: String,
}

#[derive(Default)]
struct Tally {
    flags: usize,
    correct: usize,
    found: usize,
    false_matches: HashMap<String, usize>,
}

/// Runs `matcher` over every text of `gold` and scores its flags against the gold spans of the
/// configured techniques. `lexicons` is the set the matcher was built from (for the per-lexicon
/// breakdown, which lists lexicons without flags too).
pub fn evaluate(
    matcher: &Matcher,
    lexicons: &LexiconSet,
    gold: &Gold,
    config: &EvaluateConfig,
) -> Evaluation {
    // One entry per selected technique, as configured: (key, spelling, gold spans, found).
    let mut techniques: Vec<(String, String, usize, usize)> = Vec::new();
    for technique in &config.techniques {
        let key = technique_key(technique);
        if !techniques.iter().any(|t| t.0 == key) {
            techniques.push((key, technique.trim().to_string(), 0, 0));
        }
    }
    let mut terms: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut per_lexicon: BTreeMap<String, Tally> = BTreeMap::new();
    let mut missed: HashMap<String, usize> = HashMap::new();
    let (mut flag_total, mut correct_total, mut gold_total, mut found_total) = (0, 0, 0, 0);

    for document in &gold.documents {
        // The selected spans, each with the index of its technique.
        let spans: Vec<(usize, &GoldSpan)> = document
            .spans
            .iter()
            .filter_map(|s| {
                let key = technique_key(&s.technique);
                techniques.iter().position(|t| t.0 == key).map(|i| (i, s))
            })
            .collect();
        let flags: Vec<Flag> = matcher
            .analyze(&document.text)
            .hits
            .into_iter()
            .filter(|h| h.kind == HitKind::Loaded)
            .map(|h| Flag {
                lexicon: h.lexicon.to_string(),
                term: h.term.to_string(),
                start: h.start.char,
                end: h.end.char,
                matched: normalize(&h.matched),
            })
            .collect();
        let overlaps =
            |flag: &Flag, span: &GoldSpan| flag.start < span.end && span.start < flag.end;

        for flag in &flags {
            let correct = spans.iter().any(|(_, s)| overlaps(flag, s));
            flag_total += 1;
            correct_total += usize::from(correct);
            for tally in [
                terms
                    .entry((flag.lexicon.clone(), flag.term.clone()))
                    .or_default(),
                per_lexicon.entry(flag.lexicon.clone()).or_default(),
            ] {
                tally.flags += 1;
                if correct {
                    tally.correct += 1;
                } else {
                    *tally.false_matches.entry(flag.matched.clone()).or_default() += 1;
                }
            }
        }
        for (technique, span) in spans {
            let by: Vec<&Flag> = flags.iter().filter(|f| overlaps(f, span)).collect();
            let entry = &mut techniques[technique];
            entry.2 += 1;
            gold_total += 1;
            if by.is_empty() {
                let text = normalize(span.text(&document.text)).trim().to_string();
                *missed.entry(text).or_default() += 1;
                continue;
            }
            entry.3 += 1;
            found_total += 1;
            // A span counts once per term and once per lexicon that found it.
            let mut seen_terms: Vec<(&str, &str)> = Vec::new();
            for flag in by {
                let key = (flag.lexicon.as_str(), flag.term.as_str());
                if seen_terms.contains(&key) {
                    continue;
                }
                if !seen_terms.iter().any(|(l, _)| *l == key.0) {
                    per_lexicon.entry(flag.lexicon.clone()).or_default().found += 1;
                }
                seen_terms.push(key);
                terms
                    .entry((flag.lexicon.clone(), flag.term.clone()))
                    .or_default()
                    .found += 1;
            }
        }
    }

    let lexicon_scores = lexicons
        .lexicons()
        .iter()
        .filter(|l| l.terms.iter().any(|t| t.role == Role::Loaded))
        .map(|l| {
            let tally = per_lexicon.remove(&l.meta.id).unwrap_or_default();
            LexiconScore {
                lexicon: l.meta.id.clone(),
                score: Score::new(tally.flags, tally.correct, gold_total, tally.found),
            }
        })
        .collect();
    let mut term_scores: Vec<TermScore> = terms
        .into_iter()
        .map(|((lexicon, term), tally)| {
            let score = Score::new(tally.flags, tally.correct, gold_total, tally.found);
            TermScore {
                lexicon,
                term,
                false_positives: score.false_positives(),
                score,
                false_positive_matches: by_count(tally.false_matches),
            }
        })
        .collect();
    term_scores.sort_by(|a, b| {
        b.score
            .flags
            .cmp(&a.score.flags)
            .then((&a.lexicon, &a.term).cmp(&(&b.lexicon, &b.term)))
    });
    Evaluation {
        gold: gold.origin.clone(),
        format: gold.format.to_string(),
        documents: gold.documents.len(),
        techniques: techniques
            .into_iter()
            .map(|(_, technique, gold_spans, found)| TechniqueScore {
                technique,
                gold_spans,
                found,
                recall: Score::new(0, 0, gold_spans, found).recall,
            })
            .collect(),
        overall: Score::new(flag_total, correct_total, gold_total, found_total),
        lexicons: lexicon_scores,
        terms: term_scores,
        missed: by_count(missed),
    }
}

/// Most frequent first, then alphabetical, so output is reproducible.
fn by_count(counts: HashMap<String, usize>) -> Vec<Counted> {
    let mut out: Vec<Counted> = counts
        .into_iter()
        .map(|(text, count)| Counted { text, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    out
}

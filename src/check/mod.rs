//! The editor's linter: every loaded term in a draft, as findings an editor can act on.
//!
//! A [`Linter`] holds the lexicons, the compiled matcher and the house style ([`Settings`]).
//! [`Linter::check`] turns a draft into [`Finding`]s — where the term is, why it is loaded, which
//! side's narrative it adopts, in whose voice, and what to write instead — and [`summarize`]
//! counts them the way an editor reads a draft: by side and by frame in the writer's own voice.
//! Findings are plain data; [`render`] prints them for people, editors and scripts.
//!
//! ```
//! use framelens::check::{DraftFormat, Linter, Settings};
//! use framelens::lexicon::LexiconSet;
//!
//! let linter = Linter::new(LexiconSet::bundled().unwrap(), Settings::default()).unwrap();
//! let findings = linter.check("draft.txt", "وصل المرتزقة إلى المدينة.", DraftFormat::Plain);
//! assert_eq!(findings[0].term, "mercenaries");
//! assert_eq!((findings[0].line, findings[0].column), (1, 5));
//! assert_eq!(findings[0].side.as_deref(), Some("armenia"));
//! ```

mod config;
mod markdown;
pub mod render;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

pub use config::{CONFIG_FILE, Config, ConfigError};
pub use markdown::{Ignore, Masked, mask_markdown, plain_ignores};

use crate::affix::Language;
use crate::lexicon::{Favors, LexiconSet, Severity, Stance, Term};
use crate::matcher::{BuildError, Hit, HitKind, Matcher};
use crate::text::{LineIndex, Voice, detect_language};

/// From which severity on a finding fails the check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any finding fails.
    Info,
    /// Warnings and errors fail (the default).
    Warning,
    /// Only errors fail.
    Error,
    /// Nothing fails: report only.
    Never,
}

impl FailOn {
    /// Parses `info`, `warning`, `error` or `never`.
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "info" => Some(FailOn::Info),
            "warning" => Some(FailOn::Warning),
            "error" => Some(FailOn::Error),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    /// Whether a finding of `severity` fails.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Info => true,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

/// Which voices to report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VoiceFilter {
    /// Own, quoted and reported.
    #[default]
    All,
    /// Only the writer's own words.
    Own,
}

impl VoiceFilter {
    /// Parses `all` or `own`.
    pub fn parse(s: &str) -> Option<VoiceFilter> {
        match s {
            "all" => Some(VoiceFilter::All),
            "own" => Some(VoiceFilter::Own),
            _ => None,
        }
    }
}

/// Plain text or Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftFormat {
    /// Every character is prose.
    Plain,
    /// Front matter, code and comments are not prose.
    Markdown,
}

impl DraftFormat {
    /// Markdown for `.md` and `.markdown` files, plain text otherwise.
    pub fn from_path(path: &Path) -> DraftFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some("md" | "markdown" | "mdx") => DraftFormat::Markdown,
            _ => DraftFormat::Plain,
        }
    }
}

/// A house style: what to report and how seriously.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Term ids (`term` or `lexicon/term`) not to report.
    pub disable: Vec<String>,
    /// Severity overrides by term id (`term` or `lexicon/term`).
    pub severity: Vec<(String, Severity)>,
    /// Which voices to report.
    pub voice: VoiceFilter,
    /// Quoted and reported findings one severity lower: the writer's own words matter most.
    pub lower_quoted: bool,
    /// The draft's language; detected from its script when `None`.
    pub language: Option<Language>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            disable: Vec::new(),
            severity: Vec::new(),
            voice: VoiceFilter::All,
            lower_quoted: true,
            language: None,
        }
    }
}

/// One loaded term in a draft. Lines and columns are 1-based, columns in characters; byte and
/// character offsets are 0-based into the file as read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The draft's path (`-` for stdin).
    pub path: String,
    /// Line of the start.
    pub line: usize,
    /// Column of the start, in characters.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column just after the end, in characters.
    pub end_column: usize,
    /// Byte offset of the start.
    pub byte_start: usize,
    /// Byte offset just after the end.
    pub byte_end: usize,
    /// Character offset of the start.
    pub char_start: usize,
    /// Character offset just after the end.
    pub char_end: usize,
    /// Column of the start in UTF-16 code units.
    pub utf16_column: usize,
    /// Column just after the end in UTF-16 code units.
    pub utf16_end_column: usize,
    /// The text as written, clitics and suffixes included.
    pub matched: String,
    /// Lexicon id.
    pub lexicon: String,
    /// Term id.
    pub term: String,
    /// The side whose narrative the use adopts, if any.
    pub side: Option<String>,
    /// Frame id.
    pub frame: Option<String>,
    /// Whose words these are.
    pub voice: Voice,
    /// Severity after the house style and the voice.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// Why the term is loaded.
    pub explanation: String,
    /// Neutral wording to use instead.
    pub suggestions: Vec<String>,
    /// Up to 40 characters of the line before the match (`…` first where the line goes on).
    #[serde(skip)]
    pub before: String,
    /// Up to 40 characters of the line after the match (`…` last where the line goes on).
    #[serde(skip)]
    pub after: String,
    /// For an attribution: its stance.
    #[serde(skip)]
    pub stance: Option<Stance>,
    /// For an attribution: the side of the speaker it introduces.
    #[serde(skip)]
    pub speaker_side: Option<String>,
}

/// Lexicons, matcher and house style, ready to check drafts.
#[derive(Debug)]
pub struct Linter {
    set: LexiconSet,
    matcher: Matcher,
    settings: Settings,
}

impl Linter {
    /// Compiles the lexicons.
    pub fn new(set: LexiconSet, settings: Settings) -> Result<Linter, BuildError> {
        let matcher = Matcher::new(&set)?;
        Ok(Linter {
            set,
            matcher,
            settings,
        })
    }

    /// The lexicons this linter checks with.
    pub fn lexicons(&self) -> &LexiconSet {
        &self.set
    }

    /// Every reportable loaded term of `draft`, in text order.
    pub fn check(&self, path: &str, draft: &str, format: DraftFormat) -> Vec<Finding> {
        let (prose, ignores) = match format {
            DraftFormat::Markdown => {
                let masked = mask_markdown(draft);
                (masked.text, masked.ignores)
            }
            DraftFormat::Plain => (draft.to_string(), plain_ignores(draft)),
        };
        let language = self
            .settings
            .language
            .unwrap_or_else(|| detect_language(&prose));
        let lines = LineIndex::new(draft);
        self.matcher
            .analyze(&prose)
            .hits
            .iter()
            .filter_map(|hit| self.finding(path, draft, &lines, language, &ignores, hit))
            .collect()
    }

    fn finding(
        &self,
        path: &str,
        draft: &str,
        lines: &LineIndex,
        language: Language,
        ignores: &[Ignore],
        hit: &Hit,
    ) -> Option<Finding> {
        let lexicon = self.set.lexicon(&hit.lexicon)?;
        let term = lexicon.term(&hit.term)?;
        let reportable = match hit.kind {
            HitKind::Loaded => true,
            HitKind::Attribution { stance } => stance != Stance::Neutral,
            HitKind::Name => false,
        };
        if !reportable || lexicon.meta.language != language {
            return None;
        }
        let named = |id: &String| {
            id == &term.id
                || id
                    .split_once('/')
                    .is_some_and(|(l, t)| l == lexicon.meta.id && t == term.id)
        };
        if self.settings.disable.iter().any(named) {
            return None;
        }
        // Positions from the draft itself: masking kept bytes and lines, not columns.
        let start = lines.position(draft, hit.start.byte);
        let end = lines.position(draft, hit.end.byte);
        if ignores
            .iter()
            .any(|i| i.covers(start.line, &lexicon.meta.id, &term.id))
        {
            return None;
        }
        if self.settings.voice == VoiceFilter::Own && hit.voice != Voice::Own {
            return None;
        }
        let mut severity = self
            .settings
            .severity
            .iter()
            .rev()
            .find(|(id, _)| named(id))
            .map_or(term.severity, |(_, s)| *s);
        if self.settings.lower_quoted && hit.voice != Voice::Own {
            severity = severity.lowered();
        }
        let (before, after) = context(draft, start.byte, end.byte);
        Some(Finding {
            path: path.to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: start.byte,
            byte_end: end.byte,
            char_start: start.char,
            char_end: end.char,
            utf16_column: start.utf16_column,
            utf16_end_column: end.utf16_column,
            matched: hit.matched.clone(),
            lexicon: lexicon.meta.id.clone(),
            term: term.id.clone(),
            side: hit.side.as_deref().map(str::to_string),
            frame: term.frame.clone(),
            voice: hit.voice,
            severity,
            message: self.message(term, hit),
            explanation: term.explanation.clone(),
            suggestions: term.neutral.clone(),
            before,
            after,
            stance: hit.stance(),
            speaker_side: hit
                .actor
                .as_ref()
                .and_then(|a| a.side.as_deref())
                .map(str::to_string),
        })
    }

    /// The plain-language message: what the word does, in whose voice.
    fn message(&self, term: &Term, hit: &Hit) -> String {
        let label = term.label.as_deref().unwrap_or(&term.id);
        let what = format!("`{}` ({label})", hit.matched);
        let side_label = |side: &str| {
            self.set
                .side_label(side)
                .map_or_else(|| side.to_string(), str::to_string)
        };
        let mut message = match (hit.kind, hit.side.as_deref()) {
            (HitKind::Attribution { stance }, _) => {
                let speaker = match &hit.actor {
                    Some(actor) => match actor.side.as_deref() {
                        Some(side) => format!("{} ({})", actor.label, side_label(side)),
                        None => actor.label.to_string(),
                    },
                    None => "the speaker".to_string(),
                };
                match stance {
                    Stance::Distancing => {
                        format!("{what} casts doubt on what {speaker} says")
                    }
                    _ => format!("{what} presents what {speaker} says as established fact"),
                }
            }
            (_, Some(side)) => format!("{what} favors the {}", side_label(side)),
            (_, None) if term.favors.needs_actor() => {
                format!("{what} is loaded; its side depends on whom it names")
            }
            (_, None) => match &term.favors {
                Favors::Neutral => format!("{what} is loaded language"),
                _ => format!("{what} is loaded"),
            },
        };
        match hit.voice {
            Voice::Own => {}
            Voice::Quoted => message.push_str(" (in a quote)"),
            Voice::Reported => message.push_str(" (in reported speech)"),
        }
        message
    }
}

/// The characters of the match's line around it: at most [`CONTEXT`] on each side, with `…`
/// where the line goes on (a scraped paragraph is often one very long line).
fn context(draft: &str, start: usize, end: usize) -> (String, String) {
    const CONTEXT: usize = 40;
    let mut before: Vec<char> = draft[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .take(CONTEXT + 1)
        .collect();
    if before.len() > CONTEXT {
        before.truncate(CONTEXT);
        before.push('…');
    }
    let before: String = before.into_iter().rev().collect();
    let end = if draft[start..end].contains('\n') {
        start + draft[start..end].find('\n').unwrap_or(0)
    } else {
        end
    };
    let mut after: String = draft[end..]
        .chars()
        .take_while(|&c| c != '\n' && c != '\r')
        .take(CONTEXT + 1)
        .collect();
    if after.chars().count() > CONTEXT {
        after = after.chars().take(CONTEXT).collect::<String>() + "…";
    }
    (before, after)
}

/// What a check found, counted the way an editor reads a draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Drafts checked.
    pub files: usize,
    /// Findings reported.
    pub findings: usize,
    /// Findings by severity.
    pub by_severity: BTreeMap<String, usize>,
    /// Findings by voice.
    pub by_voice: BTreeMap<String, usize>,
    /// Loaded terms in the writer's own voice, by the side they favor.
    pub own_by_side: BTreeMap<String, usize>,
    /// Loaded terms in the writer's own voice that favor no side.
    pub own_side_neutral: usize,
    /// Findings in the writer's own voice, by frame.
    pub own_by_frame: BTreeMap<String, usize>,
    /// Distancing attributions in the writer's own voice, by the side of the speaker (`""` when
    /// the speaker has no side or is not named).
    pub own_distancing_toward: BTreeMap<String, usize>,
    /// Labels of the sides named above.
    pub side_labels: BTreeMap<String, String>,
    /// The draft's lean in one sentence.
    pub lean: String,
}

/// Counts findings by severity, voice, side and frame, and states the lean.
pub fn summarize(findings: &[Finding], files: usize, set: &LexiconSet) -> Summary {
    let mut summary = Summary {
        files,
        findings: findings.len(),
        ..Summary::default()
    };
    for finding in findings {
        *summary
            .by_severity
            .entry(finding.severity.to_string())
            .or_default() += 1;
        *summary
            .by_voice
            .entry(finding.voice.to_string())
            .or_default() += 1;
        if finding.voice != Voice::Own {
            continue;
        }
        if let Some(frame) = &finding.frame {
            *summary.own_by_frame.entry(frame.clone()).or_default() += 1;
        }
        if let Some(stance) = finding.stance {
            if stance == Stance::Distancing {
                let side = finding.speaker_side.clone().unwrap_or_default();
                *summary.own_distancing_toward.entry(side).or_default() += 1;
            }
        } else {
            match &finding.side {
                Some(side) => *summary.own_by_side.entry(side.clone()).or_default() += 1,
                None => summary.own_side_neutral += 1,
            }
        }
    }
    let named = summary
        .own_by_side
        .keys()
        .chain(summary.own_distancing_toward.keys());
    summary.side_labels = named
        .filter_map(|id| Some((id.clone(), set.side_label(id)?.to_string())))
        .collect();
    summary.lean = lean(&summary, set);
    summary
}

/// "In the writer's own voice, 7 loaded terms favor the Armenian side, 1 the Azerbaijani side;
/// 2 favor no side."
fn lean(summary: &Summary, set: &LexiconSet) -> String {
    let mut sides: Vec<(&String, &usize)> = summary.own_by_side.iter().collect();
    sides.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let label = |side: &str| set.side_label(side).unwrap_or(side).to_string();
    let total: usize = summary.own_by_side.values().sum::<usize>() + summary.own_side_neutral;
    if total == 0 {
        return "No loaded terms in the writer's own voice.".to_string();
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts: Vec<String> = Vec::new();
    for (i, (side, n)) in sides.iter().enumerate() {
        if i == 0 {
            parts.push(format!(
                "{} the {}",
                plural(**n, "loaded term favors", "loaded terms favor"),
                label(side)
            ));
        } else {
            parts.push(format!("{n} the {}", label(side)));
        }
    }
    let mut sentence = format!("In the writer's own voice, {}", parts.join(", "));
    if summary.own_side_neutral > 0 {
        let neutral = plural(
            summary.own_side_neutral,
            "loaded term favors no side",
            "loaded terms favor no side",
        );
        if parts.is_empty() {
            sentence.push_str(&neutral);
        } else {
            sentence.push_str(&format!("; {neutral}"));
        }
    }
    sentence.push('.');
    sentence
}

//! The editor's linter: every loaded term in a draft, as findings an editor can act on.
//!
//! A [`Linter`] holds the lexicons, the compiled matcher and the house style ([`Settings`]).
//! [`Linter::check`] turns a draft into [`Finding`]s — where the term is, why it is loaded, which
//! side's narrative it adopts, in whose voice, and what to write instead — and [`summarize`]
//! counts them the way an editor reads a draft: by side and by frame in the writer's own voice.
//! What it could not act on (an ignore comment naming no term) comes back beside them as
//! [`Problem`]s. Findings are plain data; [`render`] prints them for people, editors and scripts.
//!
//! A UTF-8 byte-order mark at the start of a draft is not part of its text: offsets and columns
//! count from after it, as editors and `framelens score` count them.
//!
//! ```
//! use framelens::check::{DraftFormat, Linter, Settings};
//! use framelens::lexicon::LexiconSet;
//!
//! let linter = Linter::new(LexiconSet::bundled().unwrap(), Settings::default()).unwrap();
//! let checked = linter.check("draft.txt", "وصل المرتزقة إلى المدينة.", DraftFormat::Plain);
//! let findings = &checked.findings;
//! assert_eq!(findings[0].term, "mercenaries");
//! assert_eq!((findings[0].line, findings[0].column), (1, 5));
//! assert_eq!(findings[0].side.as_deref(), Some("armenia"));
//! assert!(checked.problems.is_empty());
//! ```

mod config;
mod markdown;
pub mod render;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

pub use config::{CONFIG_FILE, Config, ConfigError, TermRef};
pub use markdown::{Ignore, IgnoredTerm, Masked, mask_markdown, mask_plain};

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
    /// Prose but for front matter, HTML comments and bare URLs ([`mask_plain`]).
    Plain,
    /// Also not prose: code, link destinations, reference definitions, HTML tags
    /// ([`mask_markdown`]).
    Markdown,
}

impl DraftFormat {
    /// Markdown for `.md`, `.markdown` and `.mdx` files (in any case: `NOTES.MD`), plain text
    /// otherwise.
    pub fn from_path(path: &Path) -> DraftFormat {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let markdown = ["md", "markdown", "mdx"]
            .iter()
            .any(|m| extension.eq_ignore_ascii_case(m));
        if markdown {
            DraftFormat::Markdown
        } else {
            DraftFormat::Plain
        }
    }
}

/// A house style: what to report and how seriously.
///
/// Term ids are not checked here: a caller that takes them from a person asks
/// [`Linter::unknown_term`] about each, to say where a typo is written.
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
/// character offsets are 0-based into the draft's text (after a byte-order mark, if any).
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

/// Something in a draft the linter could not act on: an ignore comment that names no term.
/// It is no finding (it is not loaded language and counts in no summary).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The draft's path (`-` for stdin).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// What checking one draft gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// Every reportable loaded term, in text order.
    pub findings: Vec<Finding>,
    /// What the linter could not act on, in text order.
    pub problems: Vec<Problem>,
}

/// Lexicons, matcher and house style, ready to check drafts.
#[derive(Debug)]
pub struct Linter {
    set: LexiconSet,
    matcher: Matcher,
    settings: Settings,
    /// The bundled lexicons, read when an id is not in `set`: a house style may name a
    /// bundled term that one run leaves out, which is no typo.
    bundled: OnceLock<Option<LexiconSet>>,
}

impl Linter {
    /// Compiles the lexicons.
    pub fn new(set: LexiconSet, settings: Settings) -> Result<Linter, BuildError> {
        let matcher = Matcher::new(&set)?;
        Ok(Linter {
            set,
            matcher,
            settings,
            bundled: OnceLock::new(),
        })
    }

    /// The lexicons this linter checks with.
    pub fn lexicons(&self) -> &LexiconSet {
        &self.set
    }

    /// Every reportable loaded term of `draft`, in text order, and the ignore comments that
    /// name no term. A byte-order mark at the start is not part of the text.
    pub fn check(&self, path: &str, draft: &str, format: DraftFormat) -> Checked {
        let draft = draft.strip_prefix('\u{FEFF}').unwrap_or(draft);
        let masked = match format {
            DraftFormat::Markdown => mask_markdown(draft),
            DraftFormat::Plain => mask_plain(draft),
        };
        let language = self
            .settings
            .language
            .unwrap_or_else(|| detect_language(&masked.text));
        let lines = LineIndex::new(draft);
        let findings = self
            .matcher
            .analyze(&masked.text)
            .hits
            .iter()
            .filter_map(|hit| self.finding(path, draft, &lines, language, &masked.ignores, hit))
            .collect();
        let problems = masked
            .ignores
            .iter()
            .flat_map(|ignore| &ignore.terms)
            .filter_map(|term| {
                let reason = self.unknown_term(&term.id)?;
                let at = lines.position(draft, term.byte);
                Some(Problem {
                    path: path.to_string(),
                    line: at.line,
                    column: at.column,
                    message: format!("cannot ignore term `{}`: {reason}", term.id),
                })
            })
            .collect();
        Checked { findings, problems }
    }

    /// Why `id` (`term` or `lexicon/term`) names no term of this linter's lexicons or of the
    /// bundled ones, with the nearest id when one is close; `None` when it names one.
    pub fn unknown_term(&self, id: &str) -> Option<String> {
        let loaded = self.set.lexicons();
        let bundled_set = || self.bundled.get_or_init(|| LexiconSet::bundled().ok());
        let bundled = || bundled_set().as_ref().map_or(&[][..], LexiconSet::lexicons);
        if self.set.find_term(id).is_some()
            || bundled_set()
                .as_ref()
                .is_some_and(|set| set.find_term(id).is_some())
        {
            return None;
        }
        let lexicons = || loaded.iter().chain(bundled().iter());
        Some(match id.split_once('/') {
            Some((lexicon, term)) if lexicons().any(|l| l.meta.id == lexicon) => {
                let terms = lexicons()
                    .filter(|l| l.meta.id == lexicon)
                    .flat_map(|l| l.terms.iter().map(|t| format!("{lexicon}/{}", t.id)));
                format!(
                    "lexicon `{lexicon}` has no term `{term}`{}",
                    nearest(id, terms)
                )
            }
            Some((lexicon, _)) => {
                let ids = lexicons().map(|l| l.meta.id.clone());
                format!("no lexicon has the id `{lexicon}`{}", nearest(lexicon, ids))
            }
            None if lexicons().any(|l| l.meta.id == id) => {
                "it is the id of a lexicon, not of a term".to_string()
            }
            None => {
                let terms = lexicons().flat_map(|l| l.terms.iter().map(|t| t.id.clone()));
                format!("no lexicon has a term with this id{}", nearest(id, terms))
            }
        })
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

/// `" (did you mean `x`?)"` for the candidate nearest to `id` in edit distance, when it is at
/// most two edits away and the two are not short words that merely look alike; else nothing.
fn nearest(id: &str, candidates: impl Iterator<Item = String>) -> String {
    let limit = (id.chars().count() / 3).clamp(1, 2);
    candidates
        .map(|c| (edit_distance(id, &c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map_or_else(String::new, |(_, c)| format!(" (did you mean `{c}`?)"))
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The characters of the match's line around it: at most [`CONTEXT`] on each side, with `…`
/// where the line goes on (a scraped paragraph is often one very long line).
fn context(draft: &str, start: usize, end: usize) -> (String, String) {
    const CONTEXT: usize = 40;
    let mut before: Vec<char> = draft[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n' && c != '\r')
        .take(CONTEXT + 1)
        .collect();
    if before.len() > CONTEXT {
        before.truncate(CONTEXT);
        before.push('…');
    }
    let before: String = before.into_iter().rev().collect();
    let end = draft[start..end]
        .find(['\n', '\r'])
        .map_or(end, |line_end| start + line_end);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn linter() -> Linter {
        Linter::new(LexiconSet::bundled().unwrap(), Settings::default()).unwrap()
    }

    #[test]
    fn markdown_is_known_by_its_extension_in_any_case() {
        let cases = [
            ("a.md", DraftFormat::Markdown),
            ("a.MD", DraftFormat::Markdown),
            ("a.Markdown", DraftFormat::Markdown),
            ("a.mdx", DraftFormat::Markdown),
            ("a.txt", DraftFormat::Plain),
            ("a.md.txt", DraftFormat::Plain),
            ("md", DraftFormat::Plain),
        ];
        for (path, format) in cases {
            assert_eq!(DraftFormat::from_path(Path::new(path)), format, "{path}");
        }
    }

    #[test]
    fn unknown_term_ids_say_why_and_what_is_near() {
        let linter = linter();
        let cases = [
            ("mercenaries", None),
            ("karabakh.en/mercenaries", None),
            ("attribution.en/claim", None),
            (
                "shusah",
                Some("no lexicon has a term with this id (did you mean `shusha`?)"),
            ),
            ("bogus", Some("no lexicon has a term with this id")),
            (
                "karabakh.en/doesnotexist",
                Some("lexicon `karabakh.en` has no term `doesnotexist`"),
            ),
            (
                "karabakh.eng/mercenaries",
                Some("no lexicon has the id `karabakh.eng` (did you mean `karabakh.en`?)"),
            ),
            (
                "loaded.en",
                Some("it is the id of a lexicon, not of a term"),
            ),
        ];
        for (id, why) in cases {
            assert_eq!(linter.unknown_term(id).as_deref(), why, "{id}");
        }
        // A bundled term is known to a linter without the bundled lexicons: a house style may
        // name it in a run that leaves them out.
        let none = Linter::new(LexiconSet::new(Vec::new()).unwrap(), Settings::default()).unwrap();
        assert_eq!(none.unknown_term("karabakh.ar/mercenaries"), None);
        assert!(none.unknown_term("mercenarys").is_some());
    }

    #[test]
    fn a_byte_order_mark_moves_nothing() {
        let linter = linter();
        let plain = linter.check("d.txt", "وصل المرتزقة.\n😀 المرتزقة", DraftFormat::Plain);
        let marked = linter.check(
            "d.txt",
            "\u{FEFF}وصل المرتزقة.\n😀 المرتزقة",
            DraftFormat::Plain,
        );
        assert_eq!(marked.findings.len(), 2);
        assert_eq!(marked, plain);
        let f = &marked.findings[0];
        assert_eq!(
            (f.line, f.column, f.byte_start, f.char_start, f.utf16_column),
            (1, 5, 7, 4, 5)
        );
    }

    #[test]
    fn ignore_comments_naming_no_term_are_problems() {
        let draft = "x\n<!-- framelens-ignore shusha mercenarys -->\nThe mercenaries of Shusha.\n";
        for format in [DraftFormat::Plain, DraftFormat::Markdown] {
            let checked = linter().check("d", draft, format);
            let found: Vec<(usize, &str)> = checked
                .findings
                .iter()
                .map(|f| (f.line, f.term.as_str()))
                .collect();
            assert_eq!(found, [(3, "mercenaries")]);
            assert_eq!(
                checked.problems,
                [Problem {
                    path: "d".to_string(),
                    line: 2,
                    column: 30,
                    message: "cannot ignore term `mercenarys`: no lexicon has a term with this id (did you mean `mercenaries`?)".to_string(),
                }]
            );
        }
    }
}

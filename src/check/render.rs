//! Printing findings: for people (`human`), for scripts (`json`), for editors and grep (`line`).
//!
//! The human format marks the match with a bracketed copy inside an excerpt of its line, which
//! stays readable in right-to-left Arabic (brackets are mirrored by the bidirectional algorithm)
//! where a caret line under the text would point at the wrong characters.
//!
//! ```
//! use framelens::check::{render, summarize, DraftFormat, Linter, Settings};
//! use framelens::lexicon::LexiconSet;
//! let linter = Linter::new(LexiconSet::bundled().unwrap(), Settings::default()).unwrap();
//! let checked = linter.check("d.txt", "وصل المرتزقة.", DraftFormat::Plain);
//! let line = render::line(&checked.findings);
//! assert!(line.starts_with("d.txt:1:5:warning:karabakh.ar/mercenaries:"));
//! ```

use std::fmt::Write as _;

use super::{Finding, Problem, Summary};
use crate::lexicon::Severity;

/// How to print for people.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    /// ANSI colours (the caller decides: a terminal, and no `NO_COLOR`).
    pub color: bool,
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.wrap(code, severity.as_str())
    }
}

/// Findings, each with its line marked, the suggestion and the explanation; then the summary.
pub fn human(findings: &[Finding], summary: &Summary, options: HumanOptions) -> String {
    let paint = Paint { on: options.color };
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}: {}[{}/{}]: {}",
            paint.wrap("1", &format!("{}:{}:{}", f.path, f.line, f.column)),
            paint.severity(f.severity),
            f.lexicon,
            f.term,
            f.message
        );
        let gutter = " ".repeat(f.line.to_string().len());
        let _ = writeln!(out, " {} | {}", f.line, excerpt(f, &paint));
        if !f.suggestions.is_empty() {
            let _ = writeln!(out, " {gutter} = instead: {}", f.suggestions.join("; "));
        }
        if !f.explanation.is_empty() {
            let _ = writeln!(out, " {gutter} = why: {}", f.explanation);
        }
        out.push('\n');
    }
    out.push_str(&summary_text(summary));
    out
}

/// The summary in sentences.
pub fn summary_text(summary: &Summary) -> String {
    let mut out = String::new();
    let files = if summary.files == 1 {
        "1 file".to_string()
    } else {
        format!("{} files", summary.files)
    };
    if summary.findings == 0 {
        let _ = writeln!(out, "No findings in {files}.");
    } else {
        let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
            .iter()
            .filter_map(|s| {
                let n = *summary.by_severity.get(s.as_str())?;
                let word = match (s, n) {
                    (Severity::Info, _) => "info".to_string(),
                    (_, 1) => s.as_str().to_string(),
                    _ => format!("{}s", s.as_str()),
                };
                Some(format!("{n} {word}"))
            })
            .collect();
        let noun = if summary.findings == 1 {
            "finding"
        } else {
            "findings"
        };
        let _ = writeln!(
            out,
            "{} {noun} in {files} ({}).",
            summary.findings,
            counts.join(", ")
        );
    }
    let _ = writeln!(out, "{}", summary.lean);
    if !summary.own_by_frame.is_empty() {
        let mut frames: Vec<(&String, &usize)> = summary.own_by_frame.iter().collect();
        frames.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let frames: Vec<String> = frames.iter().map(|(f, n)| format!("{f} {n}")).collect();
        let _ = writeln!(out, "By frame, own voice: {}.", frames.join(", "));
    }
    if !summary.own_distancing_toward.is_empty() {
        let toward: Vec<String> = summary
            .own_distancing_toward
            .iter()
            .map(|(side, n)| match summary.side_labels.get(side) {
                Some(label) => format!("{n} toward the {label}"),
                None if side.is_empty() => format!("{n} toward a speaker of no known side"),
                None => format!("{n} toward {side}"),
            })
            .collect();
        let _ = writeln!(
            out,
            "Distancing attributions, own voice: {}.",
            toward.join(", ")
        );
    }
    out
}

/// The match in brackets within its line's context.
fn excerpt(f: &Finding, paint: &Paint) -> String {
    let matched = f.matched.split(['\n', '\r']).next().unwrap_or_default();
    format!(
        "{}{}{}",
        f.before,
        paint.wrap("1", &format!("[{matched}]")),
        f.after
    )
}

/// `{"findings": [...], "problems": [...], "summary": {...}}`, pretty-printed.
pub fn json(findings: &[Finding], problems: &[Problem], summary: &Summary) -> String {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        findings: &'a [Finding],
        problems: &'a [Problem],
        summary: &'a Summary,
    }
    let document = Document {
        findings,
        problems,
        summary,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("findings serialize");
    text.push('\n');
    text
}

/// One finding per line: `path:line:col:severity:lexicon/term:message`.
pub fn line(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}:{}:{}:{}/{}:{}",
            f.path, f.line, f.column, f.severity, f.lexicon, f.term, f.message
        );
    }
    out
}

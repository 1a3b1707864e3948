//! `.framelens.toml`: a newsroom's house style for `framelens check`, committed beside its drafts.
//!
//! The file is looked for in the draft's folder and then in each parent; the nearest wins.
//! Paths in it are relative to the file. Command-line flags override it. Term ids are kept with
//! their place in the file, so that one no lexicon has is reported there ([`Config::check_terms`]).
//!
//! ```toml
//! lexicons = ["house-terms.toml"]     # added to the bundled lexicons
//! no_default_lexicons = false
//! exclude_lexicons = ["loaded.en"]    # leave bundled lexicons out by id
//! disable = ["stepanakert", "karabakh.ar/shusha"]
//! fail_on = "error"                   # info | warning | error | never
//! voice = "all"                       # all | own
//! lower_quoted = true                 # quoted/reported findings one severity lower
//!
//! [severity]
//! "karabakh.ar/mercenaries" = "error"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{FailOn, VoiceFilter};
use crate::lexicon::{Diagnostic, Severity};
use crate::text::LineIndex;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = ".framelens.toml";

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read.
    // The cause is the error's source, which `{:#}` prints after this; not here too.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// It has a mistake.
    #[error("{0}")]
    Invalid(Diagnostic),
    /// It names terms that no lexicon has (a typo would silently report them after all).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    UnknownTerms(Vec<Diagnostic>),
}

/// A term id as written in a configuration file (`term` or `lexicon/term`), and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermRef {
    /// The id.
    pub id: String,
    /// 1-based line of the id in the file.
    pub line: usize,
    /// 1-based column of the id in the file, in characters.
    pub column: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    lexicons: Vec<String>,
    no_default_lexicons: Option<bool>,
    #[serde(default)]
    exclude_lexicons: Vec<String>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    voice: Option<Spanned<String>>,
    lower_quoted: Option<bool>,
}

/// A parsed `.framelens.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Where it was found.
    pub path: PathBuf,
    /// Lexicon files or folders, resolved against the file's folder.
    pub lexicons: Vec<PathBuf>,
    /// Use only `lexicons`.
    pub no_default_lexicons: bool,
    /// Lexicon ids to leave out.
    pub exclude_lexicons: Vec<String>,
    /// Term ids (`term` or `lexicon/term`) not to report.
    pub disable: Vec<TermRef>,
    /// Severity overrides by term id.
    pub severity: Vec<(TermRef, Severity)>,
    /// The failing level.
    pub fail_on: Option<FailOn>,
    /// Which voices to report.
    pub voice: Option<VoiceFilter>,
    /// Whether quoted and reported findings drop one severity.
    pub lower_quoted: Option<bool>,
}

impl Config {
    /// Finds the nearest `.framelens.toml` from `dir` upward and reads it.
    pub fn discover(dir: &Path) -> Result<Option<Config>, ConfigError> {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        for folder in dir.ancestors() {
            let candidate = folder.join(CONFIG_FILE);
            if candidate.is_file() {
                return Config::read(&candidate).map(Some);
            }
        }
        Ok(None)
    }

    /// Reads one configuration file.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let source = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &source)
    }

    /// Parses configuration text; `path` names it in messages and anchors relative paths.
    pub fn parse(path: &Path, source: &str) -> Result<Config, ConfigError> {
        let origin = path.display().to_string();
        let invalid = |byte: usize, message: String| {
            ConfigError::Invalid(Diagnostic::at(&origin, source, byte, message))
        };
        let raw: Raw = toml::from_str(source).map_err(|e| {
            invalid(
                e.span().map_or(0, |s| s.start),
                e.message().trim_end().to_string(),
            )
        })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let lines = LineIndex::new(source);
        let term = |id: Spanned<String>| {
            // A quoted key or string starts one character before its text.
            let mut start = id.span().start;
            if source[start..].starts_with(['"', '\'']) {
                start += 1;
            }
            let at = lines.position(source, start);
            TermRef {
                id: id.into_inner(),
                line: at.line,
                column: at.column,
            }
        };
        let mut severity = Vec::new();
        for (id, level) in raw.severity {
            let parsed = Severity::parse(level.get_ref()).ok_or_else(|| {
                invalid(
                    level.span().start,
                    format!(
                        "unknown severity `{}` for `{}` (expected info, warning or error)",
                        level.get_ref(),
                        id.get_ref()
                    ),
                )
            })?;
            severity.push((term(id), parsed));
        }
        let fail_on = match raw.fail_on {
            None => None,
            Some(v) => Some(FailOn::parse(v.get_ref()).ok_or_else(|| {
                invalid(
                    v.span().start,
                    format!(
                        "unknown fail_on `{}` (expected info, warning, error or never)",
                        v.get_ref()
                    ),
                )
            })?),
        };
        let voice = match raw.voice {
            None => None,
            Some(v) => Some(VoiceFilter::parse(v.get_ref()).ok_or_else(|| {
                invalid(
                    v.span().start,
                    format!("unknown voice `{}` (expected all or own)", v.get_ref()),
                )
            })?),
        };
        Ok(Config {
            path: path.to_path_buf(),
            lexicons: raw.lexicons.iter().map(|p| folder.join(p)).collect(),
            no_default_lexicons: raw.no_default_lexicons.unwrap_or(false),
            exclude_lexicons: raw.exclude_lexicons,
            disable: raw.disable.into_iter().map(term).collect(),
            severity,
            fail_on,
            voice,
            lower_quoted: raw.lower_quoted,
        })
    }

    /// Every term id of `disable` and `[severity]` that `unknown` finds no term for (it says
    /// why: [`Linter::unknown_term`](super::Linter::unknown_term)), located in this file.
    pub fn check_terms(&self, unknown: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let origin = self.path.display().to_string();
        let named = self.disable.iter().map(|t| (t, "disable")).chain(
            self.severity
                .iter()
                .map(|(t, _)| (t, "set the severity of")),
        );
        let mut mistakes: Vec<Diagnostic> = named
            .filter_map(|(term, what)| {
                let reason = unknown(&term.id)?;
                Some(Diagnostic {
                    origin: origin.clone(),
                    line: term.line,
                    column: term.column,
                    message: format!("cannot {what} term `{}`: {reason}", term.id),
                })
            })
            .collect();
        if mistakes.is_empty() {
            return Ok(());
        }
        mistakes.sort_by_key(|d| (d.line, d.column));
        Err(ConfigError::UnknownTerms(mistakes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_house_style() {
        let source = r#"
lexicons = ["house.toml"]
disable = ["stepanakert"]
fail_on = "error"
voice = "own"

[severity]
"karabakh.ar/mercenaries" = "error"
"#;
        let config = Config::parse(Path::new("news/.framelens.toml"), source).unwrap();
        assert_eq!(config.lexicons, [PathBuf::from("news/house.toml")]);
        let at = |id: &str, line, column| TermRef {
            id: id.to_string(),
            line,
            column,
        };
        assert_eq!(config.disable, [at("stepanakert", 3, 13)]);
        assert_eq!(config.fail_on, Some(FailOn::Error));
        assert_eq!(config.voice, Some(VoiceFilter::Own));
        assert_eq!(
            config.severity,
            [(at("karabakh.ar/mercenaries", 8, 2), Severity::Error)]
        );
    }

    #[test]
    fn unknown_term_ids_are_located() {
        let source =
            "disable = [\"ok\", \"typo\"]\n[severity]\n'also-typo' = \"error\"\nok = \"info\"\n";
        let config = Config::parse(Path::new("x/.framelens.toml"), source).unwrap();
        let unknown = |id: &str| id.contains("typo").then(|| "no such term".to_string());
        assert_eq!(
            config.check_terms(unknown).unwrap_err().to_string(),
            "x/.framelens.toml:1:19: cannot disable term `typo`: no such term\n\
             x/.framelens.toml:3:2: cannot set the severity of term `also-typo`: no such term"
        );
        assert!(config.check_terms(|_| None).is_ok());
    }

    #[test]
    fn mistakes_are_located() {
        let cases = [
            (
                "fail_on = \"sometimes\"\n",
                "x/.framelens.toml:1:11: unknown fail_on `sometimes` (expected info, warning, error or never)",
            ),
            (
                "disable = [\"a\"]\nlexicon = []\n",
                "x/.framelens.toml:2:1: unknown field `lexicon`, expected one of `lexicons`, `no_default_lexicons`, `exclude_lexicons`, `disable`, `severity`, `fail_on`, `voice`, `lower_quoted`",
            ),
            (
                "[severity]\nx = \"loud\"\n",
                "x/.framelens.toml:2:5: unknown severity `loud` for `x` (expected info, warning or error)",
            ),
        ];
        for (source, expected) in cases {
            let error = Config::parse(Path::new("x/.framelens.toml"), source).unwrap_err();
            assert_eq!(error.to_string(), expected);
        }
    }
}

//! Reading annotated text (gold spans) in the two formats researchers have at hand.
//!
//! - `armpro`: JSON Lines, one paragraph per line: `{"paragraph": "...", "labels": [{"technique":
//!   "Loaded_Language", "text": "...", "start": 73, "end": 83}, ...]}` (ArMPro / ArAIEval).
//! - `ptc`: a folder with `labels.tsv` (`ID TAB technique TAB start TAB end`) and the articles as
//!   `articles/article<ID>.txt` or `article<ID>.txt` (SemEval-2020 Task 11, "PTC").
//!
//! Offsets in both are counted in characters (Unicode scalar values), not bytes. Every mistake is
//! an error naming the file and line; nothing is skipped.
//!
//! ```
//! use framelens::evaluate::Gold;
//! let line = r#"{"paragraph": "قصف وحشي", "labels": [{"technique": "Loaded_Language", "start": 4, "end": 8}]}"#;
//! let gold = Gold::parse_armpro("example.jsonl", line).unwrap();
//! assert_eq!(gold.documents[0].spans[0].text(&gold.documents[0].text), "وحشي");
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The format of a gold file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoldFormat {
    /// JSON Lines of paragraphs with labels (ArMPro).
    Armpro,
    /// A folder of articles and a `labels.tsv` (PTC).
    Ptc,
}

impl GoldFormat {
    /// The spelling on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GoldFormat::Armpro => "armpro",
            GoldFormat::Ptc => "ptc",
        }
    }
}

impl fmt::Display for GoldFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One annotated span, in character offsets into its document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldSpan {
    /// The technique as the annotation spells it (`Name_Calling,Labeling`).
    pub technique: String,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The line of the gold file it came from, for messages.
    pub line: usize,
}

impl GoldSpan {
    /// The annotated text, cut from the document's text by character offsets.
    pub fn text<'t>(&self, document: &'t str) -> &'t str {
        let byte = |n: usize| {
            document
                .char_indices()
                .nth(n)
                .map_or(document.len(), |(i, _)| i)
        };
        &document[byte(self.start)..byte(self.end)]
    }
}

/// One annotated text: a paragraph or an article.
#[derive(Clone, Debug)]
pub struct GoldDocument {
    /// The paragraph id, article id, or `line N`.
    pub id: String,
    /// The text the offsets refer to.
    pub text: String,
    /// Its annotations (all techniques), in file order.
    pub spans: Vec<GoldSpan>,
}

/// A set of annotated texts.
#[derive(Clone, Debug)]
pub struct Gold {
    /// Where it was read from.
    pub origin: String,
    /// The format it was read in.
    pub format: GoldFormat,
    /// The texts, in file order (ArMPro) or article-id order (PTC).
    pub documents: Vec<GoldDocument>,
}

/// Why gold annotations could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// A file or folder could not be read (the cause is the error's source).
    #[error("cannot read {}", path.display())]
    Read {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of a gold file is wrong.
    #[error("{file}:{line}{}: {message}", column.map_or(String::new(), |c| format!(":{c}")))]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, where the mistake is inside the line's JSON.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The gold holds no text to evaluate on.
    #[error("{origin}: {message}")]
    Empty {
        /// The file or folder.
        origin: String,
        /// What is missing.
        message: String,
    },
}

#[derive(Deserialize)]
struct ArmproLine {
    paragraph: String,
    labels: Vec<ArmproLabel>,
    #[serde(default)]
    paragraph_id: Option<String>,
}

#[derive(Deserialize)]
struct ArmproLabel {
    technique: String,
    start: usize,
    end: usize,
    #[serde(default)]
    text: Option<String>,
}

impl Gold {
    /// Reads gold annotations in `format` from `path` (a JSONL file for `armpro`; a folder, or its
    /// `labels.tsv`, for `ptc`).
    pub fn read(path: &Path, format: GoldFormat) -> Result<Gold, GoldError> {
        match format {
            GoldFormat::Armpro => {
                let source = read(path)?;
                Gold::parse_armpro(&path.display().to_string(), &source)
            }
            GoldFormat::Ptc => read_ptc(path),
        }
    }

    /// Parses ArMPro JSON Lines; `origin` names the file in messages. Blank lines are allowed.
    pub fn parse_armpro(origin: &str, source: &str) -> Result<Gold, GoldError> {
        let invalid = |line: usize, message: String| GoldError::Invalid {
            file: origin.to_string(),
            line,
            column: None,
            message,
        };
        let mut documents = Vec::new();
        for (index, raw) in source.lines().enumerate() {
            let line = index + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let parsed: ArmproLine = serde_json::from_str(raw).map_err(|e| {
                // serde_json counts lines inside this one line; the file's line is ours.
                let text = e.to_string();
                let message = text
                    .rsplit_once(" at line ")
                    .map_or(text.as_str(), |(m, _)| m);
                GoldError::Invalid {
                    file: origin.to_string(),
                    line,
                    column: Some(e.column()),
                    message: format!("not an ArMPro paragraph: {message}"),
                }
            })?;
            let chars = parsed.paragraph.chars().count();
            let mut spans = Vec::with_capacity(parsed.labels.len());
            for (n, label) in parsed.labels.into_iter().enumerate() {
                let span = GoldSpan {
                    technique: label.technique,
                    start: label.start,
                    end: label.end,
                    line,
                };
                check_span(&span, chars)
                    .map_err(|m| invalid(line, format!("label {}: {m}", n + 1)))?;
                // The text is a check on the offsets: a mismatch means they are bytes, or
                // refer to another version of the paragraph, and every score would be wrong.
                if let Some(text) = &label.text {
                    let cut = span.text(&parsed.paragraph);
                    if cut != text {
                        return Err(invalid(
                            line,
                            format!(
                                "label {}: text {text:?} is not the paragraph's characters {}..{} ({cut:?})",
                                n + 1,
                                span.start,
                                span.end
                            ),
                        ));
                    }
                }
                spans.push(span);
            }
            documents.push(GoldDocument {
                id: parsed
                    .paragraph_id
                    .unwrap_or_else(|| format!("line {line}")),
                text: parsed.paragraph,
                spans,
            });
        }
        if documents.is_empty() {
            return Err(GoldError::Empty {
                origin: origin.to_string(),
                message: "no paragraphs".to_string(),
            });
        }
        Ok(Gold {
            origin: origin.to_string(),
            format: GoldFormat::Armpro,
            documents,
        })
    }
}

impl Gold {
    /// The distinct technique names of the gold, in order of first appearance.
    pub fn techniques(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for span in self.documents.iter().flat_map(|d| &d.spans) {
            if !out.contains(&span.technique) {
                out.push(span.technique.clone());
            }
        }
        out
    }

    /// Gold spans in all documents.
    pub fn span_count(&self) -> usize {
        self.documents.iter().map(|d| d.spans.len()).sum()
    }
}

fn read(path: &Path) -> Result<String, GoldError> {
    std::fs::read_to_string(path).map_err(|source| GoldError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// An empty or reversed span, or one past the end of the text, is a mistake in the gold.
fn check_span(span: &GoldSpan, chars: usize) -> Result<(), String> {
    if span.start >= span.end {
        return Err(format!(
            "span {}..{} is empty or reversed",
            span.start, span.end
        ));
    }
    if span.end > chars {
        return Err(format!(
            "span {}..{} ends after the text ({chars} characters)",
            span.start, span.end
        ));
    }
    Ok(())
}

/// PTC: `labels.tsv` next to `articles/` (or next to the article files themselves).
fn read_ptc(path: &Path) -> Result<Gold, GoldError> {
    let metadata = std::fs::metadata(path).map_err(|source| GoldError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (folder, labels_path) = if metadata.is_dir() {
        (path.to_path_buf(), path.join("labels.tsv"))
    } else {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (folder, path.to_path_buf())
    };
    let articles_folder = if folder.join("articles").is_dir() {
        folder.join("articles")
    } else {
        folder.clone()
    };
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let listing_error = |source| GoldError::Read {
        path: articles_folder.clone(),
        source,
    };
    for entry in std::fs::read_dir(&articles_folder).map_err(listing_error)? {
        let file = entry.map_err(listing_error)?.path();
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(id) = name
            .strip_prefix("article")
            .and_then(|rest| rest.strip_suffix(".txt"))
            .filter(|id| !id.is_empty())
        {
            texts.insert(id.to_string(), read(&file)?);
        }
    }
    let origin = folder.display().to_string();
    if texts.is_empty() {
        return Err(GoldError::Empty {
            origin,
            message: format!("no article<ID>.txt files in {}", articles_folder.display()),
        });
    }
    let labels_file = labels_path.display().to_string();
    let labels = read(&labels_path)?;
    let chars: BTreeMap<&str, usize> = texts
        .iter()
        .map(|(id, text)| (id.as_str(), text.chars().count()))
        .collect();
    let mut spans: BTreeMap<String, Vec<GoldSpan>> = BTreeMap::new();
    for (index, raw) in labels.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let invalid = |message: String| GoldError::Invalid {
            file: labels_file.clone(),
            line,
            column: None,
            message,
        };
        let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
        let [id, technique, start, end] = fields[..] else {
            return Err(invalid(format!(
                "expected 4 tab-separated fields (ID, technique, start, end), found {}",
                fields.len()
            )));
        };
        let offset = |field: &str, name: &str| {
            field
                .parse::<usize>()
                .map_err(|_| invalid(format!("{name} `{field}` is not a character offset")))
        };
        let span = GoldSpan {
            technique: technique.to_string(),
            start: offset(start, "start")?,
            end: offset(end, "end")?,
            line,
        };
        let Some(&length) = chars.get(id) else {
            return Err(invalid(format!(
                "no article{id}.txt in {}",
                articles_folder.display()
            )));
        };
        check_span(&span, length).map_err(|m| invalid(format!("article {id}: {m}")))?;
        spans.entry(id.to_string()).or_default().push(span);
    }
    let documents = texts
        .into_iter()
        .map(|(id, text)| GoldDocument {
            spans: spans.remove(&id).unwrap_or_default(),
            id,
            text,
        })
        .collect();
    Ok(Gold {
        origin,
        format: GoldFormat::Ptc,
        documents,
    })
}

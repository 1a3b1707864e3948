//! Metadata about articles: the folder manifest (`corpus.toml`) and per-file front matter.
//!
//! A manifest describes a folder of texts: outlets (display name, country, language, notes),
//! named events, per-file metadata, and extra furniture lines for the cleaner. A file's own
//! front matter (TOML between `+++` lines or YAML between `---` lines) wins over the manifest
//! for that file.
//!
//! ```
//! use framelens::corpus::meta::{parse_manifest, split_front_matter};
//!
//! let (manifest, problems) = parse_manifest(
//!     "corpus.toml",
//!     "[outlets.ap]\nname = \"AP\"\n\n[files.\"a.txt\"]\ndate = \"2020-10-24\"\noutlet = \"ap\"\n",
//! )
//! .unwrap();
//! assert!(problems.is_empty());
//! assert_eq!(manifest.files["a.txt"].1.outlet.as_deref(), Some("ap"));
//!
//! let split = split_front_matter("+++\ntitle = \"T\"\n+++\nBody\n").unwrap().unwrap();
//! assert_eq!(split.body, "Body\n");
//! assert_eq!(split.body_line, 4);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::dates::parse_date;
use super::fields::{Field, FieldMap};
use super::{Problem, Skipped};
use crate::text::LineIndex;

/// A news outlet, as a manifest describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Outlet {
    /// The key articles use (`outlet = "unnamed-afp"`).
    pub id: String,
    /// The name to show; the id when the manifest gives none.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A named event, as a manifest describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EventInfo {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A date given as metadata, before it is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetaDate {
    pub value: String,
    /// Which metadata gave it: `corpus.toml`, `front matter`, `field date_extracted`.
    pub origin: String,
}

/// What metadata says about one article. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub id: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub event: Option<String>,
    pub date: Option<MetaDate>,
    /// Wire agencies the article credits for its text (`AFP`).
    pub credits: Vec<String>,
    /// Sources the article cites (`Reuters`, `BBC`).
    pub cites: Vec<String>,
    pub notes: Vec<String>,
}

impl Metadata {
    /// Lays `over` on top of `self`: every field `over` sets wins.
    pub fn overlay(&mut self, over: Metadata) {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(id, outlet, title, url, language, event, date);
        if !over.credits.is_empty() {
            self.credits = over.credits;
        }
        if !over.cites.is_empty() {
            self.cites = over.cites;
        }
        self.notes.extend(over.notes);
    }
}

/// A folder's `corpus.toml`, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Furniture lines added to the shipped lists for this folder's files.
    pub furniture: Vec<String>,
    pub outlets: BTreeMap<String, Outlet>,
    pub events: BTreeMap<String, EventInfo>,
    /// Per-file metadata by path relative to the folder (`/`-separated), with the line of the
    /// entry in the manifest.
    pub files: BTreeMap<String, (usize, Metadata)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    cleaning: RawCleaning,
    #[serde(default)]
    outlets: BTreeMap<String, RawOutlet>,
    #[serde(default)]
    events: BTreeMap<String, RawEvent>,
    #[serde(default)]
    files: BTreeMap<String, Spanned<RawFile>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCleaning {
    #[serde(default)]
    furniture: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutlet {
    name: Option<String>,
    country: Option<String>,
    language: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    title: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: Option<String>,
    date: Option<Spanned<RawDate>>,
    outlet: Option<Spanned<String>>,
    title: Option<String>,
    url: Option<String>,
    language: Option<String>,
    event: Option<Spanned<String>>,
    #[serde(default)]
    credits: Vec<String>,
    #[serde(default)]
    cites: Vec<String>,
    notes: Option<String>,
}

/// A date in TOML: quoted (`"2020-10-24"`) or a TOML date (`2020-10-24`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Toml(toml::value::Datetime),
}

impl RawDate {
    fn text(&self) -> String {
        match self {
            RawDate::Text(s) => s.clone(),
            RawDate::Toml(d) => d.to_string(),
        }
    }
}

/// Reads a manifest. A manifest that is not valid TOML, or has keys the format does not know,
/// is an `Err` (the folder cannot be read as its author meant); mistakes in single values
/// (a date that is no date, an outlet or event not defined) are problems returned alongside.
pub fn parse_manifest(path: &str, source: &str) -> Result<(Manifest, Vec<Problem>), Problem> {
    let lines = LineIndex::new(source);
    let line_of = |byte: usize| lines.position(source, byte.min(source.len())).line;
    let raw: RawManifest = toml::from_str(source).map_err(|e| Problem {
        path: path.to_string(),
        line: e.span().map(|s| line_of(s.start)),
        message: format!("invalid manifest: {}", e.message().trim_end()),
        skipped: Skipped::File,
    })?;
    let mut problems = Vec::new();
    let mut problem = |byte: usize, message: String| {
        problems.push(Problem {
            path: path.to_string(),
            line: Some(line_of(byte)),
            message,
            skipped: Skipped::Value,
        })
    };

    let outlets: BTreeMap<String, Outlet> = raw
        .outlets
        .into_iter()
        .map(|(id, o)| {
            let outlet = Outlet {
                name: o.name.unwrap_or_else(|| id.clone()),
                id: id.clone(),
                country: o.country,
                language: o.language,
                notes: o.notes,
            };
            (id, outlet)
        })
        .collect();
    let events: BTreeMap<String, EventInfo> = raw
        .events
        .into_iter()
        .map(|(id, e)| {
            let info = EventInfo {
                id: id.clone(),
                title: e.title,
                notes: e.notes,
            };
            (id, info)
        })
        .collect();

    let mut files = BTreeMap::new();
    for (name, entry) in raw.files {
        let line = line_of(entry.span().start);
        let f = entry.into_inner();
        let date = f.date.and_then(|d| {
            let value = d.get_ref().text();
            if parse_date(&value).is_some() {
                Some(MetaDate {
                    value,
                    origin: "corpus.toml".to_string(),
                })
            } else {
                problem(
                    d.span().start,
                    format!("`{value}` is not a date (files.\"{name}\"); the text's date is used"),
                );
                None
            }
        });
        if let Some(outlet) = &f.outlet
            && !outlets.is_empty()
            && !outlets.contains_key(outlet.get_ref())
        {
            problem(
                outlet.span().start,
                format!(
                    "outlet `{}` is not defined under [outlets]; it is used as a name",
                    outlet.get_ref()
                ),
            );
        }
        if let Some(event) = &f.event
            && !events.contains_key(event.get_ref())
        {
            problem(
                event.span().start,
                format!(
                    "event `{}` is not defined under [events]; it is used as an id",
                    event.get_ref()
                ),
            );
        }
        let meta = Metadata {
            id: f.id,
            outlet: f.outlet.map(Spanned::into_inner),
            title: f.title,
            url: f.url,
            language: f.language,
            event: f.event.map(Spanned::into_inner),
            date,
            credits: f.credits,
            cites: f.cites,
            notes: f.notes.into_iter().collect(),
        };
        files.insert(name, (line, meta));
    }
    let manifest = Manifest {
        furniture: raw.cleaning.furniture,
        outlets,
        events,
        files,
    };
    Ok((manifest, problems))
}

/// The syntax of a file's front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontMatterKind {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines (closed by `---` or `...`).
    Yaml,
}

/// A file split into front matter and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub kind: FrontMatterKind,
    /// The front matter's text, without its fences.
    pub front_matter: &'a str,
    /// The line (1-based) where the front matter's text starts.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// The line (1-based) of the file where the body starts.
    pub body_line: usize,
}

/// Splits front matter off a file. `Ok(None)` when the file has none; `Err((line, message))`
/// when it opens front matter and never closes it.
pub fn split_front_matter(text: &str) -> Result<Option<Split<'_>>, LineError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let kind = match text[..first_end].trim_end() {
        "+++" => FrontMatterKind::Toml,
        "---" => FrontMatterKind::Yaml,
        _ => return Ok(None),
    };
    let start = (first_end + 1).min(text.len());
    let mut offset = start;
    for (line, raw) in (2..).zip(text[start..].split_inclusive('\n')) {
        let content = raw.trim_end();
        let closes = match kind {
            FrontMatterKind::Toml => content == "+++",
            FrontMatterKind::Yaml => content == "---" || content == "...",
        };
        if closes {
            return Ok(Some(Split {
                kind,
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + raw.len()..],
                body_line: line + 1,
            }));
        }
        offset += raw.len();
    }
    let fence = if kind == FrontMatterKind::Toml {
        "+++"
    } else {
        "---"
    };
    Err((
        1,
        format!("front matter opened with `{fence}` is never closed"),
    ))
}

/// A mistake at a line of a file: (line, message).
pub type LineError = (usize, String);

/// A front matter value: text, or a list of texts.
enum Value {
    Text(String),
    List(Vec<String>),
    /// A table or mapping: front matter fields are flat.
    Nested,
}

/// Reads front matter into metadata, looking fields up through `fields` (so `source:` gives
/// the outlet, as in a record). `credits`, `cites` and `notes` are read by those names.
/// `Err((line, message))` when the front matter is not valid TOML or YAML.
pub fn read_front_matter(
    split: &Split<'_>,
    fields: &FieldMap,
) -> Result<(Metadata, Vec<LineError>), LineError> {
    let values = match split.kind {
        FrontMatterKind::Toml => toml_values(split)?,
        FrontMatterKind::Yaml => yaml_values(split)?,
    };
    let lookup = |name: &str| {
        values
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let mut problems = Vec::new();
    let mut text = |field: Field| -> Option<String> {
        let (name, value) = fields.pick(field, lookup)?;
        match value {
            Value::Text(s) if s.trim().is_empty() => None,
            Value::Text(s) => Some(s.clone()),
            Value::List(_) | Value::Nested => {
                problems.push((
                    split.front_matter_line,
                    format!("front matter `{name}` is not a single value; ignored"),
                ));
                None
            }
        }
    };
    let mut meta = Metadata {
        id: text(Field::Id),
        outlet: text(Field::Outlet),
        title: text(Field::Title),
        url: text(Field::Url),
        language: text(Field::Language),
        event: text(Field::Event),
        ..Metadata::default()
    };
    if let Some(value) = text(Field::Date) {
        if parse_date(&value).is_some() {
            meta.date = Some(MetaDate {
                value,
                origin: "front matter".to_string(),
            });
        } else {
            problems.push((
                split.front_matter_line,
                format!("front matter date `{value}` is not a date; the text's date is used"),
            ));
        }
    }
    let list = |name: &str| match lookup(name) {
        Some(Value::Text(s)) => vec![s.clone()],
        Some(Value::List(l)) => l.clone(),
        _ => Vec::new(),
    };
    meta.credits = list("credits");
    meta.cites = list("cites");
    meta.notes = list("notes");
    Ok((meta, problems))
}

fn toml_values(split: &Split<'_>) -> Result<Vec<(String, Value)>, LineError> {
    let source = split.front_matter;
    let table: toml::Table = toml::from_str(source).map_err(|e| {
        let line = e
            .span()
            .map(|s| LineIndex::new(source).position(source, s.start).line)
            .unwrap_or(1);
        (
            split.front_matter_line + line - 1,
            format!("front matter is not valid TOML: {}", e.message().trim_end()),
        )
    })?;
    fn scalar(v: &toml::Value) -> Option<String> {
        match v {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Integer(i) => Some(i.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            toml::Value::Boolean(b) => Some(b.to_string()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            toml::Value::Array(_) | toml::Value::Table(_) => None,
        }
    }
    Ok(table
        .into_iter()
        .map(|(k, v)| {
            let value = match &v {
                toml::Value::Array(items) => Value::List(items.iter().filter_map(scalar).collect()),
                toml::Value::Table(_) => Value::Nested,
                other => Value::Text(scalar(other).unwrap_or_default()),
            };
            (k, value)
        })
        .collect())
}

fn yaml_values(split: &Split<'_>) -> Result<Vec<(String, Value)>, LineError> {
    use serde_norway::Value as Y;
    let value: Y = serde_norway::from_str(split.front_matter).map_err(|e| {
        let line = e.location().map(|l| l.line()).unwrap_or(1);
        (
            split.front_matter_line + line - 1,
            format!("front matter is not valid YAML: {e}"),
        )
    })?;
    fn scalar(v: &Y) -> Option<String> {
        match v {
            Y::String(s) => Some(s.clone()),
            Y::Number(n) => Some(n.to_string()),
            Y::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    let mapping = match value {
        Y::Mapping(m) => m,
        // An empty front matter block.
        Y::Null => return Ok(Vec::new()),
        _ => {
            return Err((
                split.front_matter_line,
                "front matter is not a YAML mapping of keys to values".to_string(),
            ));
        }
    };
    Ok(mapping
        .into_iter()
        .filter_map(|(k, v)| {
            let key = scalar(&k)?;
            let value = match &v {
                Y::Null => return None,
                Y::Sequence(items) => Value::List(items.iter().filter_map(scalar).collect()),
                Y::Mapping(_) | Y::Tagged(_) => Value::Nested,
                other => Value::Text(scalar(other).unwrap_or_default()),
            };
            Some((key, value))
        })
        .collect())
}

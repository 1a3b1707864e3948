//! Field mapping: which field of a record (a JSON key, a CSV column, a front matter key) holds
//! an article's text, outlet, date and the rest.
//!
//! Each [`Field`] has default names, tried in order (`text`, then `content`, then `body`); an
//! override (`--field text=content` on the command line) replaces them with one name. Names are
//! compared case-insensitively.
//!
//! ```
//! use framelens::corpus::fields::{Field, FieldMap};
//!
//! let mut fields = FieldMap::default();
//! assert_eq!(fields.names(Field::Date), ["date", "publish_date", "date_extracted"]);
//! fields.apply("text=article_body").unwrap();
//! assert_eq!(fields.names(Field::Text), ["article_body"]);
//! ```

use std::fmt;

use serde::Serialize;

/// A piece of an article that a record can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Id,
    Text,
    Outlet,
    Date,
    Title,
    Url,
    Language,
    Event,
}

impl Field {
    /// Every field, in a fixed order.
    pub const ALL: [Field; 8] = [
        Field::Id,
        Field::Text,
        Field::Outlet,
        Field::Date,
        Field::Title,
        Field::Url,
        Field::Language,
        Field::Event,
    ];

    /// The field's name on the command line (`--field outlet=media`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Text => "text",
            Field::Outlet => "outlet",
            Field::Date => "date",
            Field::Title => "title",
            Field::Url => "url",
            Field::Language => "language",
            Field::Event => "event",
        }
    }

    /// The field called `name` on the command line.
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The names tried when nothing is overridden.
    pub fn default_names(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id"],
            Field::Text => &["text", "content", "body"],
            Field::Outlet => &["outlet", "source", "media_name", "domain"],
            Field::Date => &["date", "publish_date", "date_extracted"],
            Field::Title => &["title"],
            Field::Url => &["url"],
            Field::Language => &["language", "lang"],
            Field::Event => &["event"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `--field` override that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldMapError {
    #[error("`{0}` is not FIELD=NAME (e.g. text=content)")]
    Syntax(String),
    #[error(
        "`{0}` is not a field; the fields are id, text, outlet, date, title, url, language, event"
    )]
    UnknownField(String),
}

/// The names looked up for every [`Field`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMap {
    names: Vec<(Field, Vec<String>)>,
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        FieldMap {
            names: Field::ALL
                .iter()
                .map(|&f| (f, f.default_names().iter().map(|n| n.to_string()).collect()))
                .collect(),
        }
    }
}

impl FieldMap {
    /// The names tried for `field`, in order.
    pub fn names(&self, field: Field) -> &[String] {
        self.names
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, n)| n.as_slice())
            .unwrap_or(&[])
    }

    /// Makes `name` the only name of `field`.
    pub fn set(&mut self, field: Field, name: &str) {
        if let Some((_, names)) = self.names.iter_mut().find(|(f, _)| *f == field) {
            *names = vec![name.to_string()];
        }
    }

    /// Applies an override written `FIELD=NAME`.
    pub fn apply(&mut self, spec: &str) -> Result<(), FieldMapError> {
        let (field, name) = spec
            .split_once('=')
            .map(|(f, n)| (f.trim(), n.trim()))
            .filter(|(f, n)| !f.is_empty() && !n.is_empty())
            .ok_or_else(|| FieldMapError::Syntax(spec.to_string()))?;
        let field = Field::parse(field).ok_or_else(|| FieldMapError::UnknownField(field.into()))?;
        self.set(field, name);
        Ok(())
    }

    /// The value of the first of `field`'s names that `lookup` finds, with that name.
    pub fn pick<V>(
        &self,
        field: Field,
        mut lookup: impl FnMut(&str) -> Option<V>,
    ) -> Option<(&str, V)> {
        self.names(field)
            .iter()
            .find_map(|name| lookup(name).map(|v| (name.as_str(), v)))
    }
}

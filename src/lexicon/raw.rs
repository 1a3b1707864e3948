//! The lexicon file as written: serde structures that mirror the TOML, with the source spans
//! validation needs for its messages. `deny_unknown_fields` everywhere: a misspelt key is a
//! mistake the author must hear about, not a silently ignored line.

use serde::Deserialize;
use toml::Spanned;

pub type Str = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub lexicon: Meta,
    #[serde(default)]
    pub sides: Vec<Side>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub frames: Vec<Frame>,
    #[serde(default)]
    pub terms: Vec<Term>,
    #[serde(default)]
    pub attribution: Vec<Attribution>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    pub speech: Option<Speech>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: Str,
    pub title: String,
    pub language: Str,
    pub version: String,
    pub description: String,
    #[serde(default)]
    pub sources: Vec<String>,
    pub normalization: Option<Str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    pub id: Str,
    pub label: String,
    pub opponent: Option<Str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: Str,
    pub label: String,
    pub side: Option<Str>,
    pub forms: Vec<Str>,
    pub affixes: Option<Str>,
    pub word_class: Option<Str>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<Exception>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    pub id: Str,
    pub label: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proximity {
    pub first: Vec<Str>,
    pub then: Vec<Str>,
    pub within: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    #[serde(default)]
    pub forms: Vec<Str>,
    pub followed_by: Option<Str>,
    pub preceded_by: Option<Str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: Str,
    pub label: Option<String>,
    #[serde(default)]
    pub forms: Vec<Str>,
    #[serde(default)]
    pub patterns: Vec<Str>,
    #[serde(default)]
    pub proximity: Vec<Spanned<Proximity>>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<Exception>>,
    pub favors: Option<Str>,
    pub actor_window: Option<usize>,
    pub actor_direction: Option<Str>,
    #[serde(default)]
    pub undone_by: Vec<Str>,
    #[serde(default)]
    pub cause_cues: Vec<Str>,
    pub frame: Option<Str>,
    pub severity: Option<Str>,
    pub weight: Option<f64>,
    #[serde(default)]
    pub neutral: Vec<String>,
    #[serde(default)]
    pub explanation: String,
    pub affixes: Option<Str>,
    pub word_class: Option<Str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    pub id: Str,
    pub label: Option<String>,
    #[serde(default)]
    pub forms: Vec<Str>,
    #[serde(default)]
    pub patterns: Vec<Str>,
    pub stance: Str,
    pub speech: Option<bool>,
    pub needs_complementizer: Option<bool>,
    pub actor_window: Option<usize>,
    pub actor_direction: Option<Str>,
    pub frame: Option<Str>,
    pub severity: Option<Str>,
    pub weight: Option<f64>,
    #[serde(default)]
    pub neutral: Vec<String>,
    #[serde(default)]
    pub explanation: String,
    pub affixes: Option<Str>,
    pub word_class: Option<Str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: Str,
    pub label: String,
    pub variants: Vec<Spanned<Variant>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: Option<Str>,
    pub label: Option<String>,
    pub term: Option<Str>,
    #[serde(default)]
    pub forms: Vec<Str>,
    pub side: Option<Str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speech {
    pub complementizers: Vec<Str>,
    #[serde(default)]
    pub complementizer_optional: bool,
    pub max_gap: Option<usize>,
    #[serde(default)]
    pub not_after: Vec<Str>,
    #[serde(default)]
    pub postposed: bool,
}

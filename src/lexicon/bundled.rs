//! The shipped lexicons, compiled into the binary so `framelens` works from any folder.

use super::{Lexicon, LexiconError};

/// (name, TOML) of every bundled lexicon, in priority order: topic lexicons before the generic
/// ones, so a topic's more specific reading of a word wins.
pub const FILES: &[(&str, &str)] = &[
    (
        "lexicons/karabakh.ar.toml",
        include_str!("../../lexicons/karabakh.ar.toml"),
    ),
    (
        "lexicons/karabakh.en.toml",
        include_str!("../../lexicons/karabakh.en.toml"),
    ),
    (
        "lexicons/attribution.ar.toml",
        include_str!("../../lexicons/attribution.ar.toml"),
    ),
    (
        "lexicons/attribution.en.toml",
        include_str!("../../lexicons/attribution.en.toml"),
    ),
    (
        "lexicons/loaded.ar.toml",
        include_str!("../../lexicons/loaded.ar.toml"),
    ),
    (
        "lexicons/loaded.en.toml",
        include_str!("../../lexicons/loaded.en.toml"),
    ),
];

/// Parses every bundled lexicon.
pub fn lexicons() -> Result<Vec<Lexicon>, LexiconError> {
    FILES
        .iter()
        .map(|(name, source)| Lexicon::parse(name, source))
        .collect()
}

//! Helpers the matcher's test crates share (each file under `tests/` is a crate of its own, so
//! they come in as `mod common;`).

// Each crate uses only some of these.
#![allow(dead_code)]

use std::sync::OnceLock;

use framelens::lexicon::LexiconSet;
use framelens::matcher::{Analysis, Matcher};

/// The matcher of every bundled lexicon, compiled once per test crate.
pub fn bundled() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        Matcher::new(&LexiconSet::bundled().expect("bundled lexicons load")).unwrap()
    })
}

/// Every hit of `analysis` as `term[matched]`, for the message of a test that did not find
/// the one it looked for.
pub fn hit_list(analysis: &Analysis) -> Vec<String> {
    analysis
        .hits
        .iter()
        .map(|h| format!("{}[{}]", h.term, h.matched))
        .collect()
}

//! framelens shows how news outlets frame the same events.
//!
//! Lexicons ([`lexicon`]) say which words are loaded and which side of a conflict their use
//! favors; the [`matcher`] finds every such word in a text, with its exact place, voice and
//! resolved side; the text module ([`text`]) does the Arabic-aware normalization and segmentation
//! underneath. The [`corpus`] module reads corpora (folders, JSONL, JSON, CSV) into cleaned,
//! dated articles and groups them into events. [`kwic`] shows hits in their context;
//! [`score::discover`] finds the words that distinguish outlets, sides or events.
//!
//! ```
//! use framelens::lexicon::LexiconSet;
//! use framelens::matcher::Matcher;
//!
//! let lexicons = LexiconSet::bundled().unwrap();
//! let matcher = Matcher::new(&lexicons).unwrap();
//! let analysis = matcher.analyze("ويقول المسؤولون الأرمن إن تركيا ترسل مرتزقة سوريين.");
//! let hit = analysis.hits.iter().find(|h| h.term.as_ref() == "mercenaries").unwrap();
//! assert_eq!(hit.matched, "مرتزقة");
//! assert_eq!(hit.voice.as_str(), "reported");
//! ```

pub mod affix;
pub mod check;
pub mod corpus;
pub mod evaluate;
pub mod kwic;
pub mod lexicon;
pub mod matcher;
pub mod output;
pub mod report;
pub mod score;
pub mod stats;
pub mod text;

//! Scoring a corpus: per-article records, the mergeable aggregate, and the figures.
//!
//! [`Scorer`] runs the matcher over articles (in parallel, records in input order) and builds an
//! [`Aggregate`]; aggregates of shards [`Aggregate::merge`] exactly into the aggregate of the
//! whole; [`figures::compute`] turns an aggregate into everything a report shows, with the
//! statistics of [`crate::stats`].
//!
//! ```
//! use framelens::corpus::{Corpus, ReadOptions};
//! use framelens::lexicon::LexiconSet;
//! use framelens::matcher::Matcher;
//! use framelens::score::{ScoreOptions, Scorer, figures};
//!
//! let set = LexiconSet::bundled().unwrap();
//! let matcher = Matcher::new(&set).unwrap();
//! let corpus = Corpus::read(&ReadOptions::default());
//! let aggregate = Scorer::new(&set, &matcher).score_articles(&corpus.articles, &ScoreOptions::default());
//! assert_eq!(aggregate.articles.len(), 5);
//! let figures = figures::compute(&aggregate, &set, &matcher);
//! assert_eq!(figures.corpus.articles, 5);
//! ```

mod aggregate;
mod batch;
pub mod csv;
pub mod discover;
pub mod figures;
mod jsonl;
mod record;
mod run;
mod words;

pub use aggregate::{
    AGGREGATE_SCHEMA, Aggregate, AggregateError, InputStamp, LexiconStamp, Reading, merge_parts,
    sha256_hex, stamp_inputs,
};
pub use batch::{DEFAULT_BATCH, map_articles};
pub use jsonl::write_record;
pub use record::{ArticleScore, Counts, HitRecord, Kind, RecordView};
pub use run::{ScoreOptions, Scorer};
pub use words::{Group, Ngrams, Selection, WordCounts};

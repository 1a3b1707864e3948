//! Scoring a corpus: articles matched in parallel, records given out in input order.
//!
//! Articles are read in order, then cleaned, matched and counted in parallel chunks (through
//! [`super::map_articles`], which reads ahead while the threads work); records are handed to
//! the caller in input order, so memory holds a few chunks, whatever the corpus size, and
//! output does not depend on the number of threads.

use std::collections::HashMap;

use rayon::prelude::*;

use super::aggregate::{Aggregate, Reading};
use super::batch::{DEFAULT_BATCH, map_articles};
use super::record::{ArticleScore, RecordView};
use crate::corpus::{Article, CorpusReader, Problem};
use crate::lexicon::LexiconSet;
use crate::matcher::{Analysis, Extras, Matcher};
use crate::text::Prepared;

/// How to score.
#[derive(Clone, Debug)]
pub struct ScoreOptions {
    /// Articles per parallel batch when scoring articles already in memory
    /// ([`Scorer::score_articles`]); a corpus read as it is scored goes in chunks of
    /// [`DEFAULT_BATCH`].
    pub batch: usize,
    /// Build the aggregate: keep every record and count words and bigrams for the
    /// distinctive-word statistics. Off, records are only handed out, and memory holds a few
    /// chunks whatever the corpus size.
    pub aggregate: bool,
    /// Event of each article id, overriding the article's own (automatic grouping).
    pub events: HashMap<String, String>,
}

impl Default for ScoreOptions {
    fn default() -> ScoreOptions {
        ScoreOptions {
            batch: 512,
            aggregate: true,
            events: HashMap::new(),
        }
    }
}

/// Lexicons and matcher, ready to score.
pub struct Scorer<'a> {
    set: &'a LexiconSet,
    matcher: &'a Matcher,
    sides: Vec<String>,
}

impl<'a> Scorer<'a> {
    /// A scorer with these lexicons (compiled into `matcher`).
    pub fn new(set: &'a LexiconSet, matcher: &'a Matcher) -> Scorer<'a> {
        Scorer {
            set,
            matcher,
            sides: set.side_ids().into_iter().map(str::to_string).collect(),
        }
    }

    /// Scores one article; when building the aggregate, also returns its normalized words.
    pub fn score(
        &self,
        article: &Article,
        options: &ScoreOptions,
    ) -> (ArticleScore, Option<Vec<String>>) {
        self.score_prepared(article, None, options)
    }

    /// As [`Scorer::score`], for an article whose text cleaning already prepared.
    pub fn score_prepared(
        &self,
        article: &Article,
        prepared: Option<Prepared>,
        options: &ScoreOptions,
    ) -> (ArticleScore, Option<Vec<String>>) {
        let event = options.events.get(&article.id).cloned();
        let (analysis, words) = self.analyze(article, prepared, options);
        let score = ArticleScore::new(article, analysis, event, &self.sides);
        (score, words)
    }

    /// The analysis a record is made of; words only for the aggregate's counts.
    fn analyze(
        &self,
        article: &Article,
        prepared: Option<Prepared>,
        options: &ScoreOptions,
    ) -> (Analysis, Option<Vec<String>>) {
        // A record carries hits, not actor mentions.
        let extras = Extras {
            words: options.aggregate,
            mentions: false,
        };
        self.matcher
            .analyze_prepared(&article.text, prepared, extras)
    }

    /// An empty aggregate for these lexicons.
    pub fn aggregate(&self) -> Aggregate {
        Aggregate::new(self.set)
    }

    /// Scores everything `reader` reads. `render` writes each record out (a JSON line, a CSV
    /// row) on the worker that scored it, and the bytes go to `on_record` in input order; each
    /// problem goes to `on_problem` as it is read; the aggregate comes back, finished, with the
    /// reader's [`Reading`]. An error from `on_record` stops the run.
    ///
    /// Rendering on the workers keeps the thread that reads the corpus and writes the output
    /// from also formatting 64 MB of records for SaudiNewsNet (on two cores, 0.53-0.56 s →
    /// 0.51-0.55 s in alternating runs). Without the aggregate, a record is rendered straight
    /// from the article and its analysis ([`RecordView::new`]), never built.
    pub fn score_reader<E>(
        &self,
        reader: &mut CorpusReader,
        options: &ScoreOptions,
        render: impl Fn(RecordView<'_>, &mut Vec<u8>) + Sync,
        mut on_record: impl FnMut(&[u8]) -> Result<(), E>,
        mut on_problem: impl FnMut(&Problem),
    ) -> Result<Aggregate, E> {
        let mut aggregate = self.aggregate();
        aggregate.reading = Reading::new(reader.fields(), reader.cleans());
        let mut skipped = 0;
        map_articles(
            reader,
            DEFAULT_BATCH,
            |article, prepared| {
                // A JSON record is some 500 bytes and 300 more a hit: room for that up front
                // spares the buffer's regrowing and copying.
                let room = |hits: usize| Vec::with_capacity(512 + 320 * hits);
                if options.aggregate {
                    let (score, words) = self.score_prepared(article, prepared, options);
                    let mut rendered = room(score.hits.len());
                    render(RecordView::from(&score), &mut rendered);
                    (rendered, Some((score, words)))
                } else {
                    let event = options.events.get(&article.id).map(String::as_str);
                    let (analysis, _) = self.analyze(article, prepared, options);
                    let mut rendered = room(analysis.hits.len());
                    let view = RecordView::new(article, &analysis, event, &self.sides);
                    render(view, &mut rendered);
                    (rendered, None)
                }
            },
            |(rendered, kept), _| {
                on_record(&rendered)?;
                if let Some((score, words)) = kept {
                    aggregate.add(score, words.as_deref());
                }
                Ok(())
            },
            |problem| {
                if problem.skipped.loses_text() {
                    skipped += 1;
                }
                on_problem(&problem);
            },
        )?;
        aggregate.skipped += skipped;
        aggregate.outlets = reader.outlets().clone();
        aggregate.events = reader.events().clone();
        aggregate.finish();
        Ok(aggregate)
    }

    /// Scores articles already in memory, in parallel, into a finished aggregate. Articles do
    /// not say how they were read: the aggregate records the default [`Reading`]; set its
    /// `reading` when they were read otherwise.
    pub fn score_articles(&self, articles: &[Article], options: &ScoreOptions) -> Aggregate {
        let mut aggregate = self.aggregate();
        // In batches: every article's words at once would hold the corpus twice over.
        for batch in articles.chunks(options.batch.max(1)) {
            let scored: Vec<(ArticleScore, Option<Vec<String>>)> = batch
                .par_iter()
                .map(|article| self.score(article, options))
                .collect();
            for (score, words) in scored {
                aggregate.add(score, words.as_deref());
            }
        }
        aggregate.finish();
        aggregate
    }
}

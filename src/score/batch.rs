//! Any per-article work over a corpus, in parallel batches, with results in input order.
//!
//! The commands that match every article of a corpus (`score`, `kwic`, `discover`) do the
//! expensive part (cleaning and matching) on all cores and the rest (printing, counting into one
//! tally) in order, one batch at a time, so memory holds three batches whatever the corpus size
//! and output does not depend on the number of threads. Reading (parsing JSON, CSV) is the
//! one step that must go in order: the calling thread reads the next batch while the workers
//! build and match the one before, so reading costs no time of its own on a machine with a
//! core to spare.
//!
//! ```
//! use framelens::corpus::{CorpusReader, ReadOptions};
//! use framelens::score::map_articles;
//!
//! let mut reader = CorpusReader::new(&ReadOptions::default());
//! let mut ids = Vec::new();
//! map_articles(
//!     &mut reader,
//!     2,
//!     |article, _prepared| article.id.clone(),
//!     |id, _outlets| {
//!         ids.push(id);
//!         Ok::<(), std::convert::Infallible>(())
//!     },
//!     |problem| panic!("{problem}"),
//! )
//! .unwrap();
//! assert_eq!(ids.len(), 5);
//! assert_eq!(ids[0], "000_5d4b8b73bcb36329");
//! ```

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::corpus::{Article, CorpusReader, Outlet, PendingArticle, Problem};
use crate::text::Prepared;

/// Articles per parallel batch when the caller has no reason to choose otherwise.
pub const DEFAULT_BATCH: usize = 512;

/// Reads `reader` to the end: `work` runs on each article (with its text already prepared
/// when cleaning made that, see [`PendingArticle::build_prepared`]) in parallel batches of
/// `batch`; each result goes to `on_result` in input order, with the outlets the manifests read
/// so far describe (an article's manifest is always read before the article). Problems go to
/// `on_problem` as they are read. An error from `on_result` stops the run.
pub fn map_articles<T: Send, E>(
    reader: &mut CorpusReader,
    batch: usize,
    work: impl Fn(&Article, Option<Prepared>) -> T + Sync,
    mut on_result: impl FnMut(T, &BTreeMap<String, Outlet>) -> Result<(), E>,
    mut on_problem: impl FnMut(Problem),
) -> Result<(), E> {
    let batch = batch.max(1);
    let work = &work;
    std::thread::scope(|scope| {
        // The batch the workers are on, while this thread reads the next.
        let mut in_flight: Option<std::thread::ScopedJoinHandle<Vec<T>>> = None;
        loop {
            let mut pending: Vec<PendingArticle> = Vec::with_capacity(batch);
            while pending.len() < batch {
                match reader.next_pending() {
                    Some(Ok(article)) => pending.push(article),
                    Some(Err(problem)) => on_problem(problem),
                    None => break,
                }
            }
            // The finished batch's results go out while the workers start on the next.
            let finished = in_flight.take().map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            if !pending.is_empty() {
                in_flight = Some(scope.spawn(move || {
                    pending
                        .into_par_iter()
                        .map(|article| {
                            let (article, prepared) = article.build_prepared();
                            work(&article, prepared)
                        })
                        .collect()
                }));
            }
            for result in finished.into_iter().flatten() {
                on_result(result, reader.outlets())?;
            }
            if in_flight.is_none() {
                return Ok(());
            }
        }
    })
}

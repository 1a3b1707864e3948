//! Any per-article work over a corpus, in parallel batches, with results in input order.
//!
//! The commands that match every article of a corpus (`kwic`, `discover`) do the expensive part
//! (cleaning and matching) on all cores and the rest (printing, counting into one tally) in
//! order, one batch at a time, so memory holds one batch whatever the corpus size and output
//! does not depend on the number of threads.
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
//!     |article| article.id.clone(),
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

/// Articles per parallel batch when the caller has no reason to choose otherwise.
pub const DEFAULT_BATCH: usize = 512;

/// Reads `reader` to the end: `work` runs on each article in parallel batches of `batch`;
/// each result goes to `on_result` in input order, with the outlets the manifests read so far
/// describe (an article's manifest is always read before the article). Problems go to
/// `on_problem` as they are read. An error from `on_result` stops the run.
pub fn map_articles<T: Send, E>(
    reader: &mut CorpusReader,
    batch: usize,
    work: impl Fn(&Article) -> T + Sync,
    mut on_result: impl FnMut(T, &BTreeMap<String, Outlet>) -> Result<(), E>,
    mut on_problem: impl FnMut(Problem),
) -> Result<(), E> {
    let batch = batch.max(1);
    let mut pending: Vec<PendingArticle> = Vec::with_capacity(batch);
    loop {
        let next = reader.next_pending();
        let done = next.is_none();
        match next {
            Some(Ok(article)) => pending.push(article),
            Some(Err(problem)) => on_problem(problem),
            None => {}
        }
        if pending.len() >= batch || (done && !pending.is_empty()) {
            let results: Vec<T> = std::mem::take(&mut pending)
                .into_par_iter()
                .map(|article| work(&article.build()))
                .collect();
            for result in results {
                on_result(result, reader.outlets())?;
            }
        }
        if done {
            return Ok(());
        }
    }
}

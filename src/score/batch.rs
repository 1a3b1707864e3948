//! Any per-article work over a corpus, in parallel, with results in input order.
//!
//! The commands that match every article of a corpus (`score`, `kwic`, `discover`) do the
//! expensive part (cleaning and matching) on all threads and the rest (printing, counting into
//! one tally) in order on the calling thread. Reading (parsing JSON, CSV) must go in order too:
//! the calling thread reads small chunks of articles ahead and queues them; the other threads
//! take chunks from the queue, and the calling thread takes one itself whenever the queue holds
//! enough to keep the others busy, so `--threads N` keeps N threads busy and no more. Memory
//! holds the chunks in flight, whatever the corpus size, and output does not depend on the
//! number of threads.
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

use std::any::Any;
use std::collections::{BTreeMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::corpus::{Article, CorpusReader, Outlet, PendingArticle, Problem};
use crate::text::Prepared;

/// Articles per chunk handed to a thread when the caller has no reason to choose otherwise:
/// enough that taking a chunk (a lock, a wake-up) is a per cent of its work, few enough that
/// the threads finish together at the end of the corpus.
pub const DEFAULT_BATCH: usize = 16;

/// Chunks read ahead per thread: while the calling thread works on a chunk of its own, the
/// others still find work queued.
const AHEAD_PER_THREAD: usize = 4;

/// Reads `reader` to the end: `work` runs on each article (with its text already prepared
/// when cleaning made that, see [`PendingArticle::build_prepared`]) in parallel, in chunks of
/// `batch` articles, on as many threads as rayon's pool has (`--threads`), the calling thread
/// among them; each result goes to `on_result` in input order, on the calling thread, with the
/// outlets the manifests read so far describe (an article's manifest is always read before the
/// article). Problems go to `on_problem` as they are read. An error from `on_result` stops the
/// run; a panic in `work` stops it and goes on to the caller.
pub fn map_articles<T: Send, E>(
    reader: &mut CorpusReader,
    batch: usize,
    work: impl Fn(&Article, Option<Prepared>) -> T + Sync,
    mut on_result: impl FnMut(T, &BTreeMap<String, Outlet>) -> Result<(), E>,
    mut on_problem: impl FnMut(Problem),
) -> Result<(), E> {
    let batch = batch.max(1);
    let threads = rayon::current_num_threads().max(1);
    let most_in_flight = AHEAD_PER_THREAD * threads;
    let run_chunk = |chunk: Vec<PendingArticle>| -> Vec<T> {
        chunk
            .into_iter()
            .map(|article| {
                let (article, prepared) = article.build_prepared();
                work(&article, prepared)
            })
            .collect()
    };
    let shared = Shared::default();
    std::thread::scope(|scope| {
        // Whatever way this thread leaves (an error, a panic), the others stop waiting for work.
        let _closing = Closing(&shared);
        for _ in 1..threads {
            scope.spawn(|| shared.serve(&run_chunk));
        }
        let (mut read, mut written, mut ended) = (0usize, 0usize, false);
        loop {
            for result in shared.finished(&mut written) {
                match result {
                    Ok(results) => {
                        for result in results {
                            on_result(result, reader.outlets())?;
                        }
                    }
                    Err(panic) => resume_unwind(panic),
                }
            }
            if ended && written == read {
                return Ok(());
            }
            if !ended && read - written < most_in_flight {
                let chunk = read_chunk(reader, batch, &mut on_problem);
                if chunk.is_empty() {
                    ended = true;
                } else {
                    shared.queue(read, chunk);
                    read += 1;
                }
                continue;
            }
            // Enough is queued or in hand elsewhere: this thread works too, or waits.
            match shared.take() {
                Some((seq, chunk)) => {
                    let results = catch_unwind(AssertUnwindSafe(|| run_chunk(chunk)));
                    shared.finish(seq, results);
                }
                None => shared.wait_for(written),
            }
        }
    })
}

/// The next `batch` articles read (fewer at the end), problems handed on as they come.
fn read_chunk(
    reader: &mut CorpusReader,
    batch: usize,
    on_problem: &mut impl FnMut(Problem),
) -> Vec<PendingArticle> {
    let mut chunk = Vec::with_capacity(batch);
    while chunk.len() < batch {
        match reader.next_pending() {
            Some(Ok(article)) => chunk.push(article),
            Some(Err(problem)) => on_problem(problem),
            None => break,
        }
    }
    chunk
}

/// A chunk's results, or the panic its work ended in.
type Outcome<T> = Result<Vec<T>, Box<dyn Any + Send>>;

/// What the threads share: chunks waiting for a thread, and results waiting to go out in order.
struct Shared<T> {
    state: Mutex<State<T>>,
    /// Signalled when a chunk is queued or the run ends.
    work: Condvar,
    /// Signalled when a chunk's results are in.
    done: Condvar,
}

struct State<T> {
    /// Chunks read and not yet taken, by number in input order.
    waiting: VecDeque<(usize, Vec<PendingArticle>)>,
    /// Results of the chunks finished, by number.
    finished: BTreeMap<usize, Outcome<T>>,
    /// No more chunks will come: threads waiting for work go.
    closed: bool,
}

impl<T> Default for Shared<T> {
    fn default() -> Shared<T> {
        Shared {
            state: Mutex::new(State {
                waiting: VecDeque::new(),
                finished: BTreeMap::new(),
                closed: false,
            }),
            work: Condvar::new(),
            done: Condvar::new(),
        }
    }
}

impl<T> Shared<T> {
    /// The state; a thread that panicked holding the lock left it whole (every change is one
    /// call), so a poisoned lock is used as it is.
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn queue(&self, seq: usize, chunk: Vec<PendingArticle>) {
        self.lock().waiting.push_back((seq, chunk));
        self.work.notify_one();
    }

    fn take(&self) -> Option<(usize, Vec<PendingArticle>)> {
        self.lock().waiting.pop_front()
    }

    fn finish(&self, seq: usize, outcome: Outcome<T>) {
        self.lock().finished.insert(seq, outcome);
        self.done.notify_one();
    }

    /// The finished results from chunk `written` on, in order, as far as they run unbroken;
    /// `written` moves past them.
    fn finished(&self, written: &mut usize) -> Vec<Outcome<T>> {
        let mut state = self.lock();
        let mut out = Vec::new();
        while let Some(outcome) = state.finished.remove(written) {
            out.push(outcome);
            *written += 1;
        }
        out
    }

    /// Waits until chunk `written` has finished.
    fn wait_for(&self, written: usize) {
        let state = self.lock();
        let _state = self
            .done
            .wait_while(state, |s| !s.finished.contains_key(&written))
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.waiting.clear();
        drop(state);
        self.work.notify_all();
    }

    /// A helper thread's life: take chunks and run them until the run is closed.
    fn serve(&self, run_chunk: &(impl Fn(Vec<PendingArticle>) -> Vec<T> + Sync)) {
        loop {
            let next = {
                let state = self.lock();
                let mut state = self
                    .work
                    .wait_while(state, |s| s.waiting.is_empty() && !s.closed)
                    .unwrap_or_else(PoisonError::into_inner);
                state.waiting.pop_front()
            };
            let Some((seq, chunk)) = next else {
                return;
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| run_chunk(chunk)));
            let panicked = outcome.is_err();
            self.finish(seq, outcome);
            if panicked {
                return;
            }
        }
    }
}

/// Closes the run when the calling thread leaves it, however it leaves.
struct Closing<'a, T>(&'a Shared<T>);

impl<T> Drop for Closing<'_, T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, ReadOptions};
    use std::convert::Infallible;
    use std::time::Duration;

    /// A reader of `n` one-line articles `a0`, `a1`, … with a record of no text every tenth
    /// line (a problem, reported as it is read).
    fn corpus(n: usize) -> (tempfile::TempDir, CorpusReader) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.jsonl");
        let lines: String = (0..n)
            .map(|i| match i % 10 {
                9 => format!("{{\"id\": \"a{i}\", \"text\": \"\"}}\n"),
                _ => format!("{{\"id\": \"a{i}\", \"text\": \"خبر رقم {i}.\"}}\n"),
            })
            .collect();
        std::fs::write(&path, lines).unwrap();
        let options = ReadOptions {
            inputs: vec![Input::Path(path)],
            ..ReadOptions::default()
        };
        (dir, CorpusReader::new(&options))
    }

    /// Work that takes longer for some articles than others, so that chunks finish out of order.
    fn uneven(article: &Article) -> String {
        let n: u64 = article.id[1..].parse().unwrap();
        std::thread::sleep(Duration::from_micros((n * 7919) % 300));
        article.id.clone()
    }

    #[test]
    fn results_come_in_input_order_and_problems_as_read() {
        for batch in [1, 3, 16, 1000] {
            let (_dir, mut reader) = corpus(400);
            let (mut ids, mut problems) = (Vec::new(), Vec::new());
            map_articles(
                &mut reader,
                batch,
                |article, _| uneven(article),
                |id, _| {
                    ids.push(id);
                    Ok::<(), Infallible>(())
                },
                |problem| problems.push(problem.line),
            )
            .unwrap();
            let expected: Vec<String> = (0..400)
                .filter(|i| i % 10 != 9)
                .map(|i| format!("a{i}"))
                .collect();
            assert_eq!(ids, expected, "chunks of {batch}");
            let lines: Vec<Option<usize>> = (1..=40).map(|k| Some(10 * k)).collect();
            assert_eq!(problems, lines, "chunks of {batch}");
        }
    }

    #[test]
    fn an_error_from_the_caller_stops_the_run() {
        let (_dir, mut reader) = corpus(400);
        let mut ids = Vec::new();
        let stopped = map_articles(
            &mut reader,
            4,
            |article, _| uneven(article),
            |id, _| {
                if id == "a25" {
                    return Err(id);
                }
                ids.push(id);
                Ok(())
            },
            |_| {},
        );
        assert_eq!(stopped, Err("a25".to_string()));
        assert_eq!(ids.len(), 23);
        assert_eq!(ids.last().map(String::as_str), Some("a24"));
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller_after_the_results_before_it() {
        let (_dir, mut reader) = corpus(400);
        let mut ids = Vec::new();
        let run = catch_unwind(AssertUnwindSafe(|| {
            map_articles(
                &mut reader,
                4,
                |article, _| {
                    assert_ne!(article.id, "a123", "the work broke");
                    uneven(article)
                },
                |id, _| {
                    ids.push(id);
                    Ok::<(), Infallible>(())
                },
                |_| {},
            )
        }));
        let panic = run.unwrap_err();
        assert!(
            panic
                .downcast_ref::<String>()
                .unwrap()
                .contains("the work broke")
        );
        // The chunk of a120-a123 (a119 has no text) never finishes; everything before it went out.
        assert_eq!(ids.last().map(String::as_str), Some("a118"));
        assert_eq!(ids.len(), 108);
    }
}

//! Bootstrap over articles: intervals that respect hits clustering inside articles.

use super::interval::{Interval, LOWER_TAIL, UPPER_TAIL, quantile_sorted};
use super::random::Stream;

/// Resamples per bootstrap interval when the caller has no reason to choose otherwise: enough
/// for the 2.5% and 97.5% percentiles to settle to two significant figures (Efron & Tibshirani
/// 1993, An Introduction to the Bootstrap, §13.3 recommends at least 1,000 for percentiles).
pub const BOOTSTRAP_RESAMPLES: usize = 2_000;

/// Fewer resampled articles than this and a percentile bootstrap interval is too narrow to
/// trust, so reports mark it rather than show it. From n articles only C(2n − 1, n) distinct
/// resamples exist (3 from 2 articles, 10 from 3, 35 from 4, 126 from 5), and the percentile
/// interval of a mean is about the mean ± 1.96 plug-in standard errors (divisor n), where a t
/// interval would be needed: for normal data its coverage is about
/// P(|t₍ₙ₋₁₎| ≤ 1.96 √((n − 1)/n)): 60% from 2 articles, 75% from 3, 81% from 4, 85% from 5,
/// 90% from 10 (scipy.stats.t). Below 5 a nominal 95% interval covers less than five times in
/// six.
pub const BOOTSTRAP_FEW_BELOW: usize = 5;

/// The seed reports use unless told otherwise, so that a figure is the same on every run (any
/// fixed number would do; this one is conventional).
pub const DEFAULT_SEED: u64 = 42;

/// A rate per `per` words with a percentile bootstrap 95% interval over articles.
///
/// `articles` holds one `(count, words)` pair per article. The estimate is the pooled rate of
/// the whole sample, Σcount / Σwords × per. Each of `resamples` resamples draws as many
/// articles as there are, uniformly with replacement, and recomputes the pooled rate; the
/// interval is the 2.5% and 97.5% percentiles of those rates (the percentile bootstrap,
/// Efron & Tibshirani 1993, §13.3; percentiles interpolated as R's `quantile` type 7).
/// Resampling whole articles keeps the hits of one article together, which the Poisson
/// interval cannot (Davison & Hinkley 1997, Bootstrap Methods, §3.8 on cluster resampling).
///
/// Deterministic: the same `articles` in the same order with the same `seed` give the same
/// interval on every platform (a ChaCha8 stream, see the module docs). The order of `articles`
/// matters, so pass them in a stable order (by article id, say). A resample whose articles
/// have no words at all has no rate and is skipped; the interval uses the others.
///
/// `None` when `articles` is empty, they have no words, `per` is not a positive finite number,
/// or no resample had words (including `resamples` = 0).
pub fn bootstrap_rate(
    articles: &[(u64, u64)],
    per: f64,
    resamples: usize,
    seed: u64,
) -> Option<Interval> {
    if !(per.is_finite() && per > 0.0) {
        return None;
    }
    let (count, words) = pooled(articles.iter().copied());
    if words == 0 {
        return None;
    }
    let rates = resample(articles, resamples, seed, |count, words| {
        (words > 0).then(|| count as f64 / words as f64 * per)
    });
    percentile_interval(count as f64 / words as f64 * per, rates)
}

/// The lean between two sides with a percentile bootstrap 95% interval over articles.
///
/// `articles` holds one `(a, b)` pair per article: hits favoring the first side and the
/// second. The estimate is the pooled lean of the whole sample, 2p − 1 with
/// p = Σa / (Σa + Σb). Each resample draws as many articles as there are, with replacement,
/// pools them and recomputes the lean; the interval is the 2.5% and 97.5% percentiles, as in
/// [`bootstrap_rate`]. A resample with no side-tagged hits (Σa + Σb = 0) has no lean and is
/// skipped.
///
/// Deterministic for the same `articles` in the same order and `seed`; pass them in a stable
/// order.
///
/// `None` when there are no side-tagged hits at all or no resample had any.
pub fn bootstrap_lean(articles: &[(u64, u64)], resamples: usize, seed: u64) -> Option<Interval> {
    let (a, b) = pooled(articles.iter().copied());
    if a + b == 0 {
        return None;
    }
    let leans = resample(articles, resamples, seed, |a, b| {
        (a + b > 0).then(|| 2.0 * a as f64 / (a + b) as f64 - 1.0)
    });
    percentile_interval(2.0 * a as f64 / (a + b) as f64 - 1.0, leans)
}

/// Sums of both members of the pairs.
fn pooled(pairs: impl Iterator<Item = (u64, u64)>) -> (u64, u64) {
    pairs.fold((0, 0), |(x, y), (dx, dy)| (x + dx, y + dy))
}

/// The statistic of each resample that has one.
fn resample(
    articles: &[(u64, u64)],
    resamples: usize,
    seed: u64,
    statistic: impl Fn(u64, u64) -> Option<f64>,
) -> Vec<f64> {
    let mut stream = Stream::new(seed);
    let n = articles.len() as u64;
    let mut values = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let (x, y) = pooled((0..n).map(|_| articles[stream.below(n) as usize]));
        if let Some(value) = statistic(x, y) {
            values.push(value);
        }
    }
    values
}

/// The full-sample `estimate` with the 2.5% and 97.5% percentiles of `values`.
fn percentile_interval(estimate: f64, mut values: Vec<f64>) -> Option<Interval> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(Interval {
        estimate,
        low: quantile_sorted(&values, LOWER_TAIL),
        high: quantile_sorted(&values, UPPER_TAIL),
    })
}

//! Point estimates with closed-form 95% intervals: Poisson rates, Jeffreys shares and leans,
//! Dirichlet shares.

use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ChiSquared, ContinuousCDF};

/// Probability left below a 95% interval.
pub(crate) const LOWER_TAIL: f64 = 0.025;
/// Probability up to the top of a 95% interval.
pub(crate) const UPPER_TAIL: f64 = 0.975;

/// Fewer side-tagged hits than this and a lean is "too thin" to draw.
pub const TOO_THIN_BELOW: u64 = 5;

/// A point estimate with a 95% interval, `low ≤ estimate ≤ high` for the closed forms (a
/// percentile bootstrap interval can, rarely, leave its full-sample estimate outside).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// The value computed on the data itself.
    pub estimate: f64,
    /// The lower end of the 95% interval.
    pub low: f64,
    /// The upper end of the 95% interval.
    pub high: f64,
}

/// A lean between two sides: the share of side-tagged hits favoring the first side, the lean
/// `2p − 1` in [−1, 1], how many hits it rests on, and whether that is too few to draw.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lean {
    /// p = a / (a + b) with its Jeffreys interval.
    pub share: Interval,
    /// 2p − 1 with both interval ends mapped the same way: +1 is all first side, −1 all second.
    pub lean: Interval,
    /// a + b, the hits the lean rests on.
    pub n: u64,
    /// `n` < [`TOO_THIN_BELOW`]: say the evidence is too thin instead of drawing a lean.
    pub too_thin: bool,
}

/// A rate per `per` words with the exact (Garwood) Poisson 95% interval.
///
/// Rate = k / words × per. Interval (Garwood 1936, Biometrika 28:437–442; the formula in
/// Ulm 1990, Am. J. Epidemiol. 131(2):373–375): lower = χ²⁻¹(0.025; 2k) / 2 (0 when k = 0),
/// upper = χ²⁻¹(0.975; 2k + 2) / 2, each divided by `words` and multiplied by `per` (1,000 for
/// a rate per 1,000 words). This treats every word as an independent chance of a hit; hits
/// cluster within articles, so for outlets prefer [`bootstrap_rate`](super::bootstrap_rate)
/// and show this one beside it.
///
/// `None` when `words` is 0 (no rate) or `per` is not a positive finite number.
pub fn poisson_rate(count: u64, words: u64, per: f64) -> Option<Interval> {
    if words == 0 || !(per.is_finite() && per > 0.0) {
        return None;
    }
    let k = count as f64;
    let scale = per / words as f64;
    let low = if count == 0 {
        0.0
    } else {
        chi_square_quantile(LOWER_TAIL, 2.0 * k) / 2.0
    };
    let high = chi_square_quantile(UPPER_TAIL, 2.0 * k + 2.0) / 2.0;
    Some(Interval {
        estimate: k * scale,
        low: low * scale,
        high: high * scale,
    })
}

/// The lean between two sides with a Jeffreys 95% interval.
///
/// `a` hits favor the first side and `b` the second. Share p = a / (a + b); its interval is the
/// 0.025 and 0.975 quantiles of Beta(a + ½, b + ½) (the Jeffreys interval, Brown, Cai &
/// DasGupta 2001, Statistical Science 16(2):101–133, §4.1.2), with their boundary rule: the
/// lower end is 0 when a = 0 and the upper end 1 when b = 0, so the interval always holds its
/// estimate. Lean = 2p − 1, both ends mapped the same way. `too_thin` when a + b is below
/// [`TOO_THIN_BELOW`].
///
/// `None` when a + b = 0: there is no share to estimate.
pub fn jeffreys_lean(a: u64, b: u64) -> Option<Lean> {
    let n = a.checked_add(b)?;
    if n == 0 {
        return None;
    }
    let share = beta_share(a, b as f64 + 0.5, n);
    Some(Lean {
        share,
        lean: Interval {
            estimate: 2.0 * share.estimate - 1.0,
            low: 2.0 * share.low - 1.0,
            high: 2.0 * share.high - 1.0,
        },
        n,
        too_thin: n < TOO_THIN_BELOW,
    })
}

/// Shares of more than two sides, each with a 95% interval from Dirichlet(counts + ½).
///
/// Share i = cᵢ / Σc. The posterior Dirichlet(c₁ + ½, …, c_k + ½) (Jeffreys' prior on the
/// multinomial) has Beta(cᵢ + ½, Σc − cᵢ + (k − 1)/2) as the marginal of share i; its 0.025
/// and 0.975 quantiles are the interval, with the same boundary rule as [`jeffreys_lean`]
/// (lower end 0 when cᵢ = 0, upper end 1 when cᵢ = Σc). For two sides this is exactly the
/// Jeffreys interval. The intervals are marginal: each holds its own share with 95%
/// probability, not all shares at once.
///
/// `None` when `counts` is empty or all zero. One side gets the share [1, 1].
pub fn dirichlet_shares(counts: &[u64]) -> Option<Vec<Interval>> {
    let total = counts.iter().try_fold(0u64, |sum, &c| sum.checked_add(c))?;
    if total == 0 {
        return None;
    }
    let others_prior = (counts.len() as f64 - 1.0) / 2.0;
    Some(
        counts
            .iter()
            .map(|&c| {
                if counts.len() == 1 {
                    return Interval {
                        estimate: 1.0,
                        low: 1.0,
                        high: 1.0,
                    };
                }
                beta_share(c, (total - c) as f64 + others_prior, total)
            })
            .collect(),
    )
}

/// Share `count / total` with the interval from Beta(count + ½, rest), 0 and 1 at the
/// boundaries (see [`jeffreys_lean`]).
fn beta_share(count: u64, rest: f64, total: u64) -> Interval {
    let estimate = count as f64 / total as f64;
    let beta = Beta::new(count as f64 + 0.5, rest).expect("Beta shapes are positive and finite");
    let low = if count == 0 {
        0.0
    } else {
        beta.inverse_cdf(LOWER_TAIL)
    };
    let high = if count == total {
        1.0
    } else {
        beta.inverse_cdf(UPPER_TAIL)
    };
    Interval {
        estimate,
        low,
        high,
    }
}

/// The `p` quantile of χ² with `df` > 0 degrees of freedom.
fn chi_square_quantile(p: f64, df: f64) -> f64 {
    ChiSquared::new(df)
        .expect("degrees of freedom are positive")
        .inverse_cdf(p)
}

/// The `q` quantile of sorted, finite `values` by linear interpolation between order
/// statistics (Hyndman & Fan 1996 type 7, the default of R's `quantile` and numpy).
/// `values` must not be empty.
pub(crate) fn quantile_sorted(values: &[f64], q: f64) -> f64 {
    let h = (values.len() - 1) as f64 * q;
    let below = h.floor() as usize;
    let above = (below + 1).min(values.len() - 1);
    values[below] + (h - below as f64) * (values[above] - values[below])
}

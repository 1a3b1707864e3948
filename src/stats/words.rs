//! Which words distinguish one group of texts (an outlet, a side, an event) from another:
//! Fightin' Words z-scores and log-likelihood keyness.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use serde::{Deserialize, Serialize};

/// The prior's weight when the caller has no reason to choose otherwise: α_w is a tenth of the
/// word's count in the whole corpus, so α₀ is a tenth of the corpus's size.
///
/// Why a tenth: the prior must be strong enough that a word seen a handful of times in one
/// group and never in the other does not top the list on noise (the variance term
/// 1/(y + α) stays large for it), yet weak enough that a group holding a fair share of the
/// corpus (an outlet among a few) outweighs it on the words it really uses more. With α_w
/// equal to the whole corpus count (scale 1, as some implementations do) the prior outweighs
/// both groups together and shrinks every δ towards 0.
pub const DEFAULT_PRIOR_SCALE: f64 = 0.1;

/// Counts per term: what [`fightin_words`] reads. Implemented for `BTreeMap` and `HashMap`
/// from `String` (or `&str`) to `u64`.
pub trait TermCounts {
    /// The count of `term`, 0 when absent.
    fn count(&self, term: &str) -> u64;
    /// Every term with its count.
    fn terms(&self) -> impl Iterator<Item = (&str, u64)>;
}

impl<K: Borrow<str> + Ord> TermCounts for BTreeMap<K, u64> {
    fn count(&self, term: &str) -> u64 {
        self.get(term).copied().unwrap_or(0)
    }
    fn terms(&self) -> impl Iterator<Item = (&str, u64)> {
        self.iter().map(|(term, &count)| (term.borrow(), count))
    }
}

impl<K: Borrow<str> + Eq + Hash, S: BuildHasher> TermCounts for HashMap<K, u64, S> {
    fn count(&self, term: &str) -> u64 {
        self.get(term).copied().unwrap_or(0)
    }
    fn terms(&self) -> impl Iterator<Item = (&str, u64)> {
        self.iter().map(|(term, &count)| (term.borrow(), count))
    }
}

/// One term's Fightin' Words score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordScore {
    /// The word or phrase.
    pub term: String,
    /// Its count in the target group, y_w^i.
    pub target_count: u64,
    /// Its count in the reference group, y_w^j.
    pub reference_count: u64,
    /// δ_w, the difference in smoothed log-odds (natural logs); > 0 when the target uses the
    /// term more.
    pub delta: f64,
    /// z_w = δ_w / σ(δ_w); |z| > 1.96 is the usual mark of a distinctive term.
    pub z: f64,
}

/// Fightin' Words: log-odds ratios with an informative Dirichlet prior, as z-scores (Monroe,
/// Colaresi & Quinn 2008, Political Analysis 16(4):372–403, §3.5).
///
/// For each term w, with y_w^i its count in `target`, y_w^j in `reference`, n^i and n^j the
/// groups' totals, α_w = `prior_scale` × its count in `prior` (the whole corpus) and
/// α₀ = Σ α_w over the prior:
/// - δ_w = ln[(y_w^i + α_w) / (n^i + α₀ − y_w^i − α_w)] − ln[(y_w^j + α_w) / (n^j + α₀ −
///   y_w^j − α_w)],
/// - σ²(δ_w) ≈ 1/(y_w^i + α_w) + 1/(y_w^j + α_w),
/// - z_w = δ_w / σ(δ_w).
///
/// [`DEFAULT_PRIOR_SCALE`] says why 0.1 is a good `prior_scale`. The terms scored are those
/// with a count in `target` or `reference`. A term the prior lacks (α_w = 0) that one group
/// never uses has no finite log-odds and is left out, as is any term whose score is not finite;
/// with the whole corpus as the prior neither happens. For "one group against the rest" use
/// [`fightin_words_vs_rest`].
///
/// Sorted by z descending, then by term, so that equal scores come out in the same order on
/// every run. Empty when both groups are empty or `prior_scale` is negative or not finite.
pub fn fightin_words(
    target: &impl TermCounts,
    reference: &impl TermCounts,
    prior: &impl TermCounts,
    prior_scale: f64,
) -> Vec<WordScore> {
    if !(prior_scale.is_finite() && prior_scale >= 0.0) {
        return Vec::new();
    }
    let n_target: u64 = target.terms().map(|(_, c)| c).sum();
    let n_reference: u64 = reference.terms().map(|(_, c)| c).sum();
    let alpha_total = prior_scale * prior.terms().map(|(_, c)| c as f64).sum::<f64>();
    // Every term with a count in either group, once: the target's, then the reference's the
    // target lacks (a disjoint union, with no set of hundreds of thousands of terms to build).
    let vocabulary = target
        .terms()
        .filter(|&(_, count)| count > 0)
        .chain(
            reference
                .terms()
                .filter(|&(term, count)| count > 0 && target.count(term) == 0),
        )
        .map(|(term, _)| term);
    let mut scores: Vec<WordScore> = vocabulary
        .filter_map(|term| {
            let y_i = target.count(term);
            let y_j = reference.count(term);
            let alpha = prior_scale * prior.count(term) as f64;
            let log_odds = |y: u64, n: u64| {
                let y = y as f64 + alpha;
                (y / (n as f64 + alpha_total - y)).ln()
            };
            let delta = log_odds(y_i, n_target) - log_odds(y_j, n_reference);
            let variance = 1.0 / (y_i as f64 + alpha) + 1.0 / (y_j as f64 + alpha);
            let z = delta / variance.sqrt();
            (delta.is_finite() && z.is_finite()).then(|| WordScore {
                term: term.to_owned(),
                target_count: y_i,
                reference_count: y_j,
                delta,
                z,
            })
        })
        .collect();
    scores.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
    scores
}

/// Fightin' Words for one group against the rest of the corpus: [`fightin_words`] with the
/// reference count of each term its `corpus` count minus its `target` count, and the whole
/// `corpus` as the prior, as Monroe et al. compare a party with the rest of the chamber.
///
/// `target` must be part of `corpus`; a count the corpus does not cover is taken as all
/// target (the rest's count is never below 0).
pub fn fightin_words_vs_rest(
    target: &impl TermCounts,
    corpus: &impl TermCounts,
    prior_scale: f64,
) -> Vec<WordScore> {
    let rest = Rest {
        whole: corpus,
        part: target,
    };
    fightin_words(target, &rest, corpus, prior_scale)
}

/// The counts of a whole minus one of its parts, computed on the fly.
struct Rest<'a, W, P> {
    whole: &'a W,
    part: &'a P,
}

impl<W: TermCounts, P: TermCounts> TermCounts for Rest<'_, W, P> {
    fn count(&self, term: &str) -> u64 {
        self.whole.count(term).saturating_sub(self.part.count(term))
    }
    fn terms(&self) -> impl Iterator<Item = (&str, u64)> {
        self.whole
            .terms()
            .map(|(term, count)| (term, count.saturating_sub(self.part.count(term))))
    }
}

/// Log-likelihood keyness G² of a term, signed: positive when the target uses it more
/// (Dunning 1993, Computational Linguistics 19(1):61–74; Rayson & Garside 2000).
///
/// The 2 × 2 table is a = the term's count in the target, b = in the reference, c = the
/// target's other words (its total − a), d = the reference's other words. With N = a + b +
/// c + d and E the expected counts from the margins, G² = 2 Σ O ln(O / E) (0 · ln 0 = 0),
/// divided by Williams' correction q = 1 + (N/(a+b) + N/(c+d) − 1)(N/(a+c) + N/(b+d) − 1) /
/// (6N) (Williams 1976, Biometrika 63(1):33–37). The sign is + when a/(a+c) > b/(b+d), −
/// when less. Compare |G²| with χ²₁: 3.84 for p < 0.05, 6.63 for p < 0.01.
///
/// 0 when a margin of the table is empty (a + b, c + d, a + c or b + d is 0): there is no
/// comparison to make.
pub fn keyness_g2(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let margins = [a + b, c + d, a + c, b + d];
    if margins.contains(&0) {
        return 0.0;
    }
    let [term, other, target, reference] = margins.map(|m| m as f64);
    let n = term + other;
    let cells = [
        (a, term, target),
        (b, term, reference),
        (c, other, target),
        (d, other, reference),
    ];
    let g: f64 = cells
        .iter()
        .filter(|&&(o, _, _)| o > 0)
        .map(|&(o, row, column)| {
            let o = o as f64;
            o * (o * n / (row * column)).ln()
        })
        .sum::<f64>()
        * 2.0;
    let q = 1.0 + (n / term + n / other - 1.0) * (n / target + n / reference - 1.0) / (6.0 * n);
    let magnitude = (g / q).max(0.0);
    // a/(a+c) > b/(b+d) ⇔ a(b+d) > b(a+c) ⇔ ad > bc, compared exactly in integers.
    if u128::from(a) * u128::from(d) < u128::from(b) * u128::from(c) {
        -magnitude
    } else {
        magnitude
    }
}

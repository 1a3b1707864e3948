//! The statistics behind framelens's figures: rates and leans with honest 95% intervals,
//! tests of whether outlets differ, and the words that distinguish them.
//!
//! Plain functions on numbers and count tables. This module knows nothing of articles,
//! lexicons, hits or files: the scorer counts, and hands the counts here. Every function is
//! deterministic (the bootstrap and permutation test take a seed and draw from a pinned
//! ChaCha8 stream), never panics on zeros or empty input, and never returns NaN: where a
//! figure cannot be computed it returns `None` (or an empty list) and says so in its docs.
//! The formulas, with their sources, are in each function's documentation and in
//! `../shared/domain/methods.md`.
//!
//! - Rates: [`poisson_rate`] (exact interval), [`bootstrap_rate`] (resampling articles).
//! - Leans: [`jeffreys_lean`], [`bootstrap_lean`]; more than two sides: [`dirichlet_shares`].
//! - Do outlets differ: [`independence`] picks χ², Fisher's exact or a permutation test and
//!   says why (rows with every count in one column cannot differ: p = 1); [`chi_square`], [`g_test`], [`fisher_exact_2x2`], [`permutation_test`], [`cramers_v`],
//!   [`holm`].
//! - Distinctive words: [`fightin_words`], [`fightin_words_vs_rest`], [`keyness_g2`].
//!
//! ```
//! use framelens::stats::{self, Method};
//!
//! // 12 hits in 4,000 words: 3 per 1,000 words, exact 95% interval 1.55–5.24.
//! let rate = stats::poisson_rate(12, 4_000, 1_000.0).unwrap();
//! assert_eq!(rate.estimate, 3.0);
//! assert!((rate.low - 1.550).abs() < 1e-3 && (rate.high - 5.240).abs() < 1e-3);
//!
//! // 9 hits favor the first side and 3 the second: lean +0.5, but its interval is wide.
//! let lean = stats::jeffreys_lean(9, 3).unwrap();
//! assert_eq!(lean.lean.estimate, 0.5);
//! assert!(lean.lean.low < 0.0 && !lean.too_thin);
//!
//! // Two outlets × two sides, with small counts: Fisher's exact test, and why.
//! let test = stats::independence(&[vec![2, 7], vec![8, 2]], stats::DEFAULT_SEED).unwrap();
//! assert_eq!(test.method, Method::FisherExact);
//! assert!(test.reason.contains("below 5"));
//! assert!(test.p_value < 0.05);
//! ```

mod bootstrap;
mod interval;
mod random;
mod table;
mod words;

pub use bootstrap::{
    BOOTSTRAP_FEW_BELOW, BOOTSTRAP_RESAMPLES, DEFAULT_SEED, bootstrap_lean, bootstrap_rate,
};
pub use interval::{Interval, Lean, TOO_THIN_BELOW, dirichlet_shares, jeffreys_lean, poisson_rate};
pub use table::{
    IndependenceConfig, IndependenceTest, LargeSample, MIN_EXPECTED, Method, PERMUTATION_RESAMPLES,
    TableTest, chi_square, cramers_v, fisher_exact_2x2, g_test, holm, independence,
    independence_with, permutation_test,
};
pub use words::{
    DEFAULT_PRIOR_SCALE, TermCounts, WordScore, fightin_words, fightin_words_vs_rest, keyness_g2,
};

//! Tests of independence on count tables (rows = outlets, columns = sides), their effect size,
//! and Holm's adjustment for running many of them.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};
use statrs::function::factorial::ln_binomial;

use super::bootstrap::DEFAULT_SEED;
use super::random::Stream;

/// The smallest expected count at which the χ² and G tests' large-sample approximation is
/// trusted (Cochran 1954, Biometrics 10(4):417–451; the rule R's `chisq.test` warns on).
pub const MIN_EXPECTED: f64 = 5.0;

/// Random tables drawn by the permutation test unless told otherwise: the p-value's Monte
/// Carlo standard error is then at most √(0.25/10,000) = 0.005.
pub const PERMUTATION_RESAMPLES: usize = 10_000;

/// R's relative tolerance for "as or more extreme" in Fisher's exact test (`fisher.test`
/// compares probabilities with `d <= d_observed * (1 + 10^-7)`), so that tables as likely as
/// the observed one are not lost to rounding.
const FISHER_RELATIVE_TOLERANCE: f64 = 1e-7;

/// The test a table was judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Pearson's χ² test, p from the χ² distribution.
    ChiSquare,
    /// The G-test (log-likelihood ratio), p from the χ² distribution.
    GTest,
    /// Fisher's exact test on a 2 × 2 table, two-sided.
    FisherExact,
    /// A Monte Carlo permutation test of Pearson's χ² with the table's margins fixed.
    Permutation,
    /// No test is needed: every count is in one column, so the rows cannot differ. With the
    /// margins fixed the observed table is the only one possible, and the exact conditional
    /// p-value is 1 (Fisher's exact test: R's `fisher.test` and scipy's `fisher_exact` give 1
    /// for `[[7, 0], [2, 0]]`).
    OneColumn,
}

impl Method {
    /// The name a report prints.
    pub fn name(self) -> &'static str {
        match self {
            Method::ChiSquare => "Pearson's χ² test",
            Method::GTest => "G-test (log-likelihood ratio)",
            Method::FisherExact => "Fisher's exact test",
            Method::Permutation => "Monte Carlo permutation test",
            Method::OneColumn => "no test needed: every count in one column",
        }
    }
}

/// Which large-sample test [`independence_with`] uses when every expected count is at least
/// [`MIN_EXPECTED`]; both are asymptotically equivalent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LargeSample {
    /// Pearson's χ², the test most readers know.
    #[default]
    ChiSquare,
    /// The G-test, which some fields prefer (Sokal & Rohlf, Biometry, §17).
    GTest,
}

/// How [`independence_with`] chooses and runs its test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndependenceConfig {
    /// The test for tables whose expected counts are all large enough.
    pub large_sample: LargeSample,
    /// Random tables for the permutation test.
    pub resamples: usize,
    /// The permutation test's seed.
    pub seed: u64,
}

impl Default for IndependenceConfig {
    fn default() -> Self {
        IndependenceConfig {
            large_sample: LargeSample::ChiSquare,
            resamples: PERMUTATION_RESAMPLES,
            seed: DEFAULT_SEED,
        }
    }
}

/// A χ²-distributed statistic with its degrees of freedom and upper-tail p-value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TableTest {
    /// The statistic (Pearson's χ² or G).
    pub statistic: f64,
    /// (r − 1)(c − 1) for the table without its empty rows and columns.
    pub df: u64,
    /// P(χ²_df ≥ statistic).
    pub p_value: f64,
}

/// The verdict on whether the rows of a table (outlets) differ in how they spread over its
/// columns (sides), saying what was used and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndependenceTest {
    /// The test the p-value comes from.
    pub method: Method,
    /// The statistic of that test: Pearson's χ² for `ChiSquare` and `Permutation`, G for
    /// `GTest`; Fisher's test has no statistic of its own and shows Pearson's χ² for reference.
    pub statistic: f64,
    /// Degrees of freedom, for the large-sample tests only.
    pub df: Option<u64>,
    /// The p-value of `method`.
    pub p_value: f64,
    /// Pearson's χ² of the table, whatever the method.
    pub chi_square: f64,
    /// G of the table, whatever the method.
    pub g_statistic: f64,
    /// G's large-sample p-value, when every expected count is at least [`MIN_EXPECTED`].
    pub g_p_value: Option<f64>,
    /// Cramér's V, the effect size: 0 no association, 1 each row in its own columns.
    pub cramers_v: f64,
    /// The smallest expected count, r_i c_j / n.
    pub min_expected: f64,
    /// The table's total count.
    pub n: u64,
    /// Indices of the input rows that were tested (empty rows are left out).
    pub rows: Vec<usize>,
    /// Indices of the input columns that were tested (empty columns are left out).
    pub columns: Vec<usize>,
    /// Random tables drawn, for the permutation test.
    pub resamples: Option<usize>,
    /// The permutation test's seed.
    pub seed: Option<u64>,
    /// Why this method was used, in plain words.
    pub reason: String,
}

/// Tests whether the rows of `table` spread differently over its columns, choosing the test
/// the table can bear, with the permutation test's seed; otherwise [`IndependenceConfig`]'s
/// defaults (Pearson's χ² for large samples, [`PERMUTATION_RESAMPLES`] random tables).
///
/// See [`independence_with`].
pub fn independence(table: &[Vec<u64>], seed: u64) -> Option<IndependenceTest> {
    independence_with(
        table,
        &IndependenceConfig {
            seed,
            ..IndependenceConfig::default()
        },
    )
}

/// Tests whether the rows of `table` (outlets) spread differently over its columns (sides).
///
/// All-zero rows and columns are left out first (an outlet with no side-tagged hits says
/// nothing about independence and would only inflate the degrees of freedom); `rows` and
/// `columns` in the result say which were kept. A row shorter than the others counts as zeros
/// in its missing cells. Then, with expected counts E_ij = r_i c_j / n:
/// - every E_ij ≥ [`MIN_EXPECTED`]: the large-sample test, Pearson's χ² (or the G-test if
///   configured) with df = (r − 1)(c − 1);
/// - otherwise, a 2 × 2 table: Fisher's exact test ([`fisher_exact_2x2`]);
/// - otherwise: a Monte Carlo permutation test of Pearson's χ²: `resamples` random tables
///   with the observed row and column totals (each as likely as under random relabelling of
///   the observations, drawn cell by cell from hypergeometric distributions as in Patefield
///   1981, Applied Statistics 30(1):91–97, R's `r2dtable`), p = (1 + #{χ²_b ≥ χ²}) /
///   (1 + resamples) (Davison & Hinkley 1997, eq. 4.11; "≥" with R's `chisq.test` tolerance
///   of 64 machine epsilons). Deterministic for a given seed.
///
/// Pearson's χ², G and Cramér's V are reported whatever the method.
///
/// Two or more non-empty rows with every count in one column are a test too, not `None`:
/// the rows cannot differ, so [`Method::OneColumn`] with p = 1 (the exact p-value), χ², G and
/// V all 0. Leaving such a table out would silently shrink a family of tests that
/// [`holm`] adjusts for.
///
/// `None` when fewer than two non-empty rows remain, or no column at all.
pub fn independence_with(
    table: &[Vec<u64>],
    config: &IndependenceConfig,
) -> Option<IndependenceTest> {
    let table = Table::with_columns(table, 1)?;
    if table.columns.len() == 1 {
        return Some(one_column(table));
    }
    let chi_square = table.pearson();
    let g_statistic = table.g();
    let df = table.df();
    let min_expected = table.min_expected();
    let large = min_expected >= MIN_EXPECTED;
    let (r, c) = (table.rows.len(), table.columns.len());
    let mut reason;
    let (method, statistic, df_used, p_value, resamples, seed) = if large {
        reason = format!(
            "every expected count is at least {MIN_EXPECTED} (the smallest is {min_expected:.2}), \
             so the large-sample approximation holds"
        );
        match config.large_sample {
            LargeSample::ChiSquare => (
                Method::ChiSquare,
                chi_square,
                Some(df),
                upper_tail(chi_square, df),
                None,
                None,
            ),
            LargeSample::GTest => (
                Method::GTest,
                g_statistic,
                Some(df),
                upper_tail(g_statistic, df),
                None,
                None,
            ),
        }
    } else if r == 2 && c == 2 {
        reason = format!(
            "an expected count is below {MIN_EXPECTED} (the smallest is {min_expected:.2}), so \
             the χ² approximation is unreliable; the table is 2 × 2, so Fisher's exact test \
             (two-sided) gives the exact p-value"
        );
        let cell = |i: usize, j: usize| table.cells[i][j];
        let p = fisher_exact_2x2(cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1));
        (Method::FisherExact, chi_square, None, p, None, None)
    } else {
        reason = format!(
            "an expected count is below {MIN_EXPECTED} (the smallest is {min_expected:.2}), so \
             the χ² approximation is unreliable; the table is {r} × {c}, so a Monte Carlo \
             permutation test of Pearson's χ² over {} random tables with the observed totals \
             (seed {})",
            config.resamples, config.seed
        );
        let p = table.permutation_p(chi_square, config.resamples, config.seed);
        (
            Method::Permutation,
            chi_square,
            None,
            p,
            Some(config.resamples),
            Some(config.seed),
        )
    };
    table.push_left_out(&mut reason);
    Some(IndependenceTest {
        method,
        statistic,
        df: df_used,
        p_value,
        chi_square,
        g_statistic,
        g_p_value: large.then(|| upper_tail(g_statistic, df)),
        cramers_v: table.cramers_v(chi_square),
        min_expected,
        n: table.n,
        rows: table.rows,
        columns: table.columns,
        resamples,
        seed,
        reason,
    })
}

/// The verdict on a table whose counts all fall in one column (see [`Method::OneColumn`]).
fn one_column(table: Table) -> IndependenceTest {
    let mut reason = "every count is in one column, so the rows cannot differ: with the totals \
                      fixed this table is the only one possible, and the exact p-value is 1 \
                      (as Fisher's exact test gives); χ², G and Cramér's V are 0"
        .to_string();
    table.push_left_out(&mut reason);
    IndependenceTest {
        method: Method::OneColumn,
        statistic: 0.0,
        df: None,
        p_value: 1.0,
        chi_square: 0.0,
        g_statistic: 0.0,
        g_p_value: None,
        cramers_v: 0.0,
        min_expected: table.min_expected(),
        n: table.n,
        rows: table.rows,
        columns: table.columns,
        resamples: None,
        seed: None,
        reason,
    }
}

/// Pearson's χ² test of independence: χ² = Σ (O − E)² / E with E_ij = r_i c_j / n,
/// df = (r − 1)(c − 1), p = P(χ²_df ≥ χ²) (Pearson 1900; Agresti 2013, Categorical Data
/// Analysis, §3.2.1). Without continuity correction (as `scipy.stats.chi2_contingency(...,
/// correction=False)` and R's `chisq.test(..., correct = FALSE)`).
///
/// All-zero rows and columns are left out, as in [`independence_with`]. `None` when fewer than
/// two non-empty rows or columns remain.
pub fn chi_square(table: &[Vec<u64>]) -> Option<TableTest> {
    let table = Table::new(table)?;
    let statistic = table.pearson();
    let df = table.df();
    Some(TableTest {
        statistic,
        df,
        p_value: upper_tail(statistic, df),
    })
}

/// The G-test (log-likelihood ratio) of independence: G = 2 Σ O ln(O / E), with 0 · ln 0 = 0,
/// df = (r − 1)(c − 1), p = P(χ²_df ≥ G) (Agresti 2013, §3.2.1; Sokal & Rohlf, Biometry, §17),
/// without Williams' correction (as `scipy.stats.chi2_contingency(..., correction=False,
/// lambda_="log-likelihood")`).
///
/// All-zero rows and columns are left out. `None` when fewer than two non-empty rows or columns
/// remain.
pub fn g_test(table: &[Vec<u64>]) -> Option<TableTest> {
    let table = Table::new(table)?;
    let statistic = table.g();
    let df = table.df();
    Some(TableTest {
        statistic,
        df,
        p_value: upper_tail(statistic, df),
    })
}

/// The Monte Carlo permutation test of independence on its own: the p-value of Pearson's χ²
/// among `resamples` random tables with the observed row and column totals, drawn from the
/// ChaCha8 stream for `seed` (the method [`independence_with`] falls back on; see there).
/// Useful to check a large-sample p-value, or for pairwise comparisons with small counts.
///
/// All-zero rows and columns are left out. `None` when fewer than two non-empty rows or columns
/// remain. With `resamples` = 0 the p-value is 1.
pub fn permutation_test(table: &[Vec<u64>], resamples: usize, seed: u64) -> Option<f64> {
    let table = Table::new(table)?;
    Some(table.permutation_p(table.pearson(), resamples, seed))
}

/// Cramér's V = √(χ² / (n (min(r, c) − 1))) (Cramér 1946, Mathematical Methods of Statistics,
/// §21.9): the strength of association, from 0 (none) to 1 (every row in columns of its own),
/// comparable across tables of different sizes, unlike χ² itself.
///
/// All-zero rows and columns are left out. `None` when fewer than two non-empty rows or columns
/// remain.
pub fn cramers_v(table: &[Vec<u64>]) -> Option<f64> {
    let table = Table::new(table)?;
    Some(table.cramers_v(table.pearson()))
}

/// Two-sided p-value of Fisher's exact test on the 2 × 2 table `[[a, b], [c, d]]`.
///
/// With the margins fixed, a follows the hypergeometric distribution
/// P(x) = C(a + c, x) C(b + d, a + b − x) / C(n, a + b); the p-value is the total probability
/// of the tables no more likely than the observed one, P(x) ≤ P(a)(1 + 10⁻⁷) (Fisher 1935;
/// Agresti 2013, §3.5; the relative tolerance is R's `fisher.test`, and scipy's
/// `fisher_exact` gives the same values).
///
/// 1 when a margin is zero (only one table is possible).
pub fn fisher_exact_2x2(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let first_row = a + b;
    let first_column = a + c;
    let n = first_row + c + d;
    let low = first_row.saturating_sub(n - first_column);
    let high = first_row.min(first_column);
    if low == high {
        return 1.0;
    }
    // Log-probabilities up to the common denominator, scaled by the largest before
    // exponentiating, so that huge tables neither underflow nor lose the tail.
    let logs: Vec<f64> = (low..=high)
        .map(|x| ln_binomial(first_column, x) + ln_binomial(n - first_column, first_row - x))
        .collect();
    let peak = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = logs.iter().map(|l| (l - peak).exp()).collect();
    let total: f64 = weights.iter().sum();
    let observed = weights[(a - low) as usize] * (1.0 + FISHER_RELATIVE_TOLERANCE);
    let extreme: f64 = weights.iter().filter(|&&w| w <= observed).sum();
    (extreme / total).min(1.0)
}

/// Holm–Bonferroni adjusted p-values, in the order given (Holm 1979, Scandinavian Journal of
/// Statistics 6(2):65–70).
///
/// With the m p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value of p₍ᵢ₎ is
/// max over j ≤ i of min(1, (m − j + 1) p₍ⱼ₎): monotone in the raw values and capped at 1, as
/// `statsmodels.stats.multitest.multipletests(method="holm")` and R's `p.adjust(method =
/// "holm")`. Reject a hypothesis at level α when its adjusted value is ≤ α; this controls the
/// family-wise error rate.
///
/// An empty slice gives an empty vector. A NaN p-value is treated as 1 (never significant) and
/// values outside [0, 1] are clamped into it.
pub fn holm(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let raw: Vec<f64> = p_values
        .iter()
        .map(|&p| if p.is_nan() { 1.0 } else { p.clamp(0.0, 1.0) })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| raw[i].total_cmp(&raw[j]).then(i.cmp(&j)));
    let mut adjusted = vec![0.0; m];
    let mut running = 0.0f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * raw[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

/// P(χ²_df ≥ statistic), for df > 0.
fn upper_tail(statistic: f64, df: u64) -> f64 {
    ChiSquared::new(df as f64)
        .expect("degrees of freedom are positive")
        .sf(statistic)
}

/// A table without its empty rows and columns, with its totals and expected counts.
struct Table {
    cells: Vec<Vec<u64>>,
    row_totals: Vec<u64>,
    column_totals: Vec<u64>,
    expected: Vec<Vec<f64>>,
    n: u64,
    rows: Vec<usize>,
    columns: Vec<usize>,
    input_rows: usize,
    input_columns: usize,
}

impl Table {
    /// `None` when fewer than two non-empty rows or columns remain.
    fn new(input: &[Vec<u64>]) -> Option<Table> {
        Table::with_columns(input, 2)
    }

    /// `None` when fewer than two non-empty rows or `min_columns` non-empty columns remain.
    fn with_columns(input: &[Vec<u64>], min_columns: usize) -> Option<Table> {
        let width = input.iter().map(Vec::len).max().unwrap_or(0);
        let cell = |i: usize, j: usize| input[i].get(j).copied().unwrap_or(0);
        let rows: Vec<usize> = (0..input.len())
            .filter(|&i| input[i].iter().any(|&x| x > 0))
            .collect();
        let columns: Vec<usize> = (0..width)
            .filter(|&j| rows.iter().any(|&i| cell(i, j) > 0))
            .collect();
        if rows.len() < 2 || columns.len() < min_columns.max(1) {
            return None;
        }
        let cells: Vec<Vec<u64>> = rows
            .iter()
            .map(|&i| columns.iter().map(|&j| cell(i, j)).collect())
            .collect();
        let row_totals: Vec<u64> = cells.iter().map(|row| row.iter().sum()).collect();
        let column_totals: Vec<u64> = (0..columns.len())
            .map(|j| cells.iter().map(|row| row[j]).sum())
            .collect();
        let n: u64 = row_totals.iter().sum();
        let expected = row_totals
            .iter()
            .map(|&r| {
                column_totals
                    .iter()
                    .map(|&c| r as f64 * c as f64 / n as f64)
                    .collect()
            })
            .collect();
        Some(Table {
            cells,
            row_totals,
            column_totals,
            expected,
            n,
            rows,
            columns,
            input_rows: input.len(),
            input_columns: width,
        })
    }

    /// Says in `reason` how many empty rows and columns were left out, if any.
    fn push_left_out(&self, reason: &mut String) {
        let dropped_rows = self.input_rows - self.rows.len();
        let dropped_columns = self.input_columns - self.columns.len();
        if dropped_rows + dropped_columns > 0 {
            reason.push_str(&format!(
                "; left out as empty: {dropped_rows} row(s), {dropped_columns} column(s)"
            ));
        }
    }

    fn df(&self) -> u64 {
        ((self.rows.len() - 1) * (self.columns.len() - 1)) as u64
    }

    fn min_expected(&self) -> f64 {
        self.expected
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min)
    }

    /// Pearson's χ² of the observed table.
    fn pearson(&self) -> f64 {
        pearson(&self.cells, &self.expected)
    }

    /// G = 2 Σ O ln(O / E), never below 0 (rounding can push a perfectly independent table a
    /// hair under).
    fn g(&self) -> f64 {
        let sum: f64 = self
            .cells
            .iter()
            .flatten()
            .zip(self.expected.iter().flatten())
            .filter(|&(&o, _)| o > 0)
            .map(|(&o, &e)| o as f64 * (o as f64 / e).ln())
            .sum();
        (2.0 * sum).max(0.0)
    }

    fn cramers_v(&self, chi_square: f64) -> f64 {
        let k = self.rows.len().min(self.columns.len()) - 1;
        (chi_square / (self.n as f64 * k as f64)).sqrt().min(1.0)
    }

    /// The permutation test's p-value for the observed χ².
    fn permutation_p(&self, observed: f64, resamples: usize, seed: u64) -> f64 {
        let mut stream = Stream::new(seed);
        // R's chisq.test counts resampled statistics ≥ observed × (1 − 64ε), so that tables
        // with the same χ² as the observed one are not lost to rounding.
        let threshold = observed * (1.0 - 64.0 * f64::EPSILON);
        let mut sampled = vec![vec![0u64; self.columns.len()]; self.rows.len()];
        let mut as_extreme = 0usize;
        for _ in 0..resamples {
            self.random_table(&mut stream, &mut sampled);
            if pearson(&sampled, &self.expected) >= threshold {
                as_extreme += 1;
            }
        }
        (1 + as_extreme) as f64 / (1 + resamples) as f64
    }

    /// A random table with this table's row and column totals, as likely as under a random
    /// relabelling of the observations: row by row, the row's observations are drawn without
    /// replacement from those not yet placed, one column at a time.
    fn random_table(&self, stream: &mut Stream, out: &mut [Vec<u64>]) {
        let mut left_in_column = self.column_totals.clone();
        let mut unplaced = self.n;
        for (row, &total) in out.iter_mut().zip(&self.row_totals) {
            let mut left_in_row = total;
            // Observations not yet placed in this row's remaining columns.
            let mut pool = unplaced;
            for (cell, column) in row.iter_mut().zip(left_in_column.iter_mut()) {
                let x = stream.hypergeometric(pool, *column, left_in_row);
                pool -= *column;
                *column -= x;
                left_in_row -= x;
                *cell = x;
            }
            unplaced -= total;
        }
    }
}

/// Σ (O − E)² / E.
fn pearson(cells: &[Vec<u64>], expected: &[Vec<f64>]) -> f64 {
    cells
        .iter()
        .flatten()
        .zip(expected.iter().flatten())
        .map(|(&o, &e)| (o as f64 - e).powi(2) / e)
        .sum()
}

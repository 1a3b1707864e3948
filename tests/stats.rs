//! The statistics module against values computed independently: scipy 1.17.1 and statsmodels
//! 0.15.0 (the call is written beside each number), or by hand (the arithmetic is written out).

use std::collections::{BTreeMap, HashMap};

use framelens::stats::{
    self, IndependenceConfig, Interval, LargeSample, Method, bootstrap_lean, bootstrap_rate,
    chi_square, cramers_v, dirichlet_shares, fightin_words, fightin_words_vs_rest,
    fisher_exact_2x2, g_test, holm, independence, independence_with, jeffreys_lean, keyness_g2,
    permutation_test, poisson_rate,
};

/// |actual − expected| within `relative` of |expected| (or of 1e-300 for expected 0).
fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs().max(1e-300)
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, relative: f64) {
    assert!(
        close(actual, expected, relative),
        "{actual} is not within {relative:e} (relative) of {expected}"
    );
}

#[track_caller]
fn assert_interval(actual: Interval, estimate: f64, low: f64, high: f64, relative: f64) {
    assert_close(actual.estimate, estimate, relative);
    assert_close(actual.low, low, relative);
    assert_close(actual.high, high, relative);
}

/// Closed forms agree with scipy to this relative error.
const TIGHT: f64 = 1e-9;

#[test]
fn poisson_rates_per_thousand_words() {
    // (count, words, low, high); low = chi2.ppf(0.025, 2k)/2/words*1000 (0 for k = 0),
    // high = chi2.ppf(0.975, 2k+2)/2/words*1000, by scipy.stats.chi2.ppf.
    let cases = [
        (0, 2000, 0.0, 1.8444397270569677),
        (1, 2000, 0.012658903992144938, 2.785821695469449),
        (10, 2000, 2.3976943480662167, 9.19517802100889),
        (12, 4000, 1.5501437771805544, 5.24039626204424),
    ];
    for (count, words, low, high) in cases {
        let rate = poisson_rate(count, words, 1000.0).unwrap();
        let estimate = count as f64 / words as f64 * 1000.0;
        assert_interval(rate, estimate, low, high, TIGHT);
    }
    // Per 100 words (LIWC's unit) is the same interval scaled by a tenth.
    let per_hundred = poisson_rate(10, 2000, 100.0).unwrap();
    assert_interval(
        per_hundred,
        0.5,
        0.23976943480662167,
        0.919517802100889,
        TIGHT,
    );
}

#[test]
fn poisson_rate_has_no_value_without_words() {
    assert_eq!(poisson_rate(3, 0, 1000.0), None);
    assert_eq!(poisson_rate(0, 0, 1000.0), None);
    assert_eq!(poisson_rate(3, 10, 0.0), None);
    assert_eq!(poisson_rate(3, 10, f64::NAN), None);
}

#[test]
fn jeffreys_intervals_match_beta_quantiles() {
    // (a, b, low, high) = scipy.stats.beta.ppf([0.025, 0.975], a + 0.5, b + 0.5), except that
    // the lower end is 0 when a = 0 and the upper 1 when b = 0 (Brown, Cai & DasGupta 2001):
    // beta.ppf(0.025, 0.5, 10.5) = 4.7890433157581876e-05 and beta.ppf(0.975, 1.5, 0.5) =
    // 0.9996144190192441 are replaced.
    let cases = [
        (0, 10, 0.0, 0.21719626750921053),
        (1, 0, 0.14674631630957513, 1.0),
        (3, 2, 0.20941666407600484, 0.905609672655656),
        (9, 3, 0.47080891637344924, 0.9240576710805152),
        (40, 60, 0.30795229848852, 0.4977432628019683),
    ];
    for (a, b, low, high) in cases {
        let lean = jeffreys_lean(a, b).unwrap();
        let p = a as f64 / (a + b) as f64;
        assert_interval(lean.share, p, low, high, TIGHT);
        // Lean = 2p − 1 with both ends mapped.
        assert_close(lean.lean.estimate + 1.0, 2.0 * p, TIGHT);
        assert_close(lean.lean.low + 1.0, 2.0 * low, TIGHT);
        assert_close(lean.lean.high + 1.0, 2.0 * high, TIGHT);
        assert_eq!(lean.n, a + b);
        assert_eq!(lean.too_thin, a + b < 5, "({a}, {b})");
    }
    assert_eq!(jeffreys_lean(0, 0), None);
}

#[test]
fn dirichlet_marginals_match_beta_quantiles() {
    // Counts [5, 3, 0, 12], Σ = 20, k = 4: share i has Beta(cᵢ + ½, 20 − cᵢ + 3/2);
    // scipy.stats.beta.ppf([0.025, 0.975], c + 0.5, 20 - c + 1.5). For c = 0 the lower end is
    // 0 instead of beta.ppf(0.025, 0.5, 21.5) = 2.3105642649153446e-05.
    let shares = dirichlet_shares(&[5, 3, 0, 12]).unwrap();
    let expected = [
        (0.25, 0.09716335293672451, 0.445703406360434),
        (0.15, 0.041937948969454214, 0.33418696966608524),
        (0.0, 0.0, 0.11147031619304097),
        (0.6, 0.3620583951735885, 0.762557026436924),
    ];
    assert_eq!(shares.len(), expected.len());
    for (share, (estimate, low, high)) in shares.into_iter().zip(expected) {
        assert_interval(share, estimate, low, high, TIGHT);
    }
    // Two sides: exactly the Jeffreys interval.
    let two = dirichlet_shares(&[9, 3]).unwrap();
    assert_eq!(two[0], jeffreys_lean(9, 3).unwrap().share);
    // Nothing to share out.
    assert_eq!(dirichlet_shares(&[]), None);
    assert_eq!(dirichlet_shares(&[0, 0, 0]), None);
    let one = dirichlet_shares(&[4]).unwrap();
    assert_eq!((one[0].estimate, one[0].low, one[0].high), (1.0, 1.0, 1.0));
}

/// A table with scipy's answers: scipy.stats.chi2_contingency(table, correction=False) for χ²,
/// with lambda_="log-likelihood" for G, and scipy.stats.contingency.association(table,
/// method="cramer") for V.
struct Reference {
    table: &'static [&'static [u64]],
    chi_square: f64,
    df: u64,
    chi_square_p: f64,
    g: f64,
    g_p: f64,
    cramers_v: f64,
    min_expected: f64,
}

const REFERENCES: &[Reference] = &[
    Reference {
        table: &[&[10, 20], &[30, 25]],
        chi_square: 3.505892255892255,
        df: 1,
        chi_square_p: 0.06115089757606777,
        g: 3.558866864788909,
        g_p: 0.05922815738837624,
        cramers_v: 0.2030905986149808,
        min_expected: 14.117647058823529,
    },
    Reference {
        table: &[&[20, 15, 25], &[30, 22, 18], &[12, 30, 28]],
        chi_square: 13.759443194231995,
        df: 4,
        chi_square_p: 0.008103744629561564,
        g: 14.391651509740344,
        g_p: 0.006144482314577846,
        cramers_v: 0.18546861725256913,
        min_expected: 18.6,
    },
    Reference {
        table: &[&[45, 30, 25], &[20, 35, 45]],
        chi_square: 15.714285714285714,
        df: 2,
        chi_square_p: 0.00038697794464386063,
        g: 16.047385712417736,
        g_p: 0.00032760797708389854,
        cramers_v: 0.280305955290694,
        min_expected: 32.5,
    },
];

fn owned(table: &[&[u64]]) -> Vec<Vec<u64>> {
    table.iter().map(|row| row.to_vec()).collect()
}

#[test]
fn chi_square_g_and_cramers_v_match_scipy() {
    for reference in REFERENCES {
        let table = owned(reference.table);
        let chi = chi_square(&table).unwrap();
        assert_close(chi.statistic, reference.chi_square, TIGHT);
        assert_eq!(chi.df, reference.df);
        assert_close(chi.p_value, reference.chi_square_p, TIGHT);
        let g = g_test(&table).unwrap();
        assert_close(g.statistic, reference.g, TIGHT);
        assert_eq!(g.df, reference.df);
        assert_close(g.p_value, reference.g_p, TIGHT);
        assert_close(cramers_v(&table).unwrap(), reference.cramers_v, TIGHT);

        // Large expected counts: independence() uses Pearson's χ² and says why.
        let test = independence(&table, 1).unwrap();
        assert_eq!(test.method, Method::ChiSquare);
        assert_close(test.statistic, reference.chi_square, TIGHT);
        assert_eq!(test.df, Some(reference.df));
        assert_close(test.p_value, reference.chi_square_p, TIGHT);
        assert_close(test.g_statistic, reference.g, TIGHT);
        assert_close(test.g_p_value.unwrap(), reference.g_p, TIGHT);
        assert_close(test.cramers_v, reference.cramers_v, TIGHT);
        assert_close(test.min_expected, reference.min_expected, TIGHT);
        assert!(test.reason.contains("at least 5"), "{}", test.reason);
        assert_eq!(test.resamples, None);

        // Or the G-test, when configured.
        let config = IndependenceConfig {
            large_sample: LargeSample::GTest,
            ..IndependenceConfig::default()
        };
        let test = independence_with(&table, &config).unwrap();
        assert_eq!(test.method, Method::GTest);
        assert_close(test.statistic, reference.g, TIGHT);
        assert_close(test.p_value, reference.g_p, TIGHT);
    }
}

#[test]
fn empty_rows_and_columns_are_left_out() {
    // [[10, 20], [30, 25]] with an empty row, an empty column and a short row of zeros gives
    // scipy's answer for [[10, 20], [30, 25]] (first reference table).
    let table = vec![vec![10, 0, 20], vec![0, 0, 0], vec![30, 0, 25], vec![]];
    let test = independence(&table, 1).unwrap();
    assert_close(test.chi_square, 3.505892255892255, TIGHT);
    assert_eq!(test.df, Some(1));
    assert_eq!(test.n, 85);
    assert_eq!(test.rows, vec![0, 2]);
    assert_eq!(test.columns, vec![0, 2]);
    assert!(
        test.reason
            .ends_with("left out as empty: 2 row(s), 1 column(s)"),
        "{}",
        test.reason
    );
    assert_close(
        chi_square(&table).unwrap().statistic,
        3.505892255892255,
        TIGHT,
    );
    // A short row counts as zeros in its missing cells.
    let ragged = vec![vec![10, 20], vec![30]];
    assert_eq!(
        chi_square(&ragged),
        chi_square(&[vec![10, 20], vec![30, 0]])
    );
}

#[test]
fn tables_with_nothing_to_compare_have_no_test() {
    let degenerate: &[&[&[u64]]] = &[
        &[],
        &[&[]],
        &[&[0, 0], &[0, 0]],
        &[&[5, 7]],
        &[&[5, 7], &[0, 0]],
    ];
    for table in degenerate {
        let table = owned(table);
        assert_eq!(independence(&table, 1), None, "{table:?}");
        assert_eq!(chi_square(&table), None, "{table:?}");
        assert_eq!(g_test(&table), None, "{table:?}");
        assert_eq!(cramers_v(&table), None, "{table:?}");
        assert_eq!(permutation_test(&table, 100, 1), None, "{table:?}");
    }
}

#[test]
fn rows_with_every_count_in_one_column_cannot_differ() {
    // Rows that cannot differ are a test with p = 1, not a table left out of a family of
    // tests: scipy.stats.fisher_exact([[7, 0], [2, 0]]).pvalue = 1.0, as R's
    // fisher.test(matrix(c(7, 2, 0, 0), 2))$p.value. χ² and G are 0 (every observed count is
    // its expected count), and so is Cramér's V.
    // (table, n, smallest expected count = smallest row total, rows kept, columns kept)
    type Case = (
        &'static [&'static [u64]],
        u64,
        f64,
        &'static [usize],
        &'static [usize],
    );
    let cases: &[Case] = &[
        (&[&[7, 0], &[2, 0]], 9, 2.0, &[0, 1], &[0]),
        (&[&[0, 5], &[0, 7], &[0, 0]], 12, 5.0, &[0, 1], &[1]),
        (&[&[3], &[4], &[9]], 16, 3.0, &[0, 1, 2], &[0]),
    ];
    for &(table, n, min_expected, rows, columns) in cases {
        let table = owned(table);
        let test = independence(&table, 1).expect("a test");
        assert_eq!(test.method, Method::OneColumn, "{table:?}");
        assert_eq!(test.p_value, 1.0, "{table:?}");
        assert_eq!(
            (test.chi_square, test.g_statistic, test.cramers_v),
            (0.0, 0.0, 0.0)
        );
        assert_eq!((test.df, test.g_p_value), (None, None));
        assert_eq!((test.n, test.min_expected), (n, min_expected), "{table:?}");
        assert_eq!((&test.rows[..], &test.columns[..]), (rows, columns));
        assert!(
            test.reason.contains("exact p-value is 1"),
            "{}",
            test.reason
        );
        // The statistics themselves still have no value on a single column.
        assert_eq!(chi_square(&table), None, "{table:?}");
        assert_eq!(cramers_v(&table), None, "{table:?}");
    }
    let test = independence(&[vec![0, 5], vec![0, 7], vec![0, 0]], 1).unwrap();
    assert!(
        test.reason
            .ends_with("left out as empty: 1 row(s), 1 column(s)"),
        "{}",
        test.reason
    );
}

#[test]
fn fisher_exact_matches_scipy() {
    // ([[a, b], [c, d]], scipy.stats.fisher_exact(table).pvalue)
    let cases = [
        ([9, 3, 2, 8], 0.029973122852379817),
        ([6, 2, 1, 4], 0.10256410256410256),
        ([0, 5, 5, 0], 0.007936507936507938),
        ([100, 120, 80, 150], 0.026719317725936394),
        ([2, 7, 8, 2], 0.02301413756522116),
        // Symmetric: every table as likely as the observed one counts (the tolerance).
        ([3, 3, 3, 3], 1.0),
        // An empty margin: one possible table.
        ([1, 0, 0, 0], 1.0),
        ([0, 0, 4, 5], 1.0),
        ([0, 0, 0, 0], 1.0),
    ];
    for ([a, b, c, d], expected) in cases {
        assert_close(fisher_exact_2x2(a, b, c, d), expected, TIGHT);
    }
}

#[test]
fn small_two_by_two_tables_use_fisher() {
    // Expected counts as low as 9·9/19 = 4.26 < 5: Fisher,
    // scipy.stats.fisher_exact([[2, 7], [8, 2]]).pvalue = 0.02301413756522116.
    let test = independence(&[vec![2, 7], vec![8, 2]], 1).unwrap();
    assert_eq!(test.method, Method::FisherExact);
    assert_close(test.p_value, 0.02301413756522116, TIGHT);
    assert_eq!(test.df, None);
    assert_eq!(test.g_p_value, None);
    assert_close(test.min_expected, 81.0 / 19.0, TIGHT);
    assert!(test.reason.contains("2 × 2"), "{}", test.reason);
    assert!(test.reason.contains("Fisher"), "{}", test.reason);
}

#[test]
fn small_larger_tables_use_a_seeded_permutation_test() {
    // Exact conditional p-value of Pearson's χ² for [[1, 4, 0], [6, 1, 2]], by enumerating
    // every first row with the observed margins (Python, math.comb): 0.038461538461538464.
    // χ² = 6.782222222222222, smallest expected 0.7142857142857143 (scipy chi2_contingency).
    let table = vec![vec![1, 4, 0], vec![6, 1, 2]];
    let test = independence(&table, 7).unwrap();
    assert_eq!(test.method, Method::Permutation);
    assert_close(test.statistic, 6.782222222222222, TIGHT);
    assert_close(test.min_expected, 0.7142857142857143, TIGHT);
    assert_eq!(test.resamples, Some(stats::PERMUTATION_RESAMPLES));
    assert_eq!(test.seed, Some(7));
    assert!(test.reason.contains("2 × 3"), "{}", test.reason);
    assert!(test.reason.contains("seed 7"), "{}", test.reason);
    // 10,000 resamples: the Monte Carlo standard error is √(0.0385·0.9615/10⁴) ≈ 0.0019.
    assert!(
        (test.p_value - 0.038461538461538464).abs() < 0.008,
        "{}",
        test.p_value
    );
    // Deterministic: the same seed gives the same p-value, another seed a different one.
    assert_eq!(independence(&table, 7).unwrap().p_value, test.p_value);
    let other = independence(&table, 8).unwrap().p_value;
    assert_ne!(other, test.p_value);
    assert!((other - 0.038461538461538464).abs() < 0.008, "{other}");
}

#[test]
fn permutation_agrees_with_chi_square_on_a_large_table() {
    // 3 × 3, n = 2012, one thin row (smallest expected 2.89): scipy chi2_contingency gives
    // χ² = 10.458887778704156, df 4, p = 0.03336803664489757; the permutation p-value
    // estimated by scipy.stats.random_table(rows, cols).rvs(200000, random_state=0) is
    // 0.03090484547577262 (standard error 0.0004).
    let table = vec![vec![480, 300, 220], vec![430, 310, 260], vec![2, 5, 5]];
    let test = independence(&table, 11).unwrap();
    assert_eq!(test.method, Method::Permutation);
    assert!((test.p_value - 0.0309).abs() < 0.008, "{}", test.p_value);
    assert!((test.p_value - 0.0334).abs() < 0.01, "{}", test.p_value);
    // On a table where χ² applies, the permutation test lands near the asymptotic p.
    let large = owned(REFERENCES[1].table);
    let p = permutation_test(&large, 10_000, 3).unwrap();
    assert!((p - REFERENCES[1].chi_square_p).abs() < 0.004, "{p}");
    assert_eq!(permutation_test(&large, 10_000, 3), Some(p));
    assert_eq!(permutation_test(&large, 0, 3), Some(1.0));
}

#[test]
fn holm_matches_statsmodels() {
    // statsmodels.stats.multitest.multipletests(p, method="holm")[1]
    let cases: &[(&[f64], &[f64])] = &[
        (
            &[0.01, 0.04, 0.03, 0.005, 0.2],
            &[0.04, 0.09, 0.09, 0.025, 0.2],
        ),
        (&[0.5, 0.02, 0.02, 0.001], &[0.5, 0.06, 0.06, 0.004]),
        (&[], &[]),
        (&[0.3], &[0.3]),
    ];
    for (raw, expected) in cases {
        let adjusted = holm(raw);
        assert_eq!(adjusted.len(), expected.len());
        for (a, e) in adjusted.iter().zip(*expected) {
            assert_close(*a, *e, TIGHT);
        }
    }
    // Capped at 1, NaN treated as 1 (by hand: sorted 0.4, 0.6, NaN→1 → 1.2→1, 1.2→1, 1).
    assert_eq!(holm(&[0.6, f64::NAN, 0.4]), vec![1.0, 1.0, 1.0]);
}

#[test]
fn fightin_words_on_a_worked_example() {
    // Target n^i = 34, reference n^j = 36, prior = their sum (70 words), scale 0.1 → α₀ = 7.
    // mercenaries: y^i = 8, y^j = 1, α = 0.9;
    //   δ = ln(8.9 / (34 + 7 − 8.9)) − ln(1.9 / (36 + 7 − 1.9)) = ln(8.9/32.1) − ln(1.9/41.1)
    //     = −1.2828047533978761 − (−3.0741542353297944) = 1.7913494819319182,
    //   σ² = 1/8.9 + 1/1.9 = 0.6386753400354819, z = δ/σ = 2.241507769298673.
    // fighters: 1 vs 7, α = 0.8: δ = ln(1.8/32.2) − ln(7.8/35.2) = −1.5739677329857926,
    //   σ² = 1/1.8 + 1/7.8 = 0.6837606837606838, z = −1.9034600326254916.
    // the: 20 vs 22, α = 4.2: δ = ln(24.2/16.8) − ln(26.2/16.8) = −0.07940677760441034,
    //   z = −0.28164408370889715. army: 5 vs 6, α = 1.1: δ = ln(6.1/34.9) − ln(7.1/35.9)
    //   = −0.12355554658215273, z = −0.22380478753316518.
    // (The arithmetic was checked with Python's math.log.)
    let target: BTreeMap<String, u64> = [
        ("mercenaries", 8),
        ("fighters", 1),
        ("the", 20),
        ("army", 5),
    ]
    .into_iter()
    .map(|(t, c)| (t.to_owned(), c))
    .collect();
    let reference: BTreeMap<String, u64> = [
        ("mercenaries", 1),
        ("fighters", 7),
        ("the", 22),
        ("army", 6),
    ]
    .into_iter()
    .map(|(t, c)| (t.to_owned(), c))
    .collect();
    let corpus: BTreeMap<String, u64> = target
        .iter()
        .map(|(t, c)| (t.clone(), c + reference[t]))
        .collect();
    let scores = fightin_words(&target, &reference, &corpus, 0.1);
    let expected = [
        ("mercenaries", 8, 1, 1.7913494819319182, 2.241507769298673),
        ("army", 5, 6, -0.12355554658215273, -0.22380478753316518),
        ("the", 20, 22, -0.07940677760441034, -0.28164408370889715),
        ("fighters", 1, 7, -1.5739677329857926, -1.9034600326254916),
    ];
    assert_eq!(scores.len(), expected.len());
    for (score, (term, y_i, y_j, delta, z)) in scores.iter().zip(expected) {
        assert_eq!(score.term, term);
        assert_eq!((score.target_count, score.reference_count), (y_i, y_j));
        assert_close(score.delta, delta, TIGHT);
        assert_close(score.z, z, TIGHT);
    }
    // Against the rest of the corpus: the same figures, from the corpus and the target alone.
    assert_eq!(fightin_words_vs_rest(&target, &corpus, 0.1), scores);
    // Any map of counts will do.
    let hashed: HashMap<&str, u64> = target.iter().map(|(t, &c)| (t.as_str(), c)).collect();
    assert_eq!(fightin_words(&hashed, &reference, &corpus, 0.1), scores);
}

#[test]
fn fightin_words_edge_cases() {
    let empty: BTreeMap<String, u64> = BTreeMap::new();
    assert!(fightin_words(&empty, &empty, &empty, 0.1).is_empty());
    assert!(fightin_words_vs_rest(&empty, &empty, 0.1).is_empty());
    let some: BTreeMap<&str, u64> = [("a", 2), ("b", 3)].into_iter().collect();
    assert!(fightin_words(&some, &some, &some, f64::NAN).is_empty());
    assert!(fightin_words(&some, &some, &some, -1.0).is_empty());
    // Identical groups: every δ is 0, ties sorted by term.
    let tied = fightin_words(&some, &some, &some, 0.1);
    let terms: Vec<&str> = tied.iter().map(|s| s.term.as_str()).collect();
    assert_eq!(terms, ["a", "b"]);
    assert!(tied.iter().all(|s| s.delta == 0.0 && s.z == 0.0));
    // A term missing from the prior and from one group has no finite log-odds: left out.
    let target: BTreeMap<&str, u64> = [("a", 2), ("new", 4)].into_iter().collect();
    let reference: BTreeMap<&str, u64> = [("a", 3), ("b", 1)].into_iter().collect();
    let prior: BTreeMap<&str, u64> = [("a", 5), ("b", 1)].into_iter().collect();
    let scores = fightin_words(&target, &reference, &prior, 0.1);
    // By hand (n^i = 6, n^j = 4, α₀ = 0.6): z_b = ln(0.1/6.5) − ln(1.1/3.5) over
    // √(1/0.1 + 1/1.1) = −0.9134, z_a = ln(2.5/4.1) − ln(3.5/1.1) over √(1/2.5 + 1/3.5)
    // = −1.9952; "new" is left out.
    let terms: Vec<&str> = scores.iter().map(|s| s.term.as_str()).collect();
    assert_eq!(terms, ["b", "a"]);
    assert_close(scores[0].z, -0.913422275030802, TIGHT);
    assert_close(scores[1].z, -1.9951595035183811, TIGHT);
    // A group made of one word only has no "other words" to set against it: its log-odds
    // is infinite without a prior that knows other words, and the term is left out.
    let only: BTreeMap<&str, u64> = [("a", 3)].into_iter().collect();
    let prior_a: BTreeMap<&str, u64> = [("a", 5)].into_iter().collect();
    assert!(fightin_words(&target, &only, &prior_a, 0.1).is_empty());
    assert!(
        scores
            .iter()
            .all(|s| s.z.is_finite() && s.delta.is_finite())
    );
}

#[test]
fn keyness_matches_a_hand_computation() {
    // (a, b, c, d, G²/q). G = 2 Σ O ln(O N / (row · column)) — equal to
    // scipy.stats.chi2_contingency([[a, b], [c, d]], correction=False,
    // lambda_="log-likelihood").statistic — then Williams' q = 1 + (N/(a+b) + N/(c+d) − 1)
    // (N/(a+c) + N/(b+d) − 1) / (6N):
    // (30, 10, 9970, 11990): G = 14.469000518139655, q = 1.0126389307464445, G/q = 14.28841029;
    // (5, 0, 995, 2000): G = 11.002826691003126, q = 1.116666991281766, G/q = 9.85327476938629.
    let cases = [
        (30, 10, 9970, 11990, 14.288410290007464),
        (10, 30, 11990, 9970, -14.288410290007464),
        (5, 0, 995, 2000, 9.85327476938629),
        (0, 5, 2000, 995, -9.85327476938629),
        // Same proportion in both: no keyness.
        (1, 1, 99, 99, 0.0),
    ];
    for (a, b, c, d, expected) in cases {
        let g2 = keyness_g2(a, b, c, d);
        if expected == 0.0 {
            assert_eq!(g2, 0.0);
        } else {
            assert_close(g2, expected, TIGHT);
        }
    }
    // Empty margins: nothing to compare.
    for (a, b, c, d) in [(0, 0, 10, 10), (5, 5, 0, 0), (0, 5, 0, 5), (0, 0, 0, 0)] {
        assert_eq!(keyness_g2(a, b, c, d), 0.0);
    }
}

/// Ten articles of one outlet: (hits, words).
const ARTICLES: &[(u64, u64)] = &[
    (3, 420),
    (0, 310),
    (7, 880),
    (1, 205),
    (0, 150),
    (12, 1030),
    (2, 390),
    (0, 610),
    (5, 475),
    (1, 330),
];

#[test]
fn bootstrap_rate_is_deterministic_and_sensible() {
    // Pooled rate: 31 hits / 4800 words × 1000 = 6.458333….
    let first = bootstrap_rate(ARTICLES, 1000.0, 2000, 42).unwrap();
    assert_close(first.estimate, 31.0 / 4800.0 * 1000.0, TIGHT);
    assert!(
        first.low < first.estimate && first.estimate < first.high,
        "{first:?}"
    );
    // Same seed, same interval, to the bit.
    assert_eq!(bootstrap_rate(ARTICLES, 1000.0, 2000, 42), Some(first));
    // Another seed: a different interval, but close (the ends move by Monte Carlo noise only).
    let second = bootstrap_rate(ARTICLES, 1000.0, 2000, 43).unwrap();
    assert_ne!(first, second);
    assert_eq!(first.estimate, second.estimate);
    assert!(
        (first.low - second.low).abs() < 0.1 * first.estimate,
        "{first:?} {second:?}"
    );
    assert!(
        (first.high - second.high).abs() < 0.1 * first.estimate,
        "{first:?} {second:?}"
    );
    // Clustered hits make the article bootstrap wider than the Poisson interval.
    let poisson = poisson_rate(31, 4800, 1000.0).unwrap();
    assert!(first.high - first.low > poisson.high - poisson.low);
}

#[test]
fn bootstrap_rate_without_data_has_no_interval() {
    assert_eq!(bootstrap_rate(&[], 1000.0, 100, 1), None);
    assert_eq!(bootstrap_rate(&[(0, 0), (0, 0)], 1000.0, 100, 1), None);
    assert_eq!(bootstrap_rate(ARTICLES, 1000.0, 0, 1), None);
    assert_eq!(bootstrap_rate(ARTICLES, -1.0, 100, 1), None);
    // One article: every resample is that article.
    let one = bootstrap_rate(&[(2, 400)], 1000.0, 50, 1).unwrap();
    assert_eq!((one.estimate, one.low, one.high), (5.0, 5.0, 5.0));
    // No hits anywhere: a rate of 0 with a zero-width interval, not NaN.
    let none = bootstrap_rate(&[(0, 400), (0, 100)], 1000.0, 50, 1).unwrap();
    assert_eq!((none.estimate, none.low, none.high), (0.0, 0.0, 0.0));
}

#[test]
fn bootstrap_lean_is_deterministic_and_skips_empty_resamples() {
    // (hits favoring side 1, side 2) per article; pooled 20 vs 8: lean 2·20/28 − 1 = 3/7.
    let articles = [
        (4, 1),
        (0, 0),
        (6, 2),
        (0, 3),
        (5, 0),
        (0, 0),
        (3, 2),
        (2, 0),
    ];
    let first = bootstrap_lean(&articles, 2000, 42).unwrap();
    assert_close(first.estimate, 3.0 / 7.0, TIGHT);
    assert!(
        first.low < first.estimate && first.estimate < first.high,
        "{first:?}"
    );
    assert!(first.low >= -1.0 && first.high <= 1.0);
    assert_eq!(bootstrap_lean(&articles, 2000, 42), Some(first));
    let second = bootstrap_lean(&articles, 2000, 7).unwrap();
    assert_ne!(first, second);
    assert!((first.low - second.low).abs() < 0.1 && (first.high - second.high).abs() < 0.1);
    // A single article with side-tagged hits among empty ones: many resamples have none and
    // are skipped, the rest all give lean 1.
    let sparse = bootstrap_lean(&[(0, 0), (0, 0), (2, 0)], 500, 1).unwrap();
    assert_eq!((sparse.estimate, sparse.low, sparse.high), (1.0, 1.0, 1.0));
    assert_eq!(bootstrap_lean(&[(0, 0), (0, 0)], 500, 1), None);
    assert_eq!(bootstrap_lean(&[], 500, 1), None);
    assert_eq!(bootstrap_lean(&articles, 0, 1), None);
}

#[test]
fn results_serialize_for_reports() {
    let test = independence(&[vec![2, 7], vec![8, 2]], 1).unwrap();
    let json = serde_json::to_value(&test).unwrap();
    assert_eq!(json["method"], "fisher_exact");
    assert_eq!(json["df"], serde_json::Value::Null);
    let lean = serde_json::to_value(jeffreys_lean(3, 1).unwrap()).unwrap();
    assert_eq!(lean["too_thin"], true);
    assert_eq!(lean["n"], 4);
    assert_eq!(lean["share"]["estimate"], 0.75);
}

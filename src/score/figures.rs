//! The figures a framing report shows, computed from an aggregate: per outlet and per outlet
//! within each event, contested names, attribution, tests of difference, distinctive words.
//!
//! Everything here is data (serialized as `report.json`, schema [`FIGURES_SCHEMA`]); the HTML
//! report and the CSV tables only present it. Every interval says how it was made, every test
//! says what it used and why, and leans resting on fewer than five side-tagged hits are flagged
//! too thin to draw.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::aggregate::{Aggregate, InputStamp, LexiconStamp};
use super::discover::{self, RankConfig};
use super::record::{ArticleScore, Kind};
use super::words::Group;
use crate::corpus::UNKNOWN_OUTLET;
use crate::lexicon::{LexiconSet, Stance};
use crate::matcher::Matcher;
use crate::stats::{
    self, BOOTSTRAP_RESAMPLES, DEFAULT_PRIOR_SCALE, DEFAULT_SEED, IndependenceTest, Interval, Lean,
    Method, WordScore,
};
use crate::text::Voice;

/// The report data format's version.
pub const FIGURES_SCHEMA: &str = "framelens-report/1";

/// Rates are per this many words.
pub const PER_WORDS: f64 = 1000.0;

/// How many distinctive words to keep per group.
pub const DISTINCTIVE_TOP: usize = 15;

/// Fewer side-tagged hits than this in the outlets × sides table and the tests have little
/// power: the report says so (and what a small p-value still means).
pub const FEW_SIDE_TAGGED_HITS: u64 = 20;

/// The conventional level below which the report calls a difference significant.
pub const SIGNIFICANCE: f64 = 0.05;

/// A side of the conflict, as the lexicons name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideInfo {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
}

/// What was analysed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorpusSummary {
    /// Articles scored.
    pub articles: usize,
    /// Words scored.
    pub words: u64,
    /// Outlets (the unknown outlet counts as one when it has articles).
    pub outlets: usize,
    /// Articles with no outlet in their metadata.
    pub unknown_outlet_articles: usize,
    /// Events with articles.
    pub events: usize,
    /// Earliest and latest article dates.
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Articles without a date.
    pub undated: usize,
    /// Inputs (or articles) that could not be read.
    pub skipped: u64,
    /// Loaded-term hits.
    pub hits: u64,
}

/// Counts by voice, with the lean in that voice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoiceFigures {
    /// Loaded-term hits in this voice.
    pub hits: u64,
    /// By the side they favor (`""`: no side).
    pub by_side: BTreeMap<String, u64>,
    /// Lean between the first two sides (Jeffreys interval).
    pub lean: Option<Lean>,
    /// Shares of every side, for more than two sides: Dirichlet(counts + ½). Left out of the
    /// JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side_shares: Option<Vec<Interval>>,
}

/// One term's use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermUse {
    /// `lexicon/term`.
    pub term: String,
    /// Short gloss.
    pub label: String,
    /// Frame id.
    pub frame: Option<String>,
    /// Hits by voice.
    pub by_voice: BTreeMap<Voice, u64>,
    /// Hits by the side they favored.
    pub by_side: BTreeMap<String, u64>,
    /// All hits.
    pub total: u64,
}

/// Attribution verbs of one stance toward one side's actors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributionCount {
    /// Distancing, endorsing or neutral.
    pub stance: Stance,
    /// The side of the actor introduced (`""`: a third party or nobody named).
    pub side: String,
    /// How many, in the outlet's own voice.
    pub count: u64,
}

/// An outlet's figures (over the whole corpus, or within one event).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutletFigures {
    /// Outlet id (`None`: unknown outlet).
    pub outlet: Option<String>,
    /// Name to show.
    pub name: String,
    /// Articles.
    pub articles: usize,
    /// Words.
    pub words: u64,
    /// Loaded-term hits, every voice.
    pub hits: u64,
    /// Hits per 1,000 words, exact Poisson interval.
    pub rate: Option<Interval>,
    /// Hits per 1,000 words, article-bootstrap interval (hits cluster within articles).
    pub rate_bootstrap: Option<Interval>,
    /// Own-voice hits per 1,000 words, exact Poisson interval.
    pub own_rate: Option<Interval>,
    /// Own-voice hits per 1,000 words, article-bootstrap interval.
    pub own_rate_bootstrap: Option<Interval>,
    /// The headline: own-voice lean between the first two sides, Jeffreys interval.
    pub lean: Option<Lean>,
    /// The own-voice lean with an article-bootstrap interval.
    pub lean_bootstrap: Option<Interval>,
    /// Shares of every side (own voice), for more than two sides: Dirichlet(counts + ½).
    pub side_shares: Option<Vec<Interval>>,
    /// By voice: own, quoted, reported.
    pub voices: BTreeMap<Voice, VoiceFigures>,
    /// Own-voice hits by frame.
    pub own_by_frame: BTreeMap<String, u64>,
    /// Own-voice hits per 1,000 words by frame.
    pub own_frame_rates: BTreeMap<String, f64>,
    /// Every term used, most used first.
    pub terms: Vec<TermUse>,
    /// Own-voice attribution verbs by stance and the side of the actor introduced.
    pub attribution: Vec<AttributionCount>,
}

/// One outlet's use of the names in a contested-name choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceUse {
    /// Outlet id.
    pub outlet: Option<String>,
    /// Name to show.
    pub name: String,
    /// Uses of every variant (own voice), in the choice's order.
    pub counts: Vec<u64>,
    /// Their shares (empty when the outlet used none).
    pub shares: Vec<f64>,
}

/// A contested-name choice across outlets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceFigures {
    /// `lexicon/choice`.
    pub choice: String,
    /// What is named.
    pub label: String,
    /// The variants: (id, label, side).
    pub variants: Vec<(String, String, Option<String>)>,
    /// Per outlet.
    pub outlets: Vec<ChoiceUse>,
}

/// Two outlets compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairTest {
    /// One outlet's name.
    pub a: String,
    /// The other's.
    pub b: String,
    /// The test.
    pub test: IndependenceTest,
    /// Holm-adjusted p-value over all pairs.
    pub p_holm: f64,
    /// Lean of `a` minus lean of `b` (own voice), when both have side-tagged hits and the
    /// lexicons have two sides (with more, a lean between the first two hides the others).
    pub lean_difference: Option<f64>,
}

/// Do the outlets differ in the sides their own words favor?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tests {
    /// Outlets in the table (rows), in order.
    pub outlets: Vec<String>,
    /// Sides in the table (columns).
    pub sides: Vec<String>,
    /// The outlets × sides table of own-voice hits.
    pub table: Vec<Vec<u64>>,
    /// The test over all outlets.
    pub overall: Option<IndependenceTest>,
    /// Every pair of outlets, Holm-adjusted.
    pub pairwise: Vec<PairTest>,
    /// In plain words: what the tests can and cannot say here.
    pub note: String,
}

/// A word or bigram that distinguishes a group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distinctive {
    /// Fightin' Words score of the n-gram.
    #[serde(flatten)]
    pub score: WordScore,
    /// The lexicon term it is, when it is one.
    pub lexicon_term: Option<String>,
}

/// A group's distinctive words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistinctiveWords {
    /// Outlet id.
    pub outlet: Option<String>,
    /// Name to show.
    pub name: String,
    /// Most distinctive first (z descending), only z > 1.96.
    pub words: Vec<Distinctive>,
}

/// One event across outlets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventFigures {
    /// Event id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// The article whose headline the title is, word for word (an event with no title of its
    /// own is named after one): that outlet's words, which a reader should see as such.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline_of: Option<String>,
    /// Dates covered.
    pub first_date: Option<NaiveDate>,
    /// Last date.
    pub last_date: Option<NaiveDate>,
    /// Article ids in the event, in canonical order.
    pub articles: Vec<String>,
    /// Each outlet within the event.
    pub outlets: Vec<OutletFigures>,
    /// What each outlet says that the others do not.
    pub distinctive: Vec<DistinctiveWords>,
}

/// Everything the report shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// [`FIGURES_SCHEMA`].
    pub schema: String,
    /// What was analysed.
    pub corpus: CorpusSummary,
    /// The sides, in lexicon order; leans are toward the first.
    pub sides: Vec<SideInfo>,
    /// The lexicons used.
    pub lexicons: Vec<LexiconUsed>,
    /// The inputs read.
    pub inputs: Vec<InputStamp>,
    /// Per outlet.
    pub outlets: Vec<OutletFigures>,
    /// Per event.
    pub events: Vec<EventFigures>,
    /// Contested names.
    pub choices: Vec<ChoiceFigures>,
    /// Tests of difference.
    pub tests: Tests,
    /// Distinctive words per outlet against the rest.
    pub distinctive: Vec<DistinctiveWords>,
    /// How the figures were made: seeds, resamples, priors, thresholds.
    pub methods: MethodsUsed,
}

/// A lexicon, without its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LexiconUsed {
    /// Id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Where it came from.
    pub origin: String,
    /// SHA-256 of its text.
    pub sha256: String,
}

impl From<&LexiconStamp> for LexiconUsed {
    fn from(stamp: &LexiconStamp) -> LexiconUsed {
        LexiconUsed {
            id: stamp.id.clone(),
            version: stamp.version.clone(),
            origin: stamp.origin.clone(),
            sha256: stamp.sha256.clone(),
        }
    }
}

/// The settings behind the figures, so a reader can reproduce them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MethodsUsed {
    /// Rates per this many words.
    pub per_words: f64,
    /// Bootstrap resamples.
    pub bootstrap_resamples: usize,
    /// Bootstrap intervals from fewer articles are marked, not shown, in the HTML: too few
    /// distinct resamples to trust ([`stats::BOOTSTRAP_FEW_BELOW`]).
    pub bootstrap_few_below: usize,
    /// Seed of the bootstrap and permutation tests.
    pub seed: u64,
    /// Leans on fewer side-tagged hits are too thin.
    pub too_thin_below: u64,
    /// Fightin' Words prior scale (α_w = scale × corpus count).
    pub prior_scale: f64,
    /// n-grams used fewer times in the corpus are not ranked.
    pub min_ngram_count: u64,
}

/// Computes every figure. `matcher` marks distinctive n-grams that are lexicon terms.
pub fn compute(aggregate: &Aggregate, set: &LexiconSet, matcher: &Matcher) -> Figures {
    let sides: Vec<SideInfo> = set
        .side_ids()
        .into_iter()
        .map(|id| SideInfo {
            id: id.to_string(),
            label: set.side_label(id).unwrap_or(id).to_string(),
        })
        .collect();
    let side_ids: Vec<String> = sides.iter().map(|s| s.id.clone()).collect();
    let name = |outlet: &Option<String>| match outlet {
        Some(id) => aggregate
            .outlets
            .get(id)
            .map_or_else(|| id.clone(), |o| o.name.clone()),
        None => UNKNOWN_OUTLET.to_string(),
    };
    let outlet_ids: Vec<Option<String>> = aggregate
        .articles
        .iter()
        .map(|a| a.outlet.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let labels = TermLabels::new(set);
    let outlets: Vec<OutletFigures> = outlet_ids
        .iter()
        .map(|o| {
            let articles: Vec<&ArticleScore> = aggregate
                .articles
                .iter()
                .filter(|a| &a.outlet == o)
                .collect();
            outlet_figures(o.clone(), name(o), &articles, &side_ids, &labels)
        })
        .collect();
    let total_tokens: u64 = aggregate
        .words
        .groups()
        .filter(|g| g.event.is_none())
        .map(|g| aggregate.words.tokens(g))
        .sum();
    let min_ngram_count = discover::default_min_count(total_tokens);
    // With one outlet there is no rest to compare against.
    let compared = if outlet_ids.len() > 1 {
        &outlet_ids[..]
    } else {
        &[]
    };
    let mut by_outlet = if compared.is_empty() {
        BTreeMap::new()
    } else {
        distinctive_by_outlet(aggregate, |g| g.event.is_none(), min_ngram_count, matcher)
    };
    let distinctive = compared
        .iter()
        .map(|o| DistinctiveWords {
            outlet: o.clone(),
            name: name(o),
            words: by_outlet.remove(o).unwrap_or_default(),
        })
        .collect();
    let events = event_figures(
        aggregate,
        &side_ids,
        &labels,
        &name,
        min_ngram_count,
        matcher,
    );
    let dates: Vec<NaiveDate> = aggregate.articles.iter().filter_map(|a| a.date).collect();
    let corpus = CorpusSummary {
        articles: aggregate.articles.len(),
        words: aggregate.articles.iter().map(|a| a.words).sum(),
        outlets: outlet_ids.len(),
        unknown_outlet_articles: aggregate
            .articles
            .iter()
            .filter(|a| a.outlet.is_none())
            .count(),
        events: events.len(),
        first_date: dates.iter().min().copied(),
        last_date: dates.iter().max().copied(),
        undated: aggregate.articles.len() - dates.len(),
        skipped: aggregate.skipped,
        hits: aggregate.articles.iter().map(|a| a.counts.hits).sum(),
    };
    Figures {
        schema: FIGURES_SCHEMA.to_string(),
        corpus,
        tests: tests(&outlets, &side_ids),
        choices: choices(aggregate, set, &outlet_ids, &name),
        sides,
        lexicons: aggregate.lexicons.iter().map(LexiconUsed::from).collect(),
        inputs: aggregate.inputs.clone(),
        outlets,
        events,
        distinctive,
        methods: MethodsUsed {
            per_words: PER_WORDS,
            bootstrap_resamples: BOOTSTRAP_RESAMPLES,
            bootstrap_few_below: stats::BOOTSTRAP_FEW_BELOW,
            seed: DEFAULT_SEED,
            too_thin_below: stats::TOO_THIN_BELOW,
            prior_scale: DEFAULT_PRIOR_SCALE,
            min_ngram_count,
        },
    }
}

/// Labels and frames of terms, from the lexicons.
struct TermLabels(HashMap<String, (String, Option<String>)>);

impl TermLabels {
    fn new(set: &LexiconSet) -> TermLabels {
        let mut map = HashMap::new();
        for lexicon in set.lexicons() {
            for term in &lexicon.terms {
                let label = term.label.clone().unwrap_or_else(|| term.id.clone());
                map.insert(
                    format!("{}/{}", lexicon.meta.id, term.id),
                    (label, term.frame.clone()),
                );
            }
        }
        TermLabels(map)
    }

    fn get(&self, key: &str) -> (String, Option<String>) {
        self.0
            .get(key)
            .cloned()
            .unwrap_or_else(|| (key.to_string(), None))
    }
}

fn count(map: &BTreeMap<String, u64>, key: &str) -> u64 {
    map.get(key).copied().unwrap_or(0)
}

/// Every side's share of a side count with its Dirichlet interval, when there are more than
/// two sides (a lean between the first two would hide the others).
fn shares_of(by_side: &BTreeMap<String, u64>, sides: &[String]) -> Option<Vec<Interval>> {
    if sides.len() <= 2 {
        return None;
    }
    let counts: Vec<u64> = sides.iter().map(|s| count(by_side, s)).collect();
    stats::dirichlet_shares(&counts)
}

/// The lean between the first two sides of a side count, when there are two sides.
fn lean_of(by_side: &BTreeMap<String, u64>, sides: &[String]) -> Option<Lean> {
    match sides {
        [first, second, ..] => stats::jeffreys_lean(count(by_side, first), count(by_side, second)),
        _ => None,
    }
}

fn outlet_figures(
    outlet: Option<String>,
    name: String,
    articles: &[&ArticleScore],
    sides: &[String],
    labels: &TermLabels,
) -> OutletFigures {
    let words: u64 = articles.iter().map(|a| a.words).sum();
    let hits: u64 = articles.iter().map(|a| a.counts.hits).sum();
    let own = |a: &ArticleScore| a.counts.by_voice.get(&Voice::Own).copied().unwrap_or(0);
    let own_hits: u64 = articles.iter().map(|a| own(a)).sum();
    let mut voices: BTreeMap<Voice, VoiceFigures> = BTreeMap::new();
    for voice in Voice::ALL {
        let mut by_side: BTreeMap<String, u64> = BTreeMap::new();
        let mut voice_hits = 0;
        for hit in articles
            .iter()
            .flat_map(|a| &a.hits)
            .filter(|h| h.kind == Kind::Loaded && h.voice == voice)
        {
            voice_hits += 1;
            *by_side
                .entry(hit.side.as_deref().unwrap_or_default().to_string())
                .or_default() += 1;
        }
        voices.insert(
            voice,
            VoiceFigures {
                hits: voice_hits,
                lean: lean_of(&by_side, sides),
                side_shares: shares_of(&by_side, sides),
                by_side,
            },
        );
    }
    let own_by_side = voices[&Voice::Own].by_side.clone();
    let per_article_rate: Vec<(u64, u64)> =
        articles.iter().map(|a| (a.counts.hits, a.words)).collect();
    let per_article_own: Vec<(u64, u64)> = articles.iter().map(|a| (own(a), a.words)).collect();
    let per_article_lean: Vec<(u64, u64)> = match sides {
        [first, second, ..] => articles
            .iter()
            .map(|a| {
                (
                    count(&a.counts.own_by_side, first),
                    count(&a.counts.own_by_side, second),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut own_by_frame: BTreeMap<String, u64> = BTreeMap::new();
    let mut terms: BTreeMap<String, TermUse> = BTreeMap::new();
    let mut attribution: BTreeMap<(Stance, String), u64> = BTreeMap::new();
    for hit in articles.iter().flat_map(|a| &a.hits) {
        match hit.kind {
            Kind::Loaded => {
                if hit.voice == Voice::Own
                    && let Some(frame) = &hit.frame
                {
                    *own_by_frame.entry(frame.to_string()).or_default() += 1;
                }
                let key = hit.key();
                let term = terms.entry(key.clone()).or_insert_with(|| {
                    let (label, frame) = labels.get(&key);
                    TermUse {
                        term: key,
                        label,
                        frame,
                        by_voice: BTreeMap::new(),
                        by_side: BTreeMap::new(),
                        total: 0,
                    }
                });
                term.total += 1;
                *term.by_voice.entry(hit.voice).or_default() += 1;
                *term
                    .by_side
                    .entry(hit.side.as_deref().unwrap_or_default().to_string())
                    .or_default() += 1;
            }
            Kind::Attribution if hit.voice == Voice::Own => {
                if let Some(stance) = hit.stance {
                    let side = hit.actor_side.as_deref().unwrap_or_default().to_string();
                    *attribution.entry((stance, side)).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    let mut terms: Vec<TermUse> = terms.into_values().collect();
    terms.sort_by(|a, b| b.total.cmp(&a.total).then(a.term.cmp(&b.term)));
    let own_frame_rates = own_by_frame
        .iter()
        .filter(|_| words > 0)
        .map(|(frame, n)| (frame.clone(), *n as f64 / words as f64 * PER_WORDS))
        .collect();
    OutletFigures {
        outlet,
        name,
        articles: articles.len(),
        words,
        hits,
        rate: stats::poisson_rate(hits, words, PER_WORDS),
        rate_bootstrap: stats::bootstrap_rate(
            &per_article_rate,
            PER_WORDS,
            BOOTSTRAP_RESAMPLES,
            DEFAULT_SEED,
        ),
        own_rate: stats::poisson_rate(own_hits, words, PER_WORDS),
        own_rate_bootstrap: stats::bootstrap_rate(
            &per_article_own,
            PER_WORDS,
            BOOTSTRAP_RESAMPLES,
            DEFAULT_SEED,
        ),
        lean: lean_of(&own_by_side, sides),
        lean_bootstrap: stats::bootstrap_lean(&per_article_lean, BOOTSTRAP_RESAMPLES, DEFAULT_SEED),
        side_shares: shares_of(&own_by_side, sides),
        voices,
        own_by_frame,
        own_frame_rates,
        terms,
        attribution: attribution
            .into_iter()
            .map(|((stance, side), count)| AttributionCount {
                stance,
                side,
                count,
            })
            .collect(),
    }
}

/// The outlets × sides test, and every pair of outlets, Holm-adjusted.
fn tests(outlets: &[OutletFigures], sides: &[String]) -> Tests {
    let rows: Vec<&OutletFigures> = outlets
        .iter()
        .filter(|o| {
            sides
                .iter()
                .any(|s| count(&o.voices[&Voice::Own].by_side, s) > 0)
        })
        .collect();
    let table: Vec<Vec<u64>> = rows
        .iter()
        .map(|o| {
            sides
                .iter()
                .map(|s| count(&o.voices[&Voice::Own].by_side, s))
                .collect()
        })
        .collect();
    let overall = stats::independence(&table, DEFAULT_SEED);
    let mut pairwise = Vec::new();
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let pair = [table[i].clone(), table[j].clone()];
            // Both rows have side-tagged hits, so every pair has a test: a pair whose hits all
            // favor one side is one too (p = 1), and stays in the family Holm adjusts for.
            let Some(test) = stats::independence(&pair, DEFAULT_SEED) else {
                continue;
            };
            let lean_difference = match (&rows[i].lean, &rows[j].lean) {
                (Some(a), Some(b)) if sides.len() == 2 => Some(a.lean.estimate - b.lean.estimate),
                _ => None,
            };
            pairwise.push(PairTest {
                a: rows[i].name.clone(),
                b: rows[j].name.clone(),
                test,
                p_holm: 1.0,
                lean_difference,
            });
        }
    }
    let adjusted = stats::holm(&pairwise.iter().map(|p| p.test.p_value).collect::<Vec<_>>());
    for (pair, p) in pairwise.iter_mut().zip(adjusted) {
        pair.p_holm = p;
    }
    let n: u64 = table.iter().flatten().sum();
    let note = tests_note(overall.as_ref(), n);
    Tests {
        outlets: rows.iter().map(|o| o.name.clone()).collect(),
        sides: sides.to_vec(),
        table,
        overall,
        pairwise,
        note,
    }
}

/// What the overall test can and cannot say, in plain words, worded by its p-value: with few
/// hits a large p-value means little, but a small one is still a difference.
fn tests_note(overall: Option<&IndependenceTest>, n: u64) -> String {
    let Some(test) = overall else {
        return format!(
            "Fewer than two outlets have side-tagged hits in their own voice ({n} in all): there \
             is nothing to compare."
        );
    };
    let p = p_label(test.p_value);
    let method = test.method.name();
    if test.method == Method::OneColumn {
        return format!(
            "All {n} side-tagged hits in the outlets' own voice favor the same side: the outlets \
             cannot differ in the sides they favor (p = 1)."
        );
    }
    if n >= FEW_SIDE_TAGGED_HITS {
        return format!(
            "{method} over {n} side-tagged hits in the outlets' own voice: p {p}, Cramér's V = \
             {:.2}.",
            test.cramers_v
        );
    }
    if test.p_value < SIGNIFICANCE {
        // Small tables never meet the large-sample rule, so the test is exact or simulated;
        // saying so tells the reader why a p-value from so few hits can be trusted.
        let why = match test.method {
            Method::FisherExact => {
                " Fisher's exact test was used because the hits are few: its p-value is exact, \
                 not a large-sample approximation."
            }
            Method::Permutation => {
                " A permutation test was used because the hits are few: it draws tables with the \
                 observed totals instead of trusting the large-sample χ² approximation."
            }
            _ => "",
        };
        format!(
            "Only {n} side-tagged hits in the outlets' own voice, yet the outlets differ \
             significantly: {method}, p {p}, Cramér's V = {:.2}.{why}",
            test.cramers_v
        )
    } else {
        format!(
            "Only {n} side-tagged hits in the outlets' own voice: the test ({method}, p {p}) has \
             little power, and a large p-value is no evidence that the outlets agree."
        )
    }
}

/// A p-value as a table cell shows it: three decimals, or "< 0.001" (never "0.000").
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value after "p" in a sentence: "= 0.008" or "< 0.001".
pub fn p_label(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_string()
    } else {
        format!("= {p:.3}")
    }
}

/// Each outlet's share of each variant of every contested-name choice (own voice).
fn choices(
    aggregate: &Aggregate,
    set: &LexiconSet,
    outlets: &[Option<String>],
    name: &impl Fn(&Option<String>) -> String,
) -> Vec<ChoiceFigures> {
    let mut out = Vec::new();
    for lexicon in set.lexicons() {
        for choice in &lexicon.choices {
            let variants: Vec<(String, String, Option<String>)> = choice
                .variants
                .iter()
                .map(|v| (v.id.clone(), v.label.clone(), v.side.clone()))
                .collect();
            let uses: Vec<ChoiceUse> = outlets
                .iter()
                .map(|o| {
                    let counts: Vec<u64> = choice
                        .variants
                        .iter()
                        .map(|v| {
                            aggregate
                                .articles
                                .iter()
                                .filter(|a| &a.outlet == o)
                                .flat_map(|a| &a.hits)
                                .filter(|h| {
                                    h.voice == Voice::Own
                                        && *h.lexicon == *lexicon.meta.id
                                        && h.choice.as_deref() == Some(choice.id.as_str())
                                        && h.variant.as_deref() == Some(v.id.as_str())
                                })
                                .count() as u64
                        })
                        .collect();
                    let total: u64 = counts.iter().sum();
                    ChoiceUse {
                        outlet: o.clone(),
                        name: name(o),
                        shares: if total == 0 {
                            Vec::new()
                        } else {
                            counts.iter().map(|&c| c as f64 / total as f64).collect()
                        },
                        counts,
                    }
                })
                .collect();
            if uses.iter().any(|u| !u.shares.is_empty()) {
                out.push(ChoiceFigures {
                    choice: format!("{}/{}", lexicon.meta.id, choice.id),
                    label: choice.label.clone(),
                    variants,
                    outlets: uses,
                });
            }
        }
    }
    out
}

/// Each outlet's distinctive n-grams against the rest of the groups `all` selects:
/// [`discover::distinctive_per_group`] with z > 1.96, top [`DISTINCTIVE_TOP`], by outlet.
fn distinctive_by_outlet(
    aggregate: &Aggregate,
    all: impl Fn(&Group) -> bool,
    min_count: u64,
    matcher: &Matcher,
) -> BTreeMap<Option<String>, Vec<Distinctive>> {
    let config = RankConfig {
        top: DISTINCTIVE_TOP,
        min_count: Some(min_count),
        min_z: discover::DEFAULT_MIN_Z,
        prior_scale: DEFAULT_PRIOR_SCALE,
    };
    discover::distinctive_per_group(&aggregate.words, all, &config, matcher)
        .into_iter()
        .map(|(group, words)| (group.outlet, words))
        .collect()
}

fn event_figures(
    aggregate: &Aggregate,
    sides: &[String],
    labels: &TermLabels,
    name: &impl Fn(&Option<String>) -> String,
    min_count: u64,
    matcher: &Matcher,
) -> Vec<EventFigures> {
    let mut by_event: BTreeMap<&str, Vec<&ArticleScore>> = BTreeMap::new();
    for article in &aggregate.articles {
        if let Some(event) = &article.event {
            by_event.entry(event).or_default().push(article);
        }
    }
    by_event
        .into_iter()
        .map(|(id, articles)| {
            let outlets: Vec<Option<String>> = articles
                .iter()
                .map(|a| a.outlet.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let figures: Vec<OutletFigures> = outlets
                .iter()
                .map(|o| {
                    let mine: Vec<&ArticleScore> = articles
                        .iter()
                        .filter(|a| &a.outlet == o)
                        .copied()
                        .collect();
                    outlet_figures(o.clone(), name(o), &mine, sides, labels)
                })
                .collect();
            let distinctive = if outlets.len() > 1 {
                let mut by_outlet = distinctive_by_outlet(
                    aggregate,
                    |g| g.event.as_deref() == Some(id),
                    min_count,
                    matcher,
                );
                outlets
                    .iter()
                    .map(|o| DistinctiveWords {
                        outlet: o.clone(),
                        name: name(o),
                        words: by_outlet.remove(o).unwrap_or_default(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let dates: Vec<NaiveDate> = articles.iter().filter_map(|a| a.date).collect();
            let title = aggregate
                .events
                .get(id)
                .and_then(|e| e.title.clone())
                .or_else(|| articles.iter().find_map(|a| a.title.clone()));
            let headline_of = articles
                .iter()
                .find(|a| title.is_some() && a.title == title)
                .map(|a| a.id.clone());
            EventFigures {
                id: id.to_string(),
                title,
                headline_of,
                first_date: dates.iter().min().copied(),
                last_date: dates.iter().max().copied(),
                articles: articles.iter().map(|a| a.id.clone()).collect(),
                outlets: figures,
                distinctive,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The note is worded by the p-value, never prints "p = 0.000", and a one-sided table says
    /// the outlets cannot differ.
    #[test]
    fn the_tests_note_follows_the_p_value() {
        // (outlets × sides table, note). p-values: scipy.stats.chi2_contingency(t,
        // correction=False) gives 2.28e-09 (V 0.71) and 0.00982 (V 0.33);
        // scipy.stats.fisher_exact gives 0.0047619 for [[6, 0], [0, 4]] and 1.0 for
        // [[3, 2], [2, 3]].
        let cases: &[(&[&[u64]], &str)] = &[
            (
                &[&[30, 5], &[5, 30]],
                "Pearson's χ² test over 70 side-tagged hits in the outlets' own voice: \
                 p < 0.001, Cramér's V = 0.71.",
            ),
            (
                &[&[20, 10], &[10, 20]],
                "Pearson's χ² test over 60 side-tagged hits in the outlets' own voice: \
                 p = 0.010, Cramér's V = 0.33.",
            ),
            (
                &[&[6, 0], &[0, 4]],
                "Only 10 side-tagged hits in the outlets' own voice, yet the outlets differ \
                 significantly: Fisher's exact test, p = 0.005, Cramér's V = 1.00. Fisher's \
                 exact test was used because the hits are few: its p-value is exact, not a \
                 large-sample approximation.",
            ),
            (
                &[&[3, 2], &[2, 3]],
                "Only 10 side-tagged hits in the outlets' own voice: the test (Fisher's exact \
                 test, p = 1.000) has little power, and a large p-value is no evidence that the \
                 outlets agree.",
            ),
            (
                &[&[7, 0], &[2, 0]],
                "All 9 side-tagged hits in the outlets' own voice favor the same side: the \
                 outlets cannot differ in the sides they favor (p = 1).",
            ),
            (
                &[&[7, 0]],
                "Fewer than two outlets have side-tagged hits in their own voice (7 in all): \
                 there is nothing to compare.",
            ),
        ];
        for (table, note) in cases {
            let table: Vec<Vec<u64>> = table.iter().map(|row| row.to_vec()).collect();
            let n = table.iter().flatten().sum();
            let overall = stats::independence(&table, DEFAULT_SEED);
            assert_eq!(tests_note(overall.as_ref(), n), *note, "{table:?}");
        }
    }

    #[test]
    fn p_values_never_read_zero() {
        // (p, in a cell, after "p")
        let cases = [
            (0.0, "< 0.001", "< 0.001"),
            (0.000_999, "< 0.001", "< 0.001"),
            (0.001, "0.001", "= 0.001"),
            (0.007_599_240_075_992_401, "0.008", "= 0.008"),
            (1.0, "1.000", "= 1.000"),
        ];
        for (p, cell, label) in cases {
            assert_eq!(
                (p_value(p).as_str(), p_label(p).as_str()),
                (cell, label),
                "{p}"
            );
        }
    }
}

//! Discovering the words and phrases that distinguish groups of articles (outlets, the sides
//! they favor, events), and turning them into term stubs a researcher can curate into a
//! lexicon.
//!
//! Each group is compared with the rest of the corpus by Fightin' Words log-odds z-scores with
//! an informative Dirichlet prior from the whole corpus ([`stats::fightin_words_vs_rest`]), over
//! every normalized word and bigram, not only lexicon terms. An n-gram the loaded lexicons
//! already cover whole is marked with its `lexicon/term` ([`lexicon_term`]). The report's
//! distinctive words ([`super::figures`]) are computed by the same [`distinctive`].
//!
//! Grouping ([`GroupBy`]): by outlet (articles without one form the unknown outlet); by named
//! event (articles without one are left out); by side: the side that the article's loaded hits
//! in its own voice favor most (articles with no side-tagged own-voice hit, or with a tie
//! between sides, are left out). Left-out articles are counted by reason ([`LeftOut`]).
//!
//! [`term_stubs`] writes the candidates as a lexicon file (the Gentzkow–Shapiro idea of growing
//! a lexicon from labelled text): valid as printed, every term marked `TO CURATE`.
//!
//! ```
//! use framelens::corpus::{Corpus, ReadOptions};
//! use framelens::lexicon::LexiconSet;
//! use framelens::matcher::Matcher;
//! use framelens::score::discover::{count, DiscoverConfig, Discoverer, GroupBy, RankConfig};
//!
//! let matcher = Matcher::new(&LexiconSet::bundled().unwrap()).unwrap();
//! let config = DiscoverConfig::by(GroupBy::Outlet);
//! let mut discoverer = Discoverer::new(&matcher, GroupBy::Outlet);
//! for article in &Corpus::read(&ReadOptions::default()).articles {
//!     discoverer.add(count(&matcher, &config, article));
//! }
//! let discovery = discoverer.rank(&RankConfig::default(), |id| id.to_string());
//! assert_eq!(discovery.groups.len(), 5);
//! assert_eq!(discovery.articles, 5);
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use super::figures::Distinctive;
use super::words::{Ngrams, WordCounts};
use crate::affix::{AffixPolicy, Language, form_key};
use crate::corpus::{Article, UNKNOWN_OUTLET};
use crate::lexicon::{Lexicon, LexiconError, LexiconSet};
use crate::matcher::{Analysis, Extras, HitKind, Matcher};
use crate::stats::{self, DEFAULT_PRIOR_SCALE};
use crate::text::{Prepared, Voice, detect_language, normalize};

/// Candidates per group when the caller has no reason to choose otherwise.
pub const DEFAULT_TOP: usize = 20;

/// Only n-grams scoring above this z are distinctive: p < 0.05, one n-gram at a time.
pub const DEFAULT_MIN_Z: f64 = 1.96;

/// From this many words on, a corpus is large enough to ignore n-grams used only twice.
pub const LARGE_CORPUS_WORDS: u64 = 100_000;

/// The least count in the whole corpus for an n-gram to be ranked: 3 from
/// [`LARGE_CORPUS_WORDS`] words on, else 2. An n-gram used once is a name or a typo as often as
/// a choice, and would only add noise to the ranking.
pub fn default_min_count(words: u64) -> u64 {
    if words >= LARGE_CORPUS_WORDS { 3 } else { 2 }
}

/// How candidates are ranked.
#[derive(Clone, Debug, PartialEq)]
pub struct RankConfig {
    /// Candidates per group.
    pub top: usize,
    /// The least corpus count of a ranked n-gram; `None`: [`default_min_count`].
    pub min_count: Option<u64>,
    /// Only n-grams scoring above this z.
    pub min_z: f64,
    /// Fightin' Words prior scale (α_w = scale × corpus count).
    pub prior_scale: f64,
}

impl Default for RankConfig {
    fn default() -> RankConfig {
        RankConfig {
            top: DEFAULT_TOP,
            min_count: None,
            min_z: DEFAULT_MIN_Z,
            prior_scale: DEFAULT_PRIOR_SCALE,
        }
    }
}

/// The lexicon term (`lexicon/term`) that covers the whole of `ngram` (a normalized word or
/// bigram), if any: loaded terms and attribution verbs, not neutral names.
pub fn lexicon_term(matcher: &Matcher, ngram: &str) -> Option<String> {
    matcher
        .analyze(ngram)
        .hits
        .into_iter()
        .find(|h| h.kind != HitKind::Name && h.start.byte == 0 && h.end.byte == ngram.len())
        .map(|h| format!("{}/{}", h.lexicon, h.term))
}

/// The n-grams of the groups `target` selects most distinctive against the groups `all`
/// selects (which include the target): Fightin' Words, target against the rest, over n-grams
/// used at least `config.min_count` times in `all` (by default [`default_min_count`] of the
/// words in `all`); z above `config.min_z`, most distinctive first, at most `config.top`.
/// Empty when the target is everything (there is no rest). To compare every group with the
/// rest, [`distinctive_per_group`] is much faster.
pub fn distinctive<G: Ord + Clone>(
    counts: &WordCounts<G>,
    target: impl Fn(&G) -> bool,
    all: impl Fn(&G) -> bool,
    config: &RankConfig,
    matcher: &Matcher,
) -> Vec<Distinctive> {
    let min_count = resolve_min_count(counts, &all, config);
    let corpus = counts.ngrams(&all, min_count);
    let mine: Ngrams = counts
        .ngrams(&target, 1)
        .into_iter()
        .filter(|(term, _)| corpus.contains_key(term))
        .collect();
    rank_against(&mine, &corpus, config, matcher)
}

/// [`distinctive`] for each group `all` selects against the others, with the corpus counts
/// summed once and the groups ranked in parallel.
pub fn distinctive_per_group<G: Ord + Clone + Send + Sync>(
    counts: &WordCounts<G>,
    all: impl Fn(&G) -> bool,
    config: &RankConfig,
    matcher: &Matcher,
) -> BTreeMap<G, Vec<Distinctive>> {
    let min_count = resolve_min_count(counts, &all, config);
    let selection = counts.select(&all, min_count);
    // One group's counts at a time per thread: memory holds the corpus counts and a group or
    // two, not every group's.
    selection
        .groups()
        .par_iter()
        .map(|group| {
            let words = rank_against(&selection.group(group), selection.all(), config, matcher);
            ((*group).clone(), words)
        })
        .collect()
}

fn resolve_min_count<G: Ord + Clone>(
    counts: &WordCounts<G>,
    all: impl Fn(&G) -> bool,
    config: &RankConfig,
) -> u64 {
    config.min_count.unwrap_or_else(|| {
        let words = counts.groups().filter(|g| all(g)).map(|g| counts.tokens(g));
        default_min_count(words.sum())
    })
}

/// The target's counts (`mine`, n-grams of `corpus` only) against the rest of `corpus`.
fn rank_against(
    mine: &Ngrams,
    corpus: &Ngrams,
    config: &RankConfig,
    matcher: &Matcher,
) -> Vec<Distinctive> {
    if mine.is_empty() || mine == corpus {
        return Vec::new();
    }
    stats::fightin_words_vs_rest(mine, corpus, config.prior_scale)
        .into_iter()
        .filter(|w| w.z > config.min_z)
        .take(config.top)
        .map(|score| Distinctive {
            lexicon_term: lexicon_term(matcher, &score.term),
            score,
        })
        .collect()
}

/// What articles are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// The article's outlet; articles without one form the unknown outlet.
    Outlet,
    /// The side its own-voice loaded hits favor most.
    Side,
    /// Its event.
    Event,
}

impl GroupBy {
    /// The lower-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Outlet => "outlet",
            GroupBy::Side => "side",
            GroupBy::Event => "event",
        }
    }
}

/// Why an article is in no group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeftOut {
    /// Grouping by event, and the article has none.
    NoEvent,
    /// Grouping by side, and no loaded hit in the article's own voice favors a side.
    NoSide,
    /// Grouping by side, and two sides tie for the most own-voice hits.
    TiedSides,
}

impl LeftOut {
    /// In plain words.
    pub fn describe(self) -> &'static str {
        match self {
            LeftOut::NoEvent => "no event",
            LeftOut::NoSide => "no own-voice hit favoring a side",
            LeftOut::TiedSides => "own-voice hits tied between sides",
        }
    }
}

/// The side an article's loaded hits in its own voice favor most; none when no such hit has
/// a side, or when two sides tie.
pub fn favored_side(analysis: &Analysis) -> Result<String, LeftOut> {
    let mut by_side: BTreeMap<&str, u64> = BTreeMap::new();
    for hit in &analysis.hits {
        if hit.kind == HitKind::Loaded
            && hit.voice == Voice::Own
            && let Some(side) = &hit.side
        {
            *by_side.entry(side).or_default() += 1;
        }
    }
    let most = by_side.values().copied().max().ok_or(LeftOut::NoSide)?;
    let mut top = by_side.iter().filter(|(_, n)| **n == most).map(|(s, _)| *s);
    match (top.next(), top.next()) {
        (Some(side), None) => Ok(side.to_string()),
        _ => Err(LeftOut::TiedSides),
    }
}

/// How to group.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverConfig {
    /// What articles are grouped by.
    pub by: GroupBy,
    /// The event of each article id, overriding the article's own (automatic grouping).
    pub events: HashMap<String, String>,
}

impl DiscoverConfig {
    /// Grouping by `by`, with the articles' own events.
    pub fn by(by: GroupBy) -> DiscoverConfig {
        DiscoverConfig {
            by,
            events: HashMap::new(),
        }
    }
}

/// One article, counted: its group (or why it has none), its normalized words, its language.
#[derive(Clone, Debug, PartialEq)]
pub struct Counted {
    /// The group id, or why the article is in none.
    pub group: Result<String, LeftOut>,
    /// Its normalized words, as scoring counts them.
    pub words: Vec<String>,
    /// Its language code.
    pub language: String,
}

/// Analyses one article: its group and its normalized words. The expensive part (matching),
/// safe to run on many threads at once; [`Discoverer::add`] then counts the result.
pub fn count(matcher: &Matcher, config: &DiscoverConfig, article: &Article) -> Counted {
    count_prepared(matcher, config, article, None)
}

/// As [`count`], for an article whose text cleaning already prepared
/// ([`crate::corpus::PendingArticle::build_prepared`]).
pub fn count_prepared(
    matcher: &Matcher,
    config: &DiscoverConfig,
    article: &Article,
    prepared: Option<Prepared>,
) -> Counted {
    let extras = Extras {
        words: true,
        mentions: false,
    };
    let (analysis, words) = matcher.analyze_prepared(&article.text, prepared, extras);
    let words = words.unwrap_or_default();
    let group = match config.by {
        GroupBy::Outlet => Ok(article
            .outlet
            .clone()
            .unwrap_or_else(|| UNKNOWN_OUTLET.to_string())),
        GroupBy::Event => config
            .events
            .get(&article.id)
            .or(article.event.as_ref())
            .cloned()
            .ok_or(LeftOut::NoEvent),
        GroupBy::Side => favored_side(&analysis),
    };
    Counted {
        group,
        words,
        language: article.language.clone(),
    }
}

/// Counts words and bigrams per group, article by article; then ranks each group's candidates.
pub struct Discoverer<'m> {
    matcher: &'m Matcher,
    by: GroupBy,
    counts: WordCounts<String>,
    articles: BTreeMap<String, usize>,
    languages: BTreeMap<String, usize>,
    left_out: BTreeMap<LeftOut, usize>,
}

impl<'m> Discoverer<'m> {
    /// An empty tally of groups by `by`; `matcher` marks the candidates that are lexicon terms.
    pub fn new(matcher: &'m Matcher, by: GroupBy) -> Discoverer<'m> {
        Discoverer {
            matcher,
            by,
            counts: WordCounts::default(),
            articles: BTreeMap::new(),
            languages: BTreeMap::new(),
            left_out: BTreeMap::new(),
        }
    }

    /// Adds a counted article to its group's counts.
    pub fn add(&mut self, counted: Counted) {
        match counted.group {
            Ok(group) => {
                self.counts.add(&group, &counted.words);
                *self.articles.entry(group).or_default() += 1;
                *self.languages.entry(counted.language).or_default() += 1;
            }
            Err(reason) => *self.left_out.entry(reason).or_default() += 1,
        }
    }

    /// Words counted, over every group.
    pub fn words(&self) -> u64 {
        self.counts.groups().map(|g| self.counts.tokens(g)).sum()
    }

    /// Each group's candidates against the rest; `name` gives a group id's name to show.
    pub fn rank(&self, config: &RankConfig, name: impl Fn(&str) -> String) -> Discovery {
        let words = self.words();
        let min_count = config.min_count.unwrap_or_else(|| default_min_count(words));
        let config = RankConfig {
            min_count: Some(min_count),
            ..config.clone()
        };
        let mut ranked = distinctive_per_group(&self.counts, |_| true, &config, self.matcher);
        let groups = self
            .counts
            .groups()
            .map(|group| GroupWords {
                id: group.clone(),
                name: name(group),
                articles: self.articles.get(group).copied().unwrap_or(0),
                words: self.counts.tokens(group),
                candidates: ranked.remove(group).unwrap_or_default(),
            })
            .collect();
        // The language most articles are in, among those lexicons support.
        let language = self
            .languages
            .iter()
            .filter(|(code, _)| Language::from_code(code).is_some())
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(code, _)| code.clone());
        Discovery {
            by: self.by,
            articles: self.articles.values().sum(),
            words,
            left_out: self.left_out.clone(),
            language,
            method: MethodUsed {
                prior_scale: config.prior_scale,
                min_count,
                min_z: config.min_z,
                top: config.top,
            },
            groups,
        }
    }
}

/// The settings candidates were ranked with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MethodUsed {
    /// Fightin' Words prior scale (α_w = scale × corpus count).
    pub prior_scale: f64,
    /// n-grams used fewer times in the corpus are not ranked.
    pub min_count: u64,
    /// Only n-grams scoring above this z.
    pub min_z: f64,
    /// Candidates per group, at most.
    pub top: usize,
}

/// One group and the n-grams that distinguish it from the rest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupWords {
    /// Outlet id (or [`UNKNOWN_OUTLET`]), side id or event id.
    pub id: String,
    /// Name to show.
    pub name: String,
    /// Articles in the group.
    pub articles: usize,
    /// Words counted in the group.
    pub words: u64,
    /// Most distinctive first.
    pub candidates: Vec<Distinctive>,
}

/// Every group's candidates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Discovery {
    /// What articles were grouped by.
    pub by: GroupBy,
    /// Articles counted (in a group).
    pub articles: usize,
    /// Words counted.
    pub words: u64,
    /// Articles in no group, by reason.
    pub left_out: BTreeMap<LeftOut, usize>,
    /// The language most counted articles are in (`ar`, `en`), when lexicons support it.
    pub language: Option<String>,
    /// How candidates were ranked.
    pub method: MethodUsed,
    /// The groups, in id order.
    pub groups: Vec<GroupWords>,
}

/// The lexicon id of generated term stubs.
pub const STUBS_LEXICON: &str = "discovered";
/// The placeholder frame every stub belongs to.
pub const STUBS_FRAME: &str = "to-curate";

/// The candidates of `discovery` as a lexicon file to curate: a valid lexicon (`framelens
/// lexicon validate` accepts it as written), one `[[terms]]` entry per candidate, with the
/// n-gram as its only form, the placeholder frame [`STUBS_FRAME`], `favors` the group's side
/// when grouped by side, and an explanation starting `TO CURATE`.
///
/// Left out, as comments naming why: n-grams that are already lexicon terms, and n-grams that
/// are the same lexicon form as an earlier candidate (an Arabic form's article is optional, so
/// `المرتزقه` and `مرتزقه` are one form). `set` gives the sides' labels; `inputs` names the
/// corpus in the lexicon's sources.
///
/// The text is checked with [`Lexicon::parse`] before it is returned; an error would be a bug
/// here, never half a file.
pub fn term_stubs(
    discovery: &Discovery,
    set: &LexiconSet,
    inputs: &[String],
) -> Result<String, LexiconError> {
    let language = discovery
        .language
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or_else(|| {
            let ngrams: Vec<&str> = discovery
                .groups
                .iter()
                .flat_map(|g| &g.candidates)
                .map(|c| c.score.term.as_str())
                .collect();
            detect_language(&ngrams.join(" "))
        });
    let by = discovery.by.as_str();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Term candidates found by `framelens discover --by {by}`: n-grams that one group uses\n\
         # distinctively more than the rest (Fightin' Words z > {}, n-grams used at least {}\n\
         # times). Not a lexicon yet: keep what is loaded language, give it a real id, frame,\n\
         # label, favors, explanation and neutral wording, and strip the clitics from its forms\n\
         # (forms are the words as counted, normalized, with their clitics; the affix rules add\n\
         # clitics back). N-grams that are already lexicon terms are listed in comments only.\n",
        discovery.method.min_z, discovery.method.min_count
    );
    let _ = writeln!(out, "[lexicon]");
    let _ = writeln!(out, "id = {}", quote(STUBS_LEXICON));
    let _ = writeln!(
        out,
        "title = {}",
        quote("Discovered term candidates (to curate)")
    );
    let _ = writeln!(out, "language = {}", quote(language.code()));
    let _ = writeln!(out, "version = \"0.0.1\"");
    let _ = writeln!(
        out,
        "description = {}",
        quote(&format!(
            "Generated by framelens discover --by {by}: distinctive n-grams of each {by}, \
             candidates that must be curated before use."
        ))
    );
    let sources: Vec<String> = inputs.iter().map(|i| quote(i)).collect();
    let _ = writeln!(out, "sources = [{}]\n", sources.join(", "));
    if discovery.by == GroupBy::Side {
        let ids = set.side_ids();
        for id in &ids {
            let side = set
                .lexicons()
                .iter()
                .flat_map(|l| &l.sides)
                .find(|s| &s.id == id)
                .expect("side_ids lists defined sides");
            let _ = writeln!(out, "[[sides]]");
            let _ = writeln!(out, "id = {}", quote(id));
            let _ = writeln!(out, "label = {}", quote(&side.label));
            if let Some(opponent) = side.opponent.as_deref().filter(|o| ids.contains(o)) {
                let _ = writeln!(out, "opponent = {}", quote(opponent));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "[[frames]]");
    let _ = writeln!(out, "id = {}", quote(STUBS_FRAME));
    let _ = writeln!(out, "label = \"To curate\"");
    let _ = writeln!(
        out,
        "description = \"Placeholder: give each term you keep a frame of its own.\""
    );
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut seen_terms: HashSet<&str> = HashSet::new();
    let mut n = 0;
    for group in &discovery.groups {
        let _ = writeln!(
            out,
            "\n# ---- {by} {}: {} ({}) ----",
            comment(&group.id),
            comment(&group.name),
            match group.articles {
                1 => "1 article".to_string(),
                n => format!("{n} articles"),
            }
        );
        if group.candidates.is_empty() {
            let _ = writeln!(out, "# no distinctive n-gram");
        }
        for candidate in &group.candidates {
            let ngram = &candidate.score.term;
            let z = format!("z = {:.2}", candidate.score.z);
            if let Some(term) = &candidate.lexicon_term {
                let _ = writeln!(
                    out,
                    "# \"{}\" ({z}) is already the lexicon term {term}",
                    comment(ngram)
                );
                continue;
            }
            let key = form_key(&normalize(ngram), language, AffixPolicy::Full).to_string();
            if let Some(first) = claimed.get(&key) {
                let _ = writeln!(
                    out,
                    "# \"{}\" ({z}) is the same form as {first}",
                    comment(ngram)
                );
                continue;
            }
            if !seen_terms.insert(ngram) {
                continue;
            }
            n += 1;
            let id = format!("candidate-{n}");
            claimed.insert(key, id.clone());
            let _ = writeln!(
                out,
                "\n# \"{}\": {z}, δ = {:.2}; {} uses in this {by}, {} in the rest",
                comment(ngram),
                candidate.score.delta,
                candidate.score.target_count,
                candidate.score.reference_count
            );
            let _ = writeln!(out, "[[terms]]");
            let _ = writeln!(out, "id = {}", quote(&id));
            let _ = writeln!(out, "forms = [{}]", quote(ngram));
            let _ = writeln!(out, "frame = {}", quote(STUBS_FRAME));
            if discovery.by == GroupBy::Side {
                let _ = writeln!(out, "favors = {}", quote(&group.id));
            } else {
                let _ = writeln!(
                    out,
                    "# favors: unknown; distinctive of the {by} {}",
                    comment(&group.name)
                );
            }
            let _ = writeln!(
                out,
                "explanation = {}",
                quote(&format!(
                    "TO CURATE: distinctive of {} ({z})",
                    one_line(&group.name)
                ))
            );
        }
    }
    Lexicon::parse("(discovered term stubs)", &out)?;
    Ok(out)
}

/// A TOML basic string, escaped by the toml crate.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text safe inside a TOML comment: one line, no control characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconSet;

    #[test]
    fn favored_side_needs_a_clear_majority_in_own_voice() {
        let matcher = Matcher::new(&LexiconSet::bundled().unwrap()).unwrap();
        // (text, side or reason)
        let table: [(&str, Result<&str, LeftOut>); 4] = [
            ("وصل المرتزقة إلى الجبهة.", Ok("armenia")),
            (
                "وصل المرتزقة. وحررت القوات المدينة.",
                Err(LeftOut::TiedSides),
            ),
            ("قال: \"وصل المرتزقة\".", Err(LeftOut::NoSide)),
            ("جاء الربيع.", Err(LeftOut::NoSide)),
        ];
        for (text, expected) in table {
            let side = favored_side(&matcher.analyze(text));
            assert_eq!(side.as_deref().map_err(|e| *e), expected, "{text}");
        }
    }

    #[test]
    fn default_min_count_rises_for_large_corpora() {
        assert_eq!(default_min_count(99_999), 2);
        assert_eq!(default_min_count(100_000), 3);
    }
}

//! Events: which articles, from which outlets, tell the same story — what a report compares.
//!
//! An article's event comes from metadata (a manifest's or front matter's `event`), or from
//! automatic grouping. Automatic grouping puts two articles together when their dates are
//! within a window (default two days) and their content words overlap enough: TF-IDF cosine
//! over normalized words without stopwords (`data/stopwords.*.txt`), threshold configurable.
//!
//! Grouping is single-pass and deterministic: articles in date order (then id order) join the
//! open event whose centroid they are most similar to, if that similarity reaches the
//! threshold and the event's first article is at most `window_days` older; otherwise they
//! start an event. So every two articles of an event are at most `window_days` apart, and a
//! story covered day after day does not chain into one event spanning months. Undated
//! articles cannot be placed in time and stay alone.
//!
//! Each event gets a stable id (a named event's own; `auto-<first date>-<first article id>`
//! otherwise, so adding unrelated articles changes no id), its date range, and a title taken
//! from its most central article (the one most similar to the event's centroid).
//!
//! ```
//! use framelens::corpus::{Corpus, ReadOptions};
//! use framelens::corpus::events::{group, EventMode, GroupingConfig};
//!
//! let corpus = Corpus::read(&ReadOptions::default());
//! let config = GroupingConfig { mode: EventMode::Automatic, ..GroupingConfig::default() };
//! let events = group(&corpus.articles, &corpus.events, &config);
//! assert_eq!(events.len(), 4);
//! let shared = events.iter().find(|e| e.articles.len() == 2).unwrap();
//! assert_eq!(shared.id, "auto-2020-11-01-000_5d4b8b73bcb36329");
//! ```

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
// foldhash, not SipHash: clustering a hundred-megabyte corpus looks up every term of every
// article in the candidate clusters' sums.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::Serialize;

use super::clean::list_entries;
use super::meta::EventInfo;
use super::{Article, UNKNOWN_OUTLET};
use crate::text::{normalize, word_spans};

const STOPWORDS: &[&str] = &[
    include_str!("../../data/stopwords.ar.txt"),
    include_str!("../../data/stopwords.en.txt"),
];

static STOPWORD_SET: LazyLock<HashSet<String>> =
    LazyLock::new(|| STOPWORDS.iter().flat_map(|l| list_entries(l)).collect());

/// Whether named events from metadata are used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventMode {
    /// Articles with a named event go to it; the others are grouped automatically. What a
    /// report uses.
    #[default]
    Named,
    /// Every article is grouped automatically, named events ignored: to check a grouping
    /// before pinning it in a manifest.
    Automatic,
}

/// How articles are grouped into events.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GroupingConfig {
    /// The most days between two articles of one automatic event.
    pub window_days: u32,
    /// The least TF-IDF cosine similarity between an article and an event for it to join.
    pub threshold: f64,
    pub mode: EventMode,
}

/// The default similarity threshold. Similarities depend on the corpus: with few articles the
/// idf is weak and every article on one conflict shares its vocabulary. On the five seeds alone
/// the two articles of 1 November 2020 score 0.146 (the other pairs 0.07 to 0.13, but those are
/// weeks apart, outside the window); read among 4,900 SaudiNewsNet articles, the same pair
/// scores 0.37. On a large corpus 0.12 makes topic-sized groups: raise it (0.3 separates
/// SaudiNewsNet's stories much better; the README has the numbers).
pub const DEFAULT_THRESHOLD: f64 = 0.12;
/// How many of an article's highest-weighted terms are used to find candidate events.
const CANDIDATE_TERMS: usize = 30;

/// The default window: articles up to two days apart.
pub const DEFAULT_WINDOW_DAYS: u32 = 2;

impl Default for GroupingConfig {
    fn default() -> GroupingConfig {
        GroupingConfig {
            window_days: DEFAULT_WINDOW_DAYS,
            threshold: DEFAULT_THRESHOLD,
            mode: EventMode::Named,
        }
    }
}

/// Where an event comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventOrigin {
    /// Named in metadata.
    Named,
    /// Found by grouping.
    Automatic,
}

/// An article's place in an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    pub id: String,
    /// The outlet id; `None` is the unknown outlet.
    pub outlet: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// TF-IDF cosine similarity to the event's centroid (1 for an event of one article),
    /// rounded to three decimals.
    pub similarity: f64,
}

/// A group of articles telling the same story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub id: String,
    pub origin: EventOrigin,
    /// The named event's title, else the most central article's title.
    pub title: Option<String>,
    /// The first and last article dates (`None` when no article is dated).
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The number of distinct outlets (the unknown outlet counts as one).
    pub outlets: usize,
    pub notes: Option<String>,
    /// Members in date order, then id order.
    pub articles: Vec<Member>,
}

/// The content words of a text: normalized words without stopwords, numbers and single
/// letters.
pub fn content_words(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    word_spans(&normalized)
        .into_iter()
        .map(|s| &normalized[s])
        .filter(|w| {
            w.chars().count() >= 2
                && !w.chars().all(|c| c.is_ascii_digit())
                && !STOPWORD_SET.contains(*w)
        })
        .map(|w| feature_key(w).to_string())
        .collect()
}

/// A word's key for comparing articles: without a leading definite article and what may stand
/// before it (`والمرتزقة`, `بالمرتزقة`, `للمرتزقة` → `مرتزقه`). Only for similarity; nothing
/// is matched this way. A bare conjunction is not stripped (وزير is not و + زير).
fn feature_key(word: &str) -> &str {
    let rest = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .filter(|r| {
            r.starts_with("ال")
                || r.starts_with("بال")
                || r.starts_with("لل")
                || r.starts_with("كال")
        })
        .unwrap_or(word);
    for article in ["بال", "كال", "ال", "لل"] {
        if let Some(stem) = rest.strip_prefix(article)
            && stem.chars().count() >= 2
        {
            return stem;
        }
    }
    rest
}

/// What grouping keeps of an article: no text, only its term counts.
struct Doc {
    id: String,
    outlet: Option<String>,
    date: Option<NaiveDate>,
    title: Option<String>,
    named: Option<String>,
    /// (term, count), sorted by term.
    counts: Vec<(u32, u32)>,
}

/// A sparse vector: (term, weight), sorted by term.
type Vector = Vec<(u32, f64)>;

/// Collects articles one at a time (keeping only their term counts) and groups them at the
/// end, so a streamed corpus never sits in memory.
pub struct EventGrouper {
    config: GroupingConfig,
    vocabulary: HashMap<String, u32>,
    /// Document frequency of every term.
    df: Vec<u32>,
    docs: Vec<Doc>,
}

impl EventGrouper {
    pub fn new(config: &GroupingConfig) -> EventGrouper {
        EventGrouper {
            config: *config,
            vocabulary: HashMap::new(),
            df: Vec::new(),
            docs: Vec::new(),
        }
    }

    /// Adds an article.
    pub fn add(&mut self, article: &Article) {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for word in content_words(&article.text) {
            let next = self.vocabulary.len() as u32;
            let term = *self.vocabulary.entry(word).or_insert(next);
            if term as usize == self.df.len() {
                self.df.push(0);
            }
            *counts.entry(term).or_default() += 1;
        }
        for term in counts.keys() {
            self.df[*term as usize] += 1;
        }
        let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        self.docs.push(Doc {
            id: article.id.clone(),
            outlet: article.outlet.clone(),
            date: article.date,
            title: article.title.clone(),
            named: match self.config.mode {
                EventMode::Named => article.event.clone(),
                EventMode::Automatic => None,
            },
            counts,
        });
    }

    /// The TF-IDF vector of a document, unit length: sublinear term frequency (1 + ln tf) times
    /// ln(1 + N/df). The idf never reaches zero, so two articles of a corpus of two can still
    /// be grouped; a word in every article weighs least.
    fn vector(&self, doc: &Doc) -> Vector {
        let n = self.docs.len() as f64;
        let mut v: Vector = doc
            .counts
            .iter()
            .map(|&(t, c)| {
                let tf = 1.0 + f64::from(c).ln();
                let idf = (1.0 + n / f64::from(self.df[t as usize])).ln();
                (t, tf * idf)
            })
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }

    /// The cosine similarity of two added articles, by id, with the current corpus's idf.
    pub fn cosine(&self, a: &str, b: &str) -> Option<f64> {
        let find = |id: &str| self.docs.iter().find(|d| d.id == id);
        Some(dot(&self.vector(find(a)?), &self.vector(find(b)?)))
    }

    /// Groups every added article. `named` describes named events (titles, notes).
    pub fn finish(self, named: &BTreeMap<String, EventInfo>) -> Vec<Event> {
        let vectors: Vec<Vector> = self.docs.iter().map(|d| self.vector(d)).collect();
        let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();

        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut automatic: Vec<usize> = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            match &doc.named {
                Some(name) => by_name.entry(name).or_default().push(i),
                None => automatic.push(i),
            }
        }
        for (name, members) in by_name {
            groups.push((Some(name.to_string()), members));
        }
        let (dated, undated): (Vec<usize>, Vec<usize>) = automatic
            .into_iter()
            .partition(|&i| self.docs[i].date.is_some());
        for members in self.cluster(dated, &vectors) {
            groups.push((None, members));
        }
        for i in undated {
            groups.push((None, vec![i]));
        }

        let mut events: Vec<Event> = groups
            .into_iter()
            .map(|(name, members)| self.event(name, members, &vectors, named))
            .collect();
        events.sort_by(|a, b| {
            (a.first.is_none(), a.first, &a.id).cmp(&(b.first.is_none(), b.first, &b.id))
        });
        events
    }

    /// Single-pass clustering of dated documents (see the module documentation).
    fn cluster(&self, mut order: Vec<usize>, vectors: &[Vector]) -> Vec<Vec<usize>> {
        order.sort_by(|&a, &b| {
            (self.docs[a].date, &self.docs[a].id).cmp(&(self.docs[b].date, &self.docs[b].id))
        });
        struct Open {
            first: NaiveDate,
            members: Vec<usize>,
            sum: HashMap<u32, f64>,
            norm2: f64,
            /// The terms this cluster is listed under in `postings`.
            indexed: HashSet<u32>,
        }
        let mut clusters: Vec<Open> = Vec::new();
        // Clusters are created in date order, so the closed ones are a prefix.
        let mut first_open = 0;
        // term → open clusters with a member whose top terms include it (closed clusters are
        // pruned on the way).
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        let window = i64::from(self.config.window_days);
        for i in order {
            let date = self.docs[i]
                .date
                .expect("only dated documents are clustered");
            while first_open < clusters.len()
                && (date - clusters[first_open].first).num_days() > window
            {
                first_open += 1;
            }
            let v = &vectors[i];
            let top = top_terms(v);
            let mut candidates: Vec<usize> = Vec::new();
            for t in &top {
                if let Some(list) = postings.get_mut(t) {
                    list.retain(|&c| c >= first_open);
                    candidates.extend_from_slice(list);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut best: Option<(usize, f64, f64)> = None;
            for c in candidates {
                let cluster = &clusters[c];
                let dot: f64 = v
                    .iter()
                    .map(|(t, w)| w * cluster.sum.get(t).copied().unwrap_or(0.0))
                    .sum();
                let cosine = dot / cluster.norm2.sqrt();
                // Ties go to the older cluster (candidates come in creation order).
                if cosine >= self.config.threshold && best.is_none_or(|(_, b, _)| cosine > b) {
                    best = Some((c, cosine, dot));
                }
            }
            let (c, dot_with_sum) = match best {
                Some((c, _, dot)) => (c, dot),
                None => {
                    clusters.push(Open {
                        first: date,
                        members: Vec::new(),
                        sum: HashMap::new(),
                        norm2: 0.0,
                        indexed: HashSet::new(),
                    });
                    (clusters.len() - 1, 0.0)
                }
            };
            let cluster = &mut clusters[c];
            cluster.members.push(i);
            // |s + v|² = |s|² + 2 s·v + |v|², with |v| = 1.
            cluster.norm2 += 2.0 * dot_with_sum + v.iter().map(|(_, w)| w * w).sum::<f64>();
            for &(t, w) in v {
                *cluster.sum.entry(t).or_insert(0.0) += w;
            }
            for t in top {
                if cluster.indexed.insert(t) {
                    postings.entry(t).or_default().push(c);
                }
            }
        }
        clusters.into_iter().map(|c| c.members).collect()
    }

    fn event(
        &self,
        name: Option<String>,
        mut members: Vec<usize>,
        vectors: &[Vector],
        named: &BTreeMap<String, EventInfo>,
    ) -> Event {
        members.sort_by(|&a, &b| {
            (self.docs[a].date, &self.docs[a].id).cmp(&(self.docs[b].date, &self.docs[b].id))
        });
        let mut centroid: HashMap<u32, f64> = HashMap::new();
        for &m in &members {
            for &(t, w) in &vectors[m] {
                *centroid.entry(t).or_default() += w;
            }
        }
        let norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
        let similarity = |m: usize| -> f64 {
            if members.len() == 1 {
                return 1.0;
            }
            let d: f64 = vectors[m]
                .iter()
                .map(|(t, w)| w * centroid.get(t).copied().unwrap_or(0.0))
                .sum();
            if norm > 0.0 { d / norm } else { 0.0 }
        };
        // Rounded, so float noise cannot break a tie (both articles of a pair are equally
        // central).
        let scored: Vec<(usize, f64)> = members
            .iter()
            .map(|&m| (m, (similarity(m) * 1e9).round() / 1e9))
            .collect();
        // The most central article; the earliest on a tie.
        let central = scored
            .iter()
            .fold(None::<(usize, f64)>, |best, &(m, s)| match best {
                Some((_, bs)) if bs >= s => best,
                _ => Some((m, s)),
            })
            .map(|(m, _)| m);
        let first_doc = &self.docs[members[0]];
        let info = name.as_ref().and_then(|n| named.get(n));
        let id = match &name {
            Some(name) => name.clone(),
            None => match first_doc.date {
                Some(date) => format!("auto-{date}-{}", first_doc.id),
                None => format!("auto-undated-{}", first_doc.id),
            },
        };
        let title = info
            .and_then(|i| i.title.clone())
            .or_else(|| central.and_then(|c| self.docs[c].title.clone()));
        let dates: Vec<NaiveDate> = members.iter().filter_map(|&m| self.docs[m].date).collect();
        let outlets: HashSet<&str> = members
            .iter()
            .map(|&m| self.docs[m].outlet.as_deref().unwrap_or(UNKNOWN_OUTLET))
            .collect();
        Event {
            id,
            origin: if name.is_some() {
                EventOrigin::Named
            } else {
                EventOrigin::Automatic
            },
            title,
            first: dates.iter().min().copied(),
            last: dates.iter().max().copied(),
            outlets: outlets.len(),
            notes: info.and_then(|i| i.notes.clone()),
            articles: scored
                .into_iter()
                .map(|(m, s)| {
                    let doc = &self.docs[m];
                    Member {
                        id: doc.id.clone(),
                        outlet: doc.outlet.clone(),
                        date: doc.date,
                        title: doc.title.clone(),
                        similarity: (s * 1000.0).round() / 1000.0,
                    }
                })
                .collect(),
        }
    }
}

/// An article's highest-weighted terms: the terms through which it finds candidate events,
/// and under which the event it joins is then listed. Two articles of one story share some of
/// their most distinctive words; an event sharing none of them with an article would not reach
/// the threshold. Exact cosine then decides among the candidates.
fn top_terms(v: &Vector) -> Vec<u32> {
    let mut by_weight: Vec<&(u32, f64)> = v.iter().collect();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    by_weight
        .into_iter()
        .take(CANDIDATE_TERMS)
        .map(|&(t, _)| t)
        .collect()
}

fn dot(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Groups `articles` into events.
pub fn group(
    articles: &[Article],
    named: &BTreeMap<String, EventInfo>,
    config: &GroupingConfig,
) -> Vec<Event> {
    let mut grouper = EventGrouper::new(config);
    for article in articles {
        grouper.add(article);
    }
    grouper.finish(named)
}

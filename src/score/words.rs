//! Word and bigram counts per outlet (and per outlet within an event), for distinctive words.
//!
//! A corpus of a hundred megabytes has hundreds of thousands of distinct words and millions of
//! distinct bigrams, so words are interned once and a bigram is a pair of word ids. Counts merge
//! exactly (sums), and serialize sorted, so a partial aggregate is byte-identical whatever the
//! order articles were counted in.

use std::collections::BTreeMap;

// foldhash, not SipHash: a report over a hundred-megabyte corpus spent a fifth of its time
// hashing n-grams for the distinctive-word statistics.
use foldhash::{HashMap, HashMapExt};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Counts per n-gram (a word, or two joined by a space).
pub type Ngrams = HashMap<String, u64>;

/// Which articles a set of counts is over.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Group {
    /// The event, for counts within one event; `None` for the outlet's whole corpus.
    pub event: Option<String>,
    /// The outlet id (`None`: unknown outlet).
    pub outlet: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct Tally {
    tokens: u64,
    unigrams: HashMap<u32, u64>,
    bigrams: HashMap<u64, u64>,
}

/// Interned word and bigram counts per group: per [`Group`] in an aggregate; `discover` groups
/// by other keys (a side, an event).
#[derive(Clone, Debug)]
pub struct WordCounts<G = Group> {
    ids: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    groups: BTreeMap<G, Tally>,
}

impl<G> Default for WordCounts<G> {
    fn default() -> WordCounts<G> {
        WordCounts {
            ids: HashMap::new(),
            words: Vec::new(),
            groups: BTreeMap::new(),
        }
    }
}

fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl<G: Ord + Clone> WordCounts<G> {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 4 billion distinct words");
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        id
    }

    /// Counts the (normalized) words of one article, and their bigrams, for `group`.
    pub fn add(&mut self, group: &G, words: &[String]) {
        let ids: Vec<u32> = words.iter().map(|w| self.intern(w)).collect();
        let tally = self.groups.entry(group.clone()).or_default();
        tally.tokens += ids.len() as u64;
        for &id in &ids {
            *tally.unigrams.entry(id).or_default() += 1;
        }
        for w in ids.windows(2) {
            *tally.bigrams.entry(pair(w[0], w[1])).or_default() += 1;
        }
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: WordCounts<G>) {
        let map: Vec<u32> = other.words.iter().map(|w| self.intern(w)).collect();
        for (group, tally) in other.groups {
            let mine = self.groups.entry(group).or_default();
            mine.tokens += tally.tokens;
            for (id, n) in tally.unigrams {
                *mine.unigrams.entry(map[id as usize]).or_default() += n;
            }
            for (key, n) in tally.bigrams {
                let (a, b) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
                *mine.bigrams.entry(pair(map[a], map[b])).or_default() += n;
            }
        }
    }

    /// The groups counted, in order.
    pub fn groups(&self) -> impl Iterator<Item = &G> {
        self.groups.keys()
    }

    /// Words counted for `group`.
    pub fn tokens(&self, group: &G) -> u64 {
        self.groups.get(group).map_or(0, |t| t.tokens)
    }

    /// Word and bigram counts of the groups `keep` selects, summed, as strings (`"a b"` for a
    /// bigram), keeping only n-grams counted at least `min_count` times over those groups.
    pub fn ngrams(&self, keep: impl Fn(&G) -> bool, min_count: u64) -> HashMap<String, u64> {
        let mut unigrams: HashMap<u32, u64> = HashMap::new();
        let mut bigrams: HashMap<u64, u64> = HashMap::new();
        for (_, tally) in self.groups.iter().filter(|(g, _)| keep(g)) {
            for (&id, &n) in &tally.unigrams {
                *unigrams.entry(id).or_default() += n;
            }
            for (&key, &n) in &tally.bigrams {
                *bigrams.entry(key).or_default() += n;
            }
        }
        let mut out = HashMap::new();
        for (id, n) in unigrams {
            if n >= min_count {
                out.insert(self.words[id as usize].to_string(), n);
            }
        }
        for (key, n) in bigrams {
            if n >= min_count {
                out.insert(self.bigram(key), n);
            }
        }
        out
    }

    /// For comparing every group with the rest in one go: the summed counts of the groups
    /// `keep` selects, keeping n-grams counted at least `min_count` times over them (as
    /// [`WordCounts::ngrams`]), from which [`Selection::group`] gives each group's own counts
    /// of those n-grams.
    ///
    /// Faster than [`WordCounts::ngrams`] once per group on a large corpus: the sums are made
    /// once, and a group's n-grams the threshold leaves out (most bigrams) are never spelled
    /// out as strings.
    pub fn select(&self, keep: impl Fn(&G) -> bool, min_count: u64) -> Selection<'_, G> {
        let mut unigrams: HashMap<u32, u64> = HashMap::new();
        let mut bigrams: HashMap<u64, u64> = HashMap::new();
        let groups: Vec<&G> = self.groups.keys().filter(|g| keep(g)).collect();
        for group in &groups {
            let tally = &self.groups[*group];
            for (&id, &n) in &tally.unigrams {
                *unigrams.entry(id).or_default() += n;
            }
            for (&key, &n) in &tally.bigrams {
                *bigrams.entry(key).or_default() += n;
            }
        }
        unigrams.retain(|_, n| *n >= min_count);
        bigrams.retain(|_, n| *n >= min_count);
        let mut all = HashMap::with_capacity(unigrams.len() + bigrams.len());
        all.extend(
            unigrams
                .iter()
                .map(|(&id, &n)| (self.words[id as usize].to_string(), n)),
        );
        all.extend(bigrams.iter().map(|(&key, &n)| (self.bigram(key), n)));
        Selection {
            counts: self,
            groups,
            unigrams,
            bigrams,
            all,
        }
    }

    fn bigram(&self, key: u64) -> String {
        format!(
            "{} {}",
            self.words[(key >> 32) as usize],
            self.words[(key & 0xFFFF_FFFF) as usize]
        )
    }
}

/// Groups of a [`WordCounts`] and the n-grams counted often enough over them:
/// [`WordCounts::select`].
pub struct Selection<'c, G> {
    counts: &'c WordCounts<G>,
    groups: Vec<&'c G>,
    unigrams: HashMap<u32, u64>,
    bigrams: HashMap<u64, u64>,
    all: HashMap<String, u64>,
}

impl<G: Ord + Clone> Selection<'_, G> {
    /// The groups selected, in order.
    pub fn groups(&self) -> &[&G] {
        &self.groups
    }

    /// The n-grams counted at least the threshold over the selected groups, with their
    /// summed counts.
    pub fn all(&self) -> &HashMap<String, u64> {
        &self.all
    }

    /// `group`'s own counts of those n-grams (empty for a group not selected).
    pub fn group(&self, group: &G) -> HashMap<String, u64> {
        let mut mine = HashMap::new();
        let Some(tally) = self.counts.groups.get(group) else {
            return mine;
        };
        for (&id, &n) in &tally.unigrams {
            if self.unigrams.contains_key(&id) {
                mine.insert(self.counts.words[id as usize].to_string(), n);
            }
        }
        for (&key, &n) in &tally.bigrams {
            if self.bigrams.contains_key(&key) {
                mine.insert(self.counts.bigram(key), n);
            }
        }
        mine
    }
}

/// The serialized form: groups in order, n-grams sorted.
#[derive(Serialize, Deserialize)]
struct GroupForm {
    event: Option<String>,
    outlet: Option<String>,
    tokens: u64,
    ngrams: BTreeMap<String, u64>,
}

impl Serialize for WordCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let forms: Vec<GroupForm> = self
            .groups
            .iter()
            .map(|(group, tally)| {
                let mut ngrams: BTreeMap<String, u64> = tally
                    .unigrams
                    .iter()
                    .map(|(&id, &n)| (self.words[id as usize].to_string(), n))
                    .collect();
                ngrams.extend(tally.bigrams.iter().map(|(&k, &n)| (self.bigram(k), n)));
                GroupForm {
                    event: group.event.clone(),
                    outlet: group.outlet.clone(),
                    tokens: tally.tokens,
                    ngrams,
                }
            })
            .collect();
        forms.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WordCounts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<WordCounts, D::Error> {
        let forms = Vec::<GroupForm>::deserialize(deserializer)?;
        let mut counts = WordCounts::default();
        for form in forms {
            let group = Group {
                event: form.event,
                outlet: form.outlet,
            };
            let mut tally = Tally {
                tokens: form.tokens,
                ..Tally::default()
            };
            for (ngram, n) in form.ngrams {
                match ngram.split_once(' ') {
                    None => {
                        let id = counts.intern(&ngram);
                        tally.unigrams.insert(id, n);
                    }
                    Some((a, b)) => {
                        let key = pair(counts.intern(a), counts.intern(b));
                        tally.bigrams.insert(key, n);
                    }
                }
            }
            counts.groups.insert(group, tally);
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn counts_merge_exactly_and_round_trip() {
        let a = Group {
            event: None,
            outlet: Some("a".into()),
        };
        let b = Group {
            event: None,
            outlet: Some("b".into()),
        };
        let mut whole = WordCounts::default();
        whole.add(&a, &words("x y x"));
        whole.add(&b, &words("y z"));
        let mut first = WordCounts::default();
        first.add(&b, &words("y z"));
        let mut second = WordCounts::default();
        second.add(&a, &words("x y x"));
        first.merge(second);
        let json = |c: &WordCounts| serde_json::to_string(c).unwrap();
        assert_eq!(json(&first), json(&whole));
        let back: WordCounts = serde_json::from_str(&json(&whole)).unwrap();
        assert_eq!(json(&back), json(&whole));
        let all = whole.ngrams(|_| true, 1);
        let expected: HashMap<String, u64> = [
            ("x", 2),
            ("y", 2),
            ("z", 1),
            ("x y", 1),
            ("y x", 1),
            ("y z", 1),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(all, expected);
        assert_eq!(whole.ngrams(|g| g == &a, 2).len(), 1);
        assert_eq!(whole.tokens(&a), 3);
    }
}

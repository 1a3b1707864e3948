//! Finding every loaded term in a text: exact spans, voice, and the side each use favors.
//!
//! [`Matcher::new`] compiles all loaded lexicons once: every normalized form (terms, attribution
//! verbs, contested-name variants, proximity words, actor mentions, complementizers) goes into one
//! Aho–Corasick automaton per normalization level. [`Matcher::analyze`] then
//!
//! 1. normalizes the text, keeping the offset map to the original;
//! 2. finds every occurrence of every form (overlapping search, so that a longer occurrence that
//!    fails the affix rules cannot hide a shorter one that passes);
//! 3. keeps an occurrence only at a word start or after an allowed proclitic chain, and only at a
//!    word end or before an allowed suffix chain (see [`crate::affix`]);
//! 4. adds regular-expression and proximity matches, drops those in a context their term names
//!    as another sense (`exceptions`), resolves overlaps (the longest match wins, one hit per
//!    stretch of text);
//! 5. resolves `favors = "actor"` terms and attribution verbs to the nearest actor mention in the
//!    same sentence, marks reported clauses after attribution verbs, and gives every hit its voice,
//!    sentence and exact original position.
//!
//! ```
//! use framelens::lexicon::LexiconSet;
//! use framelens::matcher::Matcher;
//! let matcher = Matcher::new(&LexiconSet::bundled().unwrap()).unwrap();
//! let text = "قال إن \"المرتزقةَ\" وصلوا.";
//! let analysis = matcher.analyze(text);
//! let hit = analysis.hits.iter().find(|h| h.term.as_ref() == "mercenaries").unwrap();
//! assert_eq!(hit.matched, "المرتزقةَ");
//! assert_eq!((hit.start.line, hit.start.column), (1, 9));
//! assert_eq!(hit.voice.as_str(), "quoted");
//! ```

mod automaton;
mod compile;
mod hit;

use std::ops::Range;
use std::sync::Arc;

use crate::affix::{Language, prefix_ok, suffix_ok};
use crate::lexicon::{Direction, Favors, Role};
use crate::text::{
    Folding, Position, Prepared, VoiceMap, is_word_char, paragraphs, positions, sentences_in,
    span_index,
};

pub use automaton::AutomatonError;
pub use compile::BuildError;
pub use hit::{ActorMention, Analysis, Hit, HitKind, Via};

use compile::{ActorInfo, Entry, Group, SpeechRule, Target, TermInfo};

/// All loaded lexicons, compiled for matching. Build once, share across threads.
#[derive(Debug)]
pub struct Matcher {
    groups: Vec<Group>,
    terms: Vec<TermInfo>,
    actors: Vec<ActorInfo>,
    /// side id → its opponent, for `favors = "against-actor"`.
    opponents: Vec<(Arc<str>, Arc<str>)>,
}

/// An occurrence that passed the affix rules, in one group's normalized text. Its form is
/// borrowed from the matcher: a reference-counted copy for each of the hundreds of thousands of
/// candidates of a corpus was an atomic increment and decrement each, on counts that every
/// thread shares.
#[derive(Clone, Debug)]
struct Candidate<'m> {
    target: Target,
    /// The form itself.
    core: Range<usize>,
    /// The whole word(s), affixes included.
    word: Range<usize>,
    form: &'m str,
    /// Which of its term's forms matched (for a form of a term).
    form_index: Option<usize>,
    via: Via,
}

/// A candidate hit carried across groups, in original offsets.
#[derive(Clone, Debug)]
struct Pending<'m> {
    target: Target,
    group: usize,
    word: Range<usize>,
    core: Range<usize>,
    /// First and last word index in the group's normalized text.
    words: (usize, usize),
    sentence: usize,
    form: &'m str,
    via: Via,
    actor: Option<Resolved>,
}

#[derive(Clone, Debug)]
struct Resolved {
    actor: usize,
    original: Range<usize>,
    /// Whether a cause cue of the term lies between it and this actor, which follows it: the
    /// actor is the cause of what the term names (`cause_cues`).
    cause: bool,
}

/// The sentence (of the original text) that normalized byte `pos` of `scan` falls in. (Where
/// `pos` starts a range already mapped back, the mapped start is the same offset.)
fn sentence_of(scan: &Prepared, sentences: &[Range<usize>], pos: usize) -> usize {
    span_index(sentences, scan.normalized().original_offset(pos))
}

/// What an analysis gives besides the hits: the text's normalized words, and the actor
/// mentions. Scoring a corpus needs neither unless it counts words; leaving them out saves
/// placing every mention, and the sentences and voices of a text with no term in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extras {
    /// The normalized words (at the first normalization level), for word statistics.
    pub words: bool,
    /// The actor mentions ([`Analysis::actors`]); left empty without.
    pub mentions: bool,
}

impl Matcher {
    /// Finds every hit and actor mention in `text`.
    pub fn analyze(&self, text: &str) -> Analysis {
        let extras = Extras {
            words: false,
            mentions: true,
        };
        self.analyze_prepared(text, None, extras).0
    }

    /// As [`Matcher::analyze`], and also gives back the text's normalized words (at the first
    /// normalization level), which counting words for distinctive-word statistics needs: the
    /// text is normalized once for both.
    pub fn analyze_with_words(&self, text: &str) -> (Analysis, Vec<String>) {
        let extras = Extras {
            words: true,
            mentions: true,
        };
        let (analysis, words) = self.analyze_prepared(text, None, extras);
        (analysis, words.unwrap_or_default())
    }

    /// As [`Matcher::analyze`], with the [`Extras`] asked for, for a text whose normalization
    /// is already made: `prepared` must be `text` prepared (cleaning makes it); a group at
    /// another level normalizes for itself. The words come back only with `extras.words`.
    pub fn analyze_prepared(
        &self,
        text: &str,
        prepared: Option<Prepared>,
        extras: Extras,
    ) -> (Analysis, Option<Vec<String>>) {
        // First the cheap pass every text needs: normalize, count words, find candidates. Most
        // news articles hold few or no loaded terms; sentences, quotes and positions are only
        // worked out when there is something to place.
        let mut prepared = prepared;
        let scans: Vec<(Prepared, Vec<Candidate<'_>>)> = self
            .groups
            .iter()
            .map(|group| {
                let mut scan = match prepared.take() {
                    Some(p) if p.folding() == group.folding => p,
                    other => {
                        prepared = other;
                        Prepared::new(text, group.folding)
                    }
                };
                // Phrases match across a line break inside a paragraph; nothing after this
                // needs the normalized line breaks (sentences come from the original text).
                scan.line_breaks_to_spaces();
                let candidates = self.candidates(group, &scan);
                (scan, candidates)
            })
            .collect();
        // Words are counted whatever the lexicons: with none, on the text's own normalization.
        let unscanned;
        let counted = match scans.first() {
            Some((scan, _)) => scan,
            None => {
                unscanned = prepared.unwrap_or_else(|| Prepared::new(text, Folding::Standard));
                &unscanned
            }
        };
        let words = counted.words().len();
        let tokens = extras.words.then(|| {
            let norm = counted.normalized().as_str();
            counted
                .words()
                .iter()
                .map(|w| norm[w.clone()].to_string())
                .collect()
        });
        // Without mentions to give, a text needs placing only if a term may hit in it: actors
        // and complementizers alone make no hit.
        let nothing_to_place = |candidates: &Vec<Candidate<'_>>| {
            candidates.iter().all(|c| {
                !extras.mentions && matches!(c.target, Target::Actor(_) | Target::Complementizer(_))
            })
        };
        if scans
            .iter()
            .all(|(_, candidates)| nothing_to_place(candidates))
        {
            let analysis = Analysis {
                hits: Vec::new(),
                actors: Vec::new(),
                words,
            };
            return (analysis, tokens);
        }
        let paragraph_spans = paragraphs(text);
        let sentence_spans = sentences_in(text, &paragraph_spans);
        // Every pending hit is one of the candidates: room for them all saves regrowing (some
        // thirteen thousand reallocations for three thousand articles).
        let mut pending = Vec::with_capacity(scans.iter().map(|(_, c)| c.len()).sum());
        let mut mentions: Vec<Vec<Mention>> = Vec::with_capacity(self.groups.len());
        let mut complementizers: Vec<Vec<Cue>> = Vec::with_capacity(self.groups.len());
        for (g, (scan, candidates)) in scans.into_iter().enumerate() {
            let (group_mentions, group_comps) = self.group_results(
                g,
                &self.groups[g],
                &scan,
                &sentence_spans,
                candidates,
                &mut pending,
            );
            mentions.push(group_mentions);
            complementizers.push(group_comps);
        }
        let kept = resolve_overlaps(pending, |a, b| self.outranks(a, b));
        if !extras.mentions {
            mentions.clear();
        }
        let offsets = kept.iter().flat_map(|p| [p.word.start, p.word.end]).chain(
            mentions
                .iter()
                .flatten()
                .flat_map(|m| [m.original.start, m.original.end]),
        );
        let places = Places::new(text, offsets.collect());
        let reported_starts = self.reported_starts(text, &sentence_spans, &kept, &complementizers);
        let reported_before = self.reported_before(text, &sentence_spans, &kept);
        let voices = VoiceMap::with_sentences(
            text,
            &paragraph_spans,
            &sentence_spans,
            &reported_starts,
            &reported_before,
        );
        let hits = kept
            .iter()
            .map(|p| self.hit(text, &places, &voices, p, self.undone(text, p, &kept)))
            .collect();
        let actors = mentions
            .into_iter()
            .flatten()
            .map(|m| ActorMention {
                actor: self.actors[m.actor].id.clone(),
                lexicon: self.actors[m.actor].lexicon.clone(),
                side: self.actors[m.actor].side.clone(),
                matched: text[m.original.clone()].to_string(),
                start: places.at(m.original.start),
                end: places.at(m.original.end),
                sentence: m.sentence,
            })
            .collect();
        let analysis = Analysis {
            hits,
            actors,
            words,
        };
        (analysis, tokens)
    }

    /// Every occurrence of every form that passes the affix rules, and every regex match.
    fn candidates<'m>(&self, group: &'m Group, scan: &Prepared) -> Vec<Candidate<'m>> {
        let norm = scan.normalized().as_str();
        // News text gives a candidate every hundred bytes or so (actors, complementizers and
        // terms): room for that up front saves the vector's regrowing, a few reallocations of
        // every article.
        let mut out = Vec::with_capacity(norm.len() / 128);
        if let Some(automaton) = &group.automaton {
            let mut words = WordCursor {
                words: scan.words(),
                next: 0,
            };
            automaton.for_each_match(norm, |form, core| {
                // Inside a word, after a letter that no prefix of its entries ends with (the
                // complementizer ان in كان, بيان): no match, told without finding the word.
                if let Some(ends) = group.prefix_ends[form]
                    && let Some(letter) = letter_before(norm, core.start)
                    && ends >> letter & 1 == 0
                {
                    return;
                }
                let (pattern, entries) = &group.patterns[form];
                let around = words.around(&core);
                for entry in entries {
                    if let Some(word) = affixes_fit(norm, around.clone(), core.clone(), entry) {
                        out.push(Candidate {
                            target: entry.target,
                            core: core.clone(),
                            word,
                            form: pattern,
                            form_index: Some(entry.form),
                            via: Via::Form,
                        });
                    }
                }
            });
        }
        for rule in &group.regexes {
            for m in rule.regex.find_iter(norm) {
                if !m.is_empty() {
                    out.push(Candidate {
                        target: Target::Term(rule.term),
                        core: m.range(),
                        word: m.range(),
                        form: &rule.source,
                        form_index: None,
                        via: Via::Pattern,
                    });
                }
            }
        }
        out
    }

    /// Splits a group's candidates into actor mentions, hit candidates (with proximity pairs
    /// and resolved actors, added to `pending`) and complementizers.
    fn group_results<'m>(
        &self,
        g: usize,
        group: &'m Group,
        scan: &Prepared,
        sentences: &[Range<usize>],
        mut candidates: Vec<Candidate<'m>>,
        pending: &mut Vec<Pending<'m>>,
    ) -> (Vec<Mention>, Vec<Cue>) {
        // Room for each kind up front: complementizers come a dozen or more to an article, and
        // regrowing their vector was most of the reallocations of matching.
        let (mut actors, mut complementizers) = (0, 0);
        for c in &candidates {
            match c.target {
                Target::Actor(_) => actors += 1,
                Target::Complementizer(_) => complementizers += 1,
                _ => {}
            }
        }
        let mut actor_cands = Vec::with_capacity(actors);
        let mut firsts = Vec::new();
        let mut thens = Vec::new();
        let mut comps = Vec::with_capacity(complementizers);
        // Most candidates are hit candidates: they stay where they are, in order, and the
        // others are taken out (where moving each into a vector of its own cost a vector the
        // size of them all).
        let others = candidates.extract_if(.., |c| {
            !matches!(c.target, Target::Term(_) | Target::Variant(_))
        });
        for c in others {
            match c.target {
                Target::Actor(_) => actor_cands.push(c),
                // Left in `candidates`.
                Target::Term(_) | Target::Variant(_) => {}
                Target::ProximityFirst(rule) => firsts.push((rule, c)),
                Target::ProximityThen(rule) => thens.push((rule, c)),
                Target::Complementizer(language) => {
                    let word = scan.word_index(c.word.start);
                    if after_conjunction(group, scan, word, language) {
                        continue;
                    }
                    if let Some(orig) = scan.normalized().to_original(c.word.clone()) {
                        comps.push(Cue {
                            word,
                            start: orig.start,
                            sentence: span_index(sentences, orig.start),
                            language,
                        });
                    }
                }
            }
        }
        comps.sort_by_key(|c| c.word);
        let mut hit_cands = candidates;
        hit_cands.extend(self.proximity_pairs(group, scan, sentences, &firsts, &thens));
        // A word in a context where it has another sense is no hit, and leaves its stretch of
        // text to any other term that matches there.
        let norm = scan.normalized().as_str();
        hit_cands.retain(|c| match c.target {
            Target::Term(t) => !self.terms[t]
                .exceptions
                .iter()
                .any(|e| e.applies(norm, &c.word, c.form_index)),
            _ => true,
        });
        let mentions = self.mentions(scan, sentences, actor_cands);
        pending.extend(hit_cands.into_iter().filter_map(|c| {
            let word = scan.normalized().to_original(c.word.clone())?;
            // A word whose form begins inside a ligature (the article's ل and the form's
            // ا in `اﻻحتلال`) is a hit; its core takes the whole ligature.
            let core = scan.normalized().to_original_covering(c.core.clone())?;
            let words = (
                scan.word_index(c.word.start),
                scan.word_index(c.word.end - 1),
            );
            // The original of a word's start is where its sentence is looked up.
            let sentence = span_index(sentences, word.start);
            let mut p = Pending {
                target: c.target,
                group: g,
                word,
                core,
                words,
                sentence,
                form: c.form,
                via: c.via,
                actor: None,
            };
            p.actor = self.nearest_actor(&p, scan, &mentions, &comps);
            Some(p)
        }));
        (mentions, comps)
    }

    /// Pairs proximity words: the first, then the second within `within` words, same sentence.
    fn proximity_pairs<'m>(
        &self,
        group: &'m Group,
        scan: &Prepared,
        sentences: &[Range<usize>],
        firsts: &[(usize, Candidate<'m>)],
        thens: &[(usize, Candidate<'m>)],
    ) -> Vec<Candidate<'m>> {
        let mut out = Vec::new();
        for (rule_index, first) in firsts {
            let rule = &group.proximity[*rule_index];
            let i = scan.word_index(first.word.end - 1);
            let sentence = sentence_of(scan, sentences, first.word.start);
            let best = thens
                .iter()
                .filter(|(r, _)| r == rule_index)
                .map(|(_, t)| (scan.word_index(t.word.start), t))
                .filter(|(j, t)| {
                    *j > i
                        && *j <= i + 1 + rule.within
                        && sentence_of(scan, sentences, t.word.start) == sentence
                })
                .min_by_key(|(j, _)| *j);
            if let Some((_, then)) = best {
                out.push(Candidate {
                    target: Target::Term(rule.term),
                    core: first.core.start..then.core.end,
                    word: first.word.start..then.word.end,
                    form: &rule.description,
                    form_index: None,
                    via: Via::Proximity,
                });
            }
        }
        out
    }

    /// Actor mentions, longest first where they overlap.
    fn mentions(
        &self,
        scan: &Prepared,
        sentences: &[Range<usize>],
        mut cands: Vec<Candidate<'_>>,
    ) -> Vec<Mention> {
        cands.sort_by_key(|c| {
            (
                c.word.start,
                std::cmp::Reverse(c.word.end),
                std::cmp::Reverse(c.core.len()),
            )
        });
        let mut out: Vec<Mention> = Vec::new();
        let mut covered = 0;
        for c in cands {
            if c.word.start < covered {
                continue;
            }
            let Target::Actor(actor) = c.target else {
                continue;
            };
            // A form in a context where it is another word (a first name) is no mention, and
            // leaves its stretch to any other actor.
            let norm = scan.normalized().as_str();
            if self.actors[actor]
                .exceptions
                .iter()
                .any(|e| e.applies(norm, &c.word, c.form_index))
            {
                continue;
            }
            let Some(original) = scan.normalized().to_original(c.word.clone()) else {
                continue;
            };
            covered = c.word.end;
            out.push(Mention {
                actor,
                words: (
                    scan.word_index(c.word.start),
                    scan.word_index(c.word.end - 1),
                ),
                sentence: span_index(sentences, original.start),
                original,
            });
        }
        out
    }

    /// The actor a term or attribution verb refers to: the nearest mention in the same sentence,
    /// in the term's direction and window; for side-resolving terms only actors with a side.
    ///
    /// A speech verb's speaker comes before its complementizer: in `وأضاف أنّ أذربيجان` the
    /// speaker is unnamed, not Azerbaijan, so the search stops at the complementizer.
    fn nearest_actor(
        &self,
        p: &Pending<'_>,
        scan: &Prepared,
        mentions: &[Mention],
        complementizers: &[Cue],
    ) -> Option<Resolved> {
        let info = match p.target {
            Target::Term(t) => &self.terms[t],
            _ => return None,
        };
        let needs_side = info.favors.needs_actor();
        let speech = matches!(info.role, Role::Attribution { speech: true, .. });
        if !needs_side && !matches!(info.role, Role::Attribution { .. }) {
            return None;
        }
        let (first, last) = p.words;
        let (words, norm) = (scan.words(), scan.normalized().as_str());
        let stop = if speech {
            next_cue(complementizers, last, p.sentence, info.language, usize::MAX)
                .map_or(usize::MAX, |c| c.word)
        } else {
            usize::MAX
        };
        // Mentions are in text order: only those within the window need looking at.
        let from = mentions.partition_point(|m| m.words.1 + info.window < first);
        mentions[from..]
            .iter()
            .take_while(|m| m.words.0 <= last + info.window)
            .filter(|m| m.sentence == p.sentence && m.words.0 < stop)
            .filter(|m| !needs_side || self.actors[m.actor].side.is_some())
            .filter_map(|m| {
                let (distance, after) = if m.words.1 < first {
                    (first - m.words.1, false)
                } else if m.words.0 > last {
                    (m.words.0 - last, true)
                } else {
                    (0, true)
                };
                let allowed = match info.direction {
                    Direction::Before => !after || distance == 0,
                    Direction::After => after,
                    Direction::Either => true,
                };
                // Between two actors as near, one in the same clause (no comma between) wins,
                // then the one on the side where the language puts a noun's adjectives: before
                // it in English (Armenian aggression), after it in Arabic (العدوان الأرميني).
                let gap = if after {
                    words[last].end..words[m.words.0].start
                } else {
                    words[m.words.1].end..words[first].start
                };
                let crosses_comma = norm
                    .get(gap)
                    .is_some_and(|between| between.contains([',', '،']));
                let off_side = match info.language {
                    Language::English => after,
                    Language::Arabic => !after,
                };
                (allowed && distance <= info.window)
                    .then_some(((distance, crosses_comma, off_side), m))
            })
            .min_by_key(|(key, _)| *key)
            .map(|(_, m)| Resolved {
                actor: m.actor,
                original: m.original.clone(),
                cause: cause_before(info, scan, (first, last), m.words.0),
            })
    }

    /// Where reported clauses begin: after each kept attribution verb that introduces speech, at
    /// the first complementizer within the gap (or right after the verb where the language lets
    /// the complementizer drop).
    /// The clauses a speech verb reports from behind, where the language puts attribution
    /// last (`postposed`): the sentence up to the comma before a verb that closes it. The verb
    /// closes it when the speaker comes after it ("…, said the ministry in a statement.") or,
    /// with the speaker before it, when nothing but a time or place follows ("…, Aliyev said
    /// on Tuesday."): in "After mercenaries arrived, Aliyev said the war would end" the verb
    /// reports what follows it, and the clause before the comma is the writer's.
    fn reported_before(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        kept: &[Pending<'_>],
    ) -> Vec<Range<usize>> {
        const SPEAKER_WORDS: usize = 4;
        const CLOSING_WORDS: usize = 6;
        // What may follow "Aliyev said" when the verb closes its sentence.
        const CIRCUMSTANCE: [&str; 16] = [
            "in",
            "on",
            "at",
            "during",
            "after",
            "late",
            "earlier",
            "later",
            "today",
            "yesterday",
            "tonight",
            "this",
            "last",
            "when",
            "while",
            "through",
        ];
        let words = |s: &str| s.split_whitespace().count();
        let mut spans = Vec::new();
        for (p, _, rule) in self.speech_verbs(kept) {
            if !rule.postposed {
                continue;
            }
            let Some(sentence) = sentences.get(p.sentence) else {
                continue;
            };
            let before = &text[sentence.start..p.word.start.max(sentence.start)];
            let Some(comma) = before.rfind([',', '،']) else {
                continue;
            };
            let after = &text[p.word.end.min(sentence.end)..sentence.end];
            let closing = after.split([',', '،']).next().unwrap_or("");
            // The Arabic comma is two bytes.
            let comma_len = before[comma..].chars().next().map_or(1, char::len_utf8);
            let speaker = words(&before[comma + comma_len..]);
            let closes = if speaker == 0 {
                words(closing) <= CLOSING_WORDS
            } else {
                closing
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .find(|w| !w.is_empty())
                    .is_none_or(|w| CIRCUMSTANCE.contains(&w.to_lowercase().as_str()))
            };
            if speaker <= SPEAKER_WORDS && closes {
                spans.push(sentence.start..sentence.start + comma);
            }
        }
        spans
    }

    /// The kept attribution verbs that introduce speech, each with its term and its language's
    /// speech rule.
    fn speech_verbs<'a>(
        &'a self,
        kept: &'a [Pending<'a>],
    ) -> impl Iterator<Item = (&'a Pending<'a>, &'a TermInfo, &'a SpeechRule)> + 'a {
        kept.iter().filter_map(|p| {
            let Target::Term(t) = p.target else {
                return None;
            };
            let info = &self.terms[t];
            let Role::Attribution { speech: true, .. } = info.role else {
                return None;
            };
            let rule = self.groups[p.group].speech_rule(info.language)?;
            Some((p, info, rule))
        })
    }

    /// Where the reported clauses after speech verbs start: at the complementizer (قال إن,
    /// said that), or at a colon (وقال الوزير: …, said: …), whichever comes first within the
    /// rule's gap; without either, right after the verb when the complementizer is optional.
    fn reported_starts(
        &self,
        text: &str,
        sentences: &[Range<usize>],
        kept: &[Pending<'_>],
        complementizers: &[Vec<Cue>],
    ) -> Vec<usize> {
        let mut starts = Vec::new();
        for (p, info, rule) in self.speech_verbs(kept) {
            let last = p.words.1;
            let found = next_cue(
                &complementizers[p.group],
                last,
                p.sentence,
                info.language,
                last + 1 + rule.max_gap,
            );
            let needs_complementizer = matches!(
                info.role,
                Role::Attribution {
                    needs_complementizer: true,
                    ..
                }
            );
            let colon = sentences
                .get(p.sentence)
                .and_then(|s| speech_colon(text, p.word.end..s.end, rule.max_gap));
            let start = match (found.map(|cue| cue.start), colon) {
                (Some(cue), Some(colon)) => Some(cue.min(colon)),
                (cue, colon) => cue.or(colon),
            };
            match start {
                Some(start) => starts.push(start),
                None if rule.optional && !needs_complementizer => starts.push(p.word.end),
                None => {}
            }
        }
        starts
    }

    /// Whether a kept hit of a term that undoes `p`'s (`undone_by`) lies between `p` and its
    /// actor: in «واصل الجيش الأذربيجاني تحرير الأراضي المحتلة» the army liberates the occupied
    /// land, so it is not the occupier the word «المحتلة» accuses.
    fn undone(&self, text: &str, p: &Pending<'_>, kept: &[Pending<'_>]) -> bool {
        let (Target::Term(t), Some(actor)) = (p.target, &p.actor) else {
            return false;
        };
        let undoers = &self.terms[t].undone_by;
        if undoers.is_empty() {
            return false;
        }
        // The actor undoes it only if the undoing word is its own side's: in «ترفض يريفان
        // تحرير المناطق المحتلة» Yerevan rejects the liberation, Baku's word.
        let actor_side = self.actors[actor.actor].side.as_deref();
        let between = if actor.original.end <= p.word.start {
            actor.original.end..p.word.start
        } else {
            p.word.end..actor.original.start
        };
        // Arabic puts the verb first: in «حررت أذربيجان المناطق المحتلة» the undoing verb comes
        // right before its subject (or before a head noun and the actor: حررت القوات
        // الأذربيجانية), and the actor lies between it and the term.
        let verb_first = |q: &Pending<'_>| {
            actor.original.end <= p.word.start
                && q.word.end <= actor.original.start
                && text[q.word.end..actor.original.start]
                    .split_whitespace()
                    .count()
                    <= 1
        };
        kept.iter().any(|q| {
            matches!(q.target, Target::Term(u)
                if undoers.contains(&u) && actor_side.is_some()
                    && self.terms[u].side.as_deref() == actor_side)
                && q.sentence == p.sentence
                && ((between.start <= q.word.start && q.word.end <= between.end) || verb_first(q))
        })
    }

    fn hit(
        &self,
        text: &str,
        places: &Places,
        voices: &VoiceMap,
        p: &Pending<'_>,
        undone: bool,
    ) -> Hit {
        let (lexicon, term, kind, choice, frame, severity, side) = match p.target {
            Target::Term(t) => {
                let info = &self.terms[t];
                let kind = match info.role {
                    Role::Loaded => HitKind::Loaded,
                    Role::Attribution { stance, .. } => HitKind::Attribution { stance },
                };
                let side = match &info.favors {
                    Favors::Neutral => None,
                    Favors::Side(_) => info.side.clone(),
                    Favors::Actor => p.actor.as_ref().and_then(|a| {
                        let side = self.actors[a.actor].side.clone();
                        if a.cause {
                            side.and_then(|s| self.opponent(&s))
                        } else {
                            side
                        }
                    }),
                    Favors::AgainstActor => {
                        let side = p
                            .actor
                            .as_ref()
                            .and_then(|a| self.actors[a.actor].side.clone());
                        if undone {
                            side
                        } else {
                            side.and_then(|s| self.opponent(&s))
                        }
                    }
                };
                (
                    info.lexicon.clone(),
                    info.id.clone(),
                    kind,
                    info.choice.clone(),
                    info.frame.clone(),
                    Some(info.severity),
                    side,
                )
            }
            Target::Variant(v) => {
                let info = &self.terms[v];
                (
                    info.lexicon.clone(),
                    info.id.clone(),
                    HitKind::Name,
                    info.choice.clone(),
                    None,
                    None,
                    info.side.clone(),
                )
            }
            _ => unreachable!("only terms and variants become hits"),
        };
        let actor = p.actor.as_ref().map(|a| {
            let info = &self.actors[a.actor];
            hit::ActorRef {
                id: info.id.clone(),
                label: info.label.clone(),
                side: info.side.clone(),
                matched: text[a.original.clone()].to_string(),
                byte: a.original.start,
            }
        });
        Hit {
            lexicon,
            term,
            kind,
            choice,
            matched: text[p.word.clone()].to_string(),
            form: p.form.to_owned(),
            via: p.via,
            start: places.at(p.word.start),
            end: places.at(p.word.end),
            core: p.core.clone(),
            sentence: p.sentence,
            voice: voices.voice_at(p.core.start),
            frame,
            severity,
            side,
            actor,
        }
    }

    /// Whether hit `a` beats an overlapping hit `b` whatever their lengths: a topic lexicon's
    /// hit that says whose framing it is beats a later lexicon's hit that says nothing of sides.
    /// In «العدوان التركي على أرمينيا» Karabakh's «العدوان» (against Turkey's side) wins over the
    /// generic lexicon's longer «العدوان التركي». A side that comes through an actor counts only
    /// when the actor is inside the longer hit: in «ندد أردوغان بالعدوان الإسرائيلي» the
    /// aggressor is Israel, and Erdogan only condemns it.
    fn outranks(&self, a: &Pending<'_>, b: &Pending<'_>) -> bool {
        let (Target::Term(x) | Target::Variant(x), Target::Term(y) | Target::Variant(y)) =
            (a.target, b.target)
        else {
            return false;
        };
        let through_actor_inside = match self.terms[x].favors {
            Favors::Actor | Favors::AgainstActor => a.actor.as_ref().is_some_and(|actor| {
                b.word.start <= actor.original.start && actor.original.end <= b.word.end
            }),
            Favors::Side(_) | Favors::Neutral => true,
        };
        x < y
            && self.terms[x].lexicon != self.terms[y].lexicon
            && through_actor_inside
            && self.takes_side(a)
            && !self.takes_side(b)
    }

    /// Whether a pending hit will favor a side: a fixed one, or its actor's.
    fn takes_side(&self, p: &Pending<'_>) -> bool {
        let (Target::Term(t) | Target::Variant(t)) = p.target else {
            return false;
        };
        let info = &self.terms[t];
        match info.favors {
            Favors::Actor | Favors::AgainstActor => p
                .actor
                .as_ref()
                .is_some_and(|a| self.actors[a.actor].side.is_some()),
            Favors::Side(_) | Favors::Neutral => info.side.is_some(),
        }
    }

    fn opponent(&self, side: &str) -> Option<Arc<str>> {
        self.opponents
            .iter()
            .find(|(s, _)| s.as_ref() == side)
            .map(|(_, o)| o.clone())
    }
}

/// Whether one of the term's cause cues introduces the actor mention that starts at word
/// `actor`, on either side of the term (its first and last words `term`): the cue right before
/// the actor (سقط شهداء بقصف أرميني, بقصف أرميني سقط شهداء), or before a definite noun and the
/// actor (برصاص القوات الأذربيجانية). After the term the cue must be too: in «استشهد بقصف جنديان
/// أذربيجانيان» the Azerbaijani soldiers are the dead, not the cause.
fn cause_before(info: &TermInfo, scan: &Prepared, term: (usize, usize), actor: usize) -> bool {
    let (first, last) = term;
    if info.cause_cues.is_empty() || actor == 0 || (first..=last + 1).contains(&actor) {
        return false;
    }
    let norm = scan.normalized().as_str();
    let word = |w: usize| &norm[scan.words()[w].clone()];
    let placed = |w: usize| if actor > last { w > last } else { w < first };
    let is_cue = |w: usize| placed(w) && info.cause_cues.iter().any(|c| c == word(w));
    is_cue(actor - 1) || (actor >= 2 && is_cue(actor - 2) && word(actor - 1).starts_with("ال"))
}

/// Whether the word before complementizer word `word` makes it part of another conjunction
/// (بعد أن "after", وقبل أن "and before"): the language's `not_after` words, with و or ف.
fn after_conjunction(group: &Group, scan: &Prepared, word: usize, language: Language) -> bool {
    let Some(rule) = group.speech_rule(language) else {
        return false;
    };
    let Some(before) = word.checked_sub(1).map(|w| &scan.words()[w]) else {
        return false;
    };
    let before = &scan.normalized().as_str()[before.clone()];
    let bare = before
        .strip_prefix(['و', 'ف'])
        .filter(|rest| !rest.is_empty())
        .unwrap_or(before);
    rule.not_after.iter().any(|w| w == before || w == bare)
}

/// Positions of the offsets a text's hits and mentions need, placed in one pass in text order.
struct Places(Vec<Position>);

impl Places {
    fn new(text: &str, mut offsets: Vec<usize>) -> Places {
        offsets.sort_unstable();
        offsets.dedup();
        Places(positions(text, &offsets))
    }

    fn at(&self, byte: usize) -> Position {
        let i = self.0.partition_point(|p| p.byte < byte);
        self.0[i]
    }
}

/// A complementizer (إن, أن, that): where a reported clause may open.
#[derive(Clone, Debug)]
struct Cue {
    /// Word index in the group's normalized text.
    word: usize,
    /// Original byte offset.
    start: usize,
    sentence: usize,
    language: Language,
}

/// Where direct speech without quote marks starts in `stretch` after a speech verb: right after
/// a colon with at most `max_gap` words before it («وقال وزير الخارجية: …»). A colon between
/// digits is a time or a score, not speech; and a colon before a quotation mark or bracket
/// opens the quote, which is all the speech: the outlet goes on after it closes.
fn speech_colon(text: &str, stretch: Range<usize>, max_gap: usize) -> Option<usize> {
    // Most sentences after a speech verb hold no colon at all: one `memchr` says so, where the
    // walk decoded and classed every character up to the gap (2 % of scoring a corpus).
    memchr::memchr(b':', text[stretch.clone()].as_bytes())?;
    speech_colon_walk(text, stretch, max_gap)
}

/// [`speech_colon`], character by character.
fn speech_colon_walk(text: &str, stretch: Range<usize>, max_gap: usize) -> Option<usize> {
    let after = &text[stretch.clone()];
    let mut words = 0;
    let mut in_word = false;
    let mut before = None;
    for (i, c) in after.char_indices() {
        if c == ':' {
            let next = after[i + 1..].chars().next();
            let between_digits =
                before.is_some_and(char::is_numeric) && next.is_some_and(char::is_numeric);
            if between_digits {
                continue;
            }
            let opens_quote = after[i + 1..]
                .trim_start()
                .starts_with(['"', '«', '“', '\'', '‘', '(', '[', '{', '﴿']);
            return (!opens_quote).then_some(stretch.start + i + 1);
        }
        let word = is_word_char(c);
        if word && !in_word {
            words += 1;
            if words > max_gap {
                return None;
            }
        }
        in_word = word;
        before = Some(c);
    }
    None
}

/// The first cue after word `after`, up to word `max`, in the same sentence and language.
fn next_cue(
    cues: &[Cue],
    after: usize,
    sentence: usize,
    language: Language,
    max: usize,
) -> Option<&Cue> {
    let from = cues.partition_point(|c| c.word <= after);
    cues[from..]
        .iter()
        .take_while(|c| c.word <= max && c.sentence <= sentence)
        .find(|c| c.sentence == sentence && c.language == language)
}

/// An actor mention in one group's text.
#[derive(Clone, Debug)]
struct Mention {
    actor: usize,
    words: (usize, usize),
    sentence: usize,
    original: Range<usize>,
}

/// The words around occurrences that come in the order of their ends (as the automaton reports
/// them): a cursor that only moves forward, where a binary search for each occurrence was a
/// few percent of scoring a corpus.
struct WordCursor<'a> {
    words: &'a [Range<usize>],
    /// The first word that ends after the last occurrence's end.
    next: usize,
}

impl WordCursor<'_> {
    /// The stretch an occurrence at `core` may take in: from the start of the word it begins
    /// inside or right after the end of, to the end of the word it ends inside (the form's own
    /// ends where there is no such word).
    fn around(&mut self, core: &Range<usize>) -> Range<usize> {
        let words = self.words;
        // Occurrences are some thirty words apart (the complementizer ان alone is every
        // fortieth): galloping ahead, then a binary search in the last step, passes them in a
        // few looks where stepping looked at each word.
        let passed = |w: &Range<usize>| w.end <= core.end;
        if words.get(self.next).is_some_and(passed) {
            // `words[..low]` are passed; `words[high..]` are not.
            let (mut low, mut step) = (self.next + 1, 1);
            let high = loop {
                let probe = self.next + step;
                match words.get(probe) {
                    Some(w) if passed(w) => low = probe + 1,
                    _ => break probe.min(words.len()),
                }
                step *= 2;
            };
            self.next = low + words[low..high].partition_point(passed);
        }
        let end = match words.get(self.next) {
            Some(w) if w.start <= core.end => w.end,
            _ => core.end,
        };
        // Forms are a word or a few, so the first word that does not end before the form's
        // start is a step or two back.
        let mut before = self.next;
        while before > 0 && words[before - 1].end >= core.start {
            before -= 1;
        }
        let start = match words.get(before) {
            Some(w) if w.start < core.start => w.start,
            _ => core.start,
        };
        start..end
    }
}

/// The index from U+0621 of the Arabic letter (see [`compile::arabic_letter_index`]) that ends
/// just before byte `at` of `norm`, if one does. Both letters' bytes lead with D8 or D9, which
/// never continue a character, so two bytes back is a character's start.
fn letter_before(norm: &str, at: usize) -> Option<u32> {
    let bytes = norm.as_bytes();
    let (&lead, &second) = (bytes.get(at.checked_sub(2)?)?, bytes.get(at - 1)?);
    if lead & 0xFE != 0xD8 || second & 0xC0 != 0x80 {
        return None;
    }
    let c = char::from_u32((u32::from(lead & 0x1F) << 6) | u32::from(second & 0x3F))?;
    compile::arabic_letter_index(c)
}

/// The whole word(s) around an occurrence at `core` (`around`, from [`WordCursor::around`]),
/// if the text attached to it is a valid proclitic chain before and a valid suffix chain after.
fn affixes_fit(
    norm: &str,
    around: Range<usize>,
    core: Range<usize>,
    entry: &Entry,
) -> Option<Range<usize>> {
    let (start, end) = (around.start, around.end);
    let prefix = &norm[start..core.start];
    let suffix = &norm[core.end..end];
    let ok = prefix_ok(prefix, entry.language, entry.affixes, entry.class)
        && suffix_ok(
            suffix,
            entry.language,
            entry.affixes,
            entry.class,
            entry.stem,
        );
    ok.then_some(start..end)
}

/// Longest match wins, one hit per stretch of text; on equal length the earlier lexicon wins;
/// and a hit that `outranks` another wins whatever their lengths.
fn resolve_overlaps<'m>(
    mut pending: Vec<Pending<'m>>,
    outranks: impl Fn(&Pending<'m>, &Pending<'m>) -> bool,
) -> Vec<Pending<'m>> {
    pending.sort_by(|a, b| {
        a.word
            .start
            .cmp(&b.word.start)
            .then(b.word.end.cmp(&a.word.end))
            .then(b.core.len().cmp(&a.core.len()))
            .then(a.target.priority().cmp(&b.target.priority()))
    });
    // Greedy by start, but a later, longer match that overlaps the kept one replaces it.
    let mut kept: Vec<Pending<'m>> = Vec::with_capacity(pending.len());
    for p in pending {
        match kept.last() {
            Some(last) if p.word.start < last.word.end => {
                let replaces = if outranks(&p, last) {
                    true
                } else if outranks(last, &p) {
                    false
                } else {
                    p.word.len() > last.word.len()
                };
                if replaces {
                    kept.pop();
                    kept.push(p);
                }
            }
            _ => kept.push(p),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_spans;

    #[test]
    fn the_letter_before_a_form_is_read_from_its_two_bytes() {
        // ك before ان in كان; a space, a Persian letter (U+06CC, DB lead) and the text's start
        // are no letter before; every letter the matcher reads so is a word character.
        let norm = "كان ان یان";
        assert_eq!(letter_before(norm, 2), Some('ك' as u32 - 0x0621));
        assert_eq!(letter_before(norm, 7), None);
        assert_eq!(letter_before(norm, 14), None);
        assert_eq!(letter_before(norm, 0), None);
        for c in ('\u{0600}'..='\u{06FF}').filter(|&c| compile::arabic_letter_index(c).is_some()) {
            assert!(crate::text::is_word_char(c), "{c}");
        }
    }

    /// The stretch around `core` found by binary search, as it was done before the cursor.
    fn around_by_search(words: &[Range<usize>], core: &Range<usize>) -> Range<usize> {
        let before = words.partition_point(|w| w.end < core.start);
        let start = match words.get(before) {
            Some(w) if w.start < core.start => w.start,
            _ => core.start,
        };
        let after = words.partition_point(|w| w.end <= core.end);
        let end = match words.get(after) {
            Some(w) if w.start <= core.end => w.end,
            _ => core.end,
        };
        start..end
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Looking for a colon first changes nothing: without one the walk finds none either.
        #[test]
        fn speech_colon_agrees_with_the_walk(
            text in "[اب 1:«x،.]{0,60}",
            from in 0usize..100,
            max_gap in 0usize..6,
        ) {
            let bounds = crate::text::char_bounds(&text);
            let stretch = bounds[from % bounds.len()]..text.len();
            proptest::prop_assert_eq!(
                speech_colon(&text, stretch.clone(), max_gap),
                speech_colon_walk(&text, stretch, max_gap)
            );
        }

        /// The forward-only cursor finds the same stretches as a binary search, for
        /// occurrences in the order the automaton reports them (by end).
        #[test]
        fn the_word_cursor_agrees_with_binary_search(
            text in "[اب ل.،x]{0,60}",
            picks in proptest::collection::vec((0usize..100, 1usize..12), 0..20),
        ) {
            let words = word_spans(&text);
            let bounds = crate::text::char_bounds(&text);
            let mut cores: Vec<Range<usize>> = picks
                .iter()
                .map(|&(at, len)| {
                    let start = at % bounds.len();
                    bounds[start]..bounds[(start + len).min(bounds.len() - 1)]
                })
                .filter(|core| !core.is_empty())
                .collect();
            cores.sort_by_key(|core| core.end);
            let mut cursor = WordCursor { words: &words, next: 0 };
            for core in &cores {
                proptest::prop_assert_eq!(cursor.around(core), around_by_search(&words, core));
            }
        }
    }
}

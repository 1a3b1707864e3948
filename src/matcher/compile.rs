//! Compiling lexicons into automata: one per normalization level in use.

use std::collections::HashMap;
use std::sync::Arc;

use regex::Regex;

use super::Matcher;
use super::automaton::{Automaton, AutomatonError};
use crate::affix::{
    AffixPolicy, Language, Stem, WordClass, form_key, prefix_end_letters, ta_marbuta_stem,
};
use crate::lexicon::{Direction, Favors, LexiconSet, Role, Severity, Term};
use crate::text::{Folding, normalize_with};

/// Why lexicons could not be compiled (validated lexicons compile; this guards the limits of
/// the automaton and regex engines).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The automaton could not be built.
    // Causes are the errors' sources, which `{:#}` prints after these; not here too.
    #[error("cannot compile the lexicon forms")]
    Automaton(#[from] AutomatonError),
    /// A pattern could not be compiled.
    #[error("cannot compile pattern `{pattern}` of {lexicon}/{term}")]
    Pattern {
        /// The lexicon id.
        lexicon: String,
        /// The term id.
        term: String,
        /// The pattern.
        pattern: String,
        /// The cause.
        #[source]
        source: regex::Error,
    },
}

/// What a form, when found, stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A term or attribution verb (index into `Matcher::terms`).
    Term(usize),
    /// A contested-name variant with forms of its own (index into `Matcher::terms`).
    Variant(usize),
    /// An actor mention (index into `Matcher::actors`).
    Actor(usize),
    /// The first word of a proximity rule (index into `Group::proximity`).
    ProximityFirst(usize),
    /// The second word of a proximity rule.
    ProximityThen(usize),
    /// A complementizer that opens a reported clause.
    Complementizer(Language),
}

impl Target {
    /// Lower wins a tie between equally long hits: lexicon order, then file order.
    pub(super) fn priority(self) -> usize {
        match self {
            Target::Term(i) | Target::Variant(i) => i,
            _ => usize::MAX,
        }
    }
}

/// How to judge the affixes around one occurrence of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub target: Target,
    /// Which of its term's forms this is (index into the term's `forms`; 0 for what is not a
    /// term form), for exceptions limited to some forms.
    pub form: usize,
    pub language: Language,
    pub affixes: AffixPolicy,
    pub class: WordClass,
    pub stem: Stem,
}

/// A term or name variant, with what its hits carry.
#[derive(Clone, Debug)]
pub(super) struct TermInfo {
    pub lexicon: Arc<str>,
    pub id: Arc<str>,
    pub language: Language,
    pub role: Role,
    pub favors: Favors,
    /// The fixed side (`favors = side`, or a name variant's side).
    pub side: Option<Arc<str>>,
    pub frame: Option<Arc<str>>,
    pub severity: Severity,
    pub direction: Direction,
    pub window: usize,
    /// (choice id, variant id) when the term is one of several names for a thing.
    pub choice: Option<(Arc<str>, Arc<str>)>,
    /// Contexts in which the term's word has another sense.
    pub exceptions: Vec<ExceptionRule>,
    /// The terms (indices into the matcher's terms) that undo this one (`undone_by`).
    pub undone_by: Vec<usize>,
    /// Normalized words that make an actor after them the cause (`cause_cues`).
    pub cause_cues: Vec<String>,
}

/// A term's [`crate::lexicon::Exception`], compiled: `followed_by` anchored at the start of the
/// text after a hit, `preceded_by` at the end of the text before it.
#[derive(Clone, Debug)]
pub(super) struct ExceptionRule {
    /// The term's forms (indices into its `forms`) it is limited to; `None`: every hit.
    pub forms: Option<Vec<usize>>,
    pub followed_by: Option<Regex>,
    pub preceded_by: Option<Regex>,
}

impl ExceptionRule {
    /// Whether a hit on `word` (a byte range of the normalized text `norm`), found by form
    /// number `form` of its term (`None`: by a pattern or proximity rule), is in this context.
    pub fn applies(&self, norm: &str, word: &std::ops::Range<usize>, form: Option<usize>) -> bool {
        if let Some(forms) = &self.forms
            && !form.is_some_and(|f| forms.contains(&f))
        {
            return false;
        }
        // Each regex sees the context within `CONTEXT` bytes of the hit. Anchoring alone did
        // not bound the search: `\b` on Arabic text keeps the regex crate off its DFAs, and
        // its fallback read the whole text before every hit (a few per cent of a corpus run).
        let after = &norm[word.end..norm.ceil_char_boundary(word.end + CONTEXT)];
        let before =
            &norm[norm.floor_char_boundary(word.start.saturating_sub(CONTEXT))..word.start];
        self.followed_by
            .as_ref()
            .is_none_or(|re| re.is_match(after))
            && self
                .preceded_by
                .as_ref()
                .is_none_or(|re| re.is_match(before))
    }
}

/// How far an exception's context reaches either side of a hit, in bytes of normalized text:
/// some thirty Arabic or forty English words, well beyond the few words a context names.
const CONTEXT: usize = 240;

#[derive(Clone, Debug)]
pub(super) struct ActorInfo {
    pub lexicon: Arc<str>,
    pub id: Arc<str>,
    pub label: Arc<str>,
    pub side: Option<Arc<str>>,
    /// Contexts in which a form of the actor is another word.
    pub exceptions: Vec<ExceptionRule>,
}

#[derive(Debug)]
pub(super) struct RegexRule {
    pub term: usize,
    pub regex: Regex,
    pub source: Arc<str>,
}

#[derive(Debug)]
pub(super) struct ProximityRule {
    pub term: usize,
    pub within: usize,
    pub description: Arc<str>,
}

#[derive(Debug)]
pub(super) struct SpeechRule {
    pub language: Language,
    pub optional: bool,
    pub max_gap: usize,
    /// Normalized words after which a complementizer opens no reported clause.
    pub not_after: Vec<String>,
    /// A speech verb closing its sentence after a comma reports the clause before it.
    pub postposed: bool,
}

/// Everything matched at one normalization level.
#[derive(Debug)]
pub(super) struct Group {
    pub folding: Folding,
    pub automaton: Option<Automaton>,
    /// Per automaton pattern: the normalized form and what it stands for.
    pub patterns: Vec<(Arc<str>, Vec<Entry>)>,
    /// Per automaton pattern that begins with an Arabic letter: the letters a prefix any of its
    /// entries takes can end with ([`prefix_end_letters`]). Found inside a word after another
    /// letter, the pattern is no match for any of them.
    pub prefix_ends: Vec<Option<u64>>,
    pub regexes: Vec<RegexRule>,
    pub proximity: Vec<ProximityRule>,
    pub speech: Vec<SpeechRule>,
}

impl Group {
    /// The speech rule of `language`'s attribution lexicon, if one is loaded.
    pub fn speech_rule(&self, language: Language) -> Option<&SpeechRule> {
        self.speech.iter().find(|s| s.language == language)
    }
}

/// Collects a group's forms before the automaton is built.
struct GroupBuilder {
    folding: Folding,
    keys: HashMap<String, usize>,
    patterns: Vec<(Arc<str>, Vec<Entry>)>,
    regexes: Vec<RegexRule>,
    proximity: Vec<ProximityRule>,
    speech: Vec<SpeechRule>,
}

impl GroupBuilder {
    fn add(
        &mut self,
        form: &str,
        target: Target,
        language: Language,
        affixes: AffixPolicy,
        class: WordClass,
    ) {
        self.add_form(form, 0, target, language, affixes, class);
    }

    /// As [`GroupBuilder::add`], for form number `index` of a term.
    fn add_form(
        &mut self,
        form: &str,
        index: usize,
        target: Target,
        language: Language,
        affixes: AffixPolicy,
        class: WordClass,
    ) {
        let normalized = normalize_with(form, self.folding);
        let key = form_key(&normalized, language, affixes).to_string();
        let entry = Entry {
            target,
            form: index,
            language,
            affixes,
            class,
            stem: Stem::Whole,
        };
        if let Some(stem) = ta_marbuta_stem(&key, language, affixes, class) {
            let stem = stem.to_string();
            self.push(
                stem,
                Entry {
                    stem: Stem::TaMarbuta,
                    ..entry
                },
            );
        }
        self.push(key, entry);
    }

    fn push(&mut self, key: String, entry: Entry) {
        let index = *self.keys.entry(key.clone()).or_insert_with(|| {
            self.patterns.push((Arc::from(key.as_str()), Vec::new()));
            self.patterns.len() - 1
        });
        // Forms written differently can normalize to one (إن and أن are both ان): an entry
        // that is already there would only find every occurrence twice.
        let entries = &mut self.patterns[index].1;
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    }

    fn build(self) -> Result<Group, BuildError> {
        let automaton = if self.patterns.is_empty() {
            None
        } else {
            let forms: Vec<&str> = self.patterns.iter().map(|(key, _)| key.as_ref()).collect();
            Some(Automaton::new(&forms)?)
        };
        let prefix_ends = (self.patterns.iter())
            .map(|(key, entries)| {
                key.chars().next().and_then(arabic_letter_index).map(|_| {
                    (entries.iter())
                        .map(|e| prefix_end_letters(e.language, e.affixes, e.class))
                        .fold(0, |all, letters| all | letters)
                })
            })
            .collect();
        Ok(Group {
            folding: self.folding,
            automaton,
            patterns: self.patterns,
            prefix_ends,
            regexes: self.regexes,
            proximity: self.proximity,
            speech: self.speech,
        })
    }
}

/// The index from U+0621 of an Arabic letter, a word character in every text: hamza and the
/// letters to غ (U+0621–U+063A), and ف to ي (U+0641–U+064A).
pub(super) fn arabic_letter_index(c: char) -> Option<u32> {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}').then(|| c as u32 - 0x0621)
}

/// Compiles a term's exceptions: `followed_by` as `^(?:…)`, `preceded_by` as `(?:…)$`, and
/// the forms named as the indices of the term's forms with the same key (`الشهيد` is `شهيد`).
/// The forms and exceptions of a term or an actor (named `id` in messages).
struct Excepted<'a> {
    id: &'a str,
    forms: &'a [String],
    affixes: AffixPolicy,
    exceptions: &'a [crate::lexicon::Exception],
}

impl<'a> From<&'a Term> for Excepted<'a> {
    fn from(term: &'a Term) -> Self {
        Excepted {
            id: &term.id,
            forms: &term.forms,
            affixes: term.affixes,
            exceptions: &term.exceptions,
        }
    }
}

impl<'a> From<&'a crate::lexicon::Actor> for Excepted<'a> {
    fn from(actor: &'a crate::lexicon::Actor) -> Self {
        Excepted {
            id: &actor.id,
            forms: &actor.forms,
            affixes: actor.affixes,
            exceptions: &actor.exceptions,
        }
    }
}

fn exception_rules(
    lexicon: &str,
    folding: Folding,
    language: Language,
    term: Excepted<'_>,
) -> Result<Vec<ExceptionRule>, BuildError> {
    let key =
        |form: &str| form_key(&normalize_with(form, folding), language, term.affixes).to_string();
    let keys: Vec<String> = term.forms.iter().map(|f| key(f)).collect();
    let compile = |pattern: &Option<String>, anchored: fn(&str) -> String| {
        pattern
            .as_deref()
            .map(|p| {
                Regex::new(&anchored(p)).map_err(|source| BuildError::Pattern {
                    lexicon: lexicon.to_string(),
                    term: term.id.to_string(),
                    pattern: p.to_string(),
                    source,
                })
            })
            .transpose()
    };
    term.exceptions
        .iter()
        .map(|e| {
            let forms = (!e.forms.is_empty()).then(|| {
                let named: Vec<String> = e.forms.iter().map(|f| key(f)).collect();
                (0..keys.len())
                    .filter(|&i| named.contains(&keys[i]))
                    .collect()
            });
            Ok(ExceptionRule {
                forms,
                followed_by: compile(&e.followed_by, |p| format!("^(?:{p})"))?,
                preceded_by: compile(&e.preceded_by, |p| format!("(?:{p})$"))?,
            })
        })
        .collect()
}

impl Matcher {
    /// Compiles every lexicon of `set` (a few milliseconds for the bundled ones).
    pub fn new(set: &LexiconSet) -> Result<Matcher, BuildError> {
        let mut builders: Vec<GroupBuilder> = Vec::new();
        let mut terms = Vec::new();
        let mut actors = Vec::new();
        let mut opponents: Vec<(Arc<str>, Arc<str>)> = Vec::new();
        for lexicon in set.lexicons() {
            let folding = lexicon.meta.normalization;
            let g = match builders.iter().position(|b| b.folding == folding) {
                Some(g) => g,
                None => {
                    builders.push(GroupBuilder {
                        folding,
                        keys: HashMap::new(),
                        patterns: Vec::new(),
                        regexes: Vec::new(),
                        proximity: Vec::new(),
                        speech: Vec::new(),
                    });
                    builders.len() - 1
                }
            };
            let builder = &mut builders[g];
            let language = lexicon.meta.language;
            let lexicon_id: Arc<str> = Arc::from(lexicon.meta.id.as_str());
            for side in &lexicon.sides {
                if let Some(opponent) = &side.opponent
                    && !opponents.iter().any(|(s, _)| s.as_ref() == side.id)
                {
                    opponents.push((Arc::from(side.id.as_str()), Arc::from(opponent.as_str())));
                }
            }
            let first_term = terms.len();
            for term in &lexicon.terms {
                let t = terms.len();
                terms.push(TermInfo {
                    lexicon: lexicon_id.clone(),
                    id: Arc::from(term.id.as_str()),
                    language,
                    role: term.role,
                    favors: term.favors.clone(),
                    side: match &term.favors {
                        Favors::Side(side) => Some(Arc::from(side.as_str())),
                        _ => None,
                    },
                    frame: term.frame.as_deref().map(Arc::from),
                    severity: term.severity,
                    direction: term.actor_direction,
                    window: term.actor_window,
                    choice: None,
                    exceptions: exception_rules(
                        lexicon.meta.id.as_str(),
                        folding,
                        language,
                        term.into(),
                    )?,
                    // Loading has checked that each names a term of this lexicon.
                    undone_by: term
                        .undone_by
                        .iter()
                        .filter_map(|id| lexicon.terms.iter().position(|u| &u.id == id))
                        .map(|index| first_term + index)
                        .collect(),
                    cause_cues: term
                        .cause_cues
                        .iter()
                        .map(|cue| normalize_with(cue, folding))
                        .collect(),
                });
                for (index, form) in term.forms.iter().enumerate() {
                    builder.add_form(
                        form,
                        index,
                        Target::Term(t),
                        language,
                        term.affixes,
                        term.word_class,
                    );
                }
                for pattern in &term.patterns {
                    let regex = Regex::new(&format!(r"\b(?:{pattern})\b")).map_err(|source| {
                        BuildError::Pattern {
                            lexicon: lexicon.meta.id.clone(),
                            term: term.id.clone(),
                            pattern: pattern.clone(),
                            source,
                        }
                    })?;
                    builder.regexes.push(RegexRule {
                        term: t,
                        regex,
                        source: Arc::from(pattern.as_str()),
                    });
                }
                for rule in &term.proximity {
                    let r = builder.proximity.len();
                    builder.proximity.push(ProximityRule {
                        term: t,
                        within: rule.within,
                        description: Arc::from(format!(
                            "{} … {}",
                            rule.first.join("|"),
                            rule.then.join("|")
                        )),
                    });
                    let words = [
                        (&rule.first, Target::ProximityFirst(r)),
                        (&rule.then, Target::ProximityThen(r)),
                    ];
                    for (forms, target) in words {
                        for form in forms {
                            builder.add(form, target, language, term.affixes, WordClass::Any);
                        }
                    }
                }
            }
            for choice in &lexicon.choices {
                for variant in &choice.variants {
                    let key = Some((
                        Arc::from(choice.id.as_str()),
                        Arc::from(variant.id.as_str()),
                    ));
                    if let Some(term_id) = &variant.term {
                        let index = lexicon.terms.iter().position(|t| &t.id == term_id);
                        if let Some(index) = index {
                            terms[first_term + index].choice = key;
                        }
                        continue;
                    }
                    let v = terms.len();
                    terms.push(TermInfo {
                        lexicon: lexicon_id.clone(),
                        id: Arc::from(variant.id.as_str()),
                        language,
                        role: Role::Loaded,
                        favors: Favors::Neutral,
                        side: variant.side.as_deref().map(Arc::from),
                        frame: None,
                        severity: Severity::Info,
                        direction: Direction::Either,
                        window: 0,
                        choice: key,
                        exceptions: Vec::new(),
                        undone_by: Vec::new(),
                        cause_cues: Vec::new(),
                    });
                    for form in &variant.forms {
                        builder.add(
                            form,
                            Target::Variant(v),
                            language,
                            AffixPolicy::Full,
                            WordClass::Any,
                        );
                    }
                }
            }
            for actor in &lexicon.actors {
                let a = actors.len();
                actors.push(ActorInfo {
                    lexicon: lexicon_id.clone(),
                    id: Arc::from(actor.id.as_str()),
                    label: Arc::from(actor.label.as_str()),
                    side: actor.side.as_deref().map(Arc::from),
                    exceptions: exception_rules(
                        lexicon.meta.id.as_str(),
                        folding,
                        language,
                        actor.into(),
                    )?,
                });
                for (index, form) in actor.forms.iter().enumerate() {
                    builder.add_form(
                        form,
                        index,
                        Target::Actor(a),
                        language,
                        actor.affixes,
                        actor.word_class,
                    );
                }
            }
            if let Some(speech) = &lexicon.speech
                && !builder.speech.iter().any(|s| s.language == language)
            {
                builder.speech.push(SpeechRule {
                    language,
                    optional: speech.complementizer_optional,
                    max_gap: speech.max_gap,
                    not_after: speech
                        .not_after
                        .iter()
                        .map(|w| normalize_with(w, folding))
                        .collect(),
                    postposed: speech.postposed,
                });
                for form in &speech.complementizers {
                    builder.add(
                        form,
                        Target::Complementizer(language),
                        language,
                        AffixPolicy::Full,
                        WordClass::Particle,
                    );
                }
            }
        }
        let groups = builders
            .into_iter()
            .map(|b| b.build())
            .collect::<Result<_, _>>()?;
        Ok(Matcher {
            groups,
            terms,
            actors,
            opponents,
        })
    }
}

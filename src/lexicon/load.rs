//! Parsing and validating a lexicon file into the model, with `file:line:column` messages.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;

use super::raw::{self, Str};
use super::{
    Actor, AffixPolicy, Choice, Direction, Exception, Favors, Frame, Language, Lexicon, Meta,
    Proximity, Role, Severity, Side, Speech, Stance, Term, Variant, WordClass,
};
use crate::affix::form_key;
use crate::text::{Folding, LineIndex, normalize, normalize_with};

/// One mistake in a lexicon file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file (or bundled name).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at byte offset `byte` of `source` (moved back to a character boundary).
    pub fn at(origin: &str, source: &str, byte: usize, message: impl Into<String>) -> Diagnostic {
        let mut start = byte.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let pos = LineIndex::new(source).position(source, start);
        Diagnostic {
            origin: origin.to_string(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.message
        )
    }
}

/// Why lexicons could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file or folder could not be read.
    // The cause is the error's source, which `{:#}` prints after this; not here too.
    #[error("cannot read lexicon {}", path.display())]
    Read {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A folder given as lexicons holds none.
    #[error("{}: no lexicon files (*.toml) in this folder", path.display())]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// A file has mistakes; every one is listed.
    #[error("{}", diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The mistakes, in file order.
        diagnostics: Vec<Diagnostic>,
    },
    /// A lexicon to leave out names no loaded lexicon.
    #[error("cannot leave out lexicon `{id}`: no loaded lexicon has this id (loaded: {})", loaded.join(", "))]
    UnknownExclude {
        /// The id asked for.
        id: String,
        /// The ids loaded.
        loaded: Vec<String>,
    },
    /// Two lexicons share an id.
    #[error("two lexicons have the id `{id}`: {first} and {second}")]
    DuplicateLexicon {
        /// The id.
        id: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
}

pub(super) fn parse(origin: &str, source: &str) -> Result<Lexicon, LexiconError> {
    let mut v = Validator {
        origin,
        source,
        lines: LineIndex::new(source),
        diagnostics: Vec::new(),
        folding: Folding::Standard,
        language: Language::Arabic,
        entries: 0,
    };
    let file: raw::File = match toml::from_str(source) {
        Ok(file) => file,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            v.error(span, e.message().trim_end().to_string());
            return Err(v.into_error());
        }
    };
    let lexicon = v.lexicon(file);
    if v.diagnostics.is_empty() {
        Ok(lexicon)
    } else {
        Err(v.into_error())
    }
}

/// Where a normalized form was first claimed, to report clashes.
struct Claim {
    /// Which call of `forms` claimed it: one entry may list a form twice, harmlessly.
    entry: usize,
    owner: String,
    span: Range<usize>,
}

struct Validator<'a> {
    origin: &'a str,
    source: &'a str,
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
    folding: Folding,
    language: Language,
    /// Counts the entries whose forms have been claimed.
    entries: usize,
}

impl Validator<'_> {
    fn error(&mut self, span: Range<usize>, message: String) {
        self.diagnostics.push(Diagnostic::at(
            self.origin,
            self.source,
            span.start,
            message,
        ));
    }

    fn into_error(mut self) -> LexiconError {
        self.diagnostics.sort_by_key(|d| (d.line, d.column));
        LexiconError::Invalid {
            diagnostics: self.diagnostics,
        }
    }

    fn lexicon(&mut self, file: raw::File) -> Lexicon {
        let meta = self.meta(file.lexicon);
        let sides = self.sides(file.sides);
        let frames = self.frames(file.frames);
        let actors = self.actors(file.actors, &sides);
        let mut claims = HashMap::new();
        let mut term_ids = HashMap::new();
        let mut terms = Vec::new();
        // Which terms undo which is checked once every term is known.
        let undoings: Vec<(String, Vec<Str>)> = file
            .terms
            .iter()
            .filter(|t| !t.undone_by.is_empty())
            .map(|t| (t.id.get_ref().clone(), t.undone_by.clone()))
            .collect();
        for term in file.terms {
            if let Some(term) = self.term(term, &sides, &frames, &mut term_ids, &mut claims) {
                terms.push(term);
            }
        }
        for verb in file.attribution {
            if let Some(term) = self.attribution(verb, &frames, &mut term_ids, &mut claims) {
                terms.push(term);
            }
        }
        for (owner, undoers) in &undoings {
            self.undone_by(owner, undoers, &terms);
        }
        let choices = self.choices(file.choices, &terms, &sides, &mut claims);
        let speech = file.speech.map(|s| self.speech(s));
        Lexicon {
            meta,
            origin: self.origin.to_string(),
            source: self.source.to_string(),
            sides,
            actors,
            frames,
            terms,
            choices,
            speech,
        }
    }

    fn meta(&mut self, meta: raw::Meta) -> Meta {
        self.check_id(&meta.id, "lexicon");
        let language = Language::from_code(meta.language.get_ref()).unwrap_or_else(|| {
            self.error(
                meta.language.span(),
                format!(
                    "unknown language `{}` (expected \"ar\" or \"en\")",
                    meta.language.get_ref()
                ),
            );
            Language::Arabic
        });
        let normalization = match meta.normalization {
            None => Folding::Standard,
            Some(n) => {
                match n.get_ref().as_str() {
                    "standard" => Folding::Standard,
                    "hamza" => Folding::Hamza,
                    other => {
                        self.error(
                        n.span(),
                        format!("unknown normalization `{other}` (expected \"standard\" or \"hamza\")"),
                    );
                        Folding::Standard
                    }
                }
            }
        };
        self.language = language;
        self.folding = normalization;
        Meta {
            id: meta.id.into_inner(),
            title: meta.title,
            language,
            version: meta.version,
            description: meta.description,
            sources: meta.sources,
            normalization,
        }
    }

    fn check_id(&mut self, id: &Str, kind: &str) {
        let valid = !id.get_ref().is_empty()
            && id
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            self.error(
                id.span(),
                format!(
                    "{kind} id `{}` must be ASCII letters, digits, `-`, `_` or `.`",
                    id.get_ref()
                ),
            );
        }
    }

    /// Checks that `id` is new among `seen`; records it.
    fn unique(&mut self, id: &Str, kind: &str, seen: &mut HashMap<String, Range<usize>>) {
        self.check_id(id, kind);
        if let Some(first) = seen.get(id.get_ref()) {
            let first = self.lines.position(self.source, first.start);
            self.error(
                id.span(),
                format!(
                    "duplicate {kind} id `{}` (first defined on line {})",
                    id.get_ref(),
                    first.line
                ),
            );
        } else {
            seen.insert(id.get_ref().clone(), id.span());
        }
    }

    fn sides(&mut self, sides: Vec<raw::Side>) -> Vec<Side> {
        let mut seen = HashMap::new();
        for side in &sides {
            self.unique(&side.id, "side", &mut seen);
        }
        for side in &sides {
            if let Some(opponent) = &side.opponent
                && !seen.contains_key(opponent.get_ref())
            {
                self.error(
                    opponent.span(),
                    format!(
                        "side `{}` names opponent `{}`, which is not a side of this lexicon{}",
                        side.id.get_ref(),
                        opponent.get_ref(),
                        known(seen.keys())
                    ),
                );
            }
        }
        sides
            .into_iter()
            .map(|s| Side {
                id: s.id.into_inner(),
                label: s.label,
                opponent: s.opponent.map(Spanned::into_inner),
            })
            .collect()
    }

    fn frames(&mut self, frames: Vec<raw::Frame>) -> Vec<Frame> {
        let mut seen = HashMap::new();
        for frame in &frames {
            self.unique(&frame.id, "frame", &mut seen);
        }
        frames
            .into_iter()
            .map(|f| Frame {
                id: f.id.into_inner(),
                label: f.label,
                description: f.description,
            })
            .collect()
    }

    fn side_ref(&mut self, side: &Str, sides: &[Side], whose: &str) {
        if !sides.iter().any(|s| &s.id == side.get_ref()) {
            self.error(
                side.span(),
                format!(
                    "{whose} names side `{}`, which is not defined{}",
                    side.get_ref(),
                    known(sides.iter().map(|s| &s.id))
                ),
            );
        }
    }

    fn actors(&mut self, actors: Vec<raw::Actor>, sides: &[Side]) -> Vec<Actor> {
        let mut seen = HashMap::new();
        let mut claims = HashMap::new();
        let mut out = Vec::new();
        for actor in actors {
            self.unique(&actor.id, "actor", &mut seen);
            let whose = format!("actor `{}`", actor.id.get_ref());
            if let Some(side) = &actor.side {
                self.side_ref(side, sides, &whose);
            }
            let affixes = self.affixes(&actor.affixes);
            let word_class = self.word_class(&actor.word_class);
            let forms = self.forms(&actor.forms, &whose, affixes, &mut claims);
            if forms.is_empty() {
                self.error(actor.id.span(), format!("{whose} has no forms"));
            }
            let exceptions = self.exceptions(&actor.exceptions, &whose, &forms, affixes);
            out.push(Actor {
                id: actor.id.into_inner(),
                label: actor.label,
                side: actor.side.map(Spanned::into_inner),
                forms,
                affixes,
                word_class,
                exceptions,
            });
        }
        out
    }

    fn affixes(&mut self, value: &Option<Str>) -> AffixPolicy {
        self.parse_enum(
            value,
            AffixPolicy::parse,
            "affix policy",
            "full, prefixes or exact",
        )
        .unwrap_or_default()
    }

    fn word_class(&mut self, value: &Option<Str>) -> WordClass {
        self.parse_enum(
            value,
            WordClass::parse,
            "word class",
            "noun, verb, particle or any",
        )
        .unwrap_or_default()
    }

    fn parse_enum<T>(
        &mut self,
        value: &Option<Str>,
        parse: fn(&str) -> Option<T>,
        what: &str,
        expected: &str,
    ) -> Option<T> {
        let value = value.as_ref()?;
        let parsed = parse(value.get_ref());
        if parsed.is_none() {
            self.error(
                value.span(),
                format!("unknown {what} `{}` (expected {expected})", value.get_ref()),
            );
        }
        parsed
    }

    /// Checks each form normalizes to something and is not claimed twice; returns the forms.
    fn forms(
        &mut self,
        forms: &[Str],
        owner: &str,
        affixes: AffixPolicy,
        claims: &mut HashMap<String, Claim>,
    ) -> Vec<String> {
        self.entries += 1;
        let entry = self.entries;
        let mut out: Vec<String> = Vec::new();
        for form in forms {
            let normalized = normalize_with(form.get_ref(), self.folding);
            if normalized.is_empty() || !normalized.chars().any(crate::text::is_word_char) {
                self.error(
                    form.span(),
                    format!(
                        "form `{}` of {owner} normalizes to nothing a text could match",
                        form.get_ref()
                    ),
                );
                continue;
            }
            if normalized.contains('\n') {
                self.error(form.span(), format!("form of {owner} spans lines"));
                continue;
            }
            let key = form_key(&normalized, self.language, affixes).to_string();
            match claims.get(&key) {
                Some(claim) if claim.entry == entry => {
                    // The same form twice in one entry (المرتزقة and مرتزقة): harmless, once.
                }
                Some(claim) => {
                    let line = self.lines.position(self.source, claim.span.start).line;
                    let message = format!(
                        "form `{}` of {owner} is already claimed by {} (line {line}); \
                         a form may belong to one term only",
                        form.get_ref(),
                        claim.owner
                    );
                    self.error(form.span(), message);
                }
                None => {
                    claims.insert(
                        key,
                        Claim {
                            entry,
                            owner: owner.to_string(),
                            span: form.span(),
                        },
                    );
                }
            }
            out.push(form.get_ref().clone());
        }
        out
    }

    fn patterns(&mut self, patterns: &[Str], owner: &str) -> Vec<String> {
        patterns
            .iter()
            .filter_map(|pattern| self.regex(pattern, &format!("pattern of {owner}")))
            .collect()
    }

    /// `pattern` if it compiles, cannot match the empty string and spells its letters as
    /// normalized text does; otherwise an error about `what` (e.g. "pattern of term `t`").
    fn regex(&mut self, pattern: &Str, what: &str) -> Option<String> {
        let text = pattern.get_ref();
        // Parsed, not compiled: the matcher compiles every pattern anyway, and compiling each
        // one twice was a fifth of the time it takes to load the bundled lexicons. A pattern
        // matches the empty string when its shortest match is empty.
        match regex_syntax::Parser::new().parse(&format!("^(?:{text})$")) {
            Err(e) => self.error(
                pattern.span(),
                format!(
                    "{what} is not a valid regular expression: {}",
                    e.to_string()
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .trim()
                        .trim_start_matches("error: ")
                ),
            ),
            Ok(hir) if hir.properties().minimum_len() == Some(0) => {
                self.error(pattern.span(), format!("{what} matches the empty string"))
            }
            Ok(_) => {
                if let Some(c) = unnormalized_literal(text) {
                    self.error(
                        pattern.span(),
                        format!(
                            "{what} contains `{c}`, which normalized text never has (write \
                             `{}`): patterns run on normalized text",
                            normalize(&c.to_string())
                        ),
                    );
                } else {
                    return Some(text.clone());
                }
            }
        }
        None
    }

    /// The contexts in which a term's word has another sense; `forms` and `affixes` are the
    /// term's, which an exception's `forms` must be among.
    fn exceptions(
        &mut self,
        rules: &[Spanned<raw::Exception>],
        owner: &str,
        forms: &[String],
        affixes: AffixPolicy,
    ) -> Vec<Exception> {
        let key = |form: &str, folding, language| {
            form_key(&normalize_with(form, folding), language, affixes).to_string()
        };
        let keys: Vec<String> = forms
            .iter()
            .map(|f| key(f, self.folding, self.language))
            .collect();
        let mut out = Vec::new();
        for rule in rules {
            let r = rule.get_ref();
            let mut named = Vec::new();
            for form in &r.forms {
                if keys.contains(&key(form.get_ref(), self.folding, self.language)) {
                    named.push(form.get_ref().clone());
                } else {
                    self.error(
                        form.span(),
                        format!(
                            "exception of {owner} names form `{}`, which is not a form of it",
                            form.get_ref()
                        ),
                    );
                }
            }
            if named.len() < r.forms.len() {
                continue;
            }
            if r.followed_by.is_none() && r.preceded_by.is_none() {
                self.error(
                    rule.span(),
                    format!("exception of {owner} has neither `followed_by` nor `preceded_by`"),
                );
                continue;
            }
            let mut part = |pattern: &Option<Str>, key: &str| {
                pattern
                    .as_ref()
                    .map(|p| self.regex(p, &format!("`{key}` of {owner}")))
            };
            let followed_by = part(&r.followed_by, "followed_by");
            let preceded_by = part(&r.preceded_by, "preceded_by");
            // A part that failed is reported; the rule is left out rather than half kept.
            if followed_by.as_ref().is_some_and(Option::is_none)
                || preceded_by.as_ref().is_some_and(Option::is_none)
            {
                continue;
            }
            out.push(Exception {
                forms: named,
                followed_by: followed_by.flatten(),
                preceded_by: preceded_by.flatten(),
            });
        }
        out
    }

    fn frame_ref(&mut self, frame: &Option<Str>, frames: &[Frame], owner: &str) -> Option<String> {
        let frame = frame.as_ref()?;
        if !frames.iter().any(|f| &f.id == frame.get_ref()) {
            self.error(
                frame.span(),
                format!(
                    "{owner} names frame `{}`, which is not defined{}",
                    frame.get_ref(),
                    known(frames.iter().map(|f| &f.id))
                ),
            );
        }
        Some(frame.get_ref().clone())
    }

    fn severity(&mut self, value: &Option<Str>, default: Severity) -> Severity {
        self.parse_enum(value, Severity::parse, "severity", "info, warning or error")
            .unwrap_or(default)
    }

    fn weight(&mut self, weight: Option<f64>, id: &Str) -> f64 {
        let weight = weight.unwrap_or(1.0);
        if !weight.is_finite() || weight < 0.0 {
            self.error(
                id.span(),
                format!("weight of `{}` must be a number of 0 or more", id.get_ref()),
            );
        }
        weight
    }

    fn term(
        &mut self,
        term: raw::Term,
        sides: &[Side],
        frames: &[Frame],
        ids: &mut HashMap<String, Range<usize>>,
        claims: &mut HashMap<String, Claim>,
    ) -> Option<Term> {
        self.unique(&term.id, "term", ids);
        let owner = format!("term `{}`", term.id.get_ref());
        let affixes = self.affixes(&term.affixes);
        let word_class = self.word_class(&term.word_class);
        let forms = self.forms(&term.forms, &owner, affixes, claims);
        let patterns = self.patterns(&term.patterns, &owner);
        let proximity = self.proximity(&term.proximity, &owner);
        let exceptions = self.exceptions(&term.exceptions, &owner, &forms, affixes);
        if term.forms.is_empty() && term.patterns.is_empty() && term.proximity.is_empty() {
            self.error(
                term.id.span(),
                format!("{owner} has no forms, patterns or proximity rules"),
            );
        }
        let favors = self.favors(&term.favors, sides, &owner);
        if let Some(first) = term.cause_cues.first()
            && favors != Favors::Actor
        {
            self.error(
                first.span(),
                format!(
                    "{owner} has `cause_cues`, which only a term that favors \"actor\" can have"
                ),
            );
        }
        for cue in &term.cause_cues {
            if cue.get_ref().trim().contains(char::is_whitespace) {
                self.error(
                    cue.span(),
                    format!(
                        "cause cue `{}` of {owner} is more than one word",
                        cue.get_ref()
                    ),
                );
            }
        }
        let cause_cues = self.forms(
            &term.cause_cues,
            &format!("{owner} (cause_cues)"),
            AffixPolicy::Exact,
            &mut HashMap::new(),
        );
        if let Some(first) = term.undone_by.first()
            && favors != Favors::AgainstActor
        {
            self.error(
                first.span(),
                format!(
                    "{owner} has `undone_by`, which only a term that favors \"against-actor\" \
                     can have"
                ),
            );
        }
        let frame = self.frame_ref(&term.frame, frames, &owner);
        if frame.is_none() {
            self.error(term.id.span(), format!("{owner} has no frame"));
        }
        let actor_direction = self
            .parse_enum(
                &term.actor_direction,
                Direction::parse,
                "actor direction",
                "before, after or either",
            )
            .unwrap_or(Direction::Either);
        let line = self.lines.position(self.source, term.id.span().start).line;
        Some(Term {
            weight: self.weight(term.weight, &term.id),
            severity: self.severity(&term.severity, Severity::Warning),
            id: term.id.into_inner(),
            label: term.label,
            forms,
            patterns,
            proximity,
            exceptions,
            favors,
            actor_window: term.actor_window.unwrap_or(4),
            actor_direction,
            undone_by: term.undone_by.iter().map(|u| u.get_ref().clone()).collect(),
            cause_cues,
            frame,
            neutral: term.neutral,
            explanation: term.explanation,
            affixes,
            word_class,
            role: Role::Loaded,
            line,
        })
    }

    /// `undone_by` of term `owner`: loaded terms of this lexicon other than itself.
    fn undone_by(&mut self, owner: &str, undoers: &[Str], terms: &[Term]) {
        for undoer in undoers {
            let id = undoer.get_ref();
            let problem = if id == owner {
                Some("itself".to_string())
            } else if !terms.iter().any(|t| &t.id == id && t.role == Role::Loaded) {
                Some(format!(
                    "`{id}`, which is not a loaded term of this lexicon{}",
                    known(
                        terms
                            .iter()
                            .filter(|t| t.role == Role::Loaded && t.id != owner)
                            .map(|t| &t.id)
                    )
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                self.error(
                    undoer.span(),
                    format!("term `{owner}` is undone by {problem}"),
                );
            }
        }
    }

    fn favors(&mut self, favors: &Option<Str>, sides: &[Side], owner: &str) -> Favors {
        let Some(value) = favors else {
            return Favors::Neutral;
        };
        match value.get_ref().as_str() {
            "actor" => Favors::Actor,
            "against-actor" => {
                if !sides.iter().any(|s| s.opponent.is_some()) {
                    self.error(
                        value.span(),
                        format!(
                            "{owner} favors \"against-actor\", but no side of this lexicon has \
                             an opponent"
                        ),
                    );
                }
                Favors::AgainstActor
            }
            side => {
                if !sides.iter().any(|s| s.id == side) {
                    self.error(
                        value.span(),
                        format!(
                            "{owner} favors `{side}`, which is not a side of this lexicon \
                             (expected a side id, \"actor\" or \"against-actor\"){}",
                            known(sides.iter().map(|s| &s.id))
                        ),
                    );
                }
                Favors::Side(side.to_string())
            }
        }
    }

    fn proximity(&mut self, rules: &[Spanned<raw::Proximity>], owner: &str) -> Vec<Proximity> {
        rules
            .iter()
            .map(|rule| {
                let r = rule.get_ref();
                let mut parts = |forms: &[Str], which: &str| {
                    // Proximity words may repeat a term's forms: they get their own claims.
                    let mut own = HashMap::new();
                    let out = self.forms(
                        forms,
                        &format!("{owner} ({which})"),
                        AffixPolicy::Full,
                        &mut own,
                    );
                    if forms.is_empty() {
                        self.error(
                            rule.span(),
                            format!("proximity rule of {owner} has no `{which}` forms"),
                        );
                    }
                    out
                };
                Proximity {
                    first: parts(&r.first, "first"),
                    then: parts(&r.then, "then"),
                    within: r.within,
                }
            })
            .collect()
    }

    fn attribution(
        &mut self,
        verb: raw::Attribution,
        frames: &[Frame],
        ids: &mut HashMap<String, Range<usize>>,
        claims: &mut HashMap<String, Claim>,
    ) -> Option<Term> {
        self.unique(&verb.id, "term", ids);
        let owner = format!("attribution `{}`", verb.id.get_ref());
        let affixes = self.affixes(&verb.affixes);
        let word_class = self.word_class(&verb.word_class);
        let forms = self.forms(&verb.forms, &owner, affixes, claims);
        let patterns = self.patterns(&verb.patterns, &owner);
        if verb.forms.is_empty() && verb.patterns.is_empty() {
            self.error(verb.id.span(), format!("{owner} has no forms or patterns"));
        }
        let stance = self.parse_enum(
            &Some(verb.stance.clone()),
            Stance::parse,
            "stance",
            "distancing, endorsing or neutral",
        );
        let frame = self.frame_ref(&verb.frame, frames, &owner);
        let default_direction = match self.language {
            Language::Arabic => Direction::After,
            Language::English => Direction::Before,
        };
        let actor_direction = self
            .parse_enum(
                &verb.actor_direction,
                Direction::parse,
                "actor direction",
                "before, after or either",
            )
            .unwrap_or(default_direction);
        let speech = verb.speech.unwrap_or(true);
        if verb.needs_complementizer.is_some() && !speech {
            self.error(
                verb.id.span(),
                format!("{owner} has `needs_complementizer` but introduces no speech"),
            );
        }
        let line = self.lines.position(self.source, verb.id.span().start).line;
        Some(Term {
            weight: self.weight(verb.weight, &verb.id),
            severity: self.severity(&verb.severity, Severity::Info),
            id: verb.id.into_inner(),
            label: verb.label,
            forms,
            patterns,
            proximity: Vec::new(),
            exceptions: Vec::new(),
            favors: Favors::Neutral,
            actor_window: verb.actor_window.unwrap_or(4),
            actor_direction,
            undone_by: Vec::new(),
            cause_cues: Vec::new(),
            frame,
            neutral: verb.neutral,
            explanation: verb.explanation,
            affixes,
            word_class,
            role: Role::Attribution {
                stance: stance.unwrap_or(Stance::Neutral),
                speech,
                needs_complementizer: verb.needs_complementizer.unwrap_or(false),
            },
            line,
        })
    }

    fn choices(
        &mut self,
        choices: Vec<raw::Choice>,
        terms: &[Term],
        sides: &[Side],
        claims: &mut HashMap<String, Claim>,
    ) -> Vec<Choice> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for choice in choices {
            self.unique(&choice.id, "choice", &mut seen);
            let mut variant_ids = HashMap::new();
            let mut variants = Vec::new();
            for variant in &choice.variants {
                if let Some(v) = self.variant(variant, choice.id.get_ref(), terms, sides, claims) {
                    if let Some(first) = variant_ids.insert(v.id.clone(), variant.span()) {
                        let line = self.lines.position(self.source, first.start).line;
                        self.error(
                            variant.span(),
                            format!(
                                "duplicate variant `{}` in choice `{}` (first on line {line})",
                                v.id,
                                choice.id.get_ref()
                            ),
                        );
                    }
                    variants.push(v);
                }
            }
            if choice.variants.len() < 2 {
                self.error(
                    choice.id.span(),
                    format!(
                        "choice `{}` needs at least two variants",
                        choice.id.get_ref()
                    ),
                );
            }
            out.push(Choice {
                id: choice.id.into_inner(),
                label: choice.label,
                variants,
            });
        }
        out
    }

    fn variant(
        &mut self,
        variant: &Spanned<raw::Variant>,
        choice: &str,
        terms: &[Term],
        sides: &[Side],
        claims: &mut HashMap<String, Claim>,
    ) -> Option<Variant> {
        let v = variant.get_ref();
        let owner = format!("a variant of choice `{choice}`");
        if let Some(side) = &v.side {
            self.side_ref(side, sides, &owner);
        }
        match (&v.term, v.forms.is_empty()) {
            (Some(term_id), true) => {
                if v.side.is_some() {
                    self.error(
                        variant.span(),
                        format!(
                            "{owner} takes its side from term `{}`; remove `side`",
                            term_id.get_ref()
                        ),
                    );
                }
                let Some(term) = terms.iter().find(|t| &t.id == term_id.get_ref()) else {
                    self.error(
                        term_id.span(),
                        format!(
                            "{owner} names term `{}`, which is not defined in this lexicon",
                            term_id.get_ref()
                        ),
                    );
                    return None;
                };
                let side = match &term.favors {
                    Favors::Side(side) => Some(side.clone()),
                    _ => None,
                };
                Some(Variant {
                    id: v
                        .id
                        .as_ref()
                        .map_or_else(|| term.id.clone(), |id| id.get_ref().clone()),
                    label: v
                        .label
                        .clone()
                        .or_else(|| term.label.clone())
                        .unwrap_or_else(|| term.id.clone()),
                    side,
                    term: Some(term.id.clone()),
                    forms: Vec::new(),
                })
            }
            (None, false) => {
                let Some(id) = &v.id else {
                    self.error(
                        variant.span(),
                        format!("{owner} with its own forms needs an `id`"),
                    );
                    return None;
                };
                self.check_id(id, "variant");
                let forms = self.forms(
                    &v.forms,
                    &format!("variant `{}` of choice `{choice}`", id.get_ref()),
                    AffixPolicy::Full,
                    claims,
                );
                Some(Variant {
                    id: id.get_ref().clone(),
                    label: v.label.clone().unwrap_or_else(|| id.get_ref().clone()),
                    side: v.side.as_ref().map(|s| s.get_ref().clone()),
                    term: None,
                    forms,
                })
            }
            _ => {
                self.error(
                    variant.span(),
                    format!("{owner} needs either `term` or `forms`, not both or neither"),
                );
                None
            }
        }
    }

    fn speech(&mut self, speech: raw::Speech) -> Speech {
        let mut claims = HashMap::new();
        let complementizers = self.forms(
            &speech.complementizers,
            "the speech cues",
            AffixPolicy::Full,
            &mut claims,
        );
        let not_after = self.forms(
            &speech.not_after,
            "the speech cues (not_after)",
            AffixPolicy::Prefixes,
            &mut HashMap::new(),
        );
        Speech {
            complementizers,
            complementizer_optional: speech.complementizer_optional,
            max_gap: speech.max_gap.unwrap_or(8),
            not_after,
            postposed: speech.postposed,
        }
    }
}

/// ", known: a, b" for messages, or nothing when there is nothing to list.
fn known<'s>(ids: impl Iterator<Item = &'s String>) -> String {
    let mut ids: Vec<&str> = ids.map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        String::new()
    } else {
        format!(" (defined: {})", ids.join(", "))
    }
}

/// A literal letter of a regular expression that normalization would change (so the pattern,
/// which runs on normalized text, could never match it). Escapes are skipped.
fn unnormalized_literal(pattern: &str) -> Option<char> {
    // The letters a pattern repeats are judged once: normalizing each of a long pattern's
    // hundreds of letters alone was a third of checking its lexicon's patterns.
    let mut kept: Vec<char> = Vec::new();
    for c in literal_letters(pattern) {
        if !kept.contains(&c) {
            if changed_by_normalizing(c) {
                return Some(c);
            }
            kept.push(c);
        }
    }
    None
}

/// The letters of a regular expression written as themselves: not escaped, and not the name
/// of a `\p{…}` class.
fn literal_letters(pattern: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = pattern.chars();
    std::iter::from_fn(move || {
        while let Some(c) = chars.next() {
            if c == '\\' {
                // `\p{Arabic}` and friends: skip the class name too.
                if let Some('p' | 'P') = chars.next()
                    && chars.clone().next() == Some('{')
                {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                }
                continue;
            }
            if c.is_alphabetic() || crate::text::is_word_char(c) {
                return Some(c);
            }
        }
        None
    })
}

/// Whether normalization changes the letter `c` written alone.
fn changed_by_normalizing(c: char) -> bool {
    let mut utf8 = [0; 4];
    let s: &str = c.encode_utf8(&mut utf8);
    normalize(s) != s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`unnormalized_literal`] without its memory: every letter normalized alone.
    fn unnormalized_literal_each(pattern: &str) -> Option<char> {
        literal_letters(pattern).find(|&c| changed_by_normalizing(c))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Judging each letter once finds the letter judging every one finds.
        #[test]
        fn each_letter_judged_once_finds_the_same_letter(
            pattern in prop_oneof![
                any::<String>(),
                "[\u{0621}-\u{064A}\u{064B}-\u{0655}\u{0640}\u{0671}-\u{06D3}\u{FEFB}\\\\p{}()|?a-zA-Z ]{0,60}",
            ]
        ) {
            prop_assert_eq!(unnormalized_literal(&pattern), unnormalized_literal_each(&pattern));
        }
    }
}

//! Lexicons: which words are loaded, which side their use favors, and why.
//!
//! A lexicon is a TOML file (the format is documented in `lexicons/README.md`). Loading parses and
//! validates it into the plain model below; every mistake is reported with `file:line:column`.
//! The shipped lexicons are compiled into the binary ([`LexiconSet::bundled`]).
//!
//! ```
//! use framelens::lexicon::{Favors, LexiconSet};
//! let set = LexiconSet::bundled().unwrap();
//! let (lexicon, term) = set.find_term("karabakh.ar/mercenaries").unwrap();
//! assert_eq!(lexicon.meta.language.code(), "ar");
//! assert_eq!(term.favors, Favors::Side("armenia".into()));
//! ```

mod bundled;
mod export;
mod load;
mod raw;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::affix::{AffixPolicy, Language, WordClass};
pub use crate::text::Folding;
pub use export::{ExportFormat, export};
pub use load::{Diagnostic, LexiconError};

/// How serious a loaded term is, in the linter's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth changing.
    Warning,
    /// Should not be published as it stands.
    Error,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// The lexicon spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses the lexicon spelling.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// One level lower (info stays info).
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side an outlet adopts by using a term in its own voice.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Favors {
    /// Loaded, but no side's narrative in particular.
    Neutral,
    /// Always this side.
    Side(String),
    /// The side of the nearest actor mention (`شهيد أرمني` favors the Armenian side).
    Actor,
    /// The opponent of the nearest actor's side (`العدوان الأرمني` favors Azerbaijan).
    AgainstActor,
}

impl Favors {
    /// The lexicon spelling (`""` for neutral).
    pub fn as_str(&self) -> &str {
        match self {
            Favors::Neutral => "",
            Favors::Side(side) => side,
            Favors::Actor => "actor",
            Favors::AgainstActor => "against-actor",
        }
    }

    /// Whether the side depends on an actor mention near the hit.
    pub fn needs_actor(&self) -> bool {
        matches!(self, Favors::Actor | Favors::AgainstActor)
    }
}

/// Where to look for the actor a term or attribution verb refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Only before the hit (English subjects: `Aliyev claimed`).
    Before,
    /// Only after the hit (Arabic verb-subject order: `ادعى علييف`).
    After,
    /// Either side; the nearer wins, and on a tie the one after.
    Either,
}

impl Direction {
    /// Parses the lexicon spelling.
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "before" => Some(Direction::Before),
            "after" => Some(Direction::After),
            "either" => Some(Direction::Either),
            _ => None,
        }
    }

    /// The lexicon spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Before => "before",
            Direction::After => "after",
            Direction::Either => "either",
        }
    }
}

/// The stance an attribution verb shows toward the speaker it introduces.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// `claimed`, `ادعى`: the writer does not vouch for it.
    Distancing,
    /// `confirmed`, `أكد`: the writer presents it as established.
    Endorsing,
    /// `said`, `قال`.
    Neutral,
}

impl Stance {
    /// All stances.
    pub const ALL: [Stance; 3] = [Stance::Distancing, Stance::Endorsing, Stance::Neutral];

    /// The lexicon spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Distancing => "distancing",
            Stance::Endorsing => "endorsing",
            Stance::Neutral => "neutral",
        }
    }

    /// Parses the lexicon spelling.
    pub fn parse(s: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a term is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// A loaded word.
    Loaded,
    /// An attribution verb or noun.
    Attribution {
        /// The stance toward the speaker.
        stance: Stance,
        /// Whether it introduces a reported clause (verbs do; `so-called` does not).
        speech: bool,
        /// Whether its clause needs the complementizer even where the language may drop it:
        /// "announced mourning" is an object, "announced that" a clause.
        needs_complementizer: bool,
    },
}

/// A lexicon's metadata.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Unique id across loaded lexicons (`karabakh.ar`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// Language, which selects the affix rules.
    pub language: Language,
    /// Version of the lexicon's content.
    pub version: String,
    /// What the lexicon covers.
    pub description: String,
    /// Where its knowledge comes from.
    pub sources: Vec<String>,
    /// The normalization level its forms and texts are matched at.
    pub normalization: Folding,
}

/// A side of a conflict.
#[derive(Clone, Debug)]
pub struct Side {
    /// Id (`armenia`).
    pub id: String,
    /// Label (`Armenian side`).
    pub label: String,
    /// The side it is opposed to, for `favors = "against-actor"`.
    pub opponent: Option<String>,
}

/// A party whose mentions resolve `favors = "actor"` and attribution verbs.
#[derive(Clone, Debug)]
pub struct Actor {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Its side; third parties have none.
    pub side: Option<String>,
    /// Names, capitals, leaders, adjectives.
    pub forms: Vec<String>,
    /// Affix policy of its forms.
    pub affixes: AffixPolicy,
    /// Word class of its forms.
    pub word_class: WordClass,
    /// Contexts in which a form is not this actor (تركي in «الأمير تركي بن سعود» is a name,
    /// not "Turkish").
    pub exceptions: Vec<Exception>,
}

/// A kind of framing.
#[derive(Clone, Debug)]
pub struct Frame {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// What this framing does.
    pub description: String,
}

/// Word A, then word B within `within` words in the same sentence.
#[derive(Clone, Debug)]
pub struct Proximity {
    /// Forms of the first word.
    pub first: Vec<String>,
    /// Forms of the second word.
    pub then: Vec<String>,
    /// At most this many words between them.
    pub within: usize,
}

/// A context in which a term's word has another, unloaded sense (`استشهد بتقرير` "cited a
/// report", `occupied with the talks` "busy"): regular expressions over the normalized text,
/// anchored at the hit. Where both are given, both must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exception {
    /// The term's forms it is limited to (as written; `الشهيد` names `شهيد`); empty: all of
    /// them. A hit found by a pattern or proximity rule is excepted only by a rule without
    /// forms.
    pub forms: Vec<String>,
    /// Matched from the end of the hit (its whole word, suffixes included) onward.
    pub followed_by: Option<String>,
    /// Matched up to the start of the hit (its whole word, proclitics included).
    pub preceded_by: Option<String>,
}

/// A loaded term or attribution verb.
#[derive(Clone, Debug)]
pub struct Term {
    /// Id, unique in its lexicon.
    pub id: String,
    /// Short English gloss.
    pub label: Option<String>,
    /// Words or phrases, as written in the lexicon.
    pub forms: Vec<String>,
    /// Regular expressions over normalized text (word boundaries added).
    pub patterns: Vec<String>,
    /// Constructions with a gap.
    pub proximity: Vec<Proximity>,
    /// Contexts in which the word has another sense: a hit in one is no hit.
    pub exceptions: Vec<Exception>,
    /// Which side its use favors.
    pub favors: Favors,
    /// How far (in words) to look for the actor.
    pub actor_window: usize,
    /// Where to look for the actor.
    pub actor_direction: Direction,
    /// For `favors = "against-actor"`: ids of this lexicon's terms that undo this one. With a
    /// hit of one between this term and its actor, the actor is undoing it (the army that
    /// liberates occupied land is not its occupier), and the term favors the actor's side.
    pub undone_by: Vec<String>,
    /// For `favors = "actor"`: words that introduce the cause of what the term names (برصاص,
    /// بقصف; "by"). An actor after one is the cause, not the one the term is about: in «سقط
    /// شهداء بقصف أرميني» the dead are not Armenian, and the term favors the opponent.
    pub cause_cues: Vec<String>,
    /// Frame id.
    pub frame: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// Weight in scores.
    pub weight: f64,
    /// Neutral wording to use instead.
    pub neutral: Vec<String>,
    /// Why it is loaded, for a student.
    pub explanation: String,
    /// Affix policy.
    pub affixes: AffixPolicy,
    /// Word class.
    pub word_class: WordClass,
    /// Loaded word or attribution.
    pub role: Role,
    /// 1-based line of its definition, for `lexicon explain`.
    pub line: usize,
}

/// One name among several for the same thing.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Id, unique in its choice.
    pub id: String,
    /// Label.
    pub label: String,
    /// The side the choice signals (for a term variant, the term's fixed side if any).
    pub side: Option<String>,
    /// The term whose hits count for this variant.
    pub term: Option<String>,
    /// Or forms of its own (a neutral name is no loaded term).
    pub forms: Vec<String>,
}

/// A group of alternative names for one thing (Shushi / Shusha).
#[derive(Clone, Debug)]
pub struct Choice {
    /// Id.
    pub id: String,
    /// What is being named.
    pub label: String,
    /// The alternatives.
    pub variants: Vec<Variant>,
}

/// Cues of reported speech.
#[derive(Clone, Debug)]
pub struct Speech {
    /// Words that open a reported clause after an attribution verb (إن, أن, that).
    pub complementizers: Vec<String>,
    /// Whether the clause may start right after the verb (English `said Armenia was`).
    pub complementizer_optional: bool,
    /// At most this many words between verb and complementizer.
    pub max_gap: usize,
    /// Words that make a complementizer after them part of another conjunction (بعد أن
    /// "after", رغم أن "although"): no reported clause opens there.
    pub not_after: Vec<String>,
    /// Whether a speech verb that closes its sentence after a comma reports the clause before
    /// the comma (English wire copy: "Mercenaries arrived, the ministry said.").
    pub postposed: bool,
}

/// One validated lexicon.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// Metadata.
    pub meta: Meta,
    /// Where it was loaded from (a path, or `lexicons/<file>` for a bundled one).
    pub origin: String,
    /// The file's text as loaded, for checksums.
    pub source: String,
    /// Sides.
    pub sides: Vec<Side>,
    /// Actors.
    pub actors: Vec<Actor>,
    /// Frames.
    pub frames: Vec<Frame>,
    /// Terms and attribution verbs, in file order.
    pub terms: Vec<Term>,
    /// Contested-name choices.
    pub choices: Vec<Choice>,
    /// Reported-speech cues.
    pub speech: Option<Speech>,
}

impl Lexicon {
    /// Parses and validates lexicon TOML; `origin` names it in messages.
    pub fn parse(origin: &str, source: &str) -> Result<Lexicon, LexiconError> {
        load::parse(origin, source)
    }

    /// Reads and validates a lexicon file.
    pub fn read(path: &Path) -> Result<Lexicon, LexiconError> {
        let source = std::fs::read_to_string(path).map_err(|source| LexiconError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Lexicon::parse(&path.display().to_string(), &source)
    }

    /// A term by id.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// A frame by id.
    pub fn frame(&self, id: &str) -> Option<&Frame> {
        self.frames.iter().find(|f| f.id == id)
    }

    /// A side by id.
    pub fn side(&self, id: &str) -> Option<&Side> {
        self.sides.iter().find(|s| s.id == id)
    }
}

/// Where lexicons come from: the bundled ones and/or files and folders.
#[derive(Clone, Debug, Default)]
pub struct LexiconSources {
    /// Leave out the bundled lexicons.
    pub no_defaults: bool,
    /// Files, or folders of `*.toml`, loaded after the bundled lexicons.
    pub paths: Vec<PathBuf>,
    /// Lexicon ids to leave out (bundled or loaded).
    pub exclude: Vec<String>,
}

/// The id of the bundled lexicon in file `name`: the file's name without its folder and its
/// `.toml` (`lexicons/loaded.ar.toml` holds `loaded.ar`).
fn bundled_id(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.strip_suffix(".toml").unwrap_or(file)
}

/// The lexicons of one run, in priority order.
#[derive(Clone, Debug)]
pub struct LexiconSet {
    lexicons: Vec<Lexicon>,
}

impl LexiconSet {
    /// A set of lexicons; lexicon ids must be unique.
    pub fn new(lexicons: Vec<Lexicon>) -> Result<LexiconSet, LexiconError> {
        for (i, lexicon) in lexicons.iter().enumerate() {
            if let Some(first) = lexicons[..i].iter().find(|l| l.meta.id == lexicon.meta.id) {
                return Err(LexiconError::DuplicateLexicon {
                    id: lexicon.meta.id.clone(),
                    first: first.origin.clone(),
                    second: lexicon.origin.clone(),
                });
            }
        }
        Ok(LexiconSet { lexicons })
    }

    /// The lexicons compiled into the binary.
    pub fn bundled() -> Result<LexiconSet, LexiconError> {
        LexiconSet::new(bundled::lexicons()?)
    }

    /// The bundled lexicons (unless left out), then every path in order.
    pub fn load(sources: &LexiconSources) -> Result<LexiconSet, LexiconError> {
        let mut lexicons = Vec::new();
        // Every lexicon's id in load order, the ones left out unparsed included.
        let mut ids = Vec::new();
        if !sources.no_defaults {
            for (name, source) in bundled::FILES {
                // A bundled lexicon left out is not parsed: its id is its file's name (a test
                // holds them to it), and parsing and checking the three English lexicons a
                // run of Arabic news leaves out was two per cent of scoring 3,000 articles.
                let id = bundled_id(name);
                if sources.exclude.iter().any(|e| e == id) {
                    ids.push(id.to_string());
                    continue;
                }
                let lexicon = Lexicon::parse(name, source)?;
                ids.push(lexicon.meta.id.clone());
                lexicons.push(lexicon);
            }
        }
        for path in &sources.paths {
            for file in lexicon_files(path)? {
                let lexicon = Lexicon::read(&file)?;
                ids.push(lexicon.meta.id.clone());
                lexicons.push(lexicon);
            }
        }
        // An id that names no lexicon is a typo that would silently leave everything in.
        if let Some(unknown) = sources.exclude.iter().find(|id| !ids.contains(id)) {
            return Err(LexiconError::UnknownExclude {
                id: unknown.clone(),
                loaded: ids,
            });
        }
        lexicons.retain(|l| !sources.exclude.contains(&l.meta.id));
        LexiconSet::new(lexicons)
    }

    /// The lexicons, in priority order.
    pub fn lexicons(&self) -> &[Lexicon] {
        &self.lexicons
    }

    /// A lexicon by id.
    pub fn lexicon(&self, id: &str) -> Option<&Lexicon> {
        self.lexicons.iter().find(|l| l.meta.id == id)
    }

    /// A term by `lexicon/term` or by a bare term id (the first lexicon that has it).
    pub fn find_term(&self, id: &str) -> Option<(&Lexicon, &Term)> {
        if let Some((lexicon, term)) = id.rsplit_once('/') {
            let lexicon = self.lexicon(lexicon)?;
            return Some((lexicon, lexicon.term(term)?));
        }
        self.lexicons
            .iter()
            .find_map(|l| l.term(id).map(|t| (l, t)))
    }

    /// The label of a side id (from the first lexicon that defines it).
    pub fn side_label(&self, id: &str) -> Option<&str> {
        self.lexicons
            .iter()
            .find_map(|l| l.side(id))
            .map(|s| s.label.as_str())
    }

    /// Every side id defined by any lexicon, in order of first definition.
    pub fn side_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for side in self.lexicons.iter().flat_map(|l| &l.sides) {
            if !ids.contains(&side.id.as_str()) {
                ids.push(&side.id);
            }
        }
        ids
    }
}

/// The lexicon files a path stands for: the file itself, or a folder's `*.toml` in name order
/// (hidden files left out), as every command that takes `--lexicon PATH` loads them. A folder
/// given on purpose with none in it is a mistake ([`LexiconError::EmptyFolder`]), not nothing to
/// add.
pub fn lexicon_files(path: &Path) -> Result<Vec<PathBuf>, LexiconError> {
    let read_error = |source| LexiconError::Read {
        path: path.to_path_buf(),
        source,
    };
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read_error)? {
        let file = entry.map_err(read_error)?.path();
        // Hidden files (a `.framelens.toml` configuration) are not lexicons.
        let hidden = file
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if file.extension().is_some_and(|e| e == "toml") && file.is_file() && !hidden {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(LexiconError::EmptyFolder {
            path: path.to_path_buf(),
        });
    }
    files.sort();
    Ok(files)
}

/// A normalized form listed by terms of two lexicons (allowed: the earlier lexicon wins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// The normalized form.
    pub form: String,
    /// `lexicon/term` that wins.
    pub winner: String,
    /// `lexicon/term` that is shadowed where the two match the same text.
    pub shadowed: String,
}

impl LexiconSet {
    /// Forms that terms of different lexicons share, in priority order.
    pub fn overlaps(&self) -> Vec<Overlap> {
        let mut owners: std::collections::HashMap<(Folding, String), String> =
            std::collections::HashMap::new();
        let mut overlaps = Vec::new();
        for lexicon in &self.lexicons {
            let folding = lexicon.meta.normalization;
            let mut own = std::collections::HashSet::new();
            for term in &lexicon.terms {
                let name = format!("{}/{}", lexicon.meta.id, term.id);
                for form in &term.forms {
                    let normalized = crate::text::normalize_with(form, folding);
                    let key =
                        crate::affix::form_key(&normalized, lexicon.meta.language, term.affixes)
                            .to_string();
                    if !own.insert(key.clone()) {
                        continue;
                    }
                    match owners.get(&(folding, key.clone())) {
                        Some(winner) => overlaps.push(Overlap {
                            form: key,
                            winner: winner.clone(),
                            shadowed: name.clone(),
                        }),
                        None => {
                            owners.insert((folding, key), name.clone());
                        }
                    }
                }
            }
        }
        overlaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`LexiconSet::load`] leaves a bundled lexicon out by its file's name, unparsed.
    #[test]
    fn a_bundled_lexicons_id_is_its_files_name() {
        for (name, source) in bundled::FILES {
            let lexicon = Lexicon::parse(name, source).unwrap();
            assert_eq!(lexicon.meta.id, bundled_id(name), "{name}");
        }
    }

    /// Leaving bundled lexicons out gives the set parsing all of them and then dropping them
    /// gave, and an unknown id is still named with every lexicon's id.
    #[test]
    fn bundled_lexicons_left_out_unparsed_leave_the_same_set() {
        let all = bundled::lexicons().unwrap();
        for (i, (name, _)) in bundled::FILES.iter().enumerate() {
            let exclude = vec![bundled_id(name).to_string()];
            let set = LexiconSet::load(&LexiconSources {
                exclude: exclude.clone(),
                ..LexiconSources::default()
            })
            .unwrap();
            let ids: Vec<&str> = set.lexicons().iter().map(|l| l.meta.id.as_str()).collect();
            let expected: Vec<&str> = all
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, l)| l.meta.id.as_str())
                .collect();
            assert_eq!(ids, expected);
        }
        let err = LexiconSet::load(&LexiconSources {
            exclude: vec!["loaded.ar".into(), "nope".into()],
            ..LexiconSources::default()
        })
        .unwrap_err();
        match err {
            LexiconError::UnknownExclude { id, loaded } => {
                assert_eq!(id, "nope");
                let every: Vec<String> = all.iter().map(|l| l.meta.id.clone()).collect();
                assert_eq!(loaded, every);
            }
            other => panic!("{other}"),
        }
    }
}

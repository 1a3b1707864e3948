//! The closed set of affixes a lexicon form may carry, per language, policy and word class.
//!
//! Stemming damages names and common words (a light stemmer makes لبنان into لبن), so framelens
//! never stems. It matches the lexicon's own forms and allows around each match only what Arabic
//! or English attaches to a word: a proclitic chain before it (و/ف, then ب/ك/ل/س, then the
//! article), inflectional endings and attached pronouns after it. Anything else attached makes a
//! different word: شهادة is not شهيد, and `martyrdom` is not `martyr`.
//!
//! All strings here are normalized text (see [`crate::text::normalize`]).
//!
//! ```
//! use framelens::affix::{AffixPolicy, Language, Stem, WordClass, prefix_ok, suffix_ok};
//! assert!(prefix_ok("وال", Language::Arabic, AffixPolicy::Full, WordClass::Noun));
//! assert!(suffix_ok("ناها", Language::Arabic, AffixPolicy::Full, WordClass::Verb, Stem::Whole));
//! assert!(!suffix_ok("ادة", Language::Arabic, AffixPolicy::Full, WordClass::Noun, Stem::Whole));
//! assert!(suffix_ok("'s", Language::English, AffixPolicy::Prefixes, WordClass::Noun, Stem::Whole));
//! ```

use serde::{Deserialize, Serialize};

/// The language of a lexicon, which selects its affix rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Language {
    /// Arabic (`ar`).
    #[serde(rename = "ar")]
    Arabic,
    /// English (`en`).
    #[serde(rename = "en")]
    English,
}

impl Language {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::English => "en",
        }
    }

    /// Parses an ISO 639-1 code.
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "ar" => Some(Language::Arabic),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The writing direction of the language, for HTML `dir`.
    pub fn direction(self) -> &'static str {
        match self {
            Language::Arabic => "rtl",
            Language::English => "ltr",
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Which affixes a form allows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AffixPolicy {
    /// Proclitics and inflectional suffixes.
    #[default]
    Full,
    /// Proclitics only (and the English possessive clitic): names.
    Prefixes,
    /// The form must be the whole word.
    Exact,
}

impl AffixPolicy {
    /// Parses the lexicon spelling.
    pub fn parse(s: &str) -> Option<AffixPolicy> {
        match s {
            "full" => Some(AffixPolicy::Full),
            "prefixes" => Some(AffixPolicy::Prefixes),
            "exact" => Some(AffixPolicy::Exact),
            _ => None,
        }
    }

    /// The lexicon spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AffixPolicy::Full => "full",
            AffixPolicy::Prefixes => "prefixes",
            AffixPolicy::Exact => "exact",
        }
    }
}

/// The word class of a form, which selects its suffixes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WordClass {
    /// Nouns and adjectives.
    Noun,
    /// Verbs.
    Verb,
    /// Particles such as the complementizer أنّ: only و or ف before, only an attached pronoun
    /// after (وأنه, فإنها, إنني), so that كان, الآن, لأن and أنا are not أنّ.
    Particle,
    /// Noun or verb.
    #[default]
    Any,
}

impl WordClass {
    /// Parses the lexicon spelling.
    pub fn parse(s: &str) -> Option<WordClass> {
        match s {
            "noun" => Some(WordClass::Noun),
            "verb" => Some(WordClass::Verb),
            "particle" => Some(WordClass::Particle),
            "any" => Some(WordClass::Any),
            _ => None,
        }
    }

    /// The lexicon spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WordClass::Noun => "noun",
            WordClass::Verb => "verb",
            WordClass::Particle => "particle",
            WordClass::Any => "any",
        }
    }

    fn noun(self) -> bool {
        matches!(self, WordClass::Noun | WordClass::Any)
    }

    fn verb(self) -> bool {
        matches!(self, WordClass::Verb | WordClass::Any)
    }
}

/// Whether a match is of the whole form or of its stem before a final teh marbuta.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stem {
    /// The form as written.
    Whole,
    /// The form without its final ة (normalized ه), which becomes ت before a pronoun
    /// (جمهوريتها) or a dual ending, and gives way to the plural ات.
    TaMarbuta,
}

const PRONOUNS: [&str; 11] = [
    "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ي", "ني", "نا",
];
const OBJECT_PRONOUNS: [&str; 10] = ["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ني", "نا"];

/// The key a form is matched by: its normalized text without an optional leading article.
///
/// An Arabic form's leading ال is optional (the proclitic chain supplies it), so `المرتزقة` and
/// `مرتزقة` are one form. A form that would keep fewer than three letters keeps its article.
pub fn form_key(normalized: &str, language: Language, policy: AffixPolicy) -> &str {
    if language != Language::Arabic || policy == AffixPolicy::Exact {
        return normalized;
    }
    match normalized.strip_prefix("ال") {
        Some(rest) if rest.split(' ').next().unwrap_or("").chars().count() >= 3 => rest,
        _ => normalized,
    }
}

/// The teh-marbuta stem of a form key, when the form can take that inflection.
pub fn ta_marbuta_stem(
    key: &str,
    language: Language,
    policy: AffixPolicy,
    class: WordClass,
) -> Option<&str> {
    if language != Language::Arabic || policy != AffixPolicy::Full || !class.noun() {
        return None;
    }
    let stem = key.strip_suffix('ه')?;
    let last_word = stem.rsplit(' ').next().unwrap_or("");
    (last_word.chars().count() >= 2).then_some(stem)
}

/// Whether `prefix` (the text between the start of the word and the form) is a valid chain of
/// proclitics for a form with this policy and class.
pub fn prefix_ok(prefix: &str, language: Language, policy: AffixPolicy, class: WordClass) -> bool {
    if prefix.is_empty() {
        return true;
    }
    if language != Language::Arabic || policy == AffixPolicy::Exact {
        return false;
    }
    let rest = prefix
        .strip_prefix('و')
        .or_else(|| prefix.strip_prefix('ف'))
        .unwrap_or(prefix);
    if rest.is_empty() {
        return true;
    }
    if class.noun() && noun_prefix_ok(rest) {
        return true;
    }
    // Verbs take ل (لَقال) and the future س, never ب, ك or the article.
    class.verb() && matches!(rest, "ل" | "س")
}

/// The Arabic letters (U+0621–U+064A, bit `c − U+0621`) a prefix that [`prefix_ok`] takes with
/// these rules can end with: و and ف, and for nouns the ب ك ل of a preposition or the ل of
/// the article, for verbs ل and س. A form found inside a word after any other letter is no
/// match, which the matcher tells without finding the word (the complementizer ان is found
/// inside every كان, بيان, الانتخابات).
pub fn prefix_end_letters(language: Language, policy: AffixPolicy, class: WordClass) -> u64 {
    let bit = |c: char| 1u64 << (c as u32 - 0x0621);
    if language != Language::Arabic || policy == AffixPolicy::Exact {
        return 0;
    }
    let mut letters = bit('و') | bit('ف');
    if class.noun() {
        letters |= bit('ب') | bit('ك') | bit('ل');
    }
    if class.verb() {
        letters |= bit('ل') | bit('س');
    }
    letters
}

/// Preposition then article: ب ك ل, then ال (after ل written لل).
fn noun_prefix_ok(rest: &str) -> bool {
    if rest == "لل" {
        return true;
    }
    let rest = rest.strip_prefix(['ب', 'ك', 'ل']).unwrap_or(rest);
    rest.is_empty() || rest == "ال"
}

/// Whether `suffix` (the text between the end of the form and the end of the word) is a valid
/// chain of suffixes.
pub fn suffix_ok(
    suffix: &str,
    language: Language,
    policy: AffixPolicy,
    class: WordClass,
    stem: Stem,
) -> bool {
    match language {
        Language::Arabic => arabic_suffix_ok(suffix, policy, class, stem),
        Language::English => english_suffix_ok(suffix, policy, class),
    }
}

fn arabic_suffix_ok(suffix: &str, policy: AffixPolicy, class: WordClass, stem: Stem) -> bool {
    if stem == Stem::TaMarbuta {
        // جمهوريتها, محررتان, محررات(ها)
        return ["ت", "تا", "ات"]
            .iter()
            .any(|head| suffix.strip_prefix(head).is_some_and(pronoun_or_empty))
            || matches!(suffix, "تين" | "تان");
    }
    if suffix.is_empty() {
        return true;
    }
    if policy != AffixPolicy::Full {
        return false;
    }
    if class == WordClass::Particle {
        return PRONOUNS.contains(&suffix);
    }
    (class.noun() && noun_suffix_ok(suffix)) || (class.verb() && verb_suffix_ok(suffix))
}

fn pronoun_or_empty(s: &str) -> bool {
    s.is_empty() || PRONOUNS.contains(&s)
}

/// Tanween-alef; sound plural and dual endings; an attached pronoun, alone or after the
/// construct forms of those endings (the ن drops: مقاتليهم).
fn noun_suffix_ok(suffix: &str) -> bool {
    if matches!(suffix, "ا" | "ون" | "ين" | "ات" | "ان" | "تين" | "تان") {
        return true;
    }
    ["", "ات", "و", "ي", "ا", "تا", "تي"].iter().any(|head| {
        suffix
            .strip_prefix(head)
            .is_some_and(|p| PRONOUNS.contains(&p))
    })
}

/// A subject ending, then optionally an object pronoun (حرر + نا + ها; حرر + و + ها).
fn verb_suffix_ok(suffix: &str) -> bool {
    const SUBJECTS: [&str; 13] = [
        "ت", "تا", "نا", "وا", "تم", "تن", "ن", "ا", "تما", "ون", "ين", "ان", "ي",
    ];
    if SUBJECTS.contains(&suffix) || OBJECT_PRONOUNS.contains(&suffix) {
        return true;
    }
    // Before an object pronoun the plural's alef drops (حرروها) and تم becomes تمو.
    [
        "ت", "تا", "نا", "و", "تمو", "تن", "ن", "ا", "تما", "ون", "ين", "ان", "ي",
    ]
    .iter()
    .any(|head| {
        suffix
            .strip_prefix(head)
            .is_some_and(|p| OBJECT_PRONOUNS.contains(&p))
    })
}

fn english_suffix_ok(suffix: &str, policy: AffixPolicy, class: WordClass) -> bool {
    if class == WordClass::Particle {
        // "that's" is "that is", not the complementizer.
        return suffix.is_empty();
    }
    // The possessive is a clitic: names take it too.
    let possessive = matches!(suffix, "" | "'s" | "'");
    match policy {
        AffixPolicy::Exact => suffix.is_empty(),
        AffixPolicy::Prefixes => possessive,
        AffixPolicy::Full => {
            possessive
                || (class.noun() && matches!(suffix, "s" | "es" | "s'" | "es'"))
                || (class.verb() && matches!(suffix, "s" | "es" | "d" | "ed" | "ing"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{Arabic, English};
    use WordClass::{Any, Noun, Particle, Verb};

    #[test]
    fn proclitic_chains() {
        let cases = [
            ("", Noun, true),
            ("و", Noun, true),
            ("وال", Noun, true),
            ("لل", Noun, true),
            ("ولل", Noun, true),
            ("بال", Noun, true),
            ("فب", Noun, true),
            ("كال", Any, true),
            ("س", Noun, false),
            ("س", Verb, true),
            ("وس", Verb, true),
            ("ب", Verb, false),
            ("ال", Verb, false),
            ("م", Noun, false),
            ("ي", Any, false),
            ("ت", Any, false),
            ("ووال", Noun, false),
            // أنّ takes only و or ف: كان, الآن and لأن are other words.
            ("و", Particle, true),
            ("ف", Particle, true),
            ("ك", Particle, false),
            ("ال", Particle, false),
            ("ل", Particle, false),
            ("وب", Particle, false),
        ];
        for (prefix, class, ok) in cases {
            assert_eq!(
                prefix_ok(prefix, Arabic, AffixPolicy::Full, class),
                ok,
                "{prefix} {class:?}"
            );
        }
        assert!(!prefix_ok("و", Arabic, AffixPolicy::Exact, Noun));
        assert!(prefix_ok("و", Arabic, AffixPolicy::Prefixes, Noun));
        assert!(!prefix_ok("anti", English, AffixPolicy::Full, Noun));
    }

    #[test]
    fn suffix_chains() {
        let full = AffixPolicy::Full;
        let cases = [
            ("", Noun, Stem::Whole, true),
            ("ا", Noun, Stem::Whole, true),
            ("ون", Noun, Stem::Whole, true),
            ("هم", Noun, Stem::Whole, true),
            ("اتها", Noun, Stem::Whole, true),
            ("يهم", Noun, Stem::Whole, true),
            ("ناها", Verb, Stem::Whole, true),
            ("وها", Verb, Stem::Whole, true),
            ("وا", Verb, Stem::Whole, true),
            ("واها", Verb, Stem::Whole, false),
            ("ناها", Noun, Stem::Whole, false),
            ("ادة", Noun, Stem::Whole, false),
            ("ير", Any, Stem::Whole, false),
            ("تها", Noun, Stem::TaMarbuta, true),
            ("ات", Noun, Stem::TaMarbuta, true),
            ("", Noun, Stem::TaMarbuta, false),
            ("ي", Noun, Stem::TaMarbuta, false),
            // ... and only an attached pronoun: إنه, إنني, but not أنا or كانون.
            ("ه", Particle, Stem::Whole, true),
            ("ني", Particle, Stem::Whole, true),
            ("ا", Particle, Stem::Whole, false),
            ("ون", Particle, Stem::Whole, false),
        ];
        for (suffix, class, stem, ok) in cases {
            assert_eq!(
                suffix_ok(suffix, Arabic, full, class, stem),
                ok,
                "{suffix} {class:?} {stem:?}"
            );
        }
        assert!(!suffix_ok(
            "ها",
            Arabic,
            AffixPolicy::Prefixes,
            Noun,
            Stem::Whole
        ));
        let english = [
            ("s", Noun, true),
            ("'s", Noun, true),
            ("s'", Noun, true),
            ("ed", Noun, false),
            ("ed", Verb, true),
            ("ed", Any, true),
            ("dom", Any, false),
            ("'s", Particle, false),
            ("s", Particle, false),
        ];
        for (suffix, class, ok) in english {
            assert_eq!(
                suffix_ok(suffix, English, full, class, Stem::Whole),
                ok,
                "{suffix}"
            );
        }
    }

    #[test]
    fn the_article_is_optional_in_keys() {
        let full = AffixPolicy::Full;
        assert_eq!(form_key("المرتزقه", Arabic, full), "مرتزقه");
        assert_eq!(
            form_key("الارهابيين الاجانب", Arabic, full),
            "ارهابيين الاجانب"
        );
        assert_eq!(form_key("الم", Arabic, full), "الم");
        assert_eq!(form_key("المرتزقه", Arabic, AffixPolicy::Exact), "المرتزقه");
        assert_eq!(ta_marbuta_stem("مرتزقه", Arabic, full, Noun), Some("مرتزق"));
        assert_eq!(ta_marbuta_stem("حرر", Arabic, full, Noun), None);
    }

    proptest::proptest! {
        /// Every prefix `prefix_ok` takes ends with a letter `prefix_end_letters` names, for
        /// every language, policy and class: the matcher turns down, without finding the word,
        /// only what `prefix_ok` would.
        #[test]
        fn every_prefix_taken_ends_with_a_letter_named(prefix in "[وفبكلاسنهيت]{1,5}") {
            let last = prefix.chars().last().unwrap();
            for language in [Arabic, English] {
                for policy in [AffixPolicy::Full, AffixPolicy::Prefixes, AffixPolicy::Exact] {
                    for class in [Noun, Verb, Particle, Any] {
                        let letters = prefix_end_letters(language, policy, class);
                        if prefix_ok(&prefix, language, policy, class) {
                            proptest::prop_assert!(
                                letters >> (last as u32 - 0x0621) & 1 == 1,
                                "{prefix} {language:?} {policy:?} {class:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn letters_that_end_prefixes() {
        let named = |letters: u64| -> String {
            (0..42)
                .filter(|k| letters >> k & 1 == 1)
                .filter_map(|k| char::from_u32(0x0621 + k))
                .collect()
        };
        let full = AffixPolicy::Full;
        assert_eq!(named(prefix_end_letters(Arabic, full, Particle)), "فو");
        assert_eq!(named(prefix_end_letters(Arabic, full, Noun)), "بفكلو");
        assert_eq!(named(prefix_end_letters(Arabic, full, Verb)), "سفلو");
        assert_eq!(
            named(prefix_end_letters(Arabic, AffixPolicy::Exact, Any)),
            ""
        );
        assert_eq!(named(prefix_end_letters(English, full, Any)), "");
    }
}

//! Lexicons in the formats researchers' other tools read: a CSV of every form, a LIWC-2015
//! dictionary (`.dic`) and a quanteda YAML dictionary.
//!
//! LIWC and quanteda match whitespace tokens with a trailing `*` wildcard and know nothing of
//! Arabic proclitics, so the dictionaries spell the proclitic chains out (`والمرتزق*`) and end a
//! form with `*` where the lexicon allows suffixes. That approximates framelens' matching; it
//! cannot reproduce its word-end rules (`*` also accepts endings framelens rejects) nor a term's
//! exceptions (the contexts in which its word has another sense), which none of the formats has.
//!
//! ```
//! use framelens::lexicon::{ExportFormat, LexiconSet, export};
//! let set = LexiconSet::bundled().unwrap();
//! let dic = export(&set, ExportFormat::Liwc, false);
//! assert!(dic.starts_with("%\n"));
//! assert!(dic.contains("والمرتزق*"));
//! ```

use std::collections::BTreeMap;

use super::{AffixPolicy, Favors, Language, LexiconSet, Role, Term, WordClass};
use crate::affix::form_key;
use crate::text::normalize_with;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One row per form, with everything the lexicon says about it.
    Csv,
    /// A LIWC-2015 `.dic`; categories are `side:frame`.
    Liwc,
    /// A quanteda YAML dictionary, nested side → frame.
    Quanteda,
}

/// Renders every lexicon of `set` in `format`. With `normalized`, forms are written as
/// framelens normalizes them, for use on text passed through `framelens normalize`.
pub fn export(set: &LexiconSet, format: ExportFormat, normalized: bool) -> String {
    match format {
        ExportFormat::Csv => csv(set, normalized),
        ExportFormat::Liwc => liwc(&categories(set, normalized)),
        ExportFormat::Quanteda => quanteda(&categories(set, normalized)),
    }
}

/// The category a term belongs to in LIWC and quanteda: `side:frame`.
fn category(term: &Term) -> String {
    let frame = term.frame.as_deref().unwrap_or("none");
    match term.role {
        Role::Attribution { stance, .. } => format!("attribution:{stance}"),
        Role::Loaded => match &term.favors {
            Favors::Neutral => format!("neutral:{frame}"),
            favors => format!("{}:{frame}", favors.as_str()),
        },
    }
}

fn csv(set: &LexiconSet, normalized: bool) -> String {
    let mut out = csv_row(&[
        "lexicon",
        "term",
        "kind",
        "match",
        "form",
        "normalized",
        "favors",
        "frame",
        "stance",
        "severity",
        "weight",
        "affixes",
        "word_class",
    ]);
    for lexicon in set.lexicons() {
        let folding = lexicon.meta.normalization;
        for term in &lexicon.terms {
            let (kind, stance) = match term.role {
                Role::Loaded => ("loaded", ""),
                Role::Attribution { stance, .. } => ("attribution", stance.as_str()),
            };
            let weight = term.weight.to_string();
            let mut row = |how: &str, form: &str| {
                let norm = normalize_with(form, folding);
                let shown = if normalized { norm.as_str() } else { form };
                out.push_str(&csv_row(&[
                    &lexicon.meta.id,
                    &term.id,
                    kind,
                    how,
                    shown,
                    &norm,
                    term.favors.as_str(),
                    term.frame.as_deref().unwrap_or(""),
                    stance,
                    term.severity.as_str(),
                    &weight,
                    term.affixes.as_str(),
                    term.word_class.as_str(),
                ]));
            };
            for form in &term.forms {
                row("form", form);
            }
            for pattern in &term.patterns {
                row("pattern", pattern);
            }
            for rule in &term.proximity {
                let described = format!(
                    "{} … {} (within {})",
                    rule.first.join("|"),
                    rule.then.join("|"),
                    rule.within
                );
                row("proximity", &described);
            }
        }
        for choice in &lexicon.choices {
            for variant in choice.variants.iter().filter(|v| v.term.is_none()) {
                for form in &variant.forms {
                    let norm = normalize_with(form, folding);
                    let shown = if normalized { norm.as_str() } else { form };
                    out.push_str(&csv_row(&[
                        &lexicon.meta.id,
                        &format!("{}/{}", choice.id, variant.id),
                        "name",
                        "form",
                        shown,
                        &norm,
                        variant.side.as_deref().unwrap_or(""),
                        "",
                        "",
                        "",
                        "",
                        "full",
                        "any",
                    ]));
                }
            }
        }
    }
    out
}

fn csv_row(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                (*f).to_string()
            }
        })
        .collect();
    quoted.join(",") + "\n"
}

/// Category → sorted, deduplicated dictionary entries.
fn categories(set: &LexiconSet, normalized: bool) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for lexicon in set.lexicons() {
        let language = lexicon.meta.language;
        for term in &lexicon.terms {
            let entries = map.entry(category(term)).or_default();
            for form in &term.forms {
                let norm = normalize_with(form, lexicon.meta.normalization);
                let base = if normalized {
                    form_key(&norm, language, term.affixes).to_string()
                } else {
                    strip_written_article(form, &norm, language, term.affixes)
                };
                entries.extend(dictionary_entries(
                    &base,
                    language,
                    term.affixes,
                    term.word_class,
                ));
            }
        }
    }
    for entries in map.values_mut() {
        entries.sort();
        entries.dedup();
    }
    map.retain(|_, entries| !entries.is_empty());
    map
}

/// The written form without the article that [`form_key`] would strip from its normalized form.
fn strip_written_article(
    form: &str,
    norm: &str,
    language: Language,
    policy: AffixPolicy,
) -> String {
    if form_key(norm, language, policy).len() == norm.len() {
        return form.to_string();
    }
    // The article is the first two letters as written, whatever hamza the alef carries.
    let mut letters = 0;
    for (i, c) in form.char_indices() {
        if crate::text::is_word_char(c)
            && !normalize_with(&c.to_string(), Default::default()).is_empty()
        {
            letters += 1;
            if letters == 3 {
                return form[i..].to_string();
            }
        }
    }
    form.to_string()
}

/// Dictionary entries for one form: spelled-out proclitic chains, and `*` where suffixes may
/// follow.
fn dictionary_entries(
    base: &str,
    language: Language,
    policy: AffixPolicy,
    class: WordClass,
) -> Vec<String> {
    let star = if policy == AffixPolicy::Full { "*" } else { "" };
    let prefixes: &[&str] = match (language, policy, class) {
        (Language::English, ..) | (_, AffixPolicy::Exact, _) => &[""],
        (_, _, WordClass::Verb) => &["", "و", "ف", "ل", "س", "وس", "فس", "ول"],
        (_, _, WordClass::Particle) => &["", "و", "ف"],
        _ => &[
            "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "وك",
            "وبال", "ولل", "فب", "فل", "فبال", "فلل", "وكال",
        ],
    };
    prefixes
        .iter()
        .map(|p| format!("{p}{base}{star}"))
        .collect()
}

fn liwc(categories: &BTreeMap<String, Vec<String>>) -> String {
    let mut out = String::from("%\n");
    for (number, name) in categories.keys().enumerate() {
        out.push_str(&format!("{}\t{name}\n", number + 1));
    }
    out.push_str("%\n");
    let mut words: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (number, entries) in categories.values().enumerate() {
        for entry in entries {
            words.entry(entry).or_default().push(number + 1);
        }
    }
    for (word, numbers) in words {
        let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        out.push_str(&format!("{word}\t{}\n", numbers.join("\t")));
    }
    out
}

fn quanteda(categories: &BTreeMap<String, Vec<String>>) -> String {
    let mut nested: BTreeMap<&str, BTreeMap<&str, &Vec<String>>> = BTreeMap::new();
    for (category, entries) in categories {
        let (outer, inner) = category.split_once(':').unwrap_or((category, "all"));
        nested.entry(outer).or_default().insert(inner, entries);
    }
    let quote = |s: &str| serde_json::to_string(s).expect("strings serialize");
    let mut out = String::new();
    for (outer, inner) in nested {
        out.push_str(&format!("{}:\n", quote(outer)));
        for (name, entries) in inner {
            out.push_str(&format!("  {}:\n", quote(name)));
            for entry in entries {
                out.push_str(&format!("    - {}\n", quote(entry)));
            }
        }
    }
    out
}

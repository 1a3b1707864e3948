//! Loading lexicons: every kind of mistake is rejected with `file:line:column` and a plain
//! message; valid files load into the model the matcher compiles.

use framelens::lexicon::{Favors, Lexicon, LexiconError, LexiconSet, Role, Stance};

fn diagnostics(file: &str) -> Vec<String> {
    let path = format!("tests/fixtures/lexicons/{file}");
    match Lexicon::read(path.as_ref()) {
        Ok(_) => panic!("{file} should not load"),
        Err(LexiconError::Invalid { diagnostics }) => {
            diagnostics.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("{file}: unexpected error {other}"),
    }
}

#[test]
fn each_kind_of_mistake_is_reported_where_it_is() {
    let cases: [(&str, &[&str]); 4] = [
        (
            "unknown-key.toml",
            &[
                "tests/fixtures/lexicons/unknown-key.toml:16:1: unknown field `favours`, expected one of `id`, `label`, `forms`, `patterns`, `proximity`, `exceptions`, `favors`, `actor_window`, `actor_direction`, `undone_by`, `cause_cues`, `frame`, `severity`, `weight`, `neutral`, `explanation`, `affixes`, `word_class`",
            ],
        ),
        (
            "semantic.toml",
            &[
                "tests/fixtures/lexicons/semantic.toml:17:6: duplicate frame id `f` (first defined on line 13)",
                "tests/fixtures/lexicons/semantic.toml:26:6: duplicate term id `a` (first defined on line 21)",
                "tests/fixtures/lexicons/semantic.toml:27:10: form `مرتزقة` of term `a` is already claimed by term `a` (line 22); a form may belong to one term only",
                "tests/fixtures/lexicons/semantic.toml:28:9: term `a` names frame `nowhere`, which is not defined (defined: f)",
                "tests/fixtures/lexicons/semantic.toml:29:10: term `a` favors `two`, which is not a side of this lexicon (expected a side id, \"actor\" or \"against-actor\") (defined: one)",
                "tests/fixtures/lexicons/semantic.toml:33:13: pattern of term `b` is not a valid regular expression: unclosed group",
                "tests/fixtures/lexicons/semantic.toml:38:10: form `ًٌٍ` of term `c` normalizes to nothing a text could match",
            ],
        ),
        (
            "references.toml",
            &[
                "tests/fixtures/lexicons/references.toml:4:12: unknown language `xx` (expected \"ar\" or \"en\")",
                "tests/fixtures/lexicons/references.toml:11:12: side `one` names opponent `nobody`, which is not a side of this lexicon (defined: one)",
                "tests/fixtures/lexicons/references.toml:16:8: actor `someone` names side `two`, which is not defined (defined: one)",
                "tests/fixtures/lexicons/references.toml:27:12: unknown severity `fatal` (expected info, warning or error)",
                "tests/fixtures/lexicons/references.toml:28:11: unknown affix policy `some` (expected full, prefixes or exact)",
                "tests/fixtures/lexicons/references.toml:35:8: a variant of choice `c` names term `missing`, which is not defined in this lexicon",
                "tests/fixtures/lexicons/references.toml:40:8: a variant of choice `c` names side `three`, which is not defined (defined: one)",
            ],
        ),
        (
            "syntax.toml",
            &["tests/fixtures/lexicons/syntax.toml:6:42: invalid basic string, expected `\"`"],
        ),
    ];
    for (file, expected) in cases {
        assert_eq!(diagnostics(file), expected, "{file}");
    }
}

/// A lexicon's header and one frame, for the small inline lexicons below (their error lines
/// count from the blank line this starts with).
const INLINE_HEADER: &str = r#"
[lexicon]
id = "p"
title = "P"
language = "ar"
version = "1"
description = "x"

[[frames]]
id = "f"
label = "F"
"#;

#[test]
fn a_pattern_with_letters_normalized_text_never_has_is_rejected() {
    let source = format!(
        r#"{INLINE_HEADER}
[[terms]]
id = "t"
patterns = ['إعادة \w+']
frame = "f"
"#
    );
    let error = Lexicon::parse("inline.toml", &source)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "inline.toml:15:13: pattern of term `t` contains `إ`, which normalized text never has (write `ا`): patterns run on normalized text"
    );
}

#[test]
fn mistakes_in_exceptions_are_reported_where_they_are() {
    let source = format!(
        r#"{INLINE_HEADER}
[[terms]]
id = "t"
forms = ["استشهد", "الشهيد"]
frame = "f"

[[terms.exceptions]]
forms = ["شهيد"]
followed_by = ' ب(تقرير'

[[terms.exceptions]]
forms = ["شهادة"]
preceded_by = 'قال '

[[terms.exceptions]]
followed_by = '( \w+)?'

[[terms.exceptions]]
preceded_by = 'إعادة '

[[terms.exceptions]]
forms = ["استشهد"]

[[terms.exceptions]]
followed_by = ' بها'
unless = 'x'
"#
    );
    let error = Lexicon::parse("inline.toml", &source)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "inline.toml:37:1: unknown field `unless`, expected one of `forms`, `followed_by`, `preceded_by`"
    );
    let source = source.replace("unless = 'x'\n", "");
    let Err(LexiconError::Invalid { diagnostics }) = Lexicon::parse("inline.toml", &source) else {
        panic!("the exceptions should not load");
    };
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "inline.toml:20:15: `followed_by` of term `t` is not a valid regular expression: unclosed group",
            "inline.toml:23:10: exception of term `t` names form `شهادة`, which is not a form of it",
            "inline.toml:27:15: `followed_by` of term `t` matches the empty string",
            "inline.toml:30:15: `preceded_by` of term `t` contains `إ`, which normalized text never has (write `ا`): patterns run on normalized text",
            "inline.toml:32:1: exception of term `t` has neither `followed_by` nor `preceded_by`",
        ]
    );
}

#[test]
fn undone_by_names_other_loaded_terms_of_an_against_actor_term() {
    let source = format!(
        r#"{INLINE_HEADER}
[[sides]]
id = "n"
label = "N"
opponent = "s"

[[sides]]
id = "s"
label = "S"
opponent = "n"

[[terms]]
id = "occupation"
forms = ["احتلال"]
frame = "f"
favors = "against-actor"
undone_by = ["liberation", "occupation", "nothing"]

[[terms]]
id = "liberation"
forms = ["تحرير"]
frame = "f"
favors = "s"
undone_by = ["occupation"]
"#
    );
    let Err(LexiconError::Invalid { diagnostics }) = Lexicon::parse("inline.toml", &source) else {
        panic!("the lexicon should not load");
    };
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "inline.toml:28:28: term `occupation` is undone by itself",
            "inline.toml:28:42: term `occupation` is undone by `nothing`, which is not a loaded term of this lexicon (defined: liberation)",
            "inline.toml:35:14: term `liberation` has `undone_by`, which only a term that favors \"against-actor\" can have",
        ]
    );
    let fixed = source.replace(r#", "occupation", "nothing""#, "").replace(
        "favors = \"s\"\nundone_by = [\"occupation\"]\n",
        "favors = \"s\"\n",
    );
    let lexicon = Lexicon::parse("inline.toml", &fixed).unwrap();
    assert_eq!(lexicon.terms[0].undone_by, ["liberation"]);
    assert!(lexicon.terms[1].undone_by.is_empty());
}

#[test]
fn cause_cues_are_single_words_of_an_actor_term() {
    let source = format!(
        r#"{INLINE_HEADER}
[[sides]]
id = "n"
label = "N"

[[terms]]
id = "martyr"
forms = ["شهيد"]
frame = "f"
favors = "actor"
cause_cues = ["بقصف", "على يد"]

[[terms]]
id = "mercenaries"
forms = ["مرتزقة"]
frame = "f"
favors = "n"
cause_cues = ["بقصف"]
"#
    );
    let Err(LexiconError::Invalid { diagnostics }) = Lexicon::parse("inline.toml", &source) else {
        panic!("the lexicon should not load");
    };
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "inline.toml:22:23: cause cue `على يد` of term `martyr` is more than one word",
            "inline.toml:29:15: term `mercenaries` has `cause_cues`, which only a term that favors \"actor\" can have",
        ]
    );
    let fixed = source.replace(r#", "على يد""#, "").replace(
        "favors = \"n\"\ncause_cues = [\"بقصف\"]\n",
        "favors = \"n\"\n",
    );
    let lexicon = Lexicon::parse("inline.toml", &fixed).unwrap();
    assert_eq!(lexicon.terms[0].cause_cues, ["بقصف"]);
}

#[test]
fn actor_exceptions_are_checked_as_term_exceptions_are() {
    let source = format!(
        r#"{INLINE_HEADER}
[[sides]]
id = "n"
label = "N"

[[actors]]
id = "turkey"
label = "Turkey"
side = "n"
forms = ["تركيا", "تركي"]

[[actors.exceptions]]
forms = ["أنقرة"]
followed_by = ' بن'
"#
    );
    let Err(LexiconError::Invalid { diagnostics }) = Lexicon::parse("inline.toml", &source) else {
        panic!("the lexicon should not load");
    };
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "inline.toml:24:10: exception of actor `turkey` names form `أنقرة`, which is not a form of it"
        ]
    );
    let lexicon = Lexicon::parse("inline.toml", &source.replace("أنقرة", "تركي")).unwrap();
    assert_eq!(lexicon.actors[0].exceptions.len(), 1);
}

#[test]
fn exceptions_load_into_the_model() {
    let set = LexiconSet::bundled().unwrap();
    let martyr = set
        .lexicons()
        .iter()
        .find(|l| l.meta.id == "karabakh.ar")
        .and_then(|l| l.terms.iter().find(|t| t.id == "martyr"))
        .unwrap();
    assert!(!martyr.exceptions.is_empty());
    assert!(
        martyr
            .exceptions
            .iter()
            .all(|e| e.forms == ["استشهد", "استشهاد"] && e.followed_by.is_some())
    );
}

#[test]
fn two_lexicons_may_not_share_an_id() {
    let lexicon = Lexicon::read("tests/fixtures/lexicons/valid.ar.toml".as_ref()).unwrap();
    let error = LexiconSet::new(vec![lexicon.clone(), lexicon]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "two lexicons have the id `test.ar`: tests/fixtures/lexicons/valid.ar.toml and tests/fixtures/lexicons/valid.ar.toml"
    );
}

#[test]
fn the_bundled_lexicons_load_with_what_the_domain_needs() {
    let set = LexiconSet::bundled().unwrap();
    let ids: Vec<&str> = set.lexicons().iter().map(|l| l.meta.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "karabakh.ar",
            "karabakh.en",
            "attribution.ar",
            "attribution.en",
            "loaded.ar",
            "loaded.en"
        ]
    );
    assert_eq!(set.side_ids(), ["armenia", "azerbaijan"]);
    for id in ["karabakh.ar", "karabakh.en"] {
        let lexicon = set.lexicon(id).unwrap();
        for term in &lexicon.terms {
            assert!(
                !term.explanation.is_empty(),
                "{id}/{} has no explanation",
                term.id
            );
            if term.favors != Favors::Neutral {
                assert!(
                    !term.neutral.is_empty(),
                    "{id}/{} has no neutral wording",
                    term.id
                );
            }
        }
        let choices: Vec<&str> = lexicon.choices.iter().map(|c| c.id.as_str()).collect();
        for choice in [
            "shusha-name",
            "stepanakert-name",
            "karabakh-name",
            "the-dead",
        ] {
            assert!(choices.contains(&choice), "{id} lacks choice {choice}");
        }
    }
    let (_, claim) = set.find_term("attribution.ar/claim").unwrap();
    assert_eq!(
        claim.role,
        Role::Attribution {
            stance: Stance::Distancing,
            speech: true,
            needs_complementizer: false
        }
    );
}

//! Keyword in context: the library on the seeds and small texts, and `framelens kwic` driven
//! as a user would.

use std::collections::BTreeMap;

use assert_cmd::cargo::cargo_bin_cmd;
use framelens::corpus::{Corpus, ReadOptions};
use framelens::kwic::{Kwic, KwicError, Query, context};
use framelens::lexicon::LexiconSet;
use predicates::prelude::*;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

fn seeds() -> Corpus {
    Corpus::read(&ReadOptions::default())
}

fn pair(terms: &[(&str, &str)]) -> Query {
    Query::Terms(
        terms
            .iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect(),
    )
}

#[test]
fn queries_resolve_to_terms_or_forms() {
    let set = LexiconSet::bundled().unwrap();
    let table: [(&str, Query); 5] = [
        (
            "mercenaries",
            pair(&[
                ("karabakh.ar", "mercenaries"),
                ("karabakh.en", "mercenaries"),
                ("loaded.ar", "mercenaries"),
            ]),
        ),
        (
            "karabakh.ar/mercenaries",
            pair(&[("karabakh.ar", "mercenaries")]),
        ),
        // A contested-name variant with forms of its own is found by its id.
        (
            "nagorno-karabakh",
            pair(&[
                ("karabakh.ar", "nagorno-karabakh"),
                ("karabakh.en", "nagorno-karabakh"),
            ]),
        ),
        ("مرتزقة", Query::Form("مرتزقة".into())),
        ("  regime change ", Query::Form("regime change".into())),
    ];
    for (text, expected) in table {
        assert_eq!(Query::resolve(&set, text).unwrap(), expected, "{text}");
    }
    assert!(matches!(
        Query::resolve(&set, "karabakh.ar/mercenary"),
        Err(KwicError::NoTerm { .. })
    ));
    assert!(matches!(Query::resolve(&set, " "), Err(KwicError::Empty)));
    // Said once, as a search, without the place in the lexicon made for it.
    let error = Kwic::new(&set, Query::Form("؟!".into())).unwrap_err();
    assert!(matches!(error, KwicError::NoWords { .. }));
    assert_eq!(
        error.to_string(),
        "cannot search for \"؟!\": it has no letters or digits to match"
    );
    assert!(std::error::Error::source(&error).is_none());
}

/// Every hit of the mercenaries term in the seeds: (article, line, voice, left, match, right).
#[test]
fn term_hits_in_the_seeds_with_their_context() {
    let set = LexiconSet::bundled().unwrap();
    let kwic = Kwic::new(&set, Query::resolve(&set, "mercenaries").unwrap()).unwrap();
    let corpus = seeds();
    let lines: Vec<_> = corpus
        .articles
        .iter()
        .flat_map(|a| kwic.lines(a, &corpus.outlets, 3))
        .collect();
    let got: Vec<(&str, usize, &str, &str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l.article.as_str(),
                l.line,
                l.voice.as_str(),
                l.left.as_str(),
                l.matched.as_str(),
                l.right.as_str(),
            )
        })
        .collect();
    let seed0 = "000_5d4b8b73bcb36329";
    let expected = vec![
        (
            seed0,
            10,
            "own",
            "تستمر أنقرة بنقل",
            "المرتزقة",
            "السوريين للقتال إلى",
        ),
        (
            seed0,
            10,
            "own",
            "بمقتل 14 من",
            "المرتزقة",
            "السوريين الموالين لتركيا",
        ),
        (
            seed0,
            10,
            "reported",
            "جديدة من جثث",
            "المرتزقة",
            "مؤلفة من 20",
        ),
        (
            seed0,
            12,
            "reported",
            "أنّ حصيلة قتلى",
            "المرتزقة",
            "منذ بدء مشاركتهم",
        ),
        (seed0, 16, "own", "يقل عن 2350", "مرتزقاً", "، عاد منهم 320"),
        (
            "004_5db8549f8bdebb44",
            35,
            "reported",
            "في الصراع وترسل",
            "مرتزقة",
            "سوريين للقتال إلى",
        ),
    ];
    assert_eq!(got, expected);
    assert_eq!(lines[0].outlet_name, "unnamed outlet (seed 000)");
    assert_eq!(lines[5].outlet.as_deref(), Some("unnamed-ap"));
    assert_eq!(lines[0].side.as_deref(), Some("armenia"));
    // Offsets point at the match in the article's text.
    let article = &corpus.articles[0];
    assert_eq!(
        &article.text[lines[0].byte_start..lines[0].byte_end],
        "المرتزقة"
    );
}

#[test]
fn windows_of_every_size() {
    let corpus = seeds();
    let article = corpus
        .articles
        .iter()
        .find(|a| a.id.starts_with("001_"))
        .unwrap();
    let start = article.text.find("وادعى").unwrap();
    let span = start..start + "وادعى".len();
    // (window, left, right)
    let table = [
        (0, "", ""),
        (1, "الأذربيجانية.", "علييف"),
        (2, "الأرمينية الأذربيجانية.", "علييف إن"),
        (
            5,
            "جرت على الحدود الأرمينية الأذربيجانية.",
            "علييف إن أرمينيا قامت باستفزازات",
        ),
    ];
    for (window, left, right) in table {
        let c = context(&article.text, span.clone(), window);
        assert_eq!(
            (c.left.as_str(), c.matched.as_str(), c.right.as_str()),
            (left, "وادعى", right),
            "window {window}"
        );
    }
}

/// A form is found wherever it occurs, even inside a longer loaded term that would win the
/// overlap (loaded.ar lists نظام الأسد), and its voice is still found.
#[test]
fn a_form_finds_every_occurrence_with_its_voice() {
    let set = LexiconSet::bundled().unwrap();
    let kwic = Kwic::new(&set, Query::resolve(&set, "الأسد").unwrap()).unwrap();
    let text = "أدان البيان نظام الأسد أمس، وقال إن \"الأسد باق\".";
    let hits = kwic.hits(text);
    let got: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.matched.as_str(), h.voice.as_str()))
        .collect();
    assert_eq!(got, [("الأسد", "own"), ("الأسد", "quoted")]);
    // The form مرتزقة finds what the mercenaries term finds through that form, in the same
    // voices; the term also has the form مرتزق, which alone finds مرتزقاً.
    let form = Kwic::new(&set, Query::Form("مرتزقة".into())).unwrap();
    let term = Kwic::new(
        &set,
        Query::resolve(&set, "karabakh.ar/mercenaries").unwrap(),
    )
    .unwrap();
    let (mut by_form, mut by_term) = (Vec::new(), Vec::new());
    for article in &seeds().articles {
        let place = |k: &Kwic| -> Vec<(String, usize, String, String)> {
            k.hits(&article.text)
                .iter()
                .map(|h| {
                    (
                        article.id.clone(),
                        h.start.byte,
                        h.matched.clone(),
                        h.voice.to_string(),
                    )
                })
                .collect()
        };
        by_form.extend(place(&form));
        by_term.extend(place(&term));
    }
    let only_term: Vec<&str> = by_term
        .iter()
        .filter(|h| !by_form.contains(h))
        .map(|h| h.2.as_str())
        .collect();
    assert_eq!(only_term, ["مرتزقاً"]);
    assert_eq!(by_form.len(), 5);
    assert!(by_form.iter().all(|h| by_term.contains(h)));
}

#[test]
fn cli_table_marks_the_match_and_counts() {
    framelens()
        .args(["kwic", "وادعى", "--window", "2"])
        .assert()
        .code(0)
        .stdout(
            "001_38c028186f790bcf:21  unnamed outlet (seed 001)  own  الأرمينية الأذربيجانية. \
             [وادعى] علييف إن\n\
             004_5db8549f8bdebb44:13  unnamed outlet, AP-credited  own  سقوط ضحايا. [وادعى] \
             مسؤولون في\n\
             2 hits of form \"وادعى\" in 2 of 5 articles\n",
        );
}

#[test]
fn cli_tsv_has_one_row_per_hit_and_six_columns() {
    let output = framelens()
        .args(["kwic", "karabakh.ar/mercenaries", "--format", "tsv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        ["article", "outlet", "voice", "left", "match", "right"]
    );
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r.len() == 6));
    assert_eq!(
        rows[6],
        [
            "004_5db8549f8bdebb44",
            "unnamed outlet, AP-credited",
            "reported",
            "بشكل مباشر في الصراع وترسل",
            "مرتزقة",
            "سوريين للقتال إلى جانب أذربيجان"
        ]
    );
}

#[test]
fn cli_json_is_an_array_of_hits() {
    let output = framelens()
        .args([
            "kwic",
            "uprising",
            "tests/fixtures/discover/two-outlets.jsonl",
            "--window",
            "2",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let lines: Vec<BTreeMap<String, serde_json::Value>> =
        serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(lines.len(), 8);
    let first = &lines[0];
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "article",
            "byte_end",
            "byte_start",
            "column",
            "left",
            "lexicon",
            "line",
            "matched",
            "outlet",
            "outlet_name",
            "right",
            "side",
            "term",
            "voice"
        ]
    );
    let expected = serde_json::json!({
        "article": "north-01", "outlet": "north-daily", "outlet_name": "north-daily",
        "voice": "own", "lexicon": "kwic", "term": "form", "side": null,
        "line": 1, "column": 131, "byte_start": 130, "byte_end": 138,
        "left": "during the", "matched": "uprising", "right": ""
    });
    assert_eq!(serde_json::to_value(first).unwrap(), expected);
    // No hits: an empty array, still valid JSON.
    let output = framelens()
        .args(["kwic", "nowhere", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[]\n");
}

#[test]
fn cli_form_flag_and_errors() {
    // `--form` looks for the text even though a term has that id: the English word
    // "mercenaries" does not occur in the Arabic seeds.
    framelens()
        .args(["kwic", "--form", "mercenaries"])
        .assert()
        .code(0)
        .stdout("0 hits of form \"mercenaries\" in 0 of 5 articles\n");
    // A term id with no hits: the hint to look for the word instead.
    framelens()
        .args([
            "kwic",
            "regime",
            "tests/fixtures/discover/two-outlets.jsonl",
        ])
        .assert()
        .code(0)
        .stdout("0 hits of term loaded.ar/regime in 0 of 40 articles\n")
        .stderr(
            "framelens: \"regime\" was read as a term id; to look for the word itself, add \
             --form\n",
        );
    framelens()
        .args([
            "kwic",
            "regime",
            "tests/fixtures/discover/two-outlets.jsonl",
        ])
        .args(["--form", "--format", "tsv"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "south-01\tsouth-post\town\tfor the attack, not the\tregime\t\n",
        ));
    // With --strict, a bad input stops the run and nothing is written.
    framelens()
        .args(["kwic", "--form", "regime", "--strict"])
        .args([
            "tests/fixtures/discover/two-outlets.jsonl",
            "tests/fixtures/corpus/bad/bad.jsonl",
        ])
        .assert()
        .code(2)
        .stdout("");
    // A search with nothing a text could match says so once, in the terms of a search.
    for (query, args) in [
        ("...", &["kwic", "..."][..]),
        ("...", &["kwic", "--form", "..."][..]),
        // Only Arabic diacritics: nothing is left once normalized.
        ("\u{064B}\u{064C}", &["kwic", "\u{064B}\u{064C}"][..]),
    ] {
        framelens()
            .args(args)
            .arg("tests/fixtures/discover/two-outlets.jsonl")
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "framelens: cannot search for \"{query}\": it has no letters or digits to match\n"
            ));
    }
    framelens()
        .args(["kwic", "--form", " "])
        .assert()
        .code(2)
        .stderr("framelens: nothing to look for: give a term id or a word\n");
    framelens()
        .args(["kwic", "karabakh.ar/mercenary"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "lexicon `karabakh.ar` has no term `mercenary`",
        ));
}

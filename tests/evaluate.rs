//! Lexicon evaluation against gold annotations: the fixtures' scores worked out by hand, the two
//! gold formats, their errors, and a sanity check on ../shared/eval when it is present.

use std::path::Path;

use framelens::evaluate::{
    Counted, EvaluateConfig, Evaluation, Gold, GoldError, GoldFormat, Score, evaluate,
    split_techniques,
};
use framelens::lexicon::{Lexicon, LexiconSet};
use framelens::matcher::Matcher;

fn run(lexicon: &str, gold: &str, format: GoldFormat, config: &EvaluateConfig) -> Evaluation {
    let set = LexiconSet::new(vec![Lexicon::read(Path::new(lexicon)).unwrap()]).unwrap();
    let matcher = Matcher::new(&set).unwrap();
    let gold = Gold::read(Path::new(gold), format).unwrap();
    evaluate(&matcher, &set, &gold, config)
}

/// (flags, correct, gold spans, found) of a score, and its ratios to three places.
type Counts = (usize, usize, usize, usize, String);

fn counts(score: &Score) -> Counts {
    let r = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
    (
        score.flags,
        score.correct,
        score.gold_spans,
        score.found,
        format!("{} {} {}", r(score.precision), r(score.recall), r(score.f1)),
    )
}

fn counted(items: &[(&str, usize)]) -> Vec<Counted> {
    items
        .iter()
        .map(|(text, count)| Counted {
            text: text.to_string(),
            count: *count,
        })
        .collect()
}

/// tests/fixtures/eval/armpro.jsonl against eval.ar.toml (massacre مجزرة, brutal وحشي, regime
/// نظام الأسد; the attribution verb زعم is never a flag), by hand:
///
/// | paragraph | flags                         | gold (LL / NC)                    |
/// |-----------|-------------------------------|-----------------------------------|
/// | p1        | مجزرة ✓, وحشية ✓ (زعم: not a flag) | LL "مجزرة وحشية" found (Doubt ignored) |
/// | p2        | نظام الأسد ✗                  | NC "إرهابيون" missed              |
/// | p3        | وحشيّاً ✓ (diacritics shift bytes) | LL "هجوماً وحشيّاً" found          |
/// | p4        | مجزرة ✗                       | none                              |
/// | p5        | none                          | LL "كارثة" missed                 |
/// | p6        | none                          | LL "كارثةٌ" missed (normalizes to كارثه) |
///
/// Flags 5, correct 3: precision 3/5 = 0.600. Gold spans 5, found 2: recall 2/5 = 0.400.
/// F1 = 2·0.6·0.4 / (0.6 + 0.4) = 0.480. Per term: brutal 2 flags, 2 correct, 2 spans found;
/// massacre 2 flags, 1 correct, 1 found (p1's span, also found by brutal, counts once overall);
/// regime 1 flag, 0 correct. Missed: كارثه ×2, ارهابيون ×1.
#[test]
fn armpro_fixture_scores_as_worked_out_by_hand() {
    let result = run(
        "tests/fixtures/eval/eval.ar.toml",
        "tests/fixtures/eval/armpro.jsonl",
        GoldFormat::Armpro,
        &EvaluateConfig::default(),
    );
    assert_eq!(result.documents, 6);
    assert_eq!(
        counts(&result.overall),
        (5, 3, 5, 2, "0.600 0.400 0.480".into())
    );
    assert_eq!(result.lexicons.len(), 1);
    assert_eq!(result.lexicons[0].lexicon, "eval.ar");
    assert_eq!(result.lexicons[0].score, result.overall);
    let terms: Vec<(&str, Counts)> = result
        .terms
        .iter()
        .map(|t| (t.term.as_str(), counts(&t.score)))
        .collect();
    assert_eq!(
        terms,
        [
            ("brutal", (2, 2, 5, 2, "1.000 0.400 0.571".into())),
            ("massacre", (2, 1, 5, 1, "0.500 0.200 0.286".into())),
            ("regime", (1, 0, 5, 0, "0.000 0.000 0.000".into())),
        ]
    );
    // Equal false positives: the term with fewer correct flags first.
    let wrong: Vec<(&str, usize)> = result
        .false_positive_terms()
        .iter()
        .map(|t| (t.term.as_str(), t.false_positives))
        .collect();
    assert_eq!(wrong, [("regime", 1), ("massacre", 1)]);
    assert_eq!(
        result.terms[1].false_positive_matches,
        counted(&[("مجزره", 1)])
    );
    assert_eq!(result.missed, counted(&[("كارثه", 2), ("ارهابيون", 1)]));
    let techniques: Vec<(&str, usize, usize)> = result
        .techniques
        .iter()
        .map(|t| (t.technique.as_str(), t.gold_spans, t.found))
        .collect();
    assert_eq!(
        techniques,
        [("Loaded_Language", 4, 2), ("Name_Calling-Labeling", 1, 0)]
    );
}

/// Loaded_Language alone: p2's Name_Calling span leaves the gold, so 4 spans, 2 found (0.500);
/// the flags do not change (p2's regime flag overlaps nothing either way): precision 0.600.
#[test]
fn techniques_select_the_gold_spans() {
    let config = EvaluateConfig {
        techniques: vec!["Loaded_Language".into()],
    };
    let result = run(
        "tests/fixtures/eval/eval.ar.toml",
        "tests/fixtures/eval/armpro.jsonl",
        GoldFormat::Armpro,
        &config,
    );
    assert_eq!(
        counts(&result.overall),
        (5, 3, 4, 2, "0.600 0.500 0.545".into())
    );
    assert_eq!(result.missed, counted(&[("كارثه", 2)]));
}

/// tests/fixtures/eval/ptc against eval.en.toml (brutal, hoax, regime), by hand:
///
/// | article | flags                               | gold (LL / NC)                      |
/// |---------|-------------------------------------|-------------------------------------|
/// | 1       | regime ✗, brutal ✓, hoax ✗ (only a Doubt span overlaps it) | LL "brutal crackdown" found, NC "witch hunt" missed |
/// | 2       | hoax ✗, brutal ✓ (after “ ” and —, multi-byte characters) | LL "sham" missed, LL "brutal" found |
/// | 3       | brutal ✗ (an article without labels) | none                               |
///
/// Flags 6, correct 2: precision 1/3 = 0.333. Gold spans 4 (`Name_Calling,Labeling` is the
/// PTC spelling of the default `Name_Calling-Labeling`), found 2: recall 0.500. F1 = 2·(1/3)·(1/2)
/// / (5/6) = 0.400.
#[test]
fn ptc_fixture_scores_as_worked_out_by_hand() {
    let result = run(
        "tests/fixtures/eval/eval.en.toml",
        "tests/fixtures/eval/ptc",
        GoldFormat::Ptc,
        &EvaluateConfig::default(),
    );
    assert_eq!(result.documents, 3);
    assert_eq!(
        counts(&result.overall),
        (6, 2, 4, 2, "0.333 0.500 0.400".into())
    );
    let terms: Vec<(&str, usize, usize, usize)> = result
        .terms
        .iter()
        .map(|t| {
            (
                t.term.as_str(),
                t.score.flags,
                t.score.correct,
                t.false_positives,
            )
        })
        .collect();
    assert_eq!(
        terms,
        [("brutal", 3, 2, 1), ("hoax", 2, 0, 2), ("regime", 1, 0, 1)]
    );
    let wrong: Vec<&str> = result
        .false_positive_terms()
        .iter()
        .map(|t| t.term.as_str())
        .collect();
    assert_eq!(wrong, ["hoax", "regime", "brutal"]);
    assert_eq!(result.missed, counted(&[("sham", 1), ("witch hunt", 1)]));
    // The labels file names the same folder.
    let via_labels = run(
        "tests/fixtures/eval/eval.en.toml",
        "tests/fixtures/eval/ptc/labels.tsv",
        GoldFormat::Ptc,
        &EvaluateConfig::default(),
    );
    assert_eq!(via_labels.overall, result.overall);
}

#[test]
fn both_spellings_of_a_technique_are_one_and_commas_inside_names_survive_splitting() {
    let known = [
        "Loaded_Language".to_string(),
        "Name_Calling,Labeling".to_string(),
        "Exaggeration,Minimisation".to_string(),
    ];
    let cases: [(&str, &[&str]); 5] = [
        (
            "Loaded_Language,Name_Calling,Labeling",
            &["Loaded_Language", "Name_Calling,Labeling"],
        ),
        (
            "Name_Calling-Labeling,Loaded_Language",
            &["Name_Calling-Labeling", "Loaded_Language"],
        ),
        (
            "Exaggeration,Minimisation, Loaded_Language",
            &["Exaggeration,Minimisation", "Loaded_Language"],
        ),
        ("Doubt", &["Doubt"]),
        (" , ", &[]),
    ];
    for (list, expected) in cases {
        assert_eq!(split_techniques(list, &known), expected, "{list}");
    }
    // Either spelling selects the same PTC spans.
    for spelling in ["Name_Calling,Labeling", "name_calling-labeling"] {
        let config = EvaluateConfig {
            techniques: vec![spelling.into()],
        };
        let result = run(
            "tests/fixtures/eval/eval.en.toml",
            "tests/fixtures/eval/ptc",
            GoldFormat::Ptc,
            &config,
        );
        assert_eq!(result.overall.gold_spans, 1, "{spelling}");
    }
}

#[test]
fn bad_armpro_lines_are_errors_with_file_and_line() {
    let ok = r#"{"paragraph": "نص", "labels": []}"#;
    let cases = [
        (
            format!("{ok}\n{{\"paragraph\": \"x\"}}"),
            "gold.jsonl:2:18: not an ArMPro paragraph: missing field `labels`",
        ),
        (
            format!("{ok}\n\nnot json"),
            "gold.jsonl:3:2: not an ArMPro paragraph: expected ident",
        ),
        (
            r#"{"paragraph": "قصف وحشي", "labels": [{"technique": "Loaded_Language", "start": 4, "end": 20}]}"#.to_string(),
            "gold.jsonl:1: label 1: span 4..20 ends after the text (8 characters)",
        ),
        (
            r#"{"paragraph": "قصف وحشي", "labels": [{"technique": "Loaded_Language", "start": 6, "end": 6}]}"#.to_string(),
            "gold.jsonl:1: label 1: span 6..6 is empty or reversed",
        ),
        // Byte offsets where characters are due: the text gives them away.
        (
            r#"{"paragraph": "قصف وحشي", "labels": [{"technique": "Loaded_Language", "text": "وحشي", "start": 7, "end": 8}]}"#.to_string(),
            "gold.jsonl:1: label 1: text \"وحشي\" is not the paragraph's characters 7..8 (\"ي\")",
        ),
        ("\n\n".to_string(), "gold.jsonl: no paragraphs"),
    ];
    for (source, expected) in cases {
        let error = Gold::parse_armpro("gold.jsonl", &source).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}

/// Writes a PTC folder under the test's scratch directory.
fn ptc_folder(name: &str, labels: &str, articles: &[(&str, &str)]) -> std::path::PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("articles")).unwrap();
    std::fs::write(folder.join("labels.tsv"), labels).unwrap();
    for (id, text) in articles {
        std::fs::write(folder.join(format!("articles/article{id}.txt")), text).unwrap();
    }
    folder
}

#[test]
fn bad_ptc_labels_are_errors_with_file_and_line() {
    let articles = [("7", "A brutal, brutal day.")];
    let cases = [
        (
            "7\tLoaded_Language\t2\t8\n7\tLoaded_Language\t2\n",
            "labels.tsv:2: expected 4 tab-separated fields (ID, technique, start, end), found 3",
        ),
        (
            "7\tLoaded_Language\ttwo\t8\n",
            "labels.tsv:1: start `two` is not a character offset",
        ),
        (
            "7\tLoaded_Language\t2\t8\n\n9\tLoaded_Language\t2\t8\n",
            "labels.tsv:3: no article9.txt in ",
        ),
        (
            "7\tLoaded_Language\t2\t80\n",
            "labels.tsv:1: article 7: span 2..80 ends after the text (21 characters)",
        ),
    ];
    for (n, (labels, expected)) in cases.into_iter().enumerate() {
        let folder = ptc_folder(&format!("ptc-bad-{n}"), labels, &articles);
        let error = Gold::read(&folder, GoldFormat::Ptc).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, GoldError::Invalid { .. }),
            "{message}: not an Invalid error"
        );
        let prefix = format!("{}/{expected}", folder.display());
        assert!(message.starts_with(&prefix), "{message:?}, not {prefix:?}…");
    }
    let empty = ptc_folder("ptc-empty", "", &[]);
    assert_eq!(
        Gold::read(&empty, GoldFormat::Ptc).unwrap_err().to_string(),
        format!(
            "{}: no article<ID>.txt files in {}",
            empty.display(),
            empty.join("articles").display()
        )
    );
}

/// The shared annotations, when present: only sanity (counts the corpus README states), never
/// scores, which move with the lexicons.
#[test]
fn shared_annotations_load_and_evaluate_when_present() {
    let shared = Path::new("../shared/eval");
    if !shared.is_dir() {
        eprintln!("skipped: ../shared/eval is not here");
        return;
    }
    let set = LexiconSet::bundled().unwrap();
    let matcher = Matcher::new(&set).unwrap();
    let config = EvaluateConfig::default();

    let arabic = Gold::read(&shared.join("ar-armpro-dev.jsonl"), GoldFormat::Armpro).unwrap();
    let result = evaluate(&matcher, &set, &arabic, &config);
    assert_eq!(result.documents, 672);
    let spans: Vec<usize> = result.techniques.iter().map(|t| t.gold_spans).collect();
    assert_eq!(spans, [710, 141]);
    assert_eq!(result.overall.gold_spans, 851);
    sane(&result, "loaded.ar");

    let english = Gold::read(&shared.join("en-ptc"), GoldFormat::Ptc).unwrap();
    assert_eq!(english.documents.len(), 371);
    let result = evaluate(&matcher, &set, &english, &config);
    assert_eq!(
        result.overall.gold_spans,
        result
            .techniques
            .iter()
            .map(|t| t.gold_spans)
            .sum::<usize>()
    );
    assert!(result.techniques.iter().all(|t| t.gold_spans > 0));
    sane(&result, "loaded.en");
}

fn sane(result: &Evaluation, generic: &str) {
    let overall = &result.overall;
    assert!(overall.correct <= overall.flags && overall.found <= overall.gold_spans);
    for ratio in [overall.precision, overall.recall, overall.f1] {
        assert!(ratio.is_some_and(|r| (0.0..=1.0).contains(&r)));
    }
    let lexicon = result
        .lexicons
        .iter()
        .find(|l| l.lexicon == generic)
        .unwrap_or_else(|| panic!("{generic} in the breakdown"));
    assert!(lexicon.score.flags > 0, "{generic} raised no flag");
    let flags: usize = result.lexicons.iter().map(|l| l.score.flags).sum();
    assert_eq!(flags, overall.flags);
    let missed: usize = result.missed.iter().map(|m| m.count).sum();
    assert_eq!(missed, overall.gold_spans - overall.found);
}

//! `framelens lexicon evaluate` and `--exclude-lexicon`, driven as a user would. The fixtures'
//! scores are worked out by hand in tests/evaluate.rs.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

fn evaluate(gold: &str, format: &str, lexicon: &str) -> assert_cmd::Command {
    let mut cmd = framelens();
    cmd.args([
        "lexicon",
        "evaluate",
        "--gold",
        gold,
        "--gold-format",
        format,
        "--no-default-lexicons",
        "--lexicon",
        lexicon,
    ]);
    cmd
}

#[test]
fn table_shows_overall_per_lexicon_per_term_false_positives_and_missed_spans() {
    let row = |name: &str, numbers: &str| {
        let numbers = numbers.split(' ').collect::<Vec<_>>().join(" +");
        predicate::str::is_match(format!(r"\n  {name} +{numbers}\n")).unwrap()
    };
    evaluate(
        "tests/fixtures/eval/armpro.jsonl",
        "armpro",
        "tests/fixtures/eval/eval.ar.toml",
    )
    .assert()
    .code(0)
    .stdout(predicate::str::starts_with(
        "gold: tests/fixtures/eval/armpro.jsonl (armpro), 6 texts\n",
    ))
    .stdout(row("overall", "5 3 0.600 2 0.400 0.480"))
    .stdout(row("eval.ar", "5 3 0.600 2 0.400 0.480"))
    .stdout(row("eval.ar/brutal", "2 2 1.000 2 0.400 0.571"))
    .stdout(row("eval.ar/regime", "1 0 0.000 0 0.000 0.000"))
    .stdout(predicate::str::is_match(r"\n  eval.ar/regime +1 of +1 flags  نظام الاسد ×1\n").unwrap())
    .stdout(predicate::str::contains(
        "most frequent missed gold spans (normalized)\n     2  كارثه\n     1  ارهابيون\n",
    ));
}

#[test]
fn json_for_scripts_with_ptc_spelling_of_techniques_and_top() {
    let output = evaluate(
        "tests/fixtures/eval/ptc",
        "ptc",
        "tests/fixtures/eval/eval.en.toml",
    )
    .args([
        "--techniques",
        "Loaded_Language,Name_Calling,Labeling",
        "--format",
        "json",
        "--top",
        "1",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["format"], "ptc");
    assert_eq!(json["documents"], 3);
    assert_eq!(json["overall"]["flags"], 6);
    assert_eq!(json["overall"]["correct"], 2);
    assert_eq!(json["overall"]["gold_spans"], 4);
    assert_eq!(json["overall"]["found"], 2);
    assert_eq!(json["overall"]["recall"], 0.5);
    assert_eq!(json["lexicons"][0]["lexicon"], "eval.en");
    assert_eq!(
        json["techniques"][1]["technique"], "Name_Calling,Labeling",
        "the PTC spelling is kept whole"
    );
    assert_eq!(json["techniques"][1]["gold_spans"], 1);
    assert_eq!(json["terms"].as_array().unwrap().len(), 3);
    assert_eq!(
        json["false_positive_terms"],
        serde_json::json!(["eval.en/hoax"])
    );
    assert_eq!(
        json["missed"],
        serde_json::json!([{"text": "sham", "count": 1}])
    );
}

#[test]
fn the_default_breakdown_lists_every_lexicon_with_loaded_terms() {
    let mut cmd = framelens();
    cmd.args([
        "lexicon",
        "evaluate",
        "--gold",
        "tests/fixtures/eval/armpro.jsonl",
        "--gold-format",
        "armpro",
        "--lexicon",
        "tests/fixtures/eval/eval.ar.toml",
    ]);
    let mut assert = cmd.assert().code(0);
    for lexicon in [
        "karabakh.ar",
        "karabakh.en",
        "loaded.ar",
        "loaded.en",
        "eval.ar",
    ] {
        assert = assert.stdout(predicate::str::is_match(format!(r"\n  {lexicon} +\d")).unwrap());
    }
    // Attribution lexicons have no loaded terms, so no row.
    assert.stdout(predicate::str::contains("\n  attribution.ar ").not());
}

#[test]
fn bad_gold_is_an_error_naming_file_and_line() {
    evaluate(
        "tests/fixtures/eval/eval.ar.toml",
        "armpro",
        "tests/fixtures/eval/eval.ar.toml",
    )
    .assert()
    .code(2)
    .stdout("")
    .stderr(predicate::str::starts_with(
        "framelens: tests/fixtures/eval/eval.ar.toml:1:1: not an ArMPro paragraph: expected value",
    ));
    evaluate(
        "tests/fixtures/eval/no-such.jsonl",
        "armpro",
        "tests/fixtures/eval/eval.ar.toml",
    )
    .assert()
    .code(2)
    .stderr(predicate::str::starts_with(
        "framelens: cannot read tests/fixtures/eval/no-such.jsonl: ",
    ));
    evaluate(
        "tests/fixtures/eval/no-such-folder",
        "ptc",
        "tests/fixtures/eval/eval.en.toml",
    )
    .assert()
    .code(2)
    .stderr(predicate::str::starts_with(
        "framelens: cannot read tests/fixtures/eval/no-such-folder: ",
    ));
}

#[test]
fn generic_lexicons_load_by_default_and_can_be_left_out() {
    framelens()
        .args(["lexicon", "list"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "\nloaded.ar — Loaded language (Arabic, any topic)\n",
        ))
        .stdout(predicate::str::contains(
            "\nloaded.en — Loaded language (English, any topic)\n",
        ));
    framelens()
        .args([
            "lexicon",
            "list",
            "--exclude-lexicon",
            "loaded.en",
            "--exclude-lexicon",
            "karabakh.ar",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\nloaded.ar — "))
        .stdout(predicate::str::contains("loaded.en — ").not())
        .stdout(predicate::str::contains("karabakh.ar — ").not());
    framelens()
        .args(["lexicon", "list", "--exclude-lexicon", "loaded.fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "framelens: cannot leave out lexicon `loaded.fr`: no loaded lexicon has this id (loaded: karabakh.ar, ",
        ));
}

#[test]
fn explain_finds_a_generic_term_by_its_word() {
    framelens()
        .args(["lexicon", "explain", "تدخل سافر"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "`تدخل سافر` matches loaded.ar/blatant",
        ))
        .stdout(predicate::str::contains("favors         no side"));
}

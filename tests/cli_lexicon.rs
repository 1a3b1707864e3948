//! The binary's lexicon and normalize commands, driven as a user would.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

#[test]
fn validate_accepts_the_bundled_lexicons() {
    framelens()
        .args(["lexicon", "validate"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ok: lexicons/karabakh.ar.toml (karabakh.ar 1.2.0, ar)",
        ))
        .stdout(predicate::str::contains("ok: lexicons/attribution.en.toml"));
}

#[test]
fn validate_rejects_a_bad_file_with_its_place_and_exit_2() {
    framelens()
        .args([
            "lexicon",
            "validate",
            "tests/fixtures/lexicons/valid.ar.toml",
            "tests/fixtures/lexicons/unknown-key.toml",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "ok: tests/fixtures/lexicons/valid.ar.toml (test.ar 0.1.0, ar)",
        ))
        .stdout(predicate::str::contains(
            "tests/fixtures/lexicons/unknown-key.toml:16:1: unknown field `favours`",
        ));
}

/// `lexicon`, a folder of three lexicons: one with two mistakes, one with a misspelt key, one
/// valid.
const LEXICON_FOLDER: &[(&str, &str)] = &[
    (
        "a.toml",
        "[lexicon]\nid = \"a\"\ntitle = \"A\"\nlanguage = \"xx\"\nversion = \"1\"\n\
         description = \"Two mistakes.\"\n\n[[frames]]\nid = \"f\"\nlabel = \"F\"\n\n\
         [[terms]]\nid = \"t\"\nforms = [\"word\"]\nframe = \"nowhere\"\nexplanation = \"x\"\n",
    ),
    (
        "b.toml",
        "[lexicon]\nid = \"b\"\ntitle = \"B\"\nlanguage = \"en\"\nversion = \"1\"\n\
         description = \"A misspelt key.\"\n\n[[frames]]\nid = \"f\"\nlabel = \"F\"\n\n\
         [[terms]]\nid = \"t\"\nforms = [\"word\"]\nframe = \"f\"\nfavours = \"none\"\n\
         explanation = \"x\"\n",
    ),
    (
        "c.toml",
        "[lexicon]\nid = \"c\"\ntitle = \"C\"\nlanguage = \"en\"\nversion = \"1\"\n\
         description = \"Valid.\"\n\n[[frames]]\nid = \"f\"\nlabel = \"F\"\n\n\
         [[terms]]\nid = \"t\"\nforms = [\"word\"]\nframe = \"f\"\nexplanation = \"x\"\n",
    ),
    // Not a lexicon: a hidden configuration file.
    (".framelens.toml", "fail_on = \"never\"\n"),
];

#[test]
fn validate_reports_every_file_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lexicons")).unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for (name, text) in LEXICON_FOLDER {
        std::fs::write(dir.path().join("lexicons").join(name), text).unwrap();
    }
    framelens()
        .current_dir(dir.path())
        .args(["lexicon", "validate", "lexicons"])
        .assert()
        .code(2)
        .stderr("")
        .stdout(
            "lexicons/a.toml:4:12: unknown language `xx` (expected \"ar\" or \"en\")\n\
             lexicons/a.toml:15:9: term `t` names frame `nowhere`, which is not defined \
             (defined: f)\n\
             lexicons/b.toml:16:1: unknown field `favours`, expected one of `id`, `label`, \
             `forms`, `patterns`, `proximity`, `exceptions`, `favors`, `actor_window`, \
             `actor_direction`, `undone_by`, `cause_cues`, `frame`, `severity`, `weight`, \
             `neutral`, `explanation`, `affixes`, `word_class`\n\
             ok: lexicons/c.toml (c 1, en): 1 terms, 0 attribution entries, 0 actors, \
             0 contested-name choices\n",
        );
    // A folder without lexicons is a mistake too (a wrong path), not a silent success; the
    // valid file beside it is still reported.
    framelens()
        .current_dir(dir.path())
        .args(["lexicon", "validate", "empty", "lexicons/c.toml"])
        .assert()
        .code(2)
        .stdout(
            "empty: no lexicon files (*.toml) in this folder\n\
             ok: lexicons/c.toml (c 1, en): 1 terms, 0 attribution entries, 0 actors, \
             0 contested-name choices\n",
        );
    // Every clash of lexicon ids, between files of a folder or across paths.
    framelens()
        .current_dir(dir.path())
        .args(["lexicon", "validate", "lexicons/c.toml", "lexicons/c.toml"])
        .assert()
        .code(2)
        .stdout(predicate::str::ends_with(
            "two lexicons have the id `c`: lexicons/c.toml and lexicons/c.toml\n",
        ));
}

#[test]
fn a_missing_lexicon_is_an_error_naming_the_file() {
    framelens()
        .args(["lexicon", "list", "--lexicon", "no/such/lexicon.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "framelens: cannot read lexicon no/such/lexicon.toml:",
        ));
}

#[test]
fn list_shows_every_lexicon_and_term() {
    framelens()
        .args(["lexicon", "list"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("karabakh.ar — "))
        .stdout(
            predicate::str::is_match(
                r"\n  mercenaries +favors armenia +labeling +warning +مرتزقة, مرتزق",
            )
            .unwrap(),
        )
        .stdout(predicate::str::is_match(r"\n  claim +distancing ").unwrap());
}

#[test]
fn explain_by_id_and_by_inflected_word() {
    framelens()
        .args(["lexicon", "explain", "karabakh.ar/mercenaries"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "karabakh.ar/mercenaries  mercenaries",
        ))
        .stdout(predicate::str::contains(
            "favors         armenia (Armenian side)",
        ))
        .stdout(predicate::str::contains("neutral        مقاتلون سوريون"));
    framelens()
        .args(["lexicon", "explain", "karabakh.en/liberation"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "exceptions     liberation: followed by ` (army|front|organi[sz]ation|tigers|theology)\\b`; \
             liberation: preceded by `\\b(women's|gay|sexual) `\n",
        ));
    framelens()
        .args(["lexicon", "explain", "والمرتزقة"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "`والمرتزقة` matches karabakh.ar/mercenaries\n",
        ));
    framelens()
        .args(["lexicon", "explain", "وادعى"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "stance         distancing toward the actor it introduces (after within 4 words)",
        ));
    framelens()
        .args(["lexicon", "explain", "nothing-like-this"])
        .assert()
        .code(2)
        .stderr(
            "framelens: no term has the id `nothing-like-this`, and no term matches it as text\n",
        );
}

#[test]
fn export_writes_csv_liwc_and_quanteda() {
    let lexicon = "tests/fixtures/lexicons/valid.ar.toml";
    let base = [
        "lexicon",
        "export",
        "--no-default-lexicons",
        "--lexicon",
        lexicon,
        "--to",
    ];
    let csv = framelens().args(base).arg("csv").output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "lexicon,term,kind,match,form,normalized,favors,frame,stance,severity,weight,affixes,word_class"
    );
    assert_eq!(
        lines[1],
        "test.ar,liberate,loaded,form,حرر,حرر,south,labeling,,warning,1,full,verb"
    );
    assert!(lines.contains(&"test.ar,reoccupation,loaded,proximity,أعاد … احتلال (within 2),اعاد ... احتلال (within 2),north,labeling,,warning,1,full,any"));
    assert!(lines.contains(&"test.ar,dead/killed,name,form,قتلى,قتلي,,,,,,full,any"));

    let liwc = framelens().args(base).arg("liwc").output().unwrap();
    let liwc = String::from_utf8(liwc.stdout).unwrap();
    assert!(liwc.starts_with("%\n1\tactor:labeling\n2\tagainst-actor:labeling\n3\tnorth:labeling\n4\tsouth:labeling\n%\n"), "{liwc}");
    assert!(liwc.contains("\nوحرر*\t4\n"));
    assert!(liwc.contains("\nوالشهيد*\t1\n"));

    let yaml = framelens().args(base).arg("quanteda").output().unwrap();
    let yaml = String::from_utf8(yaml.stdout).unwrap();
    assert!(
        yaml.starts_with("\"actor\":\n  \"labeling\":\n    - \"استشهد*\"\n"),
        "{yaml}"
    );
}

#[test]
fn normalize_reads_stdin() {
    framelens()
        .args(["normalize", "--lang", "ar"])
        .write_stdin("وَالمُرْتَزِقَةُ ﻻ  Martyr’s\n")
        .assert()
        .code(0)
        .stdout("والمرتزقه لا martyr's\n");
    framelens()
        .args(["normalize", "--folding", "hamza"])
        .write_stdin("مسؤول")
        .assert()
        .stdout("مسوول");
}

//! `framelens check`, driven as an editor and CI would: outputs pinned by snapshots, exit codes,
//! stdin, Markdown, suppression, configuration discovery and exact columns.

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

const SEED_001: &str = "seeds/001_38c028186f790bcf.txt";
const EN_DRAFT: &str = "tests/fixtures/check/draft.en.md";

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let output = framelens().args(args).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&all)).unwrap()
}

#[test]
fn human_and_json_output_of_seed_001() {
    insta::assert_snapshot!("seed_001_human", stdout(&["check", SEED_001]));
    insta::assert_snapshot!(
        "seed_001_json",
        stdout(&["check", "--format", "json", SEED_001])
    );
}

#[test]
fn human_and_json_output_of_an_english_draft() {
    insta::assert_snapshot!("draft_en_human", stdout(&["check", EN_DRAFT]));
    insta::assert_snapshot!(
        "draft_en_json",
        stdout(&["check", "--format", "json", EN_DRAFT])
    );
}

#[test]
fn line_format_is_one_finding_per_line() {
    let out = stdout(&["check", "--format", "line", EN_DRAFT]);
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "tests/fixtures/check/draft.en.md:6:20:warning:karabakh.en/liberation:`liberated` (liberated, liberation) favors the Azerbaijani side"
    );
    assert_eq!(out.lines().count(), 10);
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    fs::write(&clean, "اجتمع الوزيران في موسكو لبحث وقف إطلاق النار.\n").unwrap();
    let cases: [(Vec<&str>, i32); 6] = [
        (vec!["check", clean.to_str().unwrap()], 0),
        (vec!["check", SEED_001], 1),
        (vec!["check", "--fail-on", "never", SEED_001], 0),
        (vec!["check", "--fail-on", "error", SEED_001], 0),
        (
            vec!["check", "--fail-on", "info", clean.to_str().unwrap()],
            0,
        ),
        (vec!["check", "no/such/draft.md"], 2),
    ];
    for (args, code) in cases {
        framelens().args(&args).assert().code(code);
    }
    framelens()
        .args(["check", "no/such/draft.md", clean.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "framelens: cannot read no/such/draft.md: ",
        ))
        .stdout(predicate::str::contains("No findings in 1 file."));
    framelens()
        .args([
            "check",
            "--lexicon",
            "tests/fixtures/lexicons/unknown-key.toml",
            SEED_001,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown-key.toml:16:1: unknown field `favours`",
        ));
}

#[test]
fn reads_stdin() {
    for args in [
        vec!["check", "--format", "line"],
        vec!["check", "--format", "line", "-"],
    ] {
        framelens()
            .args(&args)
            .write_stdin("وأكد أن المرتزقة وصلوا.")
            .assert()
            .code(0)
            .stdout(concat!(
                "-:1:1:info:attribution.ar/confirmed:`وأكد` (confirmed, stressed) presents what the speaker says as established fact\n",
                "-:1:9:info:karabakh.ar/mercenaries:`المرتزقة` (mercenaries) favors the Armenian side (in reported speech)\n",
            ));
    }
}

#[test]
fn markdown_code_and_front_matter_are_not_prose() {
    let findings = json(&[EN_DRAFT]);
    let lines: Vec<u64> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert!(lines.iter().all(|&l| (6..=9).contains(&l)), "{lines:?}");
    // The same text as plain text: the code block's words are reported.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("draft.txt");
    fs::copy(EN_DRAFT, &plain).unwrap();
    let findings = json(&[plain.to_str().unwrap()]);
    let last = findings["findings"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["line"], 12);
}

#[test]
fn suppression_by_comment_and_by_config() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.md");
    fs::write(
        &draft,
        "قتل المرتزقة.\n<!-- framelens-ignore mercenaries -->\nقال إن المرتزقة وصلوا.\n",
    )
    .unwrap();
    let terms = |value: &Value| -> Vec<(u64, String)> {
        value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["term"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        terms(&json(&[draft.to_str().unwrap()])),
        [(1, "mercenaries".to_string())]
    );
    fs::write(
        dir.path().join(".framelens.toml"),
        "disable = [\"karabakh.ar/mercenaries\"]\n",
    )
    .unwrap();
    assert!(terms(&json(&[draft.to_str().unwrap()])).is_empty());
    assert_eq!(
        terms(&json(&["--no-config", draft.to_str().unwrap()])),
        [(1, "mercenaries".to_string())]
    );
}

#[test]
fn configuration_is_found_in_a_parent_folder_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("desk/drafts");
    fs::create_dir_all(&nested).unwrap();
    fs::write(
        dir.path().join(".framelens.toml"),
        "fail_on = \"error\"\n[severity]\nmercenaries = \"error\"\n",
    )
    .unwrap();
    let draft = nested.join("piece.txt");
    fs::write(&draft, "وصل المرتزقة إلى المدينة.\n").unwrap();
    let value = json(&[draft.to_str().unwrap()]);
    assert_eq!(value["findings"][0]["severity"], "error");
    framelens()
        .args(["check", draft.to_str().unwrap()])
        .assert()
        .code(1);
    // A configuration mistake is reported with its place.
    fs::write(dir.path().join(".framelens.toml"), "fail_on = \"loud\"\n").unwrap();
    framelens()
        .args(["check", draft.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".framelens.toml:1:11: unknown fail_on `loud`",
        ));
    fs::write(dir.path().join(".framelens.toml"), "fail_on = \"never\"\n").unwrap();
    framelens()
        .args(["check", draft.to_str().unwrap()])
        .assert()
        .code(0);
    framelens()
        .args(["check", "--fail-on", "warning", draft.to_str().unwrap()])
        .assert()
        .code(1);
}

#[test]
fn voice_own_shows_only_the_writers_words_and_quotes_are_one_level_lower() {
    let text = "قال الوزير إن الشهداء سقطوا. سقط شهيد.";
    let value: Value = serde_json::from_str(
        &String::from_utf8(
            framelens()
                .args(["check", "--format", "json"])
                .write_stdin(text)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
    )
    .unwrap();
    let found: Vec<(&str, &str)> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["term"] == "martyr")
        .map(|f| {
            (
                f["voice"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("reported", "info"), ("own", "warning")]);
    let own = framelens()
        .args(["check", "--format", "line", "--voice", "own"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(own.stdout).unwrap().lines().count(), 1);
}

#[test]
fn columns_are_right_on_a_line_mixing_arabic_latin_and_emoji() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("mixed.txt");
    let line2 = "Baku 😀 قال: \"المرتزقة\" 🇦🇲 martyrs";
    fs::write(&draft, format!("سطر أول\n{line2}\n")).unwrap();
    let value = json(&["--lang", "ar", draft.to_str().unwrap()]);
    let f = &value["findings"][0];
    assert_eq!(f["matched"], "المرتزقة");
    let byte = "سطر أول\n".len() + line2.find("المرتزقة").unwrap();
    let prefix = &line2[..line2.find("المرتزقة").unwrap()];
    let expected = [
        ("line", 2),
        ("column", prefix.chars().count() + 1),
        ("utf16_column", prefix.encode_utf16().count() + 1),
        ("byte_start", byte),
        ("byte_end", byte + "المرتزقة".len()),
        (
            "char_start",
            "سطر أول\n".chars().count() + prefix.chars().count(),
        ),
        (
            "end_column",
            prefix.chars().count() + 1 + "المرتزقة".chars().count(),
        ),
        ("utf16_end_column", prefix.encode_utf16().count() + 1 + 8),
    ];
    for (field, value) in expected {
        assert_eq!(f[field], value as u64, "{field}");
    }
    assert_eq!(
        (f["column"].as_u64(), f["utf16_column"].as_u64()),
        (Some(14), Some(15))
    );
    // In English mode the same line yields the English term instead.
    let value = json(&["--lang", "en", draft.to_str().unwrap()]);
    assert_eq!(value["findings"][0]["term"], "martyr");
    assert_eq!(
        value["findings"][0]["column"],
        line2.chars().count() as u64 - 6
    );
}

#[test]
fn json_findings_have_the_documented_fields() {
    let value = json(&[SEED_001]);
    let mut fields: Vec<&str> = value["findings"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    let mut expected = [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "char_start",
        "char_end",
        "utf16_column",
        "utf16_end_column",
        "matched",
        "lexicon",
        "term",
        "side",
        "frame",
        "voice",
        "severity",
        "message",
        "explanation",
        "suggestions",
    ];
    expected.sort_unstable();
    assert_eq!(fields, expected);
    assert!(Path::new(SEED_001).exists());
}

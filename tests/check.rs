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
    // Nothing checked: no summary that would read as a clean draft.
    framelens()
        .args(["check", "no/such/draft.md"])
        .assert()
        .code(2)
        .stdout("");
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

/// The finding lines of `check --format line` on `text`, saved as `name` in a fresh folder (or
/// given on stdin when `name` is `-`), and the exit code.
fn check_text(name: &str, text: &[u8], extra: &[&str]) -> (String, String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = framelens();
    cmd.current_dir(dir.path())
        .args(["check", "--format", "line"])
        .args(extra);
    if name == "-" {
        cmd.write_stdin(text.to_vec());
    } else {
        fs::write(dir.path().join(name), text).unwrap();
        cmd.arg(name);
    }
    let output = cmd.output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

const MERCENARIES: &str =
    "warning:karabakh.en/mercenaries:`mercenaries` (mercenaries) favors the Armenian side";

#[test]
fn front_matter_and_html_comments_are_not_prose_in_plain_text_either() {
    let ignore =
        "<!-- framelens-ignore mercenaries -->\nThe mercenaries came.\nThe mercenaries left.\n";
    let front = "---\ntitle: Mercenaries in Shushi\n---\nBody with mercenaries.\n";
    let cases: [(&str, &str, &[&str], String); 8] = [
        // The directive itself was a finding (-:1:23), and the line it silences too on stdin.
        ("-", ignore, &[], format!("-:3:5:{MERCENARIES}\n")),
        (
            "draft.txt",
            ignore,
            &[],
            format!("draft.txt:3:5:{MERCENARIES}\n"),
        ),
        // Two findings inside the front matter before.
        ("fm.txt", front, &[], format!("fm.txt:4:11:{MERCENARIES}\n")),
        ("-", front, &[], format!("-:4:11:{MERCENARIES}\n")),
        (
            "note.txt",
            "a <!-- the mercenaries --> mercenaries\n",
            &[],
            format!("note.txt:1:28:{MERCENARIES}\n"),
        ),
        // Backticks are plain characters in plain text.
        (
            "code.txt",
            "`mercenaries`\n",
            &[],
            format!("code.txt:1:2:{MERCENARIES}\n"),
        ),
        // Upper-case extensions are Markdown too: the code span is not prose.
        (
            "x.MD",
            "`mercenaries` and mercenaries\n",
            &[],
            format!("x.MD:1:19:{MERCENARIES}\n"),
        ),
        (
            "x.Markdown",
            "`mercenaries` and mercenaries\n",
            &[],
            format!("x.Markdown:1:19:{MERCENARIES}\n"),
        ),
    ];
    for (name, text, extra, expected) in cases {
        let (out, err, code) = check_text(name, text.as_bytes(), extra);
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (expected.as_str(), "", 1),
            "{name}: {text:?}"
        );
    }
}

#[test]
fn link_destinations_urls_and_reference_definitions_are_not_prose() {
    let line3 = "![mercenaries](img/mercenaries.jpg) 😀 https://x.org/genocide mercenaries, <https://x.org/genocide> martyrs";
    let text = format!(
        "See [the occupation of Shushi](https://example.com/armenian-occupation-of-shushi) now.\n\n{line3}\n\n[ref]: https://example.com/genocide\n"
    );
    let (out, err, code) = check_text("links.md", text.as_bytes(), &[]);
    assert_eq!((err.as_str(), code), ("", 1));
    // Link text and image descriptions are prose; destinations, paths, bare URLs, autolinks and
    // the reference definition are not.
    assert_eq!(
        out,
        format!(
            "links.md:1:10:warning:karabakh.en/occupation:`occupation` (occupation, occupied) is loaded; its side depends on whom it names\n\
             links.md:1:24:warning:karabakh.en/shushi:`Shushi` (Shushi) favors the Armenian side\n\
             links.md:3:3:{MERCENARIES}\n\
             links.md:3:62:{MERCENARIES}\n\
             links.md:3:100:warning:karabakh.en/martyr:`martyrs` (martyr, martyred) is loaded; its side depends on whom it names\n"
        )
    );
    // Every offset of a finding after blanked text is the draft's own.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.md");
    fs::write(&path, &text).unwrap();
    let value = json(&[path.to_str().unwrap()]);
    let findings = value["findings"].as_array().unwrap();
    for (f, word) in findings[3..].iter().zip(["mercenaries,", "martyrs"]) {
        let byte = text.find(word).unwrap();
        let in_line = &line3[..line3.find(word).unwrap()];
        let got: Vec<u64> = ["line", "column", "utf16_column", "byte_start", "char_start"]
            .iter()
            .map(|k| f[k].as_u64().unwrap())
            .collect();
        let expected = [
            3,
            in_line.chars().count() + 1,
            in_line.encode_utf16().count() + 1,
            byte,
            text[..byte].chars().count(),
        ];
        assert_eq!(got, expected.map(|n| n as u64), "{word}");
        let (start, end) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(f["matched"], text[start..end]);
    }
}

#[test]
fn unknown_term_ids_are_refused_where_they_are_written() {
    let draft = "The mercenaries came.\n";
    // On the command line: exit 2, naming the id.
    let (out, err, code) = check_text("draft.md", draft.as_bytes(), &["--disable", "bogus"]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "",
            "framelens: cannot disable term `bogus` (--disable): no lexicon has a term with this id\n",
            2
        )
    );
    let (_, err, code) = check_text(
        "draft.md",
        draft.as_bytes(),
        &["--disable", "karabakh.en/mercenarie"],
    );
    assert_eq!(
        (err.as_str(), code),
        (
            "framelens: cannot disable term `karabakh.en/mercenarie` (--disable): lexicon `karabakh.en` has no term `mercenarie` (did you mean `karabakh.en/mercenaries`?)\n",
            2
        )
    );
    // Both ways of writing an id, and a bundled term in a run without the bundled lexicons,
    // are accepted.
    for extra in [
        ["--disable", "mercenaries"],
        ["--disable", "karabakh.en/mercenaries"],
    ] {
        let (out, err, code) = check_text("draft.md", draft.as_bytes(), &extra);
        assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0), "{extra:?}");
    }
    let valid = std::path::absolute("tests/fixtures/lexicons/valid.ar.toml").unwrap();
    let (_, err, code) = check_text(
        "draft.md",
        draft.as_bytes(),
        &[
            "--no-default-lexicons",
            "--lexicon",
            valid.to_str().unwrap(),
            "--disable",
            "karabakh.en/mercenaries",
        ],
    );
    assert_eq!((err.as_str(), code), ("", 0));

    // In the configuration: exit 2, every unknown id with its file, line and column.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".framelens.toml");
    fs::write(
        &config,
        "disable = [\"stepanakert\", \"shusah\"]\n\n[severity]\n\"karabakh.en/doesnotexist\" = \"error\"\nmercenaries = \"error\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("draft.md"), draft).unwrap();
    let config = config.display();
    framelens()
        .current_dir(dir.path())
        .args(["check", "draft.md"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "framelens: {config}:1:28: cannot disable term `shusah`: no lexicon has a term with this id (did you mean `shusha`?)\n\
             {config}:4:2: cannot set the severity of term `karabakh.en/doesnotexist`: lexicon `karabakh.en` has no term `doesnotexist`\n"
        ));

    // In an ignore comment: said with its place (stderr, and `problems` in JSON); the comment
    // silences the ids it does know, and the exit code is the findings'.
    let text = "<!-- framelens-ignore mercenarys, karabakh.en/shushi -->\nThe mercenaries came to Shushi.\n";
    let (out, err, code) = check_text("draft.md", text.as_bytes(), &[]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            format!("draft.md:2:5:{MERCENARIES}\n").as_str(),
            "framelens: draft.md:1:23: cannot ignore term `mercenarys`: no lexicon has a term with this id (did you mean `mercenaries`?)\n",
            1
        )
    );
    let (_, err, code) = check_text("draft.txt", text.as_bytes(), &["--fail-on", "never"]);
    assert!(
        err.starts_with("framelens: draft.txt:1:23: cannot ignore"),
        "{err}"
    );
    assert_eq!(code, 0);
    let output = framelens()
        .args(["check", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["problems"],
        serde_json::json!([{
            "path": "-", "line": 1, "column": 23,
            "message": "cannot ignore term `mercenarys`: no lexicon has a term with this id (did you mean `mercenaries`?)"
        }])
    );
    assert_eq!(value["summary"]["findings"], 1);
}

#[test]
fn a_byte_order_mark_is_not_a_character() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.txt");
    fs::write(
        &path,
        "\u{FEFF}The mercenaries came.\nشهيد 😀 mercenaries\n",
    )
    .unwrap();
    let (out, _, _) = check_text("bom.txt", "\u{FEFF}The mercenaries came.\n".as_bytes(), &[]);
    assert_eq!(out, format!("bom.txt:1:5:{MERCENARIES}\n"));
    let value = json(&["--lang", "en", path.to_str().unwrap()]);
    let fields = [
        "line",
        "column",
        "end_column",
        "utf16_column",
        "utf16_end_column",
        "byte_start",
        "byte_end",
        "char_start",
        "char_end",
    ];
    let positions: Vec<Vec<u64>> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| fields.iter().map(|k| f[k].as_u64().unwrap()).collect())
        .collect();
    let second = "The mercenaries came.\n".len() + "شهيد 😀 ".len();
    let second_chars = 22 + 7;
    assert_eq!(
        positions,
        [
            vec![1, 5, 16, 5, 16, 4, 15, 4, 15],
            vec![
                2,
                8,
                19,
                9,
                20,
                second as u64,
                second as u64 + 11,
                second_chars,
                second_chars + 11
            ],
        ]
    );
    // Where `framelens score` places the same words.
    let scored = framelens()
        .args(["score", "--format", "jsonl", path.to_str().unwrap()])
        .output()
        .unwrap();
    let record: Value = serde_json::from_slice(
        String::from_utf8(scored.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let hits: Vec<Vec<u64>> = record["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["term"] == "mercenaries")
        .map(|h| {
            ["line", "column", "byte_start", "char_start"]
                .iter()
                .map(|k| h[k].as_u64().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        hits,
        [vec![1, 5, 4, 4], vec![2, 8, second as u64, second_chars]]
    );
}

//! `framelens events`, driven as a user would: the seeds, JSON output, bad input and exit codes.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

const SEEDS_AUTOMATIC: &str = "\
4 events from 5 articles (all grouped automatically, named events ignored; window 2 days, threshold 0.12)

auto-2020-10-01-002_0b453c8b0ae0108c  2020-10-01  1 article, 1 outlet
  استمرار المعارك بقره باغ وأرمينيا ترفض وساطة روسية للحوار
    002_0b453c8b0ae0108c  2020-10-01  1.000  موقع أنصار الله

auto-2020-10-24-004_5db8549f8bdebb44  2020-10-24  1 article, 1 outlet
  قصف متبادل بين أذربيجان وأرمينيا
    004_5db8549f8bdebb44  2020-10-24  1.000  unnamed outlet, AP-credited

auto-2020-11-01-000_5d4b8b73bcb36329  2020-11-01  2 articles, 2 outlets
  هذه آخر تطورات الصراع بين أرمينيا وأذربيجان
    000_5d4b8b73bcb36329  2020-11-01  0.757  unnamed outlet (seed 000)
    003_f3f23a5f4c908b16  2020-11-01  0.757  unnamed outlet, AFP-credited

auto-2021-11-16-001_38c028186f790bcf  2021-11-16  1 article, 1 outlet
  مواجهات جديدة خلفت قتلى.. روسيا تعلن وقف إطلاق النار بين أرمينيا وأذربيجان
    001_38c028186f790bcf  2021-11-16  1.000  unnamed outlet (seed 001)
";

#[test]
fn events_on_the_bundled_seeds_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    framelens()
        .current_dir(dir.path())
        .args(["events", "--automatic"])
        .assert()
        .code(0)
        .stdout(SEEDS_AUTOMATIC)
        .stderr("");
}

#[test]
fn events_uses_the_manifest_events_by_default() {
    framelens()
        .args(["events"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "2020-11-01-armenia-asks-russia  2020-11-01  2 articles, 2 outlets, named\n  Armenia asks Russia",
        ));
}

#[test]
fn events_as_json() {
    let output = framelens()
        .args([
            "events",
            "--automatic",
            "--format",
            "json",
            "--window",
            "1",
            "--threshold",
            "0.1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["grouping"]["window_days"], 1);
    assert_eq!(json["grouping"]["threshold"], 0.1);
    assert_eq!(json["grouping"]["mode"], "automatic");
    assert_eq!(json["articles"], 5);
    assert_eq!(json["without_outlet"], 0);
    assert_eq!(json["outlets"]["ansar-allah"]["name"], "موقع أنصار الله");
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events[2]["id"], "auto-2020-11-01-000_5d4b8b73bcb36329");
    assert_eq!(events[2]["articles"][1]["id"], "003_f3f23a5f4c908b16");
    assert_eq!(events[2]["articles"][1]["outlet"], "unnamed-afp");
}

#[test]
fn articles_without_an_outlet_are_said_to_be_the_unknown_outlet() {
    framelens()
        .args(["events", "tests/fixtures/corpus/folder/undated.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "undated  undated     1.000  unknown outlet",
        ))
        .stdout(predicate::str::contains(
            "1 article without an outlet in the metadata, shown as \"unknown outlet\".",
        ));
}

/// Every kind of bad input is reported with its place, the good inputs are read, and the
/// exit code is 1 with a count.
#[test]
fn bad_input_is_reported_and_the_rest_is_read() {
    let output = framelens()
        .args([
            "events",
            "--format",
            "json",
            "tests/fixtures/corpus/bad/latin1.txt",
            "tests/fixtures/corpus/bad/empty.txt",
            "tests/fixtures/corpus/bad/bad.jsonl",
            "tests/fixtures/corpus/bad/short.csv",
            "tests/fixtures/corpus/articles.jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "\
framelens: tests/fixtures/corpus/bad/latin1.txt:1: not UTF-8 text (byte 0xE9 at column 4); convert the file to UTF-8
framelens: tests/fixtures/corpus/bad/empty.txt: empty file
framelens: tests/fixtures/corpus/bad/bad.jsonl:2: not JSON: EOF while parsing an object (column 21)
framelens: tests/fixtures/corpus/bad/bad.jsonl:3: no text field (looked for text, content, body; map one with --field text=NAME)
framelens: tests/fixtures/corpus/bad/short.csv:3: row has 2 fields, the header has 3 (too few)
framelens: 5 problems in the input (5 skipped text, 0 ignored a metadata value); the rest was read
"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Two good JSONL records, two good CSV rows, three articles.jsonl records.
    assert_eq!(json["articles"], 7);
    assert_eq!(json["problems"].as_array().unwrap().len(), 5);
    assert_eq!(json["problems"][4]["line"], 3);
    assert_eq!(json["problems"][4]["skipped"], "article");
}

#[test]
fn strict_stops_at_the_first_problem_and_writes_nothing() {
    framelens()
        .args([
            "events",
            "--strict",
            "tests/fixtures/corpus/articles.jsonl",
            "tests/fixtures/corpus/bad/bad.jsonl",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "framelens: tests/fixtures/corpus/bad/bad.jsonl:2: not JSON: EOF while parsing an \
             object (column 21)\nframelens: stopped at the first input problem (--strict)\n",
        );
}

#[test]
fn field_mapping_on_the_command_line() {
    framelens()
        .args([
            "events",
            "tests/fixtures/corpus/mapped.jsonl",
            "--field",
            "text=article_body",
            "--field",
            "outlet=media",
            "--field",
            "date=published",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "tests/fixtures/corpus/mapped.jsonl#1  2020-10-24  1.000  custom-outlet",
        ));
}

#[test]
fn argument_mistakes_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["events", "--field", "body"],
            "framelens: `body` is not FIELD=NAME (e.g. text=content)\n",
        ),
        (
            &["events", "--field", "author=byline"],
            "framelens: `author` is not a field; the fields are id, text, outlet, date, title, \
             url, language, event\n",
        ),
        (
            &["events", "--threshold", "1.5"],
            "framelens: --threshold must be between 0 and 1, not 1.5\n",
        ),
    ];
    for (args, stderr) in cases {
        framelens()
            .args(*args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(*stderr);
    }
}

#[test]
fn no_clean_changes_what_is_compared() {
    // Without cleaning, the title is read from the first line, which is furniture in 001.
    framelens()
        .args(["events", "--automatic", "--no-clean"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("  24467.png\n"));
}

#[test]
fn articles_shows_each_article_as_read() {
    framelens()
        .args(["articles"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "\
002_0b453c8b0ae0108c  seeds/002_0b453c8b0ae0108c.txt:1
  outlet: موقع أنصار الله  date: 2020-10-01 (corpus.toml)  language: ar  event: 2020-10-01-fifth-day-of-fighting
  title: استمرار المعارك بقره باغ وأرمينيا ترفض وساطة روسية للحوار
  dropped line 37, page furniture: قد يعجبك ايضا
",
        ))
        .stdout(predicate::str::contains(
            "  dropped line 9, repeats line 3: وقعت عدة قذائف",
        ));
}

#[test]
fn articles_dates_from_the_text_say_where() {
    framelens()
        .args(["articles", "tests/fixtures/corpus/articles.jsonl"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "  outlet: sahifa  date: 2021-11-16 (text, line 1: 16 نوفمبر 2021)  language: ar\n",
        ));
}

#[test]
fn articles_as_json_lines() {
    let output = framelens()
        .args(["articles", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let articles: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), 5);
    assert_eq!(articles[1]["dropped"][0]["reason"], "image-file-name");
    assert_eq!(articles[1]["dropped"][0]["text"], "24467.png");
    assert!(
        articles[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("\n\nمواجهات جديدة")
    );
}

#[test]
fn articles_strict_writes_nothing_when_it_stops() {
    framelens()
        .args([
            "articles",
            "--strict",
            "tests/fixtures/corpus/articles.jsonl",
            "tests/fixtures/corpus/bad/empty.txt",
        ])
        .assert()
        .code(2)
        .stdout("");
    framelens()
        .args([
            "articles",
            "tests/fixtures/corpus/articles.jsonl",
            "tests/fixtures/corpus/bad/empty.txt",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "j1  tests/fixtures/corpus/articles.jsonl:1",
        ));
}

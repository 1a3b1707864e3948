//! `framelens report`: the committed seeds report is current, reports are deterministic and
//! atomic, corpus text cannot inject markup, and a report from a merged aggregate has the same
//! figures as one from the corpus.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// Every file of a folder, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn report(args: &[&str], out: &Path) {
    framelens()
        .arg("report")
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success()
        .stdout(format!("{}\n", out.join("index.html").display()));
}

#[test]
fn the_committed_seeds_report_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seeds");
    report(&[], &out);
    let fresh = files(&out);
    let committed = files(Path::new("reports/seeds"));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "reports/seeds is stale: run `cargo run -- report` and commit it"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "reports/seeds/{name} is stale: run `cargo run -- report` and commit it"
        );
    }
}

#[test]
fn the_seeds_report_has_every_page() {
    let committed = files(Path::new("reports/seeds"));
    for name in [
        "index.html",
        "glossary.html",
        "methodology.html",
        "report.json",
        "articles.csv",
        "hits.csv",
        "outlets.csv",
        "terms.csv",
        "style.css",
        "script.js",
        "events/2020-11-01-armenia-asks-russia.html",
        "outlets/ansar-allah.html",
        "articles/001_38c028186f790bcf.html",
    ] {
        assert!(committed.contains_key(name), "{name} missing");
    }
    let event =
        String::from_utf8(committed["events/2020-11-01-armenia-asks-russia.html"].clone()).unwrap();
    // Two columns, right to left, with highlights and footnotes.
    assert_eq!(event.matches("<article class=\"column\"").count(), 2);
    assert_eq!(
        event
            .matches("<div class=\"text\" lang=\"ar\" dir=\"rtl\">")
            .count(),
        2
    );
    assert!(event.contains("<mark class=\"hit side-0\" tabindex=\"0\" aria-describedby=\"c1-n"));
    assert!(event.contains("<ol class=\"notes\">"));
    // No request leaves the folder: no absolute URL is loaded.
    for (name, bytes) in &committed {
        let text = String::from_utf8_lossy(bytes);
        for needle in ["src=\"http", "href=\"http", "@import", "url(http"] {
            assert!(
                !text.contains(needle) || name.ends_with(".json") || name.ends_with(".csv"),
                "{name} loads {needle}"
            );
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let four = dir.path().join("four");
    report(&["--threads", "1"], &one);
    report(&["--threads", "4"], &four);
    assert_eq!(files(&one), files(&four));
}

#[test]
fn a_failed_run_leaves_the_previous_report_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seeds");
    report(&[], &out);
    let before = files(&out);
    framelens()
        .args([
            "report",
            "--lexicon",
            "tests/fixtures/lexicons/unknown-key.toml",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown-key.toml:16:1: unknown field `favours`",
        ));
    assert_eq!(files(&out), before);
    // Nothing half-written beside it either.
    let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(beside.len(), 1);
}

#[test]
fn corpus_text_renders_as_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("injection");
    report(
        &["tests/fixtures/report/injection.jsonl", "--articles", "all"],
        &out,
    );
    let all = files(&out);
    let html: Vec<(&String, String)> = all
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes.clone()).unwrap()))
        .collect();
    assert!(html.len() >= 6);
    for (name, page) in &html {
        for needle in [
            "<script>",
            "<img",
            "<svg onload",
            "onerror=\"",
            "href=\"javascript",
            "<b>bold",
        ] {
            assert!(!page.contains(needle), "{name} contains {needle}");
        }
        // The only scripts are the report's own.
        for tag in page.match_indices("<script").map(|(i, _)| &page[i..i + 40]) {
            assert!(tag.starts_with("<script src=\""), "{name}: {tag}");
        }
    }
    let article = &all["articles/inj-1.html"];
    let article = String::from_utf8_lossy(article);
    assert!(article.contains("&lt;script&gt;document.body.setAttribute("));
    assert!(article.contains("<code>javascript:document.body.setAttribute("));
    assert!(article.contains("(not a web address)"));
}

#[test]
fn a_report_from_a_merged_aggregate_has_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let aggregate = dir.path().join("seeds.agg.json");
    framelens()
        .args(["score", "--aggregate"])
        .arg(&aggregate)
        .assert()
        .success();
    let from_corpus = dir.path().join("corpus");
    let from_aggregate = dir.path().join("aggregate");
    report(&[], &from_corpus);
    report(
        &["--from-aggregate", aggregate.to_str().unwrap()],
        &from_aggregate,
    );
    let a = files(&from_corpus);
    let b = files(&from_aggregate);
    // The figures differ only in the events: the corpus report also groups articles without a
    // named event automatically; the seeds all have named events.
    assert_eq!(a["report.json"], b["report.json"]);
    assert_eq!(a["outlets.csv"], b["outlets.csv"]);
    assert!(!b.keys().any(|k| k.starts_with("articles/")));
    let index = String::from_utf8_lossy(&b["index.html"]);
    assert!(index.contains("rendered from a merged aggregate"));
}

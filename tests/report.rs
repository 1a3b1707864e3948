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

/// The section of a page from the heading with `id` to the end of its section.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<h2 id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn the_seeds_report_tests_every_pair_and_words_the_note_by_its_p_value() {
    let committed = files(Path::new("reports/seeds"));
    let index = String::from_utf8(committed["index.html"].clone()).unwrap();
    let tests = section(&index, "tests");
    // Four outlets with side-tagged hits: six pairs, the one whose hits all favor one side
    // (seeds 001 and 004, [[7, 0], [2, 0]]) among them, so Holm adjusts over six
    // (statsmodels multipletests(..., method="holm"): 0.0083 → 0.050, not 0.042 over five).
    assert_eq!(tests.matches("<tr><td><bdi>").count(), 6, "{tests}");
    assert!(
        tests.contains(
            "<td>none needed: every hit favors one side</td><td class=\"num\">1.000</td>"
        )
    );
    assert!(tests.contains("<td class=\"num\">0.008</td><td class=\"num\">0.050</td>"));
    // The note prints p as the detailed line does and, p being small, says the outlets differ.
    assert!(
        tests.contains(
            "yet the outlets differ significantly: Monte Carlo permutation test, p = 0.008"
        )
    );
    assert!(!tests.contains("no evidence that the outlets agree"));
    assert!(!tests.contains("0.000"), "a p-value printed as 0.000");
}

/// With more than two sides a lean between the first two hides the third: the pages show every
/// side's own-voice share with its Dirichlet(counts + ½) interval and n instead. (Two-side
/// reports are unchanged: `the_committed_seeds_report_is_current`.)
#[test]
fn more_than_two_sides_show_every_sides_share_never_a_lean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("three");
    report(
        &[
            "tests/fixtures/report/three-sides.jsonl",
            "--no-default-lexicons",
            "--lexicon",
            "tests/fixtures/report/three-sides.en.toml",
        ],
        &out,
    );
    let page = |name: &str| fs::read_to_string(out.join(name)).unwrap();
    let index = page("index.html");
    // Marginal Beta(c + ½, N − c + 1) quantiles 0.025 and 0.975 (scipy.stats.beta.ppf):
    // four: red 5 of 20 → 0.0997–0.4548, blue 10 of 20 → 0.2851–0.6937; one: red 12 of 16 →
    // 0.4889–0.8935, green 3 → 0.0540–0.4102, blue 1 → 0.0066–0.2501; three: 1 of 3 →
    // 0.0328–0.7674, too thin.
    let shares = section(&index, "lean");
    for row in [
        "<bdi>four</bdi></th><td class=\"num\">25% [10–45%]</td><td class=\"num\">25% [10–45%]</td><td class=\"num\">50% [29–69%]</td><td class=\"num\">20</td>",
        "<bdi>one</bdi></th><td class=\"num\">75% [49–89%]</td><td class=\"num\">19% [5–41%]</td><td class=\"num\">6% [1–25%]</td><td class=\"num\">16</td>",
        "<bdi>three</bdi></th><td class=\"num\">33% [3–77%]</td><td class=\"num\">33% [3–77%]</td><td class=\"num\">33% [3–77%]</td><td class=\"num\">3 (too thin)</td>",
    ] {
        assert!(shares.contains(row), "{row}\n{shares}");
    }
    let four = "Red side 25% [10–45%], Green side 25% [10–45%], Blue side 50% [29–69%]; n = 20";
    assert!(section(&index, "outlets").contains(four));
    assert!(section(&index, "voices").contains(four));
    assert!(
        page("outlets/four.html")
            .contains(&format!("<dt>Own-voice shares by side</dt><dd>{four}</dd>"))
    );
    assert!(
        page("articles/four-1.html")
            .contains("in its own voice by side: Red side 3, Green side 2, Blue side 6")
    );
    // No lean between red and green anywhere: four's would be 0.00 [−0.55 to +0.55], n = 10.
    for (name, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        if name.ends_with(".html") {
            for lean in [
                "lean-chart",
                "Lean difference",
                "Own-voice lean",
                "−0.55 to +0.55",
            ] {
                assert!(!text.contains(lean), "{name} shows {lean}");
            }
        }
    }
    // The data: shares in every voice that has side-tagged hits, and in outlets.csv.
    let json: serde_json::Value = serde_json::from_str(&page("report.json")).unwrap();
    let four = &json["outlets"][0];
    assert_eq!(four["name"], "four");
    assert_eq!(four["voices"]["own"]["side_shares"], four["side_shares"]);
    assert_eq!(four["side_shares"][2]["estimate"], 0.5);
    assert!(four["voices"]["quoted"].get("side_shares").is_none());
    let csv = page("outlets.csv");
    assert!(csv.lines().next().unwrap().ends_with(
        "share_red,share_red_low,share_red_high,share_green,share_green_low,share_green_high,\
         share_blue,share_blue_low,share_blue_high"
    ));
}

/// A bootstrap interval from fewer than 5 articles is not shown as if it were honest: like the
/// one-article case, only the number of articles, with a note saying why.
#[test]
fn bootstrap_intervals_from_few_articles_are_marked_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let mut lines = String::new();
    // (outlet, articles): 3 are too few, 5 are enough.
    for (outlet, articles) in [("few", 3), ("enough", 5)] {
        for i in 0..articles {
            let hits = vec!["the regime"; i + 1].join(", then ");
            let record = serde_json::json!({
                "id": format!("{outlet}-{i}"),
                "outlet": outlet,
                "language": "en",
                "text": format!("Report {outlet} {i}\n\nThey wrote of {hits} and a terrorist."),
            });
            lines.push_str(&format!("{record}\n"));
        }
    }
    fs::write(&corpus, lines).unwrap();
    let out = dir.path().join("report");
    report(
        &[
            corpus.to_str().unwrap(),
            "--no-default-lexicons",
            "--lexicon",
            "tests/fixtures/discover/planted.en.toml",
        ],
        &out,
    );
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let outlets = section(&index, "outlets");
    assert!(outlets.contains("From fewer than 5 articles the brackets show only how many"));
    let row = |name: &str| {
        let start = outlets.find(&format!("<bdi>{name}</bdi>")).unwrap();
        &outlets[start..start + outlets[start..].find("</tr>").unwrap()]
    };
    assert!(
        row("few").contains("<span class=\"boot\">[3 articles]</span>"),
        "{}",
        row("few")
    );
    assert!(!row("enough").contains("articles]"), "{}", row("enough"));
    let few = fs::read_to_string(out.join("outlets/few.html")).unwrap();
    assert!(few.contains("resampling articles: 3 articles</dd>"));
    assert!(few.contains("<p class=\"note\">Intervals from resampling articles need at least 5 articles; this outlet has 3"));
    let enough = fs::read_to_string(out.join("outlets/enough.html")).unwrap();
    assert!(!enough.contains("Intervals from resampling articles need"));
    // The intervals stay in the data, with the threshold.
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["methods"]["bootstrap_few_below"], 5);
    assert!(json["outlets"][1]["rate_bootstrap"]["low"].is_number());
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

/// Everything under a folder, hidden files and empty folders included: (path, content), a
/// folder as `name/` with no content.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .display()
            .to_string();
        if entry.file_type().is_dir() {
            out.insert(format!("{name}/"), Vec::new());
        } else {
            out.insert(name, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// A working folder with a one-article corpus, `basic.jsonl`, and `framelens` run in it.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("basic.jsonl"),
        "{\"id\": \"a1\", \"outlet\": \"x\", \"text\": \"The mercenaries came.\"}\n",
    )
    .unwrap();
    dir
}

fn framelens_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = framelens();
    cmd.current_dir(dir);
    cmd
}

/// A refused run: (what is there first: path → content, the arguments after `report`, the
/// subfolder it runs in, the message).
type Refused<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a str, &'a str);

/// Each case exits 2 with its message, prints nothing on stdout, and leaves the disk as it was.
fn assert_refused(cases: &[Refused]) {
    for &(files, args, subfolder, message) in cases {
        let dir = workdir();
        for (name, content) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, content).unwrap();
        }
        let before = tree(dir.path());
        framelens_in(&dir.path().join(subfolder))
            .arg("report")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("framelens: {message}\n"));
        assert_eq!(tree(dir.path()), before, "{args:?} changed the disk");
    }
}

#[test]
fn a_report_never_replaces_what_it_did_not_write() {
    let cases: &[Refused] = &[
        (
            &[("userdir/thesis.docx", "precious\n")],
            &["basic.jsonl", "--out", "userdir"],
            "",
            "will not write the report to userdir: it is a folder framelens did not write (no \
             framelens report.json in it), and replacing it would delete thesis.docx; give a new \
             or empty folder with --out",
        ),
        (
            &[("corpcopy/a.txt", "The mercenaries came.\n")],
            &["corpcopy", "--out", "corpcopy"],
            "",
            "will not write the report to corpcopy: it is the input corpcopy, which the report \
             would replace; give a folder outside the inputs with --out",
        ),
        (
            &[("f.txt", "{\"x\":1}\n")],
            &["basic.jsonl", "--out", "f.txt"],
            "",
            "will not write the report to f.txt: it is a file, not a folder; give a new or empty \
             folder with --out",
        ),
        (
            &[("f.txt", "{\"x\":1}\n")],
            &["basic.jsonl", "--out", "f.txt/report"],
            "",
            "will not write the report to f.txt/report: f.txt is a file, not a folder; give a new \
             or empty folder with --out",
        ),
        (
            &[("corpus/a.txt", "The mercenaries came.\n")],
            &["."],
            "corpus",
            "will not write the report to reports/corpus: it lies inside the input folder ., so a \
             later run over that folder would read the report as articles; give a folder outside \
             the inputs with --out (the default, reports/corpus, is relative to the current \
             folder)",
        ),
        (
            &[("corpus/a.txt", "The mercenaries came.\n")],
            &["corpus", "--out", "corpus/report"],
            "",
            "will not write the report to corpus/report: it lies inside the input folder corpus, \
             so a later run over that folder would read the report as articles; give a folder \
             outside the inputs with --out",
        ),
        (
            &[],
            &["basic.jsonl", "--out", "."],
            "",
            "will not write the report to .: it holds the input basic.jsonl, which replacing it \
             would delete; give a folder outside the inputs with --out",
        ),
        (
            &[("report.json", "{\"schema\": \"framelens-report/1\"}\n")],
            &["--from-aggregate", "report.json", "--out", "report.json"],
            "",
            "will not write the report to report.json: it is the input report.json, which the \
             report would replace; give a folder outside the inputs with --out",
        ),
    ];
    assert_refused(cases);
}

#[test]
fn a_previous_report_is_replaced_whole() {
    let dir = workdir();
    let run = |args: &[&str]| {
        framelens_in(dir.path())
            .args(["report", "basic.jsonl", "--out", "reports/basic"])
            .args(args)
            .assert()
            .success()
            .stdout("reports/basic/index.html\n");
    };
    run(&["--articles", "all", "--title", "First"]);
    assert!(dir.path().join("reports/basic/articles/a1.html").is_file());
    // A file manager's litter does not make it something else.
    fs::write(dir.path().join("reports/basic/.DS_Store"), "").unwrap();
    run(&["--articles", "none", "--title", "Second"]);
    let report = tree(&dir.path().join("reports/basic"));
    assert!(!report.keys().any(|k| k.starts_with("articles/")));
    assert!(!report.contains_key(".DS_Store"));
    assert!(String::from_utf8_lossy(&report["index.html"]).contains("Second"));
    // Nothing left beside it.
    let beside: Vec<String> = tree(dir.path())
        .into_keys()
        .filter(|k| !k.starts_with("reports/basic/") || k == "reports/basic/")
        .collect();
    assert_eq!(beside, ["basic.jsonl", "reports/", "reports/basic/"]);
}

#[test]
fn a_file_added_to_a_report_is_not_deleted() {
    let dir = workdir();
    framelens_in(dir.path())
        .args(["report", "basic.jsonl", "--out", "report"])
        .assert()
        .success();
    fs::write(dir.path().join("report/events/notes.txt"), "mine\n").unwrap();
    let before = tree(dir.path());
    framelens_in(dir.path())
        .args(["report", "basic.jsonl", "--out", "report"])
        .assert()
        .code(2)
        .stderr(
            "framelens: will not write the report to report: it holds events/notes.txt, which is \
             not part of the framelens report there, and replacing the report would delete it; \
             move it out, or give another folder with --out\n",
        );
    assert_eq!(tree(dir.path()), before);
}

/// A write that fails after the work leaves nothing behind, and names the cause once.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_changes_nothing_and_names_its_cause_once() {
    let dir = workdir();
    // Too long a name for the folder written beside the target (`.<name>.tmp-…`) and for the
    // missing parent's contents: the run gets as far as writing, then fails.
    let out = format!("new/{}", "r".repeat(250));
    let before = tree(dir.path());
    framelens_in(dir.path())
        .args(["report", "basic.jsonl", "--out", &out])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "framelens: cannot write the report to {out}: File name too long (os error 36)\n"
        ));
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn a_templates_folder_is_what_it_claims_to_be() {
    let cases: &[Refused] = &[
        (
            &[],
            &["basic.jsonl", "--templates", "nonexist"],
            "",
            "templates folder nonexist: no such folder",
        ),
        (
            &[],
            &["basic.jsonl", "--templates", "basic.jsonl"],
            "",
            "templates folder basic.jsonl: not a folder",
        ),
        // A misspelt name would leave the bundled template in use without a word.
        (
            &[
                ("theme/Index.html", "mine"),
                ("theme/notes.txt", "mine"),
                ("theme/.DS_Store", ""),
            ],
            &["basic.jsonl", "--templates", "theme"],
            "",
            "templates folder theme has files framelens does not use: Index.html (did you mean \
             index.html? names are case-sensitive), notes.txt; it may hold only base.html, \
             index.html, event.html, outlet.html, article.html, glossary.html, \
             methodology.html, style.css, script.js (hidden files are ignored)",
        ),
        // A broken template is named by its path, not by the bundled name.
        (
            &[("theme/index.html", "{% if %}")],
            &["basic.jsonl", "--templates", "theme"],
            "",
            "template theme/index.html: Failed to parse 'index.html':  --> 1:7\n  |\n1 | {% if \
             %}\n  |       ^---\n  |\n  = expected a value that can be negated",
        ),
        (
            &[("theme/outlet.html", "{{ nope }}")],
            &["basic.jsonl", "--templates", "theme"],
            "",
            "template theme/outlet.html: Failed to render 'outlet.html': Variable `nope` not \
             found in context while rendering 'outlet.html'",
        ),
        (
            &[("theme/index.html", "{% extends \"Base.html\" %}")],
            &["basic.jsonl", "--templates", "theme"],
            "",
            "template theme/index.html: Template 'index.html' is inheriting from 'Base.html', \
             which doesn't exist or isn't loaded.",
        ),
    ];
    assert_refused(cases);
    // A folder of overrides and hidden files is used as it is.
    let dir = workdir();
    fs::create_dir(dir.path().join("theme")).unwrap();
    fs::write(dir.path().join("theme/style.css"), "body { color: teal }\n").unwrap();
    fs::write(dir.path().join("theme/.DS_Store"), "").unwrap();
    framelens_in(dir.path())
        .args([
            "report",
            "basic.jsonl",
            "--templates",
            "theme",
            "--out",
            "r",
        ])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("r/style.css")).unwrap(),
        "body { color: teal }\n"
    );
}

#[test]
fn a_report_from_an_aggregate_refuses_what_it_would_ignore() {
    let dir = workdir();
    framelens_in(dir.path())
        .args(["score", "basic.jsonl", "--aggregate", "basic.agg.json"])
        .assert()
        .code(0);
    let why = "cannot be used with --from-aggregate: the aggregate carries the lexicons, events \
               and counts it was scored with, and no article texts; score the corpus again to \
               change them";
    let cases: &[(&[&str], &str)] = &[
        (&["basic.jsonl"], "INPUT"),
        (&["--lexicon", "lexicon.toml"], "--lexicon"),
        (&["--no-default-lexicons"], "--no-default-lexicons"),
        (&["--exclude-lexicon", "loaded.en"], "--exclude-lexicon"),
        (&["--window", "3"], "--window"),
        (&["--threshold", "0.2"], "--threshold"),
        (&["--articles", "all"], "--articles"),
        (
            &["--field", "text=body", "--no-clean", "--strict"],
            "--field, --no-clean, --strict",
        ),
        (
            &[
                "--lexicon",
                "lexicon.toml",
                "--window",
                "3",
                "--threshold",
                "0.2",
            ],
            "--lexicon, --window, --threshold",
        ),
    ];
    let before = tree(dir.path());
    for (args, named) in cases {
        framelens_in(dir.path())
            .args(["report", "--from-aggregate", "basic.agg.json", "--out", "r"])
            .args(*args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("framelens: {named} {why}\n"));
        assert_eq!(tree(dir.path()), before, "{args:?} changed the disk");
    }
    // What a report from an aggregate does use is still allowed.
    framelens_in(dir.path())
        .args(["report", "--from-aggregate", "basic.agg.json", "--out", "r"])
        .args(["--title", "T", "--threads", "1"])
        .assert()
        .code(0);
}

/// Every page and every link of a report whose ids and outlets differ only in case: no two
/// pages of a folder have names equal ignoring case (one file on macOS and Windows), and every
/// link between pages leads to one of them.
#[test]
fn page_names_are_unique_ignoring_case_and_links_follow_them() {
    let dir = workdir();
    fs::write(
        dir.path().join("case.jsonl"),
        [
            r#"{"id": "A", "outlet": "O", "text": "The mercenaries came."}"#,
            r#"{"id": "a", "outlet": "o", "text": "The mercenaries left."}"#,
            r#"{"id": "b", "outlet": "O", "text": "The mercenaries stayed."}"#,
            r#"{"id": "CON", "outlet": "o", "text": "The mercenaries returned."}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    framelens_in(dir.path())
        .args(["report", "case.jsonl", "--out", "r"])
        .assert()
        .code(0);
    let out = dir.path().join("r");
    let pages: Vec<String> = files(&out)
        .into_keys()
        .filter(|name| name.ends_with(".html"))
        .collect();
    let hash = |id: &str| framelens::score::sha256_hex(id.as_bytes())[..10].to_string();
    let mut expected = vec![
        "articles/A.html".to_string(),
        format!("articles/a-{}.html", hash("a")),
        "articles/b.html".to_string(),
        format!("articles/con-{}.html", hash("CON")),
        "events/auto-undated-A.html".to_string(),
        format!("events/auto-undated-a-{}.html", hash("auto-undated-a")),
        "events/auto-undated-CON.html".to_string(),
        "events/auto-undated-b.html".to_string(),
        "glossary.html".to_string(),
        "index.html".to_string(),
        "methodology.html".to_string(),
        "outlets/O.html".to_string(),
        format!("outlets/o-{}.html", hash("o")),
    ];
    expected.sort();
    let mut sorted = pages.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    let link = regex::Regex::new(r##"href="([^"#:]+)(#[^"]*)?""##).unwrap();
    let mut followed = 0;
    for page in &pages {
        // Tera escapes `/` in attribute values.
        let html = fs::read_to_string(out.join(page))
            .unwrap()
            .replace("&#x2F;", "/");
        let folder = Path::new(page).parent().unwrap();
        for found in link.captures_iter(&html) {
            let target = &found[1];
            let path = out.join(folder).join(target);
            assert!(
                path.is_file(),
                "{page} links to {target}, which is not there"
            );
            followed += 1;
        }
    }
    assert!(followed > 20, "only {followed} links followed");
    // Each article page links to its own outlet's page.
    let article = fs::read_to_string(out.join(format!("articles/a-{}.html", hash("a")))).unwrap();
    assert!(article.contains(&format!("outlets&#x2F;o-{}.html", hash("o"))));
}

/// An event without a title of its own is named after one article's headline: the page says
/// whose words those are, and `report.json` which article; a titled event says nothing.
#[test]
fn an_event_named_after_a_headline_says_whose_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let records = [
        (
            "a1",
            "north",
            "قصفت القوات الأذربيجانية ستيباناكيرت اليوم.",
            "e1",
        ),
        (
            "a2",
            "south",
            "حررت القوات الأذربيجانية مدينة شوشا اليوم.",
            "e1",
        ),
    ];
    let lines: String = records
        .iter()
        .map(|(id, outlet, text, event)| {
            format!(
                "{}\n",
                serde_json::json!({
                    "id": id, "outlet": outlet, "date": "2020-11-01", "event": event,
                    "title": text, "text": format!("{text}\nوقال مسؤول إن المرتزقة دخلوا المدينة.")
                })
            )
        })
        .collect();
    fs::write(&corpus, lines).unwrap();
    let out = dir.path().join("report");
    report(&[corpus.to_str().unwrap()], &out);
    let figures: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let event = &figures["events"][0];
    assert_eq!(
        (event["title"].as_str(), event["headline_of"].as_str()),
        (
            Some("قصفت القوات الأذربيجانية ستيباناكيرت اليوم."),
            Some("a1")
        )
    );
    let page = fs::read_to_string(out.join("events/e1.html")).unwrap();
    assert!(
        page.contains(
            "<p class=\"meta title-note\">The event has no title of its own: this is the \
             headline of an article by north, in that outlet&#x27;s words, not the \
             report&#x27;s.</p>"
        ),
        "{page}"
    );
    // The seeds' events are titled in their manifest: no note, no `headline_of`.
    let seeds = fs::read_to_string("reports/seeds/report.json").unwrap();
    assert!(!seeds.contains("headline_of"));
    for entry in fs::read_dir("reports/seeds/events").unwrap() {
        let page = fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!page.contains("title-note"));
    }
}

//! Scoring: records in a stable order whatever the threads, shards that merge into exactly the
//! aggregate of the whole, and the figures on the seeds.

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use framelens::corpus::{Corpus, ReadOptions};
use framelens::lexicon::LexiconSet;
use framelens::matcher::Matcher;
use framelens::score::{Aggregate, ScoreOptions, Scorer, figures};
use framelens::stats;
use framelens::text::Voice;
use serde_json::Value;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// The seeds as JSON Lines files of one record each (with their manifest's metadata).
fn seed_files(dir: &Path) -> Vec<String> {
    let corpus = Corpus::read(&ReadOptions::default());
    corpus
        .articles
        .iter()
        .map(|a| {
            let record = serde_json::json!({
                "id": a.id,
                "outlet": a.outlet,
                "date": a.date.map(|d| d.to_string()),
                "event": a.event,
                "title": a.title,
                "text": a.original_text(),
            });
            let path = dir.join(format!("{}.jsonl", a.id));
            fs::write(&path, format!("{record}\n")).unwrap();
            path.display().to_string()
        })
        .collect()
}

#[test]
fn shards_merge_into_exactly_the_aggregate_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let files = seed_files(dir.path());
    let whole = dir.path().join("whole.agg.json");
    framelens()
        .arg("score")
        .args(&files)
        .arg("--aggregate")
        .arg(&whole)
        .assert()
        .success();
    // Three shards, as GNU parallel would run them.
    let shards: [&[String]; 3] = [&files[..2], &files[2..3], &files[3..]];
    let mut parts = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        let part = dir.path().join(format!("part-{i}.agg.json"));
        framelens()
            .arg("score")
            .args(*shard)
            .arg("--aggregate")
            .arg(&part)
            .assert()
            .success();
        parts.push(part);
    }
    // Merged in two different orders: byte for byte the whole.
    for order in [[0, 1, 2], [2, 0, 1]] {
        let merged = dir
            .path()
            .join(format!("merged-{}{}{}.json", order[0], order[1], order[2]));
        framelens()
            .arg("merge")
            .args(order.iter().map(|&i| &parts[i]))
            .arg("-o")
            .arg(&merged)
            .assert()
            .success()
            .stdout("");
        assert!(
            fs::read(&merged).unwrap() == fs::read(&whole).unwrap(),
            "merging in order {order:?} differs from scoring the whole"
        );
    }
    let whole = Aggregate::read(&whole).unwrap();
    assert_eq!((whole.articles.len(), whole.inputs.len()), (5, 5));
    // The same part twice is refused: its inputs would count twice.
    let part = parts[0].display().to_string();
    framelens()
        .arg("merge")
        .arg(&parts[0])
        .arg(&parts[0])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(format!(
            "framelens: cannot merge: {part} read {} and {part} read {}, the same ",
            files[0], files[0]
        )));
}

/// Leans such as 1/11 are written with 17 significant digits (`0.09090909090909091`); serde_json
/// without its `float_roundtrip` feature read that back one step off (`0.09090909090909093`), so
/// a merge of shards wrote other bytes than scoring the whole. Shards whose articles lean by
/// elevenths merge into the whole byte for byte, and an aggregate written, read and written
/// again is the same file.
#[test]
fn leans_survive_an_aggregate_written_read_and_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = "tests/fixtures/discover/planted.en.toml";
    // (article, hits favoring the rebels, hits favoring the state): leans (a − b)/(a + b) of
    // 1/11, −1/11, −5/11, 7/11 and 3/7.
    let articles = [
        ("a", 6, 5),
        ("b", 5, 6),
        ("c", 3, 8),
        ("d", 9, 2),
        ("e", 5, 2),
    ];
    let mut files = Vec::new();
    for (id, rebels, state) in articles {
        let words: Vec<&str> = std::iter::repeat_n("the regime", rebels)
            .chain(std::iter::repeat_n("a terrorist", state))
            .collect();
        let record = serde_json::json!({
            "id": id,
            "outlet": "north",
            "language": "en",
            "text": format!("Report {id}\n\nThey wrote of {}.", words.join(", then ")),
        });
        let path = dir.path().join(format!("{id}.jsonl"));
        fs::write(&path, format!("{record}\n")).unwrap();
        files.push(path.display().to_string());
    }
    let score = |inputs: &[String], aggregate: &Path| {
        framelens()
            .args(["score", "--no-default-lexicons", "--lexicon", lexicon])
            .args(inputs)
            .arg("--aggregate")
            .arg(aggregate)
            .arg("-o")
            .arg(dir.path().join("records.jsonl"))
            .assert()
            .success();
    };
    let whole = dir.path().join("whole.agg.json");
    score(&files, &whole);
    let parsed = Aggregate::read(&whole).unwrap();
    let leans: Vec<Option<f64>> = parsed.articles.iter().map(|a| a.lean).collect();
    assert_eq!(
        leans,
        [1.0 / 11.0, -1.0 / 11.0, -5.0 / 11.0, 7.0 / 11.0, 3.0 / 7.0].map(Some)
    );
    let bytes = fs::read(&whole).unwrap();
    assert!(
        String::from_utf8_lossy(&bytes).contains("\"lean\":0.09090909090909091,"),
        "1/11 is written in 17 digits"
    );
    // Written, read and written again: the same bytes.
    let mut again = Vec::new();
    parsed.write_to(&mut again).unwrap();
    assert!(again == bytes, "an aggregate read back writes other bytes");
    // Shards merged: the whole, byte for byte.
    let parts = ["part-0.agg.json", "part-1.agg.json", "part-2.agg.json"];
    for (part, shard) in parts.iter().zip([&files[..2], &files[2..3], &files[3..]]) {
        score(shard, &dir.path().join(part));
    }
    assert_eq!(merge(dir.path(), &parts).0, Some(0));
    assert!(
        fs::read(dir.path().join("merged.json")).unwrap() == bytes,
        "merging shards differs from scoring the whole"
    );
}

#[test]
fn records_come_out_in_input_order_whatever_the_threads() {
    let run = |threads: &str| {
        let output = framelens()
            .args([
                "score",
                "seeds",
                "tests/fixtures/corpus/saudinewsnet.json",
                "--threads",
                threads,
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    let ids: Vec<String> = one
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        &ids[..5],
        [
            "000_5d4b8b73bcb36329",
            "001_38c028186f790bcf",
            "002_0b453c8b0ae0108c",
            "003_f3f23a5f4c908b16",
            "004_5db8549f8bdebb44"
        ]
    );
    assert!(ids.len() > 5);
}

#[test]
fn csv_records_load_as_a_table() {
    let output = framelens()
        .args(["score", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "source",
            "line",
            "outlet",
            "date",
            "event",
            "language",
            "title",
            "words",
            "dropped_lines",
            "hits",
            "own",
            "quoted",
            "reported",
            "own_armenia",
            "own_azerbaijan",
            "own_no_side",
            "lean"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    // Seed 001: seven own-voice terms, all favoring the Armenian side.
    assert_eq!(&rows[1][0], "001_38c028186f790bcf");
    assert_eq!((&rows[1][14], &rows[1][15], &rows[1][17]), ("7", "0", "1"));
}

#[test]
fn figures_on_the_seeds() {
    let set = LexiconSet::bundled().unwrap();
    let matcher = Matcher::new(&set).unwrap();
    let corpus = Corpus::read(&ReadOptions::default());
    let aggregate = Scorer::new(&set, &matcher).score_articles(
        &corpus.articles,
        &ScoreOptions {
            aggregate: true,
            ..ScoreOptions::default()
        },
    );
    let figures = figures::compute(&aggregate, &set, &matcher);
    assert_eq!(figures.corpus.articles, 5);
    assert_eq!(figures.corpus.outlets, 5);
    let outlet = |id: &str| {
        figures
            .outlets
            .iter()
            .find(|o| o.outlet.as_deref() == Some(id))
            .unwrap()
    };
    // (outlet, own-voice hits toward armenia, toward azerbaijan, lean, too thin)
    let cases = [
        ("unnamed-000", 4, 1, 0.6, false),
        ("unnamed-001", 7, 0, 1.0, false),
        ("unnamed-afp", 0, 3, -1.0, true),
        ("unnamed-ap", 2, 0, 1.0, true),
    ];
    for (id, a, b, lean, thin) in cases {
        let o = outlet(id);
        let own = &o.voices[&Voice::Own].by_side;
        let count = |side: &str| own.get(side).copied().unwrap_or(0);
        assert_eq!((count("armenia"), count("azerbaijan")), (a, b), "{id}");
        let got = o.lean.expect("a lean");
        assert_eq!(got, stats::jeffreys_lean(a, b).unwrap(), "{id}");
        assert!((got.lean.estimate - lean).abs() < 1e-12, "{id}");
        assert_eq!(got.too_thin, thin, "{id}");
    }
    // The Ansar Allah website's only loaded term is reported speech: no own-voice lean.
    assert!(outlet("ansar-allah").lean.is_none());
    // Seed 001: 11 loaded terms in 381 words, exact Poisson interval.
    let o = outlet("unnamed-001");
    assert_eq!((o.hits, o.words), (11, 381));
    assert_eq!(o.rate, stats::poisson_rate(11, 381, 1000.0));
    assert!((o.rate.unwrap().estimate - 28.871_391).abs() < 1e-6);
    // Sides: four outlets with side-tagged own-voice terms; the test says what it used.
    assert_eq!(figures.tests.table.len(), 4);
    let overall = figures.tests.overall.as_ref().expect("a test");
    assert!(!overall.reason.is_empty());
    // Every pair of the four is tested and Holm-adjusted as one family of six, even seeds 001 and
    // 004, whose hits all favor the Armenian side ([[7, 0], [2, 0]]): they cannot differ, p = 1
    // (scipy.stats.fisher_exact and R's fisher.test both give 1). Raw p-values from
    // scipy.stats.fisher_exact, adjusted with statsmodels multipletests(p, method="holm").
    // (a, b, p, p Holm)
    let pairs = [
        ("000", "001", 0.4166666666666667, 1.0),
        ("000", "afp", 0.14285714285714288, 0.5714285714285715),
        ("000", "ap", 1.0, 1.0),
        ("001", "afp", 0.008333333333333333, 0.05),
        ("001", "ap", 1.0, 1.0),
        ("afp", "ap", 0.10000000000000002, 0.5000000000000001),
    ];
    assert_eq!(figures.tests.pairwise.len(), pairs.len());
    for (pair, (a, b, p, holm)) in figures.tests.pairwise.iter().zip(pairs) {
        let (a_name, b_name) = (format!("unnamed-{a}"), format!("unnamed-{b}"));
        assert_eq!((&pair.a, &pair.b), (&a_name, &b_name));
        assert!(
            (pair.test.p_value - p).abs() < 1e-12,
            "{a}/{b}: {}",
            pair.test.p_value
        );
        assert!(
            (pair.p_holm - holm).abs() < 1e-12,
            "{a}/{b}: {}",
            pair.p_holm
        );
    }
    let one_sided = &figures.tests.pairwise[4];
    assert_eq!(one_sided.test.method, stats::Method::OneColumn);
    assert!(
        one_sided
            .test
            .reason
            .starts_with("every count is in one column")
    );
    // The note says the difference is significant, though the hits are few (p = 0.0076,
    // a seeded permutation test), and prints p as the detailed line does.
    assert_eq!(
        figures.tests.note,
        "Only 17 side-tagged hits in the outlets' own voice, yet the outlets differ \
         significantly: Monte Carlo permutation test, p = 0.008, Cramér's V = 0.86. A \
         permutation test was used because the hits are few: it draws tables with the observed \
         totals instead of trusting the large-sample χ² approximation."
    );
    // Contested names: Shushi in 001's own voice, Shusha in 003's.
    let shusha = figures
        .choices
        .iter()
        .find(|c| c.choice == "karabakh.ar/shusha-name")
        .unwrap();
    let uses = |id: &str| {
        shusha
            .outlets
            .iter()
            .find(|u| u.outlet.as_deref() == Some(id))
            .unwrap()
            .counts
            .clone()
    };
    assert_eq!(uses("unnamed-001"), [1, 0]);
    assert_eq!(uses("unnamed-afp"), [0, 1]);
}

/// An output that would overwrite an input, or the other output, or that lies in no folder, is
/// refused before any work: exit 2, the message, and nothing on disk changed or written.
#[test]
fn outputs_that_would_destroy_inputs_are_refused_before_scoring() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let record = "{\"id\": \"a\", \"text\": \"قال إن المرتزقة دخلوا شوشا.\"}\n";
    fs::write(&corpus, record).unwrap();
    fs::create_dir(dir.path().join("folder")).unwrap();
    fs::write(dir.path().join("folder/b.txt"), "The mercenaries came.").unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["corpus.jsonl", "-o", "corpus.jsonl"],
            "corpus.jsonl is an input of this run: writing it would destroy the input; write \
             elsewhere",
        ),
        (
            &["corpus.jsonl", "--aggregate", "./corpus.jsonl"],
            "./corpus.jsonl is an input of this run: writing it would destroy the input; write \
             elsewhere",
        ),
        (
            &["folder", "-o", "folder/b.txt"],
            "folder/b.txt is in an input folder of this run: writing it would destroy the \
             input; write elsewhere",
        ),
        (
            &[
                "corpus.jsonl",
                "-o",
                "same.json",
                "--aggregate",
                "same.json",
            ],
            "-o and --aggregate are both same.json; give them different files",
        ),
        (
            &[
                "corpus.jsonl",
                "-o",
                "records.jsonl",
                "--aggregate",
                "nodir/agg.json",
            ],
            "cannot write nodir/agg.json: there is no folder nodir",
        ),
    ];
    for (args, message) in cases {
        let out = framelens()
            .current_dir(dir.path())
            .arg("score")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("framelens: {message}\n"),
            "{args:?}"
        );
    }
    assert_eq!(fs::read_to_string(&corpus).unwrap(), record);
    assert_eq!(
        fs::read_to_string(dir.path().join("folder/b.txt")).unwrap(),
        "The mercenaries came."
    );
    let mut left: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["corpus.jsonl", "folder"]);
    // A device takes both outputs.
    framelens()
        .current_dir(dir.path())
        .args([
            "score",
            "corpus.jsonl",
            "-o",
            "/dev/null",
            "--aggregate",
            "/dev/null",
        ])
        .assert()
        .code(0);
}

/// With no lexicon at all every count would be zero: a mistake, said before any work.
#[test]
fn no_lexicon_at_all_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    framelens()
        .current_dir(dir.path())
        .args(["score", "--lexicon", "empty"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("framelens: empty: no lexicon files (*.toml) in this folder\n");
    let cases: [(&[&str], &str); 2] = [
        (
            &["--no-default-lexicons"],
            "--no-default-lexicons leaves out the bundled ones and no --lexicon is given",
        ),
        (
            &[
                "--exclude-lexicon",
                "karabakh.ar",
                "--exclude-lexicon",
                "karabakh.en",
                "--exclude-lexicon",
                "loaded.ar",
                "--exclude-lexicon",
                "loaded.en",
                "--exclude-lexicon",
                "attribution.ar",
                "--exclude-lexicon",
                "attribution.en",
            ],
            "--exclude-lexicon leaves out every lexicon loaded",
        ),
    ];
    for (args, why) in cases {
        framelens()
            .current_dir(dir.path())
            .arg("score")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "framelens: no lexicon to match: {why}; give a lexicon file or a folder of .toml \
                 lexicons with --lexicon, or leave the bundled ones in\n"
            ));
    }
}

/// `--threads` takes 1 to 1024: 0 and a typo's 100000 are usage mistakes, said at once.
#[test]
fn threads_out_of_range_are_refused() {
    for n in ["0", "100000"] {
        framelens()
            .args(["score", "--threads", n])
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "framelens: --threads {n}: give a number of threads from 1 to 1024\n"
            ));
    }
}

/// Scores `args` in `dir` into the aggregate `part` (a name in `dir`).
fn score_part(dir: &Path, part: &str, args: &[&str]) {
    framelens()
        .current_dir(dir)
        .arg("score")
        .args(args)
        .args(["-o", "/dev/null", "--aggregate", part])
        .assert()
        .code(0);
}

/// Merges `parts` in `dir`: exit code and stderr.
fn merge(dir: &Path, parts: &[&str]) -> (Option<i32>, String) {
    let out = framelens()
        .current_dir(dir)
        .arg("merge")
        .args(parts)
        .args(["-o", "merged.json"])
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// One file scored under two spellings of its path, or a copy of it, is the same data counted
/// twice: merge refuses it and names both parts and both paths, whichever parts they are.
#[test]
fn merge_refuses_the_same_input_bytes_in_two_parts() {
    let dir = tempfile::tempdir().unwrap();
    let noid = "{\"text\":\"The mercenaries came.\"}\n";
    fs::write(dir.path().join("noid.jsonl"), noid).unwrap();
    fs::write(dir.path().join("copy.jsonl"), noid).unwrap();
    fs::write(
        dir.path().join("other.jsonl"),
        "{\"text\":\"The militants came.\"}\n",
    )
    .unwrap();
    let absolute = dir.path().join("noid.jsonl").display().to_string();
    score_part(dir.path(), "n1.json", &["noid.jsonl"]);
    score_part(dir.path(), "n2.json", &["./noid.jsonl"]);
    score_part(dir.path(), "n3.json", &[&absolute]);
    score_part(dir.path(), "copy.json", &["copy.jsonl"]);
    score_part(dir.path(), "other.json", &["other.jsonl"]);
    let sha = &framelens::score::sha256_hex(noid.as_bytes())[..12];
    let twice = |first: &str, first_path: &str, second: &str, second_path: &str| {
        format!(
            "framelens: cannot merge: {first} read {first_path} and {second} read \
             {second_path}, the same 33 bytes (SHA-256 {sha}…); merging would count them twice\n"
        )
    };
    let cases: [(&[&str], String); 4] = [
        (
            &["n1.json", "n2.json", "n3.json"],
            twice("n1.json", "noid.jsonl", "n2.json", "./noid.jsonl"),
        ),
        (
            &["n3.json", "n1.json"],
            twice("n3.json", &absolute, "n1.json", "noid.jsonl"),
        ),
        // Named after the parts that read it, not the first part.
        (
            &["other.json", "n2.json", "copy.json"],
            twice("n2.json", "./noid.jsonl", "copy.json", "copy.jsonl"),
        ),
        (
            &["copy.json", "other.json", "n1.json"],
            twice("copy.json", "copy.jsonl", "n1.json", "noid.jsonl"),
        ),
    ];
    for (parts, message) in cases {
        assert_eq!(merge(dir.path(), parts), (Some(2), message), "{parts:?}");
        assert!(!dir.path().join("merged.json").exists(), "{parts:?}");
    }
    assert_eq!(
        merge(dir.path(), &["n1.json", "other.json"]),
        (Some(0), String::new())
    );

    // Shard folders with copies of one manifest: it holds no articles, and what it describes
    // is compared (outlets and events must agree).
    for (folder, text) in [
        ("wire-a", "The mercenaries came."),
        ("wire-b", "The militants came."),
    ] {
        fs::create_dir(dir.path().join(folder)).unwrap();
        fs::write(
            dir.path().join(folder).join("corpus.toml"),
            "[outlets.wire]\nname = \"Wire\"\n",
        )
        .unwrap();
        fs::write(dir.path().join(folder).join(format!("{folder}.txt")), text).unwrap();
        score_part(dir.path(), &format!("{folder}.json"), &[folder]);
    }
    assert_eq!(
        merge(dir.path(), &["wire-a.json", "wire-b.json"]),
        (Some(0), String::new())
    );
    let merged = Aggregate::read(&dir.path().join("merged.json")).unwrap();
    assert_eq!((merged.articles.len(), merged.inputs.len()), (2, 4));

    // Empty partitions all read the same nothing: that counts nothing twice.
    for part in ["e1.json", "e2.json"] {
        framelens()
            .current_dir(dir.path())
            .args(["score", "-", "--aggregate", part])
            .write_stdin("")
            .assert()
            .code(0);
    }
    assert_eq!(
        merge(dir.path(), &["e1.json", "e2.json", "n1.json"]),
        (Some(0), String::new())
    );
}

/// Different inputs holding one article id are still refused.
#[test]
fn merge_refuses_one_article_in_two_parts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.jsonl"),
        "{\"id\":\"x\",\"text\":\"The mercenaries came.\"}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("b.jsonl"),
        "{\"id\":\"x\",\"text\":\"The militants came.\"}\n",
    )
    .unwrap();
    score_part(dir.path(), "a.json", &["a.jsonl"]);
    score_part(dir.path(), "b.json", &["b.jsonl"]);
    assert_eq!(
        merge(dir.path(), &["a.json", "b.json"]),
        (
            Some(2),
            "framelens: cannot merge: article `x` is in more than one part (read from a.jsonl and \
             from b.jsonl)\n"
                .into()
        )
    );
}

/// Cleaning and the field names change what is counted: parts that differ in them do not add
/// up, and merge says which setting, in which parts. `--field url=…` changes nothing counted.
#[test]
fn merge_refuses_parts_read_with_other_settings() {
    let dir = tempfile::tempdir().unwrap();
    let files = seed_files(dir.path());
    let (seed_000, seed_001) = (files[0].as_str(), files[1].as_str());
    assert!(seed_000.ends_with("000_5d4b8b73bcb36329.jsonl"));
    score_part(dir.path(), "c1.json", &[seed_000]);
    score_part(dir.path(), "c1-raw.json", &[seed_000, "--no-clean"]);
    // Why: cleaning drops seed 000's furniture, and two loaded terms with it.
    let hits = |part: &str| -> u64 {
        let aggregate = Aggregate::read(&dir.path().join(part)).unwrap();
        aggregate.articles.iter().map(|a| a.counts.hits).sum()
    };
    assert_eq!((hits("c1.json"), hits("c1-raw.json")), (10, 12));

    let cases: [(&[&str], &str); 5] = [
        (
            &["--no-clean"],
            "c1.json was scored with cleaning, c2.json with --no-clean",
        ),
        (
            &["--field", "text=TEXT"],
            "c1.json was scored with the default names for `text` (text, content, body), \
             c2.json with --field text=text",
        ),
        (
            &["--field", "outlet=media"],
            "c1.json was scored with the default names for `outlet` (outlet, source, \
             media_name, domain), c2.json with --field outlet=media",
        ),
        (
            &["--field", "id=uid", "--no-clean"],
            "c1.json was scored with cleaning, c2.json with --no-clean",
        ),
        (
            &["--field", "id=uid"],
            "c1.json was scored with the default name for `id` (id), c2.json with --field \
             id=uid",
        ),
    ];
    for (settings, message) in cases {
        let mut args = vec![seed_001];
        args.extend(settings);
        score_part(dir.path(), "c2.json", &args);
        assert_eq!(
            merge(dir.path(), &["c1.json", "c2.json"]),
            (
                Some(2),
                format!(
                    "framelens: cannot merge: {message}; score every part with the same \
                     settings\n"
                )
            ),
            "{settings:?}"
        );
    }
    // The same settings, spelled in another case or left at their defaults, add up.
    score_part(dir.path(), "c1.json", &[seed_000, "--field", "text=TEXT"]);
    score_part(dir.path(), "c2.json", &[seed_001, "--field", "text=text"]);
    assert_eq!(
        merge(dir.path(), &["c1.json", "c2.json"]),
        (Some(0), String::new())
    );
    score_part(dir.path(), "c1.json", &[seed_000]);
    score_part(dir.path(), "c2.json", &[seed_001, "--field", "url=link"]);
    assert_eq!(
        merge(dir.path(), &["c1.json", "c2.json"]),
        (Some(0), String::new())
    );
    let merged = Aggregate::read(&dir.path().join("merged.json")).unwrap();
    assert_eq!(merged.reading, framelens::score::Reading::default());
    assert_eq!(merged.articles.len(), 2);
}

/// A part that cannot be read is reported once, cause included (the cause used to be printed
/// twice); an aggregate of another version is refused with what to do.
#[test]
fn unreadable_parts_are_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    score_part(dir.path(), "good.json", &[]);
    let good: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("good.json")).unwrap()).unwrap();
    let mut old = good.clone();
    old["schema"] = Value::from("framelens-aggregate/1");
    fs::write(dir.path().join("old.json"), old.to_string()).unwrap();
    fs::write(dir.path().join("broken.json"), "{\"schema\": ").unwrap();
    let mut bad_lexicon = good.clone();
    bad_lexicon["lexicons"][0]["source"] = Value::from("[meta\n");
    let origin = bad_lexicon["lexicons"][0]["origin"]
        .as_str()
        .unwrap()
        .to_string();
    fs::write(dir.path().join("bad-lexicon.json"), bad_lexicon.to_string()).unwrap();
    let cases: [(&[&str], String); 4] = [
        (
            &["merge", "nonexist.json"],
            "cannot read nonexist.json: No such file or directory (os error 2)".into(),
        ),
        (
            &["merge", "good.json", "broken.json"],
            "broken.json:1:11: not a framelens aggregate: EOF while parsing a value".into(),
        ),
        (
            &["report", "--from-aggregate", "old.json", "--out", "report"],
            "old.json: aggregate format `framelens-aggregate/1`, but this framelens reads \
             `framelens-aggregate/2`; score its inputs again with this framelens"
                .into(),
        ),
        (
            &[
                "report",
                "--from-aggregate",
                "bad-lexicon.json",
                "--out",
                "report",
            ],
            format!(
                "the aggregate's lexicons do not load: {origin}:1:6: unclosed table, expected `]`"
            ),
        ),
    ];
    for (args, message) in cases {
        let out = framelens()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            (out.status.code(), String::from_utf8(out.stderr).unwrap()),
            (Some(2), format!("framelens: {message}\n")),
            "{args:?}"
        );
    }
}

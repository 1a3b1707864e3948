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
    // The same part twice is refused.
    framelens()
        .arg("merge")
        .arg(&parts[0])
        .arg(&parts[0])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is in more than one part"));
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
    // Six pairs, but seeds 001 and 004 both use only the Armenian side's terms: a table with one
    // column has nothing to test.
    assert_eq!(figures.tests.pairwise.len(), 5);
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
    let cases: [(&[&str], &str); 2] = [
        (
            &["--no-default-lexicons", "--lexicon", "empty"],
            "--no-default-lexicons leaves out the bundled ones and empty holds none",
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

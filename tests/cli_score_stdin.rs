//! `framelens score -`: JSONL on standard input, as the map step of a pipeline (Spark's
//! `rdd.pipe`, GNU parallel's `--pipe`) feeds it; the records, problems, the aggregate's stamp,
//! and shards piped separately then merged.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn framelens() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("framelens");
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// The five seeds as JSONL records with ids and outlets: real Arabic news with hits.
fn seeds_jsonl() -> String {
    let mut names: Vec<_> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "the five seeds");
    names
        .iter()
        .enumerate()
        .map(|(n, path)| {
            let record = serde_json::json!({
                "id": path.file_stem().unwrap().to_str().unwrap(),
                "outlet": format!("outlet-{}", n % 2),
                "text": std::fs::read_to_string(path).unwrap(),
            });
            format!("{record}\n")
        })
        .collect()
}

fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn stdin_gives_the_records_the_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeds.jsonl");
    let jsonl = seeds_jsonl();
    std::fs::write(&file, &jsonl).unwrap();

    let piped = framelens()
        .args(["score", "-"])
        .write_stdin(jsonl)
        .output()
        .unwrap();
    assert_eq!(
        piped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let from_file = framelens().arg("score").arg(&file).output().unwrap();
    assert_eq!(from_file.status.code(), Some(0));

    let piped = records(&piped.stdout);
    let mut from_file = records(&from_file.stdout);
    for record in &mut from_file {
        assert_eq!(record["source"], file.display().to_string());
        record["source"] = Value::from("<stdin>");
    }
    assert_eq!(piped, from_file);
    let ids: Vec<&str> = piped.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "000_5d4b8b73bcb36329",
            "001_38c028186f790bcf",
            "002_0b453c8b0ae0108c",
            "003_f3f23a5f4c908b16",
            "004_5db8549f8bdebb44"
        ]
    );
    let lines: Vec<u64> = piped.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [1, 2, 3, 4, 5]);
    let hits: usize = piped
        .iter()
        .map(|r| r["hits"].as_array().unwrap().len())
        .sum();
    assert!(hits > 10, "the seeds have loaded terms; found {hits} hits");
}

#[test]
fn problems_on_stdin_name_it_and_its_line() {
    let input = "{\"id\": \"a\", \"text\": \"المرتزقة في المدينة\"}\n\
                 not json\n\
                 {\"text\": \"\"}\n\
                 {\"text\": \"مقال بلا معرّف\"}\n";
    let output = framelens()
        .args(["score", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "framelens: <stdin>:2: not JSON: expected ident (column 2)\n\
         framelens: <stdin>:3: field `text` is empty\n\
         framelens: 2 problems in the input (2 skipped text, 0 ignored a metadata value); the \
         rest was read\n"
    );
    let ids: Vec<String> = records(&output.stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "<stdin>#4"]);
}

#[test]
fn the_aggregate_stamps_what_was_read_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let aggregate = dir.path().join("part.json");
    let jsonl = seeds_jsonl();
    framelens()
        .args(["score", "-", "--aggregate"])
        .arg(&aggregate)
        .write_stdin(jsonl.clone())
        .assert()
        .code(0);
    let inputs = &read_json(&aggregate)["inputs"];
    assert_eq!(
        inputs,
        &serde_json::json!([{
            "path": "<stdin>",
            "sha256": framelens::score::sha256_hex(jsonl.as_bytes()),
            "bytes": jsonl.len(),
        }])
    );
}

#[test]
fn shards_piped_then_merged_equal_the_whole_piped() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = seeds_jsonl();
    let lines: Vec<&str> = jsonl.lines().collect();
    let shards = [lines[..2].join("\n"), lines[2..].join("\n")];
    let mut parts = Vec::new();
    for (n, shard) in shards.iter().enumerate() {
        let part = dir.path().join(format!("part-{n}.json"));
        framelens()
            .args(["score", "-", "--threads", "1", "--aggregate"])
            .arg(&part)
            .write_stdin(format!("{shard}\n"))
            .assert()
            .code(0);
        parts.push(part);
    }
    let merged = dir.path().join("merged.json");
    framelens()
        .arg("merge")
        .args(&parts)
        .arg("-o")
        .arg(&merged)
        .assert()
        .code(0);
    let whole = dir.path().join("whole.json");
    framelens()
        .args(["score", "-", "--aggregate"])
        .arg(&whole)
        .write_stdin(jsonl)
        .assert()
        .code(0);

    let (mut merged, mut whole) = (read_json(&merged), read_json(&whole));
    // Each part stamps the bytes it read.
    assert_eq!(merged["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(whole["inputs"].as_array().unwrap().len(), 1);
    merged["inputs"] = Value::Null;
    whole["inputs"] = Value::Null;
    // A record's line is its line in the stream it came in, so the parts' lines start again at
    // 1, and the canonical order (source, line, id) interleaves the parts.
    let id_line = |aggregate: &Value| -> Vec<(String, u64)> {
        aggregate["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let id = a["id"].as_str().unwrap();
                (id[..3].to_string(), a["line"].as_u64().unwrap())
            })
            .collect()
    };
    let pairs = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter()
            .map(|(id, line)| (id.to_string(), *line))
            .collect()
    };
    assert_eq!(
        id_line(&merged),
        pairs(&[("000", 1), ("002", 1), ("001", 2), ("003", 2), ("004", 3)])
    );
    assert_eq!(
        id_line(&whole),
        pairs(&[("000", 1), ("001", 2), ("002", 3), ("003", 4), ("004", 5)])
    );
    // Everything else is the same: each article's record, in id order, and the word counts.
    for aggregate in [&mut merged, &mut whole] {
        let articles = aggregate["articles"].as_array_mut().unwrap();
        articles.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        for article in articles {
            article["line"] = Value::Null;
        }
    }
    assert_eq!(merged, whole);
}

#[test]
fn stdin_twice_is_refused() {
    framelens()
        .args(["score", "-", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "framelens: `-` (standard input) is given more than once; a file named `-` is `./-`\n",
        );
}

#[test]
fn empty_stdin_is_an_empty_partition_not_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let aggregate = dir.path().join("empty.json");
    framelens()
        .args(["score", "-", "--aggregate"])
        .arg(&aggregate)
        .write_stdin("")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    let aggregate = read_json(&aggregate);
    assert_eq!(aggregate["articles"], serde_json::json!([]));
    assert_eq!(aggregate["skipped"], 0);
    assert_eq!(
        aggregate["inputs"],
        serde_json::json!([{
            "path": "<stdin>",
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "bytes": 0,
        }])
    );
}

#[test]
fn an_empty_file_is_still_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    framelens()
        .arg("score")
        .arg(&empty)
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "framelens: {}: empty file\n\
             framelens: 1 problem in the input (1 skipped text, 0 ignored a metadata value); \
             the rest was read\n",
            empty.display()
        ));
}

/// `--strict` stops at the first input problem and writes nothing: not the records read before
/// it (to stdout, or to `-o FILE`, which keeps what it held), not the aggregate.
#[test]
fn strict_score_writes_nothing_when_it_stops() {
    let seeds = seeds_jsonl();
    let first = seeds.lines().next().unwrap();
    let input = format!("{first}\n{{\"id\": \"broken\"\n{first}\n");
    framelens()
        .args(["score", "--strict", "-"])
        .write_stdin(input.clone())
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "framelens: <stdin>:2: not JSON: EOF while parsing an object (column 15)\n\
             framelens: stopped at the first input problem (--strict)\n",
        );

    let dir = tempfile::tempdir().unwrap();
    let records_file = dir.path().join("records.jsonl");
    let aggregate = dir.path().join("part.agg.json");
    std::fs::write(&records_file, "what was there\n").unwrap();
    framelens()
        .args(["score", "--strict", "-", "-o"])
        .arg(&records_file)
        .arg("--aggregate")
        .arg(&aggregate)
        .write_stdin(input)
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(&records_file).unwrap(),
        "what was there\n"
    );
    assert!(!aggregate.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left beside the output");

    // Without a problem, --strict writes the records as ever.
    let output = framelens()
        .args(["score", "--strict", "-"])
        .write_stdin(seeds_jsonl())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(records(&output.stdout).len(), 5);
}

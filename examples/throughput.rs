//! Matching throughput on a folder of SaudiNewsNet-shaped JSON files (arrays of objects with a
//! `content` field), single-threaded, without reading or cleaning: the matcher alone.
//!
//! ```sh
//! mkdir -p /tmp/snn && (cd /tmp/snn && for z in ../../work/shared/corpora/saudinewsnet/*.zip; do unzip -oq "$z"; done)
//! cargo run --release --example throughput -- /tmp/snn
//! ```

use std::time::Instant;

use framelens::lexicon::LexiconSet;
use framelens::matcher::Matcher;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next() else {
        eprintln!("usage: throughput FOLDER [LIMIT]");
        std::process::exit(2);
    };
    let limit: Option<usize> = args.next().and_then(|s| s.parse().ok());
    let set = LexiconSet::bundled().expect("bundled lexicons load");
    let matcher = Matcher::new(&set).expect("lexicons compile");
    let mut texts = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("a folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        for article in value.as_array().into_iter().flatten() {
            if let Some(text) = article["content"].as_str() {
                texts.push(text.to_string());
            }
        }
    }
    if let Some(limit) = limit {
        texts.truncate(limit);
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let hits: usize = texts.iter().map(|t| matcher.analyze(t).hits.len()).sum();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} articles, {:.1} MB, {hits} hits, {seconds:.2} s, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
}

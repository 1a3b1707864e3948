use framelens::lexicon::LexiconSet;
use framelens::matcher::Matcher;
use std::time::Instant;
fn main() {
    let set = LexiconSet::bundled().unwrap();
    let m = Matcher::new(&set).unwrap();
    let mut texts = Vec::new();
    for entry in std::fs::read_dir("/tmp/snndata").unwrap() {
        let p = entry.unwrap().path();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        for a in v.as_array().unwrap() {
            texts.push(a["content"].as_str().unwrap().to_string());
        }
    }
    let limit: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(texts.len());
    texts.truncate(limit);
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let t = Instant::now();
    let mut hits = 0;
    for text in &texts {
        hits += m.analyze(text).hits.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} articles, {:.1} MB, {} hits, {:.2} s, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        hits,
        s,
        bytes as f64 / 1e6 / s
    );
}

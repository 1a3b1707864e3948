//! Normalization and matching on arbitrary bytes read as UTF-8: no panic, idempotent
//! normalization, and hits that lie on character boundaries of the original.
#![no_main]

use std::sync::OnceLock;

use framelens::lexicon::LexiconSet;
use framelens::matcher::Matcher;
use framelens::text::normalize;
use libfuzzer_sys::fuzz_target;

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&LexiconSet::bundled().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "normalization is idempotent");
    let analysis = matcher().analyze(text);
    for hit in &analysis.hits {
        assert!(text.is_char_boundary(hit.start.byte) && text.is_char_boundary(hit.end.byte));
        assert_eq!(&text[hit.span()], hit.matched);
    }
});

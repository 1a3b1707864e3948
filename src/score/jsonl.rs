//! Records as JSON lines, written by hand: byte for byte what `serde_json` writes for an
//! [`ArticleScore`], at a fraction of the cost.
//!
//! A corpus run writes tens of megabytes of records (64 MB for SaudiNewsNet), most of it the
//! same seventeen keys of every hit; through serde each key was escaped again and each field
//! went through the serializer's machinery, a tenth of the whole run. Here keys are constant
//! bytes and a string is copied as it is unless it holds a byte JSON escapes. The tests check
//! the bytes against `serde_json` (schema: docs/schema.md).
//!
//! ```
//! use framelens::corpus::{Corpus, ReadOptions};
//! use framelens::lexicon::LexiconSet;
//! use framelens::matcher::Matcher;
//! use framelens::score::{ScoreOptions, Scorer, write_record};
//!
//! let set = LexiconSet::bundled().unwrap();
//! let matcher = Matcher::new(&set).unwrap();
//! let corpus = Corpus::read(&ReadOptions::default());
//! let scorer = Scorer::new(&set, &matcher);
//! let (record, _) = scorer.score(&corpus.articles[0], &ScoreOptions::default());
//! let mut line = Vec::new();
//! write_record(&mut line, &record);
//! assert_eq!(line, serde_json::to_vec(&record).unwrap());
//! ```

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::record::{HitView, Hits, Kind, RecordView, is_loaded};
use crate::lexicon::Stance;
use crate::matcher::Hit;
use crate::text::Voice;

/// Appends `record` (an [`ArticleScore`](super::ArticleScore), or a view of one) as one line
/// of JSON (without the line break) to `out`.
pub fn write_record<'a>(out: &mut Vec<u8>, record: impl Into<RecordView<'a>>) {
    let record: RecordView<'a> = record.into();
    out.extend_from_slice(b"{\"id\":");
    string(out, record.id);
    out.extend_from_slice(b",\"source\":");
    string(out, record.source);
    out.extend_from_slice(b",\"line\":");
    number(out, record.line as u64);
    out.extend_from_slice(b",\"outlet\":");
    optional(out, record.outlet);
    out.extend_from_slice(b",\"date\":");
    match record.date {
        // chrono serializes a date through its Display form, which needs no escaping.
        Some(date) => {
            out.push(b'"');
            write_date(out, date);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"event\":");
    optional(out, record.event);
    out.extend_from_slice(b",\"language\":");
    string(out, record.language);
    out.extend_from_slice(b",\"title\":");
    optional(out, record.title);
    out.extend_from_slice(b",\"words\":");
    number(out, record.words);
    out.extend_from_slice(b",\"dropped\":");
    number(out, record.dropped);
    out.extend_from_slice(b",\"counts\":{\"hits\":");
    number(out, record.hits.loaded());
    match record.hits {
        Hits::Records(_, counts) => {
            out.extend_from_slice(b",\"by_side\":");
            tally(out, &counts.by_side, String::as_str);
            out.extend_from_slice(b",\"by_frame\":");
            tally(out, &counts.by_frame, String::as_str);
            out.extend_from_slice(b",\"by_term\":");
            tally(out, &counts.by_term, String::as_str);
            out.extend_from_slice(b",\"by_voice\":");
            tally(out, &counts.by_voice, |v| v.as_str());
            out.extend_from_slice(b",\"own_by_side\":");
            tally(out, &counts.own_by_side, String::as_str);
        }
        Hits::Found(hits) => found_tallies(out, hits),
    }
    out.extend_from_slice(b"},\"lean\":");
    // Floats as serde_json shapes them (shortest round-trip digits, `null` if not finite).
    serde_json::to_writer(&mut *out, &record.lean).expect("writing to a Vec cannot fail");
    out.extend_from_slice(b",\"hits\":[");
    let mut first = true;
    record.hits.for_each(|hit| {
        if !first {
            out.push(b',');
        }
        first = false;
        write_hit(out, &hit);
    });
    out.extend_from_slice(b"]}");
}

fn write_hit(out: &mut Vec<u8>, hit: &HitView) {
    out.extend_from_slice(b"{\"lexicon\":");
    string(out, hit.lexicon);
    out.extend_from_slice(b",\"term\":");
    string(out, hit.term);
    out.extend_from_slice(match hit.kind {
        Kind::Loaded => b",\"kind\":\"loaded\",\"side\":",
        Kind::Attribution => b",\"kind\":\"attribution\",\"side\":",
        Kind::Name => b",\"kind\":\"name\",\"side\":",
    });
    optional(out, hit.side);
    out.extend_from_slice(b",\"frame\":");
    optional(out, hit.frame);
    out.extend_from_slice(b",\"voice\":\"");
    out.extend_from_slice(hit.voice.as_str().as_bytes());
    out.extend_from_slice(b"\",\"stance\":");
    out.extend_from_slice(match hit.stance {
        Some(Stance::Distancing) => b"\"distancing\"",
        Some(Stance::Endorsing) => b"\"endorsing\"",
        Some(Stance::Neutral) => b"\"neutral\"",
        None => b"null",
    });
    out.extend_from_slice(b",\"actor\":");
    optional(out, hit.actor);
    out.extend_from_slice(b",\"actor_side\":");
    optional(out, hit.actor_side);
    out.extend_from_slice(b",\"choice\":");
    optional(out, hit.choice);
    out.extend_from_slice(b",\"variant\":");
    optional(out, hit.variant);
    out.extend_from_slice(b",\"matched\":");
    string(out, hit.matched);
    out.extend_from_slice(b",\"byte_start\":");
    number(out, hit.byte_start as u64);
    out.extend_from_slice(b",\"byte_end\":");
    number(out, hit.byte_end as u64);
    out.extend_from_slice(b",\"char_start\":");
    number(out, hit.char_start as u64);
    out.extend_from_slice(b",\"char_end\":");
    number(out, hit.char_end as u64);
    out.extend_from_slice(b",\"line\":");
    number(out, hit.line as u64);
    out.extend_from_slice(b",\"column\":");
    number(out, hit.column as u64);
    out.push(b'}');
}

/// Which count map of [`super::Counts`] a tally entry belongs to, in the order of the record.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Map {
    Side,
    Frame,
    Term,
    OwnSide,
}

/// An entry of a count map: the map, the key (for [`Map::Term`], `lexicon` and `term`, one
/// key `lexicon/term`) and the count.
type Entry<'a> = (Map, &'a str, &'a str, u64);

/// The count maps [`super::Counts`] would hold for `hits`, written as they would be, from
/// keys borrowed from the hits, all in one vector sorted as the maps are (a lookup per hit
/// and map, as the maps did, without a string or a node allocated per key).
fn found_tallies(out: &mut Vec<u8>, hits: &[Hit]) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut voices = [0u64; Voice::ALL.len()];
    for hit in hits.iter().filter(|h| is_loaded(h)) {
        let side = hit.side.as_deref().unwrap_or_default();
        bump(&mut entries, Map::Side, (side, ""));
        if let Some(frame) = hit.frame.as_deref() {
            bump(&mut entries, Map::Frame, (frame, ""));
        }
        bump(&mut entries, Map::Term, (&hit.lexicon, &hit.term));
        voices[hit.voice as usize] += 1;
        if hit.voice == Voice::Own {
            bump(&mut entries, Map::OwnSide, (side, ""));
        }
    }
    out.extend_from_slice(b",\"by_side\":");
    sorted_tally(out, &entries, Map::Side);
    out.extend_from_slice(b",\"by_frame\":");
    sorted_tally(out, &entries, Map::Frame);
    out.extend_from_slice(b",\"by_term\":");
    sorted_tally(out, &entries, Map::Term);
    out.extend_from_slice(b",\"by_voice\":{");
    let mut first = true;
    // `Voice::ALL` is in the order of `Voice`'s `Ord`, the map's order.
    for voice in Voice::ALL {
        let n = voices[voice as usize];
        if n > 0 {
            if !first {
                out.push(b',');
            }
            first = false;
            string(out, voice.as_str());
            out.push(b':');
            number(out, n);
        }
    }
    out.extend_from_slice(b"},\"own_by_side\":");
    sorted_tally(out, &entries, Map::OwnSide);
}

/// Counts `key` in `map` among `entries` (sorted by map, then key as the map orders it).
fn bump<'a>(entries: &mut Vec<Entry<'a>>, map: Map, key: (&'a str, &'a str)) {
    // First by pointer: an id repeated in an article is most often the very same string of
    // the lexicons, and comparing pointers is far cheaper than comparing strings in order.
    let same = |e: &Entry| e.0 == map && std::ptr::eq(e.1, key.0) && std::ptr::eq(e.2, key.1);
    if let Some(entry) = entries.iter_mut().find(|e| same(e)) {
        entry.3 += 1;
        return;
    }
    let found = entries
        .binary_search_by(|&(m, a, b, _)| m.cmp(&map).then_with(|| key_order(map, (a, b), key)));
    match found {
        Ok(i) => entries[i].3 += 1,
        Err(i) => entries.insert(i, (map, key.0, key.1, 1)),
    }
}

/// The order of two keys of `map`, as strings: for [`Map::Term`], of `lexicon/term`.
fn key_order(map: Map, a: (&str, &str), b: (&str, &str)) -> Ordering {
    // Ids are shared strings of the lexicons: the same id is most often the same pointer.
    let same = |x: &str, y: &str| std::ptr::eq(x, y);
    if same(a.0, b.0) && same(a.1, b.1) {
        Ordering::Equal
    } else if map != Map::Term {
        a.0.cmp(b.0)
    } else if a.0 == b.0 {
        a.1.cmp(b.1)
    } else {
        joined_bytes(a).cmp(joined_bytes(b))
    }
}

/// The bytes of `lexicon/term`.
fn joined_bytes<'a>((lexicon, term): (&'a str, &'a str)) -> impl Iterator<Item = u8> + 'a {
    lexicon.bytes().chain([b'/']).chain(term.bytes())
}

/// The entries of `map` as a JSON object, as the map of strings would be written.
fn sorted_tally(out: &mut Vec<u8>, entries: &[Entry], map: Map) {
    out.push(b'{');
    let mut first = true;
    for &(_, a, b, n) in entries.iter().filter(|e| e.0 == map) {
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        escaped(out, a);
        if map == Map::Term {
            out.push(b'/');
            escaped(out, b);
        }
        out.extend_from_slice(b"\":");
        number(out, n);
    }
    out.push(b'}');
}

/// `date` as chrono displays it, `YYYY-MM-DD`, written digit by digit where the year has four:
/// through `to_string`, formatting machinery and a string for every record, it took some 800
/// instructions.
pub(super) fn write_date(out: &mut Vec<u8>, date: NaiveDate) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        out.extend_from_slice(date.to_string().as_bytes());
        return;
    }
    let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let year = year.unsigned_abs();
    let [a, b] = two(year / 100);
    let [c, d] = two(year);
    let [e, f] = two(date.month());
    let [g, h] = two(date.day());
    out.extend_from_slice(&[a, b, c, d, b'-', e, f, b'-', g, h]);
}

/// A count map as a JSON object, in the map's (sorted) order.
fn tally<K>(out: &mut Vec<u8>, counts: &BTreeMap<K, u64>, key: impl Fn(&K) -> &str) {
    out.push(b'{');
    for (i, (k, n)) in counts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, key(k));
        out.push(b':');
        number(out, *n);
    }
    out.push(b'}');
}

fn number(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn optional(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string, escaped as serde_json escapes ([`escaped`]).
fn string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    escaped(out, s);
    out.push(b'"');
}

/// `s` escaped as serde_json escapes a string's contents: `"` and `\`, and control
/// characters (the usual short escapes, else `\u00XX`); everything else, DEL and all
/// non-ASCII included, as is.
fn escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Nearly every string (ids, terms, matched words) holds nothing to escape: one test of
    // eight bytes at a time, then one copy, instead of a table look-up per byte.
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !NEEDS_ESCAPE[usize::from(b)] {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\x08' => out.extend_from_slice(b"\\b"),
            b'\x0c' => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Whether any byte of `bytes` must be escaped ([`NEEDS_ESCAPE`]), tested eight bytes at a
/// time in a `u64` (the last eight overlapping the ones before): the strings of a record are
/// mostly ids of ten bytes or so, too short for vector registers, and a byte at a time they
/// were a sixth of writing a record.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Nonzero iff a byte of `word` is below `n` (n <= 0x80; the classic test, exact for the
    // word as a whole though a borrow can mark bytes above the one found).
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH;
    let special = |word: u64| {
        below(word, 0x20)
            | below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
    };
    let word = |eight: &[u8]| {
        let mut word = [0; 8];
        word.copy_from_slice(eight);
        u64::from_le_bytes(word)
    };
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| NEEDS_ESCAPE[usize::from(b)]);
    }
    let chunks = bytes.chunks_exact(8);
    let last = word(&bytes[bytes.len() - 8..]);
    chunks.fold(special(last), |any, eight| any | special(word(eight))) != 0
}

/// The bytes a JSON string cannot hold as they are.
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::score::{ArticleScore, Counts, HitRecord};
    use crate::text::Voice;

    fn hit(text: &str, side: Option<&str>, stance: Option<Stance>, kind: Kind) -> HitRecord {
        HitRecord {
            lexicon: Arc::from("karabakh.ar"),
            term: Arc::from("mercenaries"),
            kind,
            side: side.map(Arc::from),
            frame: Some(Arc::from("labeling")),
            voice: Voice::Reported,
            stance,
            actor: Some(Arc::from("azerbaijan")),
            actor_side: None,
            choice: Some(Arc::from("names")),
            variant: None,
            matched: text.to_string(),
            byte_start: 12,
            byte_end: 4_000_000_000,
            char_start: 0,
            char_end: 7,
            line: 3,
            column: 1,
        }
    }

    fn record(text: &str, lean: Option<f64>) -> ArticleScore {
        let mut counts = Counts {
            hits: 2,
            ..Counts::default()
        };
        counts.by_side.insert(String::new(), 1);
        counts.by_side.insert(text.to_string(), 1);
        counts.by_voice.insert(Voice::Own, 1);
        counts.by_voice.insert(Voice::Quoted, 3);
        counts.by_term.insert("loaded.ar/extremists".to_string(), 2);
        ArticleScore {
            id: format!("id {text}"),
            source: "/tmp/snn/2015-07-21.json".to_string(),
            line: 2,
            outlet: Some(text.to_string()),
            date: NaiveDate::from_ymd_opt(2015, 7, 21),
            event: None,
            language: "ar".to_string(),
            title: Some(format!("«{text}»")),
            words: 397,
            dropped: 0,
            counts,
            lean,
            hits: vec![
                hit(text, Some("armenia"), None, Kind::Loaded),
                hit(
                    "المرتزقة",
                    None,
                    Some(Stance::Distancing),
                    Kind::Attribution,
                ),
                hit("Shushi", None, Some(Stance::Endorsing), Kind::Name),
                hit("قال", None, Some(Stance::Neutral), Kind::Attribution),
            ],
        }
    }

    #[test]
    fn empty_maps_nulls_and_floats_are_written_as_serde_writes_them() {
        for lean in [
            None,
            Some(1.0),
            Some(-1.0),
            Some(0.6),
            Some(1.0 / 3.0),
            Some(0.0),
        ] {
            let mut r = record("plain", lean);
            let mut line = Vec::new();
            write_record(&mut line, &r);
            assert_eq!(
                String::from_utf8(line).unwrap(),
                serde_json::to_string(&r).unwrap()
            );
            r.hits.clear();
            r.counts = Counts::default();
            r.date = None;
            r.title = None;
            let mut line = Vec::new();
            write_record(&mut line, &r);
            assert_eq!(
                String::from_utf8(line).unwrap(),
                serde_json::to_string(&r).unwrap()
            );
        }
    }

    #[test]
    fn a_byte_to_escape_is_found_anywhere_in_a_long_string() {
        for special in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
            for at in [0, 1, 15, 16, 31, 32, 33, 63, 64, 65, 100] {
                let mut text = "ب".repeat(at / 2) + &"a".repeat(at % 2);
                text.push(special);
                text.push_str(&"x".repeat(40));
                let mut out = Vec::new();
                string(&mut out, &text);
                assert_eq!(
                    out,
                    serde_json::to_vec(&text).unwrap(),
                    "{special:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn dates_are_written_as_chrono_displays_them() {
        let days = [
            (-1, 12, 31),
            (0, 1, 1),
            (1, 2, 3),
            (99, 10, 9),
            (999, 12, 31),
            (1000, 1, 1),
            (2015, 7, 21),
            (2020, 11, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-10000, 6, 15),
        ];
        for (y, m, d) in days {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = Vec::new();
            write_date(&mut out, date);
            assert_eq!(String::from_utf8(out).unwrap(), date.to_string());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any day chrono can hold is written as its Display writes it.
        #[test]
        fn any_date_is_written_as_chrono_displays_it(days in -200_000i32..4_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let mut out = Vec::new();
            write_date(&mut out, date);
            prop_assert_eq!(String::from_utf8(out).unwrap(), date.to_string());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Eight bytes at a time finds what the table finds, at any length and place.
        #[test]
        fn needs_escape_agrees_with_the_table(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(0xD8u8), Just(b'"'), Just(b'\\'), 0u8..=0x21, 0x5Bu8..=0x5D, any::<u8>()],
                0..40,
            )
        ) {
            let expected = bytes.iter().any(|&b| NEEDS_ESCAPE[usize::from(b)]);
            prop_assert_eq!(needs_escape(&bytes), expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// Any text in any string field: quotes, backslashes, control characters, DEL,
        /// Arabic, emoji.
        #[test]
        fn any_text_is_escaped_as_serde_escapes_it(
            text in "(\\PC|[\u{0}-\u{1f}\"\\\\\u{7f}\u{0600}-\u{06FF}])*"
        ) {
            let r = record(&text, Some(0.25));
            let mut line = Vec::new();
            write_record(&mut line, &r);
            prop_assert_eq!(String::from_utf8(line).unwrap(), serde_json::to_string(&r).unwrap());
        }
    }
}

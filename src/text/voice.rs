//! Whose words these are: the outlet's own, a direct quote, or reported speech.
//!
//! A loaded word in the outlet's own voice is the outlet's choice; inside a quote it is the
//! source's word, which the outlet chose to relay. Direct quotes are found here from quotation
//! marks alone: `"…"`, `“…”`, `«…»`, and single quotes `'…'`/`‘…’` when they sit at word edges
//! (a closing one also right after the punctuation that ends the quoted clause: `'…land,' he`).
//! A double quote that never closes ends at its paragraph (see [`paragraphs`]: a line, in a text
//! without blank lines); a single quote that never closes is taken for an apostrophe. Reported
//! speech needs the attribution verbs of a lexicon, which this module knows nothing about: the
//! caller passes where each reported clause begins, and the clause runs to the end of its
//! sentence (or to a semicolon, or a comma that opens a contrasting clause: `، فيما`, `, while`).
//!
//! ```
//! use framelens::text::{Voice, VoiceMap};
//! let text = "قال الوزير إن القوات تقدمت. وأضاف: «لن نتراجع».";
//! let clause = text.find("القوات").unwrap();
//! let voices = VoiceMap::new(text, &[clause]);
//! assert_eq!(voices.voice_at(text.find("الوزير").unwrap()), Voice::Own);
//! assert_eq!(voices.voice_at(clause), Voice::Reported);
//! assert_eq!(voices.voice_at(text.find("نتراجع").unwrap()), Voice::Quoted);
//! ```

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::Stride;
use super::segment::{is_word_char, paragraphs, sentences_in, span_index};

/// Whose words a stretch of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    /// The outlet's own words.
    Own,
    /// Inside direct quotation marks.
    Quoted,
    /// Indirect speech: after an attribution verb and its complementizer, to the sentence end.
    Reported,
}

impl Voice {
    /// All voices, in display order.
    pub const ALL: [Voice; 3] = [Voice::Own, Voice::Quoted, Voice::Reported];

    /// The lower-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quoted => "quoted",
            Voice::Reported => "reported",
        }
    }
}

impl std::fmt::Display for Voice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Voice {
    type Err = String;
    fn from_str(s: &str) -> Result<Voice, String> {
        Voice::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown voice `{s}` (expected own, quoted or reported)"))
    }
}

/// The words that, after a comma, open a clause contrasting with a reported one: there the
/// outlet takes the word back.
const CONNECTORS: [&str; 9] = [
    "فيما",
    "بينما",
    "في حين",
    "لكن",
    "ولكن",
    "while",
    "whereas",
    "but",
    "although",
];

/// Where a reported clause that starts at `start` ends: at the end of its sentence, or earlier
/// at a semicolon or at a comma that opens a contrasting clause (`، فيما`, `, while`) — there the
/// outlet takes the word back.
fn clause_end(text: &str, start: usize, sentence_end: usize) -> usize {
    let clause = &text[start..sentence_end];
    let bytes = clause.as_bytes();
    // The marks are found by their bytes rather than by decoding every character of the clause
    // (that walk was 2 % of scoring a corpus): `;` and `,`, and the Arabic comma `،` (D8 8C) by
    // its second byte, which other characters of news text seldom have. The Arabic semicolon
    // `؛` (D8 9B) would be a fourth byte to look for: it bounds the search instead, found by
    // its second byte too (a `memmem` search built its searcher anew for every clause).
    let semicolon = memchr::memchr_iter(0x9B, bytes)
        .find(|&k| k > 0 && bytes[k - 1] == 0xD8)
        .map(|k| k - 1);
    let searched = &bytes[..semicolon.unwrap_or(bytes.len())];
    for k in memchr::memchr3_iter(b';', b',', 0x8C, searched) {
        let (mark, after) = match bytes[k] {
            b';' => return start + k,
            b',' => (k, k + 1),
            // D8 is a lead byte, so D8 8C is `،` itself.
            _ if k > 0 && bytes[k - 1] == 0xD8 => (k - 1, k + 1),
            _ => continue,
        };
        let rest = clause[after..].trim_start();
        let opens = CONNECTORS.iter().any(|w| {
            rest.strip_prefix(w)
                .is_some_and(|after| !after.chars().next().is_some_and(is_word_char))
        });
        if opens {
            return start + mark;
        }
    }
    semicolon.map_or(sentence_end, |k| start + k)
}

/// The quoted and reported stretches of one text, in original byte offsets.
#[derive(Clone, Debug, Default)]
pub struct VoiceMap {
    quoted: Vec<Range<usize>>,
    reported: Vec<Range<usize>>,
}

impl VoiceMap {
    /// Finds the quotes of `text`; each offset in `reported_starts` opens a reported clause that
    /// runs to the end of its sentence.
    pub fn new(text: &str, reported_starts: &[usize]) -> VoiceMap {
        let paragraphs = paragraphs(text);
        let sentences = sentences_in(text, &paragraphs);
        VoiceMap::with_sentences(text, &paragraphs, &sentences, reported_starts, &[])
    }

    /// As [`VoiceMap::new`], with the text's [`sentences`](super::sentences) already worked
    /// out, and reported clauses whose whole stretch is known (`reported_spans`: the clause
    /// before a speech verb that closes its sentence).
    pub fn with_sentences(
        text: &str,
        paragraphs: &[Range<usize>],
        sentence_spans: &[Range<usize>],
        reported_starts: &[usize],
        reported_spans: &[Range<usize>],
    ) -> VoiceMap {
        let reported: Vec<Range<usize>> = reported_starts
            .iter()
            .filter_map(|&start| {
                let s = sentence_spans.get(span_index(sentence_spans, start))?;
                let end = clause_end(text, start, s.end);
                (start < end).then_some(start..end)
            })
            .chain(reported_spans.iter().cloned())
            .collect();
        VoiceMap {
            quoted: quotes_in(text, paragraphs),
            reported: merge(reported),
        }
    }

    /// The voice at byte offset `pos`: a quote wins over reported speech.
    pub fn voice_at(&self, pos: usize) -> Voice {
        // Both lists are sorted and disjoint.
        let inside = |spans: &[Range<usize>]| {
            let i = spans.partition_point(|s| s.end <= pos);
            spans.get(i).is_some_and(|s| s.contains(&pos))
        };
        if inside(&self.quoted) {
            Voice::Quoted
        } else if inside(&self.reported) {
            Voice::Reported
        } else {
            Voice::Own
        }
    }

    /// The quoted stretches, quotation marks included.
    pub fn quoted(&self) -> &[Range<usize>] {
        &self.quoted
    }

    /// The reported clauses.
    pub fn reported(&self) -> &[Range<usize>] {
        &self.reported
    }
}

/// The punctuation after which a single quote closes, when white space or the paragraph's end
/// follows it.
const CLAUSE_END: [char; 6] = [',', '.', '!', '?', '؟', '،'];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Straight,
    Curly,
    Guillemet,
    Single,
}

/// The direct quotes of `text`, marks included; nested and overlapping quotes are merged.
pub fn quotes(text: &str) -> Vec<Range<usize>> {
    quotes_in(text, &paragraphs(text))
}

/// As [`quotes`], with the text's [`paragraphs`] already worked out.
pub fn quotes_in(text: &str, paragraphs: &[Range<usize>]) -> Vec<Range<usize>> {
    // Most paragraphs hold no quotation mark: find the marks first, and look at paragraphs only
    // if there are.
    let marks = quote_marks(text, Stride::ThirtyTwo.allowed());
    if marks.is_empty() {
        return Vec::new();
    }
    // Every span opens at a mark of its own (an unclosed one runs to its paragraph's end).
    let mut spans = Vec::with_capacity(marks.len());
    let mut next = 0;
    // The marks open in the current paragraph, kept from one paragraph to the next so that it
    // is allocated once.
    let mut open: Vec<(Mark, usize)> = Vec::new();
    for paragraph in paragraphs.iter().cloned() {
        open.clear();
        while next < marks.len() && marks[next].0 < paragraph.end {
            let (i, c) = marks[next];
            next += 1;
            if i < paragraph.start {
                continue;
            }
            let before = text[paragraph.start..i].chars().next_back();
            let after = text[i + c.len_utf8()..paragraph.end].chars().next();
            let opens_single = !before.is_some_and(is_word_char) && after.is_some_and(is_word_char);
            // A quoted clause often ends with its punctuation inside the quote: `'… our land,'
            // Pashinyan said`, `'المرتزقة وصلوا.' ثم`. An apostrophe never stands there.
            let closes_single = (before.is_some_and(is_word_char)
                && !after.is_some_and(is_word_char))
                || (before.is_some_and(|c| CLAUSE_END.contains(&c))
                    && after.is_none_or(char::is_whitespace));
            let event = match c {
                '"' if open.iter().any(|&(m, _)| m == Mark::Straight) => {
                    Some((Mark::Straight, false))
                }
                '"' => Some((Mark::Straight, true)),
                '“' | '„' => Some((Mark::Curly, true)),
                // Some Arabic sites type ” at both ends.
                '”' if open.iter().any(|&(m, _)| m == Mark::Curly) => Some((Mark::Curly, false)),
                '”' => Some((Mark::Curly, true)),
                '«' => Some((Mark::Guillemet, true)),
                '»' => Some((Mark::Guillemet, false)),
                '\'' | '‘' if opens_single => Some((Mark::Single, true)),
                '\'' | '’' if closes_single => Some((Mark::Single, false)),
                _ => None,
            };
            match event {
                Some((mark, true)) => open.push((mark, i)),
                Some((mark, false)) => {
                    if let Some(k) = open.iter().rposition(|&(m, _)| m == mark) {
                        // Nested quotes are recorded too; merging keeps the outermost.
                        let start = open[k].1;
                        open.truncate(k);
                        spans.push(start..i + c.len_utf8());
                    }
                }
                None => {}
            }
        }
        // Unclosed double quotes run to the end of the paragraph; unclosed singles were
        // apostrophes.
        if let Some(&(_, start)) = open.iter().find(|&&(m, _)| m != Mark::Single) {
            spans.push(start..paragraph.end);
        }
        if next == marks.len() {
            break;
        }
    }
    merge(spans)
}

/// Every quotation mark of `text` (`"`, `'`, `“`, `”`, `„`, `«`, `»`, `‘`, `’`) with where it
/// starts, in order. They are found by their first bytes (`"`, `'`, and the lead bytes E2 and
/// C2), thirty-two bytes at a time where the processor allows: one pass, where a `memchr3` and a
/// `memchr` pass and a sort of what they found were half of finding the quotes of a text.
fn quote_marks(text: &str, stride: Stride) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    let mut marks = Vec::new();
    let mut i = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if stride == Stride::ThirtyTwo {
        // SAFETY: the processor has AVX2, or `allowed` would not have let the caller ask for
        // thirty-two bytes at a time.
        i = unsafe { quote_marks_avx2(bytes, &mut marks) };
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let _ = stride;
    marks.extend((i..bytes.len()).filter_map(|k| quote_mark_at(bytes, k).map(|c| (k, c))));
    marks
}

/// [`quote_marks`] thirty-two bytes at a time from the start, for processors with AVX2;
/// returns where it stopped (every mark that starts before it is taken, and none after).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn quote_marks_avx2(bytes: &[u8], marks: &mut Vec<(usize, char)>) -> usize {
    use super::wide::Bytes32;
    let mut i = 0;
    while i + 32 <= bytes.len() {
        let v = Bytes32::load(bytes, i);
        let firsts = v.is(b'"').or(v.is(b'\'')).or(v.is(0xE2)).or(v.is(0xC2));
        let mut found = firsts.bits();
        while found != 0 {
            let k = i + found.trailing_zeros() as usize;
            if let Some(c) = quote_mark_at(bytes, k) {
                marks.push((k, c));
            }
            found &= found - 1;
        }
        i += 32;
    }
    i
}

/// The quotation mark that starts at byte `k`, if one does: matched by its bytes, where
/// decoding the character cost more than the match (the right-to-left mark, E2 80 8F, is in
/// most Arabic news).
fn quote_mark_at(bytes: &[u8], k: usize) -> Option<char> {
    match bytes[k..] {
        [b'"', ..] => Some('"'),
        [b'\'', ..] => Some('\''),
        [0xE2, 0x80, 0x9C, ..] => Some('“'),
        [0xE2, 0x80, 0x9D, ..] => Some('”'),
        [0xE2, 0x80, 0x9E, ..] => Some('„'),
        [0xE2, 0x80, 0x98, ..] => Some('‘'),
        [0xE2, 0x80, 0x99, ..] => Some('’'),
        [0xC2, 0xAB, ..] => Some('«'),
        [0xC2, 0xBB, ..] => Some('»'),
        _ => None,
    }
}

fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`clause_end`] as it was written first, character by character.
    fn clause_end_by_chars(text: &str, start: usize, sentence_end: usize) -> usize {
        let clause = &text[start..sentence_end];
        for (i, c) in clause.char_indices() {
            match c {
                ';' | '؛' => return start + i,
                ',' | '،' => {
                    let rest = clause[i + c.len_utf8()..].trim_start();
                    let opens = CONNECTORS.iter().any(|w| {
                        rest.strip_prefix(w)
                            .is_some_and(|after| !after.chars().next().is_some_and(is_word_char))
                    });
                    if opens {
                        return start + i;
                    }
                }
                _ => {}
            }
        }
        sentence_end
    }

    /// [`quote_marks`] as it was first written: two `memchr` passes for the first bytes, each
    /// character decoded, and a sort.
    fn quote_marks_by_memchr(text: &str) -> Vec<(usize, char)> {
        let bytes = text.as_bytes();
        let mut marks: Vec<(usize, char)> = memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes)
            .chain(memchr::memchr_iter(0xC2, bytes))
            .filter_map(|i| {
                let c = text[i..].chars().next()?;
                matches!(c, '"' | '\'' | '“' | '”' | '„' | '«' | '»' | '‘' | '’').then_some((i, c))
            })
            .collect();
        marks.sort_unstable_by_key(|&(i, _)| i);
        marks
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Every stride finds the marks the `memchr` passes found; the alphabet has every
        /// mark, other characters with the same lead bytes (– … ‏ ¬), characters with a
        /// mark's continuation bytes (ـ is D9 80), and is long enough for several steps.
        #[test]
        fn quote_marks_agree_with_memchr(
            text in "([\"'“”„«»‘’–…\u{200F}¬ـٹڛ ]|ا|x){0,90}",
        ) {
            let expected = quote_marks_by_memchr(&text);
            for stride in [Stride::Char, Stride::Sixteen, Stride::ThirtyTwo] {
                proptest::prop_assert_eq!(&quote_marks(&text, stride.allowed()), &expected);
            }
        }

        /// Finding the marks by their bytes ends a clause where the character walk does; the
        /// alphabet has the marks, a connector's letters, and other characters with a D8 lead
        /// byte or an 8C or 9B continuation byte (ؤ, ٌ, ZWNJ, ٛ).
        #[test]
        fn clause_end_agrees_with_the_character_walk(
            text in "([;,؛،]|فيما|لكن|but|while| |ا|ؤ|\u{064C}|\u{200C}|\u{065B}|x){0,40}",
            cut in 0usize..200,
            from in 0usize..200,
        ) {
            let bounds = crate::text::char_bounds(&text);
            let end = bounds[cut % bounds.len()];
            let start = bounds[from % bounds.len()].min(end);
            proptest::prop_assert_eq!(
                clause_end(&text, start, end),
                clause_end_by_chars(&text, start, end)
            );
        }
    }

    fn quoted(text: &str) -> Vec<&str> {
        quotes(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_quotes_of_every_kind() {
        let cases: [(&str, &[&str]); 10] = [
            (
                r#"وصفهم بـ "الإرهابيين الأجانب" في القتال"#,
                &[r#""الإرهابيين الأجانب""#],
            ),
            ("دعا إلى وقف “تامّ” للقتال", &["“تامّ”"]),
            ("قال «لن «نتراجع» أبدا» ثم", &["«لن «نتراجع» أبدا»"]),
            ("قال \"لم يغلق\nالسطر\n\nفقرة", &["\"لم يغلق\nالسطر"]),
            // Without blank lines each line is a paragraph: the quote ends with its line.
            ("قال \"لم يغلق\nالسطر التالي", &["\"لم يغلق"]),
            ("the 'so-called' republic", &["'so-called'"]),
            ("the martyrs' graves and Aliyev's words", &[]),
            ("”مغلق بنفس العلامة” نعم", &["”مغلق بنفس العلامة”"]),
            ("no quotes here", &[]),
            ("'unclosed and \"closed\" text", &["\"closed\""]),
        ];
        for (text, expected) in cases {
            assert_eq!(quoted(text), expected, "{text}");
        }
    }

    #[test]
    fn a_single_quote_closes_after_the_punctuation_that_ends_its_clause() {
        let cases: [(&str, &[&str]); 10] = [
            (
                "'We reject the re-occupation of our land,' Pashinyan said.",
                &["'We reject the re-occupation of our land,'"],
            ),
            (
                "'The mercenaries,' he said, 'are everywhere.' The mercenaries left.",
                &["'The mercenaries,'", "'are everywhere.'"],
            ),
            (
                "'We can't accept the re-occupation,' Pashinyan said.",
                &["'We can't accept the re-occupation,'"],
            ),
            (
                "‘We liberated Shusha,’ Aliyev said.",
                &["‘We liberated Shusha,’"],
            ),
            (
                "'Are they here?' he asked. 'Yes!'",
                &["'Are they here?'", "'Yes!'"],
            ),
            (
                "وقال باشينيان: 'المرتزقة وصلوا.' ثم غادر.",
                &["'المرتزقة وصلوا.'"],
            ),
            ("'المرتزقة وصلوا،' قال باشينيان.", &["'المرتزقة وصلوا،'"]),
            ("'هل وصلوا؟' سأل.", &["'هل وصلوا؟'"]),
            // Apostrophes stay apostrophes: inside words, and the possessive after s.
            ("Azerbaijan's troops, the soldiers' graves. Don't.", &[]),
            // Nothing open: punctuation and a quote close nothing.
            ("It ended.' Then, 'we went.", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(quoted(text), expected, "{text}");
        }
    }

    #[test]
    fn reported_clauses_end_with_their_sentence() {
        let text = "ويقول المسؤولون إن تركيا ترسل مرتزقة. وهذا خبر.";
        let map = VoiceMap::new(text, &[text.find("تركيا").unwrap()]);
        assert_eq!(map.voice_at(text.find("مرتزقة").unwrap()), Voice::Reported);
        assert_eq!(map.voice_at(text.find("خبر").unwrap()), Voice::Own);
        assert_eq!(map.voice_at(text.find("المسؤولون").unwrap()), Voice::Own);

        let text = "أعلنت أرمينيا أنّ أذربيجان قصفت شوشي، فيما اتهمت وزارة الدفاع الانفصاليين.";
        let map = VoiceMap::new(text, &[text.find("أذربيجان").unwrap()]);
        assert_eq!(map.voice_at(text.find("شوشي").unwrap()), Voice::Reported);
        assert_eq!(map.voice_at(text.find("الانفصاليين").unwrap()), Voice::Own);
        // A soft wrap inside a paragraph does not end the clause; a line break between
        // paragraphs does.
        let text = "ويقول المسؤولون إن\nتركيا ترسل مرتزقة\n\nوهذا خبر.";
        let map = VoiceMap::new(text, &[text.find("إن").unwrap() + "إن".len()]);
        assert_eq!(map.voice_at(text.find("مرتزقة").unwrap()), Voice::Reported);
        assert_eq!(map.voice_at(text.find("خبر").unwrap()), Voice::Own);

        let text = "He said the rebels attacked; the separatists denied it.";
        let map = VoiceMap::new(text, &[text.find("the rebels").unwrap()]);
        assert_eq!(map.voice_at(text.find("rebels").unwrap()), Voice::Reported);
        assert_eq!(map.voice_at(text.find("separatists").unwrap()), Voice::Own);
    }
}

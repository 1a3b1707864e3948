//! Words, sentences and paragraphs.
//!
//! Sentences end at `.`, `!`, `?`, the Arabic question mark `؟`, `…`, and at the end of their
//! paragraph. A wrapped text (blank lines between paragraphs, no line over 100 characters) is
//! read as Markdown is: a single line break inside a paragraph is a soft wrap, not a sentence
//! end. Any other text (scraped news puts each paragraph, title and caption on its own line, a
//! title often without final punctuation) has one paragraph per line, so every line break ends
//! a sentence. A line
//! break is `\n`, `\r\n` or a bare `\r` (old Mac OS files). Words are runs of letters, digits
//! and marks; an apostrophe between two letters stays inside the word (`martyr's`). Clitics are
//! not split off here: that is the matcher's job, with the lexicon's affix rules.
//!
//! ```
//! use framelens::text::{paragraphs, sentences, word_spans};
//! let text = "قال إنه جاء. ثم ذهب؟\n\nفقرة ثانية";
//! assert_eq!(sentences(text).len(), 3);
//! assert_eq!(paragraphs(text).len(), 2);
//! assert_eq!(word_spans("martyr's grave, 2020").len(), 3);
//! ```

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use super::Stride;

/// Whether `c` belongs inside a word: a letter, a digit or a combining mark.
pub fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and the Arabic block: the general Unicode lookup is slow, and this
    // runs for every character of every article.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        '\u{0621}'..='\u{063A}' | '\u{0640}'..='\u{065F}' | '\u{0660}'..='\u{0669}' => true,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => false,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// [`is_word_char`] for U+0600–U+067F, by the lead byte (D8 or D9) and the low six bits of the
/// second byte: the bulk of Arabic text, looked up instead of decoded.
static ARABIC_WORD: [[bool; 64]; 2] = {
    let mut table = [[false; 64]; 2];
    let mut lead = 0;
    while lead < 2 {
        let mut low = 0;
        while low < 64 {
            let c = 0x0600 + lead * 64 + low;
            table[lead][low] = matches!(
                c,
                0x0610..=0x061A | 0x0620..=0x065F | 0x0660..=0x0669 | 0x066E..=0x067F
            );
            low += 1;
        }
        lead += 1;
    }
    table
};

/// Which characters of U+0600–U+06FF [`script_letters`] counts as Arabic letters, by lead byte
/// (D8–DB) and the low six bits of the second byte.
static ARABIC_LETTER: [[bool; 64]; 4] = {
    let mut table = [[false; 64]; 4];
    let mut lead = 0;
    while lead < 4 {
        let mut low = 0;
        while low < 64 {
            let c = 0x0600 + lead * 64 + low;
            table[lead][low] = is_arabic_letter(c as u32);
            low += 1;
        }
        lead += 1;
    }
    table
};

/// The letters of the Arabic script that language detection counts.
const fn is_arabic_letter(c: u32) -> bool {
    matches!(
        c,
        0x0621..=0x064A
            | 0x066E..=0x066F
            | 0x0671..=0x06D3
            | 0x06D5
            | 0x06FA..=0x06FC
            | 0x0750..=0x077F
            | 0x08A0..=0x08C9
            | 0xFB50..=0xFDFB
            | 0xFE70..=0xFEFC
    )
}

/// Whether the character at byte `i` of `text` is inside a word. An apostrophe counts when it
/// has word characters on both sides.
pub fn is_word_at(text: &str, i: usize) -> bool {
    let Some(c) = text[i..].chars().next() else {
        return false;
    };
    if is_word_char(c) {
        return true;
    }
    c == '\''
        && text[..i].chars().next_back().is_some_and(is_word_char)
        && text[i + 1..].chars().next().is_some_and(is_word_char)
}

/// The byte spans of the words of `text`, by [`is_word_at`].
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    word_spans_with(text, Stride::ThirtyTwo.allowed())
}

/// [`word_spans`], at most `stride` bytes at a time (one the processor allows).
fn word_spans_with(text: &str, stride: Stride) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::with_capacity(bytes.len() / 6);
    // Where the word being read started, if the last character was inside one.
    let mut open: Option<usize> = None;
    let mut i = 0;
    // Sixteen to sixty-four bytes at a time where they are ASCII, the Arabic block and common
    // punctuation without apostrophes, one character at a time around the rest: a character
    // loop was a tenth of scoring.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let mut wide_from = if stride > Stride::Char { 0 } else { usize::MAX };
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let wide_avx2 = stride == Stride::ThirtyTwo && super::wide::has_bit_counts();
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let _ = stride;
    while i < bytes.len() {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if i >= wide_from {
            let from = i;
            if wide_avx2 {
                // SAFETY: the processor has AVX2, or `allowed` would not have let the caller
                // ask for thirty-two bytes at a time, and BMI1 and POPCNT (`has_bit_counts`).
                i = unsafe { word_chunks_avx2(bytes, i, &mut open, &mut spans) };
            }
            // The last sixteen to thirty-two bytes may still fill a chunk of sixteen. (Where
            // the thirty-two-byte step stopped at a character, so would this one.)
            if !wide_avx2 || i + 32 > bytes.len() {
                i = word_chunks(bytes, i, &mut open, &mut spans);
            }
            if i >= bytes.len() {
                break;
            }
            // The steps stop at the first character they cannot take (an apostrophe, a letter
            // of another script): after it, try them again at once. Where they took nothing, a
            // run of such characters may follow (a Latin name, a Persian word): take sixteen
            // bytes of it one character at a time first.
            wide_from = if i + 16 > bytes.len() {
                usize::MAX
            } else if i > from {
                i + 1
            } else {
                i + 16
            };
        }
        let (is_word, width) = word_char_at(text, i);
        if is_word {
            open.get_or_insert(i);
        } else if bytes[i] == b'\''
            && open.is_some()
            && i + 1 < bytes.len()
            && word_char_at(text, i + 1).0
        {
            // An apostrophe between word characters stays inside the word. (A word is open
            // here only after a word character: an apostrophe taken in is always followed by
            // one.)
        } else if let Some(start) = open.take() {
            spans.push(start..i);
        }
        i += width;
    }
    if let Some(start) = open {
        spans.push(start..bytes.len());
    }
    spans
}

/// From character boundary `i`, takes sixteen-byte chunks of ASCII, two-byte Arabic
/// characters (lead byte D8 or D9) and common punctuation without an apostrophe: opens and
/// closes words at the changes between word and other characters, and returns where it
/// stopped (at a character it cannot take, or before the text's last sixteen bytes).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn word_chunks(
    bytes: &[u8],
    mut i: usize,
    open: &mut Option<usize>,
    spans: &mut Vec<Range<usize>>,
) -> usize {
    use super::wide::Bytes16;
    // A local copy, which can live in registers (`open` would be stored at every chunk).
    let mut word_open = *open;
    while let Some(window) = bytes.get(i..i + 16) {
        let v = Bytes16::load(window, 0);
        let alnum = v.within(b'0', b'9') | v.within(b'A', b'Z') | v.within(b'a', b'z');
        let chunk = Chunk {
            width: 16,
            plain: u64::from(v.within(0, 0x7F).and_not(v.is(b'\'')).bits()),
            d8: u64::from(v.is(0xD8).bits()),
            d9: u64::from(v.is(0xD9).bits()),
            alnum: u64::from(alnum.bits()),
            not_after_d8: u64::from((v.within(0x80, 0x8F) | v.within(0x9B, 0x9F)).bits()),
            not_after_d9: u64::from(v.within(0xAA, 0xAD).bits()),
        };
        let (len, stopped) = take_chunk(chunk, bytes, i, &mut word_open, spans);
        i += len;
        if stopped {
            break;
        }
    }
    *open = word_open;
    i
}

/// What the wide steps know of a chunk of bytes, bit `k` for byte `k`.
#[derive(Clone, Copy)]
struct Chunk {
    /// How many bytes it has: 16, 32 or 64.
    width: u32,
    /// Its ASCII bytes other than the apostrophe (a word's or not by both its neighbours).
    plain: u64,
    /// Its lead bytes D8 (the second byte of each is the next, maybe past the chunk).
    d8: u64,
    /// Its lead bytes D9.
    d9: u64,
    /// Its ASCII letters and digits.
    alnum: u64,
    /// Its bytes that after D8 make neither a letter nor a mark (`ARABIC_WORD`).
    not_after_d8: u64,
    /// Its bytes that after D9 make neither a letter, a digit nor a mark.
    not_after_d9: u64,
}

impl Chunk {
    /// `self` followed by `high`, both thirty-two bytes.
    #[inline(always)]
    fn join(self, high: Chunk) -> Chunk {
        Chunk {
            width: 64,
            plain: self.plain | (high.plain << 32),
            d8: self.d8 | (high.d8 << 32),
            d9: self.d9 | (high.d9 << 32),
            alnum: self.alnum | (high.alnum << 32),
            not_after_d8: self.not_after_d8 | (high.not_after_d8 << 32),
            not_after_d9: self.not_after_d9 | (high.not_after_d9 << 32),
        }
    }
}

/// Opens and closes words over the bytes of `chunk`, at byte `at` of `bytes`, up to the first
/// character it cannot judge (another script's, an apostrophe), and short of a character
/// that ends past the chunk: returns how many bytes it took (up to a character boundary) and
/// whether it stopped at such a character.
#[inline(always)]
fn take_chunk(
    chunk: Chunk,
    bytes: &[u8],
    at: usize,
    open: &mut Option<usize>,
    spans: &mut Vec<Range<usize>>,
) -> (usize, bool) {
    let all = u64::MAX >> (64 - chunk.width);
    let lead = chunk.d8 | chunk.d9;
    // Bytes of other characters, and apostrophes. (A lead byte's second is never one: what
    // comes before the first is ASCII and whole Arabic characters, and it starts one.)
    let mut stop = !(chunk.plain | lead | (lead << 1)) & all;
    // Where the chunk ends short: before a lead byte in the last place.
    let mut short = lead & (1 << (chunk.width - 1));
    // Quotation marks, dashes and spaces of Latin-1 and General Punctuation («, », “, –):
    // never in a word, and, between two words, worth no trip to the character loop.
    while stop != 0 {
        let k = stop.trailing_zeros();
        let len = punctuation_len(bytes, at + k as usize);
        if len == 0 {
            break;
        }
        if k + len > chunk.width {
            short |= 1 << k;
            stop = 0;
        } else {
            stop &= !(((1 << len) - 1) << k);
        }
    }
    let end = stop | short;
    let taken = end.wrapping_sub(1) & !end & all;
    // The second bytes of Arabic letters, digits and marks, judged with the lead byte before
    // them; the lead byte is inside a word with its second.
    let arabic = ((chunk.d8 << 1) & !chunk.not_after_d8) | ((chunk.d9 << 1) & !chunk.not_after_d9);
    let word = chunk.alnum | arabic | (arabic >> 1);
    push_words(word, taken, at, open, spans);
    (end.trailing_zeros().min(chunk.width) as usize, stop != 0)
}

/// U+0080–U+00BF that are not word characters, bit `k` for U+0080 + `k`: all but ª, ², ³, µ,
/// ¹, º, ¼, ½ and ¾.
const LATIN1_PUNCTUATION: u64 = 0x89d3_fbff_ffff_ffff;

/// The length of the character at byte `k` of `bytes` if it is Latin-1 punctuation
/// ([`LATIN1_PUNCTUATION`]) or General Punctuation up to U+203F (all spaces, dashes,
/// quotation marks, bullets and format characters), else 0.
#[inline(always)]
fn punctuation_len(bytes: &[u8], k: usize) -> u32 {
    match bytes.get(k..k + 2) {
        Some(&[0xC2, second]) if (LATIN1_PUNCTUATION >> (second & 0x3F)) & 1 != 0 => 2,
        Some(&[0xE2, 0x80]) => 3,
        _ => 0,
    }
}

/// Opens and closes words over the bytes `taken` says (the first few, or none) of those from
/// byte `at` on, bit `k` of `word` saying whether byte `at + k` is inside one.
#[inline(always)]
fn push_words(
    word: u64,
    taken: u64,
    at: usize,
    open: &mut Option<usize>,
    spans: &mut Vec<Range<usize>>,
) {
    // Whether each byte's predecessor is inside a word.
    let before = (word << 1) | u64::from(open.is_some());
    // Where words start and end. Starts and ends alternate, so the n-th end closes the word
    // of the n-th start (or the open word). Past the last start, `trailing_zeros` gives 64:
    // a start never kept.
    let starts = word & !before & taken;
    let mut ends = !word & before & taken;
    // Whether a word is open after the last byte taken (the top bit of `taken`).
    let open_after = if taken == 0 {
        open.is_some()
    } else {
        word & (taken ^ (taken >> 1)) != 0
    };
    let (mut start, mut starts) = match *open {
        Some(start) => (start, starts),
        None => (
            at + starts.trailing_zeros() as usize,
            starts & starts.wrapping_sub(1),
        ),
    };
    // Room for every word the bytes can close, one every other byte at most, reserved once
    // instead of checked at every push.
    const MOST: usize = 32;
    spans.reserve(MOST);
    let spare = &mut spans.spare_capacity_mut()[..MOST];
    let closed = ends.count_ones() as usize;
    for slot in &mut spare[..closed] {
        slot.write(start..at + ends.trailing_zeros() as usize);
        ends &= ends - 1;
        start = at + starts.trailing_zeros() as usize;
        starts &= starts.wrapping_sub(1);
    }
    let len_before = spans.len();
    // SAFETY: the `closed` spare slots after the spans were written just above.
    unsafe { spans.set_len(len_before + closed) };
    *open = if open_after { Some(start) } else { None };
}

/// [`word_chunks`] sixty-four and then thirty-two bytes at a time, for processors with AVX2:
/// the same tests on more bytes at once, which took a third off the instructions of finding
/// words, and the bookkeeping of a chunk (where words start and end, room for them) once for
/// more bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2,bmi1,popcnt")]
fn word_chunks_avx2(
    bytes: &[u8],
    mut i: usize,
    open: &mut Option<usize>,
    spans: &mut Vec<Range<usize>>,
) -> usize {
    // Local copies, which can live in registers (through the references, every chunk would
    // store them).
    let (mut word_open, mut words) = (*open, std::mem::take(spans));
    while let Some(window) = bytes.get(i..i + 64) {
        let chunk = chunk_avx2(&window[..32]).join(chunk_avx2(&window[32..]));
        let (len, stopped) = take_chunk(chunk, bytes, i, &mut word_open, &mut words);
        i += len;
        if stopped {
            (*open, *spans) = (word_open, words);
            return i;
        }
    }
    while let Some(window) = bytes.get(i..i + 32) {
        let chunk = chunk_avx2(window);
        let (len, stopped) = take_chunk(chunk, bytes, i, &mut word_open, &mut words);
        i += len;
        if stopped {
            break;
        }
    }
    (*open, *spans) = (word_open, words);
    i
}

/// The [`Chunk`] of the first thirty-two bytes of `window`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
#[inline]
fn chunk_avx2(window: &[u8]) -> Chunk {
    use super::wide::Bytes32;
    let v = Bytes32::load(window, 0);
    let alnum = v
        .within(b'0', b'9')
        .or(v.within(b'A', b'Z'))
        .or(v.within(b'a', b'z'));
    Chunk {
        width: 32,
        plain: v.within(0, 0x7F).and_not(v.is(b'\'')).bits(),
        d8: v.is(0xD8).bits(),
        d9: v.is(0xD9).bits(),
        alnum: alnum.bits(),
        not_after_d8: v.within(0x80, 0x8F).or(v.within(0x9B, 0x9F)).bits(),
        not_after_d9: v.within(0xAA, 0xAD).bits(),
    }
}

/// Whether the character at byte `i` of `text` is a word character, and its length.
#[inline(always)]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    // Decode by hand: ASCII and the two-byte Arabic block are nearly all of news text.
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        (b.is_ascii_alphanumeric(), 1)
    } else if b & 0xFE == 0xD8 {
        // A lead byte is always followed by its second byte in UTF-8.
        let low = usize::from(bytes[i + 1] & 0x3F);
        (ARABIC_WORD[usize::from(b & 1)][low], 2)
    } else if (0xC2..0xE0).contains(&b) {
        let c = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
        (char::from_u32(c).is_some_and(is_word_char), 2)
    } else {
        let c = text[i..].chars().next().expect("a character boundary");
        (is_word_char(c), c.len_utf8())
    }
}

/// How many Arabic-script letters and Latin letters `text` has: what language detection
/// weighs. Letter ranges are matched directly (the general Unicode lookup is slow, and this
/// runs over every article).
pub fn script_letters(text: &str) -> (usize, usize) {
    script_letters_with(text, Stride::ThirtyTwo.allowed())
}

/// [`script_letters`], at most `stride` bytes at a time (one the processor allows).
fn script_letters_with(text: &str, stride: Stride) -> (usize, usize) {
    // Most news text is ASCII and the Arabic block (lead bytes D8–DB) alone: then every byte is
    // judged without decoding, sixteen at a time where the processor allows, which a branchy
    // character loop took a twentieth of scoring to do. A lead byte of another block with
    // counted letters sends the text to the character loop.
    let bytes = text.as_bytes();
    let (mut arabic, mut latin, mut other) = (0usize, 0usize, 0u8);
    // Each byte counts by itself (an ASCII letter, a lead byte of another block) and with the
    // byte before it (an Arabic letter is counted at its second byte), without a branch.
    let count = |t: usize, arabic: &mut usize, latin: &mut usize, other: &mut u8| {
        let class = BYTE_CLASS[usize::from(bytes[t])];
        *latin += usize::from(class == LATIN_LETTER);
        *other |= u8::from(class == OTHER_LEAD);
        if let Some(&before) = t.checked_sub(1).and_then(|b| bytes.get(b)) {
            let letter = ARABIC_LETTER[usize::from(before & 3)][usize::from(bytes[t] & 0x3F)];
            *arabic += usize::from(letter & (BYTE_CLASS[usize::from(before)] == ARABIC_LEAD));
        }
    };
    let mut t = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if !bytes.is_empty() && stride > Stride::Char {
        count(0, &mut arabic, &mut latin, &mut other);
        let mut wide = (1, (0, 0, false));
        if stride == Stride::ThirtyTwo {
            // SAFETY: the processor has AVX2, or `allowed` would not have let the caller ask
            // for thirty-two bytes at a time.
            wide = unsafe { wide_letters_avx2(bytes, 1) };
        }
        // What is left may still fill a chunk of sixteen bytes.
        let narrow = wide_letters(bytes, wide.0);
        t = narrow.0;
        arabic += wide.1.0 + narrow.1.0;
        latin += wide.1.1 + narrow.1.1;
        other |= u8::from(wide.1.2 || narrow.1.2);
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let _ = stride;
    while t < bytes.len() {
        count(t, &mut arabic, &mut latin, &mut other);
        t += 1;
    }
    if other == 0 {
        return (arabic, latin);
    }
    let (mut arabic, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        let c = u32::from(c);
        match c {
            _ if is_arabic_letter(c) => arabic += 1,
            0x41..=0x5A | 0x61..=0x7A => latin += 1,
            // Latin-1 and Latin Extended letters, but not × and ÷.
            0xC0..=0x24F if c != 0xD7 && c != 0xF7 => latin += 1,
            _ => {}
        }
    }
    (arabic, latin)
}

/// [`script_letters`]' counts for the bytes from `t` (at least 1) on, sixteen at a time:
/// Arabic letters (at their second byte), Latin letters, and whether a lead byte of another
/// counted block occurs; returns where the last whole chunk ends, with the counts.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn wide_letters(bytes: &[u8], mut t: usize) -> (usize, (usize, usize, bool)) {
    use super::wide::Bytes16;
    let (mut arabic, mut latin, mut other) = (0, 0, false);
    while t + 16 <= bytes.len() {
        let (v, before) = (Bytes16::load(bytes, t), Bytes16::load(bytes, t - 1));
        latin += (v.within(b'A', b'Z') | v.within(b'a', b'z'))
            .bits()
            .count_ones() as usize;
        other |= (v.within(0xC3, 0xC9) | v.is(0xDD) | v.is(0xE0) | v.is(0xEF)).bits() != 0;
        // The letters `is_arabic_letter` lists in U+0600–U+06FF, by lead and second byte.
        let letters = (before.is(0xD8) & v.within(0xA1, 0xBF))
            | (before.is(0xD9) & (v.within(0x80, 0x8A) | v.within(0xAE, 0xAF)))
            | (before.is(0xD9) & v.within(0xB1, 0xBF))
            | (before.is(0xDA) & v.within(0x80, 0xBF))
            | (before.is(0xDB) & (v.within(0x80, 0x93) | v.is(0x95) | v.within(0xBA, 0xBC)));
        arabic += letters.bits().count_ones() as usize;
        t += 16;
    }
    (t, (arabic, latin, other))
}

/// [`wide_letters`] thirty-two bytes at a time, for processors with AVX2.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn wide_letters_avx2(bytes: &[u8], mut t: usize) -> (usize, (usize, usize, bool)) {
    use super::wide::Bytes32;
    let (mut arabic, mut latin, mut other) = (0, 0, false);
    while t + 32 <= bytes.len() {
        let (v, before) = (Bytes32::load(bytes, t), Bytes32::load(bytes, t - 1));
        let letters = v.within(b'A', b'Z').or(v.within(b'a', b'z'));
        latin += letters.bits().count_ones() as usize;
        let others = v
            .within(0xC3, 0xC9)
            .or(v.is(0xDD))
            .or(v.is(0xE0))
            .or(v.is(0xEF));
        other |= others.bits() != 0;
        // The letters `is_arabic_letter` lists in U+0600–U+06FF, by lead and second byte.
        let after_d9 = v
            .within(0x80, 0x8A)
            .or(v.within(0xAE, 0xAF))
            .or(v.within(0xB1, 0xBF));
        let after_db = v.within(0x80, 0x93).or(v.is(0x95)).or(v.within(0xBA, 0xBC));
        let letters = before
            .is(0xD8)
            .and(v.within(0xA1, 0xBF))
            .or(before.is(0xD9).and(after_d9))
            .or(before.is(0xDA).and(v.within(0x80, 0xBF)))
            .or(before.is(0xDB).and(after_db));
        arabic += letters.bits().count_ones() as usize;
        t += 32;
    }
    (t, (arabic, latin, other))
}

const LATIN_LETTER: u8 = 1;
const ARABIC_LEAD: u8 = 2;
const OTHER_LEAD: u8 = 3;

/// What each byte of UTF-8 text is to [`script_letters`]: an ASCII letter, the lead byte of a
/// character of the Arabic block, the lead byte of a block with other counted letters, or
/// nothing to count (other ASCII, continuation bytes, blocks without counted letters).
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'Z' | b'a'..=b'z' => LATIN_LETTER,
            0xD8..=0xDB => ARABIC_LEAD,
            // Lead bytes of the other blocks with counted letters: Latin-1 and Latin
            // Extended (C3–C9), Arabic Supplement (DD), Arabic Extended-A (E0) and the Arabic
            // presentation forms (EF). Punctuation such as « » – or a no-break space is not.
            0xC3..=0xC9 | 0xDD | 0xE0 | 0xEF => OTHER_LEAD,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The language a text is mostly written in, by script: Arabic letters against Latin letters.
/// A text with neither (or a tie) counts as Arabic, the first-class language.
pub fn detect_language(text: &str) -> crate::affix::Language {
    let (arabic, latin) = script_letters(text);
    if latin > arabic {
        crate::affix::Language::English
    } else {
        crate::affix::Language::Arabic
    }
}

/// Sentence spans of `text`, covering every non-blank stretch (white space at the edges trimmed):
/// each [paragraph](paragraphs) split after its sentence marks.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentences_in(text, &paragraphs(text))
}

/// As [`sentences`], with the text's [`paragraphs`] already worked out.
pub fn sentences_in(text: &str, paragraphs: &[Range<usize>]) -> Vec<Range<usize>> {
    let marks = sentence_marks(text, Stride::ThirtyTwo.allowed());
    // At most a sentence per mark and one more per paragraph.
    let mut spans = Vec::with_capacity(marks.len() + paragraphs.len());
    let mut next = 0;
    for paragraph in paragraphs.iter().cloned() {
        let mut start = paragraph.start;
        while let Some(&(i, c)) = marks.get(next).filter(|&&(i, _)| i < paragraph.end) {
            next += 1;
            if i < start || (c == '.' && is_inner_period(text, i)) {
                // Inside a run of closing punctuation already taken, or a period that does not
                // end a sentence.
                continue;
            }
            // Keep the run of closing punctuation and quotes with the sentence.
            let end = i + c.len_utf8();
            let end = end + closing_len(&text.as_bytes()[end..paragraph.end]);
            push_trimmed(text, start..end, &mut spans);
            start = end;
        }
        push_trimmed(text, start..paragraph.end, &mut spans);
    }
    spans
}

/// How many bytes of closing punctuation and quotes (`.!?؟…"”»)'`) `rest` starts with: they
/// stay with the sentence they close. Matched by their bytes, where decoding each character
/// cost more than the match.
fn closing_len(rest: &[u8]) -> usize {
    let mut k = 0;
    loop {
        k += match rest[k..] {
            [b'.' | b'!' | b'?' | b'"' | b')' | b'\'', ..] => 1,
            // `؟` and `»`.
            [0xD8, 0x9F, ..] | [0xC2, 0xBB, ..] => 2,
            // `…` and `”`.
            [0xE2, 0x80, 0xA6 | 0x9D, ..] => 3,
            _ => return k,
        };
    }
}

/// Every punctuation mark that may end a sentence, in order (`؟` is D8 9F, `۔` DB 94, `…` E2 80
/// A6), found sixteen bytes at a time, where five `memchr` passes (and a sort) were two per cent
/// of scoring a corpus. Line breaks end sentences through [`paragraphs`].
fn sentence_marks(text: &str, stride: Stride) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    // News text has a sentence mark every hundred-odd bytes: room for that saves regrowing.
    let mut marks = Vec::with_capacity(bytes.len() / 128);
    let mut i = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if stride == Stride::ThirtyTwo {
        // SAFETY: the processor has AVX2, or `allowed` would not have let the caller ask for
        // thirty-two bytes at a time.
        i = unsafe { sentence_marks_avx2(bytes, &mut marks) };
    }
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if stride > Stride::Char {
        use super::wide::Bytes16;
        // The two bytes after each one are loaded too, for the marks of two and three bytes.
        while i + 18 <= bytes.len() {
            let v = Bytes16::load(bytes, i);
            let (next, after) = (Bytes16::load(bytes, i + 1), Bytes16::load(bytes, i + 2));
            let ascii = v.is(b'.') | v.is(b'!') | v.is(b'?');
            let arabic = (v.is(0xD8) & next.is(0x9F)) | (v.is(0xDB) & next.is(0x94));
            let ellipsis = v.is(0xE2) & next.is(0x80) & after.is(0xA6);
            let mut found = (ascii | arabic | ellipsis).bits();
            while found != 0 {
                let k = i + found.trailing_zeros() as usize;
                marks.extend(sentence_mark_at(bytes, k).map(|c| (k, c)));
                found &= found - 1;
            }
            i += 16;
        }
    }
    marks.extend((i..bytes.len()).filter_map(|k| sentence_mark_at(bytes, k).map(|c| (k, c))));
    marks
}

/// [`sentence_marks`] thirty-two bytes at a time from the start, for processors with AVX2;
/// returns where it stopped (every mark that starts before it is taken, and none after).
///
/// Each mark is found by its last byte (`.`, `!`, `?`, 9F, 94, A6) and checked back from
/// there: one load and six comparisons a chunk, where matching lead and following bytes took
/// three loads and ten comparisons. A continuation byte that only looks like a mark's end
/// (`ئ` is D8 A6) costs a check of the bytes before it.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn sentence_marks_avx2(bytes: &[u8], marks: &mut Vec<(usize, char)>) -> usize {
    use super::wide::Bytes32;
    let mut i = 0;
    while i + 32 <= bytes.len() {
        let v = Bytes32::load(bytes, i);
        let ends = v
            .is(b'.')
            .or(v.is(b'!'))
            .or(v.is(b'?'))
            .or(v.is(0x9F))
            .or(v.is(0x94))
            .or(v.is(0xA6));
        let mut found = ends.bits();
        while found != 0 {
            let end = i + found.trailing_zeros() as usize;
            marks.extend(sentence_mark_ending_at(bytes, end));
            found &= found - 1;
        }
        i += 32;
    }
    // A mark that starts before `i` and ends after it belongs here, not to the caller.
    marks.extend((i.saturating_sub(2)..i).filter_map(|k| {
        sentence_mark_at(bytes, k)
            .filter(|c| k + c.len_utf8() > i)
            .map(|c| (k, c))
    }));
    i
}

/// The sentence-ending mark whose last byte is at `end`, if one is, with where it starts.
fn sentence_mark_ending_at(bytes: &[u8], end: usize) -> Option<(usize, char)> {
    let start = match bytes[end] {
        b'.' | b'!' | b'?' => end,
        0x9F | 0x94 => end.checked_sub(1)?,
        0xA6 => end.checked_sub(2)?,
        _ => return None,
    };
    // The mark must end here: in `.ئ` the A6 of `ئ` is two bytes after a period.
    sentence_mark_at(bytes, start)
        .filter(|c| start + c.len_utf8() == end + 1)
        .map(|c| (start, c))
}

/// The sentence-ending mark that starts at byte `k`, if one does.
fn sentence_mark_at(bytes: &[u8], k: usize) -> Option<char> {
    match bytes[k..] {
        [b @ (b'.' | b'!' | b'?'), ..] => Some(char::from(b)),
        [0xD8, 0x9F, ..] => Some('؟'),
        [0xDB, 0x94, ..] => Some('۔'),
        [0xE2, 0x80, 0xA6, ..] => Some('…'),
        _ => None,
    }
}

/// English abbreviations whose period never ends a sentence: titles and ranks that go on to a
/// name (`Mr. Aliyev`, `Lt. Gen. Hajiyev`). A single capital letter (`U.S.`, `J. Smith`) is
/// one too.
const ENGLISH_TITLES: [&str; 12] = [
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sgt", "St", "Jr", "Prof", "vs",
];

/// Dotted English abbreviations (compared in lower case) that often end a sentence too: their
/// last period ends one only before a capital letter (`at 3 p.m. local time` goes on, `at 9
/// a.m. Then` does not); the periods inside them never do.
const ENGLISH_DOTTED: [&str; 2] = ["a.m.", "p.m."];

/// A period that does not end a sentence: a decimal point (`10.5`, `٣.٥`), or the period of an
/// abbreviation — English titles and initials ([`ENGLISH_TITLES`], [`ENGLISH_DOTTED`]), a lone
/// Arabic letter (an initial or a title, `د. باشينيان`, `م. حاجييف`; each letter of a dotted
/// acronym, `أ.ف.ب`, `و.م.ع`).
fn is_inner_period(text: &str, i: usize) -> bool {
    let (before, after) = (&text[..i], &text[i + 1..]);
    let (previous, next) = (before.chars().next_back(), after.chars().next());
    if previous.is_some_and(is_digit) && next.is_some_and(is_digit) {
        return true;
    }
    if let Some(last) = dotted_english(text, i) {
        let next_word = after.trim_start().chars().next();
        return !last || !next_word.is_some_and(|c| c.is_uppercase());
    }
    // Only the end of the word before the period matters: a title is at most four Latin letters
    // and an initial one Arabic letter with its marks. Trimming the whole word off with
    // `is_word_char` was a fifth of splitting sentences.
    let latin_len = before
        .bytes()
        .rev()
        .take(5)
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let latin = &before[before.len() - latin_len..];
    if (latin_len == 1 && latin.as_bytes()[0].is_ascii_uppercase())
        || (latin_len > 1 && ENGLISH_TITLES.contains(&latin))
    {
        return true;
    }
    arabic_initial_start(before).is_some_and(|start| {
        next.is_some_and(is_arabic_letter_char) || !after_a_number(&before[..start])
    })
}

/// Where the word that ends `before` starts, if that word is one Arabic letter with the marks on
/// it: an initial, a title or one letter of an acronym. Walks back over the marks to the letter
/// and checks that no word character comes before it.
fn arabic_initial_start(before: &str) -> Option<usize> {
    let mut chars = before.char_indices().rev();
    let (start, letter) = chars.by_ref().find(|&(_, c)| !is_combining_mark(c))?;
    let alone = !chars.next().is_some_and(|(_, c)| is_word_char(c));
    (is_arabic_letter_char(letter) && alone).then_some(start)
}

/// Whether the period at byte `i` belongs to one of [`ENGLISH_DOTTED`], and if so whether it is
/// its last. Only the few bytes around the period are looked at, so a long run of letters and
/// periods costs no more than a short one.
fn dotted_english(text: &str, i: usize) -> Option<bool> {
    let bytes = text.as_bytes();
    // Each period of these follows a Latin letter; most periods (in Arabic text nearly all)
    // do not, and need not be tried at each place in each abbreviation.
    if !i
        .checked_sub(1)
        .is_some_and(|p| bytes[p].is_ascii_alphabetic())
    {
        return None;
    }
    let dotted = |b: &u8| b.is_ascii_alphabetic() || *b == b'.';
    ENGLISH_DOTTED.iter().find_map(|abbreviation| {
        let abbreviation = abbreviation.as_bytes();
        // Each place the period at `i` could have in the abbreviation.
        abbreviation
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'.')
            .find_map(|(k, _)| {
                let start = i.checked_sub(k)?;
                let end = start + abbreviation.len();
                let whole = bytes.get(start..end)?.eq_ignore_ascii_case(abbreviation)
                    && !start
                        .checked_sub(1)
                        .and_then(|s| bytes.get(s))
                        .is_some_and(dotted)
                    && !bytes.get(end).is_some_and(dotted);
                whole.then_some(end == i + 1)
            })
    })
}

/// A letter of the Arabic alphabet (not tatweel, which makes `هـ` a word of its own).
fn is_arabic_letter_char(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// Whether the text before a lone letter (`before`) ends in a number: `2015 م.` is a year and its
/// era mark, which may end a sentence.
fn after_a_number(before: &str) -> bool {
    before.trim_end().chars().next_back().is_some_and(is_digit)
}

/// An ASCII or Arabic-Indic digit.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '٠'..='٩' | '۰'..='۹')
}

fn push_trimmed(text: &str, range: Range<usize>, spans: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let trimmed = slice.trim_start();
    let start = range.start + (slice.len() - trimmed.len());
    let end = start + trimmed.trim_end().len();
    if start < end {
        spans.push(start..end);
    }
}

/// The longest line, in characters, of a text wrapped by hand or by an editor (which wrap at
/// 72 to 80).
const WRAP_WIDTH: usize = 100;

/// Paragraph spans of `text`, without the line breaks at their edges.
///
/// A wrapped text, which separates paragraphs with blank lines (a line break, optional white
/// space and another line break, between two lines with text) and has no line longer than
/// `WRAP_WIDTH`, is read as Markdown reads it: a paragraph runs from one blank line to the
/// next, and a single line break inside it is a soft wrap. Any other text, as most scraped news
/// is (one paragraph per line, a headline line often without final punctuation, here and there
/// a blank line), has one paragraph per line.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let wrapped = is_wrapped(text);
    let mut spans = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for line in lines(text) {
        if text[line.clone()].trim().is_empty() {
            spans.extend(open.take());
            continue;
        }
        match &mut open {
            Some(paragraph) if wrapped => paragraph.end = line.end,
            _ => spans.extend(open.replace(line)),
        }
    }
    spans.extend(open);
    spans
}

/// Whether `text` is wrapped: a blank line between two lines with text, and no line longer
/// than [`WRAP_WIDTH`]. A news paragraph on one line runs to hundreds of characters, and
/// scraped news with a stray blank line is still one paragraph per line. (The first long line
/// ends the search: most texts are told after a line or two.)
fn is_wrapped(text: &str) -> bool {
    let (mut text_seen, mut blank_after_text, mut separated) = (false, false, false);
    for line in lines(text) {
        let line = &text[line];
        let short = line.len() <= WRAP_WIDTH
            || (line.len() <= 4 * WRAP_WIDTH && line.chars().count() <= WRAP_WIDTH);
        if !short {
            return false;
        }
        if line.trim().is_empty() {
            blank_after_text |= text_seen;
        } else {
            separated |= blank_after_text;
            text_seen = true;
        }
    }
    separated
}

/// The lines of `text`, without their line breaks: `\n`, `\r\n` (one break) or a bare `\r`.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
    // Where the next line starts; past the end once the last line is given.
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        let Some(k) = breaks.next() else {
            let last = start..bytes.len();
            start = bytes.len() + 1;
            return Some(last);
        };
        let line = start..k;
        start = k + 1;
        if bytes[k] == b'\r' && bytes.get(k + 1) == Some(&b'\n') {
            breaks.next();
            start += 1;
        }
        Some(line)
    })
}

/// The index of the span in `spans` (sorted, disjoint) that contains `pos`, or the last one that
/// starts before it.
pub fn span_index(spans: &[Range<usize>], pos: usize) -> usize {
    spans.partition_point(|s| s.start <= pos).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The wide searches find every sentence mark, and only those, in order: on mixed
        /// text, and on text thick with marks of two and three bytes and with `ئ` (D8 A6, which
        /// ends like `…`), long enough for the wide steps, so that marks cross their chunks.
        #[test]
        fn sentence_marks_are_every_mark_character(
            text in proptest::prop_oneof![
                "[اب ة.!?؟۔…\n\r\"»a-c0-9\u{2026}\u{06D4}\u{061F}é]{0,80}",
                "[ائ؟۔…ؔ.a ]{0,120}",
            ]
        ) {
            let by_char: Vec<(usize, char)> = text
                .char_indices()
                .filter(|(_, c)| matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…'))
                .collect();
            for stride in [Stride::Char, Stride::Sixteen, Stride::ThirtyTwo] {
                let marks = sentence_marks(&text, stride.allowed());
                proptest::prop_assert_eq!(marks, by_char.clone(), "{:?}", stride);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Paragraphs and sentences lie in order and together cover every character that is not
        /// white space, whatever the line breaks; sentences are trimmed and lie inside paragraphs.
        #[test]
        fn sentences_cover_every_non_blank_character(
            text in "([اأبدمفق .!?؟…،'\"»\n\r\t a-cAMpU0-9٣]|p\\.m\\.|د\\. |\\r\\n){0,60}"
        ) {
            let paragraphs = paragraphs(&text);
            let sentences = sentences(&text);
            for spans in [&paragraphs, &sentences] {
                for pair in spans.windows(2) {
                    proptest::prop_assert!(pair[0].end <= pair[1].start);
                }
                for span in spans.iter() {
                    proptest::prop_assert!(!text[span.clone()].trim().is_empty());
                }
                for (i, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
                    proptest::prop_assert!(spans.iter().any(|s| s.contains(&i)), "{} at {}", c, i);
                }
            }
            for sentence in &sentences {
                proptest::prop_assert_eq!(text[sentence.clone()].trim(), &text[sentence.clone()]);
                let p = &paragraphs[span_index(&paragraphs, sentence.start)];
                proptest::prop_assert!(p.start <= sentence.start && sentence.end <= p.end);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The byte match of closing punctuation agrees with matching characters.
        #[test]
        fn closing_len_is_the_run_of_closing_characters(
            text in "[.!?؟…\"”»)'ا »“a\u{2027}\u{061E}]{0,12}"
        ) {
            let by_char = text
                .find(|d| !matches!(d, '.' | '!' | '?' | '؟' | '…' | '"' | '”' | '»' | ')' | '\''))
                .unwrap_or(text.len());
            proptest::prop_assert_eq!(closing_len(text.as_bytes()), by_char);
        }
    }

    /// [`is_inner_period`] as first written, trimming the whole word before the period off:
    /// the oracle for the walk back over its last few characters.
    fn is_inner_period_by_rule(text: &str, i: usize) -> bool {
        let (before, after) = (&text[..i], &text[i + 1..]);
        let (previous, next) = (before.chars().next_back(), after.chars().next());
        if previous.is_some_and(is_digit) && next.is_some_and(is_digit) {
            return true;
        }
        if let Some(last) = dotted_english(text, i) {
            let next_word = after.trim_start().chars().next();
            return !last || !next_word.is_some_and(|c| c.is_uppercase());
        }
        let word = &before[before.trim_end_matches(is_word_char).len()..];
        let latin = &word[word
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .len()..];
        if (latin.len() == 1 && latin.starts_with(|c: char| c.is_ascii_uppercase()))
            || ENGLISH_TITLES.contains(&latin)
        {
            return true;
        }
        let mut chars = word.chars();
        let initial =
            chars.next().is_some_and(is_arabic_letter_char) && chars.all(is_combining_mark);
        initial
            && (next.is_some_and(is_arabic_letter_char)
                || !before[..before.len() - word.len()]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(is_digit))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Every period is judged as the whole-word rule judges it.
        #[test]
        fn inner_periods_follow_the_whole_word_rule(
            text in "([دمأفبعـ\u{064E}\u{0651}\u{0670}ا ٣.a-eA-ZMrsDtpP0-9é😀\u{0301}\n]|Mr|Prof|Gen|p\\.m\\.|A\\.M\\.|د\u{064F}){0,40}"
        ) {
            for (i, _) in text.match_indices('.') {
                proptest::prop_assert_eq!(
                    is_inner_period(&text, i),
                    is_inner_period_by_rule(&text, i),
                    "{:?} at {}", text, i
                );
            }
        }
    }

    /// Word spans by the rule itself, one character at a time: the oracle for [`word_spans`].
    fn word_spans_by_rule(text: &str) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        let mut start: Option<usize> = None;
        let mut previous_is_word = false;
        for (i, c) in text.char_indices() {
            let is_word = is_word_char(c);
            let word = is_word
                || (c == '\''
                    && previous_is_word
                    && text[i + 1..].chars().next().is_some_and(is_word_char));
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push(s..i);
                    start = None;
                }
                _ => {}
            }
            previous_is_word = is_word;
        }
        if let Some(s) = start {
            spans.push(s..text.len());
        }
        spans
    }

    /// Word spans at every stride are the rule's.
    fn every_stride_follows_the_rule(
        text: &str,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        for stride in [Stride::Char, Stride::Sixteen, Stride::ThirtyTwo] {
            let spans = word_spans_with(text, stride.allowed());
            proptest::prop_assert_eq!(spans, word_spans_by_rule(text), "{:?}", stride);
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn word_spans_follow_the_rule(
            text in "(\\PC|[\u{0600}-\u{06FF}a-zA-Z0-9 '’\n.،\u{00C0}-\u{00FF}])*"
        ) {
            every_stride_follows_the_rule(&text)?;
        }

        /// The same on long stretches of U+0600–U+067F (lead bytes D8 and D9) and ASCII, which
        /// the wide steps take, with now and then an apostrophe or another script, which they
        /// leave to the character loop.
        #[test]
        fn word_spans_follow_the_rule_on_arabic_and_ascii(
            text in "([\u{0600}-\u{067F}a-zA-Z0-9 .،\n]{0,100}['é😀«]?){0,6}"
        ) {
            // Each stride on its own: the thirty-two-byte step leaves what it turns down to
            // the sixteen-byte one, which leaves the rest to the character loop.
            every_stride_follows_the_rule(&text)?;
        }

        /// The same around the punctuation the wide steps step over («, », “, –, a no-break
        /// space, a mark of direction) and the characters like it that they leave to the
        /// character loop (ª, ², µ, ⁱ, ⁀, an apostrophe), in runs and at every place in a
        /// chunk and across its end.
        #[test]
        fn word_spans_follow_the_rule_around_punctuation(
            text in "([\u{0600}-\u{067F}a-z0-9 ]{0,70}[«»“”–…\u{a0}\u{ad}\u{200f}ª²µ¿ⁱ⁀'’]{0,3}){0,8}"
        ) {
            every_stride_follows_the_rule(&text)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The byte-decoding count agrees with counting `char`s by their Unicode ranges.
        #[test]
        fn script_letters_counts_what_the_ranges_say(
            text in "(\\PC|[\u{0600}-\u{06FF}a-zA-Z\u{00C0}-\u{024F}\u{0750}-\u{077F}\u{08A0}-\u{08FF}\u{FB50}-\u{FEFF}«» ])*"
        ) {
            let arabic = text.chars().filter(|c| matches!(c,
                '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}'
                | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{0750}'..='\u{077F}'
                | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}'
            )).count();
            let latin = text.chars().filter(|&c| c.is_ascii_alphabetic()
                || (('\u{00C0}'..='\u{024F}').contains(&c) && c != '×' && c != '÷')).count();
            proptest::prop_assert_eq!(script_letters(&text), (arabic, latin));
        }

        /// The same on text of the Arabic block and ASCII alone, long enough for the wide
        /// counts, at each stride.
        #[test]
        fn script_letters_counts_arabic_and_ascii_text(
            text in "[\u{0600}-\u{06FF}a-zA-Z0-9 .,«»\n]{0,160}"
        ) {
            let arabic = text.chars().filter(|c| matches!(c,
                '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}'
                | '\u{06D5}' | '\u{06FA}'..='\u{06FC}'
            )).count();
            let latin = text.chars().filter(char::is_ascii_alphabetic).count();
            for stride in [Stride::Char, Stride::Sixteen, Stride::ThirtyTwo] {
                let counts = script_letters_with(&text, stride.allowed());
                proptest::prop_assert_eq!(counts, (arabic, latin), "{:?}", stride);
            }
        }
    }

    fn texts<'a>(text: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
        spans.iter().map(|s| &text[s.clone()]).collect()
    }

    #[test]
    fn splits_sentences_on_arabic_and_latin_punctuation() {
        let cases: [(&str, &[&str]); 8] = [
            ("قال: نعم. ثم ذهب؟ لا!", &["قال: نعم.", "ثم ذهب؟", "لا!"]),
            ("عنوان\nنص الخبر.", &["عنوان", "نص الخبر."]),
            (
                "He said \"no.\" Then left.",
                &["He said \"no.\"", "Then left."],
            ),
            (
                "The U.S. envoy met Mr. Aliyev.",
                &["The U.S. envoy met Mr. Aliyev."],
            ),
            ("It rose 10.5 percent.", &["It rose 10.5 percent."]),
            ("خلفت قتلى.. روسيا تعلن", &["خلفت قتلى..", "روسيا تعلن"]),
            ("عنوان\r\nنص الخبر.\r\n", &["عنوان", "نص الخبر."]),
            ("عنوان\rنص الخبر\rوآخر", &["عنوان", "نص الخبر", "وآخر"]),
        ];
        for (text, expected) in cases {
            assert_eq!(texts(text, &sentences(text)), expected, "{text}");
        }
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let cases: [(&str, &[&str]); 12] = [
            (
                "وقال د. باشينيان إن المرتزقة وصلوا.",
                &["وقال د. باشينيان إن المرتزقة وصلوا."],
            ),
            (
                "وقال اللواء م. حاجييف إن المرتزقة غير موجودين.",
                &["وقال اللواء م. حاجييف إن المرتزقة غير موجودين."],
            ),
            (
                "وقالت وكالة أ.ف.ب إن المرتزقة وصلوا.",
                &["وقالت وكالة أ.ف.ب إن المرتزقة وصلوا."],
            ),
            (
                "وقالت (د.ب.أ) إنهم وصلوا. ثم",
                &["وقالت (د.ب.أ) إنهم وصلوا.", "ثم"],
            ),
            ("عنوان و.م.ع الرباط. نص", &["عنوان و.م.ع الرباط.", "نص"]),
            ("بين 65 ق.م و4 ق.م نشأ", &["بين 65 ق.م و4 ق.م نشأ"]),
            // A letter after a number is a year or era mark that may end the sentence.
            (
                "بلغت السعة في عام 2015 م. كما بلغت",
                &["بلغت السعة في عام 2015 م.", "كما بلغت"],
            ),
            ("نما ٣.٥ في المئة. ثم", &["نما ٣.٥ في المئة.", "ثم"]),
            (
                "Armenian officials said at 3 p.m. local time that mercenaries had arrived.",
                &["Armenian officials said at 3 p.m. local time that mercenaries had arrived."],
            ),
            (
                "It began at 9 a.m. Then it stopped.",
                &["It began at 9 a.m.", "Then it stopped."],
            ),
            (
                "At 9 A.M. on Sunday, Lt. Gen. Hajiyev spoke. At 5 P.M. They left.",
                &[
                    "At 9 A.M. on Sunday, Lt. Gen. Hajiyev spoke.",
                    "At 5 P.M.",
                    "They left.",
                ],
            ),
            ("وصل الوفد إلى باكو. ب", &["وصل الوفد إلى باكو.", "ب"]),
        ];
        for (text, expected) in cases {
            assert_eq!(texts(text, &sentences(text)), expected, "{text:?}");
        }
    }

    #[test]
    fn a_single_line_break_is_a_soft_wrap_only_where_blank_lines_separate_paragraphs() {
        let cases: [(&str, &[&str]); 8] = [
            (
                "وقال الوزير إن\nالمرتزقة وصلوا.\n\nفقرة ثانية",
                &["وقال الوزير إن\nالمرتزقة وصلوا.", "فقرة ثانية"],
            ),
            (
                "عنوان بلا نقطة\r\nنص. وتتمة\r\n  \r\nثان\r\n",
                &["عنوان بلا نقطة\r\nنص.", "وتتمة", "ثان"],
            ),
            (
                "قال إن\rالمرتزقة وصلوا\r\rثان",
                &["قال إن\rالمرتزقة وصلوا", "ثان"],
            ),
            // No blank line between two paragraphs: one paragraph per line.
            (
                "وقال الوزير إن\nالمرتزقة وصلوا.",
                &["وقال الوزير إن", "المرتزقة وصلوا."],
            ),
            ("عنوان\nنص الخبر.\n\n \n", &["عنوان", "نص الخبر."]),
            ("\n\n  \nعنوان\nنص", &["عنوان", "نص"]),
            // A line over 100 characters is a paragraph on one line, not a wrapped text.
            (
                "عنوان بلا نقطة\nوقال المتحدث باسم وزارة الدفاع إن القوات واصلت تقدمها في المنطقة الجبلية خلال الأيام الماضية وسط مقاومة شديدة\n\nفقرة ثانية",
                &[
                    "عنوان بلا نقطة",
                    "وقال المتحدث باسم وزارة الدفاع إن القوات واصلت تقدمها في المنطقة الجبلية خلال الأيام الماضية وسط مقاومة شديدة",
                    "فقرة ثانية",
                ],
            ),
            // Closing punctuation stays with its sentence, not across a paragraph break.
            ("«انتهى.»\n\n\"ثان\"", &["«انتهى.»", "\"ثان\""]),
        ];
        for (text, expected) in cases {
            assert_eq!(texts(text, &sentences(text)), expected, "{text:?}");
        }
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines_or_else_are_lines() {
        let cases: [(&str, &[&str]); 7] = [
            ("one\ntwo\n\n  \nthree\r\n", &["one\ntwo", "three"]),
            ("one\r\ntwo\r\n\r\nthree", &["one\r\ntwo", "three"]),
            ("one\rtwo\r\rthree\r", &["one\rtwo", "three"]),
            ("one\ntwo\r\nthree\rfour", &["one", "two", "three", "four"]),
            // Blank lines before the first or after the last paragraph separate nothing.
            ("one\ntwo\n\n \n", &["one", "two"]),
            ("\n\n one\ntwo", &[" one", "two"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(texts(text, &paragraphs(text)), expected, "{text:?}");
        }
    }

    #[test]
    fn words_keep_inner_apostrophes_and_marks() {
        let text = "martyrs' martyr's وَالمرتزقة 1442هـ";
        assert_eq!(
            texts(text, &word_spans(text)),
            ["martyrs", "martyr's", "وَالمرتزقة", "1442هـ"]
        );
        assert_eq!(word_spans("قال إن 1442هـ، مرتزقة.").len(), 4);
    }

    #[test]
    fn the_arabic_table_agrees_with_the_general_rule() {
        for code in 0x0600..=0x067F_u32 {
            let c = char::from_u32(code).unwrap();
            let text = c.to_string();
            let table = ARABIC_WORD[(code as usize - 0x0600) / 64][(code as usize - 0x0600) % 64];
            assert_eq!(table, is_word_char(c), "U+{code:04X}");
            assert_eq!(word_spans(&text).len(), usize::from(table), "U+{code:04X}");
        }
        // And the wide steps' tests of the second byte, on every character after every other.
        let block: String = (0x0600..=0x067F_u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'a', c, c, ' '])
            .collect();
        for stride in [Stride::Char, Stride::Sixteen, Stride::ThirtyTwo] {
            let spans = word_spans_with(&block, stride.allowed());
            assert_eq!(spans, word_spans_by_rule(&block), "{stride:?}");
        }
    }

    #[test]
    fn the_punctuation_the_wide_steps_skip_is_never_in_a_word() {
        for code in 0x0080..=0x00BF_u32 {
            let c = char::from_u32(code).unwrap();
            let skipped = (LATIN1_PUNCTUATION >> (code - 0x80)) & 1 != 0;
            assert_eq!(skipped, !is_word_char(c), "U+{code:04X}");
            let len = punctuation_len(c.to_string().as_bytes(), 0);
            assert_eq!(len, if skipped { 2 } else { 0 }, "U+{code:04X}");
        }
        for code in 0x2000..=0x203F_u32 {
            let c = char::from_u32(code).unwrap();
            assert!(!is_word_char(c), "U+{code:04X}");
            assert_eq!(
                punctuation_len(c.to_string().as_bytes(), 0),
                3,
                "U+{code:04X}"
            );
        }
        assert_eq!(punctuation_len("\u{2040}".as_bytes(), 0), 0);
    }

    #[test]
    fn detects_the_language_by_script() {
        use crate::affix::Language::{Arabic, English};
        let cases = [
            ("قال الوزير", Arabic),
            ("The minister said", English),
            ("قال Aliyev إن الجيش", Arabic),
            ("Aliyev said «نعم» today", English),
            ("123 !", Arabic),
        ];
        for (text, language) in cases {
            assert_eq!(detect_language(text), language, "{text}");
        }
    }
}

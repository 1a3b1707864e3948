//! Normalization of Arabic and English text, with a map back to the original.
//!
//! One function serves lexicon forms and article text alike, so a form matches whatever spelling
//! of it the text uses. It applies Unicode NFKC (which folds Arabic presentation forms such as the
//! lam-alef ligature), removes Arabic diacritics, tatweel, Quranic marks and invisible format
//! characters, folds the alef variants, alef maqsura, teh marbuta, Persian letters and
//! Arabic-Indic digits, lower-cases every cased letter, folds curly apostrophes to `'`, and
//! collapses runs of horizontal white space into one space (trimmed at line ends). Every line
//! ending (`\n`, `\r\n`, a bare `\r`) becomes one `\n`.
//!
//! The normalized text is usually shorter than the original, so [`Normalized`] keeps the offset
//! map: every piece of normalized text knows the original bytes it came from.
//!
//! ```
//! use framelens::text::{normalize, Folding, Normalized};
//! assert_eq!(normalize("وَالمُرْتَزِقَةُ"), "والمرتزقه");
//! assert_eq!(normalize("Martyr’s"), "martyr's");
//!
//! let original = "قالَ: إعادةُ";
//! let n = Normalized::new(original, Folding::Standard);
//! assert_eq!(n.as_str(), "قال: اعاده");
//! let start = n.as_str().find("اعاده").unwrap();
//! let span = n.to_original(start..n.as_str().len()).unwrap();
//! assert_eq!(&original[span], "إعادةُ");
//! ```

use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::Stride;

/// How far Arabic letters are folded.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Folding {
    /// NFKC, diacritics removed, alef/yeh/teh-marbuta folded: the level every lexicon gets.
    #[default]
    Standard,
    /// Standard, and also hamza on a carrier folded (ؤ → و, ئ → ي). It merges more real
    /// spelling variants but also a few distinct words, so a lexicon has to ask for it.
    Hamza,
}

/// Normalizes `text` at the standard level and returns only the normalized string.
pub fn normalize(text: &str) -> String {
    Normalized::new(text, Folding::Standard).text
}

/// Normalizes `text` at the given level and returns only the normalized string.
pub fn normalize_with(text: &str, folding: Folding) -> String {
    Normalized::new(text, folding).text
}

/// One stretch of normalized text and the original bytes it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Start of this piece in the normalized text; it runs to the next piece's start.
    norm_start: usize,
    /// Start of its original bytes.
    orig_start: usize,
    /// End of its original bytes, including removed characters (diacritics, format
    /// characters) that followed it, but not removed white space: that belongs to no piece.
    orig_end: usize,
    /// Whether its normalized bytes map one to one onto the original bytes from `orig_start`
    /// (a run of characters each folded to one of the same length, as most text is). Inside a
    /// linear piece every character boundary maps; inside another piece (an NFKC expansion such
    /// as `ﻻ` → `لا`) only its two ends do.
    linear: bool,
}

/// Normalized text with the map back to the original text's byte offsets.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    pieces: Vec<Piece>,
}

impl Normalized {
    /// Normalizes `original` and records where every normalized piece came from.
    pub fn new(original: &str, folding: Folding) -> Normalized {
        Normalized::build(original, folding, Stride::ThirtyTwo.allowed())
    }

    /// [`Normalized::new`], testing runs at most `stride` bytes at a time (one the processor
    /// allows).
    fn build(original: &str, folding: Folding, stride: Stride) -> Normalized {
        let mut builder = Builder {
            original,
            folding,
            stride,
            // Runs are stored whole chunks at a time, up to thirty-two bytes past what they
            // take: room for that past the original's length (which the normalized text
            // seldom passes) saves growing the text at its end, a copy of all of it.
            text: Vec::with_capacity(original.len() + 32),
            // A piece begins wherever the map to the original changes (a removed mark, a
            // collapsed space run, an expansion): room for one per 64 bytes saves most of the
            // vector's regrowing and copying on news text; more room saved nothing further.
            pieces: Vec::with_capacity(original.len() / 64),
            scratch: String::new(),
        };
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Most text is runs of characters that normalization maps one to one: copy such a
            // run in one go, and take everything else one segment (a character and the marks
            // that belong to it) at a time.
            let j = builder.push_run(i);
            if j > i {
                i = j;
                continue;
            }
            let c = original[i..].chars().next().expect("a character boundary");
            let mut end = i + c.len_utf8();
            if c == '\r' && bytes.get(end) == Some(&b'\n') {
                // `\r\n` is one line break: one segment, so that its `\n` stands for both.
                end += 1;
            }
            // ASCII starts a segment.
            while end < bytes.len() && bytes[end] >= 0x80 {
                let d = original[end..]
                    .chars()
                    .next()
                    .expect("a character boundary");
                if starts_segment(d) {
                    break;
                }
                end += d.len_utf8();
            }
            builder.push_segment(i, end);
            i = end;
        }
        builder.finish()
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Turns the normalized text's line breaks into spaces, in place: one byte for one, so
    /// every offset still maps. Matching does this so that a phrase matches across a line
    /// break inside a paragraph.
    pub fn line_breaks_to_spaces(&mut self) {
        // SAFETY: `\n` and ` ` are both one ASCII byte, so the text stays UTF-8.
        let bytes = unsafe { self.text.as_bytes_mut() };
        // A few breaks in thousands of bytes: jumping from one to the next beats a byte loop.
        let mut at = 0;
        while let Some(k) = memchr::memchr(b'\n', &bytes[at..]) {
            bytes[at + k] = b' ';
            at += k + 1;
        }
    }

    /// The index of the piece holding normalized byte `pos` (`pos` < text length).
    fn piece_at(&self, pos: usize) -> usize {
        self.pieces.partition_point(|p| p.norm_start <= pos) - 1
    }

    /// [`Normalized::piece_at`] for a `pos` in piece `from` or after it, walking forward: the end
    /// of a matched word lies in its start's piece or the next few, nearer than a second binary
    /// search over every piece of the text finds it.
    fn piece_after(&self, from: usize, pos: usize) -> usize {
        let mut j = from;
        while self.pieces.get(j + 1).is_some_and(|p| p.norm_start <= pos) {
            j += 1;
        }
        j
    }

    fn piece_end(&self, i: usize) -> usize {
        self.pieces
            .get(i + 1)
            .map_or(self.text.len(), |p| p.norm_start)
    }

    /// Maps a range of the normalized text back to the original text's bytes.
    ///
    /// Returns `None` when the range starts or ends inside the expansion of one original
    /// character (the `لا` that NFKC makes of `ﻻ`, say): such a range has no exact original.
    /// The original range includes removed characters (diacritics) that follow its end, never
    /// removed white space or a line ending.
    pub fn to_original(&self, range: Range<usize>) -> Option<Range<usize>> {
        self.map_back(range, false)
    }

    /// As [`Normalized::to_original`], but a range that starts or ends inside the expansion
    /// of one original character takes that whole character: in `اﻻحتلال` the form `احتلال`
    /// begins at the alef of the ligature `ﻻ`, and its original is `ﻻحتلال`.
    pub fn to_original_covering(&self, range: Range<usize>) -> Option<Range<usize>> {
        self.map_back(range, true)
    }

    /// Both mappings back: `covering` widens an end inside an expansion to the whole
    /// character instead of refusing the range.
    fn map_back(&self, range: Range<usize>, covering: bool) -> Option<Range<usize>> {
        if range.start >= range.end
            || range.end > self.text.len()
            || !self.text.is_char_boundary(range.start)
            || !self.text.is_char_boundary(range.end)
        {
            return None;
        }
        let i = self.piece_at(range.start);
        let first = &self.pieces[i];
        let start = if range.start == first.norm_start {
            first.orig_start
        } else if first.linear {
            first.orig_start + (range.start - first.norm_start)
        } else if covering {
            first.orig_start
        } else {
            return None;
        };
        let j = self.piece_after(i, range.end - 1);
        let last = &self.pieces[j];
        let end = if range.end == self.piece_end(j) {
            last.orig_end
        } else if last.linear {
            last.orig_start + (range.end - last.norm_start)
        } else if covering {
            last.orig_end
        } else {
            return None;
        };
        Some(start..end)
    }

    /// The original byte offset where the normalized byte `pos` came from. Positions at or past
    /// the end map to the end of the last piece.
    pub fn original_offset(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.pieces.last().map_or(0, |p| p.orig_end);
        }
        let p = &self.pieces[self.piece_at(pos)];
        if p.linear {
            p.orig_start + (pos - p.norm_start)
        } else {
            p.orig_start
        }
    }
}

struct Builder<'a> {
    original: &'a str,
    folding: Folding,
    /// How many bytes at a time runs are taken; [`Stride::Char`] also leaves every letter
    /// that carries marks to the segment path, the definition the shortcut is held to.
    stride: Stride,
    /// The normalized text so far, as bytes: runs are copied with their folding letters
    /// replaced (always by a letter of the same length, so it stays UTF-8).
    text: Vec<u8>,
    pieces: Vec<Piece>,
    scratch: String,
}

impl Builder<'_> {
    /// Normalizes one segment (a character and the marks that belong to it) and appends it.
    fn push_segment(&mut self, start: usize, end: usize) {
        let segment = &self.original[start..end];
        let mut chars = segment.chars();
        let c = chars.next().expect("segments are not empty");
        // Fast paths for the bulk of news text: ASCII, and Arabic letters with their harakat.
        if c.is_ascii() && chars.as_str().is_empty() {
            return match c {
                ' ' | '\t' | '\x0B' | '\x0C' => self.push_space(start, end),
                '\n' | '\r' => self.push_line_break(start, end),
                c => self.push_linear(start, end, c.to_ascii_lowercase()),
            };
        }
        if segment == "\r\n" {
            return self.push_line_break(start, end);
        }
        if end - start == c.len_utf8() {
            // One character without marks, the most common of the rest: quotation marks,
            // tatweel, dashes, Arabic-Indic digits and the no-break space, folded here without
            // the general Unicode tables (a test holds these to them).
            if is_stable_starter(c) {
                return match fold_stable_starter(c) {
                    Some(out) => self.append_output(start, end, out),
                    None => self.push_kept(start, end),
                };
            }
            if is_compatibility_space(c) {
                return self.append_output(start, end, " ");
            }
        }
        if is_plain_arabic_letter(c) && chars.all(is_plain_haraka) {
            return self.push_linear(start, end, fold_arabic_letter(c, self.folding));
        }
        self.scratch.clear();
        if end - start == c.len_utf8()
            && (is_stable_starter(c) || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes)
        {
            // A character NFKC leaves alone (a quotation mark, a digit): fold it directly.
            fold_char(c, self.folding, &mut self.scratch);
            let out = std::mem::take(&mut self.scratch);
            self.append_output(start, end, &out);
            self.scratch = out;
            return;
        }
        self.scratch.clear();
        fold_str(segment, self.folding, &mut self.scratch);
        let out = std::mem::take(&mut self.scratch);
        self.append_output(start, end, &out);
        self.scratch = out;
    }

    /// Appends `original[start..end]`, one character that normalization keeps as it is and
    /// that combines with nothing before it, as a piece of its own: what
    /// [`Builder::append_output`] makes of it.
    fn push_kept(&mut self, start: usize, end: usize) {
        self.pieces.push(Piece {
            norm_start: self.text.len(),
            orig_start: start,
            orig_end: end,
            linear: false,
        });
        self.text
            .extend_from_slice(&self.original.as_bytes()[start..end]);
    }

    /// Maps the next normalized bytes one to one onto `original[start..end]`: the last piece
    /// grows when it is linear and ends where this starts, else a piece begins.
    fn linear_piece(&mut self, start: usize, end: usize) {
        self.linear_piece_from(self.text.len(), start, end);
    }

    /// [`Builder::linear_piece`] for normalized bytes from `norm_len` on, already appended.
    fn linear_piece_from(&mut self, norm_len: usize, start: usize, end: usize) {
        match self.pieces.last_mut() {
            Some(last)
                if last.linear
                    && last.orig_end == start
                    && last.orig_end - last.orig_start == norm_len - last.norm_start =>
            {
                last.orig_end = end;
            }
            _ => self.pieces.push(Piece {
                norm_start: norm_len,
                orig_start: start,
                orig_end: end,
                linear: true,
            }),
        }
    }

    /// Appends the run [`copy_run`] finds from `start`, folded, and returns where the text
    /// goes on (`start` when no run starts there). A run whose last character carries marks
    /// leaves that character to its segment, unless the marks are only harakat on an Arabic
    /// letter: then the letter stays and the harakat join its piece, as the segment would have
    /// them.
    fn push_run(&mut self, start: usize) -> usize {
        let bytes = self.original.as_bytes();
        let norm_len = self.text.len();
        let mut end = copy_run(bytes, start, self.folding, self.stride, &mut self.text);
        if end == start {
            return start;
        }
        let mut orig_end = end;
        // ASCII starts a segment.
        if end < bytes.len() && bytes[end] >= 0x80 {
            let next = self.original[end..]
                .chars()
                .next()
                .expect("a character boundary");
            if !starts_segment(next) {
                // A run's characters are ASCII or two bytes long.
                let last = if bytes[end - 1] < 0x80 {
                    end - 1
                } else {
                    end - 2
                };
                match self.harakat_after(last, end) {
                    Some(marks_end) => orig_end = marks_end,
                    None => {
                        self.text.truncate(norm_len + (last - start));
                        (end, orig_end) = (last, last);
                    }
                }
            }
        }
        if end > start {
            self.linear_piece_from(norm_len, start, orig_end);
        }
        orig_end
    }

    /// Where the harakat that follow the letter at `letter` end, when they are all the marks
    /// of its segment (which [`Builder::push_segment`] then maps onto the letter alone).
    fn harakat_after(&self, letter: usize, end: usize) -> Option<usize> {
        let bytes = self.original.as_bytes();
        if self.stride == Stride::Char || bytes[letter] < 0x80 {
            return None;
        }
        let c = self.original[letter..end].chars().next()?;
        if !is_plain_arabic_letter(c) {
            return None;
        }
        let mut at = end;
        for d in self.original[end..].chars() {
            if !is_plain_haraka(d) {
                return starts_segment(d).then_some(at);
            }
            at += d.len_utf8();
        }
        Some(at)
    }

    /// Appends `c`, which stands for `original[start..end]` (the same length, plus removed marks).
    fn push_linear(&mut self, start: usize, end: usize, c: char) {
        self.linear_piece(start, end);
        let mut utf8 = [0; 4];
        self.text
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
    }

    /// One space, none at the start of a line or of the text. White space that is left out
    /// belongs to no piece (see [`Builder::drop_trailing_space`]).
    fn push_space(&mut self, start: usize, end: usize) {
        if !matches!(self.text.last(), None | Some(b' ' | b'\n')) {
            self.push_linear(start, end, ' ');
        }
    }

    /// A line break, `\n` in the normalized text: `\n`, `\r\n` (its `\n` stands for both
    /// bytes) or a bare `\r` (old Mac OS files; removing it instead glued the words on either
    /// side of it together). It swallows the space before it.
    fn push_line_break(&mut self, start: usize, end: usize) {
        self.drop_trailing_space();
        if end - start == 1 {
            self.push_linear(start, end, '\n');
        } else {
            self.pieces.push(Piece {
                norm_start: self.text.len(),
                orig_start: start,
                orig_end: end,
                linear: false,
            });
            self.text.push(b'\n');
        }
    }

    /// A line break swallows the space before it. The space's original bytes then belong to no
    /// piece: given to the piece before, they made a word at a line end map back with its
    /// trailing space (`المرتزقة ` for `المرتزقة`).
    fn drop_trailing_space(&mut self) {
        if self.text.last() != Some(&b' ') {
            return;
        }
        self.text.pop();
        let len = self.text.len();
        let last = self.pieces.last_mut().expect("a space has a piece");
        if last.norm_start == len {
            self.pieces.pop();
        } else if last.linear {
            // A linear piece maps its normalized bytes one to one from `orig_start`: it now
            // ends where its last kept byte does (also leaving out white space removed after
            // the space).
            last.orig_end = last.orig_start + (len - last.norm_start);
        }
    }

    /// Splits the last character of a linear piece into a piece of its own.
    fn split_last_char(&mut self) {
        // The last character starts at the last byte that is not a continuation byte.
        let Some(norm_start) = self.text.iter().rposition(|&b| b & 0xC0 != 0x80) else {
            return;
        };
        let last = self.pieces.last_mut().expect("text has pieces");
        if !last.linear || last.norm_start == norm_start {
            return;
        }
        let orig_start = last.orig_start + (norm_start - last.norm_start);
        let orig_end = last.orig_end;
        last.orig_end = orig_start;
        self.pieces.push(Piece {
            norm_start,
            orig_start,
            orig_end,
            linear: true,
        });
    }

    fn append_output(&mut self, start: usize, end: usize, out: &str) {
        // Horizontal space: one space, none at the start of a line or of the text.
        let at_line_start = matches!(self.text.last(), None | Some(b' ' | b'\n'));
        let collapsed;
        let out = if out == " " {
            if at_line_start {
                // Left-out white space belongs to no piece, like a dropped space.
                return;
            }
            out
        } else if out.contains(' ') {
            collapsed = collapse_spaces(out, at_line_start);
            &collapsed
        } else {
            out
        };
        if out.starts_with('\n') {
            self.drop_trailing_space();
        }
        let Some(first) = out.chars().next() else {
            return self.extend_last(end);
        };
        if !is_safe_start(first) && !self.pieces.is_empty() {
            // The output would combine with what precedes it (a mark left alone after its base
            // was removed): normalize the two together so the result stays in NFKC.
            self.split_last_char();
            let previous = self.pieces.pop().expect("checked non-empty");
            self.text.truncate(previous.norm_start);
            let mut merged = String::new();
            fold_str(
                &self.original[previous.orig_start..end],
                self.folding,
                &mut merged,
            );
            return self.append_output(previous.orig_start, end, &merged);
        }
        self.pieces.push(Piece {
            norm_start: self.text.len(),
            orig_start: start,
            orig_end: end,
            linear: false,
        });
        self.text.extend_from_slice(out.as_bytes());
    }

    /// Attributes removed original bytes to the piece before them.
    fn extend_last(&mut self, end: usize) {
        if let Some(last) = self.pieces.last_mut() {
            last.orig_end = end;
        }
    }

    fn finish(mut self) -> Normalized {
        self.drop_trailing_space();
        Normalized {
            text: into_string(self.text),
            pieces: self.pieces,
        }
    }
}

/// Appends to `out` the run from `start` of characters that normalization maps one to one onto
/// a character of the same length, folded, and returns where the run ends. It takes ASCII other
/// than capitals, the backtick and white space (a single space between words is kept), Arabic
/// letters (the alef forms, teh marbuta and alef maqsura fold to letters of the same length, and
/// so do ؤ and ئ at the hamza level) and the Arabic comma, semicolon and question mark.
fn copy_run(
    bytes: &[u8],
    start: usize,
    folding: Folding,
    stride: Stride,
    out: &mut Vec<u8>,
) -> usize {
    // The first character on its own: a space never starts a run, and the wide tests judge a
    // byte by the one before it.
    let Some(j) = copy_char(bytes, start, start, folding, out) else {
        return start;
    };
    match stride {
        // SAFETY: the processor has AVX2, or `allowed` would not have let the caller ask for
        // thirty-two bytes at a time.
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        Stride::ThirtyTwo => unsafe {
            match folding {
                Folding::Standard => copy_chunks_avx2::<false>(bytes, j, out),
                Folding::Hamza => copy_chunks_avx2::<true>(bytes, j, out),
            }
        },
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        Stride::Sixteen => match folding {
            Folding::Standard => copy_chunks::<false>(bytes, j, out),
            Folding::Hamza => copy_chunks::<true>(bytes, j, out),
        },
        _ => copy_chars(bytes, start, j, folding, out),
    }
}

/// [`copy_run`] one character at a time, from `j` on in the run from `start`: the simple
/// definition the wide steps are held to.
fn copy_chars(
    bytes: &[u8],
    start: usize,
    mut j: usize,
    folding: Folding,
    out: &mut Vec<u8>,
) -> usize {
    while let Some(next) = copy_char(bytes, start, j, folding, out) {
        j = next;
    }
    j
}

/// Appends the character at `j`, folded, when the run from `start` takes it, and returns where
/// it ends.
#[inline(always)]
fn copy_char(
    bytes: &[u8],
    start: usize,
    j: usize,
    folding: Folding,
    out: &mut Vec<u8>,
) -> Option<usize> {
    let b = *bytes.get(j)?;
    if b < 0x80 {
        if ASCII_KEEP[usize::from(b)] || (b == b' ' && j > start && bytes[j - 1] != b' ') {
            out.push(b);
            return Some(j + 1);
        }
        return None;
    }
    if (b != 0xD8 && b != 0xD9) || j + 1 >= bytes.len() {
        return None;
    }
    let second = bytes[j + 1];
    match ARABIC_CLASS[usize::from(b - 0xD8)][usize::from(second & 0x3F)] {
        BREAK => return None,
        FOLD | HAMZA => {
            let c = char::from_u32((u32::from(b & 0x1F) << 6) | u32::from(second & 0x3F))?;
            let mut utf8 = [0; 4];
            out.extend_from_slice(
                fold_arabic_letter(c, folding)
                    .encode_utf8(&mut utf8)
                    .as_bytes(),
            );
        }
        _ => out.extend_from_slice(&[b, second]),
    }
    Some(j + 2)
}

/// From character boundary `j` (> 0) inside a run, copies the rest of the run sixteen bytes at
/// a time, folded, and returns where it ends; [`copy_run`]'s character loop would end it at the
/// same place with the same bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn copy_chunks<const FOLD_HAMZA: bool>(bytes: &[u8], mut j: usize, out: &mut Vec<u8>) -> usize {
    use super::wide::Bytes16;
    while j + 16 <= bytes.len() {
        // One bounds check for both loads.
        let window = &bytes[j - 1..j + 16];
        let (v, before) = (Bytes16::load(window, 1), Bytes16::load(window, 0));
        let (folded, (taken, whole)) = fold_chunk16::<FOLD_HAMZA>(v, before);
        folded.append_to(out, taken);
        j += taken;
        if !whole {
            return j;
        }
    }
    // The last few bytes, after the byte before them and followed by NULs, which no run takes.
    let rest = bytes.len() - j;
    if rest == 0 {
        return j;
    }
    let mut padded = [0; 17];
    padded[..=rest].copy_from_slice(&bytes[j - 1..]);
    let (v, before) = (Bytes16::load(&padded, 1), Bytes16::load(&padded, 0));
    let (folded, (taken, _)) = fold_chunk16::<FOLD_HAMZA>(v, before);
    folded.append_to(out, taken);
    j + taken
}

/// One chunk of [`copy_chunks`]: its bytes folded, how many of them the run takes, and
/// whether the whole chunk passed (the run may go on after it).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn fold_chunk16<const FOLD_HAMZA: bool>(
    v: super::wide::Bytes16,
    before: super::wide::Bytes16,
) -> (super::wide::Bytes16, (usize, bool)) {
    // Each byte must be printable ASCII that is kept (all but capitals and the backtick), a
    // space not after a space, the lead byte D8 or D9, or a second byte that makes with the
    // byte before it a letter, comma, semicolon or question mark the run takes.
    let ascii = v
        .within(b'!', b'~')
        .and_not(v.within(b'A', b'Z') | v.is(b'`'));
    let space = v.is(b' ').and_not(before.is(b' '));
    let lead = v.within(0xD8, 0xD9);
    let (after_d8, after_d9) = (before.is(0xD8), before.is(0xD9));
    // U+060C, U+061B, U+061F, U+0621–U+063A; U+0641–U+064A.
    let second_d8 = v.is(0x8C) | v.is(0x9B) | v.is(0x9F) | v.within(0xA1, 0xBA);
    let second = (after_d8 & second_d8) | (after_d9 & v.within(0x81, 0x8A));
    let passed = (ascii | space | lead | second).bits();
    // أ آ إ → ا, ة → ه (D9 87: the lead byte changes too), ى → ي (and ؤ → و, ئ → ي at the
    // hamza level, D9 88 and D9 8A).
    let alef = after_d8 & (v.is(0xA2) | v.is(0xA3) | v.is(0xA5));
    let teh = after_d8 & v.is(0xA9);
    let yeh = after_d9 & v.is(0x89);
    let mut folded = v.with(alef, 0xA7).with(teh, 0x87).with(yeh, 0x8A);
    let mut to_d9 = teh;
    if FOLD_HAMZA {
        let (waw, hamza_yeh) = (after_d8 & v.is(0xA4), after_d8 & v.is(0xA6));
        folded = folded.with(waw, 0x88).with(hamza_yeh, 0x8A);
        to_d9 = to_d9 | waw | hamza_yeh;
    }
    let folded = folded.with(to_d9.moved_back(), 0xD9);
    (folded, taken(passed.into(), lead.bits().into(), 16))
}

/// How many of a chunk's `width` bytes a run takes, given which bytes `passed` the test and
/// which are a `lead` byte: those before the first that failed, less a lead byte just before
/// it (whose second byte failed, or is not in the chunk); and whether all of them passed.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn taken(passed: u64, lead: u64, width: u32) -> (usize, bool) {
    // `passed` has no bits from `width` on, so a chunk that passes whole fails just past its
    // end, and still stops short of a lead byte in its last place.
    let first_failed = (!passed).trailing_zeros();
    let taken = first_failed - ((lead << 1) >> first_failed & 1) as u32;
    (taken as usize, first_failed == width)
}

/// [`copy_chunks`] thirty-two bytes at a time, for processors with AVX2: the same tests on
/// twice the bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn copy_chunks_avx2<const FOLD_HAMZA: bool>(
    bytes: &[u8],
    mut j: usize,
    out: &mut Vec<u8>,
) -> usize {
    use super::wide::Bytes32;
    while j + 32 <= bytes.len() {
        // One bounds check for both loads.
        let window = &bytes[j - 1..j + 32];
        let (v, before) = (Bytes32::load(window, 1), Bytes32::load(window, 0));
        let (folded, (taken, whole)) = fold_chunk32::<FOLD_HAMZA>(v, before);
        folded.append_to(out, taken);
        j += taken;
        if !whole {
            return j;
        }
    }
    // The last few bytes, after the byte before them and followed by NULs, which no run takes.
    let rest = bytes.len() - j;
    if rest == 0 {
        return j;
    }
    let mut padded = [0; 33];
    padded[..=rest].copy_from_slice(&bytes[j - 1..]);
    let (v, before) = (Bytes32::load(&padded, 1), Bytes32::load(&padded, 0));
    let (folded, (taken, _)) = fold_chunk32::<FOLD_HAMZA>(v, before);
    folded.append_to(out, taken);
    j + taken
}

/// [`fold_chunk16`] on thirty-two bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
#[target_feature(enable = "avx2")]
fn fold_chunk32<const FOLD_HAMZA: bool>(
    v: super::wide::Bytes32,
    before: super::wide::Bytes32,
) -> (super::wide::Bytes32, (usize, bool)) {
    let ascii = v
        .within(b'!', b'~')
        .and_not(v.within(b'A', b'Z').or(v.is(b'`')));
    let space = v.is(b' ').and_not(before.is(b' '));
    let lead = v.within(0xD8, 0xD9);
    let (after_d8, after_d9) = (before.is(0xD8), before.is(0xD9));
    let second_d8 = v
        .is(0x8C)
        .or(v.is(0x9B))
        .or(v.is(0x9F))
        .or(v.within(0xA1, 0xBA));
    let second = after_d8
        .and(second_d8)
        .or(after_d9.and(v.within(0x81, 0x8A)));
    let passed = ascii.or(space).or(lead).or(second).bits();
    let alef = after_d8.and(v.is(0xA2).or(v.is(0xA3)).or(v.is(0xA5)));
    let teh = after_d8.and(v.is(0xA9));
    let yeh = after_d9.and(v.is(0x89));
    let mut folded = v.with(alef, 0xA7).with(teh, 0x87).with(yeh, 0x8A);
    let mut to_d9 = teh;
    if FOLD_HAMZA {
        let (waw, hamza_yeh) = (after_d8.and(v.is(0xA4)), after_d8.and(v.is(0xA6)));
        folded = folded.with(waw, 0x88).with(hamza_yeh, 0x8A);
        to_d9 = to_d9.or(waw).or(hamza_yeh);
    }
    let folded = folded.with(to_d9.moved_back(), 0xD9);
    (folded, taken(passed, lead.bits(), 32))
}

/// ASCII that normalization keeps as it is: everything printable but capitals, the backtick and
/// the space (which [`linear_run`] judges by its neighbour).
static ASCII_KEEP: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(b as u8, b'!'..=b'@' | b'['..=b'_' | b'a'..=b'~');
        b += 1;
    }
    table
};

const BREAK: u8 = 0;
const KEEP: u8 = 1;
const FOLD: u8 = 2;
const HAMZA: u8 = 3;

/// What normalization does to U+0600–U+067F, by lead byte (D8, D9) and the low bits of the
/// second: keep, fold to a letter of the same length, fold only at the hamza level, or not a
/// character a run can take.
static ARABIC_CLASS: [[u8; 64]; 2] = {
    let mut table = [[BREAK; 64]; 2];
    let mut lead = 0;
    while lead < 2 {
        let mut low = 0;
        while low < 64 {
            table[lead][low] = match 0x0600 + lead * 64 + low {
                0x0622 | 0x0623 | 0x0625 | 0x0629 | 0x0649 => FOLD,
                0x0624 | 0x0626 => HAMZA,
                0x060C | 0x061B | 0x061F | 0x0621..=0x063A | 0x0641..=0x064A => KEEP,
                _ => BREAK,
            };
            low += 1;
        }
        lead += 1;
    }
    table
};

/// The built text as a `String`, without validating it again.
fn into_string(bytes: Vec<u8>) -> String {
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: the builder only appends valid UTF-8 (slices of a `&str` at character
    // boundaries, encoded `char`s, `String`s) and only overwrites a two-byte letter with the
    // two-byte letter it folds to; checking again cost a tenth of normalization's time.
    unsafe { String::from_utf8_unchecked(bytes) }
}

/// Harakat and tanween that never combine with a letter under NFKC: removing them is all
/// normalization does (hamza and madda above or below, U+0653–U+0655, do combine).
fn is_plain_haraka(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}')
}

/// The fold of a plain Arabic letter: always a letter of the same UTF-8 length.
fn fold_arabic_letter(c: char, folding: Folding) -> char {
    match c {
        'أ' | 'إ' | 'آ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' if folding == Folding::Hamza => 'و',
        'ئ' if folding == Folding::Hamza => 'ي',
        c => c,
    }
}

/// Collapses runs of spaces inside one piece's output (NFKC expansions, merged segments).
fn collapse_spaces(out: &str, at_line_start: bool) -> String {
    let mut collapsed = String::with_capacity(out.len());
    let mut after_space = at_line_start;
    for c in out.chars() {
        if c == ' ' && after_space {
            continue;
        }
        after_space = c == ' ' || c == '\n';
        collapsed.push(c);
    }
    collapsed.replace(" \n", "\n")
}

/// Whether a segment may start at `c`: NFKC never combines `c` with what precedes it.
fn starts_segment(c: char) -> bool {
    if c.is_ascii() || is_plain_arabic_letter(c) || is_stable_starter(c) {
        return true;
    }
    if is_plain_haraka(c) {
        return false;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    first.is_some_and(is_safe_start)
}

fn is_safe_start(c: char) -> bool {
    c.is_ascii()
        || is_plain_arabic_letter(c)
        || is_stable_starter(c)
        || (canonical_combining_class(c) == 0
            && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Maybe)
}

/// Other characters of news text that NFKC leaves alone and that never combine with what
/// precedes them (no decomposition, combining class 0, quick check `Yes`): quotation marks,
/// dashes, Arabic-Indic digits and signs, tatweel, format characters. Each sends a run to the
/// segment path, where the general Unicode tables answered the same question two or three
/// times at some 350 instructions a look-up (the NFKC quick check is a long `match`): two per
/// cent of scoring a corpus, for `«` and `»` mostly. A test holds the list to those tables.
fn is_stable_starter(c: char) -> bool {
    matches!(
        c,
        '\u{00AB}'
            | '\u{00BB}'
            | '\u{00D7}'
            | '\u{00F7}'
            | '\u{0640}'
            | '\u{0660}'..='\u{066D}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2010}'
            | '\u{2012}'..='\u{2016}'
            | '\u{2018}'..='\u{2023}'
            | '\u{2027}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2030}'..='\u{2032}'
    )
}

/// What [`fold_char`] makes of a stable starter (see [`is_stable_starter`]), when that is not the
/// character itself.
fn fold_stable_starter(c: char) -> Option<&'static str> {
    match c {
        '\u{0640}' | '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => Some(""),
        '\u{200B}' => Some(" "),
        '\u{2018}' | '\u{2019}' | '\u{2032}' => Some("'"),
        '\u{2010}' => Some("-"),
        '٠'..='٩' => {
            let digit = (c as u32 - 0x0660) as usize;
            Some(&"0123456789"[digit..=digit])
        }
        _ => None,
    }
}

/// White space that NFKC makes a plain space (the no-break space, the fixed-width spaces, the
/// ideographic space): a segment of one of them normalizes to `" "`.
fn is_compatibility_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Arabic letters that NFKC leaves alone and that never combine with a preceding character.
fn is_plain_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// NFKC, fold, NFKC: the second NFKC recomposes what removing a character brought together.
fn fold_str(segment: &str, folding: Folding, out: &mut String) {
    let mut folded = String::with_capacity(segment.len());
    let mut after_cr = false;
    for c in segment.nfkc() {
        // `\r\n` is one line break, like `\r` and `\n` alone.
        if !(after_cr && c == '\n') {
            fold_char(c, folding, &mut folded);
        }
        after_cr = c == '\r';
    }
    out.extend(folded.nfkc());
}

/// Folds one character that is already in NFKC.
fn fold_char(c: char, folding: Folding, out: &mut String) {
    match c {
        // Removed: harakat and tanween, superscript alef, tatweel, Quranic marks, format
        // characters (joiners, directional marks and isolates, BOM, soft hyphen).
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0640}'
        | '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{061C}'
        | '\u{200C}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => {}
        // A zero-width space separates words.
        '\u{200B}' => out.push(' '),
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
        c if c.is_whitespace() => out.push(' '),
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => out.push('ا'),
        'ى' | 'ی' => out.push('ي'),
        'ة' | 'ۀ' | 'ھ' | 'ہ' => out.push('ه'),
        'ک' => out.push('ك'),
        'ؤ' if folding == Folding::Hamza => out.push('و'),
        'ئ' if folding == Folding::Hamza => out.push('ي'),
        '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' => out.push('\''),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_as_the_domain_notes_say() {
        let cases = [
            ("مُرْتَزِقَةً", "مرتزقه"),
            ("أإآٱ", "اااا"),
            ("مستشفى", "مستشفي"),
            ("ﻻ", "لا"),
            ("کی", "كي"),
            ("١٤٤٢هـ", "1442ه"),
            ("۱۲", "12"),
            ("شـــهيد", "شهيد"),
            ("الله\u{0670}", "الله"),
            ("ab\u{200B}cd", "ab cd"),
            ("a\u{200D}b", "ab"),
            ("Martyr’s  SHUSHI", "martyr's shushi"),
            ("  line one  \n  two ", "line one\ntwo"),
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\nb"),
            ("a \r\n b\r", "a\nb\n"),
            ("a\r\r\nb", "a\n\nb"),
            ("مسؤول", "مسؤول"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "input {input:?}");
        }
        assert_eq!(normalize_with("مسؤول رئيس", Folding::Hamza), "مسوول رييس");
    }

    #[test]
    fn maps_back_to_the_original() {
        let original = "قالَ «المرتزقةُ» ﻻ";
        let n = Normalized::new(original, Folding::Standard);
        assert_eq!(n.as_str(), "قال «المرتزقه» لا");
        let start = n.as_str().find("المرتزقه").unwrap();
        let range = n.to_original(start..start + "المرتزقه".len()).unwrap();
        assert_eq!(&original[range], "المرتزقةُ");
        // Inside the expansion of ﻻ there is no exact original.
        let la = n.as_str().len() - "لا".len();
        assert_eq!(n.to_original(la..la + 'ل'.len_utf8()), None);
        assert_eq!(&original[n.to_original(la..n.as_str().len()).unwrap()], "ﻻ");
    }

    /// A word maps back to exactly its original letters (and the marks on them): never to the
    /// white space or line ending normalization removed after it.
    #[test]
    fn a_word_maps_back_without_the_space_or_line_ending_after_it() {
        let cases = [
            // (original, word, its original)
            ("وصل المرتزقة\r\nوقال", "المرتزقه", "المرتزقة"),
            ("The mercenaries\r\n", "mercenaries", "mercenaries"),
            ("وصل المرتزقة\rثم", "المرتزقه", "المرتزقة"),
            ("وصل المرتزقة \nوقال", "المرتزقه", "المرتزقة"),
            ("وصل المرتزقة\t \r\nوقال", "المرتزقه", "المرتزقة"),
            ("وصل المرتزقة\u{00A0}\n", "المرتزقه", "المرتزقة"),
            ("وصل المرتزقة  ", "المرتزقه", "المرتزقة"),
            ("وصل المرتزقةُ\r\n", "المرتزقه", "المرتزقةُ"),
            ("وصل المرتزقة\u{200F} \n", "المرتزقه", "المرتزقة\u{200F}"),
        ];
        for (original, word, expected) in cases {
            let n = Normalized::new(original, Folding::Standard);
            let start = n.as_str().find(word).expect(word);
            let range = n.to_original(start..start + word.len());
            assert_eq!(range.map(|r| &original[r]), Some(expected), "{original:?}");
        }
        // The line break of `\r\n` stands for both bytes.
        let original = "ا\r\nب";
        let n = Normalized::new(original, Folding::Standard);
        assert_eq!(n.to_original(2..3), Some(2..4));
        assert_eq!(n.original_offset(3), 4);
    }

    /// The shortcut list says of each character what the Unicode tables say.
    #[test]
    fn stable_starters_are_what_the_unicode_tables_say() {
        let listed: Vec<char> = ('\u{80}'..='\u{FFFF}')
            .filter(|&c| is_stable_starter(c))
            .collect();
        assert_eq!(listed.len(), 51);
        for c in listed {
            let mut decomposition = Vec::new();
            decompose_compatible(c, |d| decomposition.push(d));
            assert_eq!(decomposition, [c], "U+{:04X}", u32::from(c));
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    /// The shortcuts of single characters say what the general path says.
    #[test]
    fn single_character_shortcuts_are_what_the_general_path_says() {
        for c in ('\u{80}'..='\u{FFFF}').filter(|&c| is_stable_starter(c)) {
            let mut general = String::new();
            fold_char(c, Folding::Standard, &mut general);
            let shortcut = fold_stable_starter(c).map_or_else(|| c.to_string(), str::to_string);
            assert_eq!(shortcut, general, "U+{:04X}", u32::from(c));
        }
        let spaces: Vec<char> = ('\u{80}'..='\u{FFFF}')
            .filter(|&c| is_compatibility_space(c))
            .collect();
        assert_eq!(spaces.len(), 15);
        for c in spaces {
            let mut general = String::new();
            fold_str(&c.to_string(), Folding::Standard, &mut general);
            assert_eq!(general, " ", "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn a_mark_left_alone_recombines() {
        // The joiner keeps e and the accent apart until it is removed.
        let n = Normalized::new("e\u{200D}\u{0301}x", Folding::Standard);
        assert_eq!(n.as_str(), "éx");
        assert_eq!(normalize(n.as_str()), n.as_str());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Arbitrary text weighted toward what matters here: Arabic letters and marks, presentation
    /// forms, Latin with combining marks, joiners and white space.
    fn tricky_text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            any::<char>().prop_map(String::from),
            "[\u{0621}-\u{064A}\u{064B}-\u{0670}\u{0640}]{1,4}",
            "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]",
            "[a-zA-Z\u{0300}-\u{036F}\u{200B}-\u{200F}]{1,3}",
            "[ \t\n\r\u{00A0}]{1,3}",
        ];
        proptest::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn normalization_is_idempotent(text in tricky_text()) {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once.clone());
            let hamza = normalize_with(&text, Folding::Hamza);
            prop_assert_eq!(normalize_with(&hamza, Folding::Hamza), hamza);
        }

        #[test]
        fn every_piece_maps_to_an_original_that_renormalizes_to_it(text in tricky_text()) {
            let n = Normalized::new(&text, Folding::Standard);
            let bounds = crate::text::char_bounds(&n.text);
            for w in bounds.windows(2) {
                if n.to_original(w[0]..w[1]).is_none() {
                    continue; // inside an expansion
                }
                let range = n.to_original(w[0]..w[1]).expect("piece boundaries map");
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                let again = normalize(&text[range]);
                prop_assert_eq!(again.trim(), n.text[w[0]..w[1]].trim());
            }
        }

        /// Walking forward from a piece finds the piece a binary search finds.
        #[test]
        fn walking_forward_finds_the_piece_a_search_finds(text in tricky_text()) {
            let n = Normalized::new(&text, Folding::Standard);
            for from in 0..n.text.len() {
                for pos in from..n.text.len().min(from + 64) {
                    prop_assert_eq!(n.piece_after(n.piece_at(from), pos), n.piece_at(pos));
                }
            }
        }

        /// Runs found sixteen bytes at a time are exactly those found character by character:
        /// the same text, pieces and folds, on text made of what the wide test weighs (folding
        /// letters, double spaces, capitals, the backtick, Arabic punctuation and digits,
        /// marks, tatweel, other two-byte and longer characters) in stretches long enough to
        /// fill its chunks.
        #[test]
        fn the_wide_run_test_agrees_with_the_character_loop(
            text in "([ا-يأإآةىؤئ]{1,12}|[ ]{1,2}|[a-zA-Z`~!@\\[_{}]{1,4}|[،؛؟\n\u{060D}\u{0610}\u{0640}\u{064B}\u{0660}\u{0671}éß€😀])*",
        ) {
            for folding in [Folding::Standard, Folding::Hamza] {
                let narrow = Normalized::build(&text, folding, Stride::Char);
                for stride in [Stride::Sixteen, Stride::ThirtyTwo] {
                    let wide = Normalized::build(&text, folding, stride.allowed());
                    prop_assert_eq!(&wide.text, &narrow.text, "{:?}", stride);
                    prop_assert_eq!(&wide.pieces, &narrow.pieces, "{:?}", stride);
                }
            }
        }

        /// The same on long plain stretches, which fill chunks of thirty-two bytes, broken now
        /// and then by what a run does not take.
        #[test]
        fn the_wide_run_test_agrees_on_long_plain_runs(
            text in "([ا-يأإآةىؤئ، ]{8,60}[ a-z0-9.]{0,20}([A-Z`]|  |[\u{064B}\u{0640}«é\n])?){0,6}",
        ) {
            for folding in [Folding::Standard, Folding::Hamza] {
                let narrow = Normalized::build(&text, folding, Stride::Char);
                for stride in [Stride::Sixteen, Stride::ThirtyTwo] {
                    let wide = Normalized::build(&text, folding, stride.allowed());
                    prop_assert_eq!(&wide.text, &narrow.text, "{:?}", stride);
                    prop_assert_eq!(&wide.pieces, &narrow.pieces, "{:?}", stride);
                }
            }
        }

        /// Runs copied and folded a chunk at a time, and a letter's harakat joined to its run,
        /// give what the character path gives (every letter that carries marks a segment of its
        /// own there): the same text and the same pieces, so every answer of the map back. The
        /// text mixes folding letters in stretches that end anywhere in a chunk, harakat (alone,
        /// stacked, after a letter, a space or a digit) and marks that combine, single and double
        /// spaces, every line ending, capitals, quotation marks and tatweel.
        #[test]
        fn copied_runs_agree_with_the_character_path(
            text in "([ا-يأإآةىؤئ]{1,40}|[\u{064B}-\u{0652}\u{0670}]{1,2}|[\u{0653}\u{0654}\u{0610}]|[ ]{1,2}|\r\n|\n|\r|[a-zA-Z0-9]{1,6}|[،؛؟.«»“”\u{00A0}\u{0640}\u{200F}٣é])*",
        ) {
            for folding in [Folding::Standard, Folding::Hamza] {
                let narrow = Normalized::build(&text, folding, Stride::Char);
                for stride in [Stride::Sixteen, Stride::ThirtyTwo] {
                    let wide = Normalized::build(&text, folding, stride.allowed());
                    prop_assert_eq!(&wide.text, &narrow.text, "{:?}", stride);
                    prop_assert_eq!(&wide.pieces, &narrow.pieces, "{:?}", stride);
                }
            }
        }
    }
}

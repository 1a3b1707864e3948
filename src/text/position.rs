//! Line and column positions in the original text.
//!
//! Editors count columns differently: people and most tools in characters, the Language Server
//! Protocol and JavaScript in UTF-16 code units, Rust in bytes. A [`Position`] carries all three,
//! so no printer has to guess (a byte column shown as a character column is a classic linter bug
//! on Arabic text).
//!
//! ```
//! use framelens::text::LineIndex;
//! let text = "سطر\nكلمة 😀 مرتزقة";
//! let index = LineIndex::new(text);
//! let pos = index.position(text, text.find("مرتزقة").unwrap());
//! assert_eq!((pos.line, pos.column, pos.utf16_column), (2, 8, 9));
//! ```

use serde::Serialize;

/// A place in the original text. Lines and columns are 1-based; offsets are 0-based.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Byte offset from the start of the text.
    pub byte: usize,
    /// Character (Unicode scalar value) offset from the start of the text.
    pub char: usize,
    /// 1-based line number; lines end at `\n`, `\r\n` (one line break) or a bare `\r`.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// 1-based column in UTF-16 code units, for editors that count that way.
    pub utf16_column: usize,
}

/// The start of every line, to turn byte offsets into [`Position`]s.
///
/// Building it finds the line breaks with `memchr` and counts characters per line without
/// decoding; a lookup counts the characters of one line prefix the same way. Both run at memory
/// speed, which matters when a scraped Arabic paragraph is one line of thousands of characters.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// (byte offset, character offset) of each line start.
    starts: Vec<(usize, usize)>,
}

/// Characters in `bytes` (valid UTF-8): the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    count_units(bytes).0
}

/// Characters and UTF-16 units in `bytes` (valid UTF-8), in one pass: four-byte characters
/// (emoji) take two units.
///
/// The counts go into `u8`s over runs of at most 255 bytes, which cannot overflow them: the
/// compiler then counts sixteen bytes per vector step, where `usize` counters gave it two
/// (placing a text's hits walks most of the text, and this was 5 % of scoring a corpus).
fn count_units(bytes: &[u8]) -> (usize, usize) {
    let (mut chars, mut astral) = (0, 0);
    for run in bytes.chunks(usize::from(u8::MAX)) {
        let (mut run_chars, mut run_astral) = (0u8, 0u8);
        for &b in run {
            run_chars += u8::from((b as i8) >= -0x40);
            run_astral += u8::from(b >= 0xF0);
        }
        chars += usize::from(run_chars);
        astral += usize::from(run_astral);
    }
    (chars, chars + astral)
}

/// Whether byte `k` of `bytes` ends a line break: a `\n`, or a `\r` that no `\n` follows (old
/// Mac OS files end lines with `\r` alone; `\r\n` is one break, which ends at its `\n`).
fn ends_line_break(bytes: &[u8], k: usize) -> bool {
    match bytes[k] {
        b'\n' => true,
        b'\r' => bytes.get(k + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Where the line breaks of `bytes[from..to]` end (the last byte of each), in order; a `\r` at
/// `to - 1` is judged by the byte after it, even past `to`.
fn line_break_ends(bytes: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to])
        .map(move |k| from + k)
        .filter(|&k| ends_line_break(bytes, k))
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![(0, 0)];
        let mut chars = 0;
        let mut last = 0;
        for newline in line_break_ends(bytes, 0, bytes.len()) {
            chars += count_chars(&bytes[last..=newline]);
            last = newline + 1;
            starts.push((last, chars));
        }
        LineIndex { starts }
    }

    /// The position of byte offset `byte` in `text` (the text this index was built from).
    ///
    /// # Panics
    /// If `byte` is past the end of `text`.
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let line = self.starts.partition_point(|&(start, _)| start <= byte) - 1;
        let (line_start, line_chars) = self.starts[line];
        let (chars, units) = count_units(&text.as_bytes()[line_start..byte]);
        Position {
            byte,
            char: line_chars + chars,
            line: line + 1,
            column: chars + 1,
            utf16_column: units + 1,
        }
    }
}

/// The positions of `offsets` (sorted, each at most `text.len()`) in `text`, in one walk from
/// the start to the last of them: what placing a text's hits needs, without an index of every
/// line first (building one counted the characters of the whole text again). For a few
/// offsets in any order, or a text placed again and again, use a [`LineIndex`].
///
/// # Panics
/// If `offsets` are not sorted or one is past the end of `text`.
pub fn positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let bytes = text.as_bytes();
    let mut here = Position {
        byte: 0,
        char: 0,
        line: 1,
        column: 1,
        utf16_column: 1,
    };
    offsets
        .iter()
        .map(|&byte| {
            let (from, stretch) = (here.byte, &bytes[here.byte..byte]);
            let mut breaks = 0;
            let mut last = None;
            for k in line_break_ends(bytes, from, byte) {
                breaks += 1;
                last = Some(k - from);
            }
            let (chars, units) = match last {
                None => count_units(stretch),
                Some(last) => {
                    here.line += breaks;
                    here.char += count_chars(&stretch[..=last]);
                    (here.column, here.utf16_column) = (1, 1);
                    count_units(&stretch[last + 1..])
                }
            };
            here = Position {
                byte,
                char: here.char + chars,
                line: here.line,
                column: here.column + chars,
                utf16_column: here.utf16_column + units,
            };
            here
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_bytes_and_utf16() {
        let text = "a\nأرمينيا 😀 x\r\nend";
        let index = LineIndex::new(text);
        let cases = [
            // (needle, line, column, utf16 column, char offset)
            ("a", 1, 1, 1, 0),
            ("أرمينيا", 2, 1, 1, 2),
            ("😀", 2, 9, 9, 10),
            ("x", 2, 11, 12, 12),
            ("end", 3, 1, 1, 15),
        ];
        for (needle, line, column, utf16, chars) in cases {
            let byte = text.find(needle).unwrap();
            let pos = index.position(text, byte);
            assert_eq!(
                (pos.line, pos.column, pos.utf16_column, pos.char, pos.byte),
                (line, column, utf16, chars, byte),
                "{needle}"
            );
        }
        assert_eq!(index.position(text, text.len()).line, 3);
    }

    #[test]
    fn crlf_is_one_line_break_and_a_bare_cr_is_one_too() {
        let cases = [
            // (text, needle, line, column)
            ("a\r\nb", "b", 2, 1),
            ("a\rb", "b", 2, 1),
            ("a\r\rb", "b", 3, 1),
            ("a\r\n\r\nمرتزقة", "مرتزقة", 3, 1),
            ("a\n\rb", "b", 3, 1),
            ("xy\r\n", "\r", 1, 3),
            ("xy\r\n", "\n", 1, 4),
        ];
        for (text, needle, line, column) in cases {
            let byte = text.find(needle).unwrap();
            let pos = LineIndex::new(text).position(text, byte);
            assert_eq!(
                (pos.line, pos.column),
                (line, column),
                "{text:?} {needle:?}"
            );
            assert_eq!(positions(text, &[byte]), [pos], "{text:?} {needle:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_counting_from_the_start(text in "[a\n\r\u{0600}-\u{06FF}😀é]{0,300}") {
            let index = LineIndex::new(&text);
            // Where each line break ends: after `\n`, and after a `\r` no `\n` follows.
            let break_ends: Vec<usize> = text.char_indices()
                .filter(|&(i, c)| c == '\n' || (c == '\r' && !text[i + 1..].starts_with('\n')))
                .map(|(i, _)| i + 1)
                .collect();
            for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let before = &text[..byte];
                let breaks = break_ends.iter().filter(|&&e| e <= byte).count();
                let line_start = break_ends.iter().rev().find(|&&e| e <= byte).map_or(0, |&e| e);
                let expected = Position {
                    byte,
                    char: before.chars().count(),
                    line: breaks + 1,
                    column: before[line_start..].chars().count() + 1,
                    utf16_column: before[line_start..].encode_utf16().count() + 1,
                };
                proptest::prop_assert_eq!(index.position(&text, byte), expected);
            }
        }

        /// Counting in runs of 255 bytes gives what decoding gives, across run boundaries.
        #[test]
        fn counting_in_runs_agrees_with_decoding(text in "[a\u{0600}-\u{06FF}😀é\u{4E00}]{0,700}") {
            let expected = (text.chars().count(), text.encode_utf16().count());
            proptest::prop_assert_eq!(count_units(text.as_bytes()), expected);
            proptest::prop_assert_eq!(count_chars(text.as_bytes()), expected.0);
        }

        /// Walking once through sorted offsets gives what the line index gives for each.
        #[test]
        fn one_walk_agrees_with_the_index(
            text in "[a\n\r\u{0600}-\u{06FF}😀é]{0,300}",
            picks in proptest::collection::vec(0usize..1000, 0..12),
        ) {
            let bounds = crate::text::char_bounds(&text);
            let mut offsets: Vec<usize> = picks.iter().map(|p| bounds[p % bounds.len()]).collect();
            offsets.sort_unstable();
            let index = LineIndex::new(&text);
            let expected: Vec<Position> = offsets.iter().map(|&b| index.position(&text, b)).collect();
            proptest::prop_assert_eq!(positions(&text, &offsets), expected);
        }
    }
}

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
    /// 1-based line number; lines end at `\n`.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// 1-based column in UTF-16 code units, for editors that count that way.
    pub utf16_column: usize,
}

/// Checkpoints through a text, to turn byte offsets into [`Position`]s quickly even on very long
/// lines (a scraped Arabic paragraph is often one line of thousands of characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// A position at every line start and every [`STRIDE`] characters within a line.
    checkpoints: Vec<Position>,
}

/// Characters between checkpoints: a lookup counts at most this many.
const STRIDE: usize = 64;

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 2);
        let mut here = Position {
            byte: 0,
            char: 0,
            line: 1,
            column: 1,
            utf16_column: 1,
        };
        checkpoints.push(here);
        for (i, c) in text.char_indices() {
            here.byte = i + c.len_utf8();
            here.char += 1;
            if c == '\n' {
                here.line += 1;
                here.column = 1;
                here.utf16_column = 1;
                checkpoints.push(here);
            } else {
                here.column += 1;
                here.utf16_column += c.len_utf16();
                if (here.column - 1).is_multiple_of(STRIDE) {
                    checkpoints.push(here);
                }
            }
        }
        LineIndex { checkpoints }
    }

    /// The position of byte offset `byte` in `text` (the text this index was built from).
    ///
    /// # Panics
    /// If `byte` is not on a character boundary of `text`.
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let k = self.checkpoints.partition_point(|p| p.byte <= byte) - 1;
        let mut pos = self.checkpoints[k];
        for c in text[pos.byte..byte].chars() {
            pos.char += 1;
            pos.column += 1;
            pos.utf16_column += c.len_utf16();
        }
        pos.byte = byte;
        pos
    }
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
}

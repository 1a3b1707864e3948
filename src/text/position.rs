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

/// The start of every line, to turn byte offsets into [`Position`]s.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// (byte offset, char offset) of each line start.
    starts: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![(0, 0)];
        let mut chars = 0;
        let mut last = 0;
        for (i, _) in text.match_indices('\n') {
            chars += text[last..=i].chars().count();
            last = i + 1;
            starts.push((last, chars));
        }
        LineIndex { starts }
    }

    /// The position of byte offset `byte` in `text` (the text this index was built from).
    ///
    /// # Panics
    /// If `byte` is not on a character boundary of `text`.
    pub fn position(&self, text: &str, byte: usize) -> Position {
        let line = self.starts.partition_point(|&(start, _)| start <= byte) - 1;
        let (line_start, line_chars) = self.starts[line];
        let prefix = &text[line_start..byte];
        let (chars, utf16) = prefix
            .chars()
            .fold((0, 0), |(c, u), ch| (c + 1, u + ch.len_utf16()));
        Position {
            byte,
            char: line_chars + chars,
            line: line + 1,
            column: chars + 1,
            utf16_column: utf16 + 1,
        }
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

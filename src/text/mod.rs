//! Text handling that knows nothing about lexicons: normalization with an offset map, positions,
//! words, sentences, paragraphs, and the voice (own, quoted, reported) of every position.
//!
//! ```
//! use framelens::text::{normalize, sentences};
//! assert_eq!(normalize("بالمُرتزقةِ"), "بالمرتزقه");
//! assert_eq!(sentences("جملة. وأخرى").len(), 2);
//! ```

mod normalize;
mod position;
mod prepared;
mod segment;
mod voice;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) mod wide;

pub use normalize::{Folding, Normalized, normalize, normalize_with};
pub use position::{LineIndex, Position, positions};
pub use prepared::Prepared;
pub use segment::{
    detect_language, is_word_at, is_word_char, paragraphs, script_letters, sentences, sentences_in,
    span_index, word_spans,
};
pub use voice::{Voice, VoiceMap, quotes, quotes_in};

/// How many bytes at a time the per-byte passes (normalization, words) may take: the most the
/// processor allows, or less, so that the tests can hold each path to the character loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    not(all(target_arch = "x86_64", target_feature = "sse2")),
    allow(dead_code)
)]
pub(crate) enum Stride {
    /// One character at a time.
    Char,
    /// Sixteen bytes at a time (SSE2, part of x86-64).
    Sixteen,
    /// Thirty-two bytes at a time (AVX2, where the processor has it).
    ThirtyTwo,
    /// Sixty-four bytes at a time (AVX-512 with VBMI and VBMI2, where the processor has them,
    /// besides AVX2): only the automaton's classes take it so far.
    SixtyFour,
}

impl Stride {
    /// `self`, or less where the processor does not allow it: only a stride this returns may
    /// run (the thirty-two-byte steps are undefined behaviour without AVX2, the sixty-four-byte
    /// ones without AVX-512).
    pub(crate) fn allowed(self) -> Stride {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        let most = match (wide::has_avx2(), wide::has_avx512_bytes()) {
            (true, true) => Stride::SixtyFour,
            (true, false) => Stride::ThirtyTwo,
            (false, _) => Stride::Sixteen,
        };
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
        let most = Stride::Char;
        self.min(most)
    }
}

/// Every character boundary of `text`, its end included: where property tests cut a text.
#[cfg(test)]
pub(crate) fn char_bounds(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

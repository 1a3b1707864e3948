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
mod wide;

pub use normalize::{Folding, Normalized, normalize, normalize_with};
pub use position::{LineIndex, Position, positions};
pub use prepared::Prepared;
pub use segment::{
    detect_language, is_word_at, is_word_char, paragraphs, script_letters, sentences, sentences_in,
    span_index, word_spans,
};
pub use voice::{Voice, VoiceMap, quotes, quotes_in};

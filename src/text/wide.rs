//! Sixteen bytes at a time: the few SSE2 operations the per-byte passes over a corpus use,
//! behind a safe interface.
//!
//! Normalization, word splitting and language detection each look at every byte of every
//! article; taken one character at a time they were a third of scoring a corpus. SSE2 is part
//! of x86-64 itself (every such processor has it, and the compiler assumes it), so no run-time
//! check is needed; on other architectures the module is absent and the callers keep their
//! character loops.

use std::arch::x86_64::{
    __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8,
    _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
};
use std::ops::{BitAnd, BitOr};

/// Sixteen consecutive bytes of a text.
#[derive(Clone, Copy)]
pub(crate) struct Bytes16(__m128i);

/// One flag per byte of a [`Bytes16`].
#[derive(Clone, Copy)]
pub(crate) struct Flags16(__m128i);

// SAFETY (for every `unsafe` block below): these functions are compiled only where SSE2 is
// enabled for the whole program (`target_feature = "sse2"`, always so on x86-64), which is
// what the intrinsics require; `load` also checks its bounds.

impl Bytes16 {
    /// `bytes[at..at + 16]`.
    ///
    /// # Panics
    /// When fewer than sixteen bytes follow `at`.
    #[inline(always)]
    pub(crate) fn load(bytes: &[u8], at: usize) -> Bytes16 {
        let chunk = &bytes[at..at + 16];
        // SAFETY: `chunk` is sixteen readable bytes; `loadu` takes any alignment.
        Bytes16(unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) })
    }

    /// Which bytes are `b`.
    #[inline(always)]
    pub(crate) fn is(self, b: u8) -> Flags16 {
        // SAFETY: see above.
        Flags16(unsafe { _mm_cmpeq_epi8(self.0, _mm_set1_epi8(b as i8)) })
    }

    /// Which bytes lie in `lo..=hi` (unsigned).
    #[inline(always)]
    pub(crate) fn within(self, lo: u8, hi: u8) -> Flags16 {
        // SAFETY: see above.
        Flags16(unsafe {
            let clamped = _mm_min_epu8(
                _mm_max_epu8(self.0, _mm_set1_epi8(lo as i8)),
                _mm_set1_epi8(hi as i8),
            );
            _mm_cmpeq_epi8(clamped, self.0)
        })
    }
}

impl Flags16 {
    /// One bit per byte, byte `k` in bit `k`.
    #[inline(always)]
    pub(crate) fn bits(self) -> u32 {
        // SAFETY: see above.
        unsafe { _mm_movemask_epi8(self.0) as u32 }
    }

    /// These flags without those of `other`.
    #[inline(always)]
    pub(crate) fn and_not(self, other: Flags16) -> Flags16 {
        // SAFETY: see above.
        Flags16(unsafe { _mm_andnot_si128(other.0, self.0) })
    }
}

impl BitOr for Flags16 {
    type Output = Flags16;
    #[inline(always)]
    fn bitor(self, other: Flags16) -> Flags16 {
        // SAFETY: see above.
        Flags16(unsafe { _mm_or_si128(self.0, other.0) })
    }
}

impl BitAnd for Flags16 {
    type Output = Flags16;
    #[inline(always)]
    fn bitand(self, other: Flags16) -> Flags16 {
        // SAFETY: see above.
        Flags16(unsafe { _mm_and_si128(self.0, other.0) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_bytes() {
        let text = "a Zمـ\u{0622}!~`xyz0123456789".as_bytes();
        let chunk = Bytes16::load(text, 0);
        let by_hand =
            |f: &dyn Fn(u8) -> bool| (0..16).fold(0u32, |m, k| m | (u32::from(f(text[k])) << k));
        assert_eq!(chunk.is(b' ').bits(), by_hand(&|b| b == b' '));
        assert_eq!(
            chunk.within(b'a', b'z').bits(),
            by_hand(&|b| b.is_ascii_lowercase())
        );
        assert_eq!(
            chunk.within(0xD8, 0xD9).bits(),
            by_hand(&|b| b == 0xD8 || b == 0xD9)
        );
        let letters = chunk.within(b'a', b'z') | chunk.within(b'A', b'Z');
        assert_eq!(
            letters.and_not(chunk.is(b'Z')).bits(),
            by_hand(&|b| b.is_ascii_lowercase())
        );
        assert_eq!(
            (letters & chunk.within(b'A', b'Z')).bits(),
            by_hand(&|b| b.is_ascii_uppercase())
        );
    }

    #[test]
    #[should_panic]
    fn a_short_load_panics() {
        Bytes16::load(b"fifteen bytes..", 0);
    }
}

//! Sixteen bytes at a time: the few SSE2 operations the per-byte passes over a corpus use,
//! behind a safe interface.
//!
//! Normalization, word splitting and language detection each look at every byte of every
//! article; taken one character at a time they were a third of scoring a corpus. SSE2 is part
//! of x86-64 itself (every such processor has it, and the compiler assumes it), so no run-time
//! check is needed; on other architectures the module is absent and the callers keep their
//! character loops. AVX2, thirty-two bytes at a time, is checked for at run time.

use std::arch::x86_64::{
    __m128i, __m256i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128,
    _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_srli_si128,
    _mm_storeu_si128, _mm256_alignr_epi8, _mm256_and_si256, _mm256_andnot_si256,
    _mm256_blendv_epi8, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8, _mm256_min_epu8,
    _mm256_movemask_epi8, _mm256_or_si256, _mm256_permute2x128_si256, _mm256_set1_epi8,
    _mm256_storeu_si256,
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

    /// These bytes, with `b` in place of every byte `mask` flags.
    #[inline(always)]
    pub(crate) fn with(self, mask: Flags16, b: u8) -> Bytes16 {
        // SAFETY: see above.
        Bytes16(unsafe {
            _mm_or_si128(
                _mm_and_si128(mask.0, _mm_set1_epi8(b as i8)),
                _mm_andnot_si128(mask.0, self.0),
            )
        })
    }

    /// Appends the first `count` of these bytes to `out`.
    ///
    /// # Panics
    /// When `count` is more than sixteen.
    #[inline(always)]
    pub(crate) fn append_to(self, out: &mut Vec<u8>, count: usize) {
        assert!(count <= 16);
        out.reserve(16);
        // SAFETY: `reserve` made room for sixteen bytes after the last, which the store fills
        // (`storeu` takes any alignment); the first `count` of them are then initialized.
        unsafe {
            _mm_storeu_si128(out.as_mut_ptr().add(out.len()).cast(), self.0);
            out.set_len(out.len() + count);
        }
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

    /// The flags moved one byte back: each byte takes the flag of the byte after it (the last
    /// byte none). Flags that mark the second byte of a character move onto its lead byte.
    #[inline(always)]
    pub(crate) fn moved_back(self) -> Flags16 {
        // SAFETY: see above.
        Flags16(unsafe { _mm_srli_si128::<1>(self.0) })
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

/// Whether the processor has AVX2, for the thirty-two-byte steps: checked at run time (the
/// build targets baseline x86-64, which has SSE2 but not AVX2), once (the standard library
/// caches the answer).
#[inline]
pub(crate) fn has_avx2() -> bool {
    std::is_x86_feature_detected!("avx2")
}

/// Thirty-two consecutive bytes of a text: [`Bytes16`] twice over, for processors with AVX2.
///
/// Every method requires AVX2 (`#[target_feature]`), so only a function that enables it too
/// can call them, and such a function may only be called once [`has_avx2`] said yes. Halving
/// the steps over a text halves the work of the tests, which is most of a step.
#[derive(Clone, Copy)]
pub(crate) struct Bytes32(__m256i);

/// One flag per byte of a [`Bytes32`].
#[derive(Clone, Copy)]
pub(crate) struct Flags32(__m256i);

impl Bytes32 {
    /// `bytes[at..at + 32]`.
    ///
    /// # Panics
    /// When fewer than thirty-two bytes follow `at`.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn load(bytes: &[u8], at: usize) -> Bytes32 {
        let chunk = &bytes[at..at + 32];
        // SAFETY: `chunk` is thirty-two readable bytes; `loadu` takes any alignment.
        Bytes32(unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) })
    }

    /// Which bytes are `b`.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn is(self, b: u8) -> Flags32 {
        Flags32(_mm256_cmpeq_epi8(self.0, _mm256_set1_epi8(b as i8)))
    }

    /// Which bytes lie in `lo..=hi` (unsigned).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn within(self, lo: u8, hi: u8) -> Flags32 {
        let clamped = _mm256_min_epu8(
            _mm256_max_epu8(self.0, _mm256_set1_epi8(lo as i8)),
            _mm256_set1_epi8(hi as i8),
        );
        Flags32(_mm256_cmpeq_epi8(clamped, self.0))
    }

    /// These bytes, with `b` in place of every byte `mask` flags.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn with(self, mask: Flags32, b: u8) -> Bytes32 {
        Bytes32(_mm256_blendv_epi8(
            self.0,
            _mm256_set1_epi8(b as i8),
            mask.0,
        ))
    }

    /// Appends the first `count` of these bytes to `out`.
    ///
    /// # Panics
    /// When `count` is more than thirty-two.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn append_to(self, out: &mut Vec<u8>, count: usize) {
        assert!(count <= 32);
        out.reserve(32);
        // SAFETY: `reserve` made room for thirty-two bytes after the last, which the store
        // fills (`storeu` takes any alignment); the first `count` of them are then initialized.
        unsafe {
            _mm256_storeu_si256(out.as_mut_ptr().add(out.len()).cast(), self.0);
            out.set_len(out.len() + count);
        }
    }
}

impl Flags32 {
    /// One bit per byte, byte `k` in bit `k` (a `u64`, so that shifting the flags on by a
    /// byte keeps the last).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn bits(self) -> u64 {
        u64::from(_mm256_movemask_epi8(self.0) as u32)
    }

    /// These flags without those of `other`.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn and_not(self, other: Flags32) -> Flags32 {
        Flags32(_mm256_andnot_si256(other.0, self.0))
    }

    /// The flags set here or in `other` (`|` cannot be a `#[target_feature]` method).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn or(self, other: Flags32) -> Flags32 {
        Flags32(_mm256_or_si256(self.0, other.0))
    }

    /// The flags set both here and in `other`.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn and(self, other: Flags32) -> Flags32 {
        Flags32(_mm256_and_si256(self.0, other.0))
    }

    /// The flags moved one byte back: each byte takes the flag of the byte after it (the last
    /// byte none). Flags that mark the second byte of a character move onto its lead byte.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn moved_back(self) -> Flags32 {
        // The upper half moved into the lower, zeros above it: what each half's last byte
        // takes from beyond the half (`alignr` shifts the two halves separately).
        let beyond = _mm256_permute2x128_si256::<0x81>(self.0, self.0);
        Flags32(_mm256_alignr_epi8::<1>(beyond, self.0))
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
    fn wide_flags_follow_the_bytes() {
        if !has_avx2() {
            return;
        }
        // SAFETY: the processor has AVX2, checked above.
        unsafe { wide_flags_follow_the_bytes_avx2() }
    }

    #[target_feature(enable = "avx2")]
    fn wide_flags_follow_the_bytes_avx2() {
        let text = "a Zمـ\u{0622}!~`xyz0123456789 «قال» Martyr’s".as_bytes();
        let chunk = Bytes32::load(text, 1);
        let by_hand = |f: &dyn Fn(u8) -> bool| {
            (0..32).fold(0u64, |m, k| m | (u64::from(f(text[1 + k])) << k))
        };
        assert_eq!(chunk.is(b' ').bits(), by_hand(&|b| b == b' '));
        assert_eq!(
            chunk.within(0xD8, 0xD9).bits(),
            by_hand(&|b| b == 0xD8 || b == 0xD9)
        );
        let letters = chunk.within(b'a', b'z').or(chunk.within(b'A', b'Z'));
        assert_eq!(
            letters.and_not(chunk.is(b'Z')).bits(),
            by_hand(&|b| b.is_ascii_alphabetic() && b != b'Z')
        );
        assert_eq!(
            letters.and(chunk.within(b'A', b'Z')).bits(),
            by_hand(&|b| b.is_ascii_uppercase())
        );
    }

    #[test]
    fn bytes_are_replaced_moved_and_appended() {
        let text = b"abcXdefXghijklmnXpqXrstuvwxyz0123456789";
        let chunk = Bytes16::load(text, 0);
        let x = chunk.is(b'X');
        let mut out = b"<".to_vec();
        chunk.with(x, b'-').append_to(&mut out, 16);
        assert_eq!(out, b"<abc-def-ghijklmn");
        chunk.with(x.moved_back(), b'+').append_to(&mut out, 9);
        assert_eq!(out, b"<abc-def-ghijklmnab+Xde+Xg");
        assert_eq!(x.moved_back().bits(), x.bits() >> 1);

        if !has_avx2() {
            return;
        }
        // SAFETY: the processor has AVX2, checked above.
        unsafe { wide_bytes_are_replaced_moved_and_appended_avx2(text) }
    }

    #[target_feature(enable = "avx2")]
    fn wide_bytes_are_replaced_moved_and_appended_avx2(text: &[u8]) {
        let chunk = Bytes32::load(text, 0);
        let x = chunk.is(b'X');
        let mut out = Vec::new();
        chunk.with(x, b'-').append_to(&mut out, 32);
        assert_eq!(out, b"abc-def-ghijklmn-pq-rstuvwxyz012");
        out.clear();
        chunk.with(x.moved_back(), b'+').append_to(&mut out, 32);
        // The flag of byte 16, in the upper half, moves onto byte 15, in the lower.
        assert_eq!(out, b"ab+Xde+Xghijklm+Xp+Xrstuvwxyz012");
        assert_eq!(x.moved_back().bits(), x.bits() >> 1);
        out.clear();
        chunk.append_to(&mut out, 5);
        assert_eq!(out, b"abcXd");
    }

    #[test]
    #[should_panic]
    fn a_short_load_panics() {
        Bytes16::load(b"fifteen bytes..", 0);
    }
}

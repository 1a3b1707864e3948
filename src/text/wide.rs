//! Sixteen bytes at a time: the few SSE2 operations the per-byte passes over a corpus use,
//! behind a safe interface.
//!
//! Normalization, word splitting and language detection each look at every byte of every
//! article; taken one character at a time they were a third of scoring a corpus. SSE2 is part
//! of x86-64 itself (every such processor has it, and the compiler assumes it), so no run-time
//! check is needed; on other architectures the module is absent and the callers keep their
//! character loops. AVX2, thirty-two bytes at a time, is checked for at run time, and so are
//! the AVX-512 parts of sixty-four bytes at a time ([`Bytes64`]).

use std::arch::x86_64::{
    __m128i, __m256i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cvtsi64_si128,
    _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    _mm_shuffle_epi8, _mm_srli_si128, _mm_storel_epi64, _mm_storeu_si128, _mm256_alignr_epi8,
    _mm256_and_si256, _mm256_andnot_si256, _mm256_blendv_epi8, _mm256_castsi256_si128,
    _mm256_cmpeq_epi8, _mm256_extracti128_si256, _mm256_loadu_si256, _mm256_max_epu8,
    _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_permute2x128_si256,
    _mm256_set1_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_slli_epi16,
    _mm256_storeu_si256, _mm256_sub_epi8, _mm256_xor_si256,
};
use std::arch::x86_64::{
    __m512i, _mm512_and_si512, _mm512_cmple_epu8_mask, _mm512_loadu_si512, _mm512_mask_blend_epi8,
    _mm512_maskz_compress_epi8, _mm512_maskz_mov_epi8, _mm512_or_si512, _mm512_permutex2var_epi8,
    _mm512_set1_epi8, _mm512_slli_epi16, _mm512_storeu_si512, _mm512_sub_epi8,
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

/// Whether the processor has BMI1 (`tzcnt`, `blsr`) and POPCNT, which bit-mask loops beside
/// the AVX2 steps use: every processor with AVX2 has them in practice, but they are checked
/// all the same (the standard library caches the answer).
#[inline]
pub(crate) fn has_bit_counts() -> bool {
    std::is_x86_feature_detected!("bmi1") && std::is_x86_feature_detected!("popcnt")
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

/// A table of 128 bytes that [`Bytes32::look_up`] reads thirty-two indexes at a time.
///
/// `pshufb` looks up sixteen entries, and gives zero for an index with its top bit set. Row `t`
/// holds entries `16t..16t + 16` XOR-ed with the row before, so that the index less `16t`,
/// looked up in every row and XOR-ed together, leaves exactly the entry: rows past the index's
/// own see a negative index and add nothing, the rows up to it cancel to its own.
#[derive(Debug)]
pub(crate) struct Table128 {
    /// The eight rows, each twice (for both 128-bit halves, which `pshufb` takes apart).
    rows: [[u8; 32]; 8],
    /// The entries as they are, for [`Bytes64::look_up`].
    entries: [u8; 128],
}

impl Table128 {
    pub(crate) fn new(entries: &[u8; 128]) -> Table128 {
        let mut rows = [[0; 32]; 8];
        for (t, row) in rows.iter_mut().enumerate() {
            for (i, cell) in row.iter_mut().enumerate() {
                let before = if t == 0 {
                    0
                } else {
                    entries[16 * (t - 1) + i % 16]
                };
                *cell = entries[16 * t + i % 16] ^ before;
            }
        }
        Table128 {
            rows,
            entries: *entries,
        }
    }
}

/// Where each 8-bit mask's set bits are, lowest first, one byte each (the rest zero): the
/// `pshufb` control that packs the kept bytes of eight together.
const PACK: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut mask = 0;
    while mask < 256 {
        let (mut bit, mut kept, mut control) = (0, 0, 0u64);
        while bit < 8 {
            if mask & (1 << bit) != 0 {
                control |= (bit as u64) << (8 * kept);
                kept += 1;
            }
            bit += 1;
        }
        table[mask] = control;
        mask += 1;
    }
    table
};

impl Bytes32 {
    /// Each byte (an index below 128) replaced by that entry of `table`; a byte of 128 or more
    /// gives a byte of no meaning, for the caller to mask.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn look_up(self, table: &Table128) -> Bytes32 {
        let mut out = _mm256_setzero_si256();
        for (t, row) in table.rows.iter().enumerate() {
            // SAFETY: `row` is thirty-two readable bytes; `loadu` takes any alignment.
            let row = unsafe { _mm256_loadu_si256(row.as_ptr().cast()) };
            let index = _mm256_sub_epi8(self.0, _mm256_set1_epi8((16 * t) as i8));
            out = _mm256_xor_si256(out, _mm256_shuffle_epi8(row, index));
        }
        Bytes32(out)
    }

    /// Where these are lead bytes of U+0600–U+07FF (D8–DF) and `second` the bytes after them:
    /// the index of the character within U+0600–U+067F, its lead byte's last bit and the second
    /// byte's low six bits (below 128; meaningless for other lead bytes).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn arabic_index(self, second: Bytes32) -> Bytes32 {
        let half = _mm256_slli_epi16::<6>(_mm256_and_si256(self.0, _mm256_set1_epi8(1)));
        Bytes32(_mm256_or_si256(
            half,
            _mm256_and_si256(second.0, _mm256_set1_epi8(0x3F)),
        ))
    }

    /// These bytes where `mask` flags them, zero elsewhere.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn keep(self, mask: Flags32) -> Bytes32 {
        Bytes32(_mm256_and_si256(self.0, mask.0))
    }

    /// These bytes, with `other`'s in place of those `mask` flags.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn with_bytes(self, mask: Flags32, other: Bytes32) -> Bytes32 {
        Bytes32(_mm256_blendv_epi8(self.0, other.0, mask.0))
    }

    /// Appends to `out` the bytes whose bit is set in `kept` (byte `k`, bit `k`), in order.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(crate) fn pack_to(self, kept: u32, out: &mut Vec<u8>) {
        out.reserve(32 + 8);
        let halves = [
            _mm256_castsi256_si128(self.0),
            _mm256_extracti128_si256::<1>(self.0),
        ];
        let mut len = out.len();
        for group in 0..4 {
            let mask = (kept >> (8 * group)) & 0xFF;
            // The control picks bytes of the group's half: the second group of a half is
            // eight bytes on.
            let control = PACK[mask as usize]
                + if group % 2 == 1 {
                    0x0808_0808_0808_0808
                } else {
                    0
                };
            let packed = _mm_shuffle_epi8(halves[group / 2], _mm_cvtsi64_si128(control as i64));
            // SAFETY: `reserve` made room for forty bytes after the first `out.len()`, and
            // `len` has grown by at most twenty-four before this eight-byte store (`storel`
            // takes any alignment); only the kept bytes count, through `set_len` below.
            unsafe { _mm_storel_epi64(out.as_mut_ptr().add(len).cast(), packed) };
            len += mask.count_ones() as usize;
        }
        // SAFETY: the bytes up to `len` were all written above.
        unsafe { out.set_len(len) };
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

/// Whether the processor has the AVX-512 parts [`Bytes64`] uses: the foundation, byte and word
/// instructions (BW), byte permutes across a whole register (VBMI) and byte compression
/// (VBMI2). The standard library caches the answer.
#[inline]
pub(crate) fn has_avx512_bytes() -> bool {
    std::is_x86_feature_detected!("avx512f")
        && std::is_x86_feature_detected!("avx512bw")
        && std::is_x86_feature_detected!("avx512vbmi")
        && std::is_x86_feature_detected!("avx512vbmi2")
}

/// Sixty-four consecutive bytes of a text, for processors with AVX-512 (see
/// [`has_avx512_bytes`]): a test gives one bit per byte in a plain `u64`, a 128-entry table is
/// one permute instead of [`Bytes32::look_up`]'s eight shuffles, and the bytes a mask keeps are
/// packed by one instruction instead of [`Bytes32::pack_to`]'s table of shuffles.
///
/// Every method requires those features (`#[target_feature]`), so only a function that enables
/// them too can call them, and such a function may only be called once [`has_avx512_bytes`]
/// said yes.
#[derive(Clone, Copy)]
pub(crate) struct Bytes64(__m512i);

impl Bytes64 {
    /// The sixty-four bytes from `at` (panics past the end).
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(crate) fn load(bytes: &[u8], at: usize) -> Bytes64 {
        let chunk = &bytes[at..at + 64];
        // SAFETY: `chunk` is sixty-four readable bytes; `loadu` takes any alignment.
        Bytes64(unsafe { _mm512_loadu_si512(chunk.as_ptr().cast()) })
    }

    /// Bit `k` set where byte `k` is from `low` to `high`, both included.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(crate) fn within(self, low: u8, high: u8) -> u64 {
        let shifted = _mm512_sub_epi8(self.0, _mm512_set1_epi8(low as i8));
        _mm512_cmple_epu8_mask(shifted, _mm512_set1_epi8(high.wrapping_sub(low) as i8))
    }

    /// [`Bytes32::arabic_index`] on sixty-four bytes.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(crate) fn arabic_index(self, second: Bytes64) -> Bytes64 {
        let half = _mm512_slli_epi16::<6>(_mm512_and_si512(self.0, _mm512_set1_epi8(1)));
        Bytes64(_mm512_or_si512(
            half,
            _mm512_and_si512(second.0, _mm512_set1_epi8(0x3F)),
        ))
    }

    /// Each byte replaced by the entry of `table` its low seven bits index.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    pub(crate) fn look_up(self, table: &Table128) -> Bytes64 {
        let (low, high) = table.entries.split_at(64);
        // SAFETY: both halves are sixty-four readable bytes; `loadu` takes any alignment.
        let (low, high) = unsafe {
            (
                _mm512_loadu_si512(low.as_ptr().cast()),
                _mm512_loadu_si512(high.as_ptr().cast()),
            )
        };
        // The index's bit 6 picks the half, its low six bits the entry.
        Bytes64(_mm512_permutex2var_epi8(low, self.0, high))
    }

    /// These bytes where `mask` has a bit, zero elsewhere.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(crate) fn keep(self, mask: u64) -> Bytes64 {
        Bytes64(_mm512_maskz_mov_epi8(mask, self.0))
    }

    /// These bytes, with `other`'s in place of those `mask` has a bit for.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(crate) fn with_bytes(self, mask: u64, other: Bytes64) -> Bytes64 {
        Bytes64(_mm512_mask_blend_epi8(mask, self.0, other.0))
    }

    /// Appends to `out` the bytes whose bit is set in `kept` (byte `k`, bit `k`), in order.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi2")]
    pub(crate) fn pack_to(self, kept: u64, out: &mut Vec<u8>) {
        out.reserve(64);
        let len = out.len();
        let packed = _mm512_maskz_compress_epi8(kept, self.0);
        // SAFETY: `reserve` made room for sixty-four bytes after the first `out.len()`
        // (`storeu` takes any alignment); only the kept bytes, packed at the front, count.
        unsafe {
            _mm512_storeu_si512(out.as_mut_ptr().add(len).cast(), packed);
            out.set_len(len + kept.count_ones() as usize);
        }
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
    fn tables_are_looked_up_and_bytes_packed() {
        if !(has_avx2() && has_bit_counts()) {
            return;
        }
        // SAFETY: the processor has AVX2, checked above.
        unsafe { tables_are_looked_up_and_bytes_packed_avx2() }
    }

    #[target_feature(enable = "avx2")]
    fn tables_are_looked_up_and_bytes_packed_avx2() {
        let entries: [u8; 128] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0x5A);
        let table = Table128::new(&entries);
        for first in (0..128).step_by(32) {
            let indexes: Vec<u8> = (first..first + 32).map(|i| i as u8).collect();
            let mut out = Vec::new();
            Bytes32::load(&indexes, 0)
                .look_up(&table)
                .append_to(&mut out, 32);
            assert_eq!(out, entries[first..first + 32]);
        }
        let text: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'5').collect();
        for kept in [0u32, u32::MAX, 0x8000_0001, 0x00FF_FF00, 0b1011_0110_1001] {
            let mut out = b"<".to_vec();
            Bytes32::load(&text, 0).pack_to(kept, &mut out);
            let by_hand: Vec<u8> = std::iter::once(b'<')
                .chain((0..32).filter(|k| kept >> k & 1 == 1).map(|k| text[k]))
                .collect();
            assert_eq!(out, by_hand, "kept {kept:#x}");
        }
        // A letter's index from its two bytes: ا (D8 A7) is U+0627, ي (D9 8A) U+064A.
        let letters = "اي".as_bytes().to_vec();
        let mut padded = letters.clone();
        padded.resize(40, b' ');
        let mut out = Vec::new();
        Bytes32::load(&padded, 0)
            .arabic_index(Bytes32::load(&padded, 1))
            .append_to(&mut out, 3);
        assert_eq!(out[0], 0x27);
        assert_eq!(out[2], 0x4A);
    }

    #[test]
    fn sixty_four_bytes_are_tested_looked_up_and_packed() {
        if !has_avx512_bytes() {
            return;
        }
        // SAFETY: the processor has the AVX-512 parts, checked above.
        unsafe { sixty_four_bytes_are_tested_looked_up_and_packed_avx512() }
    }

    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi,avx512vbmi2")]
    fn sixty_four_bytes_are_tested_looked_up_and_packed_avx512() {
        let entries: [u8; 128] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0x5A);
        let table = Table128::new(&entries);
        // Every index, and each again with its top bit set (only the low seven bits count).
        for first in [0, 64, 128, 192] {
            let indexes: Vec<u8> = (first..first + 64).map(|i| i as u8).collect();
            let mut out = Vec::new();
            let looked_up = Bytes64::load(&indexes, 0).look_up(&table);
            looked_up.pack_to(u64::MAX, &mut out);
            assert_eq!(out, entries[first % 128..first % 128 + 64]);
        }
        let text: Vec<u8> = (0..64).map(|i| b'0' + i).collect();
        for kept in [
            0u64,
            u64::MAX,
            0x8000_0000_0000_0001,
            0x00FF_FF00_F0F0,
            0b1011_0110_1001,
        ] {
            let mut out = b"<".to_vec();
            Bytes64::load(&text, 0).pack_to(kept, &mut out);
            let by_hand: Vec<u8> = std::iter::once(b'<')
                .chain((0..64).filter(|k| kept >> k & 1 == 1).map(|k| text[k]))
                .collect();
            assert_eq!(out, by_hand, "kept {kept:#x}");
            // The bytes kept where `kept` says, those of `text` reversed elsewhere.
            let reversed: Vec<u8> = text.iter().rev().copied().collect();
            let mut mixed = Vec::new();
            (Bytes64::load(&reversed, 0).with_bytes(kept, Bytes64::load(&text, 0)))
                .pack_to(u64::MAX, &mut mixed);
            let by_hand: Vec<u8> = (0..64)
                .map(|k| {
                    if kept >> k & 1 == 1 {
                        text[k]
                    } else {
                        reversed[k]
                    }
                })
                .collect();
            assert_eq!(mixed, by_hand, "with_bytes {kept:#x}");
            let mut zeroed = Vec::new();
            Bytes64::load(&text, 0)
                .keep(kept)
                .pack_to(u64::MAX, &mut zeroed);
            let by_hand: Vec<u8> = (0..64)
                .map(|k| if kept >> k & 1 == 1 { text[k] } else { 0 })
                .collect();
            assert_eq!(zeroed, by_hand, "keep {kept:#x}");
        }
        // Ranges, both ends included, on every byte value in four loads.
        let all: Vec<u8> = (0..=255).collect();
        for (low, high) in [(0, 0x7F), (0x80, 0xBF), (0xD8, 0xD9), (0xFF, 0xFF)] {
            for first in [0, 64, 128, 192] {
                let bits = Bytes64::load(&all, first).within(low, high);
                let by_hand = (0..64u64)
                    .filter(|&k| (low..=high).contains(&((first as u64 + k) as u8)))
                    .fold(0, |bits, k| bits | 1 << k);
                assert_eq!(bits, by_hand, "{low:#x}..={high:#x} from {first}");
            }
        }
        // A letter's index from its two bytes: ا (D8 A7) is U+0627, ي (D9 8A) U+064A.
        let mut padded = "اي".as_bytes().to_vec();
        padded.resize(80, b' ');
        let mut out = Vec::new();
        Bytes64::load(&padded, 0)
            .arabic_index(Bytes64::load(&padded, 1))
            .pack_to(0b101, &mut out);
        assert_eq!(out, [0x27, 0x4A]);
    }

    #[test]
    #[should_panic]
    fn a_short_load_panics() {
        Bytes16::load(b"fifteen bytes..", 0);
    }
}

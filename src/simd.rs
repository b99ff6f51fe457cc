//! Bytes classed 64 at a time into bit masks, bit `n` standing for byte `n` of a block: the
//! lexicon's walk finds words with them, the JSON splitter quotes, backslashes and brackets, the
//! mojibake repair and the member reader the ends of plain runs in strings, the detectors runs of
//! digits and of their marks (`@`, `:`).
//!
//! On x86_64 the masks come from SSE2 compares (part of every x86_64 processor); the crate's only
//! `unsafe` is here, calling those functions in a build that enables SSE2. Elsewhere a byte loop
//! computes the same masks. Must never: class a byte otherwise than the byte loop does (tested
//! on every byte value at every position of a block). Reads bytes only; never copies them out.

/// Bytes classed at a time.
pub(crate) const BLOCK: usize = 64;

/// Whether `b` is an ASCII letter or digit.
#[inline(always)]
pub(crate) fn is_ascii_letter(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The words of a block: its ASCII letters and digits, its bytes outside ASCII, and among them
/// the lead byte 0xC3 of the Latin letters U+00C0..U+00FF (`é`, `à`, `ç`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordMasks {
    pub(crate) letters: u64,
    pub(crate) non_ascii: u64,
    pub(crate) latin_leads: u64,
}

/// The lead byte of the two-byte characters U+00C0..U+00FF.
pub(crate) const LATIN_LEAD: u8 = 0xC3;

/// The JSON marks of a block: `"`, `\`, `{` or `[`, `}` or `]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonMasks {
    pub(crate) quotes: u64,
    pub(crate) backslashes: u64,
    pub(crate) opens: u64,
    pub(crate) closes: u64,
}

#[inline(always)]
pub(crate) fn word_masks(block: &[u8; BLOCK]) -> WordMasks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::word_masks(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        word_masks_bytewise(block)
    }
}

/// The ASCII digits of a block.
#[inline(always)]
pub(crate) fn digit_mask(block: &[u8; BLOCK]) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::digit_mask(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        mask_bytewise(block, |b| b.is_ascii_digit())
    }
}

/// The bytes of a block equal to `byte`.
#[inline(always)]
pub(crate) fn byte_mask(block: &[u8; BLOCK], byte: u8) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::byte_mask(block, byte) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        mask_bytewise(block, |b| b == byte)
    }
}

#[inline(always)]
pub(crate) fn json_masks(block: &[u8; BLOCK]) -> JsonMasks {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::json_masks(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        json_masks_bytewise(block)
    }
}

/// The bytes of a block that end a run of plain ASCII inside a JSON string: `"`, `\\` and
/// every byte outside ASCII.
#[inline(always)]
pub(crate) fn string_stops(block: &[u8; BLOCK]) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::string_stops(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        mask_bytewise(block, is_string_stop)
    }
}

/// Whether `b` ends a run of plain ASCII inside a JSON string (see [`string_stops`]).
#[inline(always)]
pub(crate) fn is_string_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || !b.is_ascii()
}

/// [`string_stops`] and the control characters (below U+0020), which JSON forbids in a string:
/// the bytes a strict reader of strings must look at.
#[inline(always)]
pub(crate) fn strict_string_stops(block: &[u8; BLOCK]) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::strict_string_stops(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        mask_bytewise(block, is_strict_string_stop)
    }
}

/// Whether `b` is one of the [`strict_string_stops`].
#[inline(always)]
pub(crate) fn is_strict_string_stop(b: u8) -> bool {
    is_string_stop(b) || b < 0x20
}

/// The position of the first byte of `bytes` that [`is_string_stop`] accepts.
#[inline]
pub(crate) fn first_string_stop(bytes: &[u8]) -> Option<usize> {
    first_stop(bytes, string_stops, is_string_stop)
}

/// The position of the first byte of `bytes` that [`is_strict_string_stop`] accepts.
#[inline]
pub(crate) fn first_strict_string_stop(bytes: &[u8]) -> Option<usize> {
    first_stop(bytes, strict_string_stops, is_strict_string_stop)
}

/// The first byte that `stops` flags, 64 at a time, and `one` the last few.
#[inline(always)]
fn first_stop(
    bytes: &[u8],
    stops: impl Fn(&[u8; BLOCK]) -> u64,
    one: impl Fn(u8) -> bool,
) -> Option<usize> {
    let (blocks, tail) = bytes.as_chunks::<BLOCK>();
    for (n, block) in blocks.iter().enumerate() {
        let found = stops(block);
        if found != 0 {
            return Some(n * BLOCK + found.trailing_zeros() as usize);
        }
    }
    let at = tail.iter().position(|&b| one(b))?;
    Some(blocks.len() * BLOCK + at)
}

/// A mask of the bytes of `block` that `test` accepts.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn mask_bytewise(block: &[u8; BLOCK], test: impl Fn(u8) -> bool) -> u64 {
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (n, &b)| mask | u64::from(test(b)) << n)
}

#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn word_masks_bytewise(block: &[u8; BLOCK]) -> WordMasks {
    WordMasks {
        letters: mask_bytewise(block, is_ascii_letter),
        non_ascii: mask_bytewise(block, |b| b >= 0x80),
        latin_leads: mask_bytewise(block, |b| b == LATIN_LEAD),
    }
}

#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn json_masks_bytewise(block: &[u8; BLOCK]) -> JsonMasks {
    JsonMasks {
        quotes: mask_bytewise(block, |b| b == b'"'),
        backslashes: mask_bytewise(block, |b| b == b'\\'),
        opens: mask_bytewise(block, |b| b == b'{' || b == b'['),
        closes: mask_bytewise(block, |b| b == b'}' || b == b']'),
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set_epi64x, _mm_set1_epi8,
    };

    use super::{BLOCK, JsonMasks, LATIN_LEAD, WordMasks};

    /// The four 16-byte lanes of a block.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn lanes(block: &[u8; BLOCK]) -> [__m128i; 4] {
        let word = |n: usize| {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&block[8 * n..8 * n + 8]);
            i64::from_le_bytes(bytes)
        };
        [0, 1, 2, 3].map(|lane| _mm_set_epi64x(word(2 * lane + 1), word(2 * lane)))
    }

    /// The 64-bit mask of a compare made lane by lane.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn mask(lanes: &[__m128i; 4], compare: impl Fn(__m128i) -> __m128i) -> u64 {
        lanes.iter().enumerate().fold(0, |mask, (n, &lane)| {
            let bits = _mm_movemask_epi8(compare(lane)) as u32 as u16;
            mask | u64::from(bits) << (16 * n)
        })
    }

    /// The bytes `b` with `b - low` (wrapping) below `count`: bytes shifted so that the range
    /// starts at -128, then a signed compare.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn in_range(v: __m128i, low: u8, count: u8) -> __m128i {
        let shifted = _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(low) as i8));
        _mm_cmplt_epi8(shifted, _mm_set1_epi8(0x80u8.wrapping_add(count) as i8))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    fn equal(v: __m128i, b: u8) -> __m128i {
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn word_masks(block: &[u8; BLOCK]) -> WordMasks {
        let lanes = lanes(block);
        WordMasks {
            // Upper case folds onto lower case with the 0x20 bit; digits are their own range.
            letters: mask(&lanes, |v| {
                let letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', 26);
                _mm_or_si128(letter, in_range(v, b'0', 10))
            }),
            non_ascii: mask(&lanes, |v| v),
            latin_leads: mask(&lanes, |v| equal(v, LATIN_LEAD)),
        }
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn digit_mask(block: &[u8; BLOCK]) -> u64 {
        mask(&lanes(block), |v| in_range(v, b'0', 10))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn byte_mask(block: &[u8; BLOCK], byte: u8) -> u64 {
        mask(&lanes(block), |v| equal(v, byte))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn string_stops(block: &[u8; BLOCK]) -> u64 {
        // A byte outside ASCII has its high bit set, which is what the mask collects.
        mask(&lanes(block), |v| {
            _mm_or_si128(_mm_or_si128(equal(v, b'"'), equal(v, b'\\')), v)
        })
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn strict_string_stops(block: &[u8; BLOCK]) -> u64 {
        // As signed bytes, those outside ASCII are negative: one compare below 0x20 takes them
        // and the control characters.
        mask(&lanes(block), |v| {
            let below_space = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
            _mm_or_si128(_mm_or_si128(equal(v, b'"'), equal(v, b'\\')), below_space)
        })
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn json_masks(block: &[u8; BLOCK]) -> JsonMasks {
        let lanes = lanes(block);
        // `[` and `{`, `]` and `}` differ by the 0x20 bit only (no other byte folds onto them).
        let folded = |v| _mm_or_si128(v, _mm_set1_epi8(0x20));
        JsonMasks {
            quotes: mask(&lanes, |v| equal(v, b'"')),
            backslashes: mask(&lanes, |v| equal(v, b'\\')),
            opens: mask(&lanes, |v| equal(folded(v), b'{')),
            closes: mask(&lanes, |v| equal(folded(v), b'}')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_value_at_every_position_is_classed_as_the_byte_loop_does() {
        for value in 0..=255u8 {
            for position in 0..BLOCK {
                let mut block = [b' '; BLOCK];
                block[position] = value;
                let words = word_masks(&block);
                assert_eq!(words, word_masks_bytewise(&block));
                assert_eq!(words.letters, u64::from(is_ascii_letter(value)) << position);
                assert_eq!(words.non_ascii, u64::from(value >= 0x80) << position);
                assert_eq!(words.latin_leads, u64::from(value == 0xC3) << position);
                assert_eq!(
                    digit_mask(&block),
                    mask_bytewise(&block, |b| b.is_ascii_digit())
                );
                assert_eq!(
                    digit_mask(&block),
                    u64::from(value.is_ascii_digit()) << position
                );
                for byte in [value, b':', b'@', 0] {
                    assert_eq!(
                        byte_mask(&block, byte),
                        mask_bytewise(&block, |b| b == byte)
                    );
                }
                let json = json_masks(&block);
                assert_eq!(json, json_masks_bytewise(&block), "{value:#04x}");
                let bit = 1u64 << position;
                let only = |yes: bool| if yes { bit } else { 0 };
                let others = if value == b' ' { !bit } else { 0 };
                assert_eq!(byte_mask(&block, value), bit | others, "{value:#04x}");
                assert_eq!(json.quotes, only(value == b'"'));
                assert_eq!(json.backslashes, only(value == b'\\'));
                assert_eq!(json.opens, only(matches!(value, b'{' | b'[')));
                assert_eq!(json.closes, only(matches!(value, b'}' | b']')));
                let stops = string_stops(&block);
                assert_eq!(stops, mask_bytewise(&block, is_string_stop));
                assert_eq!(stops, only(matches!(value, b'"' | b'\\' | 0x80..)));
                let strict = strict_string_stops(&block);
                assert_eq!(strict, mask_bytewise(&block, is_strict_string_stop));
                assert_eq!(
                    strict,
                    only(matches!(value, b'"' | b'\\' | 0x80.. | ..0x20))
                );
            }
        }
    }
}

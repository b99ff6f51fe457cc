//! Where a text's words lie, found 64 bytes at a time: a bit per byte saying whether it is an
//! ASCII letter or digit (a word's usual byte) and one saying whether it is outside ASCII (a
//! character that needs its normal form worked out). The walk in [`super::probe`] jumps from word
//! to word with these bits instead of testing bytes one by one.
//!
//! On x86_64 the bits come from SSE2 compares (part of every x86_64 processor); elsewhere from a
//! byte loop. Must never: answer differently from [`is_ascii_letter`] byte by byte (tested on
//! every byte value at every position of a block, and against the byte loop).

/// Whether `b` is an ASCII letter or digit: a byte that belongs to a word as it is.
#[inline(always)]
pub(super) fn is_ascii_letter(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Bytes classed at a time.
pub(super) const BLOCK: usize = 64;

/// The classes of the 64 bytes of a text from some byte on: bit `n` stands for the byte `n`
/// places further. Bytes past the text's end are neither letters nor outside ASCII.
#[derive(Clone, Copy)]
pub(super) struct Window {
    /// An ASCII letter or digit.
    pub(super) letters: u64,
    /// A byte outside ASCII.
    pub(super) non_ascii: u64,
}

impl Window {
    /// The window of `bytes` from byte `at` on (empty from the text's end on).
    #[inline(always)]
    pub(super) fn at(bytes: &[u8], at: usize) -> Window {
        let rest = bytes.get(at..).unwrap_or_default();
        let (letters, non_ascii) = match rest.first_chunk::<BLOCK>() {
            Some(block) => classes(block),
            None => {
                let mut block = [0u8; BLOCK];
                block[..rest.len()].copy_from_slice(rest);
                classes(&block)
            }
        };
        Window { letters, non_ascii }
    }
}

/// The end of the run of ASCII letters and digits of `bytes` from `at` on, however long.
pub(super) fn letters_end(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let others = !Window::at(bytes, at).letters;
        if others != 0 {
            return (at + others.trailing_zeros() as usize).min(bytes.len());
        }
        at += BLOCK;
    }
}

/// The letter and outside-ASCII bits of a block.
#[inline(always)]
fn classes(block: &[u8; BLOCK]) -> (u64, u64) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function needs SSE2, which this build enables (the cfg above).
        unsafe { sse2::classes(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        classes_bytewise(block)
    }
}

/// [`classes`] a byte at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn classes_bytewise(block: &[u8; BLOCK]) -> (u64, u64) {
    let mut letters = 0u64;
    let mut non_ascii = 0u64;
    for (i, &b) in block.iter().enumerate() {
        letters |= u64::from(is_ascii_letter(b)) << i;
        non_ascii |= u64::from(b >> 7) << i;
    }
    (letters, non_ascii)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };

    /// The bytes `b` with `b - low` (wrapping) below `count`: bytes shifted so that the range
    /// starts at -128, then a signed compare.
    #[target_feature(enable = "sse2")]
    fn in_range(v: __m128i, low: u8, count: u8) -> __m128i {
        let shifted = _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(low) as i8));
        _mm_cmplt_epi8(shifted, _mm_set1_epi8(0x80u8.wrapping_add(count) as i8))
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn classes(block: &[u8; super::BLOCK]) -> (u64, u64) {
        let mut letters = 0u64;
        let mut non_ascii = 0u64;
        for (n, chunk) in block.as_chunks::<16>().0.iter().enumerate() {
            let (low, high) = chunk.split_at(8);
            let low = i64::from_le_bytes(low.try_into().unwrap_or_default());
            let high = i64::from_le_bytes(high.try_into().unwrap_or_default());
            let v = _mm_set_epi64x(high, low);
            // Upper case folds onto lower case with the 0x20 bit; digits are their own range.
            let letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', 26);
            let digit = in_range(v, b'0', 10);
            let word = _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32 as u16;
            letters |= u64::from(word) << (16 * n);
            non_ascii |= u64::from(_mm_movemask_epi8(v) as u32 as u16) << (16 * n);
        }
        (letters, non_ascii)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_value_at_every_position_is_classed_as_the_byte_test_says() {
        for value in 0..=255u8 {
            for position in 0..BLOCK {
                let mut block = [b' '; BLOCK];
                block[position] = value;
                let (letters, non_ascii) = classes(&block);
                assert_eq!(
                    letters,
                    u64::from(is_ascii_letter(value)) << position,
                    "{value:#04x} at {position}"
                );
                assert_eq!(non_ascii, u64::from(value >= 0x80) << position);
                assert_eq!(classes(&block), classes_bytewise(&block));
            }
        }
    }

    #[test]
    fn windows_and_letter_runs_agree_with_the_bytes_across_blocks_and_at_the_end() {
        // Words, breaks and accents at irregular lengths, across several blocks and a tail.
        let text: String = (0..300)
            .map(|n| match n % 7 {
                0 => " ".to_string(),
                1 => "é".to_string(),
                2 => "Word9".repeat(n % 5),
                3 => "--".to_string(),
                _ => "x".repeat(n % 13 + 5 * (n % 11)),
            })
            .collect();
        let bytes = text.as_bytes();
        for at in 0..=bytes.len() + 2 {
            let window = Window::at(bytes, at);
            for n in 0..BLOCK {
                let byte = bytes.get(at + n).copied();
                let letter = byte.is_some_and(is_ascii_letter);
                assert_eq!(window.letters >> n & 1 == 1, letter, "{at} + {n}");
                let non_ascii = byte.is_some_and(|b| b >= 0x80);
                assert_eq!(window.non_ascii >> n & 1 == 1, non_ascii, "{at} + {n}");
            }
            let end = (at..bytes.len())
                .find(|&i| !is_ascii_letter(bytes[i]))
                .unwrap_or(bytes.len())
                .max(at.min(bytes.len()));
            assert_eq!(letters_end(bytes, at), end, "from {at}");
        }
        // A run longer than a block.
        let long = format!("{}é", "a".repeat(200));
        assert_eq!(letters_end(long.as_bytes(), 3), 200);
    }
}

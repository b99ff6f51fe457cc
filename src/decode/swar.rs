//! Bytes looked at eight at a time in a `u64` (SWAR): the byte scans of the JSON splitter, the
//! mojibake repair and the scanner's first look share these. They only read bytes; they never
//! copy, log or format them.

/// The byte `b` in each of the eight bytes of a word.
pub(crate) const fn repeated(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of each byte.
pub(crate) const HIGH_BITS: u64 = repeated(0x80);

/// The high bit set in each zero byte of `word`, read little-endian. Bytes above a zero byte may
/// be flagged too, so only the lowest flag is exact: the first zero byte.
pub(crate) fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(repeated(1)) & !word & HIGH_BITS
}

/// The high bit set in each zero byte of `word`, every one exactly (no borrow crosses bytes).
pub(crate) fn exact_zero_bytes(word: u64) -> u64 {
    const LOW_SEVEN: u64 = repeated(0x7F);
    !(((word & LOW_SEVEN) + LOW_SEVEN) | word) & HIGH_BITS
}

/// The high bit set in each byte of `seven` (bytes of seven bits: high bits cleared) that lies
/// in `low..=high`. Exact for every byte: no sum carries into the next.
pub(crate) fn between(seven: u64, low: u8, high: u8) -> u64 {
    (seven + repeated(0x80 - low)) & !(seven + repeated(0x7F - high)) & HIGH_BITS
}

/// The first byte of `bytes` for which `flags` (eight bytes at a time, see [`zero_bytes`]) or
/// `one` (the bytes after the last eight) says yes.
pub(crate) fn first_flagged(
    bytes: &[u8],
    flags: impl Fn(u64) -> u64,
    one: impl Fn(u8) -> bool,
) -> Option<usize> {
    let (words, tail) = bytes.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        let found = flags(u64::from_le_bytes(*word));
        if found != 0 {
            return Some(n * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    tail.iter()
        .position(|&b| one(b))
        .map(|k| words.len() * 8 + k)
}

/// The value of eight ASCII digits read little-endian (the first digit in the low byte), or
/// `None` if any of the eight bytes is not a digit.
#[inline(always)]
pub(crate) fn eight_digits(word: u64) -> Option<u64> {
    let digits = word.wrapping_sub(repeated(b'0'));
    // A byte below `0` borrows its high bit; one above `9` (0x39 + 0x46 = 0x7F) carries into
    // it. A byte that fails stops the read, so what its borrow or carry does above is moot.
    if (digits | word.wrapping_add(repeated(0x46))) & HIGH_BITS != 0 {
        return None;
    }
    // Pairs, then fours, then the eight (each step weighs the earlier, higher digits).
    let pairs = digits.wrapping_mul(10).wrapping_add(digits >> 8);
    const EVERY_OTHER_PAIR: u64 = 0x0000_00FF_0000_00FF;
    let high = (pairs & EVERY_OTHER_PAIR).wrapping_mul(100 + (1_000_000 << 32));
    let low = ((pairs >> 16) & EVERY_OTHER_PAIR).wrapping_mul(1 + (10_000 << 32));
    Some(high.wrapping_add(low) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_digits_read_as_their_number_and_anything_else_refused() {
        for n in [
            0u64, 1, 9, 10, 12_345_678, 99_999_999, 10_000_000, 40_302_010, 7,
        ] {
            let written = format!("{n:08}");
            let word = u64::from_le_bytes(written.as_bytes().try_into().unwrap());
            assert_eq!(eight_digits(word), Some(n), "{written}");
        }
        for b in 0..=255u8 {
            for position in 0..8 {
                let mut word = *b"12345678";
                word[position] = b;
                let expected = b
                    .is_ascii_digit()
                    .then(|| std::str::from_utf8(&word).unwrap().parse::<u64>().unwrap());
                assert_eq!(
                    eight_digits(u64::from_le_bytes(word)),
                    expected,
                    "{b:#x} at {position}"
                );
            }
        }
    }

    #[test]
    fn every_zero_byte_is_flagged_exactly() {
        for b in 0..=255u8 {
            for position in 0..8 {
                let mut word = [0x20u8; 8];
                word[position] = b;
                let mut expected = 0;
                for (n, &byte) in word.iter().enumerate() {
                    if byte == 0x20 {
                        expected |= 0x80 << (8 * n);
                    }
                }
                let flags = exact_zero_bytes(u64::from_le_bytes(word) ^ repeated(0x20));
                assert_eq!(flags, expected, "{b:#x} at {position}");
            }
        }
    }

    #[test]
    fn bytes_between_two_bounds_are_flagged_exactly() {
        for (low, high) in [
            (b'0', b'9'),
            (b'0', b':'),
            (b'a', b'z'),
            (0, 0x7F),
            (0x41, 0x41),
        ] {
            for b in 0..0x80u8 {
                let mut word = [b'x'; 8];
                word[3] = b;
                let seven = u64::from_le_bytes(word);
                let flagged = between(seven, low, high) & (0x80 << 24) != 0;
                assert_eq!(
                    flagged,
                    (low..=high).contains(&b),
                    "{b:#x} in {low}..={high}"
                );
            }
        }
    }
}

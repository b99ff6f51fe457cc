//! The end of a JSON object or array, found 64 bytes at a time: the splitter's inner loop (see
//! [`super::json`]), which hands each element of a long array to a parser.
//!
//! A block's quotes, backslashes and brackets come as bit masks ([`crate::simd`]); the bytes a
//! backslash escapes are worked out for the whole block with carries (the odd runs of
//! backslashes), the inside of strings as the running parity of the quotes left, and only the
//! brackets outside strings are counted. What is under way at a block's end (the depth, a string,
//! an escape) carries to the next, so the bytes may come in runs of any length.
//!
//! It finds where the value ends, never whether it is valid: a mismatched bracket is the
//! parser's to report, and a backslash escapes the byte after it wherever it is (in valid JSON,
//! only inside strings). Must never: end a value elsewhere than the byte-by-byte reading does
//! (tested against it on random texts cut at random places, and by the `json` fuzz target).
//! Reads bytes only.

use crate::simd::{BLOCK, JsonMasks, json_masks};

/// A walk through a container, carried from one run of its bytes to the next.
#[derive(Debug, Default)]
pub(super) struct ContainerWalk {
    /// Brackets open (the container's own counts from its first byte).
    depth: u64,
    /// 1 when the walk is inside a string.
    in_string: u64,
    /// 1 when the next byte is escaped (an odd run of backslashes ended the last run).
    escaped_next: u64,
}

/// Every other bit, from bit 1.
const ODD_BITS: u64 = 0xAAAA_AAAA_AAAA_AAAA;

impl ContainerWalk {
    /// Walks `bytes`, which continue the container (the first run starts with its opening
    /// bracket): the length up to and with the bracket that closes it, or `None` when it does
    /// not close within `bytes` (the walk then goes on with the next run).
    pub(super) fn end_in(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut at = 0;
        while at < bytes.len() {
            let rest = &bytes[at..];
            let found = match rest.first_chunk::<BLOCK>() {
                Some(block) => self.block(json_masks(block), BLOCK),
                None => {
                    // Zeros after the last byte are no mark of any kind.
                    let mut block = [0u8; BLOCK];
                    block[..rest.len()].copy_from_slice(rest);
                    self.block(json_masks(&block), rest.len())
                }
            };
            if let Some(k) = found {
                return Some(at + k + 1);
            }
            at += BLOCK;
        }
        None
    }

    /// The first `len` bytes of a block: where the container closes in it, if it does.
    #[inline(always)]
    fn block(&mut self, masks: JsonMasks, len: usize) -> Option<usize> {
        let escaped = self.escaped(masks.backslashes, len);
        let inside = prefix_xor(masks.quotes & !escaped) ^ 0u64.wrapping_sub(self.in_string);
        self.in_string = (inside >> (len - 1)) & 1;
        let opens = masks.opens & !inside & !escaped;
        let closes = masks.closes & !inside & !escaped;
        let mut brackets = opens | closes;
        while brackets != 0 {
            let k = brackets.trailing_zeros() as usize;
            brackets &= brackets - 1;
            if opens >> k & 1 == 1 {
                self.depth += 1;
            } else {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    /// The bytes of the block that a backslash escapes, given its backslashes and the carry
    /// from the last block; sets the carry for the next. A run of backslashes escapes every
    /// other byte from its second on: the runs starting on even and on odd bits are told
    /// apart by adding the run starts to the runs (the carry of the sum runs to each end).
    #[inline(always)]
    fn escaped(&mut self, backslashes: u64, len: usize) -> u64 {
        if backslashes == 0 {
            return std::mem::take(&mut self.escaped_next);
        }
        // A backslash that is itself escaped starts no escape.
        let starting = backslashes & !self.escaped_next;
        let codes = ((starting << 1 | ODD_BITS).wrapping_sub(starting)) ^ ODD_BITS;
        let escaped = codes ^ (backslashes | self.escaped_next);
        let escaping = codes & backslashes;
        self.escaped_next = (escaping >> (len - 1)) & 1;
        escaped
    }
}

/// The end of the container `text` starts with, read byte by byte: the reference the walk is
/// checked against.
fn end_bytewise(text: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0u64, false, false);
    for (i, &b) in text.iter().enumerate() {
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if in_string {
            in_string = b != b'"';
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// Whether the walk ends the container `text` starts with where the byte-by-byte reading does,
/// given whole and cut in two at `cut`. For the unit tests and the `json` fuzz target.
#[doc(hidden)]
pub fn walk_agrees_with_bytes(text: &[u8], cut: usize) -> bool {
    let expected = end_bytewise(text);
    let whole = ContainerWalk::default().end_in(text);
    let cut = cut.min(text.len());
    let mut walk = ContainerWalk::default();
    let in_two = walk
        .end_in(&text[..cut])
        .or_else(|| walk.end_in(&text[cut..]).map(|k| cut + k));
    whole == expected && in_two == expected
}

/// Bit `n` of the result is the parity of the bits `0..=n` of `x`.
#[inline(always)]
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64, for reproducible random texts.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn the_end_is_where_the_byte_by_byte_reading_finds_it_in_runs_cut_anywhere() {
        let alphabet = b"\\\\\\\"\"{}[]a ,:";
        let mut state = 7;
        let mut closed = 0;
        for round in 0..20_000 {
            let len = 1 + (next(&mut state) % 300) as usize;
            let mut text = vec![b'{'];
            // Backslash runs of every length, quotes and brackets, densely.
            text.extend(
                (1..len).map(|_| alphabet[(next(&mut state) % alphabet.len() as u64) as usize]),
            );
            let expected = end_bytewise(&text);
            closed += usize::from(expected.is_some());
            // Whole, then cut into runs of random lengths.
            let mut walk = ContainerWalk::default();
            assert_eq!(walk.end_in(&text), expected, "round {round}");
            let mut walk = ContainerWalk::default();
            let mut at = 0;
            let mut found = None;
            while at < text.len() && found.is_none() {
                let run = 1 + (next(&mut state) % 130) as usize;
                let end = (at + run).min(text.len());
                found = walk.end_in(&text[at..end]).map(|k| at + k);
                at = end;
            }
            assert_eq!(found, expected, "round {round} in runs");
        }
        // Both outcomes are common, so neither is tested only by accident.
        assert!(closed > 2_000 && closed < 18_000, "{closed}");
    }

    #[test]
    fn escapes_and_strings_carry_across_blocks() {
        for split in 1..140 {
            // A string holding escaped quotes, backslash runs and brackets, cut at `split`.
            let text = format!(
                "[{}\"a\\\\\\\"]}}\\\\\", {{\"k\": \"]\\\"\"}}, \"\\\\\"]",
                " ".repeat(split % 70)
            );
            let bytes = text.as_bytes();
            let expected = end_bytewise(bytes);
            assert_eq!(expected, Some(bytes.len()));
            let cut = split.min(bytes.len());
            let mut walk = ContainerWalk::default();
            let found = walk
                .end_in(&bytes[..cut])
                .or_else(|| walk.end_in(&bytes[cut..]).map(|k| cut + k));
            assert_eq!(found, expected, "cut at {cut}");
        }
    }

    #[test]
    fn parity_is_running() {
        assert_eq!(prefix_xor(0b1001), 0b0111);
        assert_eq!(prefix_xor(1 << 63), 1 << 63);
        assert_eq!(prefix_xor(1), u64::MAX);
    }
}

//! Where a text's words lie, found 64 bytes at a time (see [`crate::simd`]): a bit per byte
//! saying whether it is an ASCII letter or digit (a word's usual byte) and one saying whether it
//! is outside ASCII (a character that needs its normal form worked out), and among those the
//! lead byte of the Latin letters `é`, `à`, `ç`... (folded on the walk's quick path). The walk
//! in [`super::probe`] jumps from word to word with these bits instead of testing bytes one by
//! one.
//! Must never: answer differently from the bytes themselves (tested across blocks and ends).

pub(super) use crate::simd::WordMasks;
use crate::simd::word_masks;
pub(super) use crate::simd::{BLOCK, is_ascii_letter};

/// The masks of the 64 bytes of `bytes` from byte `at` on: bit `n` stands for the byte `n`
/// places further. Bytes past the text's end are neither letters nor outside ASCII.
#[inline(always)]
pub(super) fn window(bytes: &[u8], at: usize) -> WordMasks {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.first_chunk::<BLOCK>() {
        Some(block) => word_masks(block),
        None => {
            let mut block = [0u8; BLOCK];
            block[..rest.len()].copy_from_slice(rest);
            word_masks(&block)
        }
    }
}

/// The 64 bytes of a text from some byte on (zeros past its end) and eight bytes more (the
/// text's or zeros), with the masks of the 64: any word lying in the block can be read eight
/// bytes at a time from anywhere in it, without a bound to check or a partial read at the
/// text's end. Borrowed from the text wherever it holds them all (a copy of 72 bytes per block
/// was 2 % of a chat's audit).
pub(super) struct Block<'t> {
    pub(super) bytes: &'t [u8; BLOCK + 8],
    pub(super) masks: WordMasks,
}

/// The block of `bytes` from byte `at` on (see [`window`] for its masks); near the text's end
/// its bytes are copied into `tail` and padded with zeros.
#[inline(always)]
pub(super) fn block<'t>(bytes: &'t [u8], at: usize, tail: &'t mut [u8; BLOCK + 8]) -> Block<'t> {
    let rest = bytes.get(at..).unwrap_or_default();
    let padded: &[u8; BLOCK + 8] = match rest.first_chunk::<{ BLOCK + 8 }>() {
        Some(whole) => whole,
        None => {
            *tail = [0; BLOCK + 8];
            let taken = rest.len().min(BLOCK);
            tail[..taken].copy_from_slice(&rest[..taken]);
            tail
        }
    };
    // Always a chunk: the block is longer.
    let masks = padded.first_chunk::<BLOCK>().map_or(
        WordMasks {
            letters: 0,
            non_ascii: 0,
            latin_leads: 0,
        },
        word_masks,
    );
    Block {
        bytes: padded,
        masks,
    }
}

/// The end of the run of ASCII letters and digits of `bytes` from `at` on, however long.
pub(super) fn letters_end(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let others = !window(bytes, at).letters;
        if others != 0 {
            return (at + others.trailing_zeros() as usize).min(bytes.len());
        }
        at += BLOCK;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let window = window(bytes, at);
            let mut tail = [0u8; BLOCK + 8];
            let block = block(bytes, at, &mut tail);
            assert_eq!(block.masks, window, "{at}");
            for n in 0..BLOCK {
                assert_eq!(block.bytes[n], bytes.get(at + n).copied().unwrap_or(0));
                let byte = bytes.get(at + n).copied();
                let letter = byte.is_some_and(is_ascii_letter);
                assert_eq!(window.letters >> n & 1 == 1, letter, "{at} + {n}");
                let non_ascii = byte.is_some_and(|b| b >= 0x80);
                assert_eq!(window.non_ascii >> n & 1 == 1, non_ascii, "{at} + {n}");
                let lead = byte == Some(0xC3);
                assert_eq!(window.latin_leads >> n & 1 == 1, lead, "{at} + {n}");
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

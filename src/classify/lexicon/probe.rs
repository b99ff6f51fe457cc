//! The lexicon's quick test: whether any term occurs in a text at all, answered without building
//! the text's match form. Most texts hold no term and stop here.
//!
//! The text's words are found in its own bytes: a word of ASCII letters and digits (most words)
//! is read where it lies, lower-cased and plural-folded on the fly; only a word holding other
//! characters is gathered, in its normal form, into a small buffer. A term can only begin at a
//! word that is the first word of some term: when no term is under way, a word is first looked
//! up in [`FirstWords`], a bit filter of those words small enough to stay in the first-level
//! cache, and the automaton is walked only from a word that passes, and only while a term is
//! under way. A word is walked only until the automaton is
//! back at its start, since every term begins with a space and so no term begins inside a word.
//!
//! Must never: answer differently from the automaton run over the built form
//! (`" " + match_form(normalize(text)) + " "`); tests compare the two on every third term of the
//! table written in many ways. The filter may let through a word that starts no term (the
//! automaton then says no), never the reverse.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;

use super::{ASCII_FORM, folded_len, non_ascii_form};

/// Longest word gathered in its normal form; no term has a longer word (tested), so a longer
/// text word is part of no term.
pub(super) const LONGEST_TERM_WORD: usize = 64;

/// log2 of the filter's size in bits: 2^17 bits (16 KB) for about 2,600 first words lets
/// about 2 % of other words through.
const FILTER_BITS: u32 = 17;

/// A bit per hash slot of a term's first word (match form, lower case).
pub(super) struct FirstWords {
    bits: Vec<u64>,
}

impl FirstWords {
    /// The first word of each `" term words "` pattern.
    pub(super) fn of<'p>(patterns: impl IntoIterator<Item = &'p str>) -> FirstWords {
        let mut bits = vec![0u64; 1 << (FILTER_BITS - 6)];
        for pattern in patterns {
            if let Some(word) = pattern.split(' ').find(|w| !w.is_empty()) {
                let slot = slot(word.as_bytes(), word.len());
                bits[slot / 64] |= 1 << (slot % 64);
            }
        }
        FirstWords { bits }
    }

    /// Whether the word of `len` bytes at the start of `rest` may start a term.
    #[inline(always)]
    fn may_start(&self, rest: &[u8], len: usize) -> bool {
        let slot = slot(rest, len);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// The filter slot of the word of `len` bytes (ASCII letters and digits, any case) at the start
/// of `rest`: its first and last eight bytes, lower-cased, and its length, hashed. Longer words
/// that share both ends share a slot: a false pass, never a miss.
#[inline(always)]
fn slot(rest: &[u8], len: usize) -> usize {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mut key = (first_eight(rest) | LOWER) & low_bytes(len);
    if len > 8 {
        key ^= (first_eight(&rest[len - 8..]) | LOWER).rotate_left(29);
    }
    key ^= (len as u64) << 58;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

/// The first eight bytes of `bytes` (zeros past its end), little-endian.
#[inline(always)]
fn first_eight(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut chunk = [0u8; 8];
            chunk[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(chunk)
        }
    }
}

/// A mask of the low `len` bytes of a word (all of them from eight on).
#[inline(always)]
fn low_bytes(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// Whether any term occurs in the match form of `text`.
pub(super) fn may_match(automaton: &NFA, first_words: &FirstWords, text: &str) -> bool {
    let Ok(start) = automaton.start_state(Anchored::No) else {
        return false;
    };
    let after_space = automaton.next_state(Anchored::No, start, b' ');
    let mut walk = Walk {
        automaton,
        first_words,
        start,
        after_space,
        state: after_space,
    };
    walk.text(text)
}

/// The automaton walked word by word over a text's form.
struct Walk<'a> {
    automaton: &'a NFA,
    first_words: &'a FirstWords,
    start: StateID,
    /// The state after a space with no term under way.
    after_space: StateID,
    /// The state after the last word and the space that follows it.
    state: StateID,
}

impl Walk<'_> {
    /// The next word of the form, the first `len` bytes of `rest` (letters and digits in any
    /// case, plural already folded): whether a term ends with it.
    #[inline(always)]
    fn word(&mut self, rest: &[u8], len: usize) -> bool {
        if self.state == self.after_space && !self.first_words.may_start(rest, len) {
            return false;
        }
        let mut state = self.state;
        for &b in &rest[..len] {
            state = self.automaton.next_state(Anchored::No, state, b | 0x20);
            // Every term starts with a space: back at the start, the word can end no term.
            if state == self.start {
                break;
            }
        }
        self.state = self.automaton.next_state(Anchored::No, state, b' ');
        self.automaton.is_match(self.state)
    }

    /// A word too long to be part of any term: whatever was under way ends.
    fn long_word(&mut self) {
        self.state = self.after_space;
    }

    fn text(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let is_letter = |b: u8| b < 0x80 && ASCII_FORM[usize::from(b)] != 0;
        let mut gathered = Gathered::default();
        let mut i = 0;
        loop {
            while i < bytes.len() && bytes[i] < 0x80 && !is_letter(bytes[i]) {
                i += 1;
            }
            if i == bytes.len() {
                return false;
            }
            let word_start = i;
            while i < bytes.len() && is_letter(bytes[i]) {
                i += 1;
            }
            if bytes.get(i).is_none_or(|&b| b < 0x80) {
                // The common case: a word of ASCII letters and digits, walked where it lies.
                let len = folded_len(&bytes[word_start..i]);
                if self.word(&bytes[word_start..], len) {
                    return true;
                }
                continue;
            }
            // Characters outside ASCII follow: the word (which may be empty so far, or end at
            // once if the character is a break) is gathered in its normal form, character by
            // character, until an ASCII break or the end of the text.
            gathered.start(&bytes[word_start..i]);
            while let Some(&b) = bytes.get(i) {
                if b < 0x80 {
                    if !is_letter(b) {
                        break;
                    }
                    gathered.push(b);
                    i += 1;
                    continue;
                }
                let mut matched = false;
                i += non_ascii_form(text, i, |piece| match piece {
                    0 => matched |= gathered.end(self),
                    letter => gathered.push(letter),
                });
                if matched {
                    return true;
                }
            }
            if gathered.end(self) {
                return true;
            }
        }
    }
}

/// A word gathered in its normal form.
struct Gathered {
    bytes: [u8; LONGEST_TERM_WORD],
    /// Bytes of the word so far (may exceed the buffer: then the word is part of no term).
    len: usize,
}

impl Default for Gathered {
    fn default() -> Self {
        Gathered {
            bytes: [0; LONGEST_TERM_WORD],
            len: 0,
        }
    }
}

impl Gathered {
    fn start(&mut self, ascii: &[u8]) {
        self.len = 0;
        for &b in ascii {
            self.push(b);
        }
    }

    #[inline(always)]
    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
        }
        self.len += 1;
    }

    /// The word ends (if one was under way): whether a term ends with it.
    fn end(&mut self, walk: &mut Walk) -> bool {
        let len = std::mem::take(&mut self.len);
        match self.bytes.get(..len) {
            _ if len == 0 => false,
            Some(word) => walk.word(&self.bytes, folded_len(word)),
            None => {
                walk.long_word();
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::classify::lexicon::LEXICON;

    #[test]
    fn every_first_word_passes_the_filter_and_few_other_words_do() {
        let lexicon = &*LEXICON;
        let mut firsts = std::collections::HashSet::new();
        for entry in &lexicon.entries {
            let first = entry.padded_form.split(' ').find(|w| !w.is_empty());
            let first = first.expect("a term has a word");
            assert!(
                lexicon.first_words.may_start(first.as_bytes(), first.len()),
                "{first}"
            );
            // In capitals, as a text may write it.
            let upper = first.to_ascii_uppercase();
            assert!(lexicon.first_words.may_start(upper.as_bytes(), upper.len()));
            firsts.insert(first.to_string());
        }
        let others: Vec<String> = (0..20_000u32)
            .map(|n| format!("w{n}x{}", "ab".repeat(n as usize % 9)))
            .filter(|word| !firsts.contains(word))
            .collect();
        let passed = others
            .iter()
            .filter(|word| lexicon.first_words.may_start(word.as_bytes(), word.len()))
            .count();
        assert!(passed * 20 < others.len(), "{passed} of {}", others.len());
    }
}

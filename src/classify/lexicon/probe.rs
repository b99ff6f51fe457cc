//! The lexicon's quick test: whether any term occurs in a text at all, answered without building
//! the text's match form. Most texts hold no term and stop here.
//!
//! The text's words are found in its own bytes: a word of ASCII letters and digits (most words)
//! is walked where it lies, lower-cased and plural-folded on the fly; only a word holding other
//! characters is gathered, in its normal form, into a small buffer. Each word is walked through
//! the automaton only until the automaton is back at its start, since every term begins with a
//! space and so no term can begin inside a word.
//!
//! Must never: answer differently from the automaton run over the built form
//! (`" " + match_form(normalize(text)) + " "`); tests compare the two on every third term of the
//! table written in many ways.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;

use super::{ASCII_FORM, folded_len, non_ascii_form};

/// Longest word gathered in its normal form; no term has a longer word (tested), so a longer
/// text word is part of no term.
pub(super) const LONGEST_TERM_WORD: usize = 64;

/// Whether any term occurs in the match form of `text`.
pub(super) fn may_match(automaton: &DFA, text: &str) -> bool {
    let Ok(start) = automaton.start_state(Anchored::No) else {
        return false;
    };
    let after_space = automaton.next_state(Anchored::No, start, b' ');
    let mut walk = Walk {
        automaton,
        start,
        after_space,
        state: after_space,
    };
    walk.text(text)
}

/// The automaton walked word by word over a text's form.
struct Walk<'a> {
    automaton: &'a DFA,
    start: StateID,
    /// The state after a space with no term under way.
    after_space: StateID,
    /// The state after the last word and the space that follows it.
    state: StateID,
}

impl Walk<'_> {
    /// The next word of the form (letters and digits in any case, plural already folded):
    /// whether a term ends with it.
    #[inline(always)]
    fn word(&mut self, word: &[u8]) -> bool {
        let mut state = self.state;
        for &b in word {
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
                let word = &bytes[word_start..i];
                if self.word(&word[..folded_len(word)]) {
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
            Some(word) => walk.word(&word[..folded_len(word)]),
            None => {
                walk.long_word();
                false
            }
        }
    }
}

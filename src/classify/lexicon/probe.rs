//! The lexicon's walk over a text: whether any term occurs in it (the quick test; most texts
//! hold no term and stop here), and where terms end, with where their context starts, answered
//! without building the text's match form.
//!
//! The text's words are found in its own bytes, 64 at a time, from the masks of
//! [`super::classes`]: a word of ASCII letters and digits (most words) is read where it lies,
//! lower-cased and plural-folded on the fly; a word that also holds Latin letters (`é`, `à`,
//! `ç`: 0xC3 and one byte) is folded into a small buffer where the masks say it ends; only a
//! word holding other characters is gathered, in its normal form, character by character. A
//! term can only begin at a word that is the first word of some term: when no term is under
//! way, a word is first looked up in [`FirstWords`], a bit filter of those words small enough to
//! stay in the first-level cache, and the automaton is walked only from a word that passes, and
//! only while a term is under way. A word is walked only until the automaton is back at its
//! start, since every term begins with a space and so no term begins inside a word.
//!
//! Must never: answer differently from the automaton run over the built form
//! (`" " + match_form(normalize(text)) + " "`); tests compare the two on every third term of the
//! table written in many ways, and the hits found from the term ends with the hits in the form.
//! The filter may let through a word that starts no term (the automaton then says no), never
//! the reverse.

use std::ops::ControlFlow;

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;

use super::classes::{BLOCK, Block, block, is_ascii_letter, letters_end as letters_end_from};
use super::{LEAD_PIECE, OTHER_PIECE, folded_len, is_break, latin_pieces, non_ascii_form};

/// Longest word gathered in its normal form; no term has a longer word (tested), so a longer
/// text word is part of no term.
pub(super) const LONGEST_TERM_WORD: usize = 64;

/// log2 of the filter's size in bits: 2^17 bits (16 KB) for about 2,600 first words lets
/// about 2 % of other words through.
const FILTER_BITS: u32 = 17;

/// A bit per hash slot of a term's first word (match form, lower case).
///
/// A first word of one or two letters that is no term by itself (`la` of "la france
/// insoumise", `a`, `le`, `je`...) is among the commonest words of a text: such a word is only
/// put aside (see [`Walk::word`]), and the automaton walked from it only when the next word
/// passes a second filter, of the words that follow it in terms.
pub(super) struct FirstWords {
    bits: Box<[u64; FILTER_WORDS]>,
    /// A bit per short word (see [`short_index`]) that is put aside.
    put_aside: [u64; SHORT_WORDS.div_ceil(64)],
    /// A bit per hash slot of (short word put aside, the next word of a term it starts).
    pairs: Box<[u64; PAIR_FILTER_WORDS]>,
}

/// The filter's size in 64-bit words.
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

/// log2 of the second filter's size in bits (a few dozen pairs).
const PAIR_FILTER_BITS: u32 = 12;
const PAIR_FILTER_WORDS: usize = 1 << (PAIR_FILTER_BITS - 6);

/// Words of one or two letters or digits.
const SHORT_WORDS: usize = 36 + 36 * 36;

/// A short word put aside: its bytes (lower case) and length.
#[derive(Clone, Copy)]
struct ShortWord {
    bytes: [u8; 2],
    len: usize,
}

/// The index of a word of one or two ASCII letters or digits (any case), `None` for another.
#[inline(always)]
fn short_index(word: &[u8]) -> Option<usize> {
    let class = |b: u8| match b | 0x20 {
        d @ b'0'..=b'9' => Some(usize::from(d - b'0')),
        l @ b'a'..=b'z' => Some(usize::from(l - b'a') + 10),
        _ => None,
    };
    match *word {
        [a] => class(a),
        [a, b] => Some(36 + class(a)? * 36 + class(b)?),
        _ => None,
    }
}

impl FirstWords {
    /// The first words of the `" term words "` patterns.
    pub(super) fn of<'p>(patterns: impl IntoIterator<Item = &'p str> + Clone) -> FirstWords {
        let mut bits = Box::new([0u64; FILTER_WORDS]);
        let mut alone = [0u64; SHORT_WORDS.div_ceil(64)];
        let mut put_aside = [0u64; SHORT_WORDS.div_ceil(64)];
        let words = |pattern: &'p str| pattern.split(' ').filter(|w| !w.is_empty());
        for pattern in patterns.clone() {
            let mut words = words(pattern);
            let Some(first) = words.next() else { continue };
            let slot = slot(first.as_bytes(), first.len());
            bits[slot / 64] |= 1 << (slot % 64);
            if let Some(short) = short_index(first.as_bytes()) {
                let set = if words.next().is_some() {
                    &mut put_aside
                } else {
                    &mut alone
                };
                set[short / 64] |= 1 << (short % 64);
            }
        }
        // A short word that is a term by itself is walked as any other.
        for (aside, alone) in put_aside.iter_mut().zip(alone) {
            *aside &= !alone;
        }
        let mut first_words = FirstWords {
            bits,
            put_aside,
            pairs: Box::new([0u64; PAIR_FILTER_WORDS]),
        };
        for pattern in patterns {
            let mut words = words(pattern);
            if let (Some(first), Some(second)) = (words.next(), words.next())
                && let Some(short) = first_words.put_aside(first.as_bytes(), first.len())
            {
                let slot = pair_slot(short, second.as_bytes(), second.len());
                first_words.pairs[slot / 64] |= 1 << (slot % 64);
            }
        }
        first_words
    }

    /// Whether the word of `len` bytes at the start of `rest` may start a term.
    #[inline(always)]
    fn may_start(&self, rest: &[u8], len: usize) -> bool {
        let slot = slot(rest, len);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// The word of `len` bytes at the start of `rest`, if it is a short first word put aside.
    #[inline(always)]
    fn put_aside(&self, rest: &[u8], len: usize) -> Option<ShortWord> {
        let word = rest.get(..len)?;
        let index = short_index(word)?;
        (self.put_aside[index / 64] & (1 << (index % 64)) != 0).then(|| ShortWord {
            bytes: [word[0] | 0x20, word.get(1).map_or(0, |b| b | 0x20)],
            len,
        })
    }

    /// Whether the word of `len` bytes at the start of `rest` may follow `short` in a term.
    #[inline(always)]
    fn may_follow(&self, short: ShortWord, rest: &[u8], len: usize) -> bool {
        let slot = pair_slot(short, rest, len);
        self.pairs[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// The second filter's slot of a word after a short word put aside (see [`slot`]).
#[inline(always)]
fn pair_slot(short: ShortWord, rest: &[u8], len: usize) -> usize {
    let before =
        u64::from(short.bytes[0]) | u64::from(short.bytes[1]) << 8 | (short.len as u64) << 16;
    let key = (slot(rest, len) as u64) ^ before.wrapping_mul(0xA076_1D64_78BD_642F);
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_FILTER_BITS)) as usize
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

/// Most words a term end's context can span (see [`term_ends`]); a power of two.
pub(super) const CONTEXT_RING: usize = 32;

/// Whether any term occurs in the match form of `text`.
pub(super) fn may_match(automaton: &NFA, first_words: &FirstWords, text: &str) -> bool {
    let at_term_end = |_| ControlFlow::Break(());
    Walk::<false>::new(automaton, first_words, 0)
        .is_some_and(|mut walk| walk.text(text, at_term_end))
}

/// Where the first word of the match form of `text` that ends a term ends in `text`.
pub(super) fn first_term_end(
    automaton: &NFA,
    first_words: &FirstWords,
    text: &str,
) -> Option<usize> {
    let mut end = None;
    let at_term_end = |found: TermEnd| {
        end = Some(found.word_end);
        ControlFlow::Break(())
    };
    Walk::<false>::new(automaton, first_words, 0)?.text(text, at_term_end);
    end
}

/// A word of a text's form that ends one or more terms.
pub(super) struct TermEnd {
    /// Where the word ends in the text.
    pub(super) word_end: usize,
    /// Where the word `context_words` words back (it counted) starts, or 0 when the text has
    /// fewer.
    pub(super) context_start: usize,
    /// The automaton's state after the word and its space: its matches are the terms ending.
    pub(super) state: StateID,
}

/// Calls `at_term_end` at each word of the match form of `text` that ends one or more terms,
/// until it breaks (then returns true). The form of `text[context_start..]` is the text's form
/// from that word on, but for a fragment that may come first: a character that ends one word and
/// starts the next (`¼`, `℅`) counts as the start of the later word, so a context starting there
/// begins with the fragment of the earlier word the character ends.
pub(super) fn term_ends(
    automaton: &NFA,
    first_words: &FirstWords,
    text: &str,
    context_words: usize,
    at_term_end: impl FnMut(TermEnd) -> ControlFlow<()>,
) -> bool {
    Walk::<true>::new(automaton, first_words, context_words)
        .is_some_and(|mut walk| walk.text(text, at_term_end))
}

/// The automaton walked word by word over a text's form.
struct Walk<'a, const CONTEXT: bool> {
    automaton: &'a NFA,
    first_words: &'a FirstWords,
    start: StateID,
    /// The state after a space with no term under way.
    after_space: StateID,
    /// The state after the last word and the space that follows it.
    state: StateID,
    /// Where the last words start in the text, by word number modulo the ring's size.
    starts: [usize; CONTEXT_RING],
    /// Words walked so far.
    words: usize,
    context_words: usize,
    /// A short first word put aside, no term being under way (see [`FirstWords`]).
    aside: Option<ShortWord>,
}

impl<'a, const CONTEXT: bool> Walk<'a, CONTEXT> {
    /// A walk from a text's start, keeping track of `context_words` words back if `CONTEXT`.
    #[inline(always)]
    fn new(automaton: &'a NFA, first_words: &'a FirstWords, context_words: usize) -> Option<Self> {
        let start = automaton.start_state(Anchored::No).ok()?;
        let after_space = automaton.next_state(Anchored::No, start, b' ');
        Some(Walk {
            automaton,
            first_words,
            start,
            after_space,
            state: after_space,
            starts: [0; CONTEXT_RING],
            words: 0,
            context_words: context_words.clamp(1, CONTEXT_RING),
            aside: None,
        })
    }

    /// The next word of the form, starting at byte `text_start` of the text and held in the
    /// first `len` bytes of `form` (letters and digits in any case, plural already folded):
    /// whether a term ends with it.
    ///
    /// A short first word that is no term by itself is put aside rather than walked, no term
    /// being under way: the automaton walks it with the next word only if that word may follow
    /// it in a term; otherwise the next word is looked at as any other.
    #[inline(always)]
    fn word(&mut self, text_start: usize, form: &[u8], len: usize) -> bool {
        self.count(text_start);
        let mut state = self.state;
        if state == self.after_space {
            match self.aside.take() {
                Some(short) if self.first_words.may_follow(short, form, len) => {
                    state = self.walk(state, &short.bytes[..short.len]);
                }
                _ if !self.first_words.may_start(form, len) => return false,
                _ => {
                    if let Some(short) = self.first_words.put_aside(form, len) {
                        self.aside = Some(short);
                        return false;
                    }
                }
            }
        }
        self.state = self.walk(state, &form[..len]);
        self.automaton.is_match(self.state)
    }

    /// The automaton's state after `word` (any case) and the space that follows it, from
    /// `state`.
    #[inline(always)]
    fn walk(&self, mut state: StateID, word: &[u8]) -> StateID {
        for &b in word {
            state = self.automaton.next_state(Anchored::No, state, b | 0x20);
            // Every term starts with a space: back at the start, the word can end no term.
            if state == self.start {
                break;
            }
        }
        self.automaton.next_state(Anchored::No, state, b' ')
    }

    /// Another word starts at `text_start` (kept track of only when contexts are wanted).
    #[inline(always)]
    fn count(&mut self, text_start: usize) {
        if CONTEXT {
            self.starts[self.words % CONTEXT_RING] = text_start;
            self.words += 1;
        }
    }

    /// A word too long to be part of any term: whatever was under way ends.
    fn long_word(&mut self, text_start: usize) {
        self.count(text_start);
        self.state = self.after_space;
        self.aside = None;
    }

    /// Tells `at_term_end` of the word just walked, which ends a term: whether it breaks.
    fn report(
        &self,
        word_end: usize,
        at_term_end: &mut impl FnMut(TermEnd) -> ControlFlow<()>,
    ) -> bool {
        let back = self.words.checked_sub(self.context_words);
        at_term_end(TermEnd {
            word_end,
            context_start: back.map_or(0, |n| self.starts[n % CONTEXT_RING]),
            state: self.state,
        })
        .is_break()
    }

    fn text(
        &mut self,
        text: &str,
        mut at_term_end: impl FnMut(TermEnd) -> ControlFlow<()>,
    ) -> bool {
        let bytes = text.as_bytes();
        let mut gathered = Gathered::default();
        // `i` is always at a word's start or at a byte that is no part of a word.
        let mut i = 0;
        let mut tail = [0u8; BLOCK + 8];
        while i < bytes.len() {
            let block = block(bytes, i, &mut tail);
            let window = block.masks;
            let word_bytes = window.letters | window.non_ascii;
            let mut starts = word_bytes & !(word_bytes << 1);
            let mut next = i + BLOCK;
            while starts != 0 {
                if self.state == self.after_space && self.aside.is_none() {
                    starts = self.pass_idle_words(&block, i, starts);
                    if starts == 0 {
                        break;
                    }
                }
                let start = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let word_start = i + start;
                let letters_end = start + (!window.letters >> start).trailing_zeros() as usize;
                let in_window = letters_end < BLOCK;
                let end = if in_window {
                    i + letters_end
                } else if start > 0 {
                    // The word runs past the window: look again from its start.
                    next = word_start;
                    break;
                } else {
                    // A whole window of letters (part of no term), however long.
                    letters_end_from(bytes, word_start)
                };
                let ascii = if in_window {
                    window.non_ascii >> letters_end & 1 == 0
                } else {
                    bytes.get(end).is_none_or(|&b| b < 0x80)
                };
                if ascii {
                    // The common case: a word of ASCII letters and digits, walked where it lies.
                    if self.ascii_word(bytes, word_start, end, &mut at_term_end) {
                        return true;
                    }
                    if in_window {
                        continue;
                    }
                    next = end;
                } else {
                    let walked = match breaks_end(text, word_start) {
                        // Emoji and symbols alone: no word, passed over as a space would be.
                        Some(after) => ControlFlow::Continue(after),
                        None => {
                            self.mixed_word(text, word_start, end, &mut gathered, &mut at_term_end)
                        }
                    };
                    match walked {
                        ControlFlow::Break(()) => return true,
                        // The window still holds what follows: the walk goes on in it.
                        ControlFlow::Continue(after) if after < i + BLOCK => {
                            starts &= u64::MAX << (after - i);
                            continue;
                        }
                        ControlFlow::Continue(after) => next = after,
                    }
                }
                break;
            }
            i = next;
        }
        false
    }

    /// Passes over the words of `block` (at byte `at` of the text) from the first of `starts`
    /// on while each is a word of ASCII letters, digits and Latin letters (`é`, `à`, `ç`...)
    /// lying in the block that starts no term (most words), no term being under way: returns
    /// the starts left, the first of which needs the walk. A tight loop over the block's bytes,
    /// for the common case.
    #[inline(always)]
    fn pass_idle_words(&mut self, block: &Block, at: usize, mut starts: u64) -> u64 {
        let masks = block.masks;
        // A word's bytes on the quick path: ASCII letters and digits, and the two bytes of a
        // Latin letter (0xC3 and the byte after it).
        let latin = masks.latin_leads | (masks.latin_leads << 1 & masks.non_ascii);
        let word_bytes = masks.letters | latin;
        // The byte after each word that holds a Latin letter: adding a lead's bit to the word's
        // run of bits carries past the run's end.
        let after_latin = word_bytes.wrapping_add(masks.latin_leads) & !word_bytes;
        // The bytes after a word that the plain ASCII path does not take.
        let after_other = masks.non_ascii | after_latin;
        let first_words = self.first_words;
        // A Latin word's form, read eight bytes at a time (its bytes past the word, left from
        // earlier words, are masked off).
        let mut form = [0u8; BLOCK + 8];
        while starts != 0 {
            let start = starts.trailing_zeros() as usize;
            let end = start + (!word_bytes >> start).trailing_zeros() as usize;
            if end >= BLOCK {
                break;
            }
            let needs_walk = if after_other >> end & 1 == 0 {
                let len = folded_len(&block.bytes[start..end]);
                first_words.may_start(&block.bytes[start..], len)
            } else if masks.non_ascii >> end & 1 != 0 {
                break;
            } else {
                // A letter whose form is no single letter (`æ`, `ß`) or a break (`×`): the
                // general path reads the word.
                fold_latin(&block.bytes[start..end], &mut form)
                    .is_none_or(|len| first_words.may_start(&form, len))
            };
            if needs_walk {
                break;
            }
            self.count(at + start);
            starts &= starts - 1;
        }
        starts
    }

    #[inline(always)]
    fn ascii_word(
        &mut self,
        bytes: &[u8],
        start: usize,
        end: usize,
        at_term_end: &mut impl FnMut(TermEnd) -> ControlFlow<()>,
    ) -> bool {
        let len = folded_len(&bytes[start..end]);
        self.word(start, &bytes[start..], len) && self.report(end, at_term_end)
    }

    /// The quick path of [`Self::mixed_word`] for most words outside ASCII (`café`, `Noël`): a
    /// word of ASCII letters and characters of U+00C0..U+00FF whose form is one letter, ended
    /// by an ASCII break or the text's end, folded byte by byte through one table (the text
    /// is UTF-8: a continuation byte read here follows the lead 0xC3) with no branch but the
    /// loop's, and walked. `None`, with nothing walked, at any other character:
    /// the general path reads the word from its start.
    #[inline(always)]
    fn latin_word(
        &mut self,
        bytes: &[u8],
        word_start: usize,
        at_term_end: &mut impl FnMut(TermEnd) -> ControlFlow<()>,
    ) -> Option<ControlFlow<(), usize>> {
        let pieces = latin_pieces();
        // Eight bytes more than the longest word, so that the filter reads eight at a time.
        let mut form = [0u8; LONGEST_TERM_WORD + 8];
        let mut len = 0;
        let mut i = word_start;
        while let Some(&b) = bytes.get(i) {
            let piece = pieces[usize::from(b)];
            if piece <= OTHER_PIECE {
                if piece == OTHER_PIECE {
                    return None;
                }
                break;
            }
            *form.get_mut(len)? = piece;
            len += usize::from(piece != LEAD_PIECE);
            i += 1;
        }
        if len > LONGEST_TERM_WORD {
            return None;
        }
        if len > 0
            && self.word(word_start, &form, folded_len(&form[..len]))
            && self.report(i, at_term_end)
        {
            return Some(ControlFlow::Break(()));
        }
        Some(ControlFlow::Continue(i))
    }

    /// A word that holds characters outside ASCII, from `word_start`, ASCII letters up to
    /// `ascii_end`: gathered in its normal form, character by character, until an ASCII break
    /// or the end of the text (a character may break it into several words, or be a break
    /// itself). Continues with where the walk goes on, or breaks when `at_term_end` does.
    #[inline(never)]
    fn mixed_word(
        &mut self,
        text: &str,
        word_start: usize,
        ascii_end: usize,
        gathered: &mut Gathered,
        at_term_end: &mut impl FnMut(TermEnd) -> ControlFlow<()>,
    ) -> ControlFlow<(), usize> {
        let bytes = text.as_bytes();
        if let Some(walked) = self.latin_word(bytes, word_start, at_term_end) {
            return walked;
        }
        let mut i = ascii_end;
        gathered.start(word_start, &bytes[word_start..i]);
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !is_ascii_letter(b) {
                    break;
                }
                gathered.push(b);
                i += 1;
                continue;
            }
            let character = i;
            let mut stop = false;
            i += non_ascii_form(text, i, |piece| match piece {
                0 => {
                    if gathered.end(self) {
                        stop |= self.report(character, at_term_end);
                    }
                    // The next word starts with this character's later pieces.
                    gathered.text_start = character;
                }
                letter => gathered.push(letter),
            });
            if stop {
                return ControlFlow::Break(());
            }
        }
        if gathered.end(self) && self.report(i, at_term_end) {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(i)
    }
}

/// Where the characters from byte `at` of `text` on end when each of them is a word break and
/// nothing else (most emoji and symbols, see [`is_break`]) and no ASCII letter or digit follows
/// them: the walk passes over them as over a space. `None` at any other character.
#[inline(always)]
fn breaks_end(text: &str, mut at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    while let Some(&lead) = bytes.get(at) {
        if lead < 0x80 {
            return (!is_ascii_letter(lead)).then_some(at);
        }
        // Characters of two bytes are letters of other alphabets, and accents, more often.
        if lead < 0xE0 {
            return None;
        }
        let c = text.get(at..)?.chars().next()?;
        if !is_break(c) {
            return None;
        }
        at += c.len_utf8();
    }
    Some(at)
}

/// The match form of a word of ASCII letters and digits and Latin letters `é`, `à`, `ç`... (at
/// most a block long), written at the start of `form` (its other bytes left as they were), and
/// its length with the plural folded; `None` when one of its letters is no single letter once
/// folded (see [`super::LATIN_PIECES`]).
#[inline(always)]
fn fold_latin(word: &[u8], form: &mut [u8; BLOCK + 8]) -> Option<usize> {
    let pieces = latin_pieces();
    let mut len = 0;
    for &b in word {
        let piece = pieces[usize::from(b)];
        if piece <= OTHER_PIECE {
            return None;
        }
        *form.get_mut(len)? = piece;
        len += usize::from(piece != LEAD_PIECE);
    }
    Some(folded_len(&form[..len]))
}

/// A word gathered in its normal form.
struct Gathered {
    bytes: [u8; LONGEST_TERM_WORD],
    /// Bytes of the word so far (may exceed the buffer: then the word is part of no term).
    len: usize,
    /// Where the word starts in the text.
    text_start: usize,
}

impl Default for Gathered {
    fn default() -> Self {
        Gathered {
            bytes: [0; LONGEST_TERM_WORD],
            len: 0,
            text_start: 0,
        }
    }
}

impl Gathered {
    fn start(&mut self, text_start: usize, ascii: &[u8]) {
        self.len = 0;
        self.text_start = text_start;
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
    fn end<const CONTEXT: bool>(&mut self, walk: &mut Walk<CONTEXT>) -> bool {
        let len = std::mem::take(&mut self.len);
        match self.bytes.get(..len) {
            _ if len == 0 => false,
            Some(word) => walk.word(self.text_start, &self.bytes, folded_len(word)),
            None => {
                walk.long_word(self.text_start);
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{FirstWords, breaks_end};
    use crate::classify::lexicon::{LEXICON, walks_agree_with_form};

    #[test]
    fn emoji_and_symbols_alone_are_passed_over_as_spaces() {
        // Where the run of break characters ends, when nothing but an ASCII break (or the
        // text's end) follows it.
        for (text, end) in [
            ("😊 diabète", Some(4)),
            ("😊😊, diabète", Some(8)),
            ("\u{2764}", Some(3)),
            ("€.", Some(3)),
        ] {
            assert_eq!(breaks_end(text, 0), end, "{text:?}");
        }
        // A letter glued after (ASCII, full-width, two bytes), a variation selector (no
        // break by itself), or no break at all: the general path reads the word.
        for text in [
            "😊diabète",
            "😊ｄiabète",
            "😊é",
            "\u{2764}\u{fe0f} x",
            "ｅ",
            "é 😊",
        ] {
            assert_eq!(breaks_end(text, 0), None, "{text:?}");
        }
        // And the walks still find the terms around them as the built form does.
        for text in [
            "diabète 😊😊 cancer du 😊 sein",
            "😊ｄiabète 😊",
            "cancer du\u{2764}\u{fe0f}sein",
            "la 😊 france insoumise",
            "😊 temoins de 😊 jehovah 😊",
        ] {
            assert!(walks_agree_with_form(text), "{text:?}");
            assert!(LEXICON.terms.occur_in(text), "{text:?}");
        }
    }

    #[test]
    fn short_first_words_are_put_aside_unless_terms_by_themselves() {
        let patterns = [
            " la france insoumise ",
            " la ",
            " ab cd ",
            " x y ",
            " 7 ans ",
        ];
        let first_words = FirstWords::of(patterns);
        assert!(first_words.put_aside(b"la", 2).is_none(), "a term alone");
        assert!(first_words.put_aside(b"france", 6).is_none(), "not short");
        let ab = first_words
            .put_aside(b"AB", 2)
            .expect("put aside, any case");
        assert!(first_words.may_follow(ab, b"cd", 2));
        assert!(first_words.may_follow(ab, b"CD and more", 2));
        assert!(!first_words.may_follow(ab, b"ef", 2));
        let x = first_words.put_aside(b"x y", 1).expect("put aside");
        assert!(first_words.may_follow(x, b"y", 1));
        assert!(!first_words.may_follow(x, b"cd", 2));
        let seven = first_words.put_aside(b"7", 1).expect("a digit");
        assert!(first_words.may_follow(seven, b"ans", 3));
    }

    #[test]
    fn terms_starting_with_a_short_word_are_found_after_other_short_words() {
        let short_first: Vec<&str> = LEXICON
            .entries
            .iter()
            .map(|entry| entry.term)
            .filter(|term| term.split(' ').next().is_some_and(|w| w.len() <= 2))
            .collect();
        assert!(short_first.len() >= 10, "{short_first:?}");
        for term in short_first {
            let first = term.split(' ').next().unwrap_or_default();
            for text in [
                term.to_string(),
                format!("{first} {term}"),
                format!("a l {} !", term.to_uppercase()),
                format!("{first}, {first} — {term}. {first}"),
                format!("é {term} é"),
            ] {
                assert!(walks_agree_with_form(&text), "{text}");
                assert!(
                    !crate::classify::lexicon::match_text(&text).is_empty(),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn every_first_word_passes_the_filter_and_few_other_words_do() {
        let lexicon = &*LEXICON;
        let mut firsts = std::collections::HashSet::new();
        for entry in &lexicon.entries {
            let first = entry.padded_form.split(' ').find(|w| !w.is_empty());
            let first = first.expect("a term has a word");
            assert!(
                lexicon
                    .terms
                    .first_words()
                    .may_start(first.as_bytes(), first.len()),
                "{first}"
            );
            // In capitals, as a text may write it.
            let upper = first.to_ascii_uppercase();
            assert!(
                lexicon
                    .terms
                    .first_words()
                    .may_start(upper.as_bytes(), upper.len())
            );
            firsts.insert(first.to_string());
        }
        let others: Vec<String> = (0..20_000u32)
            .map(|n| format!("w{n}x{}", "ab".repeat(n as usize % 9)))
            .filter(|word| !firsts.contains(word))
            .collect();
        let passed = others
            .iter()
            .filter(|word| {
                lexicon
                    .terms
                    .first_words()
                    .may_start(word.as_bytes(), word.len())
            })
            .count();
        assert!(passed * 20 < others.len(), "{passed} of {}", others.len());
    }
}

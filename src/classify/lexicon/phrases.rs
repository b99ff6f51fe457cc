//! A set of phrases in match form (`" maladie coeliaque "`: whole words between spaces) and where
//! they occur in a text's match form, found without building that form: the automaton is walked
//! over the text itself ([`probe`]) and the form is built only around the end of an occurrence,
//! from enough words back to the end of its line. Most texts hold no phrase and cost one walk.
//!
//! Must never: find other occurrences than the automaton run over the whole built form (tests
//! and the `text` fuzz target compare the two).

use std::ops::ControlFlow;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Input, Match, MatchKind};

use super::padded;
use super::probe::{self, FirstWords, TermEnd};

/// Bytes of contexts a walk may always take, however short its text.
const CONTEXT_BUDGET_FLOOR: usize = 64 << 10;

pub(super) struct Phrases {
    /// `None` only if the automaton could not be built (then nothing matches; never a panic).
    automaton: Option<NFA>,
    /// The words a phrase can begin with, for the walk.
    first_words: FirstWords,
    /// Words in the longest phrase.
    most_words: usize,
    count: usize,
}

impl Phrases {
    /// The phrases, each `" words "`; a phrase's pattern id is its index.
    pub(super) fn of(patterns: &[String]) -> Phrases {
        // Every phrase starts with a space, so a prefilter would stop at every word. The walk
        // follows the automaton by hand, word by word, only from words that may start a phrase:
        // a compact NFA, built in a few milliseconds, serves it better than a DFA (7 MB for the
        // lexicon, 30 ms to build, and a walk that misses the cache).
        let automaton = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .ok();
        let most_words = patterns
            .iter()
            .map(|pattern| pattern.split(' ').filter(|w| !w.is_empty()).count())
            .max()
            .unwrap_or(0);
        Phrases {
            automaton,
            first_words: FirstWords::of(patterns.iter().map(String::as_str)),
            most_words,
            count: patterns.len(),
        }
    }

    pub(super) fn count(&self) -> usize {
        self.count
    }

    #[cfg(test)]
    pub(super) fn most_words(&self) -> usize {
        self.most_words
    }

    #[cfg(test)]
    pub(super) fn first_words(&self) -> &FirstWords {
        &self.first_words
    }

    #[cfg(test)]
    pub(super) fn is_built(&self) -> bool {
        self.automaton.is_some()
    }

    /// Whether a phrase occurs in the match form of `text`.
    pub(super) fn occur_in(&self, text: &str) -> bool {
        self.automaton
            .as_ref()
            .is_some_and(|automaton| probe::may_match(automaton, &self.first_words, text))
    }

    /// Where the first word that ends a phrase in the match form of `text` ends in `text`.
    pub(super) fn first_end_in(&self, text: &str) -> Option<usize> {
        let automaton = self.automaton.as_ref()?;
        probe::first_term_end(automaton, &self.first_words, text)
    }

    /// Calls `f(occurrence)` for each occurrence in `padded`, a built padded form.
    pub(super) fn for_each_in_form(&self, padded: &str, mut f: impl FnMut(Match)) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        if let Ok(found_all) = automaton.try_find_overlapping_iter(Input::new(padded)) {
            found_all.for_each(&mut f);
        }
    }

    /// Calls `f(found)` for each occurrence of a phrase in the match form of `text`, once each.
    /// A phrase for which `needs_context` holds comes with a context: the padded form of a part
    /// of the text that holds the occurrence and at least `words_before` words before it (or
    /// all the text before it), and where it starts there. Other phrases come without: where a
    /// phrase ends is known from the walk alone.
    ///
    /// Contexts overlap where such phrases are dense (a line each, and the words before): once
    /// they have taken a quarter of the text's bytes (and more than [`CONTEXT_BUDGET_FLOOR`]),
    /// the walk stops and returns false, and the caller is better off with the text's whole
    /// form.
    pub(super) fn for_each_occurrence(
        &self,
        text: &str,
        words_before: usize,
        needs_context: impl Fn(usize) -> bool,
        mut f: impl FnMut(Found),
    ) -> bool {
        let Some(automaton) = &self.automaton else {
            return true;
        };
        // The occurrences with context ending before this byte have been read.
        let mut read_to = 0;
        // Bytes put in normal form for contexts so far.
        let mut spent = 0;
        // One word more than needed: a context may begin with a fragment of a word (see
        // `probe::term_ends`), where no occurrence is taken.
        let context_words = self.most_words + words_before + 1;
        let at_end = |end: TermEnd| {
            let mut with_context = false;
            for index in 0..automaton.match_len(end.state) {
                let phrase = automaton.match_pattern(end.state, index).as_usize();
                if needs_context(phrase) {
                    with_context = true;
                } else {
                    f(Found {
                        phrase,
                        context: None,
                    });
                }
            }
            if with_context && end.word_end >= read_to {
                let (start, already_read) = (end.context_start, read_to);
                read_to = self.read_context(text, &end, read_to, &needs_context, &mut f);
                // The context, and again the part of it already read (see `read_context`).
                spent += read_to.saturating_sub(start) + already_read.saturating_sub(start);
                if spent > (text.len() / 4).max(CONTEXT_BUDGET_FLOOR) {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        };
        !probe::term_ends(automaton, &self.first_words, text, context_words, at_end)
    }

    /// Reads the occurrences with context from `end`'s context start to the end of its line
    /// (a line break ends a word, so the form of the line's later words is the text's, and the
    /// line's later occurrences are read at once), but for those ending before `read_to`:
    /// returns where the reading stopped.
    fn read_context(
        &self,
        text: &str,
        end: &TermEnd,
        read_to: usize,
        needs_context: &impl Fn(usize) -> bool,
        f: &mut impl FnMut(Found),
    ) -> usize {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[end.word_end..])
            .map_or(text.len(), |at| end.word_end + at + 1);
        // Always a character boundary; the text's start is the safe answer otherwise.
        let start = if text.is_char_boundary(end.context_start) {
            end.context_start
        } else {
            0
        };
        let already_read = match text.get(start..read_to) {
            Some(before) if start < read_to => padded(before).len(),
            _ => 0,
        };
        let form = padded(&text[start..line_end]);
        self.for_each_in_form(&form, |found| {
            let phrase = found.pattern().as_usize();
            if found.end() > already_read
                && (found.start() > 0 || start == 0)
                && needs_context(phrase)
            {
                f(Found {
                    phrase,
                    context: Some((&form, found.start())),
                });
            }
        });
        line_end
    }
}

/// An occurrence of a phrase (its pattern id).
pub(super) struct Found<'f> {
    pub(super) phrase: usize,
    /// The padded form of the occurrence's context, and where the phrase starts in it.
    pub(super) context: Option<(&'f str, usize)>,
}

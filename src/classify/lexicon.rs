//! Sensitive-term lexicon matcher (GDPR Art. 9 special categories and Art. 10 criminal data).
//!
//! The English and French term table `data/sensitive_lexicon_en_fr.tsv` (see `data/SOURCES.md`) is
//! embedded with `include_str!` and parsed once, on first use, into Aho–Corasick automata over
//! `" term "` patterns (see [`phrases`]). A label or a text is normalised the same way as the terms
//! (NFKD, combining marks dropped, lower-case, every run of characters outside `[a-z0-9]` -> one
//! space) and padded with spaces, so a term matches only as a whole-token phrase; overlapping
//! search finds every occurrence, including terms that overlap or nest ("cancer" inside "cancer du
//! sein"). A hit is dropped when the normalised input contains one of the term's exclusion
//! phrases ("cancer" vs "astrology"). Both languages apply to every input. A free text is walked
//! word by word without building its normal form (see [`probe`]), which is built only where a term
//! is (a short text) or around each term (a long one).
//!
//! Three more tables refine labels (never free text): `data/lexicon_context.tsv` drops every hit
//! of a category when the label carries a context phrase of that category (a Wikipedia-style
//! disambiguator such as "(astrology)" or "(film)", "insurance" for health...);
//! `data/meta_withdrawn_interests.tsv` tags the exact interests Meta withdrew as sensitive in
//! 2022 (The Markup's list, half of it, BSD-3-Clause); `data/sensitive_places.tsv` holds terms
//! that only a *place* name reveals (a mosque, a clinic, a union house), matched on places only.
//! `data/non_answers.txt` lists profile answers that say nothing ("prefer not to say").
//!
//! The table is read by the shared loader (`crate::data`): rows that do not parse are skipped at
//! run time (never a panic); the unit test `every_row_of_the_table_is_valid` makes them fail the
//! build's tests instead, with their line numbers.
//!
//! Privacy: this module returns tags and the matched *lexicon term* only. It must never log, print
//! or otherwise emit the label or text it was given (they come from a person's export).

use std::collections::{BTreeMap, HashMap};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::Match;
use unicode_normalization::char::decompose_compatible;
use unicode_normalization::char::is_combining_mark;

use crate::data::{self, Layout, Table};
use crate::model::SensitiveTag;

mod classes;
mod phrases;
mod probe;

use phrases::Phrases;

/// The embedded table (header line + one row per term).
const TABLE: &str = include_str!("data/sensitive_lexicon_en_fr.tsv");
/// Terms that reveal a category in a place name only (same columns as `TABLE`).
const PLACES: &str = include_str!("data/sensitive_places.tsv");
/// Label-wide context phrases per category.
const CONTEXT: &str = include_str!("data/lexicon_context.tsv");
const CONTEXT_HEADER: &str = "scope\tphrase\tnote";
/// Interests Meta withdrew as sensitive (label, tag).
const WITHDRAWN: &str = include_str!("data/meta_withdrawn_interests.tsv");
const WITHDRAWN_HEADER: &str = "label\ttag";
/// Rule id of a withdrawn-interest hit.
pub const WITHDRAWN_RULE: &str = "lexicon.meta_withdrawn_2022";
const NON_ANSWERS: &str = include_str!("data/non_answers.txt");
/// Two-part rules: a hit when a label holds one anchor and one companion.
const PAIRS: &str = include_str!("data/lexicon_pairs.tsv");
const PAIRS_HEADER: &str = "category\tstrength\tanchors\tcompanions\tnote";

/// Header line of the table, checked by the tests and skipped by the parser.
const HEADER: &str = "category\tlang\tstrength\tterm_normalized\texclude_if_label_contains\tnote";

/// First-person disclosure patterns (normalised token sequences), looked for in the 3 tokens
/// before a term in free text.
const FIRST_PERSON: &[&[&str]] = &[
    // EN
    &["i", "am"],
    &["i", "m"],
    &["i", "have"],
    &["my"],
    // FR
    &["je", "suis"],
    &["j", "ai"],
    &["ma"],
    &["mon"],
    &["atteint", "de"],
    &["atteinte", "de"],
    &["diagnostique"],
    &["diagnostiquee"],
];

/// How many tokens before a term are searched for a first-person pattern.
const FIRST_PERSON_WINDOW: usize = 3;

/// One sensitive-term hit.
#[derive(Debug, Clone, PartialEq)]
pub struct LexiconHit {
    pub tag: SensitiveTag,
    /// `S` row (explicit, confidence 0.9 on labels) vs `W` row (proxy or ambiguous, 0.6).
    pub strong: bool,
    /// The normalised lexicon term that matched (never the input itself).
    pub term: &'static str,
    /// Rule id for the audit trail, e.g. `lexicon.health.fr.S`.
    pub rule: String,
}

/// Normalise like the lexicon: NFKD, drop combining marks, lower-case, every run of chars outside [a-z0-9] -> one space, trimmed.
///
/// The ligatures NFKD leaves whole are spelt out (`œ`->`oe`, `æ`->`ae`, `ß`->`ss`), so that
/// "Maladie cœliaque" meets the table's "maladie coeliaque".
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out, false);
    out
}

/// Append the normal form of `text` to `out` (which must be empty or end with a space). With
/// `fold`, each word is also put in its match form (see [`match_form`]).
fn normalize_into(text: &str, out: &mut String, fold: bool) {
    let mut words = Words::new(StringSink(out), fold);
    words.feed(text);
    words.finish();
}

/// Where normalised bytes go (always ASCII: `[a-z0-9 ]`).
trait FormSink {
    fn put(&mut self, byte: u8);

    /// ASCII letters and digits of one word, in any case (each is put lower-cased).
    fn put_letters(&mut self, run: &[u8]) {
        for &b in run {
            self.put(b | 0x20);
        }
    }
}

struct StringSink<'o>(&'o mut String);

impl FormSink for StringSink<'_> {
    fn put(&mut self, byte: u8) {
        self.0.push(char::from(byte));
    }
}

/// Lower-case ASCII letters and digits keep their (lower-cased) byte; every other ASCII byte
/// separates words (0).
static ASCII_FORM: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let l = (b as u8).to_ascii_lowercase();
        if l.is_ascii_alphanumeric() {
            table[b] = l;
        }
        b += 1;
    }
    table
};

/// What one non-ASCII character adds to the normal form, piece by piece: NFKD (per character:
/// the reordering it would do only moves combining marks, which are dropped), lower-cased,
/// ligatures spelt out; `[a-z0-9]` letters are kept, anything else is a word break (0).
fn char_form(c: char, mut piece: impl FnMut(u8)) {
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            if is_combining_mark(l) {
                continue;
            }
            match l {
                'a'..='z' | '0'..='9' => piece(l as u8),
                'œ' => "oe".bytes().for_each(&mut piece),
                'æ' => "ae".bytes().for_each(&mut piece),
                'ß' => "ss".bytes().for_each(&mut piece),
                _ => piece(0),
            }
        }
    });
}

/// The form of a two-byte UTF-8 character, worked out by [`char_form`].
struct CharForm {
    bytes: [u8; 8],
    len: u8,
}

/// [`char_form`] of U+0080..U+07FF, by code point minus 0x80 (`None`: a longer form, which is
/// worked out each time).
static TWO_BYTE_FORMS: LazyLock<Vec<Option<CharForm>>> = LazyLock::new(|| {
    (0x80u32..0x800)
        .map(|cp| {
            let c = char::from_u32(cp)?;
            let mut form = CharForm {
                bytes: [0; 8],
                len: 0,
            };
            let mut fits = true;
            char_form(c, |piece| match form.bytes.get_mut(usize::from(form.len)) {
                Some(slot) => {
                    *slot = piece;
                    form.len += 1;
                }
                None => fits = false,
            });
            fits.then_some(form)
        })
        .collect()
});

/// What each byte of a word adds to its form on the walk's quick path for Latin words
/// ([`probe`]): an ASCII letter or digit is itself; 0xC3, the lead byte of U+00C0..U+00FF
/// (`é`, `à`, `ç`, `ü`...), adds nothing yet ([`LEAD_PIECE`]); a continuation byte adds the
/// letter its character's form is when the lead was 0xC3 (`é` -> `e`), the only lead the path
/// reads on from (in valid UTF-8 a continuation byte follows its lead, so none needs to be
/// remembered); an ASCII break ends the word ([`WORD_END`]); anything else, including other
/// leads and characters whose form is a break or more than one letter (`×`, `ß`, `æ`), is
/// [`OTHER_PIECE`], left to the general path.
static LATIN_PIECES: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let mut table = [OTHER_PIECE; 256];
    for b in 0..=0x7Fu8 {
        let form = ASCII_FORM[usize::from(b)];
        table[usize::from(b)] = if form == 0 { WORD_END } else { b };
    }
    table[0xC3] = LEAD_PIECE;
    for b in 0x80..=0xBFu8 {
        let code = 0xC0 | usize::from(b & 0x3F);
        let form = TWO_BYTE_FORMS[code - 0x80].as_ref();
        if let Some(&[letter]) = form.map(|f| &f.bytes[..usize::from(f.len)])
            && letter != 0
        {
            table[usize::from(b)] = letter;
        }
    }
    table
});

/// In [`LATIN_PIECES`]: an ASCII byte that is no letter or digit.
pub(super) const WORD_END: u8 = 0;
/// In [`LATIN_PIECES`]: a byte the quick path leaves to the general one.
pub(super) const OTHER_PIECE: u8 = 1;
/// In [`LATIN_PIECES`]: the lead byte 0xC3, which adds nothing by itself.
pub(super) const LEAD_PIECE: u8 = 2;

/// See [`LATIN_PIECES`].
pub(super) fn latin_pieces() -> &'static [u8; 256] {
    &LATIN_PIECES
}

/// The form of the non-ASCII character at byte `at` of `text` (see [`char_form`]), piece by
/// piece; returns the character's length (at least 1, so a caller always moves on).
#[inline(always)]
fn non_ascii_form(text: &str, at: usize, mut piece: impl FnMut(u8)) -> usize {
    let bytes = text.as_bytes();
    if let [lead @ 0xC2..=0xDF, next, ..] = bytes[at..] {
        // Two-byte characters (Latin accents, Greek, Cyrillic...): their forms are worked out
        // once.
        let c = (usize::from(lead & 0x1F) << 6) | usize::from(next & 0x3F);
        if let Some(form) = TWO_BYTE_FORMS.get(c - 0x80).and_then(Option::as_ref) {
            form.bytes[..usize::from(form.len)]
                .iter()
                .for_each(|&p| piece(p));
            return 2;
        }
    }
    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
        return 1;
    };
    if is_break(c) {
        piece(0);
    } else {
        char_form(c, piece);
    }
    c.len_utf8()
}

/// Characters from U+0800 on by pages of 256: a bit per character whose form is one word break
/// and nothing else (most symbols, emoji, CJK...), worked out the first time a character of the
/// page is met.
static BREAK_PAGES: [OnceLock<[u64; 4]>; 0x110000 >> 8] =
    [const { OnceLock::new() }; 0x110000 >> 8];

/// Whether the form of `c` (from U+0800 on) is a single word break; false below U+0800.
#[inline(always)]
fn is_break(c: char) -> bool {
    let code = c as usize;
    if code < 0x800 {
        return false;
    }
    let page = BREAK_PAGES[code >> 8].get_or_init(|| {
        let mut bits = [0u64; 4];
        for low in 0..256 {
            let Some(c) = char::from_u32((code & !0xFF | low) as u32) else {
                continue;
            };
            let mut pieces = 0;
            let mut only_breaks = true;
            char_form(c, |piece| {
                pieces += 1;
                only_breaks &= piece == 0;
            });
            if pieces == 1 && only_breaks {
                bits[low / 64] |= 1 << (low % 64);
            }
        }
        bits
    });
    page[(code & 0xFF) / 64] & (1 << (code % 64)) != 0
}

/// Normalised words being written: one space between words, none at either end. With `fold`,
/// a word's single trailing `s` is held back and dropped when the word ends with five bytes or
/// more (the plural fold of [`match_form`]), so the form can be streamed.
struct Words<S: FormSink> {
    sink: S,
    in_word: bool,
    pending_space: bool,
    fold: bool,
    /// Bytes of the current word, held `s` included.
    word_len: usize,
    /// Trailing `s` bytes of the current word not yet written.
    held_s: usize,
}

impl<S: FormSink> Words<S> {
    fn new(sink: S, fold: bool) -> Self {
        Words {
            sink,
            in_word: false,
            pending_space: false,
            fold,
            word_len: 0,
            held_s: 0,
        }
    }

    /// Normalise `text` into the sink: NFKD, combining marks dropped, lower-cased, ligatures
    /// spelt out, every other character a word separator.
    fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if ASCII_FORM[usize::from(b)] == 0 {
                    self.pending_space = true;
                    i += 1;
                    continue;
                }
                // The hot path: a run of ASCII letters and digits needs no decomposition.
                let start = i;
                while i < bytes.len() && bytes[i] < 0x80 && ASCII_FORM[usize::from(bytes[i])] != 0 {
                    i += 1;
                }
                self.ascii_letters(&bytes[start..i]);
                continue;
            }
            i += non_ascii_form(text, i, |piece| self.piece(piece));
        }
    }

    /// A letter of the form, or a word break (0).
    #[inline(always)]
    fn piece(&mut self, piece: u8) {
        match piece {
            0 => self.pending_space = true,
            letter => self.letter(letter),
        }
    }

    /// A run of ASCII letters and digits (any case) of the current word: [`Words::letter`] on
    /// each, with the trailing `s` held as one by one it would be.
    fn ascii_letters(&mut self, run: &[u8]) {
        self.add_to_word(run.len());
        let trailing_s = if self.fold {
            run.iter().rev().take_while(|&&b| b | 0x20 == b's').count()
        } else {
            0
        };
        let kept = run.len() - trailing_s;
        if kept > 0 {
            self.release_s();
            self.sink.put_letters(&run[..kept]);
        }
        self.held_s += trailing_s;
    }

    /// `count` more letters: after a break, the word before ends and a space is written.
    #[inline(always)]
    fn add_to_word(&mut self, count: usize) {
        if self.pending_space && self.in_word {
            self.end_word();
            self.sink.put(b' ');
        }
        self.pending_space = false;
        self.in_word = true;
        self.word_len += count;
    }

    #[inline(always)]
    fn letter(&mut self, byte: u8) {
        self.add_to_word(1);
        if self.fold && byte == b's' {
            self.held_s += 1;
            return;
        }
        self.release_s();
        self.sink.put(byte);
    }

    fn release_s(&mut self) {
        for _ in 0..self.held_s {
            self.sink.put(b's');
        }
        self.held_s = 0;
    }

    /// The plural fold of [`match_form`] on the word just written: one trailing `s` (not `ss`)
    /// of a word of five bytes or more is dropped.
    fn end_word(&mut self) {
        if self.held_s == 1 && self.word_len >= 5 {
            self.held_s = 0;
        }
        self.release_s();
        self.word_len = 0;
    }

    /// End the last word; the sink is returned.
    fn finish(mut self) -> S {
        self.end_word();
        self.sink
    }
}

/// Match a short label (ad interest, category, page name). Whole-token phrase matching; exclusions applied; one hit per (tag, strength) keeping the strongest; confidence is implied: strong 0.9, weak 0.6.
///
/// Concretely: at most one hit per tag — a strong one when any strong term of that tag matched,
/// else a weak one; among equals the longest term wins. Hits are ordered by tag.
pub fn match_label(label: &str) -> Vec<LexiconHit> {
    labelled(&LEXICON, label, &padded(label))
}

/// Match a place name (a check-in, a place visit, a city): the label terms and the place terms.
pub fn match_place(name: &str) -> Vec<LexiconHit> {
    let padded = padded(name);
    let mut hits = labelled(&LEXICON, name, &padded);
    for hit in labelled(&PLACE_LEXICON, name, &padded) {
        match hits.iter_mut().find(|h| h.tag == hit.tag) {
            Some(kept) if kept.strong || !hit.strong => {}
            Some(kept) => *kept = hit,
            None => hits.push(hit),
        }
    }
    hits.sort_by_key(|h| h.tag);
    hits
}

/// A label (its `padded` form given) through one lexicon: context rules of the label, then the
/// exact withdrawn interests. Most labels hold no term: the quick test, one pass for the pair
/// anchors and one lookup, and the label's context is never worked out.
fn labelled(lexicon: &Lexicon, label: &str, padded: &str) -> Vec<LexiconHit> {
    let context = &*CONTEXT_RULES;
    let around = std::cell::OnceCell::new();
    let around = || around.get_or_init(|| LabelContext::of(label, padded.to_string()));
    let mut best: BTreeMap<SensitiveTag, (Rank, usize)> = BTreeMap::new();
    if lexicon.terms.occur_in(label) {
        let mut exclusions = Exclusions::in_form(padded);
        lexicon.for_each_hit(padded, &mut exclusions, |entry, _start| {
            let tag = lexicon.entries[entry].tag;
            if context.excludes(tag, around(), &lexicon.entries[entry].padded_form) {
                return;
            }
            let rank = lexicon.rank(entry, false);
            keep_best(&mut best, tag, rank, entry);
        });
    }
    let mut hits: Vec<LexiconHit> = best
        .into_values()
        .map(|(_, entry)| lexicon.hit(entry))
        .collect();
    // Multi-word context: "Communauté malienne", "sevrage alcool", "empreinte digitale". The
    // anchors first, all in one pass: a pair rarely matches.
    let (anchors, rule_of_anchor) = &*PAIR_ANCHORS;
    let mut anchored = 0u64;
    anchors.for_each_in_form(padded, |found| {
        anchored |= rule_of_anchor
            .get(found.pattern().as_usize())
            .map_or(0, |&rule| 1 << rule);
    });
    for (index, pair) in PAIR_RULES.iter().enumerate() {
        if anchored & (1 << index) == 0 || hits.iter().any(|h| h.tag == pair.tag) {
            continue;
        }
        // The phrases first: the context rules are many.
        let has = |phrases: &[String]| phrases.iter().any(|p| padded.contains(p.as_str()));
        if has(&pair.companions) && !context.excludes(pair.tag, around(), "") {
            hits.push(LexiconHit {
                tag: pair.tag,
                strong: pair.strong,
                term: pair.name,
                rule: pair.rule.clone(),
            });
            hits.sort_by_key(|h| h.tag);
        }
    }
    // An interest Meta withdrew as sensitive is at least a proxy of its category (a weak hit),
    // unless the label's context rules it out ("Tarot" stays tarot, not a belief).
    if let Some(&(tag, term)) = WITHDRAWN_LABELS.get(padded.trim())
        && !hits.iter().any(|h| h.tag == tag)
        && !context.excludes(tag, around(), "")
    {
        hits.push(LexiconHit {
            tag,
            strong: false,
            term,
            rule: WITHDRAWN_RULE.to_string(),
        });
        hits.sort_by_key(|h| h.tag);
    }
    hits
}

/// Whether a profile answer says nothing ("prefer not to say", "unregistered"...).
pub fn says_nothing(answer: &str) -> bool {
    let normalized = normalize(answer);
    normalized.is_empty() || NON_ANSWER_SET.contains(normalized.as_str())
}

static NON_ANSWER_SET: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    NON_ANSWERS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A two-part rule: one anchor and one companion phrase in the same label.
struct PairRule {
    tag: SensitiveTag,
    strong: bool,
    /// The first anchor as written, shown as the matched term.
    name: &'static str,
    anchors: Vec<String>,
    companions: Vec<String>,
    rule: String,
}

fn load_pairs(text: &'static str) -> Table<PairRule> {
    let layout = Layout {
        header: Some(PAIRS_HEADER),
        ..Layout::new("lexicon_pairs.tsv", 5)
    };
    data::load(layout, text, |cols| {
        let tag = tag_of(cols[0]).ok_or_else(|| format!("unknown category {:?}", cols[0]))?;
        let strong = match cols[1] {
            "S" => true,
            "W" => false,
            other => return Err(format!("unknown strength {other:?}")),
        };
        let phrases = |column: &'static str| -> Result<Vec<String>, String> {
            let mut out = Vec::new();
            for phrase in column.split('|') {
                if phrase.is_empty() || normalize(phrase) != phrase {
                    return Err(format!("phrase {phrase:?} is not normalised"));
                }
                out.push(format!(" {} ", match_form(phrase)));
            }
            Ok(out)
        };
        Ok(PairRule {
            tag,
            strong,
            name: cols[2].split('|').next().unwrap_or(""),
            anchors: phrases(cols[2])?,
            companions: phrases(cols[3])?,
            rule: format!("lexicon.pair.{}.{}", tag.category().id(), cols[1]),
        })
    })
}

/// The pair rules (64 at most are read, a label's anchored rules being a bit mask; a test keeps
/// the table within that).
static PAIR_RULES: LazyLock<Vec<PairRule>> = LazyLock::new(|| {
    let mut rules = load_pairs(PAIRS).rows;
    rules.truncate(64);
    rules
});

/// Every pair rule's anchors, and the rule of each.
static PAIR_ANCHORS: LazyLock<(Phrases, Vec<usize>)> = LazyLock::new(|| {
    let (anchors, rules): (Vec<String>, Vec<usize>) = PAIR_RULES
        .iter()
        .enumerate()
        .flat_map(|(rule, pair)| pair.anchors.iter().map(move |a| (a.clone(), rule)))
        .unzip();
    (Phrases::of(&anchors), rules)
});

/// One context rule: its scope (None = every tag), its padded phrase, and whether it only counts
/// inside the label's parentheses (a disambiguator: "Toussaint (film)", but not "Lesbian films").
struct ContextRule {
    scope: Option<SensitiveTag>,
    phrase: String,
    in_parentheses: bool,
}

/// Label-wide context phrases.
struct ContextRules {
    rules: Vec<ContextRule>,
}

/// A label as context rules see it: the whole of it, and what its parentheses hold.
struct LabelContext {
    padded: String,
    parentheses: String,
}

impl LabelContext {
    fn of(label: &str, padded: String) -> LabelContext {
        let mut inside = String::new();
        let mut rest = label;
        while let Some(open) = rest.find('(') {
            let after = &rest[open + 1..];
            let close = after.find(')').unwrap_or(after.len());
            inside.push(' ');
            inside.push_str(&after[..close]);
            rest = after.get(close + 1..).unwrap_or("");
        }
        LabelContext {
            padded,
            parentheses: padded_form(&inside),
        }
    }
}

impl ContextRules {
    /// Whether a context phrase of `tag` is in the label, other than inside the matched term
    /// itself (`own`, padded: "european trade union confederation" is a union, whatever
    /// "european" says of other labels).
    fn excludes(&self, tag: SensitiveTag, label: &LabelContext, own: &str) -> bool {
        self.rules.iter().any(|rule| {
            if own.contains(rule.phrase.as_str()) {
                return false;
            }
            let text = if rule.in_parentheses {
                &label.parentheses
            } else {
                &label.padded
            };
            rule.scope.is_none_or(|s| s == tag) && text.contains(rule.phrase.as_str())
        })
    }
}

fn load_context(text: &'static str) -> Table<ContextRule> {
    let layout = Layout {
        header: Some(CONTEXT_HEADER),
        ..Layout::new("lexicon_context.tsv", 3)
    };
    data::load(layout, text, |cols| {
        let scope = match cols[0] {
            "*" => None,
            category => {
                Some(tag_of(category).ok_or_else(|| format!("unknown scope {category:?}"))?)
            }
        };
        let written = cols[1];
        let inner = written.strip_prefix('(').and_then(|p| p.strip_suffix(')'));
        let phrase = inner.unwrap_or(written);
        if phrase.is_empty() || normalize(phrase) != phrase {
            return Err(format!("phrase {written:?} is not normalised"));
        }
        Ok(ContextRule {
            scope,
            phrase: format!(" {} ", match_form(phrase)),
            in_parentheses: inner.is_some(),
        })
    })
}

static CONTEXT_RULES: LazyLock<ContextRules> = LazyLock::new(|| ContextRules {
    rules: load_context(CONTEXT).rows,
});

fn load_withdrawn(text: &'static str) -> Table<(String, (SensitiveTag, &'static str))> {
    let layout = Layout {
        header: Some(WITHDRAWN_HEADER),
        ..Layout::new("meta_withdrawn_interests.tsv", 2)
    };
    data::load(layout, text, |cols| {
        let tag = SensitiveTag::ALL
            .into_iter()
            .find(|t| t.category().id() == cols[1])
            .ok_or_else(|| format!("unknown tag {:?}", cols[1]))?;
        let key = match_form(&normalize(cols[0]));
        if key.is_empty() {
            return Err("empty label".to_string());
        }
        Ok((key, (tag, cols[0])))
    })
}

/// Normalised withdrawn label -> (tag, label as listed).
static WITHDRAWN_LABELS: LazyLock<HashMap<String, (SensitiveTag, &'static str)>> =
    LazyLock::new(|| load_withdrawn(WITHDRAWN).rows.into_iter().collect());

/// Match free text (post, comment, message). Like match_label but a hit is `first_person` only when a first-person disclosure pattern (EN: "i am", "i m", "i have", "my"; FR: "je suis", "j ai", "ma", "mon", "atteint de", "atteinte de", "diagnostique", "diagnostiquee" — on normalised text, within the 3 tokens before the term) precedes the term.
///
/// Per tag the kept hit is the strongest, then a first-person occurrence, then the longest term.
/// Exclusion phrases are looked for in the whole text.
///
/// Most texts hold no term and cost one walk of the automaton over the text itself (see
/// [`probe`]). A long text's form is never built whole: only the contexts of the terms found
/// (see [`phrases`]).
pub fn match_text(text: &str) -> Vec<(LexiconHit, bool /* first_person */)> {
    LEXICON.text_hits(text)
}

/// The hits of [`match_text`] on each line of `text`, in order (a line of a chat log is a
/// message): one walk over the text finds the lines that hold a term, and only those are
/// matched, one by one.
pub fn match_lines(text: &str) -> Vec<(LexiconHit, bool /* first_person */)> {
    let lexicon = &*LEXICON;
    let mut hits = Vec::new();
    let mut from = 0;
    while let Some(end) = lexicon.terms.first_end_in(&text[from..]) {
        let at = from + end;
        // The term ends in this line (it may have begun in an earlier one: then this line alone
        // may hold none).
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1).max(from);
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        hits.extend(lexicon.text_hits(&text[line_start..line_end]));
        from = (line_end + 1).min(text.len());
    }
    hits
}

/// Texts from this long on are walked ([`Lexicon::text_hits_walked`]); a shorter one (a message,
/// a post) costs less matched in its built form once the quick test finds a term in it.
const WALKED_TEXT: usize = 4 << 10;

impl Lexicon {
    /// See [`match_text`].
    fn text_hits(&self, text: &str) -> Vec<(LexiconHit, bool)> {
        if text.len() >= WALKED_TEXT {
            self.text_hits_walked(text)
        } else if self.terms.occur_in(text) {
            self.text_hits_built(text)
        } else {
            Vec::new()
        }
    }

    /// [`Self::text_hits`] without building the text's form: one walk finds the terms and the
    /// exclusion phrases; an exclusion silences its terms wherever they are, so hits are ranked
    /// once the walk is over.
    fn text_hits_walked(&self, text: &str) -> Vec<(LexiconHit, bool)> {
        let terms = self.terms.count();
        let mut found: Vec<(usize, bool)> = Vec::new();
        let mut excluded: Vec<bool> = Vec::new();
        let walked = self.walked().for_each_occurrence(
            text,
            FIRST_PERSON_WINDOW,
            |phrase| phrase < terms,
            |occurrence| match (occurrence.phrase.checked_sub(terms), occurrence.context) {
                (Some(exclusion), _) => {
                    excluded.resize(self.exclusion_phrases.count(), false);
                    excluded[exclusion] = true;
                }
                (None, Some((form, start))) => {
                    let first_person = first_person_before(&form[..start]);
                    let entries = self.entries_of_pattern.get(occurrence.phrase);
                    found.extend(entries.into_iter().flatten().map(|&e| (e, first_person)));
                }
                (None, None) => {}
            },
        );
        if !walked {
            return self.text_hits_built(text);
        }
        found.sort_unstable();
        found.dedup();
        let mut best = BTreeMap::new();
        for (entry, first_person) in found {
            let own = self
                .exclusions_of_entry
                .get(entry)
                .map_or(&[][..], Vec::as_slice);
            if !own
                .iter()
                .any(|&phrase| excluded.get(phrase) == Some(&true))
            {
                let rank = self.rank(entry, first_person);
                keep_best(&mut best, self.entries[entry].tag, rank, entry);
            }
        }
        text_hits_of(self, best)
    }

    /// [`Self::text_hits`] the plain way: the automaton run over the text's whole built form.
    fn text_hits_built(&self, text: &str) -> Vec<(LexiconHit, bool)> {
        let padded = padded(text);
        let mut best = BTreeMap::new();
        let mut exclusions = Exclusions::in_form(&padded);
        self.for_each_hit(&padded, &mut exclusions, |entry, at| {
            keep_text_hit(self, &mut best, &padded, entry, at);
        });
        text_hits_of(self, best)
    }
}

/// Keeps the hit of `entry` found at byte `at` of the padded form if it ranks best of its tag.
fn keep_text_hit(
    lexicon: &Lexicon,
    best: &mut BTreeMap<SensitiveTag, (Rank, usize)>,
    padded: &str,
    entry: usize,
    at: usize,
) {
    let first_person = first_person_before(&padded[..at]);
    let rank = lexicon.rank(entry, first_person);
    keep_best(best, lexicon.entries[entry].tag, rank, entry);
}

fn text_hits_of(
    lexicon: &Lexicon,
    best: BTreeMap<SensitiveTag, (Rank, usize)>,
) -> Vec<(LexiconHit, bool)> {
    best.into_values()
        .map(|(rank, entry)| (lexicon.hit(entry), rank.first_person))
        .collect()
}

/// Whether the walks of [`match_text`] answer as the automaton run over the text's built form
/// does: the quick test, and every hit. For the unit tests and the `text` fuzz target.
#[doc(hidden)]
pub fn walks_agree_with_form(text: &str) -> bool {
    let lexicon = &*LEXICON;
    let padded = padded(text);
    let mut built = false;
    lexicon.terms.for_each_in_form(&padded, |_| built = true);
    lexicon.terms.occur_in(text) == built
        && lexicon.text_hits_walked(text) == lexicon.text_hits_built(text)
}

/// `" " + match_form(normalize(text)) + " "`, or an empty string when nothing is left to match.
fn padded(text: &str) -> String {
    padded_form(text)
}

fn padded_form(text: &str) -> String {
    // `" " + match_form(normalize(text)) + " "` in one pass.
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    normalize_into(text, &mut out, true);
    if out.len() == 1 {
        return String::new();
    }
    out.push(' ');
    out
}

/// The form terms and labels are compared in: normalised text with the plural `s` of words of
/// five letters or more folded away (`implants` meets `implant`, `lesbiennes` meets
/// `lesbienne`, `diabetes` meets the French `diabete`). Both sides are folded alike, so a fold
/// never separates a term from itself; short words (`aids`, `sans`) and `-ss` endings are kept.
pub fn match_form(normalized: &str) -> String {
    let mut out = String::with_capacity(normalized.len());
    for (i, token) in normalized.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&token[..folded_len(token.as_bytes())]);
    }
    out
}

/// Length of `word` once plurals are folded (see [`match_form`]): one trailing `s` of either case,
/// not `ss`, is dropped from a word of five bytes or more.
fn folded_len(word: &[u8]) -> usize {
    match word {
        [.., before, b's' | b'S'] if word.len() >= 5 && before | 0x20 != b's' => word.len() - 1,
        _ => word.len(),
    }
}

/// Whether one of the first-person patterns lies within the last `FIRST_PERSON_WINDOW` tokens of
/// `before` (the padded text up to the term).
fn first_person_before(before: &str) -> bool {
    let mut window: Vec<&str> = before
        .split(' ')
        .rev()
        .filter(|t| !t.is_empty())
        .take(FIRST_PERSON_WINDOW)
        .collect();
    window.reverse();
    FIRST_PERSON.iter().any(|pattern| {
        window
            .windows(pattern.len())
            .any(|tokens| tokens == *pattern)
    })
}

/// Ordering of competing hits of one tag (derived `Ord` compares fields in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    strong: bool,
    first_person: bool,
    /// Length of the term as matched (plural folded).
    term_len: usize,
    /// Between a term and its plural, the term written as matched wins.
    singular: bool,
    /// Earlier rows win ties (reversed row index).
    earlier: std::cmp::Reverse<usize>,
}

fn keep_best(
    best: &mut BTreeMap<SensitiveTag, (Rank, usize)>,
    tag: SensitiveTag,
    rank: Rank,
    entry: usize,
) {
    match best.get(&tag) {
        Some((kept, _)) if *kept >= rank => {}
        _ => {
            best.insert(tag, (rank, entry));
        }
    }
}

/// One valid row of the table.
#[derive(Debug)]
struct Entry {
    tag: SensitiveTag,
    strong: bool,
    term: &'static str,
    /// Length of the term's match form, and whether the term is its own match form.
    form_len: usize,
    /// The match form padded with spaces (`" diabete "`).
    padded_form: String,
    singular: bool,
    rule: String,
    /// Normalised exclusion phrases, padded with spaces (`" astrology "`).
    exclusions: Vec<String>,
}

struct Lexicon {
    entries: Vec<Entry>,
    /// The terms' match forms; a pattern id is an index of `entries_of_pattern`.
    terms: Phrases,
    /// Automaton pattern id -> entries sharing that term (a term may sit in several rows).
    entries_of_pattern: Vec<Vec<usize>>,
    /// Every entry's exclusion phrases, and for each entry the ids of its own.
    exclusion_phrases: Phrases,
    exclusions_of_entry: Vec<Vec<usize>>,
    /// The terms, then the exclusion phrases (id: term count + exclusion id), walked in long
    /// free text: built from `walked_patterns` the first time one is met (most exports have
    /// none, and the build is a tenth of a small export's audit).
    terms_then_exclusions: OnceLock<Phrases>,
    walked_patterns: Vec<String>,
}

/// Which exclusion phrases occur in a built padded form, found the first time an entry with
/// exclusions is met (most texts meet none).
struct Exclusions<'t> {
    padded: &'t str,
    found: Option<Vec<bool>>,
}

impl<'t> Exclusions<'t> {
    fn in_form(padded: &'t str) -> Self {
        Exclusions {
            padded,
            found: None,
        }
    }

    /// Whether the form holds one of the exclusions of entry `index` of `lexicon`.
    fn silence(&mut self, lexicon: &Lexicon, index: usize) -> bool {
        let Some(own) = lexicon.exclusions_of_entry.get(index) else {
            return false;
        };
        if own.is_empty() {
            return false;
        }
        let padded = self.padded;
        let found = self.found.get_or_insert_with(|| {
            let phrases = &lexicon.exclusion_phrases;
            let mut found = vec![false; phrases.count()];
            phrases.for_each_in_form(padded, |occurrence| {
                found[occurrence.pattern().as_usize()] = true;
            });
            found
        });
        own.iter().any(|&phrase| found[phrase])
    }
}

static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::build(load(TABLE, "sensitive_lexicon_en_fr.tsv").rows));
static PLACE_LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::build(load(PLACES, "sensitive_places.tsv").rows));

impl Lexicon {
    fn build(mut entries: Vec<Entry>) -> Lexicon {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries_of_pattern: Vec<Vec<usize>> = Vec::new();
        let mut pattern_of_term: BTreeMap<String, usize> = BTreeMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let form = match_form(entry.term);
            let pattern = *pattern_of_term.entry(form.clone()).or_insert_with(|| {
                patterns.push(format!(" {form} "));
                entries_of_pattern.push(Vec::new());
                patterns.len() - 1
            });
            entries_of_pattern[pattern].push(index);
        }
        // A term and its plural are one pattern: the exclusions of either apply to both.
        for members in &entries_of_pattern {
            for &i in members {
                let shared: Vec<String> = members
                    .iter()
                    .filter(|&&j| j != i && entries[j].tag == entries[i].tag)
                    .flat_map(|&j| entries[j].exclusions.clone())
                    .collect();
                for phrase in shared {
                    if !entries[i].exclusions.contains(&phrase) {
                        entries[i].exclusions.push(phrase);
                    }
                }
            }
        }
        // An exclusion that is the term itself (a plural folded onto it) would silence it.
        for entry in &mut entries {
            let own = format!(" {} ", match_form(entry.term));
            entry
                .exclusions
                .retain(|phrase| !own.contains(phrase.as_str()));
        }
        let mut exclusion_patterns: Vec<String> = Vec::new();
        let mut exclusion_ids: BTreeMap<&str, usize> = BTreeMap::new();
        let exclusions_of_entry = entries
            .iter()
            .map(|entry| {
                entry
                    .exclusions
                    .iter()
                    .map(|phrase| {
                        *exclusion_ids.entry(phrase).or_insert_with(|| {
                            exclusion_patterns.push(phrase.clone());
                            exclusion_patterns.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let walked_patterns: Vec<String> = patterns
            .iter()
            .chain(&exclusion_patterns)
            .cloned()
            .collect();
        Lexicon {
            terms: Phrases::of(&patterns),
            entries_of_pattern,
            exclusion_phrases: Phrases::of(&exclusion_patterns),
            exclusions_of_entry,
            terms_then_exclusions: OnceLock::new(),
            walked_patterns,
            entries,
        }
    }

    /// See `terms_then_exclusions`.
    fn walked(&self) -> &Phrases {
        self.terms_then_exclusions
            .get_or_init(|| Phrases::of(&self.walked_patterns))
    }

    /// Calls `f(entry index)` for each entry of the term found that `exclusions` do not silence.
    fn for_each_entry(&self, found: Match, exclusions: &mut Exclusions, mut f: impl FnMut(usize)) {
        let Some(entries) = self.entries_of_pattern.get(found.pattern().as_usize()) else {
            return;
        };
        for &index in entries {
            if !exclusions.silence(self, index) {
                f(index);
            }
        }
    }

    /// Calls `f(entry index, byte start of " term " in padded)` for every occurrence in
    /// `padded` that `exclusions` do not silence.
    fn for_each_hit(
        &self,
        padded: &str,
        exclusions: &mut Exclusions,
        mut f: impl FnMut(usize, usize),
    ) {
        self.terms.for_each_in_form(padded, |found| {
            self.for_each_entry(found, exclusions, |entry| f(entry, found.start()));
        });
    }

    fn rank(&self, index: usize, first_person: bool) -> Rank {
        let entry = &self.entries[index];
        Rank {
            strong: entry.strong,
            first_person,
            term_len: entry.form_len,
            singular: entry.singular,
            earlier: std::cmp::Reverse(index),
        }
    }

    fn hit(&self, index: usize) -> LexiconHit {
        let entry = &self.entries[index];
        LexiconHit {
            tag: entry.tag,
            strong: entry.strong,
            term: entry.term,
            rule: entry.rule.clone(),
        }
    }
}

/// Every row of a term table, parsed (header skipped).
fn load(table: &'static str, name: &'static str) -> Table<Entry> {
    let layout = Layout {
        header: Some(HEADER),
        ..Layout::new(name, 6)
    };
    data::load(layout, table, parse_row)
}

fn tag_of(category: &str) -> Option<SensitiveTag> {
    Some(match category {
        "HEALTH" => SensitiveTag::Health,
        "SEXUAL" => SensitiveTag::SexLife,
        "RELIGION" => SensitiveTag::Religion,
        "POLITICAL" => SensitiveTag::Political,
        "UNION" => SensitiveTag::TradeUnion,
        "ETHNIC" => SensitiveTag::EthnicOrigin,
        "GENETIC" => SensitiveTag::Genetic,
        "BIOMETRIC" => SensitiveTag::Biometric,
        "CRIMINAL" => SensitiveTag::Criminal,
        _ => return None,
    })
}

/// Parses one data row. The error names the column at fault (table content only, never user data).
fn parse_row(columns: &[&'static str]) -> Result<Entry, String> {
    let [category, lang, strength, term, exclusions, _note] = columns[..] else {
        return Err(format!(
            "expected 6 tab-separated columns, found {}",
            columns.len()
        ));
    };
    let tag = tag_of(category).ok_or_else(|| format!("unknown category {category:?}"))?;
    if lang != "en" && lang != "fr" {
        return Err(format!("unknown lang {lang:?}"));
    }
    let strong = match strength {
        "S" => true,
        "W" => false,
        _ => return Err(format!("unknown strength {strength:?}")),
    };
    if term.is_empty() || normalize(term) != term {
        return Err(format!("term {term:?} is not normalised"));
    }
    let mut phrases = Vec::new();
    for raw in exclusions.split('|').filter(|p| !p.trim().is_empty()) {
        let phrase = normalize(raw);
        if phrase.is_empty() {
            return Err(format!("exclusion {raw:?} is empty once normalised"));
        }
        let phrase = format!(" {} ", match_form(&phrase));
        if !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
    }
    let form = match_form(term);
    Ok(Entry {
        tag,
        strong,
        term,
        form_len: form.len(),
        padded_form: format!(" {form} "),
        singular: form == term,
        rule: format!("lexicon.{}.{}.{}", tag.category().id(), lang, strength),
        exclusions: phrases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use SensitiveTag::*;

    /// (tag, strong) pairs of a label, in output order.
    fn tags(label: &str) -> Vec<(SensitiveTag, bool)> {
        match_label(label)
            .into_iter()
            .map(|h| (h.tag, h.strong))
            .collect()
    }

    fn assert_label(label: &str, expected: &[(SensitiveTag, bool, &str)]) {
        let hits = match_label(label);
        let got: Vec<(SensitiveTag, bool, &str)> =
            hits.iter().map(|h| (h.tag, h.strong, h.term)).collect();
        assert_eq!(got, expected, "label {label:?}");
    }

    // ---- the table itself ----

    #[test]
    fn every_row_of_the_table_is_valid() {
        assert_eq!(TABLE.lines().next(), Some(HEADER), "header line changed");
        let table = load(TABLE, "t");
        assert!(table.errors.is_empty(), "bad rows:\n{}", table.error_text());
        let count = table.rows.len();
        assert!(count >= 1837, "table shrank to {count} rows");
        // Every valid row made it into the automaton.
        assert_eq!(LEXICON.entries.len(), count);
        assert!(LEXICON.terms.is_built());
    }

    #[test]
    fn no_duplicate_rows() {
        let mut seen = std::collections::HashSet::new();
        for entry in &load(TABLE, "t").rows {
            let key = (entry.tag, entry.strong, entry.term, entry.rule.clone());
            assert!(seen.insert(key.clone()), "row repeats {key:?}");
        }
    }

    #[test]
    fn every_term_matches_itself() {
        for entry in &LEXICON.entries {
            let padded_term = format!(" {} ", entry.term);
            if entry
                .exclusions
                .iter()
                .any(|p| padded_term.contains(p.as_str()))
            {
                continue;
            }
            let hits = match_label(entry.term);
            assert!(
                hits.iter()
                    .any(|h| h.tag == entry.tag && (h.strong || !entry.strong)),
                "term {:?} does not give {:?} strong={}",
                entry.term,
                entry.tag,
                entry.strong
            );
        }
    }

    #[test]
    fn reading_only_where_terms_end_finds_what_the_whole_form_does() {
        let lexicon = &*LEXICON;
        // The terms of most words first: their first-person window reaches furthest back.
        let words = |e: &&Entry| e.padded_form.split(' ').filter(|w| !w.is_empty()).count();
        let mut by_words: Vec<&Entry> = lexicon.entries.iter().collect();
        by_words.sort_by_key(|e| std::cmp::Reverse(words(e)));
        let long_terms: Vec<&str> = by_words[..6].iter().map(|e| e.term).collect();
        assert!(words(&by_words[0]) == lexicon.terms.most_words());
        // The walk keeps track of enough words for the longest context.
        for phrases in [&lexicon.terms, lexicon.walked()] {
            assert!(phrases.most_words() + FIRST_PERSON_WINDOW < probe::CONTEXT_RING);
        }
        let mut texts: Vec<String> = Vec::new();
        for (n, entry) in lexicon.entries.iter().enumerate().step_by(41) {
            let term = entry.term;
            let long = long_terms[n % long_terms.len()];
            let filler = "mot ".repeat(n % 13);
            texts.extend([
                // First-person words on the line before, a few words back.
                format!("bonjour\nje suis\n{filler}{term}\nfin"),
                format!("je suis\n{term} et {term}\nmy {term}"),
                format!("{long}\n{filler}\n{term} {long}"),
                format!("my a b {long}\nje suis\nmot {long}"),
                // Term words cut by line breaks, emoji-only and empty lines between.
                term.replace(' ', "\n"),
                term.replace(' ', "\n😊\n\n"),
                format!("i am ¼ {term}\n℅ {term}"),
                format!("{term}\n{}\n{term}", "x ".repeat(40)),
                // An exclusion far from the term, on another line.
                format!("{term}\n{}\ncancer astrology", "y\n".repeat(n % 50)),
                format!("{}{term}", "😊 ".repeat(n % 35)),
            ]);
        }
        // Exclusions far from their term, before or after it.
        let mut silenced = 0;
        for entry in lexicon.entries.iter().filter(|e| !e.exclusions.is_empty()) {
            let phrase = entry.exclusions[0].trim();
            for text in [
                format!("{}\nmot\n{phrase}", entry.term),
                format!("{phrase} 😊\n{}\n", entry.term),
            ] {
                let hits = lexicon.text_hits_walked(&text);
                assert_eq!(hits, lexicon.text_hits_built(&text), "{text:?}");
                silenced += usize::from(hits.is_empty());
            }
        }
        assert!(silenced > 50, "{silenced}");
        let mut first_person = 0;
        for text in &texts {
            let hits = lexicon.text_hits_walked(text);
            assert_eq!(hits, lexicon.text_hits_built(text), "{text:?}");
            first_person += hits.iter().filter(|(_, first)| *first).count();
        }
        assert!(first_person > texts.len() / 10, "{first_person}");
    }

    #[test]
    fn a_long_text_dense_with_terms_is_read_whole_and_finds_the_same() {
        let lexicon = &*LEXICON;
        let mut text = String::new();
        let mut n = 0usize;
        while text.len() < 600 << 10 {
            let entry = &lexicon.entries[n * 7 % lexicon.entries.len()];
            text.push_str(["je suis ", "mon ", "", "cancer astrology "][n % 4]);
            text.push_str(entry.term);
            text.push_str(if n.is_multiple_of(3) { "\n" } else { " et " });
            n += 1;
        }
        let hits = lexicon.text_hits_walked(&text);
        assert_eq!(hits, lexicon.text_hits_built(&text));
        assert!(hits.len() >= 8, "{hits:?}");
    }

    #[test]
    fn a_context_starting_inside_a_word_finds_no_term_there() {
        let table = "category\tlang\tstrength\tterm_normalized\texclude_if_label_contains\tnote\n\
            HEALTH\ten\tS\tdiabete\t\t\n\
            RELIGION\ten\tS\trad s\t\t\n";
        let lexicon = Lexicon::build(load(table, "t").rows);
        // `㎮` is "rad∕s": "ab㎮" holds the words "abrad" and "s", and a context that starts
        // at the character reads "rad s".
        for (text, hits) in [("ab㎮ w w w diabete", 1), ("ab ㎮ w w w diabete", 2)] {
            let found = lexicon.text_hits_walked(text);
            assert_eq!(found, lexicon.text_hits_built(text), "{text}");
            assert_eq!(found.len(), hits, "{text}");
        }
    }

    #[test]
    fn the_probe_agrees_with_the_built_form() {
        let lexicon = &*LEXICON;
        assert!(lexicon.terms.is_built());
        let mut texts: Vec<String> = [
            "",
            " ",
            "rien",
            "Diabète",
            "DIABÈTES!",
            "mes diabetes",
            "diabetesx",
            "xdiabete",
            "Maladie cœliaque",
            "j'ai un cancer",
            "cancers du sein",
            "Témoins de Jéhovah",
            "ＤＩＡＢＥＴＥ",
            "dia\u{301}bete",
            "bus",
            "process",
            "sans",
            "a\tb",
            "é",
            "ss sss",
            "a b c d e",
            "12345s 0",
            "½ 1 2",
            "😊diabète😊",
            "diabète’s",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Every third term written in many ways: as is, in capitals, pluralised, glued to a
        // word, cut short, spaced oddly, beside accents, emoji and ligatures, in a sentence.
        for (n, entry) in lexicon.entries.iter().enumerate().step_by(3) {
            let term = entry.term;
            let cut = &term[..term.floor_char_boundary(term.len() / 2)];
            let first = term.split(' ').next().unwrap_or_default();
            texts.extend([
                term.to_string(),
                term.to_uppercase(),
                format!("Hier, {term}s et plus."),
                format!("{term}S!"),
                format!("x{term}"),
                format!("é{term}"),
                format!("{term}é"),
                format!("{term}x"),
                format!("{term}ss"),
                format!("I have {term}, since 2019."),
                format!("my {}--({term})", n % 7),
                format!("{first} {term}"),
                cut.to_string(),
                format!("{cut} {cut}"),
                term.replace(' ', "-"),
                term.replace(' ', "  \t"),
                term.replace(' ', " 😊 "),
                term.replace(' ', ""),
                term.replace('e', "é").replace("oe", "œ"),
                format!("{}{term}", "wörd ".repeat(n % 5)),
                format!("{term} {}", "x".repeat(probe::LONGEST_TERM_WORD + n % 3)),
            ]);
        }
        let mut matched = 0;
        for text in &texts {
            assert!(walks_agree_with_form(text), "{text:?}");
            matched += usize::from(lexicon.terms.occur_in(text));
        }
        assert!(matched > texts.len() / 3, "{matched} of {}", texts.len());
        assert!(
            matched < texts.len() * 3 / 4,
            "{matched} of {}",
            texts.len()
        );
    }

    #[test]
    fn lines_are_matched_as_each_line_alone_would_be() {
        let lines = [
            "je suis enceinte",
            "",
            "cancer du",
            "sein, et mon asthme revient\r",
            "Cancer, my sign in astrology",
            "my cancer, my cancer",
            "😊diabète😊 et la messe",
            "rien à signaler",
            "réunion du syndicat jeudi",
            // No term, but an exclusion phrase and first-person words for the next line.
            "astrology forecast",
            "my cancer",
            "I have",
            "asthma",
        ];
        for n in 0..lines.len() * 3 {
            // Lines in many orders and counts, with and without a last newline.
            let mut text: Vec<&str> = (0..n).map(|k| lines[(k * 5 + n) % lines.len()]).collect();
            if n % 2 == 0 {
                text.push("");
            }
            let text = text.join("\n");
            let each: Vec<_> = text.split('\n').flat_map(match_text).collect();
            assert_eq!(match_lines(&text), each, "{text:?}");
        }
        // A term cut by a line break is in neither line; a line's exclusions and first-person
        // words bear on it alone.
        assert!(
            match_lines("cancer du\nsein")
                .iter()
                .all(|(hit, _)| hit.term != "cancer du sein")
        );
        assert_eq!(match_lines("astrology forecast\nmy cancer").len(), 1);
        assert!(
            match_lines("I have\nasthma")
                .iter()
                .all(|(_, first_person)| !first_person)
        );
        assert!(
            match_text("I have asthma")
                .iter()
                .all(|(_, first_person)| *first_person)
        );
    }

    #[test]
    fn terms_are_found_at_every_place_of_a_walked_window() {
        // The walk reads 64 bytes at a time: a term is put at every offset from a window's
        // start, after fillers of ASCII words, accents, emoji and long runs of letters.
        let fillers = ["ab ", "é ", "😊", "x", "wörd-", "\u{2764}\u{fe0f} "];
        let mut checked = 0;
        for term in ["diabete", "cancer du sein", "temoins de jehovah"] {
            for filler in fillers {
                for repeat in 0..70 {
                    let text = format!("{}{term} et {}", filler.repeat(repeat), filler.repeat(3));
                    assert!(walks_agree_with_form(&text), "{text:?}");
                    checked += usize::from(LEXICON.terms.occur_in(&text));
                }
            }
        }
        // Glued to "x" repeated, a term is no whole word: only the other fillers find it.
        assert_eq!(checked, 3 * 5 * 70 + 3);
    }

    #[test]
    fn latin_words_are_walked_as_the_general_path_reads_them() {
        // The quick path for words with accents (U+00C0..U+00FF after ASCII letters) and the
        // characters around it it leaves to the general path (NBSP, `×`, `ß`, `æ`, Latin
        // Extended-A, combining marks), at a word's start, inside, at its end, at the text's
        // end, and around the longest word; and characters of three and four bytes, whose
        // continuation bytes the quick path must never read as those after 0xC3.
        let mut texts = Vec::new();
        let longer = ['€', 'ℌ', 'ｅ', '😊', '\u{10ea9}'].map(u32::from);
        for c in (0xA0..0x250).chain(longer).filter_map(char::from_u32) {
            texts.extend([
                format!("diab{c}te"),
                format!("{c}diabete et cancer du sein"),
                format!("cancer{c} du sein"),
                format!("cancer du sein{c}"),
                format!("m{c}decin,cancer du s{c}in {c}"),
                format!("{c}\u{301}x{c}{c}"),
            ]);
        }
        // Each place of a block, the walk being idle (no term under way) or not.
        for c in ['é', 'È', 'ß', 'æ', '×', 'œ', '€', '😊'] {
            for pad in 0..70 {
                texts.push(format!("{}diab{c}te ok", " ".repeat(pad)));
                texts.push(format!("{}{c}diabète é{c}", "m ".repeat(pad / 2)));
                texts.push(format!("{}cancer du s{c}in", "x".repeat(pad)));
            }
        }
        for n in 60..68 {
            texts.push(format!("{} cancer du sein", "é".repeat(n)));
            texts.push(format!("cancer {}e\u{301} du sein", "a".repeat(n)));
            texts.push(format!("diab{}te", "è".repeat(n - 58)));
        }
        for text in &texts {
            assert!(walks_agree_with_form(text), "{text:?}");
        }
        for found in ["diabète", "DIABÈTE", "Diabète.", "cancer du sein à 40 ans"] {
            assert!(LEXICON.terms.occur_in(found), "{found}");
        }
        assert!(!LEXICON.terms.occur_in("diabètex médecine"));
    }

    #[test]
    fn the_break_pages_agree_with_the_form_of_each_character() {
        // Every character of the Basic Multilingual Plane from U+0800, and every 7th above.
        let chars = (0x800..0x10000).chain((0x10000..0x110000).step_by(7));
        for c in chars.filter_map(char::from_u32) {
            let mut pieces = Vec::new();
            char_form(c, |piece| pieces.push(piece));
            assert_eq!(is_break(c), pieces == [0], "U+{:04X}", c as u32);
        }
        assert!(is_break('😊') && is_break('東') && !is_break('Ａ') && !is_break('\u{fe0f}'));
    }

    #[test]
    fn no_term_has_a_word_too_long_for_the_probe() {
        let longest = LEXICON
            .entries
            .iter()
            .flat_map(|entry| entry.padded_form.split(' '))
            .map(str::len)
            .max();
        assert!(longest.is_some_and(|len| (10..=probe::LONGEST_TERM_WORD).contains(&len)));
    }

    #[test]
    fn rule_ids_name_tag_language_and_strength() {
        let hits = match_label("Diabète");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].rule, "lexicon.health.fr.S");
        let hits = match_label("Témoins de Jéhovah");
        assert_eq!(hits[0].rule, "lexicon.religion.fr.S");
        let hits = match_label("Communauté LGBT");
        assert_eq!(hits[0].rule, "lexicon.sex_life.fr.S");
    }

    #[test]
    fn bad_rows_are_skipped_at_run_time() {
        let table: &'static str = "category\tlang\tstrength\tterm_normalized\texclude_if_label_contains\tnote\n\
            HEALTH\ten\tS\tdiabetes\t\t\n\
            HEALTHY\ten\tS\tgood\t\t\n\
            HEALTH\tde\tS\tzucker\t\t\n\
            HEALTH\ten\tX\tasthma\t\t\n\
            HEALTH\ten\tS\tNot Normal\t\t\n\
            HEALTH\ten\tS\ttoo few columns\n\
            \n\
            CRIMINAL\tfr\tW\ttribunal\ttribunal de commerce\t\r\n";
        let lexicon = Lexicon::build(load(table, "t").rows);
        let terms: Vec<&str> = lexicon.entries.iter().map(|e| e.term).collect();
        assert_eq!(terms, vec!["diabetes", "tribunal"]);
        let lines: Vec<usize> = load(table, "t").errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert_eq!(
            lexicon.entries[1].exclusions,
            vec![" tribunal de commerce ".to_string()]
        );
        assert_eq!(lexicon.entries[1].rule, "lexicon.criminal.fr.W");
        let mut found = Vec::new();
        let excluded = " tribunal de commerce ";
        let mut exclusions = Exclusions::in_form(excluded);
        lexicon.for_each_hit(excluded, &mut exclusions, |e, start| found.push((e, start)));
        assert!(found.is_empty(), "exclusion applied");
        let text = "diabetes au tribunal";
        let padded = padded(text);
        let mut exclusions = Exclusions::in_form(&padded);
        lexicon.for_each_hit(&padded, &mut exclusions, |e, start| found.push((e, start)));
        assert_eq!(found, vec![(0, 0), (1, 11)]);
    }

    // ---- normalize ----

    #[test]
    fn the_padded_form_is_the_folded_normal_form_between_spaces() {
        for text in [
            "Les implants mammaires, lesbiennes & diabetes!!",
            "  Crohn's disease; ß STRASSE Maïs œufs ",
            "ÇA-VA Ï — 東京 Tokyo 12 500s",
            "",
            "—",
            "plus mess",
        ] {
            let normalized = match_form(&normalize(text));
            let expected = if normalized.is_empty() {
                String::new()
            } else {
                format!(" {normalized} ")
            };
            assert_eq!(padded_form(text), expected, "{text:?}");
        }
    }

    #[test]
    fn normalize_examples() {
        assert_eq!(normalize("Diabète"), "diabete");
        assert_eq!(normalize("Témoins de Jéhovah"), "temoins de jehovah");
        assert_eq!(
            normalize("Parti socialiste (France)"),
            "parti socialiste france"
        );
        assert_eq!(normalize("  Garde à vue!! "), "garde a vue");
        assert_eq!(normalize("J'ai"), "j ai");
        assert_eq!(normalize("I’m"), "i m");
        assert_eq!(normalize("Crohn's disease"), "crohn s disease");
        assert_eq!(normalize("LGBTQIA+"), "lgbtqia");
        assert_eq!(normalize("Type 2 diabetes"), "type 2 diabetes");
        assert_eq!(normalize("Maladie cœliaque"), "maladie coeliaque");
        assert_eq!(normalize("ÇA-VA Ï"), "ca va i");
        assert_eq!(normalize("ﬁancée №1 ²"), "fiancee no1 2");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("東京 Tokyo"), "tokyo");
        assert_eq!(normalize("—"), "");
        assert_eq!(normalize(""), "");
    }

    // ---- positives ----

    #[test]
    fn french_and_english_sensitive_labels() {
        assert_label("Diabète", &[(Health, true, "diabete")]);
        assert_label("Type 2 diabetes", &[(Health, true, "type 2 diabetes")]);
        assert_label(
            "Parti socialiste (France)",
            &[(Political, true, "parti socialiste")],
        );
        assert_label("Communauté LGBT", &[(SexLife, true, "communaute lgbt")]);
        assert_label("LGBT community", &[(SexLife, true, "lgbt community")]);
        assert_label("Islam", &[(Religion, true, "islam")]);
        assert_label(
            "Témoins de Jéhovah",
            &[(Religion, true, "temoins de jehovah")],
        );
        assert_label("CGT", &[(TradeUnion, true, "cgt")]);
        assert_label("Syndicalisme", &[(TradeUnion, true, "syndicalisme")]);
        assert_label("Test ADN", &[(Genetic, true, "test adn")]);
        assert_label("Garde à vue", &[(Criminal, true, "garde a vue")]);
        // The table lists "meditation" as a weak (proxy) RELIGION term, in both languages.
        assert_label("Méditation", &[(Religion, false, "meditation")]);
        assert_label("Octobre Rose", &[(Health, true, "octobre rose")]);
    }

    #[test]
    fn confidence_follows_strength() {
        let strong = &match_label("Islam")[0];
        let weak = &match_label("Spiritualité")[0];
        assert!(strong.strong && strong.rule.ends_with(".S"));
        assert!(!weak.strong && weak.rule.ends_with(".W"));
    }

    #[test]
    fn a_label_may_hit_several_tags() {
        // §5.1: "Avortement" -> HEALTH S + POLITICAL W.
        assert_eq!(tags("Avortement"), vec![(Health, true), (Political, false)]);
    }

    #[test]
    fn one_hit_per_tag_keeps_the_strongest_and_longest() {
        // "cancer du sein" nests "cancer"; both HEALTH S: one hit, the longer term.
        assert_label("Cancer du sein", &[(Health, true, "cancer du sein")]);
        // A strong and a weak HEALTH term: only the strong one is kept.
        let hits = match_label("Diabète et santé");
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].tag, hits[0].strong), (Health, true));
    }

    #[test]
    fn whole_tokens_only() {
        // "islam" is not a token of "islamabad"; "cgt" is not a token of "cgtx".
        assert!(match_label("Islamabad").is_empty());
        assert!(match_label("CGTX").is_empty());
        // but any punctuation is a token boundary.
        assert_label("#CGT!", &[(TradeUnion, true, "cgt")]);
    }

    #[test]
    fn every_interest_meta_withdrew_is_tagged_unless_its_context_rules_it_out() {
        let table = load_withdrawn(WITHDRAWN);
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert!(table.rows.len() >= 700, "{}", table.rows.len());
        let mut by_list = 0;
        for (key, (tag, label)) in &table.rows {
            let hits = match_label(label);
            let around = LabelContext::of(label, format!(" {key} "));
            if CONTEXT_RULES.excludes(*tag, &around, "") {
                assert!(hits.iter().all(|h| h.rule != WITHDRAWN_RULE), "{label}");
                continue;
            }
            let hit = hits.iter().find(|h| h.tag == *tag);
            assert!(hit.is_some(), "{label} is not tagged {tag:?}");
            by_list += usize::from(hit.is_some_and(|h| h.rule == WITHDRAWN_RULE && !h.strong));
        }
        assert!(by_list > 0);
        let bad = load_withdrawn("label\ttag\nSalt\thealth\nX\tnope\n\tpolitical\n");
        assert_eq!(bad.rows.len(), 1);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [3, 4]
        );
    }

    #[test]
    fn context_rules_load_and_reject_bad_rows() {
        let table = load_context(CONTEXT);
        assert!(table.errors.is_empty(), "{}", table.error_text());
        assert!(table.rows.len() > 50);
        let bad = load_context(
            "scope\tphrase\tnote\nHEALTH\tassurance\tn\nNOPE\tx\tn\nHEALTH\tNot Normal\tn\n*\t(film)\tn\n",
        );
        assert_eq!(bad.rows.len(), 2);
        assert!(bad.rows[1].in_parentheses);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [3, 4]
        );
        let places = load(PLACES, "sensitive_places.tsv");
        assert!(places.errors.is_empty(), "{}", places.error_text());
    }

    #[test]
    fn two_part_rules_need_both_parts() {
        let pairs = load_pairs(PAIRS);
        assert!(pairs.errors.is_empty(), "{}", pairs.error_text());
        // A label's anchored rules are a 64-bit mask.
        assert!(pairs.rows.len() <= 64 && pairs.rows.len() == PAIR_RULES.len());
        let bad = load_pairs(
            "category\tstrength\tanchors\tcompanions\tnote\nETHNIC\tS\ta|b\tc\tn\nETHNIC\tX\ta\tc\tn\nNOPE\tS\ta\tc\tn\nETHNIC\tS\tA b\tc\tn\n",
        );
        assert_eq!(bad.rows.len(), 1);
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [3, 4, 5]
        );
        assert_eq!(
            tags("Communauté sénégalaise de Lyon"),
            [(EthnicOrigin, true)]
        );
        assert_eq!(tags("Sevrage tabac : les patchs"), [(Health, true)]);
        assert_eq!(tags("Fingerprint reader for laptops"), [(Biometric, true)]);
        assert_eq!(tags("Joining a trade union"), [(TradeUnion, true)]);
        // One part alone says nothing; context rules still apply.
        assert_eq!(tags("Sevrage bébé : quand commencer"), []);
        assert_eq!(tags("Communauté de communes du Pays de Gex"), []);
        assert_eq!(tags("Join the European Union debate"), []);
        assert_eq!(tags("Cuisine sénégalaise : recette du mafé"), []);
    }

    #[test]
    fn drugs_devices_and_conditions_by_family_and_their_traps() {
        for label in [
            "Metformine",
            "Omnipod",
            "Eczema",
            "Eczéma atopique",
            "Insulin pump",
            "Lévothyrox",
        ] {
            assert_eq!(tags(label).first().map(|t| t.0), Some(Health), "{label}");
        }
        for label in [
            "Saint-Nazaire",
            "Fête de la Toussaint",
            "Vierge (astrologie)",
            "Capricorn (astrology)",
            "Assurance santé",
            "Santé et beauté",
            "Faculté de médecine",
            "Toussaint (film)",
        ] {
            assert_eq!(tags(label), [], "{label}");
        }
    }

    #[test]
    fn plurals_meet_their_singular() {
        assert_eq!(
            match_form("implants cochleaires pass aids"),
            "implant cochleaire pass aids"
        );
        assert_eq!(tags("Implants cochléaires"), [(Health, true)]);
    }

    #[test]
    fn place_names_reveal_what_labels_do_not() {
        assert_eq!(match_place("Grande Mosquée de Lyon")[0].tag, Religion);
        assert_eq!(match_place("Clinique du Parc")[0].tag, Health);
        assert_eq!(
            match_place("Bourse du Travail de Nantes")[0].tag,
            TradeUnion
        );
        assert!(match_place("Saint-Herblain").is_empty());
        assert!(match_place("Clinique vétérinaire des Lilas").is_empty());
    }

    #[test]
    fn answers_that_say_nothing() {
        for answer in [
            "unregistered",
            "Prefer not to say",
            "Je préfère ne pas répondre",
            "",
            "N/A",
        ] {
            assert!(says_nothing(answer), "{answer:?}");
        }
        for answer in ["registered", "Catholique", "Donneur de sang"] {
            assert!(!says_nothing(answer), "{answer:?}");
        }
    }

    // ---- negatives (§5.2) ----

    #[test]
    fn cancer_astrology_is_not_health() {
        let hits = match_label("Cancer (astrology)");
        assert!(
            !hits.iter().any(|h| h.tag == Health),
            "cancer (astrology) gave a health hit"
        );
        // An interest in horoscopes is not a belief either.
        assert_label("Cancer (astrology)", &[]);
        assert_label("Vierge (astrologie)", &[]);
        assert!(
            !match_label("Cancer (zodiaque)")
                .iter()
                .any(|h| h.tag == Health)
        );
    }

    #[test]
    fn trap_labels_give_no_hit() {
        for label in [
            "European Union",
            "Union européenne",
            "Pride and Prejudice",
            "Christian Dior",
            "Rugby union",
            "Black Friday",
            "Randonnée",
            "Football",
            "Photographie",
            "Cuisine végétarienne",
            "Voyages",
        ] {
            assert_eq!(tags(label), vec![], "label {label:?}");
        }
    }

    #[test]
    fn section_5_2_trap_labels() {
        for label in [
            "Cancer zodiaque",
            "Orgueil et préjugés",
            "Credit union",
            "Soviet Union",
            "Union Jack",
            "Christian Louboutin",
            "Christian Bale",
            "Counter-Strike",
            "Lucky Strike",
            "Prison Break",
            "Great Depression",
            "Dépression tropicale",
            "Handicap (golf)",
            "Handicap turf",
            "Greffage (jardinage)",
            "Rendez-vous à l'aveugle",
            "Dégustation à l'aveugle",
            "Syndicat d'initiative",
            "Syndicat de copropriété",
            "Syndicat des eaux",
            "Syndicat mixte",
            "Syndicat intercommunal",
            "Ford Escort",
            "Gay-Lussac",
            "AS Roma",
            "Tomate Roma",
            "Gypsy Kings",
            "Progressive rock",
            "Progressive Insurance",
            "Rainbow Six",
            "Rainbow Dash",
            "Saint-Tropez",
            "Saint-Étienne",
            "Saint Laurent",
            "Spirit Airlines",
            "Soul music",
            "Louis Pasteur",
            "Institut Pasteur",
            "Séminaire d'entreprise",
            "Notre-Dame de Paris",
            "Esprit d'équipe",
            "Jeunes entrepreneurs",
            "Bail commercial",
            "Bail d'habitation",
            "Chiffres arabes",
            "Gomme arabique",
            "Mise en marche",
            "Black Mirror",
            "Black Sabbath",
            "Liverpool",
        ] {
            assert_eq!(tags(label), vec![], "label {label:?}");
        }
        // §5.4: the second of the two weak hits of the false-positive probe.
        assert_label(
            "Greffe du tribunal de commerce",
            &[(Criminal, false, "tribunal")],
        );
        // ... while the same words in their sensitive sense still match.
        assert_label("Syndicat", &[(TradeUnion, true, "syndicat")]);
        assert_label("Cancer", &[(Health, true, "cancer")]);
        assert_label("Handicap", &[(Health, true, "handicap")]);
    }

    #[test]
    fn section_5_1_ambiguous_tokens() {
        for label in [
            "Black",
            "Union",
            "Parti",
            "Marche",
            "Rom",
            "Trans",
            "PrEP",
            "IST",
            "TOC",
            "Renaissance",
            "Horizons",
            "Ensemble",
        ] {
            assert_eq!(tags(label), vec![], "bare {label:?}");
        }
        assert_label(
            "Renaissance (parti)",
            &[(Political, true, "renaissance parti")],
        );
        assert_label("Church", &[(Religion, false, "church")]);
        assert_label("MoDem", &[(Political, false, "modem")]);
        // What the table gives (see data/SOURCES.md and §5.1/§5.3 for the debate on these):
        assert_label("Reconquête", &[(Political, true, "reconquete")]);
        // "pride" only with an LGBT word (a pair row), never alone.
        assert_eq!(tags("Pride"), vec![], "bare Pride");
        assert_eq!(tags("Pride of Britain Awards"), vec![], "Pride of");
        assert_eq!(
            tags("Pride arc-en-ciel Lyon"),
            vec![(SexLife, false)],
            "pride with an LGBT word"
        );
        assert_label("Solidaires", &[(TradeUnion, false, "solidaires")]);
        assert_label(
            "Jewish culture",
            &[
                (Religion, true, "jewish"),
                (EthnicOrigin, true, "jewish culture"),
            ],
        );
        assert_label("Maladie cœliaque", &[(Health, true, "maladie coeliaque")]);
    }

    // ---- free text ----

    #[test]
    fn first_person_disclosure_in_text() {
        let hits = match_text("je suis diabétique depuis 2015");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].0.tag, hits[0].0.strong, hits[0].0.term),
            (Health, true, "diabetique")
        );
        assert!(hits[0].1, "je suis + term is first person");

        let hits = match_text("un article sur le diabète");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].0.tag, hits[0].0.strong, hits[0].0.term),
            (Health, true, "diabete")
        );
        assert!(!hits[0].1, "no first-person pattern before the term");
    }

    #[test]
    fn first_person_patterns_and_window() {
        let first = |text: &str| -> Vec<(SensitiveTag, bool)> {
            match_text(text)
                .into_iter()
                .map(|(h, fp)| (h.tag, fp))
                .collect()
        };
        assert_eq!(first("I'm bipolar disorder survivor"), vec![(Health, true)]);
        assert_eq!(first("My type 2 diabetes is back"), vec![(Health, true)]);
        assert_eq!(first("I have type 2 diabetes"), vec![(Health, true)]);
        assert_eq!(first("J'ai un diabète"), vec![(Health, true)]);
        assert_eq!(first("elle est atteinte de diabète"), vec![(Health, true)]);
        assert_eq!(first("diagnostiquée diabétique hier"), vec![(Health, true)]);
        // pattern more than 3 tokens before the term: not first person.
        assert_eq!(
            first("je suis allée voir un film sur le diabète"),
            vec![(Health, false)]
        );
        // pattern after the term: not first person.
        assert_eq!(first("diabète : je suis au courant"), vec![(Health, false)]);
        // token boundaries: "mon" must be a whole token ("simon").
        assert_eq!(first("simon diabète"), vec![(Health, false)]);
        // a first-person occurrence wins over an earlier neutral one of the same tag.
        assert_eq!(first("le diabète, j'ai le diabète"), vec![(Health, true)]);
    }

    #[test]
    fn text_without_terms_or_content() {
        assert!(match_text("").is_empty());
        assert!(match_text("   ...  ").is_empty());
        assert!(match_text("On part en randonnée ce week-end").is_empty());
        assert!(match_label("").is_empty());
    }
}

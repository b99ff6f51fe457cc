//! Whether a parsed phone number is valid, decided as the `phonenumber` crate's `is_valid_with`
//! decides it (libphonenumber's rules: the territory of its country code the number belongs to,
//! then any number type whose lengths and pattern fit), from the same metadata, but with each
//! territory's patterns compiled once (when first needed) into plain regexes. The crate keeps its patterns in one
//! cache of 100 per database, behind a lock every thread takes, and pays a lock and a hash of
//! the pattern's text at each use (most of a check's cost); past 100 patterns (the +1
//! territories have more) it compiles them again.
//!
//! Must never: answer otherwise than the crate does (tested against it on thousands of numbers,
//! valid and invalid, under many country codes); hold or print anything but patterns.

use std::collections::HashMap;
use std::sync::OnceLock;

use phonenumber::PhoneNumber;
use phonenumber::metadata::loader;
use regex::{Regex, RegexBuilder};

/// The territories of some country codes, ready to check numbers.
pub(super) struct Validity {
    /// Per country code, its territories in the crate's order: the code's main territory first,
    /// the others as the metadata lists them.
    by_code: HashMap<u16, Vec<Territory>>,
}

struct Territory {
    /// The national numbers the territory has among those of its code (several territories
    /// share +1, +7, +44…); without it, a number is the territory's when one of its types fits.
    leading_digits: Option<Lazy>,
    general: Pattern,
    /// Every number type libphonenumber tells apart (premium rate, toll free, shared cost, VoIP,
    /// personal, pager, UAN, voicemail, fixed line, mobile): a number fitting none is invalid.
    types: Vec<Pattern>,
}

/// A number type's possible lengths and national-number pattern.
struct Pattern {
    lengths: Vec<u16>,
    regex: Lazy,
}

/// A metadata pattern, compiled the first time a number is checked against it (a territory has
/// a dozen, and most numbers need a few of those of one territory).
struct Lazy {
    source: String,
    regex: OnceLock<Option<Regex>>,
}

impl Validity {
    /// The checks of `territories` (the metadata's own order); `None` if a territory lacks its
    /// code, its general description or a description's pattern (never with the embedded
    /// metadata, which a test checks whole), for the caller to use the crate's check instead.
    pub(super) fn of<'m>(
        territories: impl IntoIterator<Item = &'m loader::Metadata>,
    ) -> Option<Validity> {
        let mut by_code: HashMap<u16, Vec<Territory>> = HashMap::new();
        for meta in territories {
            let territory = Territory {
                leading_digits: meta.leading_digits.clone().map(Lazy::new),
                general: Pattern::of(meta.general.as_ref()?)?,
                types: [
                    &meta.premium_rate,
                    &meta.toll_free,
                    &meta.shared_cost,
                    &meta.voip,
                    &meta.personal_number,
                    &meta.pager,
                    &meta.uan,
                    &meta.voicemail,
                    &meta.fixed_line,
                    &meta.mobile,
                ]
                .into_iter()
                .flatten()
                .map(Pattern::of)
                .collect::<Option<_>>()?,
            };
            let of_code = by_code.entry(meta.country_code?).or_default();
            if meta.main_country_for_code {
                of_code.insert(0, territory);
            } else {
                of_code.push(territory);
            }
        }
        Some(Validity { by_code })
    }

    /// Whether `number` is valid (the crate's `is_valid_with` over the same territories).
    pub(super) fn is_valid(&self, number: &PhoneNumber) -> bool {
        let national = number.national().to_string();
        let Some(territories) = self.by_code.get(&number.code().value()) else {
            return false;
        };
        // A code of one territory: that one; of several: the first whose leading digits begin
        // the number or, lacking those, one of whose types fits it.
        let territory = match territories.as_slice() {
            [only] => Some(only),
            several => several.iter().find(|t| match &t.leading_digits {
                Some(leading) => leading.is_match(&national),
                None => t.fits(&national),
            }),
        };
        territory.is_some_and(|t| t.fits(&national))
    }
}

impl Territory {
    /// The crate's `number_type(…) != Unknown`.
    fn fits(&self, national: &str) -> bool {
        self.general.fits(national) && self.types.iter().any(|t| t.fits(national))
    }
}

impl Pattern {
    fn of(descriptor: &loader::Descriptor) -> Option<Pattern> {
        Some(Pattern {
            lengths: descriptor.possible_length.clone(),
            regex: Lazy::new(descriptor.national_number.clone()?),
        })
    }

    fn fits(&self, national: &str) -> bool {
        let length = u16::try_from(national.len()).unwrap_or(u16::MAX);
        (self.lengths.is_empty() || self.lengths.contains(&length)) && self.regex.is_match(national)
    }
}

impl Lazy {
    fn new(source: String) -> Lazy {
        Lazy {
            source,
            regex: OnceLock::new(),
        }
    }

    /// Whether a match of the pattern starts at the start of `text`. The pattern is compiled as
    /// the crate compiles it (whitespace ignored), anchored at the start: "a match starts at
    /// the start" is what the crate asks of its unanchored search (whose leftmost match starts
    /// there exactly when some match does). It is closed on a line of its own, so that nothing
    /// it holds can comment the group's end out. One that does not compile (the crate checked
    /// its syntax when it built its database) matches nothing.
    fn is_match(&self, text: &str) -> bool {
        let regex = self.regex.get_or_init(|| {
            RegexBuilder::new(&format!("^(?:{}\n)", self.source))
                .ignore_whitespace(true)
                .build()
                .ok()
        });
        regex.as_ref().is_some_and(|regex| regex.is_match(text))
    }
}

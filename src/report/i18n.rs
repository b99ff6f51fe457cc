//! Report strings in English and French (`strings.tsv`, embedded), and the wording of the risk
//! model's drivers. A string missing in French falls back to English, a missing key to the key
//! itself; a unit test checks that every key the code builds exists in both languages.
//! Strings are the tool's own words: they never carry a value from an export.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use super::text::french_spaces;
use crate::data::{self, Layout, Table};
use crate::model::{Category, Diagnostic, DiagnosticCode, Kind, Provenance};
use crate::risk::officer::{NistFactor, NistLevel};
use crate::risk::{Band, DpcCause, Driver, Scenario};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The string for `key`: French falls back to English, a missing key to the key itself.
    pub fn t(self, key: &str) -> &str {
        match STRINGS.get(key) {
            None => key,
            Some((en, fr)) => match self {
                Lang::Fr if !fr.is_empty() => fr,
                _ => en,
            },
        }
    }

    /// The string for `key` with each `{}` replaced by the next argument.
    pub fn f(self, key: &str, args: &[&dyn std::fmt::Display]) -> String {
        let template = self.t(key);
        let mut out = String::with_capacity(template.len() + 16);
        let mut args = args.iter();
        let mut parts = template.split("{}");
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            if let Some(arg) = args.next() {
                out.push_str(&arg.to_string());
            }
            out.push_str(part);
        }
        out
    }

    pub fn band(self, band: Band) -> &'static str {
        self.t_static(&format!("band.{}", band.id()))
    }

    pub fn category(self, category: Category) -> &'static str {
        self.t_static(&format!("cat.{}", category.id()))
    }

    /// A special category in a word or two, for a narrow column ("Santé", "Religion,
    /// beliefs"); the category's full name says which article.
    pub fn category_short(self, category: Category) -> &'static str {
        self.t_static(&format!("tag_short.{}", category.id()))
    }

    pub fn scenario(self, scenario: Scenario) -> &'static str {
        self.t_static(&format!("scenario.{}", scenario.id()))
    }

    /// A kind of data as the tables name it ("search", "recherche").
    pub fn kind(self, kind: Kind) -> &'static str {
        self.t_static(&format!("kind.{}", kind.id()))
    }

    /// A diagnostic's message in this language: an error's from its `error.<code>` row and the
    /// values it is written around, any other as [`Lang::diagnostic`] words it.
    pub fn diagnostic_of(self, diagnostic: &Diagnostic) -> String {
        match &diagnostic.error_params {
            Some(params) => {
                let args: Vec<&dyn std::fmt::Display> =
                    params.iter().map(|p| p as &dyn std::fmt::Display).collect();
                self.f(&format!("error.{}", diagnostic.code.id()), &args)
            }
            None => self.diagnostic(diagnostic.code, &diagnostic.message),
        }
    }

    /// A diagnostic's message in this language: the code's description is translated, what the
    /// message adds around it (a count, a detail in parentheses) is kept.
    pub fn diagnostic(self, code: DiagnosticCode, message: &str) -> String {
        let described = code.describe();
        let translated = self.t_static(&format!("diag.{}", code.id()));
        if translated == "?" {
            return message.to_string();
        }
        let text = message.replacen(described, translated, 1);
        // "3: les photos…" -> "3 : les photos…" (French spacing before a colon).
        match (self, text.split_once(": ")) {
            (Lang::Fr, Some((count, rest))) if count.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{count} : {rest}")
            }
            _ => text,
        }
    }

    /// A whole number with the language's digit grouping: `12,345` / `12 345`.
    pub fn int(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self {
            Lang::En => ",",
            Lang::Fr => "\u{202f}",
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// A day (`2024-06-01…` in ISO 8601) in the language's usual form: `2024-06-01` / `01/06/2024`.
    pub fn day(self, iso: &str) -> String {
        let day: String = iso.chars().take(10).collect();
        match (self, day.split('-').collect::<Vec<_>>().as_slice()) {
            (Lang::Fr, [y, m, d]) => format!("{d}/{m}/{y}"),
            _ => day,
        }
    }

    /// A diagnostic code's description in this language.
    pub fn diagnostic_text(self, code: DiagnosticCode) -> &'static str {
        match self.t_static(&format!("diag.{}", code.id())) {
            "?" => code.describe(),
            text => text,
        }
    }

    pub fn provenance(self, provenance: Provenance) -> &'static str {
        self.t_static(provenance.id())
    }

    /// Like `t` for keys that exist (a test checks every key built here does).
    fn t_static(self, key: &str) -> &'static str {
        match STRINGS.get(key) {
            None => "?",
            Some((en, fr)) => match self {
                Lang::Fr if !fr.is_empty() => fr,
                _ => en,
            },
        }
    }

    /// `n` and its noun, agreed: `n.<key>` for one (and, in French, zero), `n.<key>.pl` for more.
    pub fn count(self, n: u64, key: &str) -> String {
        let plural = match self {
            Lang::En => n != 1,
            Lang::Fr => n > 1,
        };
        let noun = if plural {
            self.t_static(&format!("n.{key}.pl"))
        } else {
            self.t_static(&format!("n.{key}"))
        };
        format!("{} {noun}", self.int(n))
    }

    /// An export generation as the report names it (its table label when no string has it).
    pub fn generation(self, platform: &str, id: &str, label: Option<&str>) -> String {
        match self.t_static(&format!("gen.{platform}.{id}")) {
            "?" => label.unwrap_or(id).to_string(),
            text => text.to_string(),
        }
    }

    /// "3 categories very high, 6 high" with each count agreed.
    pub fn categories_line(self, very_high: usize, high: usize) -> String {
        self.f(
            "categories_line",
            &[
                &self.count(very_high as u64, "cat_very_high"),
                &self.count(high as u64, "cat_high"),
            ],
        )
    }

    /// A decimal number with `places` decimals, in this language's notation (`0,75` in French).
    pub fn decimal(self, x: f64, places: usize) -> String {
        let text = format!("{x:.places$}");
        match self {
            Lang::En => text,
            Lang::Fr => text.replace('.', ","),
        }
    }

    /// A share (0..1) as a whole percentage, with the language's spacing (`42 %` in French).
    pub fn percent(self, share: f64) -> String {
        let n = (share * 100.0).round();
        match self {
            Lang::En => format!("{n:.0}%"),
            Lang::Fr => format!("{n:.0}\u{a0}%"),
        }
    }

    /// One reason of a number, worded (never a value: kinds, counts, rule parameters only).
    pub fn driver(self, driver: &Driver) -> String {
        match driver {
            Driver::Confidence { confidence, scored } => {
                let key = if *scored {
                    "driver.confidence_scored"
                } else {
                    "driver.confidence_unscored"
                };
                self.f(key, &[&self.decimal(f64::from(*confidence), 2)])
            }
            Driver::BaseDpc { kind, dpc } => self.f("driver.base_dpc", &[&self.kind(*kind), dpc]),
            Driver::Sensitive { tag, strong, dpc } => {
                let key = if *strong {
                    "driver.sensitive_strong"
                } else {
                    "driver.sensitive_weak"
                };
                self.f(key, &[&self.category(tag.category()), dpc])
            }
            Driver::PlatformGuess { provenance } => {
                self.f("driver.platform_guess", &[&self.provenance(*provenance)])
            }
            Driver::Linked { platforms } => self.f("driver.linked", &[platforms]),
            Driver::MaxDpc { dpc, cause } => {
                let why = match cause {
                    DpcCause::Kind(kind) => self.kind(*kind).to_string(),
                    DpcCause::Sensitive { kind, strong } => {
                        let key = if *strong {
                            "driver.cause_strong"
                        } else {
                            "driver.cause_weak"
                        };
                        self.f(key, &[&self.kind(*kind)])
                    }
                };
                self.f("driver.max_dpc", &[dpc, &why])
            }
            Driver::Volume {
                count,
                what,
                threshold,
            } => self.f(
                "driver.volume",
                &[count, &self.t(&format!("volume.{what}")), threshold],
            ),
            Driver::Span { days, threshold } => self.f("driver.span", &[days, threshold]),
            Driver::HomeLocation => self.t("driver.home").to_string(),
            Driver::Corroboration { count, threshold } => {
                self.f("driver.corroboration", &[count, threshold])
            }
            Driver::Minor => self.t("driver.minor").to_string(),
            Driver::Identifiability { ei, named } => {
                let key = if *named {
                    "driver.ei_named"
                } else {
                    "driver.ei_unnamed"
                };
                self.f(key, &[&self.decimal(*ei, 2)])
            }
            Driver::Breach { scenario, cb } => self.f(
                "driver.cb",
                &[&self.decimal(*cb, 2), &self.scenario(*scenario)],
            ),
            Driver::Formula {
                dpc,
                ei,
                cb,
                se,
                score,
            } => self.f(
                "driver.formula",
                &[
                    dpc,
                    &self.decimal(*ei, 2),
                    &self.decimal(*cb, 2),
                    &self.decimal(*se, 2),
                    score,
                ],
            ),
            Driver::HighestCategory { category, score } => {
                self.f("driver.highest", &[&self.category(*category), score])
            }
            Driver::Breadth {
                high,
                medium,
                points,
            } => self.f(
                "driver.breadth",
                &[
                    &self.count(u64::from(*points), "point"),
                    &self.count(*high as u64, "cat_other_high"),
                    &self.count(*medium as u64, "cat_medium"),
                ],
            ),
        }
    }

    /// What gave a category its level, in a few words ("explicit term in liked page").
    pub fn short_cause<'d>(self, mut drivers: impl Iterator<Item = &'d Driver>) -> String {
        match drivers.find_map(|d| match d {
            Driver::MaxDpc { cause, .. } => Some(*cause),
            _ => None,
        }) {
            Some(DpcCause::Sensitive { kind, strong: true }) => {
                self.f("short.strong", &[&self.kind(kind)])
            }
            Some(DpcCause::Sensitive {
                kind,
                strong: false,
            }) => self.f("short.weak", &[&self.kind(kind)]),
            Some(DpcCause::Kind(kind)) => self.kind(kind).to_string(),
            None => String::new(),
        }
    }

    /// One NIST SP 800-122 factor, worded.
    pub fn nist_factor(self, factor: &NistFactor) -> String {
        let text = match factor {
            NistFactor::Identifiability { ei, named } => self.driver(&Driver::Identifiability {
                ei: *ei,
                named: *named,
            }),
            NistFactor::Quantity {
                records,
                third_party,
            } => self.f("nist.quantity_text", &[records, third_party]),
            NistFactor::FieldSensitivity { dpc, category } => {
                let category = category.map_or("—", |c| self.category(c));
                self.f("nist.field_sensitivity_text", &[dpc, &category])
            }
            NistFactor::ContextOfUse {
                inferred,
                observed,
                received,
            } => self.f("nist.context_of_use_text", &[inferred, observed, received]),
            NistFactor::Obligations { flags } => {
                if flags.is_empty() {
                    self.t("nist.obligations_none").to_string()
                } else {
                    let names: Vec<&str> = flags
                        .iter()
                        .map(|f| self.t_static(&format!("obligation.{f}")))
                        .collect();
                    names.join(", ")
                }
            }
            NistFactor::Access { scenario } => self.scenario(*scenario).to_string(),
        };
        format!(
            "{}{} {text}",
            self.t_static(&format!("nist.{}", factor.id())),
            self.t("colon")
        )
    }

    /// A WP248 criterion's name.
    pub fn wp248(self, criterion: &str) -> &'static str {
        self.t_static(&format!("wp248.{criterion}"))
    }

    pub fn nist_level(self, level: NistLevel) -> &'static str {
        self.t_static(&format!("nist.level.{}", level.id()))
    }
}

fn load_strings(text: &'static str) -> Table<(&'static str, (&'static str, &'static str))> {
    data::load(Layout::new("strings.tsv", 3), text, |cols| {
        let (en, fr) = (data::non_empty(cols[1], "English")?, cols[2]);
        if !fr.is_empty() && en.matches("{}").count() != fr.matches("{}").count() {
            return Err("English and French have different placeholders".into());
        }
        Ok((data::non_empty(cols[0], "key")?, (en, fr)))
    })
}

/// English and French strings by key; the French with its typography applied (see
/// [`french_spaces`]).
static STRINGS: LazyLock<HashMap<&'static str, (&'static str, String)>> = LazyLock::new(|| {
    load_strings(include_str!("strings.tsv"))
        .rows
        .into_iter()
        .map(|(key, (en, fr))| (key, (en, french_spaces(fr))))
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_both_languages_and_matching_placeholders() {
        let table = load_strings(include_str!("strings.tsv"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        for (key, (_, fr)) in &table.rows {
            assert!(!fr.is_empty(), "{key} has no French");
        }
        let bad = load_strings("a\tx {}\ty\nb\tok\nc\t\tfr\n");
        assert_eq!(
            bad.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn french_keeps_its_spaces_before_colons_with_the_colon() {
        assert_eq!(
            french_spaces("Pourquoi : « oui » ; non ? si !"),
            "Pourquoi\u{a0}: «\u{a0}oui\u{a0}»\u{a0}; non\u{a0}? si\u{a0}!"
        );
        assert_eq!(Lang::Fr.t("colon"), "\u{a0}:");
        assert_eq!(Lang::En.t("colon"), ":");
    }

    #[test]
    fn the_breadth_of_an_archive_agrees_its_counts() {
        let breadth = |high, medium| Driver::Breadth {
            high,
            medium,
            points: 2,
        };
        assert_eq!(
            Lang::En.driver(&breadth(1, 2)),
            "+2 points: 1 other category high or above, 2 medium"
        );
        assert_eq!(
            Lang::Fr.driver(&breadth(1, 0)),
            "+2 points\u{a0}: 1 autre catégorie élevée ou plus, 0 moyenne"
        );
        assert_eq!(
            Lang::Fr.driver(&breadth(3, 2)),
            "+2 points\u{a0}: 3 autres catégories élevées ou plus, 2 moyennes"
        );
        let one_point = Driver::Breadth {
            high: 0,
            medium: 1,
            points: 1,
        };
        assert_eq!(
            Lang::En.driver(&one_point),
            "+1 point: 0 other categories high or above, 1 medium"
        );
    }

    #[test]
    fn every_key_built_at_run_time_exists() {
        for lang in [Lang::En, Lang::Fr] {
            for band in Band::ALL {
                assert_ne!(lang.band(band), "?", "band.{}", band.id());
            }
            for category in Category::ALL {
                assert_ne!(lang.category(category), "?", "cat.{}", category.id());
            }
            for tag in crate::model::SensitiveTag::ALL {
                let category = tag.category();
                assert_ne!(
                    lang.category_short(category),
                    "?",
                    "tag_short.{}",
                    category.id()
                );
            }
            for scenario in Scenario::ALL {
                assert_ne!(lang.scenario(scenario), "?", "scenario.{}", scenario.id());
            }
            for provenance in Provenance::ALL {
                assert_ne!(lang.provenance(provenance), "?", "{}", provenance.id());
            }
            for kind in Kind::ALL {
                assert_ne!(lang.kind(kind), "?", "kind.{}", kind.id());
            }
            for code in DiagnosticCode::ALL {
                assert_ne!(
                    lang.t_static(&format!("diag.{}", code.id())),
                    "?",
                    "diag.{}",
                    code.id()
                );
            }
            for driver in [
                Driver::MaxDpc {
                    dpc: 4,
                    cause: DpcCause::Sensitive {
                        kind: Kind::Post,
                        strong: false,
                    },
                },
                Driver::MaxDpc {
                    dpc: 4,
                    cause: DpcCause::Sensitive {
                        kind: Kind::Post,
                        strong: true,
                    },
                },
                Driver::Volume {
                    count: 1,
                    what: "message",
                    threshold: 1,
                },
                Driver::Span {
                    days: 1,
                    threshold: 1,
                },
                Driver::HomeLocation,
                Driver::Confidence {
                    confidence: 0.4,
                    scored: false,
                },
                Driver::Confidence {
                    confidence: 0.9,
                    scored: true,
                },
                Driver::BaseDpc {
                    kind: Kind::Email,
                    dpc: 1,
                },
                Driver::Sensitive {
                    tag: crate::model::SensitiveTag::Health,
                    strong: true,
                    dpc: 4,
                },
                Driver::Sensitive {
                    tag: crate::model::SensitiveTag::Health,
                    strong: false,
                    dpc: 3,
                },
                Driver::PlatformGuess {
                    provenance: Provenance::Inferred,
                },
                Driver::Linked { platforms: 2 },
                Driver::MaxDpc {
                    dpc: 2,
                    cause: DpcCause::Kind(Kind::Email),
                },
                Driver::Corroboration {
                    count: 3,
                    threshold: 3,
                },
                Driver::Minor,
                Driver::Identifiability {
                    ei: 1.0,
                    named: true,
                },
                Driver::Identifiability {
                    ei: 0.75,
                    named: false,
                },
                Driver::Breach {
                    scenario: Scenario::Lost,
                    cb: 0.5,
                },
                Driver::HighestCategory {
                    category: Category::Health,
                    score: 90,
                },
                Driver::Breadth {
                    high: 2,
                    medium: 1,
                    points: 5,
                },
                Driver::Breadth {
                    high: 1,
                    medium: 0,
                    points: 2,
                },
            ]
            .into_iter()
            .chain(
                ["location_point", "activity", "message", "third_party"].map(|what| {
                    Driver::Volume {
                        count: 1,
                        what,
                        threshold: 1,
                    }
                }),
            ) {
                let text = lang.driver(&driver);
                assert!(
                    !text.contains("driver.") && !text.contains("volume.") && !text.contains('?'),
                    "{driver:?}: {text}"
                );
            }
            for factor in [
                NistFactor::Identifiability {
                    ei: 1.0,
                    named: true,
                },
                NistFactor::Quantity {
                    records: 1,
                    third_party: 2,
                },
                NistFactor::FieldSensitivity {
                    dpc: 4,
                    category: Some(Category::Health),
                },
                NistFactor::ContextOfUse {
                    inferred: 1,
                    observed: 2,
                    received: 3,
                },
                NistFactor::Obligations {
                    flags: vec![
                        "art9",
                        "art10",
                        "identity_document",
                        "payment_card",
                        "credentials",
                    ],
                },
                NistFactor::Obligations { flags: vec![] },
                NistFactor::Access {
                    scenario: Scenario::Shared,
                },
            ] {
                let text = lang.nist_factor(&factor);
                assert!(
                    !text.contains("nist.") && !text.contains('?'),
                    "{factor:?}: {text}"
                );
            }
            for criterion in crate::risk::officer::WP248_CRITERIA {
                assert_ne!(lang.wp248(criterion), "?", "wp248.{criterion}");
            }
            for level in [NistLevel::Low, NistLevel::Moderate, NistLevel::High] {
                assert_ne!(lang.nist_level(level), "?");
            }
        }
    }

    #[test]
    fn diagnostics_are_worded_per_language_and_keep_their_detail() {
        for code in DiagnosticCode::ALL {
            // The English row is the code's own description: the two cannot drift apart.
            assert_eq!(Lang::En.t(&format!("diag.{}", code.id())), code.describe());
        }
        let code = DiagnosticCode::PartsMissing;
        let message = format!("{} (#1)", code.describe());
        let fr = Lang::Fr.diagnostic(code, &message);
        assert!(fr.starts_with("des parties de cet export"), "{fr}");
        assert!(fr.ends_with("(#1)"), "{fr}");
        assert_eq!(Lang::En.diagnostic(code, &message), message);
        let counted = format!("3: {}", DiagnosticCode::MediaSkipped.describe());
        assert!(
            Lang::Fr
                .diagnostic(DiagnosticCode::MediaSkipped, &counted)
                .starts_with("3 : les photos")
        );
    }

    #[test]
    fn error_messages_are_worded_in_each_language_around_their_values() {
        use crate::error::AuditError as E;
        let kind = std::io::ErrorKind::PermissionDenied;
        let every = [
            E::InputNotFound,
            E::InputUnreadable(kind),
            E::ArchiveCorrupt,
            E::ArchiveTruncated { members_read: 41 },
            E::TooManyEntries { limit: 11 },
            E::MemberTooLarge { limit: 12 },
            E::RatioExceeded { limit: 13 },
            E::TotalBudgetExceeded { limit: 14 },
            E::NestingTooDeep { limit: 15 },
            E::NestedArchiveTooLarge { limit: 16 },
            E::TooManyNestedArchives { limit: 17 },
            E::Encrypted,
            E::DuplicateNames { hidden: 18 },
            E::OverlappingMember,
            E::UnsupportedCompression,
            E::MemberCorrupt,
            E::Io(kind),
            E::MalformedJson {
                line: 19,
                column: 20,
            },
            E::JsonTooDeep,
            E::MalformedCsv { record: 21 },
            E::UnexpectedShape,
            E::InvalidUtf8,
        ];
        for err in every {
            let diagnostic = Diagnostic {
                code: err.code(),
                file: None,
                message: err.to_string(),
                error_params: Some(err.params()),
            };
            // The English row is the error's own message: the two cannot drift apart.
            assert_eq!(Lang::En.diagnostic_of(&diagnostic), err.to_string());
            let fr = Lang::Fr.diagnostic_of(&diagnostic);
            assert_ne!(fr, err.to_string(), "{err:?} has a French row");
            for param in err.params() {
                assert!(fr.contains(&param), "{fr} keeps {param}");
            }
            assert!(!fr.contains("{}"), "{fr}");
        }
    }

    #[test]
    fn numbers_and_days_in_each_language() {
        assert_eq!(Lang::En.int(1234567), "1,234,567");
        assert_eq!(Lang::Fr.int(1234), "1\u{202f}234");
        assert_eq!(Lang::Fr.int(12), "12");
        assert_eq!(Lang::Fr.day("2024-06-01T14:50:00Z"), "01/06/2024");
        assert_eq!(Lang::En.day("2024-06-01T14:50:00Z"), "2024-06-01");
        assert_eq!(Lang::Fr.count(1, "file"), "1 fichier");
        assert_eq!(Lang::Fr.count(0, "file"), "0 fichier");
        assert_eq!(Lang::En.count(0, "file"), "0 files");
        assert_eq!(
            Lang::Fr.categories_line(1, 3),
            "1 catégorie très élevée, 3 élevées"
        );
        assert_eq!(
            Lang::Fr.categories_line(2, 1),
            "2 catégories très élevées, 1 élevée"
        );
        assert_eq!(
            Lang::Fr.diagnostic(
                DiagnosticCode::MediaSkipped,
                &format!("3: {}", DiagnosticCode::MediaSkipped.describe())
            ),
            format!(
                "3 : {}",
                Lang::Fr.diagnostic_text(DiagnosticCode::MediaSkipped)
            )
        );
    }

    #[test]
    fn formats_in_both_languages_and_falls_back() {
        assert_eq!(
            Lang::En.categories_line(2, 6),
            "2 categories very high, 6 high"
        );
        assert_eq!(Lang::Fr.band(Band::VeryHigh), "très élevé");
        assert_eq!(Lang::Fr.t("no.such.key"), "no.such.key");
        let formula = Driver::Formula {
            dpc: 4,
            ei: 1.0,
            cb: 0.5,
            se: 4.5,
            score: 90,
        };
        assert_eq!(
            Lang::En.driver(&formula),
            "SE = 4 × 1.00 + 0.50 = 4.50 → score 90"
        );
        assert_eq!(
            Lang::Fr.driver(&formula),
            "SE = 4 × 1,00 + 0,50 = 4,50 → score 90"
        );
        assert_eq!(Lang::Fr.percent(0.424), "42\u{a0}%");
    }
}

//! Report strings in English and French (`strings.tsv`, embedded), and the wording of the risk
//! model's drivers. A string missing in French falls back to English, a missing key to the key
//! itself; a unit test checks that every key the code builds exists in both languages.
//! Strings are the tool's own words: they never carry a value from an export.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::data::{self, Layout, Table};
use crate::model::{Category, DiagnosticCode, Kind, Provenance};
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

    pub fn scenario(self, scenario: Scenario) -> &'static str {
        self.t_static(&format!("scenario.{}", scenario.id()))
    }

    /// A kind of data as the tables name it ("search", "recherche").
    pub fn kind(self, kind: Kind) -> &'static str {
        self.t_static(&format!("kind.{}", kind.id()))
    }

    /// A diagnostic's message in this language: the code's description is translated, what the
    /// message adds around it (a count, a detail in parentheses) is kept.
    pub fn diagnostic(self, code: DiagnosticCode, message: &str) -> String {
        let described = code.describe();
        let translated = self.t_static(&format!("diag.{}", code.id()));
        if translated == "?" {
            return message.to_string();
        }
        message.replacen(described, translated, 1)
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

    /// One driver of a category's score, worded.
    pub fn driver(self, driver: &Driver) -> String {
        match driver {
            Driver::MaxDpc { dpc, cause } => {
                let why = match cause {
                    DpcCause::Kind(kind) => self.f("driver.kind", &[&kind.id()]),
                    DpcCause::Sensitive { kind, strong } => {
                        let key = if *strong {
                            "driver.sensitive_strong"
                        } else {
                            "driver.sensitive_weak"
                        };
                        self.f(key, &[&kind.id()])
                    }
                };
                self.f("driver.max_dpc", &[dpc, &why])
            }
            Driver::Volume {
                count,
                what,
                threshold,
            } => self.f("driver.volume", &[count, what, threshold]),
            Driver::Span { days, threshold } => self.f("driver.span", &[days, threshold]),
            Driver::HomeLocation => self.t("driver.home").to_string(),
            Driver::Formula { dpc, ei, cb, se } => self.f(
                "driver.formula",
                &[
                    dpc,
                    &format!("{ei:.2}"),
                    &format!("{cb:.2}"),
                    &format!("{se:.2}"),
                ],
            ),
        }
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

static STRINGS: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        load_strings(include_str!("strings.tsv"))
            .rows
            .into_iter()
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
    fn every_key_built_at_run_time_exists() {
        for lang in [Lang::En, Lang::Fr] {
            for band in Band::ALL {
                assert_ne!(lang.band(band), "?", "band.{}", band.id());
            }
            for category in Category::ALL {
                assert_ne!(lang.category(category), "?", "cat.{}", category.id());
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
            ] {
                assert!(!lang.driver(&driver).contains("driver."), "{driver:?}");
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
                .starts_with("3: les photos")
        );
    }

    #[test]
    fn formats_in_both_languages_and_falls_back() {
        assert_eq!(
            Lang::En.f("categories_line", &[&2, &6]),
            "2 categories very high, 6 high"
        );
        assert_eq!(Lang::Fr.band(Band::VeryHigh), "très élevé");
        assert_eq!(Lang::Fr.t("no.such.key"), "no.such.key");
        assert_eq!(
            Lang::En.driver(&Driver::Formula {
                dpc: 4,
                ei: 1.0,
                cb: 0.5,
                se: 4.5
            }),
            "SE = 4 × 1.00 + 0.50 = 4.50"
        );
    }
}

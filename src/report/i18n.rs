//! Report strings in English and French (`strings.tsv`, embedded). A missing key falls back to
//! English, then to the key itself; a unit test checks every key has both languages.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum, Default)]
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

    /// The string for `key`.
    pub fn t(self, key: &str) -> &'static str {
        let Some((en, fr)) = STRINGS.get(key) else {
            return "?";
        };
        match self {
            Lang::En => en,
            Lang::Fr => fr,
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

    pub(crate) fn driver_kind(self, kind: Kind) -> String {
        self.f("driver.kind", &[&kind.id()])
    }
    pub(crate) fn driver_sensitive(self, kind: Kind, strong: bool) -> String {
        let key = if strong {
            "driver.sensitive_strong"
        } else {
            "driver.sensitive_weak"
        };
        self.f(key, &[&kind.id()])
    }
    pub(crate) fn driver_max_dpc(self, dpc: u8, why: &str) -> String {
        self.f("driver.max_dpc", &[&dpc, &why])
    }
    pub(crate) fn driver_volume(self, n: u64, what: &str, threshold: u64) -> String {
        self.f("driver.volume", &[&n, &what, &threshold])
    }
    pub(crate) fn driver_span(self, days: i64, threshold: i64) -> String {
        self.f("driver.span", &[&days, &threshold])
    }
    pub(crate) fn driver_home(self) -> String {
        self.t("driver.home").to_string()
    }
}

static STRINGS: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        include_str!("strings.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?, (cols.next()?, cols.next()?)))
            })
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_both_languages_and_matching_placeholders() {
        for line in include_str!("strings.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<_> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "row {line}");
            assert!(!cols[1].is_empty() && !cols[2].is_empty(), "row {line}");
            assert_eq!(
                cols[1].matches("{}").count(),
                cols[2].matches("{}").count(),
                "row {line}"
            );
        }
    }

    #[test]
    fn formats_in_both_languages() {
        assert_eq!(
            Lang::En.f("categories_line", &[&2, &6]),
            "2 categories very high, 6 high"
        );
        assert_eq!(Lang::Fr.t("band.very_high"), "très élevé");
        assert_eq!(Lang::En.t("no.such.key"), "?");
    }
}

//! Month names and abbreviations per language (`months.tsv`), lower-case, without a final dot:
//! the dates Meta and Google print in HTML pages and the dates of birth written in free text
//! are read with the same table. Must never: give a name two months (tested).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::data::{self, Layout, Table};

static MONTHS: LazyLock<HashMap<String, u8>> =
    LazyLock::new(|| load(include_str!("months.tsv")).rows.into_iter().collect());

fn load(text: &'static str) -> Table<(String, u8)> {
    data::load(Layout::new("months.tsv", 3), text, |cols| {
        let month: u8 = cols[1]
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| format!("month must be 1 to 12, not {:?}", cols[1]))?;
        let name = data::non_empty(cols[2], "name")?;
        Ok((name.trim().trim_end_matches('.').to_lowercase(), month))
    })
}

/// The month (1 to 12) a name or abbreviation stands for, in any case, a final dot ignored.
pub fn month_number(name: &str) -> Option<u8> {
    let bare = name.trim_end_matches('.');
    match MONTHS.get(bare) {
        Some(&month) => Some(month),
        None => MONTHS.get(&bare.to_lowercase()).copied(),
    }
}

/// Every name of the table (lower case).
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    MONTHS.keys().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_table_loads_and_rejects_bad_rows() {
        let table = load(include_str!("months.tsv"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        let bad = load("en\t1\tJan\nen\t13\tX\nen\t2\n");
        assert_eq!(bad.rows.len(), 1);
        assert_eq!(bad.errors.len(), 2);
        // A name means one month in every language.
        let mut seen = HashMap::new();
        for (name, month) in table.rows {
            assert_eq!(*seen.entry(name.clone()).or_insert(month), month, "{name}");
        }
    }

    #[test]
    fn names_are_read_in_any_case_with_or_without_a_dot() {
        assert_eq!(month_number("mars"), Some(3));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("DÉCEMBRE"), Some(12));
        assert_eq!(month_number("März"), Some(3));
        assert_eq!(month_number("lundi"), None);
    }
}

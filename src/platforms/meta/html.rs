//! Meta's HTML flavour (Facebook and Instagram, formats/meta.md §5 and §8): every record of a
//! page as an [`HtmlRecord`] (title, body text, label/value rows, links, time), whatever the era's
//! markup — `section._a6-g` (2024+), `div._a6-g` (2022–23, Instagram), `div.pam.uiBoxWhite`
//! (2019–22) — plus the dates Meta prints (`Jun 04, 2025 6:46:10 pm`, `14 janv. 2020, 13:45`,
//! `Oct 19, 2019 at 2:37 PM`), with month names in several languages (`months.tsv`).
//!
//! Class names are matched by containment, never by full class lists. Records are returned to
//! parsers; nothing here prints a value.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use crate::data::{self, Layout, Table};

/// One record of a Meta HTML page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlRecord {
    /// The heading: a name, a sender, a list title.
    pub title: Option<String>,
    /// Text of the body, without the rows, the heading and the date.
    pub text: Vec<String>,
    /// Label/value rows (`td._a6_q` + next cell; Instagram `div._a6-q` + value).
    pub fields: Vec<(String, String)>,
    /// Link targets inside the record.
    pub links: Vec<String>,
    /// The printed date, as written.
    pub date: Option<String>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

/// Record containers of every era, newest first.
static CONTAINER: LazyLock<Selector> =
    LazyLock::new(|| selector("section._a6-g, div._a6-g, div.pam.uiBoxWhite, div.pam._3-95"));
static TITLE: LazyLock<Selector> =
    LazyLock::new(|| selector("h2, div._a6-h, div._2lel, div._2pim, div._3b0d"));
static DATE: LazyLock<Selector> =
    LazyLock::new(|| selector("div._a72d, div._a6-o, div._2lem, footer"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("div._a6-p, div._2let"));
static ROW: LazyLock<Selector> = LazyLock::new(|| selector("tr"));
static CELL: LazyLock<Selector> = LazyLock::new(|| selector("td"));
static LINK: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));
static LABEL_DIV: LazyLock<Selector> = LazyLock::new(|| selector("div._a6-q"));

fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

/// Every leaf record of a page (a container with no container inside), in document order.
pub fn records(doc: &Html) -> Vec<HtmlRecord> {
    doc.select(&CONTAINER)
        .filter(|c| c.select(&CONTAINER).next().is_none())
        .map(record)
        .collect()
}

fn record(container: ElementRef<'_>) -> HtmlRecord {
    let mut out = HtmlRecord {
        title: container
            .select(&TITLE)
            .next()
            .map(text_of)
            .filter(|t| !t.is_empty()),
        date: container
            .select(&DATE)
            .next()
            .map(text_of)
            .filter(|t| !t.is_empty()),
        ..HtmlRecord::default()
    };
    let mut in_rows: Vec<String> = Vec::new();
    for row in container.select(&ROW) {
        let cells: Vec<ElementRef> = row.select(&CELL).collect();
        let row_text = text_of(row);
        in_rows.push(row_text.clone());
        match cells.as_slice() {
            [label, value, ..] => {
                let (label, value) = (text_of(*label), text_of(*value));
                if !label.is_empty() && !value.is_empty() {
                    out.fields.push((label, value));
                }
            }
            [single] => {
                // Instagram: `div._a6-q` label, then the value in the next div.
                let label = single.select(&LABEL_DIV).next().map(text_of);
                let full = text_of(*single);
                match label {
                    Some(label) if full.len() > label.len() => {
                        let value = full[label.len()..].trim().to_string();
                        out.fields.push((label, value));
                    }
                    _ if !full.is_empty() && has_class(*single, "_a6_q") => {
                        // A link cell: the anchor text is the value.
                        out.fields.push(("URL".to_string(), full));
                    }
                    _ => {}
                }
            }
            [] => {}
        }
    }
    for link in container.select(&LINK) {
        if let Some(href) = link.value().attr("href") {
            out.links.push(href.to_string());
        }
    }
    for body in container.select(&BODY) {
        let mut text = text_of(body);
        for row in &in_rows {
            if !row.is_empty() {
                text = text.replacen(row.as_str(), " ", 1);
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.text.push(text);
        }
    }
    out
}

/// Month names and abbreviations per language (`months.tsv`), lower-case, without a final dot.
static MONTHS: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    load_months(include_str!("months.tsv"))
        .rows
        .into_iter()
        .collect()
});

fn load_months(text: &'static str) -> Table<(String, u8)> {
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

/// A date as Meta prints it, read as a wall-clock time: `(year, month, day, hour, minute,
/// second)`. The zone is not printed; the caller decides which one applies.
pub fn parse_date(text: &str) -> Option<(i16, i8, i8, i8, i8, i8)> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut clock: Option<(i8, i8, i8)> = None;
    let mut pm = None;
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let lower = token.to_lowercase();
        let bare = lower.trim_end_matches('.');
        if let Some((h, rest)) = bare.split_once(':') {
            let mut parts = rest.split(':');
            let h: i8 = h.parse().ok()?;
            let m: i8 = parts.next()?.get(..2)?.parse().ok()?;
            let s: i8 = parts
                .next()
                .and_then(|s| s.get(..2)?.parse().ok())
                .unwrap_or(0);
            clock = Some((h, m, s));
            if bare.ends_with("pm") {
                pm = Some(true);
            } else if bare.ends_with("am") {
                pm = Some(false);
            }
        } else if matches!(bare, "am" | "a" | "vorm") {
            pm = Some(false);
        } else if matches!(bare, "pm" | "p" | "nachm") {
            pm = Some(true);
        } else if let Ok(n) = bare.parse::<u16>() {
            if n >= 1000 {
                year = Some(n as i16);
            } else if (1..=31).contains(&n) && day.is_none() {
                day = Some(n as i8);
            }
        } else if let Some(m) = MONTHS.get(bare) {
            month = Some(*m as i8);
        }
    }
    let (mut hour, minute, second) = clock.unwrap_or((0, 0, 0));
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let (year, month, day) = (year?, month?, day?);
    (hour < 24 && minute < 60 && second < 60).then_some((year, month, day, hour, minute, second))
}

/// Unix seconds of a printed date read in UTC (callers shift it when the account's zone is known).
pub fn date_seconds(text: &str) -> Option<i64> {
    let (y, mo, d, h, mi, s) = parse_date(text)?;
    let civil = jiff::civil::DateTime::new(y, mo, d, h, mi, s, 0).ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_of_the_2024_markup() {
        let doc = Html::parse_document(
            r#"<main><section class="_a6-g"><h2 class="_2ph_ _a6-h _a6-i">Ava Tester</h2>
            <div class="_2ph_ _a6-p"><div><div></div><div>a post text</div></div>
            <table><tr><td class="_a6_q">Action</td><td class="_a6_r">Clicked ad</td></tr>
            <tr><td class="_a6_q" colspan="2"><a href="https://example.test">example.test</a></td></tr></table></div>
            <footer class="_3-94 _a6-o"><div class="_a72d">Jun 04, 2025 6:46:10 pm</div></footer></section></main>"#,
        );
        let records = records(&doc);
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r.title.as_deref(), Some("Ava Tester"));
        assert_eq!(r.text, ["a post text"]);
        assert_eq!(
            r.fields,
            [
                ("Action".to_string(), "Clicked ad".to_string()),
                ("URL".to_string(), "example.test".to_string())
            ]
        );
        assert_eq!(r.links, ["https://example.test"]);
        assert_eq!(date_seconds(r.date.as_deref().unwrap()), Some(1749062770));
    }

    #[test]
    fn reads_records_of_the_2019_markup() {
        let doc = Html::parse_document(
            r#"<div class="_4t5n"><div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder">
            <div class="_3-96 _2pio _2lek _2lel">Ben Sample</div><div class="_3-96 _2let">hello</div>
            <div class="_3-94 _2lem">Jan 14, 2020, 1:45 PM</div></div></div>"#,
        );
        let r = &records(&doc)[0];
        assert_eq!(r.title.as_deref(), Some("Ben Sample"));
        assert_eq!(r.text, ["hello"]);
        assert_eq!(r.date.as_deref().and_then(date_seconds), Some(1579009500));
    }

    #[test]
    fn dates_in_several_languages_and_orders() {
        let at = |t: &str| parse_date(t).map(|(y, mo, d, h, mi, _)| (y, mo, d, h, mi));
        assert_eq!(at("Oct 19, 2019 at 2:37 PM"), Some((2019, 10, 19, 14, 37)));
        assert_eq!(at("19 Oct 2019, 14:37"), Some((2019, 10, 19, 14, 37)));
        assert_eq!(at("14 janv. 2020, 13:45"), Some((2020, 1, 14, 13, 45)));
        assert_eq!(at("mrt 02, 2026 4:57:45 pm"), Some((2026, 3, 2, 16, 57)));
        assert_eq!(at("Aug 17, 2025 12:23 am"), Some((2025, 8, 17, 0, 23)));
        assert_eq!(at("no date here"), None);
    }

    #[test]
    fn the_month_table_loads_and_rejects_bad_rows() {
        let table = load_months(include_str!("months.tsv"));
        assert!(table.errors.is_empty(), "{}", table.error_text());
        let bad = load_months("en\t1\tJan\nen\t13\tX\nen\t2\n");
        assert_eq!(bad.rows.len(), 1);
        assert_eq!(bad.errors.len(), 2);
    }
}
